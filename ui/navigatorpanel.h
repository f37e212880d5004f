#pragma once

#include "mesh/snapshotgraph.h"

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace meshlens {

class MeshTreeModel;

/// The left dock: a filter box above the mesh tree (domains › products › members).
/// Filtering is recursive: a match keeps its ancestors, and a matching domain or product
/// keeps everything under it.
class NavigatorPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit NavigatorPanel(QWidget *parent = nullptr);
    ~NavigatorPanel() override;

    void setSnapshot(SnapshotPtr snapshot);
    /// Makes a node the current row (expanding its ancestors) without emitting nodeSelected.
    /// A node hidden by the filter clears the selection instead.
    void selectNode(NodeId id);
    /// Sets the filter text now (typing applies it after a short pause).
    void setFilterText(const QString &text);

    QTreeView *treeView() const { return m_tree; }
    MeshTreeModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

Q_SIGNALS:
    /// The user made a row current; kNoNode for group rows.
    void nodeSelected(meshlens::NodeId id);

private:
    void applyFilter();
    void onCurrentChanged(const QModelIndex &current);

    QLineEdit *m_filter;
    QTreeView *m_tree;
    MeshTreeModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTimer m_filterDelay;
    bool m_selecting = false;
};

}  // namespace meshlens
