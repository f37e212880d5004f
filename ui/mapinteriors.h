#pragma once

// The datasets drawn inside opened products on the mesh map.

#include "graphitems.h"
#include "layout/productinterior.h"
#include "mesh/snapshotgraph.h"

#include <unordered_map>

class QGraphicsItem;

namespace meshlens {

struct OverlayStates;

/// Height of an opened product's header band (its card), and the margins around its
/// datasets: an opened product is interiorSize() big.
inline constexpr qreal kOpenHeader = 58;
inline constexpr qreal kOpenPadding = 16;
QSizeF interiorBoxSize(const ProductInterior &interior);

/// Adds the interior's dataset boxes (with `origin` the top-left of the opened product) and
/// the lineage among them as children of `layer` (in a scene), registering each box in
/// `items`. The boxes and curves give way to the domain map when zoomed far out.
void addInteriorItems(QGraphicsItem *layer, const SnapshotGraph &graph,
                      const ProductInterior &interior, QPointF origin, const OverlayStates &states,
                      const SceneStyle *style, std::unordered_map<NodeId, NodeItem *> &items);

}  // namespace meshlens
