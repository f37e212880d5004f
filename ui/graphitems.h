#pragma once

#include "mesh/snapshotdata.h"
#include "overlay.h"

#include <QColor>
#include <QGraphicsItem>
#include <QFont>
#include <QPainterPath>
#include <QPolygonF>

#include <vector>

class QGraphicsView;

namespace meshlens {

class LabelCache;

/// QGraphicsItem::type() values of the graph scene's items.
enum GraphItemType {
    DomainItemType = QGraphicsItem::UserType + 1,
    ProductItemType,
    EdgeItemType,
    LineageNodeItemType,
    LineageEdgeItemType,
    DomainEdgeItemType,
    DatasetItemType,
    LineageBusItemType,
};

/// What a domain or product box shows, worked out once when the scene is built.
struct NodeLabel {
    QString title;
    QString subtitle;
    QColor color;  ///< the domain's colour
    NodeStates states;
};

/// What every item of one scene paints by, owned by the view: changing it and updating the
/// scene recolours everything without rebuilding a single item.
struct SceneStyle {
    OverlayKind overlay = OverlayKind::Domain;
    /// Below this zoom, boxes that are not domains or products (datasets inside opened
    /// products) are not drawn: the mesh map's domain map.
    qreal datasetsHiddenBelow = 0;
    /// The scene's laid-out labels (nullptr: shaped on every paint).
    LabelCache *labels = nullptr;
};

/// Drawing helpers shared by the map's and the lineage view's items.
namespace graphstyle {
/// `color` mixed with white: 0 is white, 1 the colour itself.
QColor tint(const QColor &color, qreal amount);
/// The application font scaled by `factor`.
QFont scaledFont(qreal factor, bool bold);
/// Below this zoom the map is the domain map: domain boxes filled by the overlay and the
/// dependencies between domains; products (a dozen pixels wide) and their edges are left out.
constexpr qreal kDomainMapLevelOfDetail = 0.09;
/// The farthest the map zooms out (the domain map is seen between this and
/// kDomainMapLevelOfDetail).
constexpr qreal kMinZoom = 0.02;
}  // namespace graphstyle

/// A box standing for one snapshot node. Plain QGraphicsItem (no QObject): a scene holds
/// thousands. Items do not move, so geometry is fixed at construction.
class NodeItem : public QGraphicsItem
{
public:
    NodeId node() const { return m_node; }
    const NodeLabel &label() const { return m_label; }
    QRectF boundingRect() const override;
    /// Edges to repaint when this box's selection changes (they highlight with it; a view
    /// drawn from tiles redraws only what the scene reports changed).
    void addEdge(QGraphicsItem *edge) { m_edges.push_back(edge); }

protected:
    NodeItem(NodeId node, const QRectF &sceneRect, NodeLabel label, const SceneStyle *style);
    /// The colour the overlay gives this box (its domain's under the domain overlay).
    QColor fillColor() const;
    /// The item's zoom on screen: 1 at 100 %, 0.1 when a 200-unit box is 20 pixels wide.
    static qreal levelOfDetail(const QPainter *painter, const QStyleOptionGraphicsItem *option);
    void paintBadge(QPainter *painter, QPointF centre, qreal radius) const;
    /// `text` elided to `width` in `font`, worked out on the first paint and kept: boxes do
    /// not change size, and eliding thousands of labels every frame is most of a frame.
    /// `slot` 0 is the title, 1 the subtitle.
    const QString &elided(int slot, const QString &text, const QFont &font, qreal width,
                          Qt::TextElideMode mode) const;
    /// Draws `text` in `rect` (vertically centred) through the scene's label cache: laid out
    /// once, not on every frame. `slot` tells an item's texts apart (0 title, 1 subtitle).
    void drawLabel(QPainter *painter, int slot, const QString &text, const QFont &font,
                   const QRectF &rect, Qt::Alignment align = Qt::AlignLeft) const;
    /// A box drawn as a few plain rectangles (no path, no clip, no text): for zoom levels
    /// where a box is a handful of pixels.
    void paintPlain(QPainter *painter, const QColor &fill, bool selected) const;
    /// A selected box stays drawn when its layer is left out (see LayerItem), and its
    /// edges are repainted.
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

    NodeId m_node;
    QRectF m_rect;  ///< in item coordinates: (0, 0, width, height)
    NodeLabel m_label;
    const SceneStyle *m_style;
    mutable QString m_elided[2];
    mutable bool m_haveElided[2] = {false, false};
    std::vector<QGraphicsItem *> m_edges;
};

/// A domain: a tinted rounded box with its name and counts in a header band.
class DomainItem final : public NodeItem
{
public:
    DomainItem(NodeId node, const QRectF &sceneRect, NodeLabel label, const SceneStyle *style,
               qreal headerHeight);
    int type() const override { return DomainItemType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    /// The states of the domain's products: on the domain map, under a state overlay, the
    /// box shows their mix (bands as wide as each state's share, in legend order) rather
    /// than only the worst.
    void setProductStates(std::vector<NodeStates> states) { m_productStates = std::move(states); }

private:
    void paintStateMix(QPainter *painter, const QColor &border, qreal lod);

    qreal m_headerHeight;
    mutable qreal m_detailWidth = -1;  // the subtitle's width, measured on the first paint
    std::vector<NodeStates> m_productStates;
};

class EdgeItem;

/// A data product inside its domain: name, a detail line and a health badge.
class ProductItem final : public NodeItem
{
public:
    ProductItem(NodeId node, const QRectF &sceneRect, NodeLabel label, const SceneStyle *style);
    int type() const override { return ProductItemType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// An opened product: a big box whose datasets are drawn inside it, with its card as
    /// a header band `headerHeight` tall.
    void setOpen(qreal headerHeight) { m_openHeader = headerHeight; }
    bool isOpen() const { return m_openHeader > 0; }

private:
    void paintCard(QPainter *painter, qreal lod, const QRectF &card);

    qreal m_openHeader = 0;
    QPainterPath m_stripe;  // the domain stripe of the card at m_stripeCard
    QRectF m_stripeCard;
};

/// What the map's and the lineage view's edges share: a curve with an arrowhead between two
/// boxes, highlighted while either end is selected (downstream of the selection in the
/// selection colour, upstream in amber), skipped when zoomed out below `minLevelOfDetail`
/// or when both boxes are out of view. Subclasses only work out the geometry.
class CurveEdgeItem : public QGraphicsItem
{
public:
    QRectF boundingRect() const override { return m_bounds; }
    /// Where paintCountLabel() draws `text` at `at`, `pixels` tall at zoom `lod`.
    static QRectF countLabelRect(QPointF at, const QString &text, qreal pixels, qreal lod);
    /// Not drawn below this zoom, selected or not.
    void setFloorLevelOfDetail(qreal lod) { m_floorLevelOfDetail = lod; }
    /// The curve, without the arrowhead, in scene coordinates.
    const QPainterPath &path() const { return m_path; }
    /// Drawn dashed (a lineage edge that closes a cycle).
    bool isDashed() const { return m_dashed; }
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    /// How an edge is drawn: at rest, or highlighted as downstream or upstream of the selection.
    enum class Emphasis { Resting, Downstream, Upstream };
    /// paint() with the emphasis given rather than read from the ends' selection.
    void paintAs(QPainter *painter, const QStyleOptionGraphicsItem *option, Emphasis emphasis);
    CurveEdgeItem(NodeItem *from, NodeItem *to, qreal width, qreal minLevelOfDetail,
                  int restingAlpha, bool dashed);
    /// Sets the curve and the arrowhead (and with them the bounds).
    void setGeometry(QPainterPath path, QPolygonF arrow);
    /// A curve from the side of the source box facing the target to the side of the target
    /// facing the source (opposite directions between one pair get opposite offsets).
    void setBoxToBoxGeometry();
    /// Not drawn at or above this zoom (the domain map's edges give way to the products').
    void setMaxLevelOfDetail(qreal lod) { m_maxLevelOfDetail = lod; }
    /// Widens the bounds to hold `rect` too (a label that stands out of the curve's box).
    void includeInBounds(const QRectF &rect)
    {
        prepareGeometryChange();
        m_bounds |= rect;
    }
    /// Called after the curve is drawn (not when it is culled): for a label.
    virtual void paintLabel(QPainter *, qreal /*lod*/) {}

    NodeItem *m_from;
    NodeItem *m_to;
    qreal m_width;
    /// Below this zoom an unselected curve wider than a pixel is drawn one pixel wide.
    qreal m_hairlineBelow;

private:
    qreal m_minLevelOfDetail;
    qreal m_maxLevelOfDetail = 1e9;
    qreal m_floorLevelOfDetail = 0;
    int m_restingAlpha;  ///< alpha of an edge no selection touches
    bool m_dashed;
    QPainterPath m_path;
    QPolygonF m_arrow;
    QRectF m_bounds;
    QPainterPath m_outline;  ///< m_path stroked m_outlineWidth wide (a cache)
    qreal m_outlineWidth = -1;
};

/// A product -> product dependency: a curve from border to border with an arrowhead,
/// wider for more dataset edges behind it.
class EdgeItem final : public CurveEdgeItem
{
public:
    EdgeItem(ProductItem *from, ProductItem *to, std::uint32_t weight);
    int type() const override { return EdgeItemType; }

    ProductItem *from() const { return static_cast<ProductItem *>(m_from); }
    ProductItem *to() const { return static_cast<ProductItem *>(m_to); }
    std::uint32_t weight() const { return m_weight; }
    /// Where its count is written (the middle of the curve).
    QPointF labelPoint() const { return m_middle; }

protected:
    /// Zoomed in, the number of dataset edges behind the dependency, at its middle.
    void paintLabel(QPainter *painter, qreal lod) override;

private:
    std::uint32_t m_weight;
    QPointF m_middle;
};

/// A dependency between two domains on the domain map (zoomed far out): the dataset edges
/// of every product pair across the two domains, width and label by their count.
class DomainEdgeItem final : public CurveEdgeItem
{
public:
    DomainEdgeItem(DomainItem *from, DomainItem *to, std::uint32_t weight);
    int type() const override { return DomainEdgeItemType; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    /// Its look when neither end is selected, whatever the selection (domainedgelayer.h);
    /// nothing for an edge that is not prominent.
    void paintResting(QPainter *painter, const QStyleOptionGraphicsItem *option);
    std::uint32_t weight() const { return m_weight; }
    DomainItem *from() const { return static_cast<DomainItem *>(m_from); }
    DomainItem *to() const { return static_cast<DomainItem *>(m_to); }
    /// Drawn when neither end is selected (else only with the selection).
    void setProminent(bool prominent) { m_prominent = prominent; }
    bool isProminent() const { return m_prominent; }
    /// Labelled with its count when neither end is selected.
    void setLabelled(bool labelled) { m_labelled = labelled; }

protected:
    void paintLabel(QPainter *painter, qreal lod) override;

private:
    static constexpr qreal kLabelPixels = 11;  // the count's height on screen
    std::uint32_t m_weight;
    bool m_prominent = true;
    bool m_labelled = true;
    bool m_inPicture = false;  // painting into its layer's picture (paintResting)
};

/// A group of items a view can leave out of a frame at once: it draws nothing itself, and
/// while hidden (opacity 0) the scene skips it without visiting its thousands of items, for
/// painting and for hit tests alike. Unlike QGraphicsItem::hide(), it keeps the selection;
/// a selected box (NodeItem) ignores its layer's opacity and stays drawn.
class LayerItem final : public QGraphicsItem
{
public:
    LayerItem() { setFlag(ItemHasNoContents); }
    QRectF boundingRect() const override { return {}; }
    void paint(QPainter *, const QStyleOptionGraphicsItem *, QWidget *) override {}
    void setShown(bool shown)
    {
        if (shown != isShown())
            setOpacity(shown ? 1.0 : 0.0);
    }
    bool isShown() const { return opacity() > 0; }
};

/// The two graph views' common set-up: antialiasing, anchors, no frame, no drops (they are
/// the main window's), and no scene index (items never move, and edges have long bounding
/// boxes: a BSP index costs more to build, seconds at 100k datasets, than the walk it saves).
void configureSceneView(QGraphicsView *view);

}  // namespace meshlens
