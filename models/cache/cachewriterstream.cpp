// CacheWriter, a stream's first import (Target::FreshStream): the batches of one input,
// one after the other, into one new file that only this writer sees. What it knows (keys,
// edges, strings, contracts and their ids) stays in memory from batch to batch, secondary
// indexes are built once at the end, and nothing is read back from the file.

#include "cachewriter.h"

#include "keyhash.h"
#include "streambuild.h"

#include <QFile>
#include <QScopeGuard>
#include <QStringEncoder>

#include <string>
#include <thread>

namespace meshlens {

namespace {
int interruptStream(void *flag)
{
    return static_cast<const std::atomic_bool *>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

// The entity_key rows of `rows`, in that table's order: the hash of each key's UTF-8 (as the
// writer stores it, keyhash.h) and its id. None once `abort` is set (checked as it goes).
std::vector<cacheschema::EntityKeyRow> entityKeyRows(const ChunkedVector<EntityValues> &rows,
    const std::atomic_bool &abort)
{
    std::vector<cacheschema::EntityKeyRow> keys;
    keys.reserve(rows.size());
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    std::string utf8;
    for (const EntityValues &row : rows) {
        if (keys.size() % 16384 == 0 && abort.load(std::memory_order_relaxed))
            return {};
        keys.push_back({cachekey::hash(row.key, encoder, utf8), row.id});
    }
    if (abort.load(std::memory_order_relaxed))
        return {};
    cacheschema::sortEntityKeys(keys);
    return keys;
}

// A build file and the journal SQLite may have left beside it.
void removeBuildFile(const QString &path)
{
    for (const char *suffix : {"", "-journal"})
        QFile::remove(path + QLatin1StringView(suffix));
}
} // namespace

CacheWriter::~CacheWriter()
{
    dropEntityFile();
}

Status CacheWriter::startEntityFile(const QString &path)
{
    dropEntityFile();
    Result<sqlite3 *> created = createBuildFile(path);
    if (!created) {
        removeBuildFile(path);
        return created.error();
    }
    auto file = std::make_unique<EntityFile>();
    file->path = path;
    file->db = created.value();
    EntityFile *f = file.get();
    // A file that is dropped (a failed or cancelled batch, an abandoned stream) stops early.
    sqlite3_progress_handler(f->db, 10000, &interruptStream, &f->abort);
    const ChunkedVector<EntityValues> *rows = &m_streamEntities->rows();
    f->thread = std::thread([f, rows] {
        // The keys first, for finishStream() to insert into the stream's file while this
        // thread writes the rows here (copied in after).
        std::vector<cacheschema::EntityKeyRow> keys = entityKeyRows(*rows, f->abort);
        {
            std::lock_guard lock(f->keysMutex);
            f->keys = std::move(keys);
            f->keysDone = true;
        }
        f->keysChanged.notify_all();
        f->written = writeEntityFile(f->db, *rows);
        if (f->written && sqlite3_close(f->db) != SQLITE_OK)
            f->written = sql::error(f->db, QStringLiteral("Cannot finish the stream's entities"));
        else if (f->written)
            f->db = nullptr;
    });
    m_entityFile = std::move(file);
    return Done {};
}

Status CacheWriter::joinEntityFile()
{
    if (!m_entityFile)
        return Error {QStringLiteral("The stream's entities were not written")};
    if (m_entityFile->thread.joinable())
        m_entityFile->thread.join();
    sqlite3_close_v2(m_entityFile->db); // after a failure only
    m_entityFile->db = nullptr;
    return m_entityFile->written;
}

Status CacheWriter::insertStreamKeys()
{
    if (!m_entityFile)
        return Error {QStringLiteral("The stream's entities were not written")};
    EntityFile &f = *m_entityFile;
    std::vector<cacheschema::EntityKeyRow> keys;
    {
        std::unique_lock lock(f.keysMutex);
        f.keysChanged.wait(lock, [&] { return f.keysDone; });
        keys = std::move(f.keys);
    }
    if (keys.empty() && m_streamEntities && !m_streamEntities->rows().empty())
        return Error {QStringLiteral("The stream's entity keys were not computed: stopped")};
    QElapsedTimer timer;
    timer.start();
    Status s = cacheschema::insertEntityKeys(m_db, keys);
    qCDebug(lcCacheWrite, "stream keys added: %lld ms", timer.elapsed());
    return s;
}

void CacheWriter::dropEntityFile()
{
    if (!m_entityFile)
        return;
    m_entityFile->abort = true;
    joinEntityFile();
    removeBuildFile(m_entityFile->path);
    m_entityFile.reset();
}

Result<WriteSummary> CacheWriter::runStreamBatch(const IngestBatch &batch, const QString &lastEntitiesPath)
{
    // A batch after one that said it was the last: the file started then no longer holds.
    dropEntityFile();
    m_batch = &batch;
    m_streamSource = batch.source;
    m_summary = WriteSummary();
    m_done = 0;
    m_total = batch.recordCount();
    m_nextProgress = 10000;
    m_cancelled = false;
    m_deferredChecks = true;
    // The last batch's strings are gone: their addresses may come again for other text.
    m_entityByIdentity.clear();
    m_stringByIdentity.clear();
    if (m_streamBroken)
        return Error {QStringLiteral("The import of %1 stopped: a batch before could not be undone "
                                     "cleanly, so nothing more is written to the new cache")
                          .arg(batchName())};
    if (m_cancel)
        sqlite3_progress_handler(m_db, 10000, &interruptStream, const_cast<std::atomic_bool *>(m_cancel));
    const auto removeHandler = qScopeGuard([this] { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); });

    if (Status s = sql::exec(m_db, "BEGIN"); !s)
        return s.error();
    static constexpr Step first[] = {&CacheWriter::prepareEntities, &CacheWriter::prepareFacts,
        &CacheWriter::prepareFacets, &CacheWriter::loadKnown, &CacheWriter::dropIndexesForBulk};
    // Entities first: after them, nothing in the batch changes the stream's entity rows.
    static constexpr Step entitySteps[] = {&CacheWriter::writeSource, &CacheWriter::writeDomains,
        &CacheWriter::writeProducts, &CacheWriter::writeDatasets, &CacheWriter::writeJobs,
        &CacheWriter::writePorts};
    static constexpr Step factSteps[] = {&CacheWriter::writeEdges, &CacheWriter::writeColumnEdges,
        &CacheWriter::writeQuality, &CacheWriter::writeFreshness, &CacheWriter::writeContracts,
        &CacheWriter::writeFacets, &CacheWriter::writeAliases};
    QElapsedTimer timer;
    timer.start();
    const bool firstBatch = !m_streamStarted;
    Status s = firstBatch ? runSteps(first, timer) : Status(Done {});
    if (s && firstBatch) {
        m_streamStarted = true;
        m_streamEntities = std::make_unique<StreamEntities>(m_nextEntityId);
    }
    // Counted after the first steps, which prepare (and so reset) the inserts.
    const qint64 portRows = m_portDatasets.inserted(), columnRows = m_columnEdges.inserted();
    const qint64 aliasRows = m_aliases.inserted();
    if (s)
        s = runSteps(entitySteps, timer);
    // The last batch: its entity rows are final now (a file that cannot be started is
    // started again by finishStream(), which reports why).
    if (s && !lastEntitiesPath.isEmpty()) {
        if (startEntityFile(lastEntitiesPath))
            qCDebug(lcCacheWrite, "the stream's last batch: its entity file started");
    }
    if (s)
        s = runSteps(factSteps, timer);
    if (s) {
        s = sql::exec(m_db, "COMMIT");
        qCDebug(lcCacheWrite, "stream batch commit: %lld ms", timer.restart());
    }
    if (!s) {
        // This batch goes; the ones before stay. What the writer learnt from it goes too:
        // it reads back what the file holds (only on this path). An entity file started
        // from it goes first: it reads the rows about to be undone.
        dropEntityFile();
        sql::exec(m_db, "ROLLBACK");
        for (sql::BulkInsert *insert : {&m_newStrings, &m_newEntities, &m_newEdges, &m_portDatasets,
                 &m_columnEdges, &m_newQualityChunks, &m_newFreshnessChunks, &m_facets, &m_aliases})
            insert->discard();
        m_stringError.reset();
        m_entities.clear();
        m_entityByIdentity.clear();
        m_strings.clear();
        m_stringByIdentity.clear();
        m_edges.clear();
        m_contracts.clear();
        m_facetRows.clear();
        m_nextStringId = 1;
        if (firstBatch) {
            // The rollback also undid what the first steps did to the file (the indexes they
            // dropped): the next batch starts the stream again.
            m_streamStarted = false;
            m_streamEntities.reset();
            return s.error();
        }
        // The entities are not in the file yet: they come back from memory, whatever the
        // reload of the rest does.
        m_streamEntities->rollbackBatch();
        Status reload = loadKnown();
        if (reload)
            reload = loadFacetRows();
        m_entities.clear();
        for (const EntityValues &row : m_streamEntities->rows())
            m_entities.insert(row.key, {row.id, row.kind});
        m_nextEntityId = m_streamEntities->nextId();
        if (!reload) {
            // What the writer knows of the file is incomplete now: no more batches.
            m_streamBroken = true;
            return Error {s.errorMessage() + QStringLiteral("; then reading the new cache back failed: ")
                          + reload.errorMessage()};
        }
        return s.error();
    }
    m_streamEntities->commitBatch();
    // History chunks are in the file now: the next batch merges into them.
    m_qualityExisted = m_qualityExisted || m_summary.qualityAdded > 0 || m_newQualityChunks.inserted() > 0;
    m_freshnessExisted = m_freshnessExisted || m_summary.freshnessAdded > 0 || m_newFreshnessChunks.inserted() > 0;
    m_summary.columnEdgesAdded = m_columnEdges.inserted() - columnRows;
    m_summary.aliasesAdded = m_aliases.inserted() - aliasRows;
    m_summary.rowsWritten += m_portDatasets.inserted() - portRows + m_summary.columnEdgesAdded
        + m_summary.aliasesAdded;
    if (m_progress)
        m_progress(m_total, m_total);
    return m_summary;
}

Status CacheWriter::finishStream(const QString &entitiesPath)
{
    if (!m_streamStarted)
        return Done {};
    if (m_streamBroken)
        return Error {QStringLiteral("The import stopped after a batch that could not be undone "
                                     "cleanly; the cache is left as it was")};
    // The stream's batches are gone by now (the reader empties each once written): messages
    // name the last one's source, kept by runStreamBatch().
    m_batch = nullptr;
    QElapsedTimer timer;
    timer.start();
    // The entities into a file of their own on a second core (the reader's, idle now) while
    // this one builds the indexes: at 100k events both take ~0.1 s. Started by the last
    // batch already, when it knew it was the last.
    if (!m_entityFile) {
        if (Status s = startEntityFile(entitiesPath); !s)
            return s;
    }
    const auto removeEntities = qScopeGuard([&] { dropEntityFile(); });
    Status built = sql::exec(m_db, "BEGIN");
    if (built)
        built = rebuildIndexes();
    // The keys were hashed first over there: they go in here while the rows are written there.
    if (built)
        built = insertStreamKeys();
    if (built)
        built = sql::exec(m_db, "COMMIT");
    if (!built) {
        sql::exec(m_db, "ROLLBACK"); // also after a failed COMMIT: the transaction is still open
        m_entityFile->abort = true; // its rows are not wanted now: stop at the next check
    }
    const Status entitiesWritten = joinEntityFile();
    qCDebug(lcCacheWrite, "stream indexes and keys built, entities written alongside: %lld ms", timer.restart());
    if (!built)
        return built;
    if (!entitiesWritten)
        return entitiesWritten;

    // Append the entity table: empty here, the same columns there, so SQLite copies its
    // records as they are.
    if (Status s = sql::attach(m_db, m_entityFile->path, "streamed"); !s)
        return s;
    Status copied = sql::exec(m_db, "BEGIN; INSERT INTO main.entity SELECT * FROM streamed.entity");
    if (copied)
        copied = sql::exec(m_db, "COMMIT");
    if (!copied)
        sql::exec(m_db, "ROLLBACK");
    sql::exec(m_db, "DETACH DATABASE streamed");
    qCDebug(lcCacheWrite, "stream entities copied in: %lld ms", timer.elapsed());
    return copied;
}

std::shared_ptr<void> CacheWriter::takeMemory()
{
    struct Memory {
        decltype(m_entities) entities;
        decltype(m_streamEntities) streamEntities;
        decltype(m_entityByIdentity) entityByIdentity;
        decltype(m_strings) strings;
        decltype(m_stringByIdentity) stringByIdentity;
        decltype(m_edges) edges;
        decltype(m_facetRows) facetRows;
        decltype(m_streamChunks) streamChunks;
        decltype(m_newKeys) newKeys;
    };
    return std::make_shared<Memory>(Memory {std::move(m_entities), std::move(m_streamEntities),
        std::move(m_entityByIdentity), std::move(m_strings), std::move(m_stringByIdentity),
        std::move(m_edges), std::move(m_facetRows), std::move(m_streamChunks), std::move(m_newKeys)});
}

} // namespace meshlens
