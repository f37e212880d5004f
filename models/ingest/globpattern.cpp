#include "globpattern.h"

using namespace Qt::StringLiterals;

namespace meshlens {

GlobPattern GlobPattern::compile(const QString &pattern, QString *error)
{
    GlobPattern glob;
    glob.m_pattern = pattern;
    if (pattern.isEmpty()) {
        *error = u"empty pattern: expected a glob such as \"*\" or \"sales.*\""_s;
        return glob;
    }
    QString rx;
    rx.reserve(pattern.size() * 2 + 8);
    rx += u"\\A(?:"_s;
    const qsizetype n = pattern.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = pattern.at(i);
        if (c == u'*') {
            rx += u".*"_s;
        } else if (c == u'?') {
            rx += u'.';
        } else if (c == u'\\') {
            if (i + 1 >= n) {
                *error = u"'\\' at the end of the pattern: expected a character to escape after it"_s;
                return glob;
            }
            rx += QRegularExpression::escape(QString(pattern.at(++i)));
        } else if (c == u'[') {
            qsizetype j = i + 1;
            bool negate = false;
            if (j < n && (pattern.at(j) == u'!' || pattern.at(j) == u'^')) {
                negate = true;
                ++j;
            }
            QString set;
            // A ']' right after the opening bracket is a member, as in the shell.
            if (j < n && pattern.at(j) == u']') {
                set += u"\\]"_s;
                ++j;
            }
            while (j < n && pattern.at(j) != u']') {
                const QChar m = pattern.at(j);
                if (m == u'-' && !set.isEmpty() && j + 1 < n && pattern.at(j + 1) != u']')
                    set += u'-';
                else
                    set += QRegularExpression::escape(QString(m));
                ++j;
            }
            if (j >= n) {
                *error = u"unclosed '[' at character %1: expected ']' to end the set"_s.arg(i + 1);
                return glob;
            }
            if (set.isEmpty()) {
                *error = u"empty set '[]' at character %1: expected at least one character in it"_s.arg(i + 1);
                return glob;
            }
            rx += (negate ? u"[^"_s : u"["_s) + set + u']';
            i = j;
        } else {
            rx += QRegularExpression::escape(QString(c));
        }
    }
    rx += u")\\z"_s;
    glob.m_regex = QRegularExpression(rx, QRegularExpression::DotMatchesEverythingOption);
    if (!glob.m_regex.isValid()) {  // e.g. a range written backwards, "[z-a]"
        *error = u"not a valid pattern (%1): expected a glob of '*', '?', '[...]' and characters"_s
                     .arg(glob.m_regex.errorString());
        return glob;
    }
    glob.m_regex.optimize();
    glob.m_valid = true;
    glob.m_everything = pattern == u"*";
    return glob;
}

bool GlobPattern::matches(const QString &text) const
{
    if (!m_valid)
        return false;
    if (m_everything)
        return true;
    return m_regex.match(text).hasMatch();
}

}  // namespace meshlens
