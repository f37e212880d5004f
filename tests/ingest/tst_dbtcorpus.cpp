// The dbt reader on the real artifacts of the corpus (../shared/corpus): every manifest reads
// without errors, every companion is either taken by its manifest or refused for lack of
// one, and four projects give exactly the records an independent count says they should.
// Skipped when the corpus is absent.

#include "ingest/dbtreader.h"
#include "ingest/ingestpipeline.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <set>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

QString diagnosticsText(const IngestBatch &b)
{
    QStringList out;
    for (const Diagnostic &d : b.diagnostics)
        out << d.toString();
    return out.join(u'\n');
}

DbtArtifact kindOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? detectDbtArtifact(f.read(64 * 1024)) : DbtArtifact::None;
}

struct Expected {
    const char *folder;
    int models, ephemeral, seeds, snapshots, sources, tests, exposures;
    int runResults, testResults, unmatched;
    size_t datasets, jobs, edges, quality, freshness, contracts;
    int warnings;
};

} // namespace

class TestDbtCorpus : public QObject {
    Q_OBJECT

private slots:
    void everyArtifactReadsOrIsRefusedClearly();
    void exactCounts_data();
    void exactCounts();
    void tuvaReadTime();
};

void TestDbtCorpus::everyArtifactReadsOrIsRefusedClearly()
{
    const QString corpus = test::corpusDir();
    if (corpus.isEmpty())
        QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
    int manifests = 0, taken = 0, refused = 0;
    std::set<int> versions;
    QDirIterator it(corpus, {u"*.json"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const DbtArtifact kind = kindOf(path);
        if (kind == DbtArtifact::None)
            continue;
        QCOMPARE(detectFormat([&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.read(64 * 1024) : QByteArray();
        }()),
            InputFormat::Dbt);
        if (kind == DbtArtifact::Manifest) {
            ++manifests;
            DbtReadSummary summary;
            const IngestBatch b = readDbtArtifacts(path, &summary);
            QVERIFY2(!b.hasErrors(), qPrintable(path + u":\n"_s + diagnosticsText(b)));
            // Every manifest in the corpus describes something.
            QVERIFY2(summary.models + summary.seeds + summary.sources + summary.tests > 0, qPrintable(path));
            continue;
        }
        const IngestBatch b = readDbtOrphan(path, kind);
        const QFileInfo info(path);
        const bool withManifest = QFileInfo::exists(info.dir().filePath(u"manifest.json"_s))
            && info.fileName() == dbtArtifactFileName(kind);
        if (withManifest) {
            QVERIFY2(b.diagnostics.isEmpty(), qPrintable(diagnosticsText(b)));
            ++taken;
        } else {
            // Named otherwise, or alone (DataHub's fixtures): one error saying what it needs.
            QCOMPARE(b.diagnostics.size(), 1);
            QVERIFY(b.hasErrors());
            QVERIFY2(b.diagnostics[0].message.contains(u"manifest.json"_s), qPrintable(b.diagnostics[0].message));
            ++refused;
        }
    }
    qInfo("%d manifests read, %d companions taken by their manifest, %d refused", manifests, taken, refused);
    QVERIFY(manifests >= 40);
}

void TestDbtCorpus::exactCounts_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<void *>("expected");
    // Counted independently by a Python script over the same files: enabled nodes by
    // resource_type; datasets = distinct relations of non-ephemeral models, seeds, snapshots
    // and sources, plus exposures; jobs = models and snapshots that are datasets; edges =
    // distinct (parent relation, child relation) pairs with ephemeral parents replaced by
    // their own parents; quality = one per model/seed/snapshot result that is not "no-op"
    // plus one per tested dataset of each test result (a test with attached_node or
    // test_metadata counts once, a singular one once per dataset it reads); freshness = the
    // successful model/seed/snapshot results plus the sources.json results with
    // max_loaded_at. E.g. for large/target:
    //   python3 -c "import json,collections as c; m=json.load(open('manifest.json'));
    //   print(c.Counter(n['resource_type'] for n in m['nodes'].values()))"
    //   -> Counter({'test': 20, 'model': 5, 'seed': 3})
    static const Expected cases[] = {
        // OpenLineage's dbt integration test, manifest v2 (dbt 0.21), run_results v2: snowflake.
        {"OpenLineage__OpenLineage/integration/common/tests/dbt/large/target", 5, 0, 3, 0, 0, 20, 0,
            5, 0, 0, 8, 5, 8, 5, 5, 0, 0},
        // The Tuva Project's docs, manifest v8 (dbt 1.4.9) and run_results v4: 441 nodes, 42
        // ephemeral models, 57 tests that all ran (9 of them on an ephemeral model: no dataset).
        {"tuva-health__tuva/docs", 307, 42, 77, 0, 0, 57, 0, 399, 57, 0, 342, 265, 711, 390, 342, 0, 0},
        // jaffle_shop on duckdb, manifest v12 (dbt 1.8.9), trimmed: its models' staging
        // parents are not in it (one warning), run_results v6 with one model run.
        {"OpenLineage__OpenLineage/integration/common/tests/dbt/duckdb/target", 2, 0, 3, 0, 0, 5, 0,
            1, 0, 0, 5, 2, 0, 1, 1, 0, 1},
        // TicketSwap's sample target: manifest v12 with a source, run_results v6 whose
        // on-run-end hook is no node (one warning), sources.json v3 (warn_after 24 hours).
        {"TicketSwap__tap-dbt-artifacts/target", 1, 0, 0, 0, 1, 0, 0, 2, 0, 1, 2, 1, 1, 2, 2, 1, 1},
    };
    for (const Expected &e : cases)
        QTest::newRow(e.folder) << QString::fromUtf8(e.folder) << static_cast<void *>(const_cast<Expected *>(&e));
}

void TestDbtCorpus::exactCounts()
{
    QFETCH(QString, folder);
    QFETCH(void *, expected);
    const Expected &e = *static_cast<const Expected *>(expected);
    const QString corpus = test::corpusDir();
    if (corpus.isEmpty())
        QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
    DbtReadSummary s;
    const IngestBatch b = readDbtArtifacts(corpus + u'/' + folder + u"/manifest.json"_s, &s);
    QVERIFY2(!b.hasErrors(), qPrintable(diagnosticsText(b)));
    QCOMPARE(b.diagnostics.size(), e.warnings);
    QCOMPARE(s.models, e.models);
    QCOMPARE(s.ephemeral, e.ephemeral);
    QCOMPARE(s.seeds, e.seeds);
    QCOMPARE(s.snapshots, e.snapshots);
    QCOMPARE(s.sources, e.sources);
    QCOMPARE(s.tests, e.tests);
    QCOMPARE(s.exposures, e.exposures);
    QCOMPARE(s.runResults, e.runResults);
    QCOMPARE(s.testResults, e.testResults);
    QCOMPARE(s.unmatchedResults, e.unmatched);
    QCOMPARE(b.datasets.size(), e.datasets);
    QCOMPARE(b.jobs.size(), e.jobs);
    QCOMPARE(b.edges.size(), e.edges);
    QCOMPARE(b.quality.size(), e.quality);
    QCOMPARE(b.freshness.size(), e.freshness);
    QCOMPARE(b.contracts.size(), e.contracts);
}

void TestDbtCorpus::tuvaReadTime()
{
    const QString corpus = test::corpusDir();
    if (corpus.isEmpty())
        QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
    // 4 MB manifest (441 nodes, 459 macros) and 399 run results, end to end: files read,
    // parsed and turned into records.
    const QString manifest = corpus + u"/tuva-health__tuva/docs/manifest.json"_s;
    qint64 best = std::numeric_limits<qint64>::max();
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        const IngestBatch b = readDbtArtifacts(manifest);
        best = std::min(best, timer.nsecsElapsed());
        QVERIFY(!b.hasErrors());
    }
    qInfo("Tuva manifest + run_results + catalog: best of 5 reads %.1f ms", double(best) / 1e6);
#ifdef NDEBUG
    QVERIFY2(best < 300'000'000, "reading the Tuva artifacts took 0.3 s or more");
#endif
}

QTEST_GUILESS_MAIN(TestDbtCorpus)
#include "tst_dbtcorpus.moc"
