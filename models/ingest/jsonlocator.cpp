#include "jsonlocator.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace meshlens {
namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

// Printable characters as themselves, anything else as the byte a hex dump would show.
QString describeJsonByte(std::string_view text, qint64 pos)
{
    if (pos < 0 || pos >= qint64(text.size()))
        return QStringLiteral("end of file");
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x21 && c < 0x7f)
        return QString(u'\'' + QChar(char16_t(c)) + u'\'');
    return QStringLiteral("byte 0x") + QString::number(c, 16).toUpper().rightJustified(2, u'0');
}

TextPosition textPositionAt(std::string_view text, qint64 offset)
{
    offset = std::clamp<qint64>(offset, 0, qint64(text.size()));
    TextPosition pos {1, 1};
    const char *begin = text.data();
    const char *end = begin + offset;
    const char *lineStart = begin;
    for (const char *p = begin; p < end;) {
        const void *nl = std::memchr(p, '\n', size_t(end - p));
        if (!nl)
            break;
        ++pos.line;
        p = static_cast<const char *>(nl) + 1;
        lineStart = p;
    }
    // Columns count characters, so a name with "é" before the problem does not shift it.
    for (const char *p = lineStart; p < end; ++p) {
        if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80)
            ++pos.column;
    }
    return pos;
}

JsonProblem findInvalidUtf8(std::string_view text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const qint64 n = qint64(text.size());
    for (qint64 i = 0; i < n;) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        unsigned int cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        }
        bool ok = len > 0 && i + len <= n;
        for (int k = 1; ok && k < len; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (ok) {
            // Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid too.
            ok = !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
                && !(cp >= 0xD800 && cp <= 0xDFFF);
        }
        if (!ok) {
            return {i,
                QStringLiteral("invalid UTF-8: %1 does not start a valid sequence "
                               "(the file must be UTF-8 encoded)")
                    .arg(describeJsonByte(text, i))};
        }
        i += len;
    }
    return {};
}

JsonProblem findJsonSyntaxError(std::string_view t, int maxDepth)
{
    const qint64 n = qint64(t.size());
    auto ws = [&](qint64 p) {
        while (p < n && isJsonSpace(t[p]))
            ++p;
        return p;
    };
    auto fail = [&](qint64 at, const QString &what) { return JsonProblem {std::min(at, n), what}; };
    auto expected = [&](qint64 at, const QString &what) {
        if (at >= n) // the usual way to get here: a file cut short by a full disk or a copy
            return fail(at,
                QStringLiteral("unexpected end of file (is it truncated?): expected %1").arg(what));
        return fail(at, QStringLiteral("expected %1, found %2").arg(what, describeJsonByte(t, at)));
    };
    // Scans a string starting at its quote; returns the offset after the closing quote, or a
    // negative value with *problem set.
    JsonProblem problem;
    auto scanString = [&](qint64 p) -> qint64 {
        for (qint64 i = p + 1; i < n; ++i) {
            const auto c = static_cast<unsigned char>(t[i]);
            if (c == '"')
                return i + 1;
            if (c < 0x20) {
                problem = fail(i,
                    QStringLiteral("control character U+%1 inside a string: "
                                   "expected it escaped or a closing '\"'")
                        .arg(QString::number(c, 16).toUpper().rightJustified(4, u'0')));
                return -1;
            }
            if (c == '\\') {
                const char e = i + 1 < n ? t[i + 1] : '\0';
                if (e == 'u') {
                    for (int k = 2; k < 6; ++k) {
                        if (i + k >= n || !std::isxdigit(static_cast<unsigned char>(t[i + k]))) {
                            problem = expected(i + k, QStringLiteral("4 hex digits after \\u"));
                            return -1;
                        }
                    }
                    i += 5;
                } else if (e && std::strchr("\"\\/bfnrt", e)) {
                    ++i;
                } else {
                    problem = expected(i + 1,
                        QStringLiteral("an escape character (one of "
                                       "\" \\ / b f n r t u) after '\\'"));
                    return -1;
                }
            }
        }
        problem = fail(n,
            QStringLiteral("unexpected end of file (is it truncated?) inside a "
                           "string: expected a closing '\"'"));
        return -1;
    };
    auto scanNumber = [&](qint64 p) -> qint64 {
        qint64 i = p;
        if (t[i] == '-')
            ++i;
        if (i < n && t[i] == '0') {
            ++i;
        } else if (i < n && isDigit(t[i])) {
            while (i < n && isDigit(t[i]))
                ++i;
        } else {
            problem = expected(i, QStringLiteral("a digit in a number"));
            return -1;
        }
        if (i < n && t[i] == '.') {
            if (++i >= n || !isDigit(t[i])) {
                problem = expected(i, QStringLiteral("a digit after the decimal point"));
                return -1;
            }
            while (i < n && isDigit(t[i]))
                ++i;
        }
        if (i < n && (t[i] == 'e' || t[i] == 'E')) {
            ++i;
            if (i < n && (t[i] == '+' || t[i] == '-'))
                ++i;
            if (i >= n || !isDigit(t[i])) {
                problem = expected(i, QStringLiteral("a digit in the exponent"));
                return -1;
            }
            while (i < n && isDigit(t[i]))
                ++i;
        }
        return i;
    };

    std::vector<char> stack;
    qint64 p = ws(0);
    if (p >= n)
        return fail(p, QStringLiteral("the file is empty: expected a JSON value"));
    enum class Want { Value, Key, After } want = Want::Value;
    for (;;) {
        if (want == Want::Value) {
            if (p >= n)
                return fail(n,
                    QStringLiteral("unexpected end of file (is it truncated?): "
                                   "expected a value"));
            const char c = t[p];
            if (c == '{' || c == '[') {
                if (int(stack.size()) >= maxDepth)
                    return fail(p, QStringLiteral("nesting deeper than %1 levels").arg(maxDepth));
                stack.push_back(c);
                p = ws(p + 1);
                const char close = c == '{' ? '}' : ']';
                if (p < n && t[p] == close) {
                    stack.pop_back();
                    ++p;
                    want = Want::After;
                } else {
                    want = c == '{' ? Want::Key : Want::Value;
                }
                continue;
            }
            qint64 end = -1;
            if (c == '"') {
                end = scanString(p);
            } else if (c == '-' || isDigit(c)) {
                end = scanNumber(p);
            } else {
                for (const char *lit : {"true", "false", "null"}) {
                    const qint64 len = qint64(std::strlen(lit));
                    if (c == lit[0] && t.substr(size_t(p), size_t(len)) == lit)
                        end = p + len;
                }
                if (end < 0)
                    return expected(p,
                        QStringLiteral("a value (object, array, string, number, "
                                       "true, false or null)"));
            }
            if (end < 0)
                return problem;
            p = end;
            want = Want::After;
        } else if (want == Want::Key) {
            if (p >= n || t[p] != '"')
                return expected(p, QStringLiteral("a member name in double quotes"));
            const qint64 end = scanString(p);
            if (end < 0)
                return problem;
            p = ws(end);
            if (p >= n || t[p] != ':')
                return expected(p, QStringLiteral("':' after the member name"));
            p = ws(p + 1);
            want = Want::Value;
        } else {
            p = ws(p);
            if (stack.empty()) {
                if (p < n)
                    return expected(p, QStringLiteral("end of file after the JSON value"));
                return {};
            }
            const bool inObject = stack.back() == '{';
            if (p < n && t[p] == ',') {
                p = ws(p + 1);
                want = inObject ? Want::Key : Want::Value;
            } else if (p < n && t[p] == (inObject ? '}' : ']')) {
                stack.pop_back();
                ++p;
            } else {
                return expected(p,
                    inObject ? QStringLiteral("',' or '}' after an object member")
                             : QStringLiteral("',' or ']' after an array element"));
            }
        }
    }
}

JsonLocator::JsonLocator(std::string_view text)
    : m_text(text)
{
}

qint64 JsonLocator::skipWhitespace(qint64 pos) const
{
    const qint64 n = qint64(m_text.size());
    while (pos < n && isJsonSpace(m_text[pos]))
        ++pos;
    return pos;
}

qint64 JsonLocator::skipString(qint64 pos) const
{
    const qint64 n = qint64(m_text.size());
    for (qint64 i = pos + 1; i < n;) {
        const void *q = std::memchr(m_text.data() + i, '"', size_t(n - i));
        if (!q)
            return n;
        const qint64 quote = static_cast<const char *>(q) - m_text.data();
        qint64 backslashes = 0;
        while (quote - 1 - backslashes > pos && m_text[quote - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return quote + 1;
        i = quote + 1;
    }
    return n;
}

qint64 JsonLocator::skipValue(qint64 pos) const
{
    const qint64 n = qint64(m_text.size());
    if (pos >= n)
        return n;
    const char c = m_text[pos];
    if (c == '"')
        return skipString(pos);
    if (c == '{' || c == '[') {
        int depth = 0;
        for (qint64 i = pos; i < n;) {
            const char d = m_text[i];
            if (d == '"') {
                i = skipString(i);
                continue;
            }
            if (d == '{' || d == '[')
                ++depth;
            else if ((d == '}' || d == ']') && --depth == 0)
                return i + 1;
            ++i;
        }
        return n;
    }
    while (pos < n && !isJsonSpace(m_text[pos]) && m_text[pos] != ',' && m_text[pos] != '}'
        && m_text[pos] != ']')
        ++pos;
    return pos;
}

void JsonLocator::buildIndex()
{
    m_indexed = true;
    const qint64 n = qint64(m_text.size());
    qint64 p = skipWhitespace(0);
    if (p < n && m_text[p] == '[') {
        // A root array (DataHub files, OpenMetadata lineage): one member without a key.
        TopMember root;
        root.valueOffset = p;
        qint64 q = skipWhitespace(p + 1);
        while (q < n && m_text[q] != ']') {
            root.elements.push_back(q);
            q = skipWhitespace(skipValue(q));
            if (q < n && m_text[q] == ',')
                q = skipWhitespace(q + 1);
            else
                break;
        }
        m_top.push_back(std::move(root));
        return;
    }
    if (p >= n || m_text[p] != '{')
        return;
    p = skipWhitespace(p + 1);
    while (p < n && m_text[p] == '"') {
        const qint64 keyEnd = skipString(p);
        TopMember member;
        member.key = m_text.substr(size_t(p + 1), size_t(std::max<qint64>(0, keyEnd - p - 2)));
        p = skipWhitespace(keyEnd);
        if (p >= n || m_text[p] != ':')
            return;
        p = skipWhitespace(p + 1);
        member.valueOffset = p;
        if (p < n && m_text[p] == '[') {
            qint64 q = skipWhitespace(p + 1);
            while (q < n && m_text[q] != ']') {
                member.elements.push_back(q);
                q = skipWhitespace(skipValue(q));
                if (q < n && m_text[q] == ',')
                    q = skipWhitespace(q + 1);
                else
                    break;
            }
            p = q < n ? q + 1 : n;
        } else {
            p = skipValue(p);
        }
        m_top.push_back(std::move(member));
        p = skipWhitespace(p);
        if (p < n && m_text[p] == ',')
            p = skipWhitespace(p + 1);
        else
            break;
    }
}

qint64 JsonLocator::findMember(qint64 objectPos, std::string_view key) const
{
    const qint64 n = qint64(m_text.size());
    if (objectPos >= n || m_text[objectPos] != '{')
        return -1;
    qint64 p = skipWhitespace(objectPos + 1);
    while (p < n && m_text[p] == '"') {
        const qint64 keyEnd = skipString(p);
        const std::string_view k
            = m_text.substr(size_t(p + 1), size_t(std::max<qint64>(0, keyEnd - p - 2)));
        p = skipWhitespace(keyEnd);
        if (p >= n || m_text[p] != ':')
            return -1;
        p = skipWhitespace(p + 1);
        if (k == key)
            return p;
        p = skipWhitespace(skipValue(p));
        if (p < n && m_text[p] == ',')
            p = skipWhitespace(p + 1);
        else
            return -1;
    }
    return -1;
}

qint64 JsonLocator::findElement(qint64 arrayPos, qint64 index) const
{
    const qint64 n = qint64(m_text.size());
    if (arrayPos >= n || m_text[arrayPos] != '[')
        return -1;
    qint64 p = skipWhitespace(arrayPos + 1);
    for (qint64 i = 0; p < n && m_text[p] != ']'; ++i) {
        if (i == index)
            return p;
        p = skipWhitespace(skipValue(p));
        if (p < n && m_text[p] == ',')
            p = skipWhitespace(p + 1);
        else
            return -1;
    }
    return -1;
}

qint64 JsonLocator::locate(const std::vector<JsonPathStep> &path)
{
    if (!m_indexed)
        buildIndex();
    qint64 pos = skipWhitespace(0);
    if (path.empty())
        return pos;
    if (path.front().key.empty()) {
        // "[12].entityUrn" in a root array: jump to the element, then scan inside it.
        if (m_top.size() != 1 || !m_top.front().key.empty() || path.front().index < 0
            || path.front().index >= qint64(m_top.front().elements.size()))
            return pos;
        pos = m_top.front().elements[size_t(path.front().index)];
        for (size_t step = 1; step < path.size(); ++step) {
            const JsonPathStep &s = path[step];
            const qint64 next = s.key.empty() ? findElement(pos, s.index) : findMember(pos, s.key);
            if (next < 0)
                break;
            pos = next;
        }
        return pos;
    }
    const auto top = std::find_if(m_top.cbegin(), m_top.cend(),
        [&](const TopMember &m) { return m.key == path.front().key; });
    if (top == m_top.cend())
        return pos;
    pos = top->valueOffset;
    size_t step = 1;
    // The common case, "datasets[812345].name", jumps straight to the record.
    if (path.size() > 1 && path[1].key.empty() && !top->elements.empty()) {
        if (path[1].index < 0 || path[1].index >= qint64(top->elements.size()))
            return pos;
        pos = top->elements[size_t(path[1].index)];
        step = 2;
    }
    for (; step < path.size(); ++step) {
        const JsonPathStep &s = path[step];
        const qint64 next = s.key.empty() ? findElement(pos, s.index) : findMember(pos, s.key);
        if (next < 0)
            break;
        pos = next;
    }
    return pos;
}

} // namespace meshlens
