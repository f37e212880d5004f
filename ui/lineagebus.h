#pragma once
// Fan-out buses. A dataset feeding hundreds of others (a hub) would send hundreds of curves
// side by side down the gap to the next layer: a wall of lines that says no more than one,
// and costs a stroke of the whole gap's height per curve on every frame. Its edges share a
// trunk instead, as in yEd's and ELK's bus routing: one line from the source's side to a
// vertical bus in the gap, and from the bus each edge runs straight across to its target.

#include "graphitems.h"

#include <vector>

namespace meshlens {

class LineageEdgeItem;
class LineageNodeItem;

/// The trunk a node's fan-out or fan-in shares. Out: across from the node's right side to
/// `x`, then up and down the gap to the farthest of its edges; highlighted in the selection
/// colour while the node is selected, like its edges. In: the mirror image on the node's
/// left, ending in the one arrowhead of all its incoming edges; highlighted in the upstream
/// colour while the node is selected.
class LineageBusItem final : public QGraphicsItem
{
public:
    enum class Side { Out, In };
    LineageBusItem(LineageNodeItem *node, Side side, QPointF nodeSide, qreal x, qreal top,
                   qreal bottom, qreal width);
    int type() const override { return LineageBusItemType; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    LineageNodeItem *node() const { return m_node; }
    Side side() const { return m_side; }
    qreal x() const { return m_x; }
    qreal top() const { return m_top; }
    qreal bottom() const { return m_bottom; }

private:
    LineageNodeItem *m_node;
    Side m_side;
    QPointF m_nodeSide;  ///< where the bus meets the node's box (the arrow's tip for In)
    qreal m_x;
    qreal m_top;
    qreal m_bottom;
    qreal m_width;
    QPolygonF m_arrow;  ///< In only
};

/// A node with at least this many forward edges out (or in) gets a bus for them.
inline constexpr int kBusFanOut = 8;

/// Gives every source with kBusFanOut or more forward edges among `edges` a fan-out bus and
/// routes those edges off it; then every target with kBusFanOut or more forward edges not
/// yet on a bus a fan-in bus (an edge rides one bus at most). Returns the new buses, for the
/// caller to add to its scene or layer.
std::vector<LineageBusItem *> routeFanOutsOverBuses(const std::vector<LineageEdgeItem *> &edges);

}  // namespace meshlens
