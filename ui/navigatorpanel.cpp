#include "navigatorpanel.h"

#include "healthdelegate.h"
#include "itemmodels/meshtreemodel.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace meshlens {

NavigatorPanel::NavigatorPanel(QWidget *parent)
    : QWidget(parent),
      m_filter(new QLineEdit(this)),
      m_tree(new QTreeView(this)),
      m_model(new MeshTreeModel(this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    m_filter->setObjectName(u"navigatorFilter"_s);
    m_filter->setPlaceholderText(u"Filter domains, products, datasets\u2026"_s);
    m_filter->setClearButtonEnabled(true);

    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(MeshTreeModel::NameColumn);

    m_tree->setObjectName(u"navigatorTree"_s);
    m_tree->setModel(m_proxy);
    // A million rows: every row the same height lets the view skip measuring them.
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setItemDelegate(new HealthDelegate(MeshTreeModel::NameColumn, m_tree));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(MeshTreeModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(MeshTreeModel::ContentsColumn,
                                           QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);

    // Refiltering a large tree costs a pass over it: wait until typing pauses.
    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(250);
    connect(m_filter, &QLineEdit::textChanged, &m_filterDelay, qOverload<>(&QTimer::start));
    connect(&m_filterDelay, &QTimer::timeout, this, &NavigatorPanel::applyFilter);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
}

NavigatorPanel::~NavigatorPanel()
{
    // The views and models are children, deleted after this body: no current-row change
    // they announce on the way out may reach this half-destroyed panel.
    disconnect(m_tree->selectionModel(), nullptr, this, nullptr);
}

void NavigatorPanel::setSnapshot(SnapshotPtr snapshot)
{
    m_selecting = true;
    m_model->setSnapshot(std::move(snapshot));
    m_selecting = false;
    // Domains open, so their products show: a handful of rows, whatever the mesh size.
    m_tree->expandToDepth(0);
}

void NavigatorPanel::setFilterText(const QString &text)
{
    m_filter->setText(text);
    m_filterDelay.stop();
    applyFilter();
}

void NavigatorPanel::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    const QModelIndex current = m_proxy->mapToSource(m_tree->currentIndex());
    // Filtering hides rows, not the selection: the inspector and the graph keep showing
    // the selected node even while its row is filtered out.
    m_selecting = true;
    m_proxy->setFilterFixedString(text);
    if (text.isEmpty()) {
        m_tree->collapseAll();
        m_tree->expandToDepth(0);
    } else {
        // Show the matches: open domains, products and their groups.
        m_tree->expandToDepth(2);
    }
    if (const QModelIndex again = m_proxy->mapFromSource(current); again.isValid()) {
        m_tree->setCurrentIndex(again);
        m_tree->scrollTo(again);
    }
    m_selecting = false;
}

void NavigatorPanel::selectNode(NodeId id)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexForNode(id));
    m_selecting = true;
    if (index.isValid()) {
        m_tree->setCurrentIndex(index);
        m_tree->scrollTo(index);
    } else {
        m_tree->selectionModel()->clear();
    }
    m_selecting = false;
}

void NavigatorPanel::onCurrentChanged(const QModelIndex &current)
{
    if (m_selecting)
        return;
    Q_EMIT nodeSelected(m_model->nodeAt(m_proxy->mapToSource(current)));
}

}  // namespace meshlens
