#pragma once
// The domain map's edges as one picture. Zoomed far out, the domain map's 120 resting
// curves are wide and long, and Qt's raster engine hands every fill of more than ~96 spans
// to its thread pool piece by piece: on two cores that hand-over was most of a frame (92 ms
// at 1M datasets). What the curves look like depends only on the zoom, so the layer draws
// them once per zoom into a picture and blits it; panning costs a copy of the view's pixels.

#include "graphitems.h"

#include <QElapsedTimer>
#include <QImage>

#include <unordered_map>

namespace meshlens {

/// Holds the DomainEdgeItems and, in a view, draws their resting look (the prominent edges,
/// neither end selected) from a picture made at the view's zoom; the items then draw only
/// their highlighted look over it. Painted without a widget (exports, the minimap), it
/// draws nothing and the items draw themselves. Hidden (opacity 0) like a LayerItem.
class DomainEdgeLayer final : public QGraphicsItem
{
public:
    DomainEdgeLayer() { m_clock.start(); }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void setShown(bool shown)
    {
        if (shown != isShown())
            setOpacity(shown ? 1.0 : 0.0);
    }
    bool isShown() const { return opacity() > 0; }
    /// Call once the edges are its children: the picture covers their bounds.
    void edgesAdded();
    /// Whether the picture drew the resting edges in `widget`'s frame being painted.
    bool drawsRestingIn(const QWidget *widget) const;
    /// How many pictures were made (one per zoom level per view, while it lasts).
    int picturesMade() const { return m_picturesMade; }
    /// How long a zoom must stay put before a picture is made for it: until then the last
    /// one is drawn scaled (within 2x), so each step of a zoom costs a copy, not a picture.
    static constexpr int kSettleMs = 150;
    /// Off: the edges draw themselves in views too (to compare; on by default).
    void setUsesPicture(bool on) { m_usesPicture = on; update(); }

private:
    struct Picture {
        qreal scale = 0;  // device pixels per scene unit; 0: none
        QImage image;
        bool drawn = false;  // used in the frame being painted
        // The zoom the view is at, and since when: while it keeps changing (a wheel or a
        // pinch), the last picture is drawn scaled, and a new one made once it settles.
        qreal wanted = 0;
        qint64 wantedSinceMs = 0;
    };
    bool makePicture(Picture &picture, qreal scale, qreal devicePixelRatio, const QPainter *target);

    QRectF m_bounds;
    std::unordered_map<const QWidget *, Picture> m_pictures;
    int m_picturesMade = 0;
    bool m_usesPicture = true;
    QElapsedTimer m_clock;
};

}  // namespace meshlens
