#include "cachewriter.h"

#include "cacheschema.h"
#include "mesh/timeutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScopeGuard>

namespace meshlens {

// Per-step timings of a write: QT_LOGGING_RULES="meshlens.cache.debug=true".
Q_LOGGING_CATEGORY(lcCacheWrite, "meshlens.cache", QtWarningMsg)

namespace {

// Rows between two polls of the cancel flag, and between two progress reports.
constexpr qint64 kCancelPollRows = 4096;
constexpr qint64 kProgressRows = 10000;
// Bulk writes: a batch with at least this many entities and edges, and no fewer than the
// cache already holds, checks foreign keys in one pass before commit instead of per row; if
// it also brings at least as many new entities as the cache has, it drops the secondary
// indexes and builds them again at the end (one sort beats a million random index inserts).
// Measured with callgrind on the SQLite Debian ships: per-row foreign key checks were ~40%
// of a bulk write's instructions, the final check costs about a fifth of that.
constexpr qint64 kBulkMinRows = 50000;

/// SQLite calls this every few thousand VM steps; non-zero interrupts the statement, so a
/// cancel also stops a long single statement (an index build).
int interruptOnCancel(void *flag)
{
    return static_cast<const std::atomic_bool *>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

} // namespace

CacheWriter::CacheWriter(sqlite3 *db, const IngestBatch &batch, const std::atomic_bool *cancel,
    const ProgressFn &progress)
    : m_db(db)
    , m_batch(batch)
    , m_cancel(cancel)
    , m_progress(progress)
{
}

Result<WriteSummary> CacheWriter::run()
{
    const IngestBatch &b = m_batch;
    m_total = b.recordCount();
    m_nextProgress = kProgressRows;
    const qint64 batchRows = qint64(b.domains.size() + b.products.size() + b.ports.size()
        + b.datasets.size() + b.jobs.size() + b.edges.size());
    // max(id) is an index lookup: cheap enough to decide before taking the write lock. The
    // decision only trades speed; the final check keeps the guarantee either way.
    Result<qint64> cacheRows = sql::queryInt(m_db,
        "SELECT coalesce((SELECT max(id) FROM entity), 0) + "
        "coalesce((SELECT max(id) FROM edge), 0)");
    if (!cacheRows)
        return cacheRows.error();
    m_deferredChecks = batchRows >= kBulkMinRows && batchRows >= cacheRows.value();

    // foreign_keys cannot change inside a transaction: switch it around the transaction and
    // always back on, whatever way this function returns.
    if (m_deferredChecks)
        sql::exec(m_db, "PRAGMA foreign_keys = OFF");
    const auto restoreForeignKeys = qScopeGuard([this] {
        if (m_deferredChecks)
            sql::exec(m_db, "PRAGMA foreign_keys = ON");
    });
    if (m_cancel)
        sqlite3_progress_handler(
            m_db, 10000, &interruptOnCancel, const_cast<std::atomic_bool *>(m_cancel));
    const auto removeHandler
        = qScopeGuard([this] { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); });

    sql::Transaction transaction(m_db); // declared after the guards: rolls back before they run
    if (Status s = transaction.begin(); !s)
        return Error {QStringLiteral("Cannot start writing to the cache: ") + s.errorMessage()};
    using Step = Status (CacheWriter::*)();
    static constexpr Step steps[] = {
        &CacheWriter::prepareEntities,
        &CacheWriter::prepareFacts,
        &CacheWriter::loadKnown,
        &CacheWriter::dropIndexesForBulk,
        &CacheWriter::writeSource,
        &CacheWriter::writeDomains,
        &CacheWriter::writeProducts,
        &CacheWriter::writeDatasets,
        &CacheWriter::writeJobs,
        &CacheWriter::writePorts,
        &CacheWriter::writeEdges,
        &CacheWriter::writeColumnEdges,
        &CacheWriter::writeQuality,
        &CacheWriter::writeFreshness,
        &CacheWriter::writeContracts,
        &CacheWriter::rebuildIndexes,
        &CacheWriter::checkReferences,
    };
    QElapsedTimer timer;
    timer.start();
    int index = 0;
    // A range-for, not steps[i]: GCC 12's UBSan miscompiles indexing an array of member
    // function pointers (a bogus out-of-bounds report, then a crash).
    for (const Step step : steps) {
        Status s = (this->*step)();
        if (s)
            s = flushInserts();
        if (!s) {
            // A cancel may surface as SQLite's "interrupted" from whichever statement ran.
            if (m_cancel && m_cancel->load())
                return cancelledError();
            return s.error();
        }
        qCDebug(lcCacheWrite, "write step %d: %lld ms, %lld rows so far", index++, timer.restart(),
            m_done);
    }
    if (Status s = transaction.commit(); !s)
        return Error {QStringLiteral("Cannot commit the batch to the cache: ") + s.errorMessage()};
    qCDebug(lcCacheWrite, "commit: %lld ms (bulk indexes %d, deferred checks %d)", timer.elapsed(),
        int(m_bulkIndexes), int(m_deferredChecks));
    // Insert-or-ignore tables count what was actually new.
    m_summary.columnEdgesAdded = m_columnEdges.inserted();
    m_summary.qualityAdded = m_quality.inserted();
    m_summary.freshnessAdded = m_freshness.inserted();
    m_summary.rowsWritten += m_portDatasets.inserted() + m_columnEdges.inserted()
        + m_quality.inserted() + m_freshness.inserted();
    if (m_progress)
        m_progress(m_total, m_total);
    return m_summary;
}

Status CacheWriter::flushInserts()
{
    for (sql::BulkInsert *insert :
        {&m_newEntities, &m_newEdges, &m_portDatasets, &m_columnEdges, &m_quality, &m_freshness}) {
        if (Status s = insert->flush(); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::loadKnown()
{
    const IngestBatch &b = m_batch;
    // Read inside the write transaction, so no other writer can change them under us.
    Result<qint64> entityCount = sql::queryInt(m_db, "SELECT count(*) FROM entity");
    Result<qint64> maxEntity = sql::queryInt(m_db, "SELECT max(id) FROM entity");
    Result<qint64> maxEdge = sql::queryInt(m_db, "SELECT max(id) FROM edge");
    Result<qint64> maxContract = sql::queryInt(m_db, "SELECT max(id) FROM contract");
    for (const Result<qint64> *r : {&entityCount, &maxEntity, &maxEdge, &maxContract}) {
        if (!*r)
            return r->error();
    }
    m_knownEntities = entityCount.value();
    m_nextEntityId = maxEntity.value() + 1;
    m_nextEdgeId = maxEdge.value() + 1;
    m_nextContractId = maxContract.value() + 1;

    m_entities.reserve(entityCount.value()
        + qint64(b.domains.size() + b.products.size() + b.ports.size() + b.datasets.size()
            + b.jobs.size()));
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db, "SELECT key, id, kind FROM entity"); !s)
        return s;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        m_entities.insert(stmt.columnString(0), {stmt.columnInt(1), EntityKind(stmt.columnInt(2))});
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the cache's entities failed"));

    if (m_nextEdgeId > 1) {
        if (Status s
            = stmt.prepare(m_db, "SELECT src_id, dst_id, coalesce(job_id, 0), id FROM edge");
            !s)
            return s;
        m_edges.reserve(m_nextEdgeId + qint64(b.edges.size()));
        while ((rc = stmt.step()) == SQLITE_ROW)
            m_edges.insert(
                {stmt.columnInt(0), stmt.columnInt(1), stmt.columnInt(2)}, stmt.columnInt(3));
        if (rc != SQLITE_DONE)
            return sql::error(m_db, QStringLiteral("Reading the cache's edges failed"));
    } else {
        m_edges.reserve(qint64(b.edges.size()));
    }

    if (Status s = stmt.prepare(m_db, "SELECT key, id FROM contract"); !s)
        return s;
    while ((rc = stmt.step()) == SQLITE_ROW)
        m_contracts.insert(stmt.columnString(0), stmt.columnInt(1));
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the cache's contracts failed"));
    return Done {};
}

Status CacheWriter::dropIndexesForBulk()
{
    // Worth it when the batch brings at least as many new entities as the cache has: then
    // sorting everything once is cheaper than inserting the new keys one by one. Counted
    // here, under the write lock, with the cache's keys loaded.
    const IngestBatch &b = m_batch;
    qint64 newEntities = 0;
    const auto countNew = [&](const auto &records) {
        for (const auto &record : records)
            newEntities += m_entities.contains(record.key) ? 0 : 1;
    };
    countNew(b.domains);
    countNew(b.products);
    countNew(b.ports);
    countNew(b.datasets);
    countNew(b.jobs);
    m_bulkIndexes = newEntities >= kBulkMinRows && newEntities >= m_knownEntities;
    if (!m_bulkIndexes)
        return Done {};
    // DDL is transactional in SQLite: a rollback brings the indexes back as they were.
    for (const cacheschema::IndexDef &index : cacheschema::secondaryIndexes()) {
        const std::string drop = std::string("DROP INDEX IF EXISTS ") + index.name;
        if (Status s = sql::exec(m_db, drop.c_str()); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::rebuildIndexes()
{
    if (!m_bulkIndexes)
        return Done {};
    for (const cacheschema::IndexDef &index : cacheschema::secondaryIndexes()) {
        if (sqlite3_exec(m_db, index.create, nullptr, nullptr, nullptr) != SQLITE_OK)
            return stepError(QStringLiteral("Building the cache's index %1 failed")
                                 .arg(QLatin1StringView(index.name)));
    }
    return Done {};
}

Status CacheWriter::checkReferences()
{
    if (!m_deferredChecks)
        return Done {};
    // The same guarantee as per-row enforcement: nothing that dangles is committed.
    sql::Statement check;
    if (Status s = check.prepare(m_db, "PRAGMA foreign_key_check"); !s)
        return s;
    const int rc = check.step();
    if (rc == SQLITE_DONE)
        return Done {};
    if (rc != SQLITE_ROW)
        return stepError(QStringLiteral("Checking the batch's references failed"));
    return Error {
        QStringLiteral("Cannot write the batch from %1: row %2 of table %3 refers to a missing row "
                       "of table %4")
            .arg(batchName())
            .arg(check.columnInt(1))
            .arg(check.columnString(0), check.columnString(2))};
}

Status CacheWriter::writeSource()
{
    // One row per (reader, file): re-ingesting a file updates its time instead of growing
    // the table, so writing the same batch twice leaves the same rows.
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db,
            "INSERT INTO source(name, file, ingested_at) VALUES(?1, ?2, ?3) "
            "ON CONFLICT(name, file) DO UPDATE SET ingested_at = excluded.ingested_at "
            "RETURNING id");
        !s)
        return s;
    stmt.bindText(1, m_batch.source.source, false);
    stmt.bindText(2, m_batch.source.file, false);
    stmt.bind(3, currentTimestamp());
    if (stmt.step() != SQLITE_ROW)
        return sql::error(m_db, QStringLiteral("Recording the batch's source failed"));
    m_sourceId = stmt.columnInt(0);
    return Done {};
}

Error CacheWriter::referenceError(
    const QString &owner, const QString &key, EntityKind wanted, bool anyKind) const
{
    const auto it = m_entities.constFind(key);
    if (it == m_entities.cend())
        return Error {QStringLiteral("Cannot write the batch from %1: %2 refers to %3 \"%4\", "
                                     "which is neither in the batch nor in the cache")
                          .arg(batchName(), owner,
                              anyKind ? QStringLiteral("entity") : entityKindName(wanted), key)};
    return Error {
        QStringLiteral("Cannot write the batch from %1: %2 refers to \"%3\" as a %4, "
                       "but it is a %5")
            .arg(batchName(), owner, key, entityKindName(wanted), entityKindName(it->kind))};
}

bool CacheWriter::tick()
{
    ++m_done;
    if (m_done % kCancelPollRows == 0 && m_cancel && m_cancel->load(std::memory_order_relaxed)) {
        m_cancelled = true;
        return false;
    }
    if (m_done >= m_nextProgress) {
        m_nextProgress += kProgressRows;
        if (m_progress)
            m_progress(m_done, m_total);
    }
    return true;
}

QString CacheWriter::batchName() const
{
    const SourceRef &source = m_batch.source;
    if (!source.file.isEmpty())
        return QDir::toNativeSeparators(source.file);
    return source.source.isEmpty() ? QStringLiteral("an unnamed source") : source.source;
}

Error CacheWriter::cancelledError() const
{
    return Error {
        QStringLiteral("Writing to the cache was cancelled; nothing of the batch from %1 was kept")
            .arg(batchName())};
}

Error CacheWriter::stepError(const QString &what) const
{
    if (m_cancelled || sqlite3_errcode(m_db) == SQLITE_INTERRUPT)
        return cancelledError();
    return sql::error(m_db, what);
}

} // namespace meshlens
