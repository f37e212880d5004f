#pragma once

// The fresh-file path of MeshCache::write(): a batch for a cache with no data yet is built in
// a file of its own next to the cache, with no journal and no syncs, and then renamed onto
// the cache in one step. A kill at any moment leaves either the cache as it was (still
// empty) or the whole batch: never a part of it. Internal to models/cache.

#include "mesh/result.h"

#include <QString>

struct sqlite3;

namespace meshlens::freshbuild {

/// Whether this platform can replace an open database file by rename (POSIX).
bool supported();

/// A new, unused name next to `path`: "<name>.building-<random>" in the same directory, so
/// the final rename never crosses a file system.
QString temporaryPathFor(const QString &path);

/// Removes what a killed build left next to `path` (its temporary file and that file's
/// journal, WAL or shared memory). Only call it while holding a lock on `path` that a build
/// would need, so that no live build can lose its file.
void removeStale(const QString &path);

/// Whether `path` is a plain file that a rename can replace (not a symbolic link, no other
/// hard links).
bool replaceable(const QString &path);

/// Flushes a file's data and size to the disk.
Status syncFile(const QString &path);
/// Moves `from` onto `to` atomically (rename(2)), with `to`'s permissions, and makes the
/// move itself durable (best effort: a failed directory sync is only a warning).
Status replace(const QString &from, const QString &to);

/// Sole access to an existing cache file: a connection in exclusive locking mode that holds
/// the file's EXCLUSIVE lock, so no other connection (in this process or any other) can read
/// or write it until release(). Taken only when nobody else has the file open; after it,
/// the cache's WAL is checkpointed and empty, so replacing the file cannot pair the new
/// file with old WAL frames.
class ExclusiveTarget {
public:
    ExclusiveTarget() = default;
    ExclusiveTarget(const ExclusiveTarget &) = delete;
    ExclusiveTarget &operator=(const ExclusiveTarget &) = delete;
    ~ExclusiveTarget() { release(); }

    /// True when `path` is a MeshLens cache of the current schema that holds no data, nobody
    /// else has it open, and the lock is now held. False (with the reason in `why`) means
    /// "write in place instead"; nothing was changed.
    bool acquire(const QString &path, QString *why);
    /// Closes the connection, which drops the lock. Safe after the file was replaced: the
    /// WAL file (empty, and by then possibly the new file's) is left as it is.
    /// `replaced`: the file was replaced meanwhile (see the .cpp).
    void release(bool replaced = false);

private:
    sqlite3 *m_db = nullptr;
};

} // namespace meshlens::freshbuild
