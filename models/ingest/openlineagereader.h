#pragma once

// OpenLineage (spec 1.x and 2-0-x): a single event, a JSON array of events, or an NDJSON
// stream of any size. RunEvents, DatasetEvents and JobEvents.

#include "ingestbatch.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>
#include <string_view>

namespace meshlens {

/// Receives each batch the reader completes; returns false to stop reading.
using BatchSink = std::function<bool(IngestBatch &&batch)>;

struct OpenLineageReadOptions {
    /// Events per batch: memory is bounded by this, not by the file size.
    qint64 eventsPerBatch = 50'000;
    /// Events in the first batch when not 0 (and below eventsPerBatch): a small first batch
    /// lets the cache start writing while the rest of the stream is read.
    qint64 firstBatchEvents = 0;
    /// Bytes read from the file at a time (when mapped: parsed at a time).
    qint64 chunkBytes = 32 << 20;
    /// Map a regular file instead of reading it (falls back to reading when it cannot).
    bool mapFile = true;
    /// When set, told whether the file was mapped (for tests).
    bool *mapped = nullptr;
    const std::atomic_bool *cancel = nullptr;
    std::function<void(qint64 bytesDone, qint64 bytesTotal)> progress;
};

/// Streams an OpenLineage file into batches of at most eventsPerBatch events each. A batch
/// that met an error carries it as a diagnostic (file, line, column, what was expected);
/// the caller writes the good ones. Never throws.
void readOpenLineageFile(const QString &path, const BatchSink &sink,
                         const OpenLineageReadOptions &options = {});

/// Reads OpenLineage text already in memory into one batch (for small inputs and tests).
IngestBatch readOpenLineageBytes(std::string_view text, const QString &fileName);

/// True when the first bytes look like OpenLineage events (an object, or an array of
/// objects, with "eventTime" and "producer"/"schemaURL", or a dataset/job event).
bool looksLikeOpenLineage(const QByteArray &head);

}  // namespace meshlens
