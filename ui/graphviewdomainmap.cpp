// The mesh map's domain map (GraphView, zoomed far out): the domain-to-domain dependencies,
// the domain names drawn over the boxes, and the item layers each zoom leaves out.

#include "graphview.h"

#include "domainedgelayer.h"
#include "scenetiles.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

// The most domain-to-domain lines the domain map draws (the heaviest win).
constexpr std::size_t kMaxDomainEdges = 600;
// Of those, the ones drawn when no domain is selected, and how many may all carry labels.
constexpr std::size_t kProminentDomainEdges = 120;
constexpr std::size_t kLabelledDomainEdges = 40;
// Below this zoom the boxes carry no text, so domain names are drawn on top, larger.
constexpr qreal kOverviewScale = 0.45;

}  // namespace

void GraphView::addDomainEdges(const SnapshotGraph &graph)
{
    // The domain map's edges: the domain-level graph already sums the dataset edges of
    // every product pair across two domains.
    const LevelGraph &level = graph.level(Level::Domain);
    std::vector<std::uint32_t> order;
    for (std::uint32_t e = 0; e < level.edgeCount(); ++e)
        order.push_back(e);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return level.weight[a] > level.weight[b]; });
    m_domainEdges = 0;
    for (const std::uint32_t e : order) {
        const auto [s, t] = level.edgeEnds(e);
        if (s == t)
            continue;
        auto *from = dynamic_cast<DomainItem *>(itemForNode(level.toGlobal[s]));
        auto *to = dynamic_cast<DomainItem *>(itemForNode(level.toGlobal[t]));
        if (!from || !to)
            continue;
        if (m_domainEdges == kMaxDomainEdges)
            break;
        auto *item = new DomainEdgeItem(from, to, level.weight[e]);
        item->setToolTip(from->label().title + u" \u2192 "_s + to->label().title + u"\n"_s
                         + QString::number(level.weight[e]) + u" dataset edges"_s);
        // A big mesh links most domain pairs: at rest the heaviest are drawn, the rest
        // appear with the selection; counts are written on all only when there are few.
        item->setProminent(m_domainEdges < kProminentDomainEdges);
        item->setLabelled(order.size() <= kLabelledDomainEdges);
        from->addEdge(item);
        to->addEdge(item);
        item->setParentItem(m_domainEdgeLayer);
        ++m_domainEdges;
    }
    m_domainEdgeLayer->edgesAdded();
}

void GraphView::showLevelOfDetail(qreal scale)
{
    const bool domainMap = scale < graphstyle::kDomainMapLevelOfDetail;
    // The other level's tiles show what the layers no longer do: none may stand in for
    // this zoom's, scaled (a zoom across the edge draws the new level at once).
    if (m_domainEdgeLayer && domainMap != m_domainEdgeLayer->isShown())
        m_tiles->clear();
    if (m_productLayer)
        m_productLayer->setShown(!domainMap);
    if (m_domainEdgeLayer)
        m_domainEdgeLayer->setShown(domainMap);
}

void GraphView::setScale(qreal scale)
{
    setTransform(QTransform::fromScale(scale, scale));
    showLevelOfDetail(scale);
}

void GraphView::paintEvent(QPaintEvent *event)
{
    // Whatever changed the zoom (setTransform is not virtual), the frame shows its level.
    showLevelOfDetail(currentScale());
    if (m_items.empty())
        return QGraphicsView::paintEvent(event);
    // Tiles under a change are dropped when the scene reports it (QGraphicsScene::changed),
    // before it asks the view to repaint. The domain map too: drawn whole, a frame of it
    // blended the edge picture and the translucent boxes over the whole view, and its
    // domain names cost 5 ms a frame at 1M datasets (13 ms while zooming: a new font size
    // each step). The names are part of the tiles (setSceneOverlay), the legend is not.
    if (!m_tiles->paintFrame(event, [this](QPainter *p, const QRectF &) { paintViewNotes(p); }))
        QGraphicsView::paintEvent(event);
}

bool GraphView::showsDomainMap() const
{
    return currentScale() < graphstyle::kDomainMapLevelOfDetail;
}

void GraphView::paintSceneForeground(QPainter *painter, const QRectF &rect, qreal scale)
{
    if (scale > 0 && scale < kOverviewScale && !m_domains.empty())
        paintDomainLabels(painter, rect, scale);
}

void GraphView::paintDomainLabels(QPainter *painter, const QRectF &rect, qreal scale)
{
    // Zoomed out, the boxes carry no text: label each visible domain on top, about 15
    // pixels tall on screen but never wider than its box.
    painter->save();
    QFont font = QApplication::font();
    font.setBold(true);
    for (const DomainItem *item : m_domains) {
        const QRectF box = item->sceneBoundingRect();
        // The name's pill may stand out of a narrow box by up to 6 pixels: a picture
        // beside the box (a tile) draws its part of it.
        if (!rect.intersects(box.adjusted(-8 / scale, -8 / scale, 8 / scale, 8 / scale)))
            continue;
        const QString &title = item->label().title;
        font.setPixelSize(std::max(1, int(15 / scale)));
        QFontMetricsF metrics(font);
        const qreal fit = std::min(box.width() * 0.9 / std::max<qreal>(1, metrics.horizontalAdvance(title)),
                                   box.height() * 0.45 / font.pixelSize());
        if (fit < 1) {
            // Shrunk to fit its box; below a readable size the box goes unlabelled rather
            // than hidden under its own name (the tooltip still tells).
            if (font.pixelSize() * fit * scale < 7)
                continue;
            font.setPixelSize(std::max(1, int(font.pixelSize() * fit)));
            metrics = QFontMetricsF(font);
        }
        QRectF textRect = metrics.boundingRect(title);
        textRect.adjust(-6 / scale, -3 / scale, 6 / scale, 3 / scale);
        textRect.moveCenter(box.center());
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 215));
        painter->drawRoundedRect(textRect, 4 / scale, 4 / scale);
        painter->setFont(font);
        painter->setPen(item->label().color.darker(170));
        painter->drawText(textRect, Qt::AlignCenter, title);
    }
    painter->restore();
}

}  // namespace meshlens
