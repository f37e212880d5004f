// Network simplex layering (Gansner, Koutsofios, North, Vo, "A technique for drawing directed
// graphs", 1993): minimises the total edge span sum w(e) * (layer[head] - layer[tail]) subject
// to every edge spanning at least one layer. Fewer spanned layers means fewer dummy vertices,
// hence fewer crossings and a faster crossing reduction.
//
// The feasible spanning tree is grown Prim-style: the tree always takes the incident edge of
// least slack and shifts itself by that slack, so it stays tight (O(E log E)). Subtrees are
// kept as postorder ranges (low, lim), so "is x below v" is a range test and the nodes of a
// subtree are a contiguous slice of `m_atLim`. Everything is iterative (no deep recursion on
// long chains).

#include "layeredinternal.h"

#include <algorithm>
#include <queue>

namespace meshlens::layered {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

class NetworkSimplex
{
public:
    NetworkSimplex(std::uint32_t n, const LayoutEdgeList &edges, std::vector<std::uint32_t> &rank)
        : m_n(n), m_rank(rank.begin(), rank.end())
    {
        // Parallel edges merge into one weighted edge.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted;
        sorted.reserve(edges.size());
        for (const auto &e : edges)
            if (e.first != e.second)
                sorted.push_back(e);
        std::sort(sorted.begin(), sorted.end());
        for (const auto &e : sorted) {
            if (!m_tail.empty() && m_tail.back() == e.first && m_head.back() == e.second) {
                ++m_weight.back();
                continue;
            }
            m_tail.push_back(e.first);
            m_head.push_back(e.second);
            m_weight.push_back(1);
        }
        const auto m = std::uint32_t(m_tail.size());
        m_off.assign(std::size_t(n) + 1, 0);
        for (std::uint32_t e = 0; e < m; ++e) {
            ++m_off[m_tail[e] + 1];
            ++m_off[m_head[e] + 1];
        }
        for (std::uint32_t v = 0; v < n; ++v)
            m_off[v + 1] += m_off[v];
        m_inc.resize(m_off.back());
        std::vector<std::uint32_t> fill(m_off.begin(), m_off.end() - 1);
        for (std::uint32_t e = 0; e < m; ++e) {
            m_inc[fill[m_tail[e]]++] = e;
            m_inc[fill[m_head[e]]++] = e;
        }
        m_inTree.assign(m, false);
        m_cut.assign(m, 0);
    }

    void run(std::size_t maxIterations)
    {
        feasibleTree();
        initRanges();
        initCutValues();
        std::size_t searchFrom = 0;
        for (std::size_t it = 0; it < maxIterations; ++it) {
            const std::uint32_t leave = leaveEdge(searchFrom);
            if (leave == kNone)
                break;
            const std::uint32_t enter = enterEdge(leave);
            if (enter == kNone)
                break;  // cannot happen on a connected component; stay safe
            update(leave, enter);
        }
    }

    const std::vector<std::int64_t> &ranks() const { return m_rank; }

private:
    std::int64_t slack(std::uint32_t e) const { return m_rank[m_head[e]] - m_rank[m_tail[e]] - 1; }
    std::uint32_t other(std::uint32_t e, std::uint32_t v) const { return m_tail[e] == v ? m_head[e] : m_tail[e]; }
    bool below(std::uint32_t x, std::uint32_t v) const { return m_low[v] <= m_lim[x] && m_lim[x] <= m_lim[v]; }

    // Prim-style tight tree per connected component. Boundary edges wait in two heaps: those
    // leaving the tree forward (tree end = tail) and backward (tree end = head). Shifting the
    // tree by +d lowers every forward slack by d and raises every backward one, so the keys are
    // stored against a per-heap offset; the tree's own ranks are stored against `shift`.
    void feasibleTree()
    {
        m_treeAdj.assign(m_n, {});
        std::vector<bool> inTreeNode(m_n, false);
        using Item = std::pair<std::int64_t, std::uint32_t>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> forward, backward;
        std::vector<std::uint32_t> members, stack;
        for (std::uint32_t root = 0; root < m_n; ++root) {
            if (inTreeNode[root])
                continue;
            std::int64_t shift = 0;  // actual rank of a member = m_rank + shift
            members.clear();
            forward = {};
            backward = {};
            auto add = [&](std::uint32_t v, std::uint32_t viaEdge) {
                // v's actual rank is m_rank[v] (outside the tree); store it relative to shift.
                inTreeNode[v] = true;
                m_rank[v] -= shift;
                members.push_back(v);
                if (viaEdge != kNone) {
                    m_inTree[viaEdge] = true;
                    m_treeAdj[m_tail[viaEdge]].push_back(viaEdge);
                    m_treeAdj[m_head[viaEdge]].push_back(viaEdge);
                }
                stack.push_back(v);
            };
            add(root, kNone);
            for (;;) {
                // Take every tight edge reachable from the new members first.
                while (!stack.empty()) {
                    const std::uint32_t v = stack.back();
                    stack.pop_back();
                    for (std::uint32_t k = m_off[v]; k < m_off[v + 1]; ++k) {
                        const std::uint32_t e = m_inc[k], w = other(e, v);
                        if (inTreeNode[w])
                            continue;
                        const std::int64_t s = m_tail[e] == v
                            ? m_rank[w] - (m_rank[v] + shift) - 1
                            : (m_rank[v] + shift) - m_rank[w] - 1;
                        if (s == 0)
                            add(w, e);
                        else if (m_tail[e] == v)
                            forward.emplace(s + shift, e);   // slack = key - shift
                        else
                            backward.emplace(s - shift, e);  // slack = key + shift
                    }
                }
                while (!forward.empty() && inTreeNode[m_head[forward.top().second]])
                    forward.pop();
                while (!backward.empty() && inTreeNode[m_tail[backward.top().second]])
                    backward.pop();
                if (forward.empty() && backward.empty())
                    break;
                const std::int64_t fs = forward.empty() ? INT64_MAX : forward.top().first - shift;
                const std::int64_t bs = backward.empty() ? INT64_MAX : backward.top().first + shift;
                std::uint32_t e;
                if (fs <= bs) {
                    e = forward.top().second;
                    forward.pop();
                    shift += fs;  // the tree moves right: the forward edge becomes tight
                    add(m_head[e], e);
                } else {
                    e = backward.top().second;
                    backward.pop();
                    shift -= bs;
                    add(m_tail[e], e);
                }
            }
            for (std::uint32_t v : members)
                m_rank[v] += shift;
        }
    }

    // Postorder ranges of the whole forest, roots in id order.
    void initRanges()
    {
        m_parent.assign(m_n, kNone);
        m_low.assign(m_n, 0);
        m_lim.assign(m_n, 0);
        m_atLim.assign(m_n, 0);
        std::vector<bool> done(m_n, false);
        std::uint32_t next = 0;
        for (std::uint32_t r = 0; r < m_n; ++r) {
            if (done[r])
                continue;
            next = assignRange(r, kNone, next);
            // mark the tree as done
            for (std::uint32_t l = m_low[r]; l <= m_lim[r]; ++l)
                done[m_atLim[l]] = true;
        }
    }

    // Gives the subtree of v (entered through `parentEdge`) the postorder numbers from `low`
    // on; returns the next free number.
    std::uint32_t assignRange(std::uint32_t v, std::uint32_t parentEdge, std::uint32_t low)
    {
        std::vector<Frame> &stack = m_frames;
        stack.clear();
        m_parent[v] = parentEdge;
        stack.push_back({v, 0, low});
        std::uint32_t next = low;
        while (!stack.empty()) {
            Frame &f = stack.back();
            const auto &adj = m_treeAdj[f.v];
            if (f.slot < adj.size()) {
                const std::uint32_t e = adj[f.slot++];
                if (e == m_parent[f.v])
                    continue;
                const std::uint32_t w = other(e, f.v);
                if (m_prune && m_parent[w] == e && m_low[w] == next && !touches(w)) {
                    next = m_lim[w] + 1;  // same subtree, same numbers: nothing to redo
                    continue;
                }
                m_parent[w] = e;
                stack.push_back({w, 0, next});
                continue;
            }
            m_low[f.v] = f.low;
            m_lim[f.v] = next;
            m_atLim[next] = f.v;
            ++next;
            stack.pop_back();
        }
        return next;
    }

    // Cut value of the tree edge above v from those of the tree edges below it (Graphviz's
    // x_cutval): every edge at v contributes by whether its other end is below v.
    void cutValueAbove(std::uint32_t v)
    {
        const std::uint32_t f = m_parent[v];
        const bool vIsTail = m_tail[f] == v;
        std::int64_t sum = 0;
        for (std::uint32_t k = m_off[v]; k < m_off[v + 1]; ++k) {
            const std::uint32_t e = m_inc[k], w = other(e, v);
            const bool outside = !below(w, v);
            std::int64_t rv;
            if (outside) {
                rv = m_weight[e];
            } else {
                rv = (m_inTree[e] ? m_cut[e] : 0) - m_weight[e];
            }
            int d = vIsTail ? (m_head[e] == v ? 1 : -1) : (m_tail[e] == v ? 1 : -1);
            if (outside)
                d = -d;
            sum += d < 0 ? -rv : rv;
        }
        m_cut[f] = sum;
    }

    void initCutValues()
    {
        for (std::uint32_t l = 0; l < m_n; ++l) {
            const std::uint32_t v = m_atLim[l];
            if (m_parent[v] != kNone)
                cutValueAbove(v);
        }
        m_treeEdges.clear();
        for (std::uint32_t e = 0; e < m_inTree.size(); ++e)
            if (m_inTree[e])
                m_treeEdges.push_back(e);
    }

    // A tree edge with a negative cut value: the most negative among the first few found,
    // searching cyclically from where the last search stopped.
    std::uint32_t leaveEdge(std::size_t &from)
    {
        const std::size_t t = m_treeEdges.size();
        std::uint32_t best = kNone;
        std::size_t found = 0, bestIndex = 0;
        for (std::size_t i = 0; i < t; ++i) {
            const std::size_t j = (from + i) % t;
            const std::uint32_t e = m_treeEdges[j];
            if (m_cut[e] < 0) {
                if (best == kNone || m_cut[e] < m_cut[best]) {
                    best = e;
                    bestIndex = j;
                }
                if (++found >= 30)
                    break;
            }
        }
        if (best != kNone) {
            from = bestIndex;
            m_leaveIndex = bestIndex;
        }
        return best;
    }

    // The non-tree edge of least slack that crosses the cut of `leave` the other way.
    std::uint32_t enterEdge(std::uint32_t leave)
    {
        // v: the end of `leave` below the other one; the search looks at the subtree of v.
        const bool tailBelow = m_lim[m_tail[leave]] < m_lim[m_head[leave]];
        const std::uint32_t v = tailBelow ? m_tail[leave] : m_head[leave];
        const std::uint32_t lo = m_low[v], hi = m_lim[v];
        std::uint32_t best = kNone;
        std::int64_t bestSlack = INT64_MAX;
        for (std::uint32_t l = lo; l <= hi && bestSlack > 0; ++l) {
            const std::uint32_t x = m_atLim[l];
            for (std::uint32_t k = m_off[x]; k < m_off[x + 1]; ++k) {
                const std::uint32_t e = m_inc[k];
                if (m_inTree[e])
                    continue;
                // tail below: look for edges entering the subtree (head inside, tail outside);
                // head below: edges leaving it.
                const bool ok = tailBelow ? (m_head[e] == x && !below(m_tail[e], v))
                                          : (m_tail[e] == x && !below(m_head[e], v));
                if (!ok)
                    continue;
                const std::int64_t s = slack(e);
                if (s < bestSlack) {
                    bestSlack = s;
                    best = e;
                }
            }
        }
        return best;
    }

    // Walks from v up to the subtree that contains w, adjusting cut values (Graphviz's
    // treeupdate); returns that ancestor.
    std::uint32_t treeUpdate(std::uint32_t v, std::uint32_t w, std::int64_t cut, bool dir)
    {
        while (!below(w, v)) {
            const std::uint32_t e = m_parent[v];
            const bool d = v == m_tail[e] ? dir : !dir;
            m_cut[e] += d ? cut : -cut;
            v = m_lim[m_tail[e]] > m_lim[m_head[e]] ? m_tail[e] : m_head[e];
        }
        return v;
    }

    // Whether the old subtree of w holds an end of an exchanged edge (old numbers).
    bool touches(std::uint32_t w) const
    {
        for (std::uint32_t l : m_changed)
            if (m_low[w] <= l && l <= m_lim[w])
                return true;
        return false;
    }

    void update(std::uint32_t leave, std::uint32_t enter)
    {
        const std::int64_t delta = slack(enter);
        if (delta > 0) {
            // Move the subtree below `leave` so that `enter` becomes tight.
            const bool tailBelow = m_lim[m_tail[leave]] < m_lim[m_head[leave]];
            const std::uint32_t v = tailBelow ? m_tail[leave] : m_head[leave];
            const std::int64_t by = tailBelow ? delta : -delta;
            for (std::uint32_t l = m_low[v]; l <= m_lim[v]; ++l)
                m_rank[m_atLim[l]] -= by;
        }
        const std::int64_t cut = m_cut[leave];
        const std::uint32_t lca = treeUpdate(m_tail[enter], m_head[enter], cut, true);
        treeUpdate(m_head[enter], m_tail[enter], cut, false);
        m_cut[enter] = -cut;
        m_cut[leave] = 0;
        // exchange
        m_inTree[leave] = false;
        m_inTree[enter] = true;
        for (std::uint32_t end : {m_tail[leave], m_head[leave]}) {
            auto &adj = m_treeAdj[end];
            adj.erase(std::find(adj.begin(), adj.end(), leave));
        }
        m_treeAdj[m_tail[enter]].push_back(enter);
        m_treeAdj[m_head[enter]].push_back(enter);
        m_treeEdges[m_leaveIndex] = enter;
        // Subtrees of lca that hold no end of the two exchanged edges keep their shape; when
        // their postorder numbers also stay, assignRange skips them (old lims recorded first).
        m_changed.clear();
        for (std::uint32_t x : {m_tail[leave], m_head[leave], m_tail[enter], m_head[enter]})
            m_changed.push_back(m_lim[x]);
        m_prune = true;
        assignRange(lca, m_parent[lca], m_low[lca]);
        m_prune = false;
    }

    std::uint32_t m_n;
    std::vector<std::int64_t> m_rank;
    std::vector<std::uint32_t> m_tail, m_head, m_weight, m_off, m_inc;
    std::vector<bool> m_inTree;
    std::vector<std::int64_t> m_cut;
    std::vector<std::vector<std::uint32_t>> m_treeAdj;
    std::vector<std::uint32_t> m_parent, m_low, m_lim, m_atLim, m_treeEdges;
    std::size_t m_leaveIndex = 0;
    struct Frame {
        std::uint32_t v, slot, low;
    };
    std::vector<Frame> m_frames;
    std::vector<std::uint32_t> m_changed;
    bool m_prune = false;
};

}  // namespace

void networkSimplexLayers(std::uint32_t vertexCount, const LayoutEdgeList &edges,
                          std::vector<std::uint32_t> &layer, std::size_t maxIterations)
{
    NetworkSimplex ns(vertexCount, edges, layer);
    ns.run(maxIterations);
    const auto &rank = ns.ranks();
    std::int64_t lo = INT64_MAX;
    for (auto r : rank)
        lo = std::min(lo, r);
    for (std::uint32_t v = 0; v < vertexCount; ++v)
        layer[v] = std::uint32_t(rank[v] - lo);
}

}  // namespace meshlens::layered
