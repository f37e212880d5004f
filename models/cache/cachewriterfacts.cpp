// CacheWriter, facts that refer to entities rather than being one: lineage, column
// lineage, quality, freshness and contracts.

#include "cachewriter.h"

namespace meshlens {

namespace {

constexpr const char *kInsertEdge = "INSERT INTO edge(id, src_id, dst_id, job_id, first_seen, "
                                    "last_seen, removed_at, source_id) VALUES";
constexpr int kEdgeColumns = 8;
// History rows are facts at a time: the same fact twice is one row.
constexpr const char *kInsertColumnEdge
    = "INSERT OR IGNORE INTO column_edge(src_id, src_column, dst_id, dst_column, transformation, "
      "first_seen, source_id) VALUES";
constexpr const char *kInsertQuality
    = "INSERT OR IGNORE INTO quality(entity_id, check_name, column_name, observed_at, state, "
      "value, message, source_id) VALUES";
constexpr const char *kInsertFreshness
    = "INSERT OR IGNORE INTO freshness(entity_id, observed_at, data_time, source_id) VALUES";

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

} // namespace

Status CacheWriter::prepareFacts()
{
    const std::pair<sql::BulkInsert *, std::pair<const char *, int>> inserts[] = {
        {&m_newEdges, {kInsertEdge, kEdgeColumns}},
        {&m_columnEdges, {kInsertColumnEdge, 7}},
        {&m_quality, {kInsertQuality, 8}},
        {&m_freshness, {kInsertFreshness, 4}},
    };
    for (const auto &[insert, sql] : inserts) {
        if (Status s = insert->prepare(m_db, sql.first, sql.second); !s)
            return s;
    }
    const std::pair<sql::Statement *, const char *> statements[] = {
        {&m_updateEdge, kUpdateEdge},
        {&m_insertContract, kInsertContract},
        {&m_updateContract, kUpdateContract},
    };
    for (const auto &[statement, text] : statements) {
        if (Status s = statement->prepare(m_db, text); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeEdges()
{
    for (const LineageEdge &edge : m_batch.edges) {
        if (!tick())
            return stepError({});
        // Edge errors name the edge by its ends: it has no key of its own.
        const auto name = [&] {
            return quoted(QStringLiteral("lineage edge"), edge.fromKey + u" -> " + edge.toKey);
        };
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
        const Timestamp t = timeOf(edge.observedAt);
        const EdgeKey key {from.value(), to.value(), job.value()};
        auto it = m_edges.find(key);
        if (it == m_edges.end()) {
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
            m_edges.insert(key, id);
            ++m_summary.edgesAdded;
            ++m_summary.rowsWritten;
            if (Status s = row.endRow(); !s)
                return Error {QStringLiteral("Writing lineage edges to the cache failed: ")
                    + s.errorMessage()};
            continue;
        }
        // The edge may still wait in the multi-row insert (an edge twice in one batch).
        if (Status s = m_newEdges.flush(); !s)
            return s;
        m_updateEdge.bind(1, it.value());
        m_updateEdge.bind(2, t);
        m_updateEdge.bindOrNull(3, edge.removedAt);
        m_updateEdge.bind(4, m_sourceId);
        ++m_summary.edgesUpdated;
        if (Status s = m_updateEdge.run(); !s)
            return Error {
                QStringLiteral("Writing %1 to the cache failed: %2").arg(name(), s.errorMessage())};
        ++m_summary.rowsWritten;
    }
    return Done {};
}

Status CacheWriter::writeColumnEdges()
{
    for (const ColumnLineageEdge &edge : m_batch.columnEdges) {
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

Status CacheWriter::writeQuality()
{
    for (const QualityResult &result : m_batch.quality) {
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
        m_quality.setInt(0, entity.value());
        m_quality.setText(1, result.checkName, false);
        m_quality.setText(2, result.column, false);
        m_quality.setInt(3, timeOf(result.observedAt));
        m_quality.setInt(4, int(result.state));
        m_quality.setDouble(5, result.value);
        m_quality.setText(6, result.message);
        m_quality.setInt(7, m_sourceId);
        if (Status s = m_quality.endRow(); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeFreshness()
{
    for (const FreshnessObservation &observation : m_batch.freshness) {
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
        m_freshness.setInt(0, entity.value());
        m_freshness.setInt(1, timeOf(observation.observedAt));
        m_freshness.setInt(2, observation.dataTime);
        m_freshness.setInt(3, m_sourceId);
        if (Status s = m_freshness.endRow(); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeContracts()
{
    for (const Contract &contract : m_batch.contracts) {
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
