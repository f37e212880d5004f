#include "nativerecordreader.h"

#include "printabletext.h"

#include "mesh/timeutil.h"
#include "nativereader.h"

#include <algorithm>
#include <cstring>

namespace meshlens {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

constexpr int kMaxErrors = 50; // the batch is unwritable after the first; the rest help fixing
constexpr int kMaxWarnings = 20;

} // namespace

NativeRecordReader::NativeRecordReader(
    std::string_view text, const QString &file, IngestBatch &batch)
    : m_text(text)
    , m_file(file)
    , m_batch(batch)
{
}

void NativeRecordReader::read(element root, const ChunkFeed *chunks)
{
    simdjson::dom::object top;
    if (root.get_object().get(top) != simdjson::SUCCESS) {
        addAtOffset(Diagnostic::Severity::Error, 0,
            QStringLiteral("expected a JSON object with \"format\": \"meshlens-mesh\" at "
                           "the top level, found ")
                + typeName(root));
        return;
    }
    readTopLevel(top, chunks);
}

void NativeRecordReader::readTopLevel(simdjson::dom::object root, const ChunkFeed *chunks)
{
    using Reader = void (NativeRecordReader::*)(simdjson::dom::array, qint64, size_t);
    struct Section {
        const char *name;
        Reader reader;
        std::optional<simdjson::dom::array> items;
    };
    // Records are read in this order whatever the file's order, after the header fields
    // that give them their defaults, and each kind before the kinds that refer to it.
    Section sections[] = {
        {"domains", &NativeRecordReader::readDomains, {}},
        {"products", &NativeRecordReader::readProducts, {}},
        {"datasets", &NativeRecordReader::readDatasets, {}},
        {"jobs", &NativeRecordReader::readJobs, {}},
        {"ports", &NativeRecordReader::readPorts, {}},
        {"edges", &NativeRecordReader::readEdges, {}},
        {"columnEdges", &NativeRecordReader::readColumnEdges, {}},
        {"contracts", &NativeRecordReader::readContracts, {}},
        {"quality", &NativeRecordReader::readQuality, {}},
        {"freshness", &NativeRecordReader::readFreshness, {}},
    };

    std::string_view format;
    bool hasFormat = false, hasVersion = false, hasGenerated = false;
    qint64 version = 0;
    Timestamp generatedAt = 0, seen = 0;
    bool headerOk = true;
    for (const auto field : root) {
        const std::string_view k = field.key;
        const Where w {{}, -1, k, -1};
        if (k == "format") {
            hasFormat = true;
            if (view(field.value, w, true, &format) && format != "meshlens-mesh") {
                error(w,
                    QStringLiteral("expected \"meshlens-mesh\", found ") + quoted(format)
                        + QStringLiteral(": this is not a MeshLens native file"));
                headerOk = false;
            }
        } else if (k == "version") {
            hasVersion = true;
            if (integer(field.value, w, true, &version)) {
                if (version > kNativeFormatVersion) {
                    error(w,
                        QStringLiteral("the file is version %1 of the native format, newer "
                                       "than this MeshLens reads (version %2): update "
                                       "MeshLens to read it")
                            .arg(version)
                            .arg(kNativeFormatVersion));
                    headerOk = false;
                } else if (version < 1) {
                    error(w,
                        QStringLiteral("expected version %1, found %2")
                            .arg(kNativeFormatVersion)
                            .arg(version));
                    headerOk = false;
                }
            } else {
                headerOk = false;
            }
        } else if (k == "generatedAt") {
            hasGenerated = true; // a bad value is reported as such, not as missing
            time(field.value, w, true, &generatedAt);
        } else if (k == "seen") {
            time(field.value, w, false, &seen);
        } else if (k == "$schema" || k == "generator") {
            // informational: which schema the file claims, which tool wrote it
        } else {
            auto *section = std::find_if(std::begin(sections), std::end(sections),
                [&](const Section &s) { return k == s.name; });
            if (section == std::end(sections)) {
                unknownField(w);
                continue;
            }
            simdjson::dom::array items;
            if (field.value.is_null())
                continue;
            if (field.value.get_array().get(items) != simdjson::SUCCESS) {
                error(w, QStringLiteral("expected an array, found ") + typeName(field.value));
                continue;
            }
            section->items = items;
        }
    }
    if (!hasFormat) {
        error({},
            QStringLiteral("missing required field \"format\" (expected the string "
                           "\"meshlens-mesh\"): this is not a MeshLens native file"));
        headerOk = false;
    } else if (!hasVersion) {
        missing({}, "version", "an integer");
        headerOk = false;
    }
    if (headerOk && !hasGenerated)
        missing({}, "generatedAt", "an ISO 8601 date-time");
    if (!headerOk) {
        // A file of another format or a newer version: its fields are not "unknown fields"
        // of ours, and its records would only produce noise. The header error says it all.
        m_batch.diagnostics.removeIf(
            [](const Diagnostic &d) { return d.severity == Diagnostic::Severity::Warning; });
        return;
    }

    m_defaultSeen = seen ? seen : generatedAt;
    m_batch.observedAt = m_defaultSeen;
    for (const Section &s : sections) {
        if (m_stop)
            break;
        const Feed fed = chunks ? (*chunks)(s.name, [&](simdjson::dom::array items, qint64 first, size_t total) {
            if (!m_stop)
                (this->*s.reader)(items, first, total);
        })
                                : Feed::NotChunked;
        if (fed == Feed::Failed) {
            m_stop = true;
            break;
        }
        if (fed == Feed::NotChunked && s.items)
            (this->*s.reader)(*s.items, 0, s.items->size());
    }
}

bool NativeRecordReader::record(
    element el, std::string_view array, qint64 index, simdjson::dom::object *out)
{
    if (el.get_object().get(*out) == simdjson::SUCCESS)
        return true;
    error({array, index, {}, -1}, QStringLiteral("expected an object, found ") + typeName(el));
    return false;
}

bool NativeRecordReader::commonField(std::string_view k, element v, const Where &w, EntityBase &e)
{
    if (k == "name")
        text(v, w, &e.name);
    else if (k == "description")
        text(v, w, &e.description);
    else if (k == "owner")
        shared(v, w, false, &e.owner);
    else if (k == "seen")
        time(v, w, false, &e.observedAt);
    else if (k == "removedAt")
        time(v, w, false, &e.removedAt);
    else
        return false;
    return true;
}

void NativeRecordReader::unknownField(const Where &w)
{
    // Newer writers may add fields; say so once per field name, not once per record.
    std::string id(w.array);
    id += '.';
    id += w.field;
    if (m_reportedUnknown.insert(id).second)
        warning(w, QStringLiteral("unknown field %1 is ignored").arg(quoted(w.field)));
}

void NativeRecordReader::missing(const Where &w, std::string_view field, const char *type)
{
    error(w,
        QStringLiteral("missing required field %1 (expected %2)")
            .arg(quoted(field), QString::fromUtf8(type)));
}

bool NativeRecordReader::view(element v, const Where &w, bool required, std::string_view *out)
{
    if (v.get_string().get(*out) != simdjson::SUCCESS) {
        if (required || !v.is_null())
            error(w, QStringLiteral("expected a string, found ") + typeName(v));
        return false;
    }
    if (qint64(out->size()) > kNativeMaxStringBytes) {
        error(w,
            QStringLiteral("string of %1 bytes is longer than the limit of %2 bytes")
                .arg(out->size())
                .arg(kNativeMaxStringBytes));
        return false;
    }
    return true;
}

bool NativeRecordReader::text(element v, const Where &w, QString *out)
{
    std::string_view s;
    if (!view(v, w, false, &s))
        return false;
    *out = QString::fromUtf8(s.data(), qsizetype(s.size()));
    return true;
}

bool NativeRecordReader::shared(element v, const Where &w, bool required, QString *out)
{
    std::string_view s;
    if (!view(v, w, required, &s))
        return false;
    *out = m_strings.intern(s);
    return true;
}

bool NativeRecordReader::keyWithPrefix(
    element v, const Where &w, bool required, const char *prefix, QString *out)
{
    std::string_view s;
    if (!view(v, w, required, &s))
        return false;
    const size_t n = std::strlen(prefix);
    if (s.size() <= n || s.compare(0, n, prefix) != 0) {
        error(w,
            QStringLiteral("expected a key starting with \"%1\", found %2")
                .arg(QString::fromUtf8(prefix), quoted(s)));
        return false;
    }
    // A record's own key is unique in the file: interning it would only grow the table.
    *out = QString::fromUtf8(s.data(), qsizetype(s.size()));
    return true;
}

bool NativeRecordReader::ref(element v, const Where &w, bool required, RefKind kind, QString *out)
{
    static const char *const prefixes[] = {"domain:", "product:", "dataset:", "job:"};
    static const char *const arrays[] = {"domains", "products", "datasets", "jobs"};
    const int k = kind == RefKind::AnyEntity ? 2 : int(kind); // an index in "entity" is a dataset
    const element_type type = v.type();
    if (type == element_type::INT64 || type == element_type::UINT64) {
        const std::vector<QString> *keys[]
            = {&m_domainKeys, &m_productKeys, &m_datasetKeys, &m_jobKeys};
        const std::vector<QString> &table = *keys[k];
        int64_t index = -1;
        const bool fits = v.get_int64().get(index) == simdjson::SUCCESS;
        if (!fits || index < 0 || index >= qint64(table.size())) {
            const QString found
                = fits ? QString::number(index) : QStringLiteral("a number out of range");
            const QString array = QString::fromUtf8(arrays[k]);
            error(w,
                table.empty()
                    ? QStringLiteral("found the index %1, but the file has no %2 to refer to")
                          .arg(found, array)
                    : QStringLiteral("expected an index into %1 (0 to %2), found %3")
                          .arg(array)
                          .arg(qint64(table.size()) - 1)
                          .arg(found));
            return false;
        }
        *out = table[size_t(index)];
        return !out->isEmpty(); // empty: that record had errors, reported where it is
    }
    if (kind != RefKind::AnyEntity)
        return keyWithPrefix(v, w, required, prefixes[k], out);
    std::string_view s;
    if (!view(v, w, required, &s))
        return false;
    for (const char *prefix : {"dataset:", "product:", "port:", "domain:", "job:", "contract:"}) {
        const size_t n = std::strlen(prefix);
        if (s.size() > n && s.compare(0, n, prefix) == 0) {
            *out = m_strings.intern(s);
            return true;
        }
    }
    error(w,
        QStringLiteral("expected an entity key such as \"dataset:<namespace>/<name>\" or "
                       "\"product:<id>\", found ")
            + quoted(s));
    return false;
}

bool NativeRecordReader::time(element v, const Where &w, bool required, Timestamp *out)
{
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        if (required || !v.is_null())
            error(w, QStringLiteral("expected an ISO 8601 date-time string, found ") + typeName(v));
        return false;
    }
    if (!parseIsoTimestamp(s, out)) {
        error(w,
            QStringLiteral("expected an ISO 8601 date-time such as "
                           "\"2025-06-01T00:00:00Z\", found ")
                + quoted(s));
        return false;
    }
    return true;
}

bool NativeRecordReader::number(element v, const Where &w, double *out)
{
    if (v.is_null())
        return false;
    if (v.get_double().get(*out) != simdjson::SUCCESS) {
        error(w, QStringLiteral("expected a number, found ") + typeName(v));
        return false;
    }
    return true;
}

bool NativeRecordReader::integer(element v, const Where &w, bool required, qint64 *out)
{
    if (!required && v.is_null())
        return false;
    int64_t value = 0;
    if (v.get_int64().get(value) != simdjson::SUCCESS) {
        double d = 0;
        const bool isNumber = v.get_double().get(d) == simdjson::SUCCESS;
        error(w,
            QStringLiteral("expected an integer, found ")
                + (isNumber ? QStringLiteral("%1").arg(d) : typeName(v)));
        return false;
    }
    *out = value;
    return true;
}

void NativeRecordReader::error(const Where &w, const QString &message)
{
    add(Diagnostic::Severity::Error, w, message);
}

void NativeRecordReader::warning(const Where &w, const QString &message)
{
    add(Diagnostic::Severity::Warning, w, message);
}

void NativeRecordReader::add(Diagnostic::Severity severity, const Where &w, const QString &message)
{
    if (m_stop)
        return;
    if (severity == Diagnostic::Severity::Warning && m_warnings >= kMaxWarnings)
        return;
    if (!m_locator)
        m_locator.emplace(m_text);
    std::vector<JsonPathStep> path;
    if (!w.array.empty()) {
        path.push_back(JsonPathStep::member(w.array));
        if (w.index >= 0)
            path.push_back(JsonPathStep::element(w.index));
    }
    if (!w.field.empty())
        path.push_back(JsonPathStep::member(w.field));
    if (w.sub >= 0)
        path.push_back(JsonPathStep::element(w.sub));
    const QString where = pathText(w);
    addAtOffset(severity, m_locator->locate(path),
        where.isEmpty() ? message : where + QStringLiteral(": ") + message);
}

void NativeRecordReader::reportAt(qint64 offset, const QString &message)
{
    addAtOffset(Diagnostic::Severity::Error, offset, message);
}

void NativeRecordReader::addAtOffset(
    Diagnostic::Severity severity, qint64 offset, const QString &message)
{
    Diagnostic d;
    d.severity = severity;
    d.file = m_file;
    d.message = printableText(message);
    if (offset >= 0) {
        const TextPosition pos = positionOf(offset);
        d.offset = offset;
        d.line = pos.line;
        d.column = pos.column;
    }
    m_batch.diagnostics.append(d);
    if (severity == Diagnostic::Severity::Warning) {
        ++m_warnings;
    } else if (++m_errors >= kMaxErrors) {
        Diagnostic stop;
        stop.file = m_file;
        stop.message = QStringLiteral("too many errors (%1): stopped reading").arg(m_errors);
        m_batch.diagnostics.append(stop);
        m_stop = true;
    }
}

TextPosition NativeRecordReader::positionOf(qint64 offset)
{
    offset = std::clamp<qint64>(offset, 0, qint64(m_text.size()));
    if (offset < m_lastOffset) {
        m_lastOffset = 0;
        m_lastLine = 1;
        m_lastLineStart = 0;
    }
    for (qint64 i = m_lastOffset; i < offset;) {
        const void *nl = std::memchr(m_text.data() + i, '\n', size_t(offset - i));
        if (!nl)
            break;
        ++m_lastLine;
        i = static_cast<const char *>(nl) - m_text.data() + 1;
        m_lastLineStart = i;
    }
    m_lastOffset = offset;
    const TextPosition inLine
        = textPositionAt(m_text.substr(size_t(m_lastLineStart), size_t(offset - m_lastLineStart)),
            offset - m_lastLineStart);
    return {m_lastLine, inLine.column};
}

QString NativeRecordReader::pathText(const Where &w)
{
    QString s = printableText(QString::fromUtf8(w.array.data(), qsizetype(w.array.size())));
    if (w.index >= 0)
        s += u'[' + QString::number(w.index) + u']';
    if (!w.field.empty()) {
        if (!s.isEmpty())
            s += u'.';
        s += printableText(QString::fromUtf8(w.field.data(), qsizetype(w.field.size())));
    }
    if (w.sub >= 0)
        s += u'[' + QString::number(w.sub) + u']';
    return s;
}

QString NativeRecordReader::typeName(element v)
{
    switch (v.type()) {
    case element_type::ARRAY:
        return QStringLiteral("array");
    case element_type::OBJECT:
        return QStringLiteral("object");
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return QStringLiteral("number");
    case element_type::STRING:
        return QStringLiteral("string");
    case element_type::BOOL:
        return QStringLiteral("boolean");
    case element_type::NULL_VALUE:
        return QStringLiteral("null");
    }
    return QStringLiteral("value");
}

QString NativeRecordReader::quoted(std::string_view s)
{
    return quotedText(s, 60); // a message must stay readable when the value is 60 KiB of junk
}

} // namespace meshlens
