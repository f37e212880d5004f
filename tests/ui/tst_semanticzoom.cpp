// Semantic zoom on the mesh map: far out it is the domain map (domain boxes filled by the
// overlay, dependencies between domains); nearer, the products; opened products show their
// datasets inside, and opening one keeps the rest of the map where it was.

#include "graphitems.h"
#include "domainedgelayer.h"
#include "graphview.h"
#include "meshpalette.h"
#include "scenetiles.h"
#include "testsupport.h"

#include <QApplication>
#include <QSignalSpy>
#include <QPainter>
#include <QTest>

#include <tuple>
#include <functional>
#include <map>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

NodeId find(const SnapshotGraph &g, const char *key)
{
    const auto id = g.find(key);
    return id ? *id : kNoNode;
}

NodeId idOf(const SnapshotData &data, const QString &key)
{
    for (NodeId id = 0; id < data.nodes.size(); ++id) {
        if (data.strings.string(data.nodes[id].key) == key)
            return id;
    }
    return kNoNode;
}

// d1 holds a passing product, a warning one and four products without checks; d2 a
// failing one and three without checks. Two dataset edges go from d1 to d2 (one from each
// checked product), two stay inside d1 (good -> late).
SnapshotPtr twoDomains()
{
    SnapshotData data = test::snapshotFromText(
        u"d1/good: g1->g2; d1/late: l1->l2; d2/bad: b1->b2; g2->l1; g2->b1; l2->b1; g1->l2;"
        " d1/x1: x1; d1/x2: x2; d1/x3: x3; d1/x4: x4; d2/y1: y1; d2/y2: y2; d2/y3: y3"_s);
    const auto set = [&](const char *name, HealthState q) {
        data.nodes[idOf(data, u"dataset:"_s + QLatin1StringView(name))].quality = q;
    };
    for (const char *n : {"g1", "g2"})
        set(n, HealthState::Pass);
    for (const char *n : {"l1", "l2"})
        set(n, HealthState::Warn);
    for (const char *n : {"b1", "b2"})
        set(n, HealthState::Fail);
    return SnapshotGraph::build(std::move(data));
}

bool reddish(QRgb c) { return qRed(c) > qGreen(c) + 25 && qRed(c) > qBlue(c) + 25; }
bool greenish(QRgb c) { return qGreen(c) > qRed(c) + 15 && qGreen(c) > qBlue(c) + 10; }
bool amber(QRgb c) { return qRed(c) > qBlue(c) + 40 && qGreen(c) > qBlue(c) + 20 && !greenish(c); }

// The pixel of a grabbed viewport under a viewport point (its pixels are device pixels:
// two per point on a 2x screen).
QPoint inImage(const QImage &image, QPoint viewportPoint)
{
    return (QPointF(viewportPoint) * image.devicePixelRatio()).toPoint();
}

QRgb pixelAt(GraphView &view, const QImage &image, QPointF scenePoint)
{
    return image.pixel(inImage(image, view.mapFromScene(scenePoint)));
}

// A point inside a product box, clear of its stripe, badge and text.
QPointF insideProduct(GraphView &view, NodeId product)
{
    const QRectF r = view.itemForNode(product)->sceneBoundingRect().adjusted(4, 4, -4, -4);
    return QPointF(r.left() + r.width() * 0.7, r.bottom() - 5);
}

void setScale(GraphView &view, qreal scale, QPointF centre)
{
    view.setTransform(QTransform::fromScale(scale, scale));
    view.centerOn(centre);
}

}  // namespace

class TestSemanticZoom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void farOutIsTheDomainMap()
    {
        const SnapshotPtr g = twoDomains();
        GraphView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        view.setOverlay(OverlayKind::Quality);
        // One domain-level dependency, d1 -> d2, standing for two dataset edges.
        QCOMPARE(view.domainEdgeCount(), std::size_t(1));
        const NodeId good = find(*g, "product:d1.good");
        const QPointF goodAt = insideProduct(view, good);

        setScale(view, 1.0, goodAt);
        QVERIFY(!view.showsDomainMap());
        QImage image = view.viewport()->grab().toImage();
        QVERIFY2(greenish(pixelAt(view, image, goodAt)), "the passing product is drawn");

        // Far out, each domain box shows the mix of its products' states, in legend order and
        // as wide as each share: d1 is 1 pass, 1 warn, 4 unknown (no checks); d2 is 1 fail and
        // 3 unknown. Products and their edges give way (the passing product's spot is grey).
        const QRectF d1 = view.itemForNode(find(*g, "domain:d1"))->sceneBoundingRect();
        const QRectF d2 = view.itemForNode(find(*g, "domain:d2"))->sceneBoundingRect();
        setScale(view, 0.085, d1.center());
        QVERIFY(view.showsDomainMap());
        image = view.viewport()->grab().toImage();
        const auto at = [&](const QRectF &r, qreal share) {
            return pixelAt(view, image, QPointF(r.left() + r.width() * share, r.top() + r.height() * 0.12));
        };
        QVERIFY2(greenish(at(d1, 0.08)), "d1's first sixth passes");
        QVERIFY2(amber(at(d1, 0.25)), "d1's second sixth warns");
        const QRgb unknown = at(d1, 0.7);
        QVERIFY2(!greenish(unknown) && !amber(unknown) && !reddish(unknown), "the rest has no checks");
        QVERIFY2(reddish(at(d2, 0.12)), "d2's first quarter fails");
        QVERIFY2(!reddish(at(d2, 0.6)), "the rest of d2 has no checks");
        QVERIFY2(!greenish(pixelAt(view, image, goodAt)), "the passing product is not drawn");

        // Under the domain overlay the box is its domain's colour, with no traffic lights.
        view.setOverlay(OverlayKind::Domain);
        image = view.viewport()->grab().toImage();
        QVERIFY(!greenish(at(d1, 0.08)) && !reddish(at(d2, 0.12)));
        view.setOverlay(OverlayKind::Quality);

        // A click on a product's spot selects its domain, not the product that is not drawn.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(goodAt));
        QCOMPARE(view.selectedNode(), find(*g, "domain:d1"));
    }

    // The domain map's resting edges come from one picture per zoom (domainedgelayer.h):
    // drawn where the curve runs, made once while panning, drawn scaled mid-zoom and made
    // again once the zoom settles; a selected end's edge is drawn highlighted over it; an
    // export (no view) draws the edge itself.
    void domainEdgesComeFromOnePicturePerZoom()
    {
        // Four domains of 30 products each (big boxes), with dependencies across them.
        QString text;
        for (int d = 1; d <= 4; ++d)
            for (int p = 1; p <= 30; ++p)
                text += u"d%1/p%2: x%1_%2a->x%1_%2b; "_s.arg(d).arg(p);
        for (int p = 1; p <= 30; p += 3)
            text += u"x1_%1b->x4_%1a; x2_%1b->x3_%1a; x4_%1b->x2_%1a; "_s.arg(p);
        const SnapshotPtr g = test::graphFromText(text);
        GraphView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        // The view draws from tiles where it can (tst_scenetiles); the layer's picture is
        // what it draws where it cannot (a fractional device pixel ratio).
        view.tiles()->setEnabled(false);
        DomainEdgeLayer *layer = view.domainEdgeLayer();
        QVERIFY(layer);
        QVERIFY(view.domainEdgeCount() >= 3);
        setScale(view, 0.085, view.sceneRect().center());
        QVERIFY(view.showsDomainMap());
        // The same frame with the edges from the picture, drawn by the items themselves,
        // and left out: the first two alike, the third not (so the edges are in view).
        const auto frames = [&] {
            const QImage picture = view.viewport()->grab().toImage();
            layer->setUsesPicture(false);
            const QImage items = view.viewport()->grab().toImage();
            for (QGraphicsItem *edge : layer->childItems())
                edge->setVisible(false);
            const QImage none = view.viewport()->grab().toImage();
            for (QGraphicsItem *edge : layer->childItems())
                edge->setVisible(true);
            layer->setUsesPicture(true);
            return std::tuple<QImage, QImage, QImage>{picture, items, none};
        };
        // Pixels of `a` with no pixel of `b` alike within one pixel: the picture sits on whole
        // pixels, where the items draw at the view's fractional offset.
        const auto differing = [](const QImage &a, const QImage &b) {
            const auto alike = [](QRgb p, QRgb q) {
                return std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                                 std::abs(qBlue(p) - qBlue(q))}) <= 48;
            };
            int n = 0;
            for (int y = 1; y + 1 < a.height(); ++y)
                for (int x = 1; x + 1 < a.width(); ++x) {
                    bool found = false;
                    for (int dy = -1; dy <= 1 && !found; ++dy)
                        for (int dx = -1; dx <= 1 && !found; ++dx)
                            found = alike(a.pixel(x, y), b.pixel(x + dx, y + dy));
                    n += !found;
                }
            return n;
        };
        auto [picture, items, none] = frames();
        QCOMPARE(layer->picturesMade(), 1);
        const int edgePixels = differing(items, none);
        QVERIFY2(edgePixels > 200, qPrintable(QString::number(edgePixels)));
        QVERIFY2(differing(picture, items) < edgePixels / 20, qPrintable(QString::number(differing(picture, items))));
        // Panning reuses the picture; a zoom makes a new one; both still match the items.
        view.centerOn(view.mapToScene(view.viewport()->rect().center() + QPoint(60, 30)));
        std::tie(picture, items, none) = frames();
        QCOMPARE(layer->picturesMade(), 1);
        QVERIFY2(differing(picture, items) < differing(items, none) / 20,
                 qPrintable(u"%1 of %2"_s.arg(differing(picture, items)).arg(differing(items, none))));
        // Mid-zoom the last picture is drawn scaled (no new one yet), edges and all; once
        // the zoom has stayed put, a new one is made.
        setScale(view, 0.07, view.sceneRect().center());
        std::tie(picture, items, none) = frames();
        QCOMPARE(layer->picturesMade(), 1);
        QVERIFY(differing(picture, none) > differing(items, none) / 2);
        QTest::qWait(DomainEdgeLayer::kSettleMs + 50);
        std::tie(picture, items, none) = frames();
        QCOMPARE(layer->picturesMade(), 2);
        QVERIFY2(differing(picture, items) < differing(items, none) / 20,
                 qPrintable(u"%1 of %2"_s.arg(differing(picture, items)).arg(differing(items, none))));
        // A selected domain's edges are drawn highlighted over the picture.
        view.selectNode(find(*g, "domain:d1"));
        std::tie(picture, items, none) = frames();
        QVERIFY2(differing(picture, items) < differing(items, none) / 20,
                 qPrintable(u"%1 of %2"_s.arg(differing(picture, items)).arg(differing(items, none))));
        int blue = 0;
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x)
                blue += picture.pixel(x, y) == palette::selectionColor().rgb();
        QVERIFY2(blue > 20, "the selection's edges and outline are in the selection colour");
        // Without a view (an export, the minimap), the layer draws nothing itself.
        QVERIFY(!layer->drawsRestingIn(nullptr));
    }

    // On the domain map the scene leaves the products, their edges and opened products'
    // datasets out altogether (at 1M datasets visiting 25,000 items that draw nothing was
    // most of a frame); nearer, the domain edges. A selected product is still drawn there,
    // and the selection survives the trip.
    void domainMapLeavesProductsOutOfTheScene()
    {
        const SnapshotPtr g = twoDomains();
        GraphView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        const NodeId good = find(*g, "product:d1.good");
        view.setProductOpen(good, true);
        QVERIFY(view.itemForNode(find(*g, "dataset:g1")));
        const auto countsInView = [&] {
            std::map<int, int> counts;
            for (const QGraphicsItem *item : view.items(view.viewport()->rect()))
                ++counts[item->type()];
            return counts;
        };
        const QRectF d1 = view.itemForNode(find(*g, "domain:d1"))->sceneBoundingRect();
        setScale(view, 1.0, d1.center());
        view.viewport()->grab();  // the paint event chooses the level whatever set the zoom
        std::map<int, int> near = countsInView();
        QVERIFY(near[ProductItemType] > 0 && near[EdgeItemType] > 0 && near[LineageNodeItemType] == 2);
        QCOMPARE(near[DomainEdgeItemType], 0);

        view.setScale(0.085);
        view.centerOn(d1.center());
        std::map<int, int> far = countsInView();
        QCOMPARE(far[DomainItemType], 2);
        QCOMPARE(far[DomainEdgeItemType], 1);
        QCOMPARE(far[ProductItemType] + far[EdgeItemType] + far[LineageNodeItemType]
                     + far[LineageEdgeItemType], 0);

        // Selected, a product is drawn over its domain box in the selection colour.
        view.itemForNode(find(*g, "product:d1.late"))->setSelected(true);
        const QImage image = view.viewport()->grab().toImage();
        const QRect shown = view.mapFromScene(view.itemForNode(find(*g, "product:d1.late"))
                                                  ->sceneBoundingRect()).boundingRect();
        const QRect late(inImage(image, shown.topLeft()), inImage(image, shown.bottomRight()));
        int selectionPixels = 0;
        for (int y = late.top(); y <= late.bottom(); ++y)
            for (int x = late.left(); x <= late.right(); ++x)
                selectionPixels += image.pixel(x, y) == palette::selectionColor().rgb();
        QVERIFY2(selectionPixels >= 10, qPrintable(QString::number(selectionPixels)));
        QCOMPARE(countsInView()[ProductItemType], 1);  // only the selected one

        view.setScale(1.0);
        QCOMPARE(view.selectedNode(), find(*g, "product:d1.late"));
        QVERIFY(countsInView()[ProductItemType] > 1);
    }

    void domainEdgesCarryTheirCount()
    {
        const SnapshotPtr g = twoDomains();
        GraphView view;
        view.resize(900, 600);
        view.setSnapshot(g);
        const auto items = view.scene()->items();
        int domainEdges = 0;
        for (const QGraphicsItem *item : items) {
            if (item->type() != DomainEdgeItemType)
                continue;
            ++domainEdges;
            const auto *edge = static_cast<const DomainEdgeItem *>(item);
            QCOMPARE(edge->weight(), 2u);
            QVERIFY(edge->toolTip().contains(u"d1"_s));
            QVERIFY(edge->toolTip().contains(u"2 dataset edges"_s));
        }
        QCOMPARE(domainEdges, 1);
    }

    void zoomedInEdgesCarryTheirCount()
    {
        const SnapshotPtr g = twoDomains();
        GraphView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        const EdgeItem *edge = nullptr;  // good -> late: two dataset edges
        for (QGraphicsItem *item : view.scene()->items()) {
            if (item->type() == EdgeItemType && static_cast<EdgeItem *>(item)->weight() == 2)
                edge = static_cast<EdgeItem *>(item);
        }
        QVERIFY(edge);
        QCOMPARE(edge->from()->node(), find(*g, "product:d1.good"));
        // Pure white: the label's pill (the canvas and the domain boxes are tinted).
        const auto whiteAround = [&](qreal scale) {
            setScale(view, scale, edge->labelPoint());
            // The zoom's own picture: just after a zoom the map shows the last one scaled
            // (scenetiles.h; tst_scenetiles checks that).
            view.viewport()->grab();
            QTest::qWait(SceneTiles::kSettleMs + 50);
            // The settled frame shows the last zoom's tiles until idle turns have drawn
            // this zoom's: draw them all now (a slow build, ASan, is not done in 50 ms).
            view.viewport()->grab();
            while (view.tiles()->prefetchStep()) {
            }
            const QImage image = view.viewport()->grab().toImage();
            const QPoint c = inImage(image, view.mapFromScene(edge->labelPoint()));
            int white = 0;
            for (int dy = -4; dy <= 4; ++dy) {
                for (int dx = -4; dx <= 4; ++dx) {
                    const QRgb p = image.pixel(c + QPoint(dx, dy));
                    white += qRed(p) >= 253 && qGreen(p) >= 253 && qBlue(p) >= 253;
                }
            }
            return white;
        };
        QVERIFY2(whiteAround(1.0) > 10, "at 100 % the count is written on the edge");
        QCOMPARE(whiteAround(0.6), 0);  // below 80 %, no label
    }

    void openingAProductKeepsYourPlace()
    {
        const SnapshotPtr g = twoDomains();
        GraphView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        view.setTransform(QTransform());
        const NodeId good = find(*g, "product:d1.good"), late = find(*g, "product:d1.late");
        const NodeId g1 = find(*g, "dataset:g1"), g2 = find(*g, "dataset:g2");
        view.centerOn(view.itemForNode(good));
        const QRectF closedRect = view.itemForNode(good)->sceneBoundingRect();
        const QPoint onScreen = view.mapFromScene(closedRect.topLeft());
        std::map<NodeId, QRectF> before;
        for (const NodeId p : g->nodesOfKind(EntityKind::Product))
            before[p] = view.itemForNode(p)->sceneBoundingRect();
        QVERIFY(!view.itemForNode(g1));  // closed: no dataset boxes

        view.itemForNode(late)->setSelected(true);
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(closedRect.center()));
        QVERIFY(view.isProductOpen(good));
        const QRectF openRect = view.itemForNode(good)->sceneBoundingRect();
        QVERIFY(openRect.width() > closedRect.width() && openRect.height() > closedRect.height());
        // Its datasets inside it, upstream left of downstream, with the edge between them.
        QVERIFY(view.itemForNode(g1) && view.itemForNode(g2));
        QVERIFY(openRect.contains(view.itemForNode(g1)->sceneBoundingRect()));
        QVERIFY(openRect.contains(view.itemForNode(g2)->sceneBoundingRect()));
        QVERIFY(view.itemForNode(g1)->sceneBoundingRect().right() < view.itemForNode(g2)->sceneBoundingRect().left());
        // The product is where it was on screen, the selection is kept, nothing overlaps.
        QCOMPARE(openRect.topLeft(), closedRect.topLeft());
        QVERIFY((view.mapFromScene(openRect.topLeft()) - onScreen).manhattanLength() <= 2);  // centerOn rounds
        QCOMPARE(view.selectedNode(), late);
        for (const NodeId p : g->nodesOfKind(EntityKind::Product)) {
            if (p != good)
                QVERIFY(!view.itemForNode(p)->sceneBoundingRect().intersects(openRect));
        }

        // A click on a dataset selects it; a double-click asks for its lineage.
        QSignalSpy selected(&view, &GraphView::nodeSelected), activated(&view, &GraphView::nodeActivated);
        const QPoint g2At = view.mapFromScene(view.itemForNode(g2)->sceneBoundingRect().center());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, g2At);
        QCOMPARE(view.selectedNode(), g2);
        QCOMPARE(selected.last().first().value<NodeId>(), g2);
        QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, g2At);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().first().value<NodeId>(), g2);

        // The next snapshot of the same mesh keeps it open; closing restores the map exactly.
        view.setSnapshot(twoDomains());
        QVERIFY(view.isProductOpen(good));
        view.setProductOpen(good, false);
        QCOMPARE(view.openProductCount(), std::size_t(0));
        QVERIFY(!view.itemForNode(g1));
        for (const auto &[p, rect] : before)
            QCOMPARE(view.itemForNode(p)->sceneBoundingRect(), rect);
    }
};

QTEST_MAIN(TestSemanticZoom)
#include "tst_semanticzoom.moc"
