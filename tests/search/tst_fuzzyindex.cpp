// Quick-open search: ranking of crafted names (exact > prefix > word start > camelCase >
// scattered), matched positions, the filter syntax, Unicode names, and on a generated
// 10,000-dataset mesh every node found first by its full key.

#include "cache/meshcache.h"
#include "generate/meshgenerator.h"
#include "ingest/nativereader.h"
#include "ingest/resolver.h"
#include "search/fuzzyindex.h"
#include "testsupport.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unordered_map>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

// A hand-made snapshot: domains, products and datasets with the names a test needs.
class Fixture
{
public:
    NodeId add(EntityKind kind, const QString &key, const QString &name, NodeId parent = kNoNode,
               const QString &owner = {}, HealthState quality = HealthState::Unknown)
    {
        SnapshotNode n;
        n.kind = kind;
        n.parent = parent;
        n.quality = quality;
        n.key = m_data.strings.add(key.toStdString());
        n.name = name.isEmpty() ? 0 : m_data.strings.add(name.toStdString());
        n.owner = owner.isEmpty() ? 0 : m_data.strings.intern(owner.toStdString());
        m_data.nodes.push_back(n);
        return NodeId(m_data.nodes.size() - 1);
    }
    FuzzyIndexPtr index() { return FuzzyIndex::build(SnapshotGraph::build(std::move(m_data))); }

private:
    SnapshotData m_data;
};

QStringList names(const FuzzyIndex &index, const std::vector<SearchHit> &hits)
{
    QStringList out;
    for (const SearchHit &h : hits) {
        const QString name = index.graph()->nameString(h.node);
        out << (name.isEmpty() ? index.graph()->keyString(h.node) : name);
    }
    return out;
}

QStringList ranked(const FuzzyIndex &index, const QString &query, int limit = 50)
{
    return names(index, index.search(query, limit));
}

struct CliRun {
    int code = -1;
    QByteArray out;
    QString err;
};

CliRun cli(const QStringList &args)
{
    QProcess p;
    p.start(test::cliPath(), args);
    if (!p.waitForFinished(300000))
        qFatal("meshlens-cli did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), QString::fromUtf8(p.readAllStandardError())};
}

// The matched characters of a hit, read from the string they index.
QString matched(const FuzzyIndex &index, const SearchHit &hit)
{
    const QString text = hit.field == SearchHit::Field::Name ? index.graph()->nameString(hit.node)
                                                             : index.graph()->keyString(hit.node);
    QString out;
    for (const int p : hit.positions)
        out += text.at(p);
    return out;
}

}  // namespace

class TestFuzzyIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rankingOrder()
    {
        Fixture f;
        const QStringList crafted = {u"forward"_s,   u"getOrderDate"_s, u"big_ord_x"_s,
                                     u"ordinal"_s,   u"ord"_s,          u"nothing"_s,
                                     u"o_r_d_items"_s, u"O.R.D"_s};
        for (const QString &name : crafted)
            f.add(EntityKind::Dataset, u"dataset:n/"_s + QString::number(qHash(name)), name);
        const FuzzyIndexPtr index = f.index();
        // Exact, equal but for separators, prefix, word start, scattered word starts from the
        // start, camelCase, scattered.
        QCOMPARE(ranked(*index, u"ord"_s),
                 (QStringList{u"ord"_s, u"O.R.D"_s, u"ordinal"_s, u"big_ord_x"_s, u"o_r_d_items"_s,
                              u"getOrderDate"_s, u"forward"_s}));
        const auto hits = index->search(u"ord"_s);
        QVERIFY(hits[0].score >= FuzzyIndex::kExact);
        QVERIFY(hits[1].score >= FuzzyIndex::kLoose && hits[1].score < FuzzyIndex::kExact);
        QVERIFY(hits[2].score < FuzzyIndex::kLoose);
        for (std::size_t i = 1; i < hits.size(); ++i)
            QVERIFY2(hits[i - 1].score > hits[i].score, qPrintable(QString::number(i)));
        // Case never matters.
        QCOMPARE(ranked(*index, u"ORD"_s), ranked(*index, u"ord"_s));
        QCOMPARE(ranked(*index, u"zzz"_s), QStringList());
    }

    void consecutiveAndShorterFirst()
    {
        Fixture f;
        for (const QString &name : {u"c_u_s_t_x"_s, u"customer_orders"_s, u"customer"_s,
                                    u"customers_by_region"_s, u"xcustomer"_s})
            f.add(EntityKind::Dataset, u"dataset:"_s + name, name);
        const FuzzyIndexPtr index = f.index();
        // Equal prefix scores: shorter first; a run beats word starts spread out; a match
        // inside a word comes last.
        QCOMPARE(ranked(*index, u"cust"_s),
                 (QStringList{u"customer"_s, u"customer_orders"_s, u"customers_by_region"_s,
                              u"c_u_s_t_x"_s, u"xcustomer"_s}));
        // Spaces between words are ignored, word starts still count.
        QCOMPARE(ranked(*index, u"cust ord"_s).first(), u"customer_orders"_s);
        const auto loose = index->search(u"Customer Orders"_s);
        QCOMPARE(index->graph()->nameString(loose.at(0).node), u"customer_orders"_s);
        QVERIFY(loose[0].score >= FuzzyIndex::kLoose);
    }

    void qualifiedNameFindsTheProduct()
    {
        // A product's key without "product:" is domain.product: typed with a space or the
        // dot, it beats datasets whose names merely start the same way. (A separator typed
        // is still a character to find: "sales/orders" does not match this key.)
        Fixture f;
        const NodeId sales = f.add(EntityKind::Domain, u"domain:sales"_s, u"sales"_s);
        const NodeId orders = f.add(EntityKind::Product, u"product:sales.orders"_s, u"orders"_s, sales);
        f.add(EntityKind::Dataset, u"dataset:pg/sales.orders_38.cart"_s, u"sales.orders_38.cart"_s, orders);
        f.add(EntityKind::Dataset, u"dataset:pg/sales.orders"_s, u"sales_orders_raw"_s, orders);
        const FuzzyIndexPtr index = f.index();
        // Typed halfway, the product's qualified name ties with the dataset's name (both
        // are a name-like text starting with the query); the shorter text wins.
        QCOMPARE(index->search(u"sales ord"_s).at(0).node, orders);
        QCOMPARE(index->search(u"sal.ord"_s).at(0).node, orders);
        for (const QString &q : {u"sales orders"_s, u"Sales.Orders"_s}) {
            const auto hits = index->search(q);
            QCOMPARE(hits.size(), std::size_t(3));
            QCOMPARE(hits[0].node, orders);
            QCOMPARE(hits[0].field, SearchHit::Field::Key);
            QCOMPARE(matched(*index, hits[0]).remove(u'.'), u"salesorders"_s);
        }
    }

    void namesBeforeKeys()
    {
        // The same match in a name and in a key's body (after "kind:") scores the same; the
        // shorter text first, so here the name.
        Fixture f;
        const NodeId byKey = f.add(EntityKind::Dataset, u"dataset:pg/sales.orders"_s, u"x1"_s);
        const NodeId byName = f.add(EntityKind::Dataset, u"dataset:pg/y"_s, u"sales.orders"_s);
        const FuzzyIndexPtr index = f.index();
        const auto hits = index->search(u"orders"_s);
        QCOMPARE(hits.size(), std::size_t(2));
        QCOMPARE(hits[0].node, byName);
        QCOMPARE(hits[0].field, SearchHit::Field::Name);
        QCOMPARE(hits[1].node, byKey);
        QCOMPARE(hits[1].field, SearchHit::Field::Key);
        QCOMPARE(matched(*index, hits[1]), u"orders"_s);
        QCOMPARE(hits[1].positions, (std::vector<int>{17, 18, 19, 20, 21, 22}));
    }

    void positionsAreTheBestAlignment()
    {
        Fixture f;
        const NodeId a = f.add(EntityKind::Dataset, u"dataset:1"_s, u"axb_ab"_s);
        const NodeId b = f.add(EntityKind::Dataset, u"dataset:2"_s, u"getOrderDate"_s);
        const FuzzyIndexPtr index = f.index();
        // A greedy scan would take a(0) b(2); the word-start run "ab" scores more.
        auto hits = index->search(u"ab"_s);
        QCOMPARE(hits.at(0).node, a);
        QCOMPARE(hits.at(0).positions, (std::vector<int>{4, 5}));
        // camelCase: the capital D rather than the first d.
        hits = index->search(u"od"_s);
        QCOMPARE(hits.at(0).node, b);
        QCOMPARE(hits.at(0).positions, (std::vector<int>{3, 8}));
        QCOMPARE(matched(*index, hits.at(0)), u"OD"_s);
    }

    void emptyQuery()
    {
        Fixture f;
        f.add(EntityKind::Dataset, u"dataset:a"_s, u"a"_s);
        const FuzzyIndexPtr index = f.index();
        QVERIFY(index->search(u""_s).empty());
        QVERIFY(index->search(u"   "_s).empty());
        QVERIFY(index->search(u"kind:"_s).empty());  // a filter being typed is no filter yet
        QVERIFY(index->search(u"a"_s, 0).empty());
    }

    void filters()
    {
        Fixture f;
        const NodeId sales = f.add(EntityKind::Domain, u"domain:sales"_s, u"sales"_s, kNoNode, u"team:sales-core"_s);
        const NodeId risk = f.add(EntityKind::Domain, u"domain:risk"_s, u"risk"_s, kNoNode, u"team:risk-core"_s);
        const NodeId orders = f.add(EntityKind::Product, u"product:sales.orders"_s, u"orders"_s, sales, u"team:sales-core"_s);
        const NodeId scores = f.add(EntityKind::Product, u"product:risk.scores"_s, u"scores"_s, risk, u"team:risk-core"_s);
        f.add(EntityKind::Dataset, u"dataset:pg/orders_daily"_s, u"orders_daily"_s, orders, u"team:sales-core"_s, HealthState::Fail);
        f.add(EntityKind::Dataset, u"dataset:pg/orders_raw"_s, u"orders_raw"_s, orders, u"team:sales-ingest"_s, HealthState::Pass);
        f.add(EntityKind::Dataset, u"dataset:pg/order_scores"_s, u"order_scores"_s, scores, u"team:risk-core"_s, HealthState::Warn);
        f.add(EntityKind::Job, u"job:dbt/orders_daily"_s, u"build_orders_daily"_s, orders);
        const FuzzyIndexPtr index = f.index();

        QCOMPARE(ranked(*index, u"kind:product ord"_s), QStringList{u"orders"_s});
        QCOMPARE(ranked(*index, u"k:dataset,job ord"_s),
                 (QStringList{u"orders_raw"_s, u"orders_daily"_s, u"order_scores"_s, u"build_orders_daily"_s}));
        QCOMPARE(ranked(*index, u"kind:datasets"_s),  // plural, no text: all of the kind, shortest first
                 (QStringList{u"orders_raw"_s, u"orders_daily"_s, u"order_scores"_s}));
        QCOMPARE(ranked(*index, u"-kind:dataset,job ord"_s), QStringList{u"orders"_s});
        QCOMPARE(ranked(*index, u"owner:sales-core ord"_s), (QStringList{u"orders"_s, u"orders_daily"_s}));
        QCOMPARE(ranked(*index, u"o:ingest"_s), QStringList{u"orders_raw"_s});
        QCOMPARE(ranked(*index, u"domain:risk"_s), (QStringList{u"risk"_s, u"scores"_s, u"order_scores"_s}));
        QCOMPARE(ranked(*index, u"d:risk ord"_s), QStringList{u"order_scores"_s});
        QCOMPARE(ranked(*index, u"-domain:risk kind:dataset"_s), (QStringList{u"orders_raw"_s, u"orders_daily"_s}));
        QCOMPARE(ranked(*index, u"product:orders kind:job"_s), QStringList{u"build_orders_daily"_s});
        QCOMPARE(ranked(*index, u"health:fail"_s),  // rolled up: the product and domain too
                 (QStringList{u"sales"_s, u"orders"_s, u"orders_daily"_s}));
        QCOMPARE(ranked(*index, u"h:warn,pass kind:dataset"_s), (QStringList{u"orders_raw"_s, u"order_scores"_s}));
        QCOMPARE(ranked(*index, u"owner:\"sales-core\" kind:domain"_s), QStringList{u"sales"_s});
        QCOMPARE(ranked(*index, u"OWNER:SALES-INGEST"_s), QStringList{u"orders_raw"_s});

        // A value no node can have is reported and keeps nothing.
        const SearchQuery bad = SearchQuery::parse(u"kind:table ord"_s);
        QCOMPARE(bad.errors.size(), 1);
        QVERIFY2(bad.errors[0].contains(u"table"_s), qPrintable(bad.errors[0]));
        QVERIFY(index->search(bad).empty());
        QCOMPARE(SearchQuery::parse(u"health:great"_s).errors.size(), 1);
        QVERIFY(SearchQuery::parse(u"health:f kind:prod"_s).errors.isEmpty());

        // A word with an unknown field is text; the whole query as a key comes first,
        // even when it reads as a filter.
        QCOMPARE(ranked(*index, u"dataset:pg/orders_raw"_s).first(), u"orders_raw"_s);
        const auto pinned = index->search(u"domain:sales"_s);
        QCOMPARE(pinned.at(0).node, sales);
        QCOMPARE(pinned.at(0).field, SearchHit::Field::Key);
        QCOMPARE(matched(*index, pinned.at(0)), u"domain:sales"_s);
        QCOMPARE(ranked(*index, u"domain:sales"_s).size(), 5);  // then the domain filter's nodes
    }

    void queryParsing()
    {
        const SearchQuery q = SearchQuery::parse(u"  kind:product  -o:\"team x\",y  cust  ord h: "_s);
        QCOMPARE(q.text, u"cust ord"_s);
        QCOMPARE(q.filters.size(), std::size_t(2));
        QCOMPARE(q.filters[0].field, SearchFilter::Field::Kind);
        QVERIFY(!q.filters[0].negated);
        QCOMPARE(q.filters[1].field, SearchFilter::Field::Owner);
        QVERIFY(q.filters[1].negated);
        QCOMPARE(q.filters[1].values, (QStringList{u"team x"_s, u"y"_s}));
        QCOMPARE(q.raw, u"kind:product  -o:\"team x\",y  cust  ord h:"_s);
        QVERIFY(q.errors.isEmpty());
    }

    void unicodeNames()
    {
        Fixture f;
        const NodeId uber = f.add(EntityKind::Dataset, u"dataset:de/überweisung"_s, u"Überweisung_Straße"_s);
        const NodeId rocket = f.add(EntityKind::Dataset, u"dataset:x/rocket"_s, u"data🚀launch"_s);
        const NodeId cjk = f.add(EntityKind::Dataset, u"dataset:jp/sales"_s, u"売上データ"_s);
        const NodeId istanbul = f.add(EntityKind::Dataset, u"dataset:tr/ist"_s, u"İstanbul_orders"_s);
        f.add(EntityKind::Dataset, u"dataset:x/copyright"_s, u"ü©"_s);
        const FuzzyIndexPtr index = f.index();

        auto hits = index->search(u"über"_s);
        QCOMPARE(hits.at(0).node, uber);
        QCOMPARE(hits.at(0).positions, (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(index->search(u"ÜBER"_s).at(0).node, uber);  // folded both ways
        hits = index->search(u"straße"_s);
        QCOMPARE(hits.at(0).node, uber);
        QCOMPARE(matched(*index, hits.at(0)), u"Straße"_s);
        // A supplementary character is two UTF-16 units: positions after it move by two.
        hits = index->search(u"launch"_s);
        QCOMPARE(hits.at(0).node, rocket);
        QCOMPARE(hits.at(0).positions, (std::vector<int>{6, 7, 8, 9, 10, 11}));
        hits = index->search(u"🚀"_s);
        QCOMPARE(hits.at(0).positions, (std::vector<int>{4, 5}));
        hits = index->search(u"データ"_s);
        QCOMPARE(hits.at(0).node, cjk);
        QCOMPARE(matched(*index, hits.at(0)), u"データ"_s);
        // İ lower-cases to a plain i, one byte shorter in UTF-8: positions still land.
        hits = index->search(u"istord"_s);
        QCOMPARE(hits.at(0).node, istanbul);
        QCOMPARE(matched(*index, hits.at(0)), u"İstord"_s);
        // Multi-byte characters match whole: é is C3 A9, and "ü©" is C3 BC C2 A9.
        QVERIFY(index->search(u"é"_s).empty());
        QCOMPARE(index->search(u"ü©"_s).size(), std::size_t(1));
    }

    void generatedMeshFindsEveryKey()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GeneratorOptions options;
        options.datasets = 10000;
        options.seed = 11;
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(writeGeneratedMesh(options, GeneratorFormat::Native, buffer).ok());
        IngestBatch batch = readNativeBytes({buffer.data().constData(), std::size_t(buffer.data().size())},
                                            u"generated.json"_s);
        QVERIFY(!batch.hasErrors());
        resolveBatch(batch);
        auto cache = MeshCache::open(dir.filePath(u"m.meshlens"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(cache);
        QVERIFY(cache.value()->write(batch));
        auto data = cache.value()->loadSnapshot();
        QVERIFY(data);
        const SnapshotPtr graph = SnapshotGraph::build(std::move(data.value()));
        QVERIFY(graph->nodeCount() > 20000);
        const FuzzyIndexPtr index = FuzzyIndex::build(graph);
        QCOMPARE(index->size(), graph->nodeCount());

        QElapsedTimer t;
        t.start();
        for (NodeId id = 0; id < graph->nodeCount(); ++id) {
            const auto hits = index->search(graph->keyString(id), 5);
            QVERIFY2(!hits.empty() && hits[0].node == id, qPrintable(graph->keyString(id)));
        }
        qInfo("%u full-key queries in %lld ms", graph->nodeCount(), t.elapsed());

        // Names repeat (a job and the dataset it writes), so by name: among the exact hits.
        std::unordered_map<std::string_view, int> nameCount;
        for (NodeId id = 0; id < graph->nodeCount(); ++id)
            ++nameCount[graph->name(id)];
        for (NodeId id = 0; id < graph->nodeCount(); id += 7) {
            if (graph->name(id).empty() || nameCount[graph->name(id)] > 10)
                continue;
            const auto hits = index->search(graph->nameString(id), 10);
            QVERIFY2(std::any_of(hits.begin(), hits.end(), [&](const SearchHit &h) { return h.node == id; }),
                     qPrintable(graph->nameString(id)));
            QVERIFY(hits[0].score >= FuzzyIndex::kExact);
        }

        // Two threads find exactly what one finds.
        for (const QString &q : {u"or"_s, u"cust"_s, u"salesord"_s, u"kind:dataset ord"_s, u"qqqzx"_s}) {
            const SearchQuery parsed = SearchQuery::parse(q);
            const auto one = index->search(parsed, 50, 1), two = index->search(parsed, 50, 2);
            QCOMPARE(one.size(), two.size());
            for (std::size_t i = 0; i < one.size(); ++i) {
                QCOMPARE(one[i].node, two[i].node);
                QCOMPARE(one[i].positions, two[i].positions);
            }
        }
        QCOMPARE(index->search(u"or"_s).size(), std::size_t(FuzzyIndex::kDefaultLimit));

        // The same search from the command line, and its benchmark phase.
        cache.value().reset();
        QVERIFY2(!test::cliPath().isEmpty(), "MESHLENS_CLI is not set");
        const QString path = dir.filePath(u"m.meshlens"_s);
        CliRun r = cli({u"search"_s, path, u"kind:product"_s, u"ord"_s, u"--json"_s, u"--limit"_s, u"5"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray hits = QJsonDocument::fromJson(r.out).object().value(u"hits"_s).toArray();
        const auto expected = index->search(u"kind:product ord"_s, 5);
        QCOMPARE(qsizetype(hits.size()), qsizetype(expected.size()));
        for (qsizetype i = 0; i < hits.size(); ++i) {
            const QJsonObject h = hits[i].toObject();
            QCOMPARE(h.value(u"kind"_s).toString(), u"product"_s);
            QCOMPARE(h.value(u"key"_s).toString(), graph->keyString(expected[std::size_t(i)].node));
            QCOMPARE(h.value(u"positions"_s).toArray().size(), qsizetype(expected[std::size_t(i)].positions.size()));
        }
        r = cli({u"search"_s, path, u"qqqzx"_s});
        QCOMPARE(r.code, 1);  // nothing found: a finding, not an error
        r = cli({u"search"_s, path});
        QCOMPARE(r.code, 2);
        r = cli({u"search"_s, path, u"kind:table"_s});
        QVERIFY2(r.err.contains(u"\"table\" is not"_s), qPrintable(r.err));
        r = cli({u"bench"_s, u"--phase"_s, u"search"_s, u"--repeat"_s, u"3"_s, path});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject bench = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(bench.value(u"nodes"_s).toInteger(), qint64(graph->nodeCount()));
        QVERIFY(bench.value(u"indexMB"_s).toDouble() > 0);
        QCOMPARE(bench.value(u"queries"_s).toArray().size(), 11);
        for (const QJsonValue &q : bench.value(u"queries"_s).toArray())
            QVERIFY(q.toObject().value(u"medianMs"_s).toDouble() >= 0);
    }
};

QTEST_GUILESS_MAIN(TestFuzzyIndex)
#include "tst_fuzzyindex.moc"
