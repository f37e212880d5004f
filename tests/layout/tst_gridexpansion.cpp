// Opening products on the mesh map: an opened product's datasets laid out inside it, and
// the map growing around it without moving what is above and to the left (stability).

#include "layout/domaingridlayout.h"
#include "layout/gridexpansion.h"
#include "layout/productinterior.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

using test::id;

// `domains` domains of uneven size, each product a chain of three datasets, a few edges
// across products and domains (seeded, so every run is the same mesh).
SnapshotPtr mesh(int domains, quint32 seed)
{
    QRandomGenerator random(seed);
    QString text;
    QStringList datasets;
    for (int d = 0; d < domains; ++d) {
        const int products = 1 + int(random.bounded(9));
        for (int p = 0; p < products; ++p) {
            const QString base = u"d%1p%2"_s.arg(d).arg(p);
            text += u"dom%1/prod%2: %3a->%3b; %3b->%3c; "_s.arg(d).arg(p).arg(base);
            datasets << base + u"c"_s;
        }
    }
    for (int i = 0; i < domains * 2; ++i) {
        const auto a = random.bounded(datasets.size()), b = random.bounded(datasets.size());
        if (a != b)
            text += datasets[a] + u"->"_s + datasets[b] + u"; "_s;
    }
    return test::graphFromText(text);
}

struct Snapshot {
    std::map<NodeId, QRectF> products, domains;
};

Snapshot boxes(const DomainGridResult &r)
{
    Snapshot s;
    for (const LayoutBox &b : r.products)
        s.products[b.node] = b.rect;
    for (const LayoutBox &b : r.domains)
        s.domains[b.node] = b.rect;
    return s;
}

// No two boxes of a list overlap.
bool disjoint(const std::vector<LayoutBox> &list)
{
    for (std::size_t i = 0; i < list.size(); ++i) {
        for (std::size_t j = i + 1; j < list.size(); ++j) {
            if (list[i].rect.intersects(list[j].rect))
                return false;
        }
    }
    return true;
}

}  // namespace

class TestGridExpansion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void interiorLaysOutTheProductsDatasets()
    {
        const SnapshotPtr g = test::graphFromText(u"d/p: a->b; b->c; a->x; d/q: c->z"_s);
        const NodeId p = id(*g, "product:d.p");
        const ProductInterior in = layoutProductInterior(*g, p);
        QCOMPARE(in.datasets.size(), std::size_t(4));  // a, b, c, x; z is q's
        QCOMPARE(in.edges.size(), std::size_t(3));     // c->z leaves the product
        QCOMPARE(in.truncatedFrom, 0u);
        std::map<QString, QRectF> at;
        for (std::size_t i = 0; i < in.datasets.size(); ++i) {
            at[g->nameString(in.datasets[i])] = in.boxes[i];
            QVERIFY(QRectF(QPointF(0, 0), in.size).contains(in.boxes[i]));
        }
        // Left to right along the lineage.
        QVERIFY(at[u"a"_s].right() < at[u"b"_s].left());
        QVERIFY(at[u"b"_s].right() < at[u"c"_s].left());
        QVERIFY(at[u"a"_s].right() < at[u"x"_s].left());
        QVERIFY(!at[u"b"_s].intersects(at[u"x"_s]));
        QCOMPARE(in.edgePoints.size(), in.edges.size());

        const ProductInterior capped = layoutProductInterior(*g, p, 2);
        QCOMPARE(capped.datasets.size(), std::size_t(2));
        QCOMPARE(capped.truncatedFrom, 4u);
        // Not a product: nothing, not a crash.
        QVERIFY(layoutProductInterior(*g, id(*g, "domain:d")).datasets.empty());
        QVERIFY(layoutProductInterior(*g, kNoNode).datasets.empty());
    }

    void noSizesChangesNothing()
    {
        const SnapshotPtr g = mesh(7, 1);
        DomainGridResult layout = DomainGridLayout().compute(*g);
        const Snapshot before = boxes(layout);
        expandProducts(layout, {});
        const Snapshot after = boxes(layout);
        QVERIFY(before.products == after.products);
        QVERIFY(before.domains == after.domains);
    }

    void expandingKeepsTheRestInPlace_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 12; ++seed)
            QTest::newRow(qPrintable(u"seed %1"_s.arg(seed))) << seed;
    }

    void expandingKeepsTheRestInPlace()
    {
        QFETCH(quint32, seed);
        const SnapshotPtr g = mesh(9, seed);
        const DomainGridResult base = DomainGridLayout().compute(*g);
        QRandomGenerator random(seed);
        const std::size_t pick = random.bounded(quint32(base.products.size()));
        const NodeId opened = base.products[pick].node;
        const GridCell cell = base.cells[pick];
        const QSizeF size(300 + random.bounded(900), 100 + random.bounded(700));

        DomainGridResult layout = base;
        expandProducts(layout, {{opened, size}});
        const Snapshot before = boxes(base), after = boxes(layout);
        QCOMPARE(after.products.at(opened).size(), size);
        QVERIFY2(disjoint(layout.products), "products overlap");
        QVERIFY2(disjoint(layout.domains), "domains overlap");
        for (std::size_t i = 0; i < layout.products.size(); ++i) {
            const QRectF &r = layout.products[i].rect;
            QVERIFY2(layout.domains[layout.cells[i].domain].rect.contains(r), "a product left its domain");
            QVERIFY(layout.bounds.contains(r));
        }
        // Inside the opened product's domain: cells above-left stay, the order of all stays.
        for (std::size_t i = 0; i < base.products.size(); ++i) {
            const GridCell &c = base.cells[i];
            const NodeId n = base.products[i].node;
            const QRectF &was = before.products.at(n), &now = after.products.at(n);
            if (c.domain == cell.domain && n != opened && c.row <= cell.row && c.column <= cell.column)
                QCOMPARE(now, was);
            for (std::size_t j = 0; j < base.products.size(); ++j) {
                if (base.cells[j].domain != c.domain)
                    continue;
                const NodeId m = base.products[j].node;
                const QRectF &wasM = before.products.at(m), &nowM = after.products.at(m);
                QCOMPARE(was.left() < wasM.left(), now.left() < nowM.left());
                QCOMPARE(was.top() < wasM.top(), now.top() < nowM.top());
            }
        }
        // Domains on shelves above, and before it on its shelf, do not move at all.
        const int shelf = base.domainRows[cell.domain];
        for (std::size_t d = 0; d < base.domains.size(); ++d) {
            const bool earlier = base.domainRows[d] < shelf
                || (base.domainRows[d] == shelf && d < cell.domain);
            if (earlier)
                QCOMPARE(after.domains.at(base.domains[d].node), before.domains.at(base.domains[d].node));
        }
        for (std::size_t i = 0; i < base.products.size(); ++i) {
            const auto d = base.cells[i].domain;
            const bool earlier = base.domainRows[d] < shelf || (base.domainRows[d] == shelf && d < cell.domain);
            if (earlier)
                QCOMPARE(after.products.at(base.products[i].node), before.products.at(base.products[i].node));
        }
    }

    void expandingTwoProductsOfOneColumn()
    {
        const SnapshotPtr g = mesh(3, 5);
        DomainGridResult layout = DomainGridLayout().compute(*g);
        // Two products of one domain in the same column: the column takes the wider.
        std::size_t a = SIZE_MAX, b = SIZE_MAX;
        for (std::size_t i = 0; i < layout.cells.size() && b == SIZE_MAX; ++i) {
            for (std::size_t j = i + 1; j < layout.cells.size(); ++j) {
                if (layout.cells[i].domain == layout.cells[j].domain
                    && layout.cells[i].column == layout.cells[j].column) {
                    a = i;
                    b = j;
                    break;
                }
            }
        }
        QVERIFY2(b != SIZE_MAX, "the fixture has a domain with two rows");
        expandProducts(layout, {{layout.products[a].node, QSizeF(500, 200)},
                                {layout.products[b].node, QSizeF(700, 100)}});
        QCOMPARE(layout.products[a].rect.size(), QSizeF(500, 200));
        QCOMPARE(layout.products[b].rect.size(), QSizeF(700, 100));
        QCOMPARE(layout.products[a].rect.left(), layout.products[b].rect.left());
        QVERIFY(disjoint(layout.products));
    }
};

QTEST_MAIN(TestGridExpansion)
#include "tst_gridexpansion.moc"
