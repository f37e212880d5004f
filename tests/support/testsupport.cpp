#include "testsupport.h"

#include "ingest/ingestpipeline.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace meshlens::test {

SnapshotData snapshotFromText(const QString &text)
{
    SnapshotData data;
    QHash<QString, NodeId> ids;
    auto node = [&](EntityKind kind, const QString &key, const QString &name, NodeId parent) {
        if (auto it = ids.constFind(key); it != ids.constEnd())
            return *it;
        SnapshotNode n;
        n.kind = kind;
        n.parent = parent;
        const QByteArray k = key.toUtf8(), nm = name.toUtf8();
        n.key = data.strings.add({k.constData(), std::size_t(k.size())});
        n.name = data.strings.add({nm.constData(), std::size_t(nm.size())});
        const NodeId id = NodeId(data.nodes.size());
        data.nodes.push_back(n);
        ids.insert(key, id);
        return id;
    };
    NodeId product = kNoNode;
    auto setScope = [&](const QString &domain, const QString &prod) {
        const NodeId d = node(EntityKind::Domain, u"domain:"_s + domain, domain, kNoNode);
        product = node(EntityKind::Product, u"product:"_s + domain + u'.' + prod, prod, d);
    };
    static const QRegularExpression scopeRe(QStringLiteral(R"(^\s*([\w-]+)/([\w-]+)\s*:\s*(.*)$)"));
    for (QString stmt : text.split(u';', Qt::SkipEmptyParts)) {
        stmt = stmt.trimmed();
        if (const auto m = scopeRe.match(stmt); m.hasMatch()) {
            setScope(m.captured(1), m.captured(2));
            stmt = m.captured(3).trimmed();
        }
        if (stmt.isEmpty())
            continue;
        const QStringList chain = stmt.split(QStringLiteral("->"));
        NodeId prev = kNoNode;
        for (const QString &raw : chain) {
            const QString name = raw.trimmed();
            if (product == kNoNode)  // the default scope, made only when it is used
                setScope(QStringLiteral("d"), QStringLiteral("p"));
            const NodeId ds = node(EntityKind::Dataset, u"dataset:"_s + name, name, product);
            if (prev != kNoNode)
                data.edges.push_back({prev, ds, kNoNode});
            prev = ds;
        }
    }
    return data;
}

SnapshotPtr graphFromText(const QString &text)
{
    return SnapshotGraph::build(snapshotFromText(text));
}

QString corpusDir()
{
    QString dir = qEnvironmentVariable("MESHLENS_CORPUS");
    if (dir.isEmpty())
        dir = sourceDir() + QStringLiteral("/../shared/corpus");
    return QFileInfo(dir).isDir() ? QDir(dir).canonicalPath() : QString();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QStringList corpusOpenLineageFiles()
{
    const QString corpus = corpusDir();
    QStringList files;
    if (corpus.isEmpty())
        return files;
    for (const QString &folder : {u"OpenLineage__OpenLineage"_s, u"MarquezProject__marquez"_s}) {
        QDirIterator it(corpus + u'/' + folder, {u"*.json"_s, u"*.ndjson"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            if (f.open(QIODevice::ReadOnly) && detectFormat(f.read(65536)) == InputFormat::OpenLineage)
                files << path;
        }
    }
    return files;
}

QString cliPath()
{
    return qEnvironmentVariable("MESHLENS_CLI");
}

QString sourceDir()
{
    return qEnvironmentVariable("MESHLENS_SOURCE_DIR");
}

QString querySqlite(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *stmt = nullptr;
    QString out;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        out = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
}

}  // namespace meshlens::test
