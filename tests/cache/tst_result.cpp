// Result<T> and Status (models/mesh/result.h): values and errors, and the message of a
// result that is ok, which tests print in QVERIFY2 whether the check passes or not (it used
// to throw std::bad_variant_access there).

#include "mesh/result.h"

#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

class TestResult : public QObject {
    Q_OBJECT

private slots:
    void valueAndError()
    {
        const Result<int> good = 42;
        QVERIFY(good.ok());
        QCOMPARE(good.value(), 42);
        QVERIFY(good.errorMessage().isEmpty());

        const Result<int> bad = Error {u"cache.meshlens: not a MeshLens cache"_s};
        QVERIFY(!bad.ok());
        QCOMPARE(bad.errorMessage(), u"cache.meshlens: not a MeshLens cache"_s);
    }

    void messageOfAnOkStatusIsEmpty()
    {
        const Status done = Done {};
        QVERIFY2(done, qPrintable(done.errorMessage()));
        QCOMPARE(done.errorMessage(), QString());
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
