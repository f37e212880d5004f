#include "bulkinsert.h"

namespace meshlens::sql {

Status BulkInsert::prepare(
    sqlite3 *db, const char *head, int columns, int rowsPerStatement, const char *tail)
{
    m_db = db;
    m_head = head;
    m_tail = tail ? tail : "";
    m_columns = columns;
    m_rowsPerStatement = rowsPerStatement;
    m_pending = 0;
    m_inserted = 0;
    m_cells.assign(std::size_t(columns * rowsPerStatement), Cell());
    m_partial.clear();
    return prepareFor(m_full, rowsPerStatement);
}

Status BulkInsert::prepareFor(Statement &stmt, int rows)
{
    std::string row = "(";
    for (int c = 0; c < m_columns; ++c)
        row += c ? ",?" : "?";
    row += ')';
    std::string sql = m_head;
    sql.reserve(sql.size() + std::size_t(rows) * (row.size() + 1));
    for (int r = 0; r < rows; ++r) {
        sql += r ? "," : " ";
        sql += row;
    }
    if (!m_tail.empty())
        sql += ' ' + m_tail;
    return stmt.prepare(m_db, sql.c_str());
}

void BulkInsert::setDouble(int column, double value)
{
    Cell &c = cell(column);
    c.type = Cell::Double;
    c.real = value;
}

void BulkInsert::setText(int column, QStringView text, bool emptyIsNull)
{
    Cell &c = cell(column);
    if (text.isEmpty() && emptyIsNull) {
        c.type = Cell::Null;
        return;
    }
    c.type = Cell::Text;
    c.text.resize(std::size_t(m_encoder.requiredSpace(text.size())));
    char *end = m_encoder.appendToBuffer(c.text.data(), text);
    c.text.resize(std::size_t(end - c.text.data()));
}

Status BulkInsert::endRow()
{
    if (++m_pending < m_rowsPerStatement)
        return Done {};
    return run(m_full, m_pending);
}

Status BulkInsert::flush()
{
    if (m_pending == 0)
        return Done {};
    auto it = m_partial.find(m_pending);
    if (it == m_partial.end()) {
        it = m_partial.emplace(m_pending, Statement()).first;
        if (Status s = prepareFor(it->second, m_pending); !s)
            return s;
    }
    return run(it->second, m_pending);
}

Status BulkInsert::run(Statement &stmt, int rows)
{
    sqlite3_stmt *raw = stmt.get();
    const int count = rows * m_columns;
    for (int i = 0; i < count; ++i) {
        const Cell &c = m_cells[std::size_t(i)];
        switch (c.type) {
        case Cell::Null:
            sqlite3_bind_null(raw, i + 1);
            break;
        case Cell::Int:
            sqlite3_bind_int64(raw, i + 1, c.integer);
            break;
        case Cell::Double:
            sqlite3_bind_double(raw, i + 1, c.real);
            break;
        case Cell::Text:
            // The cell outlives the step: SQLITE_STATIC saves SQLite a copy.
            sqlite3_bind_text(raw, i + 1, c.text.data(), int(c.text.size()), SQLITE_STATIC);
            break;
        case Cell::Blob:
            sqlite3_bind_blob(raw, i + 1, c.text.data(), int(c.text.size()), SQLITE_STATIC);
            break;
        }
    }
    m_pending = 0;
    if (Status s = stmt.run(); !s)
        return s;
    m_inserted += sqlite3_changes(m_db);
    return Done {};
}

} // namespace meshlens::sql
