#include "meshtreemodel.h"

#include "displaytext.h"
#include "healthrollup.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

// Bits of an index's internal id: [0,32) node, [32,36) group, [40,42) item type.
constexpr int kGroupShift = 32;
constexpr int kTypeShift = 40;

bool lessCaseInsensitive(std::string_view a, std::string_view b)
{
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lx = (x >= 'A' && x <= 'Z') ? char(x + 32) : x;
        const auto ly = (y >= 'A' && y <= 'Z') ? char(y + 32) : y;
        return lx < ly;
    });
}

void sortByName(const SnapshotGraph &graph, std::span<NodeId> nodes)
{
    std::sort(nodes.begin(), nodes.end(), [&graph](NodeId a, NodeId b) {
        const auto na = graph.name(a), nb = graph.name(b);
        if (lessCaseInsensitive(na, nb))
            return true;
        if (lessCaseInsensitive(nb, na))
            return false;
        return graph.key(a) < graph.key(b);  // equal names: stable by key, not by load order
    });
}

const QString kGroupNames[] = {u"Ports"_s, u"Datasets"_s, u"Jobs"_s};
const EntityKind kGroupKinds[] = {EntityKind::Port, EntityKind::Dataset, EntityKind::Job};

// The row a node hangs under: a product for ports, datasets and jobs, a domain for
// products. A parent of any other kind (malformed input) counts as none, so every node
// has exactly one place in the tree.
NodeId ownerOf(const SnapshotGraph &graph, NodeId id)
{
    const SnapshotNode &node = graph.node(id);
    if (node.parent == kNoNode)
        return kNoNode;
    const EntityKind expected =
        node.kind == EntityKind::Product ? EntityKind::Domain : EntityKind::Product;
    return graph.node(node.parent).kind == expected ? node.parent : kNoNode;
}

}  // namespace

int MeshTreeModel::Members::groupCount() const
{
    int n = 0;
    for (int g = 0; g < kGroupCount; ++g)
        n += size(g) > 0;
    return n;
}

int MeshTreeModel::Members::groupAtRow(int row) const
{
    for (int g = 0; g < kGroupCount; ++g) {
        if (size(g) > 0 && row-- == 0)
            return g;
    }
    return -1;
}

int MeshTreeModel::Members::rowOfGroup(int group) const
{
    int row = 0;
    for (int g = 0; g < group; ++g)
        row += size(g) > 0;
    return row;
}

MeshTreeModel::MeshTreeModel(QObject *parent)
    : SnapshotModelBase({u"Name"_s, u"Contents"_s}, parent)
{
}

MeshTreeModel::~MeshTreeModel() = default;

int MeshTreeModel::groupOfKind(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Port: return PortGroup;
    case EntityKind::Dataset: return DatasetGroup;
    case EntityKind::Job: return JobGroup;
    default: return -1;
    }
}

void MeshTreeModel::snapshotReset()
{
    m_domains.clear();
    m_products.clear();
    m_productBegin.clear();
    m_row.clear();
    m_orphans.clear();
    m_orphanCounts = {};
    m_health.clear();
    m_members.clear();
    const auto &graph = snapshot();
    if (!graph)
        return;

    // One pass over domains and products (thousands), one over the kinds without a parent
    // check (a million datasets): the only work proportional to the mesh, once per load.
    m_row.assign(graph->nodeCount(), 0);
    m_health = HealthRollup::all(*graph);
    const auto domains = graph->nodesOfKind(EntityKind::Domain);
    m_domains.assign(domains.begin(), domains.end());
    sortByName(*graph, m_domains);
    for (std::size_t i = 0; i < m_domains.size(); ++i) {
        m_row[m_domains[i]] = std::uint32_t(i);
        m_productBegin.push_back(std::uint32_t(m_products.size()));
        for (const NodeId child : graph->children(m_domains[i])) {
            if (graph->node(child).kind == EntityKind::Product)
                m_products.push_back(child);
        }
        sortByName(*graph, std::span(m_products).subspan(m_productBegin.back()));
    }
    m_productBegin.push_back(std::uint32_t(m_products.size()));  // the "Unassigned" container
    for (const NodeId product : graph->nodesOfKind(EntityKind::Product)) {
        if (ownerOf(*graph, product) == kNoNode)
            m_products.push_back(product);
    }
    sortByName(*graph, std::span(m_products).subspan(m_productBegin.back()));
    m_productBegin.push_back(std::uint32_t(m_products.size()));
    for (std::size_t c = 0; c + 1 < m_productBegin.size(); ++c) {
        for (auto i = m_productBegin[c]; i < m_productBegin[c + 1]; ++i)
            m_row[m_products[i]] = i - m_productBegin[c];
    }
    for (int g = 0; g < kGroupCount; ++g) {
        for (const NodeId id : graph->nodesOfKind(kGroupKinds[g])) {
            if (ownerOf(*graph, id) == kNoNode) {
                m_orphans.push_back(id);
                ++m_orphanCounts[g];
            }
        }
    }
}

bool MeshTreeModel::hasUnassigned() const
{
    return !m_orphans.empty()
        || (m_productBegin.size() > 1
            && m_productBegin[m_domains.size()] != m_productBegin[m_domains.size() + 1]);
}

int MeshTreeModel::topLevelRows() const
{
    if (!snapshot())
        return 0;
    return int(m_domains.size()) + (hasUnassigned() ? 1 : 0);
}

std::span<const NodeId> MeshTreeModel::productsOf(int containerRow) const
{
    const auto b = m_productBegin[containerRow], e = m_productBegin[containerRow + 1];
    return std::span(m_products).subspan(b, e - b);
}

const MeshTreeModel::Members &MeshTreeModel::membersOf(NodeId product) const
{
    if (const auto it = m_members.find(product); it != m_members.end())
        return it->second;
    const auto &graph = *snapshot();
    const std::span<const NodeId> nodes =
        product == kNoNode ? std::span<const NodeId>(m_orphans) : graph.children(product);

    Members m;
    std::array<std::uint32_t, kGroupCount> counts{};
    for (const NodeId id : nodes) {
        if (const int g = groupOfKind(graph.node(id).kind); g >= 0)
            ++counts[g];
    }
    for (int g = 0; g < kGroupCount; ++g)
        m.begin[g + 1] = m.begin[g] + counts[g];
    m.nodes.resize(m.begin[kGroupCount]);
    auto fill = m.begin;
    for (const NodeId id : nodes) {
        const auto &node = graph.node(id);
        if (const int g = groupOfKind(node.kind); g >= 0) {
            m.nodes[fill[g]++] = id;
            m.worst[g] = std::max(m.worst[g], m_health[id]);
        }
    }
    for (int g = 0; g < kGroupCount; ++g) {
        sortByName(graph, std::span(m.nodes).subspan(m.begin[g], m.size(g)));
        if (m.size(g) == 0)
            m.worst[g] = HealthState::Unknown;
    }
    return m_members.emplace(product, std::move(m)).first->second;
}

quintptr MeshTreeModel::encode(const Item &item)
{
    return quintptr(item.node) | (quintptr(item.group) << kGroupShift)
        | (quintptr(item.type) << kTypeShift);
}

MeshTreeModel::Item MeshTreeModel::decode(quintptr id)
{
    return {ItemType(int((id >> kTypeShift) & 0x3)), NodeId(id & 0xFFFFFFFFu),
            int((id >> kGroupShift) & 0xF)};
}

MeshTreeModel::Item MeshTreeModel::itemAt(const QModelIndex &index) const
{
    return decode(index.internalId());
}

QModelIndex MeshTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid()) {
        if (row < int(m_domains.size()))
            return createIndex(row, column, encode({ItemType::Node, m_domains[row], 0}));
        return createIndex(row, column, encode({ItemType::Unassigned, kNoNode, 0}));
    }
    const Item p = itemAt(parent);
    const auto &graph = *snapshot();
    if (p.type == ItemType::Group) {
        const Members &m = membersOf(p.node);
        return createIndex(row, column, encode({ItemType::Node, m.nodes[m.begin[p.group] + row], 0}));
    }
    // A domain or the "Unassigned" row: products first, then (Unassigned only) groups.
    const bool unassigned = p.type == ItemType::Unassigned;
    if (unassigned || graph.node(p.node).kind == EntityKind::Domain) {
        const auto products = productsOf(unassigned ? int(m_domains.size()) : int(m_row[p.node]));
        if (row < int(products.size()))
            return createIndex(row, column, encode({ItemType::Node, products[row], 0}));
        const int group = membersOf(kNoNode).groupAtRow(row - int(products.size()));
        return createIndex(row, column, encode({ItemType::Group, kNoNode, group}));
    }
    // A product: its group rows.
    const int group = membersOf(p.node).groupAtRow(row);
    return createIndex(row, column, encode({ItemType::Group, p.node, group}));
}

QModelIndex MeshTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !snapshot())
        return {};
    const Item item = itemAt(child);
    const auto &graph = *snapshot();
    const auto unassignedIndex = [this] {
        return createIndex(int(m_domains.size()), 0, encode({ItemType::Unassigned, kNoNode, 0}));
    };
    switch (item.type) {
    case ItemType::Unassigned:
        return {};
    case ItemType::Group: {
        if (item.node == kNoNode)
            return unassignedIndex();
        return createIndex(int(m_row[item.node]), 0, encode({ItemType::Node, item.node, 0}));
    }
    case ItemType::Node:
    case ItemType::Property:
        break;
    }
    const auto &node = graph.node(item.node);
    switch (node.kind) {
    case EntityKind::Domain:
        return {};
    case EntityKind::Product: {
        const NodeId domain = ownerOf(graph, item.node);
        if (domain == kNoNode)
            return unassignedIndex();
        return createIndex(int(m_row[domain]), 0, encode({ItemType::Node, domain, 0}));
    }
    default: {
        const NodeId product = ownerOf(graph, item.node);
        const int group = groupOfKind(node.kind);
        const int row = (product == kNoNode ? int(productsOf(int(m_domains.size())).size()) : 0)
            + membersOf(product).rowOfGroup(group);
        return createIndex(row, 0, encode({ItemType::Group, product, group}));
    }
    }
}

int MeshTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!snapshot())
        return 0;
    if (!parent.isValid())
        return topLevelRows();
    if (parent.column() != 0)
        return 0;
    const Item p = itemAt(parent);
    const auto &graph = *snapshot();
    switch (p.type) {
    case ItemType::Unassigned:
        return int(productsOf(int(m_domains.size())).size()) + membersOf(kNoNode).groupCount();
    case ItemType::Group:
        return int(membersOf(p.node).size(p.group));
    case ItemType::Node:
    case ItemType::Property:
        break;
    }
    switch (graph.node(p.node).kind) {
    case EntityKind::Domain: return int(productsOf(int(m_row[p.node])).size());
    case EntityKind::Product: return membersOf(p.node).groupCount();
    default: return 0;
    }
}

bool MeshTreeModel::hasChildren(const QModelIndex &parent) const
{
    // Answered without grouping a product's members: views ask for every visible row.
    if (!parent.isValid() || parent.column() != 0 || !snapshot())
        return rowCount(parent) > 0;
    const Item p = itemAt(parent);
    if (p.type != ItemType::Node)
        return true;
    const auto &graph = *snapshot();
    switch (graph.node(p.node).kind) {
    case EntityKind::Domain: return !productsOf(int(m_row[p.node])).empty();
    case EntityKind::Product:
        return std::any_of(graph.children(p.node).begin(), graph.children(p.node).end(),
                           [&graph](NodeId c) { return groupOfKind(graph.node(c).kind) >= 0; });
    default: return false;
    }
}

Qt::ItemFlags MeshTreeModel::flags(const QModelIndex &index) const
{
    auto f = SnapshotModelBase::flags(index);
    if (index.isValid() && itemAt(index).type == ItemType::Node) {
        const auto kind = snapshot()->node(itemAt(index).node).kind;
        if (kind != EntityKind::Domain && kind != EntityKind::Product)
            f |= Qt::ItemNeverHasChildren;
    }
    return f;
}

NodeId MeshTreeModel::nodeAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return kNoNode;
    const Item item = itemAt(index);
    return item.type == ItemType::Node ? item.node : kNoNode;
}

QModelIndex MeshTreeModel::indexForNode(NodeId id) const
{
    const auto &graph = snapshot();
    if (!graph || id >= graph->nodeCount())
        return {};
    const auto &node = graph->node(id);
    if (node.kind == EntityKind::Domain || node.kind == EntityKind::Product)
        return createIndex(int(m_row[id]), 0, encode({ItemType::Node, id, 0}));
    const int group = groupOfKind(node.kind);
    if (group < 0)
        return {};
    const Members &m = membersOf(ownerOf(*graph, id));
    const auto first = m.nodes.begin() + m.begin[group], last = m.nodes.begin() + m.begin[group + 1];
    const auto it = std::find(first, last, id);
    if (it == last)
        return {};
    return createIndex(int(it - first), 0, encode({ItemType::Node, id, 0}));
}

QVariant MeshTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !snapshot())
        return {};
    const Item item = itemAt(index);
    const auto &graph = *snapshot();
    const bool isNode = item.type == ItemType::Node;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(item, index.column());
    case Qt::ToolTipRole:
        return isNode ? QVariant(graph.keyString(item.node)) : QVariant();
    case KindRole:
        if (isNode)
            return int(graph.node(item.node).kind);
        return item.type == ItemType::Group ? QVariant(int(kGroupKinds[item.group])) : QVariant();
    case NodeIdRole:
        return isNode ? QVariant(uint(item.node)) : QVariant();
    case KeyRole:
        return isNode ? QVariant(graph.keyString(item.node)) : QVariant();
    case HealthRole:
        if (isNode)
            return int(m_health[item.node]);
        return item.type == ItemType::Group ? QVariant(int(membersOf(item.node).worst[item.group]))
                                            : QVariant();
    case ItemTypeRole:
        return int(item.type);
    case Qt::TextAlignmentRole:
        return index.column() == ContentsColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                                : QVariant();
    default:
        return {};
    }
}

QVariant MeshTreeModel::displayData(const Item &item, int column) const
{
    if (column == ContentsColumn)
        return contentsText(item);
    switch (item.type) {
    case ItemType::Unassigned: return u"Unassigned"_s;
    case ItemType::Group: return kGroupNames[item.group];
    default: return displayName(*snapshot(), item.node);
    }
}

QString MeshTreeModel::contentsText(const Item &item) const
{
    const auto &graph = *snapshot();
    switch (item.type) {
    case ItemType::Unassigned: {
        QStringList parts;
        if (const auto n = productsOf(int(m_domains.size())).size())
            parts << countText(qint64(n), EntityKind::Product);
        if (m_orphanCounts[DatasetGroup] > 0)
            parts << countText(m_orphanCounts[DatasetGroup], EntityKind::Dataset);
        return parts.join(u", "_s);
    }
    case ItemType::Group:
        return countText(membersOf(item.node).size(item.group), kGroupKinds[item.group]);
    case ItemType::Node:
    case ItemType::Property:
        break;
    }
    switch (graph.node(item.node).kind) {
    case EntityKind::Domain:
        return countText(qint64(productsOf(int(m_row[item.node])).size()), EntityKind::Product);
    case EntityKind::Product:
        return countText(membersOf(item.node).size(DatasetGroup), EntityKind::Dataset);
    case EntityKind::Port:
        return countText(qint64(graph.portDatasets(item.node).size()), EntityKind::Dataset);
    default:
        return {};
    }
}

}  // namespace meshlens
