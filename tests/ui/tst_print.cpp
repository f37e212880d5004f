// File › Print… (Ctrl+P; quick open keeps only Ctrl+K) and printing through QPrinter with
// the exports' painting code: to a PDF file, one page that parses.

#include "graphview.h"
#include "mainwindow.h"
#include "sceneexport.h"
#include "sceneprint.h"
#include "testsupport.h"

#include <QAction>
#include <QFile>
#include <QPrinter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

class TestPrint : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static int count(const QByteArray &bytes, const QByteArray &what)
    {
        int n = 0;
        for (qsizetype at = bytes.indexOf(what); at >= 0; at = bytes.indexOf(what, at + 1))
            ++n;
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MeshLensTests"_s);
    }

    void printActionHasCtrlP()
    {
        MainWindow window;
        auto *print = window.findChild<QAction *>(u"printAction"_s);
        QVERIFY(print);
        QCOMPARE(print->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
        QVERIFY(window.findChild<QAction *>(u"printPreviewAction"_s));
        // Ctrl+P is not ambiguous: no other action of the window has it.
        for (const QAction *action : window.findChildren<QAction *>()) {
            if (action != print)
                QVERIFY2(!action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_P)),
                         qPrintable(action->text()));
        }
        const auto *quickOpen = window.findChild<QAction *>(u"quickOpenAction"_s);
        QVERIFY(quickOpen);
        QCOMPARE(quickOpen->shortcuts(), QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_K)});
        // With no mesh loaded there is nothing to print, and it says so.
        QPrinter printer;
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(m_dir.filePath(u"nothing.pdf"_s));
        QString error;
        QVERIFY(!window.printCurrentView(printer, &error));
        QVERIFY2(error.contains(u"Nothing to print"_s), qPrintable(error));
    }

    void printsTheMapToAPdfFile()
    {
        const SnapshotPtr g = test::graphFromText(u"d1/orders: a->b; d2/billing: c->d; b->c"_s);
        GraphView view;
        sizeViewOffscreen(view, QSize(1200, 800));
        view.setSnapshot(g);
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        const QString path = m_dir.filePath(u"map.pdf"_s);
        printer.setOutputFileName(path);
        ExportOptions options;
        options.levelOfDetail = [&view](qreal s) { view.showLevelOfDetail(s); };
        options.foreground = [&view](QPainter *p, const QRectF &r, qreal s) { view.paintSceneForeground(p, r, s); };
        const Status done = printScene(printer, *view.scene(), options);
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.errorMessage()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF-1."));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        QVERIFY(bytes.contains("startxref"));
        // One page (the "/Type /Pages" node aside).
        QCOMPARE(count(bytes, "/Type /Page") - count(bytes, "/Type /Pages"), 1);
        QVERIFY(bytes.size() > 2000);  // it drew something

        // A printer that cannot write its file: an error naming it, not a crash.
        QPrinter broken;
        broken.setOutputFormat(QPrinter::PdfFormat);
        const QString nowhere = m_dir.filePath(u"no/such/folder/map.pdf"_s);
        broken.setOutputFileName(nowhere);
        const Status failed = printScene(broken, *view.scene(), options);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.errorMessage().contains(nowhere), qPrintable(failed.errorMessage()));
    }
};

QTEST_MAIN(TestPrint)
#include "tst_print.moc"
