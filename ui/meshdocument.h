#pragma once

#include "meshloadjob.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace meshlens {

/// The mesh the window shows: which cache, which snapshot of it, and the background jobs
/// that open, import and load. Widgets never touch a cache; they call this and listen.
///
/// One job at a time: starting another cancels the running one, and a result that comes
/// back for a replaced job is dropped (job ids). Progress is polled from the worker and
/// re-announced as a typed signal on the UI thread.
class MeshDocument final : public QObject
{
    Q_OBJECT

public:
    explicit MeshDocument(QObject *parent = nullptr);
    /// Cancels a running job; the worker finishes on its own and its result is dropped.
    ~MeshDocument() override;

    const QString &cachePath() const { return m_cachePath; }
    const SnapshotPtr &snapshot() const { return m_snapshot; }
    Timestamp asOf() const { return m_asOf; }
    bool isDemo() const { return m_isDemo; }
    bool isBusy() const { return m_progress != nullptr; }

    /// Where the demo cache and caches imported from mesh files are kept.
    static QString dataDir();

    /// Start-up: `argument` from the command line (a cache, or a mesh file or folder to
    /// import into a cache of its own), or empty for the bundled demo mesh.
    void openStartup(const QString &argument, Timestamp asOf = 0);
    /// Loads the cache at `path` read-only. A cache of an older schema is not loaded: then
    /// upgradeOffered() says so, and opening it again with `upgrade` upgrades it (once, in
    /// place) and loads it.
    void openCache(const QString &path, Timestamp asOf = 0, bool upgrade = false);
    /// Ingests files (or folders) into the current cache, then reloads its snapshot.
    void importFiles(const QStringList &files);
    /// Pulls lineage from a Marquez server into the current cache (or, with the demo or
    /// nothing open, into a cache of the server's own), then reloads.
    void pullMarquez(const MarquezPullOptions &options);
    void cancel();

    /// The mapping file (mapping.h) applied to every later import, start-up import and
    /// Marquez pull, read now. False, with the file's diagnostics (file:line:column: ...)
    /// in `problems`, when it has errors; the mapping in use is then unchanged.
    bool setMappingFile(const QString &path, QStringList *problems = nullptr);
    void clearMappingFile();
    /// The mapping file in use; empty when none.
    const QString &mappingFile() const { return m_mappingFile; }

Q_SIGNALS:
    /// A new snapshot (and maybe a new cache) is in place: read snapshot(), cachePath().
    void snapshotLoaded();
    void jobStarted(const QString &description);
    void jobProgress(const QString &stage, qint64 done, qint64 total);
    /// The job ended (loaded, failed or cancelled).
    void jobFinished();
    /// Something went wrong; `details` lists each diagnostic (may be empty).
    void failed(const QString &title, const QString &message, const QString &details);
    /// The cache at `path` was written by an older MeshLens (cache schema `schema`): it
    /// loads after an upgrade, which only a writer does, so the user is asked first.
    void upgradeOffered(const QString &path, int schema, Timestamp asOf);
    void statusMessage(const QString &message);

private:
    void start(LoadRequest request, const QString &description, const QString &failureTitle);
    void finish(quint64 job, const LoadResult &result, const QString &failureTitle);
    void pollProgress();

    QString m_cachePath;
    SnapshotPtr m_snapshot;
    Timestamp m_asOf = 0;
    bool m_isDemo = false;
    quint64 m_job = 0;
    QString m_mappingFile;
    std::shared_ptr<const Mapping> m_mapping;
    std::shared_ptr<JobProgress> m_progress;  // of the running job; null when idle
    QTimer m_poll;
};

}  // namespace meshlens
