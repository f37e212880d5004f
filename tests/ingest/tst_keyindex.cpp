// KeyIndex (ingest/keyindex.h) maps a reader's UTF-8 keys to record indexes, batch after
// batch: clear() keeps its memory for the next batch, which must then find nothing of the
// last one and store keys of any size (one larger than an arena block among them).

#include "ingest/keyindex.h"

#include <QTest>

#include <string>

using namespace meshlens;

namespace {

// "r<round>:" (appended, not built with operator+: GCC 12 warns falsely about that, -Wrestrict)
std::string roundTag(int round)
{
    std::string tag = "r";
    tag += std::to_string(round);
    tag += ':';
    return tag;
}

} // namespace

class TestKeyIndex : public QObject {
    Q_OBJECT

private slots:
    void findsWhatWasInsertedAndNothingElse()
    {
        KeyIndex index;
        for (quint32 i = 0; i < 5000; ++i)  // past several growths of the table
            index.insert("dataset:postgres://db/shop.public.t" + std::to_string(i), i * 3);
        for (quint32 i = 0; i < 5000; ++i)
            QCOMPARE(index.find("dataset:postgres://db/shop.public.t" + std::to_string(i)), i * 3);
        QCOMPARE(index.find("dataset:postgres://db/shop.public.t5000"), KeyIndex::npos);
        QCOMPARE(index.find(""), KeyIndex::npos);
        index.insert("", 7);  // the empty key is a key like any other
        QCOMPARE(index.find(""), 7u);
    }

    void clearForgetsEverythingAndStoresAgain()
    {
        KeyIndex index;
        const std::string huge(3 << 20, 'k');  // larger than an arena block (1 MiB)
        for (int round = 0; round < 3; ++round) {
            const std::string tag = roundTag(round);
            for (quint32 i = 0; i < 3000; ++i)
                index.insert(tag + std::to_string(i) + std::string(400, 'x'), i);  // > 1 MiB
            index.insert(tag + huge, 99);
            index.insert(tag + "after the huge one", 100);
            for (quint32 i = 0; i < 3000; i += 7)
                QCOMPARE(index.find(tag + std::to_string(i) + std::string(400, 'x')), i);
            QCOMPARE(index.find(tag + huge), 99u);
            QCOMPARE(index.find(tag + "after the huge one"), 100u);
            if (round > 0) {  // nothing of the round before
                const std::string before = roundTag(round - 1);
                QCOMPARE(index.find(before + "0" + std::string(400, 'x')), KeyIndex::npos);
                QCOMPARE(index.find(before + huge), KeyIndex::npos);
            }
            index.clear();
            QCOMPARE(index.find(tag + "after the huge one"), KeyIndex::npos);
        }
    }
};

QTEST_APPLESS_MAIN(TestKeyIndex)
#include "tst_keyindex.moc"
