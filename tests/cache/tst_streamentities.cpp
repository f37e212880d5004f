// A stream's first import keeps its entities in memory and inserts them once at the end
// (streamentities.h); an entity seen again is merged there by the rules of the writer's
// UPDATE statement. The same batches written one by one into a cache (fresh file, then in
// place: the UPDATE itself) must leave the same entity rows, column by column: older and
// newer observations, empty values, placement ranks, removals and returns, a time of 0, a key
// twice in one batch, and a batch that fails half-way (undone in memory as in the file).

#include "cache/meshcache.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// Every entity row, its references spelt out (string and entity ids may differ by path).
constexpr const char *kEntities
    = "SELECT group_concat(row, char(10)) FROM (SELECT e.id || '|' || e.kind || '|' || e.key || '|' "
      "|| typeof(e.name) || ':' || coalesce(e.name, '-') || '|' || coalesce(e.description, '-') "
      "|| '|' || coalesce((SELECT text FROM string WHERE id = e.owner_id), '-') || '|' "
      "|| coalesce(p.key, '-') || '|' || coalesce((SELECT text FROM string WHERE id = e.detail_id), '-') "
      "|| '|' || coalesce((SELECT text FROM string WHERE id = e.dataset_kind_id), '-') || '|' "
      "|| coalesce(e.direction, '-') || '|' || e.first_seen || '|' || e.last_seen || '|' "
      "|| coalesce(e.removed_at, '-') || '|' || coalesce(e.placement, '-') || '|' "
      "|| coalesce((SELECT file FROM source WHERE id = e.source_id), '-') AS row "
      "FROM entity e LEFT JOIN entity p ON p.id = e.parent_id ORDER BY e.id)";

// History chunks, by entity key: merged across batches the same way (one chunk per series
// and period; the stream knows which it wrote instead of looking each up).
constexpr const char *kHistory
    = "SELECT (SELECT group_concat(row, char(10)) FROM (SELECT e.key || ' ' || f.period || ' ' "
      "|| f.first_at || ' ' || f.last_at || ' ' || f.count || ' ' || f.last_data_time || ' ' "
      "|| hex(f.data) AS row FROM freshness f JOIN entity e ON e.id = f.entity_id ORDER BY row)) "
      "|| char(10) || (SELECT group_concat(row, char(10)) FROM (SELECT e.key || ' ' "
      "|| (SELECT text FROM string WHERE id = q.check_id) || ' ' || q.period || ' ' || q.count "
      "|| ' ' || q.last_state || ' ' || hex(q.data) AS row FROM quality q JOIN entity e "
      "ON e.id = q.entity_id ORDER BY row))";

// Lineage, the datasets ports expose, and raw facets, by keys.
// The key table: every entity's key hash (entity ids may differ by path: named by key), in
// the table's order. The stream hashes its keys apart from the rows (another thread, its own
// encoding): they must be what a write of the rows gives them.
constexpr const char *kKeys
    = "SELECT count(*) || ' ' || group_concat(row, char(10)) FROM (SELECT k.key_hash || ' ' || e.key AS row "
      "FROM entity_key k JOIN entity e ON e.id = k.entity_id ORDER BY k.key_hash, e.key)";

constexpr const char *kFacts
    = "SELECT (SELECT group_concat(row, char(10)) FROM (SELECT s.key || ' ' || d.key || ' ' "
      "|| coalesce(j.key, '-') || ' ' || e.first_seen || ' ' || e.last_seen || ' ' "
      "|| coalesce(e.removed_at, '-') AS row FROM edge e JOIN entity s ON s.id = e.src_id "
      "JOIN entity d ON d.id = e.dst_id LEFT JOIN entity j ON j.id = e.job_id ORDER BY row)) "
      "|| char(10) || (SELECT group_concat(row, char(10)) FROM (SELECT p.key || ' ' || d.key AS row "
      "FROM port_dataset pd JOIN entity p ON p.id = pd.port_id JOIN entity d ON d.id = pd.dataset_id "
      "ORDER BY row)) || char(10) || (SELECT group_concat(row, char(10)) FROM (SELECT e.key || ' ' "
      "|| (SELECT text FROM string WHERE id = f.name_id) || ' ' || f.observed_at || ' ' || f.json "
      "AS row FROM facet f JOIN entity e ON e.id = f.entity_id ORDER BY row))";

RawFacet facet(const char *json, Timestamp at)
{
    RawFacet f;
    f.name = u"schema"_s;
    f.json = json;
    f.observedAt = at;
    return f;
}

FreshnessObservation freshness(const QString &name, Timestamp at)
{
    return {u"dataset:warehouse/shop."_s + name, at, at - 100};
}

QualityResult check(const QString &name, HealthState state, Timestamp at)
{
    QualityResult q;
    q.entityKey = u"dataset:warehouse/shop."_s + name;
    q.checkName = u"not_null"_s;
    q.state = state;
    q.value = double(at);
    q.observedAt = at;
    return q;
}

Dataset dataset(const QString &name, Timestamp at, const QString &product = {},
                Placement placement = Placement::Explicit)
{
    Dataset d;
    d.key = u"dataset:warehouse/shop."_s + name;
    d.name = name;
    d.ns = u"warehouse"_s;
    d.datasetKind = u"table"_s;
    d.productKey = product.isEmpty() ? QString() : u"product:"_s + product;
    d.placement = placement;
    d.observedAt = at;
    return d;
}

IngestBatch batch(int n, Timestamp at)
{
    IngestBatch b;
    b.source.source = u"test"_s;
    b.source.file = u"batch%1.json"_s.arg(n);
    b.observedAt = at;
    return b;
}

// The batches, in order; the third fails (an edge to a dataset nobody has).
std::vector<IngestBatch> batches()
{
    std::vector<IngestBatch> out;
    IngestBatch b0 = batch(0, 1000);
    b0.domains.push_back({});
    b0.domains.back().key = u"domain:shop"_s;
    b0.domains.back().name = u"shop"_s;
    for (const char *p : {"orders", "billing"}) {
        Product product;
        product.key = u"product:"_s + QLatin1StringView(p);
        product.name = QLatin1StringView(p);
        product.domainKey = u"domain:shop"_s;
        b0.products.push_back(product);
    }
    Dataset d1 = dataset(u"d1"_s, 1000, u"orders"_s);
    d1.description = u"first"_s;
    d1.owner = u"team-a"_s;
    d1.facets.push_back(facet("{\"v\":1}", 1000));
    b0.datasets.push_back(d1);
    b0.datasets.push_back(dataset(u"d2"_s, 1000, {}, Placement::Default));
    Dataset d3 = dataset(u"d3"_s, 1500, u"orders"_s);
    d3.removedAt = 1500;
    b0.datasets.push_back(d3);
    b0.datasets.push_back(dataset(u"d4"_s, 1000, u"orders"_s));
    Job job;
    job.key = u"job:warehouse/load"_s;
    job.name = u"load"_s;
    job.ns = u"warehouse"_s;
    job.productKey = u"product:orders"_s;
    job.observedAt = 1000;
    b0.jobs.push_back(job);
    Port port;
    port.key = u"port:orders/out"_s;
    port.name = u"out"_s;
    port.productKey = u"product:orders"_s;
    port.direction = PortDirection::Output;
    port.datasetKeys = {d1.key};
    port.observedAt = 1000;
    b0.ports.push_back(port);
    b0.edges.push_back({u"dataset:warehouse/shop.d2"_s, d1.key, job.key, 1000, 0});
    b0.freshness.push_back(freshness(u"d1"_s, 1000));
    b0.quality.push_back(check(u"d1"_s, HealthState::Pass, 1000));
    out.push_back(b0);

    IngestBatch b1 = batch(1, 2000);
    Dataset older = dataset(u"d1"_s, 500, u"billing"_s);  // older: changes only first_seen
    older.description = u"older"_s;
    older.owner = u"team-old"_s;
    older.name = u"D One"_s;  // not the end of the key: stored as text
    older.facets.push_back(facet("{\"v\":0}", 500));  // older than the stored one: ignored
    b1.datasets.push_back(older);
    Dataset newer = dataset(u"d1"_s, 2000, u"billing"_s, Placement::Pattern);  // lower rank
    newer.owner = u"team-b"_s;                                                // empty description
    newer.datasetKind.clear();
    newer.facets.push_back(facet("{\"v\":2}", 2000));  // replaces it
    b1.datasets.push_back(newer);
    b1.edges.push_back({u"dataset:warehouse/shop.d2"_s, newer.key, u"job:warehouse/load"_s, 2000, 0});
    b1.edges.push_back({newer.key, u"dataset:warehouse/shop.d3"_s, {}, 2000, 0});
    b1.datasets.push_back(dataset(u"d2"_s, 2000, u"billing"_s, Placement::Pattern));  // had none
    b1.datasets.push_back(dataset(u"d3"_s, 1400, u"orders"_s));  // before its removal
    b1.datasets.push_back(dataset(u"d4"_s, 900, u"billing"_s));  // equal rank but older
    b1.freshness.push_back(freshness(u"d1"_s, 2000));  // the same period: merged
    b1.freshness.push_back(freshness(u"d2"_s, 2000));
    b1.quality.push_back(check(u"d1"_s, HealthState::Fail, 2000));
    port.direction = PortDirection::Input;
    port.observedAt = 2000;
    b1.ports.push_back(port);
    out.push_back(b1);

    IngestBatch bad = batch(2, 3000);
    Dataset changed = dataset(u"d1"_s, 3000, u"billing"_s);
    changed.description = u"from a batch that fails"_s;
    bad.datasets.push_back(changed);
    bad.datasets.push_back(dataset(u"d9"_s, 3000, u"orders"_s));
    bad.freshness.push_back(freshness(u"d1"_s, 3000));
    bad.edges.push_back({changed.key, u"dataset:warehouse/shop.nowhere"_s, {}, 3000, 0});
    out.push_back(bad);

    IngestBatch b3 = batch(3, 0);  // no time at all: counts as current, first_seen stays
    Dataset timeless = dataset(u"d2"_s, 0, u"orders"_s, Placement::Pattern);
    timeless.description = u"no time"_s;
    b3.datasets.push_back(timeless);
    out.push_back(b3);

    IngestBatch b4 = batch(4, 4000);
    b4.datasets.push_back(dataset(u"d3"_s, 4000, u"orders"_s));  // comes back
    Dataset removed = dataset(u"d1"_s, 4000, u"orders"_s);
    removed.removedAt = 4000;
    b4.datasets.push_back(removed);
    b4.datasets.push_back(dataset(u"d10"_s, 4000, u"orders"_s));  // the id d9 did not keep
    b4.freshness.push_back(freshness(u"d1"_s, 4000));
    b4.freshness.push_back(freshness(u"d10"_s, 4000));
    b4.quality.push_back(check(u"d1"_s, HealthState::Warn, 4000));
    out.push_back(b4);

    IngestBatch b5 = batch(5, 5000);
    b5.datasets.push_back(dataset(u"d1"_s, 4500, u"orders"_s));  // after its removal
    b5.datasets.push_back(dataset(u"d2"_s, 100, u"orders"_s, Placement::Explicit));  // old, higher rank
    out.push_back(b5);
    return out;
}

} // namespace

class TestStreamEntities : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // Writes `all` batch by batch into one new cache and as one stream into another; the
    // batch at `failing` is rejected by both, with a message naming `why`. Fills the two paths.
    // `lastSaid`: the stream's last batch says it is the last (its entity file then starts
    // while its facts are written); `lastSaid` past the end says it of no batch.
    void writeBothWays(const std::vector<IngestBatch> &all, std::size_t failing, const QString &why,
                       const QString &tag, QString *oneByOne, QString *streamed,
                       std::size_t lastSaid = std::size_t(-1))
    {
        *oneByOne = m_dir.filePath(tag + u"-onebyone.meshlens"_s);
        std::vector<WriteSummary> expected;
        {
            auto cache = MeshCache::open(*oneByOne, MeshCache::OpenMode::ReadWrite);
            QVERIFY(cache);
            for (std::size_t i = 0; i < all.size(); ++i) {
                auto written = cache.value()->write(all[i]);
                QCOMPARE(bool(written), i != failing);
                if (written)
                    expected.push_back(written.value());
            }
        }
        *streamed = m_dir.filePath(tag + u"-streamed.meshlens"_s);
        auto cache = MeshCache::open(*streamed, MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        auto began = cache.value()->beginStream();
        QVERIFY2(began && began.value(), "a new cache takes a stream");
        std::size_t next = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            auto written = cache.value()->writeStream(all[i], nullptr, {}, i == lastSaid);
            QCOMPARE(bool(written), i != failing);
            if (!written) {
                QVERIFY2(written.errorMessage().contains(why), qPrintable(written.errorMessage()));
                continue;
            }
            const WriteSummary &want = expected[next++];
            for (int k = 0; k < kEntityKindCount; ++k) {
                QCOMPARE(written.value().added[k], want.added[k]);
                QCOMPARE(written.value().updated[k], want.updated[k]);
            }
            QCOMPARE(written.value().edgesAdded, want.edgesAdded);
            QCOMPARE(written.value().facetsWritten, want.facetsWritten);
        }
        // The stream's file, and the entity file when the last batch started it.
        const QStringList building = QDir(m_dir.path()).entryList({tag + u"-streamed.meshlens.building-*"_s}, QDir::Files);
        m_buildFilesBeforeFinish = building.size() - building.filter(u"-journal"_s).size();
        const Status finished = cache.value()->finishStream();
        QVERIFY2(finished, qPrintable(finished.errorMessage()));
    }
    qsizetype m_buildFilesBeforeFinish = 0;

private slots:
    // A first batch that fails (after the stream dropped the indexes it builds at the end, in
    // the transaction that is rolled back): the next batch starts the stream again.
    void aFailedFirstBatchStartsTheStreamAgain()
    {
        std::vector<IngestBatch> all = batches();
        std::rotate(all.begin(), all.begin() + 2, all.begin() + 3);  // the failing batch first
        QString oneByOne, streamed;
        // Its first problem now: d1's product is not there yet.
        writeBothWays(all, 0, u"product:billing"_s, u"first"_s, &oneByOne, &streamed);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(test::querySqlite(streamed, kEntities), test::querySqlite(oneByOne, kEntities));
        QCOMPARE(test::querySqlite(streamed, kFacts), test::querySqlite(oneByOne, kFacts));
        QCOMPARE(test::querySqlite(streamed, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' "
                                             "AND name NOT LIKE 'sqlite_autoindex%'"),
                 u"facet_key"_s);
    }

    // The last batch says so: the stream's entity file is written while its facts are. The
    // result is the same as without; when that batch fails after its entities (an edge to
    // nowhere), the file started from them is dropped and written again from the rows as
    // they were; a batch that says it is the last when it is not changes nothing either.
    void theLastBatchStartsTheEntityFile_data()
    {
        QTest::addColumn<bool>("lastFails");
        QTest::addColumn<bool>("saidTooEarly");
        QTest::newRow("last batch written") << false << false;
        QTest::newRow("last batch fails after its entities") << true << false;
        QTest::newRow("said by a batch that is not the last") << false << true;
    }

    void theLastBatchStartsTheEntityFile()
    {
        QFETCH(bool, lastFails);
        QFETCH(bool, saidTooEarly);
        std::vector<IngestBatch> all = batches();
        std::size_t failing = 2;  // refers to shop.nowhere in its lineage
        if (lastFails) {
            std::rotate(all.begin() + 2, all.begin() + 3, all.end());  // the failing one last
            failing = all.size() - 1;
        }
        const std::size_t lastSaid = saidTooEarly ? all.size() - 2 : all.size() - 1;
        const QString tag = u"last%1%2"_s.arg(int(lastFails)).arg(int(saidTooEarly));
        QString oneByOne, streamed;
        writeBothWays(all, failing, u"shop.nowhere"_s, tag, &oneByOne, &streamed, lastSaid);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(test::querySqlite(streamed, kEntities), test::querySqlite(oneByOne, kEntities));
        QCOMPARE(test::querySqlite(streamed, kHistory), test::querySqlite(oneByOne, kHistory));
        QCOMPARE(test::querySqlite(streamed, kFacts), test::querySqlite(oneByOne, kFacts));
        QCOMPARE(test::querySqlite(streamed, kKeys), test::querySqlite(oneByOne, kKeys));
        // The last batch, written, left its entity file started; a failed one dropped it, and
        // a batch after one that said it was the last dropped that one's.
        QCOMPARE(m_buildFilesBeforeFinish, lastFails || saidTooEarly ? 1 : 2);
        // Nothing of the entity file is left next to the cache.
        QCOMPARE(QDir(m_dir.path()).entryList({tag + u"-streamed.meshlens.*"_s}, QDir::Files), QStringList());
    }

    void streamAndBatchByBatchStoreTheSameEntities()
    {
        const std::vector<IngestBatch> all = batches();
        QString oneByOne, streamed;
        writeBothWays(all, 2, u"shop.nowhere"_s, u"middle"_s, &oneByOne, &streamed);
        if (QTest::currentTestFailed())
            return;
        const QString rows = test::querySqlite(oneByOne, kEntities);
        QCOMPARE(test::querySqlite(streamed, kEntities), rows);
        const QString history = test::querySqlite(oneByOne, kHistory);
        QCOMPARE(test::querySqlite(streamed, kHistory), history);
        const QString facts = test::querySqlite(oneByOne, kFacts);
        QCOMPARE(test::querySqlite(streamed, kFacts), facts);
        const QString keys = test::querySqlite(oneByOne, kKeys);
        QCOMPARE(test::querySqlite(streamed, kKeys), keys);
        QVERIFY2(keys.startsWith(u"10 "_s), qPrintable(keys));  // one per entity row
        QVERIFY2(facts.contains(u"dataset:warehouse/shop.d1 schema 2000 {\"v\":2}"_s), qPrintable(facts));
        QVERIFY2(facts.contains(u"port:orders/out dataset:warehouse/shop.d1"_s), qPrintable(facts));
        // d1's freshness: one chunk of three observations (the failed batch's is not there).
        QVERIFY2(history.contains(u"dataset:warehouse/shop.d1 1 1000 4000 3 3900 "_s), qPrintable(history));
        QVERIFY2(history.contains(u"dataset:warehouse/shop.d1 not_null 1 3 2 "_s), qPrintable(history));
        // The rules themselves (the reference is the UPDATE statement, not this list).
        const QStringList lines = rows.split(u'\n');
        QCOMPARE(lines.size(), 10);  // domain, 2 products, d1-d4, job, port, d10
        const auto line = [&](const QString &key) {
            for (const QString &l : lines)
                if (l.section(u'|', 2, 2) == key)
                    return l;
            return QString();
        };
        // d1: the older name and description lost; the Pattern product lost to Explicit;
        // removed at 4000 and seen at 4500: back.
        QCOMPARE(line(u"dataset:warehouse/shop.d1"_s).section(u'|', 3),
                 u"integer:2|first|team-b|product:orders|warehouse|table|-|500|4500|-|2|batch5.json"_s);
        // d2: no parent, then Pattern, then an older Explicit one that outranks it.
        QCOMPARE(line(u"dataset:warehouse/shop.d2"_s).section(u'|', 5, 7), u"-|product:orders|warehouse"_s);
        QCOMPARE(line(u"dataset:warehouse/shop.d2"_s).section(u'|', 4, 4), u"no time"_s);
        QCOMPARE(line(u"dataset:warehouse/shop.d2"_s).section(u'|', 10, 11), u"100|2000"_s);
        // d3: seen before its removal (stays removed), then after (back).
        QCOMPARE(line(u"dataset:warehouse/shop.d3"_s).section(u'|', 10, 12), u"1400|4000|-"_s);
        // d4: an older observation of equal rank keeps the parent.
        QCOMPARE(line(u"dataset:warehouse/shop.d4"_s).section(u'|', 6, 6), u"product:orders"_s);
        // the port's direction follows the newer observation; d9 is nowhere.
        QCOMPARE(line(u"port:orders/out"_s).section(u'|', 9, 9), u"0"_s);
        QVERIFY(line(u"dataset:warehouse/shop.d9"_s).isEmpty());
        // Every key is found through the key table.
        QCOMPARE(test::querySqlite(streamed, "SELECT count(*) FROM entity_key k JOIN entity e "
                                             "ON e.id = k.entity_id"),
                 u"10"_s);
    }
};

QTEST_GUILESS_MAIN(TestStreamEntities)
#include "tst_streamentities.moc"
