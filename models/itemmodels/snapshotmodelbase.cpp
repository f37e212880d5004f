#include "snapshotmodelbase.h"

namespace meshlens {

SnapshotModelBase::SnapshotModelBase(QStringList columns, QObject *parent)
    : QAbstractItemModel(parent), m_columns(std::move(columns))
{
}

void SnapshotModelBase::setSnapshot(SnapshotPtr snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    snapshotReset();
    endResetModel();
}

int SnapshotModelBase::columnCount(const QModelIndex &parent) const
{
    // Every row has the same columns; children of column > 0 do not exist.
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(m_columns.size());
}

QVariant SnapshotModelBase::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= m_columns.size())
        return {};
    return m_columns.at(section);
}

QHash<int, QByteArray> SnapshotModelBase::roleNames() const
{
    auto names = QAbstractItemModel::roleNames();
    names.insert(KindRole, QByteArrayLiteral("kind"));
    names.insert(NodeIdRole, QByteArrayLiteral("nodeId"));
    names.insert(KeyRole, QByteArrayLiteral("key"));
    names.insert(HealthRole, QByteArrayLiteral("health"));
    names.insert(ItemTypeRole, QByteArrayLiteral("itemType"));
    return names;
}

Qt::ItemFlags SnapshotModelBase::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    // Read-only: a snapshot is immutable.
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QString SnapshotModelBase::text(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

QString SnapshotModelBase::displayName(const SnapshotGraph &graph, NodeId id)
{
    const auto name = graph.name(id);
    return text(name.empty() ? graph.key(id) : name);
}

QModelIndex SnapshotTableModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column);
}

QModelIndex SnapshotTableModel::parent(const QModelIndex &) const
{
    return {};
}

int SnapshotTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows();
}

}  // namespace meshlens
