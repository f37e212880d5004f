#include "graphitems.h"

#include "labelcache.h"
#include "meshpalette.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace meshlens {

namespace {

// Below this zoom, text would be a few pixels tall: boxes are drawn without it.
constexpr qreal kTextLevelOfDetail = 0.45;
// Below this, a product is a few pixels: a flat swatch in its domain's colour.
constexpr qreal kSwatchLevelOfDetail = 0.12;
// Below this, a product is plain rectangles: no rounded outline, no clip, no badge.
constexpr qreal kPlainLevelOfDetail = 0.3;

using graphstyle::scaledFont;
using graphstyle::tint;

const QColor kTitleText = QColor::fromRgb(0x1f2933);
const QColor kDetailText = QColor::fromRgb(0x5f6b7a);

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

void NodeItem::drawLabel(QPainter *painter, int slot, const QString &text, const QFont &font,
                         const QRectF &rect, Qt::Alignment align) const
{
    if (m_style->labels) {
        m_style->labels->draw(painter, this, slot, text, font, rect, align);
        return;
    }
    painter->setFont(font);
    painter->drawText(rect, align | Qt::AlignVCenter, text);
}

void NodeItem::paintPlain(QPainter *painter, const QColor &fill, bool selected) const
{
    painter->fillRect(m_rect, selected ? palette::selectionColor() : fill);
    painter->fillRect(QRectF(m_rect.left(), m_rect.top(), std::min<qreal>(8, m_rect.width() / 4),
                             m_rect.height()), m_label.color);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSelectedHasChanged) {
        setFlag(ItemIgnoresParentOpacity, value.toBool());
        // A box in a hidden layer (a product on the domain map) is drawn only while it is
        // selected. Its own update() came before the flag changed, when it was invisible,
        // and Qt drops updates of invisible items: report its area to the scene, so that
        // views drawn from tiles redraw it (gone, or newly selected).
        if (QGraphicsScene *s = scene())
            s->update(sceneBoundingRect());
        for (QGraphicsItem *edge : m_edges)
            edge->update();
    }
    return QGraphicsItem::itemChange(change, value);
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
    if (m_detailWidth < 0)
        m_detailWidth = QFontMetricsF(detailFont).horizontalAdvance(m_label.subtitle);
    const QRectF titleRect = header.adjusted(30, 0, -m_detailWidth - 24, 0);
    painter->setPen(color.darker(170));
    drawLabel(painter, 0, elided(0, m_label.title, titleFont, titleRect.width(), Qt::ElideRight),
              titleFont, titleRect);
    painter->setPen(kDetailText);
    drawLabel(painter, 1, m_label.subtitle, detailFont, header.adjusted(0, 0, -12, 0), Qt::AlignRight);
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
    // even where boxes of several domains sit close together. Its rounded left side is
    // worked out once (a clip path on every paint cost more than the card).
    if (m_stripeCard != card) {
        QPainterPath stripe;
        stripe.addRect(QRectF(card.left(), card.top(), 6, card.height()));
        m_stripe = stripe.intersected(box);
        m_stripeCard = card;
    }
    painter->fillPath(m_stripe, domain);

    paintBadge(painter, QPointF(card.right() - 15, card.top() + 15), 6);
    if (lod < kTextLevelOfDetail)
        return;

    const QFont titleFont = scaledFont(1.1, true);
    const QFont detailFont = scaledFont(0.95, false);
    const QRectF titleRect(card.left() + 16, card.top() + 7, card.width() - 16 - 30, 22);
    painter->setPen(kTitleText);
    drawLabel(painter, 0, elided(0, m_label.title, titleFont, titleRect.width(), Qt::ElideRight),
              titleFont, titleRect);
    const QRectF detailRect(card.left() + 16, card.top() + 30, card.width() - 24, 20);
    painter->setPen(kDetailText);
    drawLabel(painter, 1, elided(1, m_label.subtitle, detailFont, detailRect.width(), Qt::ElideRight),
              detailFont, detailRect);
}

}  // namespace meshlens
