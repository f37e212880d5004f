// The dbt artifacts reader: detection by content, two hand-written projects
// (tests/data/dbt/shop: 2 models, 1 source, 2 tests, 1 exposure with run_results, sources
// and catalog; tests/data/dbt/features: seeds, snapshots, ephemeral chains, groups, old-style
// tests) checked record by record, every class of bad input with its line, column and text,
// lone companions, and the pipeline writing a dbt folder into a cache. The corpus is in
// tst_dbtcorpus.cpp.
//
// The JSON texts live outside the test class: Qt 6.4's moc misreads "//" (the schema URLs)
// inside raw strings in a Q_OBJECT body.

#include "cache/meshcache.h"
#include "ingest/dbtreader.h"
#include "ingest/ingestpipeline.h"
#include "mesh/timeutil.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

QString dataDir(const char *project)
{
    QString dir = test::sourceDir();
    if (dir.isEmpty()) // run by hand, outside ctest
        dir = QFileInfo(QString::fromUtf8(__FILE__)).absolutePath() + u"/../.."_s;
    return dir + u"/tests/data/dbt/"_s + QString::fromUtf8(project);
}

Timestamp ts(const char *iso)
{
    Timestamp t = 0;
    if (!parseIsoTimestamp(iso, &t))
        qFatal("bad timestamp in test: %s", iso);
    return t;
}

QString diagnosticsText(const IngestBatch &b)
{
    QStringList out;
    for (const Diagnostic &d : b.diagnostics)
        out << d.toString();
    return out.join(u'\n');
}

const Dataset *findDataset(const IngestBatch &b, const QString &key)
{
    for (const Dataset &d : b.datasets) {
        if (d.key == key)
            return &d;
    }
    return nullptr;
}

const Product *findProduct(const IngestBatch &b, const QString &key)
{
    for (const Product &p : b.products) {
        if (p.key == key)
            return &p;
    }
    return nullptr;
}

QList<QualityResult> qualityOf(const IngestBatch &b, const QString &key)
{
    QList<QualityResult> out;
    for (const QualityResult &q : b.quality) {
        if (q.entityKey == key)
            out << q;
    }
    return out;
}

QStringList edgeList(const IngestBatch &b)
{
    QStringList out;
    for (const LineageEdge &e : b.edges)
        out << e.fromKey + u" -> "_s + e.toKey + u" by "_s + (e.jobKey.isEmpty() ? u"-"_s : e.jobKey);
    return out;
}

// A folder of artifacts written for one test.
class Folder {
public:
    bool put(const QString &name, const QByteArray &text)
    {
        QFile f(m_dir.filePath(name));
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    }
    bool copy(const QString &from, const QString &name)
    {
        return QFile::copy(from, m_dir.filePath(name));
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

const QByteArray kManifestUrl = "https://schemas.getdbt.com/dbt/manifest/v12.json";

// A minimal manifest: line 4 holds the one model, so positions in it are easy to read.
const QByteArray kManifest = QByteArray("{\n  \"metadata\": {\"dbt_schema_version\": \"") + kManifestUrl
    + "\", \"project_name\": \"p\"},\n"
      "  \"nodes\": {\n"
      "    \"model.p.a\": {\"resource_type\": \"model\", \"name\": \"a\", \"schema\": \"s\", "
      "\"fqn\": [\"p\", \"a\"], \"config\": {\"materialized\": \"table\"}, "
      "\"depends_on\": {\"nodes\": []}}\n"
      "  }\n"
      "}\n";
const QByteArray kManifestHead = kManifest.left(kManifest.indexOf("  \"nodes\""));
const QByteArray kRunResultsHead
    = "{\n  \"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/run-results/v6.json\"},\n";
const QByteArray kSourcesHead
    = "{\n  \"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/sources/v3.json\"},\n";


QByteArray replaced(QByteArray text, const char *from, const char *to)
{
    if (!text.contains(from))
        qFatal("fixture does not contain %s", from);
    return text.replace(from, to);
}

struct BadCase {
    const char *name;
    QByteArray text;
    int line, column;
    const char *message;
};

// Each manifest with one problem, where it is and what the diagnostic says.
std::vector<BadCase> badManifests()
{
    return {
        {"empty", "", 1, 1, "the file is empty: expected a dbt manifest (a JSON object)"},
        {"only whitespace", "\n\n", 3, 1, "the file is empty"},
        {"root array", "[\n]\n", 1, 1, "expected a JSON object ('{'), found '[': this is not a dbt manifest"},
        {"truncated", kManifest.left(kManifest.indexOf("\"fqn\"")), 4, 73,
            "unexpected end of file (is it truncated?)"},
        {"trailing comma", replaced(kManifest, "\"nodes\": []}}", "\"nodes\": [],}}"), 4, 156,
            "expected a member name in double quotes, found '}'"},
        {"invalid UTF-8", replaced(kManifest, "\"name\": \"a\"", "\"name\": \"a\xFF\""), 4, 55,
            "invalid UTF-8: byte 0xFF does not start a valid sequence"},
        {"nodes an array", kManifestHead + "  \"nodes\": []\n}\n", 3, 12,
            "nodes: expected an object of nodes by unique_id, found an array"},
        {"node a number", kManifestHead + "  \"nodes\": {\n    \"model.p.a\": 5\n  }\n}\n", 4, 18,
            "nodes[\"model.p.a\"]: expected a node object, found a number"},
        {"resource_type a number", replaced(kManifest, "\"resource_type\": \"model\"", "\"resource_type\": 7"),
            4, 36, "nodes[\"model.p.a\"].resource_type: expected a string, found a number"},
        {"schema a number", replaced(kManifest, "\"schema\": \"s\"", "\"schema\": 12"), 4, 68,
            "nodes[\"model.p.a\"].schema: expected a string, found a number"},
        {"depends_on.nodes a string", replaced(kManifest, "\"nodes\": []}", "\"nodes\": \"model.p.b\"}"), 4,
            153, "nodes[\"model.p.a\"].depends_on.nodes: expected an array of unique_ids, found a string"},
        {"schema missing", replaced(kManifest, "\"schema\": \"s\", ", ""), 4, 18,
            "nodes[\"model.p.a\"].schema: missing (expected a string)"},
        {"metadata missing", "{\n  \"nodes\": {}\n}\n", 1, 1,
            "metadata: missing (expected an object holding dbt_schema_version)"},
        {"nodes missing", kManifestHead + "  \"sources\": {}\n}\n", 1, 1,
            "nodes: missing (expected an object of nodes by unique_id)"},
        {"schema version v99", replaced(kManifest, "v12.json", "v99.json"), 2, 38,
            "metadata.dbt_schema_version: dbt manifest schema v99 is newer than the newest this "
            "version of MeshLens reads (v12): its layout is unknown"},
        {"run results given as manifest", replaced(kManifest, "manifest/v12.json", "run-results/v5.json"),
            2, 38, "names a dbt run results, expected a dbt manifest"},
        {"not a schema URL", replaced(kManifest, kManifestUrl.constData(), "dbt 1.8"), 2, 38,
            "metadata.dbt_schema_version: expected a dbt schema URL such as "
            "\"https://schemas.getdbt.com/dbt/manifest/v12.json\", found \"dbt 1.8\""},
    };
}

// A deep or huge value inside an otherwise good manifest.
QByteArray manifestWithName(const QByteArray &name)
{
    return replaced(kManifest, "\"name\": \"a\"", QByteArray("\"name\": " + name).constData());
}

} // namespace

class TestDbtReader : public QObject {
    Q_OBJECT

private:
    static void expectOneError(const IngestBatch &b, const QString &file, int line, int column,
        const QString &message)
    {
        QVERIFY2(b.hasErrors(), "no error reported");
        QVERIFY2(b.diagnostics.size() == 1, qPrintable(diagnosticsText(b)));
        const Diagnostic &d = b.diagnostics.front();
        QCOMPARE(d.severity, Diagnostic::Severity::Error);
        QCOMPARE(QFileInfo(d.file).fileName(), file);
        QVERIFY2(d.message.contains(message), qPrintable(d.message));
        QCOMPARE(int(d.line), line);
        QCOMPARE(int(d.column), column);
    }

private slots:
    void detectsArtifactsByContent_data();
    void detectsArtifactsByContent();
    void shopProjectGivesExactRecords();
    void featuresProject();
    void badManifest_data();
    void badManifest();
    void hostileValues();
    void badCompanions();
    void catalogProblemsAreWarnings();
    void loneCompanions();
    void pipelineWritesADbtFolder();
};

void TestDbtReader::detectsArtifactsByContent_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("kind");
    const auto meta = [](const char *url) -> QByteArray {
        return QByteArray("{\n  \"metadata\": {\n    \"dbt_schema_version\": \"") + url + "\",";
    };
    QTest::newRow("manifest v12") << meta("https://schemas.getdbt.com/dbt/manifest/v12.json")
                                  << int(DbtArtifact::Manifest);
    QTest::newRow("manifest v1") << meta("https://schemas.getdbt.com/dbt/manifest/v1.json")
                                 << int(DbtArtifact::Manifest);
    QTest::newRow("manifest v99 (refused later, by the reader)")
        << meta("https://schemas.getdbt.com/dbt/manifest/v99.json") << int(DbtArtifact::Manifest);
    QTest::newRow("run results") << meta("https://schemas.getdbt.com/dbt/run-results/v5.json")
                                 << int(DbtArtifact::RunResults);
    QTest::newRow("sources") << meta("https://schemas.getdbt.com/dbt/sources/v3.json")
                             << int(DbtArtifact::Sources);
    QTest::newRow("catalog") << meta("https://schemas.getdbt.com/dbt/catalog/v1.json")
                             << int(DbtArtifact::Catalog);
    QTest::newRow("compact")
        << QByteArray("{\"metadata\":{\"dbt_schema_version\":\"https://schemas.getdbt.com/dbt/"
                      "manifest/v12.json\"")
        << int(DbtArtifact::Manifest);
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF") + meta("https://schemas.getdbt.com/dbt/catalog/v1.json")
                                     << int(DbtArtifact::Catalog);
    // A manifest whose columns look like an OpenLineage event is still a manifest.
    QTest::newRow("manifest mentioning eventTime")
        << meta("https://schemas.getdbt.com/dbt/manifest/v12.json")
            + "\"nodes\": {\"m\": {\"columns\": {\"eventTime\": {}, \"producer\": {}, \"job\": {}}}}"
        << int(DbtArtifact::Manifest);
    QTest::newRow("sorted keys") << QByteArray("{\n  \"child_map\": {\n    \"model.a.b\": []")
                                 << int(DbtArtifact::Manifest);
    QTest::newRow("JSON Schema of the manifest")
        << QByteArray("{\"type\": \"object\", \"properties\": {\"dbt_schema_version\": {\"type\": \"string\"}")
        << int(DbtArtifact::None);
    QTest::newRow("OpenLineage") << QByteArray("{\"eventTime\": \"2025-01-01T00:00:00Z\", \"producer\": \"p\"")
                                 << int(DbtArtifact::None);
    QTest::newRow("native") << QByteArray("{\"format\": \"meshlens-mesh\", \"version\": 1")
                            << int(DbtArtifact::None);
    QTest::newRow("array") << QByteArray("[{\"dbt_schema_version\": \"x/dbt/manifest/v1.json\"}]")
                           << int(DbtArtifact::None);
    QTest::newRow("empty") << QByteArray() << int(DbtArtifact::None);
}

void TestDbtReader::detectsArtifactsByContent()
{
    QFETCH(QByteArray, head);
    QFETCH(int, kind);
    QCOMPARE(int(detectDbtArtifact(head)), kind);
    if (kind != int(DbtArtifact::None))
        QCOMPARE(detectFormat(head), InputFormat::Dbt);
}

void TestDbtReader::shopProjectGivesExactRecords()
{
    DbtReadSummary summary;
    const IngestBatch b = readDbtArtifacts(dataDir("shop") + u"/manifest.json"_s, &summary);
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.source.source, u"dbt"_s);
    QCOMPARE(b.observedAt, ts("2025-06-01T10:00:00Z"));
    QCOMPARE(summary.filesRead.size(), 4); // manifest, run_results, sources, catalog
    QCOMPARE(summary.models, 2);
    QCOMPARE(summary.sources, 1);
    QCOMPARE(summary.tests, 2);
    QCOMPARE(summary.exposures, 1);
    QCOMPARE(summary.runResults, 5);
    QCOMPARE(summary.testResults, 2);
    QCOMPARE(summary.unmatchedResults, 0); // the on-run-end hook is not a node

    // Datasets keyed by relation in the adapter's namespace; the empty database left out.
    QCOMPARE(b.datasets.size(), 4u);
    const QString raw = u"dataset:postgres/warehouse.raw.orders_v2"_s;
    const QString stg = u"dataset:postgres/warehouse.analytics.stg_orders"_s;
    const QString orders = u"dataset:postgres/analytics.fct_orders"_s;
    const QString exposure = u"dataset:dbt-exposure/weekly_revenue"_s;
    const Dataset *d = findDataset(b, stg);
    QVERIFY(d);
    QCOMPARE(d->ns, u"postgres"_s);
    QCOMPARE(d->name, u"warehouse.analytics.stg_orders"_s);
    QCOMPARE(d->datasetKind, u"view"_s);
    QCOMPARE(d->owner, u"team-orders"_s); // config.meta.owner
    QCOMPARE(d->description, u"Cleaned orders"_s);
    QCOMPARE(d->productKey, u"product:shop.staging"_s); // package and first folder
    QCOMPARE(d->placement, Placement::Default);          // which a mapping rule overrides
    QCOMPARE(d->observedAt, ts("2025-06-01T10:00:00Z"));
    QVERIFY(d = findDataset(b, orders));
    QCOMPARE(d->datasetKind, u"table"_s); // incremental
    QCOMPARE(d->owner, u"team-sales"_s);
    QCOMPARE(d->productKey, u"product:sales.orders"_s); // meta.domain and meta.data_product
    QCOMPARE(d->placement, Placement::Explicit);
    QVERIFY(d = findDataset(b, raw));
    QCOMPARE(d->datasetKind, u"table"_s);
    QCOMPARE(d->owner, u"team-ingest"_s);
    QCOMPARE(d->productKey, u"product:shop.staging"_s);
    QVERIFY(d = findDataset(b, exposure));
    QCOMPARE(d->ns, u"dbt-exposure"_s);
    QCOMPARE(d->datasetKind, u"exposure"_s);
    QCOMPARE(d->owner, u"Finance"_s);
    QCOMPARE(d->description, u"Revenue dashboard"_s);
    QCOMPARE(d->productKey, u"product:shop.shop"_s); // defined at the top of models/

    QCOMPARE(b.domains.size(), 2u);
    QCOMPARE(b.domains[0].key, u"domain:shop"_s);
    QCOMPARE(b.domains[1].key, u"domain:sales"_s);
    QCOMPARE(b.products.size(), 3u);
    const Product *p = findProduct(b, u"product:sales.orders"_s);
    QVERIFY(p);
    QCOMPARE(p->domainKey, u"domain:sales"_s);
    QCOMPARE(p->name, u"orders"_s);
    QCOMPARE(p->placement, Placement::Explicit);
    QVERIFY(p = findProduct(b, u"product:shop.staging"_s));
    QCOMPARE(p->placement, Placement::Default);

    // One job per model; lineage source -> staging -> mart -> exposure (no job).
    QCOMPARE(b.jobs.size(), 2u);
    QCOMPARE(b.jobs[0].key, u"job:dbt://shop/model.shop.stg_orders"_s);
    QCOMPARE(b.jobs[0].ns, u"dbt://shop"_s);
    QCOMPARE(b.jobs[1].productKey, u"product:sales.orders"_s);
    QCOMPARE(b.jobs[0].placement, Placement::Default); // its model's
    QCOMPARE(b.jobs[1].placement, Placement::Explicit);
    QCOMPARE(edgeList(b),
        QStringList({raw + u" -> "_s + stg + u" by job:dbt://shop/model.shop.stg_orders"_s,
            stg + u" -> "_s + orders + u" by job:dbt://shop/model.shop.orders"_s,
            orders + u" -> "_s + exposure + u" by -"_s}));

    // run_results: a run per model, a result per test on the tested model and column;
    // sources.json: the source's freshness check.
    QCOMPARE(b.quality.size(), 5u);
    QList<QualityResult> q = qualityOf(b, stg);
    QCOMPARE(q.size(), 2);
    QCOMPARE(q[0].checkName, u"dbt run"_s);
    QCOMPARE(q[0].state, HealthState::Pass);
    QCOMPARE(q[0].observedAt, ts("2025-06-01T10:01:00Z")); // end of "execute"
    // The relationships test depends on both models; its model argument says which it tests.
    QCOMPARE(q[1].checkName, u"relationships"_s);
    QCOMPARE(q[1].column, u"order_id"_s);
    QCOMPARE(q[1].state, HealthState::Warn);
    QCOMPARE(q[1].value, 1.0);
    QCOMPARE(q[1].observedAt, ts("2025-06-01T10:05:00Z")); // no timing: generated_at
    q = qualityOf(b, orders);
    QCOMPARE(q.size(), 2);
    QCOMPARE(q[0].checkName, u"dbt run"_s);
    QCOMPARE(q[0].state, HealthState::Fail);
    QVERIFY(q[0].message.startsWith(u"Database Error in model orders"_s));
    QCOMPARE(q[1].checkName, u"not_null"_s);
    QCOMPARE(q[1].column, u"order_id"_s);
    QCOMPARE(q[1].state, HealthState::Fail);
    QCOMPARE(q[1].value, 3.0);
    QCOMPARE(q[1].message, u"Got 3 results, configured to fail if != 0"_s);
    QCOMPARE(q[1].observedAt, ts("2025-06-01T10:03:00Z"));
    q = qualityOf(b, raw);
    QCOMPARE(q.size(), 1);
    QCOMPARE(q[0].checkName, u"freshness"_s);
    QCOMPARE(q[0].state, HealthState::Warn);
    QCOMPARE(q[0].value, 5400.0);
    QCOMPARE(q[0].observedAt, ts("2025-06-01T09:00:00Z"));

    // Freshness: the model that ran, and the source's max_loaded_at.
    QCOMPARE(b.freshness.size(), 2u);
    QCOMPARE(b.freshness[0].entityKey, stg);
    QCOMPARE(b.freshness[0].observedAt, ts("2025-06-01T10:01:00Z"));
    QCOMPARE(b.freshness[0].dataTime, ts("2025-06-01T10:01:00Z"));
    QCOMPARE(b.freshness[1].entityKey, raw);
    QCOMPARE(b.freshness[1].observedAt, ts("2025-06-01T09:00:00Z"));
    QCOMPARE(b.freshness[1].dataTime, ts("2025-06-01T07:30:00Z"));

    // The manifest declares error_after 1 day; sources.json evaluated 36 hours: that wins.
    QCOMPARE(b.contracts.size(), 1u);
    QCOMPARE(b.contracts[0].key, u"contract:dbt://shop/source.shop.raw.orders"_s);
    QCOMPARE(b.contracts[0].productKey, u"product:shop.staging"_s);
    QCOMPARE(b.contracts[0].datasetKey, raw);
    QCOMPARE(b.contracts[0].freshnessSlaSeconds, qint64(36 * 3600));
    QCOMPARE(b.ports.size(), 0u);
    QCOMPARE(b.columnEdges.size(), 0u);
}

void TestDbtReader::featuresProject()
{
    DbtReadSummary summary;
    const IngestBatch b = readDbtArtifacts(dataDir("features") + u"/manifest.json"_s, &summary);
    QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
    // The one warning: a result of another project.
    QCOMPARE(b.diagnostics.size(), 1);
    QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Warning);
    QVERIFY2(b.diagnostics[0].message.contains(u"\"model.other_project.not_here\""_s),
        qPrintable(b.diagnostics[0].message));
    QCOMPARE(summary.models, 3); // the disabled one is not counted
    QCOMPARE(summary.ephemeral, 2);
    QCOMPARE(summary.seeds, 1);
    QCOMPARE(summary.snapshots, 1);
    QCOMPARE(summary.sources, 1);
    QCOMPARE(summary.tests, 4);
    QCOMPARE(summary.testsUnattached, 0);
    QCOMPARE(summary.runResults, 8);
    QCOMPARE(summary.testResults, 4);
    QCOMPARE(summary.unmatchedResults, 1);

    // No adapter_type: namespace "dbt"; no database: "schema.table".
    const QString seed = u"dataset:dbt/seeds.countries"_s;
    const QString snapshot = u"dataset:dbt/snapshots.orders_snapshot"_s;
    const QString revenue = u"dataset:dbt/marts.revenue"_s;
    const QString source = u"dataset:dbt/app.orders"_s; // identifier null: the name
    QCOMPARE(b.datasets.size(), 4u);
    QCOMPARE(b.datasets[0].key, seed);
    QCOMPARE(b.datasets[1].key, snapshot);
    QCOMPARE(b.datasets[2].key, revenue);
    QCOMPARE(b.datasets[3].key, source);
    // The group is the product; its owner owns the model.
    QCOMPARE(b.datasets[2].productKey, u"product:features.finance"_s);
    QCOMPARE(b.datasets[2].owner, u"finance@example.com"_s);
    QCOMPARE(findProduct(b, u"product:features.finance"_s)->owner, u"finance@example.com"_s);
    QCOMPARE(b.datasets[3].productKey, u"product:ops.app"_s); // source_meta.domain
    QCOMPARE(b.datasets[0].productKey, u"product:features.features"_s);
    QCOMPARE(b.domains.size(), 2u);
    QCOMPARE(b.products.size(), 4u);

    // project_id is the MD5 of "features": the job keys name the project.
    QCOMPARE(b.jobs.size(), 2u);
    QCOMPARE(b.jobs[0].key, u"job:dbt://features/snapshot.features.orders_snapshot"_s);
    QCOMPARE(b.jobs[1].key, u"job:dbt://features/model.features.revenue"_s);
    // revenue reads enriched, which reads base_orders, both ephemeral: its lineage is theirs
    // (the seed read twice on the way, one edge).
    QCOMPARE(edgeList(b),
        QStringList({source + u" -> "_s + snapshot + u" by job:dbt://features/snapshot.features.orders_snapshot"_s,
            seed + u" -> "_s + revenue + u" by job:dbt://features/model.features.revenue"_s,
            source + u" -> "_s + revenue + u" by job:dbt://features/model.features.revenue"_s}));

    QCOMPARE(b.quality.size(), 8u);
    QList<QualityResult> q = qualityOf(b, revenue);
    QCOMPARE(q.size(), 4);
    QCOMPARE(q[0].checkName, u"dbt run"_s);
    QCOMPARE(q[0].observedAt, ts("2024-03-01T00:20:30Z")); // no "execute" step: the last one
    // Two accepted_values tests on one column: each goes by its own name.
    QCOMPARE(q[1].checkName, u"accepted_values_revenue_status__open__closed"_s);
    QCOMPARE(q[1].column, u"status"_s);
    QCOMPARE(q[1].state, HealthState::Pass);
    QCOMPARE(q[2].checkName, u"accepted_values_revenue_status__open__closed__void"_s);
    QCOMPARE(q[2].state, HealthState::Fail);
    // A singular test speaks for everything it reads.
    QCOMPARE(q[3].checkName, u"assert_revenue_matches_countries"_s);
    QCOMPARE(q[3].state, HealthState::Fail);
    q = qualityOf(b, seed);
    QCOMPARE(q.size(), 2);
    QCOMPARE(q[1].checkName, u"assert_revenue_matches_countries"_s);
    q = qualityOf(b, snapshot);
    QCOMPARE(q.size(), 1);
    QCOMPARE(q[0].state, HealthState::Unknown); // skipped
    q = qualityOf(b, source);
    QCOMPARE(q.size(), 1);
    QCOMPARE(q[0].checkName, u"not_null"_s); // found by its name: source_not_null_app_orders_id
    QCOMPARE(q[0].column, u"id"_s);
    QCOMPARE(b.freshness.size(), 2u); // the seed and the model that succeeded
    QCOMPARE(b.contracts.size(), 0u); // the source's criteria are all null
}

void TestDbtReader::badManifest_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    for (const BadCase &c : badManifests())
        QTest::newRow(c.name) << c.text << c.line << c.column << QString::fromUtf8(c.message);
    const QByteArray source = kManifestHead
        + "  \"nodes\": {},\n"
          "  \"sources\": {\n"
          "    \"source.p.r.t\": {\"name\": \"t\", \"schema\": \"r\", \"freshness\": "
          "{\"error_after\": {\"count\": 2, \"period\": \"fortnight\"}}}\n"
          "  }\n"
          "}\n";
    QTest::newRow("bad freshness period")
        << source << 5 << 102
        << u"sources[\"source.p.r.t\"].freshness.error_after.period: expected \"minute\", "
           "\"hour\" or \"day\", found \"fortnight\""_s;
}

void TestDbtReader::badManifest()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    Folder folder;
    QVERIFY(folder.put(u"manifest.json"_s, text));
    const IngestBatch b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    expectOneError(b, u"manifest.json"_s, line, column, message);
}

void TestDbtReader::hostileValues()
{
    Folder folder;
    // A 70,000-byte name: refused where it is, not allocated into every record.
    QVERIFY(folder.put(u"manifest.json"_s, manifestWithName('"' + QByteArray(70000, 'x') + '"')));
    IngestBatch b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    expectOneError(b, u"manifest.json"_s, 4, 53,
        u"nodes[\"model.p.a\"].name: a string of 70000 bytes, longer than the 65536 accepted here"_s);

    // 300 nested arrays in a value: deeper than the reader goes.
    const QByteArray deep = QByteArray(300, '[') + QByteArray(300, ']');
    QVERIFY(folder.put(u"manifest.json"_s, replaced(kManifest, "\"fqn\": [\"p\", \"a\"]",
                                               QByteArray("\"fqn\": " + deep).constData())));
    b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    // The 254th '[' (from column 80) is the 257th level, counting the root, nodes and the node.
    expectOneError(b, u"manifest.json"_s, 4, 80 + 253, u"nesting deeper than 256 levels"_s);

    // A description of 100,000 bytes is kept, cut, with a warning.
    QVERIFY(folder.put(u"manifest.json"_s,
        replaced(kManifest, "\"name\": \"a\"",
            QByteArray("\"name\": \"a\", \"description\": \"" + QByteArray(100000, 'd') + '"').constData())));
    b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"a text of 100000 bytes: kept its first 65536"_s));
    QCOMPARE(b.datasets.size(), 1u);
    QCOMPARE(b.datasets[0].description.size(), 65536);

    // Thirty broken nodes: twenty errors and a note that more follow, then nothing; the results
    // of all of them (and of tests never reached) are ignored without a crash.
    QByteArray many = kManifestHead + "  \"nodes\": {\n";
    QByteArray results = kRunResultsHead + "  \"results\": [\n";
    for (int i = 0; i < 30; ++i) {
        const QByteArray n = QByteArray::number(i);
        many += "    \"model.p.m" + n + "\": {\"resource_type\": \"model\", \"name\": \"m" + n
            + "\", \"schema\": 5},\n    \"test.p.t" + n + "\": {\"resource_type\": \"test\", \"name\": \"t"
            + n + "\", \"attached_node\": 5},\n";
        results += "    {\"unique_id\": \"model.p.m" + n + "\", \"status\": \"success\"},\n"
                   "    {\"unique_id\": \"test.p.t" + n + "\", \"status\": \"fail\"},\n";
    }
    many += "    \"model.p.last\": {\"resource_type\": \"analysis\"}\n  }\n}\n";
    results += "    {\"unique_id\": \"model.p.last\", \"status\": \"success\"}\n  ]\n}\n";
    QVERIFY(folder.put(u"manifest.json"_s, many));
    QVERIFY(folder.put(u"run_results.json"_s, results));
    b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    QCOMPARE(b.diagnostics.size(), 21);
    QCOMPARE(b.diagnostics[20].message, u"more errors follow; stopped reporting after 20"_s);
    QCOMPARE(b.quality.size(), 0u);
    QVERIFY(QFile::remove(folder.path(u"run_results.json"_s)));

    // Ephemeral models depending on each other in a circle (dbt would refuse): no hang, no
    // edge from nowhere.
    const QByteArray cycle = kManifestHead
        + "  \"nodes\": {\n"
          "    \"model.p.e1\": {\"resource_type\": \"model\", \"name\": \"e1\", \"schema\": \"s\", \"config\": "
          "{\"materialized\": \"ephemeral\"}, \"depends_on\": {\"nodes\": [\"model.p.e2\"]}},\n"
          "    \"model.p.e2\": {\"resource_type\": \"model\", \"name\": \"e2\", \"schema\": \"s\", \"config\": "
          "{\"materialized\": \"ephemeral\"}, \"depends_on\": {\"nodes\": [\"model.p.e1\", \"model.p.gone\"]}},\n"
          "    \"model.p.t\": {\"resource_type\": \"model\", \"name\": \"t\", \"schema\": \"s\", \"config\": "
          "{\"materialized\": \"table\"}, \"depends_on\": {\"nodes\": [\"model.p.e2\"]}}\n"
          "  }\n"
          "}\n";
    QVERIFY(folder.put(u"manifest.json"_s, cycle));
    b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.datasets.size(), 1u);
    QCOMPARE(b.edges.size(), 0u);
    // The unknown parent is said once, as a warning.
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"\"model.p.gone\""_s));
}

void TestDbtReader::badCompanions()
{
    const QString manifest = dataDir("shop") + u"/manifest.json"_s;
    struct Case {
        QString file;
        QByteArray text;
        int line, column;
        QString message;
    };
    const QList<Case> cases = {
        {u"run_results.json"_s, kRunResultsHead + "  \"results\": {}\n}\n", 3, 14,
            u"results: expected an array of node results, found an object"_s},
        {u"run_results.json"_s, replaced(kRunResultsHead, "v6.json", "v7.json") + "  \"results\": []\n}\n", 2,
            38, u"dbt run results schema v7 is newer than the newest this version of MeshLens reads (v6)"_s},
        {u"run_results.json"_s, kRunResultsHead + "  \"results\": [\n    {\"status\": \"pass\"}\n  ]\n}\n", 4,
            5, u"results[0].unique_id: missing (expected a string)"_s},
        {u"run_results.json"_s,
            kRunResultsHead + "  \"results\": [\n    {\"unique_id\": \"model.shop.orders\", \"status\": 1}\n  ]\n}\n",
            4, 50, u"results[0].status: expected a string, found a number"_s},
        {u"run_results.json"_s, replaced(kRunResultsHead, "run-results/v6", "manifest/v12") + "  \"nodes\": {}\n}\n",
            2, 38, u"names a dbt manifest, expected a dbt run results"_s},
        {u"sources.json"_s, kSourcesHead + "  \"results\": [\n    {\"unique_id\": \"source.shop.raw.orders\"}\n  ]\n}\n",
            4, 5, u"results[0].status: missing (expected a string)"_s},
        {u"sources.json"_s, kSourcesHead + "  \"results\": [\n", 4, 1,
            u"unexpected end of file (is it truncated?)"_s},
    };
    for (const Case &c : cases) {
        Folder folder;
        QVERIFY(folder.copy(manifest, u"manifest.json"_s));
        QVERIFY(folder.put(c.file, c.text));
        const IngestBatch b = readDbtArtifacts(folder.path(u"manifest.json"_s));
        expectOneError(b, c.file, c.line, c.column, c.message);
        if (QTest::currentTestFailed()) {
            qWarning("case: %s", c.text.constData());
            return;
        }
        QCOMPARE(b.datasets.size(), 4u); // the manifest was read all the same
    }

    // Results of nodes the manifest could not read: reported once, there; nothing else.
    Folder folder;
    QVERIFY(folder.put(u"manifest.json"_s, replaced(kManifest, "\"schema\": \"s\", ", "")));
    QVERIFY(folder.put(u"run_results.json"_s,
        kRunResultsHead + "  \"results\": [{\"unique_id\": \"model.p.a\", \"status\": \"success\"}]\n}\n"));
    QVERIFY(folder.put(u"sources.json"_s,
        kSourcesHead + "  \"results\": [{\"unique_id\": \"model.p.a\", \"status\": \"pass\"}]\n}\n"));
    const IngestBatch b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"schema: missing"_s));
    QCOMPARE(b.quality.size(), 0u);
    QCOMPARE(b.freshness.size(), 0u);
}

void TestDbtReader::catalogProblemsAreWarnings()
{
    // catalog.json is only validated: a broken one does not keep the manifest out.
    Folder folder;
    QVERIFY(folder.copy(dataDir("shop") + u"/manifest.json"_s, u"manifest.json"_s));
    QVERIFY(folder.put(u"catalog.json"_s,
        "{\n  \"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/catalog/v1.json\"},\n"
        "  \"nodes\": {\"model.shop.orders\": {\"metadata\": {}, \"columns\": []}}\n}\n"));
    IngestBatch b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.diagnostics.size(), 1);
    QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Warning);
    QCOMPARE(int(b.diagnostics[0].line), 3);
    QCOMPARE(int(b.diagnostics[0].column), 62);
    QVERIFY(b.diagnostics[0].message.endsWith(
        u"nodes[\"model.shop.orders\"].columns: expected an object of columns by name, found an array"_s));
    QVERIFY(folder.put(u"catalog.json"_s, "{\"metadata\": "));
    b = readDbtArtifacts(folder.path(u"manifest.json"_s));
    QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"unexpected end of file"_s));
    QCOMPARE(b.datasets.size(), 4u);
}

void TestDbtReader::loneCompanions()
{
    Folder folder;
    QVERIFY(folder.put(u"run_results.json"_s, kRunResultsHead + "  \"results\": []\n}\n"));
    IngestBatch b = readDbtOrphan(folder.path(u"run_results.json"_s), DbtArtifact::RunResults);
    QCOMPARE(b.diagnostics.size(), 1);
    QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Error);
    QCOMPARE(b.diagnostics[0].message,
        u"run_results.json: needs the manifest.json of the same dbt run in the same folder"_s);
    // Through the pipeline, the same.
    b = readInputFile(folder.path(u"run_results.json"_s));
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"needs the manifest.json"_s));

    // With the manifest next to it: nothing here, the manifest's read takes it.
    QVERIFY(folder.copy(dataDir("shop") + u"/manifest.json"_s, u"manifest.json"_s));
    b = readDbtOrphan(folder.path(u"run_results.json"_s), DbtArtifact::RunResults);
    QVERIFY(b.diagnostics.isEmpty());
    QCOMPARE(b.recordCount(), 0);
    // Under another name it would be silently left out: say so.
    QVERIFY(folder.put(u"old_run_results.json"_s, kRunResultsHead + "  \"results\": []\n}\n"));
    b = readDbtOrphan(folder.path(u"old_run_results.json"_s), DbtArtifact::RunResults);
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"only under the name dbt gives it, run_results.json"_s));
    // A renamed manifest is read, without companions.
    QVERIFY(folder.copy(dataDir("shop") + u"/manifest.json"_s, u"prod_manifest.json"_s));
    DbtReadSummary summary;
    b = readDbtArtifacts(folder.path(u"prod_manifest.json"_s), &summary);
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
    QCOMPARE(summary.filesRead.size(), 1);
    QCOMPARE(b.quality.size(), 0u);
}

void TestDbtReader::pipelineWritesADbtFolder()
{
    QTemporaryDir dir;
    auto opened = MeshCache::open(dir.filePath(u"c.meshlens"_s), MeshCache::OpenMode::ReadWrite);
    if (!opened)
        QFAIL(qPrintable(opened.errorMessage()));
    std::unique_ptr<MeshCache> cache = std::move(opened).value();
    const IngestOutcome outcome = ingestInputs(*cache, {dataDir("shop")});
    QCOMPARE(outcome.reports.size(), 4u); // catalog, manifest, run_results, sources
    for (const IngestReport &r : outcome.reports) {
        QVERIFY2(r.diagnostics.isEmpty(), qPrintable(r.file));
        QCOMPARE(r.format, InputFormat::Dbt);
        QVERIFY(r.written);
    }
    auto stats = cache->stats();
    if (!stats)
        QFAIL(qPrintable(stats.errorMessage()));
    QCOMPARE(stats.value().domains, 2);
    QCOMPARE(stats.value().products, 3);
    QCOMPARE(stats.value().datasets, 4);
    QCOMPARE(stats.value().jobs, 2);
    QCOMPARE(stats.value().edges, 3);
    QCOMPARE(stats.value().quality, 5);
    QCOMPARE(stats.value().freshness, 2);
    QCOMPARE(stats.value().contracts, 1);
}

QTEST_GUILESS_MAIN(TestDbtReader)
#include "tst_dbtreader.moc"
