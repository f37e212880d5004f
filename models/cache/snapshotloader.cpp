#include "snapshotloader.h"

#include "historychunks.h"
#include "mesh/snapshotgraph.h"

#include <QElapsedTimer>
#include <QScopeGuard>

#include <QString>

#include <algorithm>
#include <string>

#include <limits>
#include <thread>

namespace meshlens {

namespace {

// Below this many nodes the key index takes less than starting a thread is worth.
constexpr std::size_t kParallelKeyIndexNodes = 50000;

// Alive at T (?1): seen by then and not removed at or before it. For "now" T is the end of
// time, which makes the condition "not removed".
#define MESHLENS_ALIVE " first_seen <= ?1 AND (removed_at IS NULL OR removed_at > ?1) "

constexpr const char *kNodes
    = "SELECT id, kind, key, name, owner_id, parent_id, detail_id, direction "
      "FROM entity WHERE" MESHLENS_ALIVE;
constexpr const char *kEdges = "SELECT src_id, dst_id, job_id FROM edge WHERE" MESHLENS_ALIVE;
#undef MESHLENS_ALIVE
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

SnapshotLoader::SnapshotLoader(sqlite3 *db, Timestamp asOf, const std::atomic_bool *cancel)
    : m_db(db)
    , m_asOf(asOf)
    , m_time(asOf ? asOf : std::numeric_limits<Timestamp>::max())
    , m_cancel(cancel)
{
}

Result<SnapshotData> SnapshotLoader::run()
{
    m_data.asOf = m_asOf;
    using Step = Status (SnapshotLoader::*)();
    static constexpr Step steps[] = {&SnapshotLoader::loadEdges,
        &SnapshotLoader::loadPortDatasets, &SnapshotLoader::loadQuality,
        &SnapshotLoader::loadFreshness, &SnapshotLoader::loadContracts};
    // One read transaction, so every step sees the same state even while a writer commits.
    if (Status s = sql::exec(m_db, "BEGIN"); !s)
        return s.error();
    QElapsedTimer timer;
    timer.start();
    if (Status s = loadNodes(); !s) {
        sql::exec(m_db, "ROLLBACK");
        return s.error();
    }
    qCDebug(lcCacheWrite, "load step: %lld ms", timer.restart());
    // The nodes' keys are final now: their hash index is built on a second core while the
    // steps below read the rest (they only write other fields of the nodes, and add no
    // string). At 2M nodes that is a few hundred ms off the load.
    std::vector<NodeId> keyIndex;
    std::thread indexer;
    const auto joinIndexer = qScopeGuard([&] {
        if (indexer.joinable())
            indexer.join();
    });
    if (m_data.nodes.size() >= kParallelKeyIndexNodes && std::thread::hardware_concurrency() > 1)
        indexer = std::thread(
            [this, &keyIndex] { keyIndex = SnapshotGraph::makeKeyIndex(m_data.strings, m_data.nodes); });
    for (Step step : steps) {
        if (Status s = (this->*step)(); !s) {
            sql::exec(m_db, "ROLLBACK");
            return s.error();
        }
        qCDebug(lcCacheWrite, "load step: %lld ms", timer.restart());
    }
    sql::exec(m_db, "COMMIT");
    if (indexer.joinable())
        indexer.join();
    qCDebug(lcCacheWrite, "waited for the key index: %lld ms", timer.restart());
    m_data.keyIndex = std::move(keyIndex);
    m_data.strings.finish();
    return std::move(m_data);
}

Status SnapshotLoader::query(sql::Statement &stmt, const char *sql)
{
    if (Status s = stmt.prepare(m_db, sql); !s)
        return s;
    if (sqlite3_bind_parameter_count(stmt.get()) >= 1)
        stmt.bind(1, m_time);
    return Done {};
}

Status SnapshotLoader::finish(int rc, const char *what) const
{
    if (rc == SQLITE_DONE)
        return Done {};
    if (rc == SQLITE_ROW) // the loop stopped early: cancelled
        return Error {QStringLiteral("Loading the snapshot was cancelled")};
    return sql::error(
        m_db, QStringLiteral("Loading %1 from the cache failed").arg(QLatin1StringView(what)));
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
    if (Status s = query(stmt, "SELECT id, text FROM string"); !s)
        return s;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const qint64 id = stmt.columnInt(0);
        if (id > 0 && std::size_t(id) < m_texts.size())
            m_texts[std::size_t(id)].assign(stmt.columnText(1));
    }
    return finish(rc, "strings");
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

Status SnapshotLoader::loadNodes()
{
    if (Status s = loadStrings(); !s)
        return s;
    // max(id) is an index lookup, where COUNT(*) with the as-of condition is a full scan:
    // it bounds the number of nodes and sizes the id -> node array in one go.
    Result<qint64> maxId = sql::queryInt(m_db, "SELECT max(id) FROM entity");
    if (!maxId)
        return maxId.error();
    const auto bound = std::size_t(maxId.value());
    m_nodeOf.assign(bound + 1, kNoNode);
    m_data.nodes.reserve(bound);
    // Keys and names take ~80 bytes a node on typical meshes. Reserving more costs address
    // space only (pages are not touched until used); growing would copy everything.
    m_data.strings.reserve(2 * bound + 16, 128 * bound + 1024);
    std::vector<qint64> parents; // cache id of each node's parent, resolved once all are read
    parents.reserve(bound);

    sql::Statement stmt;
    if (Status s = query(stmt, kNodes); !s)
        return s;
    StringPool &strings = m_data.strings;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const qint64 id = stmt.columnInt(0);
        const qint64 kind = stmt.columnInt(1);
        if (kind < 0 || kind >= kEntityKindCount || id <= 0 || std::size_t(id) > bound)
            continue; // not something this build knows how to show
        SnapshotNode node;
        node.kind = EntityKind(kind);
        node.cacheId = id;
        const std::string_view key = stmt.columnText(2);
        node.key = strings.add(key);
        // The name: the end of the key (an INTEGER byte count), text of its own, or none.
        std::string_view name;
        if (sqlite3_column_type(stmt.get(), 3) == SQLITE_INTEGER) {
            const qint64 bytes = stmt.columnInt(3);
            if (bytes > 0 && std::size_t(bytes) <= key.size())
                name = key.substr(key.size() - std::size_t(bytes));
        } else {
            name = stmt.columnText(3);
        }
        node.name = name.empty() ? 0 : strings.add(name);
        node.owner = pooledString(stmt.columnInt(4));
        node.detail = pooledString(stmt.columnInt(6));
        node.direction = std::uint8_t(stmt.columnInt(7));
        m_nodeOf[std::size_t(id)] = NodeId(m_data.nodes.size());
        m_data.nodes.push_back(node);
        parents.push_back(stmt.columnInt(5));
    }
    if (Status s = finish(rc, "entities"); !s)
        return s;
    for (std::size_t i = 0; i < m_data.nodes.size(); ++i)
        m_data.nodes[i].parent = nodeOf(parents[i]);
    return Done {};
}

Status SnapshotLoader::loadEdges()
{
    Result<qint64> maxId = sql::queryInt(m_db, "SELECT max(id) FROM edge");
    if (!maxId)
        return maxId.error();
    m_data.edges.reserve(std::size_t(maxId.value()));
    sql::Statement stmt;
    if (Status s = query(stmt, kEdges); !s)
        return s;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const NodeId from = nodeOf(stmt.columnInt(0));
        const NodeId to = nodeOf(stmt.columnInt(1));
        // An edge whose end is not alive at T is not part of the snapshot.
        if (from == kNoNode || to == kNoNode)
            continue;
        m_data.edges.push_back({from, to, nodeOf(stmt.columnInt(2))});
    }
    return finish(rc, "lineage");
}

Status SnapshotLoader::loadPortDatasets()
{
    sql::Statement stmt;
    if (Status s = query(stmt, kPortDatasets); !s)
        return s;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const NodeId port = nodeOf(stmt.columnInt(0));
        const NodeId dataset = nodeOf(stmt.columnInt(1));
        if (port != kNoNode && dataset != kNoNode)
            m_data.portDatasets.emplace_back(port, dataset);
    }
    return finish(rc, "port datasets");
}

Status SnapshotLoader::loadQuality()
{
    sql::Statement stmt;
    if (Status s = query(stmt, kQuality); !s)
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
    if (Status s = finish(rc, "quality"); !s)
        return s;
    if (inSeries)
        fold(entity, state);
    return Done {};
}

Status SnapshotLoader::loadFreshness()
{
    sql::Statement stmt;
    if (Status s = query(stmt, kFreshness); !s)
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
    return finish(rc, "freshness");
}

Status SnapshotLoader::damaged(const char *what) const
{
    return Error {QStringLiteral("The cache's %1 history is damaged; rebuild the cache from "
                                 "its sources")
                      .arg(QLatin1StringView(what))};
}

Status SnapshotLoader::loadContracts()
{
    sql::Statement stmt;
    if (Status s = query(stmt, kContracts); !s)
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
    if (Status s = finish(rc, "contracts"); !s)
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
