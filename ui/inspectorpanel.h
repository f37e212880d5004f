#pragma once

#include "mesh/snapshotgraph.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace meshlens {

class NodePropertiesModel;

/// The right dock: the selected node's name and kind above its properties table.
/// Double-clicking the Product or Domain row asks to go to that node.
class InspectorPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorPanel(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    void setNode(NodeId id);
    NodeId node() const;

    NodePropertiesModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }

Q_SIGNALS:
    void nodeActivated(meshlens::NodeId id);

private:
    void updateHeading();

    QLabel *m_title;
    QLabel *m_subtitle;
    QTableView *m_table;
    NodePropertiesModel *m_model;
};

}  // namespace meshlens
