#include "lineagebus.h"

#include "lineageitems.h"
#include "meshpalette.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace meshlens {

namespace {

constexpr qreal kBusLevelOfDetail = 0.08;  // as the lineage edges

}  // namespace

LineageBusItem::LineageBusItem(LineageNodeItem *node, Side side, QPointF nodeSide, qreal x,
                               qreal top, qreal bottom, qreal width)
    : m_node(node), m_side(side), m_nodeSide(nodeSide), m_x(x),
      m_top(std::min({top, bottom, nodeSide.y()})), m_bottom(std::max({top, bottom, nodeSide.y()})),
      m_width(width)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);  // clicks go to the boxes beneath
    if (side == Side::In)
        m_arrow = LineageEdgeItem::arrowHead(nodeSide, width, true);
}

QRectF LineageBusItem::boundingRect() const
{
    const qreal pad = m_width + 1;
    return QRectF(QPointF(std::min(m_nodeSide.x(), m_x), m_top),
                  QPointF(std::max(m_nodeSide.x(), m_x), m_bottom))
        .united(m_arrow.boundingRect())
        .adjusted(-pad, -pad, pad, pad);
}

void LineageBusItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool highlighted = m_node->isSelected();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (!highlighted && lod < kBusLevelOfDetail)
        return;
    QColor color = !highlighted           ? palette::edgeColor()
                   : m_side == Side::Out ? palette::selectionColor()
                                         : palette::upstreamColor();
    if (!highlighted)
        color.setAlpha(130);
    const qreal width = m_width + (highlighted ? 1 : 0);
    // Straight lines: the raster engine clips them to the view, however long the bus.
    painter->setPen(QPen(color, width * lod < 1 ? 0 : width, Qt::SolidLine, Qt::FlatCap));
    // Across to the node's side, or to the base of the arrowhead into it.
    const QPointF across = m_arrow.isEmpty() ? m_nodeSide : QPointF(m_arrow[1].x(), m_nodeSide.y());
    painter->drawLine(across, QPointF(m_x, m_nodeSide.y()));
    painter->drawLine(QPointF(m_x, m_top), QPointF(m_x, m_bottom));
    if (!m_arrow.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawPolygon(m_arrow);
    }
}

namespace {

// The bus of one node's fan (its edges all forward, all free of another bus), when there is
// room for one in the gap beside the node.
LineageBusItem *busFor(LineageNodeItem *node, LineageBusItem::Side side,
                       const std::vector<LineageEdgeItem *> &fan)
{
    const bool out = side == LineageBusItem::Side::Out;
    const QRectF box = node->sceneBoundingRect().adjusted(4, 4, -4, -4);
    const auto bendOf = [out](const LineageEdgeItem *e) { return out ? e->firstBend() : e->lastBend(); };
    qreal nearest = bendOf(fan.front()).x(), top = box.center().y(), bottom = top;
    for (const LineageEdgeItem *edge : fan) {
        const QPointF bend = bendOf(edge);
        nearest = out ? std::min(nearest, bend.x()) : std::max(nearest, bend.x());
        top = std::min(top, bend.y());
        bottom = std::max(bottom, bend.y());
    }
    // A third of the way across the gap from the node: the edges fan out (or in) from there,
    // clear of the arrowheads and boxes of the other layer.
    const qreal gap = out ? nearest - box.right() : box.left() - nearest;
    if (gap < 24)
        return nullptr;  // no room for a bus between the layers
    const qreal x = out ? box.right() + gap / 3 : box.left() - gap / 3;
    const QPointF nodeSide(out ? box.right() : box.left(), box.center().y());
    const qreal width = 1.3 + std::min<qreal>(2, std::log2(qreal(fan.size())) / 4);
    auto *bus = new LineageBusItem(node, side, nodeSide, x, top, bottom, width);
    for (LineageEdgeItem *edge : fan)
        edge->setBus(out ? LineageEdgeItem::Bus::Out : LineageEdgeItem::Bus::In, x);
    if (out)
        node->setOutBus(bus);
    else
        node->setInBus(bus);
    return bus;
}

}  // namespace

std::vector<LineageBusItem *> routeFanOutsOverBuses(const std::vector<LineageEdgeItem *> &edges)
{
    std::vector<LineageBusItem *> buses;
    // Node order, not hash order, so that the same scene gets the same buses every time.
    const auto group = [&edges](auto endOf) {
        std::vector<std::pair<LineageNodeItem *, std::vector<LineageEdgeItem *>>> fans;
        std::unordered_map<LineageNodeItem *, std::size_t> index;
        for (LineageEdgeItem *edge : edges) {
            if (!edge->runsForward() || edge->onBus())
                continue;
            const auto [it, added] = index.try_emplace(endOf(edge), fans.size());
            if (added)
                fans.push_back({endOf(edge), {}});
            fans[it->second].second.push_back(edge);
        }
        return fans;
    };
    for (auto &[source, fan] : group([](LineageEdgeItem *e) { return e->from(); }))
        if (fan.size() >= std::size_t(kBusFanOut))
            if (LineageBusItem *bus = busFor(source, LineageBusItem::Side::Out, fan))
                buses.push_back(bus);
    for (auto &[target, fan] : group([](LineageEdgeItem *e) { return e->to(); }))
        if (fan.size() >= std::size_t(kBusFanOut))
            if (LineageBusItem *bus = busFor(target, LineageBusItem::Side::In, fan))
                buses.push_back(bus);
    return buses;
}

}  // namespace meshlens
