#include "mapinteriors.h"

#include "itemmodels/snapshotmodelbase.h"
#include "lineagebus.h"
#include "lineageitems.h"
#include "meshpalette.h"
#include "overlay.h"


using namespace Qt::StringLiterals;

namespace meshlens {

QSizeF interiorBoxSize(const ProductInterior &interior)
{
    if (interior.datasets.empty())
        return QSizeF(0, 0);
    return QSizeF(interior.size.width() + 2 * kOpenPadding,
                  interior.size.height() + kOpenHeader + 2 * kOpenPadding);
}

namespace {

// What every name shares up to a separator ("meshco-risk.risk_models."): inside one product
// it says nothing and leaves no room for the part that tells datasets apart.
qsizetype commonPrefix(const QStringList &names)
{
    if (names.size() < 2)
        return 0;
    qsizetype n = names.first().size();
    for (const QString &name : names) {
        n = std::min(n, name.size());
        for (qsizetype i = 0; i < n; ++i) {
            if (name[i] != names.first()[i]) {
                n = i;
                break;
            }
        }
    }
    const QStringView shared = QStringView(names.first()).left(n);
    qsizetype cut = 0;
    for (qsizetype i = 0; i < shared.size(); ++i) {
        if (shared[i] == u'.' || shared[i] == u'/' || shared[i] == u':')
            cut = i + 1;
    }
    return cut;
}

}  // namespace

void addInteriorItems(QGraphicsItem *layer, const SnapshotGraph &graph,
                      const ProductInterior &interior, QPointF origin, const OverlayStates &states,
                      const SceneStyle *style, std::unordered_map<NodeId, NodeItem *> &items)
{
    const QPointF offset = origin + QPointF(kOpenPadding, kOpenHeader + kOpenPadding);
    const NodeId domain = graph.ancestor(interior.product, EntityKind::Domain);
    const QColor color = palette::domainColorFor(graph, domain);
    std::vector<LineageNodeItem *> boxes(interior.datasets.size(), nullptr);
    QStringList names;
    for (const NodeId id : interior.datasets)
        names << SnapshotModelBase::displayName(graph, id);
    const qsizetype shared = commonPrefix(names);
    for (std::size_t i = 0; i < interior.datasets.size(); ++i) {
        const NodeId id = interior.datasets[i];
        NodeLabel label{names[qsizetype(i)].mid(shared),
                        SnapshotModelBase::text(graph.detail(id)), color, states.of(id)};
        // Distance 1: drawn as a plain box, not as a focus.
        auto *item = new LineageNodeItem(id, interior.boxes[i].translated(offset), std::move(label), style, 1);
        item->setZValue(4);  // above the opened product's body
        item->setToolTip(graph.keyString(id) + u"\n"_s
                         + overlayStateText(OverlayKind::Quality, item->label().states) + u"\n"_s
                         + overlayStateText(OverlayKind::Freshness, item->label().states)
                         + u"\nDouble-click for its lineage"_s);
        item->setParentItem(layer);
        items[id] = item;
        boxes[i] = item;
    }
    std::vector<LineageEdgeItem *> edges;
    for (std::size_t e = 0; e < interior.edges.size(); ++e) {
        const auto [a, b] = interior.edges[e];
        std::vector<LayoutPoint> points = interior.edgePoints[e];
        for (LayoutPoint &p : points) {
            p.x += offset.x();
            p.y += offset.y();
        }
        auto *edge = new LineageEdgeItem(boxes[a], boxes[b], points, 1, interior.reversed[e]);
        edge->setZValue(3);
        edge->setFloorLevelOfDetail(style->datasetsHiddenBelow);
        boxes[a]->addEdge(edge);
        boxes[b]->addEdge(edge);
        edge->setParentItem(layer);
        edges.push_back(edge);
    }
    for (LineageBusItem *bus : routeFanOutsOverBuses(edges)) {
        bus->setZValue(3);
        bus->setParentItem(layer);
    }
}

}  // namespace meshlens
