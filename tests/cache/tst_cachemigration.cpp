// Schema 2 -> 3 (raw facets and dataset aliases) and on to 5 (tst_placementprecedence has
// 3 -> 4; 4 -> 5 hashes the keys): a schema 2 cache is upgraded in place, in
// one transaction, keeping everything it held; a failed upgrade leaves it as it was. Also
// the facet table's rules (newest observation wins) and aliases' (first claim wins).

#include "cache/meshcache.h"
#include "cachefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// The error of a failed result, empty for a good one (for QVERIFY2 messages, which are
// built whether or not the check fails).
template<typename R>
QString why(const R &r)
{
    return r ? QString() : r.errorMessage();
}

constexpr Timestamp kT = 1'700'000'000'000;

QString rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    char *message = nullptr;
    sqlite3_exec(db, sql, nullptr, nullptr, &message);
    const QString error = message ? QString::fromUtf8(message) : QString();
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

QString queryText(const QString &path, const char *sql)
{
    return test::querySqlite(path, sql);
}

// Schema 6 only drops the unique index on an edge's ends and job: with it back and
// user_version 5, a cache is exactly what schema 5 wrote.
constexpr const char *kToSchema5 = "CREATE UNIQUE INDEX edge_ends ON edge(src_id, dst_id, job_id); ";

// Schema 5 only replaces the index on the key text by a table of key hashes: with them
// swapped back (and the edge index) and user_version 4, a cache is exactly what schema 4
// wrote.
constexpr const char *kToSchema4 = "CREATE UNIQUE INDEX edge_ends ON edge(src_id, dst_id, job_id); "
                                   "DROP TABLE entity_key; "
                                   "CREATE UNIQUE INDEX entity_key ON entity(key); ";

void makeSchema4(const QString &path)
{
    QCOMPARE(rawExec(path, (u"BEGIN; "_s + QLatin1StringView(kToSchema4)
                               + u"PRAGMA user_version = 4; COMMIT;"_s).toUtf8().constData()),
             QString());
}

// Schema 3 only adds the two tables and schema 4 one column: without them, and with
// user_version 2, a cache is exactly what schema 2 wrote.
void makeSchema2(const QString &path)
{
    QCOMPARE(rawExec(path, (u"BEGIN; "_s + QLatin1StringView(kToSchema4)
                               + u"DROP TABLE facet; DROP TABLE dataset_alias; "
                                 "ALTER TABLE entity DROP COLUMN placement; "
                                 "PRAGMA user_version = 2; COMMIT;"_s).toUtf8().constData()),
             QString());
}

IngestBatch facetBatch(Timestamp t, const QByteArray &json)
{
    IngestBatch b = test::handBuiltBatch(t);
    b.datasets[0].facets.push_back({u"acme"_s, json, u"p"_s, u"s"_s, t});
    b.jobs[0].facets.push_back({u"run.nominalTime"_s, R"({"nominalStartTime":"x"})", {}, {}, t});
    b.datasetAliases.push_back({u"dataset:file//w/a"_s, b.datasets[0].key, t});
    return b;
}

}  // namespace

class TestCacheMigration : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void upgradesASchema2CacheInPlace();
    void aFailedUpgradeLeavesTheFileAsItWas();
    void schema4KeysAreHashedAndStillFound();
    void schema5IsReadAsItIsAndLosesTheEdgeIndexOnUpgrade();
    void newestFacetWinsAndFirstAliasClaimWins();
};

void TestCacheMigration::upgradesASchema2CacheInPlace()
{
    const QString path = file(u"v2.meshlens"_s);
    qint64 datasets = 0, edges = 0;
    {
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache, qPrintable(why(cache)));
        QVERIFY(cache.value()->write(test::handBuiltBatch(kT)));
        auto stats = cache.value()->stats();
        QVERIFY(stats);
        datasets = stats->datasets;
        edges = stats->edges;
    }
    makeSchema2(path);
    QCOMPARE(queryText(path, "PRAGMA user_version"), u"2"_s);
    QCOMPARE(queryText(path, "SELECT count(*) FROM sqlite_master WHERE name = 'facet'"), u"0"_s);

    // Read-only: refused (only a writer upgrades), and the file is left alone.
    auto readOnly = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
    QVERIFY(!readOnly);
    QVERIFY2(readOnly.errorMessage().contains(u"schema 2"_s), qPrintable(readOnly.errorMessage()));
    QCOMPARE(queryText(path, "PRAGMA user_version"), u"2"_s);

    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    QVERIFY2(cache, qPrintable(why(cache)));
    QCOMPARE(queryText(path, "PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
    QCOMPARE(MeshCache::kSchemaVersion, 6);
    auto stats = cache.value()->stats();
    QVERIFY(stats);
    QCOMPARE(stats->datasets, datasets);
    QCOMPARE(stats->edges, edges);
    QVERIFY(datasets == 3 && edges > 0);
    // The new tables work: the same batch with facets and an alias.
    auto written = cache.value()->write(facetBatch(kT + 1000, R"({"v":1})"));
    QVERIFY2(written, qPrintable(why(written)));
    QCOMPARE(written->facetsWritten, 2);
    QCOMPARE(written->aliasesAdded, 1);
}

void TestCacheMigration::aFailedUpgradeLeavesTheFileAsItWas()
{
    // A schema 2 file that already has a table named like a new one: the step fails,
    // the transaction rolls back, the file still says schema 2 and holds its data.
    const QString path = file(u"clash.meshlens"_s);
    {
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        QVERIFY(cache.value()->write(test::handBuiltBatch(kT)));
    }
    makeSchema2(path);
    QCOMPARE(rawExec(path, "CREATE TABLE dataset_alias(x)"), QString());
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    QVERIFY(!cache);
    QVERIFY2(cache.errorMessage().contains(u"from schema 2 to 3"_s), qPrintable(cache.errorMessage()));
    QCOMPARE(queryText(path, "PRAGMA user_version"), u"2"_s);
    QCOMPARE(queryText(path, "SELECT count(*) FROM sqlite_master WHERE name = 'facet'"), u"0"_s);
    QCOMPARE(queryText(path, "SELECT count(*) FROM entity WHERE kind = 3"), u"3"_s);
}

void TestCacheMigration::schema4KeysAreHashedAndStillFound()
{
    const QString path = file(u"v4.meshlens"_s);
    {
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache, qPrintable(why(cache)));
        QVERIFY(cache.value()->write(test::handBuiltBatch(kT)));
    }
    const char *keys = "SELECT group_concat(key_hash || ':' || entity_id, ',') FROM "
                       "(SELECT * FROM entity_key ORDER BY key_hash, entity_id)";
    const QString written = queryText(path, keys);
    QCOMPARE(written.count(u','), queryText(path, "SELECT count(*) FROM entity").toInt() - 1);
    makeSchema4(path);
    QCOMPARE(queryText(path, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_key' AND type = 'table'"),
        u"0"_s);

    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    QVERIFY2(cache, qPrintable(why(cache)));
    QCOMPARE(queryText(path, "PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
    // Every row has the hash a new write gives it; the index on the key text is gone.
    QCOMPARE(queryText(path, keys), written);
    QCOMPARE(queryText(path, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'entity' AND type = 'index'"),
        u"0"_s);
    // A look-up by key goes through the hash: the hand-built dataset's quality history.
    const IngestBatch batch = test::handBuiltBatch(kT);
    QVERIFY(!batch.quality.empty());
    auto history = cache.value()->qualityHistory(batch.quality.front().entityKey);
    QVERIFY2(history, qPrintable(why(history)));
    QVERIFY(!history->empty());
    auto missing = cache.value()->qualityHistory(batch.quality.front().entityKey + u"x"_s);
    QVERIFY(!missing);
    QVERIFY2(missing.errorMessage().contains(u"has no entity"_s), qPrintable(missing.errorMessage()));
}

// Schema 6 dropped only the edge index, which no read used: a schema 5 file opens read-only
// as it is (nothing written), and the first writer drops the index. Edges stay unique
// without it: the writer knows every edge of the file before it adds one.
void TestCacheMigration::schema5IsReadAsItIsAndLosesTheEdgeIndexOnUpgrade()
{
    const QString path = file(u"v5.meshlens"_s);
    const IngestBatch batch = test::handBuiltBatch(kT);
    {
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache, qPrintable(why(cache)));
        QVERIFY(cache.value()->write(batch));
    }
    QCOMPARE(rawExec(path, (u"BEGIN; "_s + QLatin1StringView(kToSchema5)
                               + u"PRAGMA user_version = 5; COMMIT;"_s).toUtf8().constData()),
             QString());
    const char *edgeIndex = "SELECT count(*) FROM sqlite_master WHERE name = 'edge_ends'";
    QCOMPARE(queryText(path, edgeIndex), u"1"_s);
    const char *edges = "SELECT count(*) || ' ' || count(DISTINCT src_id || ':' || dst_id || ':' || "
                        "coalesce(job_id, 0)) FROM edge";
    const QString edgesBefore = queryText(path, edges);
    QVERIFY(!edgesBefore.startsWith(u"0 "_s));

    {
        auto readOnly = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
        QVERIFY2(readOnly, qPrintable(why(readOnly)));
        auto stats = readOnly.value()->stats();
        QVERIFY2(stats, qPrintable(why(stats)));
        QCOMPARE(QString::number(stats->edges) + u' ' + QString::number(stats->edges), edgesBefore);
        auto data = readOnly.value()->loadSnapshot();
        QVERIFY2(data, qPrintable(why(data)));
        QCOMPARE(qint64(data->edges.size()), stats->edges);
    }
    QCOMPARE(queryText(path, "PRAGMA user_version"), u"5"_s);  // a reader changes nothing
    QCOMPARE(queryText(path, edgeIndex), u"1"_s);

    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    QVERIFY2(cache, qPrintable(why(cache)));
    QCOMPARE(queryText(path, "PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
    QCOMPARE(queryText(path, edgeIndex), u"0"_s);
    // The same edges again, later, and once more with an edge without a job (which the
    // index never kept unique): each is still one row.
    IngestBatch again = test::handBuiltBatch(kT + 1000);
    again.edges.push_back(again.edges.front());
    again.edges.back().jobKey.clear();
    auto written = cache.value()->write(again);
    QVERIFY2(written, qPrintable(why(written)));
    QCOMPARE(written->edgesAdded, 1);  // the job-less one is new, the others known
    auto twice = cache.value()->write(again);
    QVERIFY2(twice, qPrintable(why(twice)));
    QCOMPARE(twice->edgesAdded, 0);
    const QStringList counts = queryText(path, edges).split(u' ');
    QCOMPARE(counts.size(), 2);
    QCOMPARE(counts[0], counts[1]);  // no two rows with the same ends and job
    QCOMPARE(counts[0].toLongLong(), edgesBefore.split(u' ')[0].toLongLong() + written->edgesAdded);
}

void TestCacheMigration::newestFacetWinsAndFirstAliasClaimWins()
{
    const QString path = file(u"facets.meshlens"_s);
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    QVERIFY(cache);
    QVERIFY(cache.value()->write(facetBatch(kT, R"({"v":1})")));
    // Older: not taken. Newer: replaces. An alias claimed again for another dataset:
    // the first claim stays.
    IngestBatch older = facetBatch(kT - 1000, R"({"v":0})");
    IngestBatch newer = facetBatch(kT + 1000, R"({"v":2})");
    newer.datasetAliases[0].canonicalKey = newer.datasets[1].key;
    auto o = cache.value()->write(older);
    QVERIFY2(o, qPrintable(why(o)));
    QCOMPARE(o->facetsWritten, 0);
    QCOMPARE(queryText(path, "SELECT json FROM facet JOIN string ON string.id = name_id WHERE text = 'acme'"),
             uR"({"v":1})"_s);
    auto n = cache.value()->write(newer);
    QVERIFY2(n, qPrintable(why(n)));
    QCOMPARE(n->facetsWritten, 2);
    QCOMPARE(n->aliasesAdded, 0);
    QCOMPARE(queryText(path, "SELECT json FROM facet JOIN string ON string.id = name_id WHERE text = 'acme'"),
             uR"({"v":2})"_s);
    auto aliases = cache.value()->datasetAliases();
    QVERIFY(aliases);
    QCOMPARE(aliases->size(), 1);
    QCOMPARE(aliases->value(u"dataset:file//w/a"_s), u"dataset:a"_s);

    auto data = cache.value()->loadSnapshot();
    QVERIFY(data);
    QCOMPARE(data->cachePath, path);
    qint64 id = 0;
    for (const SnapshotNode &node : data->nodes)
        if (data->strings.string(node.key) == u"dataset:a"_s)
            id = node.cacheId;
    auto facets = cache.value()->facets(id);
    QVERIFY(facets);
    QCOMPARE(facets->size(), 1u);
    QCOMPARE(facets->at(0).name, u"acme"_s);
    QCOMPARE(facets->at(0).observedAt, kT + 1000);
}

QTEST_GUILESS_MAIN(TestCacheMigration)
#include "tst_cachemigration.moc"
