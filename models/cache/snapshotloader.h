#pragma once

// Reads "the mesh as of T" from the cache into SnapshotData. Internal to models/cache; the
// public entry point is MeshCache::loadSnapshot().

#include "mesh/result.h"
#include "mesh/snapshotdata.h"
#include "snapshotrows.h"
#include "sqlitestatement.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace meshlens {

class SnapshotPeer;

/// Streams rows with sqlite3_step straight into plain arrays. Cache ids map to node indices
/// through a dense array (the writer assigns entity ids densely), so no hash map is built.
class SnapshotLoader {
public:
    /// `path` is the file `db` has open: a big snapshot is read on a second connection too.
    SnapshotLoader(sqlite3 *db, const QString &path, Timestamp asOf, const std::atomic_bool *cancel);
    SnapshotLoader(const SnapshotLoader &) = delete;
    SnapshotLoader &operator=(const SnapshotLoader &) = delete;

    Result<SnapshotData> run();

private:
    Status loadStrings();
    /// The pool id of string table entry `id` (0 for none or empty).
    StringPool::Id pooledString(qint64 id);
    Status damaged(const char *what) const;
    /// Entities and edges, on `peer` and this connection together when there is a peer.
    /// `nodesReady` runs once the nodes are final (before the edges are read).
    Status loadNodesAndEdges(SnapshotPeer *peer, const std::function<void()> &nodesReady);
    /// Moves the two halves into the snapshot (near first) and resolves their cache ids.
    void resolveNodes(snapshotrows::Entities near, snapshotrows::Entities far);
    void addEdges(const std::vector<snapshotrows::CacheEdge> &edges);
    /// Port datasets, quality, freshness and contracts: on `peer` and this connection
    /// together when there is a peer.
    Status loadFacts(SnapshotPeer *peer);
    Status loadPortDatasets(sqlite3 *db);
    Status loadQuality(sqlite3 *db);
    Status loadFreshness(sqlite3 *db);
    Status loadContracts(sqlite3 *db);

    /// Prepares `sql` on `db` with ?1 bound to the as-of time.
    Status query(sqlite3 *db, sql::Statement &stmt, const char *sql);
    /// Ends a row loop: an error or the cancel message unless the loop ran to SQLITE_DONE.
    Status finish(sqlite3 *db, int rc, const char *what) const;
    bool cancelled(qint64 row) const
    {
        return snapshotrows::cancelled(row, m_cancel);
    }
    NodeId nodeOf(qint64 cacheId) const
    {
        return cacheId > 0 && std::size_t(cacheId) < m_nodeOf.size()
            ? m_nodeOf[std::size_t(cacheId)]
            : kNoNode;
    }

    sqlite3 *m_db;
    QString m_path;
    Timestamp m_asOf;
    Timestamp m_time; // asOf, or "the end of time" for asOf = 0 (now)
    const std::atomic_bool *m_cancel;
    SnapshotData m_data;
    std::vector<NodeId> m_nodeOf; // cache id -> node index, kNoNode when not alive
    static constexpr StringPool::Id kNotPooled = ~StringPool::Id(0);
    std::vector<std::string> m_texts; // the string table by id
    std::vector<StringPool::Id> m_pooled; // string id -> pool id, kNotPooled until used
};

} // namespace meshlens
