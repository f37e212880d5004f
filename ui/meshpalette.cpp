#include "meshpalette.h"

#include <algorithm>
#include <array>

namespace meshlens::palette {

QColor domainColor(int index)
{
    // Categorical hues that stay clear of the health traffic lights (green, amber, red),
    // so a domain's colour is never read as a state. Distinguishable side by side, and
    // pleasant as the light tints the boxes use.
    static constexpr std::array<QRgb, 12> hues = {
        0x4e79a7, 0x76b7b2, 0xb07aa1, 0x9c755f, 0x6b5b95, 0xd37295,
        0x499894, 0x86a9d1, 0xa39994, 0x7f7f99, 0xc994bf, 0xb59a6d,
    };
    return QColor::fromRgb(hues[std::size_t(index < 0 ? 0 : index) % hues.size()]);
}

QColor domainColorFor(const SnapshotGraph &graph, NodeId domain)
{
    if (domain == kNoNode || domain >= graph.nodeCount())
        return QColor::fromRgb(0x8a939e);
    const auto domains = graph.nodesOfKind(EntityKind::Domain);
    const auto it = std::find(domains.begin(), domains.end(), domain);
    return domainColor(int(it - domains.begin()));
}

QColor healthColor(HealthState state)
{
    switch (state) {
    case HealthState::Pass: return QColor::fromRgb(0x2e9e44);
    case HealthState::Warn: return QColor::fromRgb(0xf0a30a);
    case HealthState::Fail: return QColor::fromRgb(0xd63b3b);
    case HealthState::Unknown: break;
    }
    return QColor::fromRgb(0x9aa0a6);
}

QColor freshnessColor(FreshnessState state)
{
    switch (state) {
    case FreshnessState::Fresh: return healthColor(HealthState::Pass);
    case FreshnessState::Late: return healthColor(HealthState::Warn);
    case FreshnessState::Stale: return healthColor(HealthState::Fail);
    case FreshnessState::NoSla: break;
    }
    return healthColor(HealthState::Unknown);
}

QColor canvasBackground()
{
    return QColor::fromRgb(0xf4f5f7);
}

QColor edgeColor()
{
    return QColor::fromRgb(0x5f6b7a);
}

QColor selectionColor()
{
    return QColor::fromRgb(0x1a5fd0);
}

QColor upstreamColor()
{
    return QColor::fromRgb(0xc25e00);
}

}  // namespace meshlens::palette
