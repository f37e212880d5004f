#include "meshdocument.h"

#include "backgroundjob.h"
#include "ingest/mapping.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace meshlens {

MeshDocument::MeshDocument(QObject *parent) : QObject(parent)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &MeshDocument::pollProgress);
}

MeshDocument::~MeshDocument()
{
    if (m_progress)
        m_progress->cancel = true;
}

QString MeshDocument::dataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

void MeshDocument::openStartup(const QString &argument, Timestamp asOf)
{
    LoadRequest request;
    request.kind = LoadRequest::Kind::Startup;
    request.path = argument;
    request.asOf = asOf;
    const QString what = argument.isEmpty() ? u"the demo mesh"_s : QFileInfo(argument).fileName();
    start(std::move(request), u"Opening "_s + what + u"\u2026"_s, u"Cannot open "_s + what);
}

void MeshDocument::openCache(const QString &path, Timestamp asOf, bool upgrade)
{
    LoadRequest request;
    request.kind = LoadRequest::Kind::OpenCache;
    request.path = path;
    request.asOf = asOf;
    request.upgrade = upgrade;
    const QString name = QFileInfo(path).fileName();
    start(std::move(request), u"Opening "_s + name + u"\u2026"_s, u"Cannot open "_s + name);
}

void MeshDocument::importFiles(const QStringList &files)
{
    if (files.isEmpty())
        return;
    LoadRequest request;
    request.kind = LoadRequest::Kind::Import;
    request.inputs = files;
    request.asOf = m_asOf;
    // With no cache open yet, the files get a cache of their own.
    request.path = m_cachePath.isEmpty() ? importedCachePath(dataDir(), files.first()) : m_cachePath;
    const QString what = files.size() == 1 ? QFileInfo(files.first()).fileName()
                                           : QString::number(files.size()) + u" files"_s;
    start(std::move(request), u"Importing "_s + what + u"\u2026"_s, u"Import failed"_s);
}

void MeshDocument::pullMarquez(const MarquezPullOptions &options)
{
    LoadRequest request;
    request.kind = LoadRequest::Kind::PullMarquez;
    request.marquez = options;
    request.asOf = m_asOf;
    request.path = m_cachePath.isEmpty() || m_isDemo ? marquezCachePath(dataDir(), options.server) : m_cachePath;
    const QString server = options.server.toDisplayString(QUrl::RemoveUserInfo);
    start(std::move(request), u"Pulling from "_s + server + u"\u2026"_s, u"Pull from Marquez failed"_s);
}

void MeshDocument::cancel()
{
    if (m_progress)
        m_progress->cancel = true;
}

bool MeshDocument::setMappingFile(const QString &path, QStringList *problems)
{
    Diagnostics diagnostics;
    Result<Mapping> loaded = loadMapping(path, &diagnostics);
    if (problems) {
        problems->clear();
        for (const Diagnostic &d : std::as_const(diagnostics))
            *problems << d.toString();
    }
    if (!loaded)
        return false;
    m_mapping = std::make_shared<const Mapping>(std::move(loaded.value()));
    m_mappingFile = QFileInfo(path).absoluteFilePath();
    return true;
}

void MeshDocument::clearMappingFile()
{
    m_mapping.reset();
    m_mappingFile.clear();
}

void MeshDocument::start(LoadRequest request, const QString &description,
                         const QString &failureTitle)
{
    // A newer job replaces the running one: cancel it; its result will be dropped.
    if (m_progress)
        m_progress->cancel = true;
    request.dataDir = dataDir();
    if (request.kind != LoadRequest::Kind::OpenCache)
        request.mapping = m_mapping;
    const quint64 job = ++m_job;
    auto progress = std::make_shared<JobProgress>();
    progress->set(description);
    m_progress = progress;
    m_poll.start();
    Q_EMIT jobStarted(description);
    runInBackground(
        this,
        [request = std::move(request), progress] { return runLoadJob(request, *progress); },
        [this, job, failureTitle](const LoadResult &result) { finish(job, result, failureTitle); });
}

void MeshDocument::pollProgress()
{
    if (!m_progress)
        return;
    const auto state = m_progress->state();
    Q_EMIT jobProgress(state.stage, state.done, state.total);
}

void MeshDocument::finish(quint64 job, const LoadResult &result, const QString &failureTitle)
{
    if (job != m_job)
        return;  // replaced by a newer job
    m_progress.reset();
    m_poll.stop();
    Q_EMIT jobFinished();

    if (result.cancelled) {
        Q_EMIT statusMessage(u"Cancelled."_s);
        return;
    }
    if (!result.snapshot && result.olderSchema > 0 && !result.ingest) {
        Q_EMIT upgradeOffered(result.cachePath, result.olderSchema, result.asOf);
        return;
    }
    if (result.snapshot) {
        m_cachePath = result.cachePath;
        m_snapshot = result.snapshot;
        m_asOf = result.asOf;
        m_isDemo = result.isDemo;
        Q_EMIT snapshotLoaded();
    }
    const QString summary = result.ingest ? ingestFailureSummary(*result.ingest) : QString();
    if (!result.error.isEmpty() || !summary.isEmpty()) {
        QString message = result.error;
        if (!summary.isEmpty())
            message += (message.isEmpty() ? QString() : u"\n\n"_s) + summary;
        Q_EMIT failed(failureTitle, message,
                      result.ingest ? ingestFailureDetails(*result.ingest) : QString());
    } else if (result.ingest) {
        qint64 records = 0;
        for (const IngestReport &report : result.ingest->reports)
            records += report.records;
        Q_EMIT statusMessage(u"Imported "_s + QString::number(records) + u" records from "_s
                             + QString::number(result.ingest->reports.size()) + u" file(s)."_s);
    }
}

}  // namespace meshlens
