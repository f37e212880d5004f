// The lineage tab driven as a user would: focus, depth spin boxes, double-click to refocus,
// back/forward, hide and expand, arrow keys between neighbours.

#include "lineageitems.h"
#include "lineagepanel.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

using test::id;

int nodeItems(LineageView *view)
{
    int n = 0;
    for (QGraphicsItem *item : view->scene()->items())
        n += item->type() == LineageNodeItemType;
    return n;
}

}  // namespace

class TestLineage : public QObject
{
    Q_OBJECT

private:
    SnapshotPtr m_graph = test::graphFromText(u"d1/p1: a->b; b->c; c->d; d->e; b->x; d2/p2: u->c"_s);
    std::unique_ptr<LineagePanel> m_panel;

    bool waitForLayout()
    {
        QSignalSpy ready(m_panel->view(), &LineageView::layoutReady);
        return ready.wait(5000);
    }

private Q_SLOTS:
    void init()
    {
        m_panel = std::make_unique<LineagePanel>();
        m_panel->resize(1000, 700);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->setSnapshot(m_graph);
    }

    void focusShowsOneHopEachWay()
    {
        m_panel->focusOn(id(*m_graph, "dataset:c"));
        QVERIFY(waitForLayout());
        QCOMPARE(nodeItems(m_panel->view()), 4);  // b, u, c, d
        QCOMPARE(m_panel->view()->selectedNode(), id(*m_graph, "dataset:c"));
        auto *focus = m_panel->view()->itemForNode(id(*m_graph, "dataset:c"));
        auto *up = m_panel->view()->itemForNode(id(*m_graph, "dataset:b"));
        auto *down = m_panel->view()->itemForNode(id(*m_graph, "dataset:d"));
        QVERIFY(focus && up && down);
        QVERIFY(up->sceneBoundingRect().center().x() < focus->sceneBoundingRect().center().x());
        QVERIFY(down->sceneBoundingRect().center().x() > focus->sceneBoundingRect().center().x());
        QCOMPARE(focus->distance(), 0);
        QCOMPARE(up->distance(), -1);
    }

    void spinBoxesChangeDepth()
    {
        m_panel->focusOn(id(*m_graph, "dataset:c"));
        QVERIFY(waitForLayout());
        auto *upBox = m_panel->findChild<QSpinBox *>(u"upstreamHops"_s);
        QVERIFY(upBox);
        upBox->setValue(-1);  // "all"
        QCOMPARE(upBox->text(), u"all"_s);
        QVERIFY(waitForLayout());
        QCOMPARE(nodeItems(m_panel->view()), 5);  // + a
        auto *downBox = m_panel->findChild<QSpinBox *>(u"downstreamHops"_s);
        downBox->setValue(0);
        QVERIFY(waitForLayout());
        QCOMPARE(nodeItems(m_panel->view()), 4);  // a, b, u, c
        QCOMPARE(m_panel->history().size(), std::size_t(3));
    }

    void doubleClickRefocusesAndBackReturns()
    {
        m_panel->focusOn(id(*m_graph, "dataset:c"));
        QVERIFY(waitForLayout());
        LineageView *view = m_panel->view();
        auto *b = view->itemForNode(id(*m_graph, "dataset:b"));
        const QPoint at = view->mapFromScene(b->sceneBoundingRect().center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(waitForLayout());
        QCOMPARE(view->step().focusKey, u"dataset:b"_s);
        QCOMPARE(nodeItems(view), 4);  // a, b, c, x
        auto *back = m_panel->findChild<QToolButton *>(u"focusBack"_s);
        QVERIFY(back->isEnabled());
        back->click();
        QVERIFY(waitForLayout());
        QCOMPARE(view->step().focusKey, u"dataset:c"_s);
        auto *forward = m_panel->findChild<QToolButton *>(u"focusForward"_s);
        QVERIFY(forward->isEnabled());
        forward->click();
        QVERIFY(waitForLayout());
        QCOMPARE(view->step().focusKey, u"dataset:b"_s);
    }

    void hideAndExpand()
    {
        m_panel->focusOn(id(*m_graph, "dataset:b"));
        QVERIFY(waitForLayout());
        LineageView *view = m_panel->view();
        m_panel->go(view->stepFor(LineageView::Action::Hide, id(*m_graph, "dataset:x")));
        QVERIFY(waitForLayout());
        QVERIFY(!view->itemForNode(id(*m_graph, "dataset:x")));
        m_panel->go(view->stepFor(LineageView::Action::ExpandDown, id(*m_graph, "dataset:c")));
        QVERIFY(waitForLayout());
        QVERIFY(view->itemForNode(id(*m_graph, "dataset:d")));
        QVERIFY(!view->itemForNode(id(*m_graph, "dataset:e")));
        auto *reset = m_panel->findChild<QToolButton *>(u"focusReset"_s);
        QVERIFY(reset->isEnabled());
        reset->click();
        QVERIFY(waitForLayout());
        QVERIFY(view->itemForNode(id(*m_graph, "dataset:x")));
        QVERIFY(!view->itemForNode(id(*m_graph, "dataset:d")));
    }

    void arrowKeysWalkNeighbours()
    {
        m_panel->focusOn(id(*m_graph, "dataset:c"));
        QVERIFY(waitForLayout());
        LineageView *view = m_panel->view();
        view->setFocus();
        QSignalSpy selected(view, &LineageView::nodeSelected);
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->selectedNode(), id(*m_graph, "dataset:d"));
        QCOMPARE(selected.last().at(0).value<NodeId>(), id(*m_graph, "dataset:d"));
        QTest::keyClick(view, Qt::Key_Left);
        QCOMPARE(view->selectedNode(), id(*m_graph, "dataset:c"));
        QTest::keyClick(view, Qt::Key_Left);
        const NodeId left = view->selectedNode();
        QVERIFY(left == id(*m_graph, "dataset:b") || left == id(*m_graph, "dataset:u"));
        // Up/Down stay in the layer: b and u share one.
        QTest::keyClick(view, left == id(*m_graph, "dataset:b") ? Qt::Key_Down : Qt::Key_Up);
        const NodeId other = view->selectedNode();
        QVERIFY(other != left);
        QVERIFY(other == id(*m_graph, "dataset:b") || other == id(*m_graph, "dataset:u"));
        // Enter refocuses on the selection.
        QTest::keyClick(view, Qt::Key_Return);
        QVERIFY(waitForLayout());
        QCOMPARE(view->step().focusKey, m_graph->keyString(other));
    }

    void productFocusUsesProductLevel()
    {
        m_panel->focusOn(id(*m_graph, "product:d2.p2"));
        QVERIFY(waitForLayout());
        QCOMPARE(m_panel->view()->step().level, Level::Product);
        QCOMPARE(nodeItems(m_panel->view()), 2);  // p2 -> p1
    }

    void datasetFocusUsesTheLevelChosenByHand()
    {
        // A domain focus switches the panel to the domain level on its own; a dataset focused
        // next is shown at the level last picked by hand (dataset), not the domain's.
        m_panel->focusOn(id(*m_graph, "domain:d2"));
        QVERIFY(waitForLayout());
        QCOMPARE(m_panel->view()->step().level, Level::Domain);
        m_panel->focusOn(id(*m_graph, "dataset:c"));
        QVERIFY(waitForLayout());
        QCOMPARE(m_panel->view()->step().level, Level::Dataset);
        // Picked by hand, the product level sticks for datasets.
        m_panel->setLevel(Level::Product);
        QVERIFY(waitForLayout());
        m_panel->focusOn(id(*m_graph, "domain:d2"));
        QVERIFY(waitForLayout());
        m_panel->focusOn(id(*m_graph, "dataset:b"));
        QVERIFY(waitForLayout());
        QCOMPARE(m_panel->view()->step().level, Level::Product);
        m_panel->setLevel(Level::Dataset);
        QVERIFY(waitForLayout());
    }

    void pathBetweenFocusAndANode()
    {
        m_panel->setLevel(Level::Dataset);
        m_panel->focusOn(id(*m_graph, "dataset:a"));
        QVERIFY(waitForLayout());
        LineageView *view = m_panel->view();
        // The context menu's "Show Paths from the Focus to This", then the view answers with
        // a, b, c, d, e (x is a side branch, u feeds c from elsewhere).
        m_panel->go(view->stepFor(LineageView::Action::PathTo, id(*m_graph, "dataset:e")));
        QVERIFY(waitForLayout());
        QCOMPARE(view->step().pathToKey, u"dataset:e"_s);
        QCOMPARE(nodeItems(view), 5);
        QVERIFY(view->layout().subgraph.pathFound);
        QVERIFY(!view->itemForNode(id(*m_graph, "dataset:x")));
        // No path between a and u: the focus alone.
        m_panel->back();
        QVERIFY(waitForLayout());
        m_panel->go(view->stepFor(LineageView::Action::PathTo, id(*m_graph, "dataset:u")));
        QVERIFY(waitForLayout());
        QCOMPARE(nodeItems(view), 1);
        QVERIFY(!view->layout().subgraph.pathFound);
        // Refocusing leaves the path view.
        m_panel->focusOn(id(*m_graph, "dataset:c"));
        QVERIFY(waitForLayout());
        QVERIFY(view->step().pathToKey.isEmpty());
        QVERIFY(nodeItems(view) > 1);
    }

    void missingFocusSaysSo()
    {
        FocusStep step;
        step.focusKey = u"dataset:nowhere"_s;
        m_panel->go(step);
        QCOMPARE(nodeItems(m_panel->view()), 0);
    }
};

QTEST_MAIN(TestLineage)
#include "tst_lineage.moc"
