// Traversal at dataset, product and domain level, checked against a brute-force search on
// random graphs and against Boost.Graph's own breadth_first_search on the same CSR.

#include "graph/traversal.h"
#include "testsupport.h"

#include <boost/graph/breadth_first_search.hpp>

#include <QRandomGenerator>
#include <QTest>

#include <map>
#include <set>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// Reference: plain BFS over an edge list with std::map adjacency, no CSR, no marks reuse.
std::map<NodeId, std::uint32_t> bruteForce(const SnapshotData &data, NodeId start, bool down,
                                           int maxDepth)
{
    std::map<NodeId, std::vector<NodeId>> adj;
    for (const SnapshotEdge &e : data.edges) {
        if (down)
            adj[e.from].push_back(e.to);
        else
            adj[e.to].push_back(e.from);
    }
    std::map<NodeId, std::uint32_t> dist{{start, 0}};
    std::vector<NodeId> frontier{start};
    for (std::uint32_t d = 0; !frontier.empty() && (maxDepth < 0 || int(d) < maxDepth); ++d) {
        std::vector<NodeId> next;
        for (NodeId v : frontier)
            for (NodeId w : adj[v])
                if (dist.emplace(w, d + 1).second)
                    next.push_back(w);
        frontier = std::move(next);
    }
    return dist;
}

std::map<NodeId, std::uint32_t> asMap(const TraversalResult &r)
{
    std::map<NodeId, std::uint32_t> m;
    for (std::size_t i = 0; i < r.nodes.size(); ++i)
        m.emplace(r.nodes[i], r.depth[i]);
    return m;
}

// A random graph over `n` datasets in one product (cycles allowed).
QString randomGraphText(QRandomGenerator &rng, int n, int m)
{
    QStringList stmts;
    for (int i = 0; i < n; ++i)
        stmts << u"n"_s + QString::number(i);
    for (int i = 0; i < m; ++i)
        stmts << u"n"_s + QString::number(rng.bounded(n)) + u"->n"_s
                + QString::number(rng.bounded(n));
    return stmts.join(u';');
}

NodeId id(const SnapshotGraph &g, const char *key)
{
    const auto found = g.find(key);
    if (!found)
        qFatal("no node %s", key);
    return *found;
}

}  // namespace

class TestTraversal : public QObject
{
    Q_OBJECT

private slots:
    void matchesBruteForceOnRandomGraphs_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("edges");
        QTest::addColumn<int>("depth");
        QTest::newRow("sparse, unlimited") << 60 << 70 << -1;
        QTest::newRow("dense, unlimited") << 40 << 200 << -1;
        QTest::newRow("sparse, depth 1") << 60 << 90 << 1;
        QTest::newRow("dense, depth 2") << 50 << 150 << 2;
        QTest::newRow("depth 0 is the start only") << 30 << 60 << 0;
    }
    void matchesBruteForceOnRandomGraphs()
    {
        QFETCH(int, nodes);
        QFETCH(int, edges);
        QFETCH(int, depth);
        QRandomGenerator rng(1234 + nodes * 7 + edges);
        for (int round = 0; round < 20; ++round) {
            const QString text = randomGraphText(rng, nodes, edges);
            SnapshotData data = test::snapshotFromText(text);
            const SnapshotData copy = test::snapshotFromText(text);
            const SnapshotPtr g = SnapshotGraph::build(std::move(data));
            const NodeId start = id(*g, QByteArray("dataset:n" + QByteArray::number(rng.bounded(nodes))));
            for (bool down : {true, false}) {
                const auto got = traverse(*g, start, down ? Direction::Downstream : Direction::Upstream,
                                          depth, Level::Dataset);
                QCOMPARE(asMap(got), bruteForce(copy, start, down, depth));
                QCOMPARE(got.nodes.front(), start);
                QCOMPARE(got.depth.front(), 0u);
            }
            // Both = union of the two walks, each node at its smaller depth.
            auto both = bruteForce(copy, start, true, depth);
            for (auto [n, d] : bruteForce(copy, start, false, depth)) {
                auto [it, inserted] = both.emplace(n, d);
                if (!inserted)
                    it->second = std::min(it->second, d);
            }
            QCOMPARE(asMap(traverse(*g, start, Direction::Both, depth, Level::Dataset)), both);
        }
    }

    void agreesWithBoostBreadthFirstSearch()
    {
        QRandomGenerator rng(99);
        const SnapshotPtr g = test::graphFromText(randomGraphText(rng, 200, 400));
        const LevelGraph &lg = g->level(Level::Dataset);
        std::vector<boost::default_color_type> colour(lg.vertexCount());
        std::set<std::uint32_t> reached;
        struct Recorder : boost::default_bfs_visitor {
            std::set<std::uint32_t> *out;
            void discover_vertex(std::uint32_t v, const LevelGraph::Csr &) const { out->insert(v); }
        } visitor;
        visitor.out = &reached;
        boost::breadth_first_search(lg.graph, 0,
                                    boost::visitor(visitor).color_map(colour.data()));
        const auto ours = traverse(*g, lg.toGlobal[0], Direction::Downstream, kUnlimitedDepth,
                                   Level::Dataset);
        std::set<std::uint32_t> oursLocal;
        for (NodeId n : ours.nodes)
            oursLocal.insert(g->toLocal(n, Level::Dataset));
        QCOMPARE(oursLocal, reached);
    }

    void recordsTheEdgesItWalked()
    {
        const SnapshotPtr g = test::graphFromText(u"a->b; b->c; c->d; x->c"_s);
        const auto r = traverse(*g, id(*g, "dataset:a"), Direction::Downstream, 2, Level::Dataset);
        QCOMPARE(r.nodes.size(), 3u);  // a, b, c
        QCOMPARE(r.edges.size(), 2u);  // a->b, b->c; c->d is beyond depth 2
        const auto &lg = g->level(Level::Dataset);
        std::set<std::pair<std::string_view, std::string_view>> walked;
        for (std::uint32_t e : r.edges) {
            for (std::uint32_t v = 0; v < lg.vertexCount(); ++v)
                for (auto [it, end] = out_edges(v, lg.graph); it != end; ++it)
                    if (get(boost::edge_index, lg.graph, *it) == e)
                        walked.emplace(g->key(lg.toGlobal[v]),
                                       g->key(lg.toGlobal[target(*it, lg.graph)]));
        }
        QVERIFY(walked.count({"dataset:a", "dataset:b"}));
        QVERIFY(walked.count({"dataset:b", "dataset:c"}));
    }

    void aggregatesProductAndDomainLevels()
    {
        // Two edges p1->p2 (a->c, b->c), one p2->p3 across domains, one inside p1.
        const SnapshotPtr g = test::graphFromText(
            u"sales/p1: a->b; sales/p2: c; a->c; b->c; ops/p3: z; c->z"_s);
        const LevelGraph &products = g->level(Level::Product);
        QCOMPARE(products.vertexCount(), 3u);
        QCOMPARE(products.edgeCount(), 2u);
        std::map<std::string, std::uint32_t> weights;
        for (std::uint32_t v = 0; v < products.vertexCount(); ++v)
            for (auto [it, end] = out_edges(v, products.graph); it != end; ++it)
                weights[std::string(g->key(products.toGlobal[v])) + ">"
                        + std::string(g->key(products.toGlobal[target(*it, products.graph)]))] =
                    products.weight[get(boost::edge_index, products.graph, *it)];
        const std::map<std::string, std::uint32_t> expected{
            {"product:sales.p1>product:sales.p2", 2}, {"product:sales.p2>product:ops.p3", 1}};
        QCOMPARE(weights, expected);

        const LevelGraph &domains = g->level(Level::Domain);
        QCOMPARE(domains.vertexCount(), 2u);
        QCOMPARE(domains.edgeCount(), 1u);
        QCOMPARE(domains.weight[0], 1u);

        // A dataset as the start of a product-level walk stands for its product.
        const auto r = traverse(*g, id(*g, "dataset:a"), Direction::Downstream, kUnlimitedDepth,
                                Level::Product);
        QCOMPARE(r.nodes.size(), 3u);
        QCOMPARE(g->key(r.nodes[0]), std::string_view("product:sales.p1"));
        QCOMPARE(g->key(r.nodes[2]), std::string_view("product:ops.p3"));
        QCOMPARE(r.depth[2], 2u);
        const auto up = traverse(*g, id(*g, "dataset:z"), Direction::Upstream, 1, Level::Domain);
        QCOMPARE(up.nodes.size(), 2u);
        QCOMPARE(g->key(up.nodes[1]), std::string_view("domain:sales"));
    }

    void startWithoutRepresentativeGivesEmptyResult()
    {
        const SnapshotPtr g = test::graphFromText(u"a->b"_s);
        // A domain has no dataset-level representative.
        const auto r = traverse(*g, id(*g, "domain:d"), Direction::Downstream, -1, Level::Dataset);
        QVERIFY(r.nodes.empty());
        QVERIFY(traverse(*g, kNoNode, Direction::Both, -1, Level::Product).nodes.empty());
    }

    void cancelStopsEarly()
    {
        QStringList chain;
        for (int i = 0; i < 20000; ++i)
            chain << u"c"_s + QString::number(i);
        const SnapshotPtr g = test::graphFromText(chain.join(u"->"_s));
        std::atomic_bool cancel{true};
        const auto r = traverse(*g, id(*g, "dataset:c0"), Direction::Downstream, -1,
                                Level::Dataset, &cancel);
        QVERIFY(r.nodes.size() < 20000u);
        const auto full = traverse(*g, id(*g, "dataset:c0"), Direction::Downstream, -1,
                                   Level::Dataset);
        QCOMPARE(full.nodes.size(), 20000u);
        QCOMPARE(full.depth.back(), 19999u);
    }
};

QTEST_GUILESS_MAIN(TestTraversal)
#include "tst_traversal.moc"
