#include "inspectorpanel.h"

#include "healthdelegate.h"
#include "historycharts.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/nodepropertiesmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace meshlens {

/// What a worker hands back: the history, or why there is none.
struct HistoryLoad {
    quint64 request = 0;
    HealthHistory history;
    QString error;
};

InspectorPanel::InspectorPanel(QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_subtitle(new QLabel(this)),
      m_table(new QTableView(this)),
      m_model(new NodePropertiesModel(this)),
      m_charts(new HistoryCharts(this)),
      m_history(new QFutureWatcher<HistoryLoad>(this))
{
    m_title->setObjectName(u"inspectorTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setObjectName(u"inspectorSubtitle"_s);
    m_subtitle->setWordWrap(true);
    QPalette muted = m_subtitle->palette();
    muted.setColor(QPalette::WindowText, QColor::fromRgb(0x5f6b7a));
    m_subtitle->setPalette(muted);

    m_table->setObjectName(u"inspectorTable"_s);
    m_table->setModel(m_model);
    m_table->setItemDelegate(new HealthDelegate(NodePropertiesModel::ValueColumn, m_table));
    m_table->horizontalHeader()->hide();
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(NodePropertiesModel::LabelColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addSpacing(6);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_charts);
    connect(m_history, &QFutureWatcher<HistoryLoad>::finished, this, [this] {
        const HistoryLoad load = m_history->result();
        if (load.request != m_historyRequest)
            return;  // an older selection's answer
        if (!load.error.isEmpty())
            m_charts->setMessage(load.error);
        else
            m_charts->setHistory(load.history);
        Q_EMIT historyShown();
    });
    layout->addStretch(0);  // keeps the heading at the top while the table is hidden

    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QVariant link = index.data(NodePropertiesModel::NodeIdRole);
        if (link.isValid())
            Q_EMIT nodeActivated(NodeId(link.toUInt()));
    });
    updateHeading();
}

void InspectorPanel::setSnapshot(SnapshotPtr snapshot)
{
    m_model->setSnapshot(std::move(snapshot));
    updateHeading();
    loadHistory();
}

void InspectorPanel::setNode(NodeId id)
{
    m_model->setNode(id);
    updateHeading();
    loadHistory();
}

void InspectorPanel::setCachePath(const QString &path)
{
    m_cachePath = path;
}

bool InspectorPanel::isLoadingHistory() const
{
    return m_history->isRunning();
}

void InspectorPanel::loadHistory()
{
    ++m_historyRequest;
    const NodeId id = m_model->node();
    const auto &graph = m_model->snapshot();
    if (!graph || id == kNoNode || graph->node(id).kind != EntityKind::Dataset || m_cachePath.isEmpty()) {
        m_charts->setMessage(graph && id != kNoNode && graph->node(id).kind != EntityKind::Dataset
                                 ? u"Quality and freshness history is kept per dataset: select one "
                                   "to see its charts."_s
                                 : QString());
        return;
    }
    m_charts->setMessage(u"Reading history\u2026"_s);
    const quint64 request = m_historyRequest;
    const QString path = m_cachePath;
    const QString key = graph->keyString(id);
    const qint64 sla = graph->node(id).freshnessSlaSeconds;
    m_history->setFuture(QtConcurrent::run([request, path, key, sla] {
        HistoryLoad load;
        load.request = request;
        auto history = loadHealthHistory(path, key, sla);
        if (history)
            load.history = std::move(history.value());
        else
            load.error = history.errorMessage();
        return load;
    }));
}

NodeId InspectorPanel::node() const
{
    return m_model->node();
}

void InspectorPanel::updateHeading()
{
    const NodeId id = m_model->node();
    const auto &graph = m_model->snapshot();
    m_table->setVisible(graph && id != kNoNode);
    if (!graph || id == kNoNode) {
        m_title->setText(u"Nothing selected"_s);
        m_subtitle->setText(u"Select a domain, product or dataset in the navigator or the graph."_s);
        return;
    }
    m_title->setText(SnapshotModelBase::displayName(*graph, id));
    QString kind = kindNoun(graph->node(id).kind);
    kind[0] = kind[0].toUpper();
    QString where;
    if (const NodeId product = graph->ancestor(id, EntityKind::Product); product != kNoNode && product != id)
        where = SnapshotModelBase::displayName(*graph, product);
    if (const NodeId domain = graph->ancestor(id, EntityKind::Domain); domain != kNoNode && domain != id)
        where = SnapshotModelBase::displayName(*graph, domain) + (where.isEmpty() ? QString() : u" \u203a "_s + where);
    m_subtitle->setText(where.isEmpty() ? kind : kind + u" in "_s + where);
}

}  // namespace meshlens
