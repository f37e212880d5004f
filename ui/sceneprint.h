#pragma once

// Prints a graph scene with the same painting code as the exports (paintScenePicture): the
// whole picture fitted on one page, with the overlay's legend under it. Used by File › Print…
// and File › Print Preview….

#include "mesh/result.h"
#include "sceneexport.h"

class QGraphicsScene;
class QPrinter;

namespace meshlens {

/// Prints `source` of the scene (the whole scene when empty) on one page of `printer`, as
/// large as fits, centred at the top, the legend beneath. `options` gives the overlay, the
/// legend note, the foreground and the level-of-detail hook as for an export (its path,
/// format, width and zoom are not used). Errors say what went wrong.
Status printScene(QPrinter &printer, QGraphicsScene &scene, const ExportOptions &options, QRectF source = {});

}  // namespace meshlens
