#include "lineageitems.h"

#include "lineagebus.h"
#include "meshpalette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace meshlens {

namespace {

constexpr qreal kTextLevelOfDetail = 0.4;
constexpr qreal kPlainLevelOfDetail = 0.4;  // below the text threshold: no text to frame
constexpr qreal kEdgeLevelOfDetail = 0.08;
const QColor kTitleText = QColor::fromRgb(0x1f2933);
const QColor kDetailText = QColor::fromRgb(0x5f6b7a);

using graphstyle::scaledFont;
using graphstyle::tint;

}  // namespace

LineageNodeItem::LineageNodeItem(NodeId node, const QRectF &sceneRect, NodeLabel label,
                                 const SceneStyle *style, int distance)
    : NodeItem(node, sceneRect, std::move(label), style), m_distance(distance)
{
    setZValue(2);
}

void LineageNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = levelOfDetail(painter, option);
    const QColor color = fillColor();
    const bool byDomain = m_style->overlay == OverlayKind::Domain;
    if (lod < m_style->datasetsHiddenBelow && !isSelected())
        return;  // the mesh map's domain map
    if (lod < 0.12) {
        painter->fillRect(m_rect, isSelected() ? palette::selectionColor() : color);
        return;
    }
    if (lod < kPlainLevelOfDetail && m_distance != 0) {
        paintPlain(painter, tint(color, byDomain ? 0.3 : 0.5), isSelected());
        return;
    }
    QPainterPath box;
    box.addRoundedRect(m_rect, 5, 5);
    if (isSelected() || m_distance == 0) {
        QColor glow = palette::selectionColor();
        glow.setAlpha(isSelected() ? 80 : 45);
        painter->setPen(QPen(glow, 7));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(box);
    }
    QPen pen(color.darker(130), 1);
    if (isSelected())
        pen = QPen(palette::selectionColor(), 2);
    else if (m_distance == 0)
        pen = QPen(palette::selectionColor().darker(120), 2.5);
    painter->setPen(pen);
    painter->setBrush(tint(color, byDomain ? 0.14 : 0.30));
    painter->drawPath(box);
    painter->save();
    painter->setClipPath(box);
    painter->fillRect(QRectF(m_rect.left(), m_rect.top(), 5, m_rect.height()), m_label.color);
    painter->restore();
    paintBadge(painter, QPointF(m_rect.right() - 11, m_rect.top() + 11), 5);
    if (lod < kTextLevelOfDetail)
        return;
    const QFont titleFont = scaledFont(1.0, m_distance == 0);
    const QFont detailFont = scaledFont(0.85, false);
    const QRectF titleRect(m_rect.left() + 12, m_rect.top() + 3, m_rect.width() - 12 - 22,
                           m_rect.height() * 0.5);
    painter->setPen(kTitleText);
    drawLabel(painter, 0, elided(0, m_label.title, titleFont, titleRect.width(), Qt::ElideMiddle),
              titleFont, titleRect);
    const QRectF detailRect(m_rect.left() + 12, m_rect.center().y(), m_rect.width() - 18,
                            m_rect.height() * 0.5 - 3);
    painter->setPen(kDetailText);
    drawLabel(painter, 1, elided(1, m_label.subtitle, detailFont, detailRect.width(), Qt::ElideRight),
              detailFont, detailRect);
}

QVariant LineageNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSelectedHasChanged) {
        for (LineageEdgeItem *edge : m_edges) {
            edge->updateRoute();
            edge->update();
        }
        for (LineageBusItem *bus : {m_outBus, m_inBus})
            if (bus)
                bus->update();
    }
    return NodeItem::itemChange(change, value);
}

LineageEdgeItem::LineageEdgeItem(LineageNodeItem *from, LineageNodeItem *to,
                                 const std::vector<LayoutPoint> &points, std::uint32_t weight,
                                 bool reversed)
    : CurveEdgeItem(from, to,
                    std::min(6.0, 1.3 + 1.1 * std::log2(double(std::max<std::uint32_t>(weight, 1)))),
                    kEdgeLevelOfDetail, 130, reversed)
{
    const QRectF a = from->sceneBoundingRect().adjusted(4, 4, -4, -4);
    const QRectF b = to->sceneBoundingRect().adjusted(4, 4, -4, -4);
    // Leave from the side facing the way the edge runs, arrive on the other.
    const bool forward = b.center().x() >= a.center().x();
    const QPointF start(forward ? a.right() : a.left(), a.center().y());
    const QPointF tip(forward ? b.left() : b.right(), b.center().y());
    m_arrowHead = arrowHead(tip, m_width, forward);
    m_route.push_back(start);
    for (std::size_t i = 1; i + 1 < points.size(); ++i)
        m_route.emplace_back(points[i].x, points[i].y);
    m_route.emplace_back(m_arrowHead[1].x(), tip.y());  // the middle of the arrow's base
    m_whole = curveThrough(m_route);
    setGeometry(m_whole, m_arrowHead);
}

QPolygonF LineageEdgeItem::arrowHead(QPointF tip, qreal width, bool forward)
{
    const qreal length = 7 + width * 1.4, half = length * 0.55;
    const QPointF base = tip - QPointF(forward ? length : -length, 0);
    return QPolygonF{tip, base + QPointF(0, half), base - QPointF(0, half)};
}

QPainterPath LineageEdgeItem::curveThrough(const std::vector<QPointF> &route)
{
    QPainterPath path;
    path.moveTo(route.front());
    for (std::size_t i = 1; i < route.size(); ++i) {
        const QPointF p = route[i - 1], q = route[i];
        const qreal dx = (q.x() - p.x()) * 0.5;
        path.cubicTo(p + QPointF(dx, 0), q - QPointF(dx, 0), q);
    }
    return path;
}

void LineageEdgeItem::setBus(Bus bus, qreal x)
{
    if (!runsForward() || bus == Bus::None || m_bus != Bus::None)
        return;
    std::vector<QPointF> route;
    if (bus == Bus::Out) {
        // Off the bus: straight across at the height of the first bend, then the same route.
        route.emplace_back(x, m_route[1].y());
        route.insert(route.end(), m_route.begin() + 1, m_route.end());
    } else {
        // The same route to the last bend, then straight across onto the bus.
        route.assign(m_route.begin(), m_route.end() - 1);
        route.emplace_back(x, m_route[m_route.size() - 2].y());
    }
    m_offBus = curveThrough(route);
    m_bus = bus;
    updateRoute();
}

void LineageEdgeItem::updateRoute()
{
    if (m_bus == Bus::None)
        return;
    const LineageNodeItem *near = m_bus == Bus::Out ? from() : to();
    const LineageNodeItem *far = m_bus == Bus::Out ? to() : from();
    const bool whole = far->isSelected() && !near->isSelected();
    if (whole == m_drawsWhole)
        return;
    m_drawsWhole = whole;
    // Onto a fan-in bus the edge has no arrowhead of its own: the bus draws one.
    setGeometry(whole ? m_whole : m_offBus,
                whole || m_bus == Bus::Out ? m_arrowHead : QPolygonF());
}

}  // namespace meshlens
