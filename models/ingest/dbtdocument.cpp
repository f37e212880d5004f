#include "dbtdocument.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using simdjson::dom::element;

namespace meshlens::dbt {
namespace {

using jsonaccess::fromUtf8;

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
    : JsonDocument(batch, Options {false, problemsAreWarnings})
    , m_kind(kind)
{
}

bool DbtDocument::parseText()
{
    const QString title = dbtArtifactTitle(m_kind);
    const auto first = std::find_if_not(m_text.begin(), m_text.end(), json::isJsonSpace);
    if (first == m_text.end()) {
        reportAt(Diagnostic::Severity::Error, qint64(m_text.size()),
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
    element root;
    if (!parseDom(&root, QString()))
        return false;
    if (root.get_object().get(m_root) != simdjson::SUCCESS) {
        reportAt(Diagnostic::Severity::Error, 0,
            u"expected a JSON object, found %1"_s.arg(typeName(root)));
        return false;
    }
    return checkMetadata();
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

} // namespace meshlens::dbt
