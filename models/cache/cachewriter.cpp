#include "cachewriter.h"

#include "cacheschema.h"
#include "mesh/timeutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScopeGuard>

#include <chrono>
#include <ctime>
#include <memory>
#include <thread>

namespace meshlens {

// Per-step timings of a write: QT_LOGGING_RULES="meshlens.cache.debug=true".
Q_LOGGING_CATEGORY(lcCacheWrite, "meshlens.cache", QtWarningMsg)

namespace {

// Rows between two polls of the cancel flag, and between two progress reports.
constexpr qint64 kCancelPollRows = 4096;
constexpr qint64 kProgressRows = 10000;
// Bulk writes: a batch with at least this many entities and edges, and no fewer than the
// cache already holds, checks foreign keys in one pass before commit instead of per row (a
// new file also builds its secondary index once at the end: one sort beats a million random
// index inserts; in place there is none left to drop, see dropIndexesForBulk()). Measured
// with callgrind on the SQLite Debian ships: per-row foreign key checks were ~40% of a bulk
// write's instructions, the final check costs about a fifth of that.
constexpr qint64 kBulkMinRows = 50000;

/// SQLite calls this every few thousand VM steps; non-zero interrupts the statement, so a
/// cancel also stops a long single statement (an index build).
int interruptOnCancel(void *flag)
{
    return static_cast<const std::atomic_bool *>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

} // namespace

CacheWriter::CacheWriter(sqlite3 *db, const IngestBatch &batch, const std::atomic_bool *cancel,
    const ProgressFn &progress, Target target)
    : m_db(db)
    , m_batch(&batch)
    , m_cancel(cancel)
    , m_progress(progress)
    , m_target(target)
{
}

Result<WriteSummary> CacheWriter::run()
{
    const IngestBatch &b = *m_batch;
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
    m_deferredChecks = m_target == Target::FreshFile
        || (batchRows >= kBulkMinRows && batchRows >= cacheRows.value());

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
    static constexpr Step steps[] = {
        &CacheWriter::prepareEntities,
        &CacheWriter::prepareFacts,
        &CacheWriter::prepareFacets,
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
        &CacheWriter::writeFacets,
        &CacheWriter::writeAliases,
        &CacheWriter::writeEntityKeys,
        &CacheWriter::rebuildIndexes,
        &CacheWriter::checkReferences,
    };
    QElapsedTimer timer;
    timer.start();
    if (Status s = runSteps(steps, timer); !s)
        return s.error();
    if (Status s = transaction.commit(); !s)
        return Error {QStringLiteral("Cannot commit the batch to the cache: ") + s.errorMessage()};
    qCDebug(lcCacheWrite, "commit: %lld ms (bulk indexes %d, deferred checks %d)", timer.elapsed(),
        int(m_bulkIndexes), int(m_deferredChecks));
    // Insert-or-ignore tables count what was actually new (history counts as it merges).
    m_summary.columnEdgesAdded = m_columnEdges.inserted();
    if (m_facetUpsert)
        m_summary.facetsWritten += m_facets.inserted();
    m_summary.aliasesAdded = m_aliases.inserted();
    m_summary.rowsWritten += m_portDatasets.inserted() + m_columnEdges.inserted()
        + (m_facetUpsert ? m_facets.inserted() : 0) + m_aliases.inserted();
    if (m_progress)
        m_progress(m_total, m_total);
    return m_summary;
}

Status CacheWriter::runSteps(std::span<const Step> steps, QElapsedTimer &timer)
{
    // A range-for, not steps[i]: GCC 12's UBSan miscompiles indexing an array of member
    // function pointers (a bogus out-of-bounds report, then a crash).
    const auto threadCpuMs = [] {
        timespec cpu {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
        return qint64(cpu.tv_sec) * 1000 + cpu.tv_nsec / 1000000;
    };
    const bool debug = lcCacheWrite().isDebugEnabled();
    qint64 cpuMs = debug ? threadCpuMs() : 0;
    for (const Step &step : steps) {
        Status s = (this->*step)();
        if (s)
            s = flushInserts();
        if (!s) {
            // A cancel may surface as SQLite's "interrupted" from whichever statement ran.
            if (m_cancel && m_cancel->load())
                return cancelledError();
            return s.error();
        }
        if (debug) {
            // Thread CPU time too: on a shared machine the wall time says little.
            const qint64 now = threadCpuMs();
            qCDebug(lcCacheWrite, "%s step %d: %lld ms (thread cpu %lld ms), %lld rows so far",
                m_target == Target::FreshFacts ? "facts" : "write", int(&step - steps.data()),
                timer.restart(), now - cpuMs, m_done);
            cpuMs = now;
        }
    }
    return Done {};
}

Result<WriteSummary> CacheWriter::runFresh(sqlite3 *factsDb, const QString &factsPath)
{
    // Both files are new and nobody else's: no journal, no foreign key enforcement (see
    // checkReferences()), transactions only group the work.
    m_total = m_batch->recordCount();
    m_nextProgress = kProgressRows;
    m_deferredChecks = true;
    if (m_cancel) {
        for (sqlite3 *db : {m_db, factsDb})
            sqlite3_progress_handler(
                db, 10000, &interruptOnCancel, const_cast<std::atomic_bool *>(m_cancel));
    }
    // The facts writer: created once the ids are known, below. Whatever way this function
    // returns, it has stopped and its connection is closed by then (the caller removes its
    // file).
    std::atomic<qint64> factsDone {0};
    std::atomic_bool abort {false}, factsFinished {false};
    std::unique_ptr<CacheWriter> facts;
    Result<WriteSummary> factsResult = Error {};
    std::thread thread; // declared after everything it uses: joined (below) before they go
    const auto stopFacts = qScopeGuard([&] {
        if (thread.joinable()) {
            abort = true;
            sqlite3_interrupt(factsDb);
            thread.join();
        }
        facts.reset();
        sqlite3_close_v2(factsDb);
    });

    QElapsedTimer timer;
    timer.start();
    if (Status s = sql::exec(m_db, "BEGIN"); !s)
        return s.error();
    static constexpr Step entities[] = {&CacheWriter::prepareEntities,
        &CacheWriter::prepareFacts, &CacheWriter::prepareFacets, &CacheWriter::loadKnown,
        &CacheWriter::dropIndexesForBulk, &CacheWriter::writeSource, &CacheWriter::writeDomains,
        &CacheWriter::writeProducts, &CacheWriter::writeDatasets, &CacheWriter::writeJobs,
        &CacheWriter::writePortEntities, &CacheWriter::internFacetNames};
    if (Status s = runSteps(entities, timer); !s)
        return s.error();

    // Every entity has its id now. The facts writer gets the maps as implicitly shared
    // copies, which from here on are only read on this side: the steps below add no entity
    // and no string. (It adds the strings of quality checks, with the next ids, to its own
    // file; they are copied in with its tables.)
    static const ProgressFn noProgress; // it outlives the facts writer, which keeps a reference
    facts = std::make_unique<CacheWriter>(
        factsDb, *m_batch, m_cancel, noProgress, Target::FreshFacts);
    facts->m_entities = m_entities;
    facts->m_strings = m_strings;
    facts->m_nextStringId = m_nextStringId;
    facts->m_sourceId = m_sourceId;
    facts->m_factsDone = &factsDone;
    facts->m_abort = &abort;
    thread = std::thread([&] {
        factsResult = facts->runFacts();
        factsFinished = true;
    });
    m_factsDone = &factsDone;

    // The new keys are all known: sorted for entity_key on a thread of their own meanwhile
    // (~0.15 s at 1M datasets), joined before they are written, or before any return.
    std::thread keySorter([this] { cacheschema::sortEntityKeys(m_newKeys); });
    const auto joinSorter = qScopeGuard([&] {
        if (keySorter.joinable())
            keySorter.join();
    });
    // Facets here too: with their names' string ids given above, they add no string.
    static constexpr Step lineage[] = {&CacheWriter::writeEdges, &CacheWriter::writeFacets,
        &CacheWriter::writeAliases};
    if (Status s = runSteps(lineage, timer); !s)
        return s.error();
    keySorter.join();
    static constexpr Step indexes[] = {&CacheWriter::writeEntityKeys, &CacheWriter::rebuildIndexes};
    if (Status s = runSteps(indexes, timer); !s)
        return s.error();
    if (Status s = sql::exec(m_db, "COMMIT"); !s)
        return s.error();
    qCDebug(lcCacheWrite, "commit: %lld ms", timer.restart());
    while (!factsFinished) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const qint64 done = m_done + factsDone.load(std::memory_order_relaxed);
        if (m_progress && done >= m_nextProgress) {
            m_nextProgress = done + kProgressRows;
            m_progress(std::min(done, m_total), m_total);
        }
    }
    thread.join();
    qCDebug(lcCacheWrite, "waited for the facts writer: %lld ms", timer.restart());
    if (!factsResult)
        return factsResult.error();
    const WriteSummary factSummary = factsResult.value();
    facts.reset(); // finalizes its statements, so that its connection closes now
    if (sqlite3_close(factsDb) != SQLITE_OK)
        return sql::error(factsDb, QStringLiteral("Cannot finish the cache's lineage part"));
    factsDb = nullptr;

    // Append the facts writer's tables: each is empty here and has the same columns and
    // indexes there, so SQLite copies records as they are (INSERT ... SELECT * transfer).
    if (Status s = sql::attach(m_db, factsPath, "facts"); !s)
        return s.error();
    const auto detach = qScopeGuard([&] { sql::exec(m_db, "DETACH DATABASE facts"); });
    if (Status s = sql::exec(m_db,
            "BEGIN; "
            "INSERT INTO main.string SELECT * FROM facts.string; "
            "INSERT INTO main.port_dataset SELECT * FROM facts.port_dataset; "
            "INSERT INTO main.column_edge SELECT * FROM facts.column_edge; "
            "INSERT INTO main.quality SELECT * FROM facts.quality; "
            "INSERT INTO main.freshness SELECT * FROM facts.freshness; "
            "INSERT INTO main.contract SELECT * FROM facts.contract; "
            "COMMIT;");
        !s) {
        sql::exec(m_db, "ROLLBACK");
        if (m_cancel && m_cancel->load())
            return cancelledError();
        return s.error();
    }
    qCDebug(lcCacheWrite, "facts copied in: %lld ms", timer.restart());
    for (int k = 0; k < kEntityKindCount; ++k)
        m_summary.added[k] += factSummary.added[k];
    m_summary.edgesAdded += factSummary.edgesAdded;
    m_summary.edgesUpdated += factSummary.edgesUpdated;
    m_summary.columnEdgesAdded += factSummary.columnEdgesAdded;
    m_summary.qualityAdded += factSummary.qualityAdded;
    m_summary.freshnessAdded += factSummary.freshnessAdded;
    m_summary.contractsAdded += factSummary.contractsAdded;
    m_summary.rowsWritten += factSummary.rowsWritten;
    if (m_progress)
        m_progress(m_total, m_total);
    return m_summary;
}

Result<WriteSummary> CacheWriter::runFacts()
{
    m_deferredChecks = true;
    if (Status s = sql::exec(m_db, "BEGIN"); !s)
        return s.error();
    static constexpr Step steps[] = {&CacheWriter::prepareEntities, &CacheWriter::prepareFacts,
        &CacheWriter::writePortDatasets, &CacheWriter::writeColumnEdges,
        &CacheWriter::writeQuality, &CacheWriter::writeFreshness, &CacheWriter::writeContracts};
    QElapsedTimer timer;
    timer.start();
    if (Status s = runSteps(steps, timer); !s)
        return s.error();
    if (Status s = sql::exec(m_db, "COMMIT"); !s)
        return s.error();
    m_summary.columnEdgesAdded = m_columnEdges.inserted();
    m_summary.rowsWritten += m_portDatasets.inserted() + m_columnEdges.inserted();
    return m_summary;
}

Status CacheWriter::flushInserts()
{
    if (m_stringError)
        return *m_stringError;
    for (sql::BulkInsert *insert : {&m_newStrings, &m_newEntities, &m_newEdges, &m_portDatasets,
             &m_columnEdges, &m_newQualityChunks, &m_newFreshnessChunks, &m_facets, &m_aliases}) {
        if (Status s = insert->flush(); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::loadKnown()
{
    const IngestBatch &b = *m_batch;
    // Read inside the write transaction, so no other writer can change them under us.
    Result<qint64> entityCount = sql::queryInt(m_db, "SELECT count(*) FROM entity");
    Result<qint64> maxEntity = sql::queryInt(m_db, "SELECT max(id) FROM entity");
    Result<qint64> maxEdge = sql::queryInt(m_db, "SELECT max(id) FROM edge");
    Result<qint64> maxContract = sql::queryInt(m_db, "SELECT max(id) FROM contract");
    Result<qint64> maxFacet = sql::queryInt(m_db, "SELECT max(id) FROM facet");
    for (const Result<qint64> *r : {&entityCount, &maxEntity, &maxEdge, &maxContract, &maxFacet}) {
        if (!*r)
            return r->error();
    }
    m_nextFacetId = maxFacet.value() + 1;
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
    } else if (m_target != Target::FreshFile) { // a fresh file needs no edge map (writeEdges())
        m_edges.reserve(qint64(b.edges.size()));
    }

    if (Status s = stmt.prepare(m_db, "SELECT key, id FROM contract"); !s)
        return s;
    while ((rc = stmt.step()) == SQLITE_ROW)
        m_contracts.insert(stmt.columnString(0), stmt.columnInt(1));
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the cache's contracts failed"));

    if (Status s = stmt.prepare(m_db, "SELECT text, id FROM string"); !s)
        return s;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const qint64 id = stmt.columnInt(1);
        m_strings.insert(stmt.columnString(0), id);
        m_nextStringId = std::max(m_nextStringId, id + 1);
    }
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the cache's strings failed"));

    // History merges into the chunks the cache has; with none there is nothing to look up.
    Result<qint64> quality = sql::queryInt(m_db, "SELECT EXISTS(SELECT 1 FROM quality)");
    Result<qint64> freshness = sql::queryInt(m_db, "SELECT EXISTS(SELECT 1 FROM freshness)");
    if (!quality || !freshness)
        return !quality ? quality.error() : freshness.error();
    m_qualityExisted = quality.value() != 0;
    m_freshnessExisted = freshness.value() != 0;
    return Done {};
}

Status CacheWriter::dropIndexesForBulk()
{
    // A new file builds its secondary index (facet_key) once, after its rows. In place
    // there is none to drop: facets are upserted through it, and the edge index a large
    // in-place write used to drop and rebuild is gone (schema 6). The facts writer's file
    // only lends its tables, without secondary indexes.
    m_bulkIndexes = m_target == Target::FreshFile || m_target == Target::FreshStream;
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
    QElapsedTimer timer;
    timer.start();
    for (const cacheschema::IndexDef &index : cacheschema::secondaryIndexes()) {
        if (sqlite3_exec(m_db, index.create, nullptr, nullptr, nullptr) != SQLITE_OK)
            return stepError(QStringLiteral("Building the cache's index %1 failed")
                                 .arg(QLatin1StringView(index.name)));
        qCDebug(lcCacheWrite, "index %s: %lld ms", index.name, timer.restart());
    }
    return Done {};
}

Status CacheWriter::checkReferences()
{
    if (!m_deferredChecks)
        return Done {};
    // A fresh file holds only this batch, and every id the writer put in it came from its
    // in-memory maps, filled with the rows it inserted before: nothing can dangle, and the
    // check (~12% of a first import) would only confirm it. The tests run it on fresh files.
    if (m_target == Target::FreshFile)
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
    stmt.bindText(1, m_batch->source.source, false);
    stmt.bindText(2, m_batch->source.file, false);
    stmt.bind(3, currentTimestamp());
    if (stmt.step() != SQLITE_ROW)
        return sql::error(m_db, QStringLiteral("Recording the batch's source failed"));
    m_sourceId = stmt.columnInt(0);
    return Done {};
}

qint64 CacheWriter::stringId(const QString &text)
{
    if (text.isEmpty())
        return 0;
    if (const qint64 *known = m_stringByIdentity.find(text))
        return *known;
    const auto it = m_strings.constFind(text);
    if (it != m_strings.cend()) {
        if (!text.isDetached())
            m_stringByIdentity.insert(text, it.value());
        return it.value();
    }
    const qint64 id = m_nextStringId++;
    m_strings.insert(text, id);
    m_stringByIdentity.insert(text, id);
    m_newStrings.setInt(0, id);
    m_newStrings.setText(1, text, false);
    // A failed insert is kept and reported by the next flushInserts(): call sites stay
    // simple, and nothing commits before that.
    if (Status s = m_newStrings.endRow(); !s && !m_stringError)
        m_stringError = s.error();
    return id;
}

Error CacheWriter::referenceError(
    const QString &owner, const QString &key, EntityKind wanted, bool anyKind) const
{
    const EntityRef *known = m_entities.find(key);
    if (!known)
        return Error {QStringLiteral("Cannot write the batch from %1: %2 refers to %3 \"%4\", "
                                     "which is neither in the batch nor in the cache")
                          .arg(batchName(), owner,
                              anyKind ? QStringLiteral("entity") : entityKindName(wanted), key)};
    return Error {
        QStringLiteral("Cannot write the batch from %1: %2 refers to \"%3\" as a %4, "
                       "but it is a %5")
            .arg(batchName(), owner, key, entityKindName(wanted), entityKindName(known->kind))};
}

bool CacheWriter::tick()
{
    ++m_done;
    if (m_done % kCancelPollRows == 0) {
        if (m_target == Target::FreshFacts && m_factsDone)
            m_factsDone->store(m_done, std::memory_order_relaxed);
        if ((m_cancel && m_cancel->load(std::memory_order_relaxed))
            || (m_abort && m_abort->load(std::memory_order_relaxed))) {
            m_cancelled = true;
            return false;
        }
    }
    if (m_progress) {
        // With a facts writer running alongside, progress is both writers' rows.
        const qint64 done = m_done
            + (m_target == Target::FreshFile && m_factsDone
                    ? m_factsDone->load(std::memory_order_relaxed)
                    : 0);
        if (done >= m_nextProgress) {
            m_nextProgress = done + kProgressRows;
            m_progress(std::min(done, m_total), m_total);
        }
    }
    return true;
}

QString CacheWriter::batchName() const
{
    const SourceRef &source = m_batch ? m_batch->source : m_streamSource;
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
