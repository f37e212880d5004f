#pragma once

#include <QStyledItemDelegate>

namespace meshlens {

/// Draws a node's health (SnapshotModelBase::HealthRole) as a small coloured dot in front
/// of the text of one column. The models stay free of Qt Gui: colour is the view's business.
class HealthDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit HealthDelegate(int column, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_column;
};

}  // namespace meshlens
