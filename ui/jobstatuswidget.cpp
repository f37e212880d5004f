#include "jobstatuswidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

JobStatusWidget::JobStatusWidget(QWidget *parent)
    : QWidget(parent),
      m_label(new QLabel(this)),
      m_bar(new QProgressBar(this)),
      m_cancel(new QPushButton(u"Cancel"_s, this))
{
    setObjectName(u"jobStatus"_s);
    m_bar->setObjectName(u"jobProgress"_s);
    m_cancel->setObjectName(u"jobCancel"_s);
    m_bar->setFixedWidth(200);
    m_bar->setMaximumHeight(16);
    m_bar->setTextVisible(false);
    m_label->setMaximumWidth(360);
    m_cancel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(u"Cancelling\u2026"_s);
        Q_EMIT cancelRequested();
    });
    hide();
}

void JobStatusWidget::start(const QString &description)
{
    m_label->setText(description);
    m_bar->setRange(0, 0);
    m_cancel->setEnabled(true);
    show();
}

void JobStatusWidget::setProgress(const QString &stage, qint64 done, qint64 total)
{
    if (!m_cancel->isEnabled())
        return;  // keep saying "Cancelling…" until the job returns
    if (!stage.isEmpty())
        m_label->setText(stage);
    if (total <= 0) {
        m_bar->setRange(0, 0);
        return;
    }
    // QProgressBar takes ints: scale byte counts of large files into per-mille.
    m_bar->setRange(0, 1000);
    m_bar->setValue(int(std::min<qint64>(1000, done * 1000 / total)));
}

void JobStatusWidget::finish()
{
    hide();
}

}  // namespace meshlens
