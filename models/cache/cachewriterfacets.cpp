// CacheWriter, what a source said that MeshLens keeps without interpreting it: raw facets of
// datasets and jobs, and dataset aliases (other names of the same dataset).

#include "cachewriter.h"

namespace meshlens {

namespace {

// One row per entity and facet name; an observation at least as new replaces the stored one
// (the same batch twice leaves the same rows). In place the unique index does it (an upsert);
// in a new file, where that index is built at the end, the writer does (writeFacets()).
constexpr const char *kInsertFacet
    = "INSERT INTO facet(id, entity_id, name_id, observed_at, json, producer_id, schema_url_id, "
      "source_id) VALUES";
constexpr const char *kUpsertFacet
    = "ON CONFLICT(entity_id, name_id) DO UPDATE SET observed_at = excluded.observed_at, "
      "json = excluded.json, producer_id = excluded.producer_id, "
      "schema_url_id = excluded.schema_url_id, source_id = excluded.source_id "
      "WHERE excluded.observed_at >= facet.observed_at";
constexpr int kFacetColumns = 8;
constexpr const char *kUpdateFacet
    = "UPDATE facet SET observed_at = ?2, json = ?3, producer_id = ?4, schema_url_id = ?5, "
      "source_id = ?6 WHERE id = ?1";
// An alias belongs to the first dataset that claimed it.
constexpr const char *kInsertAlias
    = "INSERT INTO dataset_alias(alias, canonical, first_seen, source_id) VALUES";
constexpr const char *kKeepFirstAlias = "ON CONFLICT(alias) DO NOTHING";

} // namespace

Status CacheWriter::prepareFacets()
{
    m_facetUpsert = m_target == Target::InPlace;
    // 64 rows a statement, as the other inserts: with 16, the statement journal of a
    // 100k-event stream held 19k copies of the table's last leaf (facets step 176 -> 166 ms).
    if (Status s = m_facets.prepare(m_db, kInsertFacet, kFacetColumns, 64,
            m_facetUpsert ? kUpsertFacet : nullptr);
        !s)
        return s;
    if (Status s = m_updateFacet.prepare(m_db, kUpdateFacet); !s)
        return s;
    return m_aliases.prepare(m_db, kInsertAlias, 4, 64, kKeepFirstAlias);
}

Status CacheWriter::internFacetNames()
{
    const auto intern = [&](const RawFacet &facet) {
        stringId(facet.name);
        stringId(facet.producer);
        stringId(facet.schemaUrl);
    };
    for (const Dataset &d : m_batch->datasets)
        for (const RawFacet &facet : d.facets)
            intern(facet);
    for (const Job &j : m_batch->jobs)
        for (const RawFacet &facet : j.facets)
            intern(facet);
    return Done {};
}

Status CacheWriter::writeFacets()
{
    const auto write = [&](const auto &records, EntityKind kind) -> Status {
        for (const auto &record : records) {
            if (record.facets.empty())
                continue;
            Result<qint64> id = resolve(record.key, kind, [&] {
                return QStringLiteral("%1 \"%2\"").arg(entityKindName(kind), record.key);
            });
            if (!id)
                return id.error();
            for (const RawFacet &facet : record.facets) {
                if (!tick())
                    return stepError({});
                const qint64 name = stringId(facet.name);
                const qint64 producer = stringId(facet.producer);
                const qint64 schemaUrl = stringId(facet.schemaUrl);
                const Timestamp at = timeOf(facet.observedAt ? facet.observedAt : record.observedAt);
                const std::string_view json(facet.json.constData(), std::size_t(facet.json.size()));
                if (!m_facetUpsert) {
                    if (FacetRow *known = m_facetRows.find(id.value(), name)) {
                        if (at < known->at)
                            continue;  // older than what the file has
                        // The row may still wait in the multi-row insert (the last
                        // ids given).
                        if (known->id >= m_nextFacetId - m_facets.pending()) {
                            if (Status s = m_facets.flush(); !s)
                                return s;
                        }
                        m_updateFacet.bind(1, known->id);
                        m_updateFacet.bind(2, at);
                        m_updateFacet.bindUtf8(3, json);
                        m_updateFacet.bindOrNull(4, producer);
                        m_updateFacet.bindOrNull(5, schemaUrl);
                        m_updateFacet.bind(6, m_sourceId);
                        if (Status s = m_updateFacet.run(); !s)
                            return s;
                        known->at = at;
                        ++m_summary.facetsWritten;
                        ++m_summary.rowsWritten;
                        continue;
                    }
                    const qint64 row = m_nextFacetId++;
                    m_facetRows.insert(id.value(), name, {row, at});
                    m_facets.setInt(0, row);
                    ++m_summary.facetsWritten;
                    ++m_summary.rowsWritten;
                } else {
                    m_facets.setNull(0);
                }
                m_facets.setInt(1, id.value());
                m_facets.setInt(2, name);
                m_facets.setInt(3, at);
                m_facets.setUtf8(4, json);
                m_facets.setIntOrNull(5, producer);
                m_facets.setIntOrNull(6, schemaUrl);
                m_facets.setInt(7, m_sourceId);
                if (Status s = m_facets.endRow(); !s)
                    return Error {QStringLiteral("Writing the facet \"%1\" of \"%2\" failed: %3")
                                      .arg(facet.name, record.key, s.errorMessage())};
            }
        }
        return Done {};
    };
    if (Status s = write(m_batch->datasets, EntityKind::Dataset); !s)
        return s;
    return write(m_batch->jobs, EntityKind::Job);
}

Status CacheWriter::loadFacetRows()
{
    m_facetRows.clear();
    sql::Statement stmt;
    if (Status s = stmt.prepare(m_db, "SELECT entity_id, name_id, id, observed_at FROM facet"); !s)
        return s;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        m_facetRows.insert(stmt.columnInt(0), stmt.columnInt(1), {stmt.columnInt(2), stmt.columnInt(3)});
    if (rc != SQLITE_DONE)
        return sql::error(m_db, QStringLiteral("Reading the cache's facets failed"));
    return Done {};
}

Status CacheWriter::writeAliases()
{
    for (const DatasetAlias &alias : m_batch->datasetAliases) {
        if (!tick())
            return stepError({});
        if (alias.aliasKey.isEmpty() || alias.canonicalKey.isEmpty()
            || alias.aliasKey == alias.canonicalKey)
            continue;
        m_aliases.setText(0, alias.aliasKey, false);
        m_aliases.setText(1, alias.canonicalKey, false);
        m_aliases.setInt(2, timeOf(alias.observedAt));
        m_aliases.setInt(3, m_sourceId);
        if (Status s = m_aliases.endRow(); !s)
            return s;
    }
    return Done {};
}

} // namespace meshlens
