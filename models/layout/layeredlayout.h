#pragma once

// Layered (Sugiyama) layout of a directed graph, layers running left to right.
//
// Pure computation on integer ids and contiguous arrays: no Qt types, safe on any thread.
// Steps: cycle breaking (greedy Eades–Lin–Smyth feedback arc set), layering (longest path, then
// local moves and promote layering, which shorten edges; small graphs also try network simplex,
// the least total span, and keep the drawing with fewer straight-line crossings), dummy vertices
// on long edges, crossing reduction (weighted-median sweeps, each followed by adjacent
// transpositions until none helps, keeping the best order), coordinates by Brandes–Köpf (four
// alignments balanced; type-1 conflicts marked, so the inner segments of long edges are straight).

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace meshlens {

struct LayoutPoint {
    double x = 0;
    double y = 0;
    friend bool operator==(const LayoutPoint &, const LayoutPoint &) = default;
};

struct LayoutSize {
    double width = 100;
    double height = 30;
};

using LayoutEdgeList = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

struct LayeredOptions {
    LayoutSize defaultSize;       ///< for vertices without an explicit size
    double nodeSeparation = 20;   ///< gap between two boxes of one layer (along y)
    double dummySeparation = 10;  ///< gap next to a dummy (edge) vertex
    double layerGap = 40;         ///< gap between two layers (along x): spacing = gap + width
    int sweeps = 24;              ///< median sweeps (each one down or up); the best order wins
    int transposeRounds = 6;      ///< rounds of adjacent transpositions after each sweep
    int coordinatePasses = 8;     ///< unused since Brandes–Köpf coordinates (kept for callers)
    /// Graphs with at most this many vertices (lineage views, mostly) are also laid out on the
    /// network-simplex layering and the drawing with fewer straight-line crossings is kept;
    /// their crossing reduction also starts a second time from the sinks' DFS order.
    std::uint32_t exactLayeringUpTo = 800;
};

struct LayeredResult {
    std::vector<LayoutPoint> positions;  ///< per vertex: centre, in scene units
    std::vector<std::uint32_t> layer;    ///< per vertex: its layer (0 = leftmost)
    std::vector<bool> reversed;          ///< per edge: reversed to break a cycle
    /// Per edge: from the source centre through the dummy vertices to the target centre
    /// (in the edge's own direction, also for reversed edges). Self loops: two equal points.
    std::vector<std::vector<LayoutPoint>> edgePoints;
    /// Per layer, the vertices in their final order top to bottom; ids >= vertexCount are
    /// dummies.
    std::vector<std::vector<std::uint32_t>> layers;
    /// Per edge: its dummy vertices from the layer-wise lower end to the upper end.
    std::vector<std::vector<std::uint32_t>> dummies;
    std::uint32_t dummyCount = 0;
    /// Crossings between adjacent layers of the proper (dummy-expanded) layered graph:
    /// for the initial order and for the final one.
    std::uint64_t initialCrossings = 0;
    std::uint64_t crossings = 0;
};

/// Lays out `vertexCount` vertices with the given edges (self loops and parallel edges are
/// allowed). `sizes` is empty (all defaultSize) or one size per vertex. Deterministic.
LayeredResult layeredLayout(std::uint32_t vertexCount, const LayoutEdgeList &edges,
                            const LayeredOptions &options = {},
                            std::span<const LayoutSize> sizes = {});

// ---- pieces, exposed for tests ------------------------------------------------------------

/// Edges to reverse so that the rest is acyclic (greedy Eades–Lin–Smyth feedback arc set;
/// a DAG keeps every edge; self loops are never reversed).
std::vector<bool> breakCycles(std::uint32_t vertexCount, const LayoutEdgeList &edges);

/// Layers for an acyclic graph (edges already oriented): every edge u->v, u != v, gets
/// layer[u] < layer[v]. Longest path, then moves that shorten the total edge span (single
/// vertices, then promote layering: a vertex moved with the neighbours it pushes along).
std::vector<std::uint32_t> assignLayers(std::uint32_t vertexCount, const LayoutEdgeList &edges);

/// Crossings between consecutive layers: `order[k]` lists the vertices of layer k in order,
/// `edges` join vertices of consecutive layers only (either direction). O(E log V).
std::uint64_t countLayerCrossings(const std::vector<std::vector<std::uint32_t>> &order,
                                  std::span<const std::uint32_t> layerOf,
                                  const LayoutEdgeList &edges);

/// Exact number of proper crossings when every edge is a straight segment between node
/// centres — the definition of /work/shared/bench/crossings.py: the layer axis is the one
/// with fewer distinct coordinates (rounded to 0.1), each edge is cut into pieces between
/// consecutive level lines, and two pieces cross iff their orders at both ends are strictly
/// inverted. Edges on one level line and self loops are not counted.
std::uint64_t countCrossings(std::span<const LayoutPoint> positions, const LayoutEdgeList &edges);
/// The same, counting only edges whose ends lie on consecutive levels ("crossings_adjacent").
std::uint64_t countAdjacentCrossings(std::span<const LayoutPoint> positions,
                                     const LayoutEdgeList &edges);

}  // namespace meshlens
