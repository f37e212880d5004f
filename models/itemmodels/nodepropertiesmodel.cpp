#include "nodepropertiesmodel.h"

#include "freshnessrollup.h"

#include "displaytext.h"
#include "healthrollup.h"

#include "cache/meshcache.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace meshlens {

NodePropertiesModel::NodePropertiesModel(QObject *parent)
    : SnapshotTableModel({u"Property"_s, u"Value"_s}, parent)
{
}

NodePropertiesModel::~NodePropertiesModel() = default;

void NodePropertiesModel::setNode(NodeId id)
{
    beginResetModel();
    m_node = snapshot() && id < snapshot()->nodeCount() ? id : kNoNode;
    rebuild();
    endResetModel();
}

void NodePropertiesModel::setReferenceTime(Timestamp t)
{
    beginResetModel();
    m_referenceTime = t;
    rebuild();
    endResetModel();
}

void NodePropertiesModel::snapshotReset()
{
    // The snapshot's clock is a pass over every node: once per snapshot, not per click.
    m_snapshotClock = snapshot() ? FreshnessRollup::referenceTime(*snapshot()) : 0;
    // NodeIds belong to one snapshot: the selection does not survive a reload.
    m_node = kNoNode;
    m_rows.clear();
    m_cache.reset();
    m_cacheFailed = false;
}

int NodePropertiesModel::rowOf(Property property) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].property == property)
            return int(i);
    }
    return -1;
}

Timestamp NodePropertiesModel::referenceTime() const
{
    if (m_referenceTime != 0)
        return m_referenceTime;
    // The snapshot's own clock, as the freshness overlay uses: an offline snapshot is judged
    // at its time, not at today's.
    if (snapshot())
        return m_snapshotClock;
    return QDateTime::currentMSecsSinceEpoch();
}

void NodePropertiesModel::addRow(Property property, QString label, QString text, QVariant raw,
                                 NodeId link)
{
    m_rows.push_back({property, std::move(label), std::move(text), std::move(raw), link, {}});
}

void NodePropertiesModel::rebuild()
{
    m_rows.clear();
    if (m_node == kNoNode)
        return;
    const auto &graph = *snapshot();
    const auto &node = graph.node(m_node);
    const auto kind = node.kind;
    const auto orDash = [](QString s) { return s.isEmpty() ? u"\u2014"_s : s; };

    addRow(Property::Key, u"Key"_s, graph.keyString(m_node), graph.keyString(m_node));
    QString kindText = kindNoun(kind);
    kindText[0] = kindText[0].toUpper();
    addRow(Property::Kind, u"Kind"_s, kindText, int(kind));
    addRow(Property::Name, u"Name"_s, orDash(graph.nameString(m_node)), graph.nameString(m_node));
    addRow(Property::Owner, u"Owner"_s, orDash(text(graph.owner(m_node))), text(graph.owner(m_node)));
    const QString detail = text(graph.detail(m_node));
    if (kind == EntityKind::Dataset || kind == EntityKind::Job)
        addRow(Property::Namespace, u"Namespace"_s, orDash(detail), detail);
    if (kind == EntityKind::Product)
        addRow(Property::Tier, u"Tier"_s, orDash(detail), detail);
    if (kind == EntityKind::Port) {
        const bool input = node.direction == std::uint8_t(PortDirection::Input);
        addRow(Property::Direction, u"Direction"_s, input ? u"Input"_s : u"Output"_s,
               int(node.direction));
    }
    if (kind != EntityKind::Domain && kind != EntityKind::Product) {
        const NodeId product = graph.ancestor(m_node, EntityKind::Product);
        addRow(Property::Product, u"Product"_s,
               product == kNoNode ? u"(unassigned)"_s : displayName(graph, product),
               product == kNoNode ? QVariant() : QVariant(graph.keyString(product)), product);
    }
    if (kind != EntityKind::Domain) {
        const NodeId domain = graph.ancestor(m_node, EntityKind::Domain);
        addRow(Property::Domain, u"Domain"_s,
               domain == kNoNode ? u"(unassigned)"_s : displayName(graph, domain),
               domain == kNoNode ? QVariant() : QVariant(graph.keyString(domain)), domain);
    }
    if (kind == EntityKind::Domain || kind == EntityKind::Product || kind == EntityKind::Port) {
        // Direct children only: a domain's datasets would mean walking all its products.
        const auto childKind = kind == EntityKind::Domain ? EntityKind::Product : EntityKind::Dataset;
        qint64 n = 0;
        if (kind == EntityKind::Port) {
            n = qint64(graph.portDatasets(m_node).size());
        } else {
            for (const NodeId c : graph.children(m_node))
                n += graph.node(c).kind == childKind;
        }
        addRow(Property::Contents, u"Contains"_s, countText(n, childKind), n);
    }
    // Containers show the worst of what they hold; the rule is in HealthRollup.
    const HealthState quality = HealthRollup::of(graph, m_node);
    QString qualityText = healthLabel(quality);
    if (kind == EntityKind::Product || kind == EntityKind::Port)
        qualityText += u" (worst of its datasets)"_s;
    else if (kind == EntityKind::Domain)
        qualityText += u" (worst of its products)"_s;
    addRow(Property::Quality, u"Quality"_s, qualityText, int(quality));
    addFreshnessRows();
    addDegreeRows();
    addFacetRows();
}

void NodePropertiesModel::addFacetRows()
{
    const auto &graph = *snapshot();
    const auto &node = graph.node(m_node);
    if ((node.kind != EntityKind::Dataset && node.kind != EntityKind::Job)
        || graph.cachePath().isEmpty() || m_cacheFailed)
        return;
    if (!m_cache) {
        auto opened = MeshCache::open(graph.cachePath(), MeshCache::OpenMode::ReadOnly);
        if (!opened) {
            m_cacheFailed = true;  // e.g. removed since: the other rows still show
            return;
        }
        m_cache = std::move(opened.value());
    }
    auto facets = m_cache->facets(node.cacheId);
    if (!facets || facets->empty())
        return;
    const qint64 n = qint64(facets->size());
    addRow(Property::Facets, u"Facets"_s,
           n == 1 ? u"1 facet MeshLens does not interpret"_s
                  : u"%1 facets MeshLens does not interpret"_s.arg(n),
           n);
    for (const RawFacet &facet : facets.value()) {
        QString shown = QString::fromUtf8(facet.json);
        if (shown.size() > kFacetDisplayChars)
            shown = shown.left(kFacetDisplayChars - 1) + u'\u2026';
        addRow(Property::Facet, facet.name, shown, facet.json);
        // The value's tooltip: all of it, and where the facet is defined.
        QString tip = QString::fromUtf8(facet.json.left(4096));
        if (!facet.schemaUrl.isEmpty())
            tip += u"\n_schemaURL: "_s + facet.schemaUrl;
        if (!facet.producer.isEmpty())
            tip += u"\n_producer: "_s + facet.producer;
        m_rows.back().tooltip = tip;
    }
}

void NodePropertiesModel::addFreshnessRows()
{
    const auto &node = snapshot()->node(m_node);
    if (node.kind == EntityKind::Domain)
        return;
    const Timestamp ref = referenceTime();
    QString newest = timeText(node.newestData);
    if (node.newestData != 0 && ref >= node.newestData)
        newest += u" ("_s + durationText((ref - node.newestData) / 1000) + u" ago)"_s;
    addRow(Property::NewestData, u"Newest data"_s, newest, node.newestData);
    addRow(Property::FreshnessSla, u"Freshness SLA"_s,
           node.freshnessSlaSeconds > 0 ? durationText(node.freshnessSlaSeconds) : u"\u2014"_s,
           qint64(node.freshnessSlaSeconds));
    if (node.freshnessSlaSeconds > 0) {
        // Late when the newest data is older than the SLA allows at the reference time;
        // no observation at all is "unknown", never "on time".
        QString status = u"Unknown (no observation)"_s;
        QVariant lateBy;
        if (node.newestData != 0) {
            const qint64 late = (ref - node.newestData) / 1000 - node.freshnessSlaSeconds;
            status = late > 0 ? u"Late by "_s + durationText(late) : u"On time"_s;
            if (late > node.freshnessSlaSeconds)
                status += u" (stale: more than twice the SLA)"_s;
            lateBy = late;
        }
        addRow(Property::Freshness, u"Freshness"_s, status, lateBy);
    }
}

void NodePropertiesModel::addDegreeRows()
{
    const auto &graph = *snapshot();
    Level level;
    switch (graph.node(m_node).kind) {
    case EntityKind::Dataset: level = Level::Dataset; break;
    case EntityKind::Product: level = Level::Product; break;
    case EntityKind::Domain: level = Level::Domain; break;
    default: return;  // ports and jobs are not vertices of a level graph
    }
    const auto local = graph.toLocal(m_node, level);
    const auto &lg = graph.level(level);
    const qint64 up = local < lg.vertexCount() ? qint64(boost::in_degree(local, lg.graph)) : 0;
    const qint64 down = local < lg.vertexCount() ? qint64(boost::out_degree(local, lg.graph)) : 0;
    const auto kind = levelEntityKind(level);
    addRow(Property::Upstream, u"Upstream"_s, countText(up, kind), up);
    addRow(Property::Downstream, u"Downstream"_s, countText(down, kind), down);
}

QVariant NodePropertiesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const bool value = index.column() == ValueColumn;
    switch (role) {
    case Qt::DisplayRole:
        return value ? row.text : row.label;
    case Qt::ToolTipRole:
        if (value && row.property == Property::Facet)
            return row.tooltip;
        return value ? row.text : QVariant();
    case PropertyRole:
        return int(row.property);
    case RawValueRole:
        return row.raw;
    case ItemTypeRole:
        return int(ItemType::Property);
    case NodeIdRole:
        return row.link == kNoNode ? QVariant() : QVariant(uint(row.link));
    case HealthRole:
        return row.property == Property::Quality ? row.raw : QVariant();
    default:
        return {};
    }
}

}  // namespace meshlens
