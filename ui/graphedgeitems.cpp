// The graph scenes' edges: CurveEdgeItem (what the map's and the lineage view's curves
// share), the map's product and domain dependencies.

#include "graphitems.h"

#include "curveclip.h"
#include "domainedgelayer.h"
#include "scenetiles.h"
#include "meshpalette.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace meshlens {

namespace {

// Below this, unselected edges are not drawn.
constexpr qreal kEdgeLevelOfDetail = 0.3;
// Below this, unselected edges are hairlines (see CurveEdgeItem::paint).
constexpr qreal kThinEdgeLevelOfDetail = 0.6;

// A count on an edge: text `pixels / lod` tall on a white pill, centred on `at`.
QFont countLabelFont(qreal pixels, qreal lod)
{
    QFont font = QApplication::font();
    font.setPixelSize(std::max(1, int(pixels / lod)));
    return font;
}

// The pill around `text` in `font`, centred on `at`.
QRectF countLabelBox(const QFont &font, QPointF at, const QString &text, qreal lod)
{
    QRectF box = QFontMetricsF(font).boundingRect(text);
    box.adjust(-4 / lod, -1 / lod, 4 / lod, 1 / lod);
    box.moveCenter(at);
    return box;
}

void paintCountLabel(QPainter *painter, QPointF at, const QString &text, qreal pixels, qreal lod)
{
    const QFont font = countLabelFont(pixels, lod);
    const QRectF box = countLabelBox(font, at, text, lod);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 225));
    painter->drawRoundedRect(box, 3 / lod, 3 / lod);
    painter->setFont(font);
    painter->setPen(QColor::fromRgb(0x5f6b7a));
    painter->drawText(box, Qt::AlignCenter, text);
}

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

QRectF CurveEdgeItem::countLabelRect(QPointF at, const QString &text, qreal pixels, qreal lod)
{
    return countLabelBox(countLabelFont(pixels, lod), at, text, lod);
}

CurveEdgeItem::CurveEdgeItem(NodeItem *from, NodeItem *to, qreal width, qreal minLevelOfDetail,
                             int restingAlpha, bool dashed)
    : m_from(from), m_to(to), m_width(width), m_hairlineBelow(kThinEdgeLevelOfDetail),
      m_minLevelOfDetail(minLevelOfDetail),
      m_restingAlpha(restingAlpha), m_dashed(dashed)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);  // clicks go to the boxes beneath
    setFlag(ItemUsesExtendedStyleOption);  // exposedRect: which boxes are in view
}

void CurveEdgeItem::setGeometry(QPainterPath path, QPolygonF arrow)
{
    prepareGeometryChange();
    m_outlineWidth = -1;  // the cached outline was of the old curve
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
    paintAs(painter, option,
            m_from->isSelected() ? Emphasis::Downstream
            : m_to->isSelected() ? Emphasis::Upstream
                                 : Emphasis::Resting);
}

void CurveEdgeItem::paintAs(QPainter *painter, const QStyleOptionGraphicsItem *option, Emphasis emphasis)
{
    const bool highlighted = emphasis != Emphasis::Resting;
    // Zoomed far out, thousands of edges are a grey haze: only the selection's edges are
    // drawn until the boxes are big enough to tell apart.
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod >= m_maxLevelOfDetail || lod < m_floorLevelOfDetail
        || (!highlighted && lod < m_minLevelOfDetail))
        return;
    // Zoomed in, an edge passing through the view with both boxes off screen says little
    // and costs a long curve: only edges of boxes in view (and the selection's) are drawn.
    // A tile is kept for other views, so it draws every edge through it (cut to the tile).
    const bool tile = option->type == SceneTiles::kTileOptionType;
    if (!highlighted && !tile && !option->exposedRect.intersects(m_from->sceneBoundingRect())
        && !option->exposedRect.intersects(m_to->sceneBoundingRect()))
        return;
    QColor color = palette::edgeColor();
    qreal width = m_width;
    if (emphasis == Emphasis::Downstream) {
        color = palette::selectionColor();
        width += 1;
    } else if (emphasis == Emphasis::Upstream) {
        color = palette::upstreamColor();
        width += 1;
    } else {
        color.setAlpha(m_restingAlpha);  // quiet until selected: the boxes are read first
    }
    // A curve running far past the view (a hub's edges, zoomed in) is cut to the pieces
    // near it: the rasterizer walks all of a path, the clipped-away parts included.
    const qreal margin = width + 2 / std::max<qreal>(lod, 1e-6);
    const QRectF near = option->exposedRect.adjusted(-margin, -margin, margin, margin);
    const bool cut = runsFarPast(m_bounds, near);
    const QPainterPath shown = cut ? visiblePart(m_path, near) : QPainterPath();
    const QPainterPath &curve = cut ? shown : m_path;
    if (!highlighted && !m_dashed && lod < m_hairlineBelow && width * lod > 1) {
        // Zoomed out, hundreds of curves cross the view and filling each at its width is
        // most of a frame: a line one pixel wide takes the raster engine's fast path, and a
        // heavier dependency is darker rather than wider.
        color.setAlpha(std::min(255, int(color.alpha() * std::min<qreal>(2, width * lod))));
        painter->setPen(QPen(color, 0));  // cosmetic: one pixel
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(curve);
    } else if (m_dashed || width * lod <= 1 || cut) {
        // Dashes need the stroker; a pen a pixel wide or less takes the raster engine's
        // fast path; a cut curve is short, and new each frame.
        painter->setPen(QPen(color, width, m_dashed ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap,
                             Qt::BevelJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(curve);
    } else {
        // Wider: the curve's outline, filled. Offsetting the Bézier for a stroke every frame
        // was most of a zoomed-out frame; the outline is worked out once per width.
        if (m_outlineWidth != width) {
            QPainterPathStroker stroker;
            stroker.setWidth(width);
            stroker.setCapStyle(Qt::FlatCap);
            stroker.setJoinStyle(Qt::BevelJoin);
            m_outline = stroker.createStroke(m_path);
            m_outlineWidth = width;
        }
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawPath(m_outline);
    }
    if (!m_arrow.isEmpty() && (!cut || near.intersects(m_arrow.boundingRect()))) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawPolygon(m_arrow);
    }
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
    // The count (drawn from 80 %, a fixed size in the scene) may stand out of the curve's
    // box: a tile beside the curve must draw its part of it.
    if (m_weight > 1)
        includeInBounds(countLabelRect(m_middle, QString::number(m_weight), 10, 1));
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
    m_hairlineBelow = 0;  // a few lines whose width tells their weight
    setBoxToBoxGeometry();
    // The count is drawn the same size on screen at every zoom, so in the scene it is
    // largest zoomed out the farthest: the item's bounds hold it there, so that a tile
    // beside the curve draws its part of the label and a change repaints all of it.
    includeInBounds(countLabelRect(path().pointAtPercent(0.5), QString::number(m_weight), kLabelPixels,
                                   graphstyle::kMinZoom));
}

void DomainEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool highlighted = m_from->isSelected() || m_to->isSelected();
    if (lod >= graphstyle::kDomainMapLevelOfDetail || (!highlighted && !m_prominent))
        return;
    // A tile is a picture of the map too (not a thumbnail), kept for whatever view shows it.
    if (option->type == SceneTiles::kTileOptionType) {
        m_inPicture = true;
        CurveEdgeItem::paint(painter, option, widget);
        m_inPicture = false;
        return;
    }
    // At rest in a view, its layer's picture has drawn it.
    const auto *layer = dynamic_cast<const DomainEdgeLayer *>(parentItem());
    if (!highlighted && layer && layer->drawsRestingIn(widget))
        return;
    CurveEdgeItem::paint(painter, option, widget);
}

void DomainEdgeItem::paintResting(QPainter *painter, const QStyleOptionGraphicsItem *option)
{
    if (!m_prominent)
        return;
    m_inPicture = true;  // a picture of the whole map, however narrow: not a thumbnail
    paintAs(painter, option, Emphasis::Resting);
    m_inPicture = false;
}

void DomainEdgeItem::paintLabel(QPainter *painter, qreal lod)
{
    // The count at the middle of the curve, about 11 pixels tall whatever the zoom: on the
    // selection's edges, or on all when there are few. A thumbnail (the minimap) has no room.
    const bool highlighted = m_from->isSelected() || m_to->isSelected();
    if ((!highlighted && !m_labelled) || (!m_inPicture && painter->device()->width() < 400))
        return;
    paintCountLabel(painter, path().pointAtPercent(0.5), QString::number(m_weight), kLabelPixels, lod);
}

}  // namespace meshlens
