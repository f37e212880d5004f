#include "minimap.h"

#include "meshpalette.h"

#include <QGraphicsScene>
#include <QGraphicsView>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace meshlens {

namespace {
constexpr int kWidth = 200;
constexpr int kHeight = 140;
constexpr int kMargin = 12;
}  // namespace

// A child of the view over its viewport, not of the viewport: a pan scrolls the viewport's
// pixels and its children with them (QWidget::scroll), which carried the minimap away.
Minimap::Minimap(QGraphicsView *view) : QWidget(view), m_view(view), m_viewport(view->viewport())
{
    setObjectName(QStringLiteral("minimap"));
    setFixedSize(kWidth, kHeight);
    setCursor(Qt::PointingHandCursor);
    // Opaque: repainting the outline must not repaint the graph underneath.
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Overview: click or drag to move the view"));
    m_viewport->installEventFilter(this);
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    connect(view->scene(), &QGraphicsScene::changed, this, &Minimap::invalidate);
    connect(view->scene(), &QGraphicsScene::sceneRectChanged, this, &Minimap::invalidate);
    place();
}

void Minimap::invalidate()
{
    m_dirty = true;
    place();
    update();
}

void Minimap::place()
{
    const QRect area = m_viewport->geometry();  // in the view's coordinates
    move(area.right() - kWidth - kMargin, area.bottom() - kHeight - kMargin);
    raise();
    // Nothing to show, or all of it is on screen already: out of the way.
    setVisible(!m_view->scene()->items().isEmpty());
}

bool Minimap::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && (event->type() == QEvent::Resize || event->type() == QEvent::Move))
        place();
    return QWidget::eventFilter(watched, event);
}

QRectF Minimap::pictureRect() const
{
    const QRectF scene = m_view->sceneRect();
    if (scene.isEmpty())
        return {};
    const QRectF inner = QRectF(rect()).adjusted(4, 4, -4, -4);
    const qreal s = std::min(inner.width() / scene.width(), inner.height() / scene.height());
    QRectF r(0, 0, scene.width() * s, scene.height() * s);
    r.moveCenter(inner.center());
    return r;
}

QPointF Minimap::toScene(QPointF local) const
{
    const QRectF picture = pictureRect();
    const QRectF scene = m_view->sceneRect();
    if (picture.isEmpty())
        return scene.center();
    return {scene.left() + (local.x() - picture.left()) / picture.width() * scene.width(),
            scene.top() + (local.y() - picture.top()) / picture.height() * scene.height()};
}

QRectF Minimap::visibleOutline() const
{
    const QRectF picture = pictureRect();
    const QRectF scene = m_view->sceneRect();
    if (picture.isEmpty())
        return {};
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect() & scene;
    const qreal s = picture.width() / scene.width();
    return {picture.left() + (visible.left() - scene.left()) * s,
            picture.top() + (visible.top() - scene.top()) * s, visible.width() * s, visible.height() * s};
}

void Minimap::paintEvent(QPaintEvent *)
{
    if (isHidden())
        return;
    const QRectF picture = pictureRect();
    if (m_dirty && !picture.isEmpty()) {
        m_picture = QPixmap(picture.size().toSize() * devicePixelRatioF());
        m_picture.setDevicePixelRatio(devicePixelRatioF());
        m_picture.fill(palette::canvasBackground());
        QPainter p(&m_picture);
        p.setRenderHint(QPainter::Antialiasing);
        m_view->scene()->render(&p, QRectF(QPointF(0, 0), picture.size()), m_view->sceneRect());
        m_dirty = false;
    }
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor::fromRgb(0xc4c9d0), 1));
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
    painter.drawPixmap(picture.topLeft(), m_picture);
    const QRectF outline = visibleOutline();
    QColor fill = palette::selectionColor();
    fill.setAlpha(30);
    painter.setBrush(fill);
    painter.setPen(QPen(palette::selectionColor(), 1.5));
    painter.drawRect(outline.adjusted(0.5, 0.5, -0.5, -0.5));
}

void Minimap::mousePressEvent(QMouseEvent *event)
{
    m_view->centerOn(toScene(event->position()));
    event->accept();
}

void Minimap::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        m_view->centerOn(toScene(event->position()));
    event->accept();
}

}  // namespace meshlens
