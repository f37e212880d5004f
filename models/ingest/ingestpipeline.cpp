#include "ingestpipeline.h"

#include "atlasreader.h"
#include "batchpreparation.h"
#include "datahubreader.h"
#include "dbtreader.h"
#include "declarationreader.h"
#include "mapping.h"
#include "nativereader.h"
#include "openlineagereader.h"
#include "openmetadatareader.h"
#include "overlappedread.h"
#include "printabletext.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// Streams at least this large into an empty cache are built in one new file (several
// batches are likely); smaller ones go batch by batch through MeshCache::write().
constexpr qint64 kStreamMinBytes = 16 << 20;
// Events per batch of such a stream, and in its first batch (the writer waits for that one).
// At 100k events (bench): 50k per batch 1.50 s, 20k 1.35 s, 12k 1.30-1.34 s.
constexpr qint64 kStreamEventsPerBatch = 12'000;
constexpr qint64 kStreamFirstBatchEvents = 4'000;
}  // namespace

namespace meshlens {
namespace {

Diagnostic fileError(const QString &file, const QString &message)
{
    Diagnostic d;
    d.file = file;
    d.message = printableText(message);
    return d;
}

// Files to read for the given inputs: files as given, directories recursively in name order
// so that a run is repeatable. Missing inputs become reports with an error.
// What to read: a file named on the command line must be read (or fail); a file met while
// walking a directory may be skipped when it is none of the formats (READMEs, SQL, images).
struct InputFile {
    QString path;
    bool inDirectory = false;
};

std::vector<InputFile> expandInputs(const QStringList &inputs, std::vector<IngestReport> &missing)
{
    std::vector<InputFile> files;
    for (const QString &input : inputs) {
        const QFileInfo info(input);
        if (info.isDir()) {
            QStringList found;
            QDirIterator it(input, QDir::Files | QDir::Readable | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext())
                found << it.next();
            std::sort(found.begin(), found.end());
            for (const QString &f : std::as_const(found))
                files.push_back({f, true});
        } else if (info.exists()) {
            files.push_back({input, false});
        } else {
            IngestReport r;
            r.file = input;
            r.diagnostics << fileError(input, u"no such file or directory"_s);
            missing.push_back(std::move(r));
        }
    }
    return files;
}

// Every format, as the messages for empty and unrecognised files list them.
QString formatsExpected()
{
    return u"a MeshLens mesh JSON document (an object with \"format\": \"meshlens-mesh\"), "
           "OpenLineage events, dbt artifacts (manifest.json and the files next to it), a data "
           "contract (dataContractSpecification, or kind: DataContract), a data product "
           "descriptor (kind: DataProduct, dataProductDescriptor, dataProductSpecification, "
           "product), a DataHub metadata file (MCE/MCP JSON), OpenMetadata sample data (tables, "
           "pipelines, lineage) or Apache Atlas entities"_s;
}

void addSummary(WriteSummary &into, const WriteSummary &s)
{
    for (int k = 0; k < kEntityKindCount; ++k) {
        into.added[k] += s.added[k];
        into.updated[k] += s.updated[k];
    }
    into.edgesAdded += s.edgesAdded;
    into.edgesUpdated += s.edgesUpdated;
    into.columnEdgesAdded += s.columnEdgesAdded;
    into.qualityAdded += s.qualityAdded;
    into.freshnessAdded += s.freshnessAdded;
    into.contractsAdded += s.contractsAdded;
    into.facetsWritten += s.facetsWritten;
    into.aliasesAdded += s.aliasesAdded;
    into.rowsWritten += s.rowsWritten;
}

}  // namespace

QString inputFormatName(InputFormat format)
{
    switch (format) {
    case InputFormat::Native: return u"meshlens-native"_s;
    case InputFormat::OpenLineage: return u"openlineage"_s;
    case InputFormat::Dbt: return u"dbt"_s;
    case InputFormat::DataContract: return u"data-contract"_s;
    case InputFormat::DataProduct: return u"data-product"_s;
    case InputFormat::DataHub: return u"datahub"_s;
    case InputFormat::OpenMetadata: return u"openmetadata"_s;
    case InputFormat::Atlas: return u"atlas"_s;
    case InputFormat::Unknown: break;
    }
    return u"unknown"_s;
}

InputFormat detectFormat(const QByteArray &head)
{
    if (looksLikeNative(head))
        return InputFormat::Native;
    // Before OpenLineage: a manifest may mention "eventTime" and "job" in its columns.
    if (detectDbtArtifact(head) != DbtArtifact::None)
        return InputFormat::Dbt;
    if (looksLikeOpenLineage(head))
        return InputFormat::OpenLineage;
    // Catalog exports last: their markers are specific, but the formats above are surer.
    if (looksLikeDataHub(head))
        return InputFormat::DataHub;
    if (detectOpenMetadataFile(head) != OpenMetadataFile::None)
        return InputFormat::OpenMetadata;
    if (detectAtlasFile(head) != AtlasFile::None)
        return InputFormat::Atlas;
    // Last: declarations are YAML (or JSON) recognised by their top-level keys, which none of
    // the JSON formats above has.
    if (const DeclarationKind kind = detectDeclaration(head); kind != DeclarationKind::None)
        return isDataContract(kind) ? InputFormat::DataContract : InputFormat::DataProduct;
    return InputFormat::Unknown;
}

namespace {

// Reads the file at `path`, or `bytes` named `path` when given, in the format its first bytes
// say.
void readInput(const QString &path, const QByteArray *bytes, const QByteArray &head,
               const std::function<bool(IngestBatch &&)> &sink, const std::atomic_bool *cancel,
               const std::function<void(qint64, qint64)> &progress, const StreamBatching &batching)
{
    IngestBatch failed;
    failed.source.file = path;
    const std::string_view text = bytes ? std::string_view(bytes->constData(), size_t(bytes->size()))
                                        : std::string_view();
    if (head.trimmed().isEmpty()) {
        failed.diagnostics << fileError(path, u"empty file: expected "_s + formatsExpected());
        sink(std::move(failed));
        return;
    }
    switch (detectFormat(head)) {
    case InputFormat::Native:
        sink(bytes ? readNativeBytes(text, path) : readNativeFile(path, cancel, progress));
        return;
    case InputFormat::OpenLineage: {
        if (bytes) {
            sink(readOpenLineageBytes(text, path));
            return;
        }
        OpenLineageReadOptions options;
        options.cancel = cancel;
        options.progress = progress;
        // The writer waits for the first batch only (readInputFileOverlapped() reads the
        // next ones while it writes): keep that wait short.
        options.firstBatchEvents = 8'192;
        if (batching.eventsPerBatch > 0)
            options.eventsPerBatch = batching.eventsPerBatch;
        if (batching.firstBatchEvents > 0)
            options.firstBatchEvents = batching.firstBatchEvents;
        readOpenLineageFile(path, sink, options);
        return;
    }
    case InputFormat::Dbt: { // a manifest with its companions; a companion alone is checked
        const DbtArtifact kind = detectDbtArtifact(head);
        sink(bytes && kind == DbtArtifact::Manifest ? readDbtArtifactsBytes(*bytes, path)
                                                    : readDbtOrphan(path, kind));
        return;
    }
    case InputFormat::DataContract:
    case InputFormat::DataProduct: {
        const DeclarationKind kind = detectDeclaration(head);
        sink(bytes ? readDeclarationBytes(*bytes, path, kind) : readDeclarationFile(path, kind));
        return;
    }
    case InputFormat::DataHub:
        sink(bytes ? readDataHubBytes(text, path) : readDataHubFile(path));
        return;
    case InputFormat::OpenMetadata: {
        const OpenMetadataFile kind = detectOpenMetadataFile(head);
        sink(bytes ? readOpenMetadataBytes(text, path, kind) : readOpenMetadataFile(path, kind));
        return;
    }
    case InputFormat::Atlas:
        sink(bytes ? readAtlasBytes(text, path, detectAtlasFile(head)) : readAtlasFile(path, detectAtlasFile(head)));
        return;
    case InputFormat::Unknown:
        break;
    }
    failed.diagnostics << fileError(path, u"not a format MeshLens reads: expected "_s + formatsExpected());
    sink(std::move(failed));
}

} // namespace

void readInputFile(const QString &path, const std::function<bool(IngestBatch &&)> &sink,
                   const std::atomic_bool *cancel, const std::function<void(qint64, qint64)> &progress,
                   const StreamBatching &batching)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        IngestBatch failed;
        failed.source.file = path;
        failed.diagnostics << fileError(path, u"cannot open: "_s + file.errorString());
        sink(std::move(failed));
        return;
    }
    const QByteArray head = file.read(64 * 1024);
    file.close();
    readInput(path, nullptr, head, sink, cancel, progress, batching);
}

void readInputBytes(const QByteArray &bytes, const QString &fileName,
                    const std::function<bool(IngestBatch &&)> &sink)
{
    readInput(fileName, &bytes, bytes.left(64 * 1024), sink, nullptr, {}, {});
}

IngestBatch readInputFile(const QString &path)
{
    // One batch, however large the file: for callers that want the whole file at once.
    IngestBatch whole;
    bool first = true;
    QFile probe(path);
    const bool openLineage = probe.open(QIODevice::ReadOnly)
        && detectFormat(probe.read(64 * 1024)) == InputFormat::OpenLineage;
    probe.close();
    if (openLineage) {
        OpenLineageReadOptions options;
        options.eventsPerBatch = std::numeric_limits<qint64>::max();
        readOpenLineageFile(path, [&](IngestBatch &&b) { whole = std::move(b); return true; }, options);
        return whole;
    }
    readInputFile(path, [&](IngestBatch &&b) {
        if (first)
            whole = std::move(b);
        first = false;
        return true;
    });
    return whole;
}

bool IngestOutcome::anyErrors() const
{
    return std::any_of(reports.begin(), reports.end(),
                       [](const IngestReport &r) { return hasErrors(r.diagnostics); });
}

IngestOutcome ingestInputs(MeshCache &cache, const QStringList &inputs,
                           const std::atomic_bool *cancel, const IngestProgressFn &progress,
                           const Mapping *mapping)
{
    IngestOutcome outcome;
    const std::vector<InputFile> files = expandInputs(inputs, outcome.reports);
    // Dataset aliases the cache knows, and those each batch declares: a dataset named by an
    // alias in any later batch, file or ingest is written to its canonical node.
    BatchPreparation preparation(cache, mapping);
    for (const InputFile &input : files) {
        const QString &file = input.path;
        if (cancel && cancel->load()) {
            outcome.cancelled = true;
            break;
        }
        if (progress)
            progress(file, 0, 0);
        IngestReport report;
        report.file = file;
        QFile probe(file);
        if (probe.open(QIODevice::ReadOnly)) {
            const QByteArray head = probe.read(64 * 1024);
            report.format = detectFormat(head);
            if (input.inDirectory && report.format == InputFormat::Unknown) {
                // A folder holds more than metadata: say what was left out, and go on.
                Diagnostic skipped = fileError(
                    file, head.trimmed().isEmpty() ? u"skipped: empty file"_s
                                                   : u"skipped: none of the formats MeshLens reads"_s);
                skipped.severity = Diagnostic::Severity::Warning;
                report.diagnostics << skipped;
                report.skipped = true;
                outcome.reports.push_back(std::move(report));
                continue;
            }
        }
        // A large stream into an empty cache: all its batches go into one new file, which
        // replaces the cache at the end (MeshCache::beginStream()).
        bool streaming = false;
        if (report.format == InputFormat::OpenLineage && QFileInfo(file).size() >= kStreamMinBytes) {
            const Result<bool> began = cache.beginStream();
            streaming = began && began.value();
        }
        // Runs on the reading thread: everything a batch needs before the cache sees it.
        const auto prepare = [&](IngestBatch &batch) { preparation.prepare(batch); };
        const auto write = [&](IngestBatch &&batch, bool last) {
            report.records += batch.recordCount();
            report.diagnostics << batch.diagnostics;
            if (batch.hasErrors()) {
                ++report.batchesRejected;
                return true;  // later batches of a stream still count
            }
            const ProgressFn writeProgress = [&](qint64 done, qint64 total) {
                if (progress)
                    progress(file, done, total);
            };
            auto written = streaming ? cache.writeStream(batch, cancel, writeProgress, last)
                                     : cache.write(batch, cancel, writeProgress);
            if (written) {
                ++report.batchesWritten;
                addSummary(report.summary, written.value());
                return true;
            }
            if (cancel && cancel->load()) {
                outcome.cancelled = true;
                return false;
            }
            ++report.batchesRejected;
            report.diagnostics << fileError(file, written.errorMessage());
            return true;
        };
        // Streams (OpenLineage NDJSON) come in several batches: the next one is read on
        // the second core while this one is written.
        // Into a new file, batches small enough that writing the first ones overlaps reading
        // the rest: there an entity seen again in a later batch is merged in memory
        // (streamentities.h), so more batches cost little. In place, every batch reads the
        // cache's keys first: fewer, larger ones.
        StreamBatching batching;
        if (streaming) {
            batching.eventsPerBatch = kStreamEventsPerBatch;
            batching.firstBatchEvents = kStreamFirstBatchEvents;
        }
        readInputFileOverlapped(file, prepare, write, cancel, [&](qint64 done, qint64 total) {
            if (progress)
                progress(file, done, total);
        }, batching);
        if (cancel && cancel->load())
            outcome.cancelled = true;
        if (streaming) {
            Status finished = Done {};
            if (outcome.cancelled || report.batchesWritten == 0)
                cache.abandonStream();  // the cache stays as it was
            else
                finished = cache.finishStream();
            if (outcome.cancelled || !finished) {
                if (!finished)
                    report.diagnostics << fileError(file, finished.errorMessage());
                report.batchesRejected += report.batchesWritten;
                report.batchesWritten = 0;
                report.summary = WriteSummary();
            }
        }
        report.written = report.batchesWritten > 0 && report.batchesRejected == 0;
        outcome.reports.push_back(std::move(report));
        if (outcome.cancelled)
            break;
    }
    return outcome;
}

}  // namespace meshlens
