// The snapshot graph's indexes: key lookup, kinds, children, ancestors, ports.

#include "mesh/snapshotgraph.h"
#include "testsupport.h"

#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

class TestSnapshotGraph : public QObject
{
    Q_OBJECT

private slots:
    void findsEveryKeyAndNothingElse()
    {
        QStringList stmts;
        for (int i = 0; i < 5000; ++i)
            stmts << u"ds"_s + QString::number(i) + u"->ds"_s + QString::number(i + 1);
        const SnapshotPtr g = test::graphFromText(stmts.join(u';'));
        QCOMPARE(g->nodeCount(), 5001u + 2u);  // datasets + domain + product
        for (NodeId id = 0; id < g->nodeCount(); ++id)
            QCOMPARE(g->find(g->key(id)), std::optional<NodeId>(id));
        QCOMPARE(g->find("dataset:ds5001"), std::nullopt);
        QCOMPARE(g->find(""), std::nullopt);
        QCOMPARE(g->edgeCount(), 5000u);
    }

    void groupsByKindAndParent()
    {
        const SnapshotPtr g = test::graphFromText(u"sales/orders: a->b; ops/ship: c; b->c"_s);
        QCOMPARE(g->nodesOfKind(EntityKind::Domain).size(), 2u);
        QCOMPARE(g->nodesOfKind(EntityKind::Product).size(), 2u);
        QCOMPARE(g->nodesOfKind(EntityKind::Dataset).size(), 3u);
        QCOMPARE(g->nodesOfKind(EntityKind::Job).size(), 0u);
        const NodeId orders = *g->find("product:sales.orders");
        const auto kids = g->children(orders);
        QCOMPARE(kids.size(), 2u);
        QCOMPARE(g->key(kids[0]), std::string_view("dataset:a"));
        const NodeId c = *g->find("dataset:c");
        QCOMPARE(g->ancestor(c, EntityKind::Domain), *g->find("domain:ops"));
        QCOMPARE(g->ancestor(c, EntityKind::Product), *g->find("product:ops.ship"));
        QCOMPARE(g->ancestor(c, EntityKind::Dataset), c);
        QCOMPARE(g->ancestor(c, EntityKind::Port), kNoNode);
        QVERIFY(g->memoryBytes() > 0);
    }

    void keepsPortDatasetsAndDropsBadReferences()
    {
        SnapshotData data = test::snapshotFromText(u"a->b"_s);
        const NodeId product = 1;  // domain 0, product 1 in snapshotFromText's order
        SnapshotNode port;
        port.kind = EntityKind::Port;
        port.parent = product;
        port.key = data.strings.add("port:out");
        data.nodes.push_back(port);
        const NodeId portId = NodeId(data.nodes.size() - 1);
        data.portDatasets = {{portId, 3}, {portId, 2}, {portId, 9999}, {9999, 2}};
        data.edges.push_back({2, 9999, kNoNode});       // dangling: dropped
        data.nodes[2].parent = 777777;                  // dangling parent: treated as none
        const SnapshotPtr g = SnapshotGraph::build(std::move(data));
        const auto ds = g->portDatasets(portId);
        QCOMPARE(ds.size(), 2u);
        QCOMPARE(g->node(2).parent, kNoNode);
        QCOMPARE(g->edgeCount(), 1u);
        QCOMPARE(g->representative(2, Level::Product), kNoNode);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotGraph)
#include "tst_snapshotgraph.moc"
