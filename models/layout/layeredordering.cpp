// Crossing reduction for the layered layout: DFS initial order, median sweeps down and
// up (the best order seen is kept, so the sweeps never make things worse), then adjacent
// transpositions while they strictly reduce crossings.

#include "layeredinternal.h"

#include <algorithm>

namespace meshlens::layered {
namespace {

class Orderer
{
public:
    Orderer(Proper &g) : m_g(g), m_pos(g.layerOf.size(), 0) {}

    void initialOrder()
    {
        // DFS along successors from every source (ids in order): connected vertices end up
        // near each other in every layer.
        const auto total = std::uint32_t(m_g.layerOf.size());
        std::vector<bool> seen(total, false);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
        auto visit = [&](std::uint32_t root) {
            seen[root] = true;
            m_g.order[m_g.layerOf[root]].push_back(root);
            stack.emplace_back(root, m_g.succ.offsets[root]);
            while (!stack.empty()) {
                auto &[u, slot] = stack.back();
                if (slot == m_g.succ.offsets[u + 1]) {
                    stack.pop_back();
                    continue;
                }
                const std::uint32_t v = m_g.succ.targets[slot++];
                if (!seen[v]) {
                    seen[v] = true;
                    m_g.order[m_g.layerOf[v]].push_back(v);
                    stack.emplace_back(v, m_g.succ.offsets[v]);
                }
            }
        };
        for (std::uint32_t v = 0; v < total; ++v)
            if (!seen[v] && m_g.pred.degree(v) == 0)
                visit(v);
        for (std::uint32_t v = 0; v < total; ++v)
            if (!seen[v])
                visit(v);
        updatePositions();
    }

    void updatePositions()
    {
        for (const auto &layer : m_g.order)
            for (std::uint32_t i = 0; i < layer.size(); ++i)
                m_pos[layer[i]] = i;
    }

    // Crossings between all pairs of consecutive layers: for layer k, the successor
    // positions of its vertices in order form a sequence whose strict inversions are the
    // crossings (Barth, Jünger, Mutzel), counted with a Fenwick tree.
    std::uint64_t crossings()
    {
        std::uint64_t total = 0;
        for (std::size_t k = 0; k + 1 < m_g.order.size(); ++k) {
            m_seq.clear();
            for (std::uint32_t v : m_g.order[k]) {
                const std::size_t start = m_seq.size();
                for (std::uint32_t s : m_g.succ.range(v))
                    m_seq.push_back(m_pos[s]);
                std::sort(m_seq.begin() + std::ptrdiff_t(start), m_seq.end());
            }
            const std::size_t n = m_g.order[k + 1].size();
            m_tree.assign(n + 1, 0);
            std::uint64_t seen = 0;
            for (std::uint32_t p : m_seq) {
                // earlier entries strictly greater than p
                std::uint64_t le = 0;
                for (std::size_t x = p + 1; x > 0; x -= x & (~x + 1))
                    le += m_tree[x];
                total += seen - le;
                for (std::size_t x = p + 1; x <= n; x += x & (~x + 1))
                    ++m_tree[x];
                ++seen;
            }
        }
        return total;
    }

    void sweep(bool down)
    {
        const std::size_t layers = m_g.order.size();
        for (std::size_t i = 1; i < layers; ++i) {
            const std::size_t k = down ? i : layers - 1 - i;
            const Csr &adj = down ? m_g.pred : m_g.succ;
            auto &layer = m_g.order[k];
            m_keys.resize(layer.size());
            for (std::size_t j = 0; j < layer.size(); ++j) {
                const std::uint32_t v = layer[j];
                const auto nb = adj.range(v);
                double key = double(j);  // no neighbours there: stay put
                if (!nb.empty()) {
                    // Median of the neighbours' positions (mean of the middle two when even),
                    // scaled into this layer's index range so the unconnected ones interleave.
                    m_med.assign(nb.begin(), nb.end());
                    for (auto &u : m_med)
                        u = m_pos[u];
                    std::sort(m_med.begin(), m_med.end());
                    const std::size_t h = m_med.size() / 2;
                    double med = m_med.size() % 2 ? m_med[h] : (m_med[h - 1] + m_med[h]) / 2.0;
                    const double otherSize = double(m_g.order[down ? k - 1 : k + 1].size());
                    key = med * double(layer.size()) / std::max(1.0, otherSize);
                }
                m_keys[j] = {key, v};
            }
            std::stable_sort(m_keys.begin(), m_keys.end(),
                             [](const auto &a, const auto &b) { return a.first < b.first; });
            for (std::size_t j = 0; j < layer.size(); ++j) {
                layer[j] = m_keys[j].second;
                m_pos[layer[j]] = std::uint32_t(j);
            }
        }
    }

    // Number of pairs (a in A, b in B) with a > b; A and B sorted.
    static std::uint64_t pairCrossings(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b)
    {
        std::uint64_t c = 0;
        std::size_t j = 0;
        for (std::uint32_t x : a) {
            while (j < b.size() && b[j] < x)
                ++j;
            c += j;
        }
        return c;
    }

    // One scan over each layer; swaps two neighbours when that strictly reduces crossings.
    bool transposeRound()
    {
        bool improved = false;
        for (auto &layer : m_g.order) {
            const std::size_t n = layer.size();
            if (n < 2)
                continue;
            // Sorted neighbour positions on both sides; fixed while this layer changes.
            m_upOff.assign(n + 1, 0);
            m_downOff.assign(n + 1, 0);
            m_up.clear();
            m_down.clear();
            for (std::size_t j = 0; j < n; ++j) {
                const std::uint32_t v = layer[j];
                for (std::uint32_t u : m_g.pred.range(v))
                    m_up.push_back(m_pos[u]);
                std::sort(m_up.begin() + m_upOff[j], m_up.end());
                m_upOff[j + 1] = std::uint32_t(m_up.size());
                for (std::uint32_t s : m_g.succ.range(v))
                    m_down.push_back(m_pos[s]);
                std::sort(m_down.begin() + m_downOff[j], m_down.end());
                m_downOff[j + 1] = std::uint32_t(m_down.size());
            }
            // slot[j]: which original index now sits at position j
            m_slot.resize(n);
            for (std::size_t j = 0; j < n; ++j)
                m_slot[j] = std::uint32_t(j);
            auto up = [&](std::uint32_t s) {
                return std::span<const std::uint32_t>(m_up.data() + m_upOff[s], m_up.data() + m_upOff[s + 1]);
            };
            auto down = [&](std::uint32_t s) {
                return std::span<const std::uint32_t>(m_down.data() + m_downOff[s],
                                                      m_down.data() + m_downOff[s + 1]);
            };
            for (std::size_t j = 0; j + 1 < n; ++j) {
                const std::uint32_t a = m_slot[j], b = m_slot[j + 1];
                const std::uint64_t keep = pairCrossings(up(a), up(b)) + pairCrossings(down(a), down(b));
                const std::uint64_t swapped = pairCrossings(up(b), up(a)) + pairCrossings(down(b), down(a));
                if (swapped < keep) {
                    std::swap(m_slot[j], m_slot[j + 1]);
                    improved = true;
                }
            }
            std::vector<std::uint32_t> next(n);
            for (std::size_t j = 0; j < n; ++j) {
                next[j] = layer[m_slot[j]];
                m_pos[next[j]] = std::uint32_t(j);
            }
            layer.swap(next);
        }
        return improved;
    }

private:
    Proper &m_g;
    std::vector<std::uint32_t> m_pos;
    std::vector<std::uint32_t> m_seq, m_tree;
    std::vector<std::pair<double, std::uint32_t>> m_keys;
    std::vector<std::uint32_t> m_med, m_up, m_down, m_upOff, m_downOff, m_slot;
};

}  // namespace

void orderLayers(Proper &g, const LayeredOptions &options, std::uint64_t *initialCrossings,
                 std::uint64_t *finalCrossings)
{
    Orderer o(g);
    o.initialOrder();
    std::uint64_t best = o.crossings();
    *initialCrossings = best;
    std::vector<std::vector<std::uint32_t>> bestOrder = g.order;
    for (int i = 0; i < options.sweeps && best > 0; ++i) {
        o.sweep(i % 2 == 0);
        const std::uint64_t c = o.crossings();
        if (c < best) {
            best = c;
            bestOrder = g.order;
        }
    }
    g.order = std::move(bestOrder);
    o.updatePositions();
    for (int i = 0; i < options.transposeRounds && best > 0; ++i)
        if (!o.transposeRound())
            break;
    *finalCrossings = o.crossings();
}

}  // namespace meshlens::layered
