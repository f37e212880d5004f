// The OpenLineage reader: events of each kind, the facets MeshLens uses, streaming in
// bounded batches, every class of bad input, and the real events in the corpus.

#include "ingest/openlineagereader.h"
#include "ingest/overlappedread.h"
#include "ingest/ingestpipeline.h"
#include "ingest/resolver.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

IngestBatch read(const char *text)
{
    return readOpenLineageBytes(std::string_view(text), u"events.json"_s);
}

QString errors(const IngestBatch &b)
{
    QStringList out;
    for (const Diagnostic &d : b.diagnostics)
        out << d.toString();
    return out.join(u'\n');
}

const char kComplete[] =
    R"({"eventType":"COMPLETE","eventTime":"2025-05-01T10:00:00Z","producer":"p","schemaURL":"s",)"
    R"("run":{"runId":"r1"},"job":{"namespace":"etl","name":"build_orders","facets":{"ownership":)"
    R"({"owners":[{"name":"team:sales"}]}}},)"
    R"("inputs":[{"namespace":"postgres://db:5432","name":"shop.public.raw_orders"},)"
    R"({"namespace":"postgres://db:5432","name":"shop.public.customers"}],)"
    R"("outputs":[{"namespace":"postgres://db:5432","name":"shop.public.orders","facets":{)"
    R"("documentation":{"description":"Clean orders"},"ownership":{"owners":[{"name":"team:orders"}]}}}]})";

/// `count` complete events, one per line, each with its own job and output table.
QByteArray numberedEvents(int count)
{
    QByteArray text;
    for (int i = 0; i < count; ++i) {
        QByteArray e = kComplete;
        e.replace("build_orders", QByteArray("job_" + QByteArray::number(i)));
        e.replace("shop.public.orders", QByteArray("shop.public.t" + QByteArray::number(i)));
        text += e + '\n';
    }
    return text;
}

}  // namespace

class TestOpenLineageReader : public QObject
{
    Q_OBJECT

private slots:
    void completeRunGivesLineageThroughTheJob()
    {
        const IngestBatch b = read(kComplete);
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QCOMPARE(b.datasets.size(), 3u);
        QCOMPARE(b.jobs.size(), 1u);
        QCOMPARE(b.jobs[0].key, u"job:etl/build_orders"_s);
        QCOMPARE(b.jobs[0].owner, u"team:sales"_s);
        QCOMPARE(b.edges.size(), 2u);
        QCOMPARE(b.edges[0].fromKey, u"dataset:postgres://db:5432/shop.public.raw_orders"_s);
        QCOMPARE(b.edges[0].toKey, u"dataset:postgres://db:5432/shop.public.orders"_s);
        QCOMPARE(b.edges[0].jobKey, u"job:etl/build_orders"_s);
        QCOMPARE(b.edges[0].observedAt, Timestamp(1746093600000));
        const Dataset &orders = b.datasets[2];
        QCOMPARE(orders.description, u"Clean orders"_s);
        QCOMPARE(orders.owner, u"team:orders"_s);
        // The run's completion is the output's newest data.
        QCOMPARE(b.freshness.size(), 1u);
        QCOMPARE(b.freshness[0].entityKey, orders.key);
        QCOMPARE(b.freshness[0].dataTime, Timestamp(1746093600000));
    }

    void otherRunStatesDeclareNoLineage_data()
    {
        QTest::addColumn<QString>("state");
        QTest::newRow("START") << u"START"_s;
        QTest::newRow("RUNNING") << u"RUNNING"_s;
        QTest::newRow("FAIL") << u"FAIL"_s;
        QTest::newRow("ABORT") << u"ABORT"_s;
    }
    void otherRunStatesDeclareNoLineage()
    {
        QFETCH(QString, state);
        const QByteArray text = QByteArray(kComplete).replace("COMPLETE", state.toUtf8());
        const IngestBatch b = readOpenLineageBytes(text.toStdString(), u"e.json"_s);
        QVERIFY(!b.hasErrors());
        QCOMPARE(b.datasets.size(), 3u);
        QCOMPARE(b.jobs.size(), 1u);
        QCOMPARE(b.edges.size(), 0u);
        QCOMPARE(b.freshness.size(), 0u);
    }

    void runLineageIsTheUnionOfItsEvents()
    {
        // START declares the datasets, COMPLETE none: the lineage is still the run's.
        const QByteArray start = QByteArray(kComplete).replace("COMPLETE", "START");
        const QByteArray complete =
            R"({"eventType":"COMPLETE","eventTime":"2025-05-01T11:00:00Z","run":{"runId":"r1"},)"
            R"("job":{"namespace":"etl","name":"build_orders"},"inputs":[],"outputs":[]})";
        const IngestBatch b = readOpenLineageBytes(QByteArray(start + "\n" + complete).toStdString(), u"r"_s);
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QCOMPARE(b.edges.size(), 2u);
        QCOMPARE(b.edges[0].observedAt, Timestamp(1746097200000));  // the completion time
        // A run that failed declares nothing.
        const QByteArray fail = QByteArray(complete).replace("COMPLETE", "FAIL");
        const IngestBatch f = readOpenLineageBytes(QByteArray(start + "\n" + fail).toStdString(), u"f"_s);
        QCOMPARE(f.edges.size(), 0u);
    }

    void arraysStreamsAndMergedMentions()
    {
        // Same dataset in three events: one record, latest observation time.
        const QByteArray e1 = kComplete;
        QByteArray e2 = kComplete;
        e2.replace("2025-05-01T10:00:00Z", "2025-05-02T10:00:00Z");
        const IngestBatch ndjson = readOpenLineageBytes(QByteArray(e1 + "\n" + e2 + "\n\n").toStdString(), u"s"_s);
        QVERIFY2(!ndjson.hasErrors(), qPrintable(errors(ndjson)));
        QCOMPARE(ndjson.datasets.size(), 3u);
        QCOMPARE(ndjson.datasets[0].observedAt, Timestamp(1746180000000));
        QCOMPARE(ndjson.edges.size(), 4u);  // edges of each run; the cache merges repeats
        const IngestBatch array = readOpenLineageBytes(QByteArray("[" + e1 + ",\n" + e2 + "]").toStdString(), u"a"_s);
        QVERIFY(!array.hasErrors());
        QCOMPARE(array.datasets.size(), 3u);
        QCOMPARE(array.edges.size(), 4u);
    }

    void datasetAndJobEvents()
    {
        const IngestBatch ds = read(
            R"({"eventTime":"2025-05-01T00:00:00Z","producer":"p","schemaURL":"DatasetEvent",)"
            R"("dataset":{"namespace":"kafka-k-9092","name":"orders","facets":{"ownership":{"owners":[{"name":"team:x"}]}}}})");
        QVERIFY(!ds.hasErrors());
        QCOMPARE(ds.datasets.size(), 1u);
        QCOMPARE(ds.datasets[0].owner, u"team:x"_s);
        QCOMPARE(ds.jobs.size(), 0u);
        // A JobEvent has no run: its inputs and outputs are static lineage.
        const IngestBatch job = read(
            R"({"eventTime":"2025-05-01T00:00:00Z","producer":"p","schemaURL":"JobEvent",)"
            R"("job":{"namespace":"n","name":"j"},"inputs":[{"namespace":"a","name":"x"}],)"
            R"("outputs":[{"namespace":"a","name":"y"}]})");
        QVERIFY(!job.hasErrors());
        QCOMPARE(job.edges.size(), 1u);
        QCOMPARE(job.freshness.size(), 0u);
    }

    void qualityFacets()
    {
        const IngestBatch b = read(
            R"({"eventType":"COMPLETE","eventTime":"2025-05-01T00:00:00Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j"},)"
            R"("inputs":[{"namespace":"a","name":"t","inputFacets":{"dataQualityAssertions":{"assertions":[)"
            R"({"assertion":"not_null","success":true,"column":"id"},)"
            R"({"assertion":"unique","success":false,"column":"id"},)"
            R"({"assertion":"row_count","success":false,"severity":"warn"}]},)"
            R"("dataQualityMetrics":{"rowCount":10,"lastUpdated":"2025-04-30T12:00:00Z"}}}],"outputs":[]})");
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QCOMPARE(b.quality.size(), 3u);
        QCOMPARE(b.quality[0].checkName, u"not_null"_s);
        QCOMPARE(b.quality[0].column, u"id"_s);
        QCOMPARE(b.quality[0].state, HealthState::Pass);
        QCOMPARE(b.quality[1].state, HealthState::Fail);
        QCOMPARE(b.quality[2].state, HealthState::Warn);
        QCOMPARE(b.quality[2].column, QString());
        QCOMPARE(b.freshness.size(), 1u);
        QCOMPARE(b.freshness[0].dataTime, Timestamp(1746014400000));
    }

    void columnLineageBothForms()
    {
        const IngestBatch b = read(
            R"({"eventType":"COMPLETE","eventTime":"2025-05-01T00:00:00Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j"},)"
            R"("inputs":[{"namespace":"a","name":"src"}],"outputs":[{"namespace":"a","name":"dst","facets":{"columnLineage":{"fields":{)"
            R"("total":{"inputFields":[{"namespace":"a","name":"src","field":"price","transformations":[{"type":"DIRECT","subtype":"AGGREGATION"}]},)"
            R"({"namespace":"a","name":"src","field":"qty","transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION"}]}]},)"
            R"("email":{"inputFields":[{"namespace":"a","name":"src","field":"email"}],"transformationType":"MASKED"}}}}}]})");
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QCOMPARE(b.columnEdges.size(), 3u);
        QCOMPARE(b.columnEdges[0].fromColumn, u"price"_s);
        QCOMPARE(b.columnEdges[0].toColumn, u"total"_s);
        QCOMPARE(b.columnEdges[0].transformation, u"DIRECT/AGGREGATION"_s);
        QCOMPARE(b.columnEdges[2].fromColumn, u"email"_s);
        QCOMPARE(b.columnEdges[2].transformation, u"MASKED"_s);  // the deprecated form
    }

    void transformationListsAndRepeatedDatasets()
    {
        // Several transformations of one input field are joined in order, "type/subtype"
        // or "type" alone; an input listed twice in one event is one lineage end (one edge,
        // one freshness row per output), in a run's only event and in a START + COMPLETE
        // pair alike.
        const char *event =
            R"({"eventType":"COMPLETE","eventTime":"2025-05-01T00:00:00Z","run":{"runId":"RUN"},"job":{"namespace":"n","name":"j"},)"
            R"("inputs":[{"namespace":"a","name":"src"},{"namespace":"a","name":"src"}],)"
            R"("outputs":[{"namespace":"a","name":"dst","facets":{"columnLineage":{"fields":{)"
            R"("total":{"inputFields":[{"namespace":"a","name":"src","field":"price","transformations":[)"
            R"({"type":"DIRECT","subtype":"AGGREGATION"},{"type":"INDIRECT"},"not an object",{"type":"INDIRECT","subtype":"FILTER"}]}]}}}}}]})";
        const IngestBatch b = read(event);
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QCOMPARE(b.columnEdges.size(), 1u);
        QCOMPARE(b.columnEdges[0].transformation, u"DIRECT/AGGREGATION, INDIRECT, INDIRECT/FILTER"_s);
        QCOMPARE(b.columnEdges[0].fromDatasetKey, u"dataset:a/src"_s);
        QCOMPARE(b.edges.size(), 1u);
        QCOMPARE(b.edges[0].fromKey, u"dataset:a/src"_s);
        QCOMPARE(b.edges[0].toKey, u"dataset:a/dst"_s);
        QCOMPARE(b.edges[0].jobKey, u"job:n/j"_s);
        QCOMPARE(b.freshness.size(), 1u);

        const QByteArray start = QByteArray(event).replace("COMPLETE", "START");
        const IngestBatch pair = readOpenLineageBytes(QByteArray(start + "\n" + event).toStdString(), u"p"_s);
        QVERIFY2(!pair.hasErrors(), qPrintable(errors(pair)));
        QCOMPARE(pair.edges.size(), 1u);
        QCOMPARE(pair.edges[0].fromKey, u"dataset:a/src"_s);
        QCOMPARE(pair.freshness.size(), 1u);
    }

    void lifecycleDropAndRename()
    {
        const IngestBatch b = read(
            R"({"eventType":"COMPLETE","eventTime":"2025-05-01T00:00:00Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j"},)"
            R"("outputs":[{"namespace":"a","name":"gone","facets":{"lifecycleStateChange":{"lifecycleStateChange":"DROP"}}},)"
            R"({"namespace":"a","name":"new_name","facets":{"lifecycleStateChange":{"lifecycleStateChange":"RENAME",)"
            R"("previousIdentifier":{"namespace":"a","name":"old_name"}}}}]})");
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QCOMPARE(b.datasets.size(), 3u);
        QCOMPARE(b.datasets[0].removedAt, Timestamp(1746057600000));
        QCOMPARE(b.datasets[1].removedAt, Timestamp(0));
        QCOMPARE(b.datasets[2].key, u"dataset:a/old_name"_s);
        QCOMPARE(b.datasets[2].removedAt, Timestamp(1746057600000));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("  \n") << 0 << u"the file is empty"_s;
        QTest::newRow("truncated") << QByteArray(kComplete).left(120) << 1 << u""_s;
        QTest::newRow("eventTime wrong type")
            << QByteArray(R"({"eventTime":5,"job":{"namespace":"n","name":"j"}})") << 1
            << u"eventTime: expected an ISO 8601 date-time string, found a number"_s;
        QTest::newRow("eventTime not a time")
            << QByteArray(R"({"eventTime":"yesterday","job":{"namespace":"n","name":"j"}})") << 1
            << u"expected an ISO 8601 date-time, found \"yesterday\""_s;
        QTest::newRow("job missing") << QByteArray(R"({"eventTime":"2025-01-01T00:00:00Z"})") << 1
                                     << u"job: missing (expected an object with namespace and name)"_s;
        QTest::newRow("job name missing")
            << QByteArray(R"({"eventTime":"2025-01-01T00:00:00Z","job":{"namespace":"n"}})") << 1
            << u"job.name: missing (expected a string)"_s;
        QTest::newRow("dataset name wrong type")
            << QByteArray("\n" R"({"eventTime":"2025-01-01T00:00:00Z","job":{"namespace":"n","name":"j"},"inputs":[{"namespace":"a","name":7}]})")
            << 2 << u"inputs[0].name: expected a string, found a number"_s;
        QTest::newRow("inputs not an array")
            << QByteArray(R"({"eventTime":"2025-01-01T00:00:00Z","job":{"namespace":"n","name":"j"},"inputs":{}})")
            << 1 << u"inputs: expected an array of datasets, found an object"_s;
        QTest::newRow("not an object") << QByteArray("42\n") << 1 << u"expected an OpenLineage event"_s;
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"eventTime\":\"2025-01-01T00:00:00Z\",\"job\":{\"namespace\":\"n\",\"name\":\"\xC3\x28\"}}")
            << 1 << u"UTF-8"_s;
        QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02\xFF\xFE garbage", 14) << 1 << u""_s;
        QTest::newRow("deep nesting") << QByteArray(2000, '[') << 1 << u""_s;
    }
    void badInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QString, message);
        const IngestBatch b = readOpenLineageBytes(text.toStdString(), u"bad.ndjson"_s);
        QVERIFY(b.hasErrors());
        const Diagnostic &d = b.diagnostics.first();
        QCOMPARE(d.file, u"bad.ndjson"_s);
        QCOMPARE(int(d.line), line);
        QVERIFY2(d.message.contains(message, Qt::CaseInsensitive), qPrintable(d.toString()));
        QVERIFY(b.edges.empty());
    }

    void oneBadLineCostsOnlyItself()
    {
        const QByteArray text = QByteArray(kComplete) + "\n{\"eventTime\": 12, oops\n" + kComplete + "\n";
        const IngestBatch b = readOpenLineageBytes(text.toStdString(), u"s.ndjson"_s);
        QCOMPARE(b.diagnostics.size(), 1);
        QCOMPARE(b.diagnostics[0].line, 2);
        QCOMPARE(b.edges.size(), 4u);  // both good events were read
    }

    void streamsInBoundedBatches()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"big.ndjson"_s);
        QVERIFY(test::writeFile(path, numberedEvents(3000)));
        QFile f(path);
        OpenLineageReadOptions options;
        options.eventsPerBatch = 1000;
        options.chunkBytes = 64 * 1024;  // many chunks: events straddle chunk ends
        int batches = 0;
        std::size_t edges = 0, jobs = 0;
        qint64 lastProgress = 0;
        options.progress = [&](qint64 done, qint64) { lastProgress = done; };
        readOpenLineageFile(path, [&](IngestBatch &&b) {
            ++batches;
            if (b.hasErrors())
                qWarning() << errors(b);
            edges += b.edges.size();
            jobs += b.jobs.size();
            return true;
        }, options);
        QCOMPARE(batches, 3);
        QCOMPARE(edges, 6000u);
        QCOMPARE(jobs, 3000u);
        QCOMPARE(lastProgress, f.size());

        // The same file through the pipeline's detection.
        QCOMPARE(detectFormat(f.open(QIODevice::ReadOnly) ? f.read(4096) : QByteArray()),
                 InputFormat::OpenLineage);
    }

    // A sink may hand a batch it is done with back in place of the one it takes
    // (readInputFileOverlapped() does, so that the reader fills memory it has touched
    // before): the reader starts its next batch empty in it, whatever it still holds.
    void aBatchHandedBackIsEmptiedBeforeReuse()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"reuse.ndjson"_s);
        QVERIFY(test::writeFile(path, numberedEvents(2500)));
        OpenLineageReadOptions options;
        options.eventsPerBatch = 1000;
        std::optional<IngestBatch> previous;
        QSet<QString> jobKeys;
        int batches = 0;
        readOpenLineageFile(path, [&](IngestBatch &&b) {
            ++batches;
            [&] {
                const std::size_t events = batches < 3 ? 1000 : 500;
                QCOMPARE(b.jobs.size(), events);
                QCOMPARE(b.edges.size(), 2 * events);
                QCOMPARE(b.datasets.size(), events + 2);  // an output each, two shared inputs
                QVERIFY(!b.hasErrors());
                QCOMPARE(b.source.source, u"openlineage"_s);
                QCOMPARE(b.lastOfInput, batches == 3);
                for (const Job &j : b.jobs)
                    QVERIFY2(!jobKeys.contains(j.key), qPrintable(j.key));  // nothing stale
            }();
            if (QTest::currentTestFailed())
                return false;
            for (const Job &j : b.jobs)
                jobKeys.insert(j.key);
            IngestBatch taken = std::move(b);
            if (previous) {
                previous->diagnostics << Diagnostic();  // an error left in it must not count
                b = std::move(*previous);  // handed back full, not emptied
            }
            previous = std::move(taken);
            return true;
        }, options);
        QCOMPARE(batches, 3);
        QCOMPARE(jobKeys.size(), 2500);
    }

    // Through the two-core pipeline, which hands written batches back to the reader: every
    // batch comes with its own records only, in file order, and the last says so.
    void overlappedBatchesHoldTheirOwnRecords()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"overlapped.ndjson"_s);
        QVERIFY(test::writeFile(path, numberedEvents(5000)));
        StreamBatching batching;
        batching.eventsPerBatch = 600;
        batching.firstBatchEvents = 100;
        QStringList jobKeys;
        std::size_t edges = 0, freshness = 0;
        int batches = 0, lasts = 0, prepared = 0;
        readInputFileOverlapped(
            path, [&](IngestBatch &) { ++prepared; },
            [&](IngestBatch &&b, bool last) {
                ++batches;
                lasts += last ? 1 : 0;
                if (b.hasErrors())
                    qWarning() << errors(b);
                for (const Job &j : b.jobs)
                    jobKeys << j.key;
                edges += b.edges.size();
                freshness += b.freshness.size();
                return true;
            },
            nullptr, {}, batching);
        QCOMPARE(batches, 10);  // 100, then 600 each: 8 full ones and 100 left
        QCOMPARE(prepared, batches);
        QCOMPARE(lasts, 1);
        QCOMPARE(jobKeys.size(), 5000);
        QCOMPARE(QSet<QString>(jobKeys.begin(), jobKeys.end()).size(), 5000);
        QCOMPARE(jobKeys.first(), u"job:etl/job_0"_s);
        QCOMPARE(jobKeys.last(), u"job:etl/job_4999"_s);
        QCOMPARE(edges, 10000u);
        QCOMPARE(freshness, 5000u);
    }

    // The batch that the end of the file completes says it is the last (the writer then
    // starts the stream's end while writing it); a batch cut because it was full does not
    // know, so a file of exactly full batches has none that says so.
    void theLastBatchSaysSo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"last.ndjson"_s);
        for (const int events : {2500, 3000}) {
            QVERIFY(test::writeFile(path, numberedEvents(events)));
            OpenLineageReadOptions options;
            options.eventsPerBatch = 1000;
            QList<bool> said;
            readOpenLineageFile(path, [&](IngestBatch &&b) {
                said << b.lastOfInput;
                return true;
            }, options);
            QCOMPARE(said, events == 2500 ? QList<bool>({false, false, true}) : QList<bool>({false, false, false}));
        }
    }

    void rebuildsThePeerBenchmarkGraphExactly()
    {
        // The peer benchmark's generator writes the same mesh as OpenLineage events and as a
        // CSV edge list; reading the events must give exactly the CSV's graph.
        const QString script = test::sourceDir() + u"/../shared/bench/gen_mesh.py"_s;
        if (!QFile::exists(script))
            QSKIP("../shared/bench/gen_mesh.py not found");
        QTemporaryDir dir;
        QProcess gen;
        gen.start(u"python3"_s, {script, u"--nodes"_s, u"3000"_s, u"--seed"_s, u"7"_s, u"--format"_s,
                                 u"ol,csv"_s, u"--out-dir"_s, dir.path(), u"--quiet"_s});
        if (!gen.waitForStarted())
            QSKIP("python3 not available");
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
        const IngestBatch b = readInputFile(dir.filePath(u"mesh_3000.ol.ndjson"_s));
        QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
        QSet<QString> expected, got;
        QFile csv(dir.filePath(u"mesh_3000.edges.csv"_s));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        csv.readLine();  // header
        while (!csv.atEnd()) {
            const QString line = QString::fromUtf8(csv.readLine()).trimmed();
            if (!line.isEmpty())
                expected.insert(line);
        }
        for (const LineageEdge &e : b.edges) {  // dataset names are the CSV's ids
            QString ns, from, to;
            QVERIFY(splitDatasetKey(e.fromKey, &ns, &from) && splitDatasetKey(e.toKey, &ns, &to));
            got.insert(from + u',' + to);
        }
        QVERIFY(expected.size() > 3000);
        QCOMPARE(got.size(), expected.size());
        QCOMPARE(got, expected);
        QCOMPARE(b.datasets.size(), 3000u);
    }

    void corpusEventsReadOrAreRejectedCleanly()
    {
        const QString corpus = test::corpusDir();
        if (corpus.isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        const QStringList paths = test::corpusOpenLineageFiles();
        const int files = int(paths.size());
        int readOk = 0;
        for (const QString &path : paths) {
            const IngestBatch b = readInputFile(path);
            readOk += b.hasErrors() ? 0 : 1;
            for (const Diagnostic &d : b.diagnostics)
                QVERIFY2(d.file == path && !d.message.isEmpty(), qPrintable(d.toString()));
        }
        // Many corpus files are test templates ("{{ is_datetime(result) }}" as eventTime, JSON
        // with '#' comments): those must be rejected with a diagnostic, the real ones read.
        QVERIFY2(files > 100, qPrintable(QString::number(files)));
        QVERIFY2(readOk >= 55, qPrintable(u"%1 of %2"_s.arg(readOk).arg(files)));

        // Marquez's food-delivery seed: lineage is declared by the START events.
        const IngestBatch seed = readInputFile(corpus + u"/MarquezProject__marquez/docker/metadata.json"_s);
        QVERIFY2(!seed.hasErrors(), qPrintable(errors(seed)));
        // 13 tables in inputs/outputs, plus "public.menu_item_id" that the seed's column
        // lineage names as an input dataset (a slip in the seed, kept as the source says).
        QCOMPARE(seed.datasets.size(), 14u);
        QCOMPARE(seed.columnEdges.size(), 39u);
        QCOMPARE(seed.jobs.size(), 13u);
        QCOMPARE(seed.edges.size(), 13u);
        QCOMPARE(seed.quality.size(), 2u);

        // Exact counts for known files.
        const IngestBatch full = readInputFile(corpus + u"/OpenLineage__OpenLineage/client/python/tests/example_full_event.json"_s);
        QVERIFY(!full.hasErrors());
        QCOMPARE(full.datasets.size(), 1u);  // input and output are the same table
        QCOMPARE(full.jobs.size(), 1u);
        QCOMPARE(full.edges.size(), 1u);
        QCOMPARE(full.quality.size(), 2u);
        QCOMPARE(full.jobs[0].description, u"string"_s);
    }
};

QTEST_GUILESS_MAIN(TestOpenLineageReader)
#include "tst_openlineagereader.moc"
