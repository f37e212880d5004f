#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace meshlens {

/// The status bar's view of a background job: what it is doing, a progress bar (busy
/// indicator while the total is unknown) and a Cancel button. Hidden while idle.
class JobStatusWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit JobStatusWidget(QWidget *parent = nullptr);

    void start(const QString &description);
    void setProgress(const QString &stage, qint64 done, qint64 total);
    void finish();

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
};

}  // namespace meshlens
