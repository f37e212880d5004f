#pragma once

#include "mesh/snapshotgraph.h"

#include <vector>

namespace meshlens {

/// Quality rolled up as DESIGN.md ("Health") puts it: a dataset's checks roll up to the
/// ports that expose it, to its product and to the product's domain; the worst state wins
/// and Unknown (a dataset without results) is worse than Pass. Jobs take no part: they run
/// checks, they do not hold data.
///
/// The snapshot's own per-node state is kept and only ever worsened, so once the loader
/// rolls up itself this gives the same answer.
class HealthRollup
{
public:
    /// Every node's rolled-up state in one pass over the nodes (once per snapshot).
    static std::vector<HealthState> all(const SnapshotGraph &graph);
    /// One node's state, linear only in what lies under it (a click, not the mesh).
    static HealthState of(const SnapshotGraph &graph, NodeId id);
};

}  // namespace meshlens
