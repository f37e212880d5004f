#pragma once

#include "graphitems.h"
#include "labelcache.h"
#include "layout/productinterior.h"
#include "mesh/snapshotgraph.h"

#include <QGraphicsView>

#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

namespace meshlens {

class Minimap;

class DomainEdgeLayer;
class DomainItem;
class SceneTiles;
class NodeItem;

/// The centre view: data products grouped by domain with the dependencies between them
/// (the product-level graph, edge width by the number of dataset edges behind it).
/// Positions come from DomainGridLayout; this class only turns them into scene items.
///
/// Dragging pans (also inside domain boxes), the wheel zooms under the mouse, a click on a
/// box selects its node and emits nodeSelected.
///
/// Semantic zoom: far out it is the domain map (see showsDomainMap); double-clicking a
/// product opens it to show its datasets and their lineage inside it (the map grows around
/// it without moving what is above and to its left, and the view keeps it where it was);
/// the context menu closes it again. Double-clicking a dataset or a domain asks for its
/// lineage (nodeActivated).
class GraphView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit GraphView(QWidget *parent = nullptr);
    ~GraphView() override;

    /// Rebuilds the scene for a snapshot (nullptr: empty) and fits it into the view.
    void setSnapshot(SnapshotPtr snapshot);
    /// Selects the box standing for a node: itself for domains and products, the enclosing
    /// product (or domain) for ports, datasets and jobs. Does not emit nodeSelected.
    void selectNode(NodeId id);
    /// The node of the selected box, or kNoNode.
    NodeId selectedNode() const;
    /// What the empty view says (e.g. "Loading…" while the first mesh loads).
    void setPlaceholderText(const QString &text);
    /// The box drawn for a domain or product node, or nullptr.
    NodeItem *itemForNode(NodeId id) const;
    /// Recolours every box by `overlay` and shows its legend (no rebuild).
    void setOverlay(OverlayKind overlay);
    OverlayKind overlay() const { return m_style.overlay; }
    /// Product dependencies not drawn because the map keeps only the strongest.
    std::size_t hiddenEdgeCount() const { return m_hiddenEdges; }
    /// The fine print under the legend (the freshness clock), for exports.
    QString legendNote() const { return m_style.overlay == OverlayKind::Freshness ? m_freshnessNote : QString(); }

    Minimap *minimap() const { return m_minimap; }
    /// What the view paints over its items, in scene coordinates, for a picture of `rect`
    /// at `scale` device pixels per scene unit: the domain names when zoomed out (boxes
    /// then carry no text). drawForeground uses it, the view's tiles hold it, and exports
    /// paint it over the scene.
    void paintSceneForeground(QPainter *painter, const QRectF &rect, qreal scale);
    /// Zoomed out far enough that the view is the domain map (domains and the dependencies
    /// between them; products are left out).
    bool showsDomainMap() const;
    /// Leaves out of the scene the items a picture at `scale` does not draw: on the domain map
    /// the products, their dependencies and opened products' datasets (the scene would
    /// otherwise visit tens of thousands of items that return at once); nearer, the domain
    /// dependencies. The view does it before it paints; a caller that renders the scene
    /// itself at another zoom (an export) calls it first, and again with currentScale() after.
    void showLevelOfDetail(qreal scale);
    /// Sets the zoom (1: a scene unit is a pixel) and the items drawn at it.
    void setScale(qreal scale);
    qreal currentScale() const;
    /// Domain-to-domain dependencies drawn on the domain map.
    std::size_t domainEdgeCount() const { return m_domainEdges; }
    /// The domain map's edges and their picture (domainedgelayer.h); null before a snapshot.
    DomainEdgeLayer *domainEdgeLayer() const { return m_domainEdgeLayer; }
    /// The tiles the view paints the product levels from (scenetiles.h).
    SceneTiles *tiles() const { return m_tiles.get(); }
    /// Opens (shows the datasets of) or closes a product; the product stays where it is on
    /// screen and the selection is kept.
    void setProductOpen(NodeId product, bool open);
    bool isProductOpen(NodeId product) const { return m_open.count(product) > 0; }
    std::size_t openProductCount() const { return m_open.size(); }
    void closeAllProducts();

public Q_SLOTS:
    void zoomToFit();
    /// Zooms so the selected box fills about a third of the view, centred.
    void zoomToSelection();
    void zoomBy(qreal factor);

Q_SIGNALS:
    /// The user selected a box (kNoNode: cleared the selection).
    void nodeSelected(meshlens::NodeId id);
    /// The user double-clicked a box (to see its lineage).
    void nodeActivated(meshlens::NodeId id);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void buildScene();
    void addDomainEdges(const SnapshotGraph &graph);
    void paintDomainLabels(QPainter *painter, const QRectF &rect, qreal scale);
    /// The legend and the notes in the viewport's corners (not zoomed, not in tiles).
    void paintViewNotes(QPainter *painter);
    const ProductInterior &interiorOf(NodeId product);
    /// The box under a viewport point that a click selects: a dataset, a product (not on
    /// the domain map) or a selectable domain.
    NodeItem *boxAt(QPoint pos) const;
    void rebuildKeepingPlace(NodeId anchor);
    void onSceneSelectionChanged();

    SnapshotPtr m_snapshot;
    std::unordered_map<NodeId, NodeItem *> m_items;
    std::vector<DomainItem *> m_domains;
    LayerItem *m_productLayer = nullptr;     // products, their edges, opened products' insides
    DomainEdgeLayer *m_domainEdgeLayer = nullptr;  // the domain map's edges
    QString m_placeholder;
    SceneStyle m_style;
    LabelCache m_labels;  // the items' laid-out texts (m_style.labels)
    Minimap *m_minimap = nullptr;
    std::unique_ptr<SceneTiles> m_tiles;  // the product levels' pictures
    QString m_freshnessNote;  // "as of <clock>" under the freshness legend
    std::size_t m_hiddenEdges = 0;
    std::size_t m_domainEdges = 0;
    std::set<NodeId> m_open;  // opened products
    QRectF m_contentRect;     // the boxes and a margin: what "fit" shows
    std::unordered_map<NodeId, ProductInterior> m_interiors;  // laid out on first opening
    bool m_selecting = false;   // selection set from outside: do not echo it back
    bool m_fitPending = false;  // fit once the viewport has its real size
    // Panning by dragging anywhere that is not a product box.
    bool m_panning = false;
    bool m_dragged = false;
    QPoint m_pressPos;
    QPoint m_lastPos;
};

}  // namespace meshlens
