// Coordinates for the layered layout. Layers go left to right (x); within a layer the order
// is fixed and nodes are spread along y. Each pass pulls every node of a layer toward the
// median of its neighbours on one side (or both), solving per layer exactly
//     minimise sum w_i (y_i - d_i)^2  subject to  y_{i+1} - y_i >= sep_i
// by substituting z_i = y_i - (sep_0 + ... + sep_{i-1}) (then z must be non-decreasing) and
// pooling adjacent violators: O(n) per layer, so nodes never overlap.

#include "layeredinternal.h"

#include <algorithm>

namespace meshlens::layered {
namespace {

struct Block {
    double weight;
    double weightedSum;
    std::uint32_t count;
    double mean() const { return weightedSum / weight; }
};

// Weighted isotonic regression of `target` (in place: becomes the fitted values).
void poolAdjacentViolators(std::vector<double> &target, const std::vector<double> &weight,
                           std::vector<Block> &blocks)
{
    blocks.clear();
    for (std::size_t i = 0; i < target.size(); ++i) {
        blocks.push_back({weight[i], weight[i] * target[i], 1});
        while (blocks.size() > 1 && blocks[blocks.size() - 2].mean() > blocks.back().mean()) {
            const Block b = blocks.back();
            blocks.pop_back();
            blocks.back().weight += b.weight;
            blocks.back().weightedSum += b.weightedSum;
            blocks.back().count += b.count;
        }
    }
    std::size_t i = 0;
    for (const Block &b : blocks) {
        const double m = b.mean();
        for (std::uint32_t k = 0; k < b.count; ++k)
            target[i++] = m;
    }
}

}  // namespace

std::vector<LayoutPoint> assignCoordinates(const Proper &g, const LayeredOptions &options,
                                           std::span<const LayoutSize> sizes)
{
    const auto total = std::uint32_t(g.layerOf.size());
    auto isReal = [&](std::uint32_t v) { return v < g.realCount; };
    auto sizeOf = [&](std::uint32_t v) -> LayoutSize {
        if (!isReal(v))
            return {0, 0};
        return v < sizes.size() ? sizes[v] : options.defaultSize;
    };
    auto separation = [&](std::uint32_t a, std::uint32_t b) {
        const double gap = isReal(a) && isReal(b) ? options.nodeSeparation : options.dummySeparation;
        return (sizeOf(a).height + sizeOf(b).height) / 2 + gap;
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
    // y: packed, each layer centred on 0.
    for (const auto &layer : g.order) {
        double y = 0;
        for (std::size_t j = 0; j < layer.size(); ++j) {
            if (j > 0)
                y += separation(layer[j - 1], layer[j]);
            pos[layer[j]].y = y;
        }
        for (std::uint32_t v : layer)
            pos[v].y -= y / 2;
    }

    std::vector<double> target, weight, offset, ys;
    std::vector<Block> blocks;
    auto place = [&](const std::vector<std::uint32_t> &layer, bool usePred, bool useSucc) {
        const std::size_t n = layer.size();
        target.resize(n);
        weight.resize(n);
        offset.resize(n);
        double s = 0;
        for (std::size_t j = 0; j < n; ++j) {
            if (j > 0)
                s += separation(layer[j - 1], layer[j]);
            offset[j] = s;
            const std::uint32_t v = layer[j];
            ys.clear();
            if (usePred)
                for (std::uint32_t u : g.pred.range(v))
                    ys.push_back(pos[u].y);
            if (useSucc)
                for (std::uint32_t u : g.succ.range(v))
                    ys.push_back(pos[u].y);
            double desired = pos[v].y, w = 0.05;
            if (!ys.empty()) {
                const std::size_t m = ys.size() / 2;
                std::nth_element(ys.begin(), ys.begin() + std::ptrdiff_t(m), ys.end());
                desired = ys[m];
                if (ys.size() % 2 == 0)
                    desired = (desired + *std::max_element(ys.begin(), ys.begin() + std::ptrdiff_t(m))) / 2;
                // Dummies weigh more: long edges stay straight.
                w = isReal(v) ? double(ys.size()) : 4.0 * double(ys.size());
            }
            target[j] = desired - s;
            weight[j] = w;
        }
        poolAdjacentViolators(target, weight, blocks);
        for (std::size_t j = 0; j < n; ++j)
            pos[layer[j]].y = target[j] + offset[j];
    };

    const std::size_t layers = g.order.size();
    for (int p = 0; p < options.coordinatePasses; ++p) {
        const bool both = p >= options.coordinatePasses - 2;
        const bool down = p % 2 == 0;
        for (std::size_t i = 0; i < layers; ++i) {
            const std::size_t k = down ? i : layers - 1 - i;
            place(g.order[k], down || both, !down || both);
        }
    }

    // Top-left of the drawing at (0, 0).
    double minY = 0;
    bool first = true;
    for (std::uint32_t v = 0; v < total; ++v) {
        const double top = pos[v].y - sizeOf(v).height / 2;
        if (first || top < minY)
            minY = top;
        first = false;
    }
    for (auto &p : pos)
        p.y -= minY;
    return pos;
}

}  // namespace meshlens::layered
