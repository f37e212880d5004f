// ChunkedVector (mesh/chunkedvector.h) holds a stream's entity rows: elements must keep
// their address as it grows, come back in insertion order, and be destroyed exactly once
// (truncate on a rolled-back batch, clear, destruction, a move).

#include "mesh/chunkedvector.h"

#include <QString>
#include <QTest>

#include <cstdint>
#include <vector>

using namespace meshlens;

namespace {

// Counts live instances, to see each one constructed and destroyed once.
struct Tracked {
    static inline int live = 0;
    QString text;
    int value = 0;
    explicit Tracked(int v) : text(QString::number(v)), value(v) { ++live; }
    Tracked(Tracked &&other) noexcept : text(std::move(other.text)), value(other.value) { ++live; }
    Tracked(const Tracked &other) : text(other.text), value(other.value) { ++live; }
    ~Tracked() { --live; }
};

// Over-aligned elements keep their alignment in every block.
struct alignas(64) Wide {
    int value = 0;
};

} // namespace

class TestChunkedVector : public QObject {
    Q_OBJECT

private slots:
    void init() { Tracked::live = 0; }

    void growsAcrossBlocksWithoutMovingElements()
    {
        ChunkedVector<Tracked, 3> v;
        QVERIFY(v.empty());
        std::vector<const Tracked *> addresses;
        for (int i = 0; i < 10; ++i) {
            v.push_back(Tracked(i));
            addresses.push_back(&v[std::size_t(i)]);
        }
        QCOMPARE(v.size(), std::size_t(10));
        QCOMPARE(Tracked::live, 10);
        for (std::size_t i = 0; i < v.size(); ++i) {
            QCOMPARE(&v[i], addresses[i]);  // blocks never reallocate
            QCOMPARE(v[i].value, int(i));
            QCOMPARE(v[i].text, QString::number(int(i)));
        }
        QCOMPARE(v.back().value, 9);
    }

    void iteratesInInsertionOrder()
    {
        ChunkedVector<Tracked, 4> v;
        for (int i = 0; i < 9; ++i)
            v.push_back(Tracked(i * 2));
        int expected = 0;
        const ChunkedVector<Tracked, 4> &constView = v;
        for (const Tracked &t : constView) {
            QCOMPARE(t.value, expected);
            expected += 2;
        }
        QCOMPARE(expected, 18);
        for (Tracked &t : v)
            t.value = -t.value;
        QCOMPARE(v[8].value, -16);
    }

    void truncateDestroysTheTailAndKeepsTheRest()
    {
        ChunkedVector<Tracked, 3> v;
        for (int i = 0; i < 8; ++i)
            v.push_back(Tracked(i));
        const Tracked *first = &v[0];
        const Tracked *fifth = &v[4];
        v.truncate(4);
        QCOMPARE(v.size(), std::size_t(4));
        QCOMPARE(Tracked::live, 4);
        QCOMPARE(&v[0], first);
        QCOMPARE(v[3].value, 3);
        v.truncate(10);  // never grows
        QCOMPARE(v.size(), std::size_t(4));
        // Adding again reuses the kept blocks: the same storage as before.
        v.push_back(Tracked(40));
        v.push_back(Tracked(50));
        QCOMPARE(&v[4], fifth);
        QCOMPARE(v[4].value, 40);
        QCOMPARE(v[5].text, QStringLiteral("50"));
        QCOMPARE(Tracked::live, 6);
        v.clear();
        QVERIFY(v.empty());
        QCOMPARE(Tracked::live, 0);
    }

    void overAlignedElementsStayAligned()
    {
        ChunkedVector<Wide, 3> v;
        for (int i = 0; i < 10; ++i)
            v.push_back(Wide {i});
        for (std::size_t i = 0; i < v.size(); ++i) {
            QCOMPARE(reinterpret_cast<std::uintptr_t>(&v[i]) % alignof(Wide), std::uintptr_t(0));
            QCOMPARE(v[i].value, int(i));
        }
    }

    void destructionAndMovesDestroyEachElementOnce()
    {
        {
            ChunkedVector<Tracked, 2> a;
            for (int i = 0; i < 5; ++i)
                a.push_back(Tracked(i));
            ChunkedVector<Tracked, 2> b(std::move(a));
            QVERIFY(a.empty());
            QCOMPARE(b.size(), std::size_t(5));
            QCOMPARE(b[4].value, 4);
            ChunkedVector<Tracked, 2> c;
            c.push_back(Tracked(99));
            c = std::move(b);  // c's own element goes
            QCOMPARE(Tracked::live, 5);
            QCOMPARE(c[0].value, 0);
            ChunkedVector<Tracked, 2> &self = c;
            c = std::move(self);  // onto itself: nothing lost, nothing destroyed twice
            QCOMPARE(c.size(), std::size_t(5));
            QCOMPARE(c[4].value, 4);
            QCOMPARE(Tracked::live, 5);
        }
        QCOMPARE(Tracked::live, 0);
    }
};

QTEST_APPLESS_MAIN(TestChunkedVector)
#include "tst_chunkedvector.moc"
