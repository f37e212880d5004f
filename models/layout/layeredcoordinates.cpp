// Coordinates for the layered layout. Layers go left to right (x); within a layer the order
// is fixed and nodes are spread along y by Brandes–Köpf ("Fast and simple horizontal
// coordinate assignment", 2001): four alignments (blocks of vertices aligned with their
// upper or lower median neighbour, scanning each layer from the top or from the bottom),
// each compacted, then balanced by averaging the two middle candidates. Type-1 conflicts
// (a non-inner segment crossing an inner segment between two dummies) are marked first, so
// the dummy chains of long edges are aligned and stay straight.
//
// Compaction follows dagre's robust variant of BK's: the blocks form a DAG (left neighbour
// in a layer -> right neighbour, weighted by the separation); blocks get their least
// coordinates by longest path, then are pulled back toward their right neighbours.

#include "layeredinternal.h"

#include <algorithm>

namespace meshlens::layered {
namespace {

class BrandesKoepf
{
public:
    BrandesKoepf(const Proper &g, std::vector<double> height, const LayeredOptions &options)
        : m_g(g), m_height(std::move(height)), m_options(options), m_total(std::uint32_t(g.layerOf.size()))
    {
        m_pos.resize(m_total);
        for (const auto &layer : g.order)
            for (std::uint32_t j = 0; j < layer.size(); ++j)
                m_pos[layer[j]] = j;
        markConflicts();
    }

    // The balanced y of every vertex (top of the drawing not yet normalised).
    std::vector<double> run()
    {
        std::vector<double> ys[4];
        double lo[4], hi[4];
        int smallest = 0;
        for (int a = 0; a < 4; ++a) {
            ys[a] = alignment(a < 2, a % 2 == 1);
            lo[a] = 1e300;
            hi[a] = -1e300;
            for (std::uint32_t v = 0; v < m_total; ++v) {
                lo[a] = std::min(lo[a], ys[a][v] - m_height[v] / 2);
                hi[a] = std::max(hi[a], ys[a][v] + m_height[v] / 2);
            }
            if (hi[a] - lo[a] < hi[smallest] - lo[smallest])
                smallest = a;
        }
        // Align to the narrowest: top-scanning ones by their top, bottom-scanning by bottom.
        for (int a = 0; a < 4; ++a) {
            const double delta = a % 2 == 0 ? lo[smallest] - lo[a] : hi[smallest] - hi[a];
            for (double &y : ys[a])
                y += delta;
        }
        std::vector<double> out(m_total);
        for (std::uint32_t v = 0; v < m_total; ++v) {
            double c[4] = {ys[0][v], ys[1][v], ys[2][v], ys[3][v]};
            std::sort(c, c + 4);
            out[v] = (c[1] + c[2]) / 2;
        }
        return out;
    }

private:
    bool isDummy(std::uint32_t v) const { return v >= m_g.realCount; }

    double separation(std::uint32_t a, std::uint32_t b) const
    {
        const double gap = isDummy(a) || isDummy(b) ? m_options.dummySeparation : m_options.nodeSeparation;
        return (m_height[a] + m_height[b]) / 2 + gap;
    }

    // Type-1 conflicts, per proper edge: a segment that is not inner (not dummy to dummy)
    // and crosses an inner one can never be aligned.
    void markConflicts()
    {
        m_conflict.assign(m_g.edges.size(), false);
        for (std::size_t k = 1; k < m_g.order.size(); ++k) {
            const auto &layer = m_g.order[k];
            const auto prevSize = std::uint32_t(m_g.order[k - 1].size());
            std::uint32_t k0 = 0;
            std::size_t scan = 0;
            for (std::size_t i = 0; i < layer.size(); ++i) {
                const std::uint32_t v = layer[i];
                std::uint32_t upper = UINT32_MAX;  // other end of v's inner segment, if any
                if (isDummy(v))
                    for (std::uint32_t u : m_g.pred.range(v))
                        if (isDummy(u))
                            upper = u;
                if (upper == UINT32_MAX && i + 1 != layer.size())
                    continue;
                const std::uint32_t k1 = upper == UINT32_MAX ? prevSize : m_pos[upper];
                for (; scan <= i; ++scan) {
                    const std::uint32_t w = layer[scan];
                    for (std::uint32_t s = m_g.pred.offsets[w]; s < m_g.pred.offsets[w + 1]; ++s) {
                        const std::uint32_t u = m_g.pred.targets[s];
                        if ((m_pos[u] < k0 || m_pos[u] > k1) && !(isDummy(u) && isDummy(w)))
                            m_conflict[m_g.pred.edgeIds[s]] = true;
                    }
                }
                k0 = k1;
            }
        }
    }

    // One of the four alignments: `fromLeft` aligns with predecessors (layers scanned left to
    // right) else with successors; `fromBottom` scans each layer bottom-up and mirrors.
    std::vector<double> alignment(bool fromLeft, bool fromBottom)
    {
        const std::size_t layers = m_g.order.size();
        const Csr &adj = fromLeft ? m_g.pred : m_g.succ;
        // position within the layer in scan order
        auto rank = [&](std::uint32_t v) {
            const std::uint32_t n = std::uint32_t(m_g.order[m_g.layerOf[v]].size());
            return fromBottom ? n - 1 - m_pos[v] : m_pos[v];
        };
        m_root.resize(m_total);
        m_align.resize(m_total);
        for (std::uint32_t v = 0; v < m_total; ++v)
            m_root[v] = m_align[v] = v;
        for (std::size_t i = 1; i < layers; ++i) {
            const auto &layer = m_g.order[fromLeft ? i : layers - 1 - i];
            std::int64_t r = -1;
            for (std::size_t jj = 0; jj < layer.size(); ++jj) {
                const std::uint32_t v = layer[fromBottom ? layer.size() - 1 - jj : jj];
                const std::uint32_t d = adj.degree(v);
                if (d == 0)
                    continue;
                m_nb.clear();
                for (std::uint32_t s = adj.offsets[v]; s < adj.offsets[v + 1]; ++s)
                    m_nb.emplace_back(rank(adj.targets[s]), adj.edgeIds[s]);
                std::sort(m_nb.begin(), m_nb.end());
                const std::uint32_t lo = (d - 1) / 2, hi = d / 2;
                for (std::uint32_t m = lo; m <= hi; ++m) {
                    if (m_align[v] != v)
                        break;
                    const auto [wr, e] = m_nb[m];
                    const std::uint32_t w = m_g.edges[e].first == v ? m_g.edges[e].second : m_g.edges[e].first;
                    if (!m_conflict[e] && r < std::int64_t(wr)) {
                        m_align[w] = v;
                        m_root[v] = m_root[w];
                        m_align[v] = m_root[v];
                        r = wr;
                    }
                }
            }
        }
        // Block graph: root of each vertex -> root of the next vertex in scan order.
        m_blockOff.assign(std::size_t(m_total) + 1, 0);
        m_blockIn.assign(m_total, 0);
        for (const auto &layer : m_g.order)
            for (std::size_t j = 1; j < layer.size(); ++j)
                ++m_blockOff[m_root[layer[fromBottom ? layer.size() - j : j - 1]] + 1];
        for (std::uint32_t v = 0; v < m_total; ++v)
            m_blockOff[v + 1] += m_blockOff[v];
        m_blockTo.resize(m_blockOff.back());
        m_blockSep.resize(m_blockOff.back());
        m_fill.assign(m_blockOff.begin(), m_blockOff.end() - 1);
        for (const auto &layer : m_g.order)
            for (std::size_t j = 1; j < layer.size(); ++j) {
                const std::uint32_t a = layer[fromBottom ? layer.size() - j : j - 1];
                const std::uint32_t b = layer[fromBottom ? layer.size() - 1 - j : j];
                const std::uint32_t slot = m_fill[m_root[a]]++;
                m_blockTo[slot] = m_root[b];
                m_blockSep[slot] = separation(a, b);
                ++m_blockIn[m_root[b]];
            }
        // Pass 1: least coordinates (longest path in topological order).
        std::vector<double> y(m_total, 0);
        m_topo.clear();
        for (std::uint32_t v = 0; v < m_total; ++v)
            if (m_root[v] == v && m_blockIn[v] == 0)
                m_topo.push_back(v);
        for (std::size_t h = 0; h < m_topo.size(); ++h) {
            const std::uint32_t b = m_topo[h];
            for (std::uint32_t s = m_blockOff[b]; s < m_blockOff[b + 1]; ++s) {
                const std::uint32_t c = m_blockTo[s];
                y[c] = std::max(y[c], y[b] + m_blockSep[s]);
                if (--m_blockIn[c] == 0)
                    m_topo.push_back(c);
            }
        }
        // Pass 2: blocks with right neighbours move toward them as far as separation allows.
        for (std::size_t h = m_topo.size(); h-- > 0;) {
            const std::uint32_t b = m_topo[h];
            double limit = 1e300;
            for (std::uint32_t s = m_blockOff[b]; s < m_blockOff[b + 1]; ++s)
                limit = std::min(limit, y[m_blockTo[s]] - m_blockSep[s]);
            if (limit < 1e300)
                y[b] = std::max(y[b], limit);
        }
        std::vector<double> out(m_total);
        for (std::uint32_t v = 0; v < m_total; ++v)
            out[v] = fromBottom ? -y[m_root[v]] : y[m_root[v]];
        return out;
    }

    const Proper &m_g;
    std::vector<double> m_height;
    const LayeredOptions &m_options;
    std::uint32_t m_total;
    std::vector<std::uint32_t> m_pos, m_root, m_align, m_blockOff, m_blockIn, m_blockTo, m_fill, m_topo;
    std::vector<double> m_blockSep;
    std::vector<bool> m_conflict;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_nb;
};

}  // namespace

std::vector<LayoutPoint> assignCoordinates(const Proper &g, const LayeredOptions &options,
                                           std::span<const LayoutSize> sizes)
{
    const auto total = std::uint32_t(g.layerOf.size());
    auto sizeOf = [&](std::uint32_t v) -> LayoutSize {
        if (v >= g.realCount)
            return {0, 0};
        return v < sizes.size() ? sizes[v] : options.defaultSize;
    };

    std::vector<LayoutPoint> pos(total);
    // x: layer centres, each layer as wide as its widest node, `layerGap` between layers.
    double x = 0, prevHalf = 0;
    for (std::size_t k = 0; k < g.order.size(); ++k) {
        double half = 0;
        for (std::uint32_t v : g.order[k])
            half = std::max(half, sizeOf(v).width / 2);
        x += k == 0 ? half : prevHalf + options.layerGap + half;
        for (std::uint32_t v : g.order[k])
            pos[v].x = x;
        prevHalf = half;
    }
    std::vector<double> height(total);
    for (std::uint32_t v = 0; v < total; ++v)
        height[v] = sizeOf(v).height;
    const std::vector<double> y = BrandesKoepf(g, std::move(height), options).run();

    // Top-left of the drawing at (0, 0).
    double minY = 0;
    bool first = true;
    for (std::uint32_t v = 0; v < total; ++v) {
        pos[v].y = y[v];
        const double top = y[v] - sizeOf(v).height / 2;
        if (first || top < minY)
            minY = top;
        first = false;
    }
    for (auto &p : pos)
        p.y -= minY;
    return pos;
}

}  // namespace meshlens::layered
