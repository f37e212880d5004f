#include "snapshotpeer.h"

#include "sqlitestatement.h"

#include <QFile>

namespace meshlens {

namespace {

constexpr const char *kDataVersion = "PRAGMA data_version";

} // namespace

std::unique_ptr<SnapshotPeer> SnapshotPeer::open(sqlite3 *db, const QString &path)
{
    if (path.isEmpty() || path == u":memory:")
        return nullptr;
    std::unique_ptr<SnapshotPeer> peer(new SnapshotPeer);
    Result<qint64> before = sql::queryInt(db, kDataVersion, -1);
    if (!before || before.value() < 0)
        return nullptr;
    peer->m_versionBefore = before.value();
    const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &peer->m_db, flags, nullptr)
        != SQLITE_OK)
        return nullptr; // the destructor closes the half-open handle
    // The peer only ever reads; it must not wait behind a writer that holds the file: the
    // loader's own connection then waits, and reads alone.
    sqlite3_busy_timeout(peer->m_db, 0);
    if (!sql::exec(peer->m_db, "PRAGMA query_only = ON; PRAGMA cache_size = -65536; BEGIN"))
        return nullptr;
    // A read starts the transaction's snapshot (BEGIN alone is deferred).
    if (!sql::queryInt(peer->m_db, "SELECT max(id) FROM entity"))
        return nullptr;
    return peer;
}

SnapshotPeer::~SnapshotPeer()
{
    if (!m_db)
        return;
    if (!sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(m_db);
}

bool SnapshotPeer::sameCommitAs(sqlite3 *db) const
{
    Result<qint64> after = sql::queryInt(db, kDataVersion, -1);
    return after && after.value() == m_versionBefore;
}

} // namespace meshlens
