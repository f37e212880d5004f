// The data contract readers on the real contracts of the corpus (../shared/corpus): every Data
// Contract Specification and ODCS file of datacontract-specification, datacontract-cli, Bitol's
// open-data-contract-standard and Data Mesh Manager's examples is detected and read, the only
// refusal being the linter's deliberately invalid contract; the totals match an independent
// count (a Python script over the same files: 103 DCS files with 102 models and 44 quality
// rules, 123 ODCS files with 211 schema objects and 133 quality rules); and a set of files,
// read by hand, give exactly the records listed below. Skipped when the corpus is absent.

#include "cache/meshcache.h"
#include "declarationchecks.h"
#include "ingest/ingestpipeline.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace meshlens::test;
using namespace Qt::StringLiterals;

namespace {

const char *const kRoots[] = {
    "datacontract__datacontract-specification", "datacontract__datacontract-cli",
    "bitol-io__open-data-contract-standard", "datamesh-manager__example-dataproduct-repository",
    "datamesh-manager__example-gitops-repository"};

QString corpusFile(const char *relative)
{
    return test::corpusDir() + u'/' + QString::fromUtf8(relative);
}

} // namespace

class TestContractCorpus : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
    }

    void everyContractReads()
    {
        int dcs = 0, odcs = 0, refused = 0, datasets = 0, quality = 0, withSla = 0;
        QStringList refusedFiles;
        for (const char *root : kRoots) {
            QDirIterator it(corpusFile(root), {u"*.yaml"_s, u"*.yml"_s, u"*.json"_s}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                const DeclarationKind kind = declarationKindOf(path);
                if (!isDataContract(kind))
                    continue;
                // The pipeline sends it to the same reader.
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                QCOMPARE(detectFormat(f.read(64 * 1024)), InputFormat::DataContract);
                (kind == DeclarationKind::Odcs ? odcs : dcs)++;
                DeclarationSummary s;
                const IngestBatch b = readDeclarationFile(path, kind, &s);
                if (b.hasErrors()) {
                    ++refused;
                    refusedFiles << path.mid(test::corpusDir().size() + 1) + u": "_s
                            + diagnosticsText(b);
                    continue;
                }
                datasets += s.declaredDatasets;
                quality += s.qualityRules;
                for (const Contract &c : b.contracts)
                    withSla += c.freshnessSlaSeconds > 0 && !c.key.contains(u'#') ? 1 : 0;
            }
        }
        qInfo("%d DCS, %d ODCS files; %d refused; %d datasets, %d quality rules, %d with SLA",
              dcs, odcs, refused, datasets, quality, withSla);
        QCOMPARE(dcs, 103);
        QCOMPARE(odcs, 123);
        // The linter's fixture without an id, and only it.
        QCOMPARE(refused, 1);
        QVERIFY2(refusedFiles[0].endsWith(
                     u"datacontract__datacontract-cli/tests/fixtures/lint/invalid_datacontract.yaml:"
                     "1:1: error: \"id\" is missing; expected a string"_s),
                 qPrintable(refusedFiles.join(u'\n')));
        QCOMPARE(datasets, 102 + 211);
        QCOMPARE(quality, 44 + 133);
        // Contracts whose service levels give a freshness SLA (freshness, else latency):
        // DCS 25h in orders-latest, s3-json-remote, markdown/export, custom/export and
        // dbml; DCS PT1H in postgres/datacontract_servicelevels; ODCS 1h in
        // postgres/servicelevels, 24h in sodacl, 4d in both full-examples and
        // database-table-sla, 500ms in the four changelog fixtures, 24h in examples/orders.
        QCOMPARE(withSla, 16);
    }

    void dcsOrdersLatest()
    {
        DeclarationSummary s;
        const IngestBatch b = readDeclaration(
            corpusFile("datacontract__datacontract-specification/examples/orders-latest/"
                       "datacontract.yaml"),
            &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.source.source, u"datacontract-specification"_s);
        QCOMPARE(s.specVersion, u"1.2.0"_s);
        QCOMPARE(s.servers, 1);
        QCOMPARE(s.declaredDatasets, 2);
        // order_total's sql rule, customer_email_address's text rule, the model's two rules.
        QCOMPARE(s.qualityRules, 4);
        QCOMPARE(keysOf(b.products), QStringList {u"product:orders-latest"_s});
        QCOMPARE(b.products[0].name, u"Orders Latest"_s);
        QCOMPARE(b.products[0].owner, u"Checkout Team"_s);
        QCOMPARE(b.ports.size(), size_t(1));
        QCOMPARE(b.ports[0].key, u"port:orders-latest/orders-latest"_s);
        QCOMPARE(b.ports[0].direction, PortDirection::Output);
        // s3 location "s3://datacontract-example-orders-latest/v2/{model}/*.json".
        const QString orders = u"dataset:s3://datacontract-example-orders-latest/v2/orders"_s;
        const QString items = u"dataset:s3://datacontract-example-orders-latest/v2/line_items"_s;
        QCOMPARE(b.ports[0].datasetKeys,
                 (QStringList {orders, items, u"dataset:datacontract/orders-latest"_s}));
        QCOMPARE(findByKey(b.datasets, orders)->datasetKind, u"table"_s);
        QCOMPARE(findByKey(b.datasets, orders)->owner, u"Checkout Team"_s);
        QCOMPARE(findByKey(b.datasets, orders)->productKey, u"product:orders-latest"_s);
        // freshness.threshold 25h, timestampField orders.order_timestamp: the contract and
        // the orders model have the SLA, line_items none.
        QCOMPARE(b.contracts.size(), size_t(3));
        QCOMPARE(findByKey(b.contracts, u"contract:orders-latest"_s)->freshnessSlaSeconds, 90000);
        QCOMPARE(findByKey(b.contracts, u"contract:orders-latest"_s)->version, u"2.0.0"_s);
        QCOMPARE(findByKey(b.contracts, u"contract:orders-latest#orders"_s)->datasetKey, orders);
        QCOMPARE(findByKey(b.contracts, u"contract:orders-latest#orders"_s)->freshnessSlaSeconds,
                 90000);
        QCOMPARE(findByKey(b.contracts, u"contract:orders-latest#line_items"_s)->freshnessSlaSeconds,
                 0);
    }

    void dcsDataMeshManagerContract()
    {
        // 0.9.0: info.dataProduct names the product, the schema is an embedded specification
        // (no models): the contract's own node is the port's only dataset.
        const IngestBatch b = readDeclaration(corpusFile(
            "datamesh-manager__example-gitops-repository/datacontracts/"
            "s3_bucket_stock_updated_v1.yml"));
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(keysOf(b.products), QStringList {u"product:stock_updated"_s});
        QCOMPARE(b.products[0].owner, u"fulfillment"_s);
        QCOMPARE(keysOf(b.ports), QStringList {u"port:stock_updated/s3_bucket_stock_updated_v1"_s});
        QCOMPARE(b.ports[0].name, u"S3 Bucket: Stock Updates (v1)"_s);
        QCOMPARE(b.ports[0].datasetKeys,
                 QStringList {u"dataset:datacontract/s3_bucket_stock_updated_v1"_s});
        QCOMPARE(keysOf(b.contracts), QStringList {u"contract:s3_bucket_stock_updated_v1"_s});
        QCOMPARE(b.contracts[0].version, u"1.0.0"_s);
    }

    void odcsFullExample()
    {
        DeclarationSummary s;
        const IngestBatch b = readDeclaration(
            corpusFile("bitol-io__open-data-contract-standard/docs/examples/all/"
                       "full-example.odcs.yaml"),
            &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(b.source.source, u"odcs"_s);
        QCOMPARE(s.specVersion, u"v3.1.0"_s);
        QCOMPARE(s.id, u"53581432-6c55-4ba2-a65f-72344a91553a"_s);
        QCOMPARE(s.qualityRules, 2); // rcvr_cntry_code's nullValues, tbl's rowCount
        QCOMPARE(keysOf(b.domains), QStringList {u"domain:seller"_s});
        QCOMPARE(keysOf(b.products), QStringList {u"product:seller.my quantum"_s});
        QCOMPARE(b.products[0].owner, u"my-team"_s); // team.name (v3.1)
        QCOMPARE(b.products[0].domainKey, u"domain:seller"_s);
        // Server postgres localhost:5432, database pypl-edw, schema pp_access_views; the
        // objects' physical names tbl_1 and receivers_master.
        const QString tbl = u"dataset:postgres://localhost:5432/pypl-edw.pp_access_views.tbl_1"_s;
        const QString receivers
            = u"dataset:postgres://localhost:5432/pypl-edw.pp_access_views.receivers_master"_s;
        QCOMPARE(b.ports.size(), size_t(1));
        QCOMPARE(b.ports[0].key,
                 u"port:seller.my quantum/53581432-6c55-4ba2-a65f-72344a91553a"_s);
        QCOMPARE(b.ports[0].datasetKeys,
                 (QStringList {tbl, receivers,
                               u"dataset:datacontract/53581432-6c55-4ba2-a65f-72344a91553a"_s}));
        // slaProperties latency 4 d (element tab1.txn_ref_dt names no object here, so it is
        // the whole contract's); retention 3 y is not stored.
        QCOMPARE(b.contracts.size(), size_t(3));
        for (const Contract &c : b.contracts)
            QCOMPARE(c.freshnessSlaSeconds, 4 * 86400);
        QCOMPARE(findByKey(b.contracts, u"contract:53581432-6c55-4ba2-a65f-72344a91553a#tbl"_s)
                     ->datasetKey,
                 tbl);
    }

    void odcsWithoutServers()
    {
        // 68 tables, no servers: named under the contract.
        DeclarationSummary s;
        const IngestBatch b = readDeclaration(
            corpusFile("bitol-io__open-data-contract-standard/docs/examples/all/"
                       "postgresql-adventureworks-contract.odcs.yaml"),
            &s);
        QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
        QCOMPARE(s.declaredDatasets, 68);
        QCOMPARE(b.datasets.size(), size_t(69)); // and the contract's node
        QVERIFY(findByKey(b.datasets,
                          u"dataset:datacontract/6aeafdc1-ed62-4c8f-bf0a-da1061c98cdb/department"_s));
        QCOMPARE(b.ports[0].datasetKeys.size(), 69);
        QCOMPARE(b.contracts.size(), size_t(69));
    }

    void sameTableInBothFormats()
    {
        // datacontract-cli's postgres fixture, once as DCS 1.2.1 and once as ODCS 3.0.0: one
        // dataset key, both with a one-hour freshness SLA on my_table.
        const QString table = u"dataset:postgres://localhost:5432/test.public.my_table"_s;
        const IngestBatch dcs = readDeclaration(corpusFile(
            "datacontract__datacontract-cli/tests/fixtures/postgres/datacontract_servicelevels.yaml"));
        const IngestBatch odcs = readDeclaration(corpusFile(
            "datacontract__datacontract-cli/tests/fixtures/postgres/servicelevels.odcs.yaml"));
        QVERIFY2(dcs.diagnostics.isEmpty(), qPrintable(diagnosticsText(dcs)));
        QVERIFY2(odcs.diagnostics.isEmpty(), qPrintable(diagnosticsText(odcs)));
        for (const IngestBatch *b : {&dcs, &odcs}) {
            QVERIFY(findByKey(b->datasets, table));
            QCOMPARE(findByKey(b->contracts, u"contract:postgres#my_table"_s)->datasetKey, table);
            QCOMPARE(findByKey(b->contracts, u"contract:postgres#my_table"_s)->freshnessSlaSeconds,
                     3600);
        }
        QCOMPARE(keysOf(dcs.products), QStringList {u"product:postgres"_s});
        QCOMPARE(dcs.products[0].owner, u"my-domain-team"_s);
        // ODCS says domain: my-domain-team.
        QCOMPARE(keysOf(odcs.products), QStringList {u"product:my-domain-team.postgres"_s});
    }

    void serversByType_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("kind");
        // Kafka: the broker and the topic (ODCS, physicalName orders.avro.v1).
        QTest::newRow("kafka") << u"bitol-io__open-data-contract-standard/docs/examples/server/kafka-server.odcs.yaml"_s
                               << u"dataset:kafka://pkc-7xoy1.eu-central-1.aws.confluent.cloud:9092/orders.avro.v1"_s
                               << u"topic"_s;
        // Two servers, the one named production (snowflake) wins over bigquery.
        QTest::newRow("snowflake") << u"datacontract__datacontract-cli/examples/orders/orders.odcs.yaml"_s
                                   << u"dataset:snowflake://my-account/ANALYTICS.ORDERS.orders"_s
                                   << u"table"_s;
        // BigQuery: project.dataset.table in the bare "bigquery" namespace.
        QTest::newRow("bigquery") << u"datacontract__datacontract-cli/tests/fixtures/bigquery/datacontract.yaml"_s
                                  << u"dataset:bigquery/datameshexample-product.datacontract_cli_test_dataset.datacontract_cli_test_table"_s
                                  << u"table"_s;
        // S3 with a glob: the folder, the glob dropped.
        QTest::newRow("s3") << u"datacontract__datacontract-specification/examples/covid-cases/datacontract.yaml"_s
                            << u"dataset:s3://covid19-lake/enigma-jhu/json"_s << QString();
        // Local files: the "file" namespace.
        QTest::newRow("local") << u"datacontract__datacontract-specification/examples/muellimperium/datacontract.yaml"_s
                               << u"dataset:file/data.csv"_s << u"table"_s;
    }

    void serversByType()
    {
        QFETCH(QString, file);
        QFETCH(QString, dataset);
        QFETCH(QString, kind);
        const IngestBatch b = readDeclaration(test::corpusDir() + u'/' + file);
        QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
        const Dataset *d = findByKey(b.datasets, dataset);
        QVERIFY2(d, qPrintable(keysOf(b.datasets).join(u", "_s)));
        QCOMPARE(d->datasetKind, kind);
    }

    void subSecondLatencyIsHeldToASecond()
    {
        // slaProperties latency "500ms": kept, as one second (the cache's resolution).
        const IngestBatch b = readDeclaration(corpusFile(
            "datacontract__datacontract-cli/tests/fixtures/changelog/unit/changelog_unit_v1.yaml"));
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(findByKey(b.contracts, u"contract:orders-contract-001"_s)->freshnessSlaSeconds, 1);
    }

    void ingestIntoCache()
    {
        // The specification's examples and the gitops repository's contracts, through the
        // pipeline: all written; a second ingest adds nothing.
        QTemporaryDir dir;
        auto cache = MeshCache::open(dir.filePath(u"c.cache"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        const QStringList inputs
            = {corpusFile("datacontract__datacontract-specification/examples"),
               corpusFile("datamesh-manager__example-gitops-repository/datacontracts")};
        const IngestOutcome first = ingestInputs(*cache.value(), inputs);
        QCOMPARE(first.reports.size(), size_t(10));
        for (const IngestReport &r : first.reports) {
            QVERIFY2(r.written, qPrintable(r.file + u": "_s + diagnosticsText(r.diagnostics)));
            QCOMPARE(r.format, InputFormat::DataContract);
        }
        auto stats = cache.value()->stats();
        QVERIFY(stats);
        // 6 example contracts (own products) + stock_updated and shelf_warmers; one port per
        // contract; 9 models + 10 contract nodes; 6 + 9 + 4 contracts.
        QCOMPARE(stats.value().products, 8);
        QCOMPARE(stats.value().ports, 10);
        QCOMPARE(stats.value().datasets, 19);
        QCOMPARE(stats.value().contracts, 19);
        const IngestOutcome second = ingestInputs(*cache.value(), inputs);
        for (const IngestReport &r : second.reports) {
            QVERIFY(r.written);
            for (int k = 0; k < kEntityKindCount; ++k)
                QCOMPARE(r.summary.added[k], 0);
            QCOMPARE(r.summary.contractsAdded, 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestContractCorpus)
#include "tst_contractcorpus.moc"
