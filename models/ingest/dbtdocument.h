#pragma once

// Internal to the dbt reader: one artifact file read, parsed (simdjson DOM) and checked for
// its kind and schema version, with typed access that turns every wrong value into a
// diagnostic carrying the file, line and column. Not a public header: it pulls in simdjson.

#include "dbtreader.h"
#include "jsondocument.h"

namespace meshlens::dbt {

using json::Where;

/// Reads "https://schemas.getdbt.com/dbt/manifest/v12.json" as (Manifest, 12). False when the
/// text is not such a URL.
bool parseDbtSchemaUrl(std::string_view url, DbtArtifact *kind, int *version);

/// "manifest", "run results", "sources", "catalog": for messages.
QString dbtArtifactTitle(DbtArtifact kind);

class DbtDocument : public json::JsonDocument {
public:
    /// Problems are errors, or warnings for a file that is only validated (catalog.json).
    DbtDocument(DbtArtifact kind, IngestBatch &batch, bool problemsAreWarnings = false);

    simdjson::dom::object root() const { return m_root; }
    simdjson::dom::object metadata() const { return m_metadata; }
    int version() const { return m_version; }
    /// metadata.generated_at, 0 when absent or unreadable.
    Timestamp generatedAt() const { return m_generatedAt; }

private:
    /// A JSON object whose metadata.dbt_schema_version names this kind of artifact in a
    /// version this reader knows.
    bool parseText() override;
    bool checkMetadata();

    DbtArtifact m_kind;
    simdjson::dom::object m_root;
    simdjson::dom::object m_metadata;
    int m_version = 0;
    Timestamp m_generatedAt = 0;
};

} // namespace meshlens::dbt
