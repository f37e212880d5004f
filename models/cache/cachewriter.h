#pragma once

// Writes one IngestBatch into the cache in one transaction. Internal to models/cache; the
// public entry point is MeshCache::write().

#include "bulkinsert.h"
#include "cache/meshcache.h"
#include "sqlitestatement.h"

#include <QHash>

namespace meshlens {

/// Keys are resolved to ids in memory: the cache's key -> id map is read once per write
/// (free for an empty cache), new rows get ids assigned here and are INSERTed, known ones
/// are UPDATEd by id. No SELECT per row.
class CacheWriter {
public:
    CacheWriter(sqlite3 *db, const IngestBatch &batch, const std::atomic_bool *cancel,
        const ProgressFn &progress);
    CacheWriter(const CacheWriter &) = delete;
    CacheWriter &operator=(const CacheWriter &) = delete;

    /// Runs the whole write; on any error or cancel the transaction is rolled back.
    Result<WriteSummary> run();

private:
    struct EntityRef {
        qint64 id = 0;
        EntityKind kind = EntityKind::Dataset;
    };
    struct EdgeKey {
        qint64 src, dst, job;
        friend bool operator==(const EdgeKey &, const EdgeKey &) = default;
        // Ids are small consecutive integers; QHash probes linearly from the hash's low
        // bits, so they need a real mixer (qHashMulti's combine left long probe chains).
        static size_t mix(quint64 x) noexcept
        {
            x ^= x >> 33;
            x *= 0xff51afd7ed558ccdULL;
            x ^= x >> 33;
            x *= 0xc4ceb9fe1a85ec53ULL;
            return size_t(x ^ (x >> 33));
        }
        friend size_t qHash(const EdgeKey &k, size_t seed = 0) noexcept
        {
            return mix(mix(mix(quint64(k.src) ^ seed) ^ quint64(k.dst)) ^ quint64(k.job));
        }
    };
    /// The kind-specific columns of one entity record.
    struct EntityColumns {
        qint64 parent = 0;
        QStringView detail;
        QStringView datasetKind;
        int direction = -1; // ports only
    };

    // Steps of run(), in order; each returns early on failure and run() rolls back.
    Status prepareEntities(); // cachewriterentities.cpp
    Status prepareFacts(); // cachewriterfacts.cpp
    Status loadKnown();
    /// A batch at least as big as the cache is written without secondary indexes and with
    /// foreign keys checked once at the end instead of per row (see run()).
    Status dropIndexesForBulk();
    Status rebuildIndexes();
    Status checkReferences();
    /// Runs every row still waiting in a multi-row insert (after each step, so the next
    /// step's foreign keys find them).
    Status flushInserts();
    Status writeSource();
    Status writeEntity(const EntityBase &record, EntityKind kind, const EntityColumns &columns);
    Status writeDomains();
    Status writeProducts();
    Status writeDatasets();
    Status writeJobs();
    Status writePorts();
    Status writeEdges();
    Status writeColumnEdges();
    Status writeQuality();
    Status writeFreshness();
    Status writeContracts();

    /// The id of `key`, which a record refers to as a `wanted` (any kind with `anyKind`); 0
    /// for an empty key. `describe()` names the referring record for the error message; it
    /// is only called on failure, so the hot path builds no strings.
    template<typename Describe>
    Result<qint64> resolve(
        const QString &key, EntityKind wanted, Describe describe, bool anyKind = false) const
    {
        if (key.isEmpty())
            return qint64(0);
        const auto it = m_entities.constFind(key);
        if (it != m_entities.cend() && (anyKind || it->kind == wanted))
            return it->id;
        return referenceError(describe(), key, wanted, anyKind);
    }
    Error referenceError(
        const QString &owner, const QString &key, EntityKind wanted, bool anyKind) const;
    Timestamp timeOf(Timestamp observedAt) const
    {
        return observedAt ? observedAt : m_batch.observedAt;
    }
    /// Counts one row; false when the caller must stop because the write was cancelled.
    bool tick();
    Error stepError(const QString &what) const;
    Error cancelledError() const;
    /// The batch's file (or source) for messages.
    QString batchName() const;

    sqlite3 *m_db;
    const IngestBatch &m_batch;
    const std::atomic_bool *m_cancel;
    const ProgressFn &m_progress;
    WriteSummary m_summary;
    qint64 m_sourceId = 0;
    qint64 m_done = 0, m_total = 0, m_nextProgress = 0;
    bool m_cancelled = false;
    bool m_bulkIndexes = false; // secondary indexes dropped, rebuilt before commit
    bool m_deferredChecks = false; // foreign keys off, checked in one pass before commit
    qint64 m_knownEntities = 0; // in the cache before this write

    QHash<QString, EntityRef> m_entities;
    QHash<EdgeKey, qint64> m_edges;
    QHash<QString, qint64> m_contracts;
    qint64 m_nextEntityId = 1, m_nextEdgeId = 1, m_nextContractId = 1;

    // New rows go through multi-row inserts, known ones through UPDATE by id.
    sql::BulkInsert m_newEntities, m_newEdges, m_portDatasets, m_columnEdges, m_quality,
        m_freshness;
    sql::Statement m_updateEntity, m_updateEdge, m_insertContract, m_updateContract;
};

} // namespace meshlens
