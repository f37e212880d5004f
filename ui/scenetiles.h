#pragma once
// The product map drawn from tiles. Zoomed to products, a frame of a big mesh is a few
// thousand cards, curves and labels, and Qt 6.4's raster engine hands every fill of more
// than ~96 spans (a card's rounded box, a long curve) to its thread pool and waits: on two
// cores that hand-over, not the drawing, was most of a 30–70 ms frame. What a part of the
// scene looks like at one zoom changes only when an item in it does, so the view keeps
// pictures of 256x256 pixels of it, keyed by zoom and position on a grid fixed to the scene,
// and a frame copies them: a pan draws only the tiles it brings into view.
//
// A tile is dropped when the scene reports a change under it (QGraphicsScene::changed: a
// selection, an overlay, an opened product). While the zoom keeps changing (a wheel, a
// pinch), the tiles of the last settled zoom are drawn scaled, and those of the new zoom
// are made once it has stayed put for kSettleMs: in idle turns, the old ones standing in
// until then, so that the end of a zoom costs no long frame either.

#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QRectF>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

class QGraphicsScene;
class QGraphicsView;
class QPaintEvent;
class QPainter;
class QRegion;
class QTransform;

namespace meshlens {

class SceneTiles
{
public:
    /// Draws `view`'s scene; the view paints the background colour `canvas` under it.
    SceneTiles(QGraphicsView *view, QColor canvas);
    SceneTiles(const SceneTiles &) = delete;
    SceneTiles &operator=(const SceneTiles &) = delete;

    /// Paints the `exposed` part of the view's viewport (in viewport pixels) with the
    /// background and the scene's items, from tiles. Returns false, having painted nothing,
    /// when the view is not a plain zoom (rotated, stretched), the screen's device pixel
    /// ratio is fractional, or tiles are off.
    bool paint(QPainter *painter, const QRegion &exposed);
    /// A view's paint event from tiles, then `foreground` (the view's drawForeground: a
    /// legend, notes) in scene coordinates. False, having painted nothing, when tiles cannot
    /// draw this view (see paint()): then the view paints itself.
    using Foreground = std::function<void(QPainter *, const QRectF &)>;
    bool paintFrame(QPaintEvent *event, const Foreground &foreground);
    /// What every tile draws over the items, in scene coordinates, for a picture of
    /// `sceneRect` at zoom `scale` (the view's, as QGraphicsView::transform().m11()):
    /// GraphView's domain names. It is part of the picture, so a frame pays nothing for
    /// it; it may depend on the zoom and on the items only (a change of an item drops the
    /// tiles under it, and the overlay is drawn again with them).
    using SceneOverlay = std::function<void(QPainter *, const QRectF &sceneRect, qreal scale)>;
    void setSceneOverlay(SceneOverlay overlay) { m_overlay = std::move(overlay); }
    /// Drops the tiles under these scene rectangles (of every zoom).
    void invalidate(const QList<QRectF> &sceneRects);
    /// Drops every tile (a new scene).
    void clear();

    /// Off: paint() refuses, and the view draws its items itself (to compare; on by default).
    void setEnabled(bool on);
    bool isEnabled() const { return m_enabled; }
    /// While the event loop is idle after a frame, the tiles of a ring one tile wide around
    /// the view are made, a strip of up to kPrefetchPerStep at a time, so that a pan finds
    /// them ready (on by default).
    void setPrefetch(bool on) { m_prefetch = on; }
    static constexpr int kPrefetchPerStep = 4;
    /// What one idle turn does: draws the next strip of missing tiles in and around the view.
    /// False when there was nothing to draw.
    bool prefetchStep();
    /// Tiles drawn so far (each costs about what drawing its part of the scene directly does).
    int tilesMade() const { return m_made; }
    /// Tiles held now.
    std::size_t tileCount() const { return m_tiles.size(); }
    /// Whether the tile of zoom `scale` under a scene point is held.
    bool holds(double scale, QPointF scenePoint) const;

    /// Paints the items of `scene` under `rect` (scene coordinates) through `sceneToDevice`,
    /// as a tile holds them: edges are drawn wherever they pass (see kTileOptionType).
    static void paintScene(QPainter *painter, QGraphicsScene &scene, const QRectF &rect,
                           const QTransform &sceneToDevice);
    /// The QStyleOption::type of the options items are painted with into a tile. A tile
    /// outlives the view that asked for it, so nothing in it may depend on what that view
    /// showed (an edge is drawn though neither of its boxes is in the tile).
    static constexpr int kTileOptionType = 0xf00 + 0x4d4c;  // QStyleOption::SO_CustomBase + 'ML'

    static constexpr int kTileSize = 256;
    /// How long a zoom must stay put before its own tiles are made.
    static constexpr int kSettleMs = 150;
    /// At most this many tiles are kept (the least recently drawn go first): 96 MB.
    static constexpr std::size_t kMaxTiles = 384;

private:
    struct Key {
        double scale;  // the view's zoom (view pixels per scene unit; a tile has
                       // kTileSize x device pixel ratio pixels a side)
        std::int64_t x, y;
        bool operator==(const Key &o) const { return scale == o.scale && x == o.x && y == o.y; }
    };
    struct KeyHash {
        std::size_t operator()(const Key &k) const noexcept;
    };
    struct Tile {
        QImage image;
        std::uint64_t usedInFrame = 0;
    };
    /// The grid cells of zoom `scale` under a scene rectangle, inclusive.
    struct Range {
        std::int64_t x0, x1, y0, y1;
    };
    static Range tilesUnder(const QRectF &sceneRect, double scale);
    /// The tile at `key`, if held and made at this device pixel ratio.
    const Tile *held(const Key &key, qreal ratio) const;
    bool canPaint() const;
    /// The zoom whose tiles this frame draws: the view's, or while a zoom is under way the
    /// last settled one.
    double referenceScale(double scale);
    /// Draws these tiles (of one zoom) in one pass over the scene.
    void makeTiles(const std::vector<Key> &missing, qreal devicePixelRatio);
    QRectF sceneRectOf(const Key &key) const;
    /// Whether tiles of zoom `scale` cover all of `key`'s area; appends those it finds to
    /// `cover` (once each).
    bool covered(const Key &key, double scale, qreal ratio, std::vector<Key> *cover) const;
    void evict();
    void schedulePrefetch();

    QGraphicsView *m_view;
    QColor m_canvas;
    SceneOverlay m_overlay;
    std::unordered_map<Key, Tile, KeyHash> m_tiles;
    std::uint64_t m_frame = 0;
    int m_made = 0;
    bool m_enabled = true;
    bool m_prefetch = true;
    bool m_prefetchQueued = false;
    QPointF m_lastScroll;          // the view's scroll at the last frame, at this zoom:
    double m_lastScrollScale = 0;  // which way it moves (m_motionX/Y: -1, 0, 1), and
                                   // whether it moved since a zoom came to rest
    int m_motionX = 0;
    int m_motionY = 0;
    double m_settled = 0;     // the zoom of the tiles last made
    double m_previous = 0;    // the zoom a gesture came from (stand-ins while it fills in)
    bool m_zooming = false;   // frames are drawing the settled zoom's tiles scaled
    double m_wanted = 0;      // the zoom asked for, and since when
    qint64 m_wantedSinceMs = 0;
    QElapsedTimer m_clock;
    QTimer m_settleTimer;  // repaints once a zoom has stayed put
};

}  // namespace meshlens
