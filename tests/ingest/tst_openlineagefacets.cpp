// OpenLineage facets MeshLens does not interpret (kept as raw JSON on the node, never an
// error) and `symlinks` (other names of one dataset: one node, whichever name a later event,
// file or ingest uses), from the reader through the cache.

#include "cache/meshcache.h"
#include "ingest/datasetaliases.h"
#include "ingest/ingestpipeline.h"
#include "ingest/openlineagereader.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// The error of a failed result, empty for a good one (for QVERIFY2 messages, which are
// built whether or not the check fails).
template<typename R>
QString why(const R &r)
{
    return r ? QString() : r.errorMessage();
}

IngestBatch read(std::string_view text)
{
    return readOpenLineageBytes(text, u"events.json"_s);
}

QString errors(const IngestBatch &b)
{
    QStringList out;
    for (const Diagnostic &d : b.diagnostics)
        out << d.toString();
    return out.join(u'\n');
}

const Dataset *dataset(const IngestBatch &b, const QString &key)
{
    for (const Dataset &d : b.datasets)
        if (d.key == key)
            return &d;
    return nullptr;
}

QByteArray facet(const std::vector<RawFacet> &facets, const QString &name)
{
    for (const RawFacet &f : facets)
        if (f.name == name)
            return f.json;
    return "(absent)";
}

QStringList names(const std::vector<RawFacet> &facets)
{
    QStringList out;
    for (const RawFacet &f : facets)
        out << f.name;
    out.sort();
    return out;
}

// Every kind of facet: interpreted ones (ownership, documentation, datasetType,
// dataQualityAssertions in inputFacets) and others (custom dataset facet, schema, a facet
// that is not an object, an output facet, job and run facets). Whitespace in the input is
// not kept: stored JSON is compact.
const char kFacets[] =
    R"({"eventType":"COMPLETE","eventTime":"2025-05-01T10:00:00Z","producer":"p","schemaURL":"s",)"
    R"("run":{"runId":"r1","facets":{"nominalTime":{"nominalStartTime":"2025-05-01T09:00:00Z"}}},)"
    R"("job":{"namespace":"etl","name":"load","facets":{"ownership":{"owners":[{"name":"team:a"}]},)"
    R"("sql":{"query":"select 1"},"jobType":{"jobType":"QUERY","integration":"SPARK"}}},)"
    R"("inputs":[{"namespace":"pg","name":"raw","facets":{"schema":{"fields":[{"name":"id", "type":"int"}]},)"
    R"("acme_tags":{"tags": ["pii", "gold"]},"flag":true,"empty":null},)"
    R"("inputFacets":{"dataQualityAssertions":{"assertions":[{"assertion":"not_null","success":true}]},)"
    R"("acme_scan":{"bytes":10}}}],)"
    R"("outputs":[{"namespace":"pg","name":"clean","facets":{"documentation":{"description":"d"},)"
    R"("datasetType":{"datasetType":"TABLE"}},)"
    R"("outputFacets":{"outputStatistics":{"rowCount":2000,"size":2097152}}}]})";

const char kSymlinkEvents[] =
    R"({"eventType":"COMPLETE","eventTime":"2025-05-01T10:00:00Z","producer":"p","run":{"runId":"a"},)"
    R"("job":{"namespace":"hive","name":"ctas"},"inputs":[],"outputs":[{"namespace":"hive://h:9083","name":"db.teams",)"
    R"("facets":{"symlinks":{"identifiers":[{"namespace":"file","name":"/warehouse/db.db/teams","type":"LOCATION"},)"
    R"({"namespace":"hive://h:9083","name":"db.teams","type":"TABLE"}]}}}]})"
    "\n"
    R"({"eventType":"COMPLETE","eventTime":"2025-05-02T10:00:00Z","producer":"p","run":{"runId":"b"},)"
    R"("job":{"namespace":"spark","name":"report"},"inputs":[{"namespace":"file","name":"/warehouse/db.db/teams"}],)"
    R"("outputs":[{"namespace":"s3://out","name":"report"}]})"
    "\n";

const char kIngestOne[] =
    R"({"eventType":"COMPLETE","eventTime":"2025-05-01T10:00:00Z","producer":"p","run":{"runId":"a"},)"
                   R"("job":{"namespace":"hive","name":"ctas"},"inputs":[{"namespace":"pg","name":"src"}],)"
                   R"("outputs":[{"namespace":"hive://h","name":"db.t","facets":{"acme":{"v":1},)"
                   R"("symlinks":{"identifiers":[{"namespace":"file","name":"/w/t","type":"LOCATION"}]}}}]})"
                   "\n";
const char kIngestTwo[] =
    R"({"eventType":"COMPLETE","eventTime":"2025-05-02T10:00:00Z","producer":"p","run":{"runId":"b"},)"
                   R"("job":{"namespace":"spark","name":"report"},"inputs":[{"namespace":"file","name":"/w/t",)"
                   R"("facets":{"acme":{"v":2}}}],"outputs":[{"namespace":"s3://o","name":"r"}]})"
                   "\n";
const char kSymlinkHead[] = R"({"eventTime":"2025-05-01T10:00:00Z","producer":"p","dataset":)"
                           R"({"namespace":"hive://h","name":"default.alter_table_test","facets":)";
const char kClientProducer[] = "https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client";

}  // namespace

class TestOpenLineageFacets : public QObject
{
    Q_OBJECT

private slots:
    void uninterpretedFacetsAreKeptAsCompactJson();
    void newestObservationOfAFacetWins();
    void oversizedFacetIsAPlaceholderWithAWarning();
    void symlinksMakeOneNodeInTheReader();
    void aliasesApplyAcrossBatchesAndChains();
    void aliasesAndFacetsPersistAcrossIngests();
    void corpusFullExampleEvent();
    void corpusSymlinksFacet();
};

void TestOpenLineageFacets::uninterpretedFacetsAreKeptAsCompactJson()
{
    const IngestBatch b = read(kFacets);
    QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
    QVERIFY2(b.diagnostics.isEmpty(), qPrintable(errors(b)));
    const Dataset *raw = dataset(b, u"dataset:pg/raw"_s);
    QVERIFY(raw);
    QCOMPARE(names(raw->facets), (QStringList{u"acme_tags"_s, u"flag"_s,
                                              u"inputFacets.acme_scan"_s, u"schema"_s}));
    QCOMPARE(facet(raw->facets, u"schema"_s), R"({"fields":[{"name":"id","type":"int"}]})");
    QCOMPARE(facet(raw->facets, u"acme_tags"_s), R"({"tags":["pii","gold"]})");
    QCOMPARE(facet(raw->facets, u"flag"_s), "true");  // not an object: kept, no error
    QCOMPARE(facet(raw->facets, u"inputFacets.acme_scan"_s), R"({"bytes":10})");
    QCOMPARE(raw->facets[0].observedAt, Timestamp(1746093600000));
    QCOMPARE(b.quality.size(), 1u);  // the interpreted input facet is not kept raw

    const Dataset *clean = dataset(b, u"dataset:pg/clean"_s);
    QVERIFY(clean);
    QCOMPARE(clean->description, u"d"_s);
    QCOMPARE(names(clean->facets), QStringList{u"outputFacets.outputStatistics"_s});
    QCOMPARE(facet(clean->facets, u"outputFacets.outputStatistics"_s),
             R"({"rowCount":2000,"size":2097152})");

    QCOMPARE(b.jobs.size(), 1u);
    QCOMPARE(b.jobs[0].owner, u"team:a"_s);
    QCOMPARE(names(b.jobs[0].facets),
             (QStringList{u"jobType"_s, u"run.nominalTime"_s, u"sql"_s}));
    QCOMPARE(facet(b.jobs[0].facets, u"sql"_s), R"({"query":"select 1"})");
}

void TestOpenLineageFacets::newestObservationOfAFacetWins()
{
    // Three events naming one dataset: the middle one is the newest, the last is older.
    const std::string events =
        R"({"eventTime":"2025-05-01T10:00:00Z","producer":"p","dataset":{"namespace":"n","name":"t","facets":{"x":{"v":1}}}})"
        "\n"
        R"({"eventTime":"2025-05-03T10:00:00Z","producer":"p","dataset":{"namespace":"n","name":"t","facets":{"x":{"v":3}}}})"
        "\n"
        R"({"eventTime":"2025-05-02T10:00:00Z","producer":"p","dataset":{"namespace":"n","name":"t","facets":{"x":{"v":2},"y":[]}}})"
        "\n";
    const IngestBatch b = read(events);
    QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
    QCOMPARE(b.datasets.size(), 1u);
    QCOMPARE(b.datasets[0].facets.size(), 2u);
    QCOMPARE(facet(b.datasets[0].facets, u"x"_s), R"({"v":3})");
    QCOMPARE(facet(b.datasets[0].facets, u"y"_s), "[]");
}

void TestOpenLineageFacets::oversizedFacetIsAPlaceholderWithAWarning()
{
    // A facet of 70,000+ bytes of JSON on line 2: kept as a placeholder giving its size,
    // with a warning naming the facet, the dataset and the line. Not an error: the batch
    // is still written.
    const std::string big(70'000, 'a');
    const std::string events =
        R"({"eventTime":"2025-05-01T10:00:00Z","producer":"p","dataset":{"namespace":"n","name":"small"}})"
        "\n"
        R"({"eventTime":"2025-05-01T10:00:00Z","producer":"p","dataset":{"namespace":"n","name":"t","facets":{"spark.logicalPlan":{"plan":")"
        + big + R"("}}}})" "\n";
    const IngestBatch b = read(events);
    QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
    QCOMPARE(b.diagnostics.size(), 1);
    const Diagnostic &d = b.diagnostics.first();
    QCOMPARE(d.severity, Diagnostic::Severity::Warning);
    QCOMPARE(d.line, 2);
    QVERIFY2(d.message.contains(u"\"spark.logicalPlan\""_s), qPrintable(d.message));
    QVERIFY2(d.message.contains(u"dataset:n/t"_s), qPrintable(d.message));
    QVERIFY2(d.message.contains(u"70011 bytes"_s), qPrintable(d.message));
    const Dataset *t = dataset(b, u"dataset:n/t"_s);
    QVERIFY(t);
    QCOMPARE(facet(t->facets, u"spark.logicalPlan"_s),
             R"({"_meshlensOmitted":"larger than 64 KiB","bytes":70011})");
}

void TestOpenLineageFacets::symlinksMakeOneNodeInTheReader()
{
    // The Hive table names its warehouse location as another name; a later run reads
    // the location: lineage goes to the table, and no dataset of the location's name is
    // made.
    const IngestBatch b = read(kSymlinkEvents);
    QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
    QCOMPARE(b.datasets.size(), 2u);
    QVERIFY(dataset(b, u"dataset:hive://h:9083/db.teams"_s));
    QVERIFY(dataset(b, u"dataset:s3://out/report"_s));
    QCOMPARE(b.datasetAliases.size(), 1u);  // its own name is no alias
    QCOMPARE(b.datasetAliases[0].aliasKey, u"dataset:file//warehouse/db.db/teams"_s);
    QCOMPARE(b.datasetAliases[0].canonicalKey, u"dataset:hive://h:9083/db.teams"_s);
    QCOMPARE(b.edges.size(), 1u);
    QCOMPARE(b.edges[0].fromKey, u"dataset:hive://h:9083/db.teams"_s);
    // symlinks is interpreted: not also kept raw.
    QCOMPARE(dataset(b, u"dataset:hive://h:9083/db.teams"_s)->facets.size(), 0u);
}

void TestOpenLineageFacets::aliasesApplyAcrossBatchesAndChains()
{
    DatasetAliases aliases;
    IngestBatch first;
    first.datasetAliases.push_back({u"dataset:f/b"_s, u"dataset:h/a"_s, 1});
    first.datasetAliases.push_back({u"dataset:f/c"_s, u"dataset:f/b"_s, 1});  // via b
    first.datasetAliases.push_back({u"dataset:h/a"_s, u"dataset:f/b"_s, 1});  // a cycle: dropped
    QCOMPARE(aliases.apply(first), 0);
    QCOMPARE(first.datasetAliases.size(), 2u);
    QCOMPARE(first.datasetAliases[1].canonicalKey, u"dataset:h/a"_s);
    QCOMPARE(aliases.canonical(u"dataset:f/c"_s), u"dataset:h/a"_s);
    QCOMPARE(aliases.canonical(u"dataset:h/a"_s), u"dataset:h/a"_s);

    IngestBatch later;
    Dataset d;
    d.key = u"dataset:f/c"_s;
    d.ns = u"f"_s;
    d.name = u"c"_s;
    later.datasets.push_back(d);
    later.edges.push_back({u"dataset:f/b"_s, u"dataset:x/y"_s, {}, 5, 0});
    later.quality.push_back({u"dataset:f/c"_s, u"check"_s, {}, HealthState::Pass, 0, {}, 5});
    QCOMPARE(aliases.apply(later), 3);
    QCOMPARE(later.datasets[0].key, u"dataset:h/a"_s);
    QCOMPARE(later.datasets[0].ns, u"h"_s);
    QCOMPARE(later.datasets[0].name, u"a"_s);
    QCOMPARE(later.edges[0].fromKey, u"dataset:h/a"_s);
    QCOMPARE(later.edges[0].toKey, u"dataset:x/y"_s);
    QCOMPARE(later.quality[0].entityKey, u"dataset:h/a"_s);
}

void TestOpenLineageFacets::aliasesAndFacetsPersistAcrossIngests()
{
    // Ingest 1 declares the alias and raw facets; ingest 2 (another file, another
    // ingestInputs call, so nothing in memory carries over) names the dataset by its
    // alias: the cache still has one node, with both runs' lineage on it.
    QTemporaryDir dir;
    const QString cachePath = dir.filePath(u"c.meshlens"_s);
    const QString one = dir.filePath(u"one.ndjson"_s), two = dir.filePath(u"two.ndjson"_s);
    auto write = [](const QString &path, const QByteArray &text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(one, kIngestOne);
    write(two, kIngestTwo);
    {
        auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache, qPrintable(why(cache)));
        const IngestOutcome o = ingestInputs(*cache.value(), {one});
        QVERIFY(!o.anyErrors());
        QCOMPARE(o.reports[0].summary.aliasesAdded, 1);
        QCOMPARE(o.reports[0].summary.facetsWritten, 1);
    }
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadWrite);
    QVERIFY2(cache, qPrintable(why(cache)));
    auto known = cache.value()->datasetAliases();
    QVERIFY(known);
    QCOMPARE(known->size(), 1);
    QCOMPARE(known->value(u"dataset:file//w/t"_s), u"dataset:hive://h/db.t"_s);
    const IngestOutcome o = ingestInputs(*cache.value(), {two});
    QVERIFY(!o.anyErrors());
    QCOMPARE(o.reports[0].summary.aliasesAdded, 0);

    auto data = cache.value()->loadSnapshot();
    QVERIFY(data);
    QStringList keys;
    qint64 tableId = 0;
    for (const SnapshotNode &n : data->nodes) {
        if (n.kind != EntityKind::Dataset)
            continue;
        const QString key = data->strings.string(n.key);
        keys << key;
        if (key == u"dataset:hive://h/db.t"_s)
            tableId = n.cacheId;
    }
    keys.sort();
    QCOMPARE(keys, (QStringList{u"dataset:hive://h/db.t"_s, u"dataset:pg/src"_s, u"dataset:s3://o/r"_s}));
    QCOMPARE(data->edges.size(), 2u);  // src -> db.t (run a), db.t -> r (run b, by the alias)
    auto facets = cache.value()->facets(tableId);
    QVERIFY2(facets, qPrintable(why(facets)));
    QCOMPARE(facets->size(), 1u);
    QCOMPARE(facets->at(0).name, u"acme"_s);
    QCOMPARE(facets->at(0).json, R"({"v":2})");  // the newer observation, by the alias
}

void TestOpenLineageFacets::corpusFullExampleEvent()
{
    // client/python/tests/example_full_event.json: one COMPLETE event, run facets
    // nominalTime, parent, tags; job facet documentation (interpreted); one dataset as
    // input and output with schema on both (one facet), inputFacets.dataQualityAssertions
    // (interpreted: 2 quality results) and outputFacets.outputStatistics.
    const QString corpus = test::corpusDir();
    if (corpus.isEmpty())
        QSKIP("the corpus (../shared/corpus or $MESHLENS_CORPUS) is not there");
    QFile f(corpus + u"/OpenLineage__OpenLineage/client/python/tests/example_full_event.json"_s);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    const IngestBatch b = read(std::string_view(text.constData(), std::size_t(text.size())));
    QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
    QCOMPARE(b.datasets.size(), 1u);
    QCOMPARE(names(b.datasets[0].facets),
             (QStringList{u"outputFacets.outputStatistics"_s, u"schema"_s}));
    // "_producer" and "_schemaURL" are kept apart.
    QCOMPARE(facet(b.datasets[0].facets, u"outputFacets.outputStatistics"_s),
             R"({"rowCount":2000,"size":2097152})");
    for (const RawFacet &f : b.datasets[0].facets) {
        QCOMPARE(f.producer, QString::fromLatin1(kClientProducer));
        QCOMPARE(f.schemaUrl, u"http://test.schema.url"_s);
    }
    QCOMPARE(b.quality.size(), 2u);
    QCOMPARE(b.jobs.size(), 1u);
    QCOMPARE(b.jobs[0].description, u"string"_s);
    QCOMPARE(names(b.jobs[0].facets),
             (QStringList{u"run.nominalTime"_s, u"run.parent"_s, u"run.tags"_s}));
}

void TestOpenLineageFacets::corpusSymlinksFacet()
{
    // spec/tests/SymlinksDatasetFacet/1.json is the facet alone: put in an event on a
    // dataset, its one identifier becomes the one alias.
    const QString corpus = test::corpusDir();
    if (corpus.isEmpty())
        QSKIP("the corpus (../shared/corpus or $MESHLENS_CORPUS) is not there");
    QFile f(corpus + u"/OpenLineage__OpenLineage/spec/tests/SymlinksDatasetFacet/1.json"_s);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray event = kSymlinkHead + f.readAll() + "}}";
    const IngestBatch b = read(std::string_view(event.constData(), std::size_t(event.size())));
    QVERIFY2(!b.hasErrors(), qPrintable(errors(b)));
    QCOMPARE(b.datasetAliases.size(), 1u);
    QCOMPARE(b.datasetAliases[0].aliasKey, u"dataset:/tmp/alter_test/default.alter_table_test_new"_s);
    QCOMPARE(b.datasetAliases[0].canonicalKey, u"dataset:hive://h/default.alter_table_test"_s);
    QCOMPARE(b.datasets.size(), 1u);
    QCOMPARE(b.datasets[0].facets.size(), 0u);
}

QTEST_GUILESS_MAIN(TestOpenLineageFacets)
#include "tst_openlineagefacets.moc"
