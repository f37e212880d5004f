// Diagnostics stay one line of text whatever the input holds: keys and values quoted from a
// file have their control characters written out (printabletext.h), in every reader. Before,
// a newline or NUL inside a key or value reached the message raw and split the CLI's output
// (the fuzzers' strict-text check failed on 8 targets within seconds).

#include "ingest/dbtreader.h"
#include "ingest/declarationreader.h"
#include "ingest/nativereader.h"
#include "ingest/openlineagereader.h"
#include "ingest/printabletext.h"

#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// Every message of the batch on one line, and one of them containing `expected`.
void expectPrintable(const IngestBatch &batch, const QString &expected)
{
    QVERIFY2(!batch.diagnostics.isEmpty(), "expected a diagnostic");
    bool found = false;
    for (const Diagnostic &d : batch.diagnostics) {
        for (const QChar c : d.message)
            QVERIFY2(c.unicode() >= 0x20 || c == u'\t', qPrintable(u"control character in: "_s + d.toString()));
        found = found || d.message.contains(expected);
    }
    QString all;
    for (const Diagnostic &d : batch.diagnostics)
        all += d.message + u" | "_s;
    QVERIFY2(found, qPrintable(u"no message contains "_s + expected + u": "_s + all));
}

} // namespace

class TestPrintableText : public QObject {
    Q_OBJECT

private slots:
    void writesOutControlCharacters_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"orders.daily — ok"_s << u"orders.daily — ok"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("tab kept") << u"a\tb"_s << u"a\tb"_s;
        QTest::newRow("newline") << u"a\nb"_s << u"a\\nb"_s;
        QTest::newRow("carriage return") << u"a\r\nb"_s << u"a\\r\\nb"_s;
        QTest::newRow("NUL") << QString(QChar(0)) + u"x"_s << u"\\0x"_s;
        QTest::newRow("terminal escape") << u"\x1b[31mred"_s << u"\\x1B[31mred"_s;
        QTest::newRow("DEL") << u"a\x7f"_s << u"a\\x7F"_s;
        QTest::newRow("C1 next line") << u"a\u0085b"_s << u"a\\u0085b"_s;
        QTest::newRow("line separator") << u"a\u2028b\u2029"_s << u"a\\u2028b\\u2029"_s;
    }

    void writesOutControlCharacters()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(printableText(input), expected);
    }

    void quotesCutsAndEscapes()
    {
        QCOMPARE(quotedText("a\nb"), u"\"a\\nb\""_s);
        // Cut after 5 bytes, not inside the two-byte "é" that starts at byte 4.
        QCOMPARE(quotedText("abcdé and more", 5), u"\"abcd…\" (15 bytes)"_s);
        const std::string huge(70000, 'x');
        QCOMPARE(quotedText(huge), u"\""_s + QString(80, u'x') + u"…\" (70000 bytes)"_s);
    }

    void toStringIsOneLine()
    {
        Diagnostic d;
        d.file = u"dir\nname.json"_s;
        d.line = 3;
        d.column = 4;
        d.message = u"found \"a\rb\""_s;
        QCOMPARE(d.toString(), u"dir\\nname.json:3:4: error: found \"a\\rb\""_s);
    }

    // The native reader quotes a wrong format value and an unknown field's name.
    void nativeReader()
    {
        expectPrintable(readNativeBytes(R"({"format": "x\ny", "version": 1, "generatedAt": "2025-06-01"})",
                                        u"m.json"_s),
                        u"found \"x\\ny\""_s);
        expectPrintable(readNativeBytes(R"({"format": "meshlens-mesh", "version": 1, "generatedAt": "2025-06-01",)"
                                        R"( "domains": [{"key": "domain:a", "name": "A", "b\u0000ad": 1}]})",
                                        u"m.json"_s),
                        u"\"b\\0ad\""_s);
    }

    // The dbt reader names the node by its key in the path of the value.
    void dbtReader()
    {
        const QByteArray manifest =
            R"({"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},)"
            R"( "nodes": {"model.a\nb": {"resource_type": 5}}, "sources": {}})";
        expectPrintable(readDbtArtifactsBytes(manifest, u"manifest.json"_s), u"model.a\\nb"_s);
    }

    // The YAML layer quotes a scalar where a mapping was expected.
    void yamlReader()
    {
        const QByteArray contract = "dataContractSpecification: 1.1.0\nid: c\ninfo: \"one\\ntwo\\u0007\"\n";
        expectPrintable(readDeclarationBytes(contract, u"datacontract.yaml"_s,
                                             DeclarationKind::DataContractSpecification),
                        u"one\\ntwo\\x07"_s);
    }

    // OpenLineage: an event time that is not one.
    void openLineageReader()
    {
        expectPrintable(readOpenLineageBytes(R"({"eventType": "COMPLETE", "eventTime": "2025-06-01\n10:00",)"
                                             R"( "run": {"runId": "r"}, "job": {"namespace": "n", "name": "j"}})",
                                             u"events.json"_s),
                        u"found \"2025-06-01\\n10:00\""_s);
    }
};

QTEST_GUILESS_MAIN(TestPrintableText)
#include "tst_printabletext.moc"
