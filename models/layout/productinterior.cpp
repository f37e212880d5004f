#include "productinterior.h"

#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace meshlens {

ProductInterior layoutProductInterior(const SnapshotGraph &graph, NodeId product,
                                      std::uint32_t maxDatasets)
{
    ProductInterior out;
    out.product = product;
    if (product >= graph.nodeCount() || graph.node(product).kind != EntityKind::Product)
        return out;
    for (const NodeId child : graph.children(product)) {
        if (graph.node(child).kind == EntityKind::Dataset)
            out.datasets.push_back(child);
    }
    std::sort(out.datasets.begin(), out.datasets.end(),
              [&](NodeId a, NodeId b) { return graph.name(a) < graph.name(b); });
    if (out.datasets.size() > maxDatasets) {
        out.truncatedFrom = std::uint32_t(out.datasets.size());
        out.datasets.resize(maxDatasets);
    }
    if (out.datasets.empty())
        return out;

    std::unordered_map<NodeId, std::uint32_t> indexOf;
    indexOf.reserve(out.datasets.size());
    for (std::uint32_t i = 0; i < out.datasets.size(); ++i)
        indexOf.emplace(out.datasets[i], i);
    const LevelGraph &level = graph.level(Level::Dataset);
    for (std::uint32_t i = 0; i < out.datasets.size(); ++i) {
        const auto local = graph.toLocal(out.datasets[i], Level::Dataset);
        if (local >= level.vertexCount())
            continue;
        for (const auto e : boost::make_iterator_range(boost::out_edges(local, level.graph))) {
            const auto it = indexOf.find(level.toGlobal[boost::target(e, level.graph)]);
            if (it != indexOf.end() && it->second != i)
                out.edges.emplace_back(i, it->second);
        }
    }

    LayeredOptions options;
    options.defaultSize = {kInteriorBoxWidth, kInteriorBoxHeight};
    options.nodeSeparation = 14;
    options.layerGap = 56;
    const auto n = std::uint32_t(out.datasets.size());
    const LayeredResult layout = layeredLayout(n, out.edges, options);

    // Shift everything so the boxes start at (0, 0).
    double left = std::numeric_limits<double>::max(), top = left, right = -left, bottom = -left;
    for (const LayoutPoint &p : layout.positions) {
        left = std::min(left, p.x - kInteriorBoxWidth / 2);
        top = std::min(top, p.y - kInteriorBoxHeight / 2);
        right = std::max(right, p.x + kInteriorBoxWidth / 2);
        bottom = std::max(bottom, p.y + kInteriorBoxHeight / 2);
    }
    out.boxes.reserve(n);
    for (const LayoutPoint &p : layout.positions) {
        out.boxes.emplace_back(p.x - kInteriorBoxWidth / 2 - left, p.y - kInteriorBoxHeight / 2 - top,
                               kInteriorBoxWidth, kInteriorBoxHeight);
    }
    out.edgePoints = layout.edgePoints;
    for (auto &points : out.edgePoints) {
        for (LayoutPoint &p : points) {
            p.x -= left;
            p.y -= top;
        }
    }
    out.reversed = layout.reversed;
    out.size = QSizeF(right - left, bottom - top);
    return out;
}

}  // namespace meshlens
