// A write killed at any moment leaves the cache as it was before the batch or as it is
// after it, never in between. The test re-runs its own executable as a writer
// (`--child-write CACHE N`) and SIGKILLs it at random points of its writes.

#include "cache/meshcache.h"
#include "cachefixtures.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <sqlite3.h>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kT = 1'750'000'000'000;
// ~165k rows per batch: big enough that a write takes a while even in Release, small
// enough for twenty rounds in a Debug build within a minute.
constexpr int kDatasetsPerBatch = 40000;
constexpr int kRounds = 20;
// The file is started afresh once it holds this many batches, so integrity checks stay fast.
constexpr qint64 kBatchesPerFile = 3;

/// The writer: appends batch after batch, each with keys of its own, until it is killed.
/// Batch k is tagged "r<k>", where k is the number of batches already in the cache.
int childWrite(const QString &path, int datasets)
{
    QTextStream out(stdout);
    auto opened = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    if (!opened) {
        out << "error " << opened.errorMessage() << Qt::endl;
        return 2;
    }
    MeshCache &cache = *opened.value();
    for (;;) {
        auto stats = cache.stats();
        if (!stats) {
            out << "error " << stats.errorMessage() << Qt::endl;
            return 3;
        }
        const qint64 round = stats->datasets / datasets;
        const IngestBatch batch
            = test::syntheticBatch(u"r"_s + QString::number(round), datasets, kT + round);
        out << "writing " << round << Qt::endl;
        QElapsedTimer timer;
        timer.start();
        auto written = cache.write(batch);
        if (!written) {
            out << "error " << written.errorMessage() << Qt::endl;
            return 4;
        }
        out << "committed " << round << ' ' << timer.elapsed() << Qt::endl;
    }
}

struct ChildRun {
    QStringList lines;
    bool sawWriting = false;
    int committed = 0;
    qint64 firstWriteMs = 0, lastWriteMs = 0;
};

ChildRun parseOutput(const QByteArray &output)
{
    ChildRun run;
    for (const QByteArray &line : output.split('\n')) {
        if (line.isEmpty())
            continue;
        run.lines << QString::fromUtf8(line);
        const QList<QByteArray> words = line.split(' ');
        if (words[0] == "writing")
            run.sawWriting = true;
        if (words[0] == "committed") {
            ++run.committed;
            run.lastWriteMs = words.value(2).toLongLong();
            if (run.committed == 1)
                run.firstWriteMs = run.lastWriteMs;
        }
    }
    return run;
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    CacheStats m_perBatch; // what one batch adds

    /// Opens the cache after a kill and checks it holds a whole number of batches.
    /// Returns that number, or -1 after a failed check.
    qint64 verify(const QString &path)
    {
        auto opened = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        if (!opened) {
            qWarning("reopen failed: %s", qPrintable(opened.errorMessage()));
            return -1;
        }
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(opened.value()->handle(), "PRAGMA integrity_check", -1, &stmt, nullptr);
        const bool stepped = sqlite3_step(stmt) == SQLITE_ROW;
        const QString integrity = stepped
            ? QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)))
            : QString();
        sqlite3_finalize(stmt);
        if (integrity != u"ok") {
            qWarning("integrity_check: %s", qPrintable(integrity));
            return -1;
        }
        // The secondary index (facet_key; schema 6 has no other) is there whatever the kill
        // interrupted, and the edge index schema 6 dropped has not come back.
        sqlite3_prepare_v2(opened.value()->handle(),
            "SELECT sum(name = 'facet_key') * 10 + sum(name = 'edge_ends') FROM sqlite_master", -1,
            &stmt, nullptr);
        const qint64 indexes = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
        sqlite3_finalize(stmt);
        if (indexes != 10) {
            qWarning("secondary indexes: %lld (10: facet_key and no edge_ends)", indexes);
            return -1;
        }
        // Every entity can be found by its key (schema 5's entity_key), and nothing else.
        sqlite3_prepare_v2(opened.value()->handle(),
            "SELECT (SELECT count(*) FROM entity) = (SELECT count(*) FROM entity_key) "
            "AND (SELECT count(DISTINCT entity_id) FROM entity_key) = (SELECT count(*) FROM entity) "
            "AND NOT EXISTS(SELECT 1 FROM entity_key k LEFT JOIN entity e ON e.id = k.entity_id "
            "WHERE e.id IS NULL)",
            -1, &stmt, nullptr);
        const bool keysMatch = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int64(stmt, 0) == 1;
        sqlite3_finalize(stmt);
        if (!keysMatch) {
            qWarning("entity_key does not list every entity once");
            return -1;
        }
        // A build killed before its rename leaves its file; opening the cache removes it.
        const QFileInfo info(path);
        const QStringList left = QDir(info.absolutePath())
                                     .entryList({info.fileName() + u".building-*"_s},
                                         QDir::Files | QDir::Hidden);
        if (!left.isEmpty()) {
            qWarning("left next to the cache after opening it: %s", qPrintable(left.join(u", ")));
            return -1;
        }
        auto stats = opened.value()->stats();
        if (!stats)
            return -1;
        const CacheStats &s = stats.value();
        const qint64 k = s.datasets / m_perBatch.datasets;
        const bool whole = s.datasets == k * m_perBatch.datasets
            && s.domains == k * m_perBatch.domains && s.products == k * m_perBatch.products
            && s.jobs == k * m_perBatch.jobs && s.edges == k * m_perBatch.edges
            && s.quality == k * m_perBatch.quality && s.freshness == k * m_perBatch.freshness;
        if (!whole) {
            qWarning("half a batch: %lld datasets, %lld edges, %lld quality", s.datasets, s.edges,
                s.quality);
            return -1;
        }
        return k;
    }

private slots:
    void initTestCase()
    {
        const IngestBatch batch = test::syntheticBatch(u"r0"_s, kDatasetsPerBatch, kT);
        m_perBatch.domains = qint64(batch.domains.size());
        m_perBatch.products = qint64(batch.products.size());
        m_perBatch.jobs = qint64(batch.jobs.size());
        m_perBatch.datasets = qint64(batch.datasets.size());
        m_perBatch.edges = qint64(batch.edges.size());
        m_perBatch.quality = qint64(batch.quality.size());
        m_perBatch.freshness = qint64(batch.freshness.size());
    }

    void killedWritesLeaveWholeBatches()
    {
        const QString path = m_dir.filePath(u"crash.db"_s);
        const QString self = QCoreApplication::applicationFilePath();
        const QStringList args = {u"--child-write"_s, path, QString::number(kDatasetsPerBatch)};
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        qInfo("seed %u", seed);

        qint64 batches = 0; // whole batches in the file, as last verified
        qint64 writeMs = 0; // how long one write takes here, from the first round
        int interrupted = 0; // rounds killed after "writing" and before "committed"
        int committing = 0; // rounds (after the first) in which a batch committed
        for (int round = 0; round <= kRounds; ++round) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(self, args);
            QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
            QByteArray output;
            const auto waitFor = [&](const QByteArray &word) {
                QElapsedTimer timer;
                timer.start();
                while (!output.contains(word) && timer.elapsed() < 60000
                    && child.state() == QProcess::Running) {
                    child.waitForReadyRead(100);
                    output += child.readAllStandardOutput();
                }
                return output.contains(word);
            };
            if (round <= 1) {
                // Let one batch through whole, to learn how long a write takes: the first of
                // a file (a fresh file), then one written in place.
                QVERIFY2(waitFor("committed"), output.constData());
            } else {
                QVERIFY2(waitFor("writing"), output.constData());
                // Up to 1.6 writes long: most kills land inside this write, some after its
                // commit (in the next batch's preparation or write).
                const int delay = int(random.bounded(quint32(writeMs * 8 / 5 + 1)));
                child.waitForFinished(delay); // returns early only if the child died
            }
            QCOMPARE(child.state(), QProcess::Running); // it must not have failed by itself
            child.kill();
            QVERIFY(child.waitForFinished(10000));
            output += child.readAllStandardOutput();
            const ChildRun run = parseOutput(output);
            // The slowest write seen: a fresh-file write (the first of a file) is quicker
            // than the in-place ones after it, and the kills should cover those too.
            if (run.committed > 0)
                writeMs = std::max<qint64>({writeMs, run.lastWriteMs, 1});
            const QByteArray lastWriting = "writing " + QByteArray::number(batches + run.committed);
            const bool killedMidWrite = output.trimmed().endsWith(lastWriting);
            interrupted += killedMidWrite ? 1 : 0;

            const qint64 found = verify(path);
            QVERIFY2(found >= 0, qPrintable(run.lines.join(u'\n')));
            // Every reported commit is in the file; the only other allowed state is one
            // more batch, committed just before the kill could print it.
            QVERIFY2(found == batches + run.committed || found == batches + run.committed + 1,
                qPrintable(u"%1 batches found, %2 + %3 expected"_s.arg(found).arg(batches).arg(
                    run.committed)));
            committing += round > 1 && found > batches ? 1 : 0;
            batches = found;
            if (batches >= kBatchesPerFile) {
                for (const char *suffix : {"", "-wal", "-shm"})
                    QFile::remove(path + QLatin1StringView(suffix));
                batches = 0;
            }
        }
        qInfo("%d of %d kills landed inside a write, %d rounds committed a batch first (one write "
              "takes ~%lld ms)",
            interrupted, kRounds, committing, writeMs);
        QVERIFY(interrupted >= kRounds / 4);
    }

    /// The first import into a new cache is built in a file of its own and renamed onto the
    /// cache (MeshCache::writeFresh). Killed at any moment, it leaves no cache, an empty one
    /// or the whole batch, and the next open removes the stray build file.
    void killedFirstImportLeavesNoCacheOrAWholeBatch()
    {
        const QString path = m_dir.filePath(u"first.db"_s);
        const QString self = QCoreApplication::applicationFilePath();
        const QStringList args = {u"--child-write"_s, path, QString::number(kDatasetsPerBatch)};
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        qInfo("seed %u", seed);
        const auto removeCache = [&] {
            for (const char *suffix : {"", "-wal", "-shm", "-journal"})
                QFile::remove(path + QLatin1StringView(suffix));
        };

        qint64 writeMs = 0; // one fresh-file write, from the first round
        int missing = 0, empty = 0, whole = 0, strays = 0;
        for (int round = 0; round <= kRounds; ++round) {
            removeCache();
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(self, args);
            QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
            QByteArray output;
            const auto waitFor = [&](const QByteArray &word) {
                QElapsedTimer timer;
                timer.start();
                while (!output.contains(word) && timer.elapsed() < 60000
                    && child.state() == QProcess::Running) {
                    child.waitForReadyRead(100);
                    output += child.readAllStandardOutput();
                }
                return output.contains(word);
            };
            if (round == 0) {
                QVERIFY2(waitFor("committed"), output.constData());
            } else {
                QVERIFY2(waitFor("writing"), output.constData());
                // Mostly inside the first write; now and then just after its commit.
                const int delay = int(random.bounded(quint32(writeMs * 11 / 10 + 1)));
                child.waitForFinished(delay);
            }
            QCOMPARE(child.state(), QProcess::Running);
            child.kill();
            QVERIFY(child.waitForFinished(10000));
            output += child.readAllStandardOutput();
            // The quickest first write seen (the machine may be busy in some rounds).
            const ChildRun run = parseOutput(output);
            if (run.committed > 0)
                writeMs = writeMs ? std::min(writeMs, run.firstWriteMs) : run.firstWriteMs;
            writeMs = std::max<qint64>(writeMs, 1);

            const QFileInfo info(path);
            strays += QDir(info.absolutePath())
                          .entryList({info.fileName() + u".building-*"_s}, QDir::Files)
                          .size();
            if (!QFile::exists(path)) {
                ++missing;
                continue;
            }
            const qint64 found = verify(path);
            QVERIFY2(found >= 0, qPrintable(run.lines.join(u'\n')));
            // The child writes on after its first commit: a kill late in the round may find a
            // second batch, never a part of one.
            (found == 0 ? empty : whole) += 1;
        }
        removeCache();
        qInfo("after %d kills: %d without a cache, %d with an empty one, %d with whole batches; "
              "%d stray build files removed by the next open (one fresh write takes ~%lld ms)",
            kRounds, missing, empty, whole, strays, writeMs);
        // Most kills land inside the fresh-file build, and those leave its file behind.
        QVERIFY(empty >= kRounds / 4);
        QVERIFY(strays >= kRounds / 4);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--child-write") == 0)
        return childWrite(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt());
    TestCrashSafety test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crashsafety.moc"
