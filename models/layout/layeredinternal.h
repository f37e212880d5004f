#pragma once

// Internals shared by the layered layout's source files (not part of the public API).

#include "layeredlayout.h"

#include <functional>
#include <span>

namespace meshlens::layered {

/// Compressed adjacency: neighbours of v are targets[offsets[v] .. offsets[v+1]).
struct Csr {
    std::vector<std::uint32_t> offsets;
    std::vector<std::uint32_t> targets;
    std::vector<std::uint32_t> edgeIds;
    std::uint32_t degree(std::uint32_t v) const { return offsets[v + 1] - offsets[v]; }
    std::span<const std::uint32_t> range(std::uint32_t v) const
    {
        return {targets.data() + offsets[v], targets.data() + offsets[v + 1]};
    }
};

/// Out- (or with `incoming`, in-) adjacency of a graph; self loops are left out.
Csr buildCsr(std::uint32_t vertexCount, const LayoutEdgeList &edges, bool incoming);

/// Network simplex on the layering: starting from the feasible `layer` (every edge u->v has
/// layer[u] < layer[v]), minimises the total edge span; stops after `maxIterations` pivots
/// (each one keeps the layering feasible and never lengthens the edges). Leftmost layer 0.
void networkSimplexLayers(std::uint32_t vertexCount, const LayoutEdgeList &edges,
                          std::vector<std::uint32_t> &layer, std::size_t maxIterations);

/// Renumbers layers so that none is empty (order kept).
void compactLayers(std::vector<std::uint32_t> &layer);

/// The proper layered graph: every edge joins consecutive layers. Vertices >= realCount are
/// dummies.
struct Proper {
    std::uint32_t realCount = 0;
    std::vector<std::uint32_t> layerOf;
    LayoutEdgeList edges;
    Csr succ, pred;
    std::vector<std::vector<std::uint32_t>> order;  ///< per layer, top to bottom
};

/// Fills g.order: DFS initial orders, median/barycenter sweeps with transpositions keeping
/// the best. `drawnCrossings` (optional) scores g.order as drawn (straight-line crossings);
/// it chooses among several starts.
void orderLayers(Proper &g, const LayeredOptions &options, std::uint64_t *initialCrossings,
                 std::uint64_t *finalCrossings, const std::function<std::uint64_t()> &drawnCrossings = {});

/// Centres of all vertices (dummies included) for the order in g.order.
std::vector<LayoutPoint> assignCoordinates(const Proper &g, const LayeredOptions &options,
                                           std::span<const LayoutSize> sizes);

}  // namespace meshlens::layered
