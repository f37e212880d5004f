#pragma once

// Internal to the native reader: turns a parsed simdjson DOM into IngestBatch records.
// Not a public header: it pulls in simdjson, which the rest of the code never sees.

#ifndef SIMDJSON_EXCEPTIONS
#define SIMDJSON_EXCEPTIONS 0 // errors are values here; nothing may throw past the reader
#endif
#include <simdjson.h>

#include "ingestbatch.h"
#include "jsonlocator.h"
#include "stringinterner.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace meshlens {

/// Reads the records of one native document. Problems become diagnostics carrying the
/// file, line and column, located lazily (only when there is something to report).
class NativeRecordReader {
public:
    NativeRecordReader(std::string_view text, const QString &file, IngestBatch &batch);

    /// What a chunk feed did with a section (see read()).
    enum class Feed { NotChunked, Read, Failed };
    /// Calls `each` with the array of every chunk of the named section, the index of the
    /// chunk's first element in the file's array and the array's length.
    using ChunkConsumer = std::function<void(simdjson::dom::array, qint64, size_t)>;
    using ChunkFeed = std::function<Feed(std::string_view section, const ChunkConsumer &each)>;

    /// Reads the document whose root is `root`. With `chunks`, the sections it says it has
    /// are read from it, in pieces (nativechunks.h), instead of from `root`, whose arrays are
    /// then empty placeholders; a Failed feed stops the read (the caller starts over).
    void read(simdjson::dom::element root, const ChunkFeed *chunks = nullptr);

    /// Adds a diagnostic at a byte offset (parse errors found before the DOM exists).
    void reportAt(qint64 offset, const QString &message);

private:
    /// Where a value sits: "datasets[3].namespace", "ports[1].datasets[2]", or a top-level
    /// member when array is empty.
    struct Where {
        Where(std::string_view a = {}, qint64 i = -1, std::string_view f = {}, qint64 s = -1)
            : array(a)
            , index(i)
            , field(f)
            , sub(s)
        {
        }
        std::string_view array;
        qint64 index;
        std::string_view field;
        qint64 sub;
    };

    /// What a reference field points at. An integer in such a field is the index of a record
    /// in the same file's array of that kind (compact files); a string is a key.
    enum class RefKind { Domain, Product, Dataset, Job, AnyEntity };

    void readTopLevel(simdjson::dom::object root, const ChunkFeed *chunks);
    void readDomains(simdjson::dom::array items, qint64 first, size_t total);
    void readProducts(simdjson::dom::array items, qint64 first, size_t total);
    void readPorts(simdjson::dom::array items, qint64 first, size_t total);
    void readDatasets(simdjson::dom::array items, qint64 first, size_t total);
    void readJobs(simdjson::dom::array items, qint64 first, size_t total);
    void readEdges(simdjson::dom::array items, qint64 first, size_t total);
    void readColumnEdges(simdjson::dom::array items, qint64 first, size_t total);
    void readContracts(simdjson::dom::array items, qint64 first, size_t total);
    void readQuality(simdjson::dom::array items, qint64 first, size_t total);
    void readFreshness(simdjson::dom::array items, qint64 first, size_t total);

    bool record(simdjson::dom::element el, std::string_view array, qint64 index,
        simdjson::dom::object *out);
    bool commonField(std::string_view k, simdjson::dom::element v, const Where &w, EntityBase &e);
    void unknownField(const Where &w);
    void missing(const Where &w, std::string_view field, const char *type);

    // Typed accessors. Each reports a diagnostic and returns false on a wrong value; a null
    // in an optional field counts as absent (false, no diagnostic).
    bool view(simdjson::dom::element v, const Where &w, bool required, std::string_view *out);
    bool text(simdjson::dom::element v, const Where &w, QString *out);
    bool shared(simdjson::dom::element v, const Where &w, bool required, QString *out);
    bool ref(simdjson::dom::element v, const Where &w, bool required, RefKind kind, QString *out);
    bool keyWithPrefix(
        simdjson::dom::element v, const Where &w, bool required, const char *prefix, QString *out);
    bool time(simdjson::dom::element v, const Where &w, bool required, Timestamp *out);
    bool number(simdjson::dom::element v, const Where &w, double *out);
    bool integer(simdjson::dom::element v, const Where &w, bool required, qint64 *out);

    void error(const Where &w, const QString &message);
    void warning(const Where &w, const QString &message);
    void add(Diagnostic::Severity severity, const Where &w, const QString &message);
    void addAtOffset(Diagnostic::Severity severity, qint64 offset, const QString &message);
    TextPosition positionOf(qint64 offset);
    static QString pathText(const Where &w);
    static QString typeName(simdjson::dom::element v);
    static QString quoted(std::string_view s);

    std::string_view m_text;
    QString m_file;
    IngestBatch &m_batch;
    StringInterner m_strings;
    std::string m_scratch;
    Timestamp m_defaultSeen = 0;

    std::optional<JsonLocator> m_locator;
    qint64 m_lastOffset = 0; // incremental line counting: errors mostly come in file order
    qint64 m_lastLine = 1;
    qint64 m_lastLineStart = 0;

    int m_errors = 0;
    int m_warnings = 0;
    bool m_stop = false;
    std::set<std::string> m_reportedUnknown;
    // Keys by position in the file's arrays, for integer references; empty where the record
    // had errors (already reported).
    std::vector<QString> m_domainKeys;
    std::vector<QString> m_productKeys;
    std::vector<QString> m_datasetKeys;
    std::vector<QString> m_jobKeys;
};

} // namespace meshlens
