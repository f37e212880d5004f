#include "stablefocuslayout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace meshlens {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kBendHalfHeight = 5;  // room kept around an old edge's bend

struct Span {
    double top = 0;
    double bottom = 0;
};

// Layers are columns of equal x; keys survive the rounding of x sums.
long long columnKey(double x)
{
    return std::llround(x);
}

// The centre nearest `desired` for a block `height` tall in a column whose taken spans are
// `taken`, keeping `gap` to each of them.
double nearestFree(const std::vector<Span> &taken, double desired, double height, double gap)
{
    std::vector<std::pair<double, double>> forbidden;  // open intervals of centres
    forbidden.reserve(taken.size());
    for (const Span &s : taken)
        forbidden.emplace_back(s.top - gap - height / 2, s.bottom + gap + height / 2);
    std::sort(forbidden.begin(), forbidden.end());
    std::vector<std::pair<double, double>> merged;
    for (const auto &f : forbidden) {
        if (!merged.empty() && f.first < merged.back().second)
            merged.back().second = std::max(merged.back().second, f.second);
        else
            merged.push_back(f);
    }
    for (const auto &[lo, hi] : merged) {
        if (desired > lo && desired < hi)
            return desired - lo <= hi - desired ? lo : hi;
    }
    return desired;
}

}  // namespace

std::optional<FocusLayout> layoutSubgraphKeeping(FocusSubgraph subgraph, const FocusLayout &previous,
                                                 NodeId anchor)
{
    const FocusSubgraph &old = previous.subgraph;
    if (subgraph.nodes.empty() || old.nodes.empty() || old.level != subgraph.level
        || previous.nodes.size() != old.nodes.size() || previous.edgePoints.size() != old.edges.size()
        || previous.reversed.size() != old.edges.size())
        return std::nullopt;
    FocusLayout out;
    out.subgraph = std::move(subgraph);
    const FocusSubgraph &sub = out.subgraph;
    const auto n = std::uint32_t(sub.nodes.size());
    const LayoutSize size = focusBoxSize(sub.level);
    const double spacing = size.width + kFocusLayerGap;

    std::unordered_map<NodeId, std::uint32_t> oldIndex;
    for (std::uint32_t i = 0; i < old.nodes.size(); ++i)
        oldIndex.emplace(old.nodes[i], i);
    std::vector<std::uint32_t> wasAt(n, kNone);  // index in `previous`
    out.nodes.assign(n, {{0, 0}, size});
    std::vector<bool> placed(n, false);
    std::map<long long, std::vector<Span>> columns;
    const auto occupy = [&](const FocusNodePlacement &p) {
        columns[columnKey(p.centre.x)].push_back(
            {p.centre.y - p.size.height / 2, p.centre.y + p.size.height / 2});
    };
    std::uint32_t anchorIndex = kNone;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (sub.nodes[i] == anchor)
            anchorIndex = i;
        const auto it = oldIndex.find(sub.nodes[i]);
        if (it == oldIndex.end())
            continue;
        wasAt[i] = it->second;
        out.nodes[i] = previous.nodes[it->second];
        placed[i] = true;
        occupy(out.nodes[i]);
    }
    if (std::none_of(placed.begin(), placed.end(), [](bool b) { return b; }))
        return std::nullopt;

    // Old edges keep their routes: their bends stay free of new boxes.
    std::map<std::pair<NodeId, NodeId>, std::uint32_t> oldEdge;
    for (std::uint32_t e = 0; e < old.edges.size(); ++e)
        oldEdge.emplace(std::pair{old.nodes[old.edges[e].first], old.nodes[old.edges[e].second]}, e);
    std::vector<std::uint32_t> keptRoute(sub.edges.size(), kNone);
    std::vector<std::vector<std::pair<std::uint32_t, bool>>> adjacent(n);  // (neighbour, it is downstream)
    for (std::uint32_t e = 0; e < sub.edges.size(); ++e) {
        const auto [a, b] = sub.edges[e];
        if (a == b)
            continue;
        adjacent[a].emplace_back(b, true);
        adjacent[b].emplace_back(a, false);
        if (wasAt[a] == kNone || wasAt[b] == kNone)
            continue;
        if (const auto it = oldEdge.find({sub.nodes[a], sub.nodes[b]}); it != oldEdge.end()) {
            keptRoute[e] = it->second;
            const auto &points = previous.edgePoints[it->second];
            for (std::size_t k = 1; k + 1 < points.size(); ++k)
                columns[columnKey(points[k].x)].push_back({points[k].y - kBendHalfHeight, points[k].y + kBendHalfHeight});
        }
    }

    std::vector<double> mean(n, 0);
    // New nodes, a ring at a time: each next to a placed neighbour (the anchor first), as a
    // block per neighbour and side, ordered by the mean height of their placed neighbours.
    for (;;) {
        std::map<std::pair<std::uint32_t, bool>, std::vector<std::uint32_t>> groups;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (placed[i])
                continue;
            std::pair<std::uint32_t, bool> by{kNone, false};
            for (const auto &[w, downstream] : adjacent[i]) {
                if (!placed[w])
                    continue;
                if (by.first == kNone || w == anchorIndex)
                    by = {w, !downstream};  // i is downstream of w when w is not downstream of i
            }
            if (by.first != kNone)
                groups[by].push_back(i);
        }
        if (groups.empty())
            break;
        for (auto &[by, members] : groups) {
            for (const std::uint32_t i : members) {
                double sum = 0;
                int count = 0;
                for (const auto &[w, downstream] : adjacent[i]) {
                    if (placed[w]) {
                        sum += out.nodes[w].centre.y;
                        ++count;
                    }
                }
                mean[i] = sum / count;
            }
            std::stable_sort(members.begin(), members.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return mean[a] < mean[b]; });
            const LayoutPoint from = out.nodes[by.first].centre;
            const double x = from.x + (by.second ? spacing : -spacing);
            const double height = double(members.size()) * size.height
                + double(members.size() - 1) * kFocusNodeSeparation;
            const double centre = nearestFree(columns[columnKey(x)], from.y, height, kFocusNodeSeparation);
            double y = centre - height / 2 + size.height / 2;
            for (const std::uint32_t i : members) {
                out.nodes[i] = {{x, y}, size};
                occupy(out.nodes[i]);
                y += size.height + kFocusNodeSeparation;
            }
        }
        for (const auto &[by, members] : groups)
            for (const std::uint32_t i : members)
                placed[i] = true;
    }
    if (std::find(placed.begin(), placed.end(), false) != placed.end())
        return std::nullopt;

    out.edgePoints.resize(sub.edges.size());
    out.reversed.assign(sub.edges.size(), false);
    std::vector<LayoutPoint> centres(n);
    for (std::uint32_t i = 0; i < n; ++i)
        centres[i] = out.nodes[i].centre;
    for (std::uint32_t e = 0; e < sub.edges.size(); ++e) {
        const auto [a, b] = sub.edges[e];
        if (keptRoute[e] != kNone) {
            out.edgePoints[e] = previous.edgePoints[keptRoute[e]];
            out.reversed[e] = previous.reversed[keptRoute[e]];
        } else {
            out.edgePoints[e] = {centres[a], centres[b]};
            out.reversed[e] = centres[a].x > centres[b].x;
        }
    }
    double left = std::numeric_limits<double>::max(), top = left;
    double right = std::numeric_limits<double>::lowest(), bottom = right;
    for (const FocusNodePlacement &p : out.nodes) {
        left = std::min(left, p.centre.x - p.size.width / 2);
        right = std::max(right, p.centre.x + p.size.width / 2);
        top = std::min(top, p.centre.y - p.size.height / 2);
        bottom = std::max(bottom, p.centre.y + p.size.height / 2);
    }
    out.topLeft = {left, top};
    out.bottomRight = {right, bottom};
    out.crossings = countCrossings(centres, sub.edges);
    return out;
}

FocusLayout layoutFocusKeeping(const SnapshotGraph &graph, const FocusRequest &request,
                               const FocusLayout &previous, NodeId anchor, const std::atomic_bool *cancel)
{
    FocusSubgraph sub = focusSubgraph(graph, request, cancel);
    if (cancel && cancel->load())
        return {};
    if (std::optional<FocusLayout> kept = layoutSubgraphKeeping(sub, previous, anchor))
        return std::move(*kept);
    return layoutSubgraph(std::move(sub));
}

}  // namespace meshlens
