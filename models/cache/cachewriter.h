#pragma once

// Writes one IngestBatch into the cache in one transaction. Internal to models/cache; the
// public entry point is MeshCache::write().

#include "bulkinsert.h"
#include "cacheschema.h"
#include "entitykeymap.h"
#include "facetrowindex.h"
#include "cache/meshcache.h"
#include "historychunks.h"
#include "sqlitestatement.h"
#include "streamentities.h"
#include "mesh/identitycache.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

namespace meshlens {

/// A hash of small consecutive ids for QHash (which probes linearly from the hash's low bits).
inline size_t mixIdBits(quint64 x) noexcept
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return size_t(x ^ (x >> 33));
}

/// Keys are resolved to ids in memory: the cache's key -> id map is read once per write
/// (free for an empty cache), new rows get ids assigned here and are INSERTed, known ones
/// are UPDATEd by id. No SELECT per row (history chunks aside: see storeQualityChunk()).
class CacheWriter {
public:
    /// InPlace: a cache that may hold data and have readers. FreshFile: a new file that only
    /// this writer sees (see MeshCache::writeFresh()): indexes are built after the inserts
    /// and references are not checked again (see checkReferences()). FreshFacts: the second
    /// writer of runFresh(), on a file of its own.
    /// FreshStream: a new file that receives a whole stream, batch after batch
    /// (runStreamBatch(), then finishStream()); what the writer knows carries over.
    enum class Target { InPlace, FreshFile, FreshFacts, FreshStream };
    CacheWriter(sqlite3 *db, const IngestBatch &batch, const std::atomic_bool *cancel,
        const ProgressFn &progress, Target target);
    CacheWriter(const CacheWriter &) = delete;
    CacheWriter &operator=(const CacheWriter &) = delete;
    ~CacheWriter();

    /// Runs the whole write; on any error or cancel the transaction is rolled back.
    Result<WriteSummary> run();
    /// FreshStream: writes one batch of the stream in a transaction of its own (rolled back
    /// alone on failure). Secondary indexes are left out until finishStream(); the keys,
    /// edges and strings written so far stay in memory, so no batch reads them again.
    /// With `lastEntitiesPath`, the batch is the stream's last: once its entities are
    /// written, the stream's entity rows go into a new file there on a second thread (the
    /// reader's core is idle by then) while this one writes the batch's lineage, facts and
    /// facets; finishStream() then waits for that file instead of starting it. A batch that
    /// fails after that drops the file (its entities are undone), and finishStream() writes it
    /// again.
    Result<WriteSummary> runStreamBatch(const IngestBatch &batch, const QString &lastEntitiesPath = {});
    /// FreshStream: after the last batch, inserts the stream's entities and builds the
    /// secondary indexes. The entities are written into a new file at `entitiesPath` on a
    /// second thread meanwhile, then copied in (SQLite's transfer optimization); the file is
    /// removed whatever happens.
    Status finishStream(const QString &entitiesPath);
    /// What the writer holds in memory (keys, edges, strings, a stream's rows), moved out so
    /// that another thread can free it; the writer is only good for being destroyed then.
    std::shared_ptr<void> takeMemory();
    /// FreshStream: the cancel flag of the next batch.
    void setCancel(const std::atomic_bool *cancel) { m_cancel = cancel; }
    /// FreshFile: the same write on two cores. This writer writes the entities; then, while
    /// it writes lineage and builds the indexes, a second one, on its own thread and
    /// connection (`factsDb`, a new file at `factsPath` with the same schema), writes ports'
    /// datasets, column lineage, history and contracts with the same ids. Its tables are
    /// then copied in (SQLite's transfer optimization: records are appended as they are,
    /// not rebuilt). Closes `factsDb`.
    Result<WriteSummary> runFresh(sqlite3 *factsDb, const QString &factsPath);

private:
    struct EdgeKey {
        qint64 src, dst, job;
        friend bool operator==(const EdgeKey &, const EdgeKey &) = default;
        // Ids are small consecutive integers; QHash probes linearly from the hash's low
        // bits, so they need a real mixer (qHashMulti's combine left long probe chains).
        static size_t mix(quint64 x) noexcept { return mixIdBits(x); }
        friend size_t qHash(const EdgeKey &k, size_t seed = 0) noexcept
        {
            return mix(mix(mix(quint64(k.src) ^ seed) ^ quint64(k.dst)) ^ quint64(k.job));
        }
    };
    /// The kind-specific columns of one entity record.
    struct EntityColumns {
        qint64 parent = 0;
        QString detail;
        QString datasetKind;
        int direction = -1; // ports only
        Placement placement = Placement::Explicit; // how `parent` was decided
    };

    using Step = Status (CacheWriter::*)();
    /// Runs `steps` in order, flushing the multi-row inserts after each; the first failure
    /// (or the cancel) ends it.
    Status runSteps(std::span<const Step> steps, QElapsedTimer &timer);
    /// The FreshFacts writer's part of runFresh(), on its own thread.
    Result<WriteSummary> runFacts();

    // Steps of run(), in order; each returns early on failure and run() rolls back.
    Status prepareEntities(); // cachewriterentities.cpp
    Status prepareFacts(); // cachewriterfacts.cpp
    Status prepareFacets(); // cachewriterfacets.cpp
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
    /// Adds the row `v` (its key: `key`) to the multi-row insert `row` and, unless null, its
    /// key to `keys`.
    static Status appendEntityRow(sql::BulkInsert &row, const EntityValues &v, const QString &key,
        std::vector<cacheschema::EntityKeyRow> *keys);
    /// Inserts `rows` into the new file `db` in one transaction.
    /// Touches nothing of a writer: runs on a thread of its own (finishStream()).
    static Status writeEntityFile(sqlite3 *db, const ChunkedVector<EntityValues> &rows);
    /// Adds the keys of the entities this write inserted to entity_key (cacheschema.h).
    Status writeEntityKeys();
    Status writeDomains();
    Status writeProducts();
    Status writeDatasets();
    Status writeJobs();
    Status writePorts(); // writePortEntities(), then writePortDatasets()
    Status writePortEntities();
    Status writePortDatasets();
    Status writeEdges();
    Status writeColumnEdges();
    Status writeQuality();
    Status writeFreshness();
    Status writeContracts();
    /// Raw facets of datasets and jobs, upserted by (entity, name): newer replaces older.
    Status writeFacets();
    /// Dataset aliases: the first claim of an alias wins, later ones are ignored.
    Status writeAliases();
    /// Gives every facet name of the batch its string id (before runFresh() splits the
    /// work: the second writer must not add strings the first one adds).
    Status internFacetNames();
    /// The facet rows of the file, for a writer that keeps them in memory (after a rollback).
    Status loadFacetRows();
    /// Writes one chunk of a history series (the batch's observations of it in one period,
    /// times ascending and distinct, in m_qualityChunk / m_freshnessChunk): merged into the
    /// chunk the cache has, or a new one.
    Status storeQualityChunk(qint64 entity, qint64 check, qint64 column, qint64 period);
    Status storeFreshnessChunk(qint64 entity, qint64 period);

    /// The id of `text` in the cache's string table (added when new); 0 for empty text.
    qint64 stringId(const QString &text);

    /// The id of `key`, which a record refers to as a `wanted` (any kind with `anyKind`); 0
    /// for an empty key. `describe()` names the referring record for the error message; it
    /// is only called on failure, so the hot path builds no strings.
    template<typename Describe>
    Result<qint64> resolve(
        const QString &key, EntityKind wanted, Describe describe, bool anyKind = false)
    {
        if (key.isEmpty())
            return qint64(0);
        const EntityRef *ref = m_entityByIdentity.find(key);
        if (!ref) {
            ref = m_entities.find(key);
            // Only a shared string can come again by identity (interned references); one of
            // its own (refcount 1) would only fill the cache.
            if (ref && !key.isDetached())
                m_entityByIdentity.insert(key, *ref);
        }
        if (ref && (anyKind || ref->kind == wanted))
            return ref->id;
        return referenceError(describe(), key, wanted, anyKind);
    }
    Error referenceError(
        const QString &owner, const QString &key, EntityKind wanted, bool anyKind) const;
    Timestamp timeOf(Timestamp observedAt) const
    {
        return observedAt ? observedAt : m_batch->observedAt;
    }
    /// Counts one row; false when the caller must stop because the write was cancelled.
    bool tick();
    Error stepError(const QString &what) const;
    Error cancelledError() const;
    /// The batch's file (or source) for messages.
    QString batchName() const;

    sqlite3 *m_db;
    const IngestBatch *m_batch; // the batch being written (a stream writes several); null after
    SourceRef m_streamSource;   // the last stream batch's source, named once the batch is gone
    const std::atomic_bool *m_cancel;
    const ProgressFn &m_progress;
    const Target m_target;
    WriteSummary m_summary;
    qint64 m_sourceId = 0;
    qint64 m_done = 0, m_total = 0, m_nextProgress = 0;
    bool m_cancelled = false;
    // runFresh(): the facts writer publishes its rows done here (for progress); the main
    // writer sets the abort flag when it fails, so that the facts writer stops too.
    std::atomic<qint64> *m_factsDone = nullptr;
    const std::atomic_bool *m_abort = nullptr;
    bool m_bulkIndexes = false; // secondary indexes dropped, rebuilt before commit
    bool m_streamStarted = false; // FreshStream: the first batch prepared the statements
    bool m_streamBroken = false;  // FreshStream: a failed batch could not be undone cleanly
    // Facets: in place, upserted by their unique index; in a new file (index built at the
    // end) inserted once per (entity, name) and updated by row id, with the rows in memory.
    bool m_facetUpsert = false;
    FacetRowIndex m_facetRows;
    /// A history chunk's key: (entity, check, column, period) for quality, (entity, -1, -1,
    /// period) for freshness.
    struct ChunkKey {
        qint64 entity, check, column, period;
        friend bool operator==(const ChunkKey &, const ChunkKey &) = default;
        friend size_t qHash(const ChunkKey &k, size_t seed = 0) noexcept
        {
            return mixIdBits(mixIdBits(mixIdBits(mixIdBits(quint64(k.entity) ^ seed)
                                           ^ quint64(k.check)) ^ quint64(k.column))
                ^ quint64(k.period));
        }
    };
    /// FreshStream: the chunks the stream inserted (a superset after a failed batch), so
    /// that a new chunk is not looked up in the file first.
    QSet<ChunkKey> m_streamChunks;
    /// Whether the file may hold the chunk `key`, when it holds any (`anyInFile`).
    bool mayHoldChunk(bool anyInFile, const ChunkKey &key) const
    {
        return anyInFile && (m_target != Target::FreshStream || m_streamChunks.contains(key));
    }
    void noteChunk(const ChunkKey &key)
    {
        if (m_target == Target::FreshStream)
            m_streamChunks.insert(key);
    }
    qint64 m_nextFacetId = 1;
    sql::Statement m_updateFacet;
    bool m_deferredChecks = false; // foreign keys off, checked in one pass before commit
    qint64 m_knownEntities = 0; // in the cache before this write

    EntityKeyMap m_entities;
    // FreshStream: the rows of the entities the stream added, inserted at its end (see
    // streamentities.h); null for every other target.
    std::unique_ptr<StreamEntities> m_streamEntities;
    // FreshStream: the stream's entity rows going into a file of their own on a second
    // thread (startEntityFile(), from the last batch or finishStream()).
    struct EntityFile {
        QString path;
        sqlite3 *db = nullptr;
        std::thread thread;
        Status written = Done {};
        // The rows' keys, hashed and sorted first by the same thread (then keysDone): this
        // writer puts them into its own file while that thread writes the rows.
        std::vector<cacheschema::EntityKeyRow> keys;
        std::mutex keysMutex;
        std::condition_variable keysChanged;
        bool keysDone = false;
        std::atomic_bool abort {false}; // dropEntityFile(): stop at the next progress check
    };
    std::unique_ptr<EntityFile> m_entityFile;
    /// Starts writing m_streamEntities' rows into a new file at `path` on a second thread.
    Status startEntityFile(const QString &path);
    /// Waits for that file: whether it was written and closed.
    Status joinEntityFile();
    /// Waits for that file's thread to have hashed the keys, and inserts them here.
    Status insertStreamKeys();
    /// Waits for it, then removes it (on failure, or when its rows no longer hold).
    void dropEntityFile();
    std::vector<cacheschema::EntityKeyRow> m_newKeys; // inserted entities, for entity_key
    IdentityCache<EntityRef> m_entityByIdentity; // m_entities by the batch's strings
    QHash<QString, qint64> m_strings;
    IdentityCache<qint64> m_stringByIdentity;
    qint64 m_nextStringId = 1;
    std::optional<Error> m_stringError; // a failed string insert, reported at the next flush
    bool m_qualityExisted = false, m_freshnessExisted = false; // rows before this write
    QHash<EdgeKey, qint64> m_edges;
    QHash<QString, qint64> m_contracts;
    qint64 m_nextEntityId = 1, m_nextEdgeId = 1, m_nextContractId = 1;

    // New rows go through multi-row inserts, known ones through UPDATE by id.
    sql::BulkInsert m_newStrings, m_newEntities, m_newEdges, m_portDatasets, m_columnEdges,
        m_newQualityChunks, m_newFreshnessChunks, m_facets, m_aliases;
    sql::Statement m_updateEntity, m_updateEdge, m_insertContract, m_updateContract;
    sql::Statement m_findQualityChunk, m_updateQualityChunk, m_findFreshnessChunk,
        m_updateFreshnessChunk;
    // Scratch space of the history chunks, reused from chunk to chunk.
    std::vector<history::QualityObservation> m_qualityChunk, m_qualityMerged;
    std::vector<history::FreshnessObservation> m_freshnessChunk, m_freshnessMerged;
    std::string m_blob;
};

} // namespace meshlens
