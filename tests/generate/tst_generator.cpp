// The synthetic mesh generator: determinism, exact sizes, the shape of the mesh (edge
// classes, DAG, domain and product counts, hubs, time variation, history) and agreement
// between its native and OpenLineage outputs.

#include "generate/meshgenerator.h"
#include "ingest/nativereader.h"
#include "mesh/timeutil.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace meshlens;

namespace {

QByteArray generate(
    const GeneratorOptions &options, GeneratorFormat format, GeneratorSummary *summary = nullptr)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Status status = writeGeneratedMesh(options, format, buffer, summary);
    if (!status)
        qFatal("generator failed: %s", qPrintable(status.errorMessage()));
    return buffer.data();
}

IngestBatch generateAndRead(const GeneratorOptions &options, GeneratorSummary *summary = nullptr)
{
    const QByteArray json = generate(options, GeneratorFormat::Native, summary);
    return readNativeBytes(
        std::string_view(json.constData(), size_t(json.size())), QStringLiteral("generated.json"));
}

GeneratorOptions withSize(qint64 datasets, quint64 seed = 42)
{
    GeneratorOptions o;
    o.datasets = datasets;
    o.seed = seed;
    return o;
}

} // namespace

class TestGenerator : public QObject {
    Q_OBJECT

private slots:
    void deterministic()
    {
        for (const GeneratorFormat format :
            {GeneratorFormat::Native, GeneratorFormat::OpenLineage}) {
            const QByteArray a = generate(withSize(700, 11), format);
            const QByteArray b = generate(withSize(700, 11), format);
            const QByteArray c = generate(withSize(700, 12), format);
            QVERIFY(a.size() > 100000);
            QVERIFY(a == b);
            QVERIFY(a != c);
        }
    }

    void exactDatasetCount_data()
    {
        QTest::addColumn<qint64>("datasets");
        for (const qint64 n : {1, 2, 3, 5, 37, 600, 3001})
            QTest::addRow("%lld", n) << n;
    }
    void exactDatasetCount()
    {
        QFETCH(qint64, datasets);
        GeneratorSummary s;
        const IngestBatch b = generateAndRead(withSize(datasets), &s);
        QVERIFY2(b.diagnostics.isEmpty(), qPrintable(b.diagnostics.value(0).toString()));
        QCOMPARE(s.datasets, datasets);
        QCOMPARE(qint64(b.datasets.size()), datasets);
        QSet<QString> keys;
        for (const Dataset &d : b.datasets)
            keys.insert(d.key);
        QCOMPARE(qint64(keys.size()), datasets); // no two datasets share a key
    }

    void domainAndProductCounts()
    {
        GeneratorSummary s;
        generate(withSize(600), GeneratorFormat::Native, &s);
        QVERIFY2(s.domains >= 7 && s.domains <= 10, qPrintable(QString::number(s.domains)));
        QVERIFY2(s.products >= 35 && s.products <= 45, qPrintable(QString::number(s.products)));
        for (const qint64 n : {100, 5000}) {
            generate(withSize(n), GeneratorFormat::Native, &s);
            const qint64 expected
                = std::max<qint64>(3, std::llround(std::pow(double(n), 0.4) / 1.5));
            QCOMPARE(s.domains, expected);
            QVERIFY(s.products > s.domains && s.products < n / 3);
        }
    }

    void edgeClassShares()
    {
        // The summary's classes, recomputed from what the reader sees.
        GeneratorSummary s;
        const IngestBatch b = generateAndRead(withSize(3000, 5), &s);
        QHash<QString, QString> productOf, domainOf;
        for (const Dataset &d : b.datasets)
            productOf.insert(d.key, d.productKey);
        for (const Product &p : b.products)
            domainOf.insert(p.key, p.domainKey);
        qint64 intra = 0, crossProduct = 0, crossDomain = 0;
        for (const LineageEdge &e : b.edges) {
            const QString pf = productOf.value(e.fromKey), pt = productOf.value(e.toKey);
            QVERIFY(!pf.isEmpty() && !pt.isEmpty());
            if (pf == pt)
                ++intra;
            else if (domainOf.value(pf) == domainOf.value(pt))
                ++crossProduct;
            else
                ++crossDomain;
        }
        QCOMPARE(intra, s.intraProductEdges);
        QCOMPARE(crossProduct, s.crossProductEdges);
        QCOMPARE(crossDomain, s.crossDomainEdges);
        const double n = double(b.edges.size());
        QVERIFY2(intra / n > 0.58 && intra / n < 0.78, qPrintable(QString::number(intra / n)));
        QVERIFY2(crossProduct / n > 0.12 && crossProduct / n < 0.30,
            qPrintable(QString::number(crossProduct / n)));
        QVERIFY2(crossDomain / n > 0.05 && crossDomain / n < 0.18,
            qPrintable(QString::number(crossDomain / n)));
    }

    void lineageIsADag()
    {
        const IngestBatch b = generateAndRead(withSize(3000, 9));
        QHash<QString, int> index;
        for (const Dataset &d : b.datasets)
            index.insert(d.key, int(index.size()));
        std::vector<std::vector<int>> out(index.size());
        std::vector<int> inDegree(index.size(), 0);
        for (const LineageEdge &e : b.edges) {
            QVERIFY(e.fromKey != e.toKey);
            out[size_t(index.value(e.fromKey))].push_back(index.value(e.toKey));
            ++inDegree[size_t(index.value(e.toKey))];
        }
        std::vector<int> ready; // Kahn: a DAG drains completely
        for (size_t i = 0; i < inDegree.size(); ++i) {
            if (!inDegree[i])
                ready.push_back(int(i));
        }
        size_t done = 0;
        while (!ready.empty()) {
            const int v = ready.back();
            ready.pop_back();
            ++done;
            for (const int w : out[size_t(v)]) {
                if (--inDegree[size_t(w)] == 0)
                    ready.push_back(w);
            }
        }
        QCOMPARE(done, index.size());
    }

    void realisticShape()
    {
        const GeneratorOptions options = withSize(3000, 42);
        const IngestBatch b = generateAndRead(options);
        // Hubs: a few output-port datasets read by many.
        QHash<QString, int> fanOut;
        for (const LineageEdge &e : b.edges)
            ++fanOut[e.fromKey];
        const int maxFanOut = *std::max_element(fanOut.cbegin(), fanOut.cend());
        QVERIFY2(maxFanOut >= 20, qPrintable(QString::number(maxFanOut)));

        // Names and namespaces look like a company's, following OpenLineage conventions.
        static const QRegularExpression ns(
            QStringLiteral("^(postgres://[a-z0-9-]+:5432|snowflake://[a-z0-9-]+|bigquery|kafka://"
                           "[a-z0-9-]+:9092|s3://[a-z0-9-]+)$"));
        static const QRegularExpression synthetic(QStringLiteral("^[a-z]\\d+$"));
        QSet<QString> kinds;
        for (const Dataset &d : b.datasets) {
            QVERIFY2(ns.match(d.ns).hasMatch(), qPrintable(d.ns));
            QVERIFY(!d.owner.isEmpty() && d.owner.startsWith(QStringLiteral("team:")));
            kinds.insert(d.datasetKind);
        }
        QCOMPARE(kinds,
            (QSet<QString> {QStringLiteral("table"), QStringLiteral("view"),
                QStringLiteral("topic"), QStringLiteral("file")}));
        for (const Product &p : b.products) {
            QVERIFY2(!synthetic.match(p.name).hasMatch(), qPrintable(p.name));
            QVERIFY(!p.tier.isEmpty() && !p.description.isEmpty());
        }
        QCOMPARE(b.domains.front().key, QStringLiteral("domain:sales"));

        // Ports: every product has an output port; jobs: one per dataset.
        QSet<QString> withOutput;
        for (const Port &p : b.ports) {
            if (p.direction == PortDirection::Output)
                withOutput.insert(p.productKey);
            QVERIFY(!p.datasetKeys.isEmpty());
        }
        QCOMPARE(qsizetype(withOutput.size()), qsizetype(b.products.size()));
        QCOMPARE(b.jobs.size(), b.datasets.size());
        QVERIFY(!b.contracts.empty() && !b.columnEdges.empty());
    }

    void timeWindowHasChanges()
    {
        const GeneratorOptions options = withSize(2000, 3);
        const IngestBatch b = generateAndRead(options);
        const Timestamp start = options.reference - qint64(options.historyDays) * 86400000;
        QCOMPARE(b.observedAt, start);
        int lateProducts = 0, removedProducts = 0, lateDatasets = 0, removedDatasets = 0;
        for (const Product &p : b.products) {
            lateProducts += p.observedAt > start;
            removedProducts += p.removedAt != 0;
            QVERIFY(!p.removedAt || p.removedAt > p.observedAt);
        }
        for (const Dataset &d : b.datasets) {
            QVERIFY(d.observedAt >= start && d.observedAt < options.reference);
            lateDatasets += d.observedAt > start;
            removedDatasets += d.removedAt != 0;
            QVERIFY(
                !d.removedAt || (d.removedAt > d.observedAt && d.removedAt < options.reference));
        }
        QVERIFY(lateProducts >= 1 && removedProducts >= 1);
        QVERIFY(lateDatasets > lateProducts && removedDatasets > removedProducts);
        // An edge never outlives or predates its ends.
        QHash<QString, const Dataset *> byKey;
        for (const Dataset &d : b.datasets)
            byKey.insert(d.key, &d);
        for (const LineageEdge &e : b.edges) {
            const Dataset *from = byKey.value(e.fromKey), *to = byKey.value(e.toKey);
            QVERIFY(e.observedAt >= std::max(from->observedAt, to->observedAt));
            if (from->removedAt || to->removedAt)
                QVERIFY(e.removedAt && e.removedAt <= std::max(from->removedAt, to->removedAt));
        }
    }

    void historyOnOutputPorts()
    {
        const GeneratorOptions options = withSize(1500, 8);
        GeneratorSummary s;
        const IngestBatch b = generateAndRead(options, &s);
        QCOMPARE(s.historyDays, 30);
        QSet<QString> published;
        for (const Port &p : b.ports) {
            if (p.direction == PortDirection::Output)
                published.unite(QSet<QString>(p.datasetKeys.cbegin(), p.datasetKeys.cend()));
        }
        QMap<HealthState, int> states;
        QSet<qint64> days;
        QSet<QString> runs; // one result per check and run
        for (const QualityResult &q : b.quality) {
            QVERIFY(!runs.contains(q.entityKey + q.checkName + QString::number(q.observedAt)));
            runs.insert(q.entityKey + q.checkName + QString::number(q.observedAt));
            QVERIFY(published.contains(q.entityKey));
            QVERIFY(q.observedAt < options.reference);
            QVERIFY(q.state == HealthState::Pass || !q.message.isEmpty());
            ++states[q.state];
            days.insert(q.observedAt / 86400000);
        }
        QCOMPARE(days.size(), 30);
        // Mostly pass, with some warnings, failures and checks that did not run.
        QVERIFY(states[HealthState::Pass] > 10 * states[HealthState::Fail]);
        QVERIFY(states[HealthState::Warn] > 0 && states[HealthState::Fail] > 0
            && states[HealthState::Unknown] > 0);
        // Freshness: daily per output dataset, some of it stale against the contract SLA.
        QHash<QString, qint64> sla;
        for (const Contract &c : b.contracts)
            sla.insert(c.datasetKey, c.freshnessSlaSeconds);
        int stale = 0;
        for (const FreshnessObservation &f : b.freshness) {
            QVERIFY(published.contains(f.entityKey));
            QVERIFY(f.dataTime < f.observedAt);
            if (sla.contains(f.entityKey)
                && f.observedAt - f.dataTime > sla.value(f.entityKey) * 1000)
                ++stale;
        }
        QVERIFY(stale > 0 && stale < int(b.freshness.size()) / 5);
    }

    void historyShrinksWithSize()
    {
        GeneratorOptions options = withSize(60000, 1);
        options.historyDays = 30;
        GeneratorSummary s;
        QBuffer sink;
        sink.open(QIODevice::WriteOnly);
        QVERIFY(writeGeneratedMesh(options, GeneratorFormat::Native, sink, &s).ok());
        QVERIFY2(
            s.historyDays < 30 && s.historyDays >= 1, qPrintable(QString::number(s.historyDays)));
        QVERIFY(s.quality + s.freshness < 1500000);
        QVERIFY(sink.data().startsWith("{\"format\":\"meshlens-mesh\""));
    }

    void openLineageMatchesNative()
    {
        const GeneratorOptions options = withSize(800, 21);
        const IngestBatch native = generateAndRead(options);
        QSet<QPair<QString, QString>> nativeEdges;
        for (const LineageEdge &e : native.edges)
            nativeEdges.insert({e.fromKey, e.toKey});

        GeneratorSummary s;
        const QByteArray ndjson = generate(options, GeneratorFormat::OpenLineage, &s);
        const QList<QByteArray> lines = ndjson.split('\n');
        QCOMPARE(lines.last(), QByteArray()); // every event ends with a newline
        QCOMPARE(qint64(lines.size() - 1), s.events);
        static const QRegularExpression uuid(QStringLiteral(
            "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        auto keyOf = [](const QJsonObject &dataset) -> QString {
            return QStringLiteral("dataset:") + dataset[u"namespace"].toString() + u'/'
                + dataset[u"name"].toString();
        };
        QSet<QPair<QString, QString>> olEdges;
        QSet<QString> olDatasets;
        Timestamp previousTime = 0;
        int withAssertions = 0;
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(),
                lines[i].left(200).constData());
            const QJsonObject ev = doc.object();
            QCOMPARE(ev[u"eventType"].toString(), QStringLiteral("COMPLETE"));
            QVERIFY(ev[u"producer"].toString().startsWith(QStringLiteral("https://")));
            QCOMPARE(ev[u"schemaURL"].toString(),
                QStringLiteral(
                    "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"));
            const QByteArray timeText = ev[u"eventTime"].toString().toUtf8();
            Timestamp time = 0;
            QVERIFY(timeText.endsWith('Z') && parseIsoTimestamp(timeText.toStdString(), &time));
            QVERIFY(time >= previousTime); // events come in time order
            previousTime = time;
            QVERIFY(uuid.match(ev[u"run"][u"runId"].toString()).hasMatch());
            QVERIFY(!ev[u"job"][u"namespace"].toString().isEmpty()
                && !ev[u"job"][u"name"].toString().isEmpty());
            QVERIFY(ev[u"inputs"].isArray() && ev[u"outputs"].isArray());
            const QJsonArray inputs = ev[u"inputs"].toArray(), outputs = ev[u"outputs"].toArray();
            for (const QJsonValue &out : outputs) {
                olDatasets.insert(keyOf(out.toObject()));
                for (const QJsonValue &in : inputs)
                    olEdges.insert({keyOf(in.toObject()), keyOf(out.toObject())});
            }
            for (const QJsonValue &in : inputs)
                withAssertions += in[u"inputFacets"][u"dataQualityAssertions"].isObject();
        }
        QCOMPARE(olEdges.size(), nativeEdges.size());
        QVERIFY(olEdges == nativeEdges);
        QCOMPARE(olDatasets.size(), qsizetype(native.datasets.size()));
        QVERIFY(withAssertions > 0);
        QCOMPARE(s.edges, qint64(native.edges.size()));
    }

    void refusesBadOptionsAndDevices()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        GeneratorOptions options;
        options.datasets = 0;
        Status s = writeGeneratedMesh(options, GeneratorFormat::Native, buffer);
        QVERIFY(!s);
        QVERIFY(s.errorMessage().contains(QStringLiteral("datasets")));
        options = GeneratorOptions();
        options.historyDays = -1;
        QVERIFY(!writeGeneratedMesh(options, GeneratorFormat::Native, buffer));
        QBuffer readOnly;
        readOnly.open(QIODevice::ReadOnly);
        QVERIFY(!writeGeneratedMesh(GeneratorOptions(), GeneratorFormat::OpenLineage, readOnly));
        // No history at all is allowed.
        options = GeneratorOptions();
        options.historyDays = 0;
        GeneratorSummary summary;
        QVERIFY(writeGeneratedMesh(options, GeneratorFormat::Native, buffer, &summary).ok());
        QCOMPARE(summary.quality, 0);
        QCOMPARE(summary.freshness, 0);
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
