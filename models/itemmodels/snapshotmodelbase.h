#pragma once

#include "mesh/snapshotgraph.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <string_view>

namespace meshlens {

/// The plumbing every item model over one snapshot shares, written once: the snapshot it
/// reads (swapped with a model reset), the roles views, proxies and tests rely on, and
/// headers from a fixed column list. Concrete models supply only their rows and cells.
class SnapshotModelBase : public QAbstractItemModel
{
    Q_OBJECT

public:
    /// Roles shared by all snapshot models, so a proxy or a view can ask any of them for
    /// the node behind a row without knowing which model it is.
    enum Role {
        KindRole = Qt::UserRole + 1,  ///< int(EntityKind); for a group row, its members' kind
        NodeIdRole,                   ///< NodeId (uint); invalid QVariant for virtual rows
        KeyRole,                      ///< the node's stable key (QString)
        HealthRole,                   ///< int(HealthState) of the node
        ItemTypeRole,                 ///< int(ItemType)
    };
    Q_ENUM(Role)

    /// What a row stands for: a snapshot node or a row the model made up to group nodes.
    enum class ItemType { Node = 0, Group = 1, Unassigned = 2, Property = 3 };
    Q_ENUM(ItemType)

    const SnapshotPtr &snapshot() const { return m_snapshot; }
    /// Replaces the snapshot (nullptr empties the model) with a full reset.
    void setSnapshot(SnapshotPtr snapshot);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    /// UTF-8 from the string pool as a QString.
    static QString text(std::string_view utf8);
    /// The node's display name, or its key when the source gave no name.
    static QString displayName(const SnapshotGraph &graph, NodeId id);

protected:
    SnapshotModelBase(QStringList columns, QObject *parent);
    /// Called inside the reset after the snapshot changed: drop everything derived from it.
    virtual void snapshotReset() {}

private:
    SnapshotPtr m_snapshot;
    QStringList m_columns;
};

/// A flat table over a snapshot: the index/parent/rowCount plumbing of a list, so a
/// concrete table model supplies only rowCount() via rows() and data().
class SnapshotTableModel : public SnapshotModelBase
{
    Q_OBJECT

public:
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;

protected:
    using SnapshotModelBase::SnapshotModelBase;
    virtual int rows() const = 0;
};

}  // namespace meshlens
