// The catalog readers on small files written here: a DataHub file mixing MCEs and MCPs (both
// aspect encodings) with every aspect the reader uses, OpenMetadata tables, lineage and
// pipelines of the 1.x shape, Atlas entities with references by guid; every class of bad input
// with the line, column and text of its diagnostic; detection that takes nothing from the
// other readers; and the pipeline writing a folder into a cache. The corpus is in
// tst_catalogcorpus.cpp.
//
// The JSON texts live outside the test class: Qt 6.4's moc misreads "//" inside raw strings
// in a Q_OBJECT body.

#include "cache/meshcache.h"
#include "ingest/atlasreader.h"
#include "ingest/datahubreader.h"
#include "ingest/ingestpipeline.h"
#include "ingest/openmetadatareader.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kDataHub = R"json([
  {"auditHeader": null, "proposedSnapshot": {"com.linkedin.pegasus2avro.metadata.snapshot.DatasetSnapshot": {
    "urn": "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)",
    "aspects": [
      {"com.linkedin.pegasus2avro.dataset.DatasetProperties": {"description": {"string": "All orders"}, "customProperties": {}}},
      {"com.linkedin.pegasus2avro.common.Ownership": {"owners": [{"owner": "urn:li:corpuser:ann", "type": "DATAOWNER"}, {"owner": "urn:li:corpGroup:sales-team", "type": "DATAOWNER"}], "lastModified": {"time": 1700000000000, "actor": "urn:li:corpuser:ann"}}},
      {"com.linkedin.pegasus2avro.dataset.UpstreamLineage": {"upstreams": [{"auditStamp": {"time": 0, "actor": "urn:li:corpuser:unknown"}, "dataset": "urn:li:dataset:(urn:li:dataPlatform:s3,raw-bucket/orders/2024.csv,PROD)", "type": "COPY"}],
        "fineGrainedLineages": [{"upstreamType": "FIELD_SET", "upstreams": ["urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:s3,raw-bucket/orders/2024.csv,PROD),[version=2.0].[type=string].amount)"], "downstreamType": "FIELD", "downstreams": ["urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD),total)"], "transformOperation": "SUM"}]}}
    ]}}, "systemMetadata": {"lastObserved": 1700000100000}},
  {"entityType": "dataset", "entityUrn": "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)", "changeType": "UPSERT", "aspectName": "editableDatasetProperties", "aspect": {"json": {"description": "Orders, one row each"}}},
  {"entityType": "dataset", "entityUrn": "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)", "changeType": "UPSERT", "aspectName": "subTypes", "aspect": {"value": "{\"typeNames\": [\"Table\"]}", "contentType": "application/json"}},
  {"entityType": "dataset", "entityUrn": "urn:li:dataset:(urn:li:dataPlatform:hive,stage.orders%2Cold,DEV)", "changeType": "UPSERT", "aspectName": "status", "aspect": {"value": "{\"removed\": true}", "contentType": "application/json"}, "systemMetadata": {"lastObserved": 1700000200000}},
  {"entityType": "dataFlow", "entityUrn": "urn:li:dataFlow:(airflow,nightly,prod)", "changeType": "UPSERT", "aspectName": "ownership", "aspect": {"json": {"owners": [{"owner": "urn:li:corpGroup:data-eng", "type": "TECHNICAL_OWNER"}]}}},
  {"entityType": "dataFlow", "entityUrn": "urn:li:dataFlow:(airflow,nightly,prod)", "changeType": "UPSERT", "aspectName": "domains", "aspect": {"json": {"domains": ["urn:li:domain:sales"]}}},
  {"entityType": "dataJob", "entityUrn": "urn:li:dataJob:(urn:li:dataFlow:(airflow,nightly,prod),load_orders)", "changeType": "UPSERT", "aspectName": "dataJobInfo", "aspect": {"json": {"name": "load_orders", "description": "Loads orders", "type": {"string": "COMMAND"}}}},
  {"entityType": "dataJob", "entityUrn": "urn:li:dataJob:(urn:li:dataFlow:(airflow,nightly,prod),load_orders)", "changeType": "UPSERT", "aspectName": "dataJobInputOutput", "aspect": {"json": {"inputDatasetEdges": [{"destinationUrn": "urn:li:dataset:(urn:li:dataPlatform:s3,raw-bucket/orders/2024.csv,PROD)"}], "outputDatasets": ["urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)", "urn:li:dataset:(urn:li:dataPlatform:hive,stage.orders%2Cold,DEV)"]}}},
  {"entityType": "domain", "entityUrn": "urn:li:domain:sales", "changeType": "UPSERT", "aspectName": "domainProperties", "aspect": {"json": {"name": "Sales", "description": "Selling things"}}},
  {"entityType": "dataProduct", "entityUrn": "urn:li:dataProduct:orders", "changeType": "UPSERT", "aspectName": "dataProductProperties", "aspect": {"json": {"name": "Orders", "assets": [{"destinationUrn": "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)"}]}}},
  {"entityType": "dataProduct", "entityUrn": "urn:li:dataProduct:orders", "changeType": "UPSERT", "aspectName": "domains", "aspect": {"json": {"domains": ["urn:li:domain:sales"]}}},
  {"entityType": "assertion", "entityUrn": "urn:li:assertion:a1", "changeType": "UPSERT", "aspectName": "assertionRunEvent", "aspect": {"json": {"timestampMillis": 1700000300000, "assertionUrn": "urn:li:assertion:a1", "asserteeUrn": "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)", "status": "COMPLETE", "result": {"type": "FAILURE", "nativeResults": {"message": "3 nulls"}}}}},
  {"entityType": "assertion", "entityUrn": "urn:li:assertion:a1", "changeType": "UPSERT", "aspectName": "assertionInfo", "aspect": {"json": {"type": "DATASET", "datasetAssertion": {"dataset": "urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)", "scope": "DATASET_COLUMN", "fields": ["urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD),total)"], "nativeType": "not_null_orders_total"}}}},
  {"entityType": "corpuser", "entityUrn": "urn:li:corpuser:ann", "changeType": "UPSERT", "aspectName": "corpUserInfo", "aspect": {"json": {"active": true}}},
  {"entityType": "dataset", "entityUrn": "urn:li:dataset:(urn:li:dataPlatform:hive,x,PROD)", "changeType": "DELETE", "aspectName": "status", "aspect": {"json": {}}}
]
)json";

const QByteArray kTables = R"json({"tables": [
  {"name": "orders", "fullyQualifiedName": "wh.shop.public.orders", "description": "Orders", "tableType": "Regular", "updatedAt": 1700000000000,
   "owners": [{"name": "ann", "type": "user"}, {"name": "sales", "type": "team"}],
   "domain": {"name": "Sales", "fullyQualifiedName": "Sales"}, "dataProducts": [{"name": "OrderData", "fullyQualifiedName": "OrderData"}]},
  {"name": "v.1", "databaseSchema": {"name": "schema", "fullyQualifiedName": "wh.shop.\"my.schema\""}, "tableType": "View", "owner": {"name": "bob", "type": "user"}, "domain": "Sales"},
  {"name": "gone", "fullyQualifiedName": "wh.shop.public.gone", "deleted": true, "updatedAt": 1700000100000}
]}
)json";

const QByteArray kLineage = R"json([
  {"from": {"fqn": "wh.shop.public.orders", "type": "table"}, "to": {"fqn": "kafka1.orders_topic", "type": "topic"}, "edge_meta": {"fqn": "airflow1.export", "type": "pipeline"}},
  {"from": {"fqn": "wh.shop.public.orders", "type": "table"}, "to": {"fqn": "airflow1.export", "type": "pipeline"}},
  {"from": {"fqn": "wh.shop.public.orders", "type": "table"}, "to": {"fqn": "kafka1.orders_topic", "type": "topic"}, "edge_meta": {"fqn": "airflow1.export", "type": "pipeline"}}
]
)json";

const QByteArray kPipelines = R"json({"pipelines": [
  {"name": "export", "description": "Exports orders", "service": {"name": "airflow1", "type": "pipelineService"}, "tasks": [{"name": "a"}, {"name": "b"}], "owner": {"name": "ops", "type": "team"}},
  {"name": "lonely", "tasks": []}
]}
)json";

const QByteArray kAtlas = R"json({"entities": [
  {"typeName": "spark_process", "guid": "-1", "attributes": {"qualifiedName": "app-1@prod:1700000000000", "name": "etl", "description": "Nightly ETL", "owner": "dana"},
   "relationshipAttributes": {"inputs": [{"guid": "-2", "typeName": "hive_table"}], "outputs": [{"typeName": "aws_s3_v2_object", "uniqueAttributes": {"qualifiedName": "s3a://bucket/out/part@prod"}}]}},
  {"typeName": "hive_column_lineage", "attributes": {"qualifiedName": "app-1@prod:col",
   "inputs": [{"typeName": "hive_column", "uniqueAttributes": {"qualifiedName": "sales.orders.total@prod"}}],
   "outputs": [{"typeName": "hive_column", "uniqueAttributes": {"qualifiedName": "sales.summary.total@prod"}}]}}
 ],
 "referredEntities": {
  "-2": {"typeName": "hive_table", "guid": "-2", "attributes": {"qualifiedName": "sales.orders@prod", "description": "Orders", "owner": "ann"}, "status": "DELETED", "updateTime": 1700000000000},
  "-3": {"typeName": "hive_db", "guid": "-3", "attributes": {"qualifiedName": "sales@prod"}}
 }}
)json";

/// One bad input: `at` marks where the diagnostic must point (its first occurrence in the
/// one-line text; nullptr: the end of the text).
struct BadCase {
    const char *name;
    QByteArray text;
    const char *at;
    const char *message;
};

const char *const kUrn = "urn:li:dataset:(urn:li:dataPlatform:hive,a,PROD)";

QByteArray mcp(const QByteArray &urn, const QByteArray &aspectName, const QByteArray &aspect)
{
    return "[{\"entityType\": \"dataset\", \"entityUrn\": " + urn + ", \"aspectName\": \"" + aspectName
        + "\", \"aspect\": " + aspect + "}]";
}

QList<BadCase> badDataHubCases()
{
    const QByteArray urn = QByteArray("\"") + kUrn + '"';
    return {
        {"truncated", "[{\"entityUrn\": \"" + QByteArray(kUrn) + "\"", nullptr, "unexpected end of file (is it truncated?)"},
        {"not JSON at all", QByteArray("\x01\x02garbage", 9), "\x01", "expected a value"},
        {"invalid UTF-8", mcp("\"urn:li:dataset:(urn:li:dataPlatform:hive,caf\xC3\x28,PROD)\"", "status", "{\"json\": {}}"),
            "\xC3", "invalid UTF-8"},
        {"a string at the top", "\"just a string\"", "\"just", "expected an array of MetadataChangeEvents and MetadataChangeProposals"},
        {"a record that is a number", "[5]", "5", "[0]: expected a MetadataChangeEvent or MetadataChangeProposal object, found a number"},
        {"a record of neither kind", "[{\"foo\": 1}]", "{\"foo\"", "[0]: expected a MetadataChangeEvent (with proposedSnapshot) or a MetadataChangeProposal"},
        {"no entityUrn", "[{\"entityType\": \"dataset\", \"aspectName\": \"status\", \"aspect\": {\"json\": {}}}]",
            "{\"entityType\"", "[0].entityUrn: missing (expected a string)"},
        {"entityUrn of the wrong type", mcp("42", "status", "{\"json\": {}}"), "42", "[0].entityUrn: expected a string, found a number"},
        {"not a URN", mcp("\"orders\"", "status", "{\"json\": {}}"), "\"orders\"", "expected a DataHub URN (\"urn:li:<type>:<id>\"), found \"orders\""},
        {"a dataset URN of two parts", mcp("\"urn:li:dataset:(urn:li:dataPlatform:hive,a)\"", "status", "{\"json\": {}}"),
            "\"urn:li:dataset:(", "[0].entityUrn: expected a dataset URN such as"},
        {"unbalanced parentheses", mcp("\"urn:li:dataset:(urn:li:dataPlatform:hive,a,PROD\"", "status", "{\"json\": {}}"),
            "\"urn:li:dataset:(", "expected a dataset URN such as"},
        {"a platform that is a user", mcp("\"urn:li:dataset:(urn:li:corpuser:x,a,PROD)\"", "status", "{\"json\": {}}"),
            "\"urn:li:dataset:(", "expected a data platform URN"},
        {"no aspect", "[{\"entityUrn\": " + urn + ", \"aspectName\": \"status\"}]", "{\"entityUrn\"",
            "[0].aspect: missing (expected an object with value (JSON text) or json)"},
        {"aspect value of the wrong type", mcp(urn, "status", "{\"value\": 7}"), "7}",
            "[0].aspect.value: expected the aspect as JSON text (a string), found a number"},
        {"aspect text that is not JSON", mcp(urn, "upstreamLineage", "{\"value\": \"{\\\"upstreams\\\": [\"}"), "\"{\\\"",
            "[0].aspect.value: the JSON text in this string is not valid at its line 1, column 16: unexpected end of file"},
        {"aspect text holding an array", mcp(urn, "status", "{\"value\": \"[1]\"}"), "\"[1]\"",
            "[0].aspect.value(JSON): expected the aspect as a JSON object, found an array"},
        {"upstreams of the wrong type", mcp(urn, "upstreamLineage", "{\"value\": \"{\\\"upstreams\\\": 5}\"}"), "\"{\\\"",
            "[0].aspect.value(JSON).upstreams: expected an array of {\"dataset\": URN, ...}, found a number"},
        {"an upstream without dataset", mcp(urn, "upstreamLineage", "{\"json\": {\"upstreams\": [{\"type\": \"COPY\"}]}}"),
            "{\"type\"", "[0].aspect.json.upstreams[0].dataset: missing (expected the URN of the upstream dataset)"},
        {"a malformed upstream URN", mcp(urn, "upstreamLineage", "{\"json\": {\"upstreams\": [{\"dataset\": \"urn:li:dataset:nope\"}]}}"),
            "\"urn:li:dataset:nope\"", "[0].aspect.json.upstreams[0].dataset: expected a dataset URN such as"},
        {"removed that is not a boolean", mcp(urn, "status", "{\"json\": {\"removed\": \"yes\"}}"), "\"yes\"",
            "[0].aspect.json.removed: expected true or false, found a string"},
        {"owners of the wrong type", mcp(urn, "ownership", "{\"json\": {\"owners\": {}}}"), "{}}}",
            "[0].aspect.json.owners: expected an array of {\"owner\": URN, \"type\": ...}, found an object"},
        {"two snapshots in one event", "[{\"proposedSnapshot\": {\"a\": {}, \"b\": {}}}]", "{\"a\"",
            "[0].proposedSnapshot: expected exactly one snapshot"},
        {"aspects that are not a list",
            "[{\"proposedSnapshot\": {\"com.linkedin.pegasus2avro.metadata.snapshot.DatasetSnapshot\": {\"urn\": " + urn + ", \"aspects\": {}}}}]",
            "{}}}}", ".DatasetSnapshot\"].aspects: expected an array of aspects, found an object"},
        {"an assertion run naming no dataset",
            "[{\"entityUrn\": \"urn:li:assertion:a\", \"aspectName\": \"assertionRunEvent\", \"aspect\": {\"json\": {\"status\": \"COMPLETE\"}}}]",
            "{\"status\"", "[0].aspect.json.asserteeUrn: missing (expected the URN of the asserted dataset)"},
        {"a URN of 70000 bytes", mcp('"' + QByteArray(70000, 'u') + '"', "status", "{\"json\": {}}"), "\"uuu",
            "[0].entityUrn: a string of 70000 bytes, longer than the 65536 accepted here"},
    };
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

bool hasEdge(const IngestBatch &b, const QString &from, const QString &to, const QString &job)
{
    return std::any_of(b.edges.begin(), b.edges.end(), [&](const LineageEdge &e) {
        return e.fromKey == from && e.toKey == to && e.jobKey == job;
    });
}

class Folder {
public:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString root() const { return m_dir.path(); }
    bool put(const QString &name, const QByteArray &text) const
    {
        QFileInfo(path(name)).dir().mkpath(u"."_s);
        QFile f(path(name));
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
    }

private:
    QTemporaryDir m_dir;
};

} // namespace

class TestCatalogReaders : public QObject {
    Q_OBJECT

private:
    static void expectOneError(const IngestBatch &b, int line, int column, const QString &message)
    {
        QVERIFY2(b.hasErrors(), "no error reported");
        QVERIFY2(b.diagnostics.size() == 1, qPrintable(diagnosticsText(b)));
        const Diagnostic &d = b.diagnostics.front();
        QCOMPARE(d.severity, Diagnostic::Severity::Error);
        QVERIFY(!d.file.isEmpty());
        QVERIFY2(d.message.contains(message), qPrintable(d.message));
        QCOMPARE(int(d.line), line);
        QCOMPARE(int(d.column), column);
    }

private slots:
    void detectsByContent_data();
    void detectsByContent();
    void dataHubRecords();
    void dataHubUrns();
    void badDataHub_data();
    void badDataHub();
    void dataHubHostile();
    void openMetadataRecords();
    void badOpenMetadata();
    void atlasRecords();
    void badAtlas();
    void pipelineWritesAFolder();
    void mutatedInputsNeverCrash();
};

void TestCatalogReaders::detectsByContent_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("format");
    QTest::newRow("DataHub MCEs") << kDataHub << int(InputFormat::DataHub);
    QTest::newRow("one DataHub MCP") << mcp(QByteArray("\"") + kUrn + '"', "status", "{\"json\": {}}").mid(1)
                                     << int(InputFormat::DataHub);
    QTest::newRow("OpenMetadata tables") << kTables << int(InputFormat::OpenMetadata);
    QTest::newRow("OpenMetadata lineage") << kLineage << int(InputFormat::OpenMetadata);
    QTest::newRow("OpenMetadata pipelines") << kPipelines << int(InputFormat::OpenMetadata);
    QTest::newRow("Atlas entities") << kAtlas << int(InputFormat::Atlas);
    QTest::newRow("Atlas type definitions")
        << QByteArray("{\"entityDefs\": [{\"name\": \"t\", \"attributeDefs\": [{\"name\": \"tables\", \"typeName\": \"x\"}]}]}")
        << int(InputFormat::Atlas);
    // Taken by nothing: a list of classifications, an Atlas export request, an OpenMetadata
    // database.json.
    QTest::newRow("classifications") << QByteArray("[{\"typeName\": \"PII\", \"attributes\": {}}]") << int(InputFormat::Unknown);
    QTest::newRow("export request")
        << QByteArray("{\"itemsToExport\": [{\"typeName\": \"hive_table\", \"uniqueAttributes\": {}}]}") << int(InputFormat::Unknown);
    QTest::newRow("database.json") << QByteArray("{\"name\": \"db\", \"service\": {\"type\": \"x\"}}") << int(InputFormat::Unknown);
    // The other readers keep their files, whatever they mention.
    QTest::newRow("OpenLineage event naming DataHub words")
        << QByteArray("{\"eventTime\": \"2024-01-01T00:00:00Z\", \"producer\": \"p\", \"job\": {\"namespace\": \"n\", "
                      "\"name\": \"j\"}, \"run\": {\"facets\": {\"x\": {\"entityUrn\": \"u\", \"aspectName\": \"a\", \"typeName\": \"t\", \"entity\": 1}}}}")
        << int(InputFormat::OpenLineage);
    QTest::newRow("dbt manifest mentioning tables")
        << QByteArray("{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v12.json\"}, "
                      "\"tables\": [], \"tableType\": 1, \"proposedSnapshot\": 1}")
        << int(InputFormat::Dbt);
}

void TestCatalogReaders::detectsByContent()
{
    QFETCH(QByteArray, head);
    QFETCH(int, format);
    QCOMPARE(int(detectFormat(head)), format);
}

void TestCatalogReaders::dataHubRecords()
{
    Folder folder;
    QVERIFY(folder.put(u"mixed.json"_s, kDataHub));
    DataHubReadSummary s;
    const IngestBatch b = readDataHubFile(folder.path(u"mixed.json"_s), &s);
    QCOMPARE(b.source.source, u"datahub"_s);
    // The DELETE proposal: a warning, not applied.
    QCOMPARE(b.diagnostics.size(), 1);
    QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Warning);
    QCOMPARE(int(b.diagnostics[0].line), int(kDataHub.left(kDataHub.indexOf("\"DELETE\"")).count('\n')) + 1);
    QVERIFY(b.diagnostics[0].message.contains(u"DELETE proposals are not applied"_s));
    QCOMPARE(s.records, 15);
    QCOMPARE(s.snapshots, 1);
    QCOMPARE(s.proposals, 14);
    QCOMPARE(s.skippedRecords, 1); // the user

    QCOMPARE(b.datasets.size(), 2u);
    const Dataset *orders = findDataset(b, u"dataset:postgres/shop.public.orders"_s);
    QVERIFY(orders);
    QCOMPARE(orders->ns, u"postgres"_s);
    QCOMPARE(orders->name, u"shop.public.orders"_s);
    QCOMPARE(orders->description, u"Orders, one row each"_s); // edited in DataHub: wins
    QCOMPARE(orders->owner, u"sales-team"_s);                  // the group, not the first user
    QCOMPARE(orders->datasetKind, u"table"_s);
    QCOMPARE(orders->productKey, u"product:orders"_s);         // an asset of the data product
    QCOMPARE(orders->observedAt, Timestamp(1700000100000));
    // ",": percent-encoded in the URN; DEV: kept apart from production.
    const Dataset *stage = findDataset(b, u"dataset:hive@DEV/stage.orders,old"_s);
    QVERIFY(stage);
    QCOMPARE(stage->removedAt, Timestamp(1700000200000));

    QCOMPARE(b.jobs.size(), 1u);
    QCOMPARE(b.jobs[0].key, u"job:airflow/nightly.load_orders"_s);
    QCOMPARE(b.jobs[0].ns, u"airflow"_s);
    QCOMPARE(b.jobs[0].description, u"Loads orders"_s);
    QCOMPARE(b.jobs[0].owner, u"data-eng"_s);                   // from its flow
    QCOMPARE(b.jobs[0].productKey, u"product:sales.datahub"_s); // its flow's domain

    const QString raw = u"dataset:s3://raw-bucket/orders/2024.csv"_s;
    QCOMPARE(b.edges.size(), 3u);
    QVERIFY(hasEdge(b, raw, orders->key, {}));
    QVERIFY(hasEdge(b, raw, orders->key, b.jobs[0].key));
    QVERIFY(hasEdge(b, raw, stage->key, b.jobs[0].key));
    QCOMPARE(b.columnEdges.size(), 1u);
    QCOMPARE(b.columnEdges[0].fromDatasetKey, raw);
    QCOMPARE(b.columnEdges[0].fromColumn, u"amount"_s);
    QCOMPARE(b.columnEdges[0].toColumn, u"total"_s);
    QCOMPARE(b.columnEdges[0].transformation, u"SUM"_s);

    QCOMPARE(b.domains.size(), 1u);
    QCOMPARE(b.domains[0].key, u"domain:sales"_s);
    QCOMPARE(b.domains[0].name, u"Sales"_s);
    QCOMPARE(b.products.size(), 2u);
    QCOMPARE(b.products[0].key, u"product:orders"_s);
    QCOMPARE(b.products[0].name, u"Orders"_s);
    QCOMPARE(b.products[0].domainKey, u"domain:sales"_s);
    QCOMPARE(b.products[1].key, u"product:sales.datahub"_s);
    QCOMPARE(b.products[1].domainKey, u"domain:sales"_s);

    // The run came before the assertion's definition: check and column still found.
    QCOMPARE(b.quality.size(), 1u);
    QCOMPARE(b.quality[0].entityKey, orders->key);
    QCOMPARE(b.quality[0].checkName, u"not_null_orders_total"_s);
    QCOMPARE(b.quality[0].column, u"total"_s);
    QCOMPARE(b.quality[0].state, HealthState::Fail);
    QCOMPARE(b.quality[0].message, u"3 nulls"_s);
    QCOMPARE(b.observedAt, Timestamp(1700000300000));
}

void TestCatalogReaders::dataHubUrns()
{
    Folder folder;
    // Chained jobs: t1 reads a, writes nothing; t2 reads t1's data and writes b; t3 runs
    // after t2 (which writes b) and writes c: no lineage from b to c is invented.
    const QByteArray chain = R"json([
  {"entityUrn": "urn:li:dataJob:(urn:li:dataFlow:(glue,f,PROD),t1)", "aspectName": "dataJobInputOutput", "aspect": {"json": {"inputDatasets": ["urn:li:dataset:(urn:li:dataPlatform:glue,a,PROD)"], "outputDatasets": []}}},
  {"entityUrn": "urn:li:dataJob:(urn:li:dataFlow:(glue,f,PROD),t2)", "aspectName": "dataJobInputOutput", "aspect": {"json": {"inputDatasets": [], "outputDatasets": ["urn:li:dataset:(urn:li:dataPlatform:glue,b,PROD)"], "inputDatajobs": ["urn:li:dataJob:(urn:li:dataFlow:(glue,f,PROD),t1)", "urn:li:dataJob:(urn:li:dataFlow:(glue,f,PROD),t2)"]}}},
  {"entityUrn": "urn:li:dataJob:(urn:li:dataFlow:(glue,f,PROD),t3)", "aspectName": "dataJobInputOutput", "aspect": {"json": {"inputDatasets": [], "outputDatasets": ["urn:li:dataset:(urn:li:dataPlatform:glue,c,PROD)"], "inputDatajobs": ["urn:li:dataJob:(urn:li:dataFlow:(glue,f,PROD),t2)"]}}}
])json";
    QVERIFY(folder.put(u"chain.json"_s, chain));
    const IngestBatch b = readDataHubFile(folder.path(u"chain.json"_s));
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.jobs.size(), 3u);
    QCOMPARE(b.edges.size(), 1u);
    QVERIFY(hasEdge(b, u"dataset:glue/a"_s, u"dataset:glue/b"_s, u"job:glue/f.t2"_s));
}

void TestCatalogReaders::badDataHub_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    for (const BadCase &c : badDataHubCases()) {
        const int column = c.at ? int(c.text.indexOf(c.at)) + 1 : int(c.text.size()) + 1;
        QTest::newRow(c.name) << c.text << column << QString::fromUtf8(c.message);
    }
}

void TestCatalogReaders::badDataHub()
{
    QFETCH(QByteArray, text);
    QFETCH(int, column);
    QFETCH(QString, message);
    Folder folder;
    QVERIFY(folder.put(u"bad.json"_s, text));
    const IngestBatch b = readDataHubFile(folder.path(u"bad.json"_s));
    expectOneError(b, 1, column, message);
    QCOMPARE(b.diagnostics[0].file, folder.path(u"bad.json"_s));
}

void TestCatalogReaders::dataHubHostile()
{
    Folder folder;
    // Empty, and blank: what was expected.
    for (const QByteArray &text : {QByteArray(), QByteArray("  \n ")}) {
        QVERIFY(folder.put(u"empty.json"_s, text));
        const IngestBatch b = readDataHubFile(folder.path(u"empty.json"_s));
        QCOMPARE(b.diagnostics.size(), 1);
        QVERIFY(b.diagnostics[0].message.contains(u"the file is empty: expected a DataHub metadata file"_s));
    }
    // 300 nested arrays inside an aspect: deeper than the parser goes. The 257th level
    // (counting the root array, the record, the aspect and its json) is the 253rd '['.
    const QByteArray deep = QByteArray(300, '[') + QByteArray(300, ']');
    const QByteArray text = mcp(QByteArray("\"") + kUrn + '"', "status", "{\"json\": {\"x\": " + deep + "}}");
    QVERIFY(folder.put(u"deep.json"_s, text));
    IngestBatch b = readDataHubFile(folder.path(u"deep.json"_s));
    expectOneError(b, 1, int(text.indexOf(deep)) + 1 + 252, u"nesting deeper than 256 levels"_s);
    // A description of 100,000 bytes: kept, cut, with a warning.
    QVERIFY(folder.put(u"long.json"_s, mcp(QByteArray("\"") + kUrn + '"', "datasetProperties",
                                           "{\"json\": {\"description\": \"" + QByteArray(100000, 'd') + "\"}}")));
    b = readDataHubFile(folder.path(u"long.json"_s));
    QVERIFY(!b.hasErrors());
    QCOMPARE(b.diagnostics.size(), 1);
    QCOMPARE(b.datasets[0].description.size(), 65536);
    // Thirty bad records: twenty errors and a note that more follow.
    QByteArray many = "[";
    for (int i = 0; i < 30; ++i)
        many += QByteArray(i ? "," : "") + "{\"entityUrn\": \"bad\", \"aspectName\": \"status\", \"aspect\": {\"json\": {}}}";
    many += "]";
    QVERIFY(folder.put(u"many.json"_s, many));
    b = readDataHubFile(folder.path(u"many.json"_s));
    QCOMPARE(b.diagnostics.size(), 21);
    QCOMPARE(b.diagnostics[20].message, u"more errors follow; stopped reporting after 20"_s);
    // Unknown content types are not guessed at.
    QVERIFY(folder.put(u"avro.json"_s, mcp(QByteArray("\"") + kUrn + '"', "status",
                                           "{\"value\": \"x\", \"contentType\": \"application/avro\"}")));
    b = readDataHubFile(folder.path(u"avro.json"_s));
    QVERIFY(!b.hasErrors());
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"\"application/avro\" is not read"_s));
}

void TestCatalogReaders::openMetadataRecords()
{
    Folder folder;
    QVERIFY(folder.put(u"tables.json"_s, kTables));
    OpenMetadataReadSummary s;
    IngestBatch b = readOpenMetadataFile(folder.path(u"tables.json"_s), OpenMetadataFile::Tables, &s);
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
    QCOMPARE(s.tables, 3);
    const Dataset *orders = findDataset(b, u"dataset:wh/shop.public.orders"_s);
    QVERIFY(orders);
    QCOMPARE(orders->owner, u"sales"_s); // the team wins
    QCOMPARE(orders->productKey, u"product:Sales.OrderData"_s);
    QCOMPARE(orders->observedAt, Timestamp(1700000000000));
    // Quoted parts: the schema "my.schema" and the table "v.1".
    const Dataset *view = findDataset(b, u"dataset:wh/shop.my.schema.v.1"_s);
    QVERIFY(view);
    QCOMPARE(view->datasetKind, u"view"_s);
    QCOMPARE(view->owner, u"bob"_s);
    QCOMPARE(view->productKey, u"product:Sales.openmetadata"_s);
    QCOMPARE(findDataset(b, u"dataset:wh/shop.public.gone"_s)->removedAt, Timestamp(1700000100000));
    QCOMPARE(b.domains.size(), 1u);
    QCOMPARE(b.products.size(), 2u);
    QCOMPARE(b.products[0].domainKey, u"domain:Sales"_s);

    QVERIFY(folder.put(u"lineage.json"_s, kLineage));
    b = readOpenMetadataFile(folder.path(u"lineage.json"_s), OpenMetadataFile::Lineage, &s);
    QVERIFY(!b.hasErrors());
    QCOMPARE(s.lineageEntries, 3);
    QCOMPARE(s.edges, 1);          // the third repeats the first
    QCOMPARE(s.skippedEntries, 1); // a pipeline as an end
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(hasEdge(b, u"dataset:wh/shop.public.orders"_s, u"dataset:kafka1/orders_topic"_s, u"job:airflow1/export"_s));
    QCOMPARE(findDataset(b, u"dataset:kafka1/orders_topic"_s)->datasetKind, u"topic"_s);

    // A pipeline names its service; one that does not, with no service.json next to it, is
    // an error.
    QVERIFY(folder.put(u"pipelines.json"_s, kPipelines));
    b = readOpenMetadataFile(folder.path(u"pipelines.json"_s), OpenMetadataFile::Pipelines, &s);
    QCOMPARE(s.pipelines, 1);
    QCOMPARE(s.tasks, 2);
    QCOMPARE(b.jobs[0].key, u"job:airflow1/export"_s);
    QCOMPARE(b.jobs[0].owner, u"ops"_s);
    QCOMPARE(b.diagnostics.size(), 1);
    QVERIFY(b.diagnostics[0].message.contains(u"pipelines[1]: cannot name the pipeline"_s));
    QCOMPARE(b.diagnostics[0].line, 3);
    // With a service.json: its serviceName.
    QVERIFY(folder.put(u"service.json"_s, "{\"serviceName\": \"af2\", \"serviceConnection\": {}}"));
    b = readOpenMetadataFile(folder.path(u"pipelines.json"_s), OpenMetadataFile::Pipelines, &s);
    QVERIFY(!b.hasErrors());
    QCOMPARE(b.jobs[1].key, u"job:af2/lonely"_s);

    QCOMPARE(splitOpenMetadataFqn(u"a.\"b.c\".d"_s), (QStringList {u"a"_s, u"b.c"_s, u"d"_s}));
    QVERIFY(splitOpenMetadataFqn(u"a..b"_s).isEmpty());
    QVERIFY(splitOpenMetadataFqn(u"a.\"b"_s).isEmpty());
}

void TestCatalogReaders::badOpenMetadata()
{
    struct Case {
        OpenMetadataFile kind;
        QByteArray text;
        const char *at;
        const char *message;
    };
    const Case cases[] = {
        {OpenMetadataFile::Tables, "{\"tables\": 5}", "5", "tables: expected an array, found a number"},
        {OpenMetadataFile::Tables, "7", "7", "expected an object with \"tables\" (an array), found a number"},
        {OpenMetadataFile::Tables, "{\"tables\": [{\"description\": \"x\"}]}", "{\"desc", "tables[0].name: missing (expected a string)"},
        {OpenMetadataFile::Tables, "{\"tables\": [{\"name\": \"t\"}]}", "{\"name\"", "tables[0]: cannot name the table"},
        {OpenMetadataFile::Tables, "{\"tables\": [{\"name\": \"t\", \"owner\": 3, \"fullyQualifiedName\": \"a.b.c.t\"}]}", "3,",
            "tables[0].owner: expected an entity reference (an object with name and type), found a number"},
        {OpenMetadataFile::Lineage, "{}", "{", "expected an array of lineage entries"},
        {OpenMetadataFile::Lineage, "[{\"to\": {\"fqn\": \"a.b\", \"type\": \"table\"}}]", "{\"to\"",
            "[0].from: missing (expected an object with fqn and type)"},
        {OpenMetadataFile::Lineage, "[{\"from\": {\"fqn\": \"onlyone\", \"type\": \"table\"}, \"to\": {\"fqn\": \"a.b\", \"type\": \"table\"}}]",
            "\"onlyone\"", "[0].from.fqn: expected a fully qualified name \"service.name\""},
        {OpenMetadataFile::Lineage, "[{\"from\": {\"fqn\": \"a.\\\"b\", \"type\": \"table\"}, \"to\": {\"fqn\": \"a.b\", \"type\": \"table\"}}]",
            "\"a.", "[0].from.fqn: expected a fully qualified name"},
        {OpenMetadataFile::Lineage, "[{\"from\": {\"fqn\": \"a.b\", \"type\": 1}, \"to\": {\"fqn\": \"a.b\", \"type\": \"table\"}}]",
            "1}", "[0].from.type: expected a string, found a number"},
        {OpenMetadataFile::TableTests, "[{\"table\": \"a.b\", \"tableTests\": [{\"result\": {\"testCaseStatus\": \"Failed\"}}]}]",
            "{\"result\"", "[0].tableTests[0].testCase: missing"},
        {OpenMetadataFile::Pipelines, "{\"pipelines\": [", nullptr, "unexpected end of file"},
    };
    for (const Case &c : cases) {
        Folder folder;
        QVERIFY(folder.put(u"x.json"_s, c.text));
        const IngestBatch b = readOpenMetadataFile(folder.path(u"x.json"_s), c.kind);
        const int column = c.at ? int(c.text.indexOf(c.at)) + 1 : int(c.text.size()) + 1;
        expectOneError(b, 1, column, QString::fromUtf8(c.message));
        if (QTest::currentTestFailed()) {
            qWarning("case: %s", c.text.constData());
            return;
        }
    }
}

void TestCatalogReaders::atlasRecords()
{
    Folder folder;
    QVERIFY(folder.put(u"atlas.json"_s, kAtlas));
    AtlasReadSummary s;
    const IngestBatch b = readAtlasFile(folder.path(u"atlas.json"_s), AtlasFile::Entities, &s);
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
    QCOMPARE(s.entities, 4);
    QCOMPARE(s.processes, 1);
    QCOMPARE(s.datasets, 1);
    QCOMPARE(s.skippedEntities, 1); // the database
    QCOMPARE(b.jobs.size(), 1u);
    // The query time after the cluster is dropped: every run of it is one job.
    QCOMPARE(b.jobs[0].key, u"job:spark://prod/app-1"_s);
    QCOMPARE(b.jobs[0].owner, u"dana"_s);
    const Dataset *orders = findDataset(b, u"dataset:hive://prod/sales.orders"_s);
    QVERIFY(orders);
    QCOMPARE(orders->owner, u"ann"_s);
    QCOMPARE(orders->description, u"Orders"_s);
    QCOMPARE(orders->removedAt, Timestamp(1700000000000));
    // The input by guid, resolved in referredEntities; the output a URI.
    QVERIFY(hasEdge(b, orders->key, u"dataset:s3a://bucket//out/part"_s, b.jobs[0].key));
    QCOMPARE(b.columnEdges.size(), 1u);
    QCOMPARE(b.columnEdges[0].fromDatasetKey, orders->key);
    QCOMPARE(b.columnEdges[0].toDatasetKey, u"dataset:hive://prod/sales.summary"_s);
    QCOMPARE(b.columnEdges[0].fromColumn, u"total"_s);
}

void TestCatalogReaders::badAtlas()
{
    struct Case {
        QByteArray text;
        const char *at;
        const char *message;
    };
    const Case cases[] = {
        {"5", "5", "expected an Atlas entity payload or notification (an object or an array), found a number"},
        {"{\"foo\": 1}", "{", "expected an Atlas entity payload (\"entity\", \"entities\" or \"referredEntities\")"},
        {"{\"entities\": 5}", "5", "entities: expected an array of entities, found a number"},
        {"{\"entities\": [{\"attributes\": {}}]}", "{\"attr", "entities[0].typeName: missing (expected a string)"},
        {"{\"entity\": {\"typeName\": \"hive_table\", \"attributes\": {\"name\": \"t\"}}}", "{\"name\"",
            "entity.attributes.qualifiedName: missing (expected the qualifiedName that names this hive_table)"},
        {"{\"entity\": {\"typeName\": \"p\", \"attributes\": {\"qualifiedName\": \"p@c\", \"inputs\": [{\"typeName\": \"hive_table\"}], \"outputs\": []}}}",
            "{\"typeName\": \"hive_table\"", "entity.attributes.inputs[0]: expected a reference with uniqueAttributes.qualifiedName or a guid"},
        {"{\"entity\": {\"typeName\": \"p\", \"attributes\": {\"qualifiedName\": \"p@c\", \"inputs\": [7], \"outputs\": []}}}",
            "7]", "entity.attributes.inputs[0]: expected an object id"},
        {"{\"entity\": {\"typeName\": \"hive_table\", \"attributes\": 3}}", "3}", "entity.attributes: expected an object, found a number"},
        {"{\"entity\": {\"typeName\": \"hive", nullptr, "unexpected end of file"},
    };
    for (const Case &c : cases) {
        Folder folder;
        QVERIFY(folder.put(u"x.json"_s, c.text));
        const IngestBatch b = readAtlasFile(folder.path(u"x.json"_s), AtlasFile::Entities);
        const int column = c.at ? int(c.text.indexOf(c.at)) + 1 : int(c.text.size()) + 1;
        expectOneError(b, 1, column, QString::fromUtf8(c.message));
        if (QTest::currentTestFailed()) {
            qWarning("case: %s", c.text.constData());
            return;
        }
    }
}

void TestCatalogReaders::pipelineWritesAFolder()
{
    Folder folder;
    QVERIFY(folder.put(u"datahub/mixed.json"_s, kDataHub));
    QVERIFY(folder.put(u"datahub/broken.json"_s, mcp("\"orders\"", "status", "{\"json\": {}}")));
    QVERIFY(folder.put(u"om/tables.json"_s, kTables));
    QVERIFY(folder.put(u"om/service.json"_s, "{\"serviceName\": \"wh\", \"serviceConnection\": {}}"));
    QVERIFY(folder.put(u"om/lineage.json"_s, kLineage));
    QVERIFY(folder.put(u"atlas/a.json"_s, kAtlas));
    QTemporaryDir dir;
    auto opened = MeshCache::open(dir.filePath(u"c.meshlens"_s), MeshCache::OpenMode::ReadWrite);
    if (!opened)
        QFAIL(qPrintable(opened.errorMessage()));
    std::unique_ptr<MeshCache> cache = std::move(opened).value();
    for (int round = 0; round < 2; ++round) { // the second changes nothing
        const IngestOutcome outcome = ingestInputs(*cache, {folder.root()});
        QCOMPARE(outcome.reports.size(), 6u);
        QVERIFY(outcome.anyErrors());
        for (const IngestReport &r : outcome.reports) {
            const bool broken = r.file.endsWith(u"broken.json"_s);
            QCOMPARE(r.written, !broken);
            QCOMPARE(hasErrors(r.diagnostics), broken);
        }
        auto stats = cache->stats();
        if (!stats)
            QFAIL(qPrintable(stats.errorMessage()));
        // DataHub 2 datasets + the S3 file; OpenMetadata 3 tables + the topic; Atlas 1 table
        // + the S3 object + the summary table of the column lineage; less the three that
        // their sources say were removed (hive@DEV, "gone", the DELETED Atlas table).
        QCOMPARE(stats.value().datasets, 3 + 4 + 3 - 3);
        QCOMPARE(stats.value().jobs, 1 + 1 + 1);
        QCOMPARE(stats.value().edges, 3 + 1 + 1);
        QCOMPARE(stats.value().domains, 1 + 1);
        QCOMPARE(stats.value().products, 2 + 2);
        QCOMPARE(stats.value().quality, 1);
    }
}

void TestCatalogReaders::mutatedInputsNeverCrash()
{
    // A cheap stand-in for a fuzzer: the fixtures with bytes flipped, inserted and deleted,
    // and cut short. Every read ends, and every error it reports says where.
    QRandomGenerator rng(20240601);
    Folder folder;
    const QString path = folder.path(u"m.json"_s);
    int reads = 0, rejected = 0;
    for (const QByteArray &base : {kDataHub, kTables, kLineage, kAtlas}) {
        for (int round = 0; round < 250; ++round) {
            QByteArray text = base;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits && !text.isEmpty(); ++e) {
                const qsizetype at = rng.bounded(int(text.size()));
                switch (rng.bounded(4)) {
                case 0: text[at] = char(rng.bounded(256)); break;
                case 1: text.insert(at, "{[\"\\,:]}"[rng.bounded(9)]); break;
                case 2: text.remove(at, 1 + rng.bounded(8)); break;
                default: text.truncate(at); break;
                }
            }
            QVERIFY(folder.put(u"m.json"_s, text));
            const IngestBatch b = base == kDataHub ? readDataHubFile(path)
                : base == kAtlas                   ? readAtlasFile(path, AtlasFile::Entities)
                : base == kTables ? readOpenMetadataFile(path, OpenMetadataFile::Tables)
                                  : readOpenMetadataFile(path, OpenMetadataFile::Lineage);
            ++reads;
            if (b.hasErrors())
                ++rejected;
            for (const Diagnostic &d : b.diagnostics) {
                QCOMPARE(d.file, path);
                QVERIFY2(d.line > 0 || d.message.startsWith(u"more "_s), qPrintable(d.toString()));
            }
        }
    }
    qInfo("%d mutated files read, %d rejected with errors", reads, rejected);
}

QTEST_GUILESS_MAIN(TestCatalogReaders)
#include "tst_catalogreaders.moc"
