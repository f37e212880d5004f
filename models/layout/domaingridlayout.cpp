#include "domaingridlayout.h"

#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace meshlens {

DomainGridLayout::DomainGridLayout(DomainGridOptions options) : m_options(options) {}

std::vector<std::uint32_t> DomainGridLayout::productRanks(const LevelGraph &products)
{
    // Kahn's algorithm: a vertex's rank is settled once all its upstream vertices are.
    const auto n = products.vertexCount();
    const auto &g = products.graph;
    std::vector<std::uint32_t> rank(n, 0), pending(n, 0);
    std::deque<std::uint32_t> ready;
    for (std::uint32_t v = 0; v < n; ++v) {
        pending[v] = std::uint32_t(boost::in_degree(v, g));
        if (pending[v] == 0)
            ready.push_back(v);
    }
    std::uint32_t settled = 0, highest = 0;
    std::vector<bool> done(n, false);
    while (!ready.empty()) {
        const auto v = ready.front();
        ready.pop_front();
        done[v] = true;
        ++settled;
        highest = std::max(highest, rank[v]);
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
            const auto t = std::uint32_t(boost::target(e, g));
            rank[t] = std::max(rank[t], rank[v] + 1);
            if (--pending[t] == 0)
                ready.push_back(t);
        }
    }
    if (settled < n) {
        // Products on a cycle have no upstream-first order; put them after everything else.
        for (std::uint32_t v = 0; v < n; ++v) {
            if (!done[v])
                rank[v] = highest + 1;
        }
    }
    return rank;
}

std::vector<DomainGridLayout::Group> DomainGridLayout::groups(const SnapshotGraph &graph) const
{
    std::vector<Group> out;
    std::unordered_map<NodeId, std::size_t> groupOf;
    for (const NodeId domain : graph.nodesOfKind(EntityKind::Domain)) {
        groupOf.emplace(domain, out.size());
        out.push_back({domain, {}, 0, {}});
    }
    const auto ranks = productRanks(graph.level(Level::Product));
    const auto rankOf = [&](NodeId product) -> std::uint32_t {
        const auto local = graph.toLocal(product, Level::Product);
        return local < ranks.size() ? ranks[local] : 0;
    };
    std::size_t unassigned = SIZE_MAX;
    for (const NodeId product : graph.nodesOfKind(EntityKind::Product)) {
        const NodeId domain = graph.ancestor(product, EntityKind::Domain);
        const auto it = groupOf.find(domain);
        std::size_t g = 0;
        if (it != groupOf.end()) {
            g = it->second;
        } else {
            if (unassigned == SIZE_MAX) {
                unassigned = out.size();
                out.push_back({kNoNode, {}, 0, {}});
            }
            g = unassigned;
        }
        out[g].products.push_back(product);
    }
    for (auto &group : out) {
        std::sort(group.products.begin(), group.products.end(), [&](NodeId a, NodeId b) {
            const auto ra = rankOf(a), rb = rankOf(b);
            return ra != rb ? ra < rb : graph.name(a) < graph.name(b);
        });
        double sum = 0;
        for (const NodeId p : group.products)
            sum += rankOf(p);
        group.meanRank = group.products.empty() ? 0 : sum / double(group.products.size());
    }
    std::stable_sort(out.begin(), out.end(), [&](const Group &a, const Group &b) {
        if ((a.domain == kNoNode) != (b.domain == kNoNode))
            return b.domain == kNoNode;  // "Unassigned" last
        if (a.meanRank != b.meanRank)
            return a.meanRank < b.meanRank;
        return a.domain != kNoNode && graph.name(a.domain) < graph.name(b.domain);
    });
    return out;
}

int DomainGridLayout::columns(std::size_t products) const
{
    // A grid about domainAspect wide for tall: cols * cellWidth = aspect * rows * cellHeight.
    const auto &o = m_options;
    const auto n = double(products);
    if (n <= 3)
        return std::max(1, int(n));
    const double cellRatio = (o.productHeight + o.productGap) / (o.productWidth + o.productGap);
    return std::clamp(int(std::ceil(std::sqrt(n * o.domainAspect * cellRatio))), 1, int(n));
}

void DomainGridLayout::placeProducts(const Group &group, std::uint32_t index,
                                     DomainGridResult &out) const
{
    const auto &o = m_options;
    const auto n = int(group.products.size());
    const int cols = columns(group.products.size());
    for (int i = 0; i < n; ++i) {
        const int row = i / cols, col = i % cols;
        const double x = group.rect.left() + o.domainPadding + col * (o.productWidth + o.productGap);
        const double y = group.rect.top() + o.domainHeader + row * (o.productHeight + o.productGap);
        out.products.push_back({group.products[std::size_t(i)], QRectF(x, y, o.productWidth, o.productHeight)});
        out.cells.push_back({index, row, col});
    }
}

DomainGridResult DomainGridLayout::compute(const SnapshotGraph &graph) const
{
    const auto &o = m_options;
    DomainGridResult result;
    auto all = groups(graph);

    // Size every domain box from its product grid.
    double widest = 0, total = 0;
    for (auto &group : all) {
        const auto n = int(group.products.size());
        const int cols = columns(group.products.size());
        const int rows = (n + cols - 1) / cols;
        const double w = 2 * o.domainPadding + cols * o.productWidth + (cols - 1) * o.productGap;
        const double h = o.domainHeader + o.domainPadding
            + (rows > 0 ? rows * o.productHeight + (rows - 1) * o.productGap : 0.0);
        group.rect = QRectF(0, 0, w, h);
        widest = std::max(widest, w);
        total += w + o.domainGap;
    }

    // Shelf packing in upstream-first order. The row width is chosen among a few candidates
    // so that the picture, fitted into a view of the given aspect, comes out largest.
    result.domainRows.assign(all.size(), 0);
    const auto pack = [&](double rowWidth, bool place) {
        double x = 0, y = 0, rowHeight = 0, width = 0;
        int row = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            auto &group = all[i];
            if (x > 0 && x + group.rect.width() > rowWidth) {
                x = 0;
                y += rowHeight + o.domainGap;
                rowHeight = 0;
                ++row;
            }
            if (place) {
                group.rect.moveTo(x, y);
                result.domainRows[i] = row;
            }
            width = std::max(width, x + group.rect.width());
            x += group.rect.width() + o.domainGap;
            rowHeight = std::max(rowHeight, group.rect.height());
        }
        return std::pair(width, y + rowHeight);
    };
    double bestWidth = widest, bestScale = 0;
    constexpr int kCandidates = 64;
    for (int i = 0; i <= kCandidates; ++i) {
        const double rowWidth = widest + (total - widest) * i / kCandidates;
        const auto [w, h] = pack(rowWidth, false);
        // The scale at which a view of height 1 and width `aspect` shows all of it.
        const double scale = std::min(o.aspect / std::max(w, 1.0), 1.0 / std::max(h, 1.0));
        if (scale > bestScale * 1.0001) {
            bestScale = scale;
            bestWidth = rowWidth;
        }
    }
    pack(bestWidth, true);
    for (const auto &group : all)
        result.bounds = result.bounds.united(group.rect);

    result.domains.reserve(all.size());
    result.products.reserve(graph.nodesOfKind(EntityKind::Product).size());
    result.cells.reserve(result.products.capacity());
    for (std::size_t i = 0; i < all.size(); ++i) {
        result.domains.push_back({all[i].domain, all[i].rect});
        placeProducts(all[i], std::uint32_t(i), result);
    }

    const auto &level = graph.level(Level::Product);
    result.edges.reserve(level.edgeCount());
    for (const auto e : boost::make_iterator_range(boost::edges(level.graph))) {
        const auto s = std::uint32_t(boost::source(e, level.graph));
        const auto t = std::uint32_t(boost::target(e, level.graph));
        if (s == t)
            continue;  // lineage inside one product is not a dependency between products
        const auto index = boost::get(boost::edge_index, level.graph, e);
        result.edges.push_back({level.toGlobal[s], level.toGlobal[t], level.weight[index]});
    }
    return result;
}

}  // namespace meshlens
