// MeshCache's small read queries: counts, the time range, per-entity history. Everything
// that reads a whole snapshot is in SnapshotLoader.

#include "meshcache.h"

#include "historychunks.h"
#include "keyhash.h"
#include "sqlitestatement.h"

#include <QDir>

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>

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
    // The hash finds the row through its index; the key itself tells hashes that collide apart.
    if (Status s = stmt.prepare(db,
            "SELECT e.id FROM entity_key k JOIN entity e ON e.id = k.entity_id "
            "WHERE k.key_hash = ?2 AND e.key = ?1");
        !s)
        return s.error();
    stmt.bindText(1, key, false);
    stmt.bind(2, cachekey::hash(key));
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
    if (!m_db)
        return closedError();
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
    // History: the observations made by T. A chunk that ends by T counts whole; one that
    // straddles T is decoded (the CASE keeps SQLite from reading the BLOB of the others).
    struct HistoryCount {
        const char *sql;
        qint64 CacheStats::*field;
        bool (*countAt)(std::string_view, Timestamp, qint64 *);
    };
    static constexpr HistoryCount histories[] = {
        {"SELECT count, last_at, CASE WHEN last_at > ?1 THEN data END FROM quality "
         "WHERE first_at <= ?1",
            &CacheStats::quality,
            [](std::string_view blob, Timestamp at, qint64 *n) {
                HealthState state;
                return history::latestQualityAt(blob, at, &state, n);
            }},
        {"SELECT count, last_at, CASE WHEN last_at > ?1 THEN data END FROM freshness "
         "WHERE first_at <= ?1",
            &CacheStats::freshness,
            [](std::string_view blob, Timestamp at, qint64 *n) {
                Timestamp dataTime;
                return history::latestFreshnessAt(blob, at, &dataTime, n);
            }},
    };
    for (const HistoryCount &count : histories) {
        if (Status s = stmt.prepare(m_db, count.sql); !s)
            return s.error();
        stmt.bind(1, t);
        qint64 total = 0;
        while ((rc = stmt.step()) == SQLITE_ROW) {
            qint64 n = stmt.columnInt(0);
            if (stmt.columnInt(1) > t && !count.countAt(stmt.columnBlob(2), t, &n))
                return Error {QStringLiteral("The cache's history is damaged; rebuild the "
                                             "cache from its sources")};
            total += n;
        }
        if (rc != SQLITE_DONE)
            return sql::error(m_db, QStringLiteral("Counting the cache's history failed"));
        result.*count.field = total;
    }
    return result;
}

Result<std::pair<Timestamp, Timestamp>> MeshCache::timeRange()
{
    if (!m_db)
        return closedError();
    // 0 is "time unknown" and must not pull the start back to 1970; removals count as
    // observations so the time slider reaches the moment something went away.
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT min(lo), max(hi) FROM ("
            " SELECT min(nullif(first_seen, 0)) AS lo,"
            "        max(max(last_seen, coalesce(removed_at, 0))) AS hi FROM entity"
            " UNION ALL SELECT min(nullif(first_seen, 0)),"
            "        max(max(last_seen, coalesce(removed_at, 0))) FROM edge"
            " UNION ALL SELECT min(nullif(first_at, 0)), max(last_at) FROM quality"
            " UNION ALL SELECT min(nullif(first_at, 0)), max(last_at) FROM freshness)");
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
    if (!m_db)
        return closedError();
    Result<qint64> id = entityId(m_db, entityKey, m_path);
    if (!id)
        return id.error();
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT coalesce((SELECT text FROM string WHERE id = check_id), ''), "
            "coalesce((SELECT text FROM string WHERE id = column_id), ''), data "
            "FROM quality WHERE entity_id = ?1");
        !s)
        return s.error();
    stmt.bind(1, id.value());
    struct Entry {
        std::string check, column;
        history::QualityObservation observation;
    };
    std::vector<Entry> entries;
    std::vector<history::QualityObservation> chunk;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        chunk.clear();
        if (!history::decode(stmt.columnBlob(2), chunk))
            return Error {QStringLiteral("The quality history of \"%1\" is damaged; rebuild "
                                         "the cache from its sources")
                              .arg(entityKey)};
        const std::string check(stmt.columnText(0)), column(stmt.columnText(1));
        for (history::QualityObservation &o : chunk)
            entries.push_back({check, column, std::move(o)});
    }
    if (rc != SQLITE_DONE)
        return sql::error(
            m_db, QStringLiteral("Reading the quality history of \"%1\" failed").arg(entityKey));
    // By time, then check and column (byte order of UTF-8, as SQLite compares text).
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return std::tie(a.observation.at, a.check, a.column)
            < std::tie(b.observation.at, b.check, b.column);
    });
    std::vector<QualityResult> results;
    results.reserve(entries.size());
    for (const Entry &e : entries) {
        QualityResult r;
        r.entityKey = entityKey;
        r.checkName = QString::fromStdString(e.check);
        r.column = QString::fromStdString(e.column);
        r.state = e.observation.state;
        r.value = e.observation.value;
        r.message = QString::fromStdString(e.observation.message);
        r.observedAt = e.observation.at;
        results.push_back(std::move(r));
    }
    return results;
}

Result<std::vector<FreshnessObservation>> MeshCache::freshnessHistory(const QString &entityKey)
{
    if (!m_db)
        return closedError();
    Result<qint64> id = entityId(m_db, entityKey, m_path);
    if (!id)
        return id.error();
    sql::Statement stmt;
    // Chunks in key order are in time order, and so are the observations in each.
    if (Status s = stmt.prepare(m_db,
            "SELECT data FROM freshness WHERE entity_id = ?1 ORDER BY period");
        !s)
        return s.error();
    stmt.bind(1, id.value());
    std::vector<history::FreshnessObservation> observations;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        if (!history::decode(stmt.columnBlob(0), observations))
            return Error {QStringLiteral("The freshness history of \"%1\" is damaged; rebuild "
                                         "the cache from its sources")
                              .arg(entityKey)};
    }
    if (rc != SQLITE_DONE)
        return sql::error(
            m_db, QStringLiteral("Reading the freshness history of \"%1\" failed").arg(entityKey));
    std::vector<FreshnessObservation> results;
    results.reserve(observations.size());
    for (const history::FreshnessObservation &o : observations)
        results.push_back({entityKey, o.at, o.dataTime});
    return results;
}

} // namespace meshlens

namespace meshlens {

Result<std::vector<RawFacet>> MeshCache::facets(qint64 entityId)
{
    if (!m_db)
        return closedError();
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "SELECT coalesce((SELECT text FROM string WHERE id = name_id), ''), json, observed_at, "
            "coalesce((SELECT text FROM string WHERE id = producer_id), ''), "
            "coalesce((SELECT text FROM string WHERE id = schema_url_id), '') "
            "FROM facet WHERE entity_id = ?1");
        !s)
        return s.error();
    stmt.bind(1, entityId);
    std::vector<RawFacet> result;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const std::string_view json = stmt.columnText(1);
        result.push_back({stmt.columnString(0), QByteArray(json.data(), qsizetype(json.size())),
            stmt.columnString(3), stmt.columnString(4), stmt.columnInt(2)});
    }
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the facets of entity %1 failed").arg(entityId));
    std::sort(result.begin(), result.end(),
        [](const RawFacet &a, const RawFacet &b) { return a.name < b.name; });
    return result;
}

Result<QHash<QString, QString>> MeshCache::datasetAliases()
{
    if (!m_db)
        return closedError();
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db, "SELECT alias, canonical FROM dataset_alias"); !s)
        return s.error();
    QHash<QString, QString> aliases;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        aliases.insert(stmt.columnString(0), stmt.columnString(1));
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the cache's dataset aliases failed"));
    return aliases;
}

} // namespace meshlens
