#pragma once

// The filters of a quick-open query as FuzzyIndex evaluates them per node; shared by the
// code that builds them from a SearchQuery (fuzzyfilter.cpp) and the scan (fuzzysearch.cpp).

#include "mesh/snapshotgraph.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace meshlens {

// Which nodes a node-valued filter (domain, product, owner) keeps, as sorted ids.
struct SearchIdSet {
    std::vector<std::uint32_t> ids;
    bool negated = false;
    bool allows(std::uint32_t id) const
    {
        return std::binary_search(ids.begin(), ids.end(), id) != negated;
    }
};

/// The filters of one query, evaluated per node.
struct FuzzyIndexPredicate {
    std::uint32_t kinds = 0xFFFFFFFFu;
    std::uint32_t health = 0xFFFFFFFFu;
    std::vector<SearchIdSet> owners, domains, products;

    bool trivial() const
    {
        return kinds == 0xFFFFFFFFu && health == 0xFFFFFFFFu && owners.empty() && domains.empty()
            && products.empty();
    }
    bool allows(const SnapshotGraph &g, const std::vector<std::uint8_t> &kindOf,
                const std::vector<std::uint8_t> &healthOf, NodeId id) const
    {
        if (!(kinds & (1u << kindOf[id])) || !(health & (1u << healthOf[id])))
            return false;
        for (const SearchIdSet &s : owners) {
            if (!s.allows(g.node(id).owner))
                return false;
        }
        for (const SearchIdSet &s : domains) {
            if (!s.allows(g.ancestor(id, EntityKind::Domain)))
                return false;
        }
        for (const SearchIdSet &s : products) {
            if (!s.allows(g.ancestor(id, EntityKind::Product)))
                return false;
        }
        return true;
    }
};


}  // namespace meshlens
