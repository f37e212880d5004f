#include "scenetiles.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPaintEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <vector>

namespace meshlens {

namespace {

std::int64_t floorDiv(double v, int d)
{
    return std::int64_t(std::floor(v / d));
}

}  // namespace

std::size_t SceneTiles::KeyHash::operator()(const Key &k) const noexcept
{
    const std::size_t h = std::hash<double>()(k.scale);
    return h ^ (std::size_t(k.x) * 0x9e3779b97f4a7c15ULL) ^ (std::size_t(k.y) * 0xc2b2ae3d27d4eb4fULL);
}

SceneTiles::SceneTiles(QGraphicsView *view, QColor canvas) : m_view(view), m_canvas(canvas)
{
    m_clock.start();
    // One repaint once a zoom has stayed put, however many frames it took.
    m_settleTimer.setSingleShot(true);
    m_settleTimer.setInterval(kSettleMs);
    QWidget *viewport = view->viewport();
    QObject::connect(&m_settleTimer, &QTimer::timeout, viewport, [viewport] { viewport->update(); });
    QObject::connect(view->scene(), &QGraphicsScene::changed, view,
                     [this](const QList<QRectF> &rects) { invalidate(rects); });
}

void SceneTiles::setEnabled(bool on)
{
    m_enabled = on;
    if (!on)
        clear();
}

void SceneTiles::clear()
{
    m_tiles.clear();
    m_settled = 0;
    m_previous = 0;
    m_zooming = false;
}

QRectF SceneTiles::sceneRectOf(const Key &key) const
{
    const double side = kTileSize / key.scale;
    return QRectF(key.x * side, key.y * side, side, side);
}

SceneTiles::Range SceneTiles::tilesUnder(const QRectF &sceneRect, double scale)
{
    return {floorDiv(sceneRect.left() * scale, kTileSize), floorDiv(sceneRect.right() * scale, kTileSize),
            floorDiv(sceneRect.top() * scale, kTileSize), floorDiv(sceneRect.bottom() * scale, kTileSize)};
}

const SceneTiles::Tile *SceneTiles::held(const Key &key, qreal ratio) const
{
    const auto it = m_tiles.find(key);
    return it == m_tiles.end() || it->second.image.devicePixelRatio() != ratio ? nullptr : &it->second;
}

bool SceneTiles::holds(double scale, QPointF scenePoint) const
{
    return m_tiles.count(Key{scale, floorDiv(scenePoint.x() * scale, kTileSize),
                             floorDiv(scenePoint.y() * scale, kTileSize)}) > 0;
}

void SceneTiles::invalidate(const QList<QRectF> &sceneRects)
{
    if (sceneRects.isEmpty() || m_tiles.empty())
        return;
    for (auto it = m_tiles.begin(); it != m_tiles.end();) {
        // Grown by two pixels at the tile's zoom, for the antialiased fringe of what changed
        // (as the view grows its own update rectangles).
        const double margin = 2 / it->first.scale;
        const QRectF rect = sceneRectOf(it->first).adjusted(-margin, -margin, margin, margin);
        const bool touched = std::any_of(sceneRects.begin(), sceneRects.end(),
                                         [&rect](const QRectF &r) { return r.intersects(rect); });
        it = touched ? m_tiles.erase(it) : std::next(it);
    }
}

double SceneTiles::referenceScale(double scale)
{
    if (scale == m_settled)
        return scale;
    const qint64 now = m_clock.elapsed();
    if (scale != m_wanted) {
        m_wanted = scale;
        m_wantedSinceMs = now;
    }
    const double change = m_settled > 0 ? scale / m_settled : 0;
    if (now - m_wantedSinceMs < kSettleMs && change > 0.5 && change < 2) {
        // Mid-zoom: the settled zoom's tiles, scaled, and another frame once this one settles.
        m_settleTimer.start();
        m_zooming = true;
        return m_settled;
    }
    // The end of a zoom gesture (not a jump to another zoom): its tiles may stand in.
    m_previous = m_zooming ? m_settled : 0;
    m_zooming = false;
    m_settled = scale;
    return scale;
}

bool SceneTiles::covered(const Key &key, double scale, qreal ratio, std::vector<Key> *cover) const
{
    const Range r = tilesUnder(sceneRectOf(key), scale);
    for (std::int64_t y = r.y0; y <= r.y1; ++y) {
        for (std::int64_t x = r.x0; x <= r.x1; ++x) {
            const Key other{scale, x, y};
            if (!held(other, ratio))
                return false;
            if (std::find(cover->begin(), cover->end(), other) == cover->end())
                cover->push_back(other);
        }
    }
    return true;
}

void SceneTiles::makeTiles(const std::vector<Key> &missing, qreal devicePixelRatio)
{
    if (missing.empty())
        return;
    // One picture of the box around the missing tiles, cut up: an item across several
    // tiles is painted once, not once per tile.
    std::int64_t x0 = missing.front().x, x1 = x0, y0 = missing.front().y, y1 = y0;
    for (const Key &key : missing) {
        x0 = std::min(x0, key.x);
        x1 = std::max(x1, key.x);
        y0 = std::min(y0, key.y);
        y1 = std::max(y1, key.y);
    }
    const double scale = missing.front().scale;
    const int columns = int(x1 - x0 + 1), rows = int(y1 - y0 + 1);
    const int side = int(std::lround(kTileSize * devicePixelRatio));
    // Filled opaque, so that copying it into a frame blends nothing; premultiplied ARGB,
    // the raster engine's own format (into RGB32 the same tiles took about 3x as long).
    QImage picture(columns * side, rows * side, QImage::Format_ARGB32_Premultiplied);
    picture.fill(m_canvas);
    // Painted in the view's own units, the device pixel ratio under them as in the view's
    // paint event: items choose their detail from the painter's zoom, and at 2x they must
    // choose what the view at this zoom shows (the domain map, not the products).
    picture.setDevicePixelRatio(devicePixelRatio);
    {
        QPainter painter(&picture);
        painter.setRenderHints(m_view->renderHints());
        // `scale` pixels per scene unit, each tile's corner at a whole pixel of the view's
        // grid (see paint()).
        const QRectF rect = sceneRectOf(Key{scale, x0, y0}).united(sceneRectOf(Key{scale, x1, y1}));
        const QTransform sceneToPicture = QTransform::fromScale(scale, scale).translate(-rect.left(), -rect.top());
        paintScene(&painter, *m_view->scene(), rect, sceneToPicture);
        if (m_overlay) {
            painter.setWorldTransform(sceneToPicture);
            m_overlay(&painter, rect, scale);
        }
    }
    for (const Key &key : missing) {
        QImage image = picture.copy(int(key.x - x0) * side, int(key.y - y0) * side, side, side);
        image.setDevicePixelRatio(devicePixelRatio);
        Tile &tile = m_tiles[key];
        tile.image = std::move(image);
        tile.usedInFrame = m_frame;
        ++m_made;
    }
}

void SceneTiles::paintScene(QPainter *painter, QGraphicsScene &scene, const QRectF &rect,
                            const QTransform &sceneToDevice)
{
    // QGraphicsScene::render would paint the whole subtree of every top-level item it
    // finds (the product layer: every card of the map); this paints only the items under
    // `rect`, bottom first, as the view does.
    QStyleOptionGraphicsItem option;
    option.type = kTileOptionType;
    const QList<QGraphicsItem *> items = scene.items(rect, Qt::IntersectsItemBoundingRect, Qt::AscendingOrder);
    for (QGraphicsItem *item : items) {
        if (item->flags() & QGraphicsItem::ItemHasNoContents)
            continue;
        const qreal opacity = item->effectiveOpacity();
        if (opacity <= 0)
            continue;
        painter->save();
        painter->setWorldTransform(item->sceneTransform() * sceneToDevice);
        painter->setOpacity(opacity);
        option.state = QStyle::State_Enabled;
        if (item->isSelected())
            option.state |= QStyle::State_Selected;
        option.exposedRect = item->mapRectFromScene(rect) & item->boundingRect();
        option.rect = item->boundingRect().toAlignedRect();
        item->paint(painter, &option, nullptr);
        painter->restore();
    }
}

bool SceneTiles::canPaint() const
{
    if (!m_enabled || !m_view->scene())
        return false;
    const QTransform view = m_view->viewportTransform();
    if (view.type() > QTransform::TxScale || view.m11() != view.m22() || view.m11() <= 0)
        return false;
    // At a fractional device pixel ratio (125 %, 150 %) the view's scroll lands between
    // device pixels, so a tile could not be copied onto its place: the view draws itself.
    const qreal ratio = m_view->viewport()->devicePixelRatioF();
    return ratio == std::round(ratio);
}

bool SceneTiles::paintFrame(QPaintEvent *event, const Foreground &foreground)
{
    if (!canPaint())
        return false;
    QPainter painter(m_view->viewport());
    paint(&painter, event->region());
    painter.setRenderHints(m_view->renderHints());
    painter.setTransform(m_view->viewportTransform());
    foreground(&painter, m_view->mapToScene(event->region().boundingRect()).boundingRect());
    return true;
}

bool SceneTiles::paint(QPainter *painter, const QRegion &exposed)
{
    if (!canPaint())
        return false;
    const QTransform view = m_view->viewportTransform();
    const qreal ratio = m_view->viewport()->devicePixelRatioF();
    ++m_frame;
    const double scale = view.m11();
    const double reference = referenceScale(scale);
    // The view's pixel grid at this zoom: scene point p is at viewport pixel
    // scale * p - scroll, the scroll a whole number of pixels; tile (x, y) covers the scene
    // points whose scale * p falls in [256 x, 256 x + 256) x [256 y, 256 y + 256).
    const Range r = tilesUnder(view.inverted().mapRect(QRectF(exposed.boundingRect())), reference);
    std::vector<Key> shown, missing;
    for (std::int64_t y = r.y0; y <= r.y1; ++y) {
        for (std::int64_t x = r.x0; x <= r.x1; ++x) {
            const Key key{reference, x, y};
            if (!exposed.intersects(view.mapRect(sceneRectOf(key)).toAlignedRect()))
                continue;
            shown.push_back(key);
            if (!held(key, ratio))
                missing.push_back(key);
        }
    }
    // Just settled from a zoom: where the last zoom's tiles lie under a missing tile, they
    // stand in, scaled, while idle turns draw the new ones (those in view first), so the end
    // of a zoom costs no frame of its own. The rest (after a jump, all) are drawn now.
    // Stand-ins only where the zoom came to rest: once the view has moved since the last
    // frame at this zoom (a pan, a jump), frames draw their tiles.
    const QPointF scroll(-view.dx(), -view.dy());
    if (scale == m_lastScrollScale && scroll != m_lastScroll)
        m_previous = 0;
    std::vector<Key> standIns, drawNow;
    const bool standInsAllowed = reference == scale && m_prefetch && m_previous > 0 && m_previous != scale;
    for (const Key &key : missing) {
        if (!standInsAllowed || !covered(key, m_previous, ratio, &standIns))
            drawNow.push_back(key);  // no stand-in (a zoom out shows more than the old tiles)
    }
    makeTiles(drawNow, ratio);
    painter->save();
    painter->resetTransform();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);  // mid-zoom: nearest pixel
    for (const Key &key : standIns) {
        Tile &tile = m_tiles[key];
        tile.usedInFrame = m_frame;
        painter->drawImage(view.mapRect(sceneRectOf(key)), tile.image);
    }
    for (const Key &key : shown) {
        const auto it = m_tiles.find(key);
        if (it == m_tiles.end())
            continue;  // drawn by an idle turn; its stand-in is there meanwhile
        Tile &tile = it->second;
        tile.usedInFrame = m_frame;
        const QRectF target = view.mapRect(sceneRectOf(key));
        if (reference == scale)
            painter->drawImage(QPointF(std::round(target.left()), std::round(target.top())), tile.image);
        else
            painter->drawImage(target, tile.image);
    }
    painter->restore();
    evict();
    if (reference == scale) {
        // Which way the view moves (the scroll grows rightwards and downwards): the ring's
        // tiles on that side are drawn first.
        if (scale == m_lastScrollScale) {
            m_motionX = scroll.x() > m_lastScroll.x() ? 1 : scroll.x() < m_lastScroll.x() ? -1 : m_motionX;
            m_motionY = scroll.y() > m_lastScroll.y() ? 1 : scroll.y() < m_lastScroll.y() ? -1 : m_motionY;
        }
        m_lastScroll = scroll;
        m_lastScrollScale = scale;
        schedulePrefetch();
    }
    return true;
}

void SceneTiles::schedulePrefetch()
{
    if (!m_prefetch || m_prefetchQueued)
        return;
    m_prefetchQueued = true;
    QTimer::singleShot(0, m_view->viewport(), [this] { prefetchStep(); });
}

bool SceneTiles::prefetchStep()
{
    m_prefetchQueued = false;
    if (!m_prefetch || !canPaint())
        return false;
    const QTransform view = m_view->viewportTransform();
    const double scale = view.m11();
    if (scale != m_settled)
        return false;  // a zoom under way: its tiles come once it settles
    const QRectF visible = view.inverted().mapRect(QRectF(m_view->viewport()->rect()));
    const qreal ratio = m_view->viewport()->devicePixelRatioF();
    const auto missing = [&](std::int64_t x, std::int64_t y) { return !held(Key{scale, x, y}, ratio); };
    // Draws the strip of missing tiles starting at (x, y) inside the box: rightwards in its
    // row, or else downwards in its column (one picture for a strip costs less than one per
    // tile). False when (x, y) is not missing.
    const auto drawStrip = [&](std::int64_t x, std::int64_t y, std::int64_t right, std::int64_t bottom) {
        if (!missing(x, y))
            return false;
        std::vector<Key> strip{Key{scale, x, y}};
        for (std::int64_t n = x + 1; n <= right && strip.size() < std::size_t(kPrefetchPerStep) && missing(n, y); ++n)
            strip.push_back(Key{scale, n, y});
        if (strip.size() == 1) {
            for (std::int64_t n = y + 1; n <= bottom && strip.size() < std::size_t(kPrefetchPerStep) && missing(x, n); ++n)
                strip.push_back(Key{scale, x, n});
        }
        makeTiles(strip, ratio);
        QRectF area;
        for (const Key &key : strip)
            area |= sceneRectOf(key);
        m_view->viewport()->update(view.mapRect(area).toAlignedRect());  // if in view
        evict();
        schedulePrefetch();  // the rest on the next idle turn
        return true;
    };
    // The tiles in view first (after a zoom they stand in scaled), then the ring around: the
    // side the view last moved towards first.
    for (const int ring : {0, 1}) {
        const Range inView = tilesUnder(visible, scale);
        const std::int64_t x0 = inView.x0 - ring, x1 = inView.x1 + ring;
        const std::int64_t y0 = inView.y0 - ring, y1 = inView.y1 + ring;
        if (ring == 1 && m_motionX != 0) {
            const std::int64_t x = m_motionX > 0 ? x1 : x0;
            for (std::int64_t y = y0; y <= y1; ++y)
                if (drawStrip(x, y, x, y1))
                    return true;
        }
        if (ring == 1 && m_motionY != 0) {
            const std::int64_t y = m_motionY > 0 ? y1 : y0;
            for (std::int64_t x = x0; x <= x1; ++x)
                if (drawStrip(x, y, x1, y))
                    return true;
        }
        for (std::int64_t y = y0; y <= y1; ++y)
            for (std::int64_t x = x0; x <= x1; ++x)
                if (drawStrip(x, y, x1, y1))
                    return true;
    }
    return false;
}

void SceneTiles::evict()
{
    if (m_tiles.size() <= kMaxTiles)
        return;
    std::vector<std::uint64_t> ages;
    ages.reserve(m_tiles.size());
    for (const auto &entry : m_tiles)
        ages.push_back(entry.second.usedInFrame);
    const std::size_t drop = m_tiles.size() - kMaxTiles * 3 / 4;
    std::nth_element(ages.begin(), ages.begin() + drop, ages.end());
    const std::uint64_t cutoff = ages[drop];
    for (auto it = m_tiles.begin(); it != m_tiles.end();) {
        const bool old = it->second.usedInFrame < cutoff && it->second.usedInFrame != m_frame;
        it = old ? m_tiles.erase(it) : std::next(it);
    }
}

}  // namespace meshlens
