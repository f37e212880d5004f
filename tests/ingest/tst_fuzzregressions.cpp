// Inputs the libFuzzer targets (tests/fuzz/, docs/fuzzing.md) found to break a reader's
// promise, each with the diagnostic it gets now. The inputs are written here byte for byte as
// the fuzzer wrote them (also in tests/fuzz/regressions/<target>/, which run_all.sh replays
// through the fuzz targets before fuzzing).

#include "ingest/declarationreader.h"
#include "ingest/openlineagereader.h"
#include "ingest/yamlfile.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
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

    // fuzz_openlineage_stream: a pretty-printed event broken in its 16th line, read in
    // 256-byte chunks. After the bad document the reader parses the rest of the chunk again,
    // where simdjson finds no whole document; its count of the bytes left over was then a
    // stale index (1094795586 for 234 bytes), the reader said it had consumed more than the
    // chunk, and counting that chunk's lines read far past it (UBSan: pointer overflow; a
    // crash without it). Now: the error where the document breaks first, then (the reader
    // resumes line by line, as for NDJSON) errors at later lines, all inside the file, mapped
    // or read, until the reader stops after twenty errors and says so.
    void openLineageStaleLeftoverCount()
    {
        const QString path = test::sourceDir()
            + u"/tests/fuzz/regressions/fuzz_openlineage_stream/stale-truncated-count.json"_s;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const qint64 lines = file.readAll().count('\n') + 1;
        QStringList seen[2];
        for (const bool mapped : {true, false}) {
            OpenLineageReadOptions options;
            options.chunkBytes = 256;
            options.mapFile = mapped;
            options.eventsPerBatch = 2;
            qint64 lastProgress = 0;
            options.progress = [&](qint64 done, qint64) { lastProgress = done; };
            Diagnostics diags;
            readOpenLineageFile(path, [&](IngestBatch &&b) {
                diags << b.diagnostics;
                return true;
            }, options);
            // Twenty errors, then the reader stops (a batch with errors is not written: past
            // that, reading on only costs time) and says so.
            QCOMPARE(diags.size(), 21);
            QCOMPARE(diags.last().message, u"stopped reading after 20 errors"_s);
            QVERIFY(lastProgress > 0 && lastProgress <= file.size());
            diags.removeLast();
            QCOMPARE(diags.first().line, qint64(23));
            QCOMPARE(diags.first().column, qint64(1));
            QCOMPARE(diags.first().message, u"expected ':' after the member name, found '\"'"_s);
            for (const Diagnostic &d : diags) {
                QCOMPARE(d.file, path);
                QVERIFY2(d.line >= 1 && d.line <= lines, qPrintable(d.toString()));
                QVERIFY2(d.offset >= 0 && d.offset <= file.size(), qPrintable(d.toString()));
                seen[mapped ? 0 : 1] << d.toString();
            }
        }
        // The first error is the same either way. (The line-by-line errors after it depend on
        // where each path's windows end: the same lines, other details.)
        QCOMPARE(seen[0].size(), seen[1].size());
        QCOMPARE(seen[0].first(), seen[1].first());
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
