// EntityKeyMap, the writer's key -> (id, kind) map: it agrees with a QHash on random keys
// through growth, finds a key by its text whatever string holds it, keeps the characters it
// points at alive, and copies share the table until one of them changes.

#include "cache/entitykeymap.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

class TestEntityKeyMap : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithAHashThroughGrowth()
    {
        QRandomGenerator random(11);
        EntityKeyMap map;
        QHash<QString, qint64> expected;
        for (int i = 0; i < 50000; ++i) {
            // Few distinct lengths and shared prefixes: equal lengths and hash halves meet.
            const QString key = u"dataset:pg://db/t"_s + QString::number(random.bounded(30000));
            bool added = false;
            EntityRef &ref = map.findOrAdd(key, &added);
            QCOMPARE(added, !expected.contains(key));
            if (added) {
                QCOMPARE(ref.id, 0);
                ref = {i + 1, EntityKind::Job};
                expected.insert(key, i + 1);
            }
            QCOMPARE(ref.id, expected.value(key));
        }
        QCOMPARE(map.size(), expected.size());
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            // Another string with the same text: found by its characters, not its address.
            const QString copy = QString(it.key().data(), it.key().size());
            QVERIFY(copy.constData() != it.key().constData());
            const EntityRef *ref = map.find(copy);
            QVERIFY(ref);
            QCOMPARE(ref->id, it.value());
            QCOMPARE(ref->kind, EntityKind::Job);
        }
        QVERIFY(!map.contains(u"dataset:pg://db/t30000"_s));
        QVERIFY(!map.contains(u"dataset:pg://db/t"_s));
        QCOMPARE(map.value(u"nowhere"_s).id, 0);
    }

    void keepsTheKeysItPointsAt()
    {
        EntityKeyMap map;
        {
            QString key = u"job:airflow/"_s + QString::number(42);
            map.insert(key, {7, EntityKind::Job});
            key[0] = u'J';  // the caller's string changes (detaches): the map's copy stays
        }
        QCOMPARE(map.value(u"job:airflow/42"_s).id, 7);
        QVERIFY(!map.contains(u"Job:airflow/42"_s));
        // The empty key is a key like any other.
        map.insert(QString(), {9, EntityKind::Domain});
        QCOMPARE(map.value(QString()).id, 9);
        QCOMPARE(map.value(u""_s).id, 9);
        map.clear();
        QCOMPARE(map.size(), 0);
        QVERIFY(!map.contains(u"job:airflow/42"_s));
    }

    void aMovedFromMapIsEmptyAndUsable()
    {
        EntityKeyMap map;
        map.insert(u"a"_s, {1, EntityKind::Job});
        EntityKeyMap taken = std::move(map);
        QCOMPARE(taken.value(u"a"_s).id, 1);
        QCOMPARE(map.size(), 0);  // NOLINT(bugprone-use-after-move): what this checks
        QVERIFY(!map.contains(u"a"_s));
        map.insert(u"b"_s, {2, EntityKind::Job});
        QCOMPARE(map.value(u"b"_s).id, 2);
        QVERIFY(!taken.contains(u"b"_s));
    }

    void copiesShareUntilOneChanges()
    {
        EntityKeyMap map;
        map.reserve(5000);
        for (int i = 0; i < 3000; ++i)
            map.insert(u"k"_s + QString::number(i), {i, EntityKind::Dataset});
        const EntityKeyMap copy = map;
        map.findOrAdd(u"k1"_s, nullptr).id = -1;  // changes the original only
        map.insert(u"new"_s, {5, EntityKind::Port});
        QCOMPARE(map.value(u"k1"_s).id, -1);
        QCOMPARE(copy.value(u"k1"_s).id, 1);
        QVERIFY(!copy.contains(u"new"_s));
        QCOMPARE(copy.size(), 3000);
        QCOMPARE(map.size(), 3001);
        for (int i = 2; i < 3000; ++i)
            QCOMPARE(copy.value(u"k"_s + QString::number(i)).id, i);
    }
};

QTEST_GUILESS_MAIN(TestEntityKeyMap)
#include "tst_entitykeymap.moc"
