#pragma once

#include "graphitems.h"
#include "layout/layeredlayout.h"

#include <vector>

namespace meshlens {

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

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    int m_distance;
    std::vector<LineageEdgeItem *> m_edges;
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
};

}  // namespace meshlens
