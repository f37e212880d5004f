// The inspector's history charts: the history read back from a real cache, shaped into
// check rows and lag hours, drawn as one dot per result and a lag line with the SLA.

#include "cache/meshcache.h"
#include "historycharts.h"
#include "ingest/resolver.h"
#include "inspectorpanel.h"
#include "itemmodels/healthhistory.h"
#include "testsupport.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kDay = 24 * 3600 * 1000;
constexpr Timestamp kT0 = 1'748'000'000'000;

IngestBatch historyBatch()
{
    IngestBatch batch;
    batch.source.source = u"test"_s;
    batch.observedAt = kT0;
    Dataset d;
    d.key = u"dataset:db/orders"_s;
    d.name = u"orders"_s;
    d.observedAt = kT0;
    batch.datasets.push_back(d);
    Dataset other = d;
    other.key = u"dataset:db/quiet"_s;
    batch.datasets.push_back(other);
    for (int day = 0; day < 3; ++day) {
        QualityResult notNull{d.key, u"not_null"_s, u"id"_s, day == 2 ? HealthState::Fail : HealthState::Pass,
                              0, QString(), kT0 + day * kDay};
        QualityResult rows{d.key, u"row_count"_s, QString(), HealthState::Warn, 10, QString(), kT0 + day * kDay};
        batch.quality.push_back(notNull);
        batch.quality.push_back(rows);
        // Observed at noon; the data is 3, 6, 9 hours old.
        batch.freshness.push_back({d.key, kT0 + day * kDay + 12 * 3600 * 1000,
                                   kT0 + day * kDay + (9 - 3 * day) * 3600 * 1000});
    }
    return batch;
}

int points(QChart *chart, HealthState state)
{
    for (QAbstractSeries *s : chart->series()) {
        if (s->name() == healthStateName(state))
            return int(static_cast<QScatterSeries *>(s)->count());
    }
    return -1;
}

}  // namespace

class TestHistoryCharts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cache;

private Q_SLOTS:
    void initTestCase()
    {
        m_cache = m_dir.filePath(u"history.meshlens"_s);
        auto cache = MeshCache::open(m_cache, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache.ok(), qPrintable(cache.ok() ? QString() : cache.errorMessage()));
        IngestBatch batch = historyBatch();
        resolveBatch(batch);
        auto written = cache.value()->write(batch);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.errorMessage()));
    }

    void historyReadsBackShaped()
    {
        auto history = loadHealthHistory(m_cache, u"dataset:db/orders"_s, 4 * 3600);
        QVERIFY2(history.ok(), qPrintable(history.ok() ? QString() : history.errorMessage()));
        QCOMPARE(history->quality.size(), std::size_t(6));
        QCOMPARE(history->freshness.size(), std::size_t(3));
        const QStringList labels = history->checkLabels();
        QCOMPARE(labels.size(), 2);
        QVERIFY(labels.contains(u"not_null (id)"_s));
        QVERIFY(labels.contains(u"row_count"_s));
        const auto lag = history->lagHours();
        QCOMPARE(lag.size(), std::size_t(3));
        QCOMPARE(lag[0].second, 3.0);
        QCOMPARE(lag[1].second, 6.0);
        QCOMPARE(lag[2].second, 9.0);
        QVERIFY(lag[0].first < lag[2].first);

        // A dataset without history: empty, not an error. An unknown key: an error naming it.
        auto quiet = loadHealthHistory(m_cache, u"dataset:db/quiet"_s, 0);
        QVERIFY(quiet.ok() && quiet->isEmpty());
        auto missing = loadHealthHistory(m_cache, u"dataset:db/none"_s, 0);
        QVERIFY(!missing.ok());
        QVERIFY(missing.errorMessage().contains(u"dataset:db/none"_s));
        auto noCache = loadHealthHistory(m_dir.filePath(u"absent.meshlens"_s), u"dataset:db/orders"_s, 0);
        QVERIFY(!noCache.ok());
    }

    void chartsPlotEveryResult()
    {
        auto history = loadHealthHistory(m_cache, u"dataset:db/orders"_s, 4 * 3600);
        QVERIFY(history.ok());
        HistoryCharts charts;
        charts.setHistory(history.value());
        QCOMPARE(points(charts.qualityChart(), HealthState::Pass), 2);
        QCOMPARE(points(charts.qualityChart(), HealthState::Warn), 3);
        QCOMPARE(points(charts.qualityChart(), HealthState::Fail), 1);
        QCOMPARE(points(charts.qualityChart(), HealthState::Unknown), 0);
        // The lag line and the SLA line at 4 hours.
        QCOMPARE(charts.freshnessChart()->series().size(), 2);
        auto *sla = static_cast<QLineSeries *>(charts.freshnessChart()->series().at(1));
        QCOMPARE(sla->at(0).y(), 4.0);
        auto *lagLine = static_cast<QLineSeries *>(charts.freshnessChart()->series().at(0));
        QCOMPARE(lagLine->count(), 3);
        QCOMPARE(lagLine->at(2).y(), 9.0);

        // Without an SLA there is no SLA line; with no history, a message and no charts.
        history->freshnessSlaSeconds = 0;
        charts.setHistory(history.value());
        QCOMPARE(charts.freshnessChart()->series().size(), 1);
        charts.setHistory(HealthHistory{});
        QCOMPARE(charts.qualityChart()->series().size(), 0);
    }

    void inspectorLoadsTheSelectedDataset()
    {
        auto cache = MeshCache::open(m_cache, MeshCache::OpenMode::ReadOnly);
        QVERIFY(cache.ok());
        auto data = cache.value()->loadSnapshot();
        QVERIFY(data.ok());
        const SnapshotPtr graph = SnapshotGraph::build(std::move(data.value()));
        InspectorPanel panel;
        panel.resize(400, 900);
        panel.show();
        panel.setCachePath(m_cache);
        panel.setSnapshot(graph);
        QSignalSpy shown(&panel, &InspectorPanel::historyShown);
        panel.setNode(*graph->find("dataset:db/orders"));
        QVERIFY(shown.wait(5000));
        QCOMPARE(points(panel.charts()->qualityChart(), HealthState::Fail), 1);
        QCOMPARE(panel.charts()->freshnessChart()->series().size(), 1);  // no SLA in this cache
        // A quick second selection wins over a slower first one.
        panel.setNode(*graph->find("dataset:db/quiet"));
        panel.setNode(*graph->find("dataset:db/orders"));
        QVERIFY(shown.wait(5000));
        QTRY_VERIFY(!panel.isLoadingHistory());
        QCOMPARE(points(panel.charts()->qualityChart(), HealthState::Warn), 3);
    }
};

QTEST_MAIN(TestHistoryCharts)
#include "tst_historycharts.moc"
