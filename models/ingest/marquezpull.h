#pragma once

// Pulls lineage from a running Marquez server into the cache. Marquez's raw lineage events
// (GET /api/v1/events/lineage, paged) are OpenLineage events: they go through the
// OpenLineage reader's event code, so every facet means what it means in a file. Servers
// without that endpoint (404) are read through their lineage graphs (GET /api/v1/lineage),
// turned into equivalent events first.

#include "cache/meshcache.h"
#include "ingestpipeline.h"
#include "openlineagereader.h"

#include <QUrl>

#include <atomic>
#include <functional>

namespace meshlens {

struct Mapping;

struct MarquezPullOptions {
    QUrl server;               ///< e.g. http://localhost:5000
    QString ns;                ///< only this namespace (jobs, or datasets of dataset events); empty: all
    Timestamp since = 0;       ///< only events after this time (0: all)
    int timeoutMs = 30'000;    ///< per request, for silence
    int retries = 3;           ///< per request, on connection errors, 5xx and 429
    int retryDelayMs = 500;    ///< first back-off, doubling
    int pageSize = 100;        ///< events (or list items) per request
    qint64 eventsPerBatch = 50'000;  ///< events per cache transaction
    /// Sent as "Authorization: Bearer"; empty: $MARQUEZ_API_KEY. Never written to the
    /// cache, a diagnostic or a message.
    QString apiKey;
    /// Namespace aliases and domain/product patterns applied to every batch (mapping.h);
    /// not owned, may be null.
    const Mapping *mapping = nullptr;
};

/// Which API the lineage came from.
enum class MarquezEndpoint { None, Events, LineageGraph };

/// What a pull did, besides the batches it produced.
struct MarquezPullStats {
    MarquezEndpoint endpoint = MarquezEndpoint::None;
    qint64 events = 0;     ///< events read (or made from lineage graph nodes)
    int requests = 0;      ///< HTTP requests sent, retries included
    int retries = 0;
    bool cancelled = false;
};

struct MarquezPullOutcome {
    /// One report, its file the server URL; diagnostics name the request URL that failed.
    IngestOutcome ingest;
    MarquezPullStats stats;
};

/// Progress: what is being fetched, and done/total (events or nodes; total 0 = unknown).
using MarquezProgressFn = std::function<void(const QString &stage, qint64 done, qint64 total)>;

/// Reads the server into batches handed to `sink` (returns false to stop). Batches with an
/// error carry it; fatal problems (network, HTTP, malformed bodies) end the pull with a
/// diagnostic in the last batch. Once cancelled, no further batch is sent. Runs on the
/// calling thread with a local event loop.
MarquezPullStats pullMarquezBatches(const MarquezPullOptions &options, const BatchSink &sink,
                                      const std::atomic_bool *cancel = nullptr,
                                      const MarquezProgressFn &progress = {});

/// Pulls into the cache: each batch resolved and written in its own transaction, like
/// ingestInputs() does for files. A batch with errors is not written; earlier ones stay.
MarquezPullOutcome pullMarquez(MeshCache &cache, const MarquezPullOptions &options,
                               const std::atomic_bool *cancel = nullptr,
                               const MarquezProgressFn &progress = {});

/// The server's namespaces (GET /api/v1/namespaces, all pages): for the dialog's list and
/// its "Test connection".
Result<QStringList> fetchMarquezNamespaces(const MarquezPullOptions &options,
                                           const std::atomic_bool *cancel = nullptr);

/// The API key to use: the given one, or $MARQUEZ_API_KEY.
QString marquezApiKey(const QString &given);

}  // namespace meshlens
