// Layered layout: cycle breaking, layering, dummy vertices and the pipeline. Crossing
// reduction lives in layeredordering.cpp, coordinates in layeredcoordinates.cpp.

#include "layeredlayout.h"
#include "layeredinternal.h"

#include <algorithm>

namespace meshlens {
namespace layered {

Csr buildCsr(std::uint32_t vertexCount, const LayoutEdgeList &edges, bool incoming)
{
    Csr c;
    c.offsets.assign(std::size_t(vertexCount) + 1, 0);
    for (const auto &[u, v] : edges)
        if (u != v)
            ++c.offsets[(incoming ? v : u) + 1];
    for (std::uint32_t i = 0; i < vertexCount; ++i)
        c.offsets[i + 1] += c.offsets[i];
    c.targets.resize(c.offsets.back());
    c.edgeIds.resize(c.offsets.back());
    std::vector<std::uint32_t> fill(c.offsets.begin(), c.offsets.end() - 1);
    for (std::uint32_t e = 0; e < edges.size(); ++e) {
        const auto [u, v] = edges[e];
        if (u == v)
            continue;
        const std::uint32_t from = incoming ? v : u, to = incoming ? u : v;
        c.targets[fill[from]] = to;
        c.edgeIds[fill[from]++] = e;
    }
    return c;
}

}  // namespace layered

using namespace layered;

std::vector<bool> breakCycles(std::uint32_t vertexCount, const LayoutEdgeList &edges)
{
    // Greedy Eades–Lin–Smyth: peel sinks to the right end and sources to the left end of a
    // vertex sequence; when neither is left, move the vertex with the largest out- minus
    // in-degree to the left. Edges pointing backwards in the sequence are reversed. A DAG
    // keeps every edge. O((V + E) log V) with a lazily updated heap.
    std::vector<bool> reversed(edges.size(), false);
    const Csr out = buildCsr(vertexCount, edges, false);
    const Csr in = buildCsr(vertexCount, edges, true);
    std::vector<std::int64_t> indeg(vertexCount), outdeg(vertexCount);
    for (std::uint32_t v = 0; v < vertexCount; ++v) {
        indeg[v] = in.degree(v);
        outdeg[v] = out.degree(v);
    }
    std::vector<bool> removed(vertexCount, false);
    std::vector<std::uint32_t> left, right, sinks, sources;
    // Max-heap on (out - in, smaller id first); entries go stale when degrees change.
    using Entry = std::pair<std::int64_t, std::uint32_t>;
    auto worse = [](const Entry &a, const Entry &b) {
        return a.first != b.first ? a.first < b.first : a.second > b.second;
    };
    std::vector<Entry> heap;
    auto push = [&](std::uint32_t v) {
        heap.emplace_back(outdeg[v] - indeg[v], v);
        std::push_heap(heap.begin(), heap.end(), worse);
    };
    for (std::uint32_t v = vertexCount; v-- > 0;) {
        if (outdeg[v] == 0)
            sinks.push_back(v);
        else if (indeg[v] == 0)
            sources.push_back(v);
        else
            push(v);
    }
    auto remove = [&](std::uint32_t v) {
        removed[v] = true;
        for (std::uint32_t w : out.range(v)) {
            if (removed[w])
                continue;
            if (--indeg[w] == 0 && outdeg[w] > 0)
                sources.push_back(w);
            else if (indeg[w] > 0)
                push(w);
        }
        for (std::uint32_t u : in.range(v)) {
            if (removed[u])
                continue;
            if (--outdeg[u] == 0)
                sinks.push_back(u);
            else
                push(u);
        }
    };
    std::uint32_t done = 0;
    while (done < vertexCount) {
        if (!sinks.empty()) {
            const std::uint32_t v = sinks.back();
            sinks.pop_back();
            if (removed[v])
                continue;
            right.push_back(v);
            remove(v);
            ++done;
        } else if (!sources.empty()) {
            const std::uint32_t v = sources.back();
            sources.pop_back();
            if (removed[v] || outdeg[v] == 0)
                continue;  // became a sink meanwhile: it is in `sinks` too
            left.push_back(v);
            remove(v);
            ++done;
        } else {
            std::pop_heap(heap.begin(), heap.end(), worse);
            const auto [key, v] = heap.back();
            heap.pop_back();
            if (removed[v] || key != outdeg[v] - indeg[v] || outdeg[v] == 0 || indeg[v] == 0)
                continue;  // stale, or now a source/sink waiting in its list
            left.push_back(v);
            remove(v);
            ++done;
        }
    }
    std::vector<std::uint32_t> rank(vertexCount);
    std::uint32_t next = 0;
    for (std::uint32_t v : left)
        rank[v] = next++;
    for (auto it = right.rbegin(); it != right.rend(); ++it)
        rank[*it] = next++;
    for (std::size_t e = 0; e < edges.size(); ++e)
        reversed[e] = edges[e].first != edges[e].second && rank[edges[e].first] > rank[edges[e].second];
    return reversed;
}

std::vector<std::uint32_t> assignLayers(std::uint32_t vertexCount, const LayoutEdgeList &edges)
{
    const Csr out = buildCsr(vertexCount, edges, false);
    const Csr in = buildCsr(vertexCount, edges, true);
    // Kahn's topological order, smallest id first among the ready ones (a FIFO of ids).
    std::vector<std::uint32_t> indeg(vertexCount), topo;
    topo.reserve(vertexCount);
    for (std::uint32_t v = 0; v < vertexCount; ++v) {
        indeg[v] = in.degree(v);
        if (indeg[v] == 0)
            topo.push_back(v);
    }
    for (std::size_t head = 0; head < topo.size(); ++head)
        for (std::uint32_t v : out.range(topo[head]))
            if (--indeg[v] == 0)
                topo.push_back(v);
    // A cycle would leave vertices out; callers break cycles first, but stay total anyway.
    if (topo.size() < vertexCount) {
        std::vector<bool> placed(vertexCount, false);
        for (std::uint32_t v : topo)
            placed[v] = true;
        for (std::uint32_t v = 0; v < vertexCount; ++v)
            if (!placed[v])
                topo.push_back(v);
    }
    std::vector<std::uint32_t> layer(vertexCount, 0);
    for (std::uint32_t v : topo)
        for (std::uint32_t p : in.range(v))
            layer[v] = std::max(layer[v], layer[p] + 1);

    // Local moves: a vertex with more out- than in-edges moves right up to its nearest
    // successor, one with more in- than out-edges left up to its farthest predecessor; each
    // move shortens the total span and keeps every edge pointing right.
    for (int round = 0; round < 4; ++round) {
        bool moved = false;
        for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
            const std::uint32_t v = *it;
            const std::uint32_t din = in.degree(v), dout = out.degree(v);
            if (dout == 0 || dout <= din)
                continue;
            std::uint32_t limit = UINT32_MAX;
            for (std::uint32_t s : out.range(v))
                limit = std::min(limit, layer[s]);
            if (limit > 0 && limit - 1 > layer[v]) {
                layer[v] = limit - 1;
                moved = true;
            }
        }
        for (std::uint32_t v : topo) {
            const std::uint32_t din = in.degree(v), dout = out.degree(v);
            if (din == 0 || din <= dout)
                continue;
            std::uint32_t limit = 0;
            for (std::uint32_t p : in.range(v))
                limit = std::max(limit, layer[p] + 1);
            if (limit < layer[v]) {
                layer[v] = limit;
                moved = true;
            }
        }
        if (!moved)
            break;
    }
    // Promote layering (Nikolov, Tarassov, Branke): move a vertex one layer left (or right),
    // pushing the neighbours that would collide along recursively; keep the move when the
    // total edge span drops, undo it otherwise. Repeated while it helps.
    {
        std::vector<std::int64_t> lay(layer.begin(), layer.end());
        std::vector<std::pair<std::uint32_t, std::int64_t>> undo;
        std::vector<std::uint32_t> stack;
        std::vector<std::uint32_t> seenIn(vertexCount, 0);  // epoch: moved in this attempt
        std::uint32_t epoch = 0;
        // Moves `root` by `dir` (-1 left, +1 right), each vertex at most once; returns the change
        // of the total span.
        auto shift = [&](std::uint32_t root, int dir) {
            std::int64_t diff = 0;
            ++epoch;
            stack.clear();
            stack.push_back(root);
            seenIn[root] = epoch;
            while (!stack.empty()) {
                const std::uint32_t v = stack.back();
                stack.pop_back();
                undo.emplace_back(v, lay[v]);
                const std::int64_t to = lay[v] + dir;
                // neighbours in the direction of the move that would collide move too
                const Csr &ahead = dir < 0 ? in : out;
                const Csr &behind = dir < 0 ? out : in;
                for (std::uint32_t u : ahead.range(v))
                    if (lay[u] == to && seenIn[u] != epoch) {
                        seenIn[u] = epoch;
                        stack.push_back(u);
                    }
                lay[v] = to;
                diff += std::int64_t(behind.degree(v)) - std::int64_t(ahead.degree(v));
            }
            return diff;
        };
        for (int round = 0; round < 20; ++round) {
            std::size_t improved = 0;
            for (int dir : {-1, 1}) {
                for (std::uint32_t v = 0; v < vertexCount; ++v) {
                    const Csr &ahead = dir < 0 ? in : out;
                    if (ahead.degree(v) == 0)
                        continue;
                    undo.clear();
                    if (shift(v, dir) < 0) {
                        ++improved;
                    } else {
                        for (auto it = undo.rbegin(); it != undo.rend(); ++it)
                            lay[it->first] = it->second;
                    }
                }
            }
            if (!improved)
                break;
        }
        std::int64_t lo = 0;
        for (auto l : lay)
            lo = std::min(lo, l);
        for (std::uint32_t v = 0; v < vertexCount; ++v)
            layer[v] = std::uint32_t(lay[v] - lo);
    }
    compactLayers(layer);
    return layer;
}

namespace layered {

void compactLayers(std::vector<std::uint32_t> &layer)
{
    std::uint32_t maxLayer = 0;
    for (std::uint32_t l : layer)
        maxLayer = std::max(maxLayer, l);
    std::vector<std::uint32_t> remap(std::size_t(maxLayer) + 1, 0);
    for (std::uint32_t l : layer)
        remap[l] = 1;
    std::uint32_t next = 0;
    for (auto &r : remap)
        r = r ? next++ : 0;
    for (auto &l : layer)
        l = remap[l];
}

}  // namespace layered

namespace {

// Everything after layering: dummies, crossing reduction, coordinates, edge polylines.
LayeredResult layoutWithLayers(std::uint32_t vertexCount, const LayoutEdgeList &edges,
                               std::vector<bool> reversed, const LayoutEdgeList &oriented,
                               std::vector<std::uint32_t> layer, const LayeredOptions &options,
                               std::span<const LayoutSize> sizes)
{
    LayeredResult r;
    r.reversed = std::move(reversed);
    r.layer = std::move(layer);
    // The proper layered graph: long edges become chains through dummy vertices.
    Proper g;
    g.realCount = vertexCount;
    g.layerOf = r.layer;
    r.dummies.resize(edges.size());
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const auto [a, b] = oriented[e];
        if (a == b)
            continue;
        std::uint32_t prev = a;
        for (std::uint32_t l = r.layer[a] + 1; l < r.layer[b]; ++l) {
            const auto d = std::uint32_t(g.layerOf.size());
            g.layerOf.push_back(l);
            r.dummies[e].push_back(d);
            g.edges.emplace_back(prev, d);
            prev = d;
        }
        g.edges.emplace_back(prev, b);
    }
    const auto total = std::uint32_t(g.layerOf.size());
    r.dummyCount = total - vertexCount;
    g.succ = buildCsr(total, g.edges, false);
    g.pred = buildCsr(total, g.edges, true);
    std::uint32_t layerCount = 0;
    for (std::uint32_t l : g.layerOf)
        layerCount = std::max(layerCount, l + 1);
    g.order.resize(layerCount);

    orderLayers(g, options, &r.initialCrossings, &r.crossings, [&] {
        std::vector<LayoutPoint> drawn = assignCoordinates(g, options, sizes);
        drawn.resize(vertexCount);
        return countCrossings(drawn, edges);
    });

    std::vector<LayoutPoint> all = assignCoordinates(g, options, sizes);
    r.positions.assign(all.begin(), all.begin() + vertexCount);
    r.edgePoints.resize(edges.size());
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const auto [u, v] = edges[e];
        auto &pts = r.edgePoints[e];
        pts.reserve(r.dummies[e].size() + 2);
        pts.push_back(all[u]);
        if (r.reversed[e])
            for (auto it = r.dummies[e].rbegin(); it != r.dummies[e].rend(); ++it)
                pts.push_back(all[*it]);
        else
            for (std::uint32_t d : r.dummies[e])
                pts.push_back(all[d]);
        pts.push_back(all[v]);
    }
    r.layers = std::move(g.order);
    return r;
}

}  // namespace

LayeredResult layeredLayout(std::uint32_t vertexCount, const LayoutEdgeList &edges,
                            const LayeredOptions &options, std::span<const LayoutSize> sizes)
{
    std::vector<bool> reversed = breakCycles(vertexCount, edges);
    LayoutEdgeList oriented(edges.size());
    for (std::size_t e = 0; e < edges.size(); ++e)
        oriented[e] = reversed[e] ? std::pair{edges[e].second, edges[e].first} : edges[e];
    std::vector<std::uint32_t> layer = assignLayers(vertexCount, oriented);
    if (vertexCount > options.exactLayeringUpTo)
        return layoutWithLayers(vertexCount, edges, std::move(reversed), oriented, std::move(layer), options, sizes);
    // Small graphs also try the layering of least total edge span (network simplex) and keep
    // whichever drawing has fewer straight-line crossings (the first on a tie).
    std::vector<std::uint32_t> exact = layer;
    networkSimplexLayers(vertexCount, oriented, exact, std::size_t(vertexCount) * 20 + 1000);
    compactLayers(exact);
    LayeredResult first = layoutWithLayers(vertexCount, edges, reversed, oriented, std::move(layer), options, sizes);
    if (exact == first.layer)
        return first;
    LayeredResult second = layoutWithLayers(vertexCount, edges, std::move(reversed), oriented, std::move(exact),
                                            options, sizes);
    return countCrossings(second.positions, edges) < countCrossings(first.positions, edges) ? std::move(second)
                                                                                             : std::move(first);
}

}  // namespace meshlens
