#include "sqlitestatement.h"

#include <QFile>

#include <utility>

namespace meshlens::sql {

Error error(sqlite3 *db, const QString &what)
{
    const QString reason
        = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
    return Error {what + u": " + reason};
}

Status exec(sqlite3 *db, const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString reason
            = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_free(message);
        return Error {
            QStringLiteral("SQLite failed (%1): %2").arg(QString::fromUtf8(sql).left(60), reason)};
    }
    return Done {};
}

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_db(other.m_db)
    , m_buffers(std::move(other.m_buffers))
    , m_encoder(std::move(other.m_encoder))
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = other.m_db;
        m_buffers = std::move(other.m_buffers);
        m_encoder = std::move(other.m_encoder);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Status Statement::prepare(sqlite3 *db, const char *sql)
{
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    m_db = db;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK)
        return error(
            db, QStringLiteral("Preparing \"%1\"").arg(QString::fromUtf8(sql).simplified()));
    m_buffers.assign(std::size_t(sqlite3_bind_parameter_count(m_stmt)) + 1, std::string());
    return Done {};
}

void Statement::bindText(int index, QStringView text, bool emptyIsNull)
{
    if (text.isEmpty()) {
        if (emptyIsNull)
            sqlite3_bind_null(m_stmt, index);
        else
            sqlite3_bind_text(m_stmt, index, "", 0, SQLITE_STATIC);
        return;
    }
    std::string &buffer = m_buffers[std::size_t(index)];
    const auto needed = std::size_t(m_encoder.requiredSpace(text.size()));
    if (buffer.size() < needed)
        buffer.resize(needed);
    char *end = m_encoder.appendToBuffer(buffer.data(), text);
    sqlite3_bind_text(m_stmt, index, buffer.data(), int(end - buffer.data()), SQLITE_STATIC);
}

Status Statement::run()
{
    const int rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return error(m_db, QStringLiteral("Writing to the cache failed"));
    return Done {};
}

Status attach(sqlite3 *db, const QString &path, const char *schema)
{
    const QByteArray sql = "ATTACH DATABASE '" + QFile::encodeName(path).replace('\'', "''")
        + "' AS " + schema;
    return exec(db, sql.constData());
}

Result<qint64> queryInt(sqlite3 *db, const char *sql, qint64 fallback)
{
    Statement stmt;
    if (Status s = stmt.prepare(db, sql); !s)
        return s.error();
    const int rc = stmt.step();
    if (rc == SQLITE_ROW)
        return stmt.columnIsNull(0) ? fallback : stmt.columnInt(0);
    if (rc == SQLITE_DONE)
        return fallback;
    return error(db, QStringLiteral("Reading the cache failed"));
}

Transaction::~Transaction()
{
    // Undoes everything of an unfinished batch: errors, cancels and early returns alike.
    if (m_open)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::begin()
{
    if (Status s = exec(m_db, "BEGIN IMMEDIATE"); !s)
        return s;
    m_open = true;
    return Done {};
}

Status Transaction::commit()
{
    if (Status s = exec(m_db, "COMMIT"); !s)
        return s;
    m_open = false;
    return Done {};
}

} // namespace meshlens::sql
