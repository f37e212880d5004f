#pragma once

#include "snapshotdata.h"

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace meshlens {

/// The level at which lineage is looked at. Product and domain edges are aggregated from
/// dataset edges that cross product (domain) boundaries, with the number of dataset edges.
enum class Level : std::uint8_t { Dataset = 0, Product = 1, Domain = 2 };

QString levelName(Level level);
bool parseLevel(QStringView text, Level *out);
EntityKind levelEntityKind(Level level);

/// A directed graph over the nodes of one level, in Boost.Graph's bidirectional compressed
/// sparse row form (32-bit vertex and edge indices), so Boost.Graph algorithms run on it
/// directly. Vertices are level-local indices; toGlobal/toLocal map to snapshot NodeIds.
struct LevelGraph {
    using Csr = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                                   boost::no_property, boost::no_property,
                                                   std::uint32_t, std::uint32_t>;
    Csr graph;
    std::vector<NodeId> toGlobal;       ///< local vertex -> NodeId
    std::vector<std::uint32_t> weight;  ///< per edge index: number of dataset edges behind it

    std::uint32_t vertexCount() const { return static_cast<std::uint32_t>(toGlobal.size()); }
    std::uint32_t edgeCount() const { return static_cast<std::uint32_t>(weight.size()); }
    /// Source and target (local vertices) of the edge with index `e` (log V: a binary
    /// search over the row starts).
    std::pair<std::uint32_t, std::uint32_t> edgeEnds(std::uint32_t e) const;
};

/// The mesh as of one point in time: immutable once built, shared read-only between
/// threads. Dense NodeIds, interned strings, compressed adjacency in both directions at
/// dataset, product and domain level.
class SnapshotGraph
{
public:
    /// Builds the graph; `data` is consumed. Edges whose ends are not datasets are dropped.
    static std::shared_ptr<const SnapshotGraph> build(SnapshotData &&data);
    /// The open-addressing key -> node index of `nodes` (a power-of-two table of NodeIds,
    /// kNoNode for empty slots). Only reads `nodes[i].key` and `strings`, so a loader can
    /// build it on another thread while it fills the nodes' other fields.
    static std::vector<NodeId> makeKeyIndex(
        const StringPool &strings, const std::vector<SnapshotNode> &nodes);

    Timestamp asOf() const { return m_asOf; }
    /// The cache the snapshot was loaded from; empty when it was built in memory.
    const QString &cachePath() const { return m_cachePath; }

    std::uint32_t nodeCount() const { return static_cast<std::uint32_t>(m_nodes.size()); }
    const SnapshotNode &node(NodeId id) const { return m_nodes[id]; }
    std::string_view key(NodeId id) const { return m_strings.view(m_nodes[id].key); }
    std::string_view name(NodeId id) const { return m_strings.view(m_nodes[id].name); }
    std::string_view owner(NodeId id) const { return m_strings.view(m_nodes[id].owner); }
    std::string_view detail(NodeId id) const { return m_strings.view(m_nodes[id].detail); }
    QString keyString(NodeId id) const { return m_strings.string(m_nodes[id].key); }
    QString nameString(NodeId id) const { return m_strings.string(m_nodes[id].name); }
    const StringPool &strings() const { return m_strings; }

    std::optional<NodeId> find(std::string_view key) const;

    /// All nodes of one kind, in load order.
    std::span<const NodeId> nodesOfKind(EntityKind kind) const;
    /// Direct children: domain -> products; product -> ports, datasets, jobs.
    std::span<const NodeId> children(NodeId id) const;
    /// The enclosing node of the given kind (a dataset's product or domain), or kNoNode.
    NodeId ancestor(NodeId id, EntityKind kind) const;
    /// Datasets a port exposes or consumes.
    std::span<const NodeId> portDatasets(NodeId port) const;

    const LevelGraph &level(Level level) const { return m_levels[static_cast<int>(level)]; }
    /// The node standing for `id` at `level` (a dataset's product at Product level), or kNoNode.
    NodeId representative(NodeId id, Level level) const;
    /// Level-local vertex of a node, or UINT32_MAX when it is not a vertex of that level.
    std::uint32_t toLocal(NodeId id, Level level) const;

    std::size_t edgeCount() const { return level(Level::Dataset).edgeCount(); }
    /// Approximate heap bytes held by the graph (for the benchmarks).
    std::size_t memoryBytes() const;

private:
    SnapshotGraph() = default;

    Timestamp m_asOf = 0;
    QString m_cachePath;
    StringPool m_strings;
    std::vector<SnapshotNode> m_nodes;
    // Nodes grouped by kind, and children grouped by parent, as offset arrays.
    std::vector<std::uint32_t> m_kindOffsets;
    std::vector<NodeId> m_byKind;
    std::vector<std::uint32_t> m_childOffsets;
    std::vector<NodeId> m_children;
    std::vector<std::uint32_t> m_portOffsets;
    std::vector<NodeId> m_portDatasets;
    // Open-addressing hash of key -> NodeId.
    std::vector<NodeId> m_keyIndex;
    std::uint64_t m_keyMask = 0;
    LevelGraph m_levels[3];
    std::vector<std::uint32_t> m_local[3];  // NodeId -> level-local vertex

    void buildIndexes();
    void buildKeyIndex(std::vector<NodeId> &&prebuilt);
    void buildLevels(std::vector<SnapshotEdge> &&edges);
};

using SnapshotPtr = std::shared_ptr<const SnapshotGraph>;

}  // namespace meshlens
