#include "snapshotloader.h"

#include <QString>

#include <algorithm>
#include <string>

#include <limits>

namespace meshlens {

namespace {

// Alive at T (?1): seen by then and not removed at or before it. For "now" T is the end of
// time, which makes the condition "not removed".
#define MESHLENS_ALIVE " first_seen <= ?1 AND (removed_at IS NULL OR removed_at > ?1) "

constexpr const char *kNodes = "SELECT id, kind, key, name, owner, parent_id, detail, direction "
                               "FROM entity WHERE" MESHLENS_ALIVE;
constexpr const char *kEdges = "SELECT src_id, dst_id, job_id FROM edge WHERE" MESHLENS_ALIVE;
#undef MESHLENS_ALIVE
constexpr const char *kPortDatasets = "SELECT port_id, dataset_id FROM port_dataset";
// Both history tables are WITHOUT ROWID tables keyed (entity, [check, column,] time), so
// these ORDER BYs are the primary key order: SQLite walks the table, no sort. The last row
// of each group at or before T is the latest observation. (A GROUP BY with max() reads the
// same rows but costs ~3x the instructions in SQLite's aggregate machinery.)
constexpr const char *kQuality
    = "SELECT entity_id, check_name, column_name, state FROM quality WHERE observed_at <= ?1 "
      "ORDER BY entity_id, check_name, column_name, observed_at";
constexpr const char *kFreshness = "SELECT entity_id, data_time FROM freshness WHERE observed_at "
                                   "<= ?1 ORDER BY entity_id, observed_at";
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
    static constexpr Step steps[] = {&SnapshotLoader::loadNodes, &SnapshotLoader::loadEdges,
        &SnapshotLoader::loadPortDatasets, &SnapshotLoader::loadQuality,
        &SnapshotLoader::loadFreshness, &SnapshotLoader::loadContracts};
    // One read transaction, so every step sees the same state even while a writer commits.
    if (Status s = sql::exec(m_db, "BEGIN"); !s)
        return s.error();
    for (Step step : steps) {
        if (Status s = (this->*step)(); !s) {
            sql::exec(m_db, "ROLLBACK");
            return s.error();
        }
    }
    sql::exec(m_db, "COMMIT");
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

Status SnapshotLoader::loadNodes()
{
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
        node.key = strings.add(stmt.columnText(2));
        const std::string_view name = stmt.columnText(3);
        node.name = name.empty() ? 0 : strings.add(name);
        const std::string_view owner = stmt.columnText(4);
        node.owner = owner.empty() ? 0 : strings.intern(owner);
        const std::string_view detail = stmt.columnText(6);
        node.detail = detail.empty() ? 0 : strings.intern(detail);
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
    // The current group (entity, check, column) and the state of its latest row so far.
    qint64 entity = 0, state = 0;
    std::string check, column;
    bool inGroup = false;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const qint64 rowEntity = stmt.columnInt(0);
        const std::string_view rowCheck = stmt.columnText(1);
        const std::string_view rowColumn = stmt.columnText(2);
        if (!inGroup || rowEntity != entity || rowCheck != check || rowColumn != column) {
            if (inGroup)
                fold(entity, state);
            entity = rowEntity;
            check.assign(rowCheck);
            column.assign(rowColumn);
            inGroup = true;
        }
        state = stmt.columnInt(3);
    }
    if (Status s = finish(rc, "quality"); !s)
        return s;
    if (inGroup)
        fold(entity, state);
    return Done {};
}

Status SnapshotLoader::loadFreshness()
{
    sql::Statement stmt;
    if (Status s = query(stmt, kFreshness); !s)
        return s;
    // Rows come oldest first per entity, so the last one written wins.
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row)) {
        const NodeId node = nodeOf(stmt.columnInt(0));
        if (node != kNoNode)
            m_data.nodes[node].newestData = stmt.columnInt(1);
    }
    return finish(rc, "freshness");
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
