// The map (its product levels and its domain map) is painted from tiles (scenetiles.h): the same picture as
// the items drawn in one piece, made once and copied while panning, redrawn where the
// scene changes, and scaled while a zoom is under way.

#include "graphview.h"
#include "layout/focushistory.h"
#include "lineageview.h"
#include "minimap.h"
#include "meshpalette.h"
#include "scenetiles.h"
#include "testsupport.h"

#include <QApplication>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// Three domains of 12 products, each product two datasets, with dependencies inside and
// across domains: a map of about 1,500 x 1,000 scene units.
SnapshotPtr mesh()
{
    QString text;
    for (int d = 1; d <= 3; ++d)
        for (int p = 1; p <= 12; ++p)
            text += u"d%1/p%2: x%1_%2a->x%1_%2b; "_s.arg(d).arg(p);
    for (int p = 1; p <= 12; p += 2)
        text += u"x1_%1b->x2_%1a; x2_%1b->x3_%2a; x3_%1b->x1_%2a; x1_%1b->x1_%2a; "_s.arg(p).arg(p + 1);
    return test::graphFromText(text);
}

// Pixels that differ by more than a rounding error.
int differing(const QImage &a, const QImage &b, const QRect &area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            n += std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                           std::abs(qBlue(p) - qBlue(q))}) > 8;
        }
    return n;
}

// Pixels of the canvas colour, to tell an empty picture from a drawn one.
int drawn(const QImage &image)
{
    int n = 0;
    const QRgb canvas = palette::canvasBackground().rgb();
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += (image.pixel(x, y) & 0xffffff) != (canvas & 0xffffff);
    return n;
}

class ViewFixture
{
public:
    explicit ViewFixture(QSize size)
    {
        view.resize(size);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(graph);
        tiles = view.tiles();
        QVERIFY(tiles);
        tiles->setPrefetch(false);  // counted tiles are those frames asked for
    }
    // What the window shows (from tiles), and the same frame with the items drawn by the
    // view itself.
    QImage tiled()
    {
        QCoreApplication::processEvents();  // the scene reports its changes
        return view.viewport()->grab().toImage();
    }
    QImage direct()
    {
        tiles->setEnabled(false);
        const QImage image = view.viewport()->grab().toImage();
        tiles->setEnabled(true);
        return image;
    }
    // The scene under the viewport painted in one piece, as tiles draw it (no legend).
    QImage onePiece()
    {
        const qreal ratio = view.viewport()->devicePixelRatioF();
        QImage image(view.viewport()->size() * ratio, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(ratio);
        image.fill(palette::canvasBackground());
        QPainter painter(&image);
        painter.setRenderHints(view.renderHints());
        const QRectF visible = view.mapToScene(view.viewport()->rect()).boundingRect();
        SceneTiles::paintScene(&painter, *view.scene(), visible, view.viewportTransform());
        return image;
    }
    // The same with what the view draws over the scene (the domain names), as tiles hold it.
    QImage onePieceWithNames()
    {
        QImage image = onePiece();
        QPainter painter(&image);
        painter.setRenderHints(view.renderHints());
        painter.setTransform(view.viewportTransform());
        view.paintSceneForeground(&painter, view.mapToScene(view.viewport()->rect()).boundingRect(),
                                  view.currentScale());
        return image;
    }
    // A rectangle of the viewport in the pixels of its pictures.
    QRect pixels(const QRect &logical) const
    {
        const qreal ratio = view.viewport()->devicePixelRatioF();
        return QRect((QRectF(logical).topLeft() * ratio).toPoint(), (QSizeF(logical.size()) * ratio).toSize());
    }
    void zoom(qreal scale, QPointF centre)
    {
        view.setScale(scale);
        view.centerOn(centre);
    }

    SnapshotPtr graph = mesh();
    GraphView view;
    SceneTiles *tiles = nullptr;
};

}  // namespace

class TestSceneTiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // With the whole map in view, the view's own drawing and the tiles agree pixel for
    // pixel (every edge has a box in view, so both draw every edge), at an offset that is
    // not a multiple of the tile size.
    void tilesShowWhatTheViewDraws()
    {
        ViewFixture f(QSize(1700, 1200));
        f.zoom(1.0, f.view.sceneRect().center() + QPointF(37, 21));
        QVERIFY(!f.view.showsDomainMap());
        const QImage tiled = f.tiled();
        QVERIFY(f.tiles->tilesMade() > 0);
        const QImage direct = f.direct();
        QVERIFY2(drawn(direct) > 50000, "the map is in view");
        const QRect all = direct.rect();
        QVERIFY2(differing(tiled, direct, all) < 20, qPrintable(QString::number(differing(tiled, direct, all))));
    }

    // Panning copies the tiles it has and draws only those it brings into view; the
    // stitched frame is the scene painted in one piece (here edges pass through tiles
    // with neither of their boxes in them).
    void panDrawsOnlyTheNewTiles()
    {
        ViewFixture f(QSize(700, 500));
        f.zoom(1.0, f.view.sceneRect().center());
        f.tiled();
        const int first = f.tiles->tilesMade();
        QVERIFY2(first >= 6, qPrintable(QString::number(first)));
        // Above the minimap (a child widget in the corner) and below the note.
        const qreal ratio = f.view.viewport()->devicePixelRatioF();  // 2 in the HiDPI run
        const QRect inner(0, int(40 * ratio), int(f.view.viewport()->width() * ratio),
                          int((f.view.minimap()->geometry().top() - 40) * ratio));
        QVERIFY(inner.height() > 200);
        QVERIFY2(differing(f.tiled(), f.onePiece(), inner) < 20, "the tiles stitch together");
        QCOMPARE(f.tiles->tilesMade(), first);  // the same frame again: only copies
        // 300 pixels to the right: at most two new columns of at most 3 tiles.
        f.view.centerOn(f.view.mapToScene(f.view.viewport()->rect().center() + QPoint(300, 0)));
        const QImage panned = f.tiled();
        const int added = f.tiles->tilesMade() - first;
        QVERIFY2(added >= 1 && added <= 6, qPrintable(QString::number(added)));
        QVERIFY2(differing(panned, f.onePiece(), inner) < 20,
                 qPrintable(QString::number(differing(panned, f.onePiece(), inner))));
    }

    // While the event loop is idle, the ring of tiles around the view is made a strip at a
    // time; a pan of a tile's width then draws none.
    void idleTimeMakesTheTilesAroundTheView()
    {
        ViewFixture f(QSize(700, 500));
        f.zoom(1.0, f.view.sceneRect().center());
        f.tiled();
        const int shown = f.tiles->tilesMade();
        f.tiles->setPrefetch(true);
        f.tiled();  // the frame that starts the prefetch
        QTest::qWait(300);
        // 700x500 is 3-4 x 2-3 tiles; with a ring around it 5-6 x 4-5.
        const int ring = f.tiles->tilesMade() - shown;
        QVERIFY2(ring >= 10 && ring <= 2 * 6 + 2 * 3, qPrintable(u"%1 shown, %2 around"_s.arg(shown).arg(ring)));
        const int before = f.tiles->tilesMade();
        f.view.centerOn(f.view.mapToScene(f.view.viewport()->rect().center() + QPoint(SceneTiles::kTileSize, 0)));
        f.tiles->setPrefetch(false);
        const QImage panned = f.tiled();
        QCOMPARE(f.tiles->tilesMade(), before);
        const qreal ratio = f.view.viewport()->devicePixelRatioF();
        const QRect inner(0, int(40 * ratio), int(f.view.viewport()->width() * ratio),
                          int((f.view.minimap()->geometry().top() - 40) * ratio));
        QVERIFY2(differing(panned, f.onePiece(), inner) < 20, "the prefetched tiles are the scene's");
    }

    // The ring's side the view moves towards is drawn first: after a drag to the right the
    // first idle turn draws tiles right of the view, none left of it.
    void theRingAheadOfADragComesFirst()
    {
        ViewFixture f(QSize(700, 500));
        f.zoom(1.0, f.view.sceneRect().center());
        f.tiled();
        f.tiles->setPrefetch(true);
        f.view.centerOn(f.view.mapToScene(f.view.viewport()->rect().center() + QPoint(30, 0)));
        f.view.viewport()->grab();  // a frame after the move
        QVERIFY(f.tiles->prefetchStep());  // one idle turn
        // The columns of tiles just outside the view, on the grid of 256 scene units at 1x.
        const QRectF visible = f.view.mapToScene(f.view.viewport()->rect()).boundingRect();
        const qreal side = SceneTiles::kTileSize;
        const qreal y = visible.center().y();
        const QPointF right((std::floor(visible.right() / side) + 1.5) * side, y);
        const QPointF left((std::floor(visible.left() / side) - 0.5) * side, y);
        QVERIFY(!visible.contains(right) && !visible.contains(left));
        QVERIFY(f.tiles->holds(1.0, right));
        QVERIFY(!f.tiles->holds(1.0, left));
    }

    // A selection redraws the tiles under the product and its edges, not the others,
    // and shows the selection colour; a new overlay redraws everything.
    void changesRedrawTheirTiles()
    {
        ViewFixture f(QSize(1700, 1200));
        f.zoom(1.0, f.view.sceneRect().center());
        f.tiled();
        const int before = f.tiles->tilesMade();
        const std::size_t held = f.tiles->tileCount();
        const NodeId product = test::id(*f.graph, "product:d2.p5");
        QVERIFY(product != kNoNode);
        f.view.selectNode(product);
        const QImage selected = f.tiled();
        const int redrawn = f.tiles->tilesMade() - before;
        QVERIFY2(redrawn > 0 && std::size_t(redrawn) < held,
                 qPrintable(u"%1 of %2"_s.arg(redrawn).arg(held)));
        QVERIFY2(differing(selected, f.direct(), selected.rect()) < 20, "the selection is drawn as the view draws it");
        int blue = 0;
        for (int y = 0; y < selected.height(); ++y)
            for (int x = 0; x < selected.width(); ++x)
                blue += selected.pixel(x, y) == palette::selectionColor().rgb();
        QVERIFY2(blue > 20, "the selected box is outlined in the selection colour");

        const int beforeOverlay = f.tiles->tilesMade();
        f.view.setOverlay(OverlayKind::Quality);
        const QImage quality = f.tiled();
        QVERIFY(f.tiles->tilesMade() - beforeOverlay >= int(held));
        QVERIFY(differing(quality, selected, quality.rect()) > 1000);
        QVERIFY2(differing(quality, f.direct(), quality.rect()) < 20, "recoloured like the view");
    }

    // Mid-zoom the settled zoom's tiles are drawn scaled (none made); once the zoom has
    // stayed put, the new zoom's tiles are made and match the view again.
    void midZoomScalesTheSettledTiles()
    {
        ViewFixture f(QSize(1700, 1200));
        const QPointF centre = f.view.sceneRect().center();
        f.zoom(1.0, centre);
        f.tiled();
        const int settled = f.tiles->tilesMade();
        f.zoom(1.1, centre);
        const QImage midZoom = f.tiled();
        QCOMPARE(f.tiles->tilesMade(), settled);
        QVERIFY2(drawn(midZoom) > 50000, "the scaled tiles are drawn");
        QVERIFY2(differing(midZoom, f.direct(), midZoom.rect()) > 1000, "not yet the new zoom's own picture");
        QTest::qWait(SceneTiles::kSettleMs + 50);
        const QImage after = f.tiled();
        QVERIFY(f.tiles->tilesMade() > settled);
        QVERIFY2(differing(after, f.direct(), after.rect()) < 20,
                 qPrintable(QString::number(differing(after, f.direct(), after.rect()))));
    }

    // The lineage tab is painted from tiles too: the same picture as the view's own, also
    // after a new focus (a new scene).
    void lineageViewIsTiled()
    {
        const SnapshotPtr g = test::graphFromText(
            u"d1/p1: a->b; b->c; b->d; c->e; d->e; d2/p2: e->f; f->g; e->h; a->h"_s);
        LineageView view;
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        QSignalSpy ready(&view, &LineageView::layoutReady);
        FocusStep step;
        step.focusKey = u"dataset:b"_s;
        step.upstreamDepth = kUnlimitedDepth;
        step.downstreamDepth = kUnlimitedDepth;
        view.showStep(step);
        QVERIFY(ready.wait(5000));
        QCoreApplication::processEvents();
        const QImage tiled = view.viewport()->grab().toImage();
        SceneTiles *tiles = view.tiles();
        QVERIFY(tiles->tilesMade() > 0);
        tiles->setEnabled(false);
        const QImage direct = view.viewport()->grab().toImage();
        tiles->setEnabled(true);
        QVERIFY2(drawn(direct) > 5000, "the lineage is in view");
        QVERIFY2(differing(tiled, direct, direct.rect()) < 20,
                 qPrintable(QString::number(differing(tiled, direct, direct.rect()))));
        step.focusKey = u"dataset:f"_s;
        step.upstreamDepth = 1;
        step.downstreamDepth = 1;
        view.showStep(step);
        QVERIFY(ready.wait(5000));
        QCoreApplication::processEvents();
        const QImage next = view.viewport()->grab().toImage();
        tiles->setEnabled(false);
        const QImage nextDirect = view.viewport()->grab().toImage();
        tiles->setEnabled(true);
        QVERIFY2(differing(next, tiled, next.rect()) > 1000, "another focus, another picture");
        QVERIFY2(differing(next, nextDirect, next.rect()) < 20,
                 qPrintable(QString::number(differing(next, nextDirect, next.rect()))));
    }

    // When a zoom comes to rest, the last zoom's tiles stand in, scaled, and idle turns draw
    // the new ones: the frame that ends the zoom draws no tile, and the picture sharpens
    // into the view's own.
    void theEndOfAZoomIsDrawnInIdleTurns()
    {
        ViewFixture f(QSize(900, 600));
        f.tiles->setPrefetch(true);
        const QPointF centre = f.view.sceneRect().center();
        f.zoom(1.0, centre);
        f.tiled();
        QTest::qWait(300);  // the ring around the view
        f.zoom(1.1, centre);
        f.tiled();  // mid-zoom
        // The zoom stays put, with no event loop (no idle turn) before the next frame.
        QThread::msleep(SceneTiles::kSettleMs + 20);
        const int before = f.tiles->tilesMade();
        const QImage rested = f.view.viewport()->grab().toImage();
        QCOMPARE(f.tiles->tilesMade(), before);
        QVERIFY2(drawn(rested) > 50000, "the stand-ins are drawn");
        // Compared with the scene painted in one piece, away from the note and the minimap.
        const qreal ratio = f.view.viewport()->devicePixelRatioF();
        const QRect inner(0, int(40 * ratio), int(f.view.viewport()->width() * ratio),
                          int((f.view.minimap()->geometry().top() - 40) * ratio));
        QVERIFY2(differing(rested, f.onePiece(), inner) > 1000, "not yet the zoom's own picture");
        // Stand-ins only where the zoom came to rest: moved from there, the frame draws the
        // tiles it shows (here a pan of 40 pixels, before any idle turn).
        const QPointF restedAt = f.view.mapToScene(f.view.viewport()->rect().center());
        f.view.centerOn(f.view.mapToScene(f.view.viewport()->rect().center() + QPoint(40, 0)));
        const QImage moved = f.view.viewport()->grab().toImage();
        QVERIFY2(differing(moved, f.onePiece(), inner) < 20, "a pan after the zoom draws its own tiles");
        f.view.centerOn(restedAt);
        QTest::qWait(500);
        QVERIFY(f.tiles->tilesMade() > before);
        const QImage sharp = f.tiled();
        QVERIFY2(differing(sharp, f.onePiece(), inner) < 20,
                 qPrintable(QString::number(differing(sharp, f.onePiece(), inner))));
    }

    // The domain map is drawn from tiles too, its domain names in them: the picture of the
    // scene with the names over it, also after a pan. (The view's own drawing of the domain
    // map copies its edge picture to a whole pixel, so it may sit up to half a pixel off.)
    void domainMapIsTiledWithItsNames()
    {
        ViewFixture f(QSize(700, 500));
        f.zoom(0.08, f.view.sceneRect().center() + QPointF(130, 70));
        QVERIFY(f.view.showsDomainMap());
        const QRect inner = f.pixels(QRect(0, 40, 480, 300));  // below the note, left of the minimap
        const QImage tiled = f.tiled();
        QVERIFY(f.tiles->tilesMade() > 0);
        const QImage reference = f.onePieceWithNames();
        QVERIFY2(drawn(reference) > 3000, qPrintable(QString::number(drawn(reference))));
        QVERIFY2(differing(tiled, reference, inner) < 20,
                 qPrintable(QString::number(differing(tiled, reference, inner))));
        QVERIFY2(differing(tiled, f.onePiece(), inner) > 100, "the domain names are drawn");
        const qreal ratio = f.view.viewport()->devicePixelRatioF();
        QVERIFY2(differing(tiled, f.direct(), tiled.rect()) < 400 * ratio * ratio,
                 qPrintable(u"close to the view's own drawing: %1"_s.arg(differing(tiled, f.direct(), tiled.rect()))));
        f.view.centerOn(f.view.mapToScene(f.view.viewport()->rect().center() + QPoint(90, 40)));
        const QImage panned = f.tiled();
        QVERIFY2(differing(panned, f.onePieceWithNames(), inner) < 20,
                 qPrintable(QString::number(differing(panned, f.onePieceWithNames(), inner))));
        // A selected domain: its box and its edges highlighted, the tiles under them redrawn.
        const NodeId domain = test::id(*f.graph, "domain:d2");
        QVERIFY(domain != kNoNode);
        QSignalSpy changed(f.view.scene(), &QGraphicsScene::changed);
        f.view.selectNode(domain);
        QVERIFY(changed.wait(1000));
        QList<QRectF> rects;
        for (const QList<QVariant> &signal : changed)
            rects += signal.at(0).value<QList<QRectF>>();
        // The scene reports the domain's edges changed (they highlight), not only its box:
        // the tiles along them are drawn again.
        int edges = 0;
        for (QGraphicsItem *item : f.view.scene()->items()) {
            auto *edge = dynamic_cast<DomainEdgeItem *>(item);
            if (!edge || (edge->from()->node() != domain && edge->to()->node() != domain))
                continue;
            ++edges;
            for (qreal at : {0.1, 0.3, 0.5, 0.7, 0.9}) {
                const QPointF p = edge->mapToScene(edge->path().pointAtPercent(at));
                QVERIFY2(std::any_of(rects.begin(), rects.end(), [&](const QRectF &r) { return r.contains(p); }),
                         qPrintable(u"%1 along an edge"_s.arg(at)));
            }
        }
        QVERIFY(edges > 0);
        const QImage selected = f.tiled();
        QVERIFY2(differing(selected, panned, inner) > 50, "the selection shows");
        QVERIFY2(differing(selected, f.onePieceWithNames(), inner) < 20,
                 qPrintable(QString::number(differing(selected, f.onePieceWithNames(), inner))));
    }

    // A product selected on the domain map is drawn over its domain's box (its layer is
    // hidden there); selecting something else takes it away from the tiles too.
    void aDeselectedProductLeavesTheDomainMap()
    {
        ViewFixture f(QSize(700, 500));
        f.zoom(0.08, f.view.sceneRect().center() + QPointF(130, 70));
        QVERIFY(f.view.showsDomainMap());
        const QRect inner = f.pixels(QRect(0, 40, 480, 300));
        f.tiled();
        const NodeId product = test::id(*f.graph, "product:d1.p3");
        QVERIFY(product != kNoNode);
        f.view.itemForNode(product)->setSelected(true);
        const QImage selected = f.tiled();
        QVERIFY2(differing(selected, f.onePieceWithNames(), inner) < 20, "the selected product is drawn");
        // A click on the empty canvas: nothing else changes.
        f.view.scene()->clearSelection();
        QVERIFY(!f.view.itemForNode(product)->isSelected());
        const QImage after = f.tiled();
        QVERIFY2(differing(after, selected, inner) > 50, "the product is gone");
        QVERIFY2(differing(after, f.onePieceWithNames(), inner) < 20,
                 qPrintable(QString::number(differing(after, f.onePieceWithNames(), inner))));
    }

    // A tile draws the items whose bounds meet it, and a change drops the tiles under the
    // changed item's bounds: an edge's count label, drawn where the curve's box may not
    // reach, must lie inside the edge's bounds at every zoom it is drawn at.
    void edgeLabelsLieInsideTheirEdgesBounds()
    {
        // Two domains; p1 -> p2 carries two dataset edges (a count of 2), p1 -> q1 crosses.
        const SnapshotPtr graph = test::graphFromText(
            u"d1/p1: a->b; d1/p2: c->d; d2/q1: e->f; a->c; b->d; b->e"_s);
        GraphView view;
        view.resize(700, 500);
        view.setSnapshot(graph);
        int domainEdges = 0, productEdges = 0;
        for (QGraphicsItem *item : view.scene()->items()) {
            if (auto *edge = dynamic_cast<DomainEdgeItem *>(item)) {
                ++domainEdges;
                const QPointF middle = edge->path().pointAtPercent(0.5);
                for (qreal zoom : {graphstyle::kMinZoom, 0.05, 0.085}) {
                    const QRectF label = CurveEdgeItem::countLabelRect(middle, QString::number(edge->weight()), 11, zoom);
                    QVERIFY2(edge->boundingRect().contains(label), qPrintable(QString::number(zoom)));
                }
            } else if (auto *edge = dynamic_cast<EdgeItem *>(item); edge && edge->weight() > 1) {
                ++productEdges;
                QVERIFY(edge->boundingRect().contains(
                    CurveEdgeItem::countLabelRect(edge->labelPoint(), QString::number(edge->weight()), 10, 1)));
            }
        }
        QVERIFY(domainEdges > 0);
        QVERIFY(productEdges > 0);
    }

    // The overlay is drawn into each tile as it is made, at the tile's zoom, and a frame
    // that copies tiles it holds does not draw it again.
    void theSceneOverlayIsPartOfTheTiles()
    {
        ViewFixture f(QSize(700, 500));
        int calls = 0;
        qreal zoom = 0;
        f.tiles->setSceneOverlay([&](QPainter *painter, const QRectF &rect, qreal scale) {
            ++calls;
            zoom = scale;
            painter->fillRect(rect, Qt::magenta);
        });
        f.zoom(0.5, f.view.sceneRect().center());
        const QImage first = f.tiled();
        QVERIFY(calls > 0);
        QCOMPARE(zoom, 0.5);
        QCOMPARE(first.pixel(350, 250), QColor(Qt::magenta).rgb());
        const int made = f.tiles->tilesMade(), drawnOverlays = calls;
        f.view.viewport()->update();
        f.tiled();
        QCOMPARE(f.tiles->tilesMade(), made);
        QCOMPARE(calls, drawnOverlays);
    }

    // A zoom across the domain map's edge shows the other level at once (the products
    // hide, the domain edges appear), not the last level's tiles scaled, and draws that
    // frame once: the scene's report of the layers' change does not drop it again.
    void crossingIntoTheDomainMapShowsIt()
    {
        ViewFixture f(QSize(700, 500));
        const QPointF centre = f.view.sceneRect().center();
        f.zoom(0.1, centre);
        QVERIFY(!f.view.showsDomainMap());
        f.tiled();
        f.zoom(0.085, centre);
        QVERIFY(f.view.showsDomainMap());
        const QRect inner = f.pixels(QRect(0, 40, 480, 300));
        const QImage crossed = f.tiled();
        QVERIFY2(differing(crossed, f.onePieceWithNames(), inner) < 20,
                 qPrintable(QString::number(differing(crossed, f.onePieceWithNames(), inner))));
        const int made = f.tiles->tilesMade();
        f.tiled();
        QCOMPARE(f.tiles->tilesMade(), made);
        f.zoom(0.1, centre);
        const QImage back = f.tiled();
        QVERIFY(!f.view.showsDomainMap());
        QVERIFY2(differing(back, f.onePieceWithNames(), inner) < 20,
                 qPrintable(QString::number(differing(back, f.onePieceWithNames(), inner))));
    }
};

QTEST_MAIN(TestSceneTiles)
#include "tst_scenetiles.moc"
