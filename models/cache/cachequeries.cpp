// MeshCache's small read queries: counts, the time range, per-entity history. Everything
// that reads a whole snapshot is in SnapshotLoader.

#include "meshcache.h"

#include "sqlitestatement.h"

#include <QDir>

#include <limits>

namespace meshlens {

namespace {

Timestamp timeOrEnd(Timestamp asOf)
{
    return asOf ? asOf : std::numeric_limits<Timestamp>::max();
}

/// The cache id of the entity with `key`, or an error naming the key and the file.
Result<qint64> entityId(sqlite3 *db, const QString &key, const QString &path)
{
    sql::Statement stmt;
    if (Status s = stmt.prepare(db, "SELECT id FROM entity WHERE key = ?1"); !s)
        return s.error();
    stmt.bindText(1, key, false);
    const int rc = stmt.step();
    if (rc == SQLITE_ROW)
        return stmt.columnInt(0);
    if (rc == SQLITE_DONE)
        return Error {
            QStringLiteral("%1 has no entity \"%2\"").arg(QDir::toNativeSeparators(path), key)};
    return sql::error(db, QStringLiteral("Looking up \"%1\" failed").arg(key));
}

} // namespace

Result<CacheStats> MeshCache::stats(Timestamp asOf)
{
    // Same rule as loadSnapshot: alive at T, or not removed for asOf = 0. History rows
    // (quality, freshness) count every observation made by T.
    struct Count {
        const char *sql;
        qint64 CacheStats::*field;
    };
    static constexpr Count counts[] = {
        {"SELECT count(*) FROM edge WHERE first_seen <= ?1 AND (removed_at IS NULL OR removed_at > "
         "?1)",
            &CacheStats::edges},
        {"SELECT count(*) FROM column_edge WHERE first_seen <= ?1", &CacheStats::columnEdges},
        {"SELECT count(*) FROM quality WHERE observed_at <= ?1", &CacheStats::quality},
        {"SELECT count(*) FROM freshness WHERE observed_at <= ?1", &CacheStats::freshness},
        {"SELECT count(*) FROM contract WHERE first_seen <= ?1", &CacheStats::contracts},
    };
    static constexpr qint64 CacheStats::*kindFields[kEntityKindCount] = {&CacheStats::domains,
        &CacheStats::products, &CacheStats::ports, &CacheStats::datasets, &CacheStats::jobs};

    const Timestamp t = timeOrEnd(asOf);
    CacheStats result;
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT kind, count(*) FROM entity WHERE first_seen <= ?1 AND "
            "(removed_at IS NULL OR removed_at > ?1) GROUP BY kind");
        !s)
        return s.error();
    stmt.bind(1, t);
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const qint64 kind = stmt.columnInt(0);
        if (kind >= 0 && kind < kEntityKindCount)
            result.*kindFields[kind] = stmt.columnInt(1);
    }
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Counting the cache's entities failed"));
    for (const Count &count : counts) {
        if (Status s = stmt.prepare(m_db, count.sql); !s)
            return s.error();
        stmt.bind(1, t);
        if (stmt.step() != SQLITE_ROW)
            return sql::error(m_db, QStringLiteral("Counting the cache's rows failed"));
        result.*count.field = stmt.columnInt(0);
    }
    return result;
}

Result<std::pair<Timestamp, Timestamp>> MeshCache::timeRange()
{
    // 0 is "time unknown" and must not pull the start back to 1970; removals count as
    // observations so the time slider reaches the moment something went away.
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT min(lo), max(hi) FROM ("
            " SELECT min(nullif(first_seen, 0)) AS lo,"
            "        max(max(last_seen, coalesce(removed_at, 0))) AS hi FROM entity"
            " UNION ALL SELECT min(nullif(first_seen, 0)),"
            "        max(max(last_seen, coalesce(removed_at, 0))) FROM edge"
            " UNION ALL SELECT min(nullif(observed_at, 0)), max(observed_at) FROM quality"
            " UNION ALL SELECT min(nullif(observed_at, 0)), max(observed_at) FROM freshness)");
        !s)
        return s.error();
    if (stmt.step() != SQLITE_ROW)
        return sql::error(m_db, QStringLiteral("Reading the cache's time range failed"));
    const Timestamp lo = stmt.columnInt(0); // NULL reads as 0: an empty cache
    const Timestamp hi = stmt.columnInt(1);
    if (hi == 0)
        return std::pair<Timestamp, Timestamp>(0, 0);
    return std::pair<Timestamp, Timestamp>(lo ? lo : hi, hi);
}

Result<std::vector<QualityResult>> MeshCache::qualityHistory(const QString &entityKey)
{
    Result<qint64> id = entityId(m_db, entityKey, m_path);
    if (!id)
        return id.error();
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT check_name, column_name, state, value, message, observed_at "
            "FROM quality WHERE entity_id = ?1 "
            "ORDER BY observed_at, check_name, column_name");
        !s)
        return s.error();
    stmt.bind(1, id.value());
    std::vector<QualityResult> history;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        QualityResult r;
        r.entityKey = entityKey;
        r.checkName = stmt.columnString(0);
        r.column = stmt.columnString(1);
        const qint64 state = stmt.columnInt(2);
        r.state = state >= 0 && state <= qint64(HealthState::Fail) ? HealthState(state)
                                                                   : HealthState::Unknown;
        r.value = sqlite3_column_double(stmt.get(), 3);
        r.message = stmt.columnString(4);
        r.observedAt = stmt.columnInt(5);
        history.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE)
        return sql::error(
            m_db, QStringLiteral("Reading the quality history of \"%1\" failed").arg(entityKey));
    return history;
}

Result<std::vector<FreshnessObservation>> MeshCache::freshnessHistory(const QString &entityKey)
{
    Result<qint64> id = entityId(m_db, entityKey, m_path);
    if (!id)
        return id.error();
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT observed_at, data_time FROM freshness WHERE entity_id = ?1 "
            "ORDER BY observed_at");
        !s)
        return s.error();
    stmt.bind(1, id.value());
    std::vector<FreshnessObservation> history;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        history.push_back({entityKey, stmt.columnInt(0), stmt.columnInt(1)});
    if (rc != SQLITE_DONE)
        return sql::error(
            m_db, QStringLiteral("Reading the freshness history of \"%1\" failed").arg(entityKey));
    return history;
}

} // namespace meshlens
