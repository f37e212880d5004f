#pragma once

#include "mesh/snapshotgraph.h"

#include <atomic>

namespace meshlens {

enum class Direction : std::uint8_t { Upstream, Downstream, Both };
QString directionName(Direction direction);
bool parseDirection(QStringView text, Direction *out);

constexpr int kUnlimitedDepth = -1;

/// Nodes reached from a start node at one level, in breadth-first order, each with its
/// hop distance. The start node is first, at distance 0.
struct TraversalResult {
    Level level = Level::Dataset;
    std::vector<NodeId> nodes;
    std::vector<std::uint32_t> depth;  ///< parallel to nodes
    /// Edges among the reached nodes that the walk used (level-local edge indices).
    std::vector<std::uint32_t> edges;
};

/// Breadth-first walk over the level graph from `start` (a node of any kind: it is mapped to
/// its representative at `level`). `maxDepth` = kUnlimitedDepth walks the full closure.
/// Returns an empty result when `start` has no representative at that level.
/// `cancel`, when given, is polled and stops the walk early.
TraversalResult traverse(const SnapshotGraph &graph, NodeId start, Direction direction,
                         int maxDepth, Level level, const std::atomic_bool *cancel = nullptr);

}  // namespace meshlens
