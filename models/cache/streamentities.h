#pragma once

// The entity rows of a stream's first import (CacheWriter::Target::FreshStream), kept in
// memory until the stream ends. Internal to models/cache.
//
// A stream writes batch after batch into a new file that nobody reads before the end. An
// entity that comes again in a later batch (an OpenLineage dataset read by one event and
// written by another) was an UPDATE of its row in the file: at 100k events in batches of 50k,
// 58k of them, and twice as many with batches small enough to overlap reading and writing.
// Here it is a merge in memory by the same rules (StreamEntities::observe(), which mirrors
// the writer's UPDATE statement), and every row is inserted once, in id order, by
// finishStream(). A batch that fails is undone here as its transaction is in the file.

#include "mesh/chunkedvector.h"
#include "mesh/meshtypes.h"

#include <QString>

#include <vector>

namespace meshlens {

/// One entity row, with the columns of table `entity`. Ids of strings and entities are 0 for
/// NULL, as are removedAt and, for a name kept as text, nameBytes < 0.
struct EntityValues {
    qint64 id = 0;
    EntityKind kind = EntityKind::Dataset;
    QString key;
    qint64 nameBytes = -1; ///< >= 0: the name is the key's last nameBytes UTF-8 bytes
    QString name;          ///< the name as text when nameBytes < 0 (empty: NULL)
    QString description;   ///< empty: NULL
    qint64 owner = 0, parent = 0, detail = 0, datasetKind = 0;
    int direction = -1; ///< ports only; -1: NULL
    Timestamp firstSeen = 0, lastSeen = 0, removedAt = 0;
    qint64 source = 0;
    Placement placement = Placement::Default;
};

class StreamEntities {
public:
    /// Ids are given from `firstId` on, in the order rows are added.
    explicit StreamEntities(qint64 firstId = 1) : m_firstId(firstId) {}

    qint64 nextId() const { return m_firstId + qint64(m_rows.size()); }
    bool holds(qint64 id) const { return id >= m_firstId && id < nextId(); }
    const ChunkedVector<EntityValues> &rows() const { return m_rows; }

    /// A new entity, observed once: `values` as the first observation inserts it (its id is
    /// nextId()).
    void add(EntityValues values);
    /// A known entity observed again. `seen` carries the observation as the writer binds it
    /// to its UPDATE (time in lastSeen, the rest as for a new row): the row changes exactly as
    /// that statement would change it in the file.
    void observe(qint64 id, const EntityValues &seen);

    /// The batch ends: what it changed stays (commitBatch()) or goes (rollbackBatch()).
    void commitBatch();
    void rollbackBatch();

private:
    EntityValues &row(qint64 id) { return m_rows[std::size_t(id - m_firstId)]; }

    qint64 m_firstId;
    ChunkedVector<EntityValues> m_rows; // in blocks: rows never move, their memory is touched once
    // The batch's undo: rows as they were before its first change to them, and how many rows
    // there were when it began.
    std::vector<EntityValues> m_saved;
    std::vector<std::uint32_t> m_savedIn; // per row: the batch (1-based) that saved it last
    std::uint32_t m_batch = 1;
    std::size_t m_rowsBefore = 0;
};

} // namespace meshlens
