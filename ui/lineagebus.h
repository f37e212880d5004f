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

/// The trunk of a source's fan-out: across from its side to `x`, then up and down the gap
/// to the farthest of its edges. Highlighted while the source is selected, like its edges.
class LineageBusItem final : public QGraphicsItem
{
public:
    LineageBusItem(LineageNodeItem *source, QPointF start, qreal x, qreal top, qreal bottom,
                   qreal width);
    int type() const override { return LineageBusItemType; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    LineageNodeItem *source() const { return m_source; }
    qreal x() const { return m_x; }
    qreal top() const { return m_top; }
    qreal bottom() const { return m_bottom; }

private:
    LineageNodeItem *m_source;
    QPointF m_start;
    qreal m_x;
    qreal m_top;
    qreal m_bottom;
    qreal m_width;
};

/// A source with at least this many forward edges gets a bus.
inline constexpr int kBusFanOut = 8;

/// Gives every source with kBusFanOut or more forward edges among `edges` a bus and routes
/// those edges off it. Returns the new buses, for the caller to add to its scene or layer.
std::vector<LineageBusItem *> routeFanOutsOverBuses(const std::vector<LineageEdgeItem *> &edges);

}  // namespace meshlens
