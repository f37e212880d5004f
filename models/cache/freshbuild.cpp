#include "freshbuild.h"

#include "cache/meshcache.h"
#include "cacheschema.h"
#include "sqlitestatement.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace meshlens::freshbuild {

namespace {

const QString kInfix = QStringLiteral(".building-");

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

#ifdef Q_OS_UNIX
Error systemError(const QString &what)
{
    return Error {what + u": " + QString::fromLocal8Bit(std::strerror(errno))};
}

/// fsync of a file or directory. The descriptor is our own and the file is never one that
/// SQLite has open: closing it cannot drop SQLite's POSIX locks.
Status syncPath(const QString &path, int flags, const QString &what)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), flags | O_CLOEXEC);
    if (fd < 0)
        return systemError(what);
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (rc != 0)
        return systemError(what);
    return Done {};
}
#endif

} // namespace

bool supported()
{
#ifdef Q_OS_UNIX
    return true;
#else
    return false; // Windows cannot rename over a file another handle has open
#endif
}

QString temporaryPathFor(const QString &path)
{
    const QFileInfo info(path);
    for (;;) {
        const QString candidate = info.absolutePath() + u'/' + info.fileName() + kInfix
            + QStringLiteral("%1").arg(qulonglong(QRandomGenerator::global()->generate()), 8, 16,
                QLatin1Char('0'));
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
}

void removeStale(const QString &path)
{
    const QFileInfo info(path);
    // Exactly what temporaryPathFor() makes, and SQLite's companions of it.
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("\\.building-[0-9a-f]{8}(-journal|-wal|-shm)?")));
    const QString prefix = info.fileName() + kInfix;
    QDirIterator it(info.absolutePath(), QDir::Files | QDir::Hidden | QDir::System);
    while (it.hasNext()) {
        it.next();
        const QString name = it.fileName();
        if (!name.startsWith(prefix))
            continue;
        if (pattern.match(QStringView(name).mid(info.fileName().size())).hasMatch())
            QFile::remove(it.filePath());
    }
}

Status syncFile(const QString &path)
{
#ifdef Q_OS_UNIX
    return syncPath(path, O_RDONLY, QStringLiteral("Cannot flush %1 to disk").arg(shown(path)));
#else
    Q_UNUSED(path);
    return Done {};
#endif
}

bool replaceable(const QString &path)
{
#ifdef Q_OS_UNIX
    // A symbolic link would be replaced by the file instead of its target, and a file with
    // other hard links would leave them on the old one.
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISREG(st.st_mode)
        && st.st_nlink == 1;
#else
    Q_UNUSED(path);
    return false;
#endif
}

Status replace(const QString &from, const QString &to)
{
#ifdef Q_OS_UNIX
    const QByteArray source = QFile::encodeName(from), target = QFile::encodeName(to);
    // The new file takes the old one's permissions (someone may have restricted them).
    struct stat st {};
    if (::stat(target.constData(), &st) == 0)
        ::chmod(source.constData(), st.st_mode & 07777);
    if (::rename(source.constData(), target.constData()) != 0)
        return systemError(QStringLiteral("Cannot move %1 onto %2").arg(shown(from), shown(to)));
    // The rename is atomic; syncing the directory makes it survive a power cut too. The
    // file is in place whatever happens here, so a failure is only worth a warning.
    const QString dir = QFileInfo(to).absolutePath();
    if (Status s = syncPath(dir, O_RDONLY | O_DIRECTORY,
            QStringLiteral("Cannot flush the folder %1 to disk").arg(shown(dir)));
        !s)
        qWarning("%s", qPrintable(s.errorMessage()));
    return Done {};
#else
    Q_UNUSED(from);
    Q_UNUSED(to);
    return Error {QStringLiteral("Replacing a cache file is not supported on this platform")};
#endif
}

bool ExclusiveTarget::acquire(const QString &path, QString *why)
{
    release();
    const auto fail = [&](const QString &reason) {
        *why = reason;
        release(false);
        return false;
    };
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK)
        return fail(QStringLiteral("cannot open it: ") + QString::fromUtf8(sqlite3_errmsg(m_db)));
    // No waiting: a connection that has the file open holds its SHARED lock for as long as
    // it stays open, so a retry would not help; the caller writes in place instead.
    sqlite3_busy_timeout(m_db, 0);
    // Exclusive before the first read: opening the WAL then takes the file's EXCLUSIVE lock
    // and keeps the WAL index in heap memory (this connection never touches the -shm file).
    if (Status s = sql::exec(m_db, "PRAGMA locking_mode = EXCLUSIVE"); !s)
        return fail(s.errorMessage());
    Result<cacheschema::FileInfo> info = cacheschema::inspect(m_db, path);
    if (!info)
        return fail(info.errorMessage()); // SQLITE_BUSY: someone else has it open
    if (info->applicationId != cacheschema::kApplicationId
        || info->userVersion != MeshCache::kSchemaVersion)
        return fail(QStringLiteral("it is not a cache of the current schema"));
    {
        sql::Statement mode;
        if (!mode.prepare(m_db, "PRAGMA journal_mode") || mode.step() != SQLITE_ROW
            || mode.columnText(0) != "wal")
            return fail(QStringLiteral("it is not in WAL mode"));
    }
    // The same test as MeshCache::isEmpty(), now under the lock.
    Result<qint64> data = sql::queryInt(m_db, cacheschema::kHasDataQuery);
    if (!data)
        return fail(data.errorMessage());
    if (data.value() != 0)
        return fail(QStringLiteral("it holds data"));
    // Everything the WAL holds goes into the file and the WAL is cut to zero bytes: nothing
    // of this file's history can be replayed onto the file that replaces it.
    sql::Statement checkpoint;
    if (Status s = checkpoint.prepare(m_db, "PRAGMA wal_checkpoint(TRUNCATE)"); !s)
        return fail(s.errorMessage());
    if (checkpoint.step() != SQLITE_ROW || checkpoint.columnInt(0) != 0)
        return fail(QStringLiteral("its WAL could not be checkpointed"));
    checkpoint.reset();
    const QFileInfo walFile(path + u"-wal");
    if (walFile.exists() && walFile.size() != 0)
        return fail(QStringLiteral("its WAL is not empty after a checkpoint"));
    return true;
}

void ExclusiveTarget::release(bool replaced)
{
    if (!m_db)
        return;
    if (replaced) {
        // The path is now the new file's. Closing must neither delete nor truncate the WAL
        // file by that name: another connection may already use it for the new file. (It is
        // empty: acquire() truncated it and this connection wrote nothing since.)
        int persist = 1;
        sqlite3_file_control(m_db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
        sqlite3_exec(m_db, "PRAGMA journal_size_limit = -1", nullptr, nullptr, nullptr);
    }
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

} // namespace meshlens::freshbuild
