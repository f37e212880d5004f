#pragma once

// What an opened product shows inside its box on the mesh map: its datasets laid out left
// to right by the layered engine, with the lineage among them. Pure computation (no Qt Gui).

#include "layeredlayout.h"
#include "mesh/snapshotgraph.h"

#include <QRectF>

#include <vector>

namespace meshlens {

struct ProductInterior {
    NodeId product = kNoNode;
    std::vector<NodeId> datasets;  ///< the product's datasets (by name), at most the cap
    std::vector<QRectF> boxes;     ///< parallel: dataset boxes, from (0, 0)
    LayoutEdgeList edges;          ///< dataset edges inside the product: indices into datasets
    std::vector<std::vector<LayoutPoint>> edgePoints;  ///< per edge: centre, bends, centre
    std::vector<bool> reversed;    ///< per edge: drawn against the layers (closes a cycle)
    QSizeF size;                   ///< the boxes' extent, from (0, 0)
    std::uint32_t truncatedFrom = 0;  ///< > 0: the product has that many datasets, the cap kept
};

/// Box size of a dataset inside an opened product, in scene units.
inline constexpr double kInteriorBoxWidth = 180;
inline constexpr double kInteriorBoxHeight = 34;

/// Lays out the datasets of `product` and the dataset edges among them. A product with more
/// than `maxDatasets` keeps the first ones by name and says so in truncatedFrom.
ProductInterior layoutProductInterior(const SnapshotGraph &graph, NodeId product,
                                      std::uint32_t maxDatasets = 1500);

}  // namespace meshlens
