// The OpenLineage reader maps a regular file and parses it where it lies (only the last chunk
// is copied, for simdjson's padding). Whatever the chunk size, mapped and read through
// read() give the same batches, record for record, with the same diagnostics: events across
// chunk ends, an event larger than a chunk, bad lines in the middle and at the very end, a
// file that ends on a page boundary, a sink that stops early, and the corpus's real events.

#include "ingest/ingestpipeline.h"
#include "ingest/openlineagereader.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

const char kEvent[] =
    R"({"eventType":"COMPLETE","eventTime":"2025-05-01T10:00:00Z","producer":"p","schemaURL":"s",)"
    R"("run":{"runId":"rNUM"},"job":{"namespace":"etl","name":"job_NUM"},)"
    R"("inputs":[{"namespace":"pg://db","name":"shop.raw_NUM"}],)"
    R"("outputs":[{"namespace":"pg://db","name":"shop.tNUM","facets":{"documentation":)"
    R"({"_producer":"p","description":"DOC"}}}]})";

QByteArray eventLine(int i, qsizetype docBytes = 8)
{
    QByteArray e = kEvent;
    e.replace("NUM", QByteArray::number(i));
    e.replace("DOC", QByteArray(docBytes, 'd'));
    return e;
}

/// Everything a batch says, one line per record, in order.
QStringList fingerprint(const IngestBatch &b)
{
    QStringList out {u"batch %1 %2 %3 %4 %5"_s.arg(b.datasets.size()).arg(b.jobs.size())
                         .arg(b.edges.size()).arg(b.freshness.size()).arg(b.quality.size())};
    for (const Dataset &d : b.datasets) {
        QString facets;
        for (const RawFacet &f : d.facets)
            facets += f.name + u'=' + QString::fromUtf8(f.json) + u';';
        out << u"dataset %1 %2 %3 %4"_s.arg(d.key, d.name, d.description, facets);
    }
    for (const Job &j : b.jobs)
        out << u"job "_s + j.key;
    for (const LineageEdge &e : b.edges)
        out << u"edge %1 %2 %3"_s.arg(e.fromKey, e.toKey, e.jobKey);
    for (const Diagnostic &d : b.diagnostics)
        out << u"diagnostic "_s + d.toString();
    return out;
}

QStringList readAll(const QString &path, bool mapped, qint64 chunkBytes, int stopAfter = -1,
                    qint64 *lastProgress = nullptr)
{
    OpenLineageReadOptions options;
    options.mapFile = mapped;
    bool wasMapped = !mapped;
    options.mapped = &wasMapped;
    options.chunkBytes = chunkBytes;
    options.eventsPerBatch = 700;
    if (lastProgress)
        options.progress = [&](qint64 done, qint64) { *lastProgress = done; };
    QStringList out;
    int batches = 0;
    readOpenLineageFile(path, [&](IngestBatch &&b) {
        out << fingerprint(b);
        return ++batches != stopAfter;
    }, options);
    // Each path is the one asked for: a mapping that silently failed would compare the
    // read() path with itself.
    if (wasMapped != mapped)
        out << u"mapped: %1, asked: %2"_s.arg(wasMapped).arg(mapped);
    return out;
}

} // namespace

class TestOpenLineageMapped : public QObject
{
    Q_OBJECT

private slots:
    void mappedAndReadAgree()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"events.ndjson"_s);
        QByteArray text;
        for (int i = 0; i < 2500; ++i) {
            if (i == 900)
                text += "{\"eventTime\": 12, oops\n";  // a bad line: costs only itself
            // One event far larger than the 64 KiB chunks below: the window widens.
            text += eventLine(i, i == 1500 ? 300 * 1024 : 8) + '\n';
        }
        QVERIFY(test::writeFile(path, text));
        const QStringList reference = readAll(path, false, 32 << 20);
        QVERIFY(reference.size() > 2500 * 3);
        QVERIFY(reference.join(u'\n').contains(u"diagnostic"_s));
        for (const qint64 chunk : {qint64(256), qint64(64) << 10, qint64(1) << 20, qint64(32) << 20}) {
            QCOMPARE(readAll(path, true, chunk), reference);
            QCOMPARE(readAll(path, false, chunk), reference);
        }
        // Progress reaches the end of the file on both paths.
        qint64 mappedEnd = 0, readEnd = 0;
        readAll(path, true, 64 << 10, -1, &mappedEnd);
        readAll(path, false, 64 << 10, -1, &readEnd);
        QCOMPARE(mappedEnd, text.size());
        QCOMPARE(readEnd, text.size());
    }

    // A character of 2 to 4 UTF-8 bytes cut by the end of a 64 KiB window: the window ends
    // after its last whole line, so the event across it is read whole (it was an "invalid
    // UTF-8" error that failed its batch). Against the whole text read at once.
    void aCharacterAcrossAWindowEnd_data()
    {
        QTest::addColumn<QByteArray>("character");
        QTest::addColumn<int>("bytesBefore");
        for (const auto &[name, character] : {std::pair {"emoji", QByteArray("\xF0\x9F\x98\x80")},
                                               std::pair {"cjk", QByteArray("\xE8\xA1\xA8")},
                                               std::pair {"latin", QByteArray("\xC3\xB6")}}) {
            for (int before = 1; before < character.size(); ++before)
                QTest::addRow("%s, %d of %lld bytes before the end", name, before, qint64(character.size()))
                    << character << before;
        }
    }

    void aCharacterAcrossAWindowEnd()
    {
        QFETCH(QByteArray, character);
        QFETCH(int, bytesBefore);
        constexpr qsizetype kWindow = 64 * 1024;
        QByteArray text;
        int events = 0;
        while (text.size() < kWindow - 2000)
            text += eventLine(events++) + '\n';
        // The next event's description puts the character's first `bytesBefore` bytes at
        // the end of the window.
        QByteArray e = eventLine(events++, 8);
        const qsizetype at = e.indexOf("dddddddd");
        const qsizetype fill = kWindow - text.size() - at - bytesBefore;
        QVERIFY(fill > 0);
        e.replace(at, 8, QByteArray(QByteArray(fill, 'x') + character + QByteArray("yz")));
        text += e + '\n';
        QCOMPARE(text.mid(kWindow - bytesBefore, character.size()), character);
        for (int i = 0; i < 50; ++i)
            text += eventLine(events++) + '\n';
        QTemporaryDir dir;
        const QString path = dir.filePath(u"split.ndjson"_s);
        QVERIFY(test::writeFile(path, text));

        const IngestBatch whole = readOpenLineageBytes(text.toStdString(), path);
        QCOMPARE(whole.diagnostics.size(), 0);
        QCOMPARE(int(whole.jobs.size()), events);
        for (const bool mapped : {true, false}) {
            const QStringList got = readAll(path, mapped, kWindow);
            QVERIFY2(got.filter(u"diagnostic"_s).isEmpty(), qPrintable(got.filter(u"diagnostic"_s).join(u'\n')));
            QCOMPARE(got.filter(u"job "_s).size(), events);
            QVERIFY(got.join(u'\n').contains(QString::fromUtf8(character + "yz")));
        }
    }

    void endsOfFile_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::newRow("newline") << QByteArray("\n");
        QTest::newRow("no newline") << QByteArray();
        QTest::newRow("truncated event") << QByteArray("\n{\"eventType\":\"COMPLETE\",\"run\":{");
        QTest::newRow("trailing blanks") << QByteArray("\n  \n\t\n");
    }

    void endsOfFile()
    {
        QFETCH(QByteArray, tail);
        QTemporaryDir dir;
        for (const bool pageAligned : {false, true}) {
            const QString path = dir.filePath(u"end.ndjson"_s);
            QByteArray text;
            for (int i = 0; i < 400; ++i)
                text += eventLine(i) + '\n';
            text.chop(1);
            text += tail;
            if (pageAligned) {  // the mapping ends exactly on a page: nothing readable past it
                const qsizetype pad = (4096 - (text.size() + 1) % 4096) % 4096;
                text = text + QByteArray(pad, ' ') + '\n';
                QCOMPARE(text.size() % 4096, 0);
            }
            QVERIFY(test::writeFile(path, text));
            const QStringList reference = readAll(path, false, 64 << 10);
            QCOMPARE(readAll(path, true, 64 << 10), reference);
            QCOMPARE(readAll(path, true, 32 << 20), reference);
        }
    }

    // The file shrinks while it is mapped and read (a log rotated under the reader): the
    // pages it lost would raise SIGBUS and kill the process; they read as zeros instead, and
    // the reader says what happened. Lost only within its last page, no page faults: the
    // reader sees it by the file's size at the end. The batches before are whole.
    void aFileThatShrinksWhileMappedIsReported_data()
    {
        QTest::addColumn<bool>("wholePages");
        QTest::newRow("most of the file") << true;
        QTest::newRow("within its last page") << false;
    }

    void aFileThatShrinksWhileMappedIsReported()
    {
        QFETCH(bool, wholePages);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"shrinks.ndjson"_s);
        QByteArray text;
        for (int i = 0; i < 6000; ++i)
            text += eventLine(i) + '\n';
        // 2000 bytes into its last page, so that losing 10 loses no page.
        text += QByteArray((2000 - text.size() % 4096 + 4096) % 4096, '\n');
        QCOMPARE(text.size() % 4096, 2000);
        QVERIFY(test::writeFile(path, text));
        const qint64 newSize = wholePages ? 4096 : text.size() - 10;
        OpenLineageReadOptions options;
        options.chunkBytes = 64 << 10;
        options.eventsPerBatch = 700;
        bool mapped = false;
        options.mapped = &mapped;
        QStringList diagnostics;
        int batches = 0, cleanBatches = 0;
        bool resized = false;
        readOpenLineageFile(path, [&](IngestBatch &&b) -> bool {
            if (++batches == 1)
                resized = QFile::resize(path, newSize);
            for (const Diagnostic &d : b.diagnostics)
                diagnostics << d.toString();
            cleanBatches += b.hasErrors() ? 0 : 1;
            return true;
        }, options);
        QVERIFY(resized);
        QVERIFY(mapped);
        QVERIFY(cleanBatches >= 1);
        const QString expected = wholePages
            ? u"the file changed while it was read: it is shorter than the %1 bytes"_s.arg(text.size())
            : u"the file changed while it was read: it has %1 bytes now, %2 when reading began"_s.arg(newSize).arg(text.size());
        QVERIFY2(diagnostics.join(u'\n').contains(expected), qPrintable(diagnostics.join(u'\n')));
    }

    void aSinkThatStopsStopsBothPaths()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"stop.ndjson"_s);
        QByteArray text;
        for (int i = 0; i < 3000; ++i)
            text += eventLine(i) + '\n';
        QVERIFY(test::writeFile(path, text));
        const QStringList mapped = readAll(path, true, 64 << 10, 1);
        QCOMPARE(mapped, readAll(path, false, 64 << 10, 1));
        QCOMPARE(mapped.filter(u"batch "_s).size(), 1);
    }

    void corpusEventsAgree()
    {
        const QString corpus = test::corpusDir();
        if (corpus.isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        const QStringList files = test::corpusOpenLineageFiles();
        for (const QString &path : files) {
            const QStringList reference = readAll(path, false, 32 << 20);
            QCOMPARE(readAll(path, true, 32 << 20), reference);
            QCOMPARE(readAll(path, true, 64 << 10), reference);
        }
        QVERIFY2(files.size() > 100, qPrintable(QString::number(files.size())));
    }
};

QTEST_GUILESS_MAIN(TestOpenLineageMapped)
#include "tst_openlineagemapped.moc"
