#pragma once

// Fuzzy matching of one query against one string, ranked the way quick-open boxes rank
// (fzf's "v2" scoring, close to VS Code and Sublime Text): the query's characters must
// appear in order, case-insensitively; each matched character scores, more when it starts
// a word (after . _ / - : space or other punctuation, or an upper-case letter after a
// lower-case one, or a digit after a non-digit), most at the very start; a run of
// consecutive characters keeps the bonus of its first character, and gaps cost a little.
// The best alignment is found by dynamic programming over the window the query can occupy.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace meshlens::search {

/// The scoring constants, public so that callers can reason about bounds.
namespace points {
constexpr int kMatch = 16;          ///< every matched character
constexpr int kGapStart = -3;       ///< the first skipped character between two matches
constexpr int kGapExtension = -1;   ///< each further skipped character
constexpr int kConsecutive = 4;     ///< least bonus of a character right after a match
constexpr int kStart = 10;          ///< a match at the first character of the text
constexpr int kWordStart = 8;       ///< after a separator
constexpr int kCamel = 7;           ///< lower->Upper, or non-digit->digit
constexpr int kSeparator = 6;       ///< matching a separator itself
constexpr int kFirstMultiplier = 2; ///< the first query character's bonus counts twice
constexpr int kNoMatch = -1;
} // namespace points

/// Case folding for matching: every non-ASCII code point to its simple lower case (one
/// code point to one code point, so character positions survive), ASCII left as it is
/// (matching lowers ASCII on the fly, and camelCase needs the original case). Invalid
/// UTF-8 bytes are copied unchanged.
std::string foldNonAscii(std::string_view utf8);
/// foldNonAscii plus ASCII to lower case: how a query is folded.
std::string foldAll(std::string_view utf8);
/// True when every byte is ASCII (such text needs no folding).
bool isAscii(std::string_view text);

/// A 64-bit summary of which characters (case-insensitively) occur in a text: letters,
/// digits and common separators have a bit each, other bytes share a few. A text can match
/// a pattern only if it has all of the pattern's bits.
std::uint64_t charMask(std::string_view text);

/// Bytes that are not ASCII separators (punctuation, spaces): two texts with the same
/// letters and digits in the same order, separated differently, are "loosely equal".
std::size_t looseLength(std::string_view text);

/// A query compiled once for many matches.
struct FuzzyPattern {
    std::string bytes;  ///< folded UTF-8 without spaces: what must appear in order
    std::string exact;  ///< folded text, single spaces: an exact match equals this
    std::vector<std::uint8_t> unitLength;  ///< per byte: UTF-8 length at a lead byte, else 0
    std::uint64_t mask = 0;
    int units = 0;  ///< code points in `bytes`
    std::size_t loose = 0;  ///< looseLength(bytes): 0 when the query is all separators

    static FuzzyPattern compile(std::string_view utf8);
    bool empty() const { return bytes.empty(); }
    /// No text that is not an exact match can score more than this.
    int maxScore() const { return units * (points::kMatch + points::kStart) + points::kStart; }
};

/// Scores texts against a pattern. Holds scratch rows, so one matcher per thread; it is
/// cheap to make and reuses its memory across calls.
class FuzzyMatcher
{
public:
    /// Texts longer than this are matched on their first kMaxText bytes only.
    static constexpr std::size_t kMaxText = 4096;

    /// The best score of `pattern` in `text` (ASCII in any case, non-ASCII folded with
    /// foldNonAscii), or points::kNoMatch. With `positions`, also the byte offsets in
    /// `text` of the matched lead bytes, ascending. `start`, when not 0, is a second place
    /// that counts as the start of the text (where a key's body begins after "kind:").
    int match(const FuzzyPattern &pattern, std::string_view text,
              std::vector<std::uint32_t> *positions = nullptr, std::size_t start = 0);
    /// Greedy scan: how far into the pattern (a byte index, at a character boundary) a
    /// left-to-right scan of the text gets, starting at pattern byte `from`. The pattern
    /// occurs in order in the text exactly when this is pattern.bytes.size(); and for a text
    /// made of A then B, scanning B from where A left off decides A+B.
    static std::size_t advance(const FuzzyPattern &pattern, std::size_t from, std::string_view text);
    static bool isSubsequence(const FuzzyPattern &pattern, std::string_view text)
    {
        return advance(pattern, 0, text) == pattern.bytes.size();
    }
    /// True when the text, ASCII lowered, equals pattern.exact.
    static bool isExact(const FuzzyPattern &pattern, std::string_view text);
    /// True when the text, ASCII lowered and without separators, equals the pattern
    /// without separators ("sales orders" and "sales.orders", "customer_orders").
    static bool isLooselyEqual(const FuzzyPattern &pattern, std::string_view text);

private:
    bool window(const FuzzyPattern &pattern, std::string_view text);

    std::vector<std::uint32_t> m_first;  // earliest feasible position of each pattern byte
    std::vector<std::uint32_t> m_last;   // latest feasible position
    std::vector<int> m_score[2];         // two DP rows
    std::vector<std::uint8_t> m_run[2];  // bonus of the run each cell's path ends in
    std::vector<std::uint16_t> m_from;   // traceback, row-major, only when positions are wanted
};

} // namespace meshlens::search
