#include "historycharts.h"

#include "meshpalette.h"

#include <QChart>
#include <QChartView>
#include <QCategoryAxis>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

QChartView *makeView(const QString &title, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(4);
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(170);
    return view;
}

QDateTimeAxis *timeAxis(Timestamp first, Timestamp last)
{
    auto *axis = new QDateTimeAxis;
    const bool days = last - first > 2LL * 24 * 3600 * 1000;
    axis->setFormat(days ? u"MMM d"_s : u"HH:mm"_s);
    axis->setTickCount(5);
    // A single observation still needs a span to draw in.
    const Timestamp pad = std::max<Timestamp>((last - first) / 20, 3600 * 1000);
    axis->setRange(QDateTime::fromMSecsSinceEpoch(first - pad, Qt::UTC),
                   QDateTime::fromMSecsSinceEpoch(last + pad, Qt::UTC));
    QFont font = axis->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    axis->setLabelsFont(font);
    return axis;
}

void clear(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

}  // namespace

HistoryCharts::HistoryCharts(QWidget *parent)
    : QWidget(parent),
      m_message(new QLabel(this)),
      m_quality(makeView(u"Quality checks"_s, this)),
      m_freshness(makeView(u"Freshness lag (hours)"_s, this))
{
    setObjectName(u"historyCharts"_s);
    m_message->setObjectName(u"historyMessage"_s);
    m_message->setWordWrap(true);
    QPalette muted = m_message->palette();
    muted.setColor(QPalette::WindowText, QColor::fromRgb(0x5f6b7a));
    m_message->setPalette(muted);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_quality);
    layout->addWidget(m_freshness);
    setMessage(QString());
}

QChart *HistoryCharts::qualityChart() const { return m_quality->chart(); }
QChart *HistoryCharts::freshnessChart() const { return m_freshness->chart(); }

void HistoryCharts::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    m_quality->setVisible(false);
    m_freshness->setVisible(false);
}

void HistoryCharts::setHistory(const HealthHistory &history)
{
    fillQuality(history);
    fillFreshness(history);
    m_quality->setVisible(!history.quality.empty());
    m_freshness->setVisible(!history.freshness.empty());
    const bool none = history.isEmpty();
    m_message->setText(none ? u"No quality or freshness history in this cache."_s : QString());
    m_message->setVisible(none);
}

void HistoryCharts::fillQuality(const HealthHistory &history)
{
    QChart *chart = m_quality->chart();
    clear(chart);
    if (history.quality.empty())
        return;
    const QStringList labels = history.checkLabels();
    // One series per state, so each gets its colour; y is the check's row.
    QScatterSeries *series[4] = {};
    for (const HealthState s : {HealthState::Pass, HealthState::Unknown, HealthState::Warn, HealthState::Fail}) {
        auto *scatter = new QScatterSeries;
        scatter->setName(healthStateName(s));
        scatter->setMarkerSize(9);
        scatter->setColor(palette::healthColor(s));
        scatter->setBorderColor(palette::healthColor(s).darker(130));
        series[int(s)] = scatter;
    }
    const Timestamp first = history.quality.front().observedAt;
    const Timestamp last = history.quality.back().observedAt;
    for (const QualityResult &r : history.quality) {
        const int row = int(labels.indexOf(HealthHistory::checkLabel(r)));
        series[int(r.state)]->append(qreal(r.observedAt), row);
    }
    auto *x = timeAxis(first, last);
    auto *y = new QCategoryAxis;
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    y->setRange(-0.7, labels.size() - 0.3);
    QFont font = y->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    y->setLabelsFont(font);
    for (int i = 0; i < labels.size(); ++i)
        y->append(labels[i].size() > 28 ? labels[i].left(27) + u'\u2026' : labels[i], i);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QScatterSeries *s : series) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    m_quality->setMinimumHeight(std::clamp(int(90 + 22 * labels.size()), 170, 420));
}

void HistoryCharts::fillFreshness(const HealthHistory &history)
{
    QChart *chart = m_freshness->chart();
    clear(chart);
    const auto lag = history.lagHours();
    if (lag.empty())
        return;
    auto *line = new QLineSeries;
    line->setName(u"Lag"_s);
    line->setPen(QPen(palette::selectionColor(), 2));
    double top = 0;
    for (const auto &[at, hours] : lag) {
        line->append(qreal(at), hours);
        top = std::max(top, hours);
    }
    const Timestamp first = lag.front().first, last = lag.back().first;
    auto *x = timeAxis(first, last);
    auto *y = new QValueAxis;
    y->setLabelFormat(u"%.0f h"_s);
    QFont font = y->labelsFont();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    y->setLabelsFont(font);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
    if (history.freshnessSlaSeconds > 0) {
        const double sla = double(history.freshnessSlaSeconds) / 3600.0;
        top = std::max(top, sla);
        auto *slaLine = new QLineSeries;
        slaLine->setName(u"SLA"_s);
        slaLine->setPen(QPen(palette::healthColor(HealthState::Fail), 1.5, Qt::DashLine));
        const Timestamp pad = std::max<Timestamp>((last - first) / 20, 3600 * 1000);
        slaLine->append(qreal(first - pad), sla);
        slaLine->append(qreal(last + pad), sla);
        chart->addSeries(slaLine);
        slaLine->attachAxis(x);
        slaLine->attachAxis(y);
    }
    y->setRange(0, top * 1.1 + 0.01);
    y->applyNiceNumbers();
}

}  // namespace meshlens
