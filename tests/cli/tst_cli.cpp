// meshlens-cli as scripts use it: exit codes, messages on stderr, and the generate →
// ingest → stats → lineage path end to end on a generated mesh.

#include "testsupport.h"

#include "mesh/hugepages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <cstring>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(meshlens::test::cliPath(), args);
    if (!p.waitForFinished(120000))
        qFatal("meshlens-cli did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QJsonObject json(const Run &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

}  // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_mesh, m_cache;

private slots:
    void initTestCase()
    {
        QVERIFY2(!meshlens::test::cliPath().isEmpty(), "MESHLENS_CLI is not set");
        QVERIFY(m_dir.isValid());
        m_mesh = m_dir.filePath(u"mesh.json"_s);
        m_cache = m_dir.filePath(u"mesh.meshlens"_s);
        const Run gen = cli({u"generate"_s, u"--datasets"_s, u"800"_s, u"--seed"_s, u"3"_s,
                             u"-o"_s, m_mesh});
        QVERIFY2(gen.code == 0, qPrintable(gen.err));
        const Run ingest = cli({u"ingest"_s, m_cache, m_mesh});
        QVERIFY2(ingest.code == 0, qPrintable(ingest.err));
        QVERIFY(ingest.out.contains(u"1 file(s) written, 0 rejected"_s));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << u"Usage"_s;
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command"_s;
        QTest::newRow("stats without cache") << QStringList{u"stats"_s} << u"expected one cache file"_s;
        QTest::newRow("stats missing file") << QStringList{u"stats"_s, u"/nonexistent/x.meshlens"_s}
                                            << u"no such cache file"_s;
        QTest::newRow("bad --at") << QStringList{u"stats"_s, u"x"_s, u"--at"_s, u"yesterday"_s}
                                  << u"expected an ISO 8601 time"_s;
        QTest::newRow("bad direction") << QStringList{u"lineage"_s, u"c"_s, u"k"_s, u"--direction"_s, u"sideways"_s}
                                       << u"expected up, down or both"_s;
        QTest::newRow("bad depth") << QStringList{u"lineage"_s, u"c"_s, u"k"_s, u"--depth"_s, u"-3"_s}
                                   << u"--depth"_s;
        QTest::newRow("bad level") << QStringList{u"lineage"_s, u"c"_s, u"k"_s, u"--level"_s, u"galaxy"_s}
                                   << u"expected dataset, product or domain"_s;
        QTest::newRow("generate without -o") << QStringList{u"generate"_s} << u"-o FILE is required"_s;
        QTest::newRow("generate bad count") << QStringList{u"generate"_s, u"--datasets"_s, u"zero"_s, u"-o"_s, u"x"_s}
                                            << u"--datasets"_s;
        QTest::newRow("unknown option") << QStringList{u"stats"_s, u"--colour"_s} << u"Unknown option"_s;
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message) || r.out.contains(message), qPrintable(r.err + r.out));
    }

    void helpAndVersionExitZero()
    {
        for (const QString &command : {u"ingest"_s, u"stats"_s, u"lineage"_s, u"generate"_s, u"bench"_s}) {
            const Run r = cli({command, u"--help"_s});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains(u"--help"_s), qPrintable(command));
        }
        const Run v = cli({u"--version"_s});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.startsWith(u"meshlens-cli "_s));
    }

    void statsCountsWhatWasIngested()
    {
        const Run r = cli({u"stats"_s, m_cache, u"--json"_s});
        QCOMPARE(r.code, 0);
        const QJsonObject o = json(r);
        // Alive now: the generated datasets minus those the file says were removed.
        QFile f(m_mesh);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray datasets = QJsonDocument::fromJson(f.readAll()).object()[u"datasets"_s].toArray();
        QCOMPARE(datasets.size(), 800);
        qint64 alive = 0;
        for (const auto &d : datasets)
            alive += d.toObject().contains(u"removedAt"_s) ? 0 : 1;
        QVERIFY(alive < 800);  // the generator removes a few, so "as of" has something to show
        QCOMPARE(o[u"datasets"_s].toInteger(), alive);
        const Run past = cli({u"stats"_s, m_cache, u"--json"_s, u"--at"_s, u"2025-05-05T00:00:00Z"_s});
        QCOMPARE(past.code, 0);
        QVERIFY(json(past)[u"datasets"_s].toInteger() != alive);
        QVERIFY(o[u"domains"_s].toInteger() >= 3);
        QVERIFY(o[u"products"_s].toInteger() > o[u"domains"_s].toInteger());
        QVERIFY(o[u"edges"_s].toInteger() > 800);
        QVERIFY(o[u"qualityResults"_s].toInteger() > 0);
        QVERIFY(o[u"freshnessObservations"_s].toInteger() > 0);
        // Ingesting the same file again changes nothing.
        const Run again = cli({u"ingest"_s, m_cache, m_mesh});
        QCOMPARE(again.code, 0);
        QCOMPARE(json(cli({u"stats"_s, m_cache, u"--json"_s})), o);
    }

    // Asked to (MESHLENS_HUGEPAGES=1), the CLI starts itself again with glibc's malloc asking
    // for huge pages (mesh/hugepages.h), once; by default, or with "0", it does not. The
    // bench's results say which, and which allocator it ran on: a build linked with mimalloc
    // never restarts (the tunable is glibc's).
    void heapAsksForHugePagesWhenToldTo()
    {
#if defined(__linux__) && defined(__GLIBC__)
        for (const char *hugePages : {"", "0", "1"}) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(u"GLIBC_TUNABLES"_s);
            env.remove(u"MESHLENS_HUGEPAGES_TRIED"_s);
            env.remove(u"MESHLENS_HUGEPAGES"_s);
            if (*hugePages)
                env.insert(u"MESHLENS_HUGEPAGES"_s, QString::fromLatin1(hugePages));
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(meshlens::test::cliPath(), {u"bench"_s, u"--phase"_s, u"read"_s, m_mesh});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            const QJsonObject result = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            QVERIFY2(result.contains(u"hugePages"_s), "the read phase says whether the heap asks for huge pages");
            // The CLI runs on the allocator this test runs on (the same build of the models
            // library), and it is in use.
            const QString allocator = QString::fromLatin1(meshlens::heapAllocator());
            QVERIFY2(allocator == u"glibc"_s || allocator.startsWith(u"mimalloc 2."_s), qPrintable(allocator));
            QCOMPARE(result.value(u"allocator"_s).toString(), allocator);
            const bool asked = allocator == u"glibc"_s && std::strcmp(hugePages, "1") == 0;
            QCOMPARE(result.value(u"hugePages"_s).toBool(), asked);
            QVERIFY(result.value(u"records"_s).toInteger() > 0);
        }
        // Started by running the dynamic loader by hand, /proc/self/exe is the loader: the
        // program must not restart itself then (the loader would take "bench" for a program).
        const QString loader = u"/lib64/ld-linux-x86-64.so.2"_s;
        if (QFileInfo::exists(loader)) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(u"GLIBC_TUNABLES"_s);
            env.remove(u"MESHLENS_HUGEPAGES_TRIED"_s);
            env.insert(u"MESHLENS_HUGEPAGES"_s, u"1"_s);
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(loader, {meshlens::test::cliPath(), u"bench"_s, u"--phase"_s, u"read"_s, m_mesh});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitCode(), 0);
            const QJsonObject result = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            QCOMPARE(result.value(u"hugePages"_s).toBool(), false);
        }
#else
        QSKIP("glibc on Linux only");
#endif
    }

    // A cache an older MeshLens wrote (schema 4: the unique index on the key text instead of
    // schema 5's key table, and schema 6's dropped edge index): read-only commands refuse it
    // and say how to upgrade; `upgrade` does, once; what the cache holds is unchanged.
    void upgradeBringsAnOlderCacheToThisSchema()
    {
        const QString old = m_dir.filePath(u"old.meshlens"_s);
        QFile::remove(old);
        QVERIFY(QFile::copy(m_cache, old));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(old.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "BEGIN; DROP TABLE entity_key; CREATE UNIQUE INDEX entity_key ON "
                                  "entity(key); CREATE UNIQUE INDEX edge_ends ON edge(src_id, "
                                  "dst_id, job_id); PRAGMA user_version = 4; COMMIT;",
                     nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(db);

        const Run refused = cli({u"stats"_s, old, u"--json"_s});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(u"schema 4"_s) && refused.err.contains(u"meshlens-cli upgrade"_s),
            qPrintable(refused.err));
        const Run upgraded = cli({u"upgrade"_s, old});
        QVERIFY2(upgraded.code == 0, qPrintable(upgraded.err));
        QVERIFY2(upgraded.out.contains(u"upgraded from cache schema 4 to 6"_s), qPrintable(upgraded.out));
        const Run stats = cli({u"stats"_s, old, u"--json"_s});
        QCOMPARE(stats.code, 0);
        QJsonObject counts = json(stats), original = json(cli({u"stats"_s, m_cache, u"--json"_s}));
        counts.remove(u"cache"_s);
        original.remove(u"cache"_s);
        QCOMPARE(counts, original);
        const Run again = cli({u"upgrade"_s, old});
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains(u"already cache schema 6"_s), qPrintable(again.out));
        const Run notACache = cli({u"upgrade"_s, m_mesh});
        QCOMPARE(notACache.code, 2);
        QVERIFY2(notACache.err.contains(u"not a MeshLens cache"_s), qPrintable(notACache.err));
    }

    void lineageWalksFromANode()
    {
        // Pick a node from the product-level JSON of some dataset's full downstream walk.
        const Run stats = cli({u"stats"_s, m_cache, u"--json"_s});
        QCOMPARE(stats.code, 0);
        const QString mesh = m_mesh;
        QFile f(mesh);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject firstEdge = doc[u"edges"_s].toArray().first().toObject();
        const QString from = firstEdge[u"from"_s].toString();
        const QString to = firstEdge[u"to"_s].toString();
        QVERIFY(!from.isEmpty());

        const Run down = cli({u"lineage"_s, m_cache, from, u"--direction"_s, u"down"_s,
                              u"--depth"_s, u"1"_s, u"--json"_s});
        QVERIFY2(down.code == 0, qPrintable(down.err));
        const QJsonObject o = json(down);
        QCOMPARE(o[u"start"_s].toString(), from);
        const QJsonArray nodes = o[u"nodes"_s].toArray();
        QCOMPARE(nodes.first().toObject()[u"key"_s].toString(), from);
        bool sawTarget = false;
        for (const auto &n : nodes) {
            QVERIFY(n.toObject()[u"depth"_s].toInt() <= 1);
            sawTarget |= n.toObject()[u"key"_s].toString() == to;
        }
        QVERIFY(sawTarget);
        for (const auto &e : o[u"edges"_s].toArray())
            QCOMPARE(e.toObject()[u"from"_s].toString(), from);

        const Run up = cli({u"lineage"_s, m_cache, to, u"--direction"_s, u"up"_s, u"--depth"_s, u"1"_s});
        QCOMPARE(up.code, 0);
        QVERIFY(up.out.contains(from));

        const Run product = cli({u"lineage"_s, m_cache, from, u"--level"_s, u"product"_s, u"--json"_s});
        QCOMPARE(product.code, 0);
        QCOMPARE(json(product)[u"nodes"_s].toArray().first().toObject()[u"kind"_s].toString(), u"product"_s);

        const Run missing = cli({u"lineage"_s, m_cache, u"dataset:nowhere/none"_s});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(u"no node with key \"dataset:nowhere/none\""_s));
    }

    void lineagePathToListsWhatLiesBetween()
    {
        QFile f(m_mesh);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject edge = doc[u"edges"_s].toArray().first().toObject();
        const QString from = edge[u"from"_s].toString(), to = edge[u"to"_s].toString();
        const auto keys = [&](const Run &run) {
            QStringList out;
            for (const auto &n : json(run)[u"nodes"_s].toArray())
                out << n.toObject()[u"key"_s].toString();
            out.sort();
            return out;
        };
        // What lies on paths from `from` to `to` is what is downstream of one and upstream
        // of the other.
        const Run down = cli({u"lineage"_s, m_cache, from, u"--direction"_s, u"down"_s, u"--json"_s});
        const Run up = cli({u"lineage"_s, m_cache, to, u"--direction"_s, u"up"_s, u"--json"_s});
        QStringList expected;
        for (const QString &k : keys(down)) {
            if (keys(up).contains(k))
                expected << k;
        }
        const Run path = cli({u"lineage"_s, m_cache, from, u"--path-to"_s, to, u"--json"_s});
        QVERIFY2(path.code == 0, qPrintable(path.err));
        QVERIFY(json(path)[u"found"_s].toBool());
        QCOMPARE(keys(path), expected);
        for (const auto &n : json(path)[u"nodes"_s].toArray()) {
            if (n.toObject()[u"key"_s].toString() == to)
                QCOMPARE(n.toObject()[u"depth"_s].toInt(), 1);  // one edge away
        }
        // Asked the other way round: the same nodes, upstream (negative hops).
        const Run back = cli({u"lineage"_s, m_cache, to, u"--path-to"_s, from, u"--json"_s});
        QCOMPARE(back.code, 0);
        QCOMPARE(keys(back), expected);
        for (const auto &n : json(back)[u"nodes"_s].toArray())
            QVERIFY(n.toObject()[u"depth"_s].toInt() <= 0);

        // A dataset with no lineage to or from `from`: exit code 1, a finding.
        const Run both = cli({u"lineage"_s, m_cache, from, u"--json"_s});
        const QStringList connected = keys(both);
        QString stranger;
        for (const auto &d : doc[u"datasets"_s].toArray()) {
            const QString key = u"dataset:"_s + d.toObject()[u"namespace"_s].toString() + u'/'
                + d.toObject()[u"name"_s].toString();
            if (!connected.contains(key)) {
                stranger = key;
                break;
            }
        }
        QVERIFY2(!stranger.isEmpty(), "the fixture mesh has datasets unrelated to the first edge");
        const Run none = cli({u"lineage"_s, m_cache, from, u"--path-to"_s, stranger});
        QCOMPARE(none.code, 1);
        QVERIFY(none.err.contains(u"no dataset-level lineage path joins"_s));
        const Run bad = cli({u"lineage"_s, m_cache, from, u"--path-to"_s, u"dataset:nowhere/none"_s});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains(u"--path-to: no node with key"_s));
    }

    void layoutFocusWritesTheSameNodesAsLineage()
    {
        QFile f(m_mesh);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        const QString from = doc[u"edges"_s].toArray().first().toObject()[u"from"_s].toString();
        const QString out = m_dir.filePath(u"focus.json"_s);
        const Run layout = cli({u"layout"_s, m_cache, u"--focus"_s, from, u"--depth"_s, u"1"_s,
                                u"-o"_s, out});
        QVERIFY2(layout.code == 0, qPrintable(layout.err));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QJsonObject positions = QJsonDocument::fromJson(written.readAll()).object();
        // Exactly the nodes one hop up or down, each with [x, y].
        const Run both = cli({u"lineage"_s, m_cache, from, u"--direction"_s, u"both"_s,
                              u"--depth"_s, u"1"_s, u"--json"_s});
        QCOMPARE(both.code, 0);
        QStringList expected;
        for (const auto &n : json(both)[u"nodes"_s].toArray())
            expected << n.toObject()[u"key"_s].toString();
        QStringList got = positions.keys();
        expected.sort();
        got.sort();
        QCOMPARE(got, expected);
        for (const auto &v : positions)
            QCOMPARE(v.toArray().size(), 2);
    }

    void exportWritesEachFormat()
    {
        const QString png = m_dir.filePath(u"map.png"_s), svg = m_dir.filePath(u"map.svg"_s),
                      pdf = m_dir.filePath(u"focus.pdf"_s);
        Run r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--width"_s, u"800"_s, u"--overlay"_s, u"quality"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QImage(png).width(), 800);
        QVERIFY(!r.err.contains(u"XDG_RUNTIME_DIR"_s));  // no noise from headless Qt
        r = cli({u"export"_s, m_cache, u"--format"_s, u"svg"_s, u"-o"_s, svg, u"--level"_s, u"domain"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QVERIFY(svgFile.readAll().contains("<svg"));
        QFile f(m_mesh);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString from = QJsonDocument::fromJson(f.readAll())
                                 .object()[u"edges"_s].toArray().first().toObject()[u"from"_s].toString();
        r = cli({u"export"_s, m_cache, u"-o"_s, pdf, u"--focus"_s, from, u"--depth"_s, u"all"_s,
                 u"--overlay"_s, u"freshness"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.readAll().startsWith("%PDF-"));

        // Each bad request: exit 2, a message saying what was expected, no file.
        const QString gif = m_dir.filePath(u"map.gif"_s);
        r = cli({u"export"_s, m_cache, u"-o"_s, gif});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"expected png, svg or pdf"_s));
        QVERIFY(!QFile::exists(gif));
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--overlay"_s, u"heat"_s});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"--overlay"_s));
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--focus"_s, u"dataset:none/nothing"_s});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"no node with key"_s));
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--level"_s, u"dataset"_s});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"needs --focus"_s));
        // The mesh map's levels are zooms: the domain map is drawn below 0.09x (at 0.06x by
        // default), products from there up; a width or zoom that draws the other is refused.
        const QString domains = m_dir.filePath(u"domains.png"_s);
        r = cli({u"export"_s, m_cache, u"-o"_s, domains, u"--level"_s, u"domain"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(u"domain map at 0.06x"_s), qPrintable(r.err));
        const QImage small(domains);
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--zoom"_s, u"0.5"_s});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(u"product level at 0.5x"_s), qPrintable(r.err));
        const QImage big(png);
        QVERIFY2(std::abs(big.width() - small.width() * 0.5 / 0.06) <= 0.5 / 0.06 + 1,
                 qPrintable(u"%1 px at 0.5x, %2 px at 0.06x"_s.arg(big.width()).arg(small.width())));
        r = cli({u"export"_s, m_cache, u"-o"_s, domains, u"--level"_s, u"domain"_s, u"--zoom"_s, u"0.3"_s});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"domain map is drawn below 0.09x"_s), qPrintable(r.err));
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--zoom"_s, u"0.05"_s});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--level domain"_s), qPrintable(r.err));
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--zoom"_s, u"0.5"_s, u"--width"_s, u"900"_s});
        QCOMPARE(r.code, 2);
        r = cli({u"export"_s, m_cache, u"-o"_s, png, u"--view"_s, u"10x10"_s});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"--view"_s));
    }

    void badInputIsRejectedAndTheCacheKept()
    {
        const QString bad = m_dir.filePath(u"bad.json"_s);
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"meshlens-mesh\", \"version\": 1, \"datasets\": [ {\"name\": ");
        f.close();
        const QJsonObject before = json(cli({u"stats"_s, m_cache, u"--json"_s}));
        const Run r = cli({u"ingest"_s, m_cache, bad});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(bad + u':'), qPrintable(r.err));
        QVERIFY(r.err.contains(u"not written"_s));
        QCOMPARE(json(cli({u"stats"_s, m_cache, u"--json"_s})), before);

        const QString text = m_dir.filePath(u"notes.txt"_s);
        QFile t(text);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write("just some notes\n");
        t.close();
        const Run unknown = cli({u"ingest"_s, m_cache, text});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains(u"not a format MeshLens reads"_s));
        QVERIFY(unknown.err.contains(u"Apache Atlas entities"_s));  // every format is listed

        // An empty file named on the command line: an error listing every format too.
        const QString empty = m_dir.filePath(u"empty.json"_s);
        QFile e(empty);
        QVERIFY(e.open(QIODevice::WriteOnly));
        e.close();
        const Run nothing = cli({u"ingest"_s, m_cache, empty});
        QCOMPARE(nothing.code, 2);
        QVERIFY2(nothing.err.contains(empty + u": error: empty file: expected a MeshLens mesh"_s), qPrintable(nothing.err));
        QVERIFY(nothing.err.contains(u"OpenMetadata sample data"_s));
    }

    void directoryReadsWhatItCanAndSkipsTheRest()
    {
        // A folder as teams keep them: metadata next to notes, SQL and images. Those are
        // skipped with a warning; a broken metadata file is still an error (exit 2) and does
        // not stop the good one.
        const QString folder = m_dir.filePath(u"project"_s);
        QVERIFY(QDir().mkpath(folder + u"/models"_s));
        QVERIFY(QFile::copy(m_mesh, folder + u"/models/mesh.json"_s));
        const auto write = [&](const QString &name, const QByteArray &bytes) {
            QFile f(folder + u'/' + name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        write(u"README.md"_s, "# The sales mesh\n");
        write(u"models/orders.sql"_s, "select * from orders\n");
        write(u"logo.png"_s, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
        write(u"empty.yaml"_s, "");
        const QString cache = m_dir.filePath(u"project.meshlens"_s);
        const Run good = cli({u"ingest"_s, cache, folder});
        QVERIFY2(good.code == 0, qPrintable(good.err));
        QVERIFY(good.out.contains(u"1 file(s) written, 0 rejected, 4 skipped"_s));
        for (const QString &name : {u"README.md"_s, u"orders.sql"_s, u"logo.png"_s})
            QVERIFY2(good.err.contains(name + u": warning: skipped: none of the formats"_s), qPrintable(good.err));
        QVERIFY(good.err.contains(u"empty.yaml: warning: skipped: empty file"_s));
        // The same cache as the mesh file alone gives.
        const QString reference = m_dir.filePath(u"reference.meshlens"_s);
        QCOMPARE(cli({u"ingest"_s, reference, m_mesh}).code, 0);
        QJsonObject got = json(cli({u"stats"_s, cache, u"--json"_s}));
        QJsonObject expected = json(cli({u"stats"_s, reference, u"--json"_s}));
        got.remove(u"cache"_s);
        expected.remove(u"cache"_s);
        QCOMPARE(got, expected);

        write(u"broken.json"_s, "{\"format\": \"meshlens-mesh\", \"version\": 1, \"datasets\": [");
        const Run bad = cli({u"ingest"_s, cache, folder});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.out.contains(u"1 file(s) written, 1 rejected, 4 skipped"_s));
        QVERIFY(bad.err.contains(u"broken.json: not written"_s));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
