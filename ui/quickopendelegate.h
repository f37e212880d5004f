#pragma once

#include <QStyledItemDelegate>

namespace meshlens {

/// Paints one quick-open result (SearchResultModel) on two lines: a health dot, the kind as
/// a small label, the name with its matched characters in bold accent and the domain ›
/// product path on the right; below, the key in a smaller grey font (matched characters
/// highlighted when the key is what matched).
class QuickOpenDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

}  // namespace meshlens
