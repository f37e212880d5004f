#pragma once

// A YAML (or JSON: yaml-cpp reads JSON as YAML flow style) document loaded for a reader, made
// safe before any reader looks at it, and typed accessors that turn every surprise into a
// diagnostic with the node's line and column.
//
// What loading guards against, each reported as an error Diagnostic (file, 1-based line and
// column, byte offset where known, what was found and what was expected):
//  - files larger than YamlLimits::maxFileBytes (checked before reading them);
//  - empty files and files holding only comments;
//  - bytes that are not UTF-8 text (invalid sequences, control characters such as NUL):
//    binary garbage and UTF-16 files are refused at the first bad byte;
//  - YAML syntax errors (yaml-cpp's ParserException; its 0-based marks are made 1-based);
//  - nesting deeper than yaml-cpp's own recursion guard (DeepRecursion, about 500 levels) or
//    deeper than YamlLimits::maxDepth;
//  - alias bombs ("billion laughs") and alias cycles (`&a [*a]`): yaml-cpp shares the node an
//    alias points to, so loading is cheap, but anything that walks the tree would visit the
//    shared nodes once per path. Loading walks the whole tree once with a budget of node
//    visits (YamlLimits::maxNodeVisits) and refuses the document when it runs out, so that a
//    reader that walks the accepted tree is bounded too;
//  - scalars longer than YamlLimits::maxScalarBytes.
// Duplicate keys in a mapping are a warning (yaml-cpp keeps both; lookups here find the first).
//
// Nothing here throws: yaml-cpp's exceptions are caught at the boundary.
//
// A yaml-cpp pitfall for code that uses these nodes: YAML::Node's copy constructor copies a
// handle, but its operator= on a node that already refers to document data REWRITES that data
// (it assigns through the handle). Always construct a new Node (`const YAML::Node n = ...`,
// std::optional<YAML::Node>::emplace) or rebind one with Node::reset(other), never assign. Lookups go through YamlReader,
// because the non-const operator[] inserts missing keys and the const one throws on scalars.
//
// Usage:
//   Diagnostics diags;
//   YamlDocument doc = YamlDocument::load(path, &diags);
//   if (!doc.isValid()) return;            // diags says why
//   YamlReader r(doc, &diags);
//   const QString id = r.string(doc.root(), "id", YamlReader::Required);
//   const YAML::Node servers = r.map(doc.root(), "servers");
//   for (const auto &[key, value] : YamlReader::entries(servers)) ...

#include "diagnostic.h"

#include <QByteArray>
#include <QString>

#include <yaml-cpp/yaml.h> // the whole Node API: its members are inline in node/impl.h

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace meshlens {

/// Bounds that turn hostile input into diagnostics. The defaults suit hand-written metadata
/// files (contracts, descriptors, mapping files), which are kilobytes, rarely a megabyte.
struct YamlLimits {
    qint64 maxFileBytes = 16 * 1024 * 1024;
    /// Node visits allowed when walking the loaded tree, aliases followed; 0 means
    /// 250,000 + 4 per byte of input. A node takes two bytes of text at the least, so this
    /// leaves room for reusing, through aliases, much more than the whole document; an alias
    /// bomb is stopped after a fraction of a second (a few seconds under ASan).
    qint64 maxNodeVisits = 0;
    int maxDepth = 256;               ///< nesting of mappings and sequences
    qint64 maxScalarBytes = 1024 * 1024;
};

/// One parsed document and the file it came from. Cheap to copy (YAML::Node is a handle).
class YamlDocument {
public:
    YamlDocument() = default;

    /// Reads and parses `path`; on failure returns an invalid document and appends the reason
    /// to `diagnostics`.
    static YamlDocument load(const QString &path, Diagnostics *diagnostics,
                             const YamlLimits &limits = {});
    /// Parses bytes already in memory; `file` names them in diagnostics.
    static YamlDocument parse(const QByteArray &bytes, const QString &file,
                              Diagnostics *diagnostics, const YamlLimits &limits = {});

    bool isValid() const { return m_valid; }
    const YAML::Node &root() const { return m_root; }
    const QString &file() const { return m_file; }
    /// Node visits the safety walk made (a measure of the document's expanded size).
    qint64 nodeVisits() const { return m_visits; }

private:
    YAML::Node m_root;
    QString m_file;
    qint64 m_visits = 0;
    bool m_valid = false;
};

/// 1-based line and column of a yaml-cpp node (its Mark is 0-based; -1 when unknown).
struct YamlPosition {
    qint64 line = 0;
    qint64 column = 0;
    qint64 offset = -1;
};
YamlPosition yamlPosition(const YAML::Node &node);

/// "a mapping", "a sequence", "a string", "null", "nothing" — for messages.
QString yamlKindName(const YAML::Node &node);

/// Typed access to a document with diagnostics. Every accessor that finds the wrong type adds
/// an error naming the node's line and column, the key, what was expected and what was
/// found, and returns an empty value; a missing key is an error only when it is Required
/// (a warning when Recommended). Null values (`~`, `null`, nothing) count as missing.
/// Lookups never insert into the tree (yaml-cpp's non-const operator[] would).
class YamlReader {
public:
    enum Need { Optional, Recommended, Required };

    YamlReader(const YamlDocument &document, Diagnostics *diagnostics);

    const QString &file() const { return m_file; }
    Diagnostics *diagnostics() const { return m_diagnostics; }

    /// The value of `key` in `map`; an undefined node when `map` is not a mapping or has no
    /// such key. Adds no diagnostic.
    static YAML::Node child(const YAML::Node &map, std::string_view key);
    /// True when `key` is present with a non-null value.
    static bool has(const YAML::Node &map, std::string_view key);
    /// The entries of a mapping (scalar keys only, in document order); empty for anything else.
    static std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node &map);
    /// The items of a sequence; empty for anything else.
    static std::vector<YAML::Node> items(const YAML::Node &sequence);

    /// A scalar as text (numbers and booleans as written). Longer than `maxBytes`: error.
    QString string(const YAML::Node &map, std::string_view key, Need need = Optional,
                   qint64 maxBytes = 64 * 1024);
    /// The node itself as text, `what` naming it in messages (e.g. "servers[0].type").
    QString scalar(const YAML::Node &node, const QString &what, qint64 maxBytes = 64 * 1024);
    std::optional<double> number(const YAML::Node &map, std::string_view key, Need need = Optional);
    std::optional<qint64> integer(const YAML::Node &map, std::string_view key, Need need = Optional);
    std::optional<bool> boolean(const YAML::Node &map, std::string_view key, Need need = Optional);
    /// A mapping / a sequence under `key`; undefined node (and a diagnostic when present with
    /// another type, or missing and needed) otherwise.
    YAML::Node map(const YAML::Node &map, std::string_view key, Need need = Optional);
    YAML::Node sequence(const YAML::Node &map, std::string_view key, Need need = Optional);
    /// A list of strings: a sequence of scalars, or a single scalar taken as a list of one.
    QStringList strings(const YAML::Node &map, std::string_view key, Need need = Optional);

    void error(const YAML::Node &at, const QString &message);
    void warning(const YAML::Node &at, const QString &message);
    /// For a problem at no particular node (the document as a whole).
    void error(const QString &message);

private:
    YAML::Node present(const YAML::Node &map, std::string_view key, Need need, const char *expected);
    void wrongType(const YAML::Node &node, std::string_view key, const char *expected);
    void add(Diagnostic::Severity severity, const YAML::Node &at, const QString &message);

    QString m_file;
    Diagnostics *m_diagnostics;
};

} // namespace meshlens
