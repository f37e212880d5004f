#pragma once

// Positions in JSON text for diagnostics. simdjson's DOM reports what went wrong but not
// where, and its elements carry no source offsets; these scalar scanners answer "where" on
// the error path only, so the fast path pays nothing for them.

#include <QString>
#include <QtGlobal>

#include <string_view>
#include <vector>

namespace meshlens {

/// 1-based line and column (in characters, not bytes) of a byte offset.
struct TextPosition {
    qint64 line = 0;
    qint64 column = 0;
};
TextPosition textPositionAt(std::string_view text, qint64 offset);

/// What is at an offset, for "found ..." in messages: "'x'", "byte 0x8F" or "end of file".
QString describeJsonByte(std::string_view text, qint64 offset);

/// A problem found by the scalar scanners: where it is and what was expected there.
struct JsonProblem {
    qint64 offset = -1; ///< -1: none found
    QString message;
    bool found() const { return offset >= 0; }
};

/// The first byte that does not start or continue a valid UTF-8 sequence (overlongs,
/// surrogates and code points past U+10FFFF included).
JsonProblem findInvalidUtf8(std::string_view text);

/// The first syntax error of the text read as one JSON value (RFC 8259), including nesting
/// deeper than maxDepth. Slow and simple on purpose: it runs after a fast parser has failed.
JsonProblem findJsonSyntaxError(std::string_view text, int maxDepth);

/// One step of a path into a JSON document: an object member or an array element.
struct JsonPathStep {
    std::string_view key; ///< member name; empty for an array element
    qint64 index = -1; ///< element index when key is empty

    static JsonPathStep member(std::string_view k) { return {k, -1}; }
    static JsonPathStep element(qint64 i) { return {{}, i}; }
};

/// Finds the byte offset of the value at a path in a document that is known to be valid
/// JSON. The first call indexes the top-level members and the elements of top-level arrays,
/// or the elements of a root array (one pass over the text); later calls jump to the record
/// and scan only inside it, so reporting many problems in a large file stays linear.
class JsonLocator {
public:
    explicit JsonLocator(std::string_view text);

    /// Offset of the value at the path, or of the deepest part of the path that exists
    /// (e.g. the record's '{' when the member is missing). 0 when nothing matched.
    qint64 locate(const std::vector<JsonPathStep> &path);

private:
    struct TopMember {
        std::string_view key;
        qint64 valueOffset = 0;
        std::vector<qint64> elements; ///< element offsets when the value is an array
    };

    void buildIndex();
    qint64 skipWhitespace(qint64 pos) const;
    qint64 skipString(qint64 pos) const;
    qint64 skipValue(qint64 pos) const;
    qint64 findMember(qint64 objectPos, std::string_view key) const;
    qint64 findElement(qint64 arrayPos, qint64 index) const;

    std::string_view m_text;
    bool m_indexed = false;
    std::vector<TopMember> m_top;
};

} // namespace meshlens
