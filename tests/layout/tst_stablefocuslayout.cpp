// Expanding a lineage view keeps the user's place (issue 4, "Stable"): after one more hop
// up or down from a shown node, every node shown before keeps its coordinates (so its layer
// and its order in the layer), the expanded node does not move at all, and the new nodes sit
// one layer beside it without overlapping anything. Checked on MeshLens's generated mesh,
// where a fresh layout of the expanded neighbourhood does move old nodes.

#include "testsupport.h"

#include "generate/generatedmesh.h"
#include "generate/meshgenerator.h"
#include "layout/focushistory.h"
#include "layout/stablefocuslayout.h"

#include <QTest>

#include <map>
#include <unordered_map>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

using test::id;

// The generated mesh's lineage as one flat text graph (datasets n0, n1, ...).
SnapshotPtr generatedGraph(qint64 datasets, quint64 seed)
{
    GeneratorOptions options;
    options.datasets = datasets;
    options.seed = seed;
    const gen::GeneratedMesh mesh = gen::buildGeneratedMesh(options);
    QString text;
    for (const gen::GenEdge &e : mesh.edges)
        text += u"n%1->n%2;"_s.arg(e.from).arg(e.to);
    return test::graphFromText(text);
}

FocusStep stepOn(const QString &key)
{
    FocusStep step;
    step.focusKey = key;
    return step;
}

std::unordered_map<NodeId, LayoutPoint> centres(const FocusLayout &layout)
{
    std::unordered_map<NodeId, LayoutPoint> out;
    for (std::size_t i = 0; i < layout.nodes.size(); ++i)
        out.emplace(layout.subgraph.nodes[i], layout.nodes[i].centre);
    return out;
}

// Per layer (column x), the shown nodes top to bottom.
std::map<long long, std::vector<NodeId>> layerOrder(const FocusLayout &layout)
{
    std::vector<std::pair<LayoutPoint, NodeId>> all;
    for (std::size_t i = 0; i < layout.nodes.size(); ++i)
        all.emplace_back(layout.nodes[i].centre, layout.subgraph.nodes[i]);
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.first.y < b.first.y; });
    std::map<long long, std::vector<NodeId>> out;
    for (const auto &[c, n] : all)
        out[std::llround(c.x)].push_back(n);
    return out;
}

// Empty when no two boxes overlap (closer than the layout's separation counts as touching).
QString overlap(const FocusLayout &layout)
{
    for (std::size_t i = 0; i < layout.nodes.size(); ++i)
        for (std::size_t j = i + 1; j < layout.nodes.size(); ++j) {
            const FocusNodePlacement &a = layout.nodes[i], &b = layout.nodes[j];
            if (std::abs(a.centre.x - b.centre.x) < a.size.width
                && std::abs(a.centre.y - b.centre.y) < a.size.height + kFocusNodeSeparation - 0.01)
                return u"boxes %1 and %2 overlap"_s.arg(i).arg(j);
        }
    return {};
}

}  // namespace

class TestStableFocusLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expandingKeepsEveryOldNode_data()
    {
        QTest::addColumn<bool>("down");
        QTest::newRow("upstream") << false;
        QTest::newRow("downstream") << true;
    }

    void expandingKeepsEveryOldNode()
    {
        QFETCH(bool, down);
        const SnapshotPtr g = generatedGraph(400, 7);
        const SnapshotGraph &graph = *g;
        const double spacing = focusBoxSize(Level::Dataset).width + kFocusLayerGap;
        int expansions = 0, freshMovedOld = 0;
        for (NodeId focus = 0; focus < graph.nodeCount() && expansions < 40; ++focus) {
            if (graph.node(focus).kind != EntityKind::Dataset)
                continue;
            FocusStep step = stepOn(graph.keyString(focus));
            const FocusLayout before = layoutFocus(graph, focusRequest(graph, step));
            // Expand every shown node one layer away that has something more to show.
            for (std::size_t k = 0; k < before.subgraph.nodes.size() && expansions < 40; ++k) {
                if (before.subgraph.distance[k] != (down ? 1 : -1))
                    continue;
                const NodeId from = before.subgraph.nodes[k];
                FocusStep expanded = step;
                (down ? expanded.expandDown : expanded.expandUp) << graph.keyString(from);
                const FocusRequest request = focusRequest(graph, expanded);
                const FocusLayout after = layoutFocusKeeping(graph, request, before, from);
                if (after.subgraph.nodes.size() == before.subgraph.nodes.size())
                    continue;  // nothing more that way
                ++expansions;
                const auto was = centres(before), now = centres(after);
                // Every old node exactly where it was; the expanded one included.
                for (const auto &[node, c] : was) {
                    QVERIFY2(now.count(node), qPrintable(graph.keyString(node)));
                    QCOMPARE(now.at(node).x, c.x);
                    QCOMPARE(now.at(node).y, c.y);
                }
                QCOMPARE(now.at(from).x - was.at(from).x, 0.0);
                QCOMPARE(now.at(from).y - was.at(from).y, 0.0);
                // So each layer keeps its order: the old nodes of a layer, filtered from the
                // new order, are the old order.
                const auto oldOrder = layerOrder(before), newOrder = layerOrder(after);
                for (const auto &[x, nodes] : oldOrder) {
                    std::vector<NodeId> kept;
                    for (const NodeId n : newOrder.at(x))
                        if (was.count(n))
                            kept.push_back(n);
                    QCOMPARE(kept, nodes);
                }
                // New nodes: one layer beside the expanded node, nothing overlapping.
                for (const auto &[node, c] : now)
                    if (!was.count(node))
                        QCOMPARE(c.x, was.at(from).x + (down ? spacing : -spacing));
                QCOMPARE(overlap(after), QString());
                QCOMPARE(after.edgePoints.size(), after.subgraph.edges.size());
                // A fresh layout of the same neighbourhood would have moved old nodes
                // relative to the expanded one (else this test proves nothing).
                const auto freshAt = centres(layoutFocus(graph, request));
                const LayoutPoint f = freshAt.at(from), o = was.at(from);
                freshMovedOld += std::any_of(was.begin(), was.end(), [&](const auto &p) {
                    return std::abs((freshAt.at(p.first).x - f.x) - (p.second.x - o.x)) > 0.5
                        || std::abs((freshAt.at(p.first).y - f.y) - (p.second.y - o.y)) > 0.5;
                });
            }
        }
        QVERIFY2(expansions >= 20, qPrintable(QString::number(expansions)));
        QVERIFY2(freshMovedOld >= 5, qPrintable(u"%1 of %2"_s.arg(freshMovedOld).arg(expansions)));
    }

    void newNodesGoBesideTheExpandedNode()
    {
        // c's upstream: b and u; b's own upstream a and k come in on b's height, left of it.
        const SnapshotPtr g = test::graphFromText(u"a->b; k->b; b->c; u->c; c->d"_s);
        FocusStep step = stepOn(u"dataset:c"_s);
        const FocusLayout before = layoutFocus(*g, focusRequest(*g, step));
        QCOMPARE(before.subgraph.nodes.size(), std::size_t(4));
        step.expandUp << u"dataset:b"_s;
        const NodeId b = id(*g, "dataset:b");
        const auto kept = layoutSubgraphKeeping(focusSubgraph(*g, focusRequest(*g, step)), before, b);
        QVERIFY(kept);
        QCOMPARE(kept->subgraph.nodes.size(), std::size_t(6));
        const auto now = centres(*kept);
        const LayoutPoint at = now.at(b);
        const double spacing = focusBoxSize(Level::Dataset).width + kFocusLayerGap;
        const double pitch = focusBoxSize(Level::Dataset).height + kFocusNodeSeparation;
        const LayoutPoint a = now.at(id(*g, "dataset:a")), k = now.at(id(*g, "dataset:k"));
        QCOMPARE(a.x, at.x - spacing);
        QCOMPARE(k.x, at.x - spacing);
        // A block of two centred on b (the column to the left was empty).
        QCOMPARE(std::abs(a.y - k.y), pitch);
        QCOMPARE((a.y + k.y) / 2, at.y);
        // New edges run straight between the boxes; old ones keep their routes.
        for (std::size_t e = 0; e < kept->subgraph.edges.size(); ++e) {
            const NodeId from = kept->subgraph.nodes[kept->subgraph.edges[e].first];
            if (from == id(*g, "dataset:a") || from == id(*g, "dataset:k")) {
                QCOMPARE(kept->edgePoints[e].size(), std::size_t(2));
                QVERIFY(!kept->reversed[e]);
            }
        }
    }

    void refusesWhatItCannotKeep()
    {
        const SnapshotPtr g = test::graphFromText(u"a->b; b->c; x->y"_s);
        const FocusLayout before = layoutFocus(*g, focusRequest(*g, stepOn(u"dataset:b"_s)));
        // Another level, or nothing in common: the caller lays out afresh.
        FocusStep product = stepOn(u"dataset:b"_s);
        product.level = Level::Product;
        QVERIFY(!layoutSubgraphKeeping(focusSubgraph(*g, focusRequest(*g, product)), before));
        QVERIFY(!layoutSubgraphKeeping(focusSubgraph(*g, focusRequest(*g, stepOn(u"dataset:x"_s))), before));
        // layoutFocusKeeping then falls back to the fresh layout.
        const FocusLayout fresh = layoutFocusKeeping(*g, focusRequest(*g, stepOn(u"dataset:x"_s)), before, kNoNode);
        QCOMPARE(fresh.subgraph.nodes.size(), std::size_t(2));
        QCOMPARE(fresh.nodes.size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestStableFocusLayout)
#include "tst_stablefocuslayout.moc"
