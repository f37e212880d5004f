// FuzzyIndex::search(): the scan over the candidates on one or two threads, and the merge
// of their best hits.

#include "fuzzyindex.h"
#include "fuzzypredicate.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <optional>

namespace meshlens {

using search::FuzzyMatcher;
using search::FuzzyPattern;

namespace {

constexpr std::size_t kParallelFrom = 16384;  // fewer candidates: one thread is quicker

std::string utf8(const QString &text) { return text.toUtf8().toStdString(); }

}  // namespace

int FuzzyIndex::keyScore(FuzzyMatcher &matcher, const FuzzyPattern &pattern, std::string_view key,
                         std::vector<std::uint32_t> *positions)
{
    // The body (after "kind:") is the node's qualified name, sales.orders for a product: it
    // scores as a name would, kNameBonus included.
    const std::size_t bodyStart = key.size() - keyBody(key).size();
    int best = matcher.match(pattern, key.substr(bodyStart), positions);
    if (best >= 0) {
        best += kNameBonus;
        if (positions) {
            for (std::uint32_t &p : *positions)
                p += std::uint32_t(bodyStart);
        }
    }
    // An alignment using the "kind:" part ("dataset:x" typed) scores as a plain match; only
    // possible when that part holds the query's first character.
    if (bodyStart > 0 && best < pattern.maxScore()
        && FuzzyMatcher::advance(pattern, 0, key.substr(0, bodyStart)) > 0) {
        std::vector<std::uint32_t> other;
        const int whole = matcher.match(pattern, key, positions ? &other : nullptr, bodyStart);
        if (whole > best) {
            best = whole;
            if (positions)
                *positions = std::move(other);
        }
    }
    return best;
}

/// One thread's part of a query: the best `limit` candidates seen so far, as a heap whose
/// front is the worst of them. The threads share the best of their worst hits: once any
/// of them holds `limit` hits scoring s, nothing below s can make the final list either.
struct FuzzyIndex::Scan {
    struct Hit {
        int score;
        std::uint16_t length;
        SearchHit::Field field;
        NodeId node;
    };
    static bool better(const Hit &a, const Hit &b)
    {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.length != b.length)
            return a.length < b.length;
        return a.node < b.node;
    }
    // Score, then shortness, in one number that grows with "better" (the node id is left out).
    static std::uint64_t rank(int score, std::uint16_t length)
    {
        return (std::uint64_t(std::uint32_t(score + (1 << 30))) << 16) | std::uint16_t(0xFFFF - length);
    }

    const FuzzyIndex &index;
    const FuzzyPattern &pattern;
    const FuzzyIndexPredicate &predicate;
    const std::vector<std::uint32_t> &consumed;  // per key prefix: pattern bytes it matches
    const std::vector<std::uint64_t> &restMask;  // per key prefix: mask of what it leaves
    std::size_t limit;
    std::atomic<std::uint64_t> &shared;
    FuzzyMatcher matcher = {};
    std::vector<Hit> heap = {};
    std::uint64_t published = 0;
    bool filtered = !predicate.trivial();

    // Could a hit of this score (or less) still make the list?
    bool canEnter(int bound, std::uint16_t length, NodeId node) const
    {
        if (heap.size() >= limit && !better({bound, length, SearchHit::Field::Name, node}, heap.front()))
            return false;
        return rank(bound, length) >= shared.load(std::memory_order_relaxed);
    }

    void offer(const Hit &hit)
    {
        if (heap.size() < limit) {
            heap.push_back(hit);
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(hit, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = hit;
            std::push_heap(heap.begin(), heap.end(), better);
        } else {
            return;
        }
        if (heap.size() < limit)
            return;
        const std::uint64_t worst = rank(heap.front().score, heap.front().length);
        if (worst <= published)
            return;
        published = worst;
        std::uint64_t current = shared.load(std::memory_order_relaxed);
        while (current < worst && !shared.compare_exchange_weak(current, worst, std::memory_order_relaxed)) {
        }
    }

    // Nodes that pass the cheap tests wait in a small batch while their names are fetched
    // from memory: at a million names, reading the text costs more than matching it.
    static constexpr int kBatch = 64;
    NodeId batch[kBatch] = {};
    int batched = 0;

    void consider(NodeId id)
    {
        const std::uint32_t prefix = index.m_prefix[id];
        const std::uint64_t required = prefix == kNoPrefix ? pattern.mask : restMask[prefix];
        if ((index.m_mask[id] & required) != required)
            return;
        const std::uint16_t length = index.m_nameLength[id];
        if (pattern.empty()) {
            if ((!filtered || predicate.allows(*index.m_graph, index.m_kind, index.m_health, id))
                && canEnter(0, length, id))
                offer({0, length, SearchHit::Field::Name, id});
            return;
        }
        if (!canEnter(bestPossible(id, length), std::min(length, bodyLength(id)), id))
            return;
        if (prefix != kNoPrefix) {
            if (pattern.bytes.size() - consumed[prefix] > length)
                return;  // what the prefix leaves does not fit in the name
            if (!(index.m_flags[id] & (kFolded | kFar)))
                __builtin_prefetch(index.m_poolBase + index.m_nameOffset[id]);
        }
        batch[batched++] = id;
        if (batched == kBatch)
            flush();
    }

    void flush()
    {
        for (int i = 0; i < batched; ++i)
            evaluate(batch[i]);
        batched = 0;
    }

    // The most a name can add to its fuzzy score (kNameBonus, and kExact or kLoose when its
    // lengths allow), and a key; bestPossible() is the larger of the two totals.
    int nameExtra(NodeId id, std::uint16_t length) const
    {
        if (length == pattern.exact.size())
            return kNameBonus + kExact;
        return kNameBonus + (pattern.loose && index.m_looseName[id] == pattern.loose ? kLoose : 0);
    }
    int keyExtra(NodeId id) const
    {
        return kNameBonus + (pattern.loose && index.m_looseKey[id] == pattern.loose ? kLoose : 0);
    }
    // Equal scores: the shorter text first, a key's body counting for a key match.
    std::uint16_t bodyLength(NodeId id) const
    {
        return std::uint16_t(index.m_keyLength[id] - index.m_kindLength[id]);
    }
    int bestPossible(NodeId id, std::uint16_t length) const
    {
        return pattern.maxScore() + std::max(nameExtra(id, length), keyExtra(id));
    }

    void evaluate(NodeId id)
    {
        const std::uint16_t length = index.m_nameLength[id], keyLength = bodyLength(id);
        if (!canEnter(bestPossible(id, length), std::min(length, keyLength), id))
            return;  // the list got better while this one waited
        if (filtered && !predicate.allows(*index.m_graph, index.m_kind, index.m_health, id))
            return;
        const std::size_t needed = pattern.bytes.size();  // a shorter text cannot hold the pattern
        const int fuzzyBound = pattern.maxScore();
        const bool exactPossible = length == pattern.exact.size();
        const int keyBound = fuzzyBound + keyExtra(id);
        bool tryName = !(index.m_flags[id] & kNoName) && length >= needed
            && canEnter(fuzzyBound + nameExtra(id, length), length, id);
        bool tryKey = index.m_keyLength[id] >= needed && canEnter(keyBound, keyLength, id);
        if (!tryName && !tryKey)
            return;
        // A key made of a shared prefix and the name: the prefix part of the scan was done
        // once for the query, so one scan of the name decides the key (and if the key fails,
        // the name, which is part of it, fails too).
        std::string_view name;
        if (const std::uint32_t prefix = index.m_prefix[id]; prefix != kNoPrefix) {
            name = index.nameTextFast(id);
            if (FuzzyMatcher::advance(pattern, consumed[prefix], name) != needed)
                return;
            tryName = tryName && (consumed[prefix] == 0 || FuzzyMatcher::isSubsequence(pattern, name));
            // A prefix without the query's first character cannot take part in any
            // alignment: the key's best is the name's, with smaller bonuses (a word start
            // where the name has its start), and its text is longer.
            if (consumed[prefix] == 0 && tryName)
                tryKey = false;
        }
        int best = search::points::kNoMatch;
        SearchHit::Field field = SearchHit::Field::Name;
        if (tryName) {
            if (name.empty())
                name = index.nameText(id);
            if (const int s = matcher.match(pattern, name); s >= 0) {
                int extra = 0;
                if (exactPossible && FuzzyMatcher::isExact(pattern, name))
                    extra = kExact;
                else if (pattern.loose && index.m_looseName[id] == pattern.loose && FuzzyMatcher::isLooselyEqual(pattern, name))
                    extra = kLoose;
                best = s + kNameBonus + extra;
            }
        }
        // Exact keys are found by lookup (see search()); here the key competes on fuzzy score.
        if (tryKey && keyBound > best && canEnter(keyBound, keyLength, id)) {
            const std::string_view key = index.keyText(id);
            int s = keyScore(matcher, pattern, key);
            if (s >= 0 && keyBound > fuzzyBound + kNameBonus && FuzzyMatcher::isLooselyEqual(pattern, keyBody(key)))
                s += kLoose;
            if (s > best || (s == best && keyLength < length)) {
                best = s;
                field = SearchHit::Field::Key;
            }
        }
        if (best >= 0)
            offer({best, field == SearchHit::Field::Key ? keyLength : length, field, id});
    }
};

std::vector<SearchHit> FuzzyIndex::search(const SearchQuery &query, int limit, int threads) const
{
    if (query.isEmpty() || limit <= 0)
        return {};
    const SnapshotGraph &g = *m_graph;
    FuzzyIndexPredicate predicate;
    std::vector<NodeId> list;
    const bool narrowed = prepare(query, &predicate, &list);
    const FuzzyPattern pattern = FuzzyPattern::compile(utf8(query.text));
    const std::size_t count = narrowed ? list.size() : g.nodeCount();
    const std::size_t parts = count >= kParallelFrom ? std::size_t(std::clamp(threads, 1, 8)) : 1;

    std::vector<std::uint32_t> consumed(m_prefixes.size());
    std::vector<std::uint64_t> restMask(m_prefixes.size());
    for (std::size_t i = 0; i < m_prefixes.size() && !pattern.empty(); ++i) {
        consumed[i] = std::uint32_t(FuzzyMatcher::advance(pattern, 0, m_prefixes[i]));
        restMask[i] = search::charMask(std::string_view(pattern.bytes).substr(consumed[i]));
    }
    std::atomic<std::uint64_t> shared{0};
    std::vector<Scan> scans;
    scans.reserve(parts);
    for (std::size_t t = 0; t < parts; ++t)
        scans.push_back(Scan{*this, pattern, predicate, consumed, restMask, std::size_t(limit), shared});
    const auto run = [&](std::size_t t) {
        const std::size_t begin = count * t / parts, end = count * (t + 1) / parts;
        Scan &scan = scans[t];
        if (narrowed) {
            for (std::size_t i = begin; i < end; ++i)
                scan.consider(list[i]);
        } else {
            for (std::size_t i = begin; i < end; ++i)
                scan.consider(NodeId(i));
        }
        scan.flush();
    };
    std::vector<std::future<void>> others;
    for (std::size_t t = 1; t < parts; ++t)
        others.push_back(std::async(std::launch::async | std::launch::deferred, run, t));
    run(0);
    for (auto &f : others)
        f.get();

    std::vector<Scan::Hit> hits;
    for (const Scan &scan : scans)
        hits.insert(hits.end(), scan.heap.begin(), scan.heap.end());
    // Exact keys by lookup: a key is unique, so it beats everything else. The whole query
    // as a key comes first even when it reads as filters ("domain:sales").
    const int keyExact = kExact + pattern.maxScore() + kNameBonus + 1;
    const auto exactKey = [&](const std::string &text, int score, bool filtered) {
        const auto id = text.empty() ? std::nullopt : g.find(text);
        if (id && (!filtered || predicate.trivial() || predicate.allows(g, m_kind, m_health, *id)))
            hits.push_back({score, m_nameLength[*id], SearchHit::Field::Key, *id});
    };
    exactKey(utf8(query.text), keyExact, true);
    exactKey(pattern.exact, keyExact, true);
    exactKey(utf8(query.raw), keyExact + 1, false);

    std::sort(hits.begin(), hits.end(), Scan::better);
    std::vector<SearchHit> out;
    std::vector<NodeId> seen;
    FuzzyMatcher matcher;
    std::vector<std::uint32_t> bytes;
    for (const Scan::Hit &hit : hits) {
        if (int(out.size()) >= limit)
            break;
        if (std::find(seen.begin(), seen.end(), hit.node) != seen.end())
            continue;  // a key found both by lookup and by the scan
        seen.push_back(hit.node);
        SearchHit result{hit.node, hit.score, hit.field, {}};
        if (hit.score >= keyExact) {
            for (int i = 0; i < int(g.keyString(hit.node).size()); ++i)
                result.positions.push_back(i);
        } else if (!pattern.empty()) {
            const bool name = hit.field == SearchHit::Field::Name;
            if (name)
                matcher.match(pattern, nameText(hit.node), &bytes);
            else
                keyScore(matcher, pattern, keyText(hit.node), &bytes);
            result.positions = utf16Positions(hit.node, hit.field, bytes);
        }
        out.push_back(std::move(result));
    }
    return out;
}

}  // namespace meshlens
