// Write and load rates of the cache on a synthetic mesh. Not a test of behaviour: it skips
// unless MESHLENS_CACHE_BENCH_DATASETS is set (e.g. 1000000, in a Release build).
// MESHLENS_CACHE_BENCH_FILE keeps the cache written; MESHLENS_CACHE_BENCH_LOAD=FILE only
// loads FILE, in a fresh process, so the resident memory of a load shows alone.
// Debug per-step timings of a write: QT_LOGGING_RULES="meshlens.cache.debug=true".

#include "cache/meshcache.h"
#include "cachefixtures.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kT = 1'750'000'000'000;

std::unique_ptr<MeshCache> openCache(const QString &path, MeshCache::OpenMode mode)
{
    auto cache = MeshCache::open(path, mode);
    if (!cache) {
        qWarning("%s", qPrintable(cache.errorMessage()));
        return nullptr;
    }
    return std::move(cache).value();
}

template<typename T> QByteArray why(const Result<T> &result)
{
    return result ? QByteArray() : result.errorMessage().toUtf8();
}

} // namespace

class TestCacheRates : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void largeBatchRates()
    {
        const int datasets = qEnvironmentVariableIntValue("MESHLENS_CACHE_BENCH_DATASETS");
        const QString loadOnly = qEnvironmentVariable("MESHLENS_CACHE_BENCH_LOAD");
        if (datasets <= 0 && loadOnly.isEmpty())
            QSKIP("set MESHLENS_CACHE_BENCH_DATASETS or MESHLENS_CACHE_BENCH_LOAD to measure");
        // CPU time next to wall time: the benchmark machine is shared.
        const auto cpuMs = [] {
            rusage usage {};
            getrusage(RUSAGE_SELF, &usage);
            return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
                + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
        };
        const auto residentMb = [](const char *field) {
            QFile status(u"/proc/self/status"_s);
            if (!status.open(QIODevice::ReadOnly))
                return 0.0;
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith(field))
                    return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toDouble()
                        / 1024.0;
            }
            return 0.0;
        };
        QElapsedTimer timer;
        QString path = loadOnly;
        if (loadOnly.isEmpty()) {
            const IngestBatch batch = test::syntheticBatch(u"bench"_s, datasets, kT);
            path = qEnvironmentVariable("MESHLENS_CACHE_BENCH_FILE", m_dir.filePath(u"bench.db"_s));
            auto cache = openCache(path, MeshCache::OpenMode::ReadWrite);
            QVERIFY(cache);
            timer.start();
            qint64 cpu = cpuMs();
            auto written = cache->write(batch);
            const qint64 writeMs = timer.elapsed();
            QVERIFY2(written, why(written).constData());
            qInfo("write: %lld rows in %lld ms (cpu %lld ms) = %.0f rows/s; file %.0f MB",
                written->rowsWritten, writeMs, cpuMs() - cpu,
                double(written->rowsWritten) * 1000.0 / double(std::max<qint64>(writeMs, 1)),
                double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / 1e6);
            timer.restart();
            cpu = cpuMs();
            auto again = cache->write(batch);
            QVERIFY(again);
            qInfo("rewrite (all known): %lld rows in %lld ms (cpu %lld ms)", again->rowsWritten,
                timer.elapsed(), cpuMs() - cpu);
        }
        auto cache = openCache(path, MeshCache::OpenMode::ReadOnly);
        QVERIFY(cache);
        const double rssBefore = residentMb("VmRSS:");
        timer.restart();
        const qint64 cpu = cpuMs();
        auto loaded = cache->loadSnapshot();
        QVERIFY2(loaded, why(loaded).constData());
        qInfo("load: %zu nodes, %zu edges in %lld ms (cpu %lld ms); resident %.0f MB (+%.0f MB), "
              "peak %.0f MB",
            loaded->nodes.size(), loaded->edges.size(), timer.elapsed(), cpuMs() - cpu,
            residentMb("VmRSS:"), residentMb("VmRSS:") - rssBefore, residentMb("VmHWM:"));
    }
};

QTEST_GUILESS_MAIN(TestCacheRates)
#include "tst_cacherates.moc"
