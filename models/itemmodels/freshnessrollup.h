#pragma once

#include "mesh/snapshotgraph.h"

#include <cstdint>
#include <vector>

namespace meshlens {

/// How old a node's newest data is against its freshness SLA. Ordered from "least
/// worrying" to "worst", so a container takes the maximum of its children.
enum class FreshnessState : std::uint8_t {
    NoSla = 0,  ///< no freshness SLA applies (nothing to be late against)
    Fresh = 1,  ///< newest data no older than the SLA
    Late = 2,   ///< older than the SLA, but not more than twice
    Stale = 3,  ///< older than twice the SLA, or an SLA with no data ever observed
};

QString freshnessLabel(FreshnessState state);

/// Freshness for the freshness overlay. A dataset is judged on its own SLA and newest data
/// time; a port, product or domain takes the worst state of the datasets under it that
/// have an SLA (NoSla only when none has).
///
/// The clock: the snapshot's as-of time when it was loaded "as of T", otherwise the newest
/// data time anywhere in the snapshot. A mesh is judged against its own time, so a snapshot
/// opened offline months later does not turn everything stale; a pipeline that stopped
/// while the rest went on still shows as late.
class FreshnessRollup
{
public:
    static Timestamp referenceTime(const SnapshotGraph &graph);
    /// One dataset's own state at `now` (NoSla for nodes without an SLA).
    static FreshnessState ofDataset(const SnapshotNode &node, Timestamp now);
    /// Every node's state, rolled up, in one pass per level.
    static std::vector<FreshnessState> all(const SnapshotGraph &graph);
    /// The same at a clock the caller already has (referenceTime() is a pass over the nodes).
    static std::vector<FreshnessState> all(const SnapshotGraph &graph, Timestamp now);
    /// Age of a node's newest data at the reference time in seconds, -1 when unknown.
    static qint64 ageSeconds(const SnapshotGraph &graph, NodeId id);
};

}  // namespace meshlens
