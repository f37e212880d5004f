#include "mainwindow.h"

#include "graphitems.h"
#include "graphview.h"
#include "inspectorpanel.h"
#include "itemmodels/displaytext.h"
#include "cache/meshcache.h"
#include "jobstatuswidget.h"
#include "lineagepanel.h"
#include "mappingfileactions.h"
#include "marquezdialog.h"
#include "meshdocument.h"
#include "navigatorpanel.h"
#include "quickopen.h"
#include "recentfiles.h"
#include "viewtoolbar.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

const QString kGeometryKey = u"mainWindow/geometry"_s;
const QString kStateKey = u"mainWindow/state"_s;
const QString kLastDirKey = u"mainWindow/lastDirectory"_s;

// Caches open; anything else is imported. The SQLite header catches a cache that was
// renamed (*.db, or no suffix at all).
bool isCachePath(const QString &path)
{
    return path.endsWith(u".meshlens"_s, Qt::CaseInsensitive) || looksLikeCacheFile(path);
}

}  // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_document(new MeshDocument(this)),
      m_navigator(new NavigatorPanel(this)),
      m_graph(new GraphView(this)),
      m_lineage(new LineagePanel(this)),
      m_tabs(new QTabWidget(this)),
      m_inspector(new InspectorPanel(this)),
      m_jobStatus(new JobStatusWidget(this)),
      m_recent(new RecentFiles(this)),
      m_quickOpen(new QuickOpen(this)),
      m_mapping(new MappingFileActions(m_document, this))
{
    setObjectName(u"mainWindow"_s);
    m_graph->setObjectName(u"graphView"_s);
    m_tabs->setObjectName(u"centralTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_graph, u"Mesh Map"_s);
    m_tabs->addTab(m_lineage, u"Lineage"_s);
    setCentralWidget(m_tabs);
    setAcceptDrops(true);
    createDocks();
    createActions();
    createStatusBar();
    connectDocument();

    connect(m_navigator, &NavigatorPanel::nodeSelected, this,
            [this](NodeId id) { selectNode(id, SelectionSource::Navigator); });
    connect(m_graph, &GraphView::nodeSelected, this,
            [this](NodeId id) { selectNode(id, SelectionSource::Graph); });
    connect(m_graph, &GraphView::nodeActivated, this, &MainWindow::showLineage);
    connect(m_lineage->view(), &LineageView::nodeSelected, this, [this](NodeId id) {
        if (id != kNoNode)
            selectNode(id, SelectionSource::Lineage);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        // Opening the tab shows the lineage of what is selected, if that is new.
        const SnapshotPtr &snapshot = m_document->snapshot();
        if (m_tabs->currentWidget() != m_lineage || !snapshot || m_selectedKey.isEmpty())
            return;
        const FocusStep *step = m_lineage->history().current();
        if (step && step->focusKey.toUtf8() == m_selectedKey)
            return;
        if (const auto id = snapshot->find({m_selectedKey.constData(), std::size_t(m_selectedKey.size())}))
            m_lineage->focusOn(*id);
    });
    connect(m_inspector, &InspectorPanel::nodeActivated, this,
            [this](NodeId id) { selectNode(id, SelectionSource::Inspector); });
    connect(m_quickOpen, &QuickOpen::nodeChosen, this, [this](NodeId id) {
        // A dataset chosen on the map: open its product so the dataset itself is shown.
        const SnapshotPtr &snapshot = m_document->snapshot();
        if (snapshot && id < snapshot->nodeCount() && m_tabs->currentWidget() == m_graph
            && snapshot->node(id).kind == EntityKind::Dataset)
            m_graph->setProductOpen(snapshot->ancestor(id, EntityKind::Product), true);
        selectNode(id, SelectionSource::Search);
        if (NodeItem *item = m_graph->itemForNode(m_graph->selectedNode()))
            m_graph->centerOn(item);
    });
    connect(m_recent, &RecentFiles::fileChosen, this,
            [this](const QString &path) { m_document->openCache(path); });
    connect(m_mapping, &MappingFileActions::problem, this, &MainWindow::onFailed);
    connect(m_mapping, &MappingFileActions::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    m_mapping->restore();  // before the start-up import, which uses it

    resize(1440, 900);  // a first start; restoreSettings() brings back the user's size
    restoreSettings();
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    auto *navigatorDock = new QDockWidget(u"Navigator"_s, this);
    navigatorDock->setObjectName(u"navigatorDock"_s);
    navigatorDock->setWidget(m_navigator);
    navigatorDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, navigatorDock);

    auto *inspectorDock = new QDockWidget(u"Inspector"_s, this);
    inspectorDock->setObjectName(u"inspectorDock"_s);
    inspectorDock->setWidget(m_inspector);
    inspectorDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    // Sensible first-start widths; saved state overrides them.
    resizeDocks({navigatorDock, inspectorDock}, {320, 340}, Qt::Horizontal);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    QAction *open = file->addAction(u"&Open Cache\u2026"_s, this, &MainWindow::openCacheDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *import = file->addAction(u"&Import\u2026"_s, this, &MainWindow::importDialog);
    import->setShortcut(Qt::CTRL | Qt::Key_I);
    file->addAction(u"Connect to &Marquez\u2026"_s, this, [this] {
        auto *dialog = new MarquezDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] { m_document->pullMarquez(dialog->options()); });
        dialog->open();
    });
    m_mapping->addTo(file);
    QAction *exportView = file->addAction(u"&Export View\u2026"_s, this, &MainWindow::exportDialog);
    exportView->setShortcut(Qt::CTRL | Qt::Key_E);
    exportView->setObjectName(u"exportViewAction"_s);
    QAction *print = file->addAction(u"&Print\u2026"_s, this, &MainWindow::printDialog);
    print->setShortcut(QKeySequence::Print);
    print->setObjectName(u"printAction"_s);
    QAction *preview = file->addAction(u"Print Pre&view\u2026"_s, this, &MainWindow::printPreviewDialog);
    preview->setObjectName(u"printPreviewAction"_s);
    m_recentMenu = file->addMenu(u"Open &Recent"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] { m_recent->fillMenu(m_recentMenu); });
    m_recent->fillMenu(m_recentMenu);
    file->addSeparator();
    QAction *quit = file->addAction(u"&Quit"_s, this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    m_viewMenu = menuBar()->addMenu(u"&View"_s);
    // The zoom actions act on the tab in front.
    const auto onView = [this](auto graphAction, auto lineageAction) {
        return [this, graphAction, lineageAction] {
            if (m_tabs->currentWidget() == m_lineage)
                (m_lineage->view()->*lineageAction)();
            else
                (m_graph->*graphAction)();
        };
    };
    QAction *fit = m_viewMenu->addAction(u"Zoom to &Fit"_s, this,
                                         onView(&GraphView::zoomToFit, &LineageView::zoomToFit));
    fit->setShortcut(Qt::CTRL | Qt::Key_0);
    QAction *toSelection = m_viewMenu->addAction(
        u"Zoom to &Selection"_s, this, onView(&GraphView::zoomToSelection, &LineageView::zoomToSelection));
    toSelection->setShortcut(Qt::CTRL | Qt::Key_9);
    const auto zoom = [this](qreal factor) {
        return [this, factor] {
            if (m_tabs->currentWidget() == m_lineage)
                m_lineage->view()->zoomBy(factor);
            else
                m_graph->zoomBy(factor);
        };
    };
    QAction *zoomIn = m_viewMenu->addAction(u"Zoom &In"_s, this, zoom(1.25));
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction *zoomOut = m_viewMenu->addAction(u"Zoom &Out"_s, this, zoom(0.8));
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction *quickOpen = m_viewMenu->addAction(u"&Go to\u2026"_s, m_quickOpen, &QuickOpen::popup);
    quickOpen->setObjectName(u"quickOpenAction"_s);
    quickOpen->setShortcut(Qt::CTRL | Qt::Key_K);  // Ctrl+P prints
    m_viewMenu->addSeparator();
    m_viewBar = new ViewToolBar(this);
    addToolBar(Qt::TopToolBarArea, m_viewBar);
    QMenu *overlays = m_viewMenu->addMenu(u"&Colour By"_s);
    overlays->addActions(m_viewBar->overlayActions());
    connect(m_viewBar, &ViewToolBar::overlayChanged, m_graph, &GraphView::setOverlay);
    connect(m_viewBar, &ViewToolBar::overlayChanged, m_lineage->view(), &LineageView::setOverlay);
    QAction *lineage = m_viewMenu->addAction(u"Show &Lineage of Selection"_s, this, [this] {
        if (const SnapshotPtr &snapshot = m_document->snapshot(); snapshot && !m_selectedKey.isEmpty()) {
            if (const auto id = snapshot->find({m_selectedKey.constData(), std::size_t(m_selectedKey.size())}))
                showLineage(*id);
        }
    });
    lineage->setShortcut(Qt::CTRL | Qt::Key_L);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_viewBar->toggleViewAction());
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    help->addAction(u"&About MeshLens"_s, this, [this] {
        QMessageBox::about(this, u"About MeshLens"_s,
                           u"<h3>MeshLens "_s + QApplication::applicationVersion()
                               + u"</h3><p>See a data mesh: domains, data products, lineage and "
                                 u"health, from a local cache that works offline.</p>"_s);
    });
}

void MainWindow::createStatusBar()
{
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(u"countsLabel"_s);
    m_timeLabel = new QLabel(this);
    m_timeLabel->setObjectName(u"snapshotTimeLabel"_s);
    statusBar()->addWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_mapping->statusLabel());
    statusBar()->addPermanentWidget(m_jobStatus);
    statusBar()->addPermanentWidget(m_timeLabel);
    connect(m_jobStatus, &JobStatusWidget::cancelRequested, m_document, &MeshDocument::cancel);
}

void MainWindow::connectDocument()
{
    connect(m_document, &MeshDocument::snapshotLoaded, this, &MainWindow::onSnapshotLoaded);
    connect(m_document, &MeshDocument::jobStarted, m_jobStatus, &JobStatusWidget::start);
    connect(m_document, &MeshDocument::jobStarted, m_graph, &GraphView::setPlaceholderText);
    connect(m_document, &MeshDocument::jobFinished, m_graph, [this] { m_graph->setPlaceholderText({}); });
    connect(m_document, &MeshDocument::jobProgress, m_jobStatus, &JobStatusWidget::setProgress);
    connect(m_document, &MeshDocument::jobFinished, m_jobStatus, &JobStatusWidget::finish);
    connect(m_document, &MeshDocument::failed, this, &MainWindow::onFailed);
    connect(m_document, &MeshDocument::upgradeOffered, this, &MainWindow::offerUpgrade);
    connect(m_document, &MeshDocument::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_document->cancel();
    event->accept();
}

void MainWindow::openCacheDialog()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, u"Open Cache"_s, settings.value(kLastDirKey).toString(),
        u"MeshLens caches (*.meshlens *.db);;All files (*)"_s);
    if (path.isEmpty())
        return;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    m_document->openCache(path);
}

void MainWindow::importDialog()
{
    QSettings settings;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, u"Import into "_s + QFileInfo(m_document->cachePath()).fileName(),
        settings.value(kLastDirKey).toString(),
        u"Mesh files (*.json *.ndjson *.jsonl);;All files (*)"_s);
    if (files.isEmpty())
        return;
    settings.setValue(kLastDirKey, QFileInfo(files.first()).absolutePath());
    m_document->importFiles(files);
}

void MainWindow::openOrImport(const QStringList &paths)
{
    // A cache among the dropped files opens (the first one); everything else is imported.
    for (const QString &path : paths) {
        if (isCachePath(path)) {
            m_document->openCache(path);
            return;
        }
    }
    m_document->importFiles(paths);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls()) {
        for (const QUrl &url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (paths.isEmpty())
        return event->ignore();
    event->acceptProposedAction();
    openOrImport(paths);
}

void MainWindow::onSnapshotLoaded()
{
    const SnapshotPtr &snapshot = m_document->snapshot();
    m_navigator->setSnapshot(snapshot);
    m_graph->setSnapshot(snapshot);
    m_lineage->setSnapshot(snapshot);
    m_inspector->setCachePath(m_document->cachePath());
    m_inspector->setSnapshot(snapshot);
    m_quickOpen->setSnapshot(snapshot);
    // After an import (or a reopen) the same node stays selected if it still exists.
    if (!m_selectedKey.isEmpty()) {
        if (const auto id = snapshot->find({m_selectedKey.constData(), std::size_t(m_selectedKey.size())}))
            selectNode(*id, SelectionSource::Reload);
    }
    if (!m_document->isDemo())
        m_recent->add(m_document->cachePath());
    updateTitle();
    updateStatus();
}

void MainWindow::onFailed(const QString &title, const QString &message, const QString &details)
{
    // Window-modal and non-blocking: no nested event loop while jobs finish in the
    // background, and a failure during start-up does not hold up the window.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(u"failureMessage"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDetailedText(details);
    box->open();
}

void MainWindow::offerUpgrade(const QString &path, int schema, Timestamp asOf)
{
    // Loading never changes a file unasked (it may be a snapshot someone mailed): say what
    // the upgrade does, and do it only on a yes. Non-blocking, like onFailed().
    const QString name = QFileInfo(path).fileName();
    auto *box = new QMessageBox(QMessageBox::Question, u"Upgrade "_s + name + u"?"_s,
        u"%1 was written by an older MeshLens (cache schema %2; this version uses schema %3).\n\n"
        "Upgrading changes the file in place, in one step that is undone if it fails. "
        "Older versions of MeshLens cannot open it afterwards."_s
            .arg(QDir::toNativeSeparators(path))
            .arg(schema)
            .arg(MeshCache::kSchemaVersion),
        QMessageBox::Cancel, this);
    box->setObjectName(u"upgradeQuestion"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *upgrade = box->addButton(u"Upgrade and Open"_s, QMessageBox::AcceptRole);
    box->setDefaultButton(upgrade);
    connect(box, &QMessageBox::finished, this, [this, box, upgrade, path, asOf] {
        if (box->clickedButton() == upgrade)
            m_document->openCache(path, asOf, true);
    });
    box->open();
}

void MainWindow::selectNode(NodeId id, SelectionSource source)
{
    const SnapshotPtr &snapshot = m_document->snapshot();
    if (source != SelectionSource::Reload)
        m_selectedKey.clear();
    if (source != SelectionSource::Reload && snapshot && id < snapshot->nodeCount())
        m_selectedKey = QByteArray(snapshot->key(id).data(), qsizetype(snapshot->key(id).size()));
    m_inspector->setNode(id);
    if (source != SelectionSource::Navigator)
        m_navigator->selectNode(id);
    if (source != SelectionSource::Graph)
        m_graph->selectNode(id);
    if ((source == SelectionSource::Navigator || source == SelectionSource::Search)
        && m_tabs->currentWidget() == m_lineage && id != kNoNode)
        m_lineage->focusOn(id);
    else if (source != SelectionSource::Lineage)
        m_lineage->view()->selectNode(id);
}

void MainWindow::showLineage(NodeId id)
{
    m_tabs->setCurrentWidget(m_lineage);
    const FocusStep *step = m_lineage->history().current();
    const SnapshotPtr &snapshot = m_document->snapshot();
    if (snapshot && id < snapshot->nodeCount() && (!step || step->focusKey != snapshot->keyString(id)))
        m_lineage->focusOn(id);
}

void MainWindow::updateTitle()
{
    QString name;
    if (m_document->isDemo())
        name = u"Demo mesh"_s;
    else if (!m_document->cachePath().isEmpty())
        name = QFileInfo(m_document->cachePath()).fileName();
    setWindowTitle(name.isEmpty() ? u"MeshLens"_s : name + u" \u2014 MeshLens"_s);
}

void MainWindow::updateStatus()
{
    const SnapshotPtr &snapshot = m_document->snapshot();
    if (!snapshot) {
        m_countsLabel->setText(u"No mesh loaded"_s);
        m_timeLabel->clear();
        return;
    }
    const auto count = [&](EntityKind kind) {
        return countText(qint64(snapshot->nodesOfKind(kind).size()), kind);
    };
    const qint64 edges = qint64(snapshot->edgeCount());
    const QString sep = u"   \u00b7   "_s;
    m_countsLabel->setText(count(EntityKind::Domain) + sep + count(EntityKind::Product) + sep
                           + count(EntityKind::Dataset) + sep + QString::number(edges)
                           + (edges == 1 ? u" lineage edge"_s : u" lineage edges"_s));
    m_timeLabel->setText(m_document->asOf() == 0
                             ? u"Snapshot: latest"_s
                             : u"Snapshot as of "_s + timeText(m_document->asOf()));
    m_timeLabel->setToolTip(m_document->cachePath());
}

}  // namespace meshlens
