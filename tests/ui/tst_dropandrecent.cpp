// Files dropped on the window (mesh files are imported, a cache is opened, anything that is
// not a local file is refused) and the Open Recent list (order, duplicates, the cap, missing
// files, Clear Menu, and the menu reopening a cache). Headless, in QStandardPaths' test mode.

#include "mainwindow.h"
#include "meshdocument.h"
#include "recentfiles.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

// One product with two datasets and an edge, under keys the demo mesh does not use.
const char *kDroppedMesh = R"({
  "format": "meshlens-mesh", "version": 1, "generatedAt": "2025-06-01T00:00:00Z",
  "domains": [{"key": "domain:dropzone", "name": "Drop zone"}],
  "products": [{"key": "product:dropzone.parcels", "name": "Parcels", "domain": "domain:dropzone"}],
  "datasets": [
    {"namespace": "pg", "name": "parcels_raw", "product": "product:dropzone.parcels"},
    {"namespace": "pg", "name": "parcels_clean", "product": "product:dropzone.parcels"}],
  "edges": [{"from": "dataset:pg/parcels_raw", "to": "dataset:pg/parcels_clean"}]
})";

bool has(const SnapshotPtr &snapshot, const char *key)
{
    return snapshot && snapshot->find(key).has_value();
}

// Sends a drag-enter and, when accepted, a drop of `mime` at the window's centre.
bool drop(QWidget *window, QMimeData *mime)
{
    const QPoint centre = window->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent dropEvent(QPointF(centre), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &dropEvent);
    return dropEvent.isAccepted();
}

QAction *menuAction(QMenu *menu, const QString &textPart)
{
    for (QAction *a : menu->actions()) {
        if (a->text().contains(textPart))
            return a;
    }
    return nullptr;
}

}  // namespace

class TestDropAndRecent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MeshLens"_s);
        QCoreApplication::setApplicationName(u"MeshLensDropTest"_s);
        QVERIFY2(QSettings().fileName().contains(u"/.qttest/"_s), qPrintable(QSettings().fileName()));
        QVERIFY2(MeshDocument::dataDir().contains(u"/.qttest/"_s), qPrintable(MeshDocument::dataDir()));
        QDir(MeshDocument::dataDir()).removeRecursively();
        QSettings().clear();
        QVERIFY(m_temp.isValid());
    }

    void recentListKeepsOrderAndCap()
    {
        RecentFiles recent;
        recent.clear();
        QStringList paths;
        for (int i = 0; i < RecentFiles::kMaxFiles + 3; ++i) {
            paths << m_temp.filePath(u"cache%1.meshlens"_s.arg(i));
            QFile f(paths.last());
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        for (const QString &p : paths)
            recent.add(p);
        // Most recent first, capped, the oldest dropped.
        QCOMPARE(recent.files().size(), RecentFiles::kMaxFiles);
        QCOMPARE(recent.files().first(), paths.last());
        QVERIFY(!recent.files().contains(paths.first()));
        // Adding one again moves it to the top instead of listing it twice.
        recent.add(paths[5]);
        QCOMPARE(recent.files().first(), paths[5]);
        QCOMPARE(recent.files().count(paths[5]), 1);
        QCOMPARE(recent.files().size(), RecentFiles::kMaxFiles);
        // Relative paths are stored absolute.
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(m_temp.path());
        recent.add(u"cache9.meshlens"_s);
        QDir::setCurrent(cwd);
        QCOMPARE(recent.files().first(), m_temp.filePath(u"cache9.meshlens"_s));
        // The list outlives the object (QSettings).
        QCOMPARE(RecentFiles().files(), recent.files());
    }

    void menuListsDisablesMissingAndClears()
    {
        RecentFiles recent;
        recent.clear();
        const QString present = m_temp.filePath(u"present.meshlens"_s);
        QFile f(present);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const QString gone = m_temp.filePath(u"gone.meshlens"_s);
        recent.add(gone);
        recent.add(present);
        QMenu menu;
        recent.fillMenu(&menu);
        QAction *first = menuAction(&menu, u"&1  present.meshlens"_s);
        QAction *second = menuAction(&menu, u"&2  gone.meshlens"_s);
        QVERIFY(first && second);
        QVERIFY(first->isEnabled());
        QVERIFY2(!second->isEnabled(), "a file that no longer exists cannot be chosen");
        QSignalSpy chosen(&recent, &RecentFiles::fileChosen);
        first->trigger();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().first().toString(), present);

        menuAction(&menu, u"Clear Menu"_s)->trigger();
        QVERIFY(recent.files().isEmpty());
        recent.fillMenu(&menu);
        QVERIFY(menuAction(&menu, u"No recent files"_s));
        QVERIFY(!menuAction(&menu, u"Clear Menu"_s)->isEnabled());
    }

    void dropImportsAndOpensAndRefuses()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MeshDocument *document = window.document();
        {
            QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
            document->openStartup(QString());  // the demo mesh, as on first start
            QVERIFY(loaded.wait(120000));
        }
        QVERIFY(!has(document->snapshot(), "product:dropzone.parcels"));

        // Not local files: refused at drag-enter, nothing starts.
        QMimeData remote;
        remote.setUrls({QUrl(u"https://example.com/mesh.json"_s)});
        QVERIFY(!drop(&window, &remote));
        QMimeData text;
        text.setText(u"/tmp/mesh.json"_s);
        QVERIFY(!drop(&window, &text));

        // A mesh file: imported into the open cache, the mesh reloaded with it.
        const QString meshFile = m_temp.filePath(u"dropped.json"_s);
        QFile f(meshFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kDroppedMesh);
        f.close();
        const QString cache = document->cachePath();
        {
            QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(meshFile)});
            QVERIFY(drop(&window, &mime));
            QVERIFY(loaded.wait(60000));
        }
        QCOMPARE(document->cachePath(), cache);
        QVERIFY(has(document->snapshot(), "product:dropzone.parcels"));
        QVERIFY(has(document->snapshot(), "dataset:pg/parcels_clean"));
        QVERIFY(has(document->snapshot(), "domain:dropzone"));

        // A cache among dropped files: that cache opens (the other file is not imported), and
        // it joins Open Recent.
        QFile::remove(m_temp.filePath(u"other.meshlens"_s));
        QVERIFY(QFile::copy(cache, m_temp.filePath(u"other.meshlens"_s)));
        {
            QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(meshFile), QUrl::fromLocalFile(m_temp.filePath(u"other.meshlens"_s))});
            QVERIFY(drop(&window, &mime));
            QVERIFY(loaded.wait(60000));
        }
        QCOMPARE(QFileInfo(document->cachePath()).fileName(), u"other.meshlens"_s);
        QCOMPARE(RecentFiles().files().first(), QFileInfo(m_temp.filePath(u"other.meshlens"_s)).absoluteFilePath());

        // File > Open Recent lists it; choosing the previous cache reopens it.
        RecentFiles().add(cache);
        RecentFiles().add(m_temp.filePath(u"other.meshlens"_s));
        QMenu *recentMenu = nullptr;
        for (QMenu *m : window.menuBar()->findChildren<QMenu *>()) {
            if (m->title().contains(u"Recent"_s))
                recentMenu = m;
        }
        QVERIFY(recentMenu);
        QMetaObject::invokeMethod(recentMenu, "aboutToShow");
        QAction *previous = menuAction(recentMenu, u"&2  "_s + QFileInfo(cache).fileName());
        QVERIFY2(previous, "the earlier cache is second in Open Recent");
        QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
        previous->trigger();
        QVERIFY(loaded.wait(60000));
        QCOMPARE(QFileInfo(document->cachePath()).absoluteFilePath(), QFileInfo(cache).absoluteFilePath());
    }

private:
    QTemporaryDir m_temp;
};

QTEST_MAIN(TestDropAndRecent)
#include "tst_dropandrecent.moc"
