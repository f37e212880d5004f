#pragma once

#include "graphitems.h"
#include "layout/layeredlayout.h"

#include <vector>

namespace meshlens {

class LineageBusItem;
class LineageEdgeItem;

/// A node of the lineage view: a box with a domain stripe, the overlay's fill and badge,
/// the name and a detail line; the focus gets a heavy outline.
class LineageNodeItem final : public NodeItem
{
public:
    LineageNodeItem(NodeId node, const QRectF &sceneRect, NodeLabel label, const SceneStyle *style,
                    int distance);
    int type() const override { return LineageNodeItemType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    /// Hops from the focus: < 0 upstream, > 0 downstream, 0 the focus itself.
    int distance() const { return m_distance; }
    void addEdge(LineageEdgeItem *edge) { m_edges.push_back(edge); }
    const std::vector<LineageEdgeItem *> &edges() const { return m_edges; }
    /// The trunks its outgoing and its incoming edges share when it has many
    /// (lineagebus.h), or null.
    void setOutBus(LineageBusItem *bus) { m_outBus = bus; }
    LineageBusItem *outBus() const { return m_outBus; }
    void setInBus(LineageBusItem *bus) { m_inBus = bus; }
    LineageBusItem *inBus() const { return m_inBus; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    int m_distance;
    std::vector<LineageEdgeItem *> m_edges;
    LineageBusItem *m_outBus = nullptr;
    LineageBusItem *m_inBus = nullptr;
};

/// Lineage between two boxes: from the right side of the source to the left side of the
/// target through the layout's bend points, as a smooth curve with horizontal tangents at
/// every layer (edges that close a cycle run right to left, dashed). Width by weight.
class LineageEdgeItem final : public CurveEdgeItem
{
public:
    LineageEdgeItem(LineageNodeItem *from, LineageNodeItem *to,
                    const std::vector<LayoutPoint> &points, std::uint32_t weight, bool reversed);
    int type() const override { return LineageEdgeItemType; }

    LineageNodeItem *from() const { return static_cast<LineageNodeItem *>(m_from); }
    LineageNodeItem *to() const { return static_cast<LineageNodeItem *>(m_to); }

    /// Where the edge first bends, in the next layer: the start of its route off a fan-out bus.
    QPointF firstBend() const { return m_route.size() > 1 ? m_route[1] : QPointF(); }
    /// Where it last bends, in the layer before its target's (its source's side when it has
    /// no bend): the end of its route onto a fan-in bus.
    QPointF lastBend() const { return m_route.size() > 1 ? m_route[m_route.size() - 2] : QPointF(); }
    /// Whether it runs left to right from its source's side (a bus can carry it); edges
    /// that close a cycle, drawn dashed, run the other way.
    bool runsForward() const { return !isDashed() && m_route.size() > 1 && m_route[1].x() > m_route[0].x(); }
    /// The arrowhead of a lineage edge `width` wide at `tip`: the tip, then the two corners
    /// of its base (to the left of the tip when `forward`, else to the right).
    static QPolygonF arrowHead(QPointF tip, qreal width, bool forward);
    /// Which bus carries the edge, if any: its source's fan-out or its target's fan-in.
    enum class Bus { None, Out, In };
    /// Routes the edge over a bus at `x`. Off its source's fan-out bus it is drawn from the
    /// bus to its target; onto its target's fan-in bus, from its source to the bus (the bus
    /// draws the one arrowhead). While only the far end is selected it is drawn whole: the
    /// one path that selection highlights.
    void setBus(Bus bus, qreal x);
    Bus bus() const { return m_bus; }
    bool onBus() const { return m_bus != Bus::None; }
    /// Whether the whole curve is drawn now (not only the part off the bus).
    bool drawsWholeRoute() const { return m_drawsWhole; }
    /// Chooses between the two routes after a selection change of either end.
    void updateRoute();

private:
    static QPainterPath curveThrough(const std::vector<QPointF> &route);

    std::vector<QPointF> m_route;  ///< from the source's side to the arrow's base
    QPolygonF m_arrowHead;
    QPainterPath m_whole;
    QPainterPath m_offBus;
    Bus m_bus = Bus::None;
    bool m_drawsWhole = true;
};

}  // namespace meshlens
