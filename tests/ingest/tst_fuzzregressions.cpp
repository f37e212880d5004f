// Inputs the libFuzzer targets (tests/fuzz/, docs/fuzzing.md) found to break a reader's
// promise, each with the diagnostic it gets now. The inputs are written here byte for byte as
// the fuzzer wrote them (also in tests/fuzz/regressions/<target>/, which run_all.sh replays
// through the fuzz targets before fuzzing).

#include "ingest/declarationreader.h"
#include "ingest/yamlfile.h"

#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private slots:
    // fuzz_dmm: a double-quoted YAML scalar whose last byte is a backslash. yaml-cpp reports
    // the bad escape one byte past the end of the text (it reads ahead) and names the end of
    // the input as the character 0x04: the diagnostic pointed at offset 6 of a 5-byte file,
    // column 7, and its message held a control character. Now: the end of the file, and the
    // end named in words.
    void yamlEscapeAtEndOfInput()
    {
        const QByteArray input("\"\\\\*\\", 5); // "\\*\   (5 bytes)
        Diagnostics diags;
        const YamlDocument doc = YamlDocument::parse(input, u"in.yaml"_s, &diags);
        QVERIFY(!doc.isValid());
        QCOMPARE(diags.size(), 1);
        const Diagnostic &d = diags.first();
        QCOMPARE(d.file, u"in.yaml"_s);
        QCOMPARE(d.line, qint64(1));
        QCOMPARE(d.column, qint64(6));
        QCOMPARE(d.offset, qint64(5));
        QCOMPARE(d.message, u"not valid YAML: unknown escape character: the end of the input; "
                            "expected a YAML or JSON document"_s);

        // The same through a reader and through detection and dispatch (as a DMM product).
        const IngestBatch batch = readDeclarationBytes(input, u"dp.yaml"_s, DeclarationKind::DmmDataProduct);
        QCOMPARE(batch.diagnostics.size(), 1);
        QCOMPARE(batch.diagnostics.first().offset, qint64(5));
        QCOMPARE(batch.diagnostics.first().column, qint64(6));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
