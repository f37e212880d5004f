#include "domainedgelayer.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTimer>
#include <QWidget>

#include <cmath>

namespace meshlens {

namespace {

// Above this size (64 MB) a picture is not worth the memory: the edges draw themselves.
constexpr qint64 kMaxPicturePixels = 4096LL * 4096;

}  // namespace

void DomainEdgeLayer::edgesAdded()
{
    prepareGeometryChange();
    m_bounds = childrenBoundingRect();
    m_pictures.clear();
}

bool DomainEdgeLayer::drawsRestingIn(const QWidget *widget) const
{
    if (!widget)
        return false;
    const auto it = m_pictures.find(widget);
    return it != m_pictures.end() && it->second.drawn;
}

void DomainEdgeLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    if (!widget)
        return;
    Picture &picture = m_pictures[widget];
    picture.drawn = false;
    if (!m_usesPicture)
        return;
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QTransform world = painter->worldTransform();
    if (lod >= graphstyle::kDomainMapLevelOfDetail || world.type() > QTransform::TxScale
        || m_bounds.isEmpty())
        return;
    const qreal ratio = painter->device()->devicePixelRatioF();
    const qreal scale = world.m11() * ratio;
    if (picture.scale != scale) {
        const qint64 now = m_clock.elapsed();
        if (picture.wanted != scale) {
            picture.wanted = scale;
            picture.wantedSinceMs = now;
        }
        const qreal change = picture.scale > 0 ? scale / picture.scale : 0;
        if (now - picture.wantedSinceMs < kSettleMs && change > 0.5 && change < 2) {
            // Mid-zoom: the last picture, scaled (nearest pixel: a copy), and another
            // frame once the zoom has settled.
            painter->save();
            painter->resetTransform();
            painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
            painter->drawImage(QRectF(world.map(m_bounds.topLeft()),
                                      world.map(m_bounds.topLeft()
                                                + QPointF(picture.image.width(), picture.image.height())
                                                      / picture.scale)),
                               picture.image);
            painter->restore();
            picture.drawn = true;
            QTimer::singleShot(kSettleMs, widget, [widget] { widget->update(); });
            return;
        }
        if (!makePicture(picture, scale, ratio, painter))
            return;  // too big: the edges draw themselves
    }
    // Whole device pixels, so that the picture is copied rather than resampled.
    const QPointF at = world.map(m_bounds.topLeft()) * ratio;
    painter->save();
    painter->resetTransform();
    painter->drawImage(QPointF(std::round(at.x()), std::round(at.y())) / ratio, picture.image);
    painter->restore();
    picture.drawn = true;
}

bool DomainEdgeLayer::makePicture(Picture &picture, qreal scale, qreal devicePixelRatio, const QPainter *target)
{
    picture.scale = 0;
    picture.image = QImage();
    const QSize size(int(std::ceil(m_bounds.width() * scale)) + 2,
                     int(std::ceil(m_bounds.height() * scale)) + 2);
    if (qint64(size.width()) * size.height() > kMaxPicturePixels)
        return false;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    // Painted in the view's units, the device pixel ratio under them: the edges choose
    // their detail from the painter's zoom, which must be the view's (at 2x a zoom of 0.08
    // painted at 0.16 would be past the domain map, and draw nothing).
    image.setDevicePixelRatio(devicePixelRatio);
    {
        QPainter p(&image);
        p.setRenderHints(target->renderHints());
        p.scale(scale / devicePixelRatio, scale / devicePixelRatio);
        p.translate(-m_bounds.topLeft());
        QStyleOptionGraphicsItem option;
        for (QGraphicsItem *child : childItems()) {
            if (child->type() != DomainEdgeItemType)
                continue;
            auto *edge = static_cast<DomainEdgeItem *>(child);
            option.exposedRect = edge->boundingRect();
            edge->paintResting(&p, &option);
        }
    }
    picture.image = std::move(image);
    picture.scale = scale;
    ++m_picturesMade;
    return true;
}

}  // namespace meshlens
