#include "jsoninput.h"

#include "paddedfile.h"
#include "printabletext.h"


#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;
using simdjson::dom::element;

namespace meshlens::json {
namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isPlainKey(std::string_view k)
{
    return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// Where a parse failed and why, found by the scalar scanners (simdjson says what, not where).
JsonProblem locateParseProblem(std::string_view text, simdjson::error_code code)
{
    JsonProblem problem;
    if (code == simdjson::UTF8_ERROR)
        problem = findInvalidUtf8(text);
    if (!problem.found())
        problem = findJsonSyntaxError(text, kMaxDepth);
    if (!problem.found())
        problem = findInvalidUtf8(text);
    return problem;
}

// Avro's JSON encoding of an optional value: {"string": "x"} for "x".
element unwrapUnion(element v)
{
    simdjson::dom::object o;
    if (v.get_object().get(o) == simdjson::SUCCESS && o.size() == 1) {
        element inner;
        if (o["string"].get(inner) == simdjson::SUCCESS)
            return inner;
    }
    return v;
}

} // namespace

char firstJsonByte(const QByteArray &head)
{
    qsizetype i = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < head.size() && isJsonSpace(head[i]))
        ++i;
    return i < head.size() ? head[i] : '\0';
}

JsonInput::JsonInput(IngestBatch &batch, QString what)
    : m_batch(batch)
    , m_what(std::move(what))
{
}

bool JsonInput::load(const QString &path)
{
    m_path = path;
    if (const QString problem = json::readPaddedFile(path, m_buffer); !problem.isEmpty()) {
        reportAt(Diagnostic::Severity::Error, -1, problem);
        return false;
    }
    return parseBuffer();
}

bool JsonInput::loadBytes(std::string_view bytes, const QString &fileName)
{
    m_path = fileName;
    if (const QString problem = json::copyPadded(bytes, m_buffer); !problem.isEmpty()) {
        reportAt(Diagnostic::Severity::Error, -1, problem);
        return false;
    }
    return parseBuffer();
}

bool JsonInput::parseBuffer()
{
    const std::string_view text = json::textAfterBom(m_buffer);
    return parse(text.data(), text.size());
}

bool JsonInput::parse(const char *data, size_t length)
{
    m_text = std::string_view(data, length);
    if (std::all_of(m_text.begin(), m_text.end(), isJsonSpace)) {
        reportAt(Diagnostic::Severity::Error, qint64(length),
            u"the file is empty: expected %1 (JSON)"_s.arg(m_what));
        return false;
    }
    simdjson::error_code code = m_parser.allocate(length, kMaxDepth);
    if (code != simdjson::SUCCESS) {
        reportAt(Diagnostic::Severity::Error, -1,
            code == simdjson::CAPACITY
                ? u"the file (%1 bytes) is larger than the JSON parser reads in one piece (4 GiB)"_s
                      .arg(length)
                : u"not enough memory to read the file (%1 bytes)"_s.arg(length));
        return false;
    }
    code = m_parser.parse(data, length, false).get(m_root);
    if (code == simdjson::SUCCESS)
        return true;
    const JsonProblem problem = locateParseProblem(m_text, code);
    if (problem.found())
        reportAt(Diagnostic::Severity::Error, problem.offset,
            problem.message + u" (reading the file as %1)"_s.arg(m_what));
    else
        reportAt(Diagnostic::Severity::Error, -1,
            u"not readable as JSON: "_s + fromUtf8(simdjson::error_message(code)));
    return false;
}

bool JsonInput::parseEmbedded(std::string_view text, const Where &w, simdjson::dom::parser &parser,
    element *out)
{
    simdjson::error_code code = parser.allocate(std::max<size_t>(text.size(), 1), kMaxDepth);
    if (code == simdjson::SUCCESS)
        code = parser.parse(text.data(), text.size(), true).get(*out);
    if (code == simdjson::SUCCESS)
        return true;
    const JsonProblem problem = locateParseProblem(text, code);
    if (!problem.found()) {
        error(w, u"the JSON text in this string is not readable: "_s
                + fromUtf8(simdjson::error_message(code)));
        return false;
    }
    const TextPosition pos = textPositionAt(text, problem.offset);
    error(w, u"the JSON text in this string is not valid at its line %1, column %2: %3"_s.arg(
                 QString::number(pos.line), QString::number(pos.column), problem.message));
    return false;
}

QString JsonInput::typeName(element v)
{
    switch (v.type()) {
    case simdjson::dom::element_type::ARRAY: return u"an array"_s;
    case simdjson::dom::element_type::OBJECT: return u"an object"_s;
    case simdjson::dom::element_type::STRING: return u"a string"_s;
    case simdjson::dom::element_type::BOOL: return u"a boolean"_s;
    case simdjson::dom::element_type::NULL_VALUE: return u"null"_s;
    default: return u"a number"_s;
    }
}

QString JsonInput::pathText(const Where &w)
{
    std::vector<const Where *> steps;
    for (const Where *p = &w; p && p->parent; p = p->parent)
        steps.push_back(p);
    QString out;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        const Where &s = **it;
        if (s.index == Where::kEmbedded) {
            out += u"(JSON)"_s;
        } else if (s.key.empty()) {
            out += u'[' + QString::number(s.index) + u']';
        } else if (isPlainKey(s.key)) {
            if (!out.isEmpty())
                out += u'.';
            out += printableText(fromUtf8(s.key));
        } else {
            // "com.linkedin.pegasus2avro.dataset.UpstreamLineage": quote keys with dots
            out += u"[\""_s + printableText(fromUtf8(s.key)) + u"\"]"_s;
        }
    }
    return out;
}

bool JsonInput::object(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, simdjson::dom::object *out, const char *expected)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null()) {
        if (required)
            error(w.member(key), u"missing (expected %1)"_s.arg(QLatin1StringView(expected)));
        return false;
    }
    return objectValue(v, w.member(key), out, expected);
}

bool JsonInput::objectValue(element v, const Where &w, simdjson::dom::object *out,
    const char *expected)
{
    if (v.get_object().get(*out) == simdjson::SUCCESS)
        return true;
    error(w, u"expected %1, found %2"_s.arg(QLatin1StringView(expected), typeName(v)));
    return false;
}

bool JsonInput::array(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, simdjson::dom::array *out, const char *expected)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null()) {
        if (required)
            error(w.member(key), u"missing (expected %1)"_s.arg(QLatin1StringView(expected)));
        return false;
    }
    if (v.get_array().get(*out) == simdjson::SUCCESS)
        return true;
    error(w.member(key), u"expected %1, found %2"_s.arg(QLatin1StringView(expected), typeName(v)));
    return false;
}

bool JsonInput::string(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, std::string_view *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null()) {
        if (required)
            error(w.member(key), u"missing (expected a string)"_s);
        return false;
    }
    return stringValue(unwrapUnion(v), w.member(key), out);
}

bool JsonInput::stringValue(element v, const Where &w, std::string_view *out)
{
    if (v.get_string().get(*out) != simdjson::SUCCESS) {
        error(w, u"expected a string, found "_s + typeName(v));
        return false;
    }
    if (qint64(out->size()) > kMaxStringBytes) {
        error(w, u"a string of %1 bytes, longer than the %2 accepted here: expected a name"_s
                     .arg(out->size())
                     .arg(kMaxStringBytes));
        return false;
    }
    return true;
}

bool JsonInput::text(simdjson::dom::object o, std::string_view key, const Where &w, QString *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null())
        return false;
    v = unwrapUnion(v);
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        error(w.member(key), u"expected a string, found "_s + typeName(v));
        return false;
    }
    if (qint64(s.size()) > kMaxStringBytes) {
        size_t cut = size_t(kMaxStringBytes);
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;
        warning(w.member(key), u"a text of %1 bytes: kept its first %2"_s.arg(s.size()).arg(cut));
        s = s.substr(0, cut);
    }
    *out = fromUtf8(s);
    return true;
}

bool JsonInput::millis(simdjson::dom::object o, std::string_view key, const Where &w, qint64 *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null())
        return false;
    int64_t i = 0;
    double d = 0;
    if (v.get_int64().get(i) == simdjson::SUCCESS) {
        *out = i;
        return true;
    }
    if (v.get_double().get(d) == simdjson::SUCCESS && d >= -9.2e18 && d <= 9.2e18) {
        *out = qint64(d);
        return true;
    }
    warning(w.member(key), u"expected milliseconds since 1970 (an integer), found "_s + typeName(v));
    return false;
}

bool JsonInput::boolean(simdjson::dom::object o, std::string_view key, const Where &w, bool *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null())
        return false;
    if (v.get_bool().get(*out) == simdjson::SUCCESS)
        return true;
    error(w.member(key), u"expected true or false, found "_s + typeName(v));
    return false;
}

void JsonInput::error(const Where &w, const QString &message)
{
    add(Diagnostic::Severity::Error, w, message);
}

void JsonInput::warning(const Where &w, const QString &message)
{
    add(Diagnostic::Severity::Warning, w, message);
}

void JsonInput::add(Diagnostic::Severity severity, const Where &w, const QString &message)
{
    if ((severity == Diagnostic::Severity::Error ? m_errors : m_warnings) >= kMaxErrors) {
        reportAt(severity, -1, message); // counted, not shown: no need to find where
        return;
    }
    if (!m_locator)
        m_locator.emplace(m_text);
    // Inside an embedded document the outer file has only the string: locate that.
    std::vector<JsonPathStep> steps;
    for (const Where *p = &w; p && p->parent; p = p->parent) {
        if (p->index == Where::kEmbedded) {
            steps.clear();
            continue;
        }
        steps.push_back(p->key.empty() ? JsonPathStep::element(p->index) : JsonPathStep::member(p->key));
    }
    std::reverse(steps.begin(), steps.end());
    const qint64 offset = m_locator->locate(steps);
    const QString where = pathText(w);
    reportAt(severity, offset, where.isEmpty() ? message : where + u": "_s + message);
}

void JsonInput::reportAt(Diagnostic::Severity severity, qint64 offset, const QString &message)
{
    // Errors and warnings are capped separately: a file of a million bad values says so once.
    int &count = severity == Diagnostic::Severity::Error ? m_errors : m_warnings;
    if (++count > kMaxErrors) {
        if (count == kMaxErrors + 1) {
            Diagnostic d;
            d.severity = severity;
            d.file = m_path;
            d.message = severity == Diagnostic::Severity::Error
                ? u"more errors follow; stopped reporting after %1"_s.arg(kMaxErrors)
                : u"more warnings follow; stopped reporting after %1"_s.arg(kMaxErrors);
            m_batch.diagnostics.append(d);
        }
        return;
    }
    Diagnostic d;
    d.severity = severity;
    d.file = m_path;
    d.message = printableText(message);
    if (offset >= 0) {
        d.offset = offset;
        const TextPosition pos = textPositionAt(m_text, offset);
        d.line = pos.line;
        d.column = pos.column;
    }
    m_batch.diagnostics.append(d);
}

} // namespace meshlens::json
