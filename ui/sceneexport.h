#pragma once

// Writes a graph scene to PNG, SVG or PDF with the same painting code as the screen (the
// items paint themselves), plus the overlay's legend. Used by File › Export View… and by
// `meshlens-cli export`.

#include "mesh/result.h"
#include "overlay.h"

#include <QRectF>
#include <QString>

#include <functional>

class QGraphicsScene;
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

/// Renders `source` (scene coordinates; the whole scene when empty) into the file. The file
/// appears complete or not at all (written to a temporary file, then renamed). Errors name
/// the file and what went wrong.
Status exportScene(QGraphicsScene &scene, const ExportOptions &options, QRectF source = {});

}  // namespace meshlens
