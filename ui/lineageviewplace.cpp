// Where the lineage view looks: zoom, fit, the arrow keys' walk between boxes, and keeping
// one's place across an expansion.

#include "lineageitems.h"
#include "lineageview.h"
#include "minimap.h"

#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace meshlens {

namespace {

constexpr qreal kMinScale = 0.02;
constexpr qreal kMaxScale = 3.0;
constexpr qreal kMaxFitScale = 1.0;
// How far from the view's edges revealed boxes land (pixels).
constexpr qreal kRevealMargin = 16;

// Along one axis: how far to scroll (positive: the picture moves towards lower coordinates)
// so that [lo, hi] (the added boxes) lies in [viewLo, viewHi], as little as possible; when it
// is longer than the view its start wins. Never so far that [keepLo, keepHi] (the expanded
// box) leaves the view, nor further off than it already was.
qreal revealShift(qreal lo, qreal hi, qreal keepLo, qreal keepHi, qreal viewLo, qreal viewHi)
{
    qreal shift = 0;
    if (hi > viewHi)
        shift = hi - viewHi;
    if (lo - shift < viewLo)
        shift = lo - viewLo;
    const qreal least = std::min<qreal>(0, keepHi - viewHi), most = std::max<qreal>(0, keepLo - viewLo);
    return std::clamp(shift, least, most);
}

}  // namespace

NodeId LineageView::expansionAnchor(const FocusStep &step) const
{
    const FocusStep &was = m_shown;
    if (!m_snapshot || m_layout.subgraph.nodes.empty() || !step.pathToKey.isEmpty()
        || step.focusKey != was.focusKey || step.level != was.level || step.hidden != was.hidden
        || step.upstreamDepth != was.upstreamDepth || step.downstreamDepth != was.downstreamDepth
        || step.pathToKey != was.pathToKey)
        return kNoNode;
    QStringList added;
    const auto compare = [&](const QStringList &now, const QStringList &before) {
        for (const QString &key : before)
            if (!now.contains(key))
                return false;  // an expansion undone: not a step forward
        for (const QString &key : now)
            if (!before.contains(key))
                added << key;
        return true;
    };
    if (!compare(step.expandUp, was.expandUp) || !compare(step.expandDown, was.expandDown) || added.size() != 1)
        return kNoNode;
    const QByteArray key = added.first().toUtf8();
    const std::optional<NodeId> node = m_snapshot->find({key.constData(), std::size_t(key.size())});
    if (!node)
        return kNoNode;
    const NodeId shown = m_snapshot->representative(*node, step.level);
    return itemForNode(shown) ? shown : kNoNode;
}

void LineageView::showLayoutKeepingPlace(const FocusStep &step, FocusLayout layout, NodeId anchor)
{
    const LineageNodeItem *before = itemForNode(anchor);
    if (!before || layout.subgraph.nodes.empty())
        return showLayout(step, std::move(layout));
    std::unordered_set<NodeId> shownBefore;
    for (const auto &[id, item] : m_items)
        shownBefore.insert(id);
    const QPointF was = viewportTransform().map(before->sceneBoundingRect().center());
    const NodeId selected = selectedNode();
    const QTransform zoom = transform();
    m_step = step;
    m_shown = step;
    m_layout = std::move(layout);
    m_message.clear();
    buildScene();
    setTransform(zoom);
    const LineageNodeItem *after = itemForNode(anchor);
    if (!after) {
        zoomToFit();
    } else {
        // The scene point to centre so that the anchor lands where it was; the scene reaches
        // at least as far as the view does, so that the scroll bars can get there.
        const QPointF at = after->sceneBoundingRect().center();
        const qreal s = zoom.m11();
        const QPointF centre = at + (QPointF(viewport()->width(), viewport()->height()) / 2 - was) / s;
        QRectF visible(QPointF(0, 0), QSizeF(viewport()->width() / s, viewport()->height() / s));
        visible.moveCenter(centre);
        scene()->setSceneRect(scene()->sceneRect().united(visible.adjusted(-2 / s, -2 / s, 2 / s, 2 / s)));
        centerOn(centre);
        // centerOn rounds to whole scroll steps: correct what is left.
        const QPointF off = viewportTransform().map(at) - was;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(off.x()));
        verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(off.y()));
        revealAdded(after, shownBefore);
    }
    if (LineageNodeItem *item = itemForNode(selected); item && selected != m_layout.subgraph.focus) {
        m_selecting = true;
        scene()->clearSelection();
        item->setSelected(true);
        m_selecting = false;
    }
    m_minimap->update();
    Q_EMIT layoutReady();
}

void LineageView::revealAdded(const LineageNodeItem *anchor, const std::unordered_set<NodeId> &before)
{
    QRectF added;
    for (const auto &[id, item] : m_items) {
        if (!before.count(id))
            added |= item->sceneBoundingRect();
    }
    if (added.isEmpty())
        return;
    const QTransform toView = viewportTransform();
    const QRectF box = toView.mapRect(added);
    const QRectF keep = toView.mapRect(anchor->sceneBoundingRect());
    const QRectF view = QRectF(viewport()->rect()).adjusted(kRevealMargin, kRevealMargin,
                                                            -kRevealMargin, -kRevealMargin);
    const QPointF shift(revealShift(box.left(), box.right(), keep.left(), keep.right(), view.left(), view.right()),
                        revealShift(box.top(), box.bottom(), keep.top(), keep.bottom(), view.top(), view.bottom()));
    if (qRound(shift.x()) == 0 && qRound(shift.y()) == 0)
        return;
    // Scroll by `shift` pixels; the scene reaches as far as the view then does.
    const qreal s = transform().m11();
    const QPointF centre = mapToScene(viewport()->rect().center()) + shift / s;
    QRectF visible(QPointF(0, 0), QSizeF(viewport()->width() / s, viewport()->height() / s));
    visible.moveCenter(centre);
    scene()->setSceneRect(scene()->sceneRect().united(visible.adjusted(-2 / s, -2 / s, 2 / s, 2 / s)));
    const QPointF target = keep.center() - shift;
    centerOn(centre);
    // centerOn rounds to whole scroll steps: correct what is left.
    const QPointF now = viewportTransform().map(anchor->sceneBoundingRect().center());
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + qRound(now.x() - target.x()));
    verticalScrollBar()->setValue(verticalScrollBar()->value() + qRound(now.y() - target.y()));
}

void LineageView::zoomToFit()
{
    const QRectF rect = scene()->sceneRect();
    if (m_items.empty() || rect.isEmpty() || viewport()->width() < 50)
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    const qreal s = std::clamp(transform().m11(), kMinScale, kMaxFitScale);
    setTransform(QTransform::fromScale(s, s));
    // A big neighbourhood: rather readable around the focus than everything as dots.
    if (s < 0.35) {
        setTransform(QTransform::fromScale(0.35, 0.35));
        if (LineageNodeItem *focus = itemForNode(m_layout.subgraph.focus))
            centerOn(focus);
        return;
    }
    centerOn(rect.center());
}

void LineageView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(transform().m11() * factor, kMinScale, kMaxScale);
    const qreal f = target / transform().m11();
    scale(f, f);
    m_minimap->update();
}

void LineageView::zoomToSelection()
{
    const LineageNodeItem *item = itemForNode(selectedNode());
    if (!item)
        return;
    const QRectF box = item->sceneBoundingRect();
    fitInView(box.adjusted(-box.width(), -box.height() * 3, box.width(), box.height() * 3),
              Qt::KeepAspectRatio);
    const qreal s = std::clamp(transform().m11(), kMinScale, kMaxScale);
    setTransform(QTransform::fromScale(s, s));
    centerOn(box.center());
    m_minimap->update();
}

void LineageView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0)
        return QGraphicsView::wheelEvent(event);
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

// Left/Right: to the nearest upstream/downstream neighbour; Up/Down: to the next box above or
// below in the same layer.
void LineageView::moveSelection(int key)
{
    LineageNodeItem *current = itemForNode(selectedNode());
    if (!current) {
        selectNode(m_layout.subgraph.focus);
        return;
    }
    const QPointF from = current->sceneBoundingRect().center();
    LineageNodeItem *best = nullptr;
    qreal bestDistance = 0;
    const auto consider = [&](LineageNodeItem *candidate) {
        const qreal d = QLineF(from, candidate->sceneBoundingRect().center()).length();
        if (!best || d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    };
    if (key == Qt::Key_Left || key == Qt::Key_Right) {
        for (LineageEdgeItem *edge : current->edges()) {
            if (key == Qt::Key_Left && edge->to() == current)
                consider(edge->from());
            else if (key == Qt::Key_Right && edge->from() == current)
                consider(edge->to());
        }
    } else {
        for (const auto &[id, item] : m_items) {
            const QPointF c = item->sceneBoundingRect().center();
            if (std::abs(c.x() - from.x()) > 1 || item == current)
                continue;
            if ((key == Qt::Key_Up && c.y() < from.y()) || (key == Qt::Key_Down && c.y() > from.y()))
                consider(item);
        }
    }
    if (best) {
        selectNode(best->node());
        Q_EMIT nodeSelected(best->node());
    }
}

}  // namespace meshlens
