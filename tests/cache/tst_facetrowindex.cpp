// FacetRowIndex, the writer's (entity, facet name) -> row index for a new file: every pair it was
// given is found with its own row, pairs it was not given are not, whatever the order of
// entity ids, and ids out of the vector's range go through the hash.

#include "cache/facetrowindex.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

using namespace meshlens;

class TestFacetRowIndex : public QObject
{
    Q_OBJECT

private slots:
    void findsWhatItWasGiven()
    {
        FacetRowIndex rows;
        QCOMPARE(rows.find(1, 1), nullptr);
        rows.insert(5, 7, {100, 1000});
        rows.insert(5, 8, {101, 1001});
        rows.insert(2, 7, {102, 1002});
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows.find(5, 7) && rows.find(5, 7)->id == 100);
        QVERIFY(rows.find(5, 8) && rows.find(5, 8)->id == 101);
        QVERIFY(rows.find(2, 7) && rows.find(2, 7)->at == 1002);
        QCOMPARE(rows.find(2, 8), nullptr);
        QCOMPARE(rows.find(4, 7), nullptr);
        QCOMPARE(rows.find(6, 7), nullptr);  // past the vector's end
        // What find() returns is the stored row: the writer updates it in place.
        rows.find(5, 8)->at = 2000;
        QCOMPARE(rows.find(5, 8)->at, 2000);
        rows.clear();
        QCOMPARE(rows.size(), 0);
        QCOMPARE(rows.find(5, 7), nullptr);
    }

    void farAndNegativeIdsGoThroughTheHash()
    {
        FacetRowIndex rows;
        const qint64 far = FacetRowIndex::kMaxDirectId + 12;
        rows.insert(far, 3, {1, 10});
        rows.insert(-4, 3, {2, 20});
        rows.insert(12, 3, {3, 30});
        QVERIFY(rows.find(far, 3) && rows.find(far, 3)->id == 1);
        QVERIFY(rows.find(-4, 3) && rows.find(-4, 3)->id == 2);
        QVERIFY(rows.find(12, 3) && rows.find(12, 3)->id == 3);
        QCOMPARE(rows.find(far, 4), nullptr);
        QCOMPARE(rows.find(far + 1, 3), nullptr);
        QCOMPARE(rows.size(), 3);
    }

    // Against a QHash of the pairs, on random ids in random order.
    void agreesWithAHash()
    {
        QRandomGenerator random(7);
        FacetRowIndex rows;
        QHash<QPair<qint64, qint64>, qint64> expected;
        for (int i = 0; i < 20000; ++i) {
            const qint64 entity = random.bounded(3000), name = random.bounded(6);
            FacetRow *found = rows.find(entity, name);
            const auto it = expected.constFind({entity, name});
            QCOMPARE(found != nullptr, it != expected.cend());
            if (found) {
                QCOMPARE(found->id, it.value());
            } else {
                rows.insert(entity, name, {i, i});
                expected.insert({entity, name}, i);
            }
        }
        QCOMPARE(rows.size(), expected.size());
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            FacetRow *found = rows.find(it.key().first, it.key().second);
            QVERIFY(found);
            QCOMPARE(found->id, it.value());
        }
    }
};

QTEST_GUILESS_MAIN(TestFacetRowIndex)
#include "tst_facetrowindex.moc"
