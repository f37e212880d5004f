#include "fuzzymatch.h"

#include <QChar>

#include <algorithm>
#include <array>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace meshlens::search {

namespace {

enum CharClass : std::uint8_t { Lower, Upper, Digit, Separator };

struct Tables {
    std::array<std::uint8_t, 256> lower{};
    std::array<std::uint8_t, 256> cls{};
    std::array<std::uint8_t, 256> bit{};

    Tables()
    {
        for (int c = 0; c < 256; ++c) {
            lower[c] = std::uint8_t(c >= 'A' && c <= 'Z' ? c + 32 : c);
            if (c >= 'a' && c <= 'z')
                cls[c] = Lower;
            else if (c >= 'A' && c <= 'Z')
                cls[c] = Upper;
            else if (c >= '0' && c <= '9')
                cls[c] = Digit;
            else
                cls[c] = c >= 0x80 ? Lower : Separator;  // non-ASCII: part of a word

            const int l = lower[c];
            if (l >= 'a' && l <= 'z')
                bit[c] = std::uint8_t(l - 'a');
            else if (l >= '0' && l <= '9')
                bit[c] = std::uint8_t(26 + l - '0');
            else if (l >= 0x80)
                bit[c] = std::uint8_t(48 + (l & 15));
            else {
                static constexpr std::string_view kOwnBits = "_-./: ";
                const auto at = kOwnBits.find(char(l));
                bit[c] = std::uint8_t(at != std::string_view::npos ? 36 + at : 42 + l % 6);
            }
        }
    }
};

const Tables &tables()
{
    static const Tables t;
    return t;
}

constexpr int kNeg = -100000000;

inline bool valid(int score) { return score > kNeg / 2; }

int bonusAt(const Tables &t, const unsigned char *text, std::uint32_t j)
{
    using namespace points;
    if (j == 0)
        return kStart;
    const std::uint8_t cur = t.cls[text[j]], prev = t.cls[text[j - 1]];
    if (cur == Separator)
        return kSeparator;
    if (prev == Separator)
        return kWordStart;
    if ((prev == Lower && cur == Upper) || (prev != Digit && cur == Digit))
        return kCamel;
    return 0;
}

// The first position at or after `pos` whose byte, ASCII lowered, is `c` (a folded byte);
// n when there is none. Sixteen bytes at a time: OR-ing 0x20 lowers exactly the ASCII
// letters when c is a letter (and nothing else then compares equal); other bytes must be
// equal as they are.
std::size_t findFolded(const unsigned char *s, std::size_t pos, std::size_t n, unsigned char c)
{
#ifdef __SSE2__
    const bool letter = c >= 'a' && c <= 'z';
    const __m128i needle = _mm_set1_epi8(char(c));
    const __m128i fold = _mm_set1_epi8(letter ? 0x20 : 0);
    for (; pos + 16 <= n; pos += 16) {
        const __m128i chunk = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(s + pos)), fold);
        if (const unsigned bits = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, needle))))
            return pos + unsigned(__builtin_ctz(bits));
    }
#endif
    const Tables &t = tables();
    for (; pos < n; ++pos) {
        if (t.lower[s[pos]] == c)
            return pos;
    }
    return n;
}

int utf8Length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead >> 5) == 0x6)
        return 2;
    if ((lead >> 4) == 0xE)
        return 3;
    if ((lead >> 3) == 0x1E)
        return 4;
    return 0;  // a continuation byte or an invalid lead
}

// One code point at `i` (advanced past it), or -1 for an invalid sequence (i advanced by one).
char32_t decode(std::string_view s, std::size_t &i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const int len = utf8Length(b(i));
    if (len < 2 || i + len > s.size()) {
        ++i;
        return char32_t(-1);
    }
    char32_t cp = b(i) & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) {
            ++i;
            return char32_t(-1);
        }
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    i += len;
    return cp;
}

void encode(char32_t cp, std::string &out)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

}  // namespace

std::size_t looseLength(std::string_view text)
{
    const Tables &t = tables();
    return std::size_t(std::count_if(text.begin(), text.end(), [&](char c) {
        return t.cls[static_cast<unsigned char>(c)] != Separator;
    }));
}

bool isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

std::string foldNonAscii(std::string_view utf8)
{
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        if ((utf8[i] & 0x80) == 0) {
            out += utf8[i++];
            continue;
        }
        const std::size_t start = i;
        const char32_t cp = decode(utf8, i);
        if (cp == char32_t(-1))
            out += utf8[start];
        else if (cp == 0x130)  // İ: Qt keeps it (its full lower case is two code points)
            out += 'i';
        else
            encode(QChar::toLower(cp), out);
    }
    return out;
}

std::string foldAll(std::string_view utf8)
{
    std::string out = foldNonAscii(utf8);
    for (char &c : out)
        c = char(tables().lower[static_cast<unsigned char>(c)]);
    return out;
}

std::uint64_t charMask(std::string_view text)
{
    const Tables &t = tables();
    std::uint64_t mask = 0;
    for (const char c : text)
        mask |= std::uint64_t(1) << t.bit[static_cast<unsigned char>(c)];
    return mask;
}

FuzzyPattern FuzzyPattern::compile(std::string_view utf8)
{
    FuzzyPattern p;
    const std::string folded = foldAll(utf8);
    // Whitespace separates words of the query: exact keeps one space, the pattern none.
    for (const char c : folded) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (!p.exact.empty() && p.exact.back() != ' ')
                p.exact += ' ';
            continue;
        }
        p.exact += c;
        p.bytes += c;
    }
    if (!p.exact.empty() && p.exact.back() == ' ')
        p.exact.pop_back();
    p.unitLength.assign(p.bytes.size(), 0);
    for (std::size_t i = 0; i < p.bytes.size();) {
        int len = utf8Length(static_cast<unsigned char>(p.bytes[i]));
        for (int k = 1; k < len; ++k) {
            if (i + k >= p.bytes.size() || (p.bytes[i + k] & 0xC0) != 0x80)
                len = 0;
        }
        len = std::max(len, 1);  // an invalid byte is a unit of its own
        p.unitLength[i] = std::uint8_t(len);
        i += len;
        ++p.units;
    }
    p.mask = charMask(p.bytes);
    p.loose = looseLength(p.bytes);
    return p;
}

std::size_t FuzzyMatcher::advance(const FuzzyPattern &pattern, std::size_t from, std::string_view text)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = std::min(text.size(), kMaxText), m = pattern.bytes.size();
    std::size_t pos = 0, i = from;
    while (i < m) {
        const std::size_t len = pattern.unitLength[i];
        for (;; ++pos) {
            pos = findFolded(s, pos, n, static_cast<unsigned char>(pattern.bytes[i]));
            if (pos + len > n)
                return i;
            if (len == 1 || text.compare(pos + 1, len - 1, pattern.bytes, i + 1, len - 1) == 0)
                break;
        }
        pos += len;
        i += len;
    }
    return i;
}

bool FuzzyMatcher::isExact(const FuzzyPattern &pattern, std::string_view text)
{
    if (text.size() != pattern.exact.size())
        return false;
    const Tables &t = tables();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (t.lower[static_cast<unsigned char>(text[i])] != static_cast<unsigned char>(pattern.exact[i]))
            return false;
    }
    return true;
}

bool FuzzyMatcher::isLooselyEqual(const FuzzyPattern &pattern, std::string_view text)
{
    const Tables &t = tables();
    std::size_t i = 0;
    const std::size_t m = pattern.bytes.size();
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (t.cls[c] == Separator)
            continue;
        while (i < m && t.cls[static_cast<unsigned char>(pattern.bytes[i])] == Separator)
            ++i;
        if (i == m || t.lower[c] != static_cast<unsigned char>(pattern.bytes[i]))
            return false;
        ++i;
    }
    while (i < m && t.cls[static_cast<unsigned char>(pattern.bytes[i])] == Separator)
        ++i;
    return i == m;
}

bool FuzzyMatcher::window(const FuzzyPattern &pattern, std::string_view text)
{
    // Earliest positions by a greedy forward scan, latest by a greedy backward one: every
    // alignment keeps each pattern byte between the two, so the DP only looks there.
    const Tables &t = tables();
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size(), m = pattern.bytes.size();
    const auto unitAt = [&](std::size_t pos, std::size_t i, std::size_t len) {
        return t.lower[s[pos]] == static_cast<unsigned char>(pattern.bytes[i])
            && (len == 1 || text.compare(pos + 1, len - 1, pattern.bytes, i + 1, len - 1) == 0);
    };
    m_first.resize(m);
    m_last.resize(m);
    std::size_t pos = 0;
    for (std::size_t i = 0; i < m;) {
        const std::size_t len = pattern.unitLength[i];
        for (;; ++pos) {
            pos = findFolded(s, pos, n, static_cast<unsigned char>(pattern.bytes[i]));
            if (pos + len > n)
                return false;
            if (unitAt(pos, i, len))
                break;
        }
        for (std::size_t k = 0; k < len; ++k)
            m_first[i + k] = std::uint32_t(pos + k);
        pos += len;
        i += len;
    }
    std::size_t end = n;  // exclusive
    for (std::size_t i = m; i > 0;) {
        std::size_t lead = i - 1;
        while (pattern.unitLength[lead] == 0)
            --lead;
        const std::size_t len = pattern.unitLength[lead];
        std::size_t j = end - len;
        while (!unitAt(j, lead, len))
            --j;  // stops at m_first[lead] at the latest
        for (std::size_t k = 0; k < len; ++k)
            m_last[lead + k] = std::uint32_t(j + k);
        end = j;
        i = lead;
    }
    return true;
}

int FuzzyMatcher::match(const FuzzyPattern &pattern, std::string_view text,
                        std::vector<std::uint32_t> *positions, std::size_t start)
{
    using namespace points;
    if (positions)
        positions->clear();
    if (pattern.empty())
        return 0;
    text = text.substr(0, kMaxText);
    if (!window(pattern, text))
        return kNoMatch;

    const Tables &t = tables();
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size(), m = pattern.bytes.size();
    for (auto &row : m_score)
        row.resize(n);
    for (auto &row : m_run)
        row.resize(n);
    if (positions)
        m_from.resize(m * n);

    for (std::size_t i = 0; i < m; ++i) {
        int *cur = m_score[i & 1].data();
        std::uint8_t *curRun = m_run[i & 1].data();
        const int *prev = m_score[(i + 1) & 1].data();
        const std::uint8_t *prevRun = m_run[(i + 1) & 1].data();
        std::uint16_t *from = positions ? m_from.data() + i * n : nullptr;
        const std::uint32_t lo = m_first[i], hi = m_last[i];
        const auto q = static_cast<unsigned char>(pattern.bytes[i]);

        if (i == 0) {
            for (std::uint32_t j = lo; j <= hi; ++j) {
                if (t.lower[s[j]] != q) {
                    cur[j] = kNeg;
                    continue;
                }
                const int bonus = j == start ? points::kStart : bonusAt(t, s, j);
                cur[j] = kMatch + bonus * kFirstMultiplier;
                curRun[j] = std::uint8_t(bonus);
            }
            continue;
        }
        const std::uint32_t plo = m_first[i - 1], phi = m_last[i - 1];
        const auto prevAt = [&](std::uint32_t k) { return k >= plo && k <= phi ? prev[k] : kNeg; };
        if (pattern.unitLength[i] == 0) {
            // The rest of a multi-byte character: only right after its lead byte.
            for (std::uint32_t j = lo; j <= hi; ++j) {
                const int p = prevAt(j - 1);
                cur[j] = s[j] == q && valid(p) ? p : kNeg;
                curRun[j] = prevRun[j - 1];
                if (from)
                    from[j] = std::uint16_t(j - 1);
            }
            continue;
        }
        // gap: the best previous cell at least two columns back, gap penalties applied.
        int gap = kNeg;
        std::uint32_t gapFrom = 0;
        for (std::uint32_t j = plo + 1; j <= hi; ++j) {
            if (j >= lo) {
                if (t.lower[s[j]] != q) {
                    cur[j] = kNeg;
                } else {
                    const int bonus = j == start ? points::kStart : bonusAt(t, s, j);
                    const int p = prevAt(j - 1);
                    const int run = valid(p) ? std::max<int>(prevRun[j - 1], bonus) : 0;
                    const int diag = valid(p) ? p + kMatch + std::max(run, kConsecutive) : kNeg;
                    const int skip = valid(gap) ? gap + kMatch + bonus : kNeg;
                    if (valid(diag) && diag >= skip) {
                        cur[j] = diag;
                        curRun[j] = std::uint8_t(run);
                        if (from)
                            from[j] = std::uint16_t(j - 1);
                    } else {
                        cur[j] = skip;
                        curRun[j] = std::uint8_t(bonus);
                        if (from)
                            from[j] = std::uint16_t(gapFrom);
                    }
                }
            }
            gap += kGapExtension;
            const int p = prevAt(j - 1);
            if (valid(p) && p + kGapStart > gap) {
                gap = p + kGapStart;
                gapFrom = j - 1;
            }
        }
    }

    const int *last = m_score[(m - 1) & 1].data();
    int best = kNeg;
    std::uint32_t bestAt = 0;
    for (std::uint32_t j = m_first[m - 1]; j <= m_last[m - 1]; ++j) {
        if (last[j] > best) {
            best = last[j];
            bestAt = j;
        }
    }
    if (!valid(best))
        return kNoMatch;  // cannot happen after window(), kept for safety
    if (positions) {
        positions->resize(std::size_t(pattern.units));
        std::size_t unit = std::size_t(pattern.units);
        std::uint32_t j = bestAt;
        for (std::size_t i = m; i-- > 0;) {
            if (pattern.unitLength[i] != 0)
                (*positions)[--unit] = j;
            if (i > 0)
                j = m_from[i * n + j];
        }
    }
    return best;
}

}  // namespace meshlens::search
