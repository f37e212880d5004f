#pragma once

#include <QPixmap>
#include <QWidget>

class QGraphicsView;

namespace meshlens {

/// A small picture of the whole scene in a corner of a graph view, with the visible part
/// outlined. Click or drag in it to move the view there. The picture is painted once per
/// scene change (the items draw themselves as swatches at that scale), so panning costs
/// only the outline.
class Minimap final : public QWidget
{
    Q_OBJECT

public:
    explicit Minimap(QGraphicsView *view);

    /// Where a point of the minimap is in the scene (for tests and the mouse).
    QPointF toScene(QPointF local) const;
    /// The outline of the visible area, in minimap coordinates.
    QRectF visibleOutline() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();
    void invalidate();
    QRectF pictureRect() const;  // where the scene sits inside the widget

    QGraphicsView *m_view;
    /// The view's viewport, our parent, kept apart: its events still reach eventFilter()
    /// while the view is being destroyed, when the view is no longer a QGraphicsView.
    QWidget *m_viewport;
    QPixmap m_picture;
    bool m_dirty = true;
};

}  // namespace meshlens
