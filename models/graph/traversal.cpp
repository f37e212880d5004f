#include "traversal.h"

#include <algorithm>
#include <unordered_map>

namespace meshlens {
namespace {

// Per-thread visit marks, reused across walks: a walk bumps the epoch instead of clearing
// an array as large as the level, so a short focus walk costs only what it touches.
struct VisitMarks {
    std::vector<std::uint32_t> mark;
    std::uint32_t epoch = 0;

    void begin(std::size_t size)
    {
        if (mark.size() < size)
            mark.resize(size, 0);
        if (++epoch == 0) {  // wrapped: clear once every 2^32 walks
            std::fill(mark.begin(), mark.end(), 0);
            epoch = 1;
        }
    }
};

thread_local VisitMarks t_down;
thread_local VisitMarks t_up;

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

}  // namespace

QString directionName(Direction direction)
{
    switch (direction) {
    case Direction::Upstream: return QStringLiteral("up");
    case Direction::Downstream: return QStringLiteral("down");
    case Direction::Both: return QStringLiteral("both");
    }
    return {};
}

bool parseDirection(QStringView text, Direction *out)
{
    if (text == u"up" || text == u"upstream")
        *out = Direction::Upstream;
    else if (text == u"down" || text == u"downstream")
        *out = Direction::Downstream;
    else if (text == u"both")
        *out = Direction::Both;
    else
        return false;
    return true;
}

TraversalResult traverse(const SnapshotGraph &graph, NodeId start, Direction direction,
                         int maxDepth, Level level, const std::atomic_bool *cancel)
{
    TraversalResult result;
    result.level = level;
    const NodeId rep = graph.representative(start, level);
    if (rep == kNoNode)
        return result;
    const LevelGraph &lg = graph.level(level);
    const auto &g = lg.graph;
    const std::uint32_t origin = graph.toLocal(rep, level);
    if (origin == UINT32_MAX)
        return result;
    const std::uint32_t limit = maxDepth < 0 ? UINT32_MAX : std::uint32_t(maxDepth);

    // "Both" is the union of the upstream and the downstream walk (not undirected
    // reachability, which would pull in siblings). Each direction keeps its own marks; a
    // node reached by both is reported once, at its smaller depth.
    std::vector<std::uint32_t> local;  // reported nodes, level-local
    std::vector<std::uint32_t> depthOf;
    auto walk = [&](bool down, VisitMarks &marks) {
        marks.begin(lg.vertexCount());
        std::vector<std::uint32_t> queue{origin};
        std::vector<std::uint32_t> depth{0};
        marks.mark[origin] = marks.epoch;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            if ((head & 4095) == 0 && cancelled(cancel))
                break;
            const std::uint32_t v = queue[head];
            const std::uint32_t d = depth[head];
            if (d >= limit)
                continue;
            auto visit = [&](std::uint32_t w, std::uint32_t edgeIndex) {
                result.edges.push_back(edgeIndex);
                if (marks.mark[w] != marks.epoch) {
                    marks.mark[w] = marks.epoch;
                    queue.push_back(w);
                    depth.push_back(d + 1);
                }
            };
            if (down) {
                for (auto [e, end] = out_edges(v, g); e != end; ++e)
                    visit(target(*e, g), std::uint32_t(get(boost::edge_index, g, *e)));
            } else {
                for (auto [e, end] = in_edges(v, g); e != end; ++e)
                    visit(source(*e, g), std::uint32_t(get(boost::edge_index, g, *e)));
            }
        }
        return std::make_pair(std::move(queue), std::move(depth));
    };

    if (direction == Direction::Both) {
        auto [downNodes, downDepth] = walk(true, t_down);
        auto [upNodes, upDepth] = walk(false, t_up);
        local = std::move(downNodes);
        depthOf = std::move(downDepth);
        // Nodes on both sides (only possible through cycles): keep the smaller depth.
        std::unordered_map<std::uint32_t, std::size_t> position;  // built on first overlap
        for (std::size_t i = 1; i < upNodes.size(); ++i) {
            const std::uint32_t w = upNodes[i];
            if (t_down.mark[w] == t_down.epoch) {
                if (position.empty()) {
                    for (std::size_t j = 0; j < local.size(); ++j)
                        position.emplace(local[j], j);
                }
                auto &d = depthOf[position.at(w)];
                d = std::min(d, upDepth[i]);
            } else {
                local.push_back(w);
                depthOf.push_back(upDepth[i]);
            }
        }
        std::sort(result.edges.begin(), result.edges.end());
        result.edges.erase(std::unique(result.edges.begin(), result.edges.end()),
                           result.edges.end());
    } else {
        auto [nodes, depth] = walk(direction == Direction::Downstream,
                                   direction == Direction::Downstream ? t_down : t_up);
        local = std::move(nodes);
        depthOf = std::move(depth);
    }

    result.nodes.resize(local.size());
    for (std::size_t i = 0; i < local.size(); ++i)
        result.nodes[i] = lg.toGlobal[local[i]];
    result.depth = std::move(depthOf);
    return result;
}

}  // namespace meshlens
