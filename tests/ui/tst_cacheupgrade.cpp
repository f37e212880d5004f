// Opening a cache an older MeshLens wrote: the window never upgrades it unasked (loading is
// read-only), it asks; Cancel leaves the file as it was, "Upgrade and Open" upgrades it in
// place and shows it. Headless, in QStandardPaths' test mode.

#include "cache/meshcache.h"
#include "ingest/ingestpipeline.h"
#include "mainwindow.h"
#include "meshdocument.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

const char *kMesh = R"({
  "format": "meshlens-mesh", "version": 1, "generatedAt": "2025-06-01T00:00:00Z",
  "domains": [{"key": "domain:attic", "name": "Attic"}],
  "products": [{"key": "product:attic.boxes", "name": "Boxes", "domain": "domain:attic"}],
  "datasets": [
    {"namespace": "pg", "name": "boxes_raw", "product": "product:attic.boxes"},
    {"namespace": "pg", "name": "boxes_clean", "product": "product:attic.boxes"}],
  "edges": [{"from": "dataset:pg/boxes_raw", "to": "dataset:pg/boxes_clean"}]
})";

QString query(const QString &path, const char *sql)
{
    return test::querySqlite(path, sql);
}

bool exec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    const bool ok = sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

QMessageBox *upgradeQuestion(QWidget *window)
{
    return window->findChild<QMessageBox *>(u"upgradeQuestion"_s);
}

QAbstractButton *button(QMessageBox *box, const QString &text)
{
    for (QAbstractButton *b : box->buttons()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

} // namespace

class TestCacheUpgrade : public QObject
{
    Q_OBJECT

    // kMesh written to `mesh`, then imported into a new cache at `path` (this build's schema).
    void writeCache(const QString &mesh, const QString &path)
    {
        QFile f(mesh);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kMesh);
        f.close();
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        QVERIFY(!ingestInputs(*cache.value(), {mesh}).anyErrors());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MeshLens"_s);
        QCoreApplication::setApplicationName(u"MeshLensUpgradeTest"_s);
        QSettings().clear();
        QVERIFY(m_temp.isValid());
    }

    void olderCacheIsUpgradedOnlyWhenTheUserSaysSo()
    {
        // A cache as schema 4 wrote it: this build's file with schema 5's key table swapped
        // back for the unique index on the key text.
        const QString mesh = m_temp.filePath(u"attic.json"_s);
        const QString path = m_temp.filePath(u"attic.meshlens"_s);
        writeCache(mesh, path);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(exec(path, "BEGIN; DROP TABLE entity_key; CREATE UNIQUE INDEX entity_key ON entity(key); "
                           "CREATE UNIQUE INDEX edge_ends ON edge(src_id, dst_id, job_id); "
                           "PRAGMA user_version = 4; COMMIT;"));
        QCOMPARE(MeshCache::upgradableSchema(path), 4);
        QCOMPARE(MeshCache::upgradableSchema(mesh), 0);  // not a cache at all

        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MeshDocument *document = window.document();
        QSignalSpy offered(document, &MeshDocument::upgradeOffered);
        QSignalSpy failed(document, &MeshDocument::failed);
        QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);

        // Opening asks, and changes nothing; Cancel keeps it so.
        document->openCache(path);
        QVERIFY(offered.wait(30000));
        QCOMPARE(offered.first().at(0).toString(), path);
        QCOMPARE(offered.first().at(1).toInt(), 4);
        QTRY_VERIFY(upgradeQuestion(&window));
        QMessageBox *box = upgradeQuestion(&window);
        QVERIFY2(box->text().contains(u"schema 4"_s), qPrintable(box->text()));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(query(path, "PRAGMA user_version"), u"4"_s);
        QAbstractButton *cancel = box->button(QMessageBox::Cancel);
        QVERIFY(cancel);
        cancel->click();
        QTest::qWait(200);
        QCOMPARE(loaded.size(), 0);
        QVERIFY(!document->snapshot());
        QCOMPARE(query(path, "PRAGMA user_version"), u"4"_s);
        QTRY_VERIFY(!upgradeQuestion(&window));

        // Again, and this time upgrade: the file has this build's schema and the mesh is shown.
        document->openCache(path);
        QVERIFY(offered.wait(30000));
        QTRY_VERIFY(upgradeQuestion(&window));
        QAbstractButton *upgrade = button(upgradeQuestion(&window), u"Upgrade and Open"_s);
        QVERIFY(upgrade);
        upgrade->click();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(query(path, "PRAGMA user_version"), QString::number(MeshCache::kSchemaVersion));
        QCOMPARE(query(path, "SELECT count(*) FROM entity_key"), query(path, "SELECT count(*) FROM entity"));
        QCOMPARE(query(path, "SELECT count(*) FROM sqlite_master WHERE name = 'edge_ends'"), u"0"_s);
        QVERIFY(document->snapshot());
        QVERIFY(document->snapshot()->find("dataset:pg/boxes_clean").has_value());
        QCOMPARE(document->cachePath(), path);
    }

    // Schema 6 only dropped an index no read used: a schema 5 file opens read-only as it is,
    // without a question, and stays schema 5.
    void schema5CacheOpensWithoutAQuestion()
    {
        const QString path = m_temp.filePath(u"five.meshlens"_s);
        writeCache(m_temp.filePath(u"five.json"_s), path);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(exec(path, "BEGIN; CREATE UNIQUE INDEX edge_ends ON edge(src_id, dst_id, job_id); "
                           "PRAGMA user_version = 5; COMMIT;"));
        MainWindow window;
        MeshDocument *document = window.document();
        QSignalSpy offered(document, &MeshDocument::upgradeOffered);
        QSignalSpy failed(document, &MeshDocument::failed);
        QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
        document->openCache(path);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(offered.size(), 0);
        QCOMPARE(failed.size(), 0);
        QVERIFY(document->snapshot()->find("dataset:pg/boxes_clean").has_value());
        QCOMPARE(query(path, "PRAGMA user_version"), u"5"_s);
    }

    // A file from a newer MeshLens is no upgrade: it fails as before, with both versions.
    void newerCacheIsRefusedWithoutAQuestion()
    {
        const QString path = m_temp.filePath(u"newer.meshlens"_s);
        {
            auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
            QVERIFY(cache);
        }
        QVERIFY(exec(path, "PRAGMA user_version = 99"));
        QCOMPARE(MeshCache::upgradableSchema(path), 0);
        MainWindow window;
        MeshDocument *document = window.document();
        QSignalSpy offered(document, &MeshDocument::upgradeOffered);
        QSignalSpy failed(document, &MeshDocument::failed);
        document->openCache(path);
        QVERIFY(failed.wait(30000));
        QCOMPARE(offered.size(), 0);
        QVERIFY2(failed.first().at(1).toString().contains(u"newer MeshLens"_s),
            qPrintable(failed.first().at(1).toString()));
    }

private:
    QTemporaryDir m_temp;
};

QTEST_MAIN(TestCacheUpgrade)
#include "tst_cacheupgrade.moc"
