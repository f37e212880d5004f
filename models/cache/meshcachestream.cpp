// MeshCache's stream import: the first import of a many-batch input built in one new file
// (see meshcache.h, beginStream()).

#include "meshcache.h"

#include "cacheschema.h"
#include "streambuild.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QScopeGuard>

#include <thread>

namespace meshlens {

Result<bool> MeshCache::beginStream()
{
    if (m_readOnly || m_stream || !m_db || !freshbuild::supported() || !freshbuild::replaceable(m_path))
        return false;
    Result<qint64> hasData = sql::queryInt(m_db, cacheschema::kHasDataQuery);
    if (!hasData)
        return hasData.error();
    if (hasData.value() != 0)
        return false;
    // As writeFresh(): this connection lets go of the file first, and comes back at the end.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
    auto stream = std::make_unique<StreamBuild>();
    QString why;
    if (!stream->target.acquire(m_path, &why)) {
        qCDebug(lcCacheWrite, "stream build not possible for %s (%s): writing in place",
                qPrintable(QDir::toNativeSeparators(m_path)), qPrintable(why));
        stream->target.release();
        if (Status s = connect(); !s)
            return s.error();
        return false;
    }
    freshbuild::removeStale(m_path);
    stream->path = freshbuild::temporaryPathFor(m_path);
    // Next to the cache, like the build file: the next open removes it after a kill.
    do
        stream->entitiesPath = freshbuild::temporaryPathFor(m_path);
    while (stream->entitiesPath == stream->path);
    Result<sqlite3 *> created = createBuildFile(stream->path);
    // A rollback journal (not synced) so that one failed batch can be undone alone; pages
    // the stream appends are never journaled, only those a later batch changes.
    Status ready = created ? sql::exec(created.value(), "PRAGMA journal_mode = TRUNCATE") : Status(created.error());
    if (created)
        stream->db = created.value();
    if (!ready) {
        stream.reset();
        freshbuild::removeStale(m_path);
        if (Status s = connect(); !s)
            return Error {ready.errorMessage() + u"; " + s.errorMessage()};
        return ready.error();
    }
    stream->writer = std::make_unique<CacheWriter>(stream->db, stream->none, nullptr, stream->progress,
                                                   CacheWriter::Target::FreshStream);
    m_stream = std::move(stream);
    return true;
}

Result<WriteSummary> MeshCache::writeStream(const IngestBatch &batch, const std::atomic_bool *cancel,
                                            const ProgressFn &progress, bool last)
{
    if (!m_stream)
        return write(batch, cancel, progress);
    if (batch.hasErrors())
        return Error {QStringLiteral("The batch from %1 has errors and was not written")
                          .arg(QDir::toNativeSeparators(batch.source.file))};
    m_stream->progress = progress;
    m_stream->writer->setCancel(cancel);
    Result<WriteSummary> result = m_stream->writer->runStreamBatch(batch, last ? m_stream->entitiesPath : QString());
    m_stream->progress = {};
    return result;
}

Status MeshCache::finishStream()
{
    if (!m_stream)
        return Done {};
    std::unique_ptr<StreamBuild> stream = std::move(m_stream);
    const QString temporary = stream->path;
    QElapsedTimer timer;
    timer.start();
    Status built = stream->writer->finishStream(stream->entitiesPath);
    // What the writer remembers of the stream (~20 ms to free at 100k events) is freed on
    // the reader's core, idle by now, while this one closes, syncs and moves the file.
    std::thread freeing([memory = stream->writer->takeMemory()]() mutable { memory.reset(); });
    const auto joinFreeing = qScopeGuard([&] { freeing.join(); });
    stream->writer.reset();
    qCDebug(lcCacheWrite, "stream finished, writer's memory handed over: %lld ms", timer.restart());
    if (built) {
        // The header says WAL, as in every cache (see buildFreshFile()).
        sql::Statement wal;
        built = wal.prepare(stream->db, "PRAGMA journal_mode = WAL");
        if (built && (wal.step() != SQLITE_ROW || wal.columnText(0) != "wal"))
            built = sql::error(stream->db, QStringLiteral("Cannot switch %1 to WAL journaling").arg(temporary));
    }
    if (built && sqlite3_close(stream->db) != SQLITE_OK)
        built = sql::error(stream->db, QStringLiteral("Cannot finish %1").arg(temporary));
    else if (built)
        stream->db = nullptr;
    qCDebug(lcCacheWrite, "stream file switched to WAL and closed: %lld ms", timer.restart());
    if (built)
        built = freshbuild::syncFile(temporary);
    if (built)
        built = freshbuild::replace(temporary, m_path);
    qCDebug(lcCacheWrite, "stream file synced and moved: %lld ms", timer.restart());
    if (!built) {
        sqlite3_close_v2(stream->db);
        stream->db = nullptr;
        freshbuild::removeStale(m_path);
        stream->target.release();
        if (Status s = connect(); !s)
            return Error {built.errorMessage() + u"; " + s.errorMessage()};
        return built;
    }
    stream->target.release(true);
    QFile::remove(temporary + QStringLiteral("-journal"));  // TRUNCATE mode leaves it, empty
    if (Status s = connect(); !s)
        return Error {QStringLiteral("The import was written to %1, but reopening it failed: %2")
                          .arg(QDir::toNativeSeparators(m_path), s.errorMessage())};
    qCDebug(lcCacheWrite, "cache reopened: %lld ms", timer.restart());
    return Done {};
}

void MeshCache::abandonStream()
{
    if (!m_stream)
        return;
    std::unique_ptr<StreamBuild> stream = std::move(m_stream);
    stream->writer.reset();
    sqlite3_close_v2(stream->db);
    stream->db = nullptr;
    QFile::remove(stream->path);
    freshbuild::removeStale(m_path);
    stream->target.release();
    connect();
}

}  // namespace meshlens
