#include "graphitems.h"

#include "meshpalette.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsView>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace meshlens {

namespace {

// Below this zoom, text would be a few pixels tall: boxes are drawn without it.
constexpr qreal kTextLevelOfDetail = 0.45;
// Below this, unselected edges are not drawn.
constexpr qreal kEdgeLevelOfDetail = 0.3;
// Below this, a product is a few pixels: a flat swatch in its domain's colour.
constexpr qreal kSwatchLevelOfDetail = 0.12;
// Below this, a product is plain rectangles: no rounded outline, no clip, no badge.
constexpr qreal kPlainLevelOfDetail = 0.3;

using graphstyle::scaledFont;
using graphstyle::tint;

// A count on an edge: text `pixels / lod` tall on a white pill, centred on `at`.
void paintCountLabel(QPainter *painter, QPointF at, const QString &text, qreal pixels, qreal lod)
{
    QFont font = QApplication::font();
    font.setPixelSize(std::max(1, int(pixels / lod)));
    const QFontMetricsF metrics(font);
    QRectF box = metrics.boundingRect(text);
    box.adjust(-4 / lod, -1 / lod, 4 / lod, 1 / lod);
    box.moveCenter(at);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 225));
    painter->drawRoundedRect(box, 3 / lod, 3 / lod);
    painter->setFont(font);
    painter->setPen(QColor::fromRgb(0x5f6b7a));
    painter->drawText(box, Qt::AlignCenter, text);
}

const QColor kTitleText = QColor::fromRgb(0x1f2933);
const QColor kDetailText = QColor::fromRgb(0x5f6b7a);

// The upstream side of a selection.
const QColor kUpstreamEdge = QColor::fromRgb(0xc25e00);

}  // namespace

namespace graphstyle {

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

}  // namespace graphstyle

void configureSceneView(QGraphicsView *view)
{
    view->scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    view->setResizeAnchor(QGraphicsView::AnchorViewCenter);
    view->setFrameShape(QFrame::NoFrame);
    // Panning is by dragging and the minimap; scroll bars coming and going as the scene
    // grows would also shift the picture under the user.
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setAcceptDrops(false);
    view->viewport()->setAcceptDrops(false);
}

NodeItem::NodeItem(NodeId node, const QRectF &sceneRect, NodeLabel label, const SceneStyle *style)
    : m_node(node), m_rect(QPointF(0, 0), sceneRect.size()), m_label(std::move(label)),
      m_style(style)
{
    setPos(sceneRect.topLeft());
    setFlag(ItemIsSelectable);
}

QRectF NodeItem::boundingRect() const
{
    // Room for the selection outline drawn outside the box.
    return m_rect.adjusted(-4, -4, 4, 4);
}

const QString &NodeItem::elided(int slot, const QString &text, const QFont &font, qreal width,
                                Qt::TextElideMode mode) const
{
    if (!m_haveElided[slot]) {
        m_elided[slot] = QFontMetricsF(font).elidedText(text, mode, width);
        m_haveElided[slot] = true;
    }
    return m_elided[slot];
}

void NodeItem::paintPlain(QPainter *painter, const QColor &fill, bool selected) const
{
    painter->fillRect(m_rect, selected ? palette::selectionColor() : fill);
    painter->fillRect(QRectF(m_rect.left(), m_rect.top(), std::min<qreal>(8, m_rect.width() / 4),
                             m_rect.height()), m_label.color);
}

QColor NodeItem::fillColor() const
{
    return overlayColor(m_style->overlay, m_label.states, m_label.color);
}

qreal NodeItem::levelOfDetail(const QPainter *painter, const QStyleOptionGraphicsItem *option)
{
    return option->levelOfDetailFromTransform(painter->worldTransform());
}

void NodeItem::paintBadge(QPainter *painter, QPointF centre, qreal radius) const
{
    painter->setPen(QPen(Qt::white, 1.5));
    // Under the domain overlay the badge tells quality; otherwise the overlay's own state.
    const OverlayKind kind = m_style->overlay == OverlayKind::Domain ? OverlayKind::Quality
                                                                     : m_style->overlay;
    painter->setBrush(overlayColor(kind, m_label.states, m_label.color));
    painter->drawEllipse(centre, radius, radius);
}

DomainItem::DomainItem(NodeId node, const QRectF &sceneRect, NodeLabel label,
                       const SceneStyle *style, qreal headerHeight)
    : NodeItem(node, sceneRect, std::move(label), style), m_headerHeight(headerHeight)
{
    setZValue(0);
    // The box can fill the screen: paint the header only when it is exposed.
    setFlag(ItemUsesExtendedStyleOption);
}

void DomainItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = levelOfDetail(painter, option);
    const QColor &color = m_label.color;
    QPainterPath box;
    box.addRoundedRect(m_rect, 10, 10);
    if (isSelected()) {
        painter->setPen(QPen(palette::selectionColor(), 3));
    } else {
        QColor border = color;
        border.setAlpha(170);
        painter->setPen(QPen(border, 1.5));
    }
    const bool domainMap = lod < graphstyle::kDomainMapLevelOfDetail;
    if (domainMap) {
        // The domain map: the box stands for all its products, filled by the overlay.
        const bool byDomain = m_style->overlay == OverlayKind::Domain;
        const QPen border = isSelected() ? QPen(palette::selectionColor(), 3 / lod)
                                         : QPen(color.darker(130), 1.5 / lod);
        if (!byDomain && !m_productStates.empty()) {
            paintStateMix(painter, border.color(), lod);
            return;
        }
        painter->setPen(border);
        painter->setBrush(tint(fillColor(), byDomain ? 0.35 : 0.6));
        painter->drawRect(m_rect);
        return;
    }
    painter->setBrush(tint(color, 0.07));
    painter->drawPath(box);

    const QRectF header(m_rect.left(), m_rect.top(), m_rect.width(), m_headerHeight - 8);
    if (!option->exposedRect.intersects(header))
        return;
    if (lod < kTextLevelOfDetail) {
        // A few pixels of corner do not show at this size; a clip path costs a lot.
        painter->fillRect(header.adjusted(0, 10, 0, 0), tint(color, 0.18));
        return;  // the view draws domain names on top when zoomed out
    }
    painter->save();
    painter->setClipPath(box);
    painter->fillRect(header, tint(color, 0.18));
    painter->restore();

    paintBadge(painter, QPointF(header.left() + 17, header.center().y()), 6);
    const QFont titleFont = scaledFont(1.25, true);
    const QFont detailFont = scaledFont(0.95, false);
    const qreal detailWidth = QFontMetricsF(detailFont).horizontalAdvance(m_label.subtitle);
    const QRectF titleRect = header.adjusted(30, 0, -detailWidth - 24, 0);
    painter->setFont(titleFont);
    painter->setPen(color.darker(170));
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      elided(0, m_label.title, titleFont, titleRect.width(), Qt::ElideRight));
    painter->setFont(detailFont);
    painter->setPen(kDetailText);
    painter->drawText(header.adjusted(0, 0, -12, 0), Qt::AlignRight | Qt::AlignVCenter,
                      m_label.subtitle);
}

void DomainItem::paintStateMix(QPainter *painter, const QColor &border, qreal lod)
{
    // Bands left to right in legend order (pass, warn, fail, unknown; or fresh, late, stale,
    // no SLA), each as wide as its share of the domain's products.
    const QList<LegendEntry> legend = legendFor(m_style->overlay);
    qreal x = m_rect.left();
    const qreal total = qreal(m_productStates.size());
    for (const LegendEntry &entry : legend) {
        int count = 0;
        for (const NodeStates &states : m_productStates)
            count += overlayColor(m_style->overlay, states, m_label.color) == entry.color;
        if (count == 0)
            continue;
        const qreal width = m_rect.width() * count / total;
        painter->fillRect(QRectF(x, m_rect.top(), width, m_rect.height()), tint(entry.color, 0.7));
        x += width;
    }
    painter->setPen(QPen(border, (isSelected() ? 3 : 1.5) / lod));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(m_rect);
}

ProductItem::ProductItem(NodeId node, const QRectF &sceneRect, NodeLabel label,
                         const SceneStyle *style)
    : NodeItem(node, sceneRect, std::move(label), style)
{
    setZValue(2);
}

void ProductItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = levelOfDetail(painter, option);
    const QColor color = fillColor();
    const bool byDomain = m_style->overlay == OverlayKind::Domain;
    if (lod < graphstyle::kDomainMapLevelOfDetail && !isSelected())
        return;  // the domain map: its domain box stands for it
    if (lod < kSwatchLevelOfDetail) {
        painter->fillRect(m_rect, isSelected() ? palette::selectionColor() : color);
        return;
    }
    if (lod < kPlainLevelOfDetail) {
        paintPlain(painter, tint(color, byDomain ? 0.3 : 0.5), isSelected());
        return;
    }
    if (m_openHeader > 0) {
        // Opened: a light body for the datasets, the card as its header band.
        QPainterPath body;
        body.addRoundedRect(m_rect, 8, 8);
        painter->setPen(isSelected() ? QPen(palette::selectionColor(), 2.5) : QPen(color.darker(125), 1.2));
        painter->setBrush(tint(color, byDomain ? 0.05 : 0.1));
        painter->drawPath(body);
        paintCard(painter, lod, QRectF(m_rect.topLeft(), QSizeF(m_rect.width(), m_openHeader)));
        return;
    }
    paintCard(painter, lod, m_rect);
}

void ProductItem::paintCard(QPainter *painter, qreal lod, const QRectF &card)
{
    const QColor &domain = m_label.color;
    const QColor color = fillColor();
    const bool byDomain = m_style->overlay == OverlayKind::Domain;
    QPainterPath box;
    box.addRoundedRect(card, 6, 6);
    if (isSelected()) {
        QColor glow = palette::selectionColor();
        glow.setAlpha(70);
        painter->setPen(QPen(glow, 7));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(box);
    }
    painter->setPen(isSelected() ? QPen(palette::selectionColor(), 2)
                                 : QPen(color.darker(125), 1));
    painter->setBrush(tint(color, byDomain ? 0.16 : 0.32));
    painter->drawPath(box);
    // A stripe in full domain colour: which domain a product belongs to reads at a glance
    // even where boxes of several domains sit close together.
    painter->save();
    painter->setClipPath(box);
    painter->fillRect(QRectF(card.left(), card.top(), 6, card.height()), domain);
    painter->restore();

    paintBadge(painter, QPointF(card.right() - 15, card.top() + 15), 6);
    if (lod < kTextLevelOfDetail)
        return;

    const QFont titleFont = scaledFont(1.1, true);
    const QFont detailFont = scaledFont(0.95, false);
    const QRectF titleRect(card.left() + 16, card.top() + 7, card.width() - 16 - 30, 22);
    painter->setFont(titleFont);
    painter->setPen(kTitleText);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      elided(0, m_label.title, titleFont, titleRect.width(), Qt::ElideRight));
    const QRectF detailRect(card.left() + 16, card.top() + 30, card.width() - 24, 20);
    painter->setFont(detailFont);
    painter->setPen(kDetailText);
    painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                      elided(1, m_label.subtitle, detailFont, detailRect.width(), Qt::ElideRight));
}

QVariant ProductItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSelectedHasChanged) {
        for (EdgeItem *edge : m_edges)
            edge->update();
    }
    return NodeItem::itemChange(change, value);
}

namespace {

// Where an edge leaves (or enters) a box: the middle of the side facing the other box,
// and that side's outward normal.
std::pair<QPointF, QPointF> anchor(const QRectF &box, QPointF towards, qreal along)
{
    const QPointF d = towards - box.center();
    if (std::abs(d.x()) > std::abs(d.y()) * 1.2) {
        const qreal sign = d.x() > 0 ? 1 : -1;
        return {QPointF(sign > 0 ? box.right() : box.left(), box.center().y() + along),
                QPointF(sign, 0)};
    }
    const qreal sign = d.y() > 0 ? 1 : -1;
    return {QPointF(box.center().x() + along * 2, sign > 0 ? box.bottom() : box.top()),
            QPointF(0, sign)};
}

}  // namespace

CurveEdgeItem::CurveEdgeItem(NodeItem *from, NodeItem *to, qreal width, qreal minLevelOfDetail,
                             int restingAlpha, bool dashed)
    : m_from(from), m_to(to), m_width(width), m_minLevelOfDetail(minLevelOfDetail),
      m_restingAlpha(restingAlpha), m_dashed(dashed)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);  // clicks go to the boxes beneath
    setFlag(ItemUsesExtendedStyleOption);  // exposedRect: which boxes are in view
}

void CurveEdgeItem::setGeometry(QPainterPath path, QPolygonF arrow)
{
    m_path = std::move(path);
    m_arrow = std::move(arrow);
    m_bounds = m_path.controlPointRect().united(m_arrow.boundingRect())
                   .adjusted(-m_width, -m_width, m_width, m_width);
}

QPainterPath CurveEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(std::max<qreal>(8, m_width + 4));
    QPainterPath path = stroker.createStroke(m_path);
    path.addPolygon(m_arrow);
    return path;
}

void CurveEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const bool highlighted = m_from->isSelected() || m_to->isSelected();
    // Zoomed far out, thousands of edges are a grey haze: only the selection's edges are
    // drawn until the boxes are big enough to tell apart.
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod >= m_maxLevelOfDetail || lod < m_floorLevelOfDetail
        || (!highlighted && lod < m_minLevelOfDetail))
        return;
    // Zoomed in, an edge passing through the view with both boxes off screen says little
    // and costs a long curve: only edges of boxes in view (and the selection's) are drawn.
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
        color.setAlpha(m_restingAlpha);  // quiet until selected: the boxes are read first
    }
    painter->setPen(QPen(color, width, m_dashed ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
    paintLabel(painter, lod);
}

EdgeItem::EdgeItem(ProductItem *from, ProductItem *to, std::uint32_t weight)
    : CurveEdgeItem(from, to,
                    std::min(7.0, 1.2 + 1.3 * std::log2(double(std::max<std::uint32_t>(weight, 1)))),
                    kEdgeLevelOfDetail, 95, false),
      m_weight(weight)
{
    setFloorLevelOfDetail(graphstyle::kDomainMapLevelOfDetail);  // the domain map has its own
    setBoxToBoxGeometry();
    m_middle = path().pointAtPercent(0.5);
}

void EdgeItem::paintLabel(QPainter *painter, qreal lod)
{
    // Below 80 % a label is a smudge; a single edge needs none.
    if (m_weight > 1 && lod >= 0.8)
        paintCountLabel(painter, m_middle, QString::number(m_weight), 10, 1);
}

void CurveEdgeItem::setBoxToBoxGeometry()
{
    const QRectF a = m_from->sceneBoundingRect().adjusted(4, 4, -4, -4);
    const QRectF b = m_to->sceneBoundingRect().adjusted(4, 4, -4, -4);
    // Opposite directions between the same pair get opposite offsets so both stay visible.
    const qreal along = (m_from->node() < m_to->node() ? -6 : 6) * std::max<qreal>(1, m_width / 12);
    const auto [start, startNormal] = anchor(a, b.center(), along);
    const auto [tip, tipNormal] = anchor(b, a.center(), along);
    const qreal arrowLength = 8 + m_width * 1.5;
    const QPointF base = tip + tipNormal * arrowLength;
    const qreal reach = std::max(40.0, QLineF(start, base).length() * 0.4);
    QPainterPath path;
    path.moveTo(start);
    path.cubicTo(start + startNormal * reach, base + tipNormal * reach, base);

    const QPointF side(-tipNormal.y(), tipNormal.x());
    const qreal halfWidth = arrowLength * 0.55;
    QPolygonF arrow;
    arrow << tip << base + side * halfWidth << base - side * halfWidth;
    setGeometry(std::move(path), std::move(arrow));
}

DomainEdgeItem::DomainEdgeItem(DomainItem *from, DomainItem *to, std::uint32_t weight)
    // Scene units: the domain map is seen at 0.02-0.09x, so 40 units are 1-4 pixels.
    : CurveEdgeItem(from, to, std::min(90.0, 12 + 14 * std::log2(double(std::max<std::uint32_t>(weight, 1)))),
                    0, 110, false),
      m_weight(weight)
{
    setMaxLevelOfDetail(graphstyle::kDomainMapLevelOfDetail);
    setBoxToBoxGeometry();
}

void DomainEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool highlighted = m_from->isSelected() || m_to->isSelected();
    if (lod >= graphstyle::kDomainMapLevelOfDetail || (!highlighted && !m_prominent))
        return;
    CurveEdgeItem::paint(painter, option, widget);
}

void DomainEdgeItem::paintLabel(QPainter *painter, qreal lod)
{
    // The count at the middle of the curve, about 11 pixels tall whatever the zoom: on the
    // selection's edges, or on all when there are few. A thumbnail (the minimap) has no room.
    const bool highlighted = m_from->isSelected() || m_to->isSelected();
    if ((!highlighted && !m_labelled) || painter->device()->width() < 400)
        return;
    paintCountLabel(painter, path().pointAtPercent(0.5), QString::number(m_weight), 11, lod);
}

}  // namespace meshlens
