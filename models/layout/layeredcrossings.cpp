// Crossing counters: between consecutive layers of a layered graph (Barth–Jünger–Mutzel
// accumulation), and exact straight-line counts on placed nodes (the benchmark's definition).

#include "layeredlayout.h"

#include <algorithm>
#include <cmath>

namespace meshlens {
namespace {

// Pairs i < j with a_i < a_j and b_i > b_j, both strict (equal a or equal b never count).
template <typename T>
std::uint64_t strictInversions(std::vector<std::pair<T, T>> &pairs)
{
    const std::size_t m = pairs.size();
    if (m < 2)
        return 0;
    std::sort(pairs.begin(), pairs.end());
    std::vector<T> bs(m);
    for (std::size_t i = 0; i < m; ++i)
        bs[i] = pairs[i].second;
    std::sort(bs.begin(), bs.end());
    bs.erase(std::unique(bs.begin(), bs.end()), bs.end());
    const std::size_t n = bs.size();
    std::vector<std::uint32_t> tree(n + 1, 0);
    std::vector<std::uint32_t> ranks(m);
    for (std::size_t i = 0; i < m; ++i)
        ranks[i] = std::uint32_t(std::lower_bound(bs.begin(), bs.end(), pairs[i].second) - bs.begin()) + 1;
    std::uint64_t inv = 0, seen = 0;
    std::size_t i = 0;
    while (i < m) {
        std::size_t j = i;
        while (j < m && pairs[j].first == pairs[i].first)
            ++j;
        for (std::size_t k = i; k < j; ++k) {
            std::uint64_t s = 0;
            for (std::size_t x = ranks[k]; x > 0; x -= x & (~x + 1))
                s += tree[x];
            inv += seen - s;
        }
        for (std::size_t k = i; k < j; ++k)
            for (std::size_t x = ranks[k]; x <= n; x += x & (~x + 1))
                ++tree[x];
        seen += j - i;
        i = j;
    }
    return inv;
}

// Python's round(v, 1) for the values layouts produce.
double q1(double v) { return std::nearbyint(v * 10.0) / 10.0; }

std::uint64_t straightLineCrossings(std::span<const LayoutPoint> pos, const LayoutEdgeList &edges,
                                    bool adjacentOnly)
{
    if (pos.empty())
        return 0;
    std::vector<double> xs(pos.size()), ys(pos.size());
    for (std::size_t i = 0; i < pos.size(); ++i) {
        xs[i] = q1(pos[i].x);
        ys[i] = q1(pos[i].y);
    }
    auto distinct = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        return v;
    };
    const std::vector<double> dx = distinct(xs), dy = distinct(ys);
    const bool axisY = dy.size() <= dx.size();
    const std::vector<double> &levels = axisY ? dy : dx;
    auto L = [&](const LayoutPoint &p) { return axisY ? p.y : p.x; };
    auto S = [&](const LayoutPoint &p) { return axisY ? p.x : p.y; };
    auto levelOf = [&](const LayoutPoint &p) {
        return std::size_t(std::lower_bound(levels.begin(), levels.end(), q1(L(p))) - levels.begin());
    };
    std::vector<std::vector<std::pair<double, double>>> slabs(levels.size() > 0 ? levels.size() - 1 : 0);
    for (const auto &[u, v] : edges) {
        if (u == v || u >= pos.size() || v >= pos.size())
            continue;
        LayoutPoint a = pos[u], b = pos[v];
        std::size_t la = levelOf(a), lb = levelOf(b);
        if (la == lb)
            continue;
        if (la > lb) {
            std::swap(a, b);
            std::swap(la, lb);
        }
        if (adjacentOnly) {
            if (lb - la == 1)
                slabs[la].emplace_back(S(a), S(b));
            continue;
        }
        const double ta = L(a), tb = L(b), sa = S(a), sb = S(b), dt = tb - ta;
        for (std::size_t k = la; k < lb; ++k) {
            const double sTop = k == la ? sa : sa + (sb - sa) * (levels[k] - ta) / dt;
            const double sBot = k + 1 == lb ? sb : sa + (sb - sa) * (levels[k + 1] - ta) / dt;
            slabs[k].emplace_back(sTop, sBot);
        }
    }
    std::uint64_t total = 0;
    for (auto &s : slabs)
        total += strictInversions(s);
    return total;
}

}  // namespace

std::uint64_t countLayerCrossings(const std::vector<std::vector<std::uint32_t>> &order,
                                  std::span<const std::uint32_t> layerOf, const LayoutEdgeList &edges)
{
    std::vector<std::uint32_t> posOf(layerOf.size(), 0);
    for (const auto &layer : order)
        for (std::uint32_t i = 0; i < layer.size(); ++i)
            posOf[layer[i]] = i;
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> pairs(order.size());
    for (auto [u, v] : edges) {
        if (layerOf[u] > layerOf[v])
            std::swap(u, v);
        if (layerOf[v] != layerOf[u] + 1)
            continue;
        // Edges sharing an end never count: the strict inversion rule handles both ends.
        pairs[layerOf[u]].emplace_back(posOf[u], posOf[v]);
    }
    std::uint64_t total = 0;
    for (auto &p : pairs)
        total += strictInversions(p);
    return total;
}

std::uint64_t countCrossings(std::span<const LayoutPoint> positions, const LayoutEdgeList &edges)
{
    return straightLineCrossings(positions, edges, false);
}

std::uint64_t countAdjacentCrossings(std::span<const LayoutPoint> positions, const LayoutEdgeList &edges)
{
    return straightLineCrossings(positions, edges, true);
}

}  // namespace meshlens
