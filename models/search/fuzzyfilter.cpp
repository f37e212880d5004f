// FuzzyIndex::prepare(): a query's filters as a per-node predicate, and the smallest set of
// candidates a positive filter allows.

#include "fuzzyindex.h"
#include "fuzzypredicate.h"

#include <span>

namespace meshlens {

namespace {

std::string utf8(const QString &text) { return text.toUtf8().toStdString(); }

}  // namespace

bool FuzzyIndex::prepare(const SearchQuery &query, FuzzyIndexPredicate *predicate,
                         std::vector<NodeId> *narrowed) const
{
    const SnapshotGraph &g = *m_graph;
    // Case-insensitive "contains" over the folded strings.
    const auto containsAny = [](std::string_view text, const std::vector<std::string> &values) {
        const std::string folded = search::foldAll(text);
        return std::any_of(values.begin(), values.end(), [&](const std::string &v) {
            return folded.find(v) != std::string::npos;
        });
    };
    const auto nodesMatching = [&](EntityKind kind, const std::vector<std::string> &values) {
        SearchIdSet set;
        for (const NodeId id : g.nodesOfKind(kind)) {
            if (containsAny(g.name(id), values) || containsAny(g.key(id), values))
                set.ids.push_back(id);
        }
        std::sort(set.ids.begin(), set.ids.end());
        return set;
    };
    std::uint32_t narrowKinds = 0;
    for (const SearchFilter &filter : query.filters) {
        std::vector<std::string> values;
        for (const QString &v : filter.values)
            values.push_back(search::foldAll(utf8(v)));
        switch (filter.field) {
        case SearchFilter::Field::Kind: {
            const std::uint32_t bits = kindBits(filter);
            predicate->kinds &= filter.negated ? ~bits : bits;
            if (!filter.negated && !narrowKinds)
                narrowKinds = bits ? bits : 0x80000000u;  // no kind at all: nothing to scan
            break;
        }
        case SearchFilter::Field::Health: {
            const std::uint32_t bits = healthBits(filter);
            predicate->health &= filter.negated ? ~bits : bits;
            break;
        }
        case SearchFilter::Field::Owner: {
            SearchIdSet set;
            set.negated = filter.negated;
            for (const StringPool::Id owner : m_owners) {
                if (containsAny(g.strings().view(owner), values))
                    set.ids.push_back(owner);
            }
            predicate->owners.push_back(std::move(set));
            break;
        }
        case SearchFilter::Field::Domain:
        case SearchFilter::Field::Product: {
            const bool domain = filter.field == SearchFilter::Field::Domain;
            SearchIdSet set = nodesMatching(domain ? EntityKind::Domain : EntityKind::Product, values);
            set.negated = filter.negated;
            (domain ? predicate->domains : predicate->products).push_back(std::move(set));
            break;
        }
        }
    }
    // Narrow the scan to the nodes of the most selective positive filter, if any.
    enum class By { Product, Domain, Owner };
    const auto ownerNodes = [&](StringPool::Id owner) {
        const auto slot = std::size_t(std::lower_bound(m_owners.begin(), m_owners.end(), owner) - m_owners.begin());
        return std::span<const NodeId>(m_ownerNodes).subspan(m_ownerStart[slot], m_ownerStart[slot + 1] - m_ownerStart[slot]);
    };
    // Visits the nodes a set keeps: a product and its members, a domain and its products'.
    const auto forEach = [&](const SearchIdSet &set, By kind, auto &&visit) {
        for (const NodeId id : set.ids) {
            if (kind == By::Owner) {
                for (const NodeId n : ownerNodes(id))
                    visit(n);
                continue;
            }
            visit(id);
            for (const NodeId child : g.children(id)) {
                visit(child);
                if (kind == By::Domain && g.node(child).kind == EntityKind::Product) {
                    for (const NodeId member : g.children(child))
                        visit(member);
                }
            }
        }
    };
    const SearchIdSet *best = nullptr;
    By bestKind = By::Domain;
    std::size_t bestSize = 0;
    const auto consider = [&](const std::vector<SearchIdSet> &sets, By kind) {
        for (const SearchIdSet &set : sets) {
            if (set.negated)
                continue;
            std::size_t size = 0;
            forEach(set, kind, [&](NodeId) { ++size; });
            if (!best || size < bestSize) {
                best = &set;
                bestKind = kind;
                bestSize = size;
            }
        }
    };
    consider(predicate->products, By::Product);
    consider(predicate->domains, By::Domain);
    consider(predicate->owners, By::Owner);
    std::size_t kindSize = 0;
    for (int k = 0; k < kEntityKindCount; ++k) {
        if (narrowKinds & (1u << k))
            kindSize += g.nodesOfKind(EntityKind(k)).size();
    }
    if (best && (!narrowKinds || bestSize <= kindSize)) {
        narrowed->reserve(bestSize);
        forEach(*best, bestKind, [&](NodeId id) { narrowed->push_back(id); });
        return true;
    }
    if (narrowKinds) {
        for (int k = 0; k < kEntityKindCount; ++k) {
            if (narrowKinds & (1u << k)) {
                const auto nodes = g.nodesOfKind(EntityKind(k));
                narrowed->insert(narrowed->end(), nodes.begin(), nodes.end());
            }
        }
        return true;
    }
    return false;
}

}  // namespace meshlens
