#pragma once

// The neighbourhood of one node, laid out left to right: what the lineage view draws and
// `meshlens-cli layout --focus` writes. Pure computation (no Qt Gui); safe on any thread.

#include "graph/traversal.h"
#include "layeredlayout.h"
#include "mesh/snapshotgraph.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace meshlens {

struct FocusRequest {
    NodeId focus = kNoNode;  ///< any node; it is shown by its representative at `level`
    Level level = Level::Dataset;
    int upstreamDepth = 1;    ///< hops upstream (kUnlimitedDepth: the whole closure)
    int downstreamDepth = 1;  ///< hops downstream (kUnlimitedDepth: the whole closure)
    std::vector<NodeId> hidden;  ///< nodes left out, and what is reached only through them
    std::vector<NodeId> expandUp;    ///< shown nodes whose direct upstream is added as well
    std::vector<NodeId> expandDown;  ///< shown nodes whose direct downstream is added as well
    std::uint32_t maxNodes = 2500;  ///< nearest first; the rest is cut (see truncatedFrom)
    /// With pathRequested: instead of the neighbourhood, every node on a lineage path
    /// between the focus and pathTo (downstream from the focus, else upstream), depths and
    /// expansions ignored, hidden nodes avoided.
    NodeId pathTo = kNoNode;
    bool pathRequested = false;
};

/// The nodes and edges to draw: vertices are NodeIds of the level, edges index into them.
struct FocusSubgraph {
    Level level = Level::Dataset;
    NodeId focus = kNoNode;  ///< the focus's representative at the level
    std::vector<NodeId> nodes;        ///< focus first, then by distance
    std::vector<int> distance;        ///< parallel: < 0 upstream, > 0 downstream, 0 focus
    LayoutEdgeList edges;             ///< indices into nodes
    std::vector<std::uint32_t> weight;  ///< per edge: dataset edges behind it
    std::uint32_t truncatedFrom = 0;  ///< > 0: that many were reachable, nodes.size() kept
    /// Path requests: the other end's representative (kNoNode when it has none at the
    /// level), and whether any path joins the two (if not, only the focus is shown).
    NodeId pathTo = kNoNode;
    bool pathFound = false;
};

/// Walks up and down from the focus (each side to its own depth), skipping hidden nodes, and
/// keeps every edge among the reached nodes. Empty when the focus has no node at the level.
FocusSubgraph focusSubgraph(const SnapshotGraph &graph, const FocusRequest &request,
                            const std::atomic_bool *cancel = nullptr);

struct FocusNodePlacement {
    LayoutPoint centre;
    LayoutSize size;
};

struct FocusLayout {
    FocusSubgraph subgraph;
    std::vector<FocusNodePlacement> nodes;          ///< parallel to subgraph.nodes
    std::vector<std::vector<LayoutPoint>> edgePoints;  ///< per edge: centre, bends, centre
    std::vector<bool> reversed;                     ///< per edge: drawn against the layers
    LayoutPoint topLeft, bottomRight;               ///< bounds of the boxes
    std::uint64_t crossings = 0;                    ///< between adjacent layers, with bends
};

/// Box size per level: datasets are the widest (long table names), domains the tallest.
LayoutSize focusBoxSize(Level level);
/// Gap between two boxes of one layer, and between two layers (room for the curves to turn).
inline constexpr double kFocusNodeSeparation = 18;
inline constexpr double kFocusLayerGap = 110;

/// focusSubgraph() laid out with the layered engine.
FocusLayout layoutFocus(const SnapshotGraph &graph, const FocusRequest &request,
                        const std::atomic_bool *cancel = nullptr);
/// Every node of a level and every edge among them (no focus: focus is kNoNode and every
/// distance 1). Meant for the domain level and small meshes.
FocusLayout layoutLevel(const SnapshotGraph &graph, Level level);
/// Lays out an already chosen subgraph.
FocusLayout layoutSubgraph(FocusSubgraph subgraph);

}  // namespace meshlens
