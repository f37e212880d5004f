#include "searchresultmodel.h"

using namespace Qt::StringLiterals;

namespace meshlens {

SearchResultModel::SearchResultModel(QObject *parent)
    : SnapshotTableModel({u"Name"_s}, parent)
{
}

void SearchResultModel::setResults(FuzzyIndexPtr index, std::vector<SearchHit> hits)
{
    SnapshotPtr snapshot = index ? index->graph() : nullptr;
    if (snapshot != this->snapshot())
        setSnapshot(std::move(snapshot));  // a reset of its own, which drops the old hits
    beginResetModel();
    m_index = std::move(index);
    m_hits = std::move(hits);
    endResetModel();
}

void SearchResultModel::clear()
{
    beginResetModel();
    m_hits.clear();
    endResetModel();
}

void SearchResultModel::snapshotReset()
{
    m_hits.clear();
    m_index.reset();
}

QString SearchResultModel::pathText(const SnapshotGraph &graph, NodeId id)
{
    QStringList parts;
    for (const EntityKind kind : {EntityKind::Domain, EntityKind::Product}) {
        const NodeId a = graph.ancestor(id, kind);
        if (a != kNoNode && a != id)
            parts << displayName(graph, a);
    }
    return parts.join(u" \u203a "_s);
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !snapshot())
        return {};
    const SnapshotGraph &g = *snapshot();
    const SearchHit &h = m_hits[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayName(g, h.node);
    case Qt::ToolTipRole:
        return g.keyString(h.node);
    case KindRole:
        return int(g.node(h.node).kind);
    case NodeIdRole:
        return uint(h.node);
    case KeyRole:
        return g.keyString(h.node);
    case HealthRole:
        return int(m_index ? m_index->health(h.node) : g.node(h.node).quality);
    case ItemTypeRole:
        return int(ItemType::Node);
    case PositionsRole:
        return QVariant::fromValue(QList<int>(h.positions.begin(), h.positions.end()));
    case MatchFieldRole:
        return int(h.field);
    case PathRole:
        return pathText(g, h.node);
    case NameRole:
        return g.nameString(h.node);
    case ScoreRole:
        return h.score;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultModel::roleNames() const
{
    auto names = SnapshotTableModel::roleNames();
    names.insert(PositionsRole, QByteArrayLiteral("positions"));
    names.insert(MatchFieldRole, QByteArrayLiteral("matchField"));
    names.insert(PathRole, QByteArrayLiteral("path"));
    names.insert(NameRole, QByteArrayLiteral("name"));
    names.insert(ScoreRole, QByteArrayLiteral("score"));
    return names;
}

}  // namespace meshlens
