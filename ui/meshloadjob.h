#pragma once

#include "ingest/ingestpipeline.h"
#include "ingest/marquezpull.h"
#include "mesh/snapshotgraph.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace meshlens {

struct Mapping;

/// Shared between a background load and the UI: the cancel flag the worker checks, and
/// the progress it reports, which the UI polls (a million progress calls must not become a
/// million queued events).
class JobProgress
{
public:
    struct State {
        QString stage;
        qint64 done = 0;
        qint64 total = 0;  ///< 0: unknown
    };

    std::atomic_bool cancel{false};

    void set(const QString &stage, qint64 done = 0, qint64 total = 0);
    State state() const;

private:
    mutable std::mutex m_mutex;
    State m_state;
};

/// What to load. Every kind ends by loading the snapshot of the resulting cache.
struct LoadRequest {
    enum class Kind {
        OpenCache,  ///< `path` is a cache: load it
        Import,     ///< ingest `inputs` into the cache at `path`, then load it
        Startup,    ///< `path` from the command line (cache, mesh file or folder), or empty
                    ///< for the bundled demo
        PullMarquez,  ///< pull from the Marquez server in `marquez` into `path`, then load it
    };
    Kind kind = Kind::OpenCache;
    QString path;
    QStringList inputs;
    Timestamp asOf = 0;
    /// Where the demo cache and caches made from mesh files live (AppDataLocation).
    QString dataDir;
    MarquezPullOptions marquez;  ///< PullMarquez only (its API key stays in memory)
    /// The user's mapping file, applied to what Import, Startup and PullMarquez read (not to
    /// the bundled demo); null: none.
    std::shared_ptr<const Mapping> mapping;
    /// OpenCache: the user agreed to upgrade a cache of an older schema (LoadResult's
    /// olderSchema): it is opened for writing once, which upgrades it, then loaded.
    bool upgrade = false;
};

/// What came back: a snapshot, or an error, or a cancellation; an ingest report if files
/// were read (it may list per-file failures even when the load succeeded).
struct LoadResult {
    QString cachePath;
    Timestamp asOf = 0;  ///< as requested (0: now), for reloading the same point in time
    SnapshotPtr snapshot;
    QString error;
    bool cancelled = false;
    bool isDemo = false;
    std::optional<IngestOutcome> ingest;
    /// Set with `error` when the cache could not be opened only because an older MeshLens
    /// wrote it (its schema; loading never upgrades a file unasked): ask, then load again
    /// with LoadRequest::upgrade.
    int olderSchema = 0;
};

/// Runs a load request on the calling thread (meant for a worker): opens its own
/// MeshCache connections, never touches widgets. Errors are returned, never thrown.
LoadResult runLoadJob(const LoadRequest &request, JobProgress &progress);

/// True when the file starts with the SQLite header, i.e. it may be a MeshLens cache.
bool looksLikeCacheFile(const QString &path);

/// The cache the bundled demo is ingested into, and the folder of caches made from
/// mesh files given on the command line.
QString demoCachePath(const QString &dataDir);
QString importedCachePath(const QString &dataDir, const QString &meshPath);
/// The cache a Marquez server is pulled into when no cache of the user's is open.
QString marquezCachePath(const QString &dataDir, const QUrl &server);

/// "N files failed to import" and one line per diagnostic, for a message box; empty when
/// the outcome has no errors.
QString ingestFailureSummary(const IngestOutcome &outcome);
QString ingestFailureDetails(const IngestOutcome &outcome);

}  // namespace meshlens
