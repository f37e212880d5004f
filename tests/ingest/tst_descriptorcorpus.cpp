// The data product descriptor readers on the real descriptors of the corpus
// (../shared/corpus): Open Data Mesh's DPDS examples and registry test cases (with their
// $refs), the Open Data Product Specification 4.1 examples, and Data Mesh Manager's example
// repositories. Every descriptor is detected and read; the refusals are exactly the eight
// templates and the one example that is not valid YAML; and the records of the files below
// were checked by reading them. Skipped when the corpus is absent.

#include "cache/meshcache.h"
#include "declarationchecks.h"
#include "ingest/ingestpipeline.h"
#include "mesh/snapshotgraph.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace meshlens::test;
using namespace Qt::StringLiterals;

namespace {

const char *const kRoots[] = {
    "opendatamesh-initiative__odm-specification-dpdescriptor",
    "opendatamesh-initiative__odm-platform", "Open-Data-Product-Initiative__v4.1",
    "datamesh-manager__example-dataproduct-repository",
    "datamesh-manager__example-gitops-repository"};

QString corpusFile(const char *relative)
{
    return test::corpusDir() + u'/' + QString::fromUtf8(relative);
}

const QString kTrip = u"product:Transport Management.urn:dpds:com.company-xyz:dataproducts:tripExecution:1"_s;

} // namespace

class TestDescriptorCorpus : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
    }

    void everyDescriptorReads()
    {
        QHash<DeclarationKind, int> kinds;
        QStringList refused;
        int ports = 0;
        for (const char *root : kRoots) {
            QDirIterator it(corpusFile(root), {u"*.yaml"_s, u"*.yml"_s, u"*.json"_s}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                const DeclarationKind kind = declarationKindOf(path);
                if (kind == DeclarationKind::None || isDataContract(kind))
                    continue;
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                QCOMPARE(detectFormat(f.read(64 * 1024)), InputFormat::DataProduct);
                ++kinds[kind];
                const IngestBatch b = readDeclarationFile(path, kind);
                if (b.hasErrors()) {
                    refused << QFileInfo(path).fileName() + u": "_s + b.diagnostics.last().message;
                    continue;
                }
                ports += int(b.ports.size());
            }
        }
        qInfo("%d DPDS, %d ODPS 4, %d Data Mesh Manager descriptors; %lld refused; %d ports",
              kinds.value(DeclarationKind::Dpds), kinds.value(DeclarationKind::Odps4),
              kinds.value(DeclarationKind::DmmDataProduct), qsizetype(refused.size()), ports);
        // DPDS: minimal, tripexecution and its trip-events-oport.json (itself a descriptor),
        // and the registry's 16 test descriptors.
        QCOMPARE(kinds.value(DeclarationKind::Dpds), 19);
        // ODPS: 15 that parse (SOURCES.md), plus datacontract-inline.yml, which does not.
        QCOMPARE(kinds.value(DeclarationKind::Odps4), 16);
        // dataproduct.yml, dataproducts/stock_updated.yml and shelf_warmers.yml.
        QCOMPARE(kinds.value(DeclarationKind::DmmDataProduct), 3);
        QCOMPARE(refused.size(), 9);
        QCOMPARE(refused.filter(u"is a template placeholder"_s).size(), 8);
        QCOMPARE(refused.filter(u"datacontract-inline.yml: not valid YAML"_s).size(), 1);
        // DPDS 26 (tripexecution 3, trip-events-oport 1, dpd-full and dpd2-example 3 each,
        // the eight other registry cases with ports 2 each), ODPS 9 (urbanpulse_internal 4,
        // _final 2, _basic, _partner, datacontract-url 1 each), Data Mesh Manager 8.
        QCOMPARE(ports, 43);
    }

    void dpdsTripExecution()
    {
        // Ports by $ref: ports/trip-tms-iport.json, trip-status-oport.json (whose API
        // definition, trip-status-oport-api.json, is a datastore API with a table), and
        // trip-events-oport.json, a whole descriptor holding the port.
        DeclarationSummary s;
        const IngestBatch b = readDeclaration(
            corpusFile("opendatamesh-initiative__odm-specification-dpdescriptor/examples/"
                       "tripexecution/data-product-descriptor.json"),
            &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.source.source, u"dpds"_s);
        QCOMPARE(s.refsResolved, 5); // 3 ports, the status API, the events API
        QCOMPARE(s.filesRead.size(), 6);
        QCOMPARE(keysOf(b.domains), QStringList {u"domain:Transport Management"_s});
        QCOMPARE(keysOf(b.products), QStringList {kTrip});
        QCOMPARE(b.products[0].name, u"tripExecution"_s);
        QCOMPARE(b.products[0].owner, u"john.doe@company-xyz.com"_s);
        const QString base = u"port:Transport Management.urn:dpds:com.company-xyz:dataproducts:tripExecution:1/"_s;
        QCOMPARE(keysOf(b.ports), (QStringList {base + u"input/tmsInput"_s, base + u"tripStatus"_s,
                                                base + u"tripEvents"_s}));
        QCOMPARE(b.ports[0].direction, PortDirection::Input);
        QCOMPARE(b.ports[1].name, u"Trip Status"_s);
        // databaseName tripsdb, schemaName tracking, table TripStatus, on
        // "westeurope.azure::postgres".
        QCOMPARE(b.ports[1].datasetKeys, QStringList {u"dataset:postgres/tripsdb.tracking.TripStatus"_s});
        QCOMPARE(b.ports[2].datasetKeys, QStringList()); // an AsyncAPI names no table
        // tripStatus: obligations sla x-qualitySla freshness 10m (its slo says 5m);
        // tripEvents: only the slo, 5m.
        const Contract *status = findByKey(
            b.contracts, u"contract:urn:dpds:com.company-xyz:dataproducts:tripExecution:1:outputports:tripStatus"_s);
        QVERIFY(status);
        QCOMPARE(status->freshnessSlaSeconds, 600);
        QCOMPARE(status->datasetKey, u"dataset:postgres/tripsdb.tracking.TripStatus"_s);
        QCOMPARE(status->version, u"1.2.0"_s);
        QCOMPARE(findByKey(b.contracts, u"contract:urn:dpds:com.company-xyz:dataproducts:tripExecution:1:outputports:tripEvents"_s)
                     ->freshnessSlaSeconds,
                 300);
    }

    void dpdsExternalRefs()
    {
        // The registry's external-reference case: ports/inputPortA.json -> restApi1.json ->
        // ../apis/restApi1Def.json (and the same for output port A); fullyQualifiedName
        // absent, derived from the name as the registry does (a warning).
        DeclarationSummary s;
        const IngestBatch b = readDeclaration(
            corpusFile("opendatamesh-initiative__odm-platform/product-plane-services/"
                       "registry-server/src/test/resources/testcases/dpd/references/"
                       "dpd-core-external/dpd-core.json"),
            &s);
        QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.diagnostics.size(), 1);
        QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Warning);
        QCOMPARE(b.diagnostics[0].line, 3);
        QCOMPARE(s.id, u"urn:org.opendatamesh:dataproducts:dpdCore"_s);
        QCOMPARE(s.refsResolved, 6);
        QCOMPARE(s.filesRead.size(), 7);
        QCOMPARE(keysOf(b.products),
                 QStringList {u"product:testDomain.urn:org.opendatamesh:dataproducts:dpdCore"_s});
        QCOMPARE(b.ports.size(), size_t(2));
        QCOMPARE(b.ports[0].name, u"Input port A"_s);
        QCOMPARE(b.ports[1].name, u"Output port A"_s);
    }

    void dpdsInternalRefsWithSchema()
    {
        // Port files whose datastore API refers to its own components ("#components.x.y").
        const IngestBatch b = readDeclaration(corpusFile(
            "opendatamesh-initiative__odm-platform/product-plane-services/registry-server/src/"
            "test/resources/testcases/dpd/references/dpd-example-internal-with-schema/"
            "dp-demo-v1.0.0.json"));
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.ports.size(), size_t(2));
        QCOMPARE(b.ports[0].datasetKeys, QStringList {u"dataset:mysql/airlinedemo.airline"_s});
        QCOMPARE(b.products[0].domainKey, u"domain:Airline"_s);
    }

    void odps4Products_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("ports");
        QTest::addColumn<qint64>("sla");
        QTest::addColumn<QString>("owner");
        // 4.1, named SLA packages: "default" has updateFrequency 30 minutes; four access
        // methods under product.dataAccess, each carrying contract 02323M123.
        QTest::newRow("internal") << u"Refs/urbanpulse_internal.yml"_s
                                  << QStringList {u"default"_s, u"dataonly"_s, u"API"_s, u"Agent"_s}
                                  << qint64(1800) << u"contact@mindmote.fi"_s;
        // 3.1: dataAccess a top-level list named by "interface"; declarative SLA, 1 day.
        QTest::newRow("final") << u"Refs/urbanpulse_final.yml"_s
                               << QStringList {u"API"_s, u"MCP"_s} << qint64(86400) << QString();
        // 3.0: a contract and no access methods: one port for the contract
        // ("port:123456are/02323M123"), named after the product.
        QTest::newRow("contract") << u"DataContract/datacontract-url.yml"_s
                                  << QStringList {u"Pets of the year"_s} << qint64(0) << QString();
    }

    void odps4Products()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, ports);
        QFETCH(qint64, sla);
        QFETCH(QString, owner);
        const IngestBatch b = readDeclaration(
            corpusFile("Open-Data-Product-Initiative__v4.1/source/examples/") + file);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.source.source, u"odps4"_s);
        QCOMPARE(b.products.size(), size_t(1));
        QCOMPARE(b.products[0].owner, owner);
        QStringList names;
        for (const Port &p : b.ports) {
            names << p.name;
            QCOMPARE(p.datasetKeys, QStringList {u"dataset:datacontract/02323M123"_s});
        }
        QCOMPARE(names, ports);
        QCOMPARE(findByKey(b.contracts, u"contract:02323M123"_s)->freshnessSlaSeconds, sla);
        QCOMPARE(findByKey(b.contracts, u"contract:02323M123"_s)->version, u"2.2.2"_s);
    }

    void odps4TemplateIsRefused()
    {
        const IngestBatch b = readDeclaration(corpusFile(
            "Open-Data-Product-Initiative__v4.1/source/examples/Templates/"
            "purpose-analytical-product.yml"));
        QVERIFY(b.hasErrors());
        QCOMPARE(b.diagnostics.size(), 1);
        QCOMPARE(b.diagnostics[0].line, 7);
        QCOMPARE(b.diagnostics[0].column, 18);
        QCOMPARE(b.diagnostics[0].message,
                 u"productID \"{{string}}\" is a template placeholder; expected the id of a "
                 "product (a template is not a product)"_s);
    }

    void dataMeshManagerProduct()
    {
        const IngestBatch b = readDeclaration(
            corpusFile("datamesh-manager__example-dataproduct-repository/dataproduct.yml"));
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.source.source, u"dmm-dataproduct"_s);
        QCOMPARE(keysOf(b.products), QStringList {u"product:stock_updated"_s});
        QCOMPARE(b.products[0].name, u"Stock Updates"_s);
        QCOMPARE(b.products[0].tier, u"source-aligned"_s); // archetype raw
        QCOMPARE(keysOf(b.ports),
                 (QStringList {u"port:stock_updated/input/kafka_stock_topic"_s,
                               u"port:stock_updated/glue_catalog_database_stock_updated_v1"_s,
                               u"port:stock_updated/s3_bucket_stock_updated_v1"_s}));
        // The input's location is a topic name: Kafka, no broker known.
        QCOMPARE(b.ports[0].datasetKeys, QStringList {u"dataset:kafka/stock topic"_s});
        // Glue ARN -> OpenLineage's Glue naming; the port's own node for usage agreements.
        QCOMPARE(b.ports[1].datasetKeys,
                 (QStringList {u"dataset:arn:aws:glue:eu-central-1:528115139298/table/fulfillment-stock-updated/stock_updated"_s,
                               u"dataset:dataproduct/stock_updated/glue_catalog_database_stock_updated_v1"_s}));
        // S3 bucket ARN: the whole bucket.
        QCOMPARE(b.ports[2].datasetKeys.first(), u"dataset:s3://fulfillment-stock-updated//"_s);
    }

    void dataMeshManagerRepositoryInCache()
    {
        // The gitops repository through the pipeline: products and contracts meet on one port
        // per output port; the team and source system files are not formats MeshLens reads.
        QTemporaryDir dir;
        auto cache = MeshCache::open(dir.filePath(u"c.cache"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        const IngestOutcome outcome = ingestInputs(
            *cache.value(), {corpusFile("datamesh-manager__example-gitops-repository")});
        QCOMPARE(outcome.reports.size(), size_t(8));
        int written = 0;
        for (const IngestReport &r : outcome.reports)
            written += r.written ? 1 : 0;
        QCOMPARE(written, 6); // 4 contracts, 2 products; teams/ and sourcesystems/ refused
        auto data = cache.value()->loadSnapshot();
        QVERIFY(data);
        const auto graph = SnapshotGraph::build(std::move(data.value()));
        QCOMPARE(graph->nodesOfKind(EntityKind::Product).size(), size_t(2));
        // stock_updated: the Kafka input port, two output ports (shared with the contracts)
        // and shelf_warmers' two.
        QCOMPARE(graph->nodesOfKind(EntityKind::Port).size(), size_t(5));
        const auto port = graph->find("port:stock_updated/glue_catalog_database_stock_updated_v1");
        QVERIFY(port);
        QStringList datasets;
        for (NodeId d : graph->portDatasets(*port))
            datasets << graph->keyString(d);
        datasets.sort();
        QCOMPARE(datasets,
                 (QStringList {u"dataset:arn:aws:glue:eu-central-1:528115139298/table/fulfillment-stock-updated/stock_updated"_s,
                               u"dataset:datacontract/glue_catalog_database_stock_updated_v1"_s,
                               u"dataset:dataproduct/stock_updated/glue_catalog_database_stock_updated_v1"_s}));
        QCOMPARE(graph->keyString(graph->ancestor(*port, EntityKind::Product)),
                 u"product:stock_updated"_s);
    }
};

QTEST_GUILESS_MAIN(TestDescriptorCorpus)
#include "tst_descriptorcorpus.moc"
