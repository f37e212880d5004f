// The shared YAML layer (ingest/yamlfile.h): what loading accepts, what it refuses and where it
// says the problem is, and the typed accessors' diagnostics. Every bad input below must give
// an error Diagnostic with the file, a 1-based line and column (or byte offset) and a message
// saying what was expected; none may crash or hang.

#include "ingest/yamlfile.h"

#include <QTemporaryDir>
#include <QTest>

#include <ctime>

#include <yaml-cpp/yaml.h>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

YamlDocument parse(const QByteArray &text, Diagnostics *d, const YamlLimits &limits = {})
{
    return YamlDocument::parse(text, u"t.yaml"_s, d, limits);
}

QString joined(const Diagnostics &ds)
{
    QStringList out;
    for (const Diagnostic &d : ds)
        out << d.toString();
    return out.join(u'\n');
}

// A "billion laughs": ten levels, each a list of nine aliases to the previous one (9^9 leaf
// visits when followed).
QByteArray aliasBomb()
{
    QByteArray s = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        s += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
        for (int i = 0; i < 9; ++i)
            s += (i ? ", *" : "*") + QByteArray(1, char(c - 1));
        s += "]\n";
    }
    return s;
}

} // namespace

class TestYamlFile : public QObject {
    Q_OBJECT

private slots:
    void loadsYamlWithPositions()
    {
        Diagnostics d;
        const YamlDocument doc = parse("id: x\nservers:\n  prod:\n    port: 5432\n", &d);
        QVERIFY2(doc.isValid(), qPrintable(joined(d)));
        QVERIFY(d.isEmpty());
        const YAML::Node prod = YamlReader::child(YamlReader::child(doc.root(), "servers"), "prod");
        QVERIFY(prod.IsMap());
        const YamlPosition p = yamlPosition(YamlReader::child(prod, "port"));
        QCOMPARE(p.line, 4); // 1-based, yaml-cpp's Mark is 0-based
        QCOMPARE(p.column, 11);
    }

    void loadsJson()
    {
        Diagnostics d;
        const YamlDocument doc
            = parse("{\n\t\"a\": {\"b\": [1, 2, {\"c\": \"d\\/e\"}]},\n\t\"n\": null\n}\n", &d);
        QVERIFY2(doc.isValid(), qPrintable(joined(d)));
        YamlReader r(doc, &d);
        const YAML::Node b = r.sequence(r.map(doc.root(), "a"), "b");
        QCOMPARE(YamlReader::items(b).size(), size_t(3));
        QCOMPARE(r.string(YamlReader::items(b)[2], "c"), u"d/e"_s);
        QVERIFY(!YamlReader::has(doc.root(), "n")); // null counts as missing
        QVERIFY(d.isEmpty());
    }

    void loadsFileFromDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"f.yml"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\xEF\xBB\xBFname: caf\xC3\xA9\n"); // BOM and a two-byte character
        f.close();
        Diagnostics d;
        const YamlDocument doc = YamlDocument::load(path, &d);
        QVERIFY2(doc.isValid(), qPrintable(joined(d)));
        YamlReader r(doc, &d);
        QCOMPARE(r.string(doc.root(), "name"), u"café"_s);
        QCOMPARE(doc.file(), path);

        // Missing file: an error naming it.
        Diagnostics d2;
        QVERIFY(!YamlDocument::load(dir.filePath(u"none.yml"_s), &d2).isValid());
        QCOMPARE(d2.size(), 1);
        QVERIFY(d2[0].message.startsWith(u"cannot open"_s));
    }

    // Each bad input: the error, its position and words of its message.
    void refusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<qint64>("column");
        QTest::addColumn<QString>("words");
        // Empty file and a file of comments: nothing to read.
        QTest::newRow("empty") << QByteArray() << 0LL << 0LL << u"document is empty"_s;
        QTest::newRow("comments") << QByteArray("# only\n\n# comments\n") << 0LL << 0LL
                                  << u"document is empty"_s;
        // Truncated flow sequence: yaml-cpp's parse error, at the end of the text.
        QTest::newRow("truncated") << QByteArray("id: x\nmodels: [a, b\n") << 3LL << 1LL
                                   << u"not valid YAML"_s;
        // Truncated JSON object.
        QTest::newRow("truncated json") << QByteArray("{\"a\": {\"b\": 1}") << 1LL << 1LL
                                        << u"not valid YAML"_s;
        // A bad indentation.
        QTest::newRow("bad indent") << QByteArray("a:\n  b: 1\n c: 2\n") << 3LL << 2LL
                                    << u"not valid YAML"_s;
        // Invalid UTF-8 (a lone continuation byte) on line 2, byte 10.
        QTest::newRow("invalid utf-8") << QByteArray("id: x\nn: a\x80z\n") << 2LL << 5LL
                                       << u"cannot start a UTF-8 sequence at byte 10"_s;
        // An overlong encoding of '/'.
        QTest::newRow("overlong") << QByteArray("a: \xC0\xAF\n") << 1LL << 4LL
                                  << u"overlong"_s;
        // Binary garbage: NUL and other control bytes.
        QTest::newRow("binary") << QByteArray("\x7f" "ELF\x02\x01\x01\x00\x00", 9) << 1LL << 1LL
                                << u"control character (0x7f)"_s;
        QTest::newRow("nul") << QByteArray("a: b\0c", 6) << 1LL << 5LL
                             << u"control character (0x00) at byte 4"_s;
        // UTF-16 (with its byte order mark) is not UTF-8.
        QTest::newRow("utf-16") << QByteArray("\xFF\xFE" "a\0:\0", 6) << 1LL << 1LL
                                << u"expected UTF-8"_s;
        // Nesting beyond yaml-cpp's recursion guard (about 500): DeepRecursion.
        QTest::newRow("deep flow") << (QByteArray(5000, '[') + QByteArray(5000, ']')) << 1LL
                                   << 1LL << u"nested deeper than"_s;
        // Nesting within yaml-cpp's guard but beyond YamlLimits::maxDepth (256).
        QByteArray deep;
        for (int i = 0; i < 300; ++i)
            deep += QByteArray(i, ' ') + "a:\n";
        deep += QByteArray(300, ' ') + "b: 1\n";
        QTest::newRow("deep block") << deep << 258LL << 258LL << u"deeper than 256 levels"_s;
        // Billion laughs: refused by the visit budget, quickly.
        QTest::newRow("alias bomb") << aliasBomb() << 0LL << 0LL << u"alias bomb"_s;
        // An alias to the node that contains it: a cycle, which never ends in depth.
        QTest::newRow("alias cycle") << QByteArray("a: &x [1, *x]\n") << 1LL << 4LL
                                     << u"alias cycle never ends"_s;
        QTest::newRow("alias to undefined anchor") << QByteArray("a: *nope\n") << 1LL << 4LL
                                                    << u"not valid YAML"_s;
        // A scalar beyond maxScalarBytes (1 MiB).
        QTest::newRow("huge scalar") << (QByteArray("a: ") + QByteArray(1100000, 'x')) << 1LL
                                     << 4LL << u"expected at most 1048576 bytes"_s;
    }

    void refusesBadInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, line);
        QFETCH(qint64, column);
        QFETCH(QString, words);
        Diagnostics d;
        // Processor time, not wall time: a loaded machine or a sanitizer build must not fail
        // this check that no input (an alias bomb) takes long.
        const std::clock_t start = std::clock();
        const YamlDocument doc = parse(text, &d);
        const double cpuSeconds = double(std::clock() - start) / CLOCKS_PER_SEC;
        QVERIFY2(cpuSeconds < 5.0, qPrintable(u"%1 s of CPU"_s.arg(cpuSeconds)));
        QVERIFY(!doc.isValid());
        QVERIFY2(hasErrors(d), qPrintable(joined(d)));
        const Diagnostic &e = d.last();
        QCOMPARE(e.file, u"t.yaml"_s);
        QVERIFY2(e.message.contains(words), qPrintable(e.toString()));
        QVERIFY2(e.message.contains(u"expected"_s), qPrintable(e.toString()));
        if (line > 0) {
            QCOMPARE(e.line, line);
            QCOMPARE(e.column, column);
        }
    }

    void aliasBombIsCheapToRefuse()
    {
        Diagnostics d;
        YamlLimits limits;
        limits.maxNodeVisits = 100000;
        const YamlDocument doc = parse(aliasBomb(), &d, limits);
        QVERIFY(!doc.isValid());
        QCOMPARE(doc.nodeVisits(), 100001);
        QVERIFY(d.last().message.contains(u"more than 100000 nodes"_s));
    }

    void acceptsModestAliases()
    {
        Diagnostics d;
        const YamlDocument doc = parse("base: &b {type: text}\nf1: *b\nf2: *b\n", &d);
        QVERIFY2(doc.isValid(), qPrintable(joined(d)));
        YamlReader r(doc, &d);
        QCOMPARE(r.string(r.map(doc.root(), "f2"), "type"), u"text"_s);
        QCOMPARE(doc.nodeVisits(), 1 + 6 + 3 * 2); // root, 3 keys + 3 values, 3 times the shared map's key and value
    }

    void fileSizeCap()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"big.yml"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(2000, '#'));
        f.close();
        Diagnostics d;
        YamlLimits limits;
        limits.maxFileBytes = 1000;
        QVERIFY(!YamlDocument::load(path, &d, limits).isValid());
        QCOMPARE(d.size(), 1);
        QVERIFY(d[0].message.contains(u"2000 bytes; expected a YAML or JSON document of at most 1000"_s));
    }

    void duplicateKeysWarn()
    {
        Diagnostics d;
        const YamlDocument doc = parse("id: first\nname: n\nid: second\n", &d);
        QVERIFY(doc.isValid());
        QCOMPARE(d.size(), 1);
        QCOMPARE(d[0].severity, Diagnostic::Severity::Warning);
        QCOMPARE(d[0].line, 3);
        QVERIFY(d[0].message.contains(u"\"id\" appears twice"_s));
        YamlReader r(doc, &d);
        QCOMPARE(r.string(doc.root(), "id"), u"first"_s);
    }

    void accessorsReportTypesAndPositions()
    {
        Diagnostics d;
        const YamlDocument doc = parse("id:\n  nested: map\nport: abc\nlist: [a, b, {c: d}]\n"
                                       "flag: maybe\nok: yes\nratio: 0.5\nn: 42\ns: scalar\n"
                                       "long: abcdefghij\nempty:\n",
                                       &d);
        QVERIFY(doc.isValid());
        YamlReader r(doc, &d);
        const YAML::Node root = doc.root();

        QCOMPARE(r.string(root, "id"), QString()); // a mapping where a string is expected
        QCOMPARE(d.size(), 1);
        QCOMPARE(d[0].line, 2);
        QCOMPARE(d[0].column, 3);
        QCOMPARE(d[0].message, u"\"id\" is a mapping; expected a string"_s);

        QVERIFY(!r.integer(root, "port").has_value());
        QCOMPARE(d.last().message, u"\"port\" is the value \"abc\"; expected an integer"_s);
        QCOMPARE(d.last().line, 3);
        QCOMPARE(d.last().column, 7);

        QCOMPARE(r.integer(root, "n").value(), 42);
        QCOMPARE(r.number(root, "ratio").value(), 0.5);
        QCOMPARE(r.boolean(root, "ok").value(), true);
        QVERIFY(!r.boolean(root, "flag").has_value());
        QVERIFY(d.last().message.endsWith(u"expected true or false"_s));

        // A list with a mapping in it: the two strings, and an error for the mapping.
        const qsizetype before = d.size();
        QCOMPARE(r.strings(root, "list"), (QStringList {u"a"_s, u"b"_s}));
        QCOMPARE(d.size(), before + 1);
        QCOMPARE(d.last().message, u"\"list[2]\" is a mapping; expected a string"_s);
        QCOMPARE(r.strings(root, "s"), QStringList {u"scalar"_s}); // a scalar is a list of one

        QVERIFY(!r.map(root, "s").IsDefined());
        QCOMPARE(d.last().message, u"\"s\" is the value \"scalar\"; expected a mapping"_s);
        QVERIFY(!r.sequence(root, "id").IsDefined());
        QCOMPARE(d.last().message, u"\"id\" is a mapping; expected a sequence"_s);

        // Too long for the caller's bound.
        QCOMPARE(r.string(root, "long", YamlReader::Optional, 5), QString());
        QCOMPARE(d.last().message, u"\"long\" is 10 bytes long; expected at most 5 bytes"_s);

        // Missing: nothing when optional, a warning when recommended, an error when required,
        // at the position of the mapping that lacks it.
        const qsizetype n = d.size();
        QCOMPARE(r.string(root, "absent"), QString());
        QCOMPARE(d.size(), n);
        r.string(root, "absent", YamlReader::Recommended);
        QCOMPARE(d.last().severity, Diagnostic::Severity::Warning);
        QCOMPARE(d.last().message, u"\"absent\" is missing; expected a string"_s);
        r.string(root, "empty", YamlReader::Required);
        QCOMPARE(d.last().severity, Diagnostic::Severity::Error);
        QCOMPARE(d.last().message, u"\"empty\" is empty; expected a string"_s);
        QCOMPARE(d.last().line, 11);
    }

    void accessorsNeverInsert()
    {
        Diagnostics d;
        const YamlDocument doc = parse("a: 1\n", &d);
        YamlReader r(doc, &d);
        for (int i = 0; i < 3; ++i)
            r.string(doc.root(), "b");
        QCOMPARE(doc.root().size(), size_t(1));
        // Lookups in a scalar or a sequence are empty, not exceptions.
        QVERIFY(!YamlReader::child(YamlReader::child(doc.root(), "a"), "x").IsDefined());
        QVERIFY(YamlReader::entries(YamlReader::child(doc.root(), "a")).empty());
        QVERIFY(YamlReader::items(doc.root()).empty());
    }
};

QTEST_GUILESS_MAIN(TestYamlFile)
#include "tst_yamlfile.moc"
