#include "curveclip.h"

#include <algorithm>
#include <array>

namespace meshlens {

namespace {

constexpr int kMaxDepth = 10;  // pieces of 1/1024th of an element at the finest

using Cubic = std::array<QPointF, 4>;

QRectF controlBounds(const Cubic &c)
{
    qreal left = c[0].x(), right = left, top = c[0].y(), bottom = top;
    for (int i = 1; i < 4; ++i) {
        left = std::min(left, c[i].x());
        right = std::max(right, c[i].x());
        top = std::min(top, c[i].y());
        bottom = std::max(bottom, c[i].y());
    }
    return QRectF(QPointF(left, top), QPointF(right, bottom));
}

// Like QRectF::intersects, but true for a zero-width or zero-height box on or inside the
// rectangle (a straight horizontal piece has a flat box).
bool touches(const QRectF &box, const QRectF &rect)
{
    return box.left() <= rect.right() && box.right() >= rect.left() && box.top() <= rect.bottom()
        && box.bottom() >= rect.top();
}

struct Clipper {
    const QRectF &rect;
    QPainterPath &out;
    bool open = false;  // the last kept piece ended where the next one would start

    void keep(const Cubic &c)
    {
        if (!open || out.currentPosition() != c[0])
            out.moveTo(c[0]);
        out.cubicTo(c[1], c[2], c[3]);
        open = true;
    }

    void cubic(const Cubic &c, int depth)
    {
        const QRectF box = controlBounds(c);
        if (!touches(box, rect)) {
            open = false;  // a gap: the next kept piece starts a new subpath
            return;
        }
        if (rect.contains(box) || depth >= kMaxDepth) {
            keep(c);
            return;
        }
        // De Casteljau at t = 1/2.
        const QPointF ab = (c[0] + c[1]) / 2, bc = (c[1] + c[2]) / 2, cd = (c[2] + c[3]) / 2;
        const QPointF abc = (ab + bc) / 2, bcd = (bc + cd) / 2, mid = (abc + bcd) / 2;
        cubic({c[0], ab, abc, mid}, depth + 1);
        cubic({mid, bcd, cd, c[3]}, depth + 1);
    }
};

}  // namespace

QPainterPath visiblePart(const QPainterPath &path, const QRectF &rect)
{
    QPainterPath out;
    Clipper clipper{rect, out};
    QPointF at;
    for (int i = 0; i < path.elementCount(); ++i) {
        const QPainterPath::Element e = path.elementAt(i);
        switch (e.type) {
        case QPainterPath::MoveToElement:
            at = e;
            clipper.open = false;
            break;
        case QPainterPath::LineToElement:
            // A line is a cubic with its control points on it.
            clipper.cubic({at, at + (QPointF(e) - at) / 3, at + (QPointF(e) - at) * 2 / 3, e}, 0);
            at = e;
            break;
        case QPainterPath::CurveToElement:
            if (i + 2 < path.elementCount()) {
                const QPointF c1 = e, c2 = path.elementAt(i + 1), end = path.elementAt(i + 2);
                clipper.cubic({at, c1, c2, end}, 0);
                at = end;
                i += 2;
            }
            break;
        case QPainterPath::CurveToDataElement:
            break;  // consumed with its CurveToElement
        }
    }
    return out;
}

bool runsFarPast(const QRectF &pathBounds, const QRectF &rect)
{
    return pathBounds.left() < rect.left() - rect.width()
        || pathBounds.right() > rect.right() + rect.width()
        || pathBounds.top() < rect.top() - rect.height()
        || pathBounds.bottom() > rect.bottom() + rect.height();
}

}  // namespace meshlens
