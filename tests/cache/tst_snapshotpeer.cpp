// The snapshot loader reads a big cache on two connections (snapshotpeer.h): the result must
// be exactly what one connection reads, and the two must never mix two commits.
#include "cache/meshcache.h"
#include "cache/snapshotpeer.h"
#include "mesh/snapshotgraph.h"
#include "cachefixtures.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace meshlens;
using meshlens::test::syntheticBatch;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kT1 = 1'750'000'000'000;
constexpr Timestamp kT2 = kT1 + 86'400'000;

/// One line per node and edge, by keys and texts, so two loads compare whatever their ids.
QStringList describe(const SnapshotData &data)
{
    QStringList lines;
    lines.reserve(qsizetype(data.nodes.size() + data.edges.size()));
    const auto text = [&](StringPool::Id id) { return data.strings.string(id); };
    const auto keyOf = [&](NodeId n) {
        return n == kNoNode ? u"-"_s : text(data.nodes[n].key);
    };
    for (const SnapshotNode &n : data.nodes)
        lines << u"%1 %2 name=%3 owner=%4 detail=%5 parent=%6 dir=%7 id=%8 q=%9 data=%10 sla=%11"_s
                     .arg(int(n.kind))
                     .arg(text(n.key), text(n.name), text(n.owner), text(n.detail), keyOf(n.parent))
                     .arg(n.direction)
                     .arg(n.cacheId)
                     .arg(int(n.quality))
                     .arg(n.newestData)
                     .arg(n.freshnessSlaSeconds);
    for (const SnapshotEdge &e : data.edges)
        lines << u"edge %1 -> %2 by %3"_s.arg(keyOf(e.from), keyOf(e.to), keyOf(e.job));
    for (const auto &[port, dataset] : data.portDatasets)
        lines << u"port %1 exposes %2"_s.arg(keyOf(port), keyOf(dataset));
    return lines;
}

/// syntheticBatch() with what the loader reads after the nodes and edges (on the peer, for a
/// big cache): an output port per product over its first datasets, and freshness contracts,
/// on every product and on some datasets of their own.
IngestBatch batchWithPortsAndContracts(const QString &tag, int datasets, Timestamp t)
{
    IngestBatch b = syntheticBatch(tag, datasets, t);
    for (std::size_t p = 0; p < b.products.size(); ++p) {
        Port port;
        port.key = u"port:"_s + b.products[p].key + u".out"_s;
        port.name = u"out"_s;
        port.productKey = b.products[p].key;
        for (std::size_t i = p * 1000; i < p * 1000 + 20 && i < b.datasets.size(); ++i)
            port.datasetKeys << b.datasets[i].key;
        b.ports.push_back(port);
        b.contracts.push_back({u"contract:"_s + b.products[p].key, b.products[p].key, QString(),
            qint64(3600 * (p + 1)), u"1"_s, t});
    }
    for (std::size_t i = 0; i < b.datasets.size(); i += 101)
        b.contracts.push_back({u"contract:"_s + b.datasets[i].key, b.datasets[i].productKey,
            b.datasets[i].key, 600, u"1"_s, t});
    return b;
}

Result<SnapshotData> load(const QString &path, Timestamp asOf, bool oneConnection)
{
    if (oneConnection)
        qputenv("MESHLENS_SNAPSHOT_CONNECTIONS", "1");
    else
        qunsetenv("MESHLENS_SNAPSHOT_CONNECTIONS");
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
    if (!cache)
        return cache.error();
    return cache.value()->loadSnapshot(asOf);
}

void exec(sqlite3 *db, const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        qWarning("%s", message);
        sqlite3_free(message);
    }
}

} // namespace

class TestSnapshotPeer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"big.meshlens"_s);
        auto cache = MeshCache::open(m_path, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache, qPrintable(cache.errorMessage()));
        // Two batches a day apart: as of the first day only the first one is alive, which
        // tests the time condition on both halves of the tables.
        for (const auto &[tag, t] : {std::pair {u"a"_s, kT1}, std::pair {u"b"_s, kT2}}) {
            auto written = cache.value()->write(batchWithPortsAndContracts(tag, 40000, t));
            QVERIFY2(written, qPrintable(written.errorMessage()));
        }
    }

    void twoConnectionsReadWhatOneReads_data()
    {
        QTest::addColumn<Timestamp>("asOf");
        QTest::addColumn<int>("datasets");
        QTest::newRow("now") << Timestamp(0) << 80000;
        QTest::newRow("as of the first day") << kT1 << 40000;
    }

    void twoConnectionsReadWhatOneReads()
    {
        QFETCH(Timestamp, asOf);
        QFETCH(int, datasets);
        Result<SnapshotData> one = load(m_path, asOf, true);
        QVERIFY2(one, qPrintable(one.errorMessage()));
        Result<SnapshotData> two = load(m_path, asOf, false);
        QVERIFY2(two, qPrintable(two.errorMessage()));
        QCOMPARE(one->connections, 1);
        QCOMPARE(two->connections, 2);

        const auto countDatasets = [](const SnapshotData &d) {
            return std::count_if(d.nodes.begin(), d.nodes.end(),
                [](const SnapshotNode &n) { return n.kind == EntityKind::Dataset; });
        };
        QCOMPARE(countDatasets(one.value()), datasets);
        QCOMPARE(countDatasets(two.value()), datasets);
        QVERIFY(two->edges.size() > std::size_t(datasets)); // ~1.6 per dataset
        // What is read after them, on the peer: 20 datasets a port, 40 products a batch,
        // contracts' SLAs on the nodes (a product's own, a dataset's stricter one).
        QCOMPARE(two->portDatasets.size(), std::size_t(datasets / 1000 * 20));
        const auto withSla = [](const SnapshotData &d, std::int64_t sla) {
            return std::count_if(d.nodes.begin(), d.nodes.end(),
                [sla](const SnapshotNode &n) { return n.freshnessSlaSeconds == sla; });
        };
        const std::ptrdiff_t perBatch = (40000 + 100) / 101; // every 101st dataset of a batch
        QCOMPARE(withSla(two.value(), 600), datasets / 40000 * perBatch);
        // Node for node and edge for edge, in the same order, with the same texts.
        const QStringList a = describe(one.value());
        const QStringList b = describe(two.value());
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i)
            QCOMPARE(b[i], a[i]);
        // The key index built beside the load finds every node.
        const SnapshotPtr graph = SnapshotGraph::build(std::move(two.value()));
        for (NodeId n = 0; n < graph->nodeCount(); n += 997)
            QCOMPARE(graph->find(graph->key(n)).value_or(kNoNode), n);
    }

    void smallCachesUseOneConnection()
    {
        const QString path = m_dir.filePath(u"small.meshlens"_s);
        {
            auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
            QVERIFY2(cache, qPrintable(cache.errorMessage()));
            QVERIFY(cache.value()->write(syntheticBatch(u"s"_s, 500, kT1)));
        }
        Result<SnapshotData> data = load(path, 0, false);
        QVERIFY2(data, qPrintable(data.errorMessage()));
        QCOMPARE(data->connections, 1);
    }

    // The peer's proof of "same commit": a commit between the peer's transaction and the
    // loader's must be seen, and no commit must be seen as none.
    void peerSeesWhetherACommitCameBetween_data()
    {
        QTest::addColumn<bool>("commitBetween");
        QTest::newRow("no commit") << false;
        QTest::newRow("a commit in between") << true;
    }

    void peerSeesWhetherACommitCameBetween()
    {
        QFETCH(bool, commitBetween);
        const QString path = m_dir.filePath(u"peer.meshlens"_s);
        {
            auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
            QVERIFY2(cache, qPrintable(cache.errorMessage()));
            QVERIFY(cache.value()->write(syntheticBatch(u"p"_s, 100, kT1)));
        }
        sqlite3 *loader = nullptr;
        sqlite3 *writer = nullptr;
        QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &loader, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &writer), SQLITE_OK);
        {
            std::unique_ptr<SnapshotPeer> peer = SnapshotPeer::open(loader, path);
            QVERIFY(peer);
            if (commitBetween)
                exec(writer, "UPDATE source SET ingested_at = ingested_at + 1");
            exec(loader, "BEGIN");
            QCOMPARE(peer->sameCommitAs(loader), !commitBetween);
            exec(loader, "ROLLBACK");
        }
        sqlite3_close(writer);
        sqlite3_close(loader);
    }

    void noPeerForAFileThatCannotBeOpenedAgain()
    {
        sqlite3 *memory = nullptr;
        QCOMPARE(sqlite3_open(":memory:", &memory), SQLITE_OK);
        QVERIFY(!SnapshotPeer::open(memory, u":memory:"_s));
        QVERIFY(!SnapshotPeer::open(memory, QString()));
        sqlite3_close(memory);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotPeer)
#include "tst_snapshotpeer.moc"
