#pragma once

#include "cache/meshcache.h"
#include "ingestbatch.h"

#include <QStringList>

#include <atomic>
#include <functional>

namespace meshlens {

/// The formats MeshLens reads. Detected from content, never from the file name.
enum class InputFormat {
    Unknown, Native, OpenLineage, Dbt, DataContract, DataProduct, DataHub, OpenMetadata, Atlas
};
QString inputFormatName(InputFormat format);

/// Looks at the first bytes of a file and says what it holds.
InputFormat detectFormat(const QByteArray &head);

/// Reads one file (format detected by content) into a batch. Never throws; problems are
/// diagnostics in the batch.
IngestBatch readInputFile(const QString &path);

/// How a stream (OpenLineage NDJSON) is cut into batches: events per batch, and in the first
/// one (which the writer waits for). 0 keeps the reader's default.
struct StreamBatching {
    qint64 eventsPerBatch = 0;
    qint64 firstBatchEvents = 0;
};

/// Reads one file, handing each batch to `sink` (streams such as OpenLineage NDJSON arrive
/// in several batches of bounded size; other formats in one).
void readInputFile(const QString &path, const std::function<bool(IngestBatch &&)> &sink,
                   const std::atomic_bool *cancel = nullptr,
                   const std::function<void(qint64, qint64)> &progress = {},
                   const StreamBatching &batching = {});

/// Reads bytes already in memory the same way (format detected by their first 64 KiB);
/// `fileName` names them in diagnostics and batches. The readers read from memory; only what
/// a format takes from next to its file (DPDS "$ref"s, OpenMetadata's service.json, a dbt
/// companion's manifest) is looked up beside `fileName`. A dbt manifest is read alone.
void readInputBytes(const QByteArray &bytes, const QString &fileName,
                    const std::function<bool(IngestBatch &&)> &sink);

/// What happened to one input file.
struct IngestReport {
    QString file;
    InputFormat format = InputFormat::Unknown;
    qint64 records = 0;
    bool written = false;   ///< every batch of the file was written
    /// Met while reading a directory and none of the formats (a README, SQL, an image): left
    /// out with a warning, not an error. A file named directly is never skipped.
    bool skipped = false;
    int batchesWritten = 0; ///< large streams are written in several batches
    int batchesRejected = 0;
    WriteSummary summary;
    Diagnostics diagnostics;
};

struct IngestOutcome {
    std::vector<IngestReport> reports;
    bool cancelled = false;
    bool anyErrors() const;
};

/// Progress of an ingest: which file, and done/total in bytes or rows of the current stage.
using IngestProgressFn = std::function<void(const QString &file, qint64 done, qint64 total)>;

struct Mapping;

/// Reads every input (files; directories recursively), resolves each batch and writes it in
/// its own transaction. A file with errors is reported and not written; the others go on.
/// Files inside a directory that are none of the formats are skipped with a warning.
/// With a `mapping` (mapping.h), each batch has its namespace aliases and domain/product
/// patterns applied before it is written.
IngestOutcome ingestInputs(MeshCache &cache, const QStringList &inputs,
                           const std::atomic_bool *cancel = nullptr,
                           const IngestProgressFn &progress = {},
                           const Mapping *mapping = nullptr);

}  // namespace meshlens
