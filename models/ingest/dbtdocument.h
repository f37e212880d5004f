#pragma once

// Internal to the dbt reader: one artifact file read, parsed (simdjson DOM) and checked for
// its kind and schema version, with typed access that turns every wrong value into a
// diagnostic carrying the file, line and column. Not a public header: it pulls in simdjson.

#ifndef SIMDJSON_EXCEPTIONS
#define SIMDJSON_EXCEPTIONS 0 // errors are values here; nothing may throw past the reader
#endif
#include <simdjson.h>

#include "dbtreader.h"
#include "jsonlocator.h"

#include <optional>
#include <string_view>

namespace meshlens::dbt {

/// A path to a value, built on the stack as the reader descends and turned into text and a
/// position only when something is reported: the fast path pays nothing for it.
struct Where {
    const Where *parent = nullptr;
    std::string_view key; ///< member name; empty for an array element and for the root
    qint64 index = -1;    ///< element index

    // A Where points at its parent: only a named one (an lvalue) may have children, so that
    // no path outlives a temporary it hangs from.
    Where member(std::string_view k) const & { return Where {this, k, -1}; }
    Where element(qint64 i) const & { return Where {this, {}, i}; }
    Where member(std::string_view k) const && = delete;
    Where element(qint64 i) const && = delete;
};

/// Reads "https://schemas.getdbt.com/dbt/manifest/v12.json" as (Manifest, 12). False when the
/// text is not such a URL.
bool parseDbtSchemaUrl(std::string_view url, DbtArtifact *kind, int *version);

/// "manifest", "run results", "sources", "catalog": for messages.
QString dbtArtifactTitle(DbtArtifact kind);

class DbtDocument {
public:
    /// Problems are errors, or warnings for a file that is only validated (catalog.json).
    DbtDocument(DbtArtifact kind, IngestBatch &batch, bool problemsAreWarnings = false);
    DbtDocument(const DbtDocument &) = delete;
    DbtDocument &operator=(const DbtDocument &) = delete;

    /// Reads and parses the file and checks that it is a JSON object whose
    /// metadata.dbt_schema_version names this kind of artifact in a version this reader
    /// knows. False, with diagnostics, when the file cannot be used.
    bool load(const QString &path);
    /// The same for text in memory (copied once into a padded buffer); `fileName` names it.
    bool loadBytes(std::string_view bytes, const QString &fileName);

    simdjson::dom::object root() const { return m_root; }
    simdjson::dom::object metadata() const { return m_metadata; }
    int version() const { return m_version; }
    const QString &path() const { return m_path; }
    /// metadata.generated_at, 0 when absent or unreadable.
    Timestamp generatedAt() const { return m_generatedAt; }

    // Typed access to a member of `o`, which sits at `w`. Absent and null mean "not there":
    // false, and a "missing" diagnostic only when required. A value of the wrong type is
    // reported with what was expected and what was found.
    bool object(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
        simdjson::dom::object *out, const char *expected = "an object");
    bool array(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
        simdjson::dom::array *out, const char *expected = "an array");
    /// An identifier (name, schema, unique_id, status...): longer than kDbtMaxStringBytes is
    /// an error.
    bool string(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
        std::string_view *out);
    /// Free text (a description): cut to kDbtMaxStringBytes, with a warning.
    bool text(simdjson::dom::object o, std::string_view key, const Where &w, QString *out);
    /// An ISO 8601 date-time; an unreadable one is a warning (the caller has a fallback).
    bool time(simdjson::dom::object o, std::string_view key, const Where &w, Timestamp *out);
    bool number(simdjson::dom::object o, std::string_view key, const Where &w, double *out);

    // The same for a value already in hand (an array element, a member being iterated).
    bool objectValue(simdjson::dom::element v, const Where &w, simdjson::dom::object *out,
        const char *expected = "an object");
    bool stringValue(simdjson::dom::element v, const Where &w, std::string_view *out);

    void error(const Where &w, const QString &message);
    void warning(const Where &w, const QString &message);
    /// A diagnostic at a byte offset (-1: the file as a whole).
    void reportAt(Diagnostic::Severity severity, qint64 offset, const QString &message);
    /// Too many errors were reported: the caller may stop walking the document.
    bool saturated() const { return m_errors >= kMaxErrors; }

    static QString typeName(simdjson::dom::element v);
    static QString pathText(const Where &w);

private:
    static constexpr int kMaxErrors = 20;

    bool parseBuffer(); ///< m_buffer, after a byte order mark, then the metadata
    bool parse(const char *data, size_t length);
    bool checkMetadata();
    void add(Diagnostic::Severity severity, const Where &w, const QString &message);

    DbtArtifact m_kind;
    IngestBatch &m_batch;
    bool m_warningsOnly;
    QString m_path;
    simdjson::padded_string m_buffer;
    std::string_view m_text;
    simdjson::dom::parser m_parser;
    simdjson::dom::object m_root;
    simdjson::dom::object m_metadata;
    int m_version = 0;
    Timestamp m_generatedAt = 0;
    std::optional<JsonLocator> m_locator;
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace meshlens::dbt
