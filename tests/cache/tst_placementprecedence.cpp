// Where a dataset belongs when several inputs say different things (issue 3: "what a source
// says explicitly wins over patterns; patterns win over defaults"), across inputs and in
// either ingest order: entity.placement (schema 4) keeps the rank of the parent the cache
// holds, and the writer replaces a parent only with one of a higher rank, or of the same rank
// and not older. Everything goes through ingestInputs() with real files and a mapping file
// read by loadMapping(), as `meshlens-cli ingest --mapping` does. Also the upgrade of a
// schema 3 cache (no placement column: its placed rows count as explicit).

#include "cache/meshcache.h"
#include "cachefixtures.h"
#include "ingest/ingestpipeline.h"
#include "ingest/mapping.h"
#include "mesh/snapshotgraph.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

template<typename R>
QString why(const R &r)
{
    return r ? QString() : r.errorMessage();
}

// Rows of a query as text, one line per row ("|" between columns, NULL as "-").
QString rows(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *stmt = nullptr;
    QStringList out;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
        out << u"error: "_s + QString::fromUtf8(sqlite3_errmsg(db));
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
        QStringList cols;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, i));
            cols << (text ? QString::fromUtf8(text) : u"-"_s);
        }
        out << cols.join(u'|');
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out.join(u'\n');
}

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

// The parent's key and the placement rank of the dataset pg/<name> ("-" for none).
QString placementOf(const QString &cache, const char *name)
{
    const QByteArray sql = "SELECT coalesce(p.key, '-'), e.placement FROM entity e "
                           "LEFT JOIN entity p ON p.id = e.parent_id WHERE e.key = 'dataset:pg/"
        + QByteArray(name) + "'";
    return rows(cache, sql.constData());
}

// A native mesh file (explicit placements): pg/sales.orders in `product` of domain ops,
// seen at `seen`.
QByteArray nativeFile(const char *product, const char *seen)
{
    return QByteArray(R"({"format": "meshlens-mesh", "version": 1, "generatedAt": ")") + seen
        + R"(", "domains": [{"key": "domain:ops"}],
"products": [{"key": "product:ops.)" + product + R"(", "domain": "domain:ops"}],
"datasets": [{"namespace": "pg", "name": "sales.orders", "product": "product:ops.)" + product
        + R"("}]})";
}

// An OpenLineage run at `time`: pg/sales.orders -> pg/sales.report.
QByteArray olEvent(const char *time)
{
    return QByteArray(R"({"eventType":"COMPLETE","eventTime":")") + time
        + R"(","producer":"t","run":{"runId":"r1"},"job":{"namespace":"etl","name":"report"},)"
          R"("inputs":[{"namespace":"pg","name":"sales.orders"}],)"
          R"("outputs":[{"namespace":"pg","name":"sales.report"}]})"
          "\n";
}

QByteArray mappingFile(const char *domain)
{
    return QByteArray("meshlensMapping: 1\ndomains:\n  - domain: ") + domain
        + "\n    product: orders\n    match: { namespace: \"pg\", name: \"sales.*\" }\n";
}

constexpr const char *kEarly = "2025-01-01T00:00:00Z";
constexpr const char *kLate = "2025-03-01T00:00:00Z";

// Every entity row with its parent and rank, and every edge: what a re-ingest must not change.
constexpr const char *kState
    = "SELECT e.kind, e.key, coalesce(p.key, '-'), e.placement, e.first_seen, e.last_seen, "
      "e.removed_at FROM entity e LEFT JOIN entity p ON p.id = e.parent_id ORDER BY e.key";
constexpr const char *kEdges = "SELECT src_id, dst_id, job_id, first_seen, last_seen FROM edge ORDER BY id";

} // namespace

class TestPlacementPrecedence : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_caches = 0;

    QString file(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        if (!test::writeFile(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    QString newCache() { return m_dir.filePath(u"c%1.meshlens"_s.arg(++m_caches)); }

    // One ingest, as the CLI does it: the input with the mapping file (empty: none).
    bool ingest(const QString &cache, const QString &input, const QString &mappingPath = {})
    {
        auto opened = MeshCache::open(cache, MeshCache::OpenMode::ReadWrite);
        if (!opened) {
            qWarning("%s", qPrintable(opened.errorMessage()));
            return false;
        }
        std::optional<Mapping> mapping;
        if (!mappingPath.isEmpty()) {
            auto loaded = loadMapping(mappingPath);
            if (!loaded) {
                qWarning("%s", qPrintable(loaded.errorMessage()));
                return false;
            }
            mapping = std::move(loaded.value());
        }
        const IngestOutcome outcome = ingestInputs(
            *opened.value(), {input}, nullptr, {}, mapping ? &*mapping : nullptr);
        for (const IngestReport &r : outcome.reports) {
            for (const Diagnostic &d : r.diagnostics)
                qWarning("%s", qPrintable(d.message));
        }
        return !outcome.anyErrors() && outcome.reports.size() == 1 && outcome.reports[0].written;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The explicit placement is older than the pattern's in both orders: time alone would
    // pick the pattern after it (explicit first) and keep it (pattern first).
    void explicitBeatsPatternInBothOrders_data()
    {
        QTest::addColumn<bool>("explicitFirst");
        QTest::newRow("explicit, then pattern") << true;
        QTest::newRow("pattern, then explicit") << false;
    }
    void explicitBeatsPatternInBothOrders()
    {
        QFETCH(bool, explicitFirst);
        const QString native = file(u"explicit.json"_s, nativeFile("orders", kEarly));
        const QString events = file(u"late.ndjson"_s, olEvent(kLate));
        const QString mapping = file(u"sales.yaml"_s, mappingFile("sales"));
        const QString cache = newCache();
        if (explicitFirst) {
            QVERIFY(ingest(cache, native));
            QCOMPARE(placementOf(cache, "sales.orders"), u"product:ops.orders|2"_s);
            QVERIFY(ingest(cache, events, mapping));
        } else {
            QVERIFY(ingest(cache, events, mapping));
            QCOMPARE(placementOf(cache, "sales.orders"), u"product:sales.orders|1"_s);
            QVERIFY(ingest(cache, native));
        }
        QCOMPARE(placementOf(cache, "sales.orders"), u"product:ops.orders|2"_s);
        // The run's output has only the pattern: placed by it.
        QCOMPARE(placementOf(cache, "sales.report"), u"product:sales.orders|1"_s);
        // The pattern's product, with its domain, is there all the same (sales.report is in it).
        QCOMPARE(rows(cache, "SELECT p.placement, d.key FROM entity p JOIN entity d ON d.id = p.parent_id "
                             "WHERE p.key = 'product:sales.orders'"),
                 u"1|domain:sales"_s);
        // Validity still follows time: the dataset was seen from the earliest to the latest input.
        QCOMPARE(rows(cache, "SELECT first_seen < last_seen FROM entity WHERE key = 'dataset:pg/sales.orders'"),
                 u"1"_s);
    }

    // The default (no product: no rule and no source said) never replaces a pattern's
    // product, and a pattern fills a default even when it is older.
    void patternBeatsDefaultInBothOrders_data()
    {
        QTest::addColumn<bool>("patternFirst");
        QTest::newRow("pattern, then default") << true;
        QTest::newRow("default, then pattern") << false;
    }
    void patternBeatsDefaultInBothOrders()
    {
        QFETCH(bool, patternFirst);
        const QString early = file(u"early.ndjson"_s, olEvent(kEarly));
        const QString late = file(u"late.ndjson"_s, olEvent(kLate));
        const QString mapping = file(u"sales.yaml"_s, mappingFile("sales"));
        const QString cache = newCache();
        if (patternFirst) {
            QVERIFY(ingest(cache, early, mapping));
            QVERIFY(ingest(cache, late));
        } else {
            QVERIFY(ingest(cache, late));
            QCOMPARE(placementOf(cache, "sales.orders"), u"-|0"_s);
            QVERIFY(ingest(cache, early, mapping));
        }
        QCOMPARE(placementOf(cache, "sales.orders"), u"product:sales.orders|1"_s);
        QCOMPARE(placementOf(cache, "sales.report"), u"product:sales.orders|1"_s);
    }

    // Two placements of the same rank: the newer one wins, whichever comes first.
    void equalRanksFollowTime_data()
    {
        QTest::addColumn<bool>("patterns");
        QTest::addColumn<bool>("newerFirst");
        QTest::newRow("explicit: older, then newer") << false << false;
        QTest::newRow("explicit: newer, then older") << false << true;
        QTest::newRow("pattern: older, then newer") << true << false;
        QTest::newRow("pattern: newer, then older") << true << true;
    }
    void equalRanksFollowTime()
    {
        QFETCH(bool, patterns);
        QFETCH(bool, newerFirst);
        QString older, newer, olderMapping, newerMapping;
        if (patterns) {
            older = file(u"early.ndjson"_s, olEvent(kEarly));
            newer = file(u"late.ndjson"_s, olEvent(kLate));
            olderMapping = file(u"sales.yaml"_s, mappingFile("sales"));
            newerMapping = file(u"finance.yaml"_s, mappingFile("finance"));
        } else {
            older = file(u"old.json"_s, nativeFile("legacy", kEarly));
            newer = file(u"new.json"_s, nativeFile("orders", kLate));
        }
        const QString cache = newCache();
        if (newerFirst) {
            QVERIFY(ingest(cache, newer, newerMapping));
            QVERIFY(ingest(cache, older, olderMapping));
        } else {
            QVERIFY(ingest(cache, older, olderMapping));
            QVERIFY(ingest(cache, newer, newerMapping));
        }
        QCOMPARE(placementOf(cache, "sales.orders"),
                 patterns ? u"product:finance.orders|1"_s : u"product:ops.orders|2"_s);
    }

    // Ingesting the same inputs again changes no entity, parent, rank, interval or edge.
    void reingestChangesNothing()
    {
        const QString native = file(u"explicit.json"_s, nativeFile("orders", kEarly));
        const QString events = file(u"late.ndjson"_s, olEvent(kLate));
        const QString mapping = file(u"sales.yaml"_s, mappingFile("sales"));
        const QString cache = newCache();
        QVERIFY(ingest(cache, native));
        QVERIFY(ingest(cache, events, mapping));
        const QString state = rows(cache, kState), edges = rows(cache, kEdges);
        // 2 datasets, the job, 2 products, 2 domains
        QVERIFY2(state.count(u'\n') + 1 == 7, qPrintable(state));
        for (int round = 0; round < 2; ++round) {
            QVERIFY(ingest(cache, events, mapping));
            QVERIFY(ingest(cache, native));
            QCOMPARE(rows(cache, kState), state);
            QCOMPARE(rows(cache, kEdges), edges);
        }
    }

    // Inside one batch too: a record that comes again updates the row, whether that row
    // still waits in the writer's multi-row insert or was inserted already (the writer
    // flushes only for the first), and the placement rule holds between the two.
    void aKeyAgainInOneBatch()
    {
        const QString cache = newCache();
        auto opened = MeshCache::open(cache, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(opened, qPrintable(why(opened)));
        IngestBatch b;
        b.source = {u"test"_s, u"again.json"_s, 0, 0};
        b.observedAt = 1000;
        for (const char *key : {"domain:d"}) {
            Domain d;
            d.key = QString::fromLatin1(key);
            b.domains.push_back(d);
        }
        for (const char *key : {"product:d.one", "product:d.two"}) {
            Product p;
            p.key = QString::fromLatin1(key);
            p.domainKey = u"domain:d"_s;
            b.products.push_back(p);
        }
        for (int i = 0; i < 200; ++i) {
            Dataset d;
            d.key = u"dataset:pg/t%1"_s.arg(i);
            d.ns = u"pg"_s;
            d.name = u"t%1"_s.arg(i);
            d.productKey = u"product:d.one"_s;
            b.datasets.push_back(d);
        }
        // 64 rows a statement: t10 is inserted already when it comes again, t195 and t197
        // (ids 199 and 201 after the domain and two products) still wait.
        for (int i : {10, 195, 197}) {
            Dataset d = b.datasets[std::size_t(i)];
            d.description = u"again"_s;
            d.observedAt = 2000;
            d.productKey = u"product:d.two"_s;
            d.placement = i == 197 ? Placement::Pattern : Placement::Explicit;
            b.datasets.push_back(d);
        }
        auto written = opened.value()->write(b);
        QVERIFY2(written, qPrintable(why(written)));
        QCOMPARE(written->added[int(EntityKind::Dataset)], 200);
        QCOMPARE(written->updated[int(EntityKind::Dataset)], 3);
        QCOMPARE(rows(cache, "SELECT e.key, e.description, p.key, e.placement, e.last_seen FROM entity e "
                             "JOIN entity p ON p.id = e.parent_id WHERE e.description IS NOT NULL ORDER BY e.id"),
                 u"dataset:pg/t10|again|product:d.two|2|2000\n"
                 "dataset:pg/t195|again|product:d.two|2|2000\n"
                 "dataset:pg/t197|again|product:d.one|2|2000"_s); // a pattern does not move it
        QCOMPARE(rows(cache, "SELECT count(*) FROM entity WHERE kind = 3"), u"200"_s);
    }

    // dbt's own placement (the package as domain, the first folder as product) is a
    // default: a mapping rule moves those models, their jobs and their source's contract,
    // and the folder's product, left empty, is not written. meta.domain / meta.data_product
    // are explicit and stay, though the rule matches them too; what no rule matches keeps
    // dbt's product. (tests/data/dbt/shop: staging/stg_orders and the raw source are placed
    // by folder, marts/orders by meta, the exposure at the top of models/.)
    void mappingRulesOverrideDbtFolders()
    {
        const QString mapping = file(u"dbt.yaml"_s,
            "meshlensMapping: 1\ndomains:\n  - domain: ops\n    product: landing\n"
            "    match: { namespace: \"postgres\" }\n");
        const QString cache = newCache();
        QVERIFY(ingest(cache, test::sourceDir() + u"/tests/data/dbt/shop/manifest.json"_s, mapping));
        const auto parentOf = [&](const char *key) {
            const QByteArray sql = "SELECT coalesce(p.key, '-'), e.placement FROM entity e "
                                   "LEFT JOIN entity p ON p.id = e.parent_id WHERE e.key = '"
                + QByteArray(key) + "'";
            return rows(cache, sql.constData());
        };
        QCOMPARE(parentOf("dataset:postgres/warehouse.analytics.stg_orders"), u"product:ops.landing|1"_s);
        QCOMPARE(parentOf("dataset:postgres/warehouse.raw.orders_v2"), u"product:ops.landing|1"_s);
        QCOMPARE(parentOf("job:dbt://shop/model.shop.stg_orders"), u"product:ops.landing|1"_s);
        QCOMPARE(parentOf("dataset:postgres/analytics.fct_orders"), u"product:sales.orders|2"_s);
        QCOMPARE(parentOf("job:dbt://shop/model.shop.orders"), u"product:sales.orders|2"_s);
        QCOMPARE(parentOf("dataset:dbt-exposure/weekly_revenue"), u"product:shop.shop|0"_s);
        QCOMPARE(rows(cache, "SELECT p.key FROM contract c JOIN entity p ON p.id = c.product_id"),
                 u"product:ops.landing"_s);
        QCOMPARE(rows(cache, "SELECT key FROM entity WHERE kind IN (0, 1) ORDER BY key"),
                 u"domain:ops\ndomain:sales\ndomain:shop\nproduct:ops.landing\nproduct:sales.orders\n"
                 "product:shop.shop"_s);
        // Without the mapping file dbt's folder stays, as a default a later rule can move.
        const QString plain = newCache();
        QVERIFY(ingest(plain, test::sourceDir() + u"/tests/data/dbt/shop/manifest.json"_s));
        const QString stg = rows(plain, "SELECT p.key, e.placement FROM entity e JOIN entity p ON "
                                        "p.id = e.parent_id WHERE e.key = 'dataset:postgres/warehouse.analytics.stg_orders'");
        QCOMPARE(stg, u"product:shop.staging|0"_s);
        QVERIFY(ingest(plain, test::sourceDir() + u"/tests/data/dbt/shop/manifest.json"_s, mapping));
        QCOMPARE(rows(plain, "SELECT p.key, e.placement FROM entity e JOIN entity p ON "
                             "p.id = e.parent_id WHERE e.key = 'dataset:postgres/warehouse.analytics.stg_orders'"),
                 u"product:ops.landing|1"_s);
    }

    // A schema 3 cache (no placement column) is upgraded in place when opened for writing:
    // its rows read NULL, which counts as explicit for a row with a parent, so a pattern does
    // not move them; a row without a parent takes the pattern's.
    void schema3CacheUpgradesAndKeepsExplicitParents()
    {
        const QString cache = newCache();
        {
            auto opened = MeshCache::open(cache, MeshCache::OpenMode::ReadWrite);
            QVERIFY2(opened, qPrintable(why(opened)));
            // The hand-built mesh: datasets a, b, c in product:sales.orders, placed by a source.
            IngestBatch b = test::handBuiltBatch(1'700'000'000'000);
            Dataset loose; // one without a product
            loose.key = u"dataset:pg/sales.loose"_s;
            loose.ns = u"pg"_s;
            loose.name = u"sales.loose"_s;
            b.datasets.push_back(loose);
            for (Dataset &d : b.datasets) {
                if (d.key == u"dataset:a"_s) { // renamed so that the mapping's rule matches it
                    d.key = u"dataset:pg/sales.a"_s;
                    d.ns = u"pg"_s;
                    d.name = u"sales.a"_s;
                }
            }
            for (LineageEdge &e : b.edges) {
                if (e.fromKey == u"dataset:a"_s)
                    e.fromKey = u"dataset:pg/sales.a"_s;
            }
            for (ColumnLineageEdge &e : b.columnEdges) {
                if (e.fromDatasetKey == u"dataset:a"_s)
                    e.fromDatasetKey = u"dataset:pg/sales.a"_s;
            }
            for (FreshnessObservation &f : b.freshness) {
                if (f.entityKey == u"dataset:a"_s)
                    f.entityKey = u"dataset:pg/sales.a"_s;
            }
            auto written = opened.value()->write(b);
            QVERIFY2(written, qPrintable(why(written)));
        }
        // What schema 3 wrote: the same tables without entity.placement (nor schema 5's
        // key table, with the unique index on the key text in its place).
        QCOMPARE(rawExec(cache, "BEGIN; DROP TABLE entity_key; "
                                "CREATE UNIQUE INDEX entity_key ON entity(key); "
                                "ALTER TABLE entity DROP COLUMN placement; "
                                "PRAGMA user_version = 3; COMMIT;"),
                 QString());
        QCOMPARE(rows(cache, "PRAGMA user_version"), u"3"_s);
        const qint64 entities = rows(cache, "SELECT count(*) FROM entity").toLongLong();
        QVERIFY(entities > 5);

        // Read-only: refused with the schema named, and the file stays as it is.
        auto readOnly = MeshCache::open(cache, MeshCache::OpenMode::ReadOnly);
        QVERIFY(!readOnly);
        QVERIFY2(readOnly.errorMessage().contains(u"schema 3"_s), qPrintable(readOnly.errorMessage()));
        QCOMPARE(rows(cache, "PRAGMA user_version"), u"3"_s);

        // A pattern placing both, newer than everything in the cache.
        const QString events = file(u"upgrade.ndjson"_s,
            R"({"eventType":"COMPLETE","eventTime":"2030-01-01T00:00:00Z","producer":"t","run":{"runId":"r9"},)"
            R"("job":{"namespace":"etl","name":"u"},"inputs":[{"namespace":"pg","name":"sales.a"}],)"
            R"("outputs":[{"namespace":"pg","name":"sales.loose"}]})"
            "\n");
        // The rule's product (finance.orders) differs from the hand-built one (sales.orders).
        const QString mapping = file(u"finance.yaml"_s, mappingFile("finance"));
        QVERIFY(ingest(cache, events, mapping));
        QCOMPARE(rows(cache, "PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
        QCOMPARE(MeshCache::kSchemaVersion, 6);
        // sales.a keeps the hand-built product (NULL: explicit), sales.loose takes the rule's.
        QCOMPARE(placementOf(cache, "sales.a"), u"product:sales.orders|-"_s);
        QCOMPARE(placementOf(cache, "sales.loose"), u"product:finance.orders|1"_s);
        // Every old row but sales.loose still reads NULL; new: domain:finance (no parent: 0),
        // product:finance.orders (1), job:etl/u (no product: 0).
        QCOMPARE(rows(cache, "SELECT count(*) FROM entity WHERE placement IS NULL"),
                 QString::number(entities - 1));
        QCOMPARE(rows(cache, "SELECT key, placement FROM entity WHERE id > (SELECT max(id) - 3 FROM entity) ORDER BY key"),
                 u"domain:finance|0\njob:etl/u|0\nproduct:finance.orders|1"_s);
        QCOMPARE(rows(cache, "SELECT count(*) FROM entity").toLongLong(), entities + 3);
        // The upgraded cache loads: the mesh now has the new nodes, sales.loose in its product.
        auto opened = MeshCache::open(cache, MeshCache::OpenMode::ReadOnly);
        QVERIFY2(opened, qPrintable(why(opened)));
        auto data = opened.value()->loadSnapshot();
        QVERIFY2(data, qPrintable(why(data)));
        auto graph = SnapshotGraph::build(std::move(data.value()));
        const auto loose = graph->find("dataset:pg/sales.loose");
        QVERIFY(loose);
        const auto product = graph->find("product:finance.orders");
        QVERIFY(product);
        QCOMPARE(graph->node(*loose).parent, *product);
    }
};

QTEST_GUILESS_MAIN(TestPlacementPrecedence)
#include "tst_placementprecedence.moc"
