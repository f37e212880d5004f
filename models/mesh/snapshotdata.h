#pragma once

#include "meshtypes.h"
#include "stringpool.h"

#include <cstdint>
#include <vector>

namespace meshlens {

using NodeId = std::uint32_t;
constexpr NodeId kNoNode = 0xFFFFFFFFu;

/// One entity alive at the snapshot's time, as the cache loader hands it to the graph.
/// Strings are ids into SnapshotData::strings. 48 bytes; a million of them fit easily.
struct SnapshotNode {
    EntityKind kind = EntityKind::Dataset;
    HealthState quality = HealthState::Unknown;  ///< worst of the latest result of each check
    std::uint8_t direction = 0;                  ///< ports: PortDirection
    NodeId parent = kNoNode;  ///< dataset/port/job -> product, product -> domain
    StringPool::Id key = 0;
    StringPool::Id name = 0;
    StringPool::Id owner = 0;
    StringPool::Id detail = 0;  ///< dataset: namespace; product: tier; job: namespace
    std::int64_t cacheId = 0;   ///< the entity's id in the cache, for detail queries
    Timestamp newestData = 0;   ///< latest freshness observation's data time, 0 if none
    std::int64_t freshnessSlaSeconds = 0;  ///< from a contract, 0 if none
};

/// Dataset -> dataset lineage edge between node indices.
struct SnapshotEdge {
    NodeId from = kNoNode;
    NodeId to = kNoNode;
    NodeId job = kNoNode;
};

/// Everything the cache loader reads for "the mesh as of T", in plain arrays.
/// SnapshotGraph::build() turns it into the immutable graph.
struct SnapshotData {
    Timestamp asOf = 0;
    /// The cache file it was read from (empty when built in memory): detail queries, such
    /// as the inspector's facets, read it by SnapshotNode::cacheId.
    QString cachePath;
    /// How many connections read it: 2 when a big cache was read on two cores.
    int connections = 1;
    StringPool strings;
    std::vector<SnapshotNode> nodes;
    std::vector<SnapshotEdge> edges;
    /// (port node, dataset node) pairs: which datasets each port exposes or consumes.
    std::vector<std::pair<NodeId, NodeId>> portDatasets;
    /// The key index of `nodes` (SnapshotGraph::makeKeyIndex()) when the loader built it
    /// alongside its other queries; empty: SnapshotGraph::build() makes it.
    std::vector<NodeId> keyIndex;
};

}  // namespace meshlens
