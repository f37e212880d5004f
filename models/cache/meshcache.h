#pragma once

#include "ingest/ingestbatch.h"
#include "mesh/result.h"
#include "mesh/snapshotdata.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

struct sqlite3;

namespace meshlens {

/// Counts of what the cache holds (alive at a time, or in total).
struct CacheStats {
    qint64 domains = 0, products = 0, ports = 0, datasets = 0, jobs = 0;
    qint64 edges = 0, columnEdges = 0, quality = 0, freshness = 0, contracts = 0;
};

/// What one write added and changed.
struct WriteSummary {
    qint64 added[kEntityKindCount] = {};    ///< new entities, by EntityKind
    qint64 updated[kEntityKindCount] = {};  ///< entities seen again (validity extended)
    qint64 edgesAdded = 0, edgesUpdated = 0;
    qint64 columnEdgesAdded = 0;
    qint64 qualityAdded = 0, freshnessAdded = 0, contractsAdded = 0;
    qint64 facetsWritten = 0;   ///< raw facets inserted or replaced by a newer observation
    qint64 aliasesAdded = 0;    ///< dataset aliases not known before
    qint64 rowsWritten = 0;  ///< rows inserted or updated, all tables
};

/// Progress of a long operation: done out of total (units are the operation's own).
using ProgressFn = std::function<void(qint64 done, qint64 total)>;

/// The local SQLite store of a mesh: a self-contained, portable snapshot file.
/// One MeshCache per thread; one writer per file. Schema version in PRAGMA user_version,
/// WAL journal, foreign keys on. Every entity and edge keeps first seen / last seen /
/// removed at, so the cache answers "the mesh as of T".
class MeshCache
{
public:
    static constexpr int kSchemaVersion = 6;
    /// The oldest schema a read-only open accepts as it is: the steps since only dropped
    /// what no read uses (schema 6: the edge index). Older files need an upgrade first.
    static constexpr int kOldestReadableSchema = 5;
    enum class OpenMode { ReadWrite, ReadOnly };

    /// Opens (ReadWrite: creating and migrating if needed) the cache at `path`. A file from
    /// a newer MeshLens is refused with a message naming both schema versions; a file that
    /// is not a MeshLens cache is refused, never altered.
    static Result<std::unique_ptr<MeshCache>> open(const QString &path, OpenMode mode);
    /// The schema of the cache at `path` when it is a MeshLens cache that opening it for
    /// writing would upgrade (schema 2 up to this build's, exclusive); 0 otherwise. Only
    /// reads the file's header. For a read-only caller that wants to offer the upgrade.
    static int upgradableSchema(const QString &path);
    ~MeshCache();
    MeshCache(const MeshCache &) = delete;
    MeshCache &operator=(const MeshCache &) = delete;

    QString path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }

    /// Writes one resolved batch in a single transaction with prepared statements. A batch
    /// with errors is refused. On failure or cancel nothing of the batch remains.
    /// A large batch for a cache with no data yet, which no other connection has open, is
    /// built in a new file next to the cache and renamed onto it (handle() changes then);
    /// any other write goes into the cache in place, through its WAL.
    Result<WriteSummary> write(const IngestBatch &batch, const std::atomic_bool *cancel = nullptr,
                               const ProgressFn &progress = {});
    /// The first import of a stream (the batches of one large input, such as OpenLineage
    /// NDJSON) into a cache with no data: every batch is written into one new file next to
    /// the cache, which replaces the cache at finishStream(). Each batch is a transaction of
    /// its own there (a batch whose write fails is rolled back alone), keys stay in memory
    /// between batches and indexes are built once at the end; a kill or abandonStream() at
    /// any moment leaves the cache as it was. Nobody else can open the cache meanwhile.
    /// Value false (nothing changed): the cache has data or is open elsewhere; write() then.
    Result<bool> beginStream();
    bool inStream() const { return m_stream != nullptr; }
    /// One batch of the stream (beginStream() returned true). `last`: no batch follows, so
    /// the end of the stream may begin while this one is written (a batch that comes anyway
    /// is still written correctly, only without that head start).
    Result<WriteSummary> writeStream(const IngestBatch &batch, const std::atomic_bool *cancel = nullptr,
                                     const ProgressFn &progress = {}, bool last = false);
    /// Builds the indexes and puts the new file in place of the cache.
    Status finishStream();
    /// Drops the new file: the cache stays as it was.
    void abandonStream();

    /// Batches with fewer records are always written in place: for them a new file's fixed
    /// costs (two syncs, reopening) outweigh what it saves.
    static constexpr qint64 kFreshFileMinRecords = 10000;
    /// From this size on, a fresh file is written by two writers on two threads (entities;
    /// lineage and history), whose parts are joined at the end.
    static constexpr qint64 kTwoWriterMinRecords = 50000;

    /// The mesh as of `asOf` (0 = everything not removed, i.e. now): every entity with
    /// first_seen <= asOf and not removed at or before asOf, dataset lineage among them,
    /// latest quality state and freshness per dataset.
    Result<SnapshotData> loadSnapshot(Timestamp asOf = 0, const std::atomic_bool *cancel = nullptr);

    Result<CacheStats> stats(Timestamp asOf = 0);
    /// Earliest and latest observation time the cache holds (0, 0 when empty).
    Result<std::pair<Timestamp, Timestamp>> timeRange();

    /// History of one entity, oldest first (for the inspector's charts).
    Result<std::vector<QualityResult>> qualityHistory(const QString &entityKey);
    Result<std::vector<FreshnessObservation>> freshnessHistory(const QString &entityKey);

    /// The uninterpreted facets of one entity (its cache id), by name (for the inspector).
    Result<std::vector<RawFacet>> facets(qint64 entityId);
    /// Every dataset alias the cache knows (OpenLineage symlinks): alias key -> canonical key.
    Result<QHash<QString, QString>> datasetAliases();

    sqlite3 *handle() const { return m_db; }

private:
    MeshCache() = default;
    /// Opens m_path as this cache's connection (creating and migrating it when writable).
    Status connect();
    /// The fresh-file path of write(): no value when it does not apply (then nothing
    /// changed and the caller writes in place).
    Result<std::optional<WriteSummary>> writeFresh(const IngestBatch &batch,
        const std::atomic_bool *cancel, const ProgressFn &progress);
    Error closedError() const;
    sqlite3 *m_db = nullptr;
    struct StreamBuild;
    std::unique_ptr<StreamBuild> m_stream;
    QString m_path;
    bool m_readOnly = false;
};

}  // namespace meshlens
