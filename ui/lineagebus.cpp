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

LineageBusItem::LineageBusItem(LineageNodeItem *source, QPointF start, qreal x, qreal top,
                               qreal bottom, qreal width)
    : m_source(source), m_start(start), m_x(x), m_top(std::min({top, bottom, start.y()})),
      m_bottom(std::max({top, bottom, start.y()})), m_width(width)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);  // clicks go to the boxes beneath
}

QRectF LineageBusItem::boundingRect() const
{
    const qreal pad = m_width + 1;
    return QRectF(QPointF(std::min(m_start.x(), m_x), m_top), QPointF(std::max(m_start.x(), m_x), m_bottom))
        .adjusted(-pad, -pad, pad, pad);
}

void LineageBusItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool highlighted = m_source->isSelected();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (!highlighted && lod < kBusLevelOfDetail)
        return;
    QColor color = highlighted ? palette::selectionColor() : palette::edgeColor();
    if (!highlighted)
        color.setAlpha(130);
    const qreal width = m_width + (highlighted ? 1 : 0);
    // Two straight lines: the raster engine clips them to the view, however long the bus.
    painter->setPen(QPen(color, width * lod < 1 ? 0 : width, Qt::SolidLine, Qt::FlatCap));
    painter->drawLine(m_start, QPointF(m_x, m_start.y()));
    painter->drawLine(QPointF(m_x, m_top), QPointF(m_x, m_bottom));
}

std::vector<LineageBusItem *> routeFanOutsOverBuses(const std::vector<LineageEdgeItem *> &edges)
{
    std::unordered_map<LineageNodeItem *, std::vector<LineageEdgeItem *>> bySource;
    for (LineageEdgeItem *edge : edges) {
        if (edge->runsForward())
            bySource[edge->from()].push_back(edge);
    }
    std::vector<LineageBusItem *> buses;
    for (auto &[source, fan] : bySource) {
        if (fan.size() < std::size_t(kBusFanOut))
            continue;
        const QRectF box = source->sceneBoundingRect().adjusted(4, 4, -4, -4);
        qreal nearest = fan.front()->firstBend().x(), top = box.center().y(), bottom = top;
        for (const LineageEdgeItem *edge : fan) {
            nearest = std::min(nearest, edge->firstBend().x());
            top = std::min(top, edge->firstBend().y());
            bottom = std::max(bottom, edge->firstBend().y());
        }
        // A third of the way across the gap: the edges fan out from there, clear of the
        // arrowheads on the next layer's boxes.
        const qreal gap = nearest - box.right();
        if (gap < 24)
            continue;  // no room for a bus between the layers
        const qreal x = box.right() + gap / 3;
        auto *bus = new LineageBusItem(source, QPointF(box.right(), box.center().y()), x, top, bottom,
                                       1.3 + std::min<qreal>(2, std::log2(qreal(fan.size())) / 4));
        for (LineageEdgeItem *edge : fan)
            edge->setBus(x);
        source->setBus(bus);
        buses.push_back(bus);
    }
    return buses;
}

}  // namespace meshlens
