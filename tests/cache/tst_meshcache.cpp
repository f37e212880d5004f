// The SQLite cache: round trip, idempotence, as-of queries, refusing foreign and newer
// files, read-only use, and all-or-nothing writes.

#include "cache/meshcache.h"
#include "cachefixtures.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <optional>

#include <sys/stat.h>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kT = 1'750'000'000'000; // 2025-06-15, a round "now" for the fixtures

std::unique_ptr<MeshCache> openCache(
    const QString &path, MeshCache::OpenMode mode = MeshCache::OpenMode::ReadWrite)
{
    auto cache = MeshCache::open(path, mode);
    if (!cache) {
        qWarning("%s", qPrintable(cache.errorMessage()));
        return nullptr;
    }
    return std::move(cache).value();
}

std::optional<NodeId> findNode(const SnapshotData &data, std::string_view key)
{
    for (NodeId i = 0; i < data.nodes.size(); ++i) {
        if (data.strings.view(data.nodes[i].key) == key)
            return i;
    }
    return std::nullopt;
}

/// Runs SQL on a file with the plain SQLite API, as another program would.
void rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const QString error = message ? QString::fromUtf8(message) : QString();
    sqlite3_free(message);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(error));
}

/// A failed result's message for QVERIFY2 (which evaluates it even when the check passes).
template<typename T> QByteArray why(const Result<T> &result)
{
    return result ? QByteArray() : result.errorMessage().toUtf8();
}

qint64 queryInt(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    const qint64 value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return value;
}

QString queryText(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    QString value;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return value;
}

/// What a bulk write switches off for its duration is back: the secondary index (facet_key,
/// which in place stays; a new file builds it at the end; schema 6 has no edge_ends) and
/// foreign key enforcement; and the key table lists every
/// entity once, no more (a rolled-back write leaves none of its keys).
bool bulkStateRestored(sqlite3 *db)
{
    return queryInt(db,
               "SELECT sum(name = 'facet_key') * 10 + sum(name = 'edge_ends') FROM sqlite_master "
               "WHERE type = 'index'")
        == 10
        && queryInt(db, "PRAGMA foreign_keys") == 1
        && queryInt(db,
               "SELECT (SELECT count(*) FROM entity_key) = (SELECT count(*) FROM entity) AND "
               "(SELECT count(DISTINCT entity_id) FROM entity_key) = (SELECT count(*) FROM entity)")
        == 1;
}

bool sameCounts(const CacheStats &a, const CacheStats &b)
{
    return a.domains == b.domains && a.products == b.products && a.ports == b.ports
        && a.datasets == b.datasets && a.jobs == b.jobs && a.edges == b.edges
        && a.columnEdges == b.columnEdges && a.quality == b.quality && a.freshness == b.freshness
        && a.contracts == b.contracts;
}

/// The hand-built batch (cachefixtures.h) with enough synthetic records next to it that
/// a write into an empty cache takes the fresh-file path.
IngestBatch handBuiltWithPadding(Timestamp t, int datasets = 3000)
{
    IngestBatch batch = test::handBuiltBatch(t);
    const IngestBatch padding = test::syntheticBatch(u"pad"_s, datasets, t);
    const auto append = [](auto &into, const auto &from) {
        into.insert(into.end(), from.begin(), from.end());
    };
    append(batch.domains, padding.domains);
    append(batch.products, padding.products);
    append(batch.datasets, padding.datasets);
    append(batch.jobs, padding.jobs);
    append(batch.edges, padding.edges);
    append(batch.quality, padding.quality);
    append(batch.freshness, padding.freshness);
    return batch;
}

quint64 inode(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? quint64(st.st_ino) : 0;
}

/// Files next to `path` that a fresh-file build leaves while it runs.
QStringList buildFiles(const QString &path)
{
    const QFileInfo info(path);
    return QDir(info.absolutePath())
        .entryList({info.fileName() + u".building-*"_s}, QDir::Files | QDir::Hidden);
}

/// Foreign keys hold (the fresh-file path skips the check: it must have nothing to find).
bool referencesHold(sqlite3 *db)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &stmt, nullptr);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE;
}

/// Everything roundTripsAHandBuiltBatch checks in the snapshot and the history.
void checkHandBuilt(MeshCache &cache, std::size_t extraNodes)
{
    auto loaded = cache.loadSnapshot();
    QVERIFY2(loaded, why(loaded).constData());
    const SnapshotData &data = loaded.value();
    QCOMPARE(data.nodes.size(), 7u + extraNodes);
    const NodeId domain = *findNode(data, "domain:sales");
    const NodeId product = *findNode(data, "product:sales.orders");
    const NodeId port = *findNode(data, "port:sales.orders.out");
    const NodeId a = *findNode(data, "dataset:a");
    const NodeId b = *findNode(data, "dataset:b");
    const NodeId c = *findNode(data, "dataset:c");
    const NodeId job = *findNode(data, "job:etl.load_b");
    const auto &n = data.nodes;

    QCOMPARE(n[domain].kind, EntityKind::Domain);
    QCOMPARE(n[domain].parent, kNoNode);
    QCOMPARE(data.strings.string(n[domain].name), u"Sales"_s);
    QCOMPARE(data.strings.string(n[domain].owner), u"team-sales"_s);
    QCOMPARE(n[product].kind, EntityKind::Product);
    QCOMPARE(n[product].parent, domain);
    QCOMPARE(data.strings.string(n[product].name), u"Orders"_s);
    QCOMPARE(data.strings.string(n[product].detail), u"source-aligned"_s);
    QCOMPARE(n[port].kind, EntityKind::Port);
    QCOMPARE(n[port].parent, product);
    QCOMPARE(data.strings.string(n[port].name), u"orders out"_s);
    QCOMPARE(n[port].direction, std::uint8_t(PortDirection::Output));
    QCOMPARE(n[job].kind, EntityKind::Job);
    QCOMPARE(n[job].parent, product);
    QCOMPARE(data.strings.string(n[job].name), u"load_b"_s);
    QCOMPARE(data.strings.string(n[job].detail), u"airflow"_s);
    for (NodeId d : {a, b, c}) {
        QCOMPARE(n[d].kind, EntityKind::Dataset);
        QCOMPARE(n[d].parent, product);
        QCOMPARE(data.strings.string(n[d].detail), u"postgres://db:5432"_s);
        QCOMPARE(data.strings.string(n[d].owner), u"anna"_s);
        QVERIFY(n[d].cacheId > 0);
    }
    QCOMPARE(data.strings.string(n[b].name), u"shop.public.b"_s);
    // Owners and namespaces are interned: one string for all three datasets.
    QCOMPARE(n[a].owner, n[c].owner);
    QCOMPARE(n[a].detail, n[b].detail);

    const auto hasEdge = [&](NodeId from, NodeId to, NodeId via) {
        return std::any_of(data.edges.begin(), data.edges.end(), [&](const SnapshotEdge &e) {
            return e.from == from && e.to == to && e.job == via;
        });
    };
    QVERIFY(hasEdge(a, b, job));
    QVERIFY(hasEdge(b, c, kNoNode));
    QVERIFY(std::find(data.portDatasets.begin(), data.portDatasets.end(), std::make_pair(port, c))
        != data.portDatasets.end());

    QCOMPARE(n[a].quality, HealthState::Unknown); // no result is unknown, never pass
    QCOMPARE(n[b].quality, HealthState::Fail); // latest not_null failed, unique passed
    QCOMPARE(n[c].quality, HealthState::Warn);
    QCOMPARE(n[a].newestData, kT - 50);
    QCOMPARE(n[b].newestData, Timestamp(0));
    QCOMPARE(n[c].freshnessSlaSeconds, 600); // its own contract
    QCOMPARE(n[a].freshnessSlaSeconds, 3600); // the product's
    QCOMPARE(n[product].freshnessSlaSeconds, 3600);

    auto history = cache.qualityHistory(u"dataset:b"_s);
    QVERIFY(history);
    QCOMPARE(history->size(), 3u);
    QCOMPARE(history->at(0).observedAt, kT - 10);
    QCOMPARE(history->at(0).state, HealthState::Pass);
    QCOMPARE(history->at(0).column, u"id"_s);
    QCOMPARE(history->at(0).value, 1.0);
    QCOMPARE(history->at(1).checkName, u"not_null"_s);
    QCOMPARE(history->at(1).state, HealthState::Fail);
    QCOMPARE(history->at(2).checkName, u"unique"_s);
    auto freshness = cache.freshnessHistory(u"dataset:a"_s);
    QVERIFY(freshness);
    QCOMPARE(freshness->size(), 2u);
    QCOMPARE(freshness->at(0).observedAt, kT - 5);
    QCOMPARE(freshness->at(1).dataTime, kT - 50);
}

} // namespace

class TestMeshCache : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void createsAnEmptyCacheWithTheSchemaSettings()
    {
        const QString path = file(u"empty.db"_s);
        auto cache = openCache(path);
        QVERIFY(cache);
        sqlite3 *db = cache->handle();
        const auto pragma = [db](const char *sql) { return queryText(db, sql); };
        QCOMPARE(pragma("PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
        QCOMPARE(pragma("PRAGMA application_id"), QString::number(0x4D4C4E53));
        QCOMPARE(pragma("PRAGMA journal_mode"), u"wal"_s);
        QCOMPARE(pragma("PRAGMA foreign_keys"), u"1"_s);
        QCOMPARE(pragma("PRAGMA synchronous"), u"1"_s); // NORMAL
        QCOMPARE(pragma("PRAGMA page_size"), u"32768"_s);
        auto range = cache->timeRange();
        QVERIFY(range);
        QCOMPARE(range.value(), std::make_pair(Timestamp(0), Timestamp(0)));
        auto data = cache->loadSnapshot();
        QVERIFY2(data, why(data).constData());
        QVERIFY(data->nodes.empty());
        // Reopening an initialised file keeps it as it is.
        cache.reset();
        QVERIFY(openCache(path));
    }

    void roundTripsAHandBuiltBatch()
    {
        auto cache = openCache(file(u"roundtrip.db"_s));
        QVERIFY(cache);
        auto summary = cache->write(test::handBuiltBatch(kT));
        QVERIFY2(summary, why(summary).constData());
        QCOMPARE(summary->added[int(EntityKind::Domain)], 1);
        QCOMPARE(summary->added[int(EntityKind::Product)], 1);
        QCOMPARE(summary->added[int(EntityKind::Port)], 1);
        QCOMPARE(summary->added[int(EntityKind::Dataset)], 3);
        QCOMPARE(summary->added[int(EntityKind::Job)], 1);
        QCOMPARE(summary->edgesAdded, 2);
        QCOMPARE(summary->columnEdgesAdded, 1);
        QCOMPARE(summary->qualityAdded, 4);
        QCOMPARE(summary->freshnessAdded, 2);
        QCOMPARE(summary->contractsAdded, 2);
        QCOMPARE(summary->rowsWritten, 7 + 1 + 2 + 1 + 4 + 2 + 2);

        auto loaded = cache->loadSnapshot();
        QVERIFY2(loaded, why(loaded).constData());
        const SnapshotData &data = loaded.value();
        QCOMPARE(data.nodes.size(), 7u);
        const NodeId domain = *findNode(data, "domain:sales");
        const NodeId product = *findNode(data, "product:sales.orders");
        const NodeId port = *findNode(data, "port:sales.orders.out");
        const NodeId a = *findNode(data, "dataset:a");
        const NodeId b = *findNode(data, "dataset:b");
        const NodeId c = *findNode(data, "dataset:c");
        const NodeId job = *findNode(data, "job:etl.load_b");
        const auto &n = data.nodes;

        QCOMPARE(n[domain].kind, EntityKind::Domain);
        QCOMPARE(n[domain].parent, kNoNode);
        QCOMPARE(data.strings.string(n[domain].name), u"Sales"_s);
        QCOMPARE(data.strings.string(n[domain].owner), u"team-sales"_s);
        QCOMPARE(n[product].kind, EntityKind::Product);
        QCOMPARE(n[product].parent, domain);
        QCOMPARE(data.strings.string(n[product].detail), u"source-aligned"_s);
        QCOMPARE(n[port].kind, EntityKind::Port);
        QCOMPARE(n[port].parent, product);
        QCOMPARE(n[port].direction, std::uint8_t(PortDirection::Output));
        QCOMPARE(n[job].kind, EntityKind::Job);
        QCOMPARE(n[job].parent, product);
        QCOMPARE(data.strings.string(n[job].detail), u"airflow"_s);
        for (NodeId d : {a, b, c}) {
            QCOMPARE(n[d].kind, EntityKind::Dataset);
            QCOMPARE(n[d].parent, product);
            QCOMPARE(data.strings.string(n[d].detail), u"postgres://db:5432"_s);
            QCOMPARE(data.strings.string(n[d].owner), u"anna"_s);
            QVERIFY(n[d].cacheId > 0);
        }
        QCOMPARE(data.strings.string(n[b].name), u"shop.public.b"_s);
        // Owners and namespaces are interned: one string for all three datasets.
        QCOMPARE(n[a].owner, n[c].owner);
        QCOMPARE(n[a].detail, n[b].detail);

        QCOMPARE(data.edges.size(), 2u);
        const auto hasEdge = [&](NodeId from, NodeId to, NodeId via) {
            return std::any_of(data.edges.begin(), data.edges.end(), [&](const SnapshotEdge &e) {
                return e.from == from && e.to == to && e.job == via;
            });
        };
        QVERIFY(hasEdge(a, b, job));
        QVERIFY(hasEdge(b, c, kNoNode));
        QCOMPARE(data.portDatasets.size(), 1u);
        QCOMPARE(data.portDatasets[0], std::make_pair(port, c));

        QCOMPARE(n[a].quality, HealthState::Unknown); // no result is unknown, never pass
        QCOMPARE(n[b].quality, HealthState::Fail); // latest not_null failed, unique passed
        QCOMPARE(n[c].quality, HealthState::Warn);
        QCOMPARE(n[a].newestData, kT - 50);
        QCOMPARE(n[b].newestData, Timestamp(0));
        QCOMPARE(n[c].freshnessSlaSeconds, 600); // its own contract
        QCOMPARE(n[a].freshnessSlaSeconds, 3600); // the product's
        QCOMPARE(n[product].freshnessSlaSeconds, 3600);

        auto stats = cache->stats();
        QVERIFY(stats);
        QCOMPARE(stats->datasets, 3);
        QCOMPARE(stats->edges, 2);
        QCOMPARE(stats->quality, 4);
        QCOMPARE(stats->contracts, 2);
        auto range = cache->timeRange();
        QVERIFY(range);
        QCOMPARE(range.value(), std::make_pair(kT - 10, kT));

        auto history = cache->qualityHistory(u"dataset:b"_s);
        QVERIFY(history);
        QCOMPARE(history->size(), 3u);
        QCOMPARE(history->at(0).observedAt, kT - 10);
        QCOMPARE(history->at(0).state, HealthState::Pass);
        QCOMPARE(history->at(0).column, u"id"_s);
        QCOMPARE(history->at(2).checkName, u"unique"_s);
        auto freshness = cache->freshnessHistory(u"dataset:a"_s);
        QVERIFY(freshness);
        QCOMPARE(freshness->size(), 2u);
        QCOMPARE(freshness->at(1).dataTime, kT - 50);
        auto missing = cache->qualityHistory(u"dataset:nope"_s);
        QVERIFY(!missing);
        QVERIFY(missing.errorMessage().contains(u"dataset:nope"_s));
    }

    // A name that ends its key is stored as the number of UTF-8 bytes it takes there
    // (cacheschema.cpp); every script comes back as it went in: 2- and 3-byte characters, a
    // surrogate pair, and names that are not the key's end (stored as text).
    void namesAtTheEndOfTheirKeyRoundTrip()
    {
        const QString path = file(u"names.db"_s);
        auto cache = openCache(path);
        QVERIFY(cache);
        const QList<QPair<QString, QString>> cases {
            {u"dataset:pg://db/shop.größe"_s, u"shop.größe"_s},
            {u"dataset:pg://db/日本語.表"_s, u"日本語.表"_s},
            {u"dataset:pg://db/da\U0001F600ta"_s, u"da\U0001F600ta"_s},
            {u"dataset:pg://db/plain"_s, u"plain"_s},
            {u"dataset:pg://db/Other"_s, u"other"_s},            // differs in case: text
            {u"dataset:pg://db/x\U0001F600"_s, u"\U0001F600"_s}, // the pair ends the key
            {u"dataset:pg://db/whole"_s, u"dataset:pg://db/whole"_s}, // the whole key: text
            {u"dataset:pg://db/tail1"_s, u"tail2"_s},            // differs at the very end
        };
        IngestBatch batch;
        batch.source = {u"fixture"_s, u"names.json"_s, 0, 0};
        for (const auto &[key, name] : cases) {
            Dataset d;
            d.key = key;
            d.name = name;
            d.observedAt = kT;
            batch.datasets.push_back(d);
        }
        auto written = cache->write(batch);
        QVERIFY2(written, why(written).constData());
        auto loaded = cache->loadSnapshot();
        QVERIFY2(loaded, why(loaded).constData());
        for (const auto &[key, name] : cases) {
            const std::optional<NodeId> node = findNode(loaded.value(), key.toStdString());
            QVERIFY2(node, qPrintable(key));
            QCOMPARE(loaded->strings.string(loaded->nodes[*node].name), name);
        }
        cache.reset();
        // The suffixes went in as byte counts, the others as text.
        QCOMPARE(test::querySqlite(path, "SELECT group_concat(typeof(name) || ':' || name, ' ') FROM "
                                         "(SELECT name FROM entity ORDER BY id)"),
                 u"integer:12 integer:13 integer:8 integer:5 text:other integer:4 text:dataset:pg://db/whole text:tail2"_s);
    }

    void writingTheSameBatchTwiceChangesNothing()
    {
        auto cache = openCache(file(u"idempotent.db"_s));
        QVERIFY(cache);
        const IngestBatch batch = test::handBuiltBatch(kT);
        QVERIFY(cache->write(batch));
        const CacheStats before = cache->stats().value();
        auto again = cache->write(batch);
        QVERIFY2(again, why(again).constData());
        for (int kind = 0; kind < kEntityKindCount; ++kind)
            QCOMPARE(again->added[kind], 0);
        QCOMPARE(again->updated[int(EntityKind::Dataset)], 3);
        QCOMPARE(again->edgesAdded, 0);
        QCOMPARE(again->edgesUpdated, 2);
        QCOMPARE(again->columnEdgesAdded, 0);
        QCOMPARE(again->qualityAdded, 0);
        QCOMPARE(again->freshnessAdded, 0);
        QCOMPARE(again->contractsAdded, 0);
        QVERIFY(sameCounts(cache->stats().value(), before));
        QCOMPARE(cache->loadSnapshot()->nodes.size(), 7u);
    }

    // A cache keeps the page size it was made with: one from before 32 KiB pages (8 KiB) is
    // read and written as it is, and loads the same mesh.
    void aCacheWithSmallerPagesIsReadAndWrittenAsItIs()
    {
        const QString path = file(u"small-pages.db"_s);
        {
            auto cache = openCache(path);
            QVERIFY(cache);
            QVERIFY(cache->write(test::handBuiltBatch(kT)));
        }
        rawExec(path, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 8192; VACUUM; "
                      "PRAGMA journal_mode = WAL;");
        QCOMPARE(test::querySqlite(path, "PRAGMA page_size"), u"8192"_s);
        auto cache = openCache(path);
        QVERIFY(cache);
        const CacheStats before = cache->stats().value();
        QVERIFY(before.datasets > 0);
        IngestBatch later = test::handBuiltBatch(kT + 1000);
        later.datasets[0].description = u"written into 8 KiB pages"_s;
        auto written = cache->write(later);
        QVERIFY2(written, why(written).constData());
        const CacheStats after = cache->stats().value();  // the same nodes, later history
        QCOMPARE(after.datasets, before.datasets);
        QCOMPARE(after.edges, before.edges);
        QVERIFY(after.freshness > before.freshness);
        QCOMPARE(cache->loadSnapshot()->nodes.size(), 7u);
        // Enough rows in place for every b-tree to grow new pages of the file's size.
        auto grown = cache->write(test::syntheticBatch(u"grow"_s, 3000, kT + 2000));
        QVERIFY2(grown, why(grown).constData());
        QCOMPARE(cache->stats().value().datasets, before.datasets + 3000);
        cache.reset();
        QCOMPARE(test::querySqlite(path, "PRAGMA page_size"), u"8192"_s);
        QCOMPARE(test::querySqlite(path, "PRAGMA integrity_check"), u"ok"_s);
        QCOMPARE(test::querySqlite(path, "SELECT count(*) FROM entity WHERE description = "
                                         "'written into 8 KiB pages'"),
                 u"1"_s);
    }

    // An empty cache with 8 KiB pages that a large first import replaces with a new file
    // (the fresh-file build) gets this build's 32 KiB pages, whole and readable.
    void aLargeFirstImportIntoAnEmptyOlderCacheGetsNewPages()
    {
        const QString path = file(u"empty-small-pages.db"_s);
        QVERIFY(openCache(path));
        rawExec(path, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 8192; VACUUM; "
                      "PRAGMA journal_mode = WAL;");
        QCOMPARE(test::querySqlite(path, "PRAGMA page_size"), u"8192"_s);
        auto cache = openCache(path);
        QVERIFY(cache);
        const IngestBatch batch = test::syntheticBatch(u"first"_s, 3000, kT);
        QVERIFY(batch.recordCount() >= MeshCache::kFreshFileMinRecords);
        auto written = cache->write(batch);
        QVERIFY2(written, why(written).constData());
        QCOMPARE(cache->stats().value().datasets, qint64(3000));
        cache.reset();
        QCOMPARE(test::querySqlite(path, "PRAGMA page_size"), u"32768"_s);
        QCOMPARE(test::querySqlite(path, "PRAGMA integrity_check"), u"ok"_s);
    }

    void writesManyPortsInOneBatch()
    {
        // Regression: port rows wait in a multi-row insert; their port_dataset rows must not
        // reach the table first (the demo mesh's 76 ports failed a foreign key check).
        auto cache = openCache(file(u"ports.db"_s));
        QVERIFY(cache);
        IngestBatch batch = test::syntheticBatch(u"ports"_s, 2000, kT);
        for (int i = 0; i < 150; ++i) {
            Port port;
            port.key = u"port:ports.%1"_s.arg(i);
            port.name = u"out %1"_s.arg(i);
            port.productKey = batch.products[std::size_t(i % batch.products.size())].key;
            port.datasetKeys = {batch.datasets[std::size_t(i)].key, batch.datasets[std::size_t(i + 1000)].key};
            batch.ports.push_back(port);
        }
        auto written = cache->write(batch);
        QVERIFY2(written, why(written).constData());
        QCOMPARE(written->added[int(EntityKind::Port)], 150);
        QCOMPARE(cache->stats()->ports, 150);
        const SnapshotData data = cache->loadSnapshot().value();
        QCOMPARE(data.portDatasets.size(), 300u);
    }

    void answersAsOfQueries()
    {
        auto cache = openCache(file(u"asof.db"_s));
        QVERIFY(cache);
        const Timestamp t1 = kT, t2 = kT + 1000, t3 = kT + 2000, t4 = kT + 3000;
        IngestBatch first = test::handBuiltBatch(t1);
        first.quality.clear();
        first.quality.push_back(
            {u"dataset:b"_s, u"rows"_s, QString(), HealthState::Pass, 0, QString(), t1});
        QVERIFY(cache->write(first));

        // At t3 the source reports dataset:c and the edge b -> c gone, and b's check failing.
        IngestBatch removal;
        removal.source = {u"test"_s, u"removal.json"_s, 0, 0};
        removal.observedAt = t3;
        Dataset c = first.datasets[2];
        c.removedAt = t3;
        removal.datasets.push_back(c);
        removal.edges.push_back({u"dataset:b"_s, u"dataset:c"_s, QString(), t3, t3});
        removal.quality.push_back(
            {u"dataset:b"_s, u"rows"_s, QString(), HealthState::Fail, 0, QString(), t3});
        QVERIFY(cache->write(removal));

        const auto at = [&](Timestamp t) { return cache->loadSnapshot(t).value(); };
        const SnapshotData before = at(t1 - 1);
        QVERIFY(before.nodes.empty());
        QVERIFY(before.edges.empty());

        const SnapshotData during = at(t2);
        QCOMPARE(during.asOf, t2);
        QVERIFY(findNode(during, "dataset:c"));
        QCOMPARE(during.edges.size(), 2u);
        QCOMPARE(during.nodes[*findNode(during, "dataset:b")].quality, HealthState::Pass);
        QCOMPARE(cache->stats(t2)->datasets, 3);

        const SnapshotData after = at(t3);
        QVERIFY(!findNode(after, "dataset:c"));
        QCOMPARE(after.edges.size(), 1u); // a -> b stays
        QCOMPARE(after.portDatasets.size(), 0u); // the port's only dataset is gone
        QCOMPARE(after.nodes[*findNode(after, "dataset:b")].quality, HealthState::Fail);
        QCOMPARE(cache->stats(t3)->datasets, 2);
        QCOMPARE(cache->stats(t3)->edges, 1);
        QCOMPARE(at(0).edges.size(), 1u);
        QVERIFY(!findNode(at(0), "dataset:c"));

        // Seen again at t4: it came back, from t4 on.
        IngestBatch back;
        back.source = {u"test"_s, u"back.json"_s, 0, 0};
        back.observedAt = t4;
        c.removedAt = 0;
        back.datasets.push_back(c);
        auto summary = cache->write(back);
        QVERIFY(summary);
        QCOMPARE(summary->updated[int(EntityKind::Dataset)], 1);
        QVERIFY(findNode(at(t4), "dataset:c"));
        QVERIFY(findNode(at(0), "dataset:c"));
        QVERIFY(findNode(at(t2), "dataset:c"));
        QCOMPARE(cache->timeRange().value(), std::make_pair(t1 - 5, t4)); // a freshness observation
    }

    void refusesAFileFromANewerMeshLens()
    {
        const QString path = file(u"newer.db"_s);
        {
            auto cache = openCache(path);
            QVERIFY(cache);
            QVERIFY(cache->write(test::handBuiltBatch(kT)));
        }
        const QByteArray pragma
            = "PRAGMA user_version = " + QByteArray::number(MeshCache::kSchemaVersion + 5);
        rawExec(path, pragma.constData());
        const QByteArray bytes = test::fileBytes(path);
        for (auto mode : {MeshCache::OpenMode::ReadWrite, MeshCache::OpenMode::ReadOnly}) {
            auto cache = MeshCache::open(path, mode);
            QVERIFY(!cache);
            const QString message = cache.errorMessage();
            QVERIFY2(message.contains(u"schema %1"_s.arg(MeshCache::kSchemaVersion + 5)),
                qPrintable(message));
            QVERIFY2(message.contains(u"schema %1"_s.arg(MeshCache::kSchemaVersion)),
                qPrintable(message));
            QVERIFY2(message.contains(u"newer.db"_s), qPrintable(message));
        }
        QCOMPARE(test::fileBytes(path), bytes);
    }

    void refusesASchema1CacheAndLeavesItAlone()
    {
        // A cache of the first release (schema 1) cannot be upgraded: writing refuses with
        // what to do, reading says it is older; the file is not touched either way.
        const QString path = file(u"schema1.meshlens"_s);
        {
            auto cache = openCache(path);
            QVERIFY(cache);
            QVERIFY(cache->write(test::handBuiltBatch(kT)));
        }
        rawExec(path, "PRAGMA user_version = 1");
        const QByteArray bytes = test::fileBytes(path);
        auto writable = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY(!writable);
        QVERIFY2(writable.errorMessage().contains(u"schema 1"_s), qPrintable(writable.errorMessage()));
        QVERIFY2(writable.errorMessage().contains(u"import the sources again"_s),
                 qPrintable(writable.errorMessage()));
        QVERIFY2(writable.errorMessage().contains(u"schema1.meshlens"_s), qPrintable(writable.errorMessage()));
        auto readable = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
        QVERIFY(!readable);
        QVERIFY2(readable.errorMessage().contains(u"schema 1"_s), qPrintable(readable.errorMessage()));
        // Not "open it for writing once": a schema 1 file cannot be upgraded.
        QVERIFY2(readable.errorMessage().contains(u"import its sources again"_s), qPrintable(readable.errorMessage()));
        QCOMPARE(test::fileBytes(path), bytes);
    }

    void refusesFilesThatAreNotMeshLensCaches()
    {
        const QString foreign = file(u"foreign.sqlite"_s);
        rawExec(foreign,
            "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES(1, "
            "'x');");
        const QString garbage = file(u"garbage.db"_s);
        {
            QFile out(garbage);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray("this is not a database, just some text\n").repeated(200));
        }
        for (const QString &path : {foreign, garbage}) {
            const QByteArray bytes = test::fileBytes(path);
            for (auto mode : {MeshCache::OpenMode::ReadWrite, MeshCache::OpenMode::ReadOnly}) {
                auto cache = MeshCache::open(path, mode);
                QVERIFY(!cache);
                QVERIFY2(cache.errorMessage().contains(QFileInfo(path).fileName()),
                    qPrintable(cache.errorMessage()));
                QVERIFY2(cache.errorMessage().contains(u"not a MeshLens cache"_s),
                    qPrintable(cache.errorMessage()));
            }
            QCOMPARE(test::fileBytes(path), bytes);
        }
    }

    void readOnlyOpenNeverWrites()
    {
        const QString path = file(u"readonly.db"_s);
        {
            auto cache = openCache(path);
            QVERIFY(cache && cache->write(test::handBuiltBatch(kT)));
        }
        const QByteArray bytes = test::fileBytes(path);
        {
            auto cache = openCache(path, MeshCache::OpenMode::ReadOnly);
            QVERIFY(cache);
            QVERIFY(cache->isReadOnly());
            QCOMPARE(cache->loadSnapshot()->nodes.size(), 7u);
            auto written = cache->write(test::syntheticBatch(u"ro"_s, 10, kT));
            QVERIFY(!written);
            QVERIFY2(written.errorMessage().contains(u"read-only"_s),
                qPrintable(written.errorMessage()));
            QCOMPARE(cache->stats()->datasets, 3);
        }
        QCOMPARE(test::fileBytes(path), bytes);

        const QString missing = file(u"missing.db"_s);
        auto none = MeshCache::open(missing, MeshCache::OpenMode::ReadOnly);
        QVERIFY(!none);
        QVERIFY2(none.errorMessage().contains(missing), qPrintable(none.errorMessage()));
        QVERIFY(!QFile::exists(missing));
    }

    void refusesABatchWithErrors()
    {
        auto cache = openCache(file(u"errors.db"_s));
        QVERIFY(cache);
        IngestBatch batch = test::handBuiltBatch(kT);
        Diagnostic bad;
        bad.file = u"hand-built.json"_s;
        bad.line = 12;
        bad.message = u"expected a string for \"name\""_s;
        batch.diagnostics.push_back(bad);
        auto written = cache->write(batch);
        QVERIFY(!written);
        QVERIFY2(written.errorMessage().contains(u"expected a string"_s),
            qPrintable(written.errorMessage()));
        QVERIFY(sameCounts(cache->stats().value(), CacheStats {}));
    }

    void unknownReferencesRollBack_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addRow("dataset's product") << u"product"_s;
        QTest::addRow("edge end") << u"edge"_s;
        QTest::addRow("port dataset") << u"port"_s;
        QTest::addRow("quality entity") << u"quality"_s;
        QTest::addRow("wrong kind") << u"kind"_s;
    }

    void unknownReferencesRollBack()
    {
        QFETCH(QString, what);
        auto cache = openCache(file(u"unknown-%1.db"_s.arg(what)));
        QVERIFY(cache);
        QVERIFY(cache->write(test::handBuiltBatch(kT)));
        const CacheStats before = cache->stats().value();

        // Good records first, so the failure comes after rows were already written.
        IngestBatch batch = test::syntheticBatch(u"extra"_s, 50, kT + 10);
        QString key = u"product:nowhere"_s;
        if (what == u"product") {
            batch.datasets.back().productKey = key;
        } else if (what == u"edge") {
            key = u"dataset:nowhere"_s;
            batch.edges.push_back({batch.datasets[0].key, key, QString(), 0, 0});
        } else if (what == u"port") {
            key = u"dataset:nowhere"_s;
            batch.ports.push_back({});
            batch.ports.back().key = u"port:p"_s;
            batch.ports.back().datasetKeys = {key};
        } else if (what == u"quality") {
            key = u"dataset:nowhere"_s;
            batch.quality.push_back(
                {key, u"rows"_s, QString(), HealthState::Pass, 0, QString(), 0});
        } else {
            key = u"domain:sales"_s; // exists, but is not a product
            batch.datasets.back().productKey = key;
        }
        auto written = cache->write(batch);
        QVERIFY(!written);
        QVERIFY2(written.errorMessage().contains(key), qPrintable(written.errorMessage()));
        QVERIFY(sameCounts(cache->stats().value(), before));
        QVERIFY(!findNode(cache->loadSnapshot().value(), batch.datasets[0].key.toStdString()));
    }

    void cancelRollsBack()
    {
        // 20000 datasets into an empty cache: the fresh-file path with two writers.
        auto cache = openCache(file(u"cancel.db"_s));
        QVERIFY(cache);
        std::atomic_bool cancel = false;
        qint64 reports = 0;
        auto written = cache->write(
            test::syntheticBatch(u"big"_s, 20000, kT), &cancel, [&](qint64 done, qint64 total) {
                QVERIFY(done <= total);
                ++reports;
                if (done > 25000)
                    cancel = true;
            });
        QVERIFY(!written);
        QVERIFY2(
            written.errorMessage().contains(u"cancelled"_s), qPrintable(written.errorMessage()));
        QVERIFY(reports >= 2);
        QVERIFY(sameCounts(cache->stats().value(), CacheStats {}));
        QVERIFY(bulkStateRestored(cache->handle()));
        QVERIFY(buildFiles(file(u"cancel.db"_s)).isEmpty());
        // The cache is usable afterwards.
        QVERIFY(cache->write(test::handBuiltBatch(kT)));
    }

    void bulkWriteRestoresIndexesAndChecks()
    {
        auto cache = openCache(file(u"bulk.db"_s));
        QVERIFY(cache);
        // 30000 datasets and ~48000 edges into an empty cache: the bulk path (indexes built
        // at the end, foreign keys checked in one pass).
        const IngestBatch batch = test::syntheticBatch(u"bulk"_s, 30000, kT);
        auto written = cache->write(batch);
        QVERIFY2(written, why(written).constData());
        QCOMPARE(written->added[int(EntityKind::Dataset)], 30000);
        QCOMPARE(written->edgesAdded, qint64(batch.edges.size()));
        QVERIFY(bulkStateRestored(cache->handle()));
        QCOMPARE(queryText(cache->handle(), "PRAGMA integrity_check"), u"ok"_s);
        auto data = cache->loadSnapshot();
        QVERIFY(data);
        QCOMPARE(data->nodes.size(), 30000u + 30u + 30u + 1u);
        QCOMPARE(data->edges.size(), batch.edges.size());
        const auto fails = std::count_if(data->nodes.begin(), data->nodes.end(),
            [](const SnapshotNode &n) { return n.quality == HealthState::Fail; });
        QCOMPARE(fails, 3000);

        // The same batch again takes the per-row path for keys and adds nothing.
        auto again = cache->write(batch);
        QVERIFY2(again, why(again).constData());
        QCOMPARE(again->added[int(EntityKind::Dataset)], 0);
        QCOMPARE(again->edgesAdded, 0);
        QCOMPARE(again->qualityAdded, 0);
        QVERIFY(bulkStateRestored(cache->handle()));
        // A small batch next to it: per-row foreign keys, indexes in place.
        QVERIFY(cache->write(test::handBuiltBatch(kT)));
        QCOMPARE(cache->stats()->datasets, 30003);
    }

    void freshFileRoundTripsAHandBuiltBatch_data()
    {
        QTest::addColumn<int>("padding");
        QTest::addRow("one writer") << 3000;
        QTest::addRow("two writers") << 15000;
    }

    void freshFileRoundTripsAHandBuiltBatch()
    {
        QFETCH(int, padding);
        const QString path = file(u"fresh-%1.db"_s.arg(padding));
        auto cache = openCache(path);
        QVERIFY(cache);
        const quint64 before = inode(path);
        const IngestBatch batch = handBuiltWithPadding(kT, padding);
        QVERIFY(batch.recordCount() >= MeshCache::kFreshFileMinRecords);
        QCOMPARE(batch.recordCount() >= MeshCache::kTwoWriterMinRecords, padding > 10000);
        const qint64 products = (padding + 999) / 1000;
        const std::size_t extraNodes = std::size_t(padding + 2 * products + 1);
        qint64 reports = 0, lastDone = 0;
        const auto progress = [&](qint64 done, qint64 total) {
            QVERIFY(done <= total);
            QVERIFY(done >= lastDone);
            lastDone = done;
            ++reports;
        };
        auto summary = cache->write(batch, nullptr, progress);
        QVERIFY2(summary, why(summary).constData());
        QVERIFY(reports >= 2);
        QCOMPARE(lastDone, batch.recordCount());
        // The file was built apart and moved in: another file, nothing left beside it.
        QVERIFY(inode(path) != before);
        QVERIFY(buildFiles(path).isEmpty());
        QCOMPARE(summary->added[int(EntityKind::Dataset)], 3 + padding);
        QCOMPARE(summary->added[int(EntityKind::Job)], 1 + products);
        QCOMPARE(summary->qualityAdded, qint64(batch.quality.size()));
        QCOMPARE(summary->freshnessAdded, qint64(batch.freshness.size()));
        QCOMPARE(summary->edgesAdded, qint64(batch.edges.size()));
        QCOMPARE(summary->rowsWritten, batch.recordCount());

        sqlite3 *db = cache->handle();
        QCOMPARE(queryText(db, "PRAGMA journal_mode"), u"wal"_s);
        QCOMPARE(queryText(db, "PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
        QCOMPARE(queryText(db, "PRAGMA application_id"), QString::number(0x4D4C4E53));
        QCOMPARE(queryText(db, "PRAGMA integrity_check"), u"ok"_s);
        QCOMPARE(queryText(db, "PRAGMA foreign_keys"), u"1"_s);
        QVERIFY(referencesHold(db));
        QVERIFY(bulkStateRestored(db));
        checkHandBuilt(*cache, extraNodes);
        const CacheStats stats = cache->stats().value();
        QCOMPARE(stats.datasets, 3 + padding);
        QCOMPARE(stats.edges, qint64(batch.edges.size()));
        QCOMPARE(stats.columnEdges, 1);
        QCOMPARE(stats.contracts, 2);
        QCOMPARE(stats.quality, qint64(batch.quality.size()));
        QCOMPARE(stats.freshness, qint64(batch.freshness.size()));

        // Later writes go in place, into the file that replaced the first.
        auto again = cache->write(batch);
        QVERIFY2(again, why(again).constData());
        QCOMPARE(again->qualityAdded, 0);
        QCOMPARE(again->added[int(EntityKind::Dataset)], 0);
        QVERIFY(sameCounts(cache->stats().value(), stats));
        cache.reset();
        auto reopened = openCache(path, MeshCache::OpenMode::ReadOnly);
        QVERIFY(reopened);
        checkHandBuilt(*reopened, extraNodes);
    }

    void freshFileIsNotUsedWhileAnotherConnectionHasTheCache()
    {
        const QString path = file(u"shared.db"_s);
        auto writer = openCache(path);
        QVERIFY(writer);
        auto reader = openCache(path, MeshCache::OpenMode::ReadOnly);
        QVERIFY(reader);
        QCOMPARE(reader->stats()->datasets, 0); // holds the file open from here on
        const quint64 before = inode(path);
        const IngestBatch batch = handBuiltWithPadding(kT);
        auto written = writer->write(batch);
        QVERIFY2(written, why(written).constData());
        // In place, through the WAL: the open reader sees the batch (a replaced file would
        // have left it reading the old, empty one).
        QCOMPARE(inode(path), before);
        QCOMPARE(reader->stats()->datasets, 3003);
        checkHandBuilt(*reader, 3000 + 3 + 3 + 1);
        QVERIFY(buildFiles(path).isEmpty());
    }

    void openRemovesWhatAKilledBuildLeft()
    {
        const QString path = file(u"stale.db"_s);
        QVERIFY(openCache(path));
        const QStringList stale = {u"stale.db.building-0123abcd"_s,
            u"stale.db.building-0123abcd-journal"_s, u"stale.db.building-89abcdef-wal"_s};
        const QStringList kept = {u"stale.db.building-notes.txt"_s,
            u"other.db.building-0123abcd"_s, u"stale.db.building-0123abcd.bak"_s};
        for (const QString &name : stale + kept) {
            QFile f(file(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("left over");
        }
        // A reader never deletes anything.
        QVERIFY(openCache(path, MeshCache::OpenMode::ReadOnly));
        for (const QString &name : stale + kept)
            QVERIFY2(QFile::exists(file(name)), qPrintable(name));
        auto cache = openCache(path);
        QVERIFY(cache);
        for (const QString &name : stale)
            QVERIFY2(!QFile::exists(file(name)), qPrintable(name));
        for (const QString &name : kept)
            QVERIFY2(QFile::exists(file(name)), qPrintable(name));
        // And the cache itself is untouched and usable.
        QVERIFY(cache->write(test::handBuiltBatch(kT)));
        QCOMPARE(cache->stats()->datasets, 3);
    }

    void historyMergesLikeInsertOrIgnore_data()
    {
        QTest::addColumn<bool>("freshFile");
        QTest::addRow("in place") << false;
        QTest::addRow("fresh file") << true;
    }

    void historyMergesLikeInsertOrIgnore()
    {
        QFETCH(bool, freshFile);
        auto cache = openCache(file(u"merge-%1.db"_s.arg(freshFile)));
        QVERIFY(cache);
        const Timestamp day = 86'400'000;
        IngestBatch first = freshFile ? handBuiltWithPadding(kT) : test::handBuiltBatch(kT);
        // A second time of its own (t - 10 is there already), a time twice in one batch (the
        // first wins), an unknown time, and observations ~60 days later (another period).
        first.quality.push_back(
            {u"dataset:a"_s, u"rows"_s, QString(), HealthState::Warn, 2.5, u"few"_s, kT - 3});
        first.quality.push_back(
            {u"dataset:a"_s, u"rows"_s, QString(), HealthState::Fail, 0, QString(), kT - 3});
        first.quality.push_back({u"dataset:a"_s, u"rows"_s, QString(), HealthState::Pass, 0,
            QString(), kT + 60 * day});
        first.freshness.push_back({u"dataset:a"_s, kT + 60 * day, kT + 59 * day});
        first.freshness.push_back({u"dataset:a"_s, kT + 60 * day, kT});
        auto written = cache->write(first);
        QVERIFY2(written, why(written).constData());
        QCOMPARE(written->qualityAdded, qint64(first.quality.size()) - 1);
        QCOMPARE(written->freshnessAdded, qint64(first.freshness.size()) - 1);

        auto rows = cache->qualityHistory(u"dataset:a"_s);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 2u);
        QCOMPARE(rows->at(0).observedAt, kT - 3);
        QCOMPARE(rows->at(0).state, HealthState::Warn);
        QCOMPARE(rows->at(0).value, 2.5);
        QCOMPARE(rows->at(0).message, u"few"_s);
        QCOMPARE(rows->at(1).observedAt, kT + 60 * day);
        const auto nodeA = [&](Timestamp at) {
            const SnapshotData data = cache->loadSnapshot(at).value();
            return data.nodes[*findNode(data, "dataset:a")];
        };
        QCOMPARE(nodeA(kT).quality, HealthState::Warn);
        QCOMPARE(nodeA(0).quality, HealthState::Pass);
        QCOMPARE(nodeA(kT).newestData, kT - 50);
        QCOMPARE(nodeA(0).newestData, kT + 59 * day);
        QCOMPARE(nodeA(kT + 60 * day - 1).newestData, kT - 50);

        // The same observations again add nothing; new ones in known chunks are merged in.
        IngestBatch second;
        second.source = {u"test"_s, u"second.json"_s, 0, 0};
        second.observedAt = kT + day;
        second.quality = {
            {u"dataset:a"_s, u"rows"_s, QString(), HealthState::Fail, 0, QString(), kT - 3},
            {u"dataset:a"_s, u"rows"_s, QString(), HealthState::Fail, 0, QString(), kT - 2},
            {u"dataset:b"_s, u"not_null"_s, u"id"_s, HealthState::Pass, 0, QString(), kT},
            {u"dataset:b"_s, u"not_null"_s, u"id"_s, HealthState::Pass, 0, QString(), 0},
        };
        second.freshness = {{u"dataset:a"_s, kT, kT - 50}, {u"dataset:a"_s, kT + 1, kT - 40}};
        const CacheStats before = cache->stats().value();
        auto merged = cache->write(second);
        QVERIFY2(merged, why(merged).constData());
        // kT - 2, and the unknown time (0), which takes the batch's (kT + day); the others
        // are known.
        QCOMPARE(merged->qualityAdded, 2);
        QCOMPARE(merged->freshnessAdded, 1);
        QCOMPARE(cache->stats()->quality, before.quality + 2);
        QCOMPARE(cache->stats()->freshness, before.freshness + 1);
        rows = cache->qualityHistory(u"dataset:a"_s);
        QCOMPARE(rows->size(), 3u);
        QCOMPARE(rows->at(0).state, HealthState::Warn); // the cache's observation stays
        QCOMPARE(rows->at(1).observedAt, kT - 2);
        QCOMPARE(nodeA(kT).quality, HealthState::Fail); // kT - 2 is the latest by kT now
        QCOMPARE(nodeA(kT + 1).newestData, kT - 40);
        QCOMPARE(cache->qualityHistory(u"dataset:b"_s)->size(), 4u);
        QCOMPARE(cache->qualityHistory(u"dataset:b"_s)->back().observedAt, kT + day);
        // As-of counts decode the chunks that straddle the time: b at kT - 10, a at kT - 3
        // (and kT - 2).
        QCOMPARE(cache->stats(kT - 3)->quality, 2);
        QCOMPARE(cache->stats(kT - 2)->quality, 3);
        QCOMPARE(cache->stats(kT - 5)->freshness, 1);
        QCOMPARE(cache->timeRange().value().second, kT + 60 * day);
        QCOMPARE(queryText(cache->handle(), "PRAGMA integrity_check"), u"ok"_s);
    }

    void cancelledLoadSaysSo()
    {
        auto cache = openCache(file(u"cancel-load.db"_s));
        QVERIFY(cache && cache->write(test::syntheticBatch(u"load"_s, 10000, kT)));
        std::atomic_bool cancel = true;
        auto loaded = cache->loadSnapshot(0, &cancel);
        QVERIFY(!loaded);
        QVERIFY(loaded.errorMessage().contains(u"cancelled"_s));
    }
};

QTEST_GUILESS_MAIN(TestMeshCache)
#include "tst_meshcache.moc"
