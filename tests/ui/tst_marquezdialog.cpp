// "Connect to Marquez…": the dialog lists namespaces from a fake Marquez on loopback off
// the UI thread, reports failures in its status line, and File › Connect to Marquez… pulls
// into a cache and reloads the document. Headless, in QStandardPaths' test mode.

#include "fakemarquez.h"
#include "mainwindow.h"
#include "marquezdialog.h"
#include "meshdocument.h"
#include "testsupport.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;
using test::FakeMarquez;

namespace {

QJsonArray twoRuns()
{
    const auto event = [](const char *job, const char *in, const char *out) {
        return QJsonObject{
            {u"eventType"_s, u"COMPLETE"_s}, {u"eventTime"_s, u"2024-03-01T10:00:00Z"_s},
            {u"producer"_s, u"test"_s}, {u"run"_s, QJsonObject{{u"runId"_s, QLatin1StringView(job)}}},
            {u"job"_s, QJsonObject{{u"namespace"_s, u"food_delivery"_s}, {u"name"_s, QLatin1StringView(job)}}},
            {u"inputs"_s, QJsonArray{QJsonObject{{u"namespace"_s, u"food_delivery"_s}, {u"name"_s, QLatin1StringView(in)}}}},
            {u"outputs"_s, QJsonArray{QJsonObject{{u"namespace"_s, u"food_delivery"_s}, {u"name"_s, QLatin1StringView(out)}}}}};
    };
    return {event("etl_orders", "public.orders", "public.orders_7_days"),
            event("etl_delivery", "public.orders_7_days", "public.delivery_7_days")};
}

}  // namespace

class TestMarquezDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MeshLens"_s);
        QCoreApplication::setApplicationName(u"MeshLensMarquezTest"_s);
        QVERIFY2(QSettings().fileName().contains(u"/.qttest/"_s), qPrintable(QSettings().fileName()));
        QSettings().clear();
        QDir(MeshDocument::dataDir()).removeRecursively();
    }

    void testConnectionListsNamespaces()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveNamespaces({QJsonObject{{u"name"_s, u"food_delivery"_s}}, QJsonObject{{u"name"_s, u"default"_s}}});
        MarquezDialog dialog;
        dialog.setServerUrl(server.url().toString());
        QCOMPARE(dialog.apiKeyEdit()->echoMode(), QLineEdit::Password);
        dialog.apiKeyEdit()->setText(u"dlg-key-778"_s);
        QSignalSpy tested(&dialog, &MarquezDialog::connectionTested);
        QTest::mouseClick(dialog.findChild<QPushButton *>(u"marquezTest"_s), Qt::LeftButton);
        QVERIFY(tested.wait(10'000));
        QCOMPARE(tested.first().at(0).toBool(), true);
        QCOMPARE(dialog.namespaceBox()->count(), 3);  // all (empty) + the two
        QCOMPARE(dialog.namespaceBox()->itemText(1), u"food_delivery"_s);
        QCOMPARE(dialog.namespaceBox()->itemText(2), u"default"_s);
        QCOMPARE(dialog.statusLabel()->text(), u"Connected: 2 namespaces (food_delivery, default)."_s);
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests()[0].headers.value("authorization"), QByteArray("Bearer dlg-key-778"));

        dialog.namespaceBox()->setCurrentIndex(1);
        const MarquezPullOptions o = dialog.options();
        QCOMPARE(o.ns, u"food_delivery"_s);
        QCOMPARE(o.apiKey, u"dlg-key-778"_s);
        QCOMPARE(o.since, 0);
        QCOMPARE(o.server, server.url());
    }

    void testConnectionFailuresAreShown()
    {
        MarquezDialog dialog;
        QSignalSpy tested(&dialog, &MarquezDialog::connectionTested);
        dialog.setServerUrl(u"localhost:5000"_s);  // no scheme
        dialog.testConnection();
        QCOMPARE(tested.count(), 1);
        QVERIFY2(dialog.statusLabel()->text().startsWith(u"Server URL: expected an http:// or https:// URL"_s),
                 qPrintable(dialog.statusLabel()->text()));

        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QString url = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
        closed.close();
        dialog.setServerUrl(url);
        dialog.testConnection();
        QVERIFY(tested.wait(20'000));
        QCOMPARE(tested.last().at(0).toBool(), false);
        QVERIFY2(dialog.statusLabel()->text().contains(u"connection refused (is Marquez running at "_s + url + u"?)"_s),
                 qPrintable(dialog.statusLabel()->text()));
    }

    void fileMenuPullsIntoTheDocument()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveEvents(twoRuns());
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MeshDocument *document = window.document();
        QVERIFY(document->cachePath().isEmpty());  // nothing open yet

        QAction *connectAction = nullptr;
        for (QAction *a : window.menuBar()->actions().constFirst()->menu()->actions())
            if (a->text() == u"Connect to &Marquez\u2026")
                connectAction = a;
        QVERIFY(connectAction);
        connectAction->trigger();
        auto *dialog = window.findChild<MarquezDialog *>(u"marquezDialog"_s);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->setServerUrl(server.url().toString());
        dialog->apiKeyEdit()->setText(u"window-key-31"_s);
        QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"marquezPull"_s), Qt::LeftButton);
        QVERIFY(loaded.wait(30'000));
        // With no cache open, the server gets one of its own in the data folder.
        QCOMPARE(document->cachePath(), marquezCachePath(MeshDocument::dataDir(), server.url()));
        QCOMPARE(document->snapshot()->nodesOfKind(EntityKind::Dataset).size(), 3u);
        QVERIFY(document->snapshot()->find("dataset:food_delivery/public.delivery_7_days"));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests()[0].headers.value("authorization"), QByteArray("Bearer window-key-31"));
        // The URL is remembered; the key is in neither the settings nor the cache.
        QSettings().sync();
        QCOMPARE(QSettings().value(u"marquez/url"_s).toString(), server.url().toString());
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains("window-key-31"));
        QFile cache(document->cachePath());
        QVERIFY(cache.open(QIODevice::ReadOnly));
        QVERIFY(!cache.readAll().contains("window-key-31"));
        for (QMessageBox *box : window.findChildren<QMessageBox *>())
            QFAIL(qPrintable(box->text()));
    }
};

QTEST_MAIN(TestMarquezDialog)
#include "tst_marquezdialog.moc"
