#include "inspectorpanel.h"

#include "healthdelegate.h"
#include "itemmodels/displaytext.h"
#include "itemmodels/nodepropertiesmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace meshlens {

InspectorPanel::InspectorPanel(QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_subtitle(new QLabel(this)),
      m_table(new QTableView(this)),
      m_model(new NodePropertiesModel(this))
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
}

void InspectorPanel::setNode(NodeId id)
{
    m_model->setNode(id);
    updateHeading();
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
