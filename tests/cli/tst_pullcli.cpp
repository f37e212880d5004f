// meshlens-cli pull marquez against a fake Marquez on loopback (tests/support/fakemarquez.h):
// what it prints, its exit codes (0 pulled, 1 network or data, 2 usage) and that the API
// key from MARQUEZ_API_KEY reaches the server and nothing else.

#include "fakemarquez.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using meshlens::test::FakeMarquez;
namespace test = meshlens::test;

namespace {

QByteArray fileBytes(const QString &path)
{
    QByteArray all;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        QFile f(path + suffix);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

}  // namespace

class TestPullCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QJsonArray seedEvents()
    {
        return FakeMarquez::readJsonArray(test::corpusDir() + u"/MarquezProject__marquez/docker/metadata.json"_s);
    }

    // Runs meshlens-cli while the fake server (on this thread) answers.
    int runCli(const QStringList &args, QByteArray *out, QByteArray *err,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(test::cliPath(), args);
        if (!finished.wait(60'000))
            return -1;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitCode();
    }

private Q_SLOTS:
    void cliPullsAndReports()
    {
        if (test::corpusDir().isEmpty())
            QSKIP("../shared/corpus not found (set MESHLENS_CORPUS)");
        FakeMarquez server;
        QVERIFY(server.listen());
        server.serveEvents(seedEvents());
        const QString cache = m_dir.filePath(u"cli.meshlens"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"MARQUEZ_API_KEY"_s, u"cli-key-0042"_s);
        QByteArray out, err;
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, server.url().toString(), u"--page-size"_s, u"10"_s},
                        &out, &err, env),
                 0);
        QVERIFY2(out.startsWith(QByteArray(server.url().toEncoded() + ": 26 events via /api/v1/events/lineage, 3 requests (0 retries), "
                                "1 batch(es) written, 0 rejected; added 14 datasets, 13 jobs, 13 edges, 39 column edges")),
                 out.constData());
        QVERIFY(err.isEmpty());
        QCOMPARE(server.requests().size(), 3);
        QCOMPARE(server.requests()[0].headers.value("authorization"), QByteArray("Bearer cli-key-0042"));
        QVERIFY(!out.contains("cli-key-0042"));
        QVERIFY(!fileBytes(cache).contains("cli-key-0042"));
        QCOMPARE(runCli({u"stats"_s, cache, u"--json"_s}, &out, &err), 0);
        const QJsonObject stats = QJsonDocument::fromJson(out).object();
        QCOMPARE(stats[u"datasets"_s].toInt(), 14);
        QCOMPARE(stats[u"edges"_s].toInt(), 13);
    }

    void cliExitCodes()
    {
        QByteArray out, err;
        const QString cache = m_dir.filePath(u"cli-errors.meshlens"_s);
        // 2: usage.
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache}, &out, &err), 2);
        QVERIFY(err.contains("--url is required"));
        QCOMPARE(runCli({u"pull"_s, u"atlas"_s, cache, u"--url"_s, u"http://x"_s}, &out, &err), 2);
        QVERIFY(err.contains("unknown source \"atlas\"; expected marquez"));
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, u"localhost:5000"_s}, &out, &err), 2);
        QVERIFY2(err.contains("--url: expected an http:// or https:// URL"), err.constData());
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, u"http://u:pw@host"_s}, &out, &err), 2);
        QVERIFY(err.contains("the URL carries credentials"));
        QVERIFY(!err.contains("pw@"));
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, u"http://h"_s, u"--since"_s, u"last week"_s}, &out, &err), 2);
        QVERIFY(err.contains("--since: cannot read \"last week\""));
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, u"http://h"_s, u"--timeout"_s, u"-1"_s}, &out, &err), 2);
        QCOMPARE(runCli({u"pull"_s, u"--help"_s}, &out, &err), 0);
        QVERIFY(out.contains("MARQUEZ_API_KEY") && out.contains("--namespace <NS>") && out.contains("Exit codes"));

        // 1: the network or the data.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QString url = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
        closed.close();
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, url, u"--retries"_s, u"0"_s}, &out, &err), 1);
        QVERIFY2(err.contains(QByteArray("connection refused (is Marquez running at " + url.toUtf8() + "?)")), err.constData());
        FakeMarquez server;
        QVERIFY(server.listen());
        server.route(u"/api/v1/events/lineage"_s, [](const FakeMarquez::Request &) {
            return FakeMarquez::Reply{200, "{\"events\": [", {}, false, false};
        });
        QCOMPARE(runCli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, server.url().toString()}, &out, &err), 1);
        QVERIFY2(err.contains("/api/v1/events/lineage?sortDirection=asc&limit=100&offset=0:1:13: error: not valid JSON"),
                 err.constData());
    }
};

QTEST_GUILESS_MAIN(TestPullCli)
#include "tst_pullcli.moc"
