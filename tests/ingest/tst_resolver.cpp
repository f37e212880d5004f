// The resolver (models/ingest/resolver.h): stub records for referenced datasets and jobs
// that a batch does not declare. It looks keys up by identity first (a reference that
// shares the record's QString, as the native reader's index references do) and by text
// otherwise; both paths must give the same stubs, and a stub must never be added twice.

#include "ingest/resolver.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

/// The same text in a buffer of its own: found only by text, never by identity.
QString unshared(const QString &s)
{
    return QString(s.constData(), s.size());
}

Dataset dataset(const QString &ns, const QString &name)
{
    Dataset d;
    d.ns = ns;
    d.name = name;
    return d;
}

LineageEdge edge(const QString &from, const QString &to, const QString &job = {})
{
    LineageEdge e;
    e.fromKey = from;
    e.toKey = to;
    e.jobKey = job;
    return e;
}

} // namespace

class TestResolver : public QObject {
    Q_OBJECT

private slots:
    // Keys are derived from namespace and name; references that share the declared keys'
    // strings (native index references) add nothing.
    void sharedReferencesAddNoStub()
    {
        IngestBatch b;
        b.observedAt = 1000;
        b.datasets.push_back(dataset(u"pg://db:5432"_s, u"shop.orders"_s));
        b.datasets.push_back(dataset(u"pg://db:5432"_s, u"shop.customers"_s));
        Job j;
        j.key = u"job:etl/load"_s;
        b.jobs.push_back(j);
        resolveBatch(b);
        QCOMPARE(b.datasets[0].key, u"dataset:pg://db:5432/shop.orders"_s);
        QCOMPARE(b.datasets[1].key, u"dataset:pg://db:5432/shop.customers"_s);
        b.edges.push_back(edge(b.datasets[0].key, b.datasets[1].key, b.jobs[0].key));
        QualityResult q;
        q.entityKey = b.datasets[1].key;
        b.quality.push_back(q);
        resolveBatch(b);
        QCOMPARE(b.datasets.size(), std::size_t(2));
        QCOMPARE(b.jobs.size(), std::size_t(1));
    }

    // The same keys in strings of their own (OpenLineage, a hand-written batch) are found by
    // text: still no stub.
    void unsharedReferencesAddNoStub()
    {
        IngestBatch b;
        b.datasets.push_back(dataset(u"pg://db:5432"_s, u"shop.orders"_s));
        b.datasets.push_back(dataset(u"pg://db:5432"_s, u"shop.customers"_s));
        Job j;
        j.key = u"job:etl/load"_s;
        b.jobs.push_back(j);
        b.edges.push_back(edge(u"dataset:pg://db:5432/shop.orders"_s,
            u"dataset:pg://db:5432/shop.customers"_s, u"job:etl/load"_s));
        FreshnessObservation f;
        f.entityKey = u"dataset:pg://db:5432/shop.orders"_s;
        b.freshness.push_back(f);
        resolveBatch(b);
        QCOMPARE(b.datasets.size(), std::size_t(2));
        QCOMPARE(b.jobs.size(), std::size_t(1));
    }

    // Undeclared datasets and jobs get one stub each, with namespace and name split from the
    // key, the job's name without "job:", and the referring record's time (else the
    // batch's). A stub's key met again, shared or as text of its own, adds nothing.
    void undeclaredReferencesGetOneStubEach()
    {
        IngestBatch b;
        b.observedAt = 5000;
        b.datasets.push_back(dataset(u"pg://db:5432"_s, u"shop.orders"_s));
        const QString missing = u"dataset:s3://bucket/raw/orders"_s;
        LineageEdge e = edge(u"dataset:pg://db:5432/shop.orders"_s, missing, u"job:etl/copy"_s);
        e.observedAt = 7000;
        b.edges.push_back(e);
        b.edges.push_back(edge(unshared(missing), u"dataset:pg://db:5432/shop.orders"_s,
            unshared(u"job:etl/copy"_s)));
        QualityResult q;
        q.entityKey = unshared(missing);
        b.quality.push_back(q);
        // Not a dataset key: quality on a job adds no dataset.
        QualityResult onJob;
        onJob.entityKey = u"job:etl/copy"_s;
        b.quality.push_back(onJob);
        Contract c;
        c.datasetKey = u"dataset:warehouse/sales"_s;
        b.contracts.push_back(c);
        resolveBatch(b);

        QCOMPARE(b.datasets.size(), std::size_t(3));
        const Dataset &stub = b.datasets[1];
        QCOMPARE(stub.key, missing);
        QCOMPARE(stub.ns, u"s3://bucket"_s);
        QCOMPARE(stub.name, u"raw/orders"_s);
        QCOMPARE(stub.observedAt, Timestamp(7000));
        const Dataset &bare = b.datasets[2];
        QCOMPARE(bare.key, u"dataset:warehouse/sales"_s);
        QCOMPARE(bare.ns, u"warehouse"_s);
        QCOMPARE(bare.name, u"sales"_s);
        QCOMPARE(bare.observedAt, Timestamp(5000));
        QCOMPARE(b.jobs.size(), std::size_t(1));
        QCOMPARE(b.jobs[0].key, u"job:etl/copy"_s);
        QCOMPARE(b.jobs[0].name, u"etl/copy"_s);
        QCOMPARE(b.jobs[0].observedAt, Timestamp(7000));

        // Resolving again finds everything: nothing more is added.
        resolveBatch(b);
        QCOMPARE(b.datasets.size(), std::size_t(3));
        QCOMPARE(b.jobs.size(), std::size_t(1));
    }

    // Many records, references in both forms: the identity table grows past its first size
    // and every key is still found.
    void manyRecords()
    {
        IngestBatch b;
        constexpr int kCount = 5000;
        for (int i = 0; i < kCount; ++i)
            b.datasets.push_back(dataset(u"ns"_s, u"t%1"_s.arg(i)));
        resolveBatch(b);
        for (int i = 0; i + 1 < kCount; ++i) {
            const QString &from = b.datasets[std::size_t(i)].key;
            const QString to = i % 2 ? unshared(b.datasets[std::size_t(i) + 1].key)
                                     : b.datasets[std::size_t(i) + 1].key;
            b.edges.push_back(edge(from, to));
        }
        b.edges.push_back(edge(b.datasets[0].key, u"dataset:ns/extra"_s));
        resolveBatch(b);
        QCOMPARE(b.datasets.size(), std::size_t(kCount + 1));
        QCOMPARE(b.datasets.back().key, u"dataset:ns/extra"_s);
    }
};

QTEST_GUILESS_MAIN(TestResolver)
#include "tst_resolver.moc"
