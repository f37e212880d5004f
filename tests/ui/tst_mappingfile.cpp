// File › Use Mapping File: the GUI's counterpart of `--mapping`. A good mapping file is
// applied to the next import (namespace aliases join names, rules give domains and products),
// the choice persists across windows, a file with errors is refused with its positions and
// leaves the mapping in use unchanged, and a remembered file that is gone is dropped.
// Headless, in QStandardPaths' test mode.

#include "mainwindow.h"
#include "mappingfileactions.h"
#include "meshdocument.h"
#include "testsupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace meshlens;

namespace {

// Two OpenLineage runs in the namespace "pg", which the mapping file calls "pg://prod".
const char *kEvents =
    R"({"eventType":"COMPLETE","eventTime":"2025-06-01T10:00:00Z","producer":"t","run":{"runId":"r1"},)"
    R"("job":{"namespace":"etl","name":"clean"},"inputs":[{"namespace":"pg","name":"ship_raw"}],)"
    R"("outputs":[{"namespace":"pg","name":"ship_clean"}]})"
    "\n"
    R"({"eventType":"COMPLETE","eventTime":"2025-06-01T11:00:00Z","producer":"t","run":{"runId":"r2"},)"
    R"("job":{"namespace":"etl","name":"report"},"inputs":[{"namespace":"pg://prod","name":"ship_clean"}],)"
    R"("outputs":[{"namespace":"pg","name":"billing_report"}]})"
    "\n";

const char *kMapping =
    "meshlensMapping: 1\n"
    "namespaceAliases:\n"
    "  - canonical: \"pg://prod\"\n"
    "    aliases: [\"pg\"]\n"
    "domains:\n"
    "  - domain: logistics\n"
    "    product: shipping\n"
    "    match: { namespace: \"pg://prod\", name: \"ship*\" }\n";

// Line 3 holds a rule that is a string where a mapping was expected.
const char *kBadMapping =
    "meshlensMapping: 1\n"
    "domains:\n"
    "  - just a string\n";

bool has(const SnapshotPtr &snapshot, const char *key)
{
    return snapshot && snapshot->find(key).has_value();
}

}  // namespace

class TestMappingFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"MeshLens"_s);
        QCoreApplication::setApplicationName(u"MeshLensMappingTest"_s);
        QVERIFY2(QSettings().fileName().contains(u"/.qttest/"_s), qPrintable(QSettings().fileName()));
        QDir(MeshDocument::dataDir()).removeRecursively();
        QSettings().clear();
        QVERIFY(m_temp.isValid());
        QVERIFY(test::writeFile(m_temp.filePath(u"events.ndjson"_s), kEvents));
        QVERIFY(test::writeFile(m_temp.filePath(u"mapping.yaml"_s), kMapping));
        QVERIFY(test::writeFile(m_temp.filePath(u"bad-mapping.yaml"_s), kBadMapping));
    }

    void importUsesTheMappingFile()
    {
        MainWindow window;
        MeshDocument *document = window.document();
        MappingFileActions *mapping = window.mappingFileActions();
        QVERIFY(document->mappingFile().isEmpty());
        QVERIFY(mapping->statusLabel()->isHidden());
        auto *stop = window.findChild<QAction *>(u"stopMappingAction"_s);
        QVERIFY(stop);
        QVERIFY(!stop->isEnabled());

        QVERIFY(mapping->use(m_temp.filePath(u"mapping.yaml"_s)));
        QCOMPARE(document->mappingFile(), m_temp.filePath(u"mapping.yaml"_s));
        QCOMPARE(mapping->statusLabel()->text(), u"Mapping: mapping.yaml"_s);
        QVERIFY(!mapping->statusLabel()->isHidden());
        QVERIFY(stop->isEnabled());

        QSignalSpy loaded(document, &MeshDocument::snapshotLoaded);
        document->importFiles({m_temp.filePath(u"events.ndjson"_s)});
        QVERIFY(loaded.wait(60000));
        const SnapshotPtr &snapshot = document->snapshot();
        // The alias joined "pg" and "pg://prod": one ship_clean, in its canonical namespace.
        QVERIFY(has(snapshot, "dataset:pg://prod/ship_clean"));
        QVERIFY(!has(snapshot, "dataset:pg/ship_clean"));
        // The rule put the ship* tables into logistics.shipping; billing_report matched none.
        QVERIFY(has(snapshot, "product:logistics.shipping"));
        QVERIFY(has(snapshot, "domain:logistics"));
        const NodeId clean = *snapshot->find("dataset:pg://prod/ship_clean");
        const NodeId product = snapshot->ancestor(clean, EntityKind::Product);
        QCOMPARE(QByteArray(snapshot->key(product).data(), qsizetype(snapshot->key(product).size())),
                 QByteArray("product:logistics.shipping"));
        const NodeId report = *snapshot->find("dataset:pg://prod/billing_report");
        QVERIFY(snapshot->ancestor(report, EntityKind::Product) != product);
    }

    void choicePersistsAndBadFileIsRefused()
    {
        {
            // A new window (a new session) uses the file chosen before.
            MainWindow window;
            QCOMPARE(window.document()->mappingFile(), m_temp.filePath(u"mapping.yaml"_s));
            QVERIFY(!window.mappingFileActions()->statusLabel()->isHidden());

            // A file with errors: refused with file, line and what was expected; the mapping
            // in use stays.
            QSignalSpy problem(window.mappingFileActions(), &MappingFileActions::problem);
            QVERIFY(!window.mappingFileActions()->use(m_temp.filePath(u"bad-mapping.yaml"_s)));
            QCOMPARE(problem.size(), 1);
            const QString details = problem.first().at(2).toString();
            QVERIFY2(details.contains(m_temp.filePath(u"bad-mapping.yaml"_s) + u":3:"_s), qPrintable(details));
            QCOMPARE(window.document()->mappingFile(), m_temp.filePath(u"mapping.yaml"_s));
            QCOMPARE(QSettings().value(u"mapping/file"_s).toString(), m_temp.filePath(u"mapping.yaml"_s));

            window.findChild<QAction *>(u"stopMappingAction"_s)->trigger();
            QVERIFY(window.document()->mappingFile().isEmpty());
            QVERIFY(window.mappingFileActions()->statusLabel()->isHidden());
        }
        MainWindow next;
        QVERIFY(next.document()->mappingFile().isEmpty());
    }

    void rememberedFileThatIsGoneIsDropped()
    {
        const QString path = m_temp.filePath(u"soon-gone.yaml"_s);
        QVERIFY(test::writeFile(path, kMapping));
        {
            MainWindow window;
            QVERIFY(window.mappingFileActions()->use(path));
        }
        QVERIFY(QFile::remove(path));
        MainWindow window;
        QVERIFY(window.document()->mappingFile().isEmpty());
        QVERIFY(window.mappingFileActions()->statusLabel()->isHidden());
        QVERIFY(!QSettings().contains(u"mapping/file"_s));
    }

private:
    QTemporaryDir m_temp;
};

QTEST_MAIN(TestMappingFile)
#include "tst_mappingfile.moc"
