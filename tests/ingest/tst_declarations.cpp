// The declaration readers on fixtures: detection by content (and that it leaves the other
// formats alone), Bitol ODPS producer/consumer products with their contract, Data Mesh Manager
// usage agreements, DPDS $refs (cycle, escape, missing file, bad fragment, symbolic link),
// ODCS 2.x, the naming and duration rules, and every class of bad input with the diagnostic
// it gets (file, line and column, and what was expected). Fixtures: tests/data/declarations
// and texts written below into a temporary folder.

#include "cache/meshcache.h"
#include "declarationchecks.h"
#include "ingest/declaredmesh.h"
#include "ingest/ingestpipeline.h"
#include "mesh/snapshotgraph.h"
#include "mesh/timeutil.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <ctime>

using namespace meshlens;
using namespace meshlens::test;
using namespace Qt::StringLiterals;

namespace {

QString dataDir()
{
    QString dir = test::sourceDir();
    if (dir.isEmpty()) // run by hand, outside ctest
        dir = QFileInfo(QString::fromUtf8(__FILE__)).absolutePath() + u"/../.."_s;
    return dir + u"/tests/data/declarations"_s;
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path;
}

// A Data Contract Specification document with `body` after its first lines.
QByteArray dcs(const QByteArray &body, const QByteArray &version = "1.2.1")
{
    return "dataContractSpecification: " + version + "\nid: c1\n" + body;
}

QStringList portDatasets(const SnapshotGraph &g, const char *port)
{
    QStringList out;
    if (const auto id = g.find(port)) {
        for (NodeId d : g.portDatasets(*id))
            out << g.keyString(d);
    }
    out.sort();
    return out;
}

} // namespace

class TestDeclarations : public QObject {
    Q_OBJECT

private slots:
    void detection_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("format");
        using K = DeclarationKind;
        using F = InputFormat;
        auto row = [](const char *name, const QByteArray &head, K k, F f) {
            QTest::newRow(name) << head << int(k) << int(f);
        };
        row("dcs yaml", "# c\ndataContractSpecification: 1.2.1\nid: x\n", K::DataContractSpecification, F::DataContract);
        row("dcs quoted key", "\xEF\xBB\xBF\"dataContractSpecification\": 0.9.3\n", K::DataContractSpecification, F::DataContract);
        row("odcs yaml", "apiVersion: v3.0.2\nkind: DataContract # the kind\nid: x\n", K::Odcs, F::DataContract);
        row("odcs json", "{\n  \"apiVersion\": \"v3.1.0\",\n  \"kind\": \"DataContract\",\n  \"id\": \"x\"\n}", K::Odcs, F::DataContract);
        row("odps", "apiVersion: v1.0.0\nkind: 'DataProduct'\nid: p\n", K::Odps, F::DataProduct);
        row("odps4", "schema: https://opendataproducts.org/v4.1/schema/odps.yaml\nversion: 4.1\nproduct:\n  details: {}\n", K::Odps4, F::DataProduct);
        row("odps4 without schema", "product:\n  details:\n    en:\n      productID: p1\n", K::Odps4, F::DataProduct);
        row("dpds json", "{\"dataProductDescriptor\": \"1.0.0\", \"info\": {}}", K::Dpds, F::DataProduct);
        row("dmm product", "dataProductSpecification: 0.0.1\nid: p\n", K::DmmDataProduct, F::DataProduct);
        row("dmm product without header", "id: p\ninfo:\n  title: P\noutputPorts: []\n", K::DmmDataProduct, F::DataProduct);
        row("dmm agreement", "dataUsageAgreementSpecification: 0.0.1\n", K::DmmUsageAgreement, F::DataProduct);
        // Nested keys are not top-level keys.
        row("nested kind", "spec:\n  kind: DataContract\n  apiVersion: v3\n", K::None, F::Unknown);
        row("nested json key", "{\"a\": {\"dataContractSpecification\": \"1.2.1\"}}", K::None, F::Unknown);
        row("team file", "id: fulfillment\nname: Fulfillment\ntype: Domain Team\n", K::None, F::Unknown);
        row("product without details", "product: shoes\nprice: 3\n", K::None, F::Unknown);
        // The JSON formats keep their readers.
        row("native", "{\"format\": \"meshlens-mesh\", \"version\": 1, \"products\": []}", K::None, F::Native);
        row("openlineage", "{\"eventType\": \"COMPLETE\", \"eventTime\": \"2024-01-01T00:00:00Z\", "
                           "\"run\": {\"runId\": \"r\"}, \"job\": {\"namespace\": \"n\", \"name\": \"j\"}, "
                           "\"producer\": \"p\", \"schemaURL\": \"https://openlineage.io/spec/2-0-2/OpenLineage.json\"}",
            K::None, F::OpenLineage);
        row("plain text", "just some notes\n", K::None, F::Unknown);
    }

    void detection()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, kind);
        QFETCH(int, format);
        QCOMPARE(int(detectDeclaration(head)), kind);
        QCOMPARE(int(detectFormat(head)), format);
    }

    void odpsProducerAndConsumer()
    {
        const QString dir = dataDir() + u"/odps/"_s;
        const IngestBatch producer = readDeclaration(dir + u"payments.odps.yaml"_s);
        QVERIFY2(producer.diagnostics.isEmpty(), qPrintable(diagnosticsText(producer)));
        QCOMPARE(producer.source.source, u"odps"_s);
        QCOMPARE(keysOf(producer.products), QStringList {u"product:finance.payments-dp"_s});
        QCOMPARE(producer.products[0].owner, u"payments-team"_s);
        QCOMPARE(producer.products[0].description, u"Card payments as booked."_s);
        // One output port, keyed by its contract; the management port is not a data port.
        QCOMPARE(keysOf(producer.ports), QStringList {u"port:finance.payments-dp/c-transactions-v1"_s});
        QCOMPARE(producer.ports[0].datasetKeys, QStringList {u"dataset:datacontract/c-transactions-v1"_s});
        QCOMPARE(findByKey(producer.datasets, u"dataset:datacontract/c-transactions-v1"_s)->productKey,
                 u"product:finance.payments-dp"_s);

        const IngestBatch consumer = readDeclaration(dir + u"customer360.odps.yaml"_s);
        QVERIFY2(consumer.diagnostics.isEmpty(), qPrintable(diagnosticsText(consumer)));
        QCOMPARE(keysOf(consumer.products), QStringList {u"product:sales.customer-360"_s});
        QCOMPARE(consumer.products[0].tier, u"aggregate"_s);
        QCOMPARE(consumer.products[0].owner, u"bob@example.com"_s); // role "Owner"
        QCOMPARE(keysOf(consumer.ports),
                 (QStringList {u"port:sales.customer-360/input/c-transactions-v1"_s,
                               u"port:sales.customer-360/c-profiles-v2"_s,
                               u"port:sales.customer-360/input/c-clicks-v3"_s,
                               u"port:sales.customer-360/legacy-export@1.0.0"_s}));
        QCOMPARE(consumer.ports[0].direction, PortDirection::Input);
        QCOMPARE(consumer.ports[0].datasetKeys, QStringList {u"dataset:datacontract/c-transactions-v1"_s});
        QCOMPARE(consumer.ports[2].datasetKeys, QStringList {u"dataset:datacontract/c-clicks-v3"_s});
        QCOMPARE(consumer.ports[3].datasetKeys, QStringList());
        // Consumed contracts are only referred to (declared by their own product's files).
        QVERIFY(!findByKey(consumer.datasets, u"dataset:datacontract/c-transactions-v1"_s));
        QCOMPARE(edgesOf(consumer),
                 (QStringList {u"dataset:datacontract/c-transactions-v1 -> dataset:datacontract/c-profiles-v2"_s,
                               u"dataset:datacontract/c-clicks-v3 -> dataset:datacontract/c-profiles-v2"_s}));

        // All three files through the pipeline: the producer's port is one port with the
        // contract's table and node; the consumer's input port lists the producer's node, so
        // the payments product is upstream of customer-360.
        QTemporaryDir tmp;
        auto cache = MeshCache::open(tmp.filePath(u"c.cache"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        const IngestOutcome outcome = ingestInputs(*cache.value(), {dir});
        QVERIFY(!outcome.anyErrors());
        auto data = cache.value()->loadSnapshot();
        QVERIFY(data);
        const auto g = SnapshotGraph::build(std::move(data.value()));
        QCOMPARE(portDatasets(*g, "port:finance.payments-dp/c-transactions-v1"),
                 (QStringList {u"dataset:datacontract/c-transactions-v1"_s,
                               u"dataset:postgres://pg.finance.example:5432/payments.public.transactions"_s}));
        const QStringList consumed = portDatasets(*g, "port:sales.customer-360/input/c-transactions-v1");
        QCOMPARE(consumed, QStringList {u"dataset:datacontract/c-transactions-v1"_s});
        const auto node = g->find("dataset:datacontract/c-transactions-v1");
        QVERIFY(node);
        QCOMPARE(g->keyString(g->ancestor(*node, EntityKind::Product)), u"product:finance.payments-dp"_s);
    }

    void dmmUsageAgreements()
    {
        const QString dir = dataDir() + u"/dmm/"_s;
        const IngestBatch approved = readDeclaration(dir + u"agreement.yaml"_s);
        QVERIFY2(approved.diagnostics.isEmpty(), qPrintable(diagnosticsText(approved)));
        QCOMPARE(approved.source.source, u"dmm-usage-agreement"_s);
        QCOMPARE(keysOf(approved.products),
                 (QStringList {u"product:stock_updated"_s, u"product:shelf_warmers"_s}));
        QCOMPARE(keysOf(approved.ports),
                 QStringList {u"port:shelf_warmers/input/stock_updated/s3_bucket_stock_updated_v1"_s});
        QCOMPARE(approved.ports[0].direction, PortDirection::Input);
        QCOMPARE(approved.ports[0].description, u"Find articles that do not sell"_s);
        const QString node = u"dataset:dataproduct/stock_updated/s3_bucket_stock_updated_v1"_s;
        QCOMPARE(approved.ports[0].datasetKeys, QStringList {node});
        QCOMPARE(findByKey(approved.datasets, node)->productKey, u"product:stock_updated"_s);
        QCOMPARE(approved.ports[0].removedAt, 0);

        // Requested, not active: the products, no dependency.
        const IngestBatch requested = readDeclaration(dir + u"agreement-requested.yaml"_s);
        QVERIFY(requested.diagnostics.isEmpty());
        QCOMPARE(requested.products.size(), size_t(2));
        QCOMPARE(requested.ports.size(), size_t(0));

        // Every port ("*") of the provider, by contract; ended 2020-01-01.
        const IngestBatch ended = readDeclaration(dir + u"agreement-ended.yaml"_s);
        QVERIFY2(ended.diagnostics.isEmpty(), qPrintable(diagnosticsText(ended)));
        QCOMPARE(keysOf(ended.ports), QStringList {u"port:yearly_report/input/stock_updated"_s});
        QCOMPARE(ended.ports[0].datasetKeys,
                 QStringList {u"dataset:datacontract/s3_bucket_stock_updated_v1"_s});
        Timestamp end = 0;
        QVERIFY(parseIsoTimestamp("2020-01-01", &end));
        QCOMPARE(ended.ports[0].removedAt, end);
    }

    void dmmAgreementMeetsTheProviderPort()
    {
        // With the corpus's gitops repository: the agreement's input port lists a node of
        // stock_updated's S3 output port.
        const QString corpus = test::corpusDir();
        if (corpus.isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        QTemporaryDir tmp;
        auto cache = MeshCache::open(tmp.filePath(u"c.cache"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        ingestInputs(*cache.value(), {corpus + u"/datamesh-manager__example-gitops-repository/dataproducts"_s,
                                      dataDir() + u"/dmm/agreement.yaml"_s});
        auto data = cache.value()->loadSnapshot();
        QVERIFY(data);
        const auto g = SnapshotGraph::build(std::move(data.value()));
        const QStringList consumed
            = portDatasets(*g, "port:shelf_warmers/input/stock_updated/s3_bucket_stock_updated_v1");
        QCOMPARE(consumed.size(), 1);
        QVERIFY(portDatasets(*g, "port:stock_updated/s3_bucket_stock_updated_v1").contains(consumed[0]));
    }

    void odcsVersion2()
    {
        QTemporaryDir tmp;
        const QString path = write(tmp, u"v2.yaml"_s,
            "apiVersion: v2.2.2\nkind: DataContract\nuuid: 0d2c-v2\nversion: 1.1.0\n"
            "quantumName: orders-dp\ndatasetDomain: sales\ntype: tables\nstatus: current\n"
            "datasetName: orders\nsourceSystem: postgres\nserver: pg.sales.example\n"
            "database: shop\nproductDl: orders-team@example.com\n"
            "dataset:\n  - table: orders\n    physicalName: orders_v2\n    columns:\n"
            "      - column: id\n        quality:\n          - rule: nullCheck\n"
            "slaProperties:\n  - property: latency\n    value: 3\n    unit: hours\n"
            "    column: orders.id\n");
        DeclarationSummary s;
        const IngestBatch b = readDeclaration(path, &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
        QCOMPARE(s.id, u"0d2c-v2"_s);
        QCOMPARE(s.qualityRules, 1);
        QCOMPARE(keysOf(b.products), QStringList {u"product:sales.orders-dp"_s});
        QCOMPARE(b.products[0].owner, u"orders-team@example.com"_s);
        const QString table = u"dataset:postgres://pg.sales.example:5432/shop.orders_v2"_s;
        QVERIFY(findByKey(b.datasets, table));
        QCOMPARE(findByKey(b.contracts, u"contract:0d2c-v2#orders"_s)->datasetKey, table);
        QCOMPARE(findByKey(b.contracts, u"contract:0d2c-v2#orders"_s)->freshnessSlaSeconds, 3 * 3600);
    }

    void dpdsRefsRefused_data()
    {
        QTest::addColumn<QString>("descriptor");
        QTest::addColumn<QStringList>("messages");
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("line");
        // a.json -> b.json -> a.json: reported at the $ref in b.json that closes the loop.
        QTest::newRow("cycle") << u"refs/cycle/descriptor.json"_s
                               << QStringList {u"the $ref \"a.json\" leads back to a component already on its chain (descriptor.json -> ports/a.json, a.json -> b.json, b.json -> a.json): a $ref cycle"_s}
                               << u"refs/cycle/ports/b.json"_s << 1LL;
        // Out of the folder three ways, and a URL: each refused, nothing read.
        QTest::newRow("escape") << u"refs/escape/descriptor.json"_s
                                << QStringList {u"the $ref \"../../etc/passwd\" leaves the descriptor's folder"_s,
                                                u"the $ref \"/etc/passwd\" is not a relative path"_s,
                                                u"the $ref \"https://example.com/port.json\" is not a relative path"_s,
                                                u"the $ref \"ports/../../../escape/../../x.json\" leaves the descriptor's folder"_s}
                                << u"refs/escape/descriptor.json"_s << 6LL;
        QTest::newRow("missing") << u"refs/missing/descriptor.json"_s
                                 << QStringList {u"the $ref \"ports/none.json\" names "_s}
                                 << u"refs/missing/descriptor.json"_s << 6LL;
        QTest::newRow("fragment") << u"refs/fragment/descriptor.yaml"_s
                                  << QStringList {u"the $ref \"#components/outputPorts/nope\" names \"nope\", which descriptor.yaml does not have"_s}
                                  << u"refs/fragment/descriptor.yaml"_s << 12LL;
    }

    void dpdsRefsRefused()
    {
        QFETCH(QString, descriptor);
        QFETCH(QStringList, messages);
        QFETCH(QString, file);
        QFETCH(qint64, line);
        const IngestBatch b = readDeclaration(dataDir() + u'/' + descriptor);
        QVERIFY(b.hasErrors());
        QCOMPARE(b.diagnostics.size(), messages.size());
        for (qsizetype i = 0; i < messages.size(); ++i) {
            QVERIFY2(b.diagnostics[i].message.startsWith(messages[i]),
                     qPrintable(b.diagnostics[i].toString()));
            QVERIFY(b.diagnostics[i].message.contains(u"expected"_s));
        }
        QCOMPARE(QFileInfo(b.diagnostics[0].file).canonicalFilePath(),
                 QFileInfo(dataDir() + u'/' + file).canonicalFilePath());
        QCOMPARE(b.diagnostics[0].line, line);
        QVERIFY(b.diagnostics[0].column > 0);
    }

    void dpdsInternalRef()
    {
        // The fragment fixture's good port resolves: its SLO freshness 2h.
        const IngestBatch b = readDeclaration(dataDir() + u"/refs/fragment/descriptor.yaml"_s);
        QCOMPARE(b.ports.size(), size_t(1));
        QCOMPARE(b.ports[0].name, u"good"_s);
        QCOMPARE(findByKey(b.contracts, u"contract:urn:dpds:test:dataproducts:fragment:1:outputports:good"_s)
                     ->freshnessSlaSeconds,
                 7200);
    }

    void dpdsRefThroughSymlinkRefused()
    {
        QTemporaryDir outside;
        write(outside, u"secret.json"_s, "{\"name\": \"secret\"}");
        QTemporaryDir tmp;
        QDir(tmp.path()).mkdir(u"ports"_s);
        QVERIFY(QFile::link(outside.filePath(u"secret.json"_s), tmp.filePath(u"ports/p.json"_s)));
        const QString path = write(tmp, u"d.json"_s,
            "{\"dataProductDescriptor\": \"1.0.0\", \"info\": {\"fullyQualifiedName\": \"urn:x\", "
            "\"domain\": \"d\", \"owner\": {\"id\": \"o\"}}, \"interfaceComponents\": "
            "{\"outputPorts\": [{\"$ref\": \"ports/p.json\"}]}}");
        const IngestBatch b = readDeclaration(path);
        QVERIFY(b.hasErrors());
        QVERIFY2(b.diagnostics.last().message.contains(u"leads through a symbolic link out of the descriptor's folder"_s),
                 qPrintable(diagnosticsText(b)));
        QVERIFY(b.ports.empty());
    }

    // Each bad input: the kind it is read as, the text, the diagnostic (severity, line,
    // column, words of the message) and whether the batch may be written.
    void badInput_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("error");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<qint64>("column");
        QTest::addColumn<QString>("words");
        const int D = int(DeclarationKind::DataContractSpecification);
        const int O = int(DeclarationKind::Odcs);
        auto row = [](const char *name, int kind, const QByteArray &text, bool error, qint64 line,
                      qint64 column, const QString &words) {
            QTest::newRow(name) << kind << text << error << line << column << words;
        };
        row("empty", D, QByteArray(), true, 0, 0, u"the document is empty"_s);
        row("truncated", D, dcs("models:\n  orders: {type: table, fields: [a, b\n"), true, 5, 1,
            u"not valid YAML"_s);
        row("invalid utf-8", D, dcs("info:\n  title: caf\xE9 au lait\n"), true, 4, 13,
            u"an incomplete UTF-8 sequence at byte 58"_s);
        row("binary garbage", D, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), true, 1, 1,
            u"expected UTF-8 text"_s);
        row("root is a list", D, "- dataContractSpecification: 1.2.1\n", true, 1, 1,
            u"the document is a sequence; expected a mapping"_s);
        row("no id", D, "dataContractSpecification: 1.2.1\ninfo:\n  title: t\n", true, 1, 1,
            u"\"id\" is missing; expected a string"_s);
        row("id is a mapping", D, "dataContractSpecification: 1.2.1\nid:\n  a: b\n", true, 3, 3,
            u"\"id\" is a mapping; expected a string"_s);
        row("models is a list", D, dcs("models:\n  - orders\n"), true, 4, 3,
            u"\"models\" is a sequence; expected a mapping"_s);
        row("model is a number", D, dcs("models:\n  orders: 5\n"), true, 4, 11,
            u"model \"orders\" is the value \"5\"; expected a mapping"_s);
        row("fields is a list", D, dcs("models:\n  orders:\n    fields: [a]\n"), true, 5, 13,
            u"\"fields\" of model \"orders\" is a sequence; expected a mapping"_s);
        row("unknown major version", D, dcs("", "2.0.0"), true, 1, 28,
            u"Data Contract Specification version 2.0.0 is not one this reader knows; expected one of 0.9.0"_s);
        row("newer minor version", D, dcs("", "1.3.0"), false, 1, 28,
            u"version 1.3.0 is not one this reader knows; expected one of 0.9.0"_s);
        row("version not a number", D, dcs("", "latest"), true, 1, 28,
            u"version \"latest\" is not a version number"_s);
        row("id too long", D, "dataContractSpecification: 1.2.1\nid: " + QByteArray(2000, 'x') + "\n",
            true, 2, 5, u"\"id\" is 2000 bytes long; expected at most 1024 bytes"_s);
        row("huge description", D, dcs("info:\n  description: " + QByteArray(1100000, 'y') + "\n"),
            true, 4, 16, u"a value of 1100000 bytes"_s);
        QByteArray deep = "fields:\n";
        for (int i = 1; i < 300; ++i)
            deep += QByteArray(2 * i, ' ') + "f:\n";
        row("deep nesting", D, dcs("models:\n  m:\n    " + deep.replace("\n", "\n    ")), true,
            260, 0, u"nested deeper than 256 levels"_s);
        QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (char c = 'b'; c <= 'k'; ++c) {
            bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
            for (int i = 0; i < 10; ++i)
                bomb += (i ? ", *" : "*") + QByteArray(1, char(c - 1));
            bomb += "]\n";
        }
        row("alias bomb", D, dcs("x-bomb:\n  " + bomb.replace("\n", "\n  ")), true, 0, 0,
            u"alias bomb"_s);
        row("bad threshold", D, dcs("servicelevels:\n  freshness:\n    threshold: soon\n"), false,
            5, 16, u"servicelevels.freshness.threshold \"soon\" is not a duration"_s);
        row("odcs unknown version", O, "apiVersion: v4.0.0\nkind: DataContract\nid: x\n", true, 1,
            13, u"Open Data Contract Standard version v4.0.0 is not one this reader knows"_s);
        row("odcs newer version", O, "apiVersion: v3.2.0\nkind: DataContract\nid: x\n", false, 1,
            13, u"version v3.2.0 is not one this reader knows; expected one of v2.2.0"_s);
        row("odcs wrong kind", O, "apiVersion: v3.0.2\nkind: DataProduct\nid: x\n", true, 2, 7,
            u"\"kind\" is \"DataProduct\"; expected DataContract"_s);
        row("odcs schema is a mapping", O,
            "apiVersion: v3.0.2\nkind: DataContract\nid: x\nschema:\n  orders: {}\n", true, 5, 3,
            u"\"schema\" is a mapping; expected a sequence"_s);
        row("odcs object without name", O,
            "apiVersion: v3.0.2\nkind: DataContract\nid: x\nschema:\n  - physicalType: table\n",
            true, 5, 5, u"\"name\" is missing; expected a string"_s);
        row("odcs sla not a duration", O,
            "apiVersion: v3.0.2\nkind: DataContract\nid: x\nslaProperties:\n"
            "  - property: freshness\n    value: fast\n",
            false, 5, 5, u"slaProperties freshness \"fast\" (unit \"\") is not a duration"_s);
        row("odps no id", int(DeclarationKind::Odps), "apiVersion: v1.0.0\nkind: DataProduct\nname: n\n",
            true, 1, 1, u"\"id\" is missing; expected a string"_s);
        row("odps unknown version", int(DeclarationKind::Odps),
            "apiVersion: v2.0.0\nkind: DataProduct\nid: p\n", true, 1, 13,
            u"Open Data Product Standard version v2.0.0 is not one this reader knows"_s);
        row("odps port is a string", int(DeclarationKind::Odps),
            "apiVersion: v1.0.0\nkind: DataProduct\nid: p\noutputPorts:\n  - tables\n", true, 5, 5,
            u"outputPorts[0] is the value \"tables\"; expected a mapping"_s);
        row("odps4 details without language", int(DeclarationKind::Odps4),
            "product:\n  details:\n    productID: p1\n", true, 3, 5,
            u"\"details\" has no language entry"_s);
        row("dpds unknown version", int(DeclarationKind::Dpds),
            "{\"dataProductDescriptor\": \"2.0.0\", \"info\": {}}", true, 1, 27,
            u"Data Product Descriptor Specification version 2.0.0 is not one this reader knows"_s);
        row("dpds no info", int(DeclarationKind::Dpds), "{\"dataProductDescriptor\": \"1.0.0\"}",
            true, 1, 1, u"\"info\" is missing; expected a mapping"_s);
        row("dpds nameless port", int(DeclarationKind::Dpds),
            "dataProductDescriptor: 1.0.0\ninfo:\n  fullyQualifiedName: urn:x\n  domain: d\n"
            "  owner: {id: o}\ninterfaceComponents:\n  outputPorts:\n    - description: x\n",
            true, 8, 7, u"outputPorts[0] has neither name nor fullyQualifiedName"_s);
        row("dmm agreement without provider", int(DeclarationKind::DmmUsageAgreement),
            "dataUsageAgreementSpecification: 0.0.1\nid: a\nconsumer: {dataProductId: c}\n", true,
            1, 1, u"\"provider\" is missing; expected a mapping"_s);
        row("dmm port without id", int(DeclarationKind::DmmDataProduct),
            "id: p\ninfo: {title: P}\noutputPorts:\n  - name: x\n", true, 4, 5,
            u"\"id\" is missing; expected a string"_s);
    }

    void badInput()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, text);
        QFETCH(bool, error);
        QFETCH(qint64, line);
        QFETCH(qint64, column);
        QFETCH(QString, words);
        QTemporaryDir tmp;
        const QString path = write(tmp, u"bad.yaml"_s, text);
        // No input may take long (an alias bomb must not expand). Processor time, not wall
        // time: a loaded machine or a sanitizer build must not fail this.
        const std::clock_t start = std::clock();
        const IngestBatch b = readDeclarationFile(path, DeclarationKind(kind));
        const double cpuSeconds = double(std::clock() - start) / CLOCKS_PER_SEC;
        QVERIFY2(cpuSeconds < 5.0, qPrintable(u"%1 s of CPU"_s.arg(cpuSeconds)));
        QCOMPARE(b.hasErrors(), error);
        QVERIFY2(!b.diagnostics.isEmpty(), "expected a diagnostic");
        const auto it = std::find_if(b.diagnostics.cbegin(), b.diagnostics.cend(),
                                     [&](const Diagnostic &d) { return d.message.contains(words); });
        QVERIFY2(it != b.diagnostics.cend(), qPrintable(diagnosticsText(b)));
        QCOMPARE(it->file, path);
        QCOMPARE(it->severity, error ? Diagnostic::Severity::Error : Diagnostic::Severity::Warning);
        QVERIFY2(it->message.contains(u"expected"_s), qPrintable(it->toString()));
        if (line > 0)
            QCOMPARE(it->line, line);
        if (column > 0)
            QCOMPARE(it->column, column);
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("hours") << u"25h"_s << 90000LL;
        QTest::newRow("iso hours") << u"PT1H"_s << 3600LL;
        QTest::newRow("iso days") << u"P1D"_s << 86400LL;
        QTest::newRow("iso mixed") << u"P1DT2H30M"_s << 95400LL;
        QTest::newRow("iso months") << u"P3M"_s << 3 * 30 * 86400LL;
        QTest::newRow("iso year") << u"p1y"_s << 365 * 86400LL;
        QTest::newRow("minutes") << u"5m"_s << 300LL;
        QTest::newRow("words") << u"2 days"_s << 172800LL;
        QTest::newRow("millis") << u"500ms"_s << 1LL;
        QTest::newRow("fraction") << u"1.5h"_s << 5400LL;
        QTest::newRow("bare number") << u"3600"_s << -1LL;
        QTest::newRow("unknown unit") << u"3 fortnights"_s << -1LL;
        QTest::newRow("empty iso") << u"PT"_s << -1LL;
        QTest::newRow("words only") << u"daily"_s << -1LL;
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const std::optional<qint64> got = parseDurationSeconds(text);
        QCOMPARE(got.value_or(-1), seconds);
    }

    void naming_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("expected");
        QTest::newRow("postgres default port") << u"postgres"_s << u"db"_s << QString()
                                               << u"dataset:postgres://db:5432/d.s.t"_s;
        QTest::newRow("postgres no host") << u"postgresql"_s << QString() << QString()
                                          << u"dataset:postgres/d.s.t"_s;
        QTest::newRow("mysql") << u"mysql"_s << u"my:3307"_s << QString()
                               << u"dataset:mysql://my:3307/d.t"_s;
        QTest::newRow("trino") << u"trino"_s << u"tr"_s << QString()
                               << u"dataset:trino://tr:8080/c.s.t"_s;
        QTest::newRow("unknown type") << u"impala"_s << u"im"_s << QString()
                                      << u"dataset:impala://im/d.s.t"_s;
        QTest::newRow("gcs placeholder") << u"gcs"_s << QString() << u"gs://b/raw/{model}/*.parquet"_s
                                         << u"dataset:gs://b/raw/t"_s;
        QTest::newRow("azure") << u"azure"_s << QString()
                               << u"abfss://c@acct.dfs.core.windows.net/p/*.csv"_s
                               << u"dataset:abfss://c@acct.dfs.core.windows.net/p"_s;
    }

    void naming()
    {
        QFETCH(QString, type);
        QFETCH(QString, host);
        QFETCH(QString, location);
        QFETCH(QString, expected);
        ServerInfo s;
        s.type = type;
        s.host = host;
        s.database = u"d"_s;
        s.schema = u"s"_s;
        s.catalog = u"c"_s;
        s.location = location;
        const DatasetAddress a = physicalAddress(s, u"t"_s);
        QCOMPARE(u"dataset:"_s + a.ns + u'/' + a.name, expected);
    }

    void locations()
    {
        auto key = [](const QString &loc, const QString &type) -> QString {
            const DatasetAddress a = locationAddress(loc, type);
            return a.ns + u" | "_s + a.name;
        };
        QCOMPARE(key(u"arn:aws:glue:eu-central-1:123:table/db/t"_s, u"Glue"_s),
                 u"arn:aws:glue:eu-central-1:123 | table/db/t"_s);
        QCOMPARE(key(u"arn:aws:s3:::bucket/some/path"_s, u"S3"_s), u"s3://bucket | some/path"_s);
        QCOMPARE(key(u"s3a://bucket/x"_s, {}), u"s3://bucket | x"_s);
        QCOMPARE(key(u"kafka://broker:9092/orders"_s, u"Kafka"_s), u"kafka://broker:9092 | orders"_s);
        QCOMPARE(key(u"/data/x.csv"_s, u"local"_s), u"file | /data/x.csv"_s);
        QCOMPARE(key(u"orders-topic"_s, u"Kafka"_s), u"kafka | orders-topic"_s);
        QVERIFY(!locationAddress(u"  "_s, u"S3"_s).isValid());
    }

    void pipelineAndCliReportBadFiles()
    {
        // A folder with one good contract and one without an id: the good one is written,
        // the bad one reported with its position, and the CLI exits 2.
        QTemporaryDir tmp;
        write(tmp, u"good.yaml"_s, dcs("info:\n  title: Good\n"));
        const QString bad = write(tmp, u"bad.yaml"_s, "dataContractSpecification: 1.2.1\ninfo: {}\n");
        QTemporaryDir cacheDir;
        auto cache = MeshCache::open(cacheDir.filePath(u"c.cache"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        const IngestOutcome o = ingestInputs(*cache.value(), {tmp.path()});
        QCOMPARE(o.reports.size(), size_t(2));
        QVERIFY(o.anyErrors());
        for (const IngestReport &r : o.reports) {
            if (r.file.endsWith(u"good.yaml"_s)) {
                QVERIFY(r.written);
                QCOMPARE(r.format, InputFormat::DataContract);
                QCOMPARE(r.summary.added[int(EntityKind::Product)], 1);
            } else if (r.file == bad) {
                QVERIFY(!r.written);
                QCOMPARE(r.diagnostics[0].toString(),
                         bad + u":1:1: error: \"id\" is missing; expected a string"_s);
            }
        }
        cache.value().reset();
        if (test::cliPath().isEmpty())
            QSKIP("MESHLENS_CLI not set (run through ctest)");
        QProcess p;
        p.start(test::cliPath(), {u"ingest"_s, cacheDir.filePath(u"cli.cache"_s), bad});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(u"\"id\" is missing"_s));
    }
};

QTEST_GUILESS_MAIN(TestDeclarations)
#include "tst_declarations.moc"
