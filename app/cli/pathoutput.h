#pragma once

#include "mesh/snapshotgraph.h"

namespace meshlens {

/// `meshlens-cli lineage CACHE KEY --path-to OTHER`: every node on a lineage path between
/// the two (downstream from KEY, else upstream), printed like the lineage listing (signed
/// hops from KEY) or as JSON. Returns Success, or Finding when no path joins them.
int printPaths(const SnapshotGraph &graph, NodeId from, NodeId to, Level level, bool json);

}  // namespace meshlens
