#pragma once

#include "itemmodels/healthhistory.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace meshlens {

/// The inspector's two charts over the history the cache holds for one dataset: every
/// quality check's results in time (one row per check, a dot per result in its state's
/// colour) and the freshness lag (hours the newest data was behind at each observation)
/// against the SLA line.
class HistoryCharts final : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryCharts(QWidget *parent = nullptr);

    void setHistory(const HealthHistory &history);
    /// Shows a line of text instead of the charts ("Loading…", "No history", an error).
    void setMessage(const QString &text);

    QChart *qualityChart() const;
    QChart *freshnessChart() const;

private:
    void fillQuality(const HealthHistory &history);
    void fillFreshness(const HealthHistory &history);

    QLabel *m_message;
    QChartView *m_quality;
    QChartView *m_freshness;
};

}  // namespace meshlens
