#include "nativechunks.h"

#include <algorithm>
#include <cstring>

namespace meshlens::nativechunks {

namespace {

// The scan is strict about what sits between values (JSON whitespace, ',' ':' and the
// brackets, nothing else) and loose inside them (brackets are counted, not matched; strings
// are skipped to their closing quote). That is enough: the skeleton and every chunk go
// through simdjson, which refuses what the scan let through, and each chunk's element count
// is checked against the parse. Any doubt returns nullptr and the whole document is parsed.

class Scanner {
public:
    Scanner(std::string_view text, int maxDepth)
        : m_p(text.data())
        , m_end(text.data() + text.size())
        , m_maxDepth(maxDepth)
    {
    }

    const char *pos() const { return m_p; }
    bool atEnd() const { return m_p == m_end; }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool expect(char c)
    {
        skipSpace();
        if (m_p >= m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    /// At a '"': moves past the closing quote.
    bool skipString()
    {
        const char *q = m_p + 1;
        for (;;) {
            q = static_cast<const char *>(std::memchr(q, '"', std::size_t(m_end - q)));
            if (!q)
                return false;
            const char *b = q;
            while (b > m_p + 1 && b[-1] == '\\')
                --b;
            if (((q - b) & 1) == 0)
                break;
            ++q;
        }
        m_p = q + 1;
        return true;
    }

    /// Moves past one value (at its first byte); `depth`: the containers around it.
    bool skipValue(int depth)
    {
        if (m_p >= m_end)
            return false;
        const char c = *m_p;
        if (c == '"')
            return skipString();
        if (c == '{' || c == '[')
            return skipContainer(depth);
        // A scalar: up to the next delimiter. What it is, simdjson decides.
        const char *start = m_p;
        while (m_p < m_end && !std::strchr(",:]} \n\r\t{[\"", *m_p))
            ++m_p;
        return m_p > start;
    }

private:
    bool skipContainer(int depth)
    {
        int open = 0;
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                // simdjson, allocated for maxDepth, refuses maxDepth levels already.
                if (depth + ++open >= m_maxDepth)
                    return false;
            } else if (c == '}' || c == ']') {
                if (--open == 0) {
                    ++m_p;
                    return true;
                }
            }
            ++m_p;
        }
        return false;
    }

    const char *m_p;
    const char *m_end;
    int m_maxDepth;
};

} // namespace

bool split(std::string_view text, const std::vector<std::string_view> &arrays,
    std::size_t chunkBytes, int maxDepth, Split *out)
{
    out->skeleton.clear();
    out->sections.clear();
    Scanner s(text, maxDepth);
    if (!s.expect('{'))
        return false;
    out->skeleton += '{';
    s.skipSpace();
    if (s.peek() == '}') {
        s.expect('}');
    } else {
        for (bool first = true;; first = false) {
            s.skipSpace();
            if (s.peek() != '"')
                return false;
            const char *nameStart = s.pos();
            if (!s.skipString())
                return false;
            const std::string_view quotedName(nameStart, std::size_t(s.pos() - nameStart));
            const std::string_view name = quotedName.substr(1, quotedName.size() - 2);
            if (name.find('\\') != std::string_view::npos)
                return false;
            if (!s.expect(':'))
                return false;
            s.skipSpace();
            if (!first)
                out->skeleton += ',';
            out->skeleton += quotedName;
            out->skeleton += ':';
            const bool chunked = s.peek() == '['
                && std::find(arrays.begin(), arrays.end(), name) != arrays.end();
            if (chunked) {
                Section section {name, {}};
                s.expect('[');
                s.skipSpace();
                if (s.peek() == ']') {
                    s.expect(']');
                } else {
                    std::size_t index = 0;
                    Chunk chunk;
                    for (;;) {
                        s.skipSpace();
                        const char *begin = s.pos();
                        if (!s.skipValue(2))
                            return false;
                        if (chunk.count == 0) {
                            chunk.text = std::string_view(begin, 0);
                            chunk.first = index;
                        }
                        chunk.text = std::string_view(
                            chunk.text.data(), std::size_t(s.pos() - chunk.text.data()));
                        ++chunk.count;
                        ++index;
                        if (chunk.text.size() >= chunkBytes) {
                            section.chunks.push_back(chunk);
                            chunk = Chunk();
                        }
                        s.skipSpace();
                        if (s.peek() == ']') {
                            s.expect(']');
                            break;
                        }
                        if (!s.expect(','))
                            return false;
                    }
                    if (chunk.count > 0)
                        section.chunks.push_back(chunk);
                }
                out->skeleton += "[]";
                // A record array twice: the DOM read keeps the last, but every piece of the
                // first must still be valid JSON. Rare enough to leave to the whole read.
                if (std::any_of(out->sections.begin(), out->sections.end(),
                        [&](const Section &o) { return o.name == name; }))
                    return false;
                out->sections.push_back(std::move(section));
            } else {
                const char *begin = s.pos();
                if (!s.skipValue(1))
                    return false;
                out->skeleton.append(begin, std::size_t(s.pos() - begin));
            }
            s.skipSpace();
            if (s.peek() == '}') {
                s.expect('}');
                break;
            }
            if (!s.expect(','))
                return false;
        }
    }
    out->skeleton += '}';
    s.skipSpace();
    return s.atEnd();
}

} // namespace meshlens::nativechunks
