#include "snapshotrows.h"

#include "sqlitestatement.h"

#include <QString>

#include <limits>

namespace meshlens::snapshotrows {

namespace {

// Alive at T (?1): seen by then and not removed at or before it. ?2 and ?3 bound the ids.
#define MESHLENS_ALIVE_IN_RANGE                                                                    \
    " id BETWEEN ?2 AND ?3 AND first_seen <= ?1 AND (removed_at IS NULL OR removed_at > ?1) "
// "Now" (T the end of time): everything seen is seen by then, so only "not removed" is
// left to test; two fewer columns to decode and compare on every row. ?1 is unused.
#define MESHLENS_ALIVE_NOW_IN_RANGE " id BETWEEN ?2 AND ?3 AND removed_at IS NULL AND ?1 = ?1 "

constexpr const char *kEntities
    = "SELECT id, kind, key, name, owner_id, parent_id, detail_id, direction "
      "FROM entity WHERE" MESHLENS_ALIVE_IN_RANGE;
constexpr const char *kEntitiesNow
    = "SELECT id, kind, key, name, owner_id, parent_id, detail_id, direction "
      "FROM entity WHERE" MESHLENS_ALIVE_NOW_IN_RANGE;
constexpr const char *kEdges
    = "SELECT src_id, dst_id, job_id FROM edge WHERE" MESHLENS_ALIVE_IN_RANGE;
constexpr const char *kEdgesNow
    = "SELECT src_id, dst_id, job_id FROM edge WHERE" MESHLENS_ALIVE_NOW_IN_RANGE;
#undef MESHLENS_ALIVE_IN_RANGE
#undef MESHLENS_ALIVE_NOW_IN_RANGE

constexpr Timestamp kNow = std::numeric_limits<Timestamp>::max();

Status prepareRange(
    sql::Statement &stmt, sqlite3 *db, const char *sql, Timestamp time, qint64 first, qint64 last)
{
    if (Status s = stmt.prepare(db, sql); !s)
        return s;
    stmt.bind(1, time);
    stmt.bind(2, first);
    stmt.bind(3, last);
    return Done {};
}

/// A string-table id as held in SnapshotNode until resolved (0 for none or out of range).
StringPool::Id stringTableId(qint64 id)
{
    return id > 0 && id < qint64(~StringPool::Id(0)) ? StringPool::Id(id) : 0;
}

} // namespace

Status finish(sqlite3 *db, int rc, const char *what)
{
    if (rc == SQLITE_DONE)
        return Done {};
    if (rc == SQLITE_ROW) // the loop stopped early: cancelled
        return Error {QStringLiteral("Loading the snapshot was cancelled")};
    return sql::error(
        db, QStringLiteral("Loading %1 from the cache failed").arg(QLatin1StringView(what)));
}

Status readEntities(sqlite3 *db, Timestamp time, qint64 first, qint64 last, Entities &out,
    const std::atomic_bool *cancel)
{
    sql::Statement stmt;
    if (Status s = prepareRange(stmt, db, time == kNow ? kEntitiesNow : kEntities, time, first, last); !s)
        return s;
    StringPool &strings = *out.strings;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row, cancel)) {
        const qint64 id = stmt.columnInt(0);
        const qint64 kind = stmt.columnInt(1);
        if (kind < 0 || kind >= kEntityKindCount || id <= 0)
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
        node.owner = stringTableId(stmt.columnInt(4));
        node.detail = stringTableId(stmt.columnInt(6));
        node.direction = std::uint8_t(stmt.columnInt(7));
        out.nodes.push_back(node);
        out.parents.push_back(stmt.columnInt(5));
    }
    return finish(db, rc, "entities");
}

Status readEdges(sqlite3 *db, Timestamp time, qint64 first, qint64 last,
    std::vector<CacheEdge> &out, const std::atomic_bool *cancel)
{
    sql::Statement stmt;
    if (Status s = prepareRange(stmt, db, time == kNow ? kEdgesNow : kEdges, time, first, last); !s)
        return s;
    int rc;
    qint64 row = 0;
    while ((rc = stmt.step()) == SQLITE_ROW && !cancelled(++row, cancel))
        out.push_back({stmt.columnInt(0), stmt.columnInt(1), stmt.columnInt(2)});
    return finish(db, rc, "lineage");
}

} // namespace meshlens::snapshotrows
