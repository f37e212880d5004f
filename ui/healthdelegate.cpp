#include "healthdelegate.h"

#include "itemmodels/snapshotmodelbase.h"
#include "meshpalette.h"

#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <array>

namespace meshlens {

namespace {

QIcon healthIcon(HealthState state)
{
    // Four icons for the whole application, made on first use.
    static const std::array<QIcon, 4> icons = [] {
        std::array<QIcon, 4> out;
        for (int s = 0; s < 4; ++s) {
            QIcon icon;
            for (const int size : {12, 16, 24, 32}) {
                QPixmap pixmap(size, size);
                pixmap.fill(Qt::transparent);
                QPainter painter(&pixmap);
                painter.setRenderHint(QPainter::Antialiasing);
                painter.setPen(Qt::NoPen);
                painter.setBrush(palette::healthColor(HealthState(s)));
                const qreal r = size * 0.28;
                painter.drawEllipse(QPointF(size / 2.0, size / 2.0), r, r);
                icon.addPixmap(pixmap);
            }
            out[std::size_t(s)] = icon;
        }
        return out;
    }();
    return icons[std::size_t(state) % icons.size()];
}

}  // namespace

HealthDelegate::HealthDelegate(int column, QObject *parent)
    : QStyledItemDelegate(parent), m_column(column)
{
}

void HealthDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != m_column)
        return;
    const QVariant health = index.data(SnapshotModelBase::HealthRole);
    if (!health.isValid())
        return;
    option->icon = healthIcon(HealthState(health.toInt()));
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(12, 12);
}

}  // namespace meshlens
