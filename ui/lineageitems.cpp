#include "lineageitems.h"

#include "meshpalette.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace meshlens {

namespace {

constexpr qreal kTextLevelOfDetail = 0.4;
constexpr qreal kPlainLevelOfDetail = 0.3;
constexpr qreal kEdgeLevelOfDetail = 0.08;
const QColor kTitleText = QColor::fromRgb(0x1f2933);
const QColor kDetailText = QColor::fromRgb(0x5f6b7a);
const QColor kUpstreamEdge = QColor::fromRgb(0xc25e00);

QColor tint(const QColor &color, qreal amount)
{
    const auto mix = [amount](int c) { return int(255 + (c - 255) * amount); };
    return QColor(mix(color.red()), mix(color.green()), mix(color.blue()));
}

QFont scaledFont(qreal factor, bool bold)
{
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

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
    painter->setFont(titleFont);
    painter->setPen(kTitleText);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      elided(0, m_label.title, titleFont, titleRect.width(), Qt::ElideMiddle));
    const QRectF detailRect(m_rect.left() + 12, m_rect.center().y(), m_rect.width() - 18,
                            m_rect.height() * 0.5 - 3);
    painter->setFont(detailFont);
    painter->setPen(kDetailText);
    painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                      elided(1, m_label.subtitle, detailFont, detailRect.width(), Qt::ElideRight));
}

QVariant LineageNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSelectedHasChanged) {
        for (LineageEdgeItem *edge : m_edges)
            edge->update();
    }
    return NodeItem::itemChange(change, value);
}

LineageEdgeItem::LineageEdgeItem(LineageNodeItem *from, LineageNodeItem *to,
                                 const std::vector<LayoutPoint> &points, std::uint32_t weight,
                                 bool reversed)
    : m_from(from), m_to(to), m_weight(weight), m_reversed(reversed)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption);
    m_width = std::min(6.0, 1.3 + 1.1 * std::log2(double(std::max<std::uint32_t>(weight, 1))));
    const QRectF a = from->sceneBoundingRect().adjusted(4, 4, -4, -4);
    const QRectF b = to->sceneBoundingRect().adjusted(4, 4, -4, -4);
    // Leave from the side facing the way the edge runs, arrive on the other.
    const bool forward = b.center().x() >= a.center().x();
    const qreal arrowLength = 7 + m_width * 1.4;
    const QPointF start(forward ? a.right() : a.left(), a.center().y());
    const QPointF tip(forward ? b.left() : b.right(), b.center().y());
    const QPointF end = tip - QPointF(forward ? arrowLength : -arrowLength, 0);
    std::vector<QPointF> route{start};
    for (std::size_t i = 1; i + 1 < points.size(); ++i)
        route.emplace_back(points[i].x, points[i].y);
    route.push_back(end);
    m_path.moveTo(route.front());
    for (std::size_t i = 1; i < route.size(); ++i) {
        const QPointF p = route[i - 1], q = route[i];
        const qreal dx = (q.x() - p.x()) * 0.5;
        m_path.cubicTo(p + QPointF(dx, 0), q - QPointF(dx, 0), q);
    }
    const qreal half = arrowLength * 0.55;
    m_arrow << tip << end + QPointF(0, half) << end - QPointF(0, half);
    m_bounds = m_path.controlPointRect().united(m_arrow.boundingRect())
                   .adjusted(-m_width, -m_width, m_width, m_width);
}

QPainterPath LineageEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(std::max<qreal>(8, m_width + 4));
    QPainterPath path = stroker.createStroke(m_path);
    path.addPolygon(m_arrow);
    return path;
}

void LineageEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool highlighted = m_from->isSelected() || m_to->isSelected();
    if (!highlighted && option->levelOfDetailFromTransform(painter->worldTransform()) < kEdgeLevelOfDetail)
        return;
    // Only edges with a box in view (and the selection's): the rest cost curves for nothing.
    if (!highlighted && !option->exposedRect.intersects(m_from->sceneBoundingRect())
        && !option->exposedRect.intersects(m_to->sceneBoundingRect()))
        return;
    QColor color = palette::edgeColor();
    qreal width = m_width;
    if (m_from->isSelected()) {
        color = palette::selectionColor();
        width += 1;
    } else if (m_to->isSelected()) {
        color = kUpstreamEdge;
        width += 1;
    } else {
        color.setAlpha(130);
    }
    painter->setPen(QPen(color, width, m_reversed ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
}

}  // namespace meshlens
