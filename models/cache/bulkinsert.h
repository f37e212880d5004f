#pragma once

// Multi-row INSERT for the cache writer's new rows. Internal to models/cache.

#include "sqlitestatement.h"

#include <QStringEncoder>

#include <map>
#include <string>
#include <vector>

namespace meshlens::sql {

/// Collects rows and inserts them `rowsPerStatement` at a time with one
/// "INSERT ... VALUES (...), (...), ..." statement. With the SQLite that Debian ships
/// (no lookaside allocator), opening and closing the statement's cursors is a large share
/// of a one-row INSERT; batching 64 rows cut the instructions per row by about a third.
/// Values are kept here until the statement runs, so the last, partial group can go
/// through a statement of its own size.
class BulkInsert {
public:
    /// `head` is "INSERT [OR IGNORE] INTO table(col, ...) VALUES" with `columns` columns;
    /// `tail`, when given, follows the rows (an upsert clause: "ON CONFLICT ...").
    Status prepare(sqlite3 *db, const char *head, int columns, int rowsPerStatement = 64,
        const char *tail = nullptr);

    // Values of the row being built; columns are 0-based.
    void setInt(int column, qint64 value) { cell(column).set(value); }
    void setIntOrNull(int column, qint64 value)
    {
        if (value)
            setInt(column, value);
        else
            setNull(column);
    }
    void setDouble(int column, double value);
    void setNull(int column) { cell(column).type = Cell::Null; }
    /// UTF-8 of `text`; NULL when it is empty and `emptyIsNull`.
    void setText(int column, QStringView text, bool emptyIsNull = true);
    /// Text that is UTF-8 already.
    void setUtf8(int column, std::string_view utf8)
    {
        Cell &c = cell(column);
        c.type = Cell::Text;
        c.text.assign(utf8);
    }
    /// The UTF-8 bytes set in `column` of the current row (empty unless text or a blob).
    std::string_view bytes(int column) { return cell(column).text; }
    void setBlob(int column, std::string_view bytes)
    {
        Cell &c = cell(column);
        c.type = Cell::Blob;
        c.text.assign(bytes);
    }

    /// Completes the row; runs a full statement once enough rows are waiting.
    Status endRow();
    /// Runs the rows still waiting (call before anything that must see them).
    Status flush();
    /// Drops the rows still waiting (after a rollback).
    void discard() { m_pending = 0; }
    /// Rows ended but not run yet: the last pending() rows ended.
    int pending() const { return m_pending; }
    /// Rows the executed statements inserted (fewer than ended with OR IGNORE).
    qint64 inserted() const { return m_inserted; }

private:
    struct Cell {
        enum Type : std::uint8_t { Null, Int, Double, Text, Blob } type = Null;
        qint64 integer = 0;
        double real = 0;
        std::string text; // text or blob bytes, reused between rows: no allocation once grown
        void set(qint64 value)
        {
            type = Int;
            integer = value;
        }
    };
    Cell &cell(int column) { return m_cells[std::size_t(m_pending * m_columns + column)]; }
    Status run(Statement &stmt, int rows);
    Status prepareFor(Statement &stmt, int rows);

    sqlite3 *m_db = nullptr;
    std::string m_head, m_tail;
    int m_columns = 0, m_rowsPerStatement = 0, m_pending = 0;
    qint64 m_inserted = 0;
    std::vector<Cell> m_cells; // rowsPerStatement x columns
    Statement m_full;
    std::map<int, Statement> m_partial; // by row count; at most one per phase in practice
    QStringEncoder m_encoder {QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};

} // namespace meshlens::sql
