#pragma once

#include "mesh/snapshotgraph.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QTableView;

namespace meshlens {

class HistoryCharts;
class NodePropertiesModel;
struct HistoryLoad;

/// The right dock: the selected node's name and kind above its properties table.
/// Double-clicking the Product or Domain row asks to go to that node.
class InspectorPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit InspectorPanel(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    void setNode(NodeId id);
    /// The cache the history charts read from (read-only, on a worker thread).
    void setCachePath(const QString &path);
    HistoryCharts *charts() const { return m_charts; }
    /// True while a node's history is being read.
    bool isLoadingHistory() const;
    NodeId node() const;

    NodePropertiesModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }

Q_SIGNALS:
    void nodeActivated(meshlens::NodeId id);
    /// The charts show the selected node's history (or why there is none).
    void historyShown();

private:
    void updateHeading();
    void loadHistory();

    QLabel *m_title;
    QLabel *m_subtitle;
    QTableView *m_table;
    NodePropertiesModel *m_model;
    HistoryCharts *m_charts;
    QString m_cachePath;
    QFutureWatcher<HistoryLoad> *m_history;
    quint64 m_historyRequest = 0;
};

}  // namespace meshlens
