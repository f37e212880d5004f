#include "meshloadjob.h"

#include "cache/meshcache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

void JobProgress::set(const QString &stage, qint64 done, qint64 total)
{
    std::lock_guard lock(m_mutex);
    m_state = {stage, done, total};
}

JobProgress::State JobProgress::state() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}

bool looksLikeCacheFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(16) == QByteArray("SQLite format 3\0", 16);
}

QString demoCachePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(u"demo.meshlens"_s);
}

QString importedCachePath(const QString &dataDir, const QString &meshPath)
{
    const QFileInfo info(meshPath);
    const QString base = info.isDir() ? info.fileName() : info.completeBaseName();
    return QDir(dataDir).filePath(u"imports/"_s + (base.isEmpty() ? u"mesh"_s : base)
                                  + u".meshlens"_s);
}

QString marquezCachePath(const QString &dataDir, const QUrl &server)
{
    QString name = u"marquez-"_s + server.host() + (server.port() > 0 ? u'-' + QString::number(server.port()) : QString());
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != u'-' && c != u'.')
            c = u'_';
    }
    return QDir(dataDir).filePath(u"imports/"_s + name + u".meshlens"_s);
}

namespace {

const QString kDemoResource = u":/demo/demo-mesh.json"_s;

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// A cache we made ourselves (demo, imports) is rebuilt from scratch: remove it with the
// WAL files SQLite keeps next to it.
void removeCache(const QString &path)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
}

// Loads the snapshot of a cache. Read-only: loading never alters a file (it may be a
// snapshot someone mailed).
void loadInto(LoadResult &result, const QString &path, Timestamp asOf, JobProgress &progress)
{
    const QString name = QFileInfo(path).fileName();
    progress.set(u"Opening "_s + name + u"\u2026"_s);
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
    if (!cache) {
        result.error = cache.errorMessage();
        // An upgrade is offered only when the schema is why it failed: an older one that
        // reads as it is (MeshCache::kOldestReadableSchema) failed for another reason.
        const int older = MeshCache::upgradableSchema(path);
        result.olderSchema = older < MeshCache::kOldestReadableSchema ? older : 0;
        if (result.olderSchema > 0)
            result.cachePath = path; // the file to offer the upgrade of
        return;
    }
    progress.set(u"Loading "_s + name + u"\u2026"_s);
    auto data = cache.value()->loadSnapshot(asOf, &progress.cancel);
    if (progress.cancel) {
        result.cancelled = true;
        return;
    }
    if (!data) {
        result.error = u"Cannot load the mesh from "_s + shown(path) + u": "_s + data.errorMessage();
        return;
    }
    progress.set(u"Building the graph\u2026"_s);
    result.snapshot = SnapshotGraph::build(std::move(data).value());
    result.cachePath = path;
}

// Ingests inputs into a cache (created if needed). False when nothing more should happen:
// the cache could not be opened or the user cancelled.
bool ingestInto(LoadResult &result, const QString &cachePath, const QStringList &inputs,
                JobProgress &progress, const Mapping *mapping = nullptr)
{
    QDir().mkpath(QFileInfo(cachePath).absolutePath());
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadWrite);
    if (!cache) {
        result.error = cache.errorMessage();
        return false;
    }
    progress.set(u"Importing\u2026"_s);
    result.ingest = ingestInputs(
        *cache.value(), inputs, &progress.cancel,
        [&progress](const QString &file, qint64 done, qint64 total) {
            progress.set(u"Importing "_s + QFileInfo(file).fileName() + u"\u2026"_s, done, total);
        },
        mapping);
    if (result.ingest->cancelled || progress.cancel) {
        result.cancelled = true;
        return false;
    }
    return true;
}

// Pulls from a Marquez server into a cache (created if needed), like ingestInto() for files.
bool pullInto(LoadResult &result, const QString &cachePath, MarquezPullOptions options,
              JobProgress &progress, const Mapping *mapping)
{
    QDir().mkpath(QFileInfo(cachePath).absolutePath());
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadWrite);
    if (!cache) {
        result.error = cache.errorMessage();
        return false;
    }
    progress.set(u"Connecting to "_s + options.server.toDisplayString() + u"\u2026"_s);
    options.mapping = mapping;
    MarquezPullOutcome outcome = pullMarquez(
        *cache.value(), options, &progress.cancel,
        [&progress](const QString &stage, qint64 done, qint64 total) { progress.set(stage + u"\u2026"_s, done, total); });
    result.ingest = std::move(outcome.ingest);
    if (result.ingest->cancelled || progress.cancel) {
        result.cancelled = true;
        return false;
    }
    return true;
}

bool nothingWritten(const IngestOutcome &outcome)
{
    return std::none_of(outcome.reports.begin(), outcome.reports.end(),
                        [](const IngestReport &r) { return r.written || r.batchesWritten > 0; });
}

// The bundled demo: ingested into its own cache the first time, or again when that cache
// is missing, unreadable or empty.
void startDemo(LoadResult &result, const LoadRequest &request, JobProgress &progress)
{
    result.isDemo = true;
    const QString path = demoCachePath(request.dataDir);
    bool fresh = !looksLikeCacheFile(path);
    if (!fresh) {
        auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
        const auto stats = cache ? cache.value()->stats() : Result<CacheStats>(Error{});
        fresh = !stats || stats->domains + stats->products + stats->datasets == 0;
    }
    if (fresh) {
        removeCache(path);
        // The readers take files: copy the resource out once.
        QTemporaryDir temp;
        const QString copy = temp.filePath(u"demo-mesh.json"_s);
        if (!temp.isValid() || !QFile::copy(kDemoResource, copy)) {
            result.error = u"Cannot unpack the demo mesh ("_s + kDemoResource + u") to a temporary folder."_s;
            return;
        }
        if (!ingestInto(result, path, {copy}, progress))
            return;
        if (nothingWritten(*result.ingest)) {
            result.error = u"The bundled demo mesh could not be imported."_s;
            return;
        }
    }
    loadInto(result, path, request.asOf, progress);
}

// A path from the command line: a cache opens as it is; a mesh file or folder is
// imported into a cache of its own in the data folder, rebuilt on every start so it shows
// exactly what the file holds.
void startFromPath(LoadResult &result, const LoadRequest &request, JobProgress &progress)
{
    const QFileInfo info(request.path);
    if (!info.exists()) {
        result.error = u"No such file or folder: "_s + shown(request.path);
        return;
    }
    if (info.isFile() && looksLikeCacheFile(request.path))
        return loadInto(result, info.absoluteFilePath(), request.asOf, progress);
    const QString suffix = info.suffix().toLower();
    if (info.isFile() && (suffix == u"meshlens" || suffix == u"db")) {
        result.error = shown(request.path) + u" is not a MeshLens cache (it is not an SQLite file)."_s;
        return;
    }
    const QString target = importedCachePath(request.dataDir, request.path);
    removeCache(target);
    if (!ingestInto(result, target, {info.absoluteFilePath()}, progress, request.mapping.get()))
        return;
    if (nothingWritten(*result.ingest)) {
        result.error = u"Nothing could be imported from "_s + shown(request.path) + u"."_s;
        return;
    }
    loadInto(result, target, request.asOf, progress);
}

}  // namespace

LoadResult runLoadJob(const LoadRequest &request, JobProgress &progress)
{
    LoadResult result;
    result.asOf = request.asOf;
    switch (request.kind) {
    case LoadRequest::Kind::OpenCache:
        if (request.upgrade) {
            progress.set(u"Upgrading "_s + QFileInfo(request.path).fileName() + u"\u2026"_s);
            auto upgraded = MeshCache::open(request.path, MeshCache::OpenMode::ReadWrite);
            if (!upgraded) {
                result.error = upgraded.errorMessage();
                break;
            }
        }
        loadInto(result, request.path, request.asOf, progress);
        break;
    case LoadRequest::Kind::Import:
        // Reload even when some files failed: the others were written.
        if (ingestInto(result, request.path, request.inputs, progress, request.mapping.get()))
            loadInto(result, request.path, request.asOf, progress);
        break;
    case LoadRequest::Kind::PullMarquez:
        // Reload even when a batch failed: the ones before it were written.
        if (pullInto(result, request.path, request.marquez, progress, request.mapping.get()))
            loadInto(result, request.path, request.asOf, progress);
        break;
    case LoadRequest::Kind::Startup:
        if (request.path.isEmpty())
            startDemo(result, request, progress);
        else
            startFromPath(result, request, progress);
        break;
    }
    return result;
}

QString ingestFailureSummary(const IngestOutcome &outcome)
{
    QStringList failed;
    for (const IngestReport &report : outcome.reports) {
        if (hasErrors(report.diagnostics))
            failed << QFileInfo(report.file).fileName();
    }
    if (failed.isEmpty())
        return {};
    return QString::number(failed.size()) + u" of "_s + QString::number(outcome.reports.size())
        + (outcome.reports.size() == 1 ? u" file"_s : u" files"_s)
        + u" could not be imported:\n\n"_s + failed.join(u'\n');
}

QString ingestFailureDetails(const IngestOutcome &outcome)
{
    // Capped: a broken ten-million-line file must not become a ten-million-line dialog.
    constexpr int kMaxLines = 500;
    QStringList lines;
    int omitted = 0;
    for (const IngestReport &report : outcome.reports) {
        if (!hasErrors(report.diagnostics))
            continue;
        for (const Diagnostic &d : report.diagnostics) {
            if (lines.size() < kMaxLines)
                lines << d.toString();
            else
                ++omitted;
        }
    }
    if (omitted > 0)
        lines << u"\u2026 and "_s + QString::number(omitted) + u" more"_s;
    return lines.join(u'\n');
}

}  // namespace meshlens
