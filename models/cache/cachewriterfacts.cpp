// CacheWriter, facts that refer to entities rather than being one: lineage, column
// lineage, quality, freshness and contracts.

#include "cachewriter.h"

#include <algorithm>
#include <tuple>

namespace meshlens {

namespace {

constexpr const char *kInsertEdge = "INSERT INTO edge(id, src_id, dst_id, job_id, first_seen, "
                                    "last_seen, removed_at, source_id) VALUES";
constexpr int kEdgeColumns = 8;
// History rows are facts at a time: the same fact twice is one row.
constexpr const char *kInsertColumnEdge
    = "INSERT OR IGNORE INTO column_edge(src_id, src_column, dst_id, dst_column, transformation, "
      "first_seen, source_id) VALUES";
// History chunks (historychunks.h): new ones are inserted, known ones looked up by key,
// merged in memory and updated.
constexpr const char *kInsertQualityChunk
    = "INSERT INTO quality(entity_id, check_id, column_id, period, first_at, last_at, count, "
      "last_state, data) VALUES";
constexpr int kQualityChunkColumns = 9;
constexpr const char *kFindQualityChunk = "SELECT data FROM quality WHERE entity_id = ?1 AND "
                                          "check_id = ?2 AND column_id = ?3 AND period = ?4";
constexpr const char *kUpdateQualityChunk
    = "UPDATE quality SET first_at = ?5, last_at = ?6, count = ?7, last_state = ?8, data = ?9 "
      "WHERE entity_id = ?1 AND check_id = ?2 AND column_id = ?3 AND period = ?4";
constexpr const char *kInsertFreshnessChunk
    = "INSERT INTO freshness(entity_id, period, first_at, last_at, count, last_data_time, data) "
      "VALUES";
constexpr int kFreshnessChunkColumns = 7;
constexpr const char *kFindFreshnessChunk
    = "SELECT data FROM freshness WHERE entity_id = ?1 AND period = ?2";
constexpr const char *kUpdateFreshnessChunk
    = "UPDATE freshness SET first_at = ?3, last_at = ?4, count = ?5, last_data_time = ?6, "
      "data = ?7 WHERE entity_id = ?1 AND period = ?2";

// Known edges and contracts seen again: as for entities (cachewriterentities.cpp).
#define MESHLENS_NEWER "(?2 = 0 OR ?2 >= last_seen)"
constexpr const char *kUpdateEdge
    = "UPDATE edge SET "
      "source_id = CASE WHEN " MESHLENS_NEWER " THEN ?4 ELSE source_id END, "
      "first_seen = CASE WHEN ?2 = 0 THEN first_seen WHEN first_seen = 0 THEN ?2 "
      "                  ELSE min(first_seen, ?2) END, "
      "last_seen = max(last_seen, ?2), "
      "removed_at = CASE WHEN ?3 IS NOT NULL THEN ?3 "
      "                  WHEN removed_at IS NOT NULL AND ?2 > removed_at THEN NULL "
      "                  ELSE removed_at END "
      "WHERE id = ?1";

constexpr const char *kInsertContract
    = "INSERT INTO contract(id, key, product_id, dataset_id, freshness_sla_seconds, version, "
      "first_seen, last_seen, source_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)";
constexpr const char *kUpdateContract
    = "UPDATE contract SET "
      "product_id = CASE WHEN " MESHLENS_NEWER
      " THEN coalesce(?3, product_id) ELSE product_id END, "
      "dataset_id = CASE WHEN " MESHLENS_NEWER
      " THEN coalesce(?4, dataset_id) ELSE dataset_id END, "
      "freshness_sla_seconds = CASE WHEN " MESHLENS_NEWER
      " THEN ?5 ELSE freshness_sla_seconds END, "
      "version = CASE WHEN " MESHLENS_NEWER " THEN coalesce(?6, version) ELSE version END, "
      "source_id = CASE WHEN " MESHLENS_NEWER " THEN ?7 ELSE source_id END, "
      "first_seen = CASE WHEN ?2 = 0 THEN first_seen WHEN first_seen = 0 THEN ?2 "
      "                  ELSE min(first_seen, ?2) END, "
      "last_seen = max(last_seen, ?2) "
      "WHERE id = ?1";
#undef MESHLENS_NEWER

QString quoted(const QString &what, const QString &name)
{
    return what + u" \"" + name + u'"';
}

// Edges have no key of their own: messages name them by their ends.
QString edgeName(const LineageEdge &edge)
{
    return quoted(QStringLiteral("lineage edge"), edge.fromKey + u" -> " + edge.toKey);
}

} // namespace

Status CacheWriter::prepareFacts()
{
    const std::pair<sql::BulkInsert *, std::pair<const char *, int>> inserts[] = {
        {&m_newEdges, {kInsertEdge, kEdgeColumns}},
        {&m_columnEdges, {kInsertColumnEdge, 7}},
        {&m_newQualityChunks, {kInsertQualityChunk, kQualityChunkColumns}},
        {&m_newFreshnessChunks, {kInsertFreshnessChunk, kFreshnessChunkColumns}},
    };
    for (const auto &[insert, sql] : inserts) {
        if (Status s = insert->prepare(m_db, sql.first, sql.second); !s)
            return s;
    }
    const std::pair<sql::Statement *, const char *> statements[] = {
        {&m_updateEdge, kUpdateEdge},
        {&m_insertContract, kInsertContract},
        {&m_updateContract, kUpdateContract},
        {&m_findQualityChunk, kFindQualityChunk},
        {&m_updateQualityChunk, kUpdateQualityChunk},
        {&m_findFreshnessChunk, kFindFreshnessChunk},
        {&m_updateFreshnessChunk, kUpdateFreshnessChunk},
    };
    for (const auto &[statement, text] : statements) {
        if (Status s = statement->prepare(m_db, text); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeEdges()
{
    // Resolved first, in batch order (so the first bad edge is the one reported). In a new
    // file from one batch, then written in order of their ends: an edge that comes again
    // follows its first occurrence, so no map of the edges is needed (below). The sort is
    // stable: an edge that comes twice is inserted by its first occurrence and updated by
    // the later ones. (It also fed the edge index's build, which schema 6 dropped.)
    struct Pending {
        EdgeKey key;
        const LineageEdge *edge;
    };
    std::vector<Pending> pending;
    pending.reserve(m_batch->edges.size());
    for (const LineageEdge &edge : m_batch->edges) {
        const auto name = [&] { return edgeName(edge); };
        Result<qint64> from = resolve(edge.fromKey, EntityKind::Dataset, name);
        Result<qint64> to = resolve(edge.toKey, EntityKind::Dataset, name);
        Result<qint64> job = resolve(edge.jobKey, EntityKind::Job, name);
        for (const Result<qint64> *r : {&from, &to, &job}) {
            if (!*r)
                return r->error();
        }
        if (from.value() == 0 || to.value() == 0)
            return Error {QStringLiteral("Cannot write the batch from %1: %2 lacks an end")
                              .arg(batchName(), name())};
        pending.push_back({{from.value(), to.value(), job.value()}, &edge});
    }
    // A new file from one batch has no edges before this one: sorted by key, an edge that
    // comes again follows its first occurrence, so the last key is all there is to remember
    // (a map of 1.7M edges at 1M datasets cost ~0.2 s and its memory). Elsewhere the writer's
    // map of every edge in the file keeps them unique (CacheWriter::loadKnown()).
    const bool sortedFresh = m_target == Target::FreshFile;
    if (sortedFresh) {
        std::stable_sort(pending.begin(), pending.end(), [](const Pending &a, const Pending &b) {
            return std::tie(a.key.src, a.key.dst, a.key.job) < std::tie(b.key.src, b.key.dst, b.key.job);
        });
    }
    EdgeKey previous {0, 0, 0};
    qint64 previousId = 0;
    for (const Pending &p : pending) {
        if (!tick())
            return stepError({});
        const LineageEdge &edge = *p.edge;
        const EdgeKey &key = p.key;
        const Timestamp t = timeOf(edge.observedAt);
        qint64 knownId = 0;
        if (sortedFresh) {
            if (previousId && key == previous)
                knownId = previousId;
        } else if (const auto it = m_edges.constFind(key); it != m_edges.cend()) {
            knownId = it.value();
        }
        if (!knownId) {
            const qint64 id = m_nextEdgeId++;
            sql::BulkInsert &row = m_newEdges;
            row.setInt(0, id);
            row.setInt(1, key.src);
            row.setInt(2, key.dst);
            row.setIntOrNull(3, key.job);
            row.setInt(4, t);
            row.setInt(5, t);
            row.setIntOrNull(6, edge.removedAt);
            row.setInt(7, m_sourceId);
            if (sortedFresh) {
                previous = key;
                previousId = id;
            } else {
                m_edges.insert(key, id);
            }
            ++m_summary.edgesAdded;
            ++m_summary.rowsWritten;
            if (Status s = row.endRow(); !s)
                return Error {QStringLiteral("Writing lineage edges to the cache failed: ")
                    + s.errorMessage()};
            continue;
        }
        // The edge may still wait in the multi-row insert (an edge twice in one batch): the
        // waiting rows are the last ids given.
        if (knownId >= m_nextEdgeId - m_newEdges.pending()) {
            if (Status s = m_newEdges.flush(); !s)
                return s;
        }
        m_updateEdge.bind(1, knownId);
        m_updateEdge.bind(2, t);
        m_updateEdge.bindOrNull(3, edge.removedAt);
        m_updateEdge.bind(4, m_sourceId);
        ++m_summary.edgesUpdated;
        if (Status s = m_updateEdge.run(); !s)
            return Error {QStringLiteral("Writing %1 to the cache failed: %2")
                              .arg(edgeName(edge), s.errorMessage())};
        ++m_summary.rowsWritten;
    }
    return Done {};
}

Status CacheWriter::writeColumnEdges()
{
    for (const ColumnLineageEdge &edge : m_batch->columnEdges) {
        if (!tick())
            return stepError({});
        const auto name = [&] {
            return quoted(QStringLiteral("column lineage"),
                edge.fromDatasetKey + u'.' + edge.fromColumn + u" -> " + edge.toDatasetKey + u'.'
                    + edge.toColumn);
        };
        Result<qint64> from = resolve(edge.fromDatasetKey, EntityKind::Dataset, name);
        if (!from)
            return from.error();
        Result<qint64> to = resolve(edge.toDatasetKey, EntityKind::Dataset, name);
        if (!to)
            return to.error();
        if (from.value() == 0 || to.value() == 0)
            return Error {QStringLiteral("Cannot write the batch from %1: %2 lacks a dataset")
                              .arg(batchName(), name())};
        m_columnEdges.setInt(0, from.value());
        m_columnEdges.setText(1, edge.fromColumn, false);
        m_columnEdges.setInt(2, to.value());
        m_columnEdges.setText(3, edge.toColumn, false);
        m_columnEdges.setText(4, edge.transformation);
        m_columnEdges.setInt(5, timeOf(edge.observedAt));
        m_columnEdges.setInt(6, m_sourceId);
        if (Status s = m_columnEdges.endRow(); !s)
            return s;
    }
    return Done {};
}

namespace {

/// Merges `batch` (times ascending, distinct) into `cached` (the same) as insert-or-ignore
/// would: a time the cache has keeps the cache's observation. Returns how many were new.
template<typename Observation>
qsizetype mergeInto(const std::vector<Observation> &cached, const std::vector<Observation> &batch,
    std::vector<Observation> &merged)
{
    merged.clear();
    merged.reserve(cached.size() + batch.size());
    qsizetype added = 0;
    auto c = cached.begin();
    auto b = batch.begin();
    while (c != cached.end() || b != batch.end()) {
        if (b == batch.end() || (c != cached.end() && c->at <= b->at)) {
            if (b != batch.end() && b->at == c->at)
                ++b;
            merged.push_back(*c++);
        } else {
            merged.push_back(*b++);
            ++added;
        }
    }
    return added;
}

/// Calls `visit(begin, end)` once per series of history `items` (in batch order), with the
/// series' items in time order, equal times in batch order (so that the first of the batch
/// wins, as insert-or-ignore made it). Readers emit an entity's observations together (a
/// test run's checks of a dataset, day after day), so this sorts each entity's group, a few
/// dozen items, rather than every observation at once: ~3x fewer comparisons.
template<typename Item, typename Visit>
Status forEachSeries(const std::vector<Item> &items, std::vector<Item> &scratch, Visit visit)
{
    const auto before = [](const Item &a, const Item &b) {
        const auto x = a.seriesKey(), y = b.seriesKey();
        return x != y ? x < y : (a.at != b.at ? a.at < b.at : a.index < b.index);
    };
    std::vector<std::pair<std::size_t, std::size_t>> runs; // [first, last) of one entity
    for (std::size_t start = 0, i = 1; i <= items.size(); ++i) {
        if (i == items.size() || items[i].entity != items[i - 1].entity) {
            runs.emplace_back(start, i);
            start = i;
        }
    }
    const auto entityOrder = [&](const auto &a, const auto &b) {
        const qint64 x = items[a.first].entity, y = items[b.first].entity;
        return x != y ? x < y : a.first < b.first;
    };
    if (!std::is_sorted(runs.begin(), runs.end(), entityOrder))
        std::sort(runs.begin(), runs.end(), entityOrder);
    for (std::size_t r = 0; r < runs.size();) {
        std::size_t q = r + 1;
        while (q < runs.size() && items[runs[q].first].entity == items[runs[r].first].entity)
            ++q;
        const Item *begin = items.data() + runs[r].first;
        const Item *end = items.data() + runs[r].second;
        if (q > r + 1 || !std::is_sorted(begin, end, before)) {
            scratch.clear();
            for (std::size_t k = r; k < q; ++k)
                scratch.insert(scratch.end(), items.begin() + qsizetype(runs[k].first),
                    items.begin() + qsizetype(runs[k].second));
            std::sort(scratch.begin(), scratch.end(), before);
            begin = scratch.data();
            end = scratch.data() + scratch.size();
        }
        while (begin != end) {
            const Item *series = begin;
            while (series != end && series->sameSeries(*begin))
                ++series;
            if (Status s = visit(begin, series); !s)
                return s;
            begin = series;
        }
        r = q;
    }
    return Done {};
}

} // namespace

Status CacheWriter::writeQuality()
{
    const std::vector<QualityResult> &results = m_batch->quality;
    struct Item {
        qint64 entity, check, column;
        Timestamp at;
        std::size_t index;
        auto seriesKey() const { return std::make_tuple(entity, check, column); }
        bool sameSeries(const Item &o) const
        {
            return entity == o.entity && check == o.check && column == o.column;
        }
    };
    std::vector<Item> items, scratch;
    items.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        const QualityResult &result = results[i];
        if (!tick())
            return stepError({});
        Result<qint64> entity = resolve(
            result.entityKey, EntityKind::Dataset,
            [&] { return quoted(QStringLiteral("quality check"), result.checkName); }, true);
        if (!entity)
            return entity.error();
        if (entity.value() == 0)
            return Error {QStringLiteral(
                "Cannot write the batch from %1: quality check \"%2\" names no entity")
                              .arg(batchName(), result.checkName)};
        items.push_back({entity.value(), stringId(result.checkName), stringId(result.column),
            timeOf(result.observedAt), i});
    }
    // One chunk per series and period: its observations, a time twice kept once.
    return forEachSeries(items, scratch, [&](const Item *begin, const Item *end) -> Status {
        while (begin != end) {
            const qint64 period = history::periodOf(begin->at);
            m_qualityChunk.clear();
            const Item *it = begin;
            for (; it != end && history::periodOf(it->at) == period; ++it) {
                if (!m_qualityChunk.empty() && m_qualityChunk.back().at == it->at)
                    continue;
                const QualityResult &result = results[it->index];
                m_qualityChunk.push_back({it->at, result.state, result.value,
                    result.message.isEmpty() ? std::string() : result.message.toStdString(),
                    m_sourceId});
            }
            if (Status s = storeQualityChunk(begin->entity, begin->check, begin->column, period);
                !s)
                return s;
            begin = it;
        }
        return Done {};
    });
}

Status CacheWriter::storeQualityChunk(qint64 entity, qint64 check, qint64 column, qint64 period)
{
    const std::vector<history::QualityObservation> *chunk = &m_qualityChunk;
    qsizetype added = qsizetype(m_qualityChunk.size());
    bool known = false;
    const ChunkKey key {entity, check, column, period};
    if (mayHoldChunk(m_qualityExisted, key)) {
        sql::Statement &find = m_findQualityChunk;
        find.bind(1, entity);
        find.bind(2, check);
        find.bind(3, column);
        find.bind(4, period);
        const int rc = find.step();
        if (rc == SQLITE_ROW) {
            known = true;
            std::vector<history::QualityObservation> cached;
            const bool ok = history::decode(find.columnBlob(0), cached);
            find.reset();
            if (!ok)
                return Error {QStringLiteral("The cache's quality history of entity %1 is "
                                             "damaged; rebuild the cache from its sources")
                                  .arg(entity)};
            added = mergeInto(cached, m_qualityChunk, m_qualityMerged);
            if (added == 0)
                return Done {}; // every observation is in the cache already
            chunk = &m_qualityMerged;
        } else {
            find.reset();
            if (rc != SQLITE_DONE)
                return stepError(QStringLiteral("Reading the cache's quality history failed"));
        }
    }
    history::encode(*chunk, m_blob);
    const history::QualityObservation &last = chunk->back();
    if (known) {
        sql::Statement &update = m_updateQualityChunk;
        update.bind(1, entity);
        update.bind(2, check);
        update.bind(3, column);
        update.bind(4, period);
        update.bind(5, chunk->front().at);
        update.bind(6, last.at);
        update.bind(7, qint64(chunk->size()));
        update.bind(8, qint64(last.state));
        update.bindBlob(9, m_blob);
        if (Status s = update.run(); !s)
            return s;
    } else {
        noteChunk(key);
        sql::BulkInsert &row = m_newQualityChunks;
        row.setInt(0, entity);
        row.setInt(1, check);
        row.setInt(2, column);
        row.setInt(3, period);
        row.setInt(4, chunk->front().at);
        row.setInt(5, last.at);
        row.setInt(6, qint64(chunk->size()));
        row.setInt(7, qint64(last.state));
        row.setBlob(8, m_blob);
        if (Status s = row.endRow(); !s)
            return s;
    }
    m_summary.qualityAdded += added;
    m_summary.rowsWritten += added;
    return Done {};
}

Status CacheWriter::writeFreshness()
{
    const std::vector<FreshnessObservation> &observations = m_batch->freshness;
    struct Item {
        qint64 entity;
        Timestamp at;
        std::size_t index;
        qint64 seriesKey() const { return entity; }
        bool sameSeries(const Item &o) const { return entity == o.entity; }
    };
    std::vector<Item> items, scratch;
    items.reserve(observations.size());
    for (std::size_t i = 0; i < observations.size(); ++i) {
        const FreshnessObservation &observation = observations[i];
        if (!tick())
            return stepError({});
        Result<qint64> entity = resolve(
            observation.entityKey, EntityKind::Dataset,
            [] { return QStringLiteral("a freshness observation"); }, true);
        if (!entity)
            return entity.error();
        if (entity.value() == 0)
            return Error {QStringLiteral(
                "Cannot write the batch from %1: a freshness observation names no entity")
                              .arg(batchName())};
        items.push_back({entity.value(), timeOf(observation.observedAt), i});
    }
    return forEachSeries(items, scratch, [&](const Item *begin, const Item *end) -> Status {
        while (begin != end) {
            const qint64 period = history::periodOf(begin->at);
            m_freshnessChunk.clear();
            const Item *it = begin;
            for (; it != end && history::periodOf(it->at) == period; ++it) {
                if (!m_freshnessChunk.empty() && m_freshnessChunk.back().at == it->at)
                    continue;
                m_freshnessChunk.push_back(
                    {it->at, observations[it->index].dataTime, m_sourceId});
            }
            if (Status s = storeFreshnessChunk(begin->entity, period); !s)
                return s;
            begin = it;
        }
        return Done {};
    });
}

Status CacheWriter::storeFreshnessChunk(qint64 entity, qint64 period)
{
    const std::vector<history::FreshnessObservation> *chunk = &m_freshnessChunk;
    qsizetype added = qsizetype(m_freshnessChunk.size());
    bool known = false;
    const ChunkKey key {entity, -1, -1, period};
    if (mayHoldChunk(m_freshnessExisted, key)) {
        sql::Statement &find = m_findFreshnessChunk;
        find.bind(1, entity);
        find.bind(2, period);
        const int rc = find.step();
        if (rc == SQLITE_ROW) {
            known = true;
            std::vector<history::FreshnessObservation> cached;
            const bool ok = history::decode(find.columnBlob(0), cached);
            find.reset();
            if (!ok)
                return Error {QStringLiteral("The cache's freshness history of entity %1 is "
                                             "damaged; rebuild the cache from its sources")
                                  .arg(entity)};
            added = mergeInto(cached, m_freshnessChunk, m_freshnessMerged);
            if (added == 0)
                return Done {};
            chunk = &m_freshnessMerged;
        } else {
            find.reset();
            if (rc != SQLITE_DONE)
                return stepError(QStringLiteral("Reading the cache's freshness history failed"));
        }
    }
    history::encode(*chunk, m_blob);
    const history::FreshnessObservation &last = chunk->back();
    if (known) {
        sql::Statement &update = m_updateFreshnessChunk;
        update.bind(1, entity);
        update.bind(2, period);
        update.bind(3, chunk->front().at);
        update.bind(4, last.at);
        update.bind(5, qint64(chunk->size()));
        update.bind(6, last.dataTime);
        update.bindBlob(7, m_blob);
        if (Status s = update.run(); !s)
            return s;
    } else {
        noteChunk(key);
        sql::BulkInsert &row = m_newFreshnessChunks;
        row.setInt(0, entity);
        row.setInt(1, period);
        row.setInt(2, chunk->front().at);
        row.setInt(3, last.at);
        row.setInt(4, qint64(chunk->size()));
        row.setInt(5, last.dataTime);
        row.setBlob(6, m_blob);
        if (Status s = row.endRow(); !s)
            return s;
    }
    m_summary.freshnessAdded += added;
    m_summary.rowsWritten += added;
    return Done {};
}

Status CacheWriter::writeContracts()
{
    for (const Contract &contract : m_batch->contracts) {
        if (!tick())
            return stepError({});
        if (contract.key.isEmpty())
            return Error {
                QStringLiteral("Cannot write the batch from %1: a contract of \"%2\" has no key")
                    .arg(batchName(), contract.productKey)};
        const auto name = [&] { return quoted(QStringLiteral("contract"), contract.key); };
        Result<qint64> product = resolve(contract.productKey, EntityKind::Product, name);
        if (!product)
            return product.error();
        Result<qint64> dataset = resolve(contract.datasetKey, EntityKind::Dataset, name);
        if (!dataset)
            return dataset.error();
        const Timestamp t = timeOf(contract.observedAt);
        auto it = m_contracts.find(contract.key);
        sql::Statement *stmt;
        if (it == m_contracts.end()) {
            stmt = &m_insertContract;
            const qint64 id = m_nextContractId++;
            stmt->bind(1, id);
            stmt->bindText(2, contract.key, false);
            stmt->bindOrNull(3, product.value());
            stmt->bindOrNull(4, dataset.value());
            stmt->bind(5, contract.freshnessSlaSeconds);
            stmt->bindText(6, contract.version);
            stmt->bind(7, t);
            stmt->bind(8, m_sourceId);
            m_contracts.insert(contract.key, id);
            ++m_summary.contractsAdded;
        } else {
            stmt = &m_updateContract;
            stmt->bind(1, it.value());
            stmt->bind(2, t);
            stmt->bindOrNull(3, product.value());
            stmt->bindOrNull(4, dataset.value());
            stmt->bind(5, contract.freshnessSlaSeconds);
            stmt->bindText(6, contract.version);
            stmt->bind(7, m_sourceId);
        }
        if (Status s = stmt->run(); !s)
            return Error {QStringLiteral("Writing contract \"%1\" to the cache failed: %2")
                              .arg(contract.key, s.errorMessage())};
        ++m_summary.rowsWritten;
    }
    return Done {};
}

} // namespace meshlens
