#include "freshnessrollup.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

QString freshnessLabel(FreshnessState state)
{
    switch (state) {
    case FreshnessState::Fresh: return u"Fresh"_s;
    case FreshnessState::Late: return u"Late"_s;
    case FreshnessState::Stale: return u"Stale"_s;
    case FreshnessState::NoSla: break;
    }
    return u"No SLA"_s;
}

Timestamp FreshnessRollup::referenceTime(const SnapshotGraph &graph)
{
    if (graph.asOf() > 0)
        return graph.asOf();
    Timestamp newest = 0;
    for (NodeId id = 0; id < graph.nodeCount(); ++id)
        newest = std::max(newest, graph.node(id).newestData);
    return newest;
}

FreshnessState FreshnessRollup::ofDataset(const SnapshotNode &node, Timestamp now)
{
    if (node.freshnessSlaSeconds <= 0)
        return FreshnessState::NoSla;
    if (node.newestData <= 0)
        return FreshnessState::Stale;
    const qint64 slaMs = node.freshnessSlaSeconds * 1000;
    const qint64 age = now - node.newestData;
    if (age <= slaMs)
        return FreshnessState::Fresh;
    return age <= 2 * slaMs ? FreshnessState::Late : FreshnessState::Stale;
}

std::vector<FreshnessState> FreshnessRollup::all(const SnapshotGraph &graph)
{
    return all(graph, referenceTime(graph));
}

std::vector<FreshnessState> FreshnessRollup::all(const SnapshotGraph &graph, Timestamp now)
{
    std::vector<FreshnessState> state(graph.nodeCount(), FreshnessState::NoSla);
    const auto worsen = [&](NodeId into, FreshnessState s) {
        if (into != kNoNode)
            state[into] = std::max(state[into], s);
    };
    for (const NodeId dataset : graph.nodesOfKind(EntityKind::Dataset))
        state[dataset] = ofDataset(graph.node(dataset), now);
    for (const NodeId port : graph.nodesOfKind(EntityKind::Port)) {
        // A port's own SLA (from its contract) also counts when it carries data times.
        state[port] = ofDataset(graph.node(port), now);
        for (const NodeId dataset : graph.portDatasets(port))
            worsen(port, state[dataset]);
    }
    for (const NodeId dataset : graph.nodesOfKind(EntityKind::Dataset)) {
        const NodeId product = graph.node(dataset).parent;
        if (product != kNoNode && graph.node(product).kind == EntityKind::Product)
            worsen(product, state[dataset]);
    }
    for (const NodeId product : graph.nodesOfKind(EntityKind::Product)) {
        const NodeId domain = graph.node(product).parent;
        if (domain != kNoNode && graph.node(domain).kind == EntityKind::Domain)
            worsen(domain, state[product]);
    }
    return state;
}

qint64 FreshnessRollup::ageSeconds(const SnapshotGraph &graph, NodeId id)
{
    const Timestamp newest = graph.node(id).newestData;
    if (newest <= 0)
        return -1;
    return std::max<qint64>(0, (referenceTime(graph) - newest) / 1000);
}

}  // namespace meshlens
