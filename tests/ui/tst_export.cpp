// Exports of the graph scenes: the files parse (PNG size, SVG as XML, PDF header and
// trailer), the overlay's colours land where the boxes are, failures leave no file behind.

#include "graphview.h"
#include "meshpalette.h"
#include "overlay.h"
#include "sceneexport.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

SnapshotPtr failingMesh()
{
    SnapshotData data = test::snapshotFromText(u"d1/orders: a->b; d2/billing: c->d; b->c"_s);
    for (SnapshotNode &n : data.nodes) {
        if (n.kind == EntityKind::Dataset)
            n.quality = data.strings.string(n.key).endsWith(u'a') ? HealthState::Fail : HealthState::Pass;
    }
    return SnapshotGraph::build(std::move(data));
}

// Four domains of six products, no edge between domains (nothing crosses a domain's box).
SnapshotPtr fourDomains()
{
    QString text;
    for (const QString &domain : {u"north"_s, u"south"_s, u"east"_s, u"west"_s})
        for (int i = 0; i < 6; ++i)
            text += u"%1/p%2: %1%2x->%1%2y;"_s.arg(domain).arg(i);
    return test::graphFromText(text);
}

bool near(QColor a, QColor b, int tolerance = 3)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

}  // namespace

class TestExport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void formatsFromNames()
    {
        ExportFormat f = ExportFormat::Png;
        QVERIFY(exportFormatForPath(u"/x/mesh.SVG"_s, &f));
        QCOMPARE(f, ExportFormat::Svg);
        QVERIFY(exportFormatForPath(u"mesh.pdf"_s, &f));
        QCOMPARE(f, ExportFormat::Pdf);
        QVERIFY(!exportFormatForPath(u"mesh.gif"_s, &f));
        QVERIFY(!exportFormatForPath(u"mesh"_s, &f));
        QVERIFY(parseExportFormat(u"PNG", &f));
        QCOMPARE(f, ExportFormat::Png);
    }

    void pngHasTheSizeAndTheOverlayColours()
    {
        const SnapshotPtr g = failingMesh();
        GraphView view;
        view.resize(1200, 800);
        view.setSnapshot(g);
        view.setOverlay(OverlayKind::Quality);
        ExportOptions options;
        options.path = m_dir.filePath(u"map.png"_s);
        options.pngWidth = 1000;
        options.overlay = OverlayKind::Quality;
        const Status done = exportScene(*view.scene(), options);
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.errorMessage()));
        QImage image(options.path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), 1000);
        // The picture is the scene (plus room for the legend) at 1000 / width pixels a unit.
        const QRectF scene = view.scene()->sceneRect();
        const qreal scale = 1000.0 / scene.width();
        QVERIFY(image.height() > int(scene.height() * scale));
        // The failing product's box is reddish at its place in the picture, the passing one
        // is not.
        const auto pixelInBox = [&](const char *key) {
            const QRectF box = view.itemForNode(*g->find(key))->sceneBoundingRect();
            const QPointF p((box.left() + box.width() * 0.7 - scene.left()) * scale,
                            (box.bottom() - 8 - scene.top()) * scale);
            return image.pixel(p.toPoint());
        };
        const QRgb bad = pixelInBox("product:d1.orders");
        const QRgb good = pixelInBox("product:d2.billing");
        QVERIFY2(qRed(bad) > qGreen(bad) + 25, qPrintable(QColor(bad).name()));
        QVERIFY2(qGreen(good) > qRed(good) + 15, qPrintable(QColor(good).name()));
        // And the legend's Fail swatch is in the picture.
        int red = 0;
        for (int y = image.height() - 200; y < image.height(); ++y) {
            for (int x = 0; x < 300; ++x)
                red += image.pixel(x, y) == palette::healthColor(HealthState::Fail).rgb();
        }
        QVERIFY(red > 20);
    }

    void domainMapPngHasTheDomainNames()
    {
        // Two domains of many products: exported small, the picture is the domain map, whose
        // boxes carry no text; the names are painted over them as on screen.
        QString text;
        for (const QString &domain : {u"alpha"_s, u"beta"_s})
            for (int i = 0; i < 30; ++i)
                text += u"%1/p%2: %1%2x->%1%2y;"_s.arg(domain).arg(i);
        const SnapshotPtr g = test::graphFromText(text);
        GraphView view;
        view.resize(1200, 800);
        view.setSnapshot(g);
        const QRectF scene = view.scene()->sceneRect();
        const qreal scale = 0.06;  // below the domain map's 0.09
        ExportOptions options;
        options.pngWidth = int(scene.width() * scale);
        options.foreground = [&view](QPainter *painter, const QRectF &rect, qreal s) {
            view.paintSceneForeground(painter, rect, s);
        };
        options.path = m_dir.filePath(u"domains.png"_s);
        QVERIFY(exportScene(*view.scene(), options).ok());
        // The same without the view's foreground: the domain map's bare boxes.
        ExportOptions bare = options;
        bare.foreground = {};
        bare.path = m_dir.filePath(u"bare.png"_s);
        QVERIFY(exportScene(*view.scene(), bare).ok());
        const QImage labelled(options.path), plain(bare.path);
        QCOMPARE(labelled.size(), plain.size());
        // Around the middle of alpha's box the label's light backing and its dark letters
        // stand out from the box's mid tint.
        const QRectF box = view.itemForNode(*g->find("domain:alpha"))->sceneBoundingRect();
        const QPoint c = ((box.center() - scene.topLeft()) * (qreal(options.pngWidth) / scene.width())).toPoint();
        int lighter = 0, darker = 0;
        for (int y = c.y() - 5; y <= c.y() + 5; ++y) {
            for (int x = c.x() - 18; x <= c.x() + 18; ++x) {
                const int with = labelled.pixelColor(x, y).lightness(), without = plain.pixelColor(x, y).lightness();
                lighter += with > without + 20;
                darker += with < without - 60;
            }
        }
        QVERIFY2(lighter > 60 && darker > 10, qPrintable(u"lighter %1, darker %2"_s.arg(lighter).arg(darker)));
        // Away from the label (a corner of the box) the picture is the same.
        const QPoint corner = ((box.topLeft() + QPointF(box.width() * 0.1, box.height() * 0.8) - scene.topLeft())
                               * (qreal(options.pngWidth) / scene.width())).toPoint();
        QVERIFY(std::abs(labelled.pixelColor(corner).lightness() - plain.pixelColor(corner).lightness()) <= 3);
    }

    // meshlens-cli export uses a view that is never shown. Such a view keeps a viewport of
    // about 640x480 whatever resize() says, so the map was shaped for that; sized offscreen,
    // it is laid out exactly as in a shown window of that size.
    void offscreenViewIsShapedLikeAWindow()
    {
        const SnapshotPtr g = fourDomains();
        GraphView shown;
        shown.resize(1600, 1000);
        shown.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shown));
        shown.setSnapshot(g);
        GraphView hidden;
        sizeViewOffscreen(hidden, QSize(1600, 1000));
        QVERIFY(!hidden.isVisible());
        QCOMPARE(hidden.viewport()->size(), QSize(1600, 1000));
        hidden.setSnapshot(g);
        QCOMPARE(hidden.scene()->sceneRect(), shown.scene()->sceneRect());
        QCOMPARE(hidden.currentScale(), shown.currentScale());  // fitted alike
        GraphView resized;  // what the export did
        resized.resize(1600, 1000);
        QVERIFY(resized.viewport()->width() < 1000);
    }

    // The mesh map exported at a zoom is what the window draws at that zoom, whatever the
    // view's own zoom: at 0.06x the domain map (each domain box filled with its tinted
    // colour), at 0.5x the product cards. The picture is the scene at that zoom plus the
    // legend's room.
    void pngAtALevelHasItsSizeAndColours()
    {
        const SnapshotPtr g = fourDomains();
        GraphView view;
        sizeViewOffscreen(view, QSize(1600, 1000));
        view.setSnapshot(g);
        const QRectF scene = view.scene()->sceneRect();
        const qreal legend = legendSize(OverlayKind::Domain, QString()).height();
        const NodeId north = *g->find("domain:north"), p3 = *g->find("product:north.p3");
        const QColor northColor = palette::domainColorFor(*g, north);
        const auto exportAt = [&](qreal zoom, bool hook) {
            ExportOptions options;
            options.zoom = zoom;
            options.path = m_dir.filePath(u"level-%1-%2.png"_s.arg(zoom).arg(hook));
            if (hook)
                options.levelOfDetail = [&view](qreal s) { view.showLevelOfDetail(s); };
            const Status done = exportScene(*view.scene(), options);
            view.showLevelOfDetail(view.currentScale());
            return done.ok() ? QImage(options.path) : QImage();
        };
        const auto at = [&](const QImage &image, qreal zoom, QPointF scenePoint) {
            return image.pixelColor(((scenePoint - scene.topLeft()) * zoom).toPoint());
        };

        view.setScale(0.5);  // the window on the products; the export asks for the domain map
        QImage image = exportAt(0.06, true);
        QCOMPARE(image.width(), int(std::ceil(scene.width() * 0.06)));
        QCOMPARE(image.height(), int(std::ceil((scene.height() + legend / 0.06) * 0.06)));
        const QRectF northBox = view.itemForNode(north)->sceneBoundingRect();
        const QColor domainFill = graphstyle::tint(northColor, 0.35);
        QVERIFY2(near(at(image, 0.06, northBox.center()), domainFill),
                 qPrintable(at(image, 0.06, northBox.center()).name() + u" vs "_s + domainFill.name()));
        const QRectF card = view.itemForNode(p3)->sceneBoundingRect().adjusted(4, 4, -4, -4);
        QVERIFY(near(at(image, 0.06, card.center()), domainFill));  // no product box

        view.setScale(0.05);  // the window on the domain map; the export asks for products
        image = exportAt(0.5, true);
        QCOMPARE(image.width(), int(std::ceil(scene.width() * 0.5)));
        const QPointF inCard(card.left() + card.width() * 0.7, card.bottom() - 5);
        const QColor cardFill = graphstyle::tint(northColor, 0.16);
        QVERIFY2(near(at(image, 0.5, inCard), cardFill),
                 qPrintable(at(image, 0.5, inCard).name() + u" vs "_s + cardFill.name()));
        // Without the hook the scene keeps the window's level: no products in the picture.
        image = exportAt(0.5, false);
        QVERIFY(!near(at(image, 0.5, inCard), cardFill));
    }

    void svgIsXmlWithTheNames()
    {
        GraphView view;
        view.resize(1200, 800);
        view.setSnapshot(failingMesh());
        ExportOptions options;
        options.format = ExportFormat::Svg;
        options.path = m_dir.filePath(u"map.svg"_s);
        options.title = u"A & B"_s;
        QVERIFY(exportScene(*view.scene(), options).ok());
        QFile file(options.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QStringList texts;
        bool sawSvg = false;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                sawSvg |= xml.name() == u"svg"_s;
                if (xml.name() == u"text"_s)
                    texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);
        QVERIFY2(texts.contains(u"orders"_s), qPrintable(texts.join(u'|')));
        QVERIFY(texts.contains(u"billing"_s));
    }

    void pdfHasHeaderAndTrailer()
    {
        GraphView view;
        view.resize(1200, 800);
        view.setSnapshot(failingMesh());
        ExportOptions options;
        options.format = ExportFormat::Pdf;
        options.path = m_dir.filePath(u"map.pdf"_s);
        QVERIFY(exportScene(*view.scene(), options).ok());
        QFile file(options.path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF-1."));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        QVERIFY(bytes.contains("/Type /Page"));
    }

    void failuresLeaveNoFile()
    {
        GraphView view;
        view.resize(1200, 800);
        view.setSnapshot(failingMesh());
        ExportOptions options;
        options.path = m_dir.filePath(u"no/such/folder/map.png"_s);
        Status done = exportScene(*view.scene(), options);
        QVERIFY(!done.ok());
        QVERIFY(done.errorMessage().contains(options.path));

        // Too many pixels: refused with the numbers, and nothing written.
        options.path = m_dir.filePath(u"huge.png"_s);
        options.pngWidth = kMaxPngSide;
        QGraphicsScene tall;
        tall.setSceneRect(0, 0, 100, 100000);
        done = exportScene(tall, options);
        QVERIFY(!done.ok());
        QVERIFY2(done.errorMessage().contains(u"too large"_s), qPrintable(done.errorMessage()));
        QVERIFY(!QFile::exists(options.path));

        // An empty view has nothing to export.
        QGraphicsScene empty;
        options.path = m_dir.filePath(u"empty.png"_s);
        options.pngWidth = 0;
        done = exportScene(empty, options);
        QVERIFY(!done.ok());
        QVERIFY(done.errorMessage().contains(u"empty"_s));
        QVERIFY(!QFile::exists(options.path));
    }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
