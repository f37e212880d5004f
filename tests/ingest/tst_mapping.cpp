// The mapping file (models/ingest/mapping.h): glob semantics, namespace aliases rewriting the
// dataset keys of every record kind, domain/product patterns (first match wins, the source's
// own product wins over a pattern, unmatched datasets keep no product), bad mapping files
// with file:line:column diagnostics, and Marquez's food-delivery seed from the corpus
// ingested with a mapping: a snapshot with products, domains and product-level edges.

#include "testsupport.h"

#include "cache/meshcache.h"
#include "ingest/globpattern.h"
#include "ingest/ingestpipeline.h"
#include "ingest/mapping.h"
#include "ingest/resolver.h"
#include "mesh/snapshotgraph.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

Mapping mappingFrom(const char *yaml)
{
    Diagnostics diags;
    Result<Mapping> m = parseMapping(QByteArray(yaml), u"m.yaml"_s, &diags);
    if (!m)
        qFatal("mapping did not load: %s", qPrintable(m.errorMessage()));
    return std::move(m.value());
}

QString productOf(const IngestBatch &b, const QString &datasetKey)
{
    for (const Dataset &d : b.datasets) {
        if (d.key == datasetKey)
            return d.productKey;
    }
    return u"<missing>"_s;
}

const char *const kSeedMapping = "meshlensMapping: 1\n"
"namespaceAliases:\n"
"  - canonical: \"postgres://food-delivery-db:5432\"\n"
"    aliases: [\"food_delivery\"]\n"
"domains:\n"
"  - domain: ordering\n"
"    product: orders\n"
"    match: { namespace: \"postgres://food-delivery-db:5432\", name: \"public.order*\" }\n"
"  - domain: ordering\n"
"    product: menu\n"
"    match: { name: \"public.menu*\" }\n"
"  - domain: delivery\n"
"    product: delivery\n"
"    match: { name: \"public.*deliver*\" }\n"
"  - domain: food\n"
"    match: { namespace: \"postgres://food-delivery-db:5432\" }\n";

}  // namespace

class TestMapping : public QObject
{
    Q_OBJECT

private slots:
    void globSemantics_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        const auto row = [](const char *p, const char *t, bool m) {
            QTest::addRow("%s ~ %s", p, t) << QString::fromUtf8(p) << QString::fromUtf8(t) << m;
        };
        row("*", "", true);
        row("*", "a.b/c d", true);
        row("sales.*", "sales.orders", true);
        row("sales.*", "sales.", true);
        row("sales.*", "sales", false);          // the dot is literal
        row("sales.*", "xsales.orders", false);  // anchored at the start
        row("sales.*", "salesXorders", false);   // '.' is no regex wildcard
        row("*.orders", "a.b.orders", true);     // '*' crosses dots
        row("s3://*/raw/*", "s3://bucket/raw/x.csv", true);  // and slashes
        row("order?", "orders", true);
        row("order?", "order", false);
        row("order?", "orders2", false);         // anchored at the end
        row("[abc]x", "bx", true);
        row("[abc]x", "dx", false);
        row("[!abc]x", "dx", true);
        row("[!abc]x", "ax", false);
        row("t[0-9]", "t7", true);
        row("t[0-9]", "tx", false);
        row("[]]", "]", true);
        row("a\\*", "a*", true);
        row("a\\*", "ab", false);
        row("Sales.*", "sales.orders", false);   // case-sensitive
        row("(a|b)+", "(a|b)+", true);           // regex syntax is literal
        row("(a|b)+", "a", false);
    }

    void globSemantics()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QString error;
        const GlobPattern g = GlobPattern::compile(pattern, &error);
        QVERIFY2(g.isValid(), qPrintable(error));
        QCOMPARE(g.matches(text), matches);
    }

    void invalidGlobs()
    {
        // Each gets an error saying what was expected, and matches nothing.
        for (const QString &bad : {u""_s, u"sales.[abc"_s, u"x[!"_s, u"abc\\"_s, u"t[z-a]"_s}) {
            QString error;
            const GlobPattern g = GlobPattern::compile(bad, &error);
            QVERIFY2(!g.isValid(), qPrintable(bad));
            QVERIFY2(error.contains(u"expected"_s), qPrintable(error));
            QVERIFY(!g.matches(bad));
        }
    }

    void defaultProductNames()
    {
        QCOMPARE(defaultProductName(u"sales.orders"_s), u"sales"_s);
        QCOMPARE(defaultProductName(u"shop.public.orders"_s), u"shop"_s);
        QCOMPARE(defaultProductName(u"/data/raw/x.csv"_s), u"data"_s);
        QCOMPARE(defaultProductName(u"orders"_s), u"orders"_s);
        QCOMPARE(defaultProductName(u"..."_s), QString());
    }

    void aliasesRewriteEveryRecordKind()
    {
        const Mapping m = mappingFrom("meshlensMapping: 1\n"
"namespaceAliases:\n"
"  - canonical: \"postgres://db.prod:5432\"\n"
"    aliases: [\"postgres://db:5432\", \"postgres\"]\n");
        QCOMPARE(m.aliases.size(), 2);
        const QString canon = u"dataset:postgres://db.prod:5432/"_s;
        // Longest alias first; a '/' in the name does not matter; look-alikes are left alone.
        QCOMPARE(m.canonicalDatasetKey(u"dataset:postgres/shop.orders"_s), canon + u"shop.orders"_s);
        QCOMPARE(m.canonicalDatasetKey(u"dataset:postgres://db:5432/a/b"_s), canon + u"a/b"_s);
        QCOMPARE(m.canonicalDatasetKey(u"dataset:postgresql/x"_s), u"dataset:postgresql/x"_s);
        QCOMPARE(m.canonicalDatasetKey(u"dataset:postgres://db:54321/x"_s), u"dataset:postgres://db:54321/x"_s);
        QCOMPARE(m.canonicalDatasetKey(u"product:postgres/x"_s), u"product:postgres/x"_s);

        IngestBatch b;
        b.observedAt = 1000;
        Dataset keyed;
        keyed.key = u"dataset:postgres/shop.orders"_s;
        keyed.ns = u"postgres"_s;
        keyed.name = u"shop.orders"_s;
        Dataset unkeyed;  // the resolver derives its key from the (canonical) namespace
        unkeyed.ns = u"postgres://db:5432"_s;
        unkeyed.name = u"shop.customers"_s;
        b.datasets = {keyed, unkeyed};
        b.edges.push_back({u"dataset:postgres/shop.raw"_s, u"dataset:postgres://db:5432/shop.orders"_s,
                           u"job:etl/x"_s, 1000, 0});
        b.columnEdges.push_back({u"dataset:postgres/shop.raw"_s, u"id"_s,
                                 u"dataset:postgres/shop.orders"_s, u"id"_s, {}, 1000});
        Port port;
        port.key = u"port:p.out"_s;
        port.productKey = u"product:s.p"_s;
        port.datasetKeys = {u"dataset:postgres/shop.orders"_s, u"dataset:mysql://other/t"_s};
        b.ports.push_back(port);
        QualityResult q;
        q.entityKey = u"dataset:postgres/shop.orders"_s;
        b.quality.push_back(q);
        b.freshness.push_back({u"dataset:postgres://db:5432/shop.orders"_s, 1000, 900});
        Contract c;
        c.key = u"contract:c"_s;
        c.datasetKey = u"dataset:postgres/shop.orders"_s;
        b.contracts.push_back(c);

        const MappingStats s = applyMapping(m, b);
        // 1 dataset + 2 edge ends + 2 column ends + 1 port key + quality + freshness + contract
        QCOMPARE(s.keysRewritten, 9);
        QCOMPARE(b.datasets[0].key, canon + u"shop.orders"_s);
        QCOMPARE(b.datasets[0].ns, u"postgres://db.prod:5432"_s);
        QCOMPARE(b.datasets[1].key, canon + u"shop.customers"_s);
        QCOMPARE(b.datasets[1].ns, u"postgres://db.prod:5432"_s);
        QCOMPARE(b.edges[0].fromKey, canon + u"shop.raw"_s);
        QCOMPARE(b.edges[0].toKey, canon + u"shop.orders"_s);
        QCOMPARE(b.columnEdges[0].fromDatasetKey, canon + u"shop.raw"_s);
        QCOMPARE(b.columnEdges[0].toDatasetKey, canon + u"shop.orders"_s);
        QCOMPARE(b.ports[0].datasetKeys, (QStringList{canon + u"shop.orders"_s, u"dataset:mysql://other/t"_s}));
        QCOMPARE(b.quality[0].entityKey, canon + u"shop.orders"_s);
        QCOMPARE(b.freshness[0].entityKey, canon + u"shop.orders"_s);
        QCOMPARE(b.contracts[0].datasetKey, canon + u"shop.orders"_s);
        // Resolved on the way: the edge's source and the port's other table exist now, once.
        QCOMPARE(b.datasets.size(), 4u);
        QCOMPARE(productOf(b, canon + u"shop.raw"_s), QString());
        QCOMPARE(b.jobs.size(), 1u);
        // Resolving again changes nothing; no rules, so no products.
        resolveBatch(b);
        QCOMPARE(b.datasets.size(), 4u);
        QVERIFY(b.products.empty() && b.domains.empty());
    }

    void patternsFirstMatchWinsAndTheSourceWinsOverPatterns()
    {
        const Mapping m = mappingFrom("meshlensMapping: 1\n"
"domains:\n"
"  - domain: sales\n"
"    product: orders\n"
"    match: { namespace: \"pg\", name: \"sales.order*\" }\n"
"  - domain: sales\n"
"    match: { namespace: \"pg\", name: \"sales.*\" }\n"
"  - domain: finance\n"
"    product: ledger\n"
"    match: { name: \"fin.*\" }\n");
        QCOMPARE(m.rules.size(), 3u);
        IngestBatch b;
        b.observedAt = 5000;
        Product existing;  // the source's own product, with the key a rule would make too
        existing.key = u"product:sales.orders"_s;
        existing.name = u"Orders (from dbt)"_s;
        existing.domainKey = u"domain:sales"_s;
        b.products.push_back(existing);
        Domain sales;
        sales.key = u"domain:sales"_s;
        b.domains.push_back(sales);
        Dataset explicitProduct;
        explicitProduct.key = datasetKey(u"pg"_s, u"sales.orders_daily"_s);
        explicitProduct.ns = u"pg"_s;
        explicitProduct.name = u"sales.orders_daily"_s;
        explicitProduct.productKey = u"product:marketing.campaigns"_s;
        b.datasets.push_back(explicitProduct);
        // Datasets known only from lineage: placed by the rules after resolving.
        b.edges.push_back({datasetKey(u"pg"_s, u"sales.orders"_s), datasetKey(u"pg"_s, u"sales.returns"_s), {}, 0, 0});
        b.edges.push_back({datasetKey(u"other"_s, u"fin.gl"_s), datasetKey(u"other"_s, u"misc.x"_s), {}, 0, 0});

        const MappingStats s = applyMapping(m, b);
        QCOMPARE(productOf(b, datasetKey(u"pg"_s, u"sales.orders_daily"_s)), u"product:marketing.campaigns"_s);
        QCOMPARE(productOf(b, datasetKey(u"pg"_s, u"sales.orders"_s)), u"product:sales.orders"_s);    // rule 1
        QCOMPARE(productOf(b, datasetKey(u"pg"_s, u"sales.returns"_s)), u"product:sales.sales"_s);    // rule 2, default name
        QCOMPARE(productOf(b, datasetKey(u"other"_s, u"fin.gl"_s)), u"product:finance.ledger"_s);    // any namespace
        QCOMPARE(productOf(b, datasetKey(u"other"_s, u"misc.x"_s)), QString());                      // default: none
        QCOMPARE(s.datasetsAssigned, 3);
        // Records for what the rules made, none for what the batch had already.
        QCOMPARE(s.productsAdded, 2);
        QCOMPARE(s.domainsAdded, 1);
        QCOMPARE(b.products.size(), 3u);
        QCOMPARE(b.products[0].name, u"Orders (from dbt)"_s);
        QCOMPARE(b.products[1].key, u"product:sales.sales"_s);
        QCOMPARE(b.products[1].domainKey, u"domain:sales"_s);
        QCOMPARE(b.products[1].observedAt, Timestamp(5000));
        QCOMPARE(b.products[2].key, u"product:finance.ledger"_s);
        QCOMPARE(b.products[2].name, u"ledger"_s);
        QCOMPARE(b.domains.size(), 2u);
        QCOMPARE(b.domains[1].key, u"domain:finance"_s);
        // Applying twice changes nothing more.
        const MappingStats again = applyMapping(m, b);
        QCOMPARE(again.datasetsAssigned, 0);
        QCOMPARE(b.products.size(), 3u);
    }

    void badMappingFiles_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<bool>("loads");   // only warnings
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong version") << QByteArray("meshlensMapping: 2\n") << false << 1 << 18
                                       << u"unsupported mapping version 2: expected meshlensMapping: 1"_s;
        QTest::newRow("version not a number") << QByteArray("meshlensMapping: one\n") << false << 1 << 18
                                              << u"an integer"_s;
        QTest::newRow("no version") << QByteArray("domains: []\n") << false << 1 << 1
                                    << u"meshlensMapping"_s;
        QTest::newRow("unknown top-level key") << QByteArray("meshlensMapping: 1\ndomain: []\n") << true << 2 << 9
                                               << u"unknown key \"domain\""_s;
        QTest::newRow("unknown rule key")
            << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: d\n    prodcut: p\n") << true << 4 << 14
            << u"unknown key \"prodcut\" in domains[0]"_s;
        QTest::newRow("unknown match key")
            << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: d\n    match: { names: \"x\" }\n") << true << 4 << 21
            << u"unknown key \"names\" in domains[0].match"_s;
        QTest::newRow("domains not a list") << QByteArray("meshlensMapping: 1\ndomains: {a: 1}\n") << false << 2 << 10
                                            << u"a sequence"_s;
        QTest::newRow("rule not a mapping") << QByteArray("meshlensMapping: 1\ndomains:\n  - sales\n") << false << 3 << 5
                                            << u"domains[0]: expected a mapping"_s;
        QTest::newRow("domain missing") << QByteArray("meshlensMapping: 1\ndomains:\n  - product: p\n") << false << 3 << 5
                                        << u"domain"_s;
        QTest::newRow("domain a list") << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: [a]\n") << false << 3 << 13
                                       << u"domain"_s;
        QTest::newRow("empty domain") << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: \"\"\n") << false << 3 << 13
                                      << u"empty domain"_s;
        QTest::newRow("match not a mapping")
            << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: d\n    match: \"sales.*\"\n") << false << 4 << 12
            << u"a mapping"_s;
        QTest::newRow("invalid glob")
            << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: d\n    match: { name: \"sales.[abc\" }\n") << false << 4 << 20
            << u"domains[0].match.name: invalid glob \"sales.[abc\": unclosed '['"_s;
        QTest::newRow("empty glob")
            << QByteArray("meshlensMapping: 1\ndomains:\n  - domain: d\n    match: { namespace: \"\" }\n") << false << 4 << 25
            << u"empty pattern"_s;
        QTest::newRow("aliases wrong type")
            << QByteArray("meshlensMapping: 1\nnamespaceAliases:\n  - canonical: a\n    aliases: {x: 1}\n") << false << 4 << 14
            << u"a list of strings"_s;
        QTest::newRow("canonical missing")
            << QByteArray("meshlensMapping: 1\nnamespaceAliases:\n  - aliases: [x]\n") << false << 3 << 5
            << u"canonical"_s;
        QTest::newRow("alias claimed twice")
            << QByteArray("meshlensMapping: 1\nnamespaceAliases:\n  - canonical: a\n    aliases: [x]\n"
                          "  - canonical: b\n    aliases: [x]\n") << false << 6 << 14
            << u"alias \"x\" is claimed by \"a\" and \"b\""_s;
        QTest::newRow("canonical is an alias")
            << QByteArray("meshlensMapping: 1\nnamespaceAliases:\n  - canonical: a\n    aliases: [b]\n"
                          "  - canonical: b\n    aliases: [c]\n") << false << 5 << 16
            << u"\"b\" is declared as an alias of \"a\""_s;
        QTest::newRow("alias of itself") << QByteArray("meshlensMapping: 1\nnamespaceAliases:\n  - canonical: a\n    aliases: [a]\n")
                                         << true << 4 << 14 << u"alias of itself"_s;
        QTest::newRow("empty file") << QByteArray("") << false << 0 << 0 << u"empty"_s;
        QTest::newRow("only comments") << QByteArray("# nothing\n") << false << 0 << 0 << u"empty"_s;
        QTest::newRow("top level a list") << QByteArray("- meshlensMapping: 1\n") << false << 1 << 1
                                          << u"expected a mapping with \"meshlensMapping: 1\""_s;
        QTest::newRow("YAML syntax error") << QByteArray("meshlensMapping: 1\ndomains: [\n  - x\n") << false << 3 << 3
                                           << QString();
        QTest::newRow("binary garbage") << QByteArray("meshlensMapping: 1\n\x00\xff\xfe", 22) << false << 2 << 1
                                        << QString();
    }

    void badMappingFiles()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(bool, loads);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        Diagnostics diags;
        const Result<Mapping> m = parseMapping(yaml, u"bad.yaml"_s, &diags);
        QCOMPARE(bool(m), loads);
        QVERIFY(!diags.isEmpty());
        const Diagnostic &d = diags.front();
        const QString text = d.toString();
        QCOMPARE(d.file, u"bad.yaml"_s);
        QVERIFY(d.severity == (loads ? Diagnostic::Severity::Warning : Diagnostic::Severity::Error));
        if (line > 0) {
            QVERIFY2(d.line == line && d.column == column, qPrintable(text));
            QVERIFY2(text.startsWith(u"bad.yaml:%1:%2: "_s.arg(line).arg(column)), qPrintable(text));
        }
        QVERIFY2(d.message.contains(message), qPrintable(text));
        if (!loads)
            QVERIFY2(m.errorMessage().contains(u"bad.yaml"_s), qPrintable(m.errorMessage()));
    }

    void missingFileAndExample()
    {
        Diagnostics diags;
        QVERIFY(!loadMapping(u"/nonexistent/mapping.yaml"_s, &diags));
        QVERIFY(hasErrors(diags));
        // The shipped example loads without a single diagnostic.
        diags.clear();
        const Result<Mapping> example
            = loadMapping(test::sourceDir() + u"/resources/mapping/example-mapping.yaml"_s, &diags);
        QVERIFY2(example, qPrintable(example ? QString() : example.errorMessage()));
        QVERIFY2(diags.isEmpty(), qPrintable(diags.value(0).toString()));
        QCOMPARE(example.value().aliases.size(), 3);
        QCOMPARE(example.value().rules.size(), 6u);
    }

    void marquezSeedWithMappingHasProducts()
    {
        const QString corpus = test::corpusDir();
        if (corpus.isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        const QString seed = corpus + u"/MarquezProject__marquez/docker/metadata.json"_s;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Mapping m = mappingFrom(kSeedMapping);

        // Without a mapping: 14 datasets and no product (the empty Mesh Map).
        auto plain = MeshCache::open(dir.filePath(u"plain.meshlens"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(plain);
        QVERIFY(!ingestInputs(*plain.value(), {seed}).anyErrors());
        QCOMPARE(plain.value()->stats().value().datasets, 14);
        QCOMPARE(plain.value()->stats().value().products, 0);

        auto mapped = MeshCache::open(dir.filePath(u"mapped.meshlens"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(mapped);
        const IngestOutcome outcome = ingestInputs(*mapped.value(), {seed}, nullptr, {}, &m);
        QVERIFY(!outcome.anyErrors());
        QCOMPARE(outcome.reports.size(), 1u);
        QVERIFY(outcome.reports[0].written);
        const CacheStats st = mapped.value()->stats().value();
        QCOMPARE(st.datasets, 14);
        QCOMPARE(st.edges, 13);
        QCOMPARE(st.products, 4);  // ordering.orders, ordering.menu, delivery.delivery, food.public
        QCOMPARE(st.domains, 3);

        auto data = mapped.value()->loadSnapshot(0);
        QVERIFY(data);
        const SnapshotPtr g = SnapshotGraph::build(std::move(data.value()));
        QCOMPARE(g->nodesOfKind(EntityKind::Dataset).size(), 14u);
        QCOMPARE(g->nodesOfKind(EntityKind::Product).size(), 4u);
        // Every dataset is under the canonical namespace and has a product.
        for (const NodeId id : g->nodesOfKind(EntityKind::Dataset)) {
            QVERIFY2(g->keyString(id).startsWith(u"dataset:postgres://food-delivery-db:5432/public."_s),
                     qPrintable(g->keyString(id)));
            QVERIFY2(g->ancestor(id, EntityKind::Product) != kNoNode, qPrintable(g->keyString(id)));
        }
        QVERIFY(!g->find("dataset:food_delivery/public.orders"));
        const auto productOfNode = [&](const char *table) {
            const auto id = g->find(std::string("dataset:postgres://food-delivery-db:5432/public.") + table);
            return id ? g->keyString(g->ancestor(*id, EntityKind::Product)) : QString();
        };
        QCOMPARE(productOfNode("orders_7_days"), u"product:ordering.orders"_s);
        QCOMPARE(productOfNode("menu_item_id"), u"product:ordering.menu"_s);  // the seed's slip, placed too
        QCOMPARE(productOfNode("top_delivery_times"), u"product:delivery.delivery"_s);
        QCOMPARE(productOfNode("customers"), u"product:food.public"_s);
        // Product-level lineage from the dataset edges that cross products:
        // menu->orders, public->orders, orders->delivery, public->delivery, delivery->public.
        QCOMPARE(g->level(Level::Product).edgeCount(), 5u);
        QCOMPARE(g->level(Level::Domain).edgeCount(), 4u);

        // Ingesting again with the mapping changes nothing.
        QVERIFY(!ingestInputs(*mapped.value(), {seed}, nullptr, {}, &m).anyErrors());
        const CacheStats again = mapped.value()->stats().value();
        QCOMPARE(again.datasets, st.datasets);
        QCOMPARE(again.products, st.products);
        QCOMPARE(again.edges, st.edges);
    }

    void aliasesMakeTwoSourcesOneNode()
    {
        // The same table written by two tools under two namespaces: one node with the mapping.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto event = [](const char *ns, const char *in, const char *out) -> QByteArray {
            return QByteArray("{\"eventType\":\"COMPLETE\",\"eventTime\":\"2025-01-01T00:00:00Z\",\"producer\":\"t\","
                              "\"run\":{\"runId\":\"r\"},\"job\":{\"namespace\":\"etl\",\"name\":\"j\"},"
                              "\"inputs\":[{\"namespace\":\"") + ns + "\",\"name\":\"" + in + "\"}],"
                   + "\"outputs\":[{\"namespace\":\"" + ns + "\",\"name\":\"" + out + "\"}]}";
        };
        const QString a = dir.filePath(u"a.json"_s), b = dir.filePath(u"b.json"_s);
        for (const auto &[path, body] : {std::pair{a, event("postgres", "shop.raw", "shop.orders")},
                                         std::pair{b, event("postgres://db.prod:5432", "shop.orders", "shop.report")}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(body);
        }
        const Mapping m = mappingFrom("meshlensMapping: 1\n"
"namespaceAliases:\n"
"  - { canonical: \"postgres://db.prod:5432\", aliases: postgres }\n");
        auto without = MeshCache::open(dir.filePath(u"without.meshlens"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(without);
        QVERIFY(!ingestInputs(*without.value(), {a, b}).anyErrors());
        QCOMPARE(without.value()->stats().value().datasets, 4);
        auto with = MeshCache::open(dir.filePath(u"with.meshlens"_s), MeshCache::OpenMode::ReadWrite);
        QVERIFY(with);
        QVERIFY(!ingestInputs(*with.value(), {a, b}, nullptr, {}, &m).anyErrors());
        QCOMPARE(with.value()->stats().value().datasets, 3);
        QCOMPARE(with.value()->stats().value().edges, 2);
    }
};

QTEST_GUILESS_MAIN(TestMapping)
#include "tst_mapping.moc"
