#include "focuslayout.h"

#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace meshlens {

namespace {

constexpr std::uint32_t kUnseen = std::numeric_limits<std::uint32_t>::max();

// One breadth-first walk over the level graph in one direction, not entering hidden
// vertices. Appends reached vertices (not yet in `index`) with a signed distance.
void walk(const LevelGraph &lg, std::uint32_t start, bool down, int maxDepth,
          const std::vector<bool> &hidden, std::vector<std::uint32_t> &index,
          std::vector<std::uint32_t> &vertices, std::vector<int> &distance,
          const std::atomic_bool *cancel)
{
    std::vector<std::uint32_t> frontier{start}, next;
    std::vector<bool> seen(lg.vertexCount(), false);
    seen[start] = true;
    for (int depth = 1; !frontier.empty() && (maxDepth < 0 || depth <= maxDepth); ++depth) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return;
        next.clear();
        for (const std::uint32_t v : frontier) {
            const auto visit = [&](std::uint32_t w) {
                if (seen[w] || hidden[w])
                    return;
                seen[w] = true;
                next.push_back(w);
                if (index[w] == kUnseen) {
                    index[w] = std::uint32_t(vertices.size());
                    vertices.push_back(w);
                    distance.push_back(down ? depth : -depth);
                }
            };
            if (down) {
                for (const auto e : boost::make_iterator_range(boost::out_edges(v, lg.graph)))
                    visit(std::uint32_t(boost::target(e, lg.graph)));
            } else {
                for (const auto e : boost::make_iterator_range(boost::in_edges(v, lg.graph)))
                    visit(std::uint32_t(boost::source(e, lg.graph)));
            }
        }
        frontier.swap(next);
    }
}

// Every vertex on a directed path from `from` to `to` (both included), with its hop count
// from `from`; empty when `to` cannot be reached.
std::vector<std::pair<std::uint32_t, int>> onPaths(const LevelGraph &lg, std::uint32_t from,
                                                   std::uint32_t to, bool down,
                                                   const std::vector<bool> &hidden,
                                                   const std::atomic_bool *cancel)
{
    const std::uint32_t n = lg.vertexCount();
    std::vector<std::uint32_t> index(n, kUnseen), reachedFrom{from}, reachedTo{to};
    std::vector<int> distFrom{0}, distTo{0};
    index[from] = 0;
    walk(lg, from, down, -1, hidden, index, reachedFrom, distFrom, cancel);
    if (index[to] == kUnseen)
        return {};
    std::vector<int> hops(n, 0);
    std::vector<bool> fromSide(n, false);
    for (std::size_t i = 0; i < reachedFrom.size(); ++i) {
        fromSide[reachedFrom[i]] = true;
        hops[reachedFrom[i]] = std::abs(distFrom[i]);
    }
    std::fill(index.begin(), index.end(), kUnseen);
    index[to] = 0;
    walk(lg, to, !down, -1, hidden, index, reachedTo, distTo, cancel);
    std::vector<std::pair<std::uint32_t, int>> out{{from, 0}};
    for (const std::uint32_t v : reachedTo) {
        if (fromSide[v] && v != from)
            out.emplace_back(v, hops[v]);
    }
    return out;
}

// Keeps the `maxNodes` nearest of `vertices` (the first is the focus) and every edge among
// them.
void fill(FocusSubgraph &out, const LevelGraph &lg, const std::vector<std::uint32_t> &vertices,
          const std::vector<int> &distance, std::uint32_t maxNodes, std::vector<std::uint32_t> &index)
{
    // Nearest first: the focus, then by hop count (upstream and downstream interleaved).
    std::vector<std::uint32_t> order(vertices.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return std::abs(distance[a]) < std::abs(distance[b]);
    });
    const std::uint32_t keep = std::min<std::uint32_t>(std::max<std::uint32_t>(maxNodes, 1),
                                                       std::uint32_t(order.size()));
    if (keep < order.size())
        out.truncatedFrom = std::uint32_t(order.size());
    std::fill(index.begin(), index.end(), kUnseen);
    out.nodes.reserve(keep);
    out.distance.reserve(keep);
    for (std::uint32_t i = 0; i < keep; ++i) {
        const std::uint32_t v = vertices[order[i]];
        index[v] = i;
        out.nodes.push_back(lg.toGlobal[v]);
        out.distance.push_back(distance[order[i]]);
    }
    for (std::uint32_t i = 0; i < keep; ++i) {
        const std::uint32_t v = vertices[order[i]];
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, lg.graph))) {
            const std::uint32_t t = index[boost::target(e, lg.graph)];
            if (t == kUnseen)
                continue;
            out.edges.emplace_back(i, t);
            out.weight.push_back(lg.weight[boost::get(boost::edge_index, lg.graph, e)]);
        }
    }
}

}  // namespace

FocusSubgraph focusSubgraph(const SnapshotGraph &graph, const FocusRequest &request,
                            const std::atomic_bool *cancel)
{
    FocusSubgraph out;
    out.level = request.level;
    if (request.focus >= graph.nodeCount())
        return out;
    const NodeId focus = graph.representative(request.focus, request.level);
    if (focus == kNoNode)
        return out;
    const std::uint32_t start = graph.toLocal(focus, request.level);
    if (start == kUnseen)
        return out;
    const LevelGraph &lg = graph.level(request.level);
    std::vector<bool> hidden(lg.vertexCount(), false);
    for (const NodeId h : request.hidden) {
        const NodeId rep = h < graph.nodeCount() ? graph.representative(h, request.level) : kNoNode;
        const std::uint32_t v = rep == kNoNode ? kUnseen : graph.toLocal(rep, request.level);
        if (v != kUnseen && v != start)
            hidden[v] = true;
    }

    std::vector<std::uint32_t> index(lg.vertexCount(), kUnseen);
    if (request.pathRequested) {
        out.focus = focus;
        const NodeId to = request.pathTo < graph.nodeCount()
            ? graph.representative(request.pathTo, request.level) : kNoNode;
        const std::uint32_t end = to == kNoNode ? kUnseen : graph.toLocal(to, request.level);
        out.pathTo = to;
        std::vector<std::pair<std::uint32_t, int>> path;
        if (end != kUnseen && end != start && !hidden[end]) {
            path = onPaths(lg, start, end, true, hidden, cancel);
            if (path.empty()) {
                path = onPaths(lg, start, end, false, hidden, cancel);
                for (auto &p : path)
                    p.second = -p.second;  // the other end is upstream
            }
        }
        out.pathFound = !path.empty();
        if (path.empty())
            path = {{start, 0}};
        std::vector<std::uint32_t> vertices;
        std::vector<int> distance;
        for (const auto &[v, d] : path) {
            vertices.push_back(v);
            distance.push_back(d);
        }
        fill(out, lg, vertices, distance, request.maxNodes, index);
        return out;
    }
    std::vector<std::uint32_t> vertices{start};
    std::vector<int> distance{0};
    index[start] = 0;
    walk(lg, start, false, request.upstreamDepth, hidden, index, vertices, distance, cancel);
    walk(lg, start, true, request.downstreamDepth, hidden, index, vertices, distance, cancel);
    // One more hop from the nodes the user expanded (when they are shown at all).
    const auto expand = [&](const std::vector<NodeId> &from, bool down) {
        for (const NodeId id : from) {
            const NodeId rep = id < graph.nodeCount() ? graph.representative(id, request.level) : kNoNode;
            const std::uint32_t v = rep == kNoNode ? kUnseen : graph.toLocal(rep, request.level);
            if (v == kUnseen || index[v] == kUnseen)
                continue;
            const int base = distance[index[v]];
            const std::size_t before = vertices.size();
            walk(lg, v, down, 1, hidden, index, vertices, distance, cancel);
            for (std::size_t i = before; i < vertices.size(); ++i)
                distance[i] = down ? std::max(base, 0) + 1 : std::min(base, 0) - 1;
        }
    };
    expand(request.expandUp, false);
    expand(request.expandDown, true);
    out.focus = focus;
    fill(out, lg, vertices, distance, request.maxNodes, index);
    return out;
}

LayoutSize focusBoxSize(Level level)
{
    switch (level) {
    case Level::Product: return {200, 48};
    case Level::Domain: return {200, 56};
    case Level::Dataset: break;
    }
    return {220, 40};
}

FocusLayout layoutFocus(const SnapshotGraph &graph, const FocusRequest &request,
                        const std::atomic_bool *cancel)
{
    FocusSubgraph sub = focusSubgraph(graph, request, cancel);
    if (cancel && cancel->load())
        return {};
    return layoutSubgraph(std::move(sub));
}

FocusLayout layoutLevel(const SnapshotGraph &graph, Level level)
{
    FocusSubgraph sub;
    sub.level = level;
    const LevelGraph &lg = graph.level(level);
    sub.nodes = lg.toGlobal;
    sub.distance.assign(sub.nodes.size(), 1);
    for (std::uint32_t v = 0; v < lg.vertexCount(); ++v) {
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, lg.graph))) {
            sub.edges.emplace_back(v, std::uint32_t(boost::target(e, lg.graph)));
            sub.weight.push_back(lg.weight[boost::get(boost::edge_index, lg.graph, e)]);
        }
    }
    return layoutSubgraph(std::move(sub));
}

FocusLayout layoutSubgraph(FocusSubgraph subgraph)
{
    FocusLayout out;
    out.subgraph = std::move(subgraph);
    const FocusSubgraph &sub = out.subgraph;
    if (sub.nodes.empty())
        return out;
    LayeredOptions options;
    options.defaultSize = focusBoxSize(sub.level);
    options.nodeSeparation = kFocusNodeSeparation;
    options.layerGap = kFocusLayerGap;
    const LayeredResult layered = layeredLayout(std::uint32_t(sub.nodes.size()), sub.edges, options);
    out.nodes.resize(sub.nodes.size());
    double left = std::numeric_limits<double>::max(), top = left;
    double right = std::numeric_limits<double>::lowest(), bottom = right;
    for (std::size_t i = 0; i < sub.nodes.size(); ++i) {
        out.nodes[i] = {layered.positions[i], options.defaultSize};
        const LayoutPoint c = layered.positions[i];
        left = std::min(left, c.x - options.defaultSize.width / 2);
        right = std::max(right, c.x + options.defaultSize.width / 2);
        top = std::min(top, c.y - options.defaultSize.height / 2);
        bottom = std::max(bottom, c.y + options.defaultSize.height / 2);
    }
    out.topLeft = {left, top};
    out.bottomRight = {right, bottom};
    out.edgePoints = layered.edgePoints;
    out.reversed = layered.reversed;
    out.crossings = layered.crossings;
    return out;
}

}  // namespace meshlens
