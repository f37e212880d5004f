#include "dbtdocument.h"

#include "paddedfile.h"
#include "printabletext.h"

#include "simdjsonaccess.h"

#include "mesh/timeutil.h"

#include <QFileInfo>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;
using simdjson::dom::element;

namespace meshlens::dbt {
namespace {

using jsonaccess::fromUtf8;

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The URL path segment dbt uses for each kind.
std::string_view urlSegment(DbtArtifact kind)
{
    switch (kind) {
    case DbtArtifact::Manifest: return "manifest";
    case DbtArtifact::RunResults: return "run-results";
    case DbtArtifact::Sources: return "sources";
    case DbtArtifact::Catalog: return "catalog";
    case DbtArtifact::None: break;
    }
    return {};
}

int newestVersion(DbtArtifact kind)
{
    switch (kind) {
    case DbtArtifact::Manifest: return kDbtManifestNewest;
    case DbtArtifact::RunResults: return kDbtRunResultsNewest;
    case DbtArtifact::Sources: return kDbtSourcesNewest;
    case DbtArtifact::Catalog: return kDbtCatalogNewest;
    case DbtArtifact::None: break;
    }
    return 0;
}

bool isPlainKey(std::string_view k)
{
    return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

} // namespace

bool parseDbtSchemaUrl(std::string_view url, DbtArtifact *kind, int *version)
{
    // ".../dbt/<kind>/v<N>.json" on any host: forks and mirrors of the schema site exist.
    const size_t dbt = url.rfind("/dbt/");
    if (dbt == std::string_view::npos)
        return false;
    std::string_view rest = url.substr(dbt + 5);
    for (DbtArtifact k : {DbtArtifact::Manifest, DbtArtifact::RunResults, DbtArtifact::Sources,
             DbtArtifact::Catalog}) {
        const std::string_view seg = urlSegment(k);
        if (rest.size() <= seg.size() + 2 || rest.substr(0, seg.size()) != seg
            || rest.substr(seg.size(), 2) != "/v")
            continue;
        std::string_view digits = rest.substr(seg.size() + 2);
        int v = 0;
        size_t n = 0;
        while (n < digits.size() && n < 6 && digits[n] >= '0' && digits[n] <= '9')
            v = v * 10 + (digits[n++] - '0');
        if (n == 0 || digits.substr(n) != ".json")
            return false;
        *kind = k;
        *version = v;
        return true;
    }
    return false;
}

QString dbtArtifactTitle(DbtArtifact kind)
{
    switch (kind) {
    case DbtArtifact::Manifest: return u"manifest"_s;
    case DbtArtifact::RunResults: return u"run results"_s;
    case DbtArtifact::Sources: return u"sources (freshness)"_s;
    case DbtArtifact::Catalog: return u"catalog"_s;
    case DbtArtifact::None: break;
    }
    return u"artifact"_s;
}

DbtDocument::DbtDocument(DbtArtifact kind, IngestBatch &batch, bool problemsAreWarnings)
    : m_kind(kind)
    , m_batch(batch)
    , m_warningsOnly(problemsAreWarnings)
{
}

bool DbtDocument::load(const QString &path)
{
    m_path = path;
    if (const QString problem = json::readPaddedFile(path, m_buffer); !problem.isEmpty()) {
        reportAt(Diagnostic::Severity::Error, -1, problem);
        return false;
    }
    return parseBuffer();
}

bool DbtDocument::loadBytes(std::string_view bytes, const QString &fileName)
{
    m_path = fileName;
    if (const QString problem = json::copyPadded(bytes, m_buffer); !problem.isEmpty()) {
        reportAt(Diagnostic::Severity::Error, -1, problem);
        return false;
    }
    return parseBuffer();
}

bool DbtDocument::parseBuffer()
{
    const std::string_view text = json::textAfterBom(m_buffer);
    return parse(text.data(), text.size()) && checkMetadata();
}

bool DbtDocument::parse(const char *data, size_t length)
{
    m_text = std::string_view(data, length);
    const QString title = dbtArtifactTitle(m_kind);
    const auto first = std::find_if_not(m_text.begin(), m_text.end(), isJsonSpace);
    if (first == m_text.end()) {
        reportAt(Diagnostic::Severity::Error, qint64(length),
            u"the file is empty: expected a dbt %1 (a JSON object)"_s.arg(title));
        return false;
    }
    if (*first != '{') {
        const qint64 at = first - m_text.begin();
        reportAt(Diagnostic::Severity::Error, at,
            u"expected a JSON object ('{'), found %1: this is not a dbt %2"_s.arg(
                describeJsonByte(m_text, at), title));
        return false;
    }
    simdjson::error_code code = m_parser.allocate(length, kDbtMaxDepth);
    if (code != simdjson::SUCCESS) {
        reportAt(Diagnostic::Severity::Error, -1,
            code == simdjson::CAPACITY
                ? u"the file (%1 bytes) is larger than the JSON parser reads in one piece (4 GiB)"_s
                      .arg(length)
                : u"not enough memory to read the file (%1 bytes)"_s.arg(length));
        return false;
    }
    element root;
    code = m_parser.parse(data, length, false).get(root);
    if (code != simdjson::SUCCESS) {
        // simdjson says what, not where: the scalar scanners find the place, on this path only.
        JsonProblem problem;
        if (code == simdjson::UTF8_ERROR)
            problem = findInvalidUtf8(m_text);
        if (!problem.found())
            problem = findJsonSyntaxError(m_text, kDbtMaxDepth);
        if (!problem.found())
            problem = findInvalidUtf8(m_text);
        if (problem.found())
            reportAt(Diagnostic::Severity::Error, problem.offset, problem.message);
        else
            reportAt(Diagnostic::Severity::Error, -1,
                u"not readable as JSON: "_s + QString::fromUtf8(simdjson::error_message(code)));
        return false;
    }
    if (root.get_object().get(m_root) != simdjson::SUCCESS) {
        reportAt(Diagnostic::Severity::Error, 0,
            u"expected a JSON object, found %1"_s.arg(typeName(root)));
        return false;
    }
    return true;
}

bool DbtDocument::checkMetadata()
{
    const Where root;
    const QString title = dbtArtifactTitle(m_kind);
    const QString example = u"https://schemas.getdbt.com/dbt/%1/v%2.json"_s.arg(
        fromUtf8(urlSegment(m_kind)), QString::number(newestVersion(m_kind)));
    if (!object(m_root, "metadata", root, true, &m_metadata,
            "an object holding dbt_schema_version"))
        return false;
    const Where meta = root.member("metadata");
    std::string_view url;
    if (!string(m_metadata, "dbt_schema_version", meta, true, &url))
        return false;
    const Where at = meta.member("dbt_schema_version");
    DbtArtifact kind = DbtArtifact::None;
    if (!parseDbtSchemaUrl(url, &kind, &m_version)) {
        error(at, u"expected a dbt schema URL such as \"%1\", found %2"_s.arg(example, quotedText(url)));
        return false;
    }
    if (kind != m_kind) {
        error(at, u"%1 names a dbt %2, expected a dbt %3 (\"%4\")"_s.arg(
                      quotedText(url), dbtArtifactTitle(kind), title, example));
        return false;
    }
    const int newest = newestVersion(m_kind);
    if (m_version > newest) {
        error(at, u"dbt %1 schema v%2 is newer than the newest this version of MeshLens reads "
                  "(v%3): its layout is unknown"_s
                      .arg(title)
                      .arg(m_version)
                      .arg(newest));
        return false;
    }
    if (m_version < 1) {
        error(at, u"dbt %1 schema v%2 does not exist (versions start at v1)"_s.arg(title).arg(m_version));
        return false;
    }
    time(m_metadata, "generated_at", meta, &m_generatedAt);
    return true;
}

QString DbtDocument::typeName(element v)
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

QString DbtDocument::pathText(const Where &w)
{
    std::vector<const Where *> steps;
    for (const Where *p = &w; p && p->parent; p = p->parent)
        steps.push_back(p);
    QString out;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        const Where &s = **it;
        if (s.key.empty()) {
            out += u'[' + QString::number(s.index) + u']';
        } else if (isPlainKey(s.key)) {
            if (!out.isEmpty())
                out += u'.';
            out += printableText(fromUtf8(s.key));
        } else {
            // unique_ids ("model.shop.orders") are keys with dots: quote them
            out += u"[\""_s + printableText(fromUtf8(s.key)) + u"\"]"_s;
        }
    }
    return out;
}

bool DbtDocument::object(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
    simdjson::dom::object *out, const char *expected)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null()) {
        if (required)
            error(w.member(key),
                u"missing (expected %1)"_s.arg(QLatin1StringView(expected)));
        return false;
    }
    return objectValue(v, w.member(key), out, expected);
}

bool DbtDocument::objectValue(element v, const Where &w, simdjson::dom::object *out,
    const char *expected)
{
    if (v.get_object().get(*out) == simdjson::SUCCESS)
        return true;
    error(w, u"expected %1, found %2"_s.arg(QLatin1StringView(expected), typeName(v)));
    return false;
}

bool DbtDocument::array(simdjson::dom::object o, std::string_view key, const Where &w,
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
    error(w.member(key),
        u"expected %1, found %2"_s.arg(QLatin1StringView(expected), typeName(v)));
    return false;
}

bool DbtDocument::string(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, std::string_view *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null()) {
        if (required)
            error(w.member(key), u"missing (expected a string)"_s);
        return false;
    }
    return stringValue(v, w.member(key), out);
}

bool DbtDocument::stringValue(element v, const Where &w, std::string_view *out)
{
    if (v.get_string().get(*out) != simdjson::SUCCESS) {
        error(w, u"expected a string, found "_s + typeName(v));
        return false;
    }
    if (qint64(out->size()) > kDbtMaxStringBytes) {
        error(w, u"a string of %1 bytes, longer than the %2 accepted here: expected a name"_s
                     .arg(out->size())
                     .arg(kDbtMaxStringBytes));
        return false;
    }
    return true;
}

bool DbtDocument::text(simdjson::dom::object o, std::string_view key, const Where &w, QString *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null())
        return false;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        error(w.member(key), u"expected a string, found "_s + typeName(v));
        return false;
    }
    if (qint64(s.size()) > kDbtMaxStringBytes) {
        size_t cut = size_t(kDbtMaxStringBytes);
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;
        warning(w.member(key), u"a text of %1 bytes: kept its first %2"_s.arg(s.size()).arg(cut));
        s = s.substr(0, cut);
    }
    *out = fromUtf8(s);
    return true;
}

bool DbtDocument::time(simdjson::dom::object o, std::string_view key, const Where &w, Timestamp *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null())
        return false;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        warning(w.member(key), u"expected an ISO 8601 date-time string, found "_s + typeName(v));
        return false;
    }
    if (!parseIsoTimestamp(s, out)) {
        warning(w.member(key), u"expected an ISO 8601 date-time, found "_s + quotedText(s));
        return false;
    }
    return true;
}

bool DbtDocument::number(simdjson::dom::object o, std::string_view key, const Where &w, double *out)
{
    element v;
    if (o[key].get(v) != simdjson::SUCCESS || v.is_null())
        return false;
    if (v.get_double().get(*out) == simdjson::SUCCESS)
        return true;
    error(w.member(key), u"expected a number, found "_s + typeName(v));
    return false;
}

void DbtDocument::error(const Where &w, const QString &message)
{
    add(m_warningsOnly ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error, w, message);
}

void DbtDocument::warning(const Where &w, const QString &message)
{
    add(Diagnostic::Severity::Warning, w, message);
}

void DbtDocument::add(Diagnostic::Severity severity, const Where &w, const QString &message)
{
    if (!m_locator)
        m_locator.emplace(m_text);
    std::vector<JsonPathStep> steps;
    for (const Where *p = &w; p && p->parent; p = p->parent)
        steps.push_back(p->key.empty() ? JsonPathStep::element(p->index) : JsonPathStep::member(p->key));
    std::reverse(steps.begin(), steps.end());
    const qint64 offset = m_locator->locate(steps);
    const QString where = pathText(w);
    reportAt(severity, offset, where.isEmpty() ? message : where + u": "_s + message);
}

void DbtDocument::reportAt(Diagnostic::Severity severity, qint64 offset, const QString &message)
{
    if (m_warningsOnly)
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

} // namespace meshlens::dbt
