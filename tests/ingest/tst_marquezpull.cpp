// Pulling from Marquez against a fake server on loopback that answers in Marquez's
// documented shapes (spec/openapi.yml: LineageEventList, NamespaceList, JobList,
// DatasetList, LineageGraph), fed with Marquez's own seed events and mock data from the
// corpus, plus small inline events for the failure cases (those run without the corpus).
// The command line (meshlens-cli pull marquez) is tested in tests/cli/tst_pullcli.cpp.

#include "fakemarquez.h"
#include "testsupport.h"

#include "cache/meshcache.h"
#include "ingest/ingestpipeline.h"
#include "ingest/marquezpull.h"
#include "mesh/timeutil.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;
using test::FakeMarquez;

namespace {

// Two runs: a -> j1 -> b, b -> j2 -> c. Three datasets, two jobs, two edges.
QJsonArray smallEvents()
{
    const auto event = [](const char *job, const char *in, const char *out, const char *time) {
        return QJsonObject{
            {u"eventType"_s, u"COMPLETE"_s}, {u"eventTime"_s, QLatin1StringView(time)},
            {u"producer"_s, u"test"_s}, {u"run"_s, QJsonObject{{u"runId"_s, QLatin1StringView(job)}}},
            {u"job"_s, QJsonObject{{u"namespace"_s, u"ns"_s}, {u"name"_s, QLatin1StringView(job)}}},
            {u"inputs"_s, QJsonArray{QJsonObject{{u"namespace"_s, u"ns"_s}, {u"name"_s, QLatin1StringView(in)}}}},
            {u"outputs"_s, QJsonArray{QJsonObject{{u"namespace"_s, u"ns"_s}, {u"name"_s, QLatin1StringView(out)}}}}};
    };
    return {event("j1", "a", "b", "2024-01-01T00:00:00Z"), event("j2", "b", "c", "2024-01-01T01:00:00Z")};
}

QString errorsOf(const Diagnostics &diagnostics)
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics)
        lines << d.toString();
    return lines.join(u'\n');
}

QByteArray fileBytes(const QString &path)
{
    QByteArray all;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        QFile f(path + suffix);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

}  // namespace

class TestMarquezPull : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_caches = 0;
    CacheStats m_stats;
    QString m_cachePath;

    MarquezPullOptions options(const FakeMarquez &server)
    {
        MarquezPullOptions o;
        o.server = server.url();
        o.pageSize = 10;
        o.retryDelayMs = 5;
        o.timeoutMs = 5000;
        return o;
    }

    // Pulls into a fresh cache; m_stats and m_cachePath describe it afterwards.
    MarquezPullOutcome pull(const MarquezPullOptions &o, const std::atomic_bool *cancel = nullptr,
                            const MarquezProgressFn &progress = {})
    {
        m_cachePath = m_dir.filePath(u"cache%1.meshlens"_s.arg(++m_caches));
        auto cache = MeshCache::open(m_cachePath, MeshCache::OpenMode::ReadWrite);
        if (!cache)
            qFatal("cannot open cache: %s", qPrintable(cache.errorMessage()));
        MarquezPullOutcome outcome = pullMarquez(*cache.value(), o, cancel, progress);
        m_stats = cache.value()->stats().value();
        return outcome;
    }

    QJsonArray seedEvents()
    {
        return FakeMarquez::readJsonArray(test::corpusDir() + u"/MarquezProject__marquez/docker/metadata.json"_s);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void seedEventsArrivePageByPage()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        FakeMarquez server;
        QVERIFY(server.listen());
        const QJsonArray seed = seedEvents();
        QCOMPARE(seed.size(), 26);
        server.serveEvents(seed);

        // 26 events, 10 a page: three pages. Every run's START is on the first pages and
        // its COMPLETE on a later one, so lineage only appears if run state spans pages.
        const MarquezPullOutcome outcome = pull(options(server));
        const IngestReport &report = outcome.ingest.reports.front();
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(report.diagnostics)));
        QCOMPARE(outcome.stats.endpoint, MarquezEndpoint::Events);
        QCOMPARE(outcome.stats.events, 26);
        QCOMPARE(outcome.stats.requests, 3);
        QCOMPARE(outcome.stats.retries, 0);
        QCOMPARE(report.file, server.url().toString());
        QCOMPARE(report.batchesWritten, 1);
        QVERIFY(report.written);
        // The same counts as the OpenLineage reader gives for the file (tst_openlineagereader).
        QCOMPARE(m_stats.datasets, 14);
        QCOMPARE(m_stats.jobs, 13);
        QCOMPARE(m_stats.edges, 13);
        QCOMPARE(m_stats.columnEdges, 39);
        QCOMPARE(m_stats.quality, 2);

        QCOMPARE(server.requests().size(), 3);
        for (int i = 0; i < 3; ++i) {
            const auto &q = server.requests()[i].query;
            QCOMPARE(server.requests()[i].path, u"/api/v1/events/lineage"_s);
            QCOMPARE(q.queryItemValue(u"limit"_s), u"10"_s);
            QCOMPARE(q.queryItemValue(u"offset"_s), QString::number(i * 10));
            QCOMPARE(q.queryItemValue(u"sortDirection"_s), u"asc"_s);
            QVERIFY(!q.hasQueryItem(u"after"_s));
            QVERIFY(!server.requests()[i].headers.contains("authorization"));
        }

        // Same result when the pull is cut into batches of 7 events (runs span batches too),
        // and it equals ingesting the file itself.
        MarquezPullOptions small = options(server);
        small.eventsPerBatch = 7;
        const MarquezPullOutcome cut = pull(small);
        QVERIFY2(!cut.ingest.anyErrors(), qPrintable(errorsOf(cut.ingest.reports.front().diagnostics)));
        QCOMPARE(cut.ingest.reports.front().batchesWritten, 4);
        QCOMPARE(m_stats.datasets, 14);
        QCOMPARE(m_stats.edges, 13);
        QCOMPARE(m_stats.columnEdges, 39);
        auto fileCache = MeshCache::open(m_dir.filePath(u"file.meshlens"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(fileCache);
        ingestInputs(*fileCache.value(), {test::corpusDir() + u"/MarquezProject__marquez/docker/metadata.json"_s});
        const CacheStats fromFile = fileCache.value()->stats().value();
        QCOMPARE(fromFile.datasets, m_stats.datasets);
        QCOMPARE(fromFile.jobs, m_stats.jobs);
        QCOMPARE(fromFile.edges, m_stats.edges);
        QCOMPARE(fromFile.quality, m_stats.quality);
    }

    void sinceAndNamespaceFilter()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        FakeMarquez server;
        QVERIFY(server.listen());
        QJsonArray events = seedEvents();
        QJsonObject other = smallEvents()[0].toObject();
        other[u"job"_s] = QJsonObject{{u"namespace"_s, u"other_ns"_s}, {u"name"_s, u"elsewhere"_s}};
        events.append(other);
        server.serveEvents(events);
        server.serveNamespaces({QJsonObject{{u"name"_s, u"food_delivery"_s}}, QJsonObject{{u"name"_s, u"other_ns"_s}}});

        // --since goes to the server as "after"; the seed's 13 COMPLETE events are later,
        // the 13 STARTs (which declare the lineage) earlier: jobs, but no edges.
        MarquezPullOptions o = options(server);
        QVERIFY(parseUserTimestamp(u"2020-02-22T22:44:00Z"_s, &o.since));
        MarquezPullOutcome outcome = pull(o);
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(server.requests().first().query.queryItemValue(u"after"_s), u"2020-02-22T22:44:00Z"_s);
        QCOMPARE(outcome.stats.events, 14);  // 13 COMPLETE + the other namespace's event (2024)
        QCOMPARE(m_stats.jobs, 14);
        QCOMPARE(m_stats.edges, 1);

        // --namespace: checked against /api/v1/namespaces, then applied to each event's job.
        o = options(server);
        o.ns = u"food_delivery"_s;
        outcome = pull(o);
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(outcome.stats.events, 26);
        QCOMPARE(m_stats.jobs, 13);
        QCOMPARE(m_stats.datasets, 14);

        // A namespace the server does not have is an error, not an empty success.
        o.ns = u"food_delivry"_s;
        outcome = pull(o);
        const Diagnostics &d = outcome.ingest.reports.front().diagnostics;
        QCOMPARE(d.size(), 1);
        QVERIFY2(d[0].message.contains(u"no namespace \"food_delivry\""_s)
                     && d[0].message.contains(u"it has: food_delivery, other_ns"_s),
                 qPrintable(d[0].toString()));
        QVERIFY(d[0].file.endsWith(u"/api/v1/namespaces"_s));
        QCOMPARE(m_stats.jobs, 0);
    }

    void retriesServerErrorsWithBackoff()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveEvents(smallEvents());
        // A 500, then a 429 with Retry-After, then the real answer.
        int failures = 0;
        server.intercept = [&](const FakeMarquez::Request &) -> std::optional<FakeMarquez::Reply> {
            if (failures == 0) {
                ++failures;
                return FakeMarquez::Reply{500, "{\"code\":500,\"message\":\"database restarting\"}", {}, false, false};
            }
            if (failures == 1) {
                ++failures;
                return FakeMarquez::Reply{429, "{}", {{"Retry-After", "0"}}, false, false};
            }
            return std::nullopt;
        };
        MarquezPullOutcome outcome = pull(options(server));
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(outcome.stats.retries, 2);
        QCOMPARE(outcome.stats.requests, 3);
        QCOMPARE(server.count(u"/api/v1/events/lineage"_s), 3);
        QCOMPARE(m_stats.datasets, 3);
        QCOMPARE(m_stats.jobs, 2);
        QCOMPARE(m_stats.edges, 2);

        // A server that keeps failing: bounded attempts, then an error naming status, URL
        // and what the body said. Nothing is written.
        server.intercept = [](const FakeMarquez::Request &) -> std::optional<FakeMarquez::Reply> {
            return FakeMarquez::Reply{503, "<html><body>Down for maintenance</body></html>", {}, false, false};
        };
        MarquezPullOptions o = options(server);
        o.retries = 2;
        outcome = pull(o);
        const Diagnostics &d = outcome.ingest.reports.front().diagnostics;
        QCOMPARE(d.size(), 1);
        QVERIFY2(d[0].message.startsWith(u"HTTP 503 Service Unavailable: <html><body>Down for maintenance"_s)
                     && d[0].message.endsWith(u"gave up after 3 attempts"_s),
                 qPrintable(d[0].toString()));
        QCOMPARE(d[0].file, server.url().toString() + u"/api/v1/events/lineage?sortDirection=asc&limit=10&offset=0"_s);
        QCOMPARE(outcome.stats.requests, 3);
        QCOMPARE(m_stats.datasets, 0);

        // A connection closed without an answer is retried like a refused one.
        int hangUps = 0;
        server.intercept = [&](const FakeMarquez::Request &) -> std::optional<FakeMarquez::Reply> {
            if (hangUps++ == 0)
                return FakeMarquez::Reply{0, {}, {}, true, false};
            return std::nullopt;
        };
        // (Qt's network manager may itself resend once on a closed connection.)
        const int before = server.count(u"/api/v1/events/lineage"_s);
        outcome = pull(options(server));
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(server.count(u"/api/v1/events/lineage"_s) - before, 2);
        QCOMPARE(m_stats.edges, 2);
    }

    void refusedConnectionNamesTheServer()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        MarquezPullOptions o;
        o.server = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
        o.retries = 2;
        o.retryDelayMs = 5;
        const MarquezPullOutcome outcome = pull(o);
        const Diagnostics &d = outcome.ingest.reports.front().diagnostics;
        QCOMPARE(d.size(), 1);
        QCOMPARE(d[0].severity, Diagnostic::Severity::Error);
        QVERIFY(d[0].file.startsWith(o.server.toString() + u"/api/v1/events/lineage?"_s));
        QCOMPARE(d[0].message, u"connection refused (is Marquez running at http://127.0.0.1:%1?); gave up after 3 attempts"_s.arg(port));
        QCOMPARE(outcome.stats.requests, 3);
        QCOMPARE(outcome.stats.retries, 2);
        QVERIFY(!outcome.ingest.reports.front().written);

        // Not a server URL at all: refused before any request.
        o.server = QUrl(u"ftp://127.0.0.1/"_s);
        const MarquezPullOutcome ftp = pull(o);
        QVERIFY(ftp.ingest.reports.front().diagnostics.value(0).message.contains(u"expected an http:// or https:// URL"_s));
        QCOMPARE(ftp.stats.requests, 0);
    }

    void silentServerTimesOut()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        server.intercept = [](const FakeMarquez::Request &) -> std::optional<FakeMarquez::Reply> {
            return FakeMarquez::Reply{0, {}, {}, false, true};
        };
        MarquezPullOptions o = options(server);
        o.timeoutMs = 200;
        o.retries = 1;
        QElapsedTimer timer;
        timer.start();
        const MarquezPullOutcome outcome = pull(o);
        const Diagnostics &d = outcome.ingest.reports.front().diagnostics;
        QCOMPARE(d.size(), 1);
        QCOMPARE(d[0].message, u"no answer within 0.2 s; gave up after 2 attempts"_s);
        QVERIFY(timer.elapsed() < 3000);
    }

    void fallsBackToLineageGraphs()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        // No events endpoint (404, as an older Marquez): Marquez's web mock data served as
        // namespaces, job and dataset lists and lineage graphs.
        const QString data = test::corpusDir() + u"/MarquezProject__marquez/web/docker/db/data/"_s;
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveNamespaces(FakeMarquez::readJsonArray(data + u"namespaces.json"_s));
        const QJsonArray jobs = FakeMarquez::readJsonArray(data + u"jobs.json"_s);
        const QJsonArray datasets = FakeMarquez::readJsonArray(data + u"datasets.json"_s);
        QCOMPARE(jobs.size(), 13);
        QCOMPARE(datasets.size(), 16);
        server.serveLineageGraphs(jobs, datasets);

        const MarquezPullOutcome outcome = pull(options(server));
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(outcome.stats.endpoint, MarquezEndpoint::LineageGraph);
        // 13 job runs plus 3 datasets no job touches (as dataset events).
        QCOMPARE(outcome.stats.events, 16);
        QCOMPARE(m_stats.datasets, 16);
        QCOMPARE(m_stats.jobs, 13);
        // One edge per input x output of each job: 2 + 5 + 2 + 1 = 10.
        QCOMPARE(m_stats.edges, 10);
        QCOMPARE(server.count(u"/api/v1/events/lineage"_s), 1);
        QCOMPARE(server.count(u"/api/v1/namespaces"_s), 1);
        // 13 jobs and 16 datasets at 10 a page: two pages each.
        QCOMPARE(server.count(u"/api/v1/namespaces/food_delivery/jobs"_s), 2);
        QCOMPARE(server.count(u"/api/v1/namespaces/food_delivery/datasets"_s), 2);
        // One graph per connected part: the big one, etl_categories, etl_menu_items and the
        // three lone datasets; the other 23 jobs and datasets were in graphs already.
        QCOMPARE(server.count(u"/api/v1/lineage"_s), 6);

        // The job's description reached the record as a documentation facet would.
        std::vector<IngestBatch> batches;
        pullMarquezBatches(options(server), [&](IngestBatch &&b) { batches.push_back(std::move(b)); return true; });
        QCOMPARE(batches.size(), 1u);
        const auto job = std::find_if(batches[0].jobs.begin(), batches[0].jobs.end(),
                                      [](const Job &j) { return j.key == u"job:food_delivery/etl_menus"_s; });
        QVERIFY(job != batches[0].jobs.end());
        QCOMPARE(job->description, u"Loads newly added restaurant menus daily."_s);
    }

    void lineageGraphFixtureNode()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        // Marquez's own fixture: one DATASET node whose edges lead to two jobs the graph
        // does not describe, with epoch-second timestamps.
        QFile f(test::corpusDir() + u"/MarquezProject__marquez/api/src/test/resources/lineage/node.json"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject node = QJsonDocument::fromJson(f.readAll()).object();
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveNamespaces({QJsonObject{{u"name"_s, u"namespace"_s}}});
        server.route(u"/api/v1/namespaces/namespace/jobs"_s, [](const FakeMarquez::Request &) {
            return FakeMarquez::json({{u"jobs"_s, QJsonArray()}, {u"totalCount"_s, 0}});
        });
        server.route(u"/api/v1/namespaces/namespace/datasets"_s, [&](const FakeMarquez::Request &) {
            return FakeMarquez::json({{u"datasets"_s, QJsonArray{node[u"data"_s]}}, {u"totalCount"_s, 1}});
        });
        server.route(u"/api/v1/lineage"_s, [&](const FakeMarquez::Request &r) {
            if (r.query.queryItemValue(u"nodeId"_s, QUrl::FullyDecoded) == u"dataset:namespace:commonDataset")
                return FakeMarquez::json({{u"graph"_s, QJsonArray{node}}});
            return FakeMarquez::json({{u"code"_s, 404}}, 404);
        });
        std::vector<IngestBatch> batches;
        const MarquezPullStats stats = pullMarquezBatches(
            options(server), [&](IngestBatch &&b) { batches.push_back(std::move(b)); return true; });
        QCOMPARE(batches.size(), 1u);
        const IngestBatch &b = batches[0];
        QVERIFY2(!b.hasErrors(), qPrintable(errorsOf(b.diagnostics)));
        QCOMPARE(stats.endpoint, MarquezEndpoint::LineageGraph);
        QCOMPARE(b.datasets.size(), 1u);
        QCOMPARE(b.datasets[0].key, u"dataset:namespace/commonDataset"_s);
        QCOMPARE(b.datasets[0].description, u"the dataset documentation"_s);
        // updatedAt 1624539878.907 (epoch seconds) became the event time.
        QCOMPARE(b.datasets[0].observedAt, Timestamp(1624539878907));
        // The two jobs at the ends of its edges were asked for by id (once each), exactly
        // as the graph named them, and are reported as skipped.
        QCOMPARE(server.count(u"/api/v1/lineage"_s), 3);
        QStringList asked;
        for (const auto &r : server.requests())
            if (r.path == u"/api/v1/lineage")
                asked << r.query.queryItemValue(u"nodeId"_s, QUrl::FullyDecoded);
        QCOMPARE(asked, (QStringList{u"dataset:namespace:commonDataset"_s, u"job:namespace:readJob19<-commonDataset"_s,
                                     u"job:namespace:writeJob"_s}));
        QCOMPARE(b.diagnostics.size(), 2);
        QCOMPARE(b.diagnostics[0].severity, Diagnostic::Severity::Warning);
        QVERIFY(b.diagnostics[0].message.contains(u"no lineage graph for the node \"job:namespace:readJob19<-commonDataset\""_s));
    }

    void malformedBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");  // what the diagnostic must say
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        // Each bad answer is an error at the request URL, with the position and what was
        // expected; nothing is written.
        QTest::newRow("truncated") << QByteArray("{\"events\": [{\"eventTime\": \"2024-01-01T00:00:00Z\",\n \"job\": {")
                                   << u"not valid JSON (unexpected end of file"_s << 2 << 10;
        QTest::newRow("invalid UTF-8") << QByteArray("{\"events\": [{\"eventTime\": \"\xff\"}]}")
                                       << u"not valid JSON (invalid UTF-8"_s << 1 << 28;
        QTest::newRow("empty") << QByteArray("  ") << u"the answer is empty: expected Marquez's LineageEventList"_s << 1 << 1;
        QTest::newRow("binary garbage") << QByteArray("\x01\x02\x03garbage", 10) << u"not valid JSON ("_s << 1 << 1;
        QTest::newRow("html") << QByteArray("<html>Welcome to nginx</html>") << u"not valid JSON ("_s << 1 << 1;
        QTest::newRow("not an object") << QByteArray("[1, 2]")
                                       << u"expected Marquez's LineageEventList, an object with an \"events\" array of OpenLineage events, found an array"_s
                                       << 1 << 1;
        QTest::newRow("events not an array") << QByteArray("{\"totalCount\": 1,\n \"events\": {}}")
                                             << u"\"events\": expected an array (Marquez's LineageEventList"_s << 2 << 12;
        QTest::newRow("deep nesting") << QByteArray("{\"events\": " + QByteArray(5000, '[') + QByteArray(5000, ']') + "}")
                                      << u"not valid JSON (nesting deeper than 128"_s << 1 << 139;  // the 128th '[')
        QTest::newRow("event without job") << QByteArray("{\"events\": [\n{\"eventTime\": \"2024-01-01T00:00:00Z\", \"eventType\": \"COMPLETE\", \"run\": {\"runId\": \"r\"}}]}")
                                           << u"events[0]: job: missing (expected an object with namespace and name)"_s << 2 << 1;
        QTest::newRow("wrong type") << QByteArray("{\"events\": [{\"eventTime\": 20240101, \"job\": {\"namespace\": \"n\", \"name\": \"j\"}}]}")
                                    << u"events[0]: eventTime: expected an ISO 8601 date-time string, found a number"_s << 1 << 13;
    }

    void malformedBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        QFETCH(int, line);
        QFETCH(int, column);
        FakeMarquez server;
        QVERIFY(server.listen());
        server.route(u"/api/v1/events/lineage"_s, [&](const FakeMarquez::Request &) {
            return FakeMarquez::Reply{200, body, {}, false, false};
        });
        const MarquezPullOutcome outcome = pull(options(server));
        const Diagnostics &d = outcome.ingest.reports.front().diagnostics;
        QCOMPARE(d.size(), 1);
        QVERIFY2(d[0].message.startsWith(message), qPrintable(d[0].toString()));
        QCOMPARE(d[0].file, server.url().toString() + u"/api/v1/events/lineage?sortDirection=asc&limit=10&offset=0"_s);
        QCOMPARE(d[0].line, line);
        QCOMPARE(d[0].column, column);
        QCOMPARE(m_stats.datasets + m_stats.jobs, 0);
        QCOMPARE(outcome.ingest.reports.front().batchesWritten, 0);
    }

    void badEventOnALaterPageRejectsItsBatch()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        QJsonArray events;
        for (int i = 0; i < 12; ++i) {
            QJsonObject e = smallEvents()[0].toObject();
            e[u"eventTime"_s] = u"2024-01-01T00:00:%1Z"_s.arg(i, 2, 10, QChar(u'0'));
            events.append(e);
        }
        QJsonObject bad = events[11].toObject();
        bad[u"job"_s] = u"j1"_s;
        events[11] = bad;
        server.serveEvents(events);
        MarquezPullOptions o = options(server);
        o.eventsPerBatch = 5;
        const MarquezPullOutcome outcome = pull(o);
        const IngestReport &r = outcome.ingest.reports.front();
        QCOMPARE(r.diagnostics.size(), 1);
        // Second page (offset 10), its second event.
        QVERIFY2(r.diagnostics[0].file.endsWith(u"limit=10&offset=10"_s), qPrintable(r.diagnostics[0].toString()));
        QCOMPARE(r.diagnostics[0].message, u"events[1]: job: expected an object with namespace and name, found a string"_s);
        QCOMPARE(r.batchesWritten, 2);  // events 1-5 and 6-10; the batch with the bad one is not
        QCOMPARE(r.batchesRejected, 1);
        QCOMPARE(m_stats.jobs, 1);
    }

    void serverThatIgnoresOffsetIsReadOnce()
    {
        // Marquez before totalCount/offset (2022) takes a limit only: every page is the
        // first one. The pull must notice instead of paging forever.
        FakeMarquez server;
        QVERIFY(server.listen());
        QJsonArray page;
        for (int i = 0; i < 10; ++i)
            page.append(smallEvents()[i % 2]);
        server.route(u"/api/v1/events/lineage"_s, [&](const FakeMarquez::Request &) {
            return FakeMarquez::json({{u"events"_s, page}});
        });
        const MarquezPullOutcome outcome = pull(options(server));
        const IngestReport &r = outcome.ingest.reports.front();
        QVERIFY(!outcome.ingest.anyErrors());
        QCOMPARE(server.count(u"/api/v1/events/lineage"_s), 2);
        QCOMPARE(outcome.stats.events, 10);
        QCOMPARE(r.diagnostics.size(), 1);
        QCOMPARE(r.diagnostics[0].severity, Diagnostic::Severity::Warning);
        QVERIFY2(r.diagnostics[0].message.contains(u"ignores \"offset\"): only the first 10 items were read"_s),
                 qPrintable(r.diagnostics[0].toString()));
        QCOMPARE(m_stats.edges, 2);
    }

    void redirectsStayOnTheServer()
    {
        FakeMarquez server, other;
        QVERIFY(server.listen());
        QVERIFY(other.listen());
        server.serveEvents(smallEvents());
        other.serveEvents(smallEvents());
        // Same server, another path: followed.
        server.intercept = [&](const FakeMarquez::Request &r) -> std::optional<FakeMarquez::Reply> {
            if (r.path.startsWith(u"/old/"_s))
                return FakeMarquez::Reply{307, {}, {{"Location", r.rawPath.mid(4)}}, false, false};
            return std::nullopt;
        };
        MarquezPullOptions o = options(server);
        o.server = QUrl(server.url().toString() + u"/old"_s);
        o.apiKey = u"k-redirect-1234"_s;
        MarquezPullOutcome outcome = pull(o);
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(m_stats.edges, 2);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests()[1].rawPath, QByteArray("/api/v1/events/lineage?sortDirection=asc&limit=10&offset=0"));

        // Another server (another port): refused, and the other server hears nothing.
        server.intercept = [&](const FakeMarquez::Request &r) -> std::optional<FakeMarquez::Reply> {
            return FakeMarquez::Reply{302, {}, {{"Location", other.url().toEncoded() + r.rawPath}}, false, false};
        };
        outcome = pull(o);
        const Diagnostics &d = outcome.ingest.reports.front().diagnostics;
        QCOMPARE(d.size(), 1);
        QVERIFY2(d[0].message.startsWith(u"HTTP 302 redirects to "_s + other.url().toString()
                                         + u"/old/api/v1/events/lineage?sortDirection=asc&limit=10&offset=0, another server: refused"_s),
                 qPrintable(d[0].toString()));
        QVERIFY(other.requests().isEmpty());
        QCOMPARE(m_stats.datasets, 0);
    }

    void apiKeyIsSentAndNeverStored()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveEvents(smallEvents());
        server.serveNamespaces({QJsonObject{{u"name"_s, u"ns"_s}}});
        const QString key = u"mq-7f3c9d2e-secret-token"_s;
        MarquezPullOptions o = options(server);
        o.apiKey = key;
        o.ns = u"ns"_s;
        MarquezPullOutcome outcome = pull(o);
        QVERIFY2(!outcome.ingest.anyErrors(), qPrintable(errorsOf(outcome.ingest.reports.front().diagnostics)));
        QCOMPARE(server.requests().size(), 2);
        for (const auto &r : server.requests())
            QCOMPARE(r.headers.value("authorization"), "Bearer " + key.toUtf8());
        QCOMPARE(m_stats.edges, 2);
        const QByteArray bytes = fileBytes(m_cachePath);
        QVERIFY(bytes.size() > 1000);
        QVERIFY(bytes.contains("dataset:ns/a"));
        QVERIFY(!bytes.contains(key.toUtf8()));
        QVERIFY(!bytes.contains("secret-token"));

        // From the environment when none is passed in.
        qputenv("MARQUEZ_API_KEY", "env-key-5521");
        o.apiKey.clear();
        outcome = pull(o);
        qunsetenv("MARQUEZ_API_KEY");
        QCOMPARE(server.requests().last().headers.value("authorization"), QByteArray("Bearer env-key-5521"));
        QVERIFY(!fileBytes(m_cachePath).contains("env-key-5521"));

        // A server that echoes the key in its error page: the message shows it masked.
        server.intercept = [&](const FakeMarquez::Request &r) -> std::optional<FakeMarquez::Reply> {
            return FakeMarquez::Reply{500, "token " + r.headers.value("authorization") + " expired", {}, false, false};
        };
        o.apiKey = key;
        o.retries = 0;
        outcome = pull(o);
        const QString text = errorsOf(outcome.ingest.reports.front().diagnostics);
        QVERIFY2(text.contains(u"HTTP 500 Internal Server Error: token Bearer [API key] expired"_s), qPrintable(text));
        QVERIFY(!text.contains(key));
    }

    // A dataset's other name (OpenLineage `symlinks`) declared in one page and used in a later
    // page, each in its own batch and transaction: the later event's input is the canonical
    // node, as it is for files. Before, a pull wrote the alias as a dataset of its own.
    void symlinksJoinNamesAcrossBatches()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        QJsonArray events = smallEvents();
        QJsonObject first = events[0].toObject();
        QJsonArray outputs = first[u"outputs"_s].toArray();
        QJsonObject b = outputs[0].toObject();
        b[u"facets"_s] = QJsonObject{{u"symlinks"_s, QJsonObject{{u"identifiers"_s, QJsonArray{QJsonObject{
            {u"namespace"_s, u"file"_s}, {u"name"_s, u"/warehouse/b"_s}, {u"type"_s, u"LOCATION"_s}}}}}}};
        outputs[0] = b;
        first[u"outputs"_s] = outputs;
        events[0] = first;
        QJsonObject second = events[1].toObject();
        second[u"inputs"_s] = QJsonArray{QJsonObject{{u"namespace"_s, u"file"_s}, {u"name"_s, u"/warehouse/b"_s}}};
        events[1] = second;
        server.serveEvents(events);

        MarquezPullOptions o = options(server);
        o.pageSize = 1;
        o.eventsPerBatch = 1;
        const MarquezPullOutcome outcome = pull(o);
        const IngestReport &report = outcome.ingest.reports.front();
        QVERIFY2(!hasErrors(report.diagnostics), qPrintable(errorsOf(report.diagnostics)));
        QCOMPARE(report.batchesWritten, 2);
        QCOMPARE(m_stats.datasets, 3);  // a, b, c: "/warehouse/b" is b
        QCOMPARE(m_stats.edges, 2);

        auto cache = MeshCache::open(m_cachePath, MeshCache::OpenMode::ReadOnly);
        QVERIFY(cache);
        const auto aliases = cache.value()->datasetAliases();
        QVERIFY(aliases);
        QCOMPARE(aliases.value().value(u"dataset:file//warehouse/b"_s), u"dataset:ns/b"_s);
    }

    void cancelStopsBeforeWriting()
    {
        FakeMarquez server;
        QVERIFY(server.listen());
        QJsonArray events;
        for (int i = 0; i < 30; ++i)
            events.append(smallEvents()[i % 2]);
        server.serveEvents(events);
        std::atomic_bool cancel{false};
        QStringList stages;
        const MarquezPullOutcome outcome = pull(options(server), &cancel, [&](const QString &stage, qint64 done, qint64 total) {
            stages << u"%1 %2/%3"_s.arg(stage).arg(done).arg(total);
            cancel = true;  // after the first page
        });
        QVERIFY(outcome.ingest.cancelled);
        QVERIFY(outcome.stats.cancelled);
        QCOMPARE(server.count(u"/api/v1/events/lineage"_s), 1);
        QCOMPARE(stages, QStringList{u"Reading lineage events from %1 10/30"_s.arg(server.url().toString())});
        QCOMPARE(m_stats.datasets + m_stats.jobs, 0);
    }
};

QTEST_GUILESS_MAIN(TestMarquezPull)
#include "tst_marquezpull.moc"
