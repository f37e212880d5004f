// The quick-open box driven with QTest key events: typing lists matches, the arrows and
// page keys move, Enter emits the chosen node and closes, Esc closes without choosing; the
// worker-thread path answers the latest text; matched characters are drawn highlighted;
// and in the main window Ctrl+K picks a node that the navigator, graph and inspector then
// show. Headless (offscreen) in QStandardPaths' test mode.

#include "graphview.h"
#include "inspectorpanel.h"
#include "mainwindow.h"
#include "meshdocument.h"
#include "meshpalette.h"
#include "navigatorpanel.h"
#include "quickopen.h"
#include "search/searchresultmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

// Three domains of products with datasets named so that "ord" has a clear order.
SnapshotPtr fixtureGraph()
{
    QStringList parts;
    for (int i = 0; i < 30; ++i)
        parts << u"sales/orders: ord_%1 -> x_ord_%1"_s.arg(i);
    parts << u"risk/scores: order_scores -> forward"_s << u"hr/people: nothing -> else"_s;
    return test::graphFromText(parts.join(u"; "_s));
}

QStringList rowNames(const SearchResultModel *model)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, 0).data().toString();
    return out;
}

}  // namespace

class TestQuickOpen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MeshLens"_s);
        // An application name of its own: the main window test makes the demo cache in
        // its own folder, and the two may run at the same time.
        QCoreApplication::setApplicationName(u"MeshLensQuickOpenTest"_s);
        QVERIFY2(MeshDocument::dataDir().contains(u"/.qttest/"_s), qPrintable(MeshDocument::dataDir()));
        QDir(MeshDocument::dataDir()).removeRecursively();

        m_window.resize(1200, 800);
        m_box = new QuickOpen(&m_window);
        m_window.show();
        m_window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&m_window));
        m_graph = fixtureGraph();
        QSignalSpy ready(m_box, &QuickOpen::indexReady);
        m_box->setSnapshot(m_graph);
        QVERIFY(m_box->isIndexing());
        QVERIFY(ready.wait(10000));
        QVERIFY(m_box->index());
        QCOMPARE(m_box->index()->size(), m_graph->nodeCount());
    }

    void typingListsMatches()
    {
        QAbstractItemModelTester tester(m_box->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_box->popup();
        QVERIFY(m_box->isVisible());
        QTRY_VERIFY(m_box->lineEdit()->hasFocus());
        // The box floats over the top middle of its window.
        QVERIFY(m_window.rect().contains(m_box->geometry()));
        QVERIFY(std::abs(m_box->geometry().center().x() - m_window.rect().center().x()) <= 1);

        QTest::keyClicks(m_box->lineEdit(), u"ord"_s);
        QCOMPARE(m_box->model()->rowCount(), QuickOpen::kResultLimit);  // 63 match, 50 shown
        const QStringList names = rowNames(m_box->model());
        // The exact-length and prefix names first (ord_0..ord_9 are shortest), word starts
        // (x_ord_) after all of them.
        QCOMPARE(names.first(), u"ord_0"_s);
        QVERIFY(names.indexOf(u"ord_29"_s) < names.indexOf(u"x_ord_0"_s));
        QVERIFY(!names.contains(u"forward"_s));  // scattered: below fifty better ones
        QCOMPARE(m_box->resultView()->currentIndex().row(), 0);
        QVERIFY2(m_box->statusText().startsWith(u"Best 50 matches"_s), qPrintable(m_box->statusText()));
        // Each row carries what the delegate draws.
        const QModelIndex first = m_box->model()->index(0, 0);
        QCOMPARE(first.data(SearchResultModel::PositionsRole).value<QList<int>>(), (QList<int>{0, 1, 2}));
        QCOMPARE(first.data(SearchResultModel::PathRole).toString(), u"sales \u203a orders"_s);
        QCOMPARE(first.data(SearchResultModel::KeyRole).toString(), u"dataset:ord_0"_s);

        QTest::keyClicks(m_box->lineEdit(), u"er_sc"_s);
        QCOMPARE(rowNames(m_box->model()), QStringList{u"order_scores"_s});
        QCOMPARE(m_box->statusText().left(7), u"1 match"_s);
    }

    void keysMoveAndEnterChooses()
    {
        m_box->popup();
        m_box->lineEdit()->clear();
        QTest::keyClicks(m_box->lineEdit(), u"ord"_s);
        QListView *list = m_box->resultView();
        QCOMPARE(list->currentIndex().row(), 0);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Down);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Down);
        QCOMPARE(list->currentIndex().row(), 2);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Up);
        QCOMPARE(list->currentIndex().row(), 1);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Up);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Up);  // wraps to the last
        QCOMPARE(list->currentIndex().row(), QuickOpen::kResultLimit - 1);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_PageUp);
        const int page = QuickOpen::kResultLimit - 1 - list->currentIndex().row();
        QVERIFY2(page >= 3, qPrintable(QString::number(page)));  // a page is several rows
        QTest::keyClick(m_box->lineEdit(), Qt::Key_PageDown);
        QCOMPARE(list->currentIndex().row(), QuickOpen::kResultLimit - 1);  // stops at the end
        for (int i = 0; i < 30; ++i)
            QTest::keyClick(m_box->lineEdit(), Qt::Key_PageUp);
        QCOMPARE(list->currentIndex().row(), 0);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Down);
        QCOMPARE(m_box->lineEdit()->text(), u"ord"_s);  // the keys never reached the text

        const NodeId expected = m_box->model()->hit(1).node;
        QSignalSpy chosen(m_box, &QuickOpen::nodeChosen);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().value<NodeId>(), expected);
        QCOMPARE(m_graph->keyString(expected), u"dataset:ord_1"_s);
        QVERIFY(!m_box->isVisible());
    }

    void clickChooses()
    {
        m_box->popup();
        m_box->lineEdit()->setText(u"ord"_s);
        QListView *list = m_box->resultView();
        const QModelIndex third = m_box->model()->index(2, 0);
        const NodeId expected = m_box->model()->hit(2).node;
        QSignalSpy chosen(m_box, &QuickOpen::nodeChosen);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(third).center());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().value<NodeId>(), expected);
        QVERIFY(!m_box->isVisible());
    }

    void escapeClosesWithoutChoosing()
    {
        QSignalSpy chosen(m_box, &QuickOpen::nodeChosen);
        m_box->popup();
        QVERIFY(m_box->isVisible());
        // The previous text comes back selected: typing replaces it.
        QCOMPARE(m_box->lineEdit()->selectedText(), u"ord"_s);
        QVERIFY(m_box->model()->rowCount() > 0);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Escape);
        QVERIFY(!m_box->isVisible());
        QCOMPARE(chosen.count(), 0);
        // Enter with nothing listed chooses nothing either.
        m_box->popup();
        QTest::keyClicks(m_box->lineEdit(), u"zzzz"_s);
        QCOMPARE(m_box->model()->rowCount(), 0);
        QVERIFY(m_box->resultView()->isHidden());
        QVERIFY(m_box->statusText().startsWith(u"No matches"_s));
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Return);
        QCOMPARE(chosen.count(), 0);
        QVERIFY(m_box->isVisible());
        m_box->hide();
    }

    void filtersAndErrors()
    {
        m_box->popup();
        QTest::keyClicks(m_box->lineEdit(), u"kind:product"_s);
        // No text: every product, shortest name first, then in load order.
        QCOMPARE(rowNames(m_box->model()), (QStringList{u"orders"_s, u"scores"_s, u"people"_s}));
        m_box->lineEdit()->setText(u"domain:risk"_s);
        QCOMPARE(rowNames(m_box->model()), (QStringList{u"risk"_s, u"scores"_s, u"forward"_s, u"order_scores"_s}));
        m_box->lineEdit()->setText(u"kind:table ord"_s);
        QCOMPARE(m_box->model()->rowCount(), 0);
        QVERIFY2(m_box->statusText().contains(u"\"table\" is not"_s), qPrintable(m_box->statusText()));
        m_box->lineEdit()->clear();
        QVERIFY(m_box->statusText().contains(u"kind:"_s));  // the help
        m_box->hide();
    }

    void workerThreadAnswersTheLatestText()
    {
        m_box->setBackgroundFrom(1);  // every query on a worker
        m_box->popup();
        m_box->lineEdit()->clear();
        QSignalSpy shown(m_box, &QuickOpen::resultsShown);
        QTest::keyClicks(m_box->lineEdit(), u"forw"_s);
        // Whatever arrived in between, the last answer is for the whole text.
        QTRY_COMPARE(rowNames(m_box->model()), QStringList{u"forward"_s});
        QVERIFY(shown.count() >= 1 && shown.count() <= 4);
        QTest::keyClick(m_box->lineEdit(), Qt::Key_Escape);
        m_box->setBackgroundFrom(100000);
    }

    void matchesAreHighlighted()
    {
        m_box->popup();
        m_box->lineEdit()->setText(u"order_sc"_s);
        QCOMPARE(m_box->model()->rowCount(), 1);
        QListView *list = m_box->resultView();
        const QRect row = list->visualRect(m_box->model()->index(0, 0));
        const QImage image = list->viewport()->grab(row).toImage();
        // The bold accent letters: pixels close to the accent colour in the name's line
        // (right of the selected row's accent bar).
        const QColor accent = palette::selectionColor();
        int accentPixels = 0;
        for (int y = 0; y < image.height() / 2; ++y) {
            for (int x = 6; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                accentPixels += std::abs(c.red() - accent.red()) + std::abs(c.green() - accent.green())
                        + std::abs(c.blue() - accent.blue()) < 60;
            }
        }
        QVERIFY2(accentPixels > 40, qPrintable(QString::number(accentPixels)));
        m_box->hide();
    }

    void mainWindowCtrlKSelectsEverywhere()
    {
        if (QFile(u":/demo/demo-mesh.json"_s).size() < 64)
            QSKIP("the bundled demo mesh is not linked in");
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy loaded(window.document(), &MeshDocument::snapshotLoaded);
        window.document()->openStartup(QString());
        QVERIFY(loaded.wait(120000));
        QuickOpen *box = window.quickOpen();
        QTRY_VERIFY_WITH_TIMEOUT(box->index() != nullptr, 20000);

        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(box->isVisible());
        QTRY_VERIFY(box->lineEdit()->hasFocus());
        QTest::keyClicks(box->lineEdit(), u"kind:product order_returns"_s);
        QVERIFY(box->model()->rowCount() >= 1);
        const NodeId product = box->model()->hit(0).node;
        const SnapshotPtr snapshot = window.document()->snapshot();
        QCOMPARE(snapshot->keyString(product), u"product:sales.order_returns"_s);
        QTest::keyClick(box->lineEdit(), Qt::Key_Enter);
        QVERIFY(!box->isVisible());
        QCOMPARE(window.graphView()->selectedNode(), product);
        const QModelIndex current = window.navigator()->treeView()->currentIndex();
        QCOMPARE(current.data(SearchResultModel::NodeIdRole).toUInt(), uint(product));

        // Again (Ctrl+P prints), and a dataset chosen on the map opens its product's box and
        // is selected itself (it used to select the closed product: the dataset was not drawn).
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QVERIFY(box->isVisible());
        QTest::keyClicks(box->lineEdit(), u"kind:dataset"_s);
        const NodeId dataset = box->model()->hit(0).node;
        QTest::keyClick(box->lineEdit(), Qt::Key_Return);
        QVERIFY(window.graphView()->isProductOpen(snapshot->ancestor(dataset, EntityKind::Product)));
        QCOMPARE(window.graphView()->selectedNode(), dataset);
        QCOMPARE(window.navigator()->treeView()->currentIndex().data(SearchResultModel::NodeIdRole).toUInt(),
                 uint(dataset));
    }

    void cleanupTestCase() { QDir(MeshDocument::dataDir()).removeRecursively(); }

private:
    QWidget m_window;
    QuickOpen *m_box = nullptr;
    SnapshotPtr m_graph;
};

QTEST_MAIN(TestQuickOpen)
#include "tst_quickopen.moc"
