// The navigator tree and the inspector's properties table, through QAbstractItemModelTester
// (fatal) on fixture snapshots, plus their labels, counts, roles and the recursive filter.

#include "itemmodels/displaytext.h"
#include "itemmodels/healthrollup.h"
#include "itemmodels/meshtreemodel.h"
#include "itemmodels/nodepropertiesmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

using Tree = MeshTreeModel;
using Props = NodePropertiesModel;

NodeId addNode(SnapshotData &data, EntityKind kind, const char *key, const char *name, NodeId parent)
{
    SnapshotNode node;
    node.kind = kind;
    node.parent = parent;
    node.key = data.strings.add(key);
    node.name = data.strings.add(name);
    data.nodes.push_back(node);
    return NodeId(data.nodes.size() - 1);
}

NodeId findKey(const SnapshotGraph &graph, const char *key)
{
    const auto id = graph.find(key);
    return id ? *id : kNoNode;
}

// Two domains plus what the text form cannot say: a port, a job, a product without a
// domain and a dataset without a product.
SnapshotPtr richGraph()
{
    SnapshotData data = test::snapshotFromText(u"sales/orders: raw_orders->orders; orders->revenue; "
                                               "finance/ledger: revenue->ledger; ledger->report"_s);
    NodeId orders = kNoNode;
    for (NodeId i = 0; i < data.nodes.size(); ++i) {
        if (data.strings.view(data.nodes[i].key) == "product:sales.orders")
            orders = i;
    }
    const NodeId port = addNode(data, EntityKind::Port, "port:sales.orders/out", "orders-out", orders);
    data.nodes[port].direction = std::uint8_t(PortDirection::Output);
    addNode(data, EntityKind::Job, "job:sales.build_orders", "build_orders", orders);
    const NodeId lone = addNode(data, EntityKind::Product, "product:lone", "lone", kNoNode);
    addNode(data, EntityKind::Dataset, "dataset:lone_table", "lone_table", lone);
    addNode(data, EntityKind::Dataset, "dataset:stray", "stray", kNoNode);
    return SnapshotGraph::build(std::move(data));
}

// Parents of the wrong kind (a dataset under a domain, a product under a product): the
// tree must still give every node exactly one place.
SnapshotPtr malformedGraph()
{
    SnapshotData data = test::snapshotFromText(u"d/p: a->b"_s);
    const NodeId domain = 0, product = 1;  // made first by the text form
    addNode(data, EntityKind::Dataset, "dataset:under_domain", "under_domain", domain);
    addNode(data, EntityKind::Product, "product:nested", "nested", product);
    addNode(data, EntityKind::Job, "job:dangling", "dangling", NodeId(999));
    return SnapshotGraph::build(std::move(data));
}

QString display(const QAbstractItemModel &model, const QModelIndex &index, int column = 0)
{
    return model.index(index.row(), column, index.parent()).data().toString();
}

QModelIndex childNamed(const QAbstractItemModel &model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        if (i.data().toString() == name)
            return i;
    }
    return {};
}

// Walks every row: index/parent round trips and hasChildren agreeing with rowCount.
int walk(const QAbstractItemModel &model, const QModelIndex &parent)
{
    int rows = 0;
    for (int r = 0; r < model.rowCount(parent); ++r) {
        for (int c = 0; c < model.columnCount(parent); ++c) {
            const QModelIndex i = model.index(r, c, parent);
            if (i.parent() != parent || !i.isValid())
                return -1;
        }
        const QModelIndex i = model.index(r, 0, parent);
        if (model.hasChildren(i) != (model.rowCount(i) > 0))
            return -1;
        const int below = walk(model, i);
        if (below < 0)
            return -1;
        rows += 1 + below;
    }
    return rows;
}

}  // namespace

class TestItemModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayText();
    void treeModelTester_data();
    void treeModelTester();
    void treeStructure();
    void unassignedAndGroups();
    void indexForEveryNode();
    void recursiveFilter();
    void propertiesOfDataset();
    void propertiesOfProductAndDomain();
    void freshness();
    void healthRollsUp();
    void largeMeshStaysLazy();
};

void TestItemModels::displayText()
{
    QCOMPARE(countText(1, EntityKind::Product), u"1 product"_s);
    QCOMPARE(countText(12, EntityKind::Product), u"12 products"_s);
    QCOMPARE(countText(0, EntityKind::Dataset), u"0 datasets"_s);
    QCOMPARE(countText(1000000, EntityKind::Dataset), u"1\u2009000\u2009000 datasets"_s);
    QCOMPARE(durationText(45), u"45 s"_s);
    QCOMPARE(durationText(3 * 3600 + 20 * 60), u"3 h 20 min"_s);
    QCOMPARE(durationText(2 * 86400 + 300), u"2 d"_s);
    QCOMPARE(timeText(0), u"\u2014"_s);
    QCOMPARE(timeText(1748736000000), u"2025-06-01 00:00 UTC"_s);
}

void TestItemModels::treeModelTester_data()
{
    QTest::addColumn<QString>("text");  // the text form, or "rich" / "malformed"
    QTest::newRow("empty") << QString();
    QTest::newRow("one product") << u"a->b; b->c"_s;
    QTest::newRow("two domains") << u"d1/p1: a->b; b->c; d2/p2: c->x"_s;
    QTest::newRow("cycle") << u"d1/p1: a->b; d2/p2: b->c; d1/p1: c->a"_s;
    QTest::newRow("ports, jobs, unassigned") << u"rich"_s;
    QTest::newRow("malformed parents") << u"malformed"_s;
}

void TestItemModels::treeModelTester()
{
    QFETCH(QString, text);
    const auto fixture = [&text] {
        if (text == u"rich")
            return richGraph();
        if (text == u"malformed")
            return malformedGraph();
        return test::graphFromText(text);
    };
    Tree model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const SnapshotPtr graph = fixture();
    model.setSnapshot(graph);
    const int rows = walk(model, {});
    QVERIFY(rows >= 0);
    // Every node is reachable, exactly where indexForNode says.
    for (NodeId id = 0; id < graph->nodeCount(); ++id) {
        const QModelIndex index = model.indexForNode(id);
        QVERIFY2(index.isValid(), qPrintable(graph->keyString(id)));
        QCOMPARE(model.index(index.row(), 0, index.parent()), index);
    }
    // And again after a reload, with members already grouped.
    model.setSnapshot(fixture());
    QCOMPARE(walk(model, {}), rows);
    model.setSnapshot(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestItemModels::treeStructure()
{
    Tree model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const SnapshotPtr graph = test::graphFromText(u"d2/p2: c->x; d1/p1: a->b; b->c"_s);
    model.setSnapshot(graph);

    QCOMPARE(model.rowCount(), 2);  // the domains, by name
    const QModelIndex d1 = model.index(0, 0);
    QCOMPARE(d1.data().toString(), u"d1"_s);
    QCOMPARE(display(model, d1, Tree::ContentsColumn), u"1 product"_s);
    QCOMPARE(d1.data(Tree::KindRole).toInt(), int(EntityKind::Domain));
    QCOMPARE(d1.data(Tree::KeyRole).toString(), u"domain:d1"_s);
    QCOMPARE(NodeId(d1.data(Tree::NodeIdRole).toUInt()), findKey(*graph, "domain:d1"));
    QCOMPARE(d1.data(Tree::ItemTypeRole).toInt(), int(Tree::ItemType::Node));

    QCOMPARE(model.rowCount(d1), 1);
    const QModelIndex p1 = model.index(0, 0, d1);
    QCOMPARE(p1.data().toString(), u"p1"_s);
    QCOMPARE(p1.data(Tree::KindRole).toInt(), int(EntityKind::Product));
    // c is named in d2's statement first, so it lives in p2: p1 holds a and b.
    QCOMPARE(display(model, p1, Tree::ContentsColumn), u"2 datasets"_s);

    QCOMPARE(model.rowCount(p1), 1);  // only a "Datasets" group: no ports or jobs
    const QModelIndex group = model.index(0, 0, p1);
    QCOMPARE(group.data().toString(), u"Datasets"_s);
    QCOMPARE(group.data(Tree::ItemTypeRole).toInt(), int(Tree::ItemType::Group));
    QCOMPARE(group.data(Tree::KindRole).toInt(), int(EntityKind::Dataset));
    QVERIFY(!group.data(Tree::NodeIdRole).isValid());
    QCOMPARE(model.nodeAt(group), kNoNode);
    QCOMPARE(display(model, group, Tree::ContentsColumn), u"2 datasets"_s);

    QCOMPARE(model.rowCount(group), 2);
    const QModelIndex a = model.index(0, 0, group);
    QCOMPARE(a.data().toString(), u"a"_s);
    QCOMPARE(a.data(Tree::KeyRole).toString(), u"dataset:a"_s);
    QCOMPARE(a.data(Qt::ToolTipRole).toString(), u"dataset:a"_s);
    QCOMPARE(a.data(Tree::KindRole).toInt(), int(EntityKind::Dataset));
    QCOMPARE(a.data(Tree::HealthRole).toInt(), int(HealthState::Unknown));
    QCOMPARE(model.nodeAt(a), findKey(*graph, "dataset:a"));
    QVERIFY(model.flags(a) & Qt::ItemNeverHasChildren);
    QVERIFY(!model.hasChildren(a));
    QCOMPARE(model.index(1, 0, group).data().toString(), u"b"_s);
}

void TestItemModels::unassignedAndGroups()
{
    Tree model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const SnapshotPtr graph = richGraph();
    model.setSnapshot(graph);

    QCOMPARE(model.rowCount(), 3);  // finance, sales, Unassigned
    QCOMPARE(model.index(0, 0).data().toString(), u"finance"_s);
    QCOMPARE(model.index(1, 0).data().toString(), u"sales"_s);
    const QModelIndex unassigned = model.index(2, 0);
    QCOMPARE(unassigned.data().toString(), u"Unassigned"_s);
    QCOMPARE(unassigned.data(Tree::ItemTypeRole).toInt(), int(Tree::ItemType::Unassigned));
    QCOMPARE(display(model, unassigned, Tree::ContentsColumn), u"1 product, 1 dataset"_s);
    QCOMPARE(model.rowCount(unassigned), 2);  // the product "lone", then the stray datasets
    QCOMPARE(model.index(0, 0, unassigned).data().toString(), u"lone"_s);
    const QModelIndex strays = model.index(1, 0, unassigned);
    QCOMPARE(strays.data().toString(), u"Datasets"_s);
    QCOMPARE(model.index(0, 0, strays).data().toString(), u"stray"_s);
    QCOMPARE(model.index(0, 0, strays).parent(), strays);

    const QModelIndex orders = childNamed(model, model.index(1, 0), u"orders"_s);
    QVERIFY(orders.isValid());
    QCOMPARE(model.rowCount(orders), 3);  // Ports, Datasets, Jobs, in that order
    QCOMPARE(model.index(0, 0, orders).data().toString(), u"Ports"_s);
    QCOMPARE(model.index(1, 0, orders).data().toString(), u"Datasets"_s);
    QCOMPARE(model.index(2, 0, orders).data().toString(), u"Jobs"_s);
    QCOMPARE(display(model, model.index(0, 0, orders), Tree::ContentsColumn), u"1 port"_s);
    QCOMPARE(display(model, model.index(2, 0, orders), Tree::ContentsColumn), u"1 job"_s);
    const QModelIndex job = model.index(0, 0, model.index(2, 0, orders));
    QCOMPARE(job.data().toString(), u"build_orders"_s);
    QCOMPARE(job.data(Tree::KindRole).toInt(), int(EntityKind::Job));
    QCOMPARE(job.parent().parent(), orders);
}

void TestItemModels::indexForEveryNode()
{
    Tree model;
    const SnapshotPtr graph = richGraph();
    model.setSnapshot(graph);
    for (NodeId id = 0; id < graph->nodeCount(); ++id) {
        const QModelIndex index = model.indexForNode(id);
        QVERIFY2(index.isValid(), qPrintable(graph->keyString(id)));
        QCOMPARE(model.nodeAt(index), id);
        QCOMPARE(index.data(Tree::KeyRole).toString(), graph->keyString(id));
        // The index is the one the tree reaches from its parent.
        QCOMPARE(model.index(index.row(), 0, index.parent()), index);
    }
    QVERIFY(!model.indexForNode(graph->nodeCount()).isValid());
    QVERIFY(!model.indexForNode(kNoNode).isValid());
}

void TestItemModels::recursiveFilter()
{
    Tree model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setAutoAcceptChildRows(true);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSnapshot(test::graphFromText(u"d1/p1: a->b; b->c; d2/p2: c->xyz"_s));

    proxy.setFilterFixedString(u"XY"_s);
    QCOMPARE(proxy.rowCount(), 1);
    const QModelIndex d2 = proxy.index(0, 0);
    QCOMPARE(d2.data().toString(), u"d2"_s);
    const QModelIndex datasets = proxy.index(0, 0, proxy.index(0, 0, d2));
    QCOMPARE(proxy.rowCount(datasets), 1);
    QCOMPARE(proxy.index(0, 0, datasets).data().toString(), u"xyz"_s);

    // A matching product keeps everything under it.
    proxy.setFilterFixedString(u"p1"_s);
    QCOMPARE(proxy.rowCount(), 1);
    const QModelIndex p1 = proxy.index(0, 0, proxy.index(0, 0));
    QCOMPARE(p1.data().toString(), u"p1"_s);
    QCOMPARE(proxy.rowCount(proxy.index(0, 0, p1)), 3);

    proxy.setFilterFixedString(u"nothing-matches"_s);
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setFilterFixedString(QString());
    QCOMPARE(proxy.rowCount(), 2);
    QVERIFY(walk(proxy, {}) >= 0);
}

void TestItemModels::propertiesOfDataset()
{
    Props model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const SnapshotPtr graph = test::graphFromText(u"d1/p1: a->b; b->c; d2/p2: c->x"_s);
    model.setSnapshot(graph);
    QCOMPARE(model.rowCount(), 0);

    const NodeId b = findKey(*graph, "dataset:b");
    model.setNode(b);
    QCOMPARE(model.node(), b);
    const auto value = [&](Props::Property p) {
        const int row = model.rowOf(p);
        return row < 0 ? u"<missing>"_s : model.index(row, Props::ValueColumn).data().toString();
    };
    QCOMPARE(value(Props::Property::Key), u"dataset:b"_s);
    QCOMPARE(value(Props::Property::Kind), u"Dataset"_s);
    QCOMPARE(value(Props::Property::Name), u"b"_s);
    QCOMPARE(value(Props::Property::Owner), u"\u2014"_s);
    QCOMPARE(value(Props::Property::Product), u"p1"_s);
    QCOMPARE(value(Props::Property::Domain), u"d1"_s);
    QCOMPARE(value(Props::Property::Quality), u"Unknown"_s);
    QCOMPARE(value(Props::Property::Upstream), u"1 dataset"_s);
    QCOMPARE(value(Props::Property::Downstream), u"1 dataset"_s);
    QCOMPARE(model.rowOf(Props::Property::Tier), -1);  // products only
    QVERIFY(model.rowOf(Props::Property::Namespace) >= 0);

    const int productRow = model.rowOf(Props::Property::Product);
    QCOMPARE(model.index(productRow, Props::LabelColumn).data().toString(), u"Product"_s);
    QCOMPARE(NodeId(model.index(productRow, Props::ValueColumn).data(Props::NodeIdRole).toUInt()),
             findKey(*graph, "product:d1.p1"));
    const int qualityRow = model.rowOf(Props::Property::Quality);
    QCOMPARE(model.index(qualityRow, 1).data(Props::HealthRole).toInt(), int(HealthState::Unknown));
    QCOMPARE(model.index(model.rowOf(Props::Property::Upstream), 1).data(Props::RawValueRole).toLongLong(), 1);

    model.setNode(kNoNode);
    QCOMPARE(model.rowCount(), 0);
    model.setNode(b);
    model.setSnapshot(graph);  // a reload forgets the node: ids belong to one snapshot
    QCOMPARE(model.node(), kNoNode);
    QCOMPARE(model.rowCount(), 0);
}

void TestItemModels::propertiesOfProductAndDomain()
{
    Props model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const SnapshotPtr graph = test::graphFromText(u"d1/p1: a->b; b->c; d2/p2: c->x; d2/p3: x->y"_s);
    model.setSnapshot(graph);
    const auto value = [&](Props::Property p) {
        const int row = model.rowOf(p);
        return row < 0 ? u"<missing>"_s : model.index(row, Props::ValueColumn).data().toString();
    };

    model.setNode(findKey(*graph, "product:d2.p2"));
    QCOMPARE(value(Props::Property::Kind), u"Product"_s);
    QCOMPARE(value(Props::Property::Domain), u"d2"_s);
    QCOMPARE(model.rowOf(Props::Property::Product), -1);
    QVERIFY(model.rowOf(Props::Property::Tier) >= 0);
    QCOMPARE(value(Props::Property::Contents), u"1 dataset"_s);  // x (c was named in p1)
    QCOMPARE(value(Props::Property::Upstream), u"1 product"_s);   // p1 (b->c)
    QCOMPARE(value(Props::Property::Downstream), u"1 product"_s); // p3 (x->y)

    model.setNode(findKey(*graph, "domain:d2"));
    QCOMPARE(value(Props::Property::Kind), u"Domain"_s);
    QCOMPARE(value(Props::Property::Contents), u"2 products"_s);
    QCOMPARE(model.rowOf(Props::Property::Domain), -1);
    QCOMPARE(model.rowOf(Props::Property::NewestData), -1);
    QCOMPARE(value(Props::Property::Upstream), u"1 domain"_s);
    QCOMPARE(value(Props::Property::Downstream), u"0 domains"_s);
}

void TestItemModels::freshness()
{
    SnapshotData data = test::snapshotFromText(u"d/p: a->b"_s);
    const Timestamp t0 = 1748736000000;  // 2025-06-01T00:00:00Z
    for (SnapshotNode &node : data.nodes) {
        if (data.strings.view(node.key) == "dataset:a") {
            node.newestData = t0;
            node.freshnessSlaSeconds = 3600;
            node.quality = HealthState::Fail;
        }
        if (data.strings.view(node.key) == "dataset:b")
            node.freshnessSlaSeconds = 600;
    }
    const SnapshotPtr graph = SnapshotGraph::build(std::move(data));
    Props model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSnapshot(graph);
    model.setReferenceTime(t0 + 3 * 3600 * 1000);
    model.setNode(findKey(*graph, "dataset:a"));
    const auto value = [&](Props::Property p) {
        const int row = model.rowOf(p);
        return row < 0 ? u"<missing>"_s : model.index(row, Props::ValueColumn).data().toString();
    };
    QCOMPARE(value(Props::Property::NewestData), u"2025-06-01 00:00 UTC (3 h ago)"_s);
    QCOMPARE(value(Props::Property::FreshnessSla), u"1 h"_s);
    QCOMPARE(value(Props::Property::Freshness), u"Late by 2 h (stale: more than twice the SLA)"_s);
    model.setReferenceTime(t0 + 3600 * 1000 + 30 * 60 * 1000);  // 1.5 SLAs old: late, not stale
    model.setNode(findKey(*graph, "dataset:a"));
    QCOMPARE(value(Props::Property::Freshness), u"Late by 30 min"_s);
    model.setReferenceTime(t0 + 3 * 3600 * 1000);
    model.setNode(findKey(*graph, "dataset:a"));
    QCOMPARE(value(Props::Property::Quality), u"Fail"_s);

    model.setNode(findKey(*graph, "dataset:b"));  // an SLA but no observation: unknown
    QCOMPARE(value(Props::Property::NewestData), u"\u2014"_s);
    QCOMPARE(value(Props::Property::Freshness), u"Unknown (no observation)"_s);
}

void TestItemModels::healthRollsUp()
{
    // p1: a pass, b warn; p2: c pass only; p3: d without results; d2 holds p2 and p3.
    SnapshotData data = test::snapshotFromText(u"d1/p1: a->b; d2/p2: c; d2/p3: d"_s);
    const auto set = [&data](const char *key, HealthState state) {
        for (SnapshotNode &node : data.nodes) {
            if (data.strings.view(node.key) == key)
                node.quality = state;
        }
    };
    set("dataset:a", HealthState::Pass);
    set("dataset:b", HealthState::Warn);
    set("dataset:c", HealthState::Pass);
    NodeId p1 = kNoNode;
    for (NodeId i = 0; i < data.nodes.size(); ++i) {
        if (data.strings.view(data.nodes[i].key) == "product:d1.p1")
            p1 = i;
    }
    const NodeId port = addNode(data, EntityKind::Port, "port:p1/out", "out", p1);
    data.portDatasets.emplace_back(port, 0);  // exposes a (node 2: d1, p1, a, b)
    const NodeId job = addNode(data, EntityKind::Job, "job:p1", "job", p1);
    const SnapshotPtr graph = SnapshotGraph::build(std::move(data));

    const auto all = HealthRollup::all(*graph);
    const auto check = [&](const char *key, HealthState expected) {
        const NodeId id = findKey(*graph, key);
        QCOMPARE(all[id], expected);
        QCOMPARE(HealthRollup::of(*graph, id), expected);
    };
    check("product:d1.p1", HealthState::Warn);   // worst of pass and warn; the job is ignored
    check("domain:d1", HealthState::Warn);
    check("product:d2.p2", HealthState::Pass);
    check("product:d2.p3", HealthState::Unknown);  // no results is not "ok"
    check("domain:d2", HealthState::Unknown);
    QCOMPARE(all[job], HealthState::Unknown);
    QCOMPARE(all[port], graph->node(graph->portDatasets(port)[0]).quality);

    Tree model;
    model.setSnapshot(graph);
    QCOMPARE(model.indexForNode(findKey(*graph, "domain:d1")).data(Tree::HealthRole).toInt(),
             int(HealthState::Warn));
    const QModelIndex p1Index = model.indexForNode(findKey(*graph, "product:d1.p1"));
    QCOMPARE(p1Index.data(Tree::HealthRole).toInt(), int(HealthState::Warn));
    const QModelIndex datasets = childNamed(model, p1Index, u"Datasets"_s);
    QCOMPARE(datasets.data(Tree::HealthRole).toInt(), int(HealthState::Warn));

    Props props;
    props.setSnapshot(graph);
    props.setNode(findKey(*graph, "product:d1.p1"));
    QCOMPARE(props.index(props.rowOf(Props::Property::Quality), 1).data().toString(),
             u"Warn (worst of its datasets)"_s);
}

void TestItemModels::largeMeshStaysLazy()
{
    // 300 000 datasets in 3 000 products: the model is ready without grouping any product,
    // and opening one product costs only that product.
    SnapshotData data;
    constexpr int kDomains = 30, kProducts = 3000, kDatasets = 300000;
    data.strings.reserve(kDatasets + kProducts + kDomains + 1, std::size_t(kDatasets) * 24);
    data.nodes.reserve(kDatasets + kProducts + kDomains);
    for (int d = 0; d < kDomains; ++d) {
        const QByteArray key = "domain:" + QByteArray::number(d);
        addNode(data, EntityKind::Domain, key.constData(), key.constData() + 7, kNoNode);
    }
    for (int p = 0; p < kProducts; ++p) {
        const QByteArray key = "product:" + QByteArray::number(p);
        addNode(data, EntityKind::Product, key.constData(), key.constData() + 8, NodeId(p % kDomains));
    }
    for (int i = 0; i < kDatasets; ++i) {
        const QByteArray key = "dataset:t" + QByteArray::number(i);
        addNode(data, EntityKind::Dataset, key.constData(), key.constData() + 8,
                NodeId(kDomains + i % kProducts));
    }
    const SnapshotPtr graph = SnapshotGraph::build(std::move(data));

    Tree model;
    QElapsedTimer timer;
    timer.start();
    model.setSnapshot(graph);
    QCOMPARE(model.rowCount(), kDomains);
    const QModelIndex domain = model.index(0, 0);
    QCOMPARE(model.rowCount(domain), kProducts / kDomains);
    const QModelIndex product = model.index(0, 0, domain);
    QCOMPARE(display(model, product, Tree::ContentsColumn), u"100 datasets"_s);
    QCOMPARE(model.rowCount(model.index(0, 0, product)), kDatasets / kProducts);
    const auto elapsed = timer.elapsed();
    qInfo("set snapshot of %d datasets and open one product: %lld ms", kDatasets, qint64(elapsed));
    // Generous: a debug build on a shared machine. Linear work per click would be seconds.
    QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));

    // Finding a dataset's row walks only its product.
    const NodeId last = graph->nodeCount() - 1;
    QCOMPARE(model.nodeAt(model.indexForNode(last)), last);
}

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
