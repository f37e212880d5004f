// The native reader in pieces (nativechunks.h): large files are split by a scan of their
// structure and parsed a megabyte at a time, reporting progress and polling a cancel flag. Checked here: the split itself (sections,
// chunk bounds, the skeleton, what it refuses), and that a read in pieces gives exactly the
// records and diagnostics of a whole-document read, for every fixture (good and bad), for
// generated meshes in both reference forms, at several chunk sizes, and for a file large
// enough to take the pieces path on its own.

#include "generate/meshgenerator.h"
#include "ingest/nativechunks.h"
#include "ingest/nativereader.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

const std::vector<std::string_view> kArrays = {"domains", "datasets", "edges"};

QString fixtureDir()
{
    QString dir = test::sourceDir();
    if (dir.isEmpty())
        dir = QFileInfo(QString::fromUtf8(__FILE__)).absolutePath() + u"/../.."_s;
    return dir + u"/tests/data/native/"_s;
}

QString n(qint64 v)
{
    return QString::number(v);
}

QString entity(const EntityBase &e)
{
    return e.key + u'|' + e.name + u'|' + e.description + u'|' + e.owner + u'|' + n(e.observedAt)
        + u'|' + n(e.removedAt);
}

/// Every field of every record and every diagnostic, one line each, in batch order.
QStringList fingerprint(const IngestBatch &b)
{
    QStringList out;
    out << u"observedAt "_s + n(b.observedAt);
    for (const Domain &d : b.domains)
        out << u"domain "_s + entity(d);
    for (const Product &p : b.products)
        out << u"product "_s + entity(p) + u'|' + p.domainKey + u'|' + p.tier + u'|'
                + n(int(p.placement));
    for (const Port &p : b.ports)
        out << u"port "_s + entity(p) + u'|' + p.productKey + u'|' + n(int(p.direction)) + u'|'
                + p.datasetKeys.join(u',');
    for (const Dataset &d : b.datasets)
        out << u"dataset "_s + entity(d) + u'|' + d.ns + u'|' + d.productKey + u'|'
                + d.datasetKind + u'|' + n(int(d.placement)) + u'|' + n(qint64(d.facets.size()));
    for (const Job &j : b.jobs)
        out << u"job "_s + entity(j) + u'|' + j.ns + u'|' + j.productKey + u'|'
                + n(int(j.placement));
    for (const LineageEdge &e : b.edges)
        out << u"edge "_s + e.fromKey + u'|' + e.toKey + u'|' + e.jobKey + u'|' + n(e.observedAt)
                + u'|' + n(e.removedAt);
    for (const ColumnLineageEdge &e : b.columnEdges)
        out << u"column "_s + e.fromDatasetKey + u'|' + e.fromColumn + u'|' + e.toDatasetKey
                + u'|' + e.toColumn + u'|' + e.transformation + u'|' + n(e.observedAt);
    for (const Contract &c : b.contracts)
        out << u"contract "_s + c.key + u'|' + c.productKey + u'|' + c.datasetKey + u'|'
                + n(c.freshnessSlaSeconds) + u'|' + c.version + u'|' + n(c.observedAt);
    for (const QualityResult &q : b.quality)
        out << u"quality "_s + q.entityKey + u'|' + q.checkName + u'|' + q.column + u'|'
                + n(int(q.state)) + u'|' + QString::number(q.value, 'g', 17) + u'|' + q.message
                + u'|' + n(q.observedAt);
    for (const FreshnessObservation &f : b.freshness)
        out << u"freshness "_s + f.entityKey + u'|' + n(f.observedAt) + u'|' + n(f.dataTime);
    for (const Diagnostic &d : b.diagnostics)
        out << u"diagnostic "_s + d.toString() + u'|' + n(d.offset);
    return out;
}

IngestBatch read(const QByteArray &json, NativeParse::Mode mode, std::size_t chunkBytes = 1 << 20)
{
    return readNativeBytes(std::string_view(json.constData(), std::size_t(json.size())),
        u"doc.json"_s, NativeParse {mode, chunkBytes});
}

/// Whole and in pieces at several chunk sizes: the same records and diagnostics.
void compareModes(const QByteArray &json)
{
    const QStringList whole = fingerprint(read(json, NativeParse::Whole));
    for (const std::size_t bytes : {std::size_t(1), std::size_t(200), std::size_t(1) << 20}) {
        const QStringList pieces = fingerprint(read(json, NativeParse::Pieces, bytes));
        if (pieces != whole) {
            for (qsizetype i = 0; i < std::max(pieces.size(), whole.size()); ++i) {
                if (pieces.value(i) != whole.value(i))
                    QFAIL(qPrintable(u"chunk size %1, line %2:\n  whole:  %3\n  pieces: %4"_s.arg(
                        n(qint64(bytes)), n(i), whole.value(i), pieces.value(i))));
            }
        }
    }
}

QByteArray generated(int datasets, int indexReferencesFrom)
{
    GeneratorOptions options;
    options.datasets = datasets;
    options.seed = 11;
    options.indexReferencesFrom = indexReferencesFrom;
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    if (!writeGeneratedMesh(options, GeneratorFormat::Native, out).ok())
        qFatal("the generator failed");
    return out.data();
}

} // namespace

class TestNativePieces : public QObject {
    Q_OBJECT

private slots:
    void splitFindsSectionsAndChunks()
    {
        // Brackets, commas and escaped quotes inside strings; an unknown array and a
        // non-array section left in the skeleton.
        const std::string doc = " {\"edges\" : [ {\"a\":\"x]},\\\"{\"} , [1,[2]] ,3],"
                                "\"other\":[1,2],\"domains\":null,"
                                "\"datasets\" :\n[ {\"k\":2},{\"k\":\"\\\\\"}, {} ],\"empty\":{},"
                                "\"edges2\":[]} ";
        nativechunks::Split split;
        QVERIFY(nativechunks::split(doc, kArrays, 1, 64, &split));
        const std::string skeleton = "{\"edges\":[],\"other\":[1,2],\"domains\":null,"
                                     "\"datasets\":[],\"empty\":{},\"edges2\":[]}";
        QCOMPARE(split.skeleton, skeleton);
        QCOMPARE(split.sections.size(), std::size_t(2));
        const nativechunks::Section &edges = split.sections[0];
        QCOMPARE(edges.name, std::string_view("edges"));
        QCOMPARE(edges.chunks.size(), std::size_t(3)); // 1 byte: one element per chunk
        const std::string_view firstEdge = "{\"a\":\"x]},\\\"{\"}";
        QCOMPARE(edges.chunks[0].text, firstEdge);
        QCOMPARE(edges.chunks[1].text, std::string_view("[1,[2]]"));
        QCOMPARE(edges.chunks[2].text, std::string_view("3"));
        QCOMPARE(edges.chunks[2].first, std::size_t(2));
        const nativechunks::Section &datasets = split.sections[1];
        QCOMPARE(datasets.name, std::string_view("datasets"));
        QCOMPARE(datasets.chunks.size(), std::size_t(3));
        const std::string_view secondDataset = "{\"k\":\"\\\\\"}";
        QCOMPARE(datasets.chunks[1].text, secondDataset);

        // Larger chunks group elements, commas between them included, none around.
        QVERIFY(nativechunks::split(doc, kArrays, 64, 64, &split));
        QCOMPARE(split.sections[1].chunks.size(), std::size_t(1));
        const std::string_view allDatasets = "{\"k\":2},{\"k\":\"\\\\\"}, {}";
        QCOMPARE(split.sections[1].chunks[0].text, allDatasets);
        QCOMPARE(split.sections[1].chunks[0].count, std::size_t(3));
        QCOMPARE(split.sections[1].chunks[0].first, std::size_t(0));
    }

    void splitRefusesWhatItDoesNotExpect_data()
    {
        QTest::addColumn<QByteArray>("doc");
        QTest::newRow("an array at the top") << QByteArray("[1]");
        QTest::newRow("no closing brace") << QByteArray("{\"datasets\":[1]");
        QTest::newRow("truncated in a string") << QByteArray("{\"datasets\":[{\"a\":\"b");
        QTest::newRow("missing comma") << QByteArray("{\"datasets\":[1 2]}");
        QTest::newRow("missing colon") << QByteArray("{\"datasets\" [1]}");
        QTest::newRow("escape in a member name") << QByteArray("{\"data\\u0073ets\":[1]}");
        QTest::newRow("garbage after the object") << QByteArray("{\"datasets\":[1]} x");
        QTest::newRow("an element closed early") << QByteArray("{\"datasets\":[{\"a\":1}}]}");
        QTest::newRow("nesting too deep") << QByteArray("{\"datasets\":[[[[[[1]]]]]]}");
        QTest::newRow("an empty element") << QByteArray("{\"datasets\":[1,,2]}");
        QTest::newRow("a record array twice") << QByteArray("{\"datasets\":[1],\"datasets\":[2]}");
        QTest::newRow("depth at the limit") << QByteArray("{\"datasets\":[[[[1]]]]}");
    }

    void splitRefusesWhatItDoesNotExpect()
    {
        QFETCH(QByteArray, doc);
        nativechunks::Split split;
        QVERIFY(!nativechunks::split(doc.toStdString(), kArrays, 1 << 20, 5, &split));
    }

    // Every fixture, good or bad: what a piece's parse refuses goes back to the whole
    // document, so the diagnostics are the whole read's, with its positions.
    void fixturesReadTheSameInPieces_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(fixtureDir());
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 10);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void fixturesReadTheSameInPieces()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        compareModes(file.readAll());
    }

    // Text the scan passes but simdjson refuses inside a piece: the read starts over whole
    // and keeps none of the records read from earlier pieces.
    void aRefusedPieceSendsTheReadBackToTheWhole_data()
    {
        QTest::addColumn<QByteArray>("doc");
        const QByteArray head = "{\"format\":\"meshlens-mesh\",\"version\":1,\"generatedAt\":\"2025-06-01T00:00:00Z\","
                                "\"domains\":[{\"key\":\"domain:a\"},{\"key\":\"domain:b\"}],\"datasets\":["
                                "{\"namespace\":\"pg\",\"name\":\"t1\"},";
        QTest::newRow("mismatched brackets") << head + "{\"namespace\":\"pg\",\"name\":\"t2\"]]}";
        QTest::newRow("invalid UTF-8") << head + "{\"namespace\":\"pg\",\"name\":\"t\xff\"}]}";
        QTest::newRow("a bare word") << head + "{\"namespace\":pg,\"name\":\"t2\"}]}";
        QTest::newRow("a control character") << head + "{\"namespace\":\"p\x01g\",\"name\":\"t2\"}]}";
        QTest::newRow("a bad header value") << QByteArray("{\"format\":\"meshlens-mesh\",\"version\":1,\"generatedAt\":x,\"datasets\":[]}");
    }

    void aRefusedPieceSendsTheReadBackToTheWhole()
    {
        QFETCH(QByteArray, doc);
        const IngestBatch pieces = read(doc, NativeParse::Pieces, 1);
        QVERIFY(pieces.hasErrors());
        QCOMPARE(pieces.recordCount(), qint64(0));
        compareModes(doc);
    }

    // Where the pieces could see less than the whole read: a record array twice (the first
    // one invalid), nesting around the depth limit, and sections the reader never gets to
    // (a bad header, too many errors) that hold invalid JSON.
    void edgeCasesReadTheSameInPieces_data()
    {
        QTest::addColumn<QByteArray>("doc");
        const QByteArray head = "{\"format\":\"meshlens-mesh\",\"version\":1,"
                                "\"generatedAt\":\"2025-06-01T00:00:00Z\",";
        const QByteArray valid = "{\"namespace\":\"pg\",\"name\":\"t\"}";
        QTest::newRow("a record array twice, the first invalid")
            << head + "\"datasets\":[{\"a\":tru,\"b\":\"\xff\"}],\"datasets\":[" + valid + "]}";
        QTest::newRow("a record array twice, both valid")
            << head + "\"datasets\":[" + valid + "],\"datasets\":[" + valid + "," + valid + "]}";
        for (const int levels : {60, 61, 62, 63, 64, 65}) {
            const QByteArray deep = QByteArray(levels, '[') + "1" + QByteArray(levels, ']');
            QTest::addRow("%d levels in a record", levels)
                << head + "\"datasets\":[{\"namespace\":\"pg\",\"name\":\"t\",\"x\":" + deep + "}]}";
            QTest::addRow("%d levels in an unknown member", levels)
                << head + "\"x\":" + deep + ",\"datasets\":[" + valid + "]}";
        }
        QByteArray manyBad = head + "\"domains\":[";
        for (int i = 0; i < 60; ++i)
            manyBad += QByteArray(i ? "," : "") + "{\"key\":5}";
        QTest::newRow("too many errors, then invalid UTF-8")
            << manyBad + "],\"datasets\":[{\"namespace\":\"p\xffg\",\"name\":\"t\"}]}";
        QTest::newRow("a newer version, then a bare word")
            << QByteArray("{\"format\":\"meshlens-mesh\",\"version\":99,\"generatedAt\":"
                          "\"2025-06-01T00:00:00Z\",\"datasets\":[{\"namespace\":pg}]}");
    }

    void edgeCasesReadTheSameInPieces()
    {
        QFETCH(QByteArray, doc);
        compareModes(doc);
    }

    void generatedMeshesReadTheSameInPieces()
    {
        for (const int indexReferencesFrom : {-1, 0}) {
            const QByteArray json = generated(300, indexReferencesFrom);
            const IngestBatch b = read(json, NativeParse::Pieces, 4096);
            QVERIFY2(b.diagnostics.isEmpty(), qPrintable(b.diagnostics.value(0).toString()));
            QVERIFY(b.datasets.size() == 300 && !b.edges.empty() && !b.quality.empty());
            compareModes(json);
        }
    }

    // A file above the size where files are read in pieces on their own (mapped, with the
    // pages of each piece handed back): the same batch as the whole read of its bytes.
    void aLargeFileTakesThePiecesPath()
    {
        const IngestBatch whole = read(largeFile(), NativeParse::Whole);
        const IngestBatch fromFile = readNativeFile(m_largePath);
        QVERIFY(fromFile.diagnostics.isEmpty());
        QCOMPARE(qint64(fromFile.datasets.size()), 20000);
        QVERIFY(fingerprint(fromFile) == fingerprint(whole));
    }

    // Read in pieces, a file says how far the read got after each piece, and a cancel stops
    // it at the next piece with a batch that cannot be written.
    void aLargeFileReportsProgressAndStopsWhenCancelled()
    {
        const qint64 size = largeFile().size();
        std::vector<qint64> seen;
        const IngestBatch b = readNativeFile(m_largePath, nullptr, [&](qint64 done, qint64 total) {
            QCOMPARE(total, size);
            seen.push_back(done);
        });
        QVERIFY(!b.hasErrors());
        QVERIFY2(seen.size() >= 8, qPrintable(n(qint64(seen.size())))); // ~1 MB pieces
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY(seen.front() > 0 && seen.front() < size / 4);
        QCOMPARE(seen.back(), size);

        std::atomic_bool cancel = false;
        int calls = 0;
        const IngestBatch stopped = readNativeFile(m_largePath, &cancel, [&](qint64, qint64) {
            if (++calls == 3)
                cancel = true;
        });
        QCOMPARE(calls, 3);
        QVERIFY(stopped.hasErrors());
        QCOMPARE(stopped.recordCount(), qint64(0));
        QCOMPARE(stopped.diagnostics.size(), 1);
        QVERIFY2(stopped.diagnostics.front().message.contains(u"cancelled"_s),
            qPrintable(stopped.diagnostics.front().message));
    }

private:
    /// A generated mesh of 20,000 datasets (over 8 MB), written to m_largePath once.
    const QByteArray &largeFile()
    {
        if (m_large.isEmpty()) {
            m_large = generated(20000, -1);
            // Ending 1000 bytes into a page, the file is mapped (readNativeFile() maps files
            // whose last page leaves room for simdjson's padding): the path that hands back
            // each piece's pages.
            m_large += QByteArray((1000 - m_large.size() % 4096 + 4096) % 4096, ' ');
            if (m_large.size() <= (8 << 20) || m_large.size() % 4096 != 1000)
                qFatal("the large file is only %lld bytes", qint64(m_large.size()));
            m_largePath = m_dir.filePath(u"large.json"_s);
            QFile out(m_largePath);
            if (!out.open(QIODevice::WriteOnly) || out.write(m_large) != m_large.size())
                qFatal("cannot write %s", qPrintable(m_largePath));
        }
        return m_large;
    }

    QTemporaryDir m_dir;
    QByteArray m_large;
    QString m_largePath;
};

QTEST_GUILESS_MAIN(TestNativePieces)
#include "tst_nativepieces.moc"
