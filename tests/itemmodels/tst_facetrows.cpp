// The inspector's "Facets" group: facets a source gave that MeshLens does not interpret,
// read from the snapshot's cache for the selected dataset or job.

#include "../cache/cachefixtures.h"
#include "cache/meshcache.h"
#include "itemmodels/nodepropertiesmodel.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;
using Props = NodePropertiesModel;

namespace {
template<typename R>
QString why(const R &r)
{
    return r ? QString() : r.errorMessage();
}
}  // namespace

class TestFacetRows : public QObject
{
    Q_OBJECT

private slots:
    void facetsGroupListsNameAndCompactJson();
};

void TestFacetRows::facetsGroupListsNameAndCompactJson()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"c.meshlens"_s);
    constexpr Timestamp t = 1'700'000'000'000;
    IngestBatch b = test::handBuiltBatch(t);
    b.datasets[0].facets.push_back({u"schema"_s, R"({"fields":[{"name":"id"}]})", u"dbt"_s, u"https://schema"_s, t});
    b.datasets[0].facets.push_back({u"acme"_s, QByteArray(300, 'x').prepend("\"").append("\""), {}, {}, t});
    {
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
        QVERIFY2(cache, qPrintable(why(cache)));
        QVERIFY(cache.value()->write(b));
    }
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
    QVERIFY(cache);
    auto data = cache.value()->loadSnapshot();
    QVERIFY(data);
    const SnapshotPtr graph = SnapshotGraph::build(std::move(data.value()));
    QCOMPARE(graph->cachePath(), path);

    Props model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(graph);
    model.setNode(*graph->find("dataset:a"));
    const int group = model.rowOf(Props::Property::Facets);
    QVERIFY(group >= 0);
    QCOMPARE(model.index(group, Props::LabelColumn).data().toString(), u"Facets"_s);
    QCOMPARE(model.index(group, Props::ValueColumn).data().toString(),
             u"2 facets MeshLens does not interpret"_s);
    // By name: acme, then schema.
    QCOMPARE(model.rowCount(), group + 3);
    QCOMPARE(model.index(group + 1, Props::LabelColumn).data().toString(), u"acme"_s);
    const QString shown = model.index(group + 1, Props::ValueColumn).data().toString();
    QCOMPARE(shown.size(), Props::kFacetDisplayChars);
    QVERIFY(shown.endsWith(u'\u2026'));
    QCOMPARE(model.index(group + 1, Props::ValueColumn).data(Props::RawValueRole).toByteArray().size(), 302);
    QCOMPARE(model.index(group + 2, Props::LabelColumn).data().toString(), u"schema"_s);
    QCOMPARE(model.index(group + 2, Props::ValueColumn).data().toString(),
             uR"({"fields":[{"name":"id"}]})"_s);
    QVERIFY(model.index(group + 2, Props::ValueColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .endsWith(u"\n_schemaURL: https://schema\n_producer: dbt"_s));
    QCOMPARE(model.index(group + 2, Props::ValueColumn).data(Props::PropertyRole).toInt(),
             int(Props::Property::Facet));

    // A dataset without facets, and a product: no group.
    model.setNode(*graph->find("dataset:b"));
    QCOMPARE(model.rowOf(Props::Property::Facets), -1);
    model.setNode(*graph->find("product:sales.orders"));
    QCOMPARE(model.rowOf(Props::Property::Facets), -1);
}

QTEST_GUILESS_MAIN(TestFacetRows)
#include "tst_facetrows.moc"
