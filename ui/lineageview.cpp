#include "lineageview.h"

#include "itemmodels/displaytext.h"
#include "itemmodels/snapshotmodelbase.h"
#include "layout/stablefocuslayout.h"
#include "lineagebus.h"
#include "lineageitems.h"
#include "meshpalette.h"
#include "minimap.h"
#include "scenetiles.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

QString hops(int distance)
{
    if (distance == 0)
        return u"the focus"_s;
    const int n = std::abs(distance);
    return QString::number(n) + (n == 1 ? u" hop "_s : u" hops "_s)
        + (distance < 0 ? u"upstream"_s : u"downstream"_s);
}

}  // namespace

LineageView::LineageView(QWidget *parent) : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    configureSceneView(this);
    m_style.labels = &m_labels;
    setDragMode(ScrollHandDrag);
    m_message = u"Select a dataset, product or domain to see its lineage."_s;
    connect(&m_watcher, &QFutureWatcher<FocusLayout>::finished, this, &LineageView::onLayoutFinished);
    m_minimap = new Minimap(this);
    m_tiles = std::make_unique<SceneTiles>(this, palette::canvasBackground());
    connect(scene(), &QGraphicsScene::selectionChanged, this, [this] {
        if (!m_selecting)
            Q_EMIT nodeSelected(selectedNode());
    });
}

LineageView::~LineageView()
{
    if (m_cancel)
        m_cancel->store(true);
    m_watcher.waitForFinished();
    disconnect(scene(), nullptr, this, nullptr);
}

void LineageView::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    m_states = m_snapshot ? OverlayStates::compute(*m_snapshot) : OverlayStates{};
    m_layout = {};
    m_shown = {};
    buildScene();
    if (m_snapshot && !m_step.focusKey.isEmpty())
        showStep(m_step);  // the same focus on the new snapshot, when it is still there
}

void LineageView::showStep(const FocusStep &step)
{
    const NodeId anchor = expansionAnchor(step);
    m_step = step;
    if (!m_snapshot)
        return;
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const SnapshotPtr snapshot = m_snapshot;
    const FocusRequest request = focusRequest(*snapshot, step);
    if (request.focus == kNoNode) {
        m_layout = {};
        m_message = step.focusKey + u"\nis not in this snapshot."_s;
        buildScene();
        return;
    }
    m_message = u"Laying out\u2026"_s;
    auto cancel = m_cancel;
    m_keepPlaceOf = anchor;
    if (anchor != kNoNode) {
        // One more hop from a shown node: what is shown stays put (stablefocuslayout.h).
        m_watcher.setFuture(QtConcurrent::run([snapshot, request, cancel, previous = m_layout, anchor] {
            return layoutFocusKeeping(*snapshot, request, previous, anchor, cancel.get());
        }));
        return;
    }
    m_watcher.setFuture(QtConcurrent::run([snapshot, request, cancel] {
        return layoutFocus(*snapshot, request, cancel.get());
    }));
}

void LineageView::onLayoutFinished()
{
    if (m_watcher.future().isCanceled() || !m_watcher.future().isResultReadyAt(0))
        return;
    if (m_cancel && m_cancel->load())
        return;  // a newer request is on its way
    if (m_keepPlaceOf != kNoNode)
        showLayoutKeepingPlace(m_step, m_watcher.result(), m_keepPlaceOf);
    else
        showLayout(m_step, m_watcher.result());
}

void LineageView::showLayout(const FocusStep &step, FocusLayout layout)
{
    m_step = step;
    m_shown = step;
    m_layout = std::move(layout);
    m_message = m_layout.subgraph.nodes.empty()
        ? m_step.focusKey + u"\nhas no node at "_s + levelName(m_step.level) + u" level."_s
        : QString();
    buildScene();
    zoomToFit();
    Q_EMIT layoutReady();
    // The focus is the selection: the inspector and the navigator follow it.
    if (!m_layout.subgraph.nodes.empty())
        Q_EMIT nodeSelected(m_layout.subgraph.focus);
}

void LineageView::buildScene()
{
    m_selecting = true;
    m_items.clear();
    scene()->clear();
    m_labels.clear();
    m_tiles->clear();
    m_selecting = false;
    if (!m_snapshot || m_layout.subgraph.nodes.empty()) {
        viewport()->update();
        return;
    }
    const SnapshotGraph &graph = *m_snapshot;
    const FocusSubgraph &sub = m_layout.subgraph;
    std::vector<LineageNodeItem *> items(sub.nodes.size());
    for (std::size_t i = 0; i < sub.nodes.size(); ++i) {
        const NodeId id = sub.nodes[i];
        const NodeId domain = graph.ancestor(id, EntityKind::Domain);
        const NodeId product = graph.ancestor(id, EntityKind::Product);
        QString where;
        if (product != kNoNode && product != id)
            where = SnapshotModelBase::displayName(graph, product);
        if (domain != kNoNode && domain != id)
            where += (where.isEmpty() ? QString() : u" \u00b7 "_s) + SnapshotModelBase::displayName(graph, domain);
        NodeLabel label{SnapshotModelBase::displayName(graph, id), where,
                        palette::domainColorFor(graph, graph.node(id).kind == EntityKind::Domain ? id : domain),
                        m_states.of(id)};
        const FocusNodePlacement &p = m_layout.nodes[i];
        const QRectF rect(p.centre.x - p.size.width / 2, p.centre.y - p.size.height / 2,
                          p.size.width, p.size.height);
        auto *item = new LineageNodeItem(id, rect, std::move(label), &m_style, sub.distance[i]);
        item->setToolTip(graph.keyString(id) + u"\n"_s + hops(sub.distance[i]) + u"\n"_s
                         + overlayStateText(OverlayKind::Quality, item->label().states) + u"\n"_s
                         + overlayStateText(OverlayKind::Freshness, item->label().states));
        scene()->addItem(item);
        items[i] = item;
        m_items.emplace(id, item);
    }
    std::vector<LineageEdgeItem *> edges;
    edges.reserve(sub.edges.size());
    for (std::size_t e = 0; e < sub.edges.size(); ++e) {
        const auto [a, b] = sub.edges[e];
        if (a == b)
            continue;  // a table feeding itself: drawn as nothing rather than a knot
        auto *edge = new LineageEdgeItem(items[a], items[b], m_layout.edgePoints[e], sub.weight[e],
                                         m_layout.reversed[e]);
        items[a]->addEdge(edge);
        items[b]->addEdge(edge);
        scene()->addItem(edge);
        edges.push_back(edge);
    }
    for (LineageBusItem *bus : routeFanOutsOverBuses(edges))
        scene()->addItem(bus);
    const qreal margin = 80;
    scene()->setSceneRect(QRectF(QPointF(m_layout.topLeft.x, m_layout.topLeft.y),
                                 QPointF(m_layout.bottomRight.x, m_layout.bottomRight.y))
                              .adjusted(-margin, -margin, margin, margin));
    if (LineageNodeItem *focus = itemForNode(sub.focus)) {
        m_selecting = true;
        focus->setSelected(true);
        m_selecting = false;
    }
}

void LineageView::setOverlay(OverlayKind overlay)
{
    m_style.overlay = overlay;
    m_tiles->clear();
    scene()->update();
    viewport()->update();
}

void LineageView::paintEvent(QPaintEvent *event)
{
    // From tiles (see GraphView::paintEvent); the empty view says what to do.
    if (m_items.empty()
        || !m_tiles->paintFrame(event, [this](QPainter *p, const QRectF &r) { drawForeground(p, r); }))
        QGraphicsView::paintEvent(event);
}

LineageNodeItem *LineageView::itemForNode(NodeId id) const
{
    const auto it = m_items.find(id);
    return it == m_items.end() ? nullptr : it->second;
}

void LineageView::selectNode(NodeId id)
{
    LineageNodeItem *item = itemForNode(id);
    m_selecting = true;
    scene()->clearSelection();
    if (item) {
        item->setSelected(true);
        ensureVisible(item, 40, 40);
    }
    m_selecting = false;
}

NodeId LineageView::selectedNode() const
{
    for (QGraphicsItem *item : scene()->selectedItems()) {
        if (item->type() == LineageNodeItemType)
            return static_cast<LineageNodeItem *>(item)->node();
    }
    return kNoNode;
}

FocusStep LineageView::stepFor(Action action, NodeId node) const
{
    FocusStep step = m_step;
    if (!m_snapshot || node >= m_snapshot->nodeCount())
        return step;
    const QString key = m_snapshot->keyString(node);
    switch (action) {
    case Action::Focus:
        step.focusKey = key;
        step.hidden.clear();
        step.expandUp.clear();
        step.expandDown.clear();
        step.pathToKey.clear();
        break;
    case Action::PathTo:
        if (key != step.focusKey)
            step.pathToKey = key;
        break;
    case Action::ExpandUp:
        if (!step.expandUp.contains(key))
            step.expandUp << key;
        break;
    case Action::ExpandDown:
        if (!step.expandDown.contains(key))
            step.expandDown << key;
        break;
    case Action::Hide:
        if (!step.hidden.contains(key) && key != step.focusKey)
            step.hidden << key;
        break;
    }
    return step;
}

LineageNodeItem *LineageView::nodeItemAt(const QPoint &viewPos) const
{
    for (QGraphicsItem *item : items(viewPos)) {
        if (item->type() == LineageNodeItemType)
            return static_cast<LineageNodeItem *>(item);
    }
    return nullptr;
}

void LineageView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (LineageNodeItem *item = nodeItemAt(event->position().toPoint())) {
        if (item->distance() != 0)
            Q_EMIT stepRequested(stepFor(Action::Focus, item->node()));
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void LineageView::contextMenuEvent(QContextMenuEvent *event)
{
    LineageNodeItem *item = nodeItemAt(event->pos());
    if (!item)
        return QGraphicsView::contextMenuEvent(event);
    const NodeId node = item->node();
    QMenu menu(this);
    menu.addAction(u"Focus on This"_s, this, [this, node] { Q_EMIT stepRequested(stepFor(Action::Focus, node)); })
        ->setEnabled(item->distance() != 0);
    menu.addAction(u"Show Paths from the Focus to This"_s, this,
                   [this, node] { Q_EMIT stepRequested(stepFor(Action::PathTo, node)); })
        ->setEnabled(item->distance() != 0 && m_step.pathToKey.isEmpty());
    // A path view shows what lies between two nodes: expanding is for neighbourhoods.
    const bool neighbourhood = m_step.pathToKey.isEmpty();
    menu.addAction(u"Expand Upstream"_s, this, [this, node] { Q_EMIT stepRequested(stepFor(Action::ExpandUp, node)); })
        ->setEnabled(neighbourhood);
    menu.addAction(u"Expand Downstream"_s, this, [this, node] { Q_EMIT stepRequested(stepFor(Action::ExpandDown, node)); })
        ->setEnabled(neighbourhood);
    menu.addAction(u"Hide (with What Only It Leads To)"_s, this,
                   [this, node] { Q_EMIT stepRequested(stepFor(Action::Hide, node)); })
        ->setEnabled(item->distance() != 0);
    menu.addSeparator();
    const QString key = m_snapshot->keyString(node);
    menu.addAction(u"Copy Key"_s, this, [key] { QApplication::clipboard()->setText(key); });
    menu.exec(event->globalPos());
}

void LineageView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
        moveSelection(event->key());
        event->accept();
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (const NodeId id = selectedNode(); id != kNoNode && id != m_layout.subgraph.focus)
            Q_EMIT stepRequested(stepFor(Action::Focus, id));
        event->accept();
        return;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void LineageView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, palette::canvasBackground());
    if (!m_items.empty())
        return;
    painter->save();
    painter->resetTransform();
    painter->setPen(QColor::fromRgb(0x7b8794));
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    painter->setFont(font);
    painter->drawText(viewport()->rect(), Qt::AlignCenter, m_message);
    painter->restore();
}

void LineageView::drawForeground(QPainter *painter, const QRectF &)
{
    if (m_items.empty())
        return;
    painter->save();
    painter->resetTransform();
    paintLegend(painter, QRectF(viewport()->rect()), m_style.overlay, legendNote());
    if (!m_step.pathToKey.isEmpty() && !m_layout.subgraph.pathFound) {
        paintViewNote(painter, QRectF(viewport()->rect()),
                      u"No %1-level lineage path joins these two, either way"_s.arg(levelName(m_step.level)),
                      QColor::fromRgb(0x8a4b00), Qt::AlignRight);
    } else if (m_layout.subgraph.truncatedFrom > 0) {
        paintViewNote(painter, QRectF(viewport()->rect()),
                      u"Showing the %1 nodes nearest the focus of %2 reachable"_s
                          .arg(m_layout.subgraph.nodes.size())
                          .arg(m_layout.subgraph.truncatedFrom),
                      QColor::fromRgb(0x8a4b00), Qt::AlignRight);
    }
    painter->restore();
}

}  // namespace meshlens
