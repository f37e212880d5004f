#include "nativereader.h"
#include "printabletext.h"

#include "nativechunks.h"
#include "nativerecordreader.h"

#include <QFile>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#endif

namespace meshlens {
namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

void fileError(IngestBatch &batch, const QString &file, const QString &message)
{
    Diagnostic d;
    d.file = file;
    d.message = printableText(message);
    batch.diagnostics.append(d);
}

// Explains why simdjson refused the text. simdjson says what (an error code) but not where,
// so the position comes from the scalar scanners, which run only on this path.
void reportParseFailure(std::string_view text, simdjson::error_code code, NativeRecordReader &out)
{
    JsonProblem problem;
    if (code == simdjson::UTF8_ERROR)
        problem = findInvalidUtf8(text);
    if (!problem.found())
        problem = findJsonSyntaxError(text, kNativeMaxDepth);
    if (!problem.found())
        problem = findInvalidUtf8(text);
    if (problem.found()) {
        out.reportAt(problem.offset, problem.message);
        return;
    }
    // Valid JSON by the scanners' reading but refused by simdjson: a number that does not fit
    // 64 bits, for instance. Say what simdjson said, without a position.
    out.reportAt(-1,
        QStringLiteral("not readable as JSON: ")
            + QString::fromUtf8(simdjson::error_message(code)));
}

/// Gives the pages of a mapped file back to the page cache: the parser has copied every
/// string it needs, and only an error message still reads the text (its pages then come
/// back from the file). On a million-dataset file that is ~480 MB less resident while the
/// records are built, when the process is at its largest.
void releaseMappedPages(const char *data, size_t length)
{
#ifdef Q_OS_UNIX
    constexpr std::uintptr_t kPage = 4096;
    const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + length) & ~(kPage - 1);
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
#else
    Q_UNUSED(data);
    Q_UNUSED(length);
#endif
}

// Documents at least this large are read in pieces (nativechunks.h) of about a megabyte
// (NativeParse's default): small enough to stay in the cache, large enough that a piece's
// set-up does not count.
constexpr size_t kChunkedMinBytes = 8 << 20;

IngestBatch emptyBatch(const QString &file)
{
    IngestBatch batch;
    batch.source.source = QStringLiteral("native");
    batch.source.file = file;
    return batch;
}

/// How a read is watched: a cancel flag and a progress callback (both optional).
struct ReadControl {
    const std::atomic_bool *cancel = nullptr;
    const std::function<void(qint64, qint64)> *progress = nullptr;
    qint64 size = 0; // of the whole file
};

/// Reads `text` (a document that starts with '{') in pieces. Nothing when the text does not
/// split, or simdjson refuses a piece: the caller parses it whole, which reports the problem
/// as the whole read always has. So every piece is parsed, also those of sections the
/// reader did not get to (it stops at a bad header or after too many errors).
std::optional<IngestBatch> readChunked(std::string_view text, const QString &file, bool mapped,
    std::size_t chunkBytes, const ReadControl &control)
{
    static const std::vector<std::string_view> kArrays = {"domains", "products", "datasets",
        "jobs", "ports", "edges", "columnEdges", "contracts", "quality", "freshness"};
    nativechunks::Split split;
    if (!nativechunks::split(text, kArrays, chunkBytes, kNativeMaxDepth, &split))
        return std::nullopt;
    // Depth limits as the whole read's: a chunk is one level shallower ("[...]" for the
    // member's array inside the top-level object).
    simdjson::dom::parser skeletonParser, parser;
    simdjson::dom::element root;
    const simdjson::padded_string skeleton(split.skeleton);
    if (skeletonParser.allocate(skeleton.size(), kNativeMaxDepth) != simdjson::SUCCESS
        || parser.allocate(chunkBytes + 4096, kNativeMaxDepth - 1) != simdjson::SUCCESS
        || skeletonParser.parse(skeleton).get(root) != simdjson::SUCCESS)
        return std::nullopt;

    std::vector<char> buffer;
    const auto parse = [&](const nativechunks::Chunk &chunk, simdjson::dom::array *items) {
        const size_t length = chunk.text.size() + 2;
        buffer.resize(length + simdjson::SIMDJSON_PADDING);
        buffer[0] = '[';
        std::memcpy(buffer.data() + 1, chunk.text.data(), chunk.text.size());
        buffer[length - 1] = ']';
        return parser.parse(buffer.data(), length, false).get_array().get(*items) == simdjson::SUCCESS
            && items->size() == chunk.count;
    };

    IngestBatch batch = emptyBatch(file);
    NativeRecordReader reader(text, file, batch);
    bool failed = false, cancelled = false;
    qint64 piecesBytes = 0, piecesDone = 0;
    for (const nativechunks::Section &section : split.sections) {
        for (const nativechunks::Chunk &chunk : section.chunks)
            piecesBytes += qint64(chunk.text.size());
    }
    std::vector<size_t> parsed(split.sections.size(), 0); // chunks parsed, per section
    const NativeRecordReader::ChunkFeed feed
        = [&](std::string_view name, const NativeRecordReader::ChunkConsumer &each) {
              const auto section = std::find_if(split.sections.begin(), split.sections.end(),
                  [&](const nativechunks::Section &s) { return s.name == name; });
              if (section == split.sections.end())
                  return NativeRecordReader::Feed::NotChunked;
              size_t &done = parsed[size_t(section - split.sections.begin())];
              const size_t total = section->chunks.empty()
                  ? 0
                  : section->chunks.back().first + section->chunks.back().count;
              for (const nativechunks::Chunk &chunk : section->chunks) {
                  simdjson::dom::array items;
                  if (!parse(chunk, &items)) {
                      failed = true;
                      return NativeRecordReader::Feed::Failed;
                  }
                  ++done;
                  each(items, qint64(chunk.first), total);
                  if (mapped)
                      releaseMappedPages(chunk.text.data(), chunk.text.size());
                  // Sections are read in the reader's order, not the file's: progress counts
                  // the pieces' bytes read so far, the rest of the file as read from the start.
                  piecesDone += qint64(chunk.text.size());
                  if (control.progress && *control.progress)
                      (*control.progress)(control.size - piecesBytes + piecesDone, control.size);
                  if (control.cancel && control.cancel->load(std::memory_order_relaxed)) {
                      cancelled = true;
                      return NativeRecordReader::Feed::Failed;
                  }
              }
              return NativeRecordReader::Feed::Read;
          };
    reader.read(root, &feed);
    if (cancelled) {
        IngestBatch stopped = emptyBatch(file);
        fileError(stopped, file, QStringLiteral("reading was cancelled: nothing of the file is written"));
        return stopped;
    }
    for (size_t s = 0; s < split.sections.size() && !failed; ++s) {
        for (size_t c = parsed[s]; c < split.sections[s].chunks.size() && !failed; ++c) {
            simdjson::dom::array items;
            failed = !parse(split.sections[s].chunks[c], &items);
        }
    }
    if (failed)
        return std::nullopt;
    if (control.progress && *control.progress)
        (*control.progress)(control.size, control.size);
    return batch;
}

/// `mapped`: `data` is a read-only mapping of the file (see releaseMappedPages()).
IngestBatch readPadded(const char *data, size_t length, bool padded, const QString &file,
    bool mapped = false, NativeParse how = {}, ReadControl control = {})
{
    control.size = qint64(length);
    IngestBatch batch = emptyBatch(file);
    if (length >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3; // a UTF-8 byte order mark some editors write; the padding stays valid
        length -= 3;
    }
    const std::string_view text(data, length);
    NativeRecordReader reader(text, file, batch);

    const auto first = std::find_if_not(text.begin(), text.end(), isJsonSpace);
    if (first == text.end()) {
        reader.reportAt(qint64(length),
            QStringLiteral("the file is empty: expected a JSON object "
                           "with \"format\": \"meshlens-mesh\""));
        return batch;
    }
    // Binary files, text files and JSON arrays all fail here with one clear message, before
    // the parser would complain about a byte deep inside them.
    if (*first != '{') {
        const qint64 at = first - text.begin();
        const QString found = describeJsonByte(text, at);
        reader.reportAt(at,
            QStringLiteral("expected a JSON object ('{') with \"format\": "
                           "\"meshlens-mesh\", found %1: this is not a MeshLens "
                           "native file")
                .arg(found));
        return batch;
    }

    const bool pieces = how.mode == NativeParse::Pieces
        || (how.mode == NativeParse::BySize && length >= kChunkedMinBytes);
    if (pieces) {
        if (std::optional<IngestBatch> chunked = readChunked(text, file, mapped, how.chunkBytes, control))
            return std::move(*chunked);
    }
    simdjson::dom::parser parser;
    simdjson::error_code code = parser.allocate(length, kNativeMaxDepth);
    if (code != simdjson::SUCCESS) {
        fileError(batch, file,
            code == simdjson::CAPACITY
                ? QStringLiteral("the file (%1 bytes) is larger than the JSON parser can "
                                 "read in one piece (4 GiB)")
                      .arg(length)
                : QStringLiteral("not enough memory to read the file (%1 bytes)").arg(length));
        return batch;
    }
    simdjson::dom::element root;
    code = parser.parse(data, length, !padded).get(root);
    if (code != simdjson::SUCCESS) {
        reportParseFailure(text, code, reader);
        return batch;
    }
    if (mapped)
        releaseMappedPages(data, length);
    reader.read(root);
    return batch;
}

} // namespace

IngestBatch readNativeFile(
    const QString &path, const std::atomic_bool *cancel, const std::function<void(qint64, qint64)> &progress)
{
    const ReadControl control {cancel, &progress, 0};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        IngestBatch batch = emptyBatch(path);
        fileError(batch, path, QStringLiteral("cannot open the file: ") + file.errorString());
        return batch;
    }
    if (!file.isSequential()) {
        const qint64 size = file.size();
        // Large files are mapped, not copied: the pages come straight from the page cache.
        // simdjson reads up to SIMDJSON_PADDING bytes past the end, which the zero-filled
        // rest of the last page provides unless the file ends too close to a page boundary.
        constexpr qint64 kPage = 4096;
        if (size >= (1 << 20) && size % kPage != 0
            && size % kPage <= kPage - qint64(simdjson::SIMDJSON_PADDING)) {
            if (const uchar *mapped = file.map(0, size)) {
                IngestBatch batch
                    = readPadded(reinterpret_cast<const char *>(mapped), size_t(size), true, path, true, {}, control);
                file.unmap(const_cast<uchar *>(mapped));
                return batch;
            }
        }
        // Otherwise read straight into simdjson's padded buffer: one copy, not two.
        simdjson::padded_string buffer(size_t(std::max<qint64>(size, 0)));
        if (size > 0 && !buffer.data()) {
            IngestBatch batch = emptyBatch(path);
            fileError(batch, path,
                QStringLiteral("not enough memory to read the file (%1 bytes)").arg(size));
            return batch;
        }
        qint64 done = 0;
        while (done < size) {
            const qint64 n = file.read(buffer.data() + done, size - done);
            if (n <= 0)
                break;
            done += n;
        }
        if (done == size)
            return readPadded(buffer.data(), size_t(size), true, path, false, {}, control);
        IngestBatch batch = emptyBatch(path);
        fileError(batch, path, QStringLiteral("cannot read the file: ") + file.errorString());
        return batch;
    }
    const QByteArray all = file.readAll();
    return readPadded(all.constData(), size_t(all.size()), false, path, false, {}, control);
}

IngestBatch readNativeBytes(std::string_view json, const QString &fileName)
{
    return readPadded(json.data(), json.size(), false, fileName);
}

IngestBatch readNativeBytes(std::string_view json, const QString &fileName, NativeParse how)
{
    return readPadded(json.data(), json.size(), false, fileName, false, how);
}

bool looksLikeNative(const QByteArray &head)
{
    // "format" : "meshlens-mesh" with any JSON whitespace around the colon, within the first
    // 4 KiB, in a document that starts as an object. A cheap test, not a parse.
    const QByteArray part = head.left(4096);
    const char *p = part.constData();
    const qsizetype n = part.size();
    qsizetype i = 0;
    if (n >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3; // a UTF-8 byte order mark some editors write
    while (i < n && isJsonSpace(p[i]))
        ++i;
    if (i >= n || p[i] != '{')
        return false;
    static const QByteArray key = QByteArrayLiteral("\"format\"");
    for (qsizetype at = part.indexOf(key, i); at >= 0; at = part.indexOf(key, at + 1)) {
        qsizetype j = at + key.size();
        while (j < n && isJsonSpace(p[j]))
            ++j;
        if (j >= n || p[j] != ':')
            continue;
        ++j;
        while (j < n && isJsonSpace(p[j]))
            ++j;
        if (part.mid(j, 15) == QByteArrayLiteral("\"meshlens-mesh\""))
            return true;
    }
    return false;
}

} // namespace meshlens
