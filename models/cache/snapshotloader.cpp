#include "snapshotloader.h"

#include "historychunks.h"
#include "mesh/snapshotgraph.h"
#include "snapshotpeer.h"

#include <QElapsedTimer>
#include <QScopeGuard>

#include <QString>

#include <algorithm>
#include <string>

#include <limits>
#include <future>
#include <thread>

namespace meshlens {

namespace {

// Below this many entities one connection reads faster than two can be set up, and the key
// index takes less than starting a thread is worth.
constexpr qint64 kParallelNodes = 50000;

constexpr const char *kPortDatasets = "SELECT port_id, dataset_id FROM port_dataset";
// History chunks (historychunks.h) in primary key order: series after series, each in time
// order, with no temporary sort. A chunk that ends by T answers "the latest at T" from its
// columns; only one that straddles T is decoded (the CASE keeps SQLite from even reading
// the BLOB of the others).
constexpr const char *kQuality
    = "SELECT entity_id, check_id, column_id, last_at, last_state, "
      "CASE WHEN last_at > ?1 THEN data END FROM quality WHERE first_at <= ?1 "
      "ORDER BY entity_id, check_id, column_id, period";
constexpr const char *kFreshness
    = "SELECT entity_id, last_at, last_data_time, CASE WHEN last_at > ?1 THEN data END "
      "FROM freshness WHERE first_at <= ?1 ORDER BY entity_id, period";
constexpr const char *kContracts
    = "SELECT product_id, dataset_id, freshness_sla_seconds FROM contract "
      "WHERE first_seen <= ?1 AND freshness_sla_seconds > 0";

/// The stricter of two SLAs, where 0 means "none".
std::int64_t stricter(std::int64_t a, std::int64_t b)
{
    return a == 0 ? b : (b == 0 ? a : std::min(a, b));
}

} // namespace

SnapshotLoader::SnapshotLoader(
    sqlite3 *db, const QString &path, Timestamp asOf, const std::atomic_bool *cancel)
    : m_db(db)
    , m_path(path)
    , m_asOf(asOf)
    , m_time(asOf ? asOf : std::numeric_limits<Timestamp>::max())
    , m_cancel(cancel)
{
}

Result<SnapshotData> SnapshotLoader::run()
{
    m_data.asOf = m_asOf;
    // A big cache is read on two connections, one core each (snapshotpeer.h). The size read
    // here only decides that; the transaction below reads it again.
    std::unique_ptr<SnapshotPeer> peer;
    // MESHLENS_SNAPSHOT_CONNECTIONS=1 keeps to one (to compare, or to rule the peer out).
    const bool twoCores = std::thread::hardware_concurrency() > 1;
    const bool peerAllowed = qEnvironmentVariableIntValue("MESHLENS_SNAPSHOT_CONNECTIONS") != 1;
    if (Result<qint64> size = sql::queryInt(m_db, "SELECT max(id) FROM entity");
        twoCores && peerAllowed && size && size.value() >= kParallelNodes)
        peer = SnapshotPeer::open(m_db, m_path);
    // One read transaction, so every step sees the same state even while a writer commits.
    if (Status s = sql::exec(m_db, "BEGIN"); !s)
        return s.error();
    const auto rollback = qScopeGuard([this] { sql::exec(m_db, "ROLLBACK"); });
    if (peer && !peer->sameCommitAs(m_db))
        peer.reset();
    m_data.connections = peer ? 2 : 1;
    QElapsedTimer timer;
    timer.start();
    // The nodes' keys are final once the nodes are read: their hash index is built on another
    // thread while the steps after read the rest (they only write other fields of the nodes,
    // and add no string). At 2M nodes that is a few hundred ms off the load.
    std::vector<NodeId> keyIndex;
    std::thread indexer;
    const auto joinIndexer = qScopeGuard([&] {
        if (indexer.joinable())
            indexer.join();
    });
    const auto startIndexer = [&] {
        if (m_data.nodes.size() >= std::size_t(kParallelNodes) && twoCores)
            indexer = std::thread([this, &keyIndex] {
                keyIndex = SnapshotGraph::makeKeyIndex(m_data.strings, m_data.nodes);
            });
    };
    if (Status s = loadNodesAndEdges(peer.get(), startIndexer); !s)
        return s.error();
    qCDebug(lcCacheWrite, "load step: nodes and edges: %lld ms", timer.restart());
    if (Status s = loadFacts(peer.get()); !s)
        return s.error();
    peer.reset(); // ends its transaction
    qCDebug(lcCacheWrite, "load step: ports, quality, freshness and contracts: %lld ms",
        timer.restart());
    if (indexer.joinable())
        indexer.join();
    qCDebug(lcCacheWrite, "waited for the key index: %lld ms", timer.restart());
    m_data.keyIndex = std::move(keyIndex);
    m_data.strings.finish();
    return std::move(m_data);
}

Status SnapshotLoader::query(sqlite3 *db, sql::Statement &stmt, const char *sql)
{
    if (Status s = stmt.prepare(db, sql); !s)
        return s;
    if (sqlite3_bind_parameter_count(stmt.get()) >= 1)
        stmt.bind(1, m_time);
    return Done {};
}

Status SnapshotLoader::finish(sqlite3 *db, int rc, const char *what) const
{
    return snapshotrows::finish(db, rc, what);
}

Status SnapshotLoader::loadStrings()
{
    // A few thousand rows at most; interned into the pool when a node first uses one.
    Result<qint64> maxId = sql::queryInt(m_db, "SELECT max(id) FROM string");
    if (!maxId)
        return maxId.error();
    m_texts.assign(std::size_t(std::max<qint64>(maxId.value(), 0)) + 1, std::string());
    m_pooled.assign(m_texts.size(), kNotPooled);
    sql::Statement stmt;
    if (Status s = query(m_db, stmt, "SELECT id, text FROM string"); !s)
        return s;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const qint64 id = stmt.columnInt(0);
        if (id > 0 && std::size_t(id) < m_texts.size())
            m_texts[std::size_t(id)].assign(stmt.columnText(1));
    }
    return finish(m_db, rc, "strings");
}

StringPool::Id SnapshotLoader::pooledString(qint64 id)
{
    if (id <= 0 || std::size_t(id) >= m_texts.size() || m_texts[std::size_t(id)].empty())
        return 0;
    StringPool::Id &pooled = m_pooled[std::size_t(id)];
    if (pooled == kNotPooled)
        pooled = m_data.strings.intern(m_texts[std::size_t(id)]);
    return pooled;
}

Status SnapshotLoader::loadNodesAndEdges(
    SnapshotPeer *peer, const std::function<void()> &nodesReady)
{
    if (Status s = loadStrings(); !s)
        return s;
    // max(id) is an index lookup, where COUNT(*) with the as-of condition is a full scan:
    // it bounds the number of nodes and sizes the id -> node array in one go.
    Result<qint64> maxId = sql::queryInt(m_db, "SELECT max(id) FROM entity");
    if (!maxId)
        return maxId.error();
    Result<qint64> maxEdgeId = sql::queryInt(m_db, "SELECT max(id) FROM edge");
    if (!maxEdgeId)
        return maxEdgeId.error();
    const qint64 bound = maxId.value();
    const qint64 edgeBound = maxEdgeId.value();
    m_nodeOf.assign(std::size_t(bound) + 1, kNoNode);
    // Keys and names take ~80 bytes a node on typical meshes. Reserving more costs address
    // space only (pages are not touched until used); growing would copy everything.
    m_data.strings.reserve(2 * std::size_t(bound) + 16, 128 * std::size_t(bound) + 1024);
    snapshotrows::Entities near {&m_data.strings, {}, {}};
    near.nodes.reserve(std::size_t(bound));
    near.parents.reserve(std::size_t(bound));
    std::vector<snapshotrows::CacheEdge> nearEdges;

    if (!peer) {
        if (Status s = snapshotrows::readEntities(m_db, m_time, 1, bound, near, m_cancel); !s)
            return s;
        resolveNodes(std::move(near), {});
        nodesReady();
        nearEdges.reserve(std::size_t(edgeBound));
        if (Status s = snapshotrows::readEdges(m_db, m_time, 1, edgeBound, nearEdges, m_cancel); !s)
            return s;
        addEdges(nearEdges);
        return Done {};
    }

    // The peer reads the upper halves of both tables while this connection reads the lower.
    const qint64 split = bound / 2;
    const qint64 edgeSplit = edgeBound / 2;
    StringPool farStrings;
    farStrings.reserve(2 * std::size_t(bound - split) + 16, 128 * std::size_t(bound - split));
    snapshotrows::Entities far {&farStrings, {}, {}};
    std::vector<snapshotrows::CacheEdge> farEdges;
    std::promise<Status> farNodes;
    Status farEdgesRead = Done {};
    std::thread reader([&] {
        Status nodes = snapshotrows::readEntities(peer->db(), m_time, split + 1, bound, far, m_cancel);
        const bool ok = bool(nodes);
        farNodes.set_value(std::move(nodes));
        if (ok)
            farEdgesRead = snapshotrows::readEdges(
                peer->db(), m_time, edgeSplit + 1, edgeBound, farEdges, m_cancel);
    });
    const auto joinReader = qScopeGuard([&] {
        if (reader.joinable())
            reader.join();
    });
    Status nearNodes = snapshotrows::readEntities(m_db, m_time, 1, split, near, m_cancel);
    Status farNodesRead = farNodes.get_future().get();
    if (!nearNodes)
        return nearNodes;
    if (!farNodesRead)
        return farNodesRead;
    // The far half's keys and names move into the snapshot's pool, after the near half's.
    const StringPool::Id shift = m_data.strings.append(farStrings);
    farStrings = StringPool();
    for (SnapshotNode &node : far.nodes) {
        node.key += shift;
        if (node.name)
            node.name += shift;
    }
    resolveNodes(std::move(near), std::move(far));
    nodesReady();
    nearEdges.reserve(std::size_t(edgeSplit));
    if (Status s = snapshotrows::readEdges(m_db, m_time, 1, edgeSplit, nearEdges, m_cancel); !s)
        return s;
    m_data.edges.reserve(std::size_t(edgeBound));
    addEdges(nearEdges);
    reader.join();
    if (!farEdgesRead)
        return farEdgesRead;
    addEdges(farEdges);
    return Done {};
}

void SnapshotLoader::resolveNodes(snapshotrows::Entities near, snapshotrows::Entities far)
{
    m_data.nodes = std::move(near.nodes);
    std::vector<qint64> parents = std::move(near.parents);
    m_data.nodes.insert(m_data.nodes.end(), far.nodes.begin(), far.nodes.end());
    parents.insert(parents.end(), far.parents.begin(), far.parents.end());
    far = {};
    for (std::size_t i = 0; i < m_data.nodes.size(); ++i) {
        const auto id = std::size_t(m_data.nodes[i].cacheId);
        if (id < m_nodeOf.size())
            m_nodeOf[id] = NodeId(i);
    }
    // Owners and details hold string-table ids until here; the pool shares each text once.
    for (std::size_t i = 0; i < m_data.nodes.size(); ++i) {
        SnapshotNode &node = m_data.nodes[i];
        node.parent = nodeOf(parents[i]);
        node.owner = pooledString(node.owner);
        node.detail = pooledString(node.detail);
    }
}

void SnapshotLoader::addEdges(const std::vector<snapshotrows::CacheEdge> &edges)
{
    for (const snapshotrows::CacheEdge &edge : edges) {
        const NodeId from = nodeOf(edge.from);
        const NodeId to = nodeOf(edge.to);
        // An edge whose end is not alive at T is not part of the snapshot.
        if (from != kNoNode && to != kNoNode)
            m_data.edges.push_back({from, to, nodeOf(edge.job)});
    }
}

Status SnapshotLoader::loadFacts(SnapshotPeer *peer)
{
    if (!peer) {
        for (Status (SnapshotLoader::*step)(sqlite3 *) : {&SnapshotLoader::loadPortDatasets,
                 &SnapshotLoader::loadContracts, &SnapshotLoader::loadQuality,
                 &SnapshotLoader::loadFreshness})
            if (Status s = (this->*step)(m_db); !s)
                return s;
        return Done {};
    }
    // Ports and contracts on the peer, quality and freshness here: each pair writes fields of
    // the nodes (or a vector) the other never touches, and reads only what is final by now.
    Status farRead = Done {};
    std::thread reader([&] {
        farRead = loadPortDatasets(peer->db());
        if (farRead)
            farRead = loadContracts(peer->db());
    });
    auto joinReader = qScopeGuard([&] { reader.join(); });
    if (Status s = loadQuality(m_db); !s)
        return s;
    if (Status s = loadFreshness(m_db); !s)
        return s;
    reader.join();
    joinReader.dismiss();
    return farRead;
}

Status SnapshotLoader::loadPortDatasets(sqlite3 *db)
{
    sql::Statement stmt;
    if (Status s = query(db, stmt, kPortDatasets); !s)
        return s;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const NodeId port = nodeOf(stmt.columnInt(0));
        const NodeId dataset = nodeOf(stmt.columnInt(1));
        if (port != kNoNode && dataset != kNoNode)
            m_data.portDatasets.emplace_back(port, dataset);
    }
    return finish(db, rc, "port datasets");
}

Status SnapshotLoader::loadQuality(sqlite3 *db)
{
    sql::Statement stmt;
    if (Status s = query(db, stmt, kQuality); !s)
        return s;
    // Nodes start Unknown; the first latest result replaces it, later ones only worsen it
    // (Pass is better than Unknown, so "no result yet" has to be told apart).
    std::vector<bool> hasResult(m_data.nodes.size(), false);
    const auto fold = [&](qint64 entity, qint64 value) {
        const NodeId node = nodeOf(entity);
        if (node == kNoNode)
            return;
        const auto state = value >= 0 && value <= qint64(HealthState::Fail) ? HealthState(value)
                                                                            : HealthState::Unknown;
        SnapshotNode &n = m_data.nodes[node];
        n.quality = hasResult[node] ? std::max(n.quality, state) : state;
        hasResult[node] = true;
    };
    // The current series (entity, check, column) and the state of its latest observation at
    // or before T so far: chunks come in time order, so the last one read wins.
    qint64 entity = 0, check = 0, column = 0, state = 0;
    bool inSeries = false;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const qint64 rowEntity = stmt.columnInt(0);
        const qint64 rowCheck = stmt.columnInt(1);
        const qint64 rowColumn = stmt.columnInt(2);
        if (!inSeries || rowEntity != entity || rowCheck != check || rowColumn != column) {
            if (inSeries)
                fold(entity, state);
            entity = rowEntity;
            check = rowCheck;
            column = rowColumn;
            inSeries = true;
        }
        if (stmt.columnInt(3) <= m_time) {
            state = stmt.columnInt(4);
        } else {
            HealthState latest = HealthState::Unknown;
            if (!history::latestQualityAt(stmt.columnBlob(5), m_time, &latest, nullptr))
                return damaged("quality");
            state = qint64(latest);
        }
    }
    if (Status s = finish(db, rc, "quality"); !s)
        return s;
    if (inSeries)
        fold(entity, state);
    return Done {};
}

Status SnapshotLoader::loadFreshness(sqlite3 *db)
{
    sql::Statement stmt;
    if (Status s = query(db, stmt, kFreshness); !s)
        return s;
    // Chunks come in time order per entity, so the last one read wins.
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const NodeId node = nodeOf(stmt.columnInt(0));
        if (node == kNoNode)
            continue;
        Timestamp dataTime = stmt.columnInt(2);
        if (stmt.columnInt(1) > m_time
            && !history::latestFreshnessAt(stmt.columnBlob(3), m_time, &dataTime, nullptr))
            return damaged("freshness");
        m_data.nodes[node].newestData = dataTime;
    }
    return finish(db, rc, "freshness");
}

Status SnapshotLoader::damaged(const char *what) const
{
    return Error {QStringLiteral("The cache's %1 history is damaged; rebuild the cache from "
                                 "its sources")
                      .arg(QLatin1StringView(what))};
}

Status SnapshotLoader::loadContracts(sqlite3 *db)
{
    sql::Statement stmt;
    if (Status s = query(db, stmt, kContracts); !s)
        return s;
    // Several contracts on one target: the strictest SLA is the one that can be violated.
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const qint64 sla = stmt.columnInt(2);
        const NodeId target
            = stmt.columnIsNull(1) ? nodeOf(stmt.columnInt(0)) : nodeOf(stmt.columnInt(1));
        if (target != kNoNode)
            m_data.nodes[target].freshnessSlaSeconds
                = stricter(m_data.nodes[target].freshnessSlaSeconds, sla);
    }
    if (Status s = finish(db, rc, "contracts"); !s)
        return s;
    // A dataset without a contract of its own falls under its product's.
    for (SnapshotNode &node : m_data.nodes) {
        if (node.kind == EntityKind::Dataset && node.freshnessSlaSeconds == 0
            && node.parent != kNoNode)
            node.freshnessSlaSeconds = m_data.nodes[node.parent].freshnessSlaSeconds;
    }
    return Done {};
}

} // namespace meshlens
