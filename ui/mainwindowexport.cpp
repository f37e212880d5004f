// The main window's pictures of the view in front: File › Export View…, Print… and Print
// Preview…, all painted by the same code (paintScenePicture).

#include "mainwindow.h"

#include "graphview.h"
#include "lineagepanel.h"
#include "sceneexport.h"
#include "sceneprint.h"

#include <QDir>
#include <QFileDialog>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {
const QString kLastDirKey = u"mainWindow/lastDirectory"_s;
}  // namespace

QGraphicsView *MainWindow::pictureOptions(ExportOptions &options) const
{
    options.overlay = m_graph->overlay();
    options.title = windowTitle();
    if (m_tabs->currentWidget() == m_lineage) {
        options.legendNote = m_lineage->view()->legendNote();
        return m_lineage->view();
    }
    options.legendNote = m_graph->legendNote();
    options.foreground = [graph = m_graph](QPainter *painter, const QRectF &rect, qreal scale) {
        graph->paintSceneForeground(painter, rect, scale);
    };
    // The picture's zoom, not the window's, decides what is drawn (products or the domain map).
    options.levelOfDetail = [graph = m_graph](qreal scale) { graph->showLevelOfDetail(scale); };
    return m_graph;
}

bool MainWindow::exportCurrentView(const QString &path, QString *error)
{
    ExportOptions options;
    options.path = path;
    if (!exportFormatForPath(path, &options.format)) {
        *error = path + u": the name should end in .png, .svg or .pdf"_s;
        return false;
    }
    QGraphicsView *view = pictureOptions(options);
    const Status done = exportScene(*view->scene(), options);
    m_graph->showLevelOfDetail(m_graph->currentScale());
    if (!done)
        *error = done.errorMessage();
    return done.ok();
}

void MainWindow::exportDialog()
{
    QSettings settings;
    const QString dir = settings.value(kLastDirKey).toString();
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, u"Export View"_s, QDir(dir).filePath(u"mesh.png"_s),
        u"PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"_s, &selected);
    if (path.isEmpty())
        return;
    QString error;
    if (exportCurrentView(path, &error))
        statusBar()->showMessage(u"Exported "_s + QDir::toNativeSeparators(path), 5000);
    else
        onFailed(u"Export failed"_s, error, QString());
}

bool MainWindow::printCurrentView(QPrinter &printer, QString *error)
{
    ExportOptions options;
    QGraphicsView *view = pictureOptions(options);
    printer.setDocName(options.title);
    const Status done = printScene(printer, *view->scene(), options);
    m_graph->showLevelOfDetail(m_graph->currentScale());
    if (!done && error)
        *error = done.errorMessage();
    return done.ok();
}

void MainWindow::printDialog()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageOrientation(QPageLayout::Landscape);
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(u"Print View"_s);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (printCurrentView(printer, &error))
        statusBar()->showMessage(u"Sent to the printer"_s, 5000);
    else
        onFailed(u"Printing failed"_s, error, QString());
}

void MainWindow::printPreviewDialog()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageOrientation(QPageLayout::Landscape);
    QPrintPreviewDialog dialog(&printer, this);
    dialog.setWindowTitle(u"Print Preview"_s);
    connect(&dialog, &QPrintPreviewDialog::paintRequested, this,
            [this](QPrinter *p) { printCurrentView(*p, nullptr); });
    dialog.exec();
}

}  // namespace meshlens
