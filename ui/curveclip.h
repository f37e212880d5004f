#pragma once
// The part of a long curve that can show in a view. Stroking an antialiased path costs as
// much for its parts outside the clip as for those inside (the rasterizer walks the whole
// outline), so a curve that runs far past the view, as the edges of a hub with thousands of
// children do, is cut down to the pieces near the view before it is drawn.

#include <QPainterPath>
#include <QRectF>

namespace meshlens {

/// The pieces of `path` (move, line and cubic elements) that reach into `rect`, in order:
/// each cubic is split in halves (de Casteljau) until a piece's control points lie all inside
/// `rect` or all on one side of it, or the piece is a 1/1024th of the element. Pieces kept
/// one after the other stay one subpath; a gap starts a new one. The kept pieces cover every
/// point of `path` inside `rect`, and nothing farther from it than one piece.
QPainterPath visiblePart(const QPainterPath &path, const QRectF &rect);

/// Whether drawing `path` whole would walk far more of it than `rect` shows: its control
/// points reach past `rect` by more than `rect`'s own size on some side.
bool runsFarPast(const QRectF &pathBounds, const QRectF &rect);

}  // namespace meshlens
