#pragma once

// Opening products on the mesh map without losing one's place: opened products grow to
// hold their datasets, and the rest of the map moves only as much as it must.

#include "domaingridlayout.h"

#include <QSizeF>

#include <unordered_map>

namespace meshlens {

/// Grows the products in `sizes` to those sizes (never shrinks one) in a layout made by
/// DomainGridLayout, keeping its rows and columns: inside a domain, a grown product widens
/// its column and heightens its row, so only products to its right or below move, by that
/// much; a grown domain pushes only the domains after it on its shelf and the shelves below.
/// Everything above and to the left stays exactly where it was. With no sizes it changes
/// nothing. Linear in boxes.
void expandProducts(DomainGridResult &layout, const std::unordered_map<NodeId, QSizeF> &sizes);

}  // namespace meshlens
