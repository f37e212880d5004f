#pragma once
// Row readers of the snapshot loader that can run on either of two connections: the entity
// and edge tables read over a range of ids, with the cache's own ids left unresolved, so that
// one range can be read on a second thread and merged afterwards (snapshotloader.cpp).

#include "mesh/result.h"
#include "mesh/snapshotdata.h"

#include <atomic>
#include <vector>

struct sqlite3;

namespace meshlens::snapshotrows {

/// Entities alive at a time, read in id order. Keys and names go into `strings`; `owner`
/// and `detail` of each node hold the id of its text in the cache's string table, and
/// `parents` the cache id of its parent, until the loader resolves them.
struct Entities {
    StringPool *strings = nullptr;
    std::vector<SnapshotNode> nodes;
    std::vector<qint64> parents;
};

/// An edge alive at a time, with the cache ids of its ends and job.
struct CacheEdge {
    qint64 from = 0;
    qint64 to = 0;
    qint64 job = 0;
};

/// Reads the entities with first <= id <= last alive at `time` into `out`. `db` must be in
/// a read transaction. Stops with an error when `cancel` is set.
Status readEntities(sqlite3 *db, Timestamp time, qint64 first, qint64 last, Entities &out,
    const std::atomic_bool *cancel);

/// Reads the edges with first <= id <= last alive at `time`, in id order.
Status readEdges(sqlite3 *db, Timestamp time, qint64 first, qint64 last,
    std::vector<CacheEdge> &out, const std::atomic_bool *cancel);

/// How a row loop ended: an error naming `what`, the cancel message, or done.
Status finish(sqlite3 *db, int rc, const char *what);

/// Checks the cancel flag every few thousand rows.
inline bool cancelled(qint64 row, const std::atomic_bool *cancel)
{
    return (row & 4095) == 0 && cancel && cancel->load(std::memory_order_relaxed);
}

} // namespace meshlens::snapshotrows
