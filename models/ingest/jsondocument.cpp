#include "jsondocument.h"

#include "paddedfile.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using simdjson::dom::element;

namespace meshlens::json {
namespace {

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

} // namespace

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

char firstJsonByte(const QByteArray &head)
{
    qsizetype i = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < head.size() && isJsonSpace(head[i]))
        ++i;
    return i < head.size() ? head[i] : '\0';
}

JsonDocument::JsonDocument(IngestBatch &batch, Options options)
    : m_batch(batch)
    , m_options(options)
{
}

JsonDocument::~JsonDocument() = default;

bool JsonDocument::load(const QString &path)
{
    m_path = path;
    if (const QString problem = readPaddedFile(path, m_buffer); !problem.isEmpty()) {
        reportAt(Diagnostic::Severity::Error, -1, problem);
        return false;
    }
    return parseBuffer();
}

bool JsonDocument::loadBytes(std::string_view bytes, const QString &fileName)
{
    m_path = fileName;
    if (const QString problem = copyPadded(bytes, m_buffer); !problem.isEmpty()) {
        reportAt(Diagnostic::Severity::Error, -1, problem);
        return false;
    }
    return parseBuffer();
}

bool JsonDocument::parseBuffer()
{
    m_text = textAfterBom(m_buffer);
    return parseText();
}

bool JsonDocument::textIsBlank() const
{
    return std::all_of(m_text.begin(), m_text.end(), isJsonSpace);
}

bool JsonDocument::parseDom(element *root, const QString &suffix)
{
    const size_t length = m_text.size();
    simdjson::error_code code = m_parser.allocate(length, kMaxDepth);
    if (code != simdjson::SUCCESS) {
        reportAt(Diagnostic::Severity::Error, -1,
            code == simdjson::CAPACITY
                ? u"the file (%1 bytes) is larger than the JSON parser reads in one piece (4 GiB)"_s
                      .arg(length)
                : u"not enough memory to read the file (%1 bytes)"_s.arg(length));
        return false;
    }
    // The buffer is padded (paddedfile.h): no copy.
    code = m_parser.parse(m_text.data(), length, false).get(*root);
    if (code == simdjson::SUCCESS)
        return true;
    const JsonProblem problem = locateParseProblem(m_text, code);
    if (problem.found())
        reportAt(Diagnostic::Severity::Error, problem.offset, problem.message + suffix);
    else
        reportAt(Diagnostic::Severity::Error, -1,
            u"not readable as JSON: "_s + fromUtf8(simdjson::error_message(code)));
    return false;
}

bool JsonDocument::parseEmbedded(std::string_view text, const Where &w,
    simdjson::dom::parser &parser, element *out)
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

QString JsonDocument::typeName(element v)
{
    return jsonaccess::typeName(v);
}

QString JsonDocument::pathText(const Where &w)
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
            // dbt unique_ids ("model.shop.orders") and DataHub aspect names
            // ("com.linkedin.pegasus2avro.dataset.UpstreamLineage") have dots: quote them
            out += u"[\""_s + printableText(fromUtf8(s.key)) + u"\"]"_s;
        }
    }
    return out;
}

void JsonDocument::error(const Where &w, const QString &message)
{
    add(m_options.problemsAreWarnings ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error,
        w, message);
}

void JsonDocument::warning(const Where &w, const QString &message)
{
    add(Diagnostic::Severity::Warning, w, message);
}

void JsonDocument::add(Diagnostic::Severity severity, const Where &w, const QString &message)
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

void JsonDocument::reportAt(Diagnostic::Severity severity, qint64 offset, const QString &message)
{
    if (m_options.problemsAreWarnings)
        severity = Diagnostic::Severity::Warning;
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
