#include "gridexpansion.h"

#include <algorithm>
#include <vector>

namespace meshlens {

namespace {

// Running sums: out[i] = sum of extra[0..i-1].
std::vector<double> offsets(const std::vector<double> &extra)
{
    std::vector<double> out(extra.size() + 1, 0.0);
    for (std::size_t i = 0; i < extra.size(); ++i)
        out[i + 1] = out[i] + extra[i];
    return out;
}

}  // namespace

void expandProducts(DomainGridResult &layout, const std::unordered_map<NodeId, QSizeF> &sizes)
{
    if (sizes.empty() || layout.cells.size() != layout.products.size()
        || layout.domainRows.size() != layout.domains.size())
        return;
    const std::size_t domainCount = layout.domains.size();

    // Per domain: how much each grid column grows and each grid row.
    std::vector<std::vector<double>> columnExtra(domainCount), rowExtra(domainCount);
    for (std::size_t i = 0; i < layout.products.size(); ++i) {
        const GridCell &cell = layout.cells[i];
        auto &cols = columnExtra[cell.domain];
        auto &rows = rowExtra[cell.domain];
        cols.resize(std::max<std::size_t>(cols.size(), std::size_t(cell.column) + 1), 0.0);
        rows.resize(std::max<std::size_t>(rows.size(), std::size_t(cell.row) + 1), 0.0);
        const auto it = sizes.find(layout.products[i].node);
        if (it == sizes.end())
            continue;
        const QRectF &r = layout.products[i].rect;
        cols[std::size_t(cell.column)] = std::max(cols[std::size_t(cell.column)], it->second.width() - r.width());
        rows[std::size_t(cell.row)] = std::max(rows[std::size_t(cell.row)], it->second.height() - r.height());
    }
    std::vector<std::vector<double>> columnShift(domainCount), rowShift(domainCount);
    std::vector<QSizeF> growth(domainCount);
    for (std::size_t d = 0; d < domainCount; ++d) {
        columnShift[d] = offsets(columnExtra[d]);
        rowShift[d] = offsets(rowExtra[d]);
        growth[d] = QSizeF(columnShift[d].back(), rowShift[d].back());
    }

    // Shelves: each domain moves right by the growth of the domains before it on its shelf,
    // and down by how much the shelves above grew (a shelf is as tall as its tallest box).
    const int shelves = layout.domainRows.empty() ? 0
        : *std::max_element(layout.domainRows.begin(), layout.domainRows.end()) + 1;
    std::vector<double> baseHeight(std::size_t(shelves), 0.0), newHeight(std::size_t(shelves), 0.0);
    for (std::size_t d = 0; d < domainCount; ++d) {
        const auto s = std::size_t(layout.domainRows[d]);
        const double h = layout.domains[d].rect.height();
        baseHeight[s] = std::max(baseHeight[s], h);
        newHeight[s] = std::max(newHeight[s], h + growth[d].height());
    }
    std::vector<double> shelfExtra(static_cast<std::size_t>(shelves), 0.0);
    for (std::size_t s = 0; s < shelfExtra.size(); ++s)
        shelfExtra[s] = newHeight[s] - baseHeight[s];
    const std::vector<double> shelfShift = offsets(shelfExtra);
    std::vector<QPointF> domainShift(domainCount);
    double along = 0;
    for (std::size_t d = 0; d < domainCount; ++d) {
        if (d > 0 && layout.domainRows[d] != layout.domainRows[d - 1])
            along = 0;  // domains are listed shelf by shelf, left to right
        domainShift[d] = QPointF(along, shelfShift[std::size_t(layout.domainRows[d])]);
        along += growth[d].width();
    }

    for (std::size_t i = 0; i < layout.products.size(); ++i) {
        const GridCell &cell = layout.cells[i];
        QRectF &r = layout.products[i].rect;
        r.translate(domainShift[cell.domain]
                    + QPointF(columnShift[cell.domain][std::size_t(cell.column)],
                              rowShift[cell.domain][std::size_t(cell.row)]));
        if (const auto it = sizes.find(layout.products[i].node); it != sizes.end())
            r.setSize(r.size().expandedTo(it->second));
    }
    layout.bounds = QRectF();
    for (std::size_t d = 0; d < domainCount; ++d) {
        QRectF &r = layout.domains[d].rect;
        r.translate(domainShift[d]);
        r.setSize(r.size() + growth[d]);
        layout.bounds = layout.bounds.united(r);
    }
}

}  // namespace meshlens
