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

// Schema 5 only replaces the index on the key text by a table of key hashes: with them
// swapped back and user_version 4, a cache is exactly what schema 4 wrote.
constexpr const char *kToSchema4 = "DROP TABLE entity_key; "
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
    QCOMPARE(MeshCache::kSchemaVersion, 5);
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
