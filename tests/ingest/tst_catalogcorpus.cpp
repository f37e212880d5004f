// The catalog readers (DataHub, OpenMetadata, Apache Atlas) on the real files of the corpus
// (../shared/corpus): every file of those repositories is either read without an error or
// refused with one clear diagnostic, and chosen files give exactly the records an independent
// count says they should. Skipped when the corpus is absent.
//
// The expected numbers come from a Python script over the same files that applies the rules
// of the readers' headers by itself (json.load, URN tuples split by hand): records = elements
// of the top-level array; datasets/jobs = distinct dataset/dataJob URNs with at least one
// aspect; upstream = distinct (upstream, dataset) pairs of upstreamLineage; job edges =
// distinct (input, output, job) of dataJobInputOutput, inputs extended through upstream jobs
// that write nothing; quality = assertionRunEvents with status COMPLETE; skipped = records
// of entity types other than dataset, dataJob, dataFlow, domain, dataProduct, assertion.

#include "ingest/atlasreader.h"
#include "ingest/datahubreader.h"
#include "ingest/dbtreader.h"
#include "ingest/ingestpipeline.h"
#include "ingest/openmetadatareader.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

QString diagnosticsText(const IngestBatch &b)
{
    QStringList out;
    for (const Diagnostic &d : b.diagnostics)
        out << d.toString();
    return out.join(u'\n');
}

InputFormat formatOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? detectFormat(f.read(64 * 1024)) : InputFormat::Unknown;
}

const Dataset *findDataset(const IngestBatch &b, const QString &key)
{
    for (const Dataset &d : b.datasets) {
        if (d.key == key)
            return &d;
    }
    return nullptr;
}

bool hasEdge(const IngestBatch &b, const QString &from, const QString &to, const QString &job)
{
    return std::any_of(b.edges.begin(), b.edges.end(), [&](const LineageEdge &e) {
        return e.fromKey == from && e.toKey == to && e.jobKey == job;
    });
}

struct DataHubExpected {
    const char *file; // under tengis__datahub/metadata-ingestion/
    int records, datasets, jobs, upstream, jobEdges, quality, domains, products, removed, skipped;
};

} // namespace

class TestCatalogCorpus : public QObject {
    Q_OBJECT

private slots:
    void init();
    void everyFileReadsOrIsRefusedClearly();
    void dataHubCounts_data();
    void dataHubCounts();
    void dataHubRecords();
    void dataHubMeetsDbt();
    void openMetadataSampleData();
    void openMetadataLineageLinesUp();
    void atlasEntities();
    void cliIngestsTheUpstreamLineage();

private:
    QString m_corpus;
};

void TestCatalogCorpus::init()
{
    m_corpus = test::corpusDir();
    if (m_corpus.isEmpty())
        QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
}

void TestCatalogCorpus::everyFileReadsOrIsRefusedClearly()
{
    // Every file of the four repositories, whatever its extension, through the same path as
    // `meshlens-cli ingest`.
    QHash<InputFormat, int> byFormat;
    int warnings = 0;
    for (const char *repo : {"tengis__datahub", "KEN-LJQ__MetadataGuard", "open-metadata__OpenMetadata",
             "apache__atlas"}) {
        QDirIterator it(m_corpus + u'/' + QLatin1StringView(repo), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const InputFormat format = formatOf(path);
            ++byFormat[format];
            if (format == InputFormat::Dbt || format == InputFormat::Native || format == InputFormat::OpenLineage)
                continue; // other readers' files (DataHub's dbt fixtures): their own tests
            const IngestBatch b = readInputFile(path);
            if (format == InputFormat::Unknown) {
                // users.json, Atlas GraphSON exports, DataHub's YAML glossaries...: one error.
                QCOMPARE(b.diagnostics.size(), 1);
                QVERIFY(b.hasErrors());
                QVERIFY2(b.diagnostics[0].message.startsWith(u"not a format MeshLens reads"_s), qPrintable(path));
                continue;
            }
            QVERIFY2(!b.hasErrors(), qPrintable(path + u":\n"_s + diagnosticsText(b)));
            for (const Diagnostic &d : b.diagnostics) {
                QCOMPARE(d.file, path);
                QVERIFY2(d.line > 0 && d.column > 0, qPrintable(d.toString())); // a position
                ++warnings;
            }
        }
    }
    // Counted by file: 43 DataHub MCE/MCP files (of 56; 10 dbt artifacts, 3 YAML); 13
    // OpenMetadata (tables x2, topics, pipelines, lineage x2, tableTests, 6 service.json);
    // 62 Atlas (37 entity payloads and notifications, 25 type definitions).
    QCOMPARE(byFormat.value(InputFormat::DataHub), 43);
    QCOMPARE(byFormat.value(InputFormat::OpenMetadata), 13);
    QCOMPARE(byFormat.value(InputFormat::Atlas), 62);
    QCOMPARE(byFormat.value(InputFormat::Dbt), 15);
    QCOMPARE(byFormat.value(InputFormat::Unknown), 38);
    // 3 stale OpenMetadata FQNs, 25 Atlas type-definition files, 2 unresolved Atlas guids
    // and 2 files of Atlas delete notifications.
    QCOMPARE(warnings, 32);
}

void TestCatalogCorpus::dataHubCounts_data()
{
    QTest::addColumn<void *>("expected");
    static const DataHubExpected cases[] = {
        // DataHub's demo: 205 dataset snapshots (46 distinct datasets) and 10 users.
        {"examples/demo_data/demo_data.json", 215, 46, 0, 25, 0, 0, 0, 0, 0, 10},
        // The bootstrap example: 82 records of platforms, users, tags, ML features...;
        // two Airflow tasks, one of them downstream of the other (which writes a table: no
        // lineage is inferred through it).
        {"examples/mce_files/bootstrap_mce.json", 97, 7, 2, 7, 2, 0, 0, 0, 0, 82},
        // One domain ("Sales") and one dataset in it: one product for the domain.
        {"examples/mce_files/test_domains.json", 2, 1, 0, 0, 0, 0, 1, 1, 0, 0},
        // The dbt source's golden file with a deleted actor: status.removed on two URNs.
        {"tests/integration/dbt/dbt_deleted_actor_mces_golden.json", 35, 20, 0, 26, 0, 0, 0, 0, 2, 0},
        // dbt tests as assertions: 24 run events (22 SUCCESS, 2 FAILURE).
        {"tests/integration/dbt/dbt_stateful_tests_golden.json", 97, 16, 0, 16, 0, 24, 0, 0, 0, 0},
        {"tests/integration/kafka-connect/kafka_connect_mces_golden.json", 52, 15, 12, 0, 8, 0, 0, 0, 0, 0},
        // NiFi processors chained by inputDatajobs: 3 edges through processors that write
        // nothing themselves.
        {"tests/integration/nifi/nifi_mces_golden_cluster.json", 27, 5, 8, 0, 3, 0, 0, 0, 0, 0},
        // Glue: 10 transforms, one chain from a table to an S3 bucket.
        {"tests/unit/glue/glue_mces_golden.json", 26, 4, 10, 0, 1, 0, 0, 0, 0, 6},
        // SageMaker: one job lists itself as its upstream (no self-loop comes of it).
        {"tests/unit/sagemaker/sagemaker_mces_golden.json", 55, 21, 8, 0, 14, 0, 0, 0, 0, 18},
        {"tests/integration/tableau/tableau_mces_golden.json", 140, 27, 0, 29, 0, 0, 0, 0, 0, 72},
    };
    for (const DataHubExpected &e : cases)
        QTest::newRow(e.file) << static_cast<void *>(const_cast<DataHubExpected *>(&e));
}

void TestCatalogCorpus::dataHubCounts()
{
    QFETCH(void *, expected);
    const DataHubExpected &e = *static_cast<const DataHubExpected *>(expected);
    DataHubReadSummary s;
    const IngestBatch b = readDataHubFile(
        m_corpus + u"/tengis__datahub/metadata-ingestion/"_s + QLatin1StringView(e.file), &s);
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
    QCOMPARE(s.records, e.records);
    QCOMPARE(s.datasets, e.datasets);
    QCOMPARE(s.jobs, e.jobs);
    QCOMPARE(s.upstreamEdges, e.upstream);
    QCOMPARE(s.jobEdges, e.jobEdges);
    QCOMPARE(s.qualityResults, e.quality);
    QCOMPARE(s.domains, e.domains);
    QCOMPARE(s.products, e.products);
    QCOMPARE(s.removed, e.removed);
    QCOMPARE(s.skippedRecords, e.skipped);
    QCOMPARE(int(b.datasets.size()), e.datasets);
    QCOMPARE(int(b.jobs.size()), e.jobs);
    QCOMPARE(int(b.edges.size()), e.upstream + e.jobEdges);
    QCOMPARE(int(b.quality.size()), e.quality);
}

void TestCatalogCorpus::dataHubRecords()
{
    const QString root = m_corpus + u"/tengis__datahub/metadata-ingestion/"_s;
    {
        const IngestBatch b = readDataHubFile(root + u"examples/mce_files/bootstrap_mce.json"_s);
        const Dataset *d = findDataset(b, u"dataset:hive/fct_users_created"_s);
        QVERIFY(d);
        QCOMPARE(d->ns, u"hive"_s);
        QCOMPARE(d->description, u"table containing all the users created on a single day"_s);
        QCOMPARE(d->owner, u"jdoe"_s); // two users own it: the first
        // s3 "project/root/events/logging_events_bckp": the bucket is the namespace.
        QVERIFY(findDataset(b, u"dataset:s3://project/root/events/logging_events_bckp"_s));
        QVERIFY(hasEdge(b, u"dataset:hive/logging_events"_s, u"dataset:hive/fct_users_created"_s, {}));
        QVERIFY(hasEdge(b, u"dataset:hive/logging_events"_s, u"dataset:hive/fct_users_created"_s,
            u"job:airflow/dag_abc.task_123"_s));
        const auto job = std::find_if(b.jobs.begin(), b.jobs.end(),
            [](const Job &j) { return j.key == u"job:airflow/dag_abc.task_123"_s; });
        QVERIFY(job != b.jobs.end());
        QCOMPARE(job->description, u"Constructs the fct_users_created from logging_events"_s);
        QCOMPARE(job->owner, u"datahub"_s);
    }
    {
        const IngestBatch b = readDataHubFile(root + u"examples/mce_files/test_domains.json"_s);
        QCOMPARE(b.domains.size(), size_t(1));
        QCOMPARE(b.domains[0].key, u"domain:marketing"_s);
        QCOMPARE(b.domains[0].name, u"Sales"_s);
        QCOMPARE(b.domains[0].description, u"My custom domain"_s);
        QCOMPARE(b.products.size(), size_t(1));
        QCOMPARE(b.products[0].key, u"product:marketing.datahub"_s);
        QCOMPARE(b.products[0].domainKey, u"domain:marketing"_s);
        const Dataset *d = findDataset(b, u"dataset:mysql/information_schema.VIEWS"_s);
        QVERIFY(d);
        QCOMPARE(d->productKey, u"product:marketing.datahub"_s);
    }
    {
        const IngestBatch b = readDataHubFile(root + u"tests/unit/glue/glue_mces_golden.json"_s);
        QVERIFY(hasEdge(b, u"dataset:glue/test-database.test_parquet"_s, u"dataset:s3/test-glue-jsons"_s,
            u"job:glue/test-job-2.SelectFields-Transform3_job2"_s));
    }
    {
        const IngestBatch b = readDataHubFile(root + u"tests/integration/kafka-connect/kafka_connect_mces_golden.json"_s);
        QVERIFY(hasEdge(b, u"dataset:postgres/postgres1.postgres.public.member"_s,
            u"dataset:kafka/test-postgres-jdbc-member"_s, u"job:kafka-connect/postgres_source.postgres1.postgres.public.member"_s));
    }
    {
        const IngestBatch b = readDataHubFile(root + u"tests/integration/dbt/dbt_deleted_actor_mces_golden.json"_s);
        const Dataset *d = findDataset(b, u"dataset:postgres/pagila.public.actor"_s);
        QVERIFY(d);
        QCOMPARE(d->removedAt, Timestamp(1643871600000)); // systemMetadata.lastObserved
    }
    {
        const IngestBatch b = readDataHubFile(root + u"tests/integration/dbt/dbt_stateful_tests_golden.json"_s);
        int failed = 0;
        for (const QualityResult &q : b.quality) {
            if (q.state != HealthState::Fail)
                continue;
            ++failed;
            if (q.entityKey == u"dataset:postgres/calm-pagoda-323403.jaffle_shop.orders"_s) {
                QCOMPARE(q.column, u"credit_card_amount"_s);
                QCOMPARE(q.observedAt, Timestamp(1655565137668));
                QVERIFY(q.checkName.startsWith(u"dbt_expectations_expect_column_values_to_not_be_in_set_orders"_s));
            }
        }
        QCOMPARE(failed, 2);
    }
}

void TestCatalogCorpus::dataHubMeetsDbt()
{
    // DataHub's dbt golden file and the dbt manifest it was made from name the same 15
    // relations: the dbt reader's "dataset:postgres/<db>.<schema>.<alias>" is the DataHub
    // reader's "dataset:<platform>/<name>".
    const QString dir = m_corpus + u"/tengis__datahub/metadata-ingestion/tests/integration/dbt/"_s;
    const IngestBatch dbt = readDbtArtifacts(dir + u"dbt_manifest.json"_s);
    QVERIFY2(!dbt.hasErrors(), qPrintable(diagnosticsText(dbt)));
    const IngestBatch hub = readDataHubFile(dir + u"dbt_with_schemas_mces_golden.json"_s);
    QSet<QString> dbtKeys, hubKeys;
    for (const Dataset &d : dbt.datasets)
        dbtKeys.insert(d.key);
    for (const Dataset &d : hub.datasets)
        hubKeys.insert(d.key);
    QCOMPARE(dbtKeys.size(), 15);
    QCOMPARE(hubKeys.size(), 16);
    QCOMPARE((dbtKeys & hubKeys).size(), 15);
}

void TestCatalogCorpus::openMetadataSampleData()
{
    const QString root = m_corpus + u"/KEN-LJQ__MetadataGuard/ingestion/examples/sample_data/"_s;
    {
        OpenMetadataReadSummary s;
        const IngestBatch b = readOpenMetadataFile(root + u"datasets/tables.json"_s, OpenMetadataFile::Tables, &s);
        QVERIFY(!b.hasErrors());
        QCOMPARE(s.tables, 16);
        QCOMPARE(s.service, u"sample_data"_s);
        QCOMPARE(b.diagnostics.size(), 3); // fact_line_item, fact_order, fact_sale: stale FQNs
        const Dataset *d = findDataset(b, u"dataset:sample_data/ecommerce_db.shopify.dim.product.variant"_s);
        QVERIFY(d);
        QCOMPARE(d->ns, u"sample_data"_s);
        QCOMPARE(d->datasetKind, u"table"_s);
        QCOMPARE(d->observedAt, Timestamp(1638354087601)); // updatedAt
        QVERIFY(d->description.startsWith(u"This dimension table contains current information about each of the product variants"_s));
        QVERIFY(findDataset(b, u"dataset:sample_data/ecommerce_db.shopify.fact_line_item"_s));
    }
    {
        OpenMetadataReadSummary s;
        const IngestBatch b = readOpenMetadataFile(root + u"glue/tables.json"_s, OpenMetadataFile::Tables, &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        // No FQN in the file: service, database and schema from the files next to it.
        QVERIFY(findDataset(b, u"dataset:Glue/default.information_schema.sales"_s));
        QCOMPARE(findDataset(b, u"dataset:Glue/default.information_schema.marketing"_s)->datasetKind, u"iceberg"_s);
    }
    {
        OpenMetadataReadSummary s;
        const IngestBatch b = readOpenMetadataFile(root + u"topics/topics.json"_s, OpenMetadataFile::Topics, &s);
        QCOMPARE(s.topics, 10);
        QCOMPARE(findDataset(b, u"dataset:sample_kafka/customer_events"_s)->datasetKind, u"topic"_s);
    }
    {
        OpenMetadataReadSummary s;
        const IngestBatch b = readOpenMetadataFile(root + u"pipelines/pipelines.json"_s, OpenMetadataFile::Pipelines, &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(s.pipelines, 8);
        QCOMPARE(s.tasks, 16);
        QCOMPARE(b.jobs[1].key, u"job:sample_airflow/dim_address_etl"_s);
        QCOMPARE(b.jobs[1].description, u"dim_address ETL pipeline"_s);
    }
    {
        OpenMetadataReadSummary s;
        const IngestBatch b = readOpenMetadataFile(root + u"datasets/tableTests.json"_s, OpenMetadataFile::TableTests, &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(s.qualityResults, 19); // 5 table tests, 14 column tests
        const long failed = std::count_if(b.quality.begin(), b.quality.end(),
            [](const QualityResult &q) { return q.state == HealthState::Fail; });
        QCOMPARE(failed, 5L);
        QCOMPARE(b.quality[0].entityKey, u"dataset:sample_data/ecommerce_db.shopify.dim_staff"_s);
        QCOMPARE(b.quality[0].checkName, u"tableRowCountToEqual"_s);
        QCOMPARE(b.quality[0].observedAt, Timestamp(1646221199000)); // seconds in the file
        QCOMPARE(b.quality[5].column, u"user_id"_s);
    }
}

void TestCatalogCorpus::openMetadataLineageLinesUp()
{
    // Upstream's current lineage.json: 31 entries, 3 of them repeated, 2 between a dashboard
    // data model and a dashboard; 22 distinct ends, 7 pipelines.
    OpenMetadataReadSummary s;
    const IngestBatch up = readOpenMetadataFile(
        m_corpus + u"/open-metadata__OpenMetadata/ingestion/examples/sample_data/lineage/lineage.json"_s,
        OpenMetadataFile::Lineage, &s);
    QVERIFY2(up.diagnostics.isEmpty(), qPrintable(diagnosticsText(up)));
    QCOMPARE(s.lineageEntries, 31);
    QCOMPARE(s.edges, 28);
    QCOMPARE(up.datasets.size(), size_t(22));
    QSet<QString> jobs;
    for (const LineageEdge &e : up.edges) {
        if (!e.jobKey.isEmpty())
            jobs.insert(e.jobKey);
    }
    QCOMPARE(jobs.size(), 7);
    QVERIFY(hasEdge(up, u"dataset:sample_data/ecommerce_db.shopify.raw_order"_s,
        u"dataset:sample_data/ecommerce_db.shopify.dim.product"_s, u"job:sample_airflow/dim_product_etl"_s));
    QVERIFY(hasEdge(up, u"dataset:postgres_sample/jaffle_shop.public.stg_orders"_s,
        u"dataset:postgres_sample/jaffle_shop.public.orders"_s, {}));
    QCOMPARE(findDataset(up, u"dataset:sample_superset/model.103"_s)->datasetKind, u"dashboardDataModel"_s);

    // The 0.13 sample set: every end of its lineage is a table of tables.json, every
    // pipeline of it one of pipelines.json.
    const QString root = m_corpus + u"/KEN-LJQ__MetadataGuard/ingestion/examples/sample_data/"_s;
    const IngestBatch lineage = readOpenMetadataFile(root + u"lineage/lineage.json"_s, OpenMetadataFile::Lineage);
    const IngestBatch tables = readOpenMetadataFile(root + u"datasets/tables.json"_s, OpenMetadataFile::Tables);
    const IngestBatch pipelines = readOpenMetadataFile(root + u"pipelines/pipelines.json"_s, OpenMetadataFile::Pipelines);
    QCOMPARE(lineage.edges.size(), size_t(5));
    QSet<QString> tableKeys, pipelineKeys;
    for (const Dataset &d : tables.datasets)
        tableKeys.insert(d.key);
    for (const Job &j : pipelines.jobs)
        pipelineKeys.insert(j.key);
    for (const LineageEdge &e : lineage.edges) {
        QVERIFY2(tableKeys.contains(e.fromKey), qPrintable(e.fromKey));
        QVERIFY2(tableKeys.contains(e.toKey), qPrintable(e.toKey));
        QVERIFY2(pipelineKeys.contains(e.jobKey), qPrintable(e.jobKey));
    }
}

void TestCatalogCorpus::atlasEntities()
{
    const QString root = m_corpus + u"/apache__atlas/"_s;
    {
        AtlasReadSummary s;
        const IngestBatch b = readAtlasFile(
            root + u"atlas-examples/sample-app/src/main/python/request_json/entity_create_process.json"_s,
            AtlasFile::Entities, &s);
        QVERIFY(b.diagnostics.isEmpty());
        QCOMPARE(s.processes, 1);
        QCOMPARE(b.jobs[0].key, u"job:sample://cl1/employee_process"_s);
        QCOMPARE(b.jobs[0].description, u"hive query for monthly avg salary"_s);
        QVERIFY(hasEdge(b, u"dataset:sample://cl1/employee_db.employees_us"_s,
            u"dataset:sample://cl1/employee_db.employees_canada"_s, u"job:sample://cl1/employee_process"_s));
    }
    {
        // Hook notifications: a hive process reading a CSV on HDFS, and a table with columns,
        // a storage descriptor and DDL (skipped).
        AtlasReadSummary s;
        const IngestBatch b = readAtlasFile(root + u"addons/hive-bridge/src/test/resources/json/hs2-create-table.json"_s,
            AtlasFile::Entities, &s);
        QVERIFY(b.diagnostics.isEmpty());
        QCOMPARE(s.entities, 8);
        QCOMPARE(s.datasets, 2);
        QCOMPARE(s.skippedEntities, 5);
        QVERIFY(hasEdge(b, u"dataset:hdfs://ve0126.halxg.cloudera.com:8020//tmp/external/hh6.csv"_s,
            u"dataset:hive://cm/cadb02.hh6"_s, u"job:hive://cm/cadb02.hh6"_s));
    }
    {
        AtlasReadSummary s;
        const IngestBatch b = readAtlasFile(root + u"repository/src/test/resources/json/entities/table-lineage.json"_s,
            AtlasFile::Entities, &s);
        QCOMPARE(s.edges, 1);
        QCOMPARE(s.columnEdges, 1);
        QCOMPARE(b.columnEdges[0].fromDatasetKey, u"dataset:hive://cl1/db_1.table_1"_s);
        QCOMPARE(b.columnEdges[0].toColumn, u"id"_s);
    }
    {
        // Inputs and outputs by guid of entities the file does not hold: warnings, no edge.
        AtlasReadSummary s;
        const IngestBatch b = readAtlasFile(
            root + u"repository/src/test/resources/json/stocksDB-Entities/table-table-lineage.json"_s,
            AtlasFile::Entities, &s);
        QVERIFY(!b.hasErrors());
        QCOMPARE(s.unresolved, 2);
        QCOMPARE(b.edges.size(), size_t(0));
        QCOMPARE(b.diagnostics[0].line, 9);
    }
    {
        AtlasReadSummary s;
        const IngestBatch b = readAtlasFile(root + u"addons/hive-bridge/src/test/resources/json/hs2-drop-table.json"_s,
            AtlasFile::Entities, &s);
        QCOMPARE(s.notApplied, 4);
        QCOMPARE(b.diagnostics.size(), 1);
    }
}

void TestCatalogCorpus::cliIngestsTheUpstreamLineage()
{
    const QString cli = test::cliPath();
    if (cli.isEmpty())
        QSKIP("MESHLENS_CLI not set");
    QTemporaryDir dir;
    const QString cache = dir.filePath(u"om.cache"_s);
    QProcess p;
    p.start(cli, {u"ingest"_s, cache, m_corpus + u"/open-metadata__OpenMetadata"_s});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    p.start(cli, {u"stats"_s, cache, u"--json"_s});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(out.contains("\"datasets\": 22"), out.constData());
    QVERIFY2(out.contains("\"jobs\": 7"), out.constData());
    QVERIFY2(out.contains("\"edges\": 28"), out.constData());
}

QTEST_GUILESS_MAIN(TestCatalogCorpus)
#include "tst_catalogcorpus.moc"
