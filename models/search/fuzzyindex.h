#pragma once

#include "fuzzymatch.h"
#include "searchquery.h"

#include "mesh/snapshotgraph.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace meshlens {

struct FuzzyIndexPredicate;

/// One result of a quick-open search.
struct SearchHit {
    enum class Field : std::uint8_t { Name, Key };
    NodeId node = kNoNode;
    int score = 0;
    Field field = Field::Name;  ///< which string matched (and `positions` index into)
    /// Matched characters as UTF-16 indices into the node's name (nameString) or key
    /// (keyString), ascending; empty for filter-only queries and pinned exact keys.
    std::vector<int> positions;
};

/// Quick-open search over every node of one snapshot: names and keys, fuzzy (see
/// fuzzymatch.h for the scoring), with the filters of SearchQuery.
///
/// Ranking: an exact key, then an exact name (whole string, case-insensitive), then names
/// and keys equal but for separators, then by fuzzy score: a name, or a key's body (the key
/// after "kind:", the node's qualified name) get kNameBonus, a match through "kind:" not;
/// on equal scores the shorter matched text (name or key body) first, then load order. The text itself is not copied: matching
/// reads the snapshot's string pool (ASCII lowered on the fly); only names and keys with
/// non-ASCII characters get a folded copy. Per node the index keeps a character mask (the
/// prefilter), the name and key lengths (plain and without separators), where the name is,
/// the key's shared prefix, the length of its "kind:", kind and rolled-up health: 28 bytes.
///
/// A query scans the candidates (all nodes, or what a kind/domain/product filter narrows
/// them to) on two threads, each keeping its best `limit`: a node whose best possible score
/// cannot beat the current last one is skipped before its text is read, a node missing a
/// character of the query by its mask. Immutable once built; search() may run on any thread.
class FuzzyIndex
{
public:
    static constexpr int kNameBonus = 12;
    static constexpr int kExact = 1000;
    /// Equal but for separators: "sales orders" for the name sales_orders, or for the key
    /// product:sales.orders (a key is compared without its "kind:" prefix).
    static constexpr int kLoose = 500;
    static constexpr int kDefaultLimit = 50;

    static std::shared_ptr<const FuzzyIndex> build(SnapshotPtr graph, int threads = 2);

    /// The best `limit` hits, best first. An empty query (no text, no filter) finds nothing.
    std::vector<SearchHit> search(const SearchQuery &query, int limit = kDefaultLimit,
                                  int threads = 2) const;
    std::vector<SearchHit> search(QStringView query, int limit = kDefaultLimit) const
    {
        return search(SearchQuery::parse(query), limit);
    }

    const SnapshotPtr &graph() const { return m_graph; }
    /// Rolled-up quality (HealthRollup) of a node, as the health filter sees it.
    HealthState health(NodeId id) const { return HealthState(m_health[id]); }
    std::uint32_t size() const { return std::uint32_t(m_mask.size()); }
    /// Heap bytes held by the index itself (the snapshot it reads is not counted).
    std::size_t memoryBytes() const;

private:
    static constexpr std::uint8_t kNoName = 1;  // nameless node: its key is what users see
    static constexpr std::uint8_t kFolded = 2;  // non-ASCII text: match the copy in m_folded
    static constexpr std::uint8_t kFar = 4;     // name beyond 4 GiB into the pool: no offset
    static constexpr std::uint32_t kNoPrefix = 0xFFFFFFFFu;

    struct Folded {
        std::string name;
        std::string key;
    };
    struct Scan;
    struct BuildPart;

    explicit FuzzyIndex(SnapshotPtr graph) : m_graph(std::move(graph)) {}
    void buildRange(NodeId begin, NodeId end, BuildPart &part);
    std::string_view nameText(NodeId id) const;
    /// nameText() without going through the snapshot's node and offset arrays (a named node
    /// whose key has a prefix, so its name is shorter than FuzzyMatcher::kMaxText).
    std::string_view nameTextFast(NodeId id) const
    {
        return (m_flags[id] & (kFolded | kFar)) ? nameText(id)
                                                : std::string_view(m_poolBase + m_nameOffset[id], m_nameLength[id]);
    }
    std::string_view keyText(NodeId id) const;
    /// A key without its "kind:" prefix ("sales.orders" for "product:sales.orders").
    static std::string_view keyBody(std::string_view key);
    /// A key's fuzzy score: its body as a name (kNameBonus included), or the whole key
    /// when an alignment through "kind:" scores more. Positions index the whole key.
    static int keyScore(search::FuzzyMatcher &matcher, const search::FuzzyPattern &pattern,
                        std::string_view key, std::vector<std::uint32_t> *positions = nullptr);
    /// The query's filters as a predicate; true (and the candidates in `narrowed`) when a
    /// product, domain or kind filter narrows the scan to fewer nodes than all.
    bool prepare(const SearchQuery &query, FuzzyIndexPredicate *predicate,
                 std::vector<NodeId> *narrowed) const;
    std::vector<int> utf16Positions(NodeId id, SearchHit::Field field,
                                    const std::vector<std::uint32_t> &bytes) const;

    SnapshotPtr m_graph;
    std::vector<std::uint64_t> m_mask;      // charMask of the name, and of the key without a prefix
    std::vector<std::uint16_t> m_nameLength;  // folded bytes; the key's for a nameless node
    std::vector<std::uint16_t> m_keyLength;   // folded bytes, at most FuzzyMatcher::kMaxText
    std::vector<std::uint16_t> m_looseName;   // search::looseLength of the name (capped)
    std::vector<std::uint16_t> m_looseKey;    // ... of the key without its "kind:" prefix
    std::vector<std::uint8_t> m_kindLength;   // bytes of that "kind:" prefix (0: none)
    std::vector<std::uint8_t> m_health;     // HealthRollup::all
    std::vector<std::uint8_t> m_kind;       // EntityKind, for the kind filter
    std::vector<std::uint32_t> m_nameOffset;  // of the name in the string pool's characters
    const char *m_poolBase = nullptr;
    std::vector<std::uint8_t> m_flags;      // kNoName, kFolded
    std::unordered_map<NodeId, Folded> m_folded;  // nodes with non-ASCII text
    std::vector<StringPool::Id> m_owners;   // distinct owner strings, sorted
    std::vector<std::uint32_t> m_ownerStart;  // per m_owners slot, into m_ownerNodes (+1 end)
    std::vector<NodeId> m_ownerNodes;       // the nodes of each owner, grouped by slot
    // Where a key is a prefix followed by the name, the prefix (folded) is shared: a query
    // scans each prefix once, then per node only the name.
    std::vector<std::uint32_t> m_prefix;    // index into m_prefixes, or kNoPrefix
    std::vector<std::string> m_prefixes;
};

using FuzzyIndexPtr = std::shared_ptr<const FuzzyIndex>;

}  // namespace meshlens
