#pragma once

// Where the cache writer finds the facet row of an (entity, facet name) pair in a new file,
// whose unique index on the pair is built at the end (CacheWriter::writeFacets()). Internal
// to models/cache.

#include "mesh/meshtypes.h"

#include <QHash>

#include <vector>

namespace meshlens {

/// A facet row the writer knows: its id and the observation time it holds.
struct FacetRow {
    qint64 id = 0;
    Timestamp at = 0;
};

/// (entity id, facet name id) -> FacetRow. Entity ids are the cache's own, given one after the
/// other, and an entity has a few facets: a list per entity, its head in a vector indexed by
/// the id. A lookup is one or two reads, with no hashing and no rehash as it grows (a QHash
/// of the pairs took ~55 ms of 300k facet rows at 100k OpenLineage events). Ids past
/// kMaxDirectId (never given by a writer, but a file may hold anything) go to a hash.
class FacetRowIndex
{
public:
    FacetRow *find(qint64 entity, qint64 name);
    /// Adds a pair that find() did not find.
    void insert(qint64 entity, qint64 name, FacetRow row);
    void clear();
    qsizetype size() const { return qsizetype(m_nodes.size()) + m_far.size(); }

    static constexpr qint64 kMaxDirectId = qint64(1) << 26;

private:
    struct Node {
        qint64 name;
        FacetRow row;
        qint32 next; // index in m_nodes, -1 at the end
    };
    std::vector<qint32> m_head; // by entity id: first node, -1 for none
    std::vector<Node> m_nodes;
    QHash<QPair<qint64, qint64>, FacetRow> m_far;
};

} // namespace meshlens
