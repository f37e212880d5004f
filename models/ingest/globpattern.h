#pragma once

// Shell-style glob patterns for the mapping file: `*` any run of characters (dots and slashes
// included: names are not paths here), `?` exactly one character, `[abc]`, `[a-z]` and
// `[!abc]` one character of (not of) a set, `\x` the character x itself. Everything else
// matches itself, case-sensitively, and a pattern matches the whole text, never a part.

#include <QRegularExpression>
#include <QString>

namespace meshlens {

class GlobPattern {
public:
    GlobPattern() = default;

    /// Compiles `pattern`; on failure returns an invalid pattern and sets `*error` to what was
    /// wrong ("unclosed '[' at character 5: expected ']'").
    static GlobPattern compile(const QString &pattern, QString *error);

    bool isValid() const { return m_valid; }
    const QString &pattern() const { return m_pattern; }
    /// True for "*".
    bool matchesEverything() const { return m_everything; }
    bool matches(const QString &text) const;

private:
    QString m_pattern;
    QRegularExpression m_regex;
    bool m_valid = false;
    bool m_everything = false;
};

}  // namespace meshlens
