#pragma once

// Writes a graph scene to PNG, SVG or PDF with the same painting code as the screen (the
// items paint themselves), plus the overlay's legend. Used by File › Export View… and by
// `meshlens-cli export`.

#include "mesh/result.h"
#include "overlay.h"

#include <QRectF>
#include <QSize>
#include <QString>

#include <functional>

class QGraphicsScene;
class QGraphicsView;
class QPainter;

namespace meshlens {

enum class ExportFormat { Png, Svg, Pdf };

/// "png", "svg", "pdf" (any case) -> format; false otherwise.
bool parseExportFormat(QStringView text, ExportFormat *out);
/// The format a file name's suffix asks for; false when it names none of the three.
bool exportFormatForPath(const QString &path, ExportFormat *out);

struct ExportOptions {
    ExportFormat format = ExportFormat::Png;
    QString path;
    /// PNG only: image width in pixels (the height follows the scene's shape). 0: two pixels
    /// per scene unit, at most kMaxPngSide on the longer side.
    int pngWidth = 0;
    /// Picture units (PNG pixels, SVG and PDF points) per scene unit, like a view's zoom (1:
    /// 100 %); the items draw the detail they draw on screen at that zoom. 0: see pngWidth
    /// for PNG, 1 for SVG and PDF.
    qreal zoom = 0;
    OverlayKind overlay = OverlayKind::Domain;
    QString legendNote;  ///< fine print under the legend (the freshness clock)
    QString title;       ///< SVG title / PDF document title
    /// Painted over the scene in scene coordinates, like the view's drawForeground: the
    /// exported rectangle and the picture's device pixels (or points) per scene unit.
    /// GraphView::paintSceneForeground draws the domain names the zoomed-out boxes lack.
    std::function<void(QPainter *painter, const QRectF &source, qreal scale)> foreground;
    /// Called before the scene is painted with the picture's device pixels (or points) per
    /// scene unit: GraphView::showLevelOfDetail puts in the items drawn at that zoom.
    std::function<void(qreal scale)> levelOfDetail;
};

/// Longest side of a PNG export, and the most pixels one may have (256 MB of RGBA).
constexpr int kMaxPngSide = 16384;
constexpr qint64 kMaxPngPixels = qint64(64) * 1024 * 1024;

/// The zoom exportScene() paints `source` at (without the legend's room under it).
qreal exportZoom(const ExportOptions &options, const QRectF &source);

/// What every export paints: `source` of the scene into `target` (device coordinates), the
/// foreground over it and the legend in target's bottom-left corner, `legendScale` times its
/// screen size. Printing uses it too.
void paintScenePicture(QPainter &painter, QGraphicsScene &scene, const QRectF &target,
                       const QRectF &source, const ExportOptions &options, qreal legendScale);

/// A view that is never shown keeps the viewport it was created with (about 640x480) whatever
/// resize() asked, until the show: a map laid out for it is shaped for that. This gives the
/// viewport `size` at once, so the view lays out and fits like a window of that size.
void sizeViewOffscreen(QGraphicsView &view, QSize size);

/// Renders `source` (scene coordinates; the whole scene when empty) into the file. The file
/// appears complete or not at all (written to a temporary file, then renamed). Errors name
/// the file and what went wrong.
Status exportScene(QGraphicsScene &scene, const ExportOptions &options, QRectF source = {});

}  // namespace meshlens
