#include "sceneexport.h"

#include "meshpalette.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QGraphicsView>
#include <QResizeEvent>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

Status commit(QSaveFile &file)
{
    if (!file.commit())
        return Error{file.fileName() + u": cannot write: "_s + file.errorString()};
    return Done{};
}

}  // namespace

void paintScenePicture(QPainter &painter, QGraphicsScene &scene, const QRectF &target,
                       const QRectF &source, const ExportOptions &options, qreal legendScale)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    painter.fillRect(target, palette::canvasBackground());
    // The transform QGraphicsScene::render uses: source's top-left on target's, scaled alike
    // both ways.
    const qreal scale = std::min(target.width() / source.width(), target.height() / source.height());
    if (options.levelOfDetail)
        options.levelOfDetail(scale);
    scene.render(&painter, target, source, Qt::KeepAspectRatio);
    if (options.foreground) {
        painter.save();
        painter.setClipRect(target, Qt::IntersectClip);
        painter.translate(target.topLeft());
        painter.scale(scale, scale);
        painter.translate(-source.topLeft());
        options.foreground(&painter, source, scale);
        painter.restore();
    }
    painter.save();
    painter.scale(legendScale, legendScale);
    paintLegend(&painter, QRectF(target.topLeft() / legendScale, target.size() / legendScale),
                options.overlay, options.legendNote);
    painter.restore();
}

void sizeViewOffscreen(QGraphicsView &view, QSize size)
{
    const QSize old = view.size();
    view.resize(size);
    if (view.isVisible())
        return;  // a shown view lays out its viewport itself
    // The scroll area places its viewport when it handles the resize event, which a hidden
    // widget only gets at its show.
    QResizeEvent event(size, old);
    QCoreApplication::sendEvent(&view, &event);
    view.setAttribute(Qt::WA_PendingResizeEvent, false);
}

qreal exportZoom(const ExportOptions &options, const QRectF &source)
{
    if (options.zoom > 0)
        return options.zoom;
    if (options.format != ExportFormat::Png)
        return 1.0;
    if (options.pngWidth > 0)
        return options.pngWidth / source.width();
    // Two pixels a unit, unless the longer side (with the legend under the picture, which
    // grows with it beyond 1600 pixels) would exceed kMaxPngSide.
    const qreal legend = legendSize(options.overlay, options.legendNote).height();
    const qreal tallest = source.height() + legend * source.width() / 1600.0;
    return std::min(2.0, (kMaxPngSide - 1) / std::max(source.width(), tallest));
}

bool parseExportFormat(QStringView text, ExportFormat *out)
{
    if (text.compare(u"png", Qt::CaseInsensitive) == 0)
        *out = ExportFormat::Png;
    else if (text.compare(u"svg", Qt::CaseInsensitive) == 0)
        *out = ExportFormat::Svg;
    else if (text.compare(u"pdf", Qt::CaseInsensitive) == 0)
        *out = ExportFormat::Pdf;
    else
        return false;
    return true;
}

bool exportFormatForPath(const QString &path, ExportFormat *out)
{
    return parseExportFormat(QFileInfo(path).suffix(), out);
}

Status exportScene(QGraphicsScene &scene, const ExportOptions &options, QRectF source)
{
    if (source.isEmpty())
        source = scene.sceneRect();
    if (source.isEmpty())
        return Error{options.path + u": nothing to export: the view is empty"_s};
    // Room under the picture for the legend, so it covers nothing (on screen it floats).
    const QSizeF legend = legendSize(options.overlay, options.legendNote);
    QSaveFile file(options.path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{options.path + u": cannot create: "_s + file.errorString()};

    const qreal zoom = exportZoom(options, source);
    switch (options.format) {
    case ExportFormat::Png: {
        // The legend keeps its screen size relative to the picture: about as big as on a
        // 1600-pixel-wide window.
        const qreal legendScale = std::max<qreal>(1.0, source.width() * zoom / 1600.0);
        source.setBottom(source.bottom() + legend.height() * legendScale / zoom);
        const QSize size(options.pngWidth > 0 && options.zoom <= 0 ? options.pngWidth
                                                                   : int(std::ceil(source.width() * zoom)),
                         int(std::ceil(source.height() * zoom)));
        if (size.width() > kMaxPngSide || size.height() > kMaxPngSide
            || qint64(size.width()) * size.height() > kMaxPngPixels)
            return Error{options.path + u": a %1\u00d7%2 image is too large (at most %3 pixels a side "
                                         "and %4 megapixels); ask for a smaller width or zoom"_s
                                         .arg(size.width()).arg(size.height()).arg(kMaxPngSide)
                                         .arg(kMaxPngPixels / (1024 * 1024))};
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return Error{options.path + u": not enough memory for a %1\u00d7%2 image"_s
                                            .arg(size.width()).arg(size.height())};
        {
            QPainter painter(&image);
            paintScenePicture(painter, scene, QRectF(QPointF(0, 0), QSizeF(size)), source, options, legendScale);
        }
        QImageWriter writer(&file, "png");
        if (!writer.write(image))
            return Error{options.path + u": cannot write PNG: "_s + writer.errorString()};
        return commit(file);
    }
    case ExportFormat::Svg: {
        source.setBottom(source.bottom() + legend.height() / zoom);
        const QSizeF size = source.size() * zoom;
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), size));
        // QSvgGenerator writes title and description as they are: escape them.
        svg.setTitle((options.title.isEmpty() ? u"MeshLens"_s : options.title).toHtmlEscaped());
        svg.setDescription(u"Exported by MeshLens"_s);
        {
            QPainter painter(&svg);
            paintScenePicture(painter, scene, QRectF(QPointF(0, 0), size), source, options, 1.0);
        }
        return commit(file);
    }
    case ExportFormat::Pdf: {
        source.setBottom(source.bottom() + legend.height() / zoom);
        const QSizeF size = source.size() * zoom;
        QPdfWriter pdf(&file);
        pdf.setTitle(options.title.isEmpty() ? u"MeshLens"_s : options.title);
        pdf.setCreator(u"MeshLens"_s);
        pdf.setResolution(72);  // device units are points
        pdf.setPageSize(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        {
            QPainter painter(&pdf);
            if (!painter.isActive())
                return Error{options.path + u": cannot start a PDF"_s};
            paintScenePicture(painter, scene, QRectF(QPointF(0, 0), size), source, options, 1.0);
        }
        return commit(file);
    }
    }
    return Error{options.path + u": unknown export format"_s};
}

}  // namespace meshlens
