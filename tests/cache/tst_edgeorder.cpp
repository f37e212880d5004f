// A first import into a new file writes its new edges sorted by their ends (so that an edge
// that comes again follows its first occurrence, and no map of edges is needed), an import
// into a cache with data writes them in batch order. Both must
// store the same edges: an edge that comes several times in one batch is inserted by its
// first occurrence and updated by the later ones, in batch order, either way.

#include "cache/meshcache.h"
#include "cachefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kT = 1'750'000'000'000;

// Every edge among the "eo" datasets: ends, job, first and last seen, removed at.
constexpr const char *kEdges
    = "SELECT group_concat(row, char(10)) FROM (SELECT s.key || ' ' || d.key || ' ' || "
      "coalesce(j.key, '-') || ' ' || e.first_seen || ' ' || e.last_seen || ' ' || "
      "coalesce(e.removed_at, '-') AS row FROM edge e JOIN entity s ON s.id = e.src_id "
      "JOIN entity d ON d.id = e.dst_id LEFT JOIN entity j ON j.id = e.job_id "
      "WHERE s.key LIKE 'dataset:%/eo.%' ORDER BY row)";

/// The synthetic batch, its edges reversed (so that sorting moves nearly all of them), and
/// one edge three more times, in batch order: older, seen later, then removed.
IngestBatch batchWithRepeats(LineageEdge *repeated)
{
    IngestBatch b = test::syntheticBatch(u"eo"_s, 3000, kT);
    std::reverse(b.edges.begin(), b.edges.end());
    LineageEdge e = b.edges[100];
    *repeated = e;
    e.observedAt = kT - 50'000;
    b.edges.insert(b.edges.begin() + 7, e);
    e.observedAt = kT + 70'000;
    e.removedAt = kT + 70'000;
    b.edges.push_back(e);
    e.observedAt = kT + 90'000;
    e.removedAt = 0;
    b.edges.insert(b.edges.begin() + 2000, e);
    return b;
}

} // namespace

class TestEdgeOrder : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void firstImportAndInPlaceStoreTheSameEdges()
    {
        LineageEdge repeated;
        const IngestBatch batch = batchWithRepeats(&repeated);

        const QString fresh = m_dir.filePath(u"fresh.meshlens"_s);
        {
            auto cache = MeshCache::open(fresh, MeshCache::OpenMode::ReadWrite);
            QVERIFY(cache);
            auto written = cache.value()->write(batch);
            QVERIFY2(written, qPrintable(written.errorMessage()));
        }
        const QString inPlace = m_dir.filePath(u"inplace.meshlens"_s);
        {
            auto cache = MeshCache::open(inPlace, MeshCache::OpenMode::ReadWrite);
            QVERIFY(cache);
            QVERIFY(cache.value()->write(test::handBuiltBatch(kT)));  // data: no fresh file
            auto written = cache.value()->write(batch);
            QVERIFY2(written, qPrintable(written.errorMessage()));
        }

        // The fresh file numbered its edges in the order of their ends; the other in batch order.
        const char *descents = "SELECT count(*) FROM edge e JOIN edge f ON f.id = e.id + 1 WHERE "
                               "(f.src_id, f.dst_id, coalesce(f.job_id, 0)) < "
                               "(e.src_id, e.dst_id, coalesce(e.job_id, 0))";
        QCOMPARE(test::querySqlite(fresh, descents), u"0"_s);
        QVERIFY(test::querySqlite(inPlace, descents).toInt() > 1000);

        const QString edges = test::querySqlite(fresh, kEdges);
        QCOMPARE(edges.count(u'\n') + 1, test::querySqlite(fresh, "SELECT count(*) FROM edge").toInt());
        QCOMPARE(test::querySqlite(inPlace, kEdges), edges);

        // The repeated edge: once, from its oldest sighting to its newest, and removed: the
        // removal comes last in the batch, after the newer sighting (updates apply in batch
        // order, whatever order the rows were written in).
        const QString row = repeated.fromKey + u' ' + repeated.toKey + u' '
            + (repeated.jobKey.isEmpty() ? u"-"_s : repeated.jobKey) + u' ';
        const QStringList rows = edges.split(u'\n');
        const auto it = std::find_if(rows.begin(), rows.end(), [&](const QString &r) { return r.startsWith(row); });
        QVERIFY(it != rows.end());
        QCOMPARE(*it, row + QString::number(kT - 50'000) + u' ' + QString::number(kT + 90'000) + u' '
            + QString::number(kT + 70'000));
        QCOMPARE(std::count_if(rows.begin(), rows.end(), [&](const QString &r) { return r.startsWith(row); }), 1);
    }
};

QTEST_GUILESS_MAIN(TestEdgeOrder)
#include "tst_edgeorder.moc"
