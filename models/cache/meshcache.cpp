#include "meshcache.h"

#include "cacheschema.h"
#include "cachewriter.h"
#include "snapshotloader.h"
#include "sqlitestatement.h"

#include <QDir>
#include <QFileInfo>

namespace meshlens {

namespace {

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// Page cache for reads and small writes, and for the duration of a big write. SQLite only
// takes what it uses, so the write figure costs nothing on small batches; on a million-row
// batch it keeps the key index and the tables' hot pages in memory instead of re-reading
// spilled pages (negative values are KiB).
constexpr const char *kReadCacheSize = "PRAGMA cache_size = -65536";
constexpr const char *kWriteCacheSize = "PRAGMA cache_size = -524288";

} // namespace

MeshCache::~MeshCache()
{
    // The last connection to close checkpoints the WAL into the file and removes it, which
    // leaves a single self-contained file behind.
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<MeshCache>> MeshCache::open(const QString &path, OpenMode mode)
{
    const bool readOnly = mode == OpenMode::ReadOnly;
    if (path.isEmpty())
        return Error {QStringLiteral("No cache file given")};
    if (readOnly && !QFileInfo::exists(path))
        return Error {
            QStringLiteral("Cannot open %1 read-only: the file does not exist").arg(shown(path))};
    if (QFileInfo(path).isDir())
        return Error {
            QStringLiteral("Cannot open %1 as a cache: it is a directory").arg(shown(path))};

    // One MeshCache per thread: SQLite's per-connection mutex is not needed.
    const int flags = SQLITE_OPEN_NOMUTEX
        | (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    std::unique_ptr<MeshCache> cache(new MeshCache);
    cache->m_path = path;
    cache->m_readOnly = readOnly;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &cache->m_db, flags, nullptr);
    sqlite3 *db = cache->m_db;
    if (rc != SQLITE_OK)
        return sql::error(db, QStringLiteral("Cannot open %1").arg(shown(path)));
    sqlite3_busy_timeout(db, 5000);

    // Identity first, before any pragma that writes: a refused file is never altered.
    Result<cacheschema::FileInfo> info = cacheschema::inspect(db, path);
    if (!info)
        return info.error();
    if (Status s = cacheschema::checkCompatible(info.value(), path, readOnly); !s)
        return s.error();

    if (readOnly) {
        // query_only makes any write attempt fail, whatever code path tries it.
        if (Status s = sql::exec(db, "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"); !s)
            return Error {QStringLiteral("Cannot open %1: %2").arg(shown(path), s.errorMessage())};
    } else {
        // WAL: readers are not blocked by the writer, and a commit is one append, which a
        // kill cannot tear. synchronous=NORMAL is crash-safe in WAL mode (only a power cut
        // may lose the last commits, never corrupt). journal_size_limit trims the WAL after
        // a checkpoint so a big write does not leave a big file next to the cache.
        sql::Statement wal;
        if (Status s = wal.prepare(db, "PRAGMA journal_mode = WAL"); !s)
            return Error {QStringLiteral("Cannot open %1: %2").arg(shown(path), s.errorMessage())};
        if (wal.step() != SQLITE_ROW || wal.columnText(0) != "wal")
            return sql::error(
                db, QStringLiteral("Cannot switch %1 to WAL journaling").arg(shown(path)));
        wal.reset();
        if (Status s = sql::exec(db,
                "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                "PRAGMA journal_size_limit = 67108864;");
            !s)
            return Error {QStringLiteral("Cannot open %1: %2").arg(shown(path), s.errorMessage())};
        if (Status s = cacheschema::migrate(db, info.value(), path); !s)
            return s.error();
    }
    if (Status s = sql::exec(db, kReadCacheSize); !s)
        return s.error();
    return cache;
}

Result<WriteSummary> MeshCache::write(
    const IngestBatch &batch, const std::atomic_bool *cancel, const ProgressFn &progress)
{
    if (m_readOnly)
        return Error {QStringLiteral("Cannot write to %1: the cache was opened read-only")
                          .arg(shown(m_path))};
    if (batch.hasErrors()) {
        qsizetype errors = 0;
        const Diagnostic *first = nullptr;
        for (const Diagnostic &d : batch.diagnostics) {
            if (d.severity == Diagnostic::Severity::Error) {
                ++errors;
                if (!first)
                    first = &d;
            }
        }
        return Error {
            QStringLiteral("The batch from %1 has %2 error(s) and was not written; the first: %3")
                .arg(shown(batch.source.file))
                .arg(errors)
                .arg(first ? first->toString() : QString())};
    }
    sql::exec(m_db, kWriteCacheSize);
    CacheWriter writer(m_db, batch, cancel, progress);
    Result<WriteSummary> result = writer.run();
    // Give back what the big write cached (SQLite frees pages above the new limit).
    sql::exec(m_db, kReadCacheSize);
    return result;
}

Result<SnapshotData> MeshCache::loadSnapshot(Timestamp asOf, const std::atomic_bool *cancel)
{
    SnapshotLoader loader(m_db, asOf, cancel);
    return loader.run();
}

} // namespace meshlens
