#pragma once

#include "overlay.h"

#include <QToolBar>

class QActionGroup;

namespace meshlens {

/// The graph's tool bar: the overlay the boxes are coloured by (one of a group, also in the
/// View menu) and the zoom actions. The main window connects it to the views.
class ViewToolBar final : public QToolBar
{
    Q_OBJECT

public:
    explicit ViewToolBar(QWidget *parent = nullptr);

    OverlayKind overlay() const { return m_overlay; }
    void setOverlay(OverlayKind overlay);
    /// The overlay actions (checkable, exclusive), for the View menu.
    QList<QAction *> overlayActions() const;

Q_SIGNALS:
    void overlayChanged(meshlens::OverlayKind overlay);

private:
    QActionGroup *m_overlays;
    OverlayKind m_overlay = OverlayKind::Domain;
};

}  // namespace meshlens
