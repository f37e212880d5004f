// meshlens-cli ingest --mapping: a mapping file places OpenLineage datasets into products and
// folds aliased namespaces; a bad mapping file is refused before anything is read, with
// file:line:column on stderr and exit code 2. `pull marquez --mapping` refuses a bad file
// the same way before it connects anywhere.

#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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

bool write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Two runs of two tools: raw -> orders under "postgres", orders -> report under the
// canonical namespace.
const char *const kEvents =
    "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2025-01-01T00:00:00Z\",\"producer\":\"t\",\"run\":{\"runId\":\"r1\"},"
    "\"job\":{\"namespace\":\"etl\",\"name\":\"load\"},\"inputs\":[{\"namespace\":\"postgres\",\"name\":\"sales.raw\"}],"
    "\"outputs\":[{\"namespace\":\"postgres\",\"name\":\"sales.orders\"}]}"
    "\n"
    "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2025-01-01T01:00:00Z\",\"producer\":\"t\",\"run\":{\"runId\":\"r2\"},"
    "\"job\":{\"namespace\":\"etl\",\"name\":\"report\"},\"inputs\":[{\"namespace\":\"postgres://db.prod:5432\",\"name\":\"sales.orders\"}],"
    "\"outputs\":[{\"namespace\":\"postgres://db.prod:5432\",\"name\":\"finance.report\"}]}"
    "\n";

const char *const kMapping = "meshlensMapping: 1\n"
"namespaceAliases:\n"
"  - canonical: \"postgres://db.prod:5432\"\n"
"    aliases: [\"postgres\"]\n"
"domains:\n"
"  - domain: sales\n"
"    product: orders\n"
"    match: { name: \"sales.*\" }\n"
"  - domain: finance\n"
"    match: { namespace: \"postgres://db.prod:5432\" }\n";

}  // namespace

class TestMappingCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY2(!meshlens::test::cliPath().isEmpty(), "MESHLENS_CLI is not set");
        QVERIFY(m_dir.isValid());
        QVERIFY(write(m_dir.filePath(u"events.ndjson"_s), kEvents));
        QVERIFY(write(m_dir.filePath(u"mapping.yaml"_s), kMapping));
    }

    void ingestWithMapping()
    {
        const QString cache = m_dir.filePath(u"mapped.meshlens"_s);
        const Run r = cli({u"ingest"_s, cache, m_dir.filePath(u"events.ndjson"_s), u"--mapping"_s,
                           m_dir.filePath(u"mapping.yaml"_s)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const Run s = cli({u"stats"_s, cache, u"--json"_s});
        QCOMPARE(s.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(s.out.toUtf8()).object();
        QCOMPARE(o[u"datasets"_s].toInteger(), 3);  // sales.orders is one node, not two
        QCOMPARE(o[u"edges"_s].toInteger(), 2);
        QCOMPARE(o[u"products"_s].toInteger(), 2);  // sales.orders, finance.finance
        QCOMPARE(o[u"domains"_s].toInteger(), 2);
        // Product-level lineage: sales.orders -> finance.finance.
        const Run lineage = cli({u"lineage"_s, cache, u"product:finance.finance"_s, u"--direction"_s, u"up"_s,
                                 u"--level"_s, u"product"_s});
        QVERIFY2(lineage.code == 0, qPrintable(lineage.err));
        QVERIFY2(lineage.out.contains(u"product:sales.orders"_s), qPrintable(lineage.out));

        // The same input without the mapping: four datasets, no products.
        const QString plain = m_dir.filePath(u"plain.meshlens"_s);
        QCOMPARE(cli({u"ingest"_s, plain, m_dir.filePath(u"events.ndjson"_s)}).code, 0);
        const QJsonObject p = QJsonDocument::fromJson(cli({u"stats"_s, plain, u"--json"_s}).out.toUtf8()).object();
        QCOMPARE(p[u"datasets"_s].toInteger(), 4);
        QCOMPARE(p[u"products"_s].toInteger(), 0);
    }

    void badMappingIsRefusedBeforeReading()
    {
        const QString bad = m_dir.filePath(u"bad.yaml"_s);
        QVERIFY(write(bad, "meshlensMapping: 1\ndomains:\n  - domain: d\n    match: { name: \"[abc\" }\n"));
        const QString cache = m_dir.filePath(u"refused.meshlens"_s);
        const Run r = cli({u"ingest"_s, cache, m_dir.filePath(u"events.ndjson"_s), u"--mapping"_s, bad});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(bad + u":4:20: error: domains[0].match.name: invalid glob"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"nothing was read"_s), qPrintable(r.err));
        QVERIFY(!QFile::exists(cache));  // the cache was not even created

        // A warning (unknown key) is printed and the mapping is used.
        const QString warn = m_dir.filePath(u"warn.yaml"_s);
        QVERIFY(write(warn, QByteArray(kMapping) + "colour: blue\n"));
        const Run w = cli({u"ingest"_s, m_dir.filePath(u"warned.meshlens"_s), m_dir.filePath(u"events.ndjson"_s),
                           u"--mapping"_s, warn});
        QVERIFY2(w.code == 0, qPrintable(w.err));
        QVERIFY2(w.err.contains(warn + u":11:9: warning: unknown key \"colour\""_s), qPrintable(w.err));

        const Run missing = cli({u"ingest"_s, cache, m_dir.filePath(u"events.ndjson"_s), u"--mapping"_s,
                                 m_dir.filePath(u"nope.yaml"_s)});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(u"nope.yaml"_s));

        // pull marquez checks the mapping before it connects (nothing listens on port 9).
        const Run pull = cli({u"pull"_s, u"marquez"_s, cache, u"--url"_s, u"http://127.0.0.1:9"_s,
                              u"--mapping"_s, bad});
        QCOMPARE(pull.code, 2);
        QVERIFY2(pull.err.contains(u"invalid glob"_s), qPrintable(pull.err));
        QVERIFY(!QFile::exists(cache));
    }
};

QTEST_GUILESS_MAIN(TestMappingCli)
#include "tst_mappingcli.moc"
