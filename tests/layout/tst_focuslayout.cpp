// The lineage view's model side: which nodes a focus shows (depths each way, hidden nodes,
// expansions, the node cap), its layout (upstream left of the focus, downstream right, no
// overlapping boxes) and the back/forward history of focus steps.

#include "layout/focushistory.h"
#include "layout/focuslayout.h"
#include "testsupport.h"

#include <QTest>

#include <set>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

using test::id;

std::set<QString> names(const SnapshotGraph &g, const FocusSubgraph &sub)
{
    std::set<QString> out;
    for (const NodeId n : sub.nodes)
        out.insert(g.nameString(n));
    return out;
}

// a -> b -> c -> d -> e, with a side branch b -> x -> y and u -> c.
SnapshotPtr chain()
{
    return test::graphFromText(u"d1/p1: a->b; b->c; c->d; d->e; b->x; x->y; d2/p2: u->c"_s);
}

}  // namespace

class TestFocusLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathsBetweenTwoNodes()
    {
        const SnapshotPtr g = chain();
        const auto path = [&](const char *from, const char *to, std::vector<NodeId> hidden = {}) {
            FocusRequest r;
            r.focus = id(*g, from);
            r.pathTo = id(*g, to);
            r.pathRequested = true;
            r.hidden = std::move(hidden);
            return focusSubgraph(*g, r);
        };
        // Downstream: only what lies between (b -> x -> y leads elsewhere).
        FocusSubgraph sub = path("dataset:a", "dataset:e");
        QVERIFY(sub.pathFound);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}));
        QCOMPARE(sub.edges.size(), std::size_t(4));
        QCOMPARE(sub.distance.front(), 0);
        QCOMPARE(*std::max_element(sub.distance.begin(), sub.distance.end()), 4);
        // The other way round: the same nodes, upstream of the focus.
        sub = path("dataset:e", "dataset:a");
        QVERIFY(sub.pathFound);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}));
        QCOMPARE(*std::min_element(sub.distance.begin(), sub.distance.end()), -4);
        // Two sources of c: from u only u -> c.
        sub = path("dataset:u", "dataset:e");
        QCOMPARE(names(*g, sub), (std::set<QString>{u"u"_s, u"c"_s, u"d"_s, u"e"_s}));
        // No path: the focus alone, and it says so.
        sub = path("dataset:x", "dataset:u");
        QVERIFY(!sub.pathFound);
        QCOMPARE(names(*g, sub), std::set<QString>{u"x"_s});
        // Hiding the only way cuts the path.
        sub = path("dataset:a", "dataset:e", {id(*g, "dataset:d")});
        QVERIFY(!sub.pathFound);
        // At the product level: p2 -> p1 (u -> c crosses products).
        FocusRequest r;
        r.focus = id(*g, "product:d2.p2");
        r.pathTo = id(*g, "dataset:e");  // shown by its product
        r.pathRequested = true;
        r.level = Level::Product;
        sub = focusSubgraph(*g, r);
        QVERIFY(sub.pathFound);
        QCOMPARE(sub.nodes.size(), std::size_t(2));
        QCOMPARE(sub.pathTo, id(*g, "product:d1.p1"));
        // A path to a key the snapshot lacks shows nothing but the focus, never the
        // neighbourhood.
        FocusStep step;
        step.focusKey = u"dataset:a"_s;
        step.pathToKey = u"dataset:gone"_s;
        sub = focusSubgraph(*g, focusRequest(*g, step));
        QVERIFY(!sub.pathFound);
        QCOMPARE(sub.nodes.size(), std::size_t(1));
    }

    void depthsEachWay()
    {
        const SnapshotPtr g = chain();
        FocusRequest r;
        r.focus = id(*g, "dataset:c");
        r.upstreamDepth = 1;
        r.downstreamDepth = 1;
        FocusSubgraph sub = focusSubgraph(*g, r);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"c"_s, u"b"_s, u"u"_s, u"d"_s}));
        QCOMPARE(sub.nodes.front(), r.focus);
        QCOMPARE(sub.distance.front(), 0);
        // Edges among the shown nodes only: b->c, u->c, c->d.
        QCOMPARE(sub.edges.size(), std::size_t(3));

        r.upstreamDepth = 0;
        r.downstreamDepth = kUnlimitedDepth;
        sub = focusSubgraph(*g, r);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"c"_s, u"d"_s, u"e"_s}));
        for (std::size_t i = 0; i < sub.nodes.size(); ++i) {
            if (g->nameString(sub.nodes[i]) == u"e"_s)
                QCOMPARE(sub.distance[i], 2);
        }
        r.upstreamDepth = kUnlimitedDepth;
        r.downstreamDepth = 0;
        sub = focusSubgraph(*g, r);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"a"_s, u"b"_s, u"c"_s, u"u"_s}));
        for (std::size_t i = 0; i < sub.nodes.size(); ++i)
            QVERIFY(sub.distance[i] <= 0);
    }

    void hiddenCutsWhatOnlyItReaches()
    {
        const SnapshotPtr g = chain();
        FocusRequest r;
        r.focus = id(*g, "dataset:a");
        r.downstreamDepth = kUnlimitedDepth;
        r.hidden = {id(*g, "dataset:x")};
        const FocusSubgraph sub = focusSubgraph(*g, r);
        // y is reachable only through x: gone with it. c, d, e stay (through b).
        QCOMPARE(names(*g, sub), (std::set<QString>{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}));
        // The focus itself cannot be hidden.
        r.hidden = {r.focus};
        QCOMPARE(focusSubgraph(*g, r).nodes.size(), std::size_t(7));
    }

    void expandAddsOneHopFromANode()
    {
        const SnapshotPtr g = chain();
        FocusRequest r;
        r.focus = id(*g, "dataset:c");
        r.upstreamDepth = 1;
        r.downstreamDepth = 0;
        r.expandUp = {id(*g, "dataset:b")};
        FocusSubgraph sub = focusSubgraph(*g, r);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"a"_s, u"b"_s, u"c"_s, u"u"_s}));
        for (std::size_t i = 0; i < sub.nodes.size(); ++i) {
            if (g->nameString(sub.nodes[i]) == u"a"_s)
                QCOMPARE(sub.distance[i], -2);
        }
        // Expanding a node that is not shown changes nothing.
        r.expandUp = {id(*g, "dataset:x")};
        QCOMPARE(focusSubgraph(*g, r).nodes.size(), std::size_t(3));
        r.expandUp.clear();
        r.expandDown = {id(*g, "dataset:b")};  // b's downstream: c (shown) and x
        sub = focusSubgraph(*g, r);
        QCOMPARE(names(*g, sub), (std::set<QString>{u"b"_s, u"c"_s, u"u"_s, u"x"_s}));
    }

    void capKeepsNearestFirst()
    {
        const SnapshotPtr g = chain();
        FocusRequest r;
        r.focus = id(*g, "dataset:a");
        r.downstreamDepth = kUnlimitedDepth;
        r.maxNodes = 3;
        const FocusSubgraph sub = focusSubgraph(*g, r);
        QCOMPARE(sub.nodes.size(), std::size_t(3));
        QCOMPARE(sub.truncatedFrom, 7u);  // a b c x d y e
        // a (0), b (1), then one of b's two children (2): c or x.
        const std::set<QString> kept = names(*g, sub);
        QVERIFY(kept.count(u"a"_s) && kept.count(u"b"_s));
        QVERIFY(kept.count(u"c"_s) || kept.count(u"x"_s));
        for (const int d : sub.distance)
            QVERIFY(d <= 2);
    }

    void productLevelAggregates()
    {
        const SnapshotPtr g = test::graphFromText(u"d1/p1: a->b; d1/p2: c->d; b->c; a->d"_s);
        FocusRequest r;
        r.focus = id(*g, "dataset:a");  // shown by its product
        r.level = Level::Product;
        const FocusSubgraph sub = focusSubgraph(*g, r);
        QCOMPARE(sub.focus, id(*g, "product:d1.p1"));
        QCOMPARE(sub.nodes.size(), std::size_t(2));
        QCOMPARE(sub.edges.size(), std::size_t(1));
        QCOMPARE(sub.weight.front(), 2u);  // b->c and a->d behind one product edge
    }

    void layoutPutsUpstreamLeft()
    {
        const SnapshotPtr g = chain();
        FocusRequest r;
        r.focus = id(*g, "dataset:c");
        r.upstreamDepth = kUnlimitedDepth;
        r.downstreamDepth = kUnlimitedDepth;
        const FocusLayout layout = layoutFocus(*g, r);
        const FocusSubgraph &sub = layout.subgraph;
        QCOMPARE(layout.nodes.size(), sub.nodes.size());
        QCOMPARE(layout.edgePoints.size(), sub.edges.size());
        const double focusX = layout.nodes[0].centre.x;
        for (std::size_t i = 1; i < sub.nodes.size(); ++i) {
            if (sub.distance[i] < 0)
                QVERIFY2(layout.nodes[i].centre.x < focusX, qPrintable(g->nameString(sub.nodes[i])));
            else if (sub.distance[i] > 0 && g->nameString(sub.nodes[i]) != u"x"_s
                     && g->nameString(sub.nodes[i]) != u"y"_s)
                QVERIFY2(layout.nodes[i].centre.x > focusX, qPrintable(g->nameString(sub.nodes[i])));
        }
        // No two boxes overlap.
        for (std::size_t i = 0; i < layout.nodes.size(); ++i) {
            for (std::size_t j = i + 1; j < layout.nodes.size(); ++j) {
                const auto &a = layout.nodes[i], &b = layout.nodes[j];
                const bool apartX = std::abs(a.centre.x - b.centre.x) >= (a.size.width + b.size.width) / 2;
                const bool apartY = std::abs(a.centre.y - b.centre.y) >= (a.size.height + b.size.height) / 2;
                QVERIFY(apartX || apartY);
            }
        }
        // Every edge's route starts and ends at its boxes' centres.
        for (std::size_t e = 0; e < sub.edges.size(); ++e) {
            QCOMPARE(layout.edgePoints[e].front(), layout.nodes[sub.edges[e].first].centre);
            QCOMPARE(layout.edgePoints[e].back(), layout.nodes[sub.edges[e].second].centre);
        }
        QVERIFY(layout.topLeft.x < layout.bottomRight.x);
    }

    void unknownFocusIsEmpty()
    {
        const SnapshotPtr g = chain();
        FocusRequest r;
        r.focus = 9999;
        QVERIFY(layoutFocus(*g, r).subgraph.nodes.empty());
        r.focus = id(*g, "domain:d1");  // no dataset-level node
        QVERIFY(focusSubgraph(*g, r).nodes.empty());
    }

    void historyBackForward()
    {
        FocusHistory h;
        QVERIFY(!h.canGoBack() && !h.canGoForward() && !h.current());
        const auto step = [](const QString &key) {
            FocusStep s;
            s.focusKey = key;
            return s;
        };
        const FocusStep a = step(u"dataset:a"_s), b = step(u"dataset:b"_s), c = step(u"dataset:c"_s);
        h.push(a);
        h.push(b);
        h.push(b);  // same step twice: one entry
        QCOMPARE(h.size(), std::size_t(2));
        h.push(c);
        QCOMPARE(h.back()->focusKey, u"dataset:b"_s);
        QCOMPARE(h.back()->focusKey, u"dataset:a"_s);
        QVERIFY(!h.back());
        QCOMPARE(h.forward()->focusKey, u"dataset:b"_s);
        // A new step drops the forward history, as in a browser.
        const FocusStep d = step(u"dataset:d"_s);
        h.push(d);
        QVERIFY(!h.canGoForward());
        QCOMPARE(h.size(), std::size_t(3));
        QCOMPARE(h.back()->focusKey, u"dataset:b"_s);
        for (int i = 0; i < 300; ++i)
            h.push(step(u"k"_s + QString::number(i)));
        QCOMPARE(h.size(), FocusHistory::kMaxSteps);
    }

    void stepResolvesKeysOnASnapshot()
    {
        const SnapshotPtr g = chain();
        FocusStep step;
        step.focusKey = u"dataset:c"_s;
        step.upstreamDepth = 2;
        step.downstreamDepth = 3;
        step.hidden = {u"dataset:x"_s, u"dataset:gone"_s};
        const FocusRequest r = focusRequest(*g, step);
        QCOMPARE(r.focus, id(*g, "dataset:c"));
        QCOMPARE(r.upstreamDepth, 2);
        QCOMPARE(r.downstreamDepth, 3);
        QCOMPARE(r.hidden.size(), std::size_t(1));  // the unknown key is dropped
        step.focusKey = u"dataset:gone"_s;
        QCOMPARE(focusRequest(*g, step).focus, kNoNode);
    }
};

QTEST_GUILESS_MAIN(TestFocusLayout)
#include "tst_focuslayout.moc"
