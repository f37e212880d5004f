// A hub's fan-out in the lineage view: its edges share one bus instead of a wall of curves
// (lineagebus.h), and a curve that runs far past the view is cut to the pieces near it
// before it is drawn (curveclip.h).

#include "curveclip.h"
#include "lineagebus.h"
#include "lineageitems.h"
#include "lineageview.h"
#include "meshpalette.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

using test::id;

// h feeds ten datasets; s feeds two (too few for a bus); z is fed by nine.
QString meshText()
{
    QString text = u"d1/p1: s->t1; s->t2; "_s;
    for (int i = 0; i < 10; ++i)
        text += u"h->c%1; "_s.arg(i);
    for (int i = 0; i < 9; ++i)
        text += u"k%1->z; "_s.arg(i);
    return text + u"t1->h"_s;
}

// Whether a pixel near (x, y) of the view is strongly `hue`-ish: blue for the selection,
// orange for upstream.
bool colourNear(const QImage &image, QPoint p, const QColor &hue)
{
    for (int dx = -2; dx <= 2; ++dx) {
        const QColor c(image.pixel(p + QPoint(dx, 0)));
        if (std::abs(c.red() - hue.red()) < 40 && std::abs(c.green() - hue.green()) < 40
            && std::abs(c.blue() - hue.blue()) < 40)
            return true;
    }
    return false;
}

template<typename Item>
std::vector<Item *> itemsOf(QGraphicsScene *scene, int type)
{
    std::vector<Item *> out;
    for (QGraphicsItem *item : scene->items())
        if (item->type() == type)
            out.push_back(static_cast<Item *>(item));
    return out;
}

// Shows `view` on screen with the lineage of `key`, `upstream` hops up and one down.
bool showFocus(LineageView &view, const SnapshotPtr &g, const QString &key, int upstream)
{
    view.resize(1000, 700);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    view.setSnapshot(g);
    QSignalSpy ready(&view, &LineageView::layoutReady);
    FocusStep step;
    step.focusKey = key;
    step.upstreamDepth = upstream;
    view.showStep(step);
    return ready.wait(5000);
}

}  // namespace

class TestLineageBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hubEdgesShareABus()
    {
        const SnapshotPtr g = test::graphFromText(meshText());
        LineageView view;
        QVERIFY(showFocus(view, g, u"dataset:h"_s, 2));  // t1 and s: s has two edges, no bus

        const auto buses = itemsOf<LineageBusItem>(view.scene(), LineageBusItemType);
        QCOMPARE(buses.size(), std::size_t(1));
        LineageBusItem *bus = buses.front();
        LineageNodeItem *hub = view.itemForNode(id(*g, "dataset:h"));
        QCOMPARE(bus->node(), hub);
        QCOMPARE(bus->side(), LineageBusItem::Side::Out);
        QCOMPARE(hub->outBus(), bus);
        // Between the hub and its children, spanning all ten.
        const QRectF hubBox = hub->sceneBoundingRect();
        int onBus = 0;
        for (LineageEdgeItem *edge : hub->edges()) {
            if (edge->from() != hub)
                continue;
            ++onBus;
            QCOMPARE(edge->bus(), LineageEdgeItem::Bus::Out);
            const QRectF child = edge->to()->sceneBoundingRect();
            QVERIFY(bus->x() > hubBox.right() && bus->x() < child.left());
            QVERIFY(bus->top() <= child.center().y() && bus->bottom() >= child.center().y());
            // The focus is selected: each edge is drawn from the bus only, not from the hub.
            QVERIFY(!edge->drawsWholeRoute());
            QVERIFY(edge->boundingRect().left() > bus->x() - 10);
        }
        QCOMPARE(onBus, 10);
        for (LineageEdgeItem *edge : view.itemForNode(id(*g, "dataset:s"))->edges())
            QVERIFY(!edge->onBus());

        // The bus is painted in the selection colour where the children's edges leave it.
        QImage image = view.viewport()->grab().toImage();
        const auto selectionAt = [&](qreal sceneY) {
            return colourNear(image, view.mapFromScene(QPointF(bus->x(), sceneY)),
                              palette::selectionColor());
        };
        const qreal midY = (bus->top() + bus->bottom()) / 2;
        QVERIFY2(selectionAt(midY), "the selected hub's bus is drawn in the selection colour");

        // Selecting one child draws its whole curve (the path back to the hub); the others
        // stay on the bus.
        LineageNodeItem *child = view.itemForNode(id(*g, "dataset:c3"));
        view.selectNode(id(*g, "dataset:c3"));
        for (LineageEdgeItem *edge : hub->edges()) {
            if (edge->from() == hub)
                QCOMPARE(edge->drawsWholeRoute(), edge->to() == child);
        }
        // The view is painted from tiles, dropped when the scene reports the change, as
        // the event loop lets it (scenetiles.h).
        QCoreApplication::processEvents();
        image = view.viewport()->grab().toImage();
        QVERIFY2(!selectionAt(midY), "an unselected hub's bus is grey");
        view.selectNode(id(*g, "dataset:h"));
        for (LineageEdgeItem *edge : hub->edges())
            if (edge->from() == hub)
                QVERIFY(!edge->drawsWholeRoute());
    }

    void fanInSharesABusWithOneArrow()
    {
        const SnapshotPtr g = test::graphFromText(meshText());
        LineageView view;
        QVERIFY(showFocus(view, g, u"dataset:z"_s, 1));

        const auto buses = itemsOf<LineageBusItem>(view.scene(), LineageBusItemType);
        QCOMPARE(buses.size(), std::size_t(1));
        LineageBusItem *bus = buses.front();
        LineageNodeItem *sink = view.itemForNode(id(*g, "dataset:z"));
        QCOMPARE(bus->node(), sink);
        QCOMPARE(bus->side(), LineageBusItem::Side::In);
        QCOMPARE(sink->inBus(), bus);
        QVERIFY(bus->x() < sink->sceneBoundingRect().left());
        int onBus = 0;
        for (LineageEdgeItem *edge : sink->edges()) {
            ++onBus;
            QCOMPARE(edge->bus(), LineageEdgeItem::Bus::In);
            QVERIFY(!edge->drawsWholeRoute());
            // From its source to the bus only: the bus draws the one arrowhead.
            QVERIFY(edge->boundingRect().right() < bus->x() + 10);
            QVERIFY(bus->x() > edge->from()->sceneBoundingRect().right());
        }
        QCOMPARE(onBus, 9);
        // The selected sink's bus is in the upstream colour; selecting a source draws its
        // whole curve, arrowhead and all, and leaves the bus grey.
        QImage image = view.viewport()->grab().toImage();
        const QPoint mid = view.mapFromScene(QPointF(bus->x(), (bus->top() + bus->bottom()) / 2));
        QVERIFY2(colourNear(image, mid, palette::upstreamColor()), "the sink's bus is highlighted");
        view.selectNode(id(*g, "dataset:k4"));
        for (LineageEdgeItem *edge : sink->edges())
            QCOMPARE(edge->drawsWholeRoute(), edge->from() == view.itemForNode(id(*g, "dataset:k4")));
        QCoreApplication::processEvents();  // the tiles under the change are dropped
        image = view.viewport()->grab().toImage();
        QVERIFY(!colourNear(image, mid, palette::upstreamColor()));
    }

    void visiblePartKeepsOnlyWhatIsNearTheView()
    {
        // A long S-curve down 100,000 units, as from a hub to its farthest child.
        QPainterPath path;
        path.moveTo(0, 0);
        path.cubicTo(50, 0, 50, 100000, 100, 100000);
        const QRectF view(-10, 40000, 200, 1000);
        QVERIFY(runsFarPast(path.controlPointRect(), view));
        QVERIFY(!runsFarPast(QRectF(0, 40000, 150, 900), view));
        const QPainterPath part = visiblePart(path, view);
        QVERIFY(!part.isEmpty());
        // Every point of the curve inside the view is on a kept piece...
        for (int i = 0; i <= 1000; ++i) {
            const QPointF p = path.pointAtPercent(i / 1000.0);
            if (!view.contains(p))
                continue;
            bool covered = false;
            for (int k = 0; k <= 400 && !covered; ++k)
                covered = QLineF(part.pointAtPercent(k / 400.0), p).length() < 60;
            QVERIFY2(covered, qPrintable(u"(%1, %2) lost"_s.arg(p.x()).arg(p.y())));
        }
        // ...and what is kept is a small part of the whole, close to the view.
        const QRectF kept = part.controlPointRect();
        QVERIFY2(kept.height() < 5000, qPrintable(QString::number(kept.height())));
        QVERIFY(kept.top() > 30000 && kept.bottom() < 50000);
        // Nothing near the view: nothing kept. Inside it: the element whole.
        QVERIFY(visiblePart(path, QRectF(5000, 0, 100, 100)).isEmpty());
        QPainterPath small;
        small.moveTo(10, 40100);
        small.cubicTo(20, 40100, 20, 40200, 30, 40200);
        small.lineTo(60, 40300);
        const QPainterPath same = visiblePart(small, view);
        QCOMPARE(same.elementCount(), 7);  // move, cubic, the line as a cubic: one subpath
        for (int i = 0; i <= 20; ++i)
            QVERIFY(QLineF(same.pointAtPercent(i / 20.0), small.pointAtPercent(i / 20.0)).length() < 0.5);
    }
};

QTEST_MAIN(TestLineageBus)
#include "tst_lineagebus.moc"
