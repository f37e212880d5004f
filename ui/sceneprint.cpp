#include "sceneprint.h"

#include "overlay.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QPrinter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

Status printScene(QPrinter &printer, QGraphicsScene &scene, const ExportOptions &options, QRectF source)
{
    if (source.isEmpty())
        source = scene.sceneRect();
    if (source.isEmpty())
        return Error{u"Nothing to print: the view is empty"_s};
    QPainter painter;
    if (!painter.begin(&printer)) {
        const QString file = printer.outputFileName();
        return Error{(file.isEmpty() ? u"The printer"_s : file) + u": cannot start printing"_s};
    }
    // The painter's origin is the page's printable area; the legend is drawn at its screen
    // size in inches (96 pixels an inch on screen).
    const QRectF page(QPointF(0, 0), printer.pageLayout().paintRectPixels(printer.resolution()).size());
    const qreal legendScale = printer.resolution() / 96.0;
    const qreal legendHeight = legendSize(options.overlay, options.legendNote).height() * legendScale;
    const qreal zoom = std::min(page.width() / source.width(),
                                std::max<qreal>(1, page.height() - legendHeight) / source.height());
    source.setBottom(source.bottom() + legendHeight / zoom);
    QRectF target(QPointF(0, 0), source.size() * zoom);
    target.moveLeft((page.width() - target.width()) / 2);
    paintScenePicture(painter, scene, target, source, options, legendScale);
    if (!painter.end())
        return Error{u"Printing failed"_s};
    return Done{};
}

}  // namespace meshlens
