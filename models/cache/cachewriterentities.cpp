// CacheWriter, entities: domains, products, datasets, jobs and ports (with the datasets
// each port exposes), inserted when new and updated by id when known.

#include "cachewriter.h"
#include "keyhash.h"

#include <cstring>
#include <string_view>

namespace meshlens {

namespace {

// New rows: a multi-row INSERT with ids assigned by the writer (the column list only;
// BulkInsert builds the VALUES part).
constexpr const char *kInsertEntity
    = "INSERT INTO entity(id, kind, key, name, description, owner_id, parent_id, detail_id, "
      "dataset_kind_id, direction, first_seen, last_seen, removed_at, source_id, placement) VALUES";
constexpr const char *kInsertString = "INSERT INTO string(id, text) VALUES";
constexpr int kEntityColumns = 15;
constexpr const char *kInsertPortDataset
    = "INSERT OR IGNORE INTO port_dataset(port_id, dataset_id) VALUES";

// A known entity seen again. The interval always widens; descriptive columns follow the
// observation only when it is not older than what the cache has (?2 = 0: time unknown,
// treated as current), and an empty value never wipes one another source supplied.
// A removal sets removed_at; any later observation clears it (the entity came back).
// The parent follows its placement rank first (Placement: ?12, the rank of ?6): a higher
// rank replaces the cache's parent, a lower one never does, an equal one when not older.
// No parent at all is below every rank (anything fills it); a NULL placement with a parent
// (rows written before schema 4) is explicit.
// SQLite evaluates every SET expression against the row as it was before the UPDATE.
#define MESHLENS_NEWER "(?2 = 0 OR ?2 >= last_seen)"
#define MESHLENS_PARENT_WINS                                                                   \
    "(?6 IS NOT NULL AND (?12 > (CASE WHEN parent_id IS NULL THEN -1 ELSE coalesce(placement, 2) END) " \
    "OR (?12 = coalesce(placement, 2) AND " MESHLENS_NEWER ")))"
constexpr const char *kUpdateEntity
    = "UPDATE entity SET "
      "name = CASE WHEN " MESHLENS_NEWER " THEN coalesce(?3, name) ELSE name END, "
      "description = CASE WHEN " MESHLENS_NEWER
      " THEN coalesce(?4, description) ELSE description END, "
      "owner_id = CASE WHEN " MESHLENS_NEWER " THEN coalesce(?5, owner_id) ELSE owner_id END, "
      "parent_id = CASE WHEN " MESHLENS_PARENT_WINS " THEN ?6 ELSE parent_id END, "
      "placement = CASE WHEN " MESHLENS_PARENT_WINS " THEN ?12 ELSE placement END, "
      "detail_id = CASE WHEN " MESHLENS_NEWER " THEN coalesce(?7, detail_id) ELSE detail_id END, "
      "dataset_kind_id = CASE WHEN " MESHLENS_NEWER
      " THEN coalesce(?8, dataset_kind_id) ELSE dataset_kind_id END, "
      "direction = CASE WHEN " MESHLENS_NEWER " THEN coalesce(?9, direction) ELSE direction END, "
      "source_id = CASE WHEN " MESHLENS_NEWER " THEN ?11 ELSE source_id END, "
      "first_seen = CASE WHEN ?2 = 0 THEN first_seen WHEN first_seen = 0 THEN ?2 "
      "                  ELSE min(first_seen, ?2) END, "
      "last_seen = max(last_seen, ?2), "
      "removed_at = CASE WHEN ?10 IS NOT NULL THEN ?10 "
      "                  WHEN removed_at IS NOT NULL AND ?2 > removed_at THEN NULL "
      "                  ELSE removed_at END "
      "WHERE id = ?1";
#undef MESHLENS_PARENT_WINS
#undef MESHLENS_NEWER

/// The batch's strings were made on the reader's core, most of them long enough ago to be out
/// of every cache by now, and writing a record starts with its key: hashed, its slot in the
/// key map read, the key found there compared. So while record `i` is written, the memory is
/// asked for what the next ones will read, each step a record before the one that needs it:
/// the key and name characters 4 ahead, the map slot 2 ahead (its hash needs those
/// characters), the key in that slot 1 ahead. Datasets at 100k OpenLineage events: 184 -> 135 ms.
template<typename Records> void prefetchEntities(const Records &records, std::size_t i, const EntityKeyMap &map)
{
    if (i + 4 < records.size()) {
        const auto &ahead = records[i + 4];
        const char *key = reinterpret_cast<const char *>(ahead.key.constData());
        __builtin_prefetch(key);
        __builtin_prefetch(key + 64);
        __builtin_prefetch(ahead.name.constData());
    }
    if (i + 2 < records.size())
        map.prefetchSlot(records[i + 2].key);
    if (i + 1 < records.size())
        map.prefetchKeyInSlot(records[i + 1].key);
}

QString describe(EntityKind kind, const QString &key)
{
    return entityKindName(kind) + u" \"" + key + u'"';
}

/// How the name column stores `name` (schema notes in cacheschema.cpp): the number of
/// UTF-8 bytes it takes at the end of `key` when it ends the key, else -1 (stored as text).
qint64 nameInKey(const QString &key, const QString &name)
{
    // The code units compared as they are (QString::endsWith() goes through Qt's general
    // comparison: ~5 % of a stream's write time).
    const qsizetype n = name.size();
    if (n == 0 || n >= key.size()
        || std::memcmp(key.constData() + (key.size() - n), name.constData(), std::size_t(n) * sizeof(QChar)) != 0)
        return -1;
    qint64 bytes = 0;
    for (const char16_t u : std::u16string_view(QStringView(name).utf16(), std::size_t(n))) {
        // A surrogate pair is 4 bytes in UTF-8: 2 for each half. (The key ends with the
        // whole name, so a lone trailing half cannot be split from its pair.)
        bytes += u < 0x80 ? 1 : u < 0x800 ? 2 : QChar::isSurrogate(u) ? 2 : 3;
    }
    return bytes;
}

} // namespace

Status CacheWriter::prepareEntities()
{
    if (Status s = m_newStrings.prepare(m_db, kInsertString, 2); !s)
        return s;
    if (Status s = m_newEntities.prepare(m_db, kInsertEntity, kEntityColumns); !s)
        return s;
    if (Status s = m_portDatasets.prepare(m_db, kInsertPortDataset, 2); !s)
        return s;
    return m_updateEntity.prepare(m_db, kUpdateEntity);
}

Status CacheWriter::writeEntity(
    const EntityBase &record, EntityKind kind, const EntityColumns &columns)
{
    if (!tick())
        return stepError({});
    if (record.key.isEmpty())
        return Error {
            QStringLiteral("Cannot write the batch from %1: a %2 record (\"%3\") has no key")
                .arg(batchName(), entityKindName(kind), record.name)};
    // The observation as the statements bind it (a new row's placement is set below).
    EntityValues seen;
    seen.kind = kind;
    seen.nameBytes = nameInKey(record.key, record.name);
    if (seen.nameBytes < 0)
        seen.name = record.name;
    seen.description = record.description;
    seen.owner = stringId(record.owner);
    seen.parent = columns.parent;
    seen.detail = stringId(columns.detail);
    seen.datasetKind = stringId(columns.datasetKind);
    seen.direction = columns.direction;
    seen.firstSeen = seen.lastSeen = timeOf(record.observedAt);
    seen.removedAt = record.removedAt;
    seen.source = m_sourceId;
    seen.placement = columns.placement;
    // One hash lookup for both cases: a new key gets its slot here and its id below.
    bool added = false;
    EntityRef &ref = m_entities.findOrAdd(record.key, &added);
    if (!added) {
        const EntityRef *known = &ref;
        if (known->kind != kind)
            return Error {
                QStringLiteral("Cannot write the batch from %1: \"%2\" comes as a %3, but it is "
                               "already a %4")
                    .arg(batchName(), record.key, entityKindName(kind),
                        entityKindName(known->kind))};
        ++m_summary.updated[int(kind)];
        ++m_summary.rowsWritten;
        if (!record.key.isDetached()) // the batch's edges and facts name it by this string
            m_entityByIdentity.insert(record.key, *known);
        if (m_streamEntities && m_streamEntities->holds(known->id)) {
            m_streamEntities->observe(known->id, seen);
            return Done {};
        }
        // The row may still wait in the multi-row insert (a key twice in one batch): ids
        // are given in insert order, so the waiting rows are the last ids given. A key from
        // an earlier batch (or written before in this one) does not cut the insert short.
        if (known->id >= m_nextEntityId - m_newEntities.pending()) {
            if (Status s = m_newEntities.flush(); !s)
                return s;
        }
        sql::Statement &stmt = m_updateEntity;
        stmt.bind(1, known->id);
        stmt.bind(2, seen.lastSeen);
        if (seen.nameBytes >= 0)
            stmt.bind(3, seen.nameBytes);
        else
            stmt.bindText(3, seen.name);
        stmt.bindText(4, seen.description);
        stmt.bindOrNull(5, seen.owner);
        stmt.bindOrNull(6, seen.parent);
        stmt.bindOrNull(7, seen.detail);
        stmt.bindOrNull(8, seen.datasetKind);
        if (seen.direction >= 0)
            stmt.bind(9, seen.direction);
        else
            stmt.bindNull(9);
        stmt.bindOrNull(10, seen.removedAt);
        stmt.bind(11, seen.source);
        stmt.bind(12, int(seen.placement));
        if (Status s = stmt.run(); !s)
            return Error {QStringLiteral("Writing %1 \"%2\" to the cache failed: %3")
                              .arg(entityKindName(kind), record.key, s.errorMessage())};
        return Done {};
    }

    const qint64 id = m_nextEntityId++;
    // Set before anything can fail: a failed write is rolled back and the map reloaded or
    // dropped with the writer, never left with an id-less key.
    ref = {id, kind};
    if (!record.key.isDetached()) // see resolve()
        m_entityByIdentity.insert(record.key, {id, kind});
    ++m_summary.added[int(kind)];
    ++m_summary.rowsWritten;
    seen.id = id;
    if (!seen.parent)
        seen.placement = Placement::Default;
    if (m_streamEntities) { // inserted by finishStream()
        seen.key = record.key;
        m_streamEntities->add(std::move(seen));
        return Done {};
    }
    if (Status s = appendEntityRow(m_newEntities, seen, record.key, &m_newKeys); !s)
        return Error {QStringLiteral("Writing %1s to the cache failed: %2")
                          .arg(entityKindName(kind), s.errorMessage())};
    return Done {};
}

Status CacheWriter::appendEntityRow(sql::BulkInsert &row, const EntityValues &v, const QString &key,
    std::vector<cacheschema::EntityKeyRow> *keys)
{
    row.setInt(0, v.id);
    row.setInt(1, int(v.kind));
    row.setText(2, key, false);
    if (v.nameBytes >= 0)
        row.setInt(3, v.nameBytes);
    else
        row.setText(3, v.name);
    row.setText(4, v.description);
    row.setIntOrNull(5, v.owner);
    row.setIntOrNull(6, v.parent);
    row.setIntOrNull(7, v.detail);
    row.setIntOrNull(8, v.datasetKind);
    if (v.direction >= 0)
        row.setInt(9, v.direction);
    else
        row.setNull(9);
    row.setInt(10, v.firstSeen);
    row.setInt(11, v.lastSeen);
    row.setIntOrNull(12, v.removedAt);
    row.setInt(13, v.source);
    row.setInt(14, int(v.placement));
    if (keys)
        keys->push_back({cachekey::hash(row.bytes(2)), v.id});
    return row.endRow();
}

Status CacheWriter::writeEntityFile(sqlite3 *db, const ChunkedVector<EntityValues> &rows)
{
    sql::BulkInsert insert;
    if (Status s = insert.prepare(db, kInsertEntity, kEntityColumns); !s)
        return s;
    if (Status s = sql::exec(db, "BEGIN"); !s)
        return s;
    for (const EntityValues &row : rows) {
        if (Status s = appendEntityRow(insert, row, row.key, nullptr); !s)
            return s;
    }
    if (Status s = insert.flush(); !s)
        return s;
    return sql::exec(db, "COMMIT");
}

Status CacheWriter::writeEntityKeys()
{
    // (A stream's entities, and so their keys, are written by finishStream().)
    return cacheschema::insertEntityKeys(m_db, m_newKeys);
}

Status CacheWriter::writeDomains()
{
    for (const Domain &domain : m_batch->domains) {
        if (Status s = writeEntity(domain, EntityKind::Domain, {}); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeProducts()
{
    for (const Product &product : m_batch->products) {
        Result<qint64> domain = resolve(product.domainKey, EntityKind::Domain,
            [&] { return describe(EntityKind::Product, product.key); });
        if (!domain)
            return domain.error();
        if (Status s
            = writeEntity(product, EntityKind::Product,
                {domain.value(), product.tier, {}, -1, product.placement});
            !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeDatasets()
{
    const std::vector<Dataset> &datasets = m_batch->datasets;
    for (std::size_t i = 0; i < datasets.size(); ++i) {
        prefetchEntities(datasets, i, m_entities);
        const Dataset &dataset = datasets[i];
        Result<qint64> product = resolve(dataset.productKey, EntityKind::Product,
            [&] { return describe(EntityKind::Dataset, dataset.key); });
        if (!product)
            return product.error();
        if (Status s = writeEntity(dataset, EntityKind::Dataset,
                {product.value(), dataset.ns, dataset.datasetKind, -1, dataset.placement});
            !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writeJobs()
{
    const std::vector<Job> &jobs = m_batch->jobs;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        prefetchEntities(jobs, i, m_entities);
        const Job &job = jobs[i];
        Result<qint64> product = resolve(job.productKey, EntityKind::Product,
            [&] { return describe(EntityKind::Job, job.key); });
        if (!product)
            return product.error();
        if (Status s = writeEntity(job, EntityKind::Job, {product.value(), job.ns, {}, -1, job.placement}); !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writePorts()
{
    if (Status s = writePortEntities(); !s)
        return s;
    // New port rows wait in the multi-row insert; port_dataset refers to them, so they must
    // be in the table before the first port_dataset statement runs.
    if (Status s = m_newEntities.flush(); !s)
        return s;
    return writePortDatasets();
}

Status CacheWriter::writePortEntities()
{
    for (const Port &port : m_batch->ports) {
        Result<qint64> product = resolve(port.productKey, EntityKind::Product,
            [&] { return describe(EntityKind::Port, port.key); });
        if (!product)
            return product.error();
        if (Status s
            = writeEntity(port, EntityKind::Port, {product.value(), {}, {}, int(port.direction)});
            !s)
            return s;
    }
    return Done {};
}

Status CacheWriter::writePortDatasets()
{
    for (const Port &port : m_batch->ports) {
        const qint64 portId = m_entities.value(port.key).id;
        for (const QString &datasetKey : port.datasetKeys) {
            if (!tick())
                return stepError({});
            Result<qint64> dataset = resolve(datasetKey, EntityKind::Dataset,
                [&] { return describe(EntityKind::Port, port.key); });
            if (!dataset)
                return dataset.error();
            if (dataset.value() == 0)
                continue;
            m_portDatasets.setInt(0, portId);
            m_portDatasets.setInt(1, dataset.value());
            if (Status s = m_portDatasets.endRow(); !s)
                return s;
        }
    }
    return Done {};
}

} // namespace meshlens
