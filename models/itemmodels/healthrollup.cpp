#include "healthrollup.h"

#include <algorithm>

namespace meshlens {

namespace {

// A container (port, product, domain) without results of its own starts from "nothing
// known yet" rather than Unknown: otherwise Unknown, which is worse than Pass, would
// turn every container whose datasets all pass into Unknown.
bool isContainer(EntityKind kind)
{
    return kind == EntityKind::Domain || kind == EntityKind::Product || kind == EntityKind::Port;
}

constexpr std::uint8_t kNone = 0xFF;

void worsen(std::uint8_t &state, HealthState other)
{
    state = state == kNone ? std::uint8_t(other) : std::max(state, std::uint8_t(other));
}

}  // namespace

std::vector<HealthState> HealthRollup::all(const SnapshotGraph &graph)
{
    std::vector<std::uint8_t> state(graph.nodeCount());
    for (NodeId id = 0; id < graph.nodeCount(); ++id) {
        const SnapshotNode &node = graph.node(id);
        state[id] = isContainer(node.kind) && node.quality == HealthState::Unknown
            ? kNone : std::uint8_t(node.quality);
    }
    // Datasets into ports and products, then products into domains.
    for (const NodeId dataset : graph.nodesOfKind(EntityKind::Dataset)) {
        const NodeId product = graph.node(dataset).parent;
        if (product != kNoNode && graph.node(product).kind == EntityKind::Product)
            worsen(state[product], HealthState(state[dataset]));
    }
    for (const NodeId port : graph.nodesOfKind(EntityKind::Port)) {
        for (const NodeId dataset : graph.portDatasets(port))
            worsen(state[port], HealthState(state[dataset]));
    }
    for (const NodeId product : graph.nodesOfKind(EntityKind::Product)) {
        const NodeId domain = graph.node(product).parent;
        if (domain != kNoNode && graph.node(domain).kind == EntityKind::Domain
            && state[product] != kNone)
            worsen(state[domain], HealthState(state[product]));
    }
    std::vector<HealthState> out(state.size());
    for (std::size_t i = 0; i < state.size(); ++i)
        out[i] = state[i] == kNone ? HealthState::Unknown : HealthState(state[i]);
    return out;
}

namespace {

std::uint8_t rollUp(const SnapshotGraph &graph, NodeId id)
{
    const SnapshotNode &node = graph.node(id);
    std::uint8_t state = isContainer(node.kind) && node.quality == HealthState::Unknown
        ? kNone : std::uint8_t(node.quality);
    switch (node.kind) {
    case EntityKind::Domain:
        for (const NodeId child : graph.children(id)) {
            if (graph.node(child).kind != EntityKind::Product)
                continue;
            if (const auto s = rollUp(graph, child); s != kNone)
                worsen(state, HealthState(s));
        }
        break;
    case EntityKind::Product:
        for (const NodeId child : graph.children(id)) {
            if (graph.node(child).kind == EntityKind::Dataset)
                worsen(state, graph.node(child).quality);
        }
        break;
    case EntityKind::Port:
        for (const NodeId dataset : graph.portDatasets(id))
            worsen(state, graph.node(dataset).quality);
        break;
    case EntityKind::Dataset:
    case EntityKind::Job:
        break;
    }
    return state;
}

}  // namespace

HealthState HealthRollup::of(const SnapshotGraph &graph, NodeId id)
{
    const std::uint8_t state = rollUp(graph, id);
    return state == kNone ? HealthState::Unknown : HealthState(state);
}

}  // namespace meshlens
