#include "openlineagereader.h"
#include "printabletext.h"

#include "guardedmapping.h"
#include "jsonlocator.h"
#include "openlineageevents.h"

#include <QFile>


#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

constexpr int kMaxErrorsPerFile = 20;
constexpr std::size_t kMaxEventBytes = std::size_t(64) << 20;
// The smallest chunk read or parsed at a time (tests and the fuzz target go this small).
constexpr qint64 kMinChunkBytes = 256;

// Reads a stream of JSON documents (NDJSON, or one document, or one array of events) chunk
// by chunk, hands every event to OpenLineageEvents and cuts batches of bounded size.
class StreamReader
{
public:
    StreamReader(const QString &file, const BatchSink &sink, const OpenLineageReadOptions &options)
        : m_file(file), m_sink(sink), m_options(options)
    {
        startBatch();
    }

    // Parses text[0, length) whose first byte is at file offset `base`. Returns the number
    // of bytes consumed; an incomplete last document is carried into the next chunk unless
    // `last` says no more text follows. A document that fails to parse is reported and
    // skipped up to the next line, so one bad line of an NDJSON stream costs only itself.
    std::size_t feed(const char *text, std::size_t length, qint64 base, bool last)
    {
        const std::string_view all(text, length);
        // A parse window of 1 MiB: its tape is still in cache when the events are walked,
        // and the parser's buffers stay small (an 8 MiB window costs over 100 MB of them).
        // One event larger than the window widens it below.
        std::size_t batchSize = std::min<std::size_t>(std::max<std::size_t>(length, 1 << 16), 1 << 20);
        std::size_t start = 0;
        while (start < length && !m_stopped) {
            simdjson::dom::document_stream stream;
            if (auto error = m_parser.parse_many(text + start, length - start, batchSize).get(stream)) {
                reportAt(all, start, base,
                         u"not readable as JSON: "_s + QString::fromUtf8(simdjson::error_message(error)));
                return length;
            }
            bool restart = false;
            for (auto it = stream.begin(); it != stream.end() && !m_stopped; ++it) {
                const std::size_t at = start + it.current_index();
                simdjson::dom::element doc;
                const auto error = (*it).get(doc);
                if (error == simdjson::CAPACITY && batchSize < kMaxEventBytes) {
                    batchSize *= 4;  // one event bigger than the window: widen it and redo
                    restart = true;
                    start = at;
                    break;
                }
                if (error) {
                    const std::size_t newline = all.find('\n', at);
                    if (newline == std::string_view::npos && !last)
                        return at;  // only incomplete: the next chunk completes it
                    reportParseError(all, at, base, error);
                    if (newline == std::string_view::npos)
                        return length;
                    start = newline + 1;
                    restart = true;
                    break;
                }
                handleDocument(doc, all, at, base);
            }
            if (restart)
                continue;
            // simdjson's count of the bytes after the last whole document. After a window
            // with no document at all it reads a stale index and can say more than the window
            // holds (the fuzzer found 1094795586 for 234 bytes, then the count of newlines
            // consumed ran past the text): never more than what is left from `start`.
            const std::size_t truncated = std::min(stream.truncated_bytes(), length - start);
            if (truncated && !last)
                return length - truncated;
            if (truncated) {
                const std::size_t at = length - truncated;
                if (all.find_first_not_of(" \t\r\n", at) != std::string_view::npos)
                    reportParseError(all, at, base, simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
            }
            return length;
        }
        return length;
    }

    void finish()
    {
        if (m_events->events() > 0 || m_batch.hasErrors() || !m_anyBatch) {
            m_batch.lastOfInput = true;
            emitBatch(false);
        }
    }

    bool stopped() const { return m_stopped; }
    void reportFile(const QString &message)
    {
        Diagnostic d;
        d.file = m_file;
        d.message = printableText(message);
        m_batch.diagnostics << d;
    }

private:
    void handleDocument(simdjson::dom::element doc, std::string_view text, std::size_t at, qint64 base)
    {
        simdjson::dom::array events;
        if (doc.get_array().get(events) == simdjson::SUCCESS) {
            std::size_t index = 0;
            for (simdjson::dom::element event : events)
                handleEvent(event, text, at, base, u'[' + QString::number(index++) + u"]: "_s);
            return;
        }
        handleEvent(doc, text, at, base, QString());
    }

    void handleEvent(simdjson::dom::element event, std::string_view text, std::size_t at,
                     qint64 base, const QString &prefix)
    {
        if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed)) {
            m_stopped = true;
            return;
        }
        QString problem;
        if (!m_events->add(event, &problem))
            reportAt(text, at, base, prefix + problem);
        for (const QString &warning : m_events->takeWarnings())
            reportAt(text, at, base, prefix + warning, Diagnostic::Severity::Warning);
        const qint64 limit = m_anyBatch || m_options.firstBatchEvents <= 0
            ? m_options.eventsPerBatch
            : std::min(m_options.eventsPerBatch, m_options.firstBatchEvents);
        if (m_events->events() >= limit)
            emitBatch(true);
    }

    void reportParseError(std::string_view text, std::size_t at, qint64 base, simdjson::error_code error)
    {
        // Locate the problem inside the document that failed, with the scalar scanners.
        const std::string_view doc = text.substr(at);
        JsonProblem p = error == simdjson::UTF8_ERROR ? findInvalidUtf8(doc) : JsonProblem{};
        if (!p.found())
            p = findJsonSyntaxError(doc, 128);
        if (p.found())
            reportAt(text, at + std::size_t(p.offset), base, p.message);
        else
            reportAt(text, at, base, u"not readable as JSON: "_s
                                         + QString::fromUtf8(simdjson::error_message(error)));
    }

    void reportAt(std::string_view text, std::size_t at, qint64 base, const QString &message,
                  Diagnostic::Severity severity = Diagnostic::Severity::Error)
    {
        if (severity == Diagnostic::Severity::Warning && ++m_warnings > kMaxErrorsPerFile)
            return;  // the first ones say it; a stream of them would drown the rest
        if (severity == Diagnostic::Severity::Error && ++m_errors > kMaxErrorsPerFile) {
            // A batch with errors is never written: past this many, reading on only costs time.
            reportFile(u"stopped reading after %1 errors"_s.arg(kMaxErrorsPerFile));
            m_stopped = true;
            return;
        }
        // Line numbers: newlines before this chunk (counted as chunks are consumed) plus
        // those inside it up to the position. Only computed on this error path.
        const std::size_t lineStart = [&] {
            const auto p = text.rfind('\n', at ? at - 1 : 0);
            return (p == std::string_view::npos || at == 0) ? 0 : p + 1;
        }();
        const qint64 lines = std::count(text.begin(), text.begin() + qsizetype(at), '\n');
        Diagnostic d;
        d.severity = severity;
        d.file = m_file;
        d.offset = base + qint64(at);
        d.line = m_linesBeforeChunk + lines + 1;
        const TextPosition pos = textPositionAt(text.substr(lineStart), qint64(at - lineStart));
        d.column = pos.column;
        d.message = printableText(message);
        m_batch.diagnostics << d;
    }

public:
    // Called by the file loop once a chunk's consumed part is known.
    void chunkConsumed(std::string_view consumedText)
    {
        // memchr is vectorised; a plain count loop is not at -O2.
        for (const char *p = consumedText.data(), *end = p + consumedText.size();
             (p = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)))); ++p)
            ++m_linesBeforeChunk;
    }

private:
    void startBatch(bool afterAFullOne = false)
    {
        // The sink may have left a written batch here for its room (readInputFileOverlapped()).
        m_batch.clearForReuse();
        m_batch.source.source = u"openlineage"_s;
        m_batch.source.file = m_file;
        if (afterAFullOne && !m_stopped)
            reserveLikeTheLast();
        if (m_events)
            m_events->setBatch(m_batch);
        else
            m_events = std::make_unique<OpenLineageEvents>(m_batch);
    }

    // After a batch cut because it was full, the next one's vectors get the room that one
    // needed for as many events: grown by doubling instead, they copied their records and
    // faulted in new memory at each step (~25 ms of a 100k-event file's reading). Room never
    // used is never touched. (Not after the file's last batch, often a few events only, nor
    // beyond kMaxReservedRecords a vector: those grow as they need.)
    void reserveLikeTheLast()
    {
        if (m_lastShape.events <= 0 || m_options.eventsPerBatch <= 0
            || m_options.eventsPerBatch > kMaxReservedEvents)
            return;
        const double scale = double(m_options.eventsPerBatch) / double(m_lastShape.events);
        const auto room = [&](std::size_t last) {
            return std::min(std::size_t(double(last) * scale * 1.05) + 16, kMaxReservedRecords);
        };
        m_batch.datasets.reserve(room(m_lastShape.datasets));
        m_batch.jobs.reserve(room(m_lastShape.jobs));
        m_batch.edges.reserve(room(m_lastShape.edges));
        m_batch.freshness.reserve(room(m_lastShape.freshness));
    }

    /// `full`: cut because it held as many events as a batch may (not by the file's end).
    void emitBatch(bool full)
    {
        m_anyBatch = true;
        if (full)
            m_lastShape = {m_events->events(), m_batch.datasets.size(), m_batch.jobs.size(),
                m_batch.edges.size(), m_batch.freshness.size()};
        if (!m_sink(std::move(m_batch)))
            m_stopped = true;
        startBatch(full);
    }

    QString m_file;
    const BatchSink &m_sink;
    const OpenLineageReadOptions &m_options;
    simdjson::dom::parser m_parser;
    IngestBatch m_batch;
    std::unique_ptr<OpenLineageEvents> m_events;
    int m_errors = 0, m_warnings = 0;
    bool m_stopped = false;
    bool m_anyBatch = false;
    qint64 m_linesBeforeChunk = 0;
    // How many records of each kind the last batch held, for its number of events.
    struct BatchShape {
        qint64 events = 0;
        std::size_t datasets = 0, jobs = 0, edges = 0, freshness = 0;
    };
    BatchShape m_lastShape;
    // Batches larger than this (one batch for the whole file) are not sized ahead.
    static constexpr qint64 kMaxReservedEvents = 1'000'000;
    static constexpr std::size_t kMaxReservedRecords = 1 << 20;
};

/// Where a window of a file that goes on may end: after its last line (an NDJSON window then
/// holds whole events), or, with no line end in it, before a UTF-8 character that the window
/// would cut. simdjson checks the UTF-8 of all it is given: an emoji cut in two at a window's
/// end was an "invalid UTF-8" error that cost the event across it and failed its batch.
std::size_t windowEnd(const char *text, std::size_t length)
{
    if (const std::size_t newline = std::string_view(text, length).rfind('\n'); newline != std::string_view::npos)
        return newline + 1;
    std::size_t lead = length;  // back over continuation bytes (10xxxxxx), at most 3
    while (lead > 0 && length - lead < 3 && (std::uint8_t(text[lead - 1]) & 0xC0) == 0x80)
        --lead;
    if (lead == 0)
        return length;
    const auto first = std::uint8_t(text[lead - 1]);
    const std::size_t needs = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    return length - (lead - 1) < needs ? lead - 1 : length;
}

std::size_t chunkBytes(const OpenLineageReadOptions &options)
{
    return std::size_t(std::max<qint64>(options.chunkBytes, kMinChunkBytes));
}

/// Parses text[0, length) (file offset `base`), counts the lines of what it took and says how
/// far the file is read; the number of bytes taken (see StreamReader::feed()).
std::size_t feedChunk(StreamReader &reader, const char *text, std::size_t length, qint64 base, bool last,
                      qint64 total, const OpenLineageReadOptions &options)
{
    const std::size_t consumed = length ? reader.feed(text, length, base, last) : 0;
    reader.chunkConsumed(std::string_view(text, consumed));
    if (options.progress)
        options.progress(base + qint64(consumed), total);
    return consumed;
}

// The file in chunks through read(): every byte copied into a buffer, an incomplete last
// document carried to the next chunk.
void readChunks(QFile &file, StreamReader &reader, qint64 total, const OpenLineageReadOptions &options)
{
    const std::size_t chunk = chunkBytes(options);
    // Not a std::vector: resizing one zero-fills every byte before the read overwrites it.
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
    std::size_t carried = 0;  // bytes at the start of buffer left over from the last chunk
    qint64 base = 0;          // file offset of buffer[0]
    while (!reader.stopped()) {
        const std::size_t want = std::max(chunk, carried * 2);
        if (carried + want + simdjson::SIMDJSON_PADDING > capacity) {
            capacity = carried + want + simdjson::SIMDJSON_PADDING;
            std::unique_ptr<char[]> grown(new char[capacity]);
            if (carried)
                std::memcpy(grown.get(), buffer.get(), carried);
            buffer = std::move(grown);
        }
        const qint64 got = file.read(buffer.get() + carried, qint64(want));
        if (got < 0) {
            reader.reportFile(u"read error: "_s + file.errorString());
            break;
        }
        const std::size_t length = carried + std::size_t(got);
        const bool last = file.atEnd() || got == 0;
        std::memset(buffer.get() + length, 0, simdjson::SIMDJSON_PADDING);
        const std::size_t given = last ? length : windowEnd(buffer.get(), length);
        const std::size_t consumed = feedChunk(reader, buffer.get(), given, base, last, total, options);
        if (last)
            break;
        std::memmove(buffer.get(), buffer.get() + consumed, length - consumed);
        carried = length - consumed;
        base += qint64(consumed);
    }
}

// The file mapped: parsed where it lies, no copy through read() (~80 ms of the reader's
// ~0.6 s on a 185 MB stream). simdjson reads up to SIMDJSON_PADDING bytes past what it
// parses; inside the file those are the file's next bytes, so only the last chunk is copied
// into a padded buffer. The pages parsed are let go as it goes: resident memory stays
// bounded by a chunk, not the file. A file that shrinks meanwhile reads as zeros from there
// (GuardedMapping) and is reported. False when the file cannot be mapped (nothing read).
bool readMapped(QFile &file, StreamReader &reader, qint64 total, const OpenLineageReadOptions &options)
{
    if (!options.mapFile)
        return false;
    GuardedMapping mapping(file);
    if (!mapping.data() || qint64(mapping.size()) != total)
        return false;
    const char *text = mapping.data();
    const std::size_t size = mapping.size();
    const std::size_t chunk = chunkBytes(options);
    std::size_t offset = 0, window = chunk;
    const auto lost = [&] {
        if (!mapping.lostPages())
            return false;
        reader.reportFile(u"the file changed while it was read: it is shorter than the %1 bytes "
                          "it had when reading began; nothing after byte %2 was read"_s
                              .arg(total).arg(offset));
        return true;
    };
    while (!reader.stopped()) {
        const std::size_t remaining = size - offset;
        if (remaining <= window + simdjson::SIMDJSON_PADDING) {
            std::unique_ptr<char[]> tail(new char[remaining + simdjson::SIMDJSON_PADDING]);
            std::memcpy(tail.get(), text + offset, remaining);
            std::memset(tail.get() + remaining, 0, simdjson::SIMDJSON_PADDING);
            if (lost())
                break;
            feedChunk(reader, tail.get(), remaining, qint64(offset), true, total, options);
            break;
        }
        const std::size_t given = windowEnd(text + offset, window);
        const std::size_t consumed = feedChunk(reader, text + offset, given, qint64(offset), false, total, options);
        if (lost())
            break;
        if (consumed == 0) {
            window *= 2;  // one document longer than the window
            continue;
        }
        window = chunk;
        offset += consumed;
        mapping.release(offset);
    }
    // Shorter only within its last page, the file raised no fault: the bytes it lost read as
    // zeros all the same.
    if (!mapping.lostPages() && !reader.stopped() && file.size() < total)
        reader.reportFile(u"the file changed while it was read: it has %1 bytes now, %2 when "
                          "reading began"_s.arg(file.size()).arg(total));
    return true;
}

}  // namespace

void readOpenLineageFile(const QString &path, const BatchSink &sink, const OpenLineageReadOptions &options)
{
    StreamReader reader(path, sink, options);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        reader.reportFile(u"cannot open: "_s + file.errorString());
        reader.finish();
        return;
    }
    const qint64 total = file.size();
    if (total == 0) {
        reader.reportFile(u"the file is empty: expected OpenLineage events (JSON)"_s);
        reader.finish();
        return;
    }
    const bool mapped = readMapped(file, reader, total, options);
    if (!mapped)
        readChunks(file, reader, total, options);
    if (options.mapped)
        *options.mapped = mapped;
    reader.finish();
}

IngestBatch readOpenLineageBytes(std::string_view text, const QString &fileName)
{
    IngestBatch result;
    bool first = true;
    OpenLineageReadOptions options;
    options.eventsPerBatch = std::numeric_limits<qint64>::max();
    const BatchSink sink = [&](IngestBatch &&batch) {
        if (first) {
            result = std::move(batch);
            first = false;
        }
        return true;
    };
    StreamReader reader(fileName, sink, options);
    std::string padded(text);
    padded.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        reader.reportFile(u"the file is empty: expected OpenLineage events (JSON)"_s);
    else
        reader.feed(padded.data(), text.size(), 0, true);
    reader.finish();
    return result;
}

bool looksLikeOpenLineage(const QByteArray &head)
{
    const QByteArray t = head.trimmed();
    if (!t.startsWith('{') && !t.startsWith('['))
        return false;
    const bool event = t.contains("\"eventTime\"")
        && (t.contains("\"producer\"") || t.contains("\"schemaURL\"") || t.contains("\"job\""));
    return event;
}

}  // namespace meshlens
