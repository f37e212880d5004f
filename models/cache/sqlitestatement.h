#pragma once

// Thin RAII helpers over the SQLite C API for the cache's hot paths: a prepared statement
// that binds QStrings as UTF-8 without a heap allocation per value, and errors as values.

#include "mesh/result.h"

#include <QLoggingCategory>
#include <QString>
#include <QStringEncoder>

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

namespace meshlens {
/// Timings of the cache's writes and loads: QT_LOGGING_RULES="meshlens.cache.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCacheWrite)
} // namespace meshlens

namespace meshlens::sql {

/// "what: SQLite's message" for the last error on `db`.
Error error(sqlite3 *db, const QString &what);

/// Runs one or more statements that return no rows (schema, pragmas, BEGIN/COMMIT).
Status exec(sqlite3 *db, const char *sql);

/// ATTACH DATABASE of the file at `path` (quoted here) as `schema` on `db`.
Status attach(sqlite3 *db, const QString &path, const char *schema);

/// A column's text as UTF-8 bytes (empty for NULL), valid until the next step.
inline std::string_view columnText(sqlite3_stmt *stmt, int column)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
    return text ? std::string_view(text, std::size_t(sqlite3_column_bytes(stmt, column)))
                : std::string_view();
}

inline QString columnString(sqlite3_stmt *stmt, int column)
{
    const std::string_view text = columnText(stmt, column);
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/// A prepared statement, finalized on destruction. Text parameters are converted into
/// per-parameter buffers that live as long as the statement and are bound SQLITE_STATIC,
/// so binding a value costs one UTF-8 conversion and no allocation once the buffers have
/// grown (this is what keeps the bulk write near a million rows a second).
class Statement {
public:
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    ~Statement();

    /// Prepares `sql` (persistent: it is stepped many times).
    Status prepare(sqlite3 *db, const char *sql);
    bool isValid() const { return m_stmt != nullptr; }
    sqlite3_stmt *get() const { return m_stmt; }

    // Parameter indexes are 1-based, as in SQLite.
    void bind(int index, qint64 value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bindDouble(int index, double value) { sqlite3_bind_double(m_stmt, index, value); }
    void bindNull(int index) { sqlite3_bind_null(m_stmt, index); }
    /// Binds NULL when `value` is 0 (ids and times where 0 means "none").
    void bindOrNull(int index, qint64 value)
    {
        if (value)
            bind(index, value);
        else
            bindNull(index);
    }
    /// Binds the UTF-8 form of `text`; NULL when `text` is empty and `emptyIsNull`.
    void bindText(int index, QStringView text, bool emptyIsNull = true);
    /// Binds `bytes` as a BLOB without a copy: they must outlive the statement's next step.
    void bindBlob(int index, std::string_view bytes)
    {
        sqlite3_bind_blob(m_stmt, index, bytes.data(), int(bytes.size()), SQLITE_STATIC);
    }
    void bindUtf8(int index, std::string_view text)
    {
        sqlite3_bind_text(m_stmt, index, text.data(), int(text.size()), SQLITE_STATIC);
    }

    /// Steps once; SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(m_stmt); }
    /// Steps a statement that returns no rows and resets it for the next use.
    Status run();
    void reset() { sqlite3_reset(m_stmt); }

    qint64 columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
    bool columnIsNull(int column) const
    {
        return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
    }
    std::string_view columnText(int column) const { return sql::columnText(m_stmt, column); }
    /// A BLOB column's bytes (empty for NULL), valid until the next step or reset.
    std::string_view columnBlob(int column) const
    {
        const auto *bytes = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
        return bytes ? std::string_view(bytes, std::size_t(sqlite3_column_bytes(m_stmt, column)))
                     : std::string_view();
    }
    QString columnString(int column) const { return sql::columnString(m_stmt, column); }

private:
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_db = nullptr;
    std::vector<std::string> m_buffers; // one per parameter, reused across rows
    QStringEncoder m_encoder {QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};

/// Runs a query that returns one integer (COUNT, MAX, a pragma); `fallback` for no row/NULL.
Result<qint64> queryInt(sqlite3 *db, const char *sql, qint64 fallback = 0);

/// A transaction that rolls back unless committed (so every early return undoes the batch).
class Transaction {
public:
    explicit Transaction(sqlite3 *db)
        : m_db(db)
    {
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    /// BEGIN IMMEDIATE: takes the write lock now rather than failing halfway through.
    Status begin();
    Status commit();

private:
    sqlite3 *m_db;
    bool m_open = false;
};

} // namespace meshlens::sql
