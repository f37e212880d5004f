// The in-memory entry points of the readers (what the fuzz targets call, tests/fuzz/): for
// every format, reading a file's bytes under the file's name gives the same batch as reading
// the file: the same records, keys and diagnostics. Through readInputBytes (format detection
// and dispatch) for the project's fixtures and, when the shared corpus is there, a DataHub,
// an OpenMetadata and an Atlas file; and through readDbtArtifactsBytes for a dbt manifest with
// its three companions.

#include "ingest/dbtreader.h"
#include "ingest/ingestpipeline.h"

#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <algorithm>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Everything a batch holds that a reader decides, as text: counts, keys, diagnostics.
QString fingerprint(const IngestBatch &b)
{
    QStringList keys;
    for (const Dataset &d : b.datasets)
        keys << d.key + u'|' + d.productKey + u'|' + d.owner + u'|' + d.description;
    for (const Job &j : b.jobs)
        keys << j.key;
    for (const LineageEdge &e : b.edges)
        keys << e.fromKey + u">"_s + e.toKey + u'@' + e.jobKey;
    for (const Product &p : b.products)
        keys << p.key;
    for (const Diagnostic &d : b.diagnostics)
        keys << d.toString();
    std::sort(keys.begin(), keys.end());
    return u"%1 %2 records, observed %3\n"_s.arg(b.source.source).arg(b.recordCount()).arg(b.observedAt)
        + keys.join(u'\n');
}

QString readWhole(const QString &path, const QByteArray *bytes)
{
    QString all;
    const auto sink = [&](IngestBatch &&b) {
        all += fingerprint(b) + u"\n--\n"_s;
        return true;
    };
    if (bytes)
        readInputBytes(*bytes, path, sink);
    else
        readInputFile(path, sink);
    return all;
}

} // namespace

class TestBytesReaders : public QObject {
    Q_OBJECT

private slots:
    void sameAsFile_data()
    {
        QTest::addColumn<QString>("path");
        const QString src = test::sourceDir();
        QStringList files;
        for (const QString &dir : {u"tests/data/native"_s, u"tests/data/declarations"_s,
                                   u"tests/fuzz/seeds/fuzz_openlineage"_s, u"tests/fuzz/seeds/fuzz_ingest"_s}) {
            QDirIterator it(src + u'/' + dir, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
        }
        std::sort(files.begin(), files.end());
        QVERIFY(files.size() >= 25);
        for (const QString &f : std::as_const(files))
            QTest::newRow(qPrintable(f.mid(src.size() + 1))) << f;
    }

    void sameAsFile()
    {
        QFETCH(QString, path);
        const QByteArray bytes = contents(path);
        const QString fromFile = readWhole(path, nullptr);
        const QString fromBytes = readWhole(path, &bytes);
        QVERIFY(!fromFile.isEmpty());
        QCOMPARE(fromBytes, fromFile);
    }

    void sameAsFileCorpus_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("minRecords");
        QTest::newRow("datahub") << u"tengis__datahub/metadata-ingestion/examples/mce_files/test_domains.json"_s << 1;
        QTest::newRow("openmetadata-tables") << u"KEN-LJQ__MetadataGuard/ingestion/examples/sample_data/glue/tables.json"_s << 2;
        QTest::newRow("openmetadata-lineage") << u"KEN-LJQ__MetadataGuard/ingestion/examples/sample_data/lineage/lineage.json"_s << 1;
        QTest::newRow("atlas") << u"apache__atlas/repository/src/test/resources/json/entities/db01.json"_s << 0;
    }

    void sameAsFileCorpus()
    {
        QFETCH(QString, path);
        QFETCH(int, minRecords);
        const QString corpus = test::corpusDir();
        if (corpus.isEmpty())
            QSKIP("no corpus (../shared/corpus or MESHLENS_CORPUS)");
        const QString file = corpus + u'/' + path;
        const QByteArray bytes = contents(file);
        QVERIFY2(!bytes.isEmpty(), qPrintable(file));
        IngestBatch whole = readInputFile(file);
        QVERIFY2(whole.recordCount() >= minRecords, qPrintable(fingerprint(whole)));
        QCOMPARE(readWhole(file, &bytes), readWhole(file, nullptr));
    }

    // A manifest with its companions in memory reads as the folder does.
    void dbtWithCompanions()
    {
        const QString dir = test::sourceDir() + u"/tests/data/dbt/shop/"_s;
        DbtReadSummary fromFile;
        const IngestBatch a = readDbtArtifacts(dir + u"manifest.json"_s, &fromFile);
        QCOMPARE(fromFile.filesRead.size(), 4);
        std::vector<DbtArtifactBytes> companions;
        for (const auto &[kind, name] : {std::pair {DbtArtifact::RunResults, u"run_results.json"_s},
                                         std::pair {DbtArtifact::Sources, u"sources.json"_s},
                                         std::pair {DbtArtifact::Catalog, u"catalog.json"_s}})
            companions.push_back({kind, contents(dir + name), dir + name});
        DbtReadSummary fromBytes;
        const IngestBatch b = readDbtArtifactsBytes(contents(dir + u"manifest.json"_s),
                                                    dir + u"manifest.json"_s, companions, &fromBytes);
        QCOMPARE(fromBytes.filesRead, fromFile.filesRead);
        QCOMPARE(fromBytes.runResults, fromFile.runResults);
        QVERIFY(fromBytes.runResults > 0);
        QCOMPARE(fromBytes.sourceResults, fromFile.sourceResults);
        QCOMPARE(fingerprint(b), fingerprint(a));

        // Through the pipeline, a manifest in memory is read alone: no companion is looked up.
        IngestBatch alone;
        readInputBytes(contents(dir + u"manifest.json"_s), dir + u"manifest.json"_s,
                       [&](IngestBatch &&batch) { alone = std::move(batch); return true; });
        QVERIFY(!alone.hasErrors());
        QVERIFY(alone.quality.size() < a.quality.size());
        QCOMPARE(alone.datasets.size(), a.datasets.size());
    }

    // Bytes that are nothing MeshLens reads get the same diagnostic as such a file.
    void unknownAndEmpty()
    {
        for (const QByteArray &bytes : {QByteArray(), QByteArray("   \n"), QByteArray("\x00\x01garbage", 9),
                                        QByteArray("key: value\n")}) {
            Diagnostics diags;
            readInputBytes(bytes, u"in-memory.txt"_s, [&](IngestBatch &&b) { diags << b.diagnostics; return true; });
            QCOMPARE(diags.size(), 1);
            QCOMPARE(diags.first().file, u"in-memory.txt"_s);
            QVERIFY2(diags.first().message.startsWith(bytes.trimmed().isEmpty() ? u"empty file"_s
                                                                                 : u"not a format MeshLens reads"_s),
                     qPrintable(diags.first().message));
        }
    }
};

QTEST_GUILESS_MAIN(TestBytesReaders)
#include "tst_bytesreaders.moc"
