// GUI smoke test: the window opens on the bundled demo mesh, the navigator, graph and
// inspector agree on what is selected, and the graph draws something. Runs headless
// (QT_QPA_PLATFORM=offscreen from CTest) in QStandardPaths' test mode, so the demo cache
// and settings go to ~/.qttest, never the user's data.

#include "graphitems.h"
#include "graphview.h"
#include "inspectorpanel.h"
#include "itemmodels/meshtreemodel.h"
#include "itemmodels/nodepropertiesmodel.h"
#include "layout/domaingridlayout.h"
#include "mainwindow.h"
#include <QFileInfo>
#include <QTabWidget>
#include "lineagepanel.h"
#include "meshdocument.h"
#include "navigatorpanel.h"
#include "quickopen.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QGraphicsScene>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace meshlens;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void layoutIsTidy();
    void opensMeshFileFromCommandLine();
    void opensOnDemo();
    void treeSelectionDrivesInspectorAndGraph();
    void graphSelectionDrivesTree();
    void graphDrawsSomething();
    void filterKeepsMatches();
    void exportsTheCurrentTab();
    void doubleClickOpensProductThenLineage();
    void importFailureListsDiagnostics();
    void missingStartupFileFails();
    void settingsPersist();
    void cleanupTestCase();

private:
    bool meshLoaded() const { return m_window && m_window->document()->snapshot(); }
    bool waitForJob(MeshDocument *document, int timeoutMs = 120000);
    QModelIndex firstProductRow() const;
    void closeMessageBoxes();

    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_temp;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"MeshLens"_s);
    QCoreApplication::setApplicationName(u"MeshLens"_s);
    // Start from nothing: the demo cache must be made the first time. Only ever inside
    // the test-mode folders.
    QVERIFY2(MeshDocument::dataDir().contains(u"/.qttest/"_s), qPrintable(MeshDocument::dataDir()));
    QVERIFY2(QSettings().fileName().contains(u"/.qttest/"_s), qPrintable(QSettings().fileName()));
    QDir(MeshDocument::dataDir()).removeRecursively();
    QSettings().clear();
    QVERIFY(m_temp.isValid());

    QVERIFY2(QFile::exists(u":/demo/demo-mesh.json"_s), "the demo mesh resource is not linked in");

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

bool TestMainWindow::waitForJob(MeshDocument *document, int timeoutMs)
{
    QSignalSpy finished(document, &MeshDocument::jobFinished);
    return finished.wait(timeoutMs);
}

void TestMainWindow::closeMessageBoxes()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *box = qobject_cast<QMessageBox *>(w))
            box->close();
    }
    for (QMessageBox *box : m_window->findChildren<QMessageBox *>())
        box->close();
}

void TestMainWindow::layoutIsTidy()
{
    // The simple layout: every product inside its domain's box, no two boxes overlapping.
    const SnapshotPtr graph = test::graphFromText(
        u"a/p1: x->y; a/p2: y->z; b/q1: z->w; b/q2: w->v; b/q3: v->u; c/r: u->t; c/r2: t->x"_s);
    const DomainGridResult layout = DomainGridLayout().compute(*graph);
    QCOMPARE(layout.domains.size(), std::size_t(3));
    QCOMPARE(layout.products.size(), graph->nodesOfKind(EntityKind::Product).size());
    QCOMPARE(layout.edges.size(), std::size_t(graph->level(Level::Product).edgeCount()));
    for (std::size_t i = 0; i < layout.products.size(); ++i) {
        const auto &p = layout.products[i];
        const NodeId domain = graph->ancestor(p.node, EntityKind::Domain);
        const auto box = std::find_if(layout.domains.begin(), layout.domains.end(),
                                      [&](const LayoutBox &d) { return d.node == domain; });
        QVERIFY(box != layout.domains.end());
        QVERIFY(box->rect.contains(p.rect));
        for (std::size_t j = i + 1; j < layout.products.size(); ++j)
            QVERIFY(!p.rect.intersects(layout.products[j].rect));
    }
    for (std::size_t i = 0; i < layout.domains.size(); ++i) {
        QVERIFY(layout.bounds.contains(layout.domains[i].rect));
        for (std::size_t j = i + 1; j < layout.domains.size(); ++j)
            QVERIFY(!layout.domains[i].rect.intersects(layout.domains[j].rect));
    }
}

void TestMainWindow::opensMeshFileFromCommandLine()
{
    // A mesh file (not a cache) is imported into a cache of its own in the data folder.
    const QString cli = test::cliPath();
    if (cli.isEmpty() || !QFileInfo::exists(cli))
        QSKIP("meshlens-cli is not available to generate a mesh");
    const QString mesh = m_temp.filePath(u"generated.json"_s);
    QProcess generate;
    generate.start(cli, {u"generate"_s, u"-o"_s, mesh, u"--datasets"_s, u"300"_s, u"--seed"_s, u"3"_s});
    QVERIFY(generate.waitForFinished(60000));
    QCOMPARE(generate.exitCode(), 0);

    MeshDocument *document = m_window->document();
    QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
    QSignalSpy failed(document, &MeshDocument::failed);
    document->openStartup(mesh);
    QVERIFY(waitForJob(document));
    if (!failed.isEmpty())
        QFAIL(qPrintable(failed.first().at(1).toString()));
    QCOMPARE(loaded.count(), 1);
    QVERIFY(!document->isDemo());
    QCOMPARE(document->cachePath(), importedCachePath(MeshDocument::dataDir(), mesh));
    QVERIFY(looksLikeCacheFile(document->cachePath()));
    QVERIFY(document->snapshot()->nodesOfKind(EntityKind::Product).size() > 0);
    QVERIFY(m_window->windowTitle().startsWith(u"generated.meshlens"_s));
}

void TestMainWindow::opensOnDemo()
{
    if (QFile(u":/demo/demo-mesh.json"_s).size() < 64)
        QSKIP("the bundled demo mesh is still a placeholder");
    MeshDocument *document = m_window->document();
    QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
    QSignalSpy failed(document, &MeshDocument::failed);
    document->openStartup(QString());
    QVERIFY(document->isBusy());
    QVERIFY(waitForJob(document));
    if (!failed.isEmpty())
        QFAIL(qPrintable(failed.first().at(1).toString()));
    QCOMPARE(loaded.count(), 1);
    QVERIFY(document->isDemo());
    QVERIFY(QFileInfo::exists(document->cachePath()));
    QVERIFY(document->cachePath().startsWith(MeshDocument::dataDir()));

    const SnapshotPtr snapshot = document->snapshot();
    QVERIFY(snapshot);
    const auto domains = int(snapshot->nodesOfKind(EntityKind::Domain).size());
    QVERIFY(domains > 0);
    auto *tree = m_window->findChild<QTreeView *>(u"navigatorTree"_s);
    QVERIFY(tree);
    const bool hasUnassigned = tree->model()->rowCount() > domains;
    QCOMPARE(tree->model()->rowCount(), domains + (hasUnassigned ? 1 : 0));
    for (int r = 0; r < domains; ++r) {
        QCOMPARE(tree->model()->index(r, 0).data(MeshTreeModel::KindRole).toInt(),
                 int(EntityKind::Domain));
    }
    QVERIFY(m_window->windowTitle().contains(u"Demo"_s));
    auto *counts = m_window->findChild<QLabel *>(u"countsLabel"_s);
    QVERIFY(counts->text().contains(u"domain"_s));
    QVERIFY(counts->text().contains(u"lineage edge"_s));

    // A second start finds the cache made the first time and does not import again.
    QSignalSpy again(document, &MeshDocument::snapshotLoaded);
    document->openStartup(QString());
    QVERIFY(waitForJob(document));
    QCOMPARE(again.count(), 1);
    QCOMPARE(int(document->snapshot()->nodesOfKind(EntityKind::Domain).size()), domains);
}

QModelIndex TestMainWindow::firstProductRow() const
{
    const QAbstractItemModel *model = m_window->navigator()->treeView()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex domain = model->index(r, 0);
        if (model->rowCount(domain) > 0)
            return model->index(0, 0, domain);
    }
    return {};
}

void TestMainWindow::treeSelectionDrivesInspectorAndGraph()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    QTreeView *tree = m_window->navigator()->treeView();
    const QModelIndex product = firstProductRow();
    QVERIFY(product.isValid());
    const NodeId id = NodeId(product.data(MeshTreeModel::NodeIdRole).toUInt());
    tree->setCurrentIndex(product);

    InspectorPanel *inspector = m_window->inspector();
    QCOMPARE(inspector->node(), id);
    const auto *props = inspector->model();
    QVERIFY(props->rowCount() > 5);
    QCOMPARE(props->index(props->rowOf(NodePropertiesModel::Property::Key), 1).data().toString(),
             product.data(MeshTreeModel::KeyRole).toString());
    QCOMPARE(m_window->findChild<QLabel *>(u"inspectorTitle"_s)->text(), product.data().toString());

    GraphView *graph = m_window->graphView();
    QCOMPARE(graph->selectedNode(), id);
    QVERIFY(graph->itemForNode(id)->isSelected());
    QCOMPARE(graph->itemForNode(id)->type(), int(ProductItemType));

    // A dataset selects its product's box.
    tree->expand(product);
    const QModelIndex group = tree->model()->index(0, 0, product);
    tree->expand(group);
    if (tree->model()->rowCount(group) > 0) {
        const QModelIndex member = tree->model()->index(0, 0, group);
        tree->setCurrentIndex(member);
        QCOMPARE(inspector->node(), NodeId(member.data(MeshTreeModel::NodeIdRole).toUInt()));
        QCOMPARE(graph->selectedNode(), id);
    }
}

void TestMainWindow::graphSelectionDrivesTree()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    const SnapshotPtr snapshot = m_window->document()->snapshot();
    const auto products = snapshot->nodesOfKind(EntityKind::Product);
    QVERIFY(!products.empty());
    const NodeId target = products.back();
    GraphView *graph = m_window->graphView();
    graph->scene()->clearSelection();
    graph->itemForNode(target)->setSelected(true);

    QTreeView *tree = m_window->navigator()->treeView();
    QCOMPARE(NodeId(tree->currentIndex().data(MeshTreeModel::NodeIdRole).toUInt()), target);
    QVERIFY(tree->selectionModel()->isSelected(tree->currentIndex()));
    QCOMPARE(m_window->inspector()->node(), target);

    // A domain box too.
    const NodeId domain = snapshot->nodesOfKind(EntityKind::Domain).front();
    graph->scene()->clearSelection();
    graph->itemForNode(domain)->setSelected(true);
    QCOMPARE(NodeId(tree->currentIndex().data(MeshTreeModel::NodeIdRole).toUInt()), domain);
    QCOMPARE(m_window->inspector()->node(), domain);
}

void TestMainWindow::graphDrawsSomething()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    const SnapshotPtr snapshot = m_window->document()->snapshot();
    GraphView *graph = m_window->graphView();
    int products = 0, domains = 0, edges = 0;
    for (const QGraphicsItem *item : graph->scene()->items()) {
        products += item->type() == ProductItemType;
        domains += item->type() == DomainItemType;
        edges += item->type() == EdgeItemType;
    }
    QCOMPARE(products, int(snapshot->nodesOfKind(EntityKind::Product).size()));
    QVERIFY(domains >= int(snapshot->nodesOfKind(EntityKind::Domain).size()));
    QVERIFY(edges <= int(snapshot->level(Level::Product).edgeCount()));

    graph->zoomToFit();
    const QImage image = graph->grab().toImage();
    QVERIFY(!image.isNull());
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 10, qPrintable(QString::number(colours.size())));
}

void TestMainWindow::exportsTheCurrentTab()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    QTemporaryDir dir;
    QString error;
    QVERIFY2(m_window->exportCurrentView(dir.filePath(u"map.svg"_s), &error), qPrintable(error));
    QVERIFY(QFileInfo(dir.filePath(u"map.svg"_s)).size() > 1000);
    QVERIFY(!m_window->exportCurrentView(dir.filePath(u"map.gif"_s), &error));
    QVERIFY2(error.contains(u".png, .svg or .pdf"_s), qPrintable(error));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"map.gif"_s)));
}

void TestMainWindow::doubleClickOpensProductThenLineage()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    const SnapshotPtr snapshot = m_window->document()->snapshot();
    GraphView *graph = m_window->graphView();
    m_window->centralTabs()->setCurrentWidget(graph);
    graph->setTransform(QTransform());  // 100 %: boxes big enough to hit
    const NodeId product = snapshot->nodesOfKind(EntityKind::Product).front();
    NodeItem *item = graph->itemForNode(product);
    QVERIFY(item);
    graph->centerOn(item);
    // A double-click on a product opens it in place: its datasets appear inside it.
    QTest::mouseDClick(graph->viewport(), Qt::LeftButton, {},
                       graph->mapFromScene(item->sceneBoundingRect().center()));
    QVERIFY(graph->isProductOpen(product));
    QCOMPARE(m_window->centralTabs()->currentWidget(), graph);
    NodeId dataset = kNoNode;
    for (const NodeId child : snapshot->children(product)) {
        if (snapshot->node(child).kind == EntityKind::Dataset) {
            dataset = child;
            break;
        }
    }
    NodeItem *datasetItem = graph->itemForNode(dataset);
    QVERIFY2(datasetItem, "an opened product draws its datasets");
    QVERIFY(graph->itemForNode(product)->sceneBoundingRect().contains(datasetItem->sceneBoundingRect()));

    // A double-click on one of them shows its lineage.
    graph->centerOn(datasetItem);
    QSignalSpy ready(m_window->lineagePanel()->view(), &LineageView::layoutReady);
    QTest::mouseDClick(graph->viewport(), Qt::LeftButton, {},
                       graph->mapFromScene(datasetItem->sceneBoundingRect().center()));
    QCOMPARE(m_window->centralTabs()->currentWidget(), m_window->lineagePanel());
    QVERIFY(ready.wait(5000));
    QCOMPARE(m_window->lineagePanel()->view()->step().focusKey, snapshot->keyString(dataset));
    QCOMPARE(m_window->lineagePanel()->view()->step().level, Level::Dataset);
    m_window->centralTabs()->setCurrentWidget(graph);
    graph->closeAllProducts();
    QCOMPARE(graph->openProductCount(), std::size_t(0));
    QVERIFY(!graph->itemForNode(dataset));

    // Quick open choosing a dataset on the map opens its product and selects the dataset.
    Q_EMIT m_window->quickOpen()->nodeChosen(dataset);
    QVERIFY(graph->isProductOpen(product));
    QCOMPARE(graph->selectedNode(), dataset);
    QCOMPARE(m_window->inspector()->node(), dataset);
    graph->closeAllProducts();
    // Leave the product selected, as the tests after this one expect.
    graph->centerOn(graph->itemForNode(product));
    QTest::mouseClick(graph->viewport(), Qt::LeftButton, {},
                      graph->mapFromScene(graph->itemForNode(product)->sceneBoundingRect().center()));
    QCOMPARE(m_window->inspector()->node(), product);
    graph->zoomToFit();
}

void TestMainWindow::filterKeepsMatches()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    NavigatorPanel *navigator = m_window->navigator();
    const NodeId selected = m_window->inspector()->node();
    const QModelIndex product = firstProductRow();
    const QString name = product.data().toString();
    navigator->setFilterText(name);
    const QAbstractItemModel *model = navigator->treeView()->model();
    QVERIFY(model->rowCount() >= 1);
    QVERIFY(!model->match(model->index(0, 0), Qt::DisplayRole, name, 1,
                          Qt::MatchExactly | Qt::MatchRecursive).isEmpty());
    navigator->setFilterText(u"no such thing anywhere 42"_s);
    QCOMPARE(model->rowCount(), 0);
    navigator->setFilterText(QString());
    QVERIFY(model->rowCount() >= int(m_window->document()->snapshot()->nodesOfKind(EntityKind::Domain).size()));
    // Filtering never changed what is selected.
    QCOMPARE(m_window->inspector()->node(), selected);
    QCOMPARE(NodeId(navigator->treeView()->currentIndex().data(MeshTreeModel::NodeIdRole).toUInt()), selected);
}

void TestMainWindow::importFailureListsDiagnostics()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    const QString broken = m_temp.filePath(u"broken.json"_s);
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ \"domains\": [ { \"key\": ");
    file.close();

    MeshDocument *document = m_window->document();
    const NodeId selected = m_window->inspector()->node();
    QVERIFY(selected != kNoNode);
    const QString selectedKey = document->snapshot()->keyString(selected);
    QSignalSpy failed(document, &MeshDocument::failed);
    QSignalSpy reloaded(document, &MeshDocument::snapshotLoaded);
    m_window->openOrImport({broken});
    QVERIFY(waitForJob(document));
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().at(1).toString().contains(u"broken.json"_s));
    QVERIFY(failed.first().at(2).toString().contains(u"broken.json"_s));  // the diagnostics
    // The message box is open (not blocking) and the mesh is still shown.
    QVERIFY(m_window->findChild<QMessageBox *>(u"failureMessage"_s));
    QVERIFY(document->snapshot());
    // The other files (none here) were written and the cache reloaded; the selection
    // survives the reload.
    QCOMPARE(reloaded.count(), 1);
    QVERIFY(m_window->inspector()->node() != kNoNode);
    QCOMPARE(document->snapshot()->keyString(m_window->inspector()->node()), selectedKey);
    QCOMPARE(m_window->graphView()->selectedNode(), m_window->inspector()->node());
    closeMessageBoxes();
}

void TestMainWindow::missingStartupFileFails()
{
    if (!meshLoaded())
        QSKIP("no mesh loaded");
    MeshDocument *document = m_window->document();
    const SnapshotPtr before = document->snapshot();
    QSignalSpy failed(document, &MeshDocument::failed);
    document->openStartup(m_temp.filePath(u"does-not-exist.meshlens"_s));
    QVERIFY(waitForJob(document));
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().at(1).toString().contains(u"does-not-exist"_s));
    QCOMPARE(document->snapshot(), before);  // nothing replaced
    closeMessageBoxes();
}

void TestMainWindow::settingsPersist()
{
    if (!m_window)
        QSKIP("no window");
    m_window->close();
    QSettings settings;
    QVERIFY(!settings.value(u"mainWindow/geometry"_s).toByteArray().isEmpty());
    QVERIFY(!settings.value(u"mainWindow/state"_s).toByteArray().isEmpty());
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
