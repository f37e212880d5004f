#include "meshcache.h"

#include "cacheschema.h"
#include "cachewriter.h"
#include "freshbuild.h"
#include "snapshotloader.h"
#include "sqlitestatement.h"
#include "streambuild.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QScopeGuard>

#include <mutex>
#include <thread>

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
// Every new file (createBuildFile()) mostly appends: its b-trees grow at the right edge, so
// a big cache holds pages that are written once and seldom read again, each one memory the
// process faults in and zeroes. A file built from one batch (buildFreshFile()) with 512 MB
// kept ~460 MB of such pages at a million datasets and wrote them at commit (0.2-0.8 s);
// with 8 MB pages go to the file as they fill: the build 5.7-6.6 s -> 4.2 s, peak memory
// 2.27 -> 1.82 GB. A stream's file does read some back (facets and history of entities
// seen again, the index builds at its end), from the system's file cache instead: at 100k
// OpenLineage events 512 MB held the whole 87 MB file, 30k page faults, and each commit
// took 5 ms instead of 2: 0.88 -> 0.845 s and 58 MB less with 8 MB (2026-11-29; it had
// measured 7 % faster when the stream wrote rows it now keeps in memory).
constexpr const char *kBuildCacheSize = "PRAGMA cache_size = -8192";

/// Process-wide SQLite settings, before the first connection. MEMSTATUS off: SQLite then
/// keeps no allocation statistics, which with the threadsafe build Debian ships costs a
/// global mutex on every malloc and free. Statement journals in memory up to 4 MiB: a
/// multi-row INSERT inside a transaction keeps one (the pages it changes that existed
/// before it, usually a table's last leaf and the pages above it), and past the default
/// 64 KiB SQLite moves it to a temporary file for good: a 100k-event OpenLineage stream wrote
/// 357 MB of 8 KiB pages there. (temp_store = MEMORY did the same, but also kept every index
/// build's sort in memory. The threshold is also the journal's allocation unit: 64 MiB made
/// every statement allocate and free 64 MiB, 2.2 s of system time in place; 1 and 4 MiB
/// measure the same. With 32 KiB pages 4 MiB is 128 pages: a dbt manifest written into a
/// 1M-dataset cache spilled once, 0.1 MB.) (If something else initialised SQLite first,
/// the calls fail and nothing changes: only speed.)
void configureSqlite()
{
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 4 << 20);
    });
}

/// Writes `batch` into a new cache file at `path` (next to `cachePath`, which it is to
/// replace), which ends in WAL mode like every cache.
/// A large batch is written on two cores (CacheWriter::runFresh), with a second new file
/// next to it for the lineage and history part.
Result<WriteSummary> buildFreshFile(const QString &path, const QString &cachePath,
    const IngestBatch &batch, const std::atomic_bool *cancel, const ProgressFn &progress)
{
    Result<sqlite3 *> created = createBuildFile(path);
    if (!created)
        return created.error();
    sqlite3 *db = created.value();
    const auto close = qScopeGuard([&] { sqlite3_close_v2(db); });
    Result<WriteSummary> result = Error {};
    if (batch.recordCount() >= MeshCache::kTwoWriterMinRecords
        && std::thread::hardware_concurrency() > 1) {
        // Named after the cache, like the build file: the next open removes it after a kill.
        const QString factsPath = freshbuild::temporaryPathFor(cachePath);
        const auto removeFacts = qScopeGuard([&] { QFile::remove(factsPath); });
        Result<sqlite3 *> facts = createBuildFile(factsPath);
        if (!facts)
            return facts.error();
        result = CacheWriter(db, batch, cancel, progress, CacheWriter::Target::FreshFile)
                     .runFresh(facts.value(), factsPath);
    } else {
        // The writer finalizes its statements when it goes: before the file is closed.
        result = CacheWriter(db, batch, cancel, progress, CacheWriter::Target::FreshFile).run();
    }
    if (!result)
        return result;
    // The header says WAL, as in every cache. (In exclusive mode the WAL index lives in
    // memory; closing checkpoints the one changed page and removes the WAL file.)
    {
        sql::Statement wal;
        if (Status s = wal.prepare(db, "PRAGMA journal_mode = WAL"); !s)
            return s.error();
        if (wal.step() != SQLITE_ROW || wal.columnText(0) != "wal")
            return sql::error(
                db, QStringLiteral("Cannot switch %1 to WAL journaling").arg(shown(path)));
    }
    const int rc = sqlite3_close(db);
    if (rc != SQLITE_OK)
        return sql::error(db, QStringLiteral("Cannot finish %1").arg(shown(path)));
    db = nullptr;
    return result;
}

} // namespace

/// Opens a new database file for a fresh-file build: no journal and no syncs (the file is
/// nobody's until it is complete, synced and renamed; a kill leaves a stray file that the
/// next open removes), the current schema.
Result<sqlite3 *> createBuildFile(const QString &path)
{
    sqlite3 *db = nullptr;
    auto close = qScopeGuard([&] { sqlite3_close_v2(db); });
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK)
        return sql::error(db, QStringLiteral("Cannot create %1").arg(shown(path)));
    if (Status s = sql::exec(db, cacheschema::kPageSizePragma); !s)
        return s.error();
    if (Status s = sql::exec(db,
            "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = OFF; "
            "PRAGMA synchronous = OFF; PRAGMA secure_delete = OFF; PRAGMA foreign_keys = OFF;");
        !s)
        return s.error();
    if (Status s = sql::exec(db, kBuildCacheSize); !s)
        return s.error();
    if (Status s = cacheschema::migrate(db, cacheschema::FileInfo {}, path); !s)
        return s.error();
    close.dismiss();
    return db;
}

MeshCache::~MeshCache()
{
    if (m_stream)
        abandonStream();
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

    std::unique_ptr<MeshCache> cache(new MeshCache);
    cache->m_path = path;
    cache->m_readOnly = readOnly;
    if (Status s = cache->connect(); !s)
        return s.error();
    // A build killed before its rename left its file next to the cache. The connection
    // holds the cache's SHARED lock from here on, which a build needs to be without: no
    // live build can own such a file now.
    if (!readOnly && freshbuild::supported())
        freshbuild::removeStale(path);
    return cache;
}

int MeshCache::upgradableSchema(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return 0;
    configureSqlite();  // before the process's first connection
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db,
        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    int version = 0;
    if (rc == SQLITE_OK) {
        const Result<cacheschema::FileInfo> info = cacheschema::inspect(db, path);
        if (info && info->applicationId == cacheschema::kApplicationId && info->userVersion >= 2
            && info->userVersion < kSchemaVersion)
            version = info->userVersion;
    }
    sqlite3_close_v2(db);
    return version;
}

Status MeshCache::connect()
{
    configureSqlite();
    // One MeshCache per thread: SQLite's per-connection mutex is not needed.
    const int flags = SQLITE_OPEN_NOMUTEX
        | (m_readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(m_path).constData(), &db, flags, nullptr);
    const auto fail = [&](const Error &error) {
        sqlite3_close_v2(db);
        m_db = nullptr;
        return error;
    };
    if (rc != SQLITE_OK)
        return fail(sql::error(db, QStringLiteral("Cannot open %1").arg(shown(m_path))));
    sqlite3_busy_timeout(db, 5000);

    // Identity first, before any pragma that writes: a refused file is never altered.
    Result<cacheschema::FileInfo> info = cacheschema::inspect(db, m_path);
    if (!info)
        return fail(info.error());
    if (Status s = cacheschema::checkCompatible(info.value(), m_path, m_readOnly); !s)
        return fail(s.error());

    if (m_readOnly) {
        // query_only makes any write attempt fail, whatever code path tries it.
        if (Status s = sql::exec(db, "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"); !s)
            return fail(Error {
                QStringLiteral("Cannot open %1: %2").arg(shown(m_path), s.errorMessage())});
    } else {
        // A new file gets its page size before anything is written (WAL fixes it after).
        if (info->isBlank()) {
            if (Status s = sql::exec(db, cacheschema::kPageSizePragma); !s)
                return fail(s.error());
        }
        // WAL: readers are not blocked by the writer, and a commit is one append, which a
        // kill cannot tear. synchronous=NORMAL is crash-safe in WAL mode (only a power cut
        // may lose the last commits, never corrupt). journal_size_limit trims the WAL after
        // a checkpoint so a big write does not leave a big file next to the cache.
        sql::Statement wal;
        if (Status s = wal.prepare(db, "PRAGMA journal_mode = WAL"); !s)
            return fail(Error {
                QStringLiteral("Cannot open %1: %2").arg(shown(m_path), s.errorMessage())});
        if (wal.step() != SQLITE_ROW || wal.columnText(0) != "wal")
            return fail(sql::error(
                db, QStringLiteral("Cannot switch %1 to WAL journaling").arg(shown(m_path))));
        wal.reset();
        if (Status s = sql::exec(db,
                "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                "PRAGMA journal_size_limit = 67108864; PRAGMA secure_delete = OFF;");
            !s)
            return fail(Error {
                QStringLiteral("Cannot open %1: %2").arg(shown(m_path), s.errorMessage())});
        if (Status s = cacheschema::migrate(db, info.value(), m_path); !s)
            return fail(s.error());
    }
    if (Status s = sql::exec(db, kReadCacheSize); !s)
        return fail(s.error());
    m_db = db;
    return Done {};
}

Error MeshCache::closedError() const
{
    return Error {QStringLiteral("The cache %1 is not open (reopening it after a write failed)")
                      .arg(shown(m_path))};
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
    if (!m_db)
        return closedError();
    Result<std::optional<WriteSummary>> fresh = writeFresh(batch, cancel, progress);
    if (!fresh)
        return fresh.error();
    if (fresh->has_value())
        return std::move(*fresh.value());

    sql::exec(m_db, kWriteCacheSize);
    CacheWriter writer(m_db, batch, cancel, progress, CacheWriter::Target::InPlace);
    Result<WriteSummary> result = writer.run();
    // Give back what the big write cached (SQLite frees pages above the new limit).
    sql::exec(m_db, kReadCacheSize);
    return result;
}

Result<std::optional<WriteSummary>> MeshCache::writeFresh(
    const IngestBatch &batch, const std::atomic_bool *cancel, const ProgressFn &progress)
{
    using NotApplied = std::optional<WriteSummary>;
    if (!freshbuild::supported() || batch.recordCount() < kFreshFileMinRecords
        || !freshbuild::replaceable(m_path))
        return NotApplied {};
    Result<qint64> hasData = sql::queryInt(m_db, cacheschema::kHasDataQuery);
    if (!hasData || hasData.value() != 0)
        return NotApplied {};

    // This connection holds the file's SHARED lock too: it goes first, and comes back (on
    // the new file, or on the old one when the fresh path does not apply) before returning.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    freshbuild::ExclusiveTarget target;
    QString why;
    if (!target.acquire(m_path, &why)) {
        qCDebug(lcCacheWrite, "fresh file not possible for %s (%s): writing in place",
            qPrintable(shown(m_path)), qPrintable(why));
        target.release();
        if (Status s = connect(); !s)
            return s.error();
        return NotApplied {};
    }
    // Under the lock, a temporary file next to the cache can only be a killed build's.
    freshbuild::removeStale(m_path);
    const QString temporary = freshbuild::temporaryPathFor(m_path);
    QElapsedTimer timer;
    timer.start();
    Result<WriteSummary> built = buildFreshFile(temporary, m_path, batch, cancel, progress);
    const qint64 buildMs = timer.restart();
    Status moved = built ? freshbuild::syncFile(temporary) : Status(built.error());
    const qint64 syncMs = timer.restart();
    if (moved)
        moved = freshbuild::replace(temporary, m_path);
    if (!moved) {
        // Nothing of the batch is in the cache: it is the file it was.
        freshbuild::removeStale(m_path);
        target.release();
        if (Status s = connect(); !s)
            return Error {moved.errorMessage() + u"; " + s.errorMessage()};
        return moved.error();
    }
    target.release(true);
    const qint64 moveMs = timer.restart();
    if (Status s = connect(); !s)
        return Error {QStringLiteral("The batch was written to %1, but reopening it failed: %2")
                          .arg(shown(m_path), s.errorMessage())};
    qCDebug(lcCacheWrite, "fresh file: built in %lld ms, synced in %lld ms, moved in %lld ms, "
                          "reopened in %lld ms",
        buildMs, syncMs, moveMs, timer.elapsed());
    return NotApplied {std::move(built).value()};
}

Result<SnapshotData> MeshCache::loadSnapshot(Timestamp asOf, const std::atomic_bool *cancel)
{
    if (!m_db)
        return closedError();
    SnapshotLoader loader(m_db, m_path, asOf, cancel);
    Result<SnapshotData> data = loader.run();
    if (data)
        data->cachePath = m_path;
    return data;
}

} // namespace meshlens
