#include "graphview.h"

#include "domainedgelayer.h"

#include "itemmodels/displaytext.h"
#include "graphitems.h"
#include "layout/domaingridlayout.h"
#include "layout/gridexpansion.h"
#include "mapinteriors.h"
#include "meshpalette.h"
#include "minimap.h"
#include "scenetiles.h"
#include "itemmodels/snapshotmodelbase.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontMetricsF>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

constexpr qreal kMinScale = graphstyle::kMinZoom;
constexpr qreal kMaxScale = 4.0;
// Fitting a small mesh should not blow its boxes up to poster size.
constexpr qreal kMaxFitScale = 1.1;
// The most dependency lines the map draws (the heaviest win).
constexpr std::size_t kMaxMapEdges = 4000;

QString joinDetail(const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty())
        return a + b;
    return a + u"  \u00b7  "_s + b;
}

}  // namespace

GraphView::GraphView(QWidget *parent) : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    configureSceneView(this);
    setDragMode(NoDrag);  // dragging pans by hand (see mousePressEvent)
    m_style.datasetsHiddenBelow = graphstyle::kDomainMapLevelOfDetail;
    m_style.labels = &m_labels;
    connect(scene(), &QGraphicsScene::selectionChanged, this, &GraphView::onSceneSelectionChanged);
    m_minimap = new Minimap(this);
    m_tiles = std::make_unique<SceneTiles>(this, palette::canvasBackground());
    m_tiles->setSceneOverlay([this](QPainter *painter, const QRectF &rect, qreal scale) {
        paintSceneForeground(painter, rect, scale);
    });
}

GraphView::~GraphView()
{
    // The scene is a child: deleting its selected items would announce a selection
    // change to a view that is half destroyed.
    disconnect(scene(), nullptr, this, nullptr);
}

void GraphView::setSnapshot(SnapshotPtr snapshot)
{
    // Opened products stay open in the next snapshot (the same mesh at another time).
    QStringList openKeys;
    for (const NodeId p : m_open)
        openKeys << m_snapshot->keyString(p);
    m_open.clear();
    m_interiors.clear();
    m_snapshot = std::move(snapshot);
    if (m_snapshot) {
        for (const QString &key : std::as_const(openKeys)) {
            if (const auto id = m_snapshot->find(key.toStdString()))
                m_open.insert(*id);
        }
    }
    buildScene();
    m_fitPending = true;
    zoomToFit();
}

void GraphView::buildScene()
{
    m_selecting = true;
    m_items.clear();
    m_domains.clear();
    scene()->clear();
    m_labels.clear();
    m_tiles->clear();
    m_productLayer = nullptr;
    m_domainEdgeLayer = nullptr;
    m_selecting = false;
    if (!m_snapshot)
        return;
    // Above the domain boxes (z 0); the items in them keep their own order.
    m_productLayer = new LayerItem;
    m_productLayer->setZValue(1);
    scene()->addItem(m_productLayer);
    m_domainEdgeLayer = new DomainEdgeLayer;
    m_domainEdgeLayer->setZValue(1);
    scene()->addItem(m_domainEdgeLayer);
    const SnapshotGraph &graph = *m_snapshot;
    DomainGridOptions options;
    // Shape the picture like the view it is shown in, so "fit" leaves little empty space.
    if (viewport()->width() > 100 && viewport()->height() > 100)
        options.aspect = std::clamp(qreal(viewport()->width()) / viewport()->height(), 0.6, 3.0);
    DomainGridResult layout = DomainGridLayout(options).compute(graph);
    std::unordered_map<NodeId, QSizeF> openSizes;
    for (const NodeId p : m_open)
        openSizes.emplace(p, interiorBoxSize(interiorOf(p)));
    expandProducts(layout, openSizes);
    const OverlayStates states = OverlayStates::compute(graph);
    const auto statesOf = [&](NodeId id) { return states.of(id); };
    const auto tooltipOf = [&](NodeId id) -> QString {
        return graph.keyString(id) + u"\n"_s + overlayStateText(OverlayKind::Quality, states.of(id))
            + u"\n"_s + overlayStateText(OverlayKind::Freshness, states.of(id));
    };
    m_freshnessNote = states.freshnessNote;

    // Counts for the labels: one pass over each product's direct children.
    std::unordered_map<NodeId, qint64> datasetsOfDomain, productsOfDomain;
    std::unordered_map<NodeId, QColor> colorOf;
    for (const LayoutBox &box : layout.domains)
        colorOf[box.node] = palette::domainColorFor(graph, box.node);

    for (const LayoutBox &box : layout.products) {
        qint64 datasets = 0;
        for (const NodeId child : graph.children(box.node))
            datasets += graph.node(child).kind == EntityKind::Dataset;
        const NodeId domain = graph.ancestor(box.node, EntityKind::Domain);
        datasetsOfDomain[domain] += datasets;
        ++productsOfDomain[domain];
        const auto it = colorOf.find(colorOf.count(domain) ? domain : kNoNode);
        NodeLabel label{SnapshotModelBase::displayName(graph, box.node),
                        joinDetail(countText(datasets, EntityKind::Dataset),
                                   SnapshotModelBase::text(graph.detail(box.node))),
                        it != colorOf.end() ? it->second : QColor(Qt::gray), statesOf(box.node)};
        const bool open = m_open.count(box.node) > 0;
        if (open && interiorOf(box.node).truncatedFrom > 0) {
            label.subtitle = u"showing %1 of %2 datasets"_s.arg(interiorOf(box.node).datasets.size())
                                 .arg(interiorOf(box.node).truncatedFrom);
        }
        auto *item = new ProductItem(box.node, box.rect, std::move(label), &m_style);
        item->setToolTip(tooltipOf(box.node)
                         + (open ? u"\nRight-click to close"_s : u"\nDouble-click to show its datasets"_s));
        item->setParentItem(m_productLayer);
        m_items.emplace(box.node, item);
        if (open) {
            item->setOpen(kOpenHeader);
            addInteriorItems(m_productLayer, graph, interiorOf(box.node), box.rect.topLeft(), states,
                             &m_style, m_items);
        }
    }
    std::unordered_map<NodeId, std::vector<NodeStates>> productStates;
    for (const LayoutBox &box : layout.products)
        productStates[graph.ancestor(box.node, EntityKind::Domain)].push_back(statesOf(box.node));
    for (const LayoutBox &box : layout.domains) {
        const bool real = box.node != kNoNode;
        NodeLabel label{real ? SnapshotModelBase::displayName(graph, box.node) : u"Unassigned"_s,
                        joinDetail(countText(productsOfDomain[box.node], EntityKind::Product),
                                   countText(datasetsOfDomain[box.node], EntityKind::Dataset)),
                        colorOf[box.node],
                        real ? statesOf(box.node) : NodeStates{}};
        auto *item = new DomainItem(box.node, box.rect, std::move(label), &m_style,
                                    options.domainHeader);
        item->setProductStates(std::move(productStates[box.node]));
        if (!real)
            item->setFlag(QGraphicsItem::ItemIsSelectable, false);
        else
            item->setToolTip(tooltipOf(box.node));
        scene()->addItem(item);
        if (real)
            m_items.emplace(box.node, item);
        m_domains.push_back(item);
    }
    // A big mesh has tens of thousands of product dependencies (33,736 at 100k datasets): as
    // lines they are a grey mass and cost hundreds of ms a frame. The map keeps the
    // strongest; the lineage tab shows every dependency of a product.
    std::vector<const LayoutEdge *> shown;
    shown.reserve(layout.edges.size());
    for (const LayoutEdge &edge : layout.edges)
        shown.push_back(&edge);
    m_hiddenEdges = 0;
    if (shown.size() > kMaxMapEdges) {
        std::nth_element(shown.begin(), shown.begin() + kMaxMapEdges, shown.end(),
                         [](const LayoutEdge *a, const LayoutEdge *b) { return a->weight > b->weight; });
        m_hiddenEdges = shown.size() - kMaxMapEdges;
        shown.resize(kMaxMapEdges);
    }
    for (const LayoutEdge *edgePtr : shown) {
        const LayoutEdge &edge = *edgePtr;
        const auto from = m_items.find(edge.from), to = m_items.find(edge.to);
        if (from == m_items.end() || to == m_items.end())
            continue;
        auto *a = static_cast<ProductItem *>(from->second);
        auto *b = static_cast<ProductItem *>(to->second);
        auto *item = new EdgeItem(a, b, edge.weight);
        item->setToolTip(SnapshotModelBase::displayName(graph, edge.from) + u" \u2192 "_s
                         + SnapshotModelBase::displayName(graph, edge.to) + u"\n"_s
                         + QString::number(edge.weight) + u" dataset edge"_s
                         + (edge.weight == 1 ? QString() : u"s"_s));
        a->addEdge(item);
        b->addEdge(item);
        item->setParentItem(m_productLayer);
    }
    addDomainEdges(graph);
    const qreal margin = 60;
    m_contentRect = layout.bounds.adjusted(-margin, -margin, margin, margin);
    scene()->setSceneRect(m_contentRect);
    showLevelOfDetail(currentScale());
}

const ProductInterior &GraphView::interiorOf(NodeId product)
{
    auto it = m_interiors.find(product);
    if (it == m_interiors.end())
        it = m_interiors.emplace(product, layoutProductInterior(*m_snapshot, product)).first;
    return it->second;
}

void GraphView::setProductOpen(NodeId product, bool open)
{
    if (!m_snapshot || product >= m_snapshot->nodeCount()
        || m_snapshot->node(product).kind != EntityKind::Product || isProductOpen(product) == open)
        return;
    if (open)
        m_open.insert(product);
    else
        m_open.erase(product);
    rebuildKeepingPlace(product);
}

void GraphView::closeAllProducts()
{
    if (m_open.empty())
        return;
    const NodeId anchor = selectedNode();
    m_open.clear();
    rebuildKeepingPlace(anchor);
}

void GraphView::rebuildKeepingPlace(NodeId anchor)
{
    // Keep the anchor's top-left corner on the same spot of the screen, and the selection.
    const NodeId selected = selectedNode();
    const QPointF centre = mapToScene(viewport()->rect().center());
    const NodeItem *before = itemForNode(anchor);
    const QPointF was = before ? before->sceneBoundingRect().topLeft() : QPointF();
    const QTransform zoom = transform();
    buildScene();
    setTransform(zoom);
    showLevelOfDetail(currentScale());
    const NodeItem *after = itemForNode(anchor);
    const QPointF target = after ? centre + (after->sceneBoundingRect().topLeft() - was) : centre;
    // The scene may be smaller than the view (a small mesh, zoomed out): it is then centred,
    // and would jump. Until the next fit, it reaches at least as far as the view does.
    const qreal s = currentScale();
    QRectF visible(QPointF(0, 0), QSizeF(viewport()->width() / s, viewport()->height() / s));
    visible.moveCenter(target);
    scene()->setSceneRect(m_contentRect.united(visible));
    centerOn(target);
    m_fitPending = false;
    if (selected != kNoNode) {
        m_selecting = true;
        if (NodeItem *item = itemForNode(selected))
            item->setSelected(true);
        m_selecting = false;
    }
    m_minimap->update();
}

void GraphView::setOverlay(OverlayKind overlay)
{
    if (m_style.overlay == overlay)
        return;
    m_style.overlay = overlay;
    m_tiles->clear();
    scene()->update();
    viewport()->update();
}

void GraphView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    if (m_items.empty())
        viewport()->update();
}

NodeItem *GraphView::itemForNode(NodeId id) const
{
    const auto it = m_items.find(id);
    return it == m_items.end() ? nullptr : it->second;
}

void GraphView::selectNode(NodeId id)
{
    NodeItem *item = nullptr;
    if (m_snapshot && id < m_snapshot->nodeCount()) {
        item = itemForNode(id);
        if (!item)
            item = itemForNode(m_snapshot->ancestor(id, EntityKind::Product));
        if (!item)
            item = itemForNode(m_snapshot->ancestor(id, EntityKind::Domain));
    }
    m_selecting = true;
    scene()->clearSelection();
    if (item) {
        item->setSelected(true);
        // Bring it into view without jumping when it is already visible.
        const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
        if (!visible.contains(item->sceneBoundingRect()))
            centerOn(item);
    }
    m_selecting = false;
}

NodeId GraphView::selectedNode() const
{
    const auto selected = scene()->selectedItems();
    if (selected.isEmpty())
        return kNoNode;
    const auto type = selected.first()->type();
    if (type != DomainItemType && type != ProductItemType && type != LineageNodeItemType)
        return kNoNode;
    return static_cast<NodeItem *>(selected.first())->node();
}

void GraphView::onSceneSelectionChanged()
{
    if (!m_selecting)
        Q_EMIT nodeSelected(selectedNode());
}

qreal GraphView::currentScale() const
{
    return transform().m11();
}

void GraphView::zoomToFit()
{
    if (!m_contentRect.isEmpty())
        scene()->setSceneRect(m_contentRect);
    const QRectF rect = scene()->sceneRect();
    if (rect.isEmpty() || viewport()->width() < 50 || viewport()->height() < 50)
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (currentScale() > kMaxFitScale)
        setTransform(QTransform::fromScale(kMaxFitScale, kMaxFitScale));
    centerOn(rect.center());
    showLevelOfDetail(currentScale());
}

void GraphView::zoomToSelection()
{
    const NodeItem *item = itemForNode(selectedNode());
    if (!item)
        return;
    const QRectF box = item->sceneBoundingRect();
    const QRectF area = box.adjusted(-box.width(), -box.height(), box.width(), box.height());
    fitInView(area, Qt::KeepAspectRatio);
    const qreal s = std::clamp(currentScale(), kMinScale, kMaxScale);
    setScale(s);
    centerOn(box.center());
    m_fitPending = false;
    m_minimap->update();
}

void GraphView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(currentScale() * factor, kMinScale, kMaxScale);
    const qreal f = target / currentScale();
    scale(f, f);
    showLevelOfDetail(currentScale());
    m_fitPending = false;
    viewport()->update();
    m_minimap->update();
}

void GraphView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0)
        return QGraphicsView::wheelEvent(event);
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

void GraphView::mousePressEvent(QMouseEvent *event)
{
    // Product boxes behave as usual (click selects); anywhere else a drag pans, and a
    // click without a drag selects the domain under the mouse or clears the selection.
    const NodeItem *box = boxAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && (!box || box->type() == DomainItemType)) {
        m_panning = true;
        m_dragged = false;
        m_pressPos = m_lastPos = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_panning)
        return QGraphicsView::mouseMoveEvent(event);
    const QPoint pos = event->position().toPoint();
    if ((pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
        m_dragged = true;
    const QPoint delta = pos - m_lastPos;
    m_lastPos = pos;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    event->accept();
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_panning)
        return QGraphicsView::mouseReleaseEvent(event);
    m_panning = false;
    viewport()->unsetCursor();
    if (!m_dragged) {
        QGraphicsItem *hit = nullptr;
        for (QGraphicsItem *item : items(event->position().toPoint())) {
            if (item->type() == DomainItemType && (item->flags() & QGraphicsItem::ItemIsSelectable)) {
                hit = item;
                break;
            }
        }
        scene()->clearSelection();
        if (hit)
            hit->setSelected(true);
    }
    event->accept();
}

NodeItem *GraphView::boxAt(QPoint pos) const
{
    for (QGraphicsItem *item : items(pos)) {
        const int type = item->type();
        const bool hidden = showsDomainMap() && type != DomainItemType;
        if (!hidden && (type == ProductItemType || type == DomainItemType || type == LineageNodeItemType)
            && (item->flags() & QGraphicsItem::ItemIsSelectable))
            return static_cast<NodeItem *>(item);
    }
    return nullptr;
}

void GraphView::mouseDoubleClickEvent(QMouseEvent *event)
{
    NodeItem *box = boxAt(event->position().toPoint());
    if (!box)
        return QGraphicsView::mouseDoubleClickEvent(event);
    event->accept();
    if (box->type() == ProductItemType && !isProductOpen(box->node()))
        setProductOpen(box->node(), true);
    else if (box->type() != ProductItemType)
        Q_EMIT nodeActivated(box->node());
    // A double-click on an opened product's body does nothing: its datasets are the targets.
}

void GraphView::contextMenuEvent(QContextMenuEvent *event)
{
    NodeItem *box = boxAt(event->pos());
    QMenu menu(this);
    if (box) {
        if (!box->isSelected()) {
            scene()->clearSelection();
            box->setSelected(true);  // what the menu acts on is what the inspector shows
        }
        const NodeId node = box->node();
        const NodeId product = box->type() == LineageNodeItemType
            ? m_snapshot->ancestor(node, EntityKind::Product) : node;
        if (box->type() != DomainItemType) {
            const bool open = isProductOpen(product);
            menu.addAction(open ? u"Hide Datasets"_s : u"Show Datasets"_s,
                           this, [this, product, open] { setProductOpen(product, !open); });
        }
        menu.addAction(u"Show Lineage"_s, this, [this, node] { Q_EMIT nodeActivated(node); });
        menu.addAction(u"Copy Key"_s, this, [this, node] {
            QApplication::clipboard()->setText(m_snapshot->keyString(node));
        });
    }
    if (!m_open.empty()) {
        if (!menu.isEmpty())
            menu.addSeparator();
        menu.addAction(u"Hide Datasets of All Products"_s, this, &GraphView::closeAllProducts);
    }
    if (!menu.isEmpty())
        menu.exec(event->globalPos());
    event->accept();
}

void GraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitPending)
        zoomToFit();
}

void GraphView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, palette::canvasBackground());
    if (!m_items.empty())
        return;
    // Empty state: say what to do, in view coordinates so it does not zoom.
    painter->save();
    painter->resetTransform();
    painter->setPen(QColor::fromRgb(0x7b8794));
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    painter->setFont(font);
    QString text = m_placeholder;
    if (text.isEmpty()) {
        text = m_snapshot ? u"This snapshot has no data products."_s
                          : u"Open a cache (File \u203a Open Cache\u2026)\nor drop mesh files here to import them."_s;
    }
    painter->drawText(viewport()->rect(), Qt::AlignCenter, text);
    painter->restore();
}

void GraphView::drawForeground(QPainter *painter, const QRectF &rect)
{
    paintSceneForeground(painter, rect, currentScale());
    paintViewNotes(painter);
}

void GraphView::paintViewNotes(QPainter *painter)
{
    if (!m_items.empty()) {
        // The legend sits in the viewport's corner, whatever the zoom, over everything.
        painter->save();
        painter->resetTransform();
        paintLegend(painter, QRectF(viewport()->rect()), m_style.overlay, legendNote());
        if (showsDomainMap()) {
            paintViewNote(painter, QRectF(viewport()->rect()),
                          u"Domain map: dependencies between domains, labelled by dataset edges. "
                          "Zoom in to see the data products."_s,
                          QColor::fromRgb(0x3e4c59), Qt::AlignLeft);
        } else if (m_hiddenEdges > 0) {
            paintViewNote(painter, QRectF(viewport()->rect()),
                          u"Showing the %1 strongest of %2 dependencies; the Lineage tab shows all "
                          "of a product's"_s.arg(kMaxMapEdges).arg(kMaxMapEdges + m_hiddenEdges),
                          QColor::fromRgb(0x8a4b00), Qt::AlignRight);
        }
        painter->restore();
    }
}

}  // namespace meshlens
