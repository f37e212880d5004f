// The native format reader: one small hand-written fixture per feature and per class of
// bad input (tests/data/native/), each checked for exact records or for the diagnostic's
// line, column and text; and the generator's output read back.

#include "generate/meshgenerator.h"
#include "ingest/nativereader.h"
#include "mesh/timeutil.h"
#include "testsupport.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace meshlens;

namespace {

QString fixture(const char *name)
{
    QString dir = test::sourceDir();
    if (dir.isEmpty()) // run by hand, outside ctest
        dir = QFileInfo(QString::fromUtf8(__FILE__)).absolutePath() + QStringLiteral("/../..");
    return dir + QStringLiteral("/tests/data/native/") + QString::fromUtf8(name);
}

Timestamp ts(const char *iso)
{
    Timestamp t = 0;
    if (!parseIsoTimestamp(iso, &t))
        qFatal("bad timestamp in test: %s", iso);
    return t;
}

IngestBatch readBytes(const QByteArray &json, const char *name = "inline.json")
{
    return readNativeBytes(
        std::string_view(json.constData(), size_t(json.size())), QString::fromUtf8(name));
}

const QByteArray kHeader = QByteArrayLiteral(
    R"({"format": "meshlens-mesh", "version": 1, "generatedAt": "2025-06-01T00:00:00Z")");

} // namespace

class TestNativeReader : public QObject {
    Q_OBJECT

private:
    // One error expected: checks its position and text, and that nothing else was reported.
    static void expectError(
        const IngestBatch &batch, qint64 line, qint64 column, const QString &message)
    {
        QVERIFY(batch.hasErrors());
        QCOMPARE(batch.diagnostics.size(), 1);
        const Diagnostic &d = batch.diagnostics.front();
        QCOMPARE(d.severity, Diagnostic::Severity::Error);
        QCOMPARE(d.message, message);
        QCOMPARE(d.line, line);
        QCOMPARE(d.column, column);
    }

private slots:
    void fullFixture()
    {
        const IngestBatch b = readNativeFile(fixture("full.json"));
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(b.diagnostics.value(0).toString()));
        QCOMPARE(b.source.source, QStringLiteral("native"));
        QVERIFY(b.source.file.endsWith(QStringLiteral("full.json")));
        QCOMPARE(b.observedAt, ts("2025-05-01T00:00:00Z"));
        QCOMPARE(b.recordCount(), 14);

        QCOMPARE(b.domains.size(), size_t(1));
        QCOMPARE(b.domains[0].key, QStringLiteral("domain:sales"));
        QCOMPARE(b.domains[0].name, QStringLiteral("Sales"));
        QCOMPARE(b.domains[0].description, QStringLiteral("Everything sold."));
        QCOMPARE(b.domains[0].owner, QStringLiteral("team:sales-core"));
        QCOMPARE(b.domains[0].observedAt, ts("2025-05-01T00:00:00Z"));

        QCOMPARE(b.products.size(), size_t(1));
        QCOMPARE(b.products[0].key, QStringLiteral("product:sales.orders"));
        QCOMPARE(b.products[0].domainKey, QStringLiteral("domain:sales"));
        QCOMPARE(b.products[0].tier, QStringLiteral("source-aligned"));
        QCOMPARE(b.products[0].observedAt, ts("2025-05-10T08:00:00Z"));

        QCOMPARE(b.ports.size(), size_t(2));
        QCOMPARE(b.ports[0].key, QStringLiteral("port:sales.orders/output"));
        QCOMPARE(
            b.ports[0].name, QStringLiteral("sales.orders/output")); // default: key minus prefix
        QCOMPARE(b.ports[0].direction, PortDirection::Output);
        QCOMPARE(b.ports[0].datasetKeys,
            QStringList {QStringLiteral("dataset:postgres://db:5432/shop.public.orders_clean")});
        QCOMPARE(b.ports[1].name, QStringLiteral("Orders in"));
        QCOMPARE(b.ports[1].direction, PortDirection::Input);
        QVERIFY(b.ports[1].datasetKeys.isEmpty());

        QCOMPARE(b.datasets.size(), size_t(2));
        QCOMPARE(
            b.datasets[0].key, QStringLiteral("dataset:postgres://db:5432/shop.public.orders"));
        QCOMPARE(b.datasets[0].ns, QStringLiteral("postgres://db:5432"));
        QCOMPARE(b.datasets[0].name, QStringLiteral("shop.public.orders"));
        QCOMPARE(b.datasets[0].productKey, QStringLiteral("product:sales.orders"));
        QCOMPARE(b.datasets[0].datasetKind, QStringLiteral("table"));
        QCOMPARE(b.datasets[0].removedAt, 0);
        QCOMPARE(b.datasets[1].datasetKind, QStringLiteral("view"));
        QCOMPARE(b.datasets[1].description, QStringLiteral("Orders without test data."));
        QCOMPARE(b.datasets[1].removedAt, ts("2025-05-30T12:00:00Z"));

        QCOMPARE(b.jobs.size(), size_t(1));
        QCOMPARE(b.jobs[0].key, QStringLiteral("job:dbt-sales/orders_clean"));
        QCOMPARE(b.jobs[0].ns, QStringLiteral("dbt-sales"));
        QCOMPARE(b.jobs[0].name, QStringLiteral("orders_clean"));
        QCOMPARE(b.jobs[0].productKey, QStringLiteral("product:sales.orders"));

        QCOMPARE(b.edges.size(), size_t(1));
        QCOMPARE(b.edges[0].fromKey, b.datasets[0].key);
        QCOMPARE(b.edges[0].toKey, b.datasets[1].key);
        QCOMPARE(b.edges[0].jobKey, b.jobs[0].key);
        QCOMPARE(b.edges[0].observedAt, ts("2025-05-20T00:00:00Z"));

        QCOMPARE(b.columnEdges.size(), size_t(1));
        QCOMPARE(b.columnEdges[0].fromColumn, QStringLiteral("id"));
        QCOMPARE(b.columnEdges[0].toColumn, QStringLiteral("order_id"));
        QCOMPARE(b.columnEdges[0].toDatasetKey, b.datasets[1].key);
        QCOMPARE(b.columnEdges[0].transformation, QStringLiteral("IDENTITY"));

        QCOMPARE(b.contracts.size(), size_t(1));
        QCOMPARE(b.contracts[0].key, QStringLiteral("contract:sales.orders/orders_clean"));
        QCOMPARE(b.contracts[0].datasetKey, b.datasets[1].key);
        QCOMPARE(b.contracts[0].freshnessSlaSeconds, 93600);
        QCOMPARE(b.contracts[0].version, QStringLiteral("1.2.0"));

        QCOMPARE(b.quality.size(), size_t(2));
        QCOMPARE(b.quality[0].entityKey, b.datasets[1].key);
        QCOMPARE(b.quality[0].checkName, QStringLiteral("not_null"));
        QCOMPARE(b.quality[0].column, QStringLiteral("order_id"));
        QCOMPARE(b.quality[0].state, HealthState::Fail);
        QCOMPARE(b.quality[0].value, 12.0);
        QCOMPARE(b.quality[0].message, QStringLiteral("12 rows with a null order_id"));
        QCOMPARE(b.quality[0].observedAt, ts("2025-05-31T02:00:00Z"));
        QCOMPARE(b.quality[1].entityKey, QStringLiteral("product:sales.orders"));
        QCOMPARE(b.quality[1].state, HealthState::Pass); // "success" is a synonym
        QCOMPARE(b.quality[1].value, 1500.0);
        QCOMPARE(b.quality[1].observedAt, ts("2025-05-31T00:00:00.250Z"));
        QVERIFY(b.quality[1].column.isEmpty());

        QCOMPARE(b.freshness.size(), size_t(1));
        QCOMPARE(b.freshness[0].observedAt, ts("2025-05-31T06:00:00Z"));
        QCOMPARE(b.freshness[0].dataTime, ts("2025-05-31T01:30:00Z"));
    }

    void minimalFixture()
    {
        const IngestBatch b = readNativeFile(fixture("minimal.json"));
        QVERIFY(b.diagnostics.isEmpty());
        QCOMPARE(b.recordCount(), 0);
        QCOMPARE(b.observedAt, ts("2025-06-01T00:00:00Z"));
    }

    void defaultsAndUnknownFields()
    {
        const IngestBatch b = readNativeFile(fixture("defaults.json"));
        QVERIFY(!b.hasErrors());
        QCOMPARE(b.diagnostics.size(), 1); // one warning for the unknown field, none for $schema
        QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Warning);
        QCOMPARE(b.diagnostics[0].message,
            QStringLiteral("comment: unknown field \"comment\" is ignored"));
        QCOMPARE(b.diagnostics[0].line, 16);
        QCOMPARE(b.diagnostics[0].column, 14);

        QCOMPARE(b.domains[0].name, QStringLiteral("finance"));
        QCOMPARE(b.domains[0].observedAt, ts("2025-06-01T00:00:00Z")); // no top-level seen
        QVERIFY(b.products[0].domainKey.isEmpty()); // null is absent
        QCOMPARE(b.datasets[0].key,
            QStringLiteral("dataset:snowflake://acme-prod/FINANCE.LEDGER.ENTRIES"));
        QCOMPARE(b.datasets[1].key, QStringLiteral("dataset:kafka://broker:9092/ledger-events-v2"));
        QCOMPARE(b.jobs[0].key, QStringLiteral("job:airflow-prod/ledger_dag.load_entries"));
        QCOMPARE(b.edges[0].fromKey, b.datasets[1].key);
        QVERIFY(b.edges[0].jobKey.isEmpty());
    }

    void indexReferences()
    {
        const IngestBatch b = readNativeFile(fixture("indexrefs.json"));
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(b.diagnostics.value(0).toString()));
        QCOMPARE(b.products[1].domainKey, QStringLiteral("domain:marketing"));
        QCOMPARE(b.datasets[1].productKey, QStringLiteral("product:marketing.campaigns"));
        QCOMPARE(b.jobs[0].productKey, QStringLiteral("product:marketing.campaigns"));
        QCOMPARE(b.ports[0].productKey, QStringLiteral("product:sales.orders"));
        QCOMPARE(b.ports[0].datasetKeys,
            QStringList {QStringLiteral("dataset:bigquery/acme.orders.fct_order")});
        QCOMPARE(b.edges[0].fromKey, QStringLiteral("dataset:bigquery/acme.orders.fct_order"));
        QCOMPARE(b.edges[0].toKey, QStringLiteral("dataset:bigquery/acme.campaigns.attribution"));
        QCOMPARE(b.edges[0].jobKey, QStringLiteral("job:dbt-marketing/campaigns.attribution"));
        QCOMPARE(b.contracts[0].datasetKey, b.datasets[0].key);
        QCOMPARE(b.quality[0].entityKey, b.datasets[1].key);
        QCOMPARE(b.freshness[0].entityKey, b.datasets[0].key);
    }

    void emptyFile()
    {
        expectError(readNativeFile(fixture("empty.json")), 1, 1,
            QStringLiteral("the file is empty: expected a JSON object with \"format\": "
                           "\"meshlens-mesh\""));
        expectError(readBytes("\n   \n  "), 3, 3,
            QStringLiteral("the file is empty: expected a JSON object with \"format\": "
                           "\"meshlens-mesh\""));
    }

    void truncatedJson()
    {
        expectError(readNativeFile(fixture("truncated.json")), 21, 6,
            QStringLiteral("unexpected end of file (is it truncated?): expected a member "
                           "name in double quotes"));
        expectError(readBytes(kHeader + ",\n\"datasets\": [{\"name\": \"shop.pub"), 2, 32,
            QStringLiteral("unexpected end of file (is it truncated?) inside a string: "
                           "expected a closing '\"'"));
    }

    void invalidUtf8()
    {
        expectError(readNativeFile(fixture("invalid-utf8.json")), 3, 63,
            QStringLiteral("invalid UTF-8: byte 0xE9 does not start a valid sequence "
                           "(the file must be UTF-8 encoded)"));
    }

    void wrongType()
    {
        const IngestBatch b = readNativeFile(fixture("wrong-type.json"));
        expectError(
            b, 7, 18, QStringLiteral("datasets[3].namespace: expected a string, found number"));
        QVERIFY(b.diagnostics[0].toString().endsWith(
            QStringLiteral("wrong-type.json:7:18: error: datasets[3].namespace: expected a string, "
                           "found number")));
        QCOMPARE(b.datasets.size(), size_t(3)); // the good records are still read
    }

    void missingRequiredFields()
    {
        const IngestBatch b = readNativeFile(fixture("missing-field.json"));
        QCOMPARE(b.diagnostics.size(), 2);
        QCOMPARE(b.diagnostics[0].message,
            QStringLiteral("datasets[1]: missing required field \"name\" (expected a string "
                           "such as \"shop.public.orders\")"));
        QCOMPARE(b.diagnostics[0].line, 4);
        QCOMPARE(b.diagnostics[0].column, 3);
        QCOMPARE(b.diagnostics[1].message,
            QStringLiteral("edges[0]: missing required field \"from\" (expected a dataset key)"));
        QCOMPARE(b.diagnostics[1].line, 6);
        QCOMPARE(b.diagnostics[1].column, 11);

        // Another JSON document altogether: one error, no noise about its fields.
        expectError(readBytes(R"({"eventType": "COMPLETE", "run": {}, "job": {}})"), 1, 1,
            QStringLiteral("missing required field \"format\" (expected the string "
                           "\"meshlens-mesh\"): this is not a MeshLens native file"));
        expectError(readBytes(R"({"format": "meshlens-mesh", "generatedAt": "2025-06-01"})"), 1, 1,
            QStringLiteral("missing required field \"version\" (expected an integer)"));
    }

    void unknownFormat()
    {
        expectError(readNativeFile(fixture("unknown-format.json")), 1, 12,
            QStringLiteral("format: expected \"meshlens-mesh\", found \"datahub-export\": "
                           "this is not a MeshLens native file"));
    }

    void newerVersion()
    {
        expectError(readNativeFile(fixture("newer-version.json")), 3, 14,
            QStringLiteral("version: the file is version 2 of the native format, newer "
                           "than this MeshLens reads (version 1): update MeshLens to read it"));
        expectError(
            readBytes(
                R"({"format": "meshlens-mesh", "version": "1", "generatedAt": "2025-06-01"})"),
            1, 40, QStringLiteral("version: expected an integer, found string"));
    }

    void overlongString()
    {
        const QByteArray longText(70000, 'x');
        const IngestBatch b = readBytes(kHeader
            + ",\n\"datasets\": [\n{\"namespace\": \"bigquery\", "
              "\"name\": \"a.b.c\", \"description\": \""
            + longText + "\"}]}");
        expectError(b, 3, 59,
            QStringLiteral("datasets[0].description: string of 70000 bytes is longer than "
                           "the limit of 65536 bytes"));
    }

    void deepNesting()
    {
        expectError(readNativeFile(fixture("deep.json")), 2, 73,
            QStringLiteral("nesting deeper than 64 levels"));
        // Far deeper than any stack would take if the parser recursed.
        const QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');
        const IngestBatch b = readBytes(kHeader + ", \"x\": " + deep + "}");
        expectError(b, 1, 150, QStringLiteral("nesting deeper than 64 levels"));
    }

    void binaryGarbage()
    {
        expectError(readNativeFile(fixture("garbage.bin")), 1, 1,
            QStringLiteral("expected a JSON object ('{') with \"format\": \"meshlens-mesh\", "
                           "found byte 0x7F: this is not a MeshLens native file"));
        expectError(readBytes("[1, 2, 3]"), 1, 1,
            QStringLiteral("expected a JSON object ('{') with \"format\": \"meshlens-mesh\", "
                           "found '[': this is not a MeshLens native file"));
        // Garbage after a plausible start: a syntax error at the first bad byte.
        expectError(readBytes(QByteArray("{\"format\": \x01\x02\x03", 14)), 1, 12,
            QStringLiteral("expected a value (object, array, string, number, true, false or "
                           "null), found byte 0x01"));
    }

    void badValues()
    {
        const IngestBatch b = readNativeFile(fixture("bad-values.json"));
        const QStringList expected = {
            QStringLiteral("2:22 products[0].key: expected a key starting with \"product:\", found "
                           "\"sales.orders\""),
            QStringLiteral("2:46 products[0].tier: expected \"source-aligned\", \"aggregate\" or "
                           "\"consumer-aligned\", found \"golden\""),
            QStringLiteral("3:81 datasets[0].seen: expected an ISO 8601 date-time such as "
                           "\"2025-06-01T00:00:00Z\", found \"yesterday\""),
            QStringLiteral(
                "4:95 ports[0].direction: expected \"input\" or \"output\", found \"out\""),
            QStringLiteral(
                "4:115 ports[0].datasets[0]: expected an index into datasets (0 to 0), found 7"),
            QStringLiteral("6:60 contracts[0].freshnessSlaSeconds: expected an integer, found 1.5"),
            QStringLiteral("5:24 quality[0].entity: expected an entity key such as "
                           "\"dataset:<namespace>/<name>\" or \"product:<id>\", found \"orders\""),
            QStringLiteral("5:62 quality[0].state: expected \"pass\", \"warn\", \"fail\" or "
                           "\"unknown\", found \"green\""),
        };
        QStringList actual;
        for (const Diagnostic &d : b.diagnostics)
            actual << QStringLiteral("%1:%2 %3").arg(d.line).arg(d.column).arg(d.message);
        QCOMPARE(actual, expected);
        QCOMPARE(b.recordCount(), 0);
    }

    void tooManyErrorsStops()
    {
        QByteArray json = kHeader + ", \"datasets\": [";
        for (int i = 0; i < 500; ++i)
            json += i ? ",\n{\"name\": 1}" : "\n{\"name\": 1}";
        const IngestBatch b = readBytes(json + "]}");
        QVERIFY(b.diagnostics.size() <= 52);
        QCOMPARE(
            b.diagnostics.last().message, QStringLiteral("too many errors (50): stopped reading"));
        QCOMPARE(b.diagnostics.first().line, 2);
    }

    void mutatedInputNeverCrashes()
    {
        // Cut and corrupt a valid file at many places: every result is either clean or carries
        // errors with a position inside the text; nothing throws or crashes.
        QFile f(fixture("full.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray full = f.readAll();
        for (int cut = 0; cut < full.size() - 2; cut += 7) {
            const IngestBatch b = readBytes(full.left(cut));
            QVERIFY2(b.hasErrors(), qPrintable(QString::number(cut)));
            QVERIFY(b.diagnostics.front().line >= 1 || b.diagnostics.front().offset < 0);
        }
        for (int i = 0; i < full.size(); i += 5) {
            QByteArray bad = full;
            bad[i] = char(bad[i] ^ 0x5A);
            const IngestBatch b = readBytes(bad);
            for (const Diagnostic &d : b.diagnostics)
                QVERIFY(d.offset <= bad.size());
        }
    }

    void contentDetection()
    {
        QVERIFY(looksLikeNative(R"({"format":"meshlens-mesh","version":1})"));
        QVERIFY(looksLikeNative(
            "\xEF\xBB\xBF{\n  \"version\": 1,\n  \"format\" :\t\"meshlens-mesh\"\n"));
        QVERIFY(!looksLikeNative(R"({"eventType":"COMPLETE","format":"other"})"));
        QVERIFY(!looksLikeNative(R"(["format", "meshlens-mesh"])"));
        QVERIFY(!looksLikeNative(QByteArray()));
        QFile f(fixture("full.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(looksLikeNative(f.read(4096)));
        QVERIFY(!looksLikeNative(QByteArray(5000, ' ') + R"({"format":"meshlens-mesh"})"));
    }

    void generatorRoundTrip()
    {
        GeneratorOptions options;
        options.datasets = 400;
        options.seed = 7;
        QBuffer keyed;
        keyed.open(QIODevice::WriteOnly);
        GeneratorSummary s;
        QVERIFY(writeGeneratedMesh(options, GeneratorFormat::Native, keyed, &s).ok());
        const IngestBatch b = readBytes(keyed.data(), "generated.json");
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(b.diagnostics.value(0).toString()));
        QCOMPARE(qint64(b.domains.size()), s.domains);
        QCOMPARE(qint64(b.products.size()), s.products);
        QCOMPARE(qint64(b.ports.size()), s.ports);
        QCOMPARE(qint64(b.datasets.size()), s.datasets);
        QCOMPARE(qint64(b.datasets.size()), options.datasets);
        QCOMPARE(qint64(b.jobs.size()), s.jobs);
        QCOMPARE(qint64(b.edges.size()), s.edges);
        QCOMPARE(qint64(b.columnEdges.size()), s.columnEdges);
        QCOMPARE(qint64(b.contracts.size()), s.contracts);
        QCOMPARE(qint64(b.quality.size()), s.quality);
        QCOMPARE(qint64(b.freshness.size()), s.freshness);
        QCOMPARE(qint64(keyed.data().size()), s.bytes);

        // The compact form (integer references) must read back to exactly the same records.
        options.indexReferencesFrom = 0;
        QBuffer compact;
        compact.open(QIODevice::WriteOnly);
        QVERIFY(writeGeneratedMesh(options, GeneratorFormat::Native, compact).ok());
        QVERIFY(compact.data().size() < keyed.data().size());
        const IngestBatch c = readBytes(compact.data(), "compact.json");
        QVERIFY2(c.diagnostics.isEmpty(), qPrintable(c.diagnostics.value(0).toString()));
        QCOMPARE(c.recordCount(), b.recordCount());
        for (size_t i = 0; i < b.edges.size(); ++i) {
            QCOMPARE(c.edges[i].fromKey, b.edges[i].fromKey);
            QCOMPARE(c.edges[i].toKey, b.edges[i].toKey);
            QCOMPARE(c.edges[i].jobKey, b.edges[i].jobKey);
            QCOMPARE(c.edges[i].observedAt, b.edges[i].observedAt);
        }
        for (size_t i = 0; i < b.ports.size(); ++i)
            QCOMPARE(c.ports[i].datasetKeys, b.ports[i].datasetKeys);
        for (size_t i = 0; i < b.quality.size(); i += 17)
            QCOMPARE(c.quality[i].entityKey, b.quality[i].entityKey);
        for (size_t i = 0; i < b.products.size(); ++i)
            QCOMPARE(c.products[i].domainKey, b.products[i].domainKey);

        // The file path (memory-mapped when large enough) reads the same as the bytes.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mesh.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(keyed.data());
        out.close();
        const IngestBatch f = readNativeFile(path);
        QVERIFY(f.diagnostics.isEmpty());
        QCOMPARE(f.recordCount(), b.recordCount());
        QCOMPARE(f.datasets.back().key, b.datasets.back().key);
    }

    void missingFile()
    {
        const IngestBatch b = readNativeFile(QStringLiteral("/nonexistent/mesh.json"));
        QVERIFY(b.hasErrors());
        QVERIFY(b.diagnostics.front().message.startsWith(QStringLiteral("cannot open the file: ")));
    }
};

QTEST_GUILESS_MAIN(TestNativeReader)
#include "tst_nativereader.moc"
