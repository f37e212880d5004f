#pragma once

// Internal to the readers that parse a whole JSON file with simdjson's DOM (dbt artifacts and
// the catalog exports: DataHub, OpenMetadata, Atlas): the file read into a padded buffer and
// parsed, typed access that turns every wrong value into a diagnostic carrying the file, line,
// column and the path of the value, and the caps that keep a file of a million bad values to
// a few lines. Each reader's document derives from JsonDocument and says what the file must
// be (parseText). Not a public header: it pulls in simdjson.

#ifndef SIMDJSON_EXCEPTIONS
#define SIMDJSON_EXCEPTIONS 0 // errors are values here; nothing may throw past a reader
#endif
#include <simdjson.h>

#include "ingestbatch.h"
#include "jsonlocator.h"
#include "printabletext.h"
#include "simdjsonaccess.h"

#include <optional>
#include <string_view>

namespace meshlens::json {

/// Limits that turn hostile input into diagnostics.
constexpr qint64 kMaxStringBytes = 64 * 1024; ///< longer identifiers are an error, texts are cut
constexpr int kMaxDepth = 256;

/// A path to a value, built on the stack as a reader descends and turned into text and a
/// position only when something is reported: the fast path pays nothing for it.
struct Where {
    const Where *parent = nullptr;
    std::string_view key; ///< member name; empty for an array element and for a root
    qint64 index = -1;    ///< element index; kEmbedded for the root of an embedded document

    static constexpr qint64 kEmbedded = -2;

    // Only a named Where (an lvalue) may have children, so that no path outlives a temporary.
    Where member(std::string_view k) const & { return Where {this, k, -1}; }
    Where element(qint64 i) const & { return Where {this, {}, i}; }
    /// The root of a JSON document held in the string value at this path.
    Where embedded() const & { return Where {this, {}, kEmbedded}; }
    Where member(std::string_view k) const && = delete;
    Where element(qint64 i) const && = delete;
    Where embedded() const && = delete;
};

using jsonaccess::fromUtf8;

bool isJsonSpace(char c);

/// First non-space byte of a head, after a UTF-8 byte order mark: '{', '[' or something else.
char firstJsonByte(const QByteArray &head);

class JsonDocument {
public:
    struct Options {
        /// Read Avro's JSON form of an optional string ({"string": "x"}) as "x" (DataHub).
        bool avroUnions = false;
        /// Report every problem as a warning (a file that is only validated).
        bool problemsAreWarnings = false;
    };

    JsonDocument(IngestBatch &batch, Options options);
    virtual ~JsonDocument();
    JsonDocument(const JsonDocument &) = delete;
    JsonDocument &operator=(const JsonDocument &) = delete;

    /// Reads and parses the file, then checks it with parseText(). False, with diagnostics,
    /// when it cannot be used.
    bool load(const QString &path);
    /// The same for text in memory (copied once into a padded buffer); `fileName` names it.
    bool loadBytes(std::string_view bytes, const QString &fileName);
    const QString &path() const { return m_path; }

    /// Parses the JSON text held in a string at `w` with `parser` (which must outlive the
    /// use of `out`). Problems are reported at the string, with the position inside it.
    bool parseEmbedded(std::string_view text, const Where &w, simdjson::dom::parser &parser,
        simdjson::dom::element *out);

    // Typed access to a member of `o`, which sits at `w`. Absent and null mean "not there":
    // false, with a "missing" diagnostic only when required. A value of the wrong type is
    // reported with what was expected and what was found.
    bool object(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
        simdjson::dom::object *out, const char *expected = "an object");
    bool array(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
        simdjson::dom::array *out, const char *expected = "an array");
    /// An identifier (name, URN, unique_id, status...): longer than kMaxStringBytes is an
    /// error.
    bool string(simdjson::dom::object o, std::string_view key, const Where &w, bool required,
        std::string_view *out);
    /// Free text (a description): cut to kMaxStringBytes, with a warning.
    bool text(simdjson::dom::object o, std::string_view key, const Where &w, QString *out);
    /// A number of milliseconds since the epoch (or any integer); wrong types are warnings.
    bool millis(simdjson::dom::object o, std::string_view key, const Where &w, qint64 *out);
    /// An ISO 8601 date-time; an unreadable one is a warning (the caller has a fallback).
    bool time(simdjson::dom::object o, std::string_view key, const Where &w, Timestamp *out);
    bool number(simdjson::dom::object o, std::string_view key, const Where &w, double *out);
    bool boolean(simdjson::dom::object o, std::string_view key, const Where &w, bool *out);

    // The same for a value already in hand (an array element, a member being iterated).
    bool objectValue(simdjson::dom::element v, const Where &w, simdjson::dom::object *out,
        const char *expected = "an object");
    bool stringValue(simdjson::dom::element v, const Where &w, std::string_view *out);

    void error(const Where &w, const QString &message);
    void warning(const Where &w, const QString &message);
    /// A diagnostic at a byte offset of the file (-1: the file as a whole).
    void reportAt(Diagnostic::Severity severity, qint64 offset, const QString &message);
    /// Too many errors were reported (and a note said so): the caller may stop walking.
    bool saturated() const { return m_errors > kMaxErrors; }
    int errorCount() const { return m_errors; }

    static QString typeName(simdjson::dom::element v);
    /// "aspect.value(JSON).upstreams[0].dataset", "nodes[\"model.shop.orders\"].columns".
    static QString pathText(const Where &w);

protected:
    /// Checks and parses the file's text, m_text (after a byte order mark), with the
    /// helpers below: what the file must be is the derived document's to say.
    virtual bool parseText() = 0;
    /// True when m_text holds nothing but JSON white space.
    bool textIsBlank() const;
    /// Parses m_text into `root`; reports where it is not JSON, `suffix` after the message.
    bool parseDom(simdjson::dom::element *root, const QString &suffix);

    std::string_view m_text;

private:
    static constexpr int kMaxErrors = 20;

    bool parseBuffer();
    void add(Diagnostic::Severity severity, const Where &w, const QString &message);

    IngestBatch &m_batch;
    Options m_options;
    QString m_path;
    simdjson::padded_string m_buffer;
    simdjson::dom::parser m_parser;
    std::optional<JsonLocator> m_locator;
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace meshlens::json
