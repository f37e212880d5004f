#pragma once

// Expanding a lineage view without losing one's place: the nodes already shown keep their
// coordinates and the new ones are put next to the node they were reached from. Pure
// computation (no Qt Gui); safe on any thread.

#include "focuslayout.h"

#include <optional>

namespace meshlens {

/// Lays out `subgraph` keeping every node `previous` showed exactly where it was (so each
/// layer keeps its order and the view need not move). A node new to it goes one layer
/// upstream or downstream of an already placed neighbour (`anchor`, the node just expanded,
/// when it is one), stacked with the other new nodes of that neighbour and side as a block
/// centred as near that neighbour's height as the boxes and edge bends of that layer allow.
/// Edges between old nodes keep their routes; the others run straight between the boxes
/// (marked reversed when they point leftwards). Empty when `previous` has another level,
/// shares no node with `subgraph`, or a new node is joined to no placed node by any path
/// (callers then lay the subgraph out afresh).
std::optional<FocusLayout> layoutSubgraphKeeping(FocusSubgraph subgraph, const FocusLayout &previous,
                                                 NodeId anchor = kNoNode);

/// focusSubgraph() laid out by layoutSubgraphKeeping(), or by layoutSubgraph() when that
/// cannot keep the old places.
FocusLayout layoutFocusKeeping(const SnapshotGraph &graph, const FocusRequest &request,
                               const FocusLayout &previous, NodeId anchor,
                               const std::atomic_bool *cancel = nullptr);

}  // namespace meshlens
