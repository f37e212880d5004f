#include "viewtoolbar.h"

#include <QActionGroup>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace meshlens {

ViewToolBar::ViewToolBar(QWidget *parent) : QToolBar(u"View"_s, parent), m_overlays(new QActionGroup(this))
{
    setObjectName(u"viewToolBar"_s);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *label = new QLabel(u"  Colour by: "_s, this);
    addWidget(label);
    const struct {
        OverlayKind kind;
        QString tip;
        Qt::Key key;
    } overlays[] = {
        {OverlayKind::Domain, u"Colour boxes by their domain"_s, Qt::Key_1},
        {OverlayKind::Quality, u"Colour boxes by quality: the worst latest check result under them"_s, Qt::Key_2},
        {OverlayKind::Freshness, u"Colour boxes by freshness: age of the newest data against the SLA"_s, Qt::Key_3},
    };
    for (const auto &o : overlays) {
        QAction *action = addAction(overlayName(o.kind));
        action->setObjectName(u"overlay"_s + overlayName(o.kind));
        action->setCheckable(true);
        action->setChecked(o.kind == m_overlay);
        action->setToolTip(o.tip);
        action->setShortcut(Qt::ALT | o.key);
        action->setData(int(o.kind));
        m_overlays->addAction(action);
    }
    connect(m_overlays, &QActionGroup::triggered, this, [this](QAction *action) {
        setOverlay(OverlayKind(action->data().toInt()));
    });
}

void ViewToolBar::setOverlay(OverlayKind overlay)
{
    for (QAction *action : m_overlays->actions())
        action->setChecked(OverlayKind(action->data().toInt()) == overlay);
    if (overlay == m_overlay)
        return;
    m_overlay = overlay;
    Q_EMIT overlayChanged(overlay);
}

QList<QAction *> ViewToolBar::overlayActions() const
{
    return m_overlays->actions();
}

}  // namespace meshlens
