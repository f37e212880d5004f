#pragma once
// A second read-only connection to a cache file that sees exactly the same commit as the
// loader's own connection, so that the snapshot loader can read on two cores.

#include <QString>

#include <memory>

struct sqlite3;

namespace meshlens {

/// SQLite as packaged by Debian is built without SQLITE_ENABLE_SNAPSHOT, so two connections
/// cannot be pinned to one commit directly. Instead:
///   1. the loader's connection reads PRAGMA data_version (v1), outside a transaction;
///   2. the peer opens its read transaction;
///   3. the loader's connection opens its read transaction and reads data_version (v2).
/// data_version changes when another connection has committed in between, so v1 == v2 proves
/// that nothing was committed from step 1 to step 3, and the peer's transaction, which began
/// between them, sees the same commit. Otherwise the loader reads alone.
class SnapshotPeer {
public:
    /// Steps 1 and 2; `db` must not be in a transaction. Null when the file cannot be opened
    /// a second time (the loader then reads alone).
    static std::unique_ptr<SnapshotPeer> open(sqlite3 *db, const QString &path);
    ~SnapshotPeer();
    SnapshotPeer(const SnapshotPeer &) = delete;
    SnapshotPeer &operator=(const SnapshotPeer &) = delete;

    /// Step 3's check, once `db` is in its read transaction: true when both see one commit.
    bool sameCommitAs(sqlite3 *db) const;
    sqlite3 *db() const { return m_db; }

private:
    SnapshotPeer() = default;
    sqlite3 *m_db = nullptr;
    long long m_versionBefore = -1;
};

} // namespace meshlens
