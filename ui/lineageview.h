#pragma once

#include "graphitems.h"
#include "labelcache.h"
#include "layout/focushistory.h"
#include "layout/focuslayout.h"
#include "mesh/snapshotgraph.h"

#include <QFutureWatcher>
#include <QGraphicsView>

#include <atomic>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace meshlens {

class Minimap;
class SceneTiles;

class LineageNodeItem;

/// The lineage of one focus node, laid out left to right (upstream on the left): N hops
/// each way at dataset, product or domain level. The layout runs on a worker thread; a
/// newer request cancels an older one. Clicking selects (nodeSelected), double-clicking
/// refocuses, the context menu expands, hides and copies (stepRequested carries the new
/// step for the owner to record in its history).
class LineageView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit LineageView(QWidget *parent = nullptr);
    ~LineageView() override;

    void setSnapshot(SnapshotPtr snapshot);
    /// Lays out `step` (asynchronously; layoutReady() follows).
    void showStep(const FocusStep &step);
    const FocusStep &step() const { return m_step; }
    bool isBusy() const { return m_watcher.isRunning(); }
    /// The current layout (empty before the first layoutReady()).
    const FocusLayout &layout() const { return m_layout; }

    /// Shows a layout computed elsewhere (synchronously, e.g. for an export) for `step`.
    void showLayout(const FocusStep &step, FocusLayout layout);

    void setOverlay(OverlayKind overlay);
    OverlayKind overlay() const { return m_style.overlay; }
    /// The fine print under the legend (the freshness clock), for exports.
    QString legendNote() const { return m_style.overlay == OverlayKind::Freshness ? m_states.freshnessNote : QString(); }
    void selectNode(NodeId id);
    NodeId selectedNode() const;
    LineageNodeItem *itemForNode(NodeId id) const;
    /// The step the context menu would request for `action` on `node` (for tests and menus).
    enum class Action { Focus, ExpandUp, ExpandDown, Hide, PathTo };
    FocusStep stepFor(Action action, NodeId node) const;

    Minimap *minimap() const { return m_minimap; }
    /// The pictures the view is painted from (scenetiles.h).
    SceneTiles *tiles() const { return m_tiles.get(); }

public Q_SLOTS:
    void zoomToFit();
    /// Zooms so the selected box fills about a third of the view, centred.
    void zoomToSelection();
    void zoomBy(qreal factor);

Q_SIGNALS:
    void nodeSelected(meshlens::NodeId id);
    void stepRequested(const meshlens::FocusStep &step);
    void layoutReady();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void onLayoutFinished();
    /// The node `step` expands one more hop from, when `step` only adds that expansion to
    /// what is shown; kNoNode otherwise.
    NodeId expansionAnchor(const FocusStep &step) const;
    /// Like showLayout, but keeps the zoom and `anchor` on the same spot of the screen.
    void showLayoutKeepingPlace(const FocusStep &step, FocusLayout layout, NodeId anchor);
    /// Scrolls the least that brings the boxes of nodes not in `before` into view, without
    /// taking `anchor` off the screen.
    void revealAdded(const LineageNodeItem *anchor, const std::unordered_set<NodeId> &before);
    void buildScene();
    void moveSelection(int key);
    LineageNodeItem *nodeItemAt(const QPoint &viewPos) const;

    SnapshotPtr m_snapshot;
    FocusStep m_step;
    FocusStep m_shown;  // the step m_layout shows
    NodeId m_keepPlaceOf = kNoNode;  // the layout on its way is an expansion of this node
    FocusLayout m_layout;
    SceneStyle m_style;
    LabelCache m_labels;  // the items' laid-out texts (m_style.labels)
    Minimap *m_minimap = nullptr;
    std::unique_ptr<SceneTiles> m_tiles;  // what the view shows, in pictures (scenetiles.h)
    OverlayStates m_states;  // per snapshot, not per focus step
    QString m_message;  // what the empty view says
    std::unordered_map<NodeId, LineageNodeItem *> m_items;
    QFutureWatcher<FocusLayout> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_selecting = false;
};

}  // namespace meshlens
