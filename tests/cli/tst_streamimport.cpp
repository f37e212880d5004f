// A large OpenLineage stream into an empty cache is built in one new file and renamed onto
// the cache at the end (MeshCache::beginStream()): `meshlens-cli ingest` killed at any
// moment leaves the cache with nothing or with the whole file, and a finished import has
// every batch of the stream (several batches of at most 50,000 events).

#include "cache/meshcache.h"
#include "generate/meshgenerator.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr int kRounds = 6;

qint64 datasetsIn(const QString &cache)
{
    if (!QFileInfo::exists(cache))
        return 0;
    auto opened = MeshCache::open(cache, MeshCache::OpenMode::ReadOnly);
    if (!opened)
        return -1;
    auto stats = opened.value()->stats();
    return stats ? stats->datasets + stats->jobs : -1;
}

}  // namespace

class TestStreamImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_events;
    qint64 m_complete = 0;

private slots:
    void initTestCase();
    void finishedImportHasEveryBatch();
    void killedImportLeavesNothingOrEverything();
};

void TestStreamImport::initTestCase()
{
    QVERIFY2(!test::cliPath().isEmpty(), "MESHLENS_CLI is not set");
    // ~30 MB of events: over the stream threshold (16 MB), several batches.
    GeneratorOptions options;
    options.datasets = 6000;
    options.seed = 7;
    m_events = m_dir.filePath(u"events.ndjson"_s);
    QFile f(m_events);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(writeGeneratedMesh(options, GeneratorFormat::OpenLineage, f));
    f.close();
    QVERIFY2(QFileInfo(m_events).size() > (16 << 20), qPrintable(QString::number(QFileInfo(m_events).size())));
}

void TestStreamImport::finishedImportHasEveryBatch()
{
    const QString cache = m_dir.filePath(u"whole.meshlens"_s);
    QProcess p;
    p.start(test::cliPath(), {u"ingest"_s, cache, m_events});
    QVERIFY(p.waitForFinished(300000));
    QCOMPARE(p.exitCode(), 0);
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    QVERIFY2(out.contains(u"1 file(s) written, 0 rejected"_s), qPrintable(out));
    m_complete = datasetsIn(cache);
    // Every dataset of the generator and its job (one per dataset), plus the quality jobs.
    QVERIFY2(m_complete > 2 * 6000, qPrintable(QString::number(m_complete)));
    // Nothing is left next to the cache.
    const QStringList left = QDir(m_dir.path()).entryList({u"whole.meshlens.building-*"_s}, QDir::Files | QDir::Hidden);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u' ')));
}

void TestStreamImport::killedImportLeavesNothingOrEverything()
{
    QVERIFY(m_complete > 0);
    QElapsedTimer whole;
    int nothing = 0, everything = 0;
    for (int round = 0; round < kRounds; ++round) {
        const QString cache = m_dir.filePath(u"killed%1.meshlens"_s.arg(round));
        QProcess p;
        p.start(test::cliPath(), {u"ingest"_s, cache, m_events});
        QVERIFY(p.waitForStarted());
        QTest::qWait(100 + QRandomGenerator::global()->bounded(1500));
        p.kill();  // SIGKILL
        p.waitForFinished();
        const qint64 n = datasetsIn(cache);
        QVERIFY2(n == 0 || n == m_complete,
                 qPrintable(u"round %1: %2 datasets and jobs, expected 0 or %3"_s.arg(round).arg(n).arg(m_complete)));
        ++(n == 0 ? nothing : everything);
        // The next ingest into it removes what the killed build left and completes.
        QProcess again;
        again.start(test::cliPath(), {u"ingest"_s, cache, m_events});
        QVERIFY(again.waitForFinished(300000));
        QCOMPARE(again.exitCode(), 0);
        QCOMPARE(datasetsIn(cache), m_complete);
        const QStringList left = QDir(m_dir.path()).entryList({QFileInfo(cache).fileName() + u".building-*"_s},
                                                             QDir::Files | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(u' ')));
    }
    qInfo("killed %d times: %d left nothing, %d the whole import", kRounds, nothing, everything);
}

QTEST_GUILESS_MAIN(TestStreamImport)
#include "tst_streamimport.moc"
