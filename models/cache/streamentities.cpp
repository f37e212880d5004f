#include "streamentities.h"

#include <algorithm>

namespace meshlens {

void StreamEntities::add(EntityValues values)
{
    Q_ASSERT(values.id == nextId()); // the writer gives ids in the same order
    values.id = nextId();
    m_rows.push_back(std::move(values));
    m_savedIn.push_back(0);
}

void StreamEntities::observe(qint64 id, const EntityValues &seen)
{
    EntityValues &r = row(id);
    const std::size_t index = std::size_t(id - m_firstId);
    // A row this batch added goes whole on rollback; an older one is saved once per batch.
    if (index < m_rowsBefore && m_savedIn[index] != m_batch) {
        m_savedIn[index] = m_batch;
        m_saved.push_back(r);
    }
    // The UPDATE in cachewriterentities.cpp (kUpdateEntity), clause by clause. Every SET
    // expression there sees the row as it was before: so do these, through `old`.
    const Timestamp t = seen.lastSeen;
    const Timestamp oldLast = r.lastSeen, oldFirst = r.firstSeen, oldRemoved = r.removedAt;
    const qint64 oldParent = r.parent;
    const Placement oldPlacement = r.placement;
    const bool newer = t == 0 || t >= oldLast;
    if (newer) {
        // coalesce(?, column): a NULL observation keeps what the row has.
        if (seen.nameBytes >= 0) {
            r.nameBytes = seen.nameBytes;
            r.name.clear();
        } else if (!seen.name.isEmpty()) {
            r.nameBytes = -1;
            r.name = seen.name;
        }
        if (!seen.description.isEmpty())
            r.description = seen.description;
        if (seen.owner)
            r.owner = seen.owner;
        if (seen.detail)
            r.detail = seen.detail;
        if (seen.datasetKind)
            r.datasetKind = seen.datasetKind;
        if (seen.direction >= 0)
            r.direction = seen.direction;
        r.source = seen.source;
    }
    // The parent follows its placement's rank; no parent is below every rank.
    const int oldRank = oldParent == 0 ? -1 : int(oldPlacement);
    const bool parentWins = seen.parent != 0
        && (int(seen.placement) > oldRank || (seen.placement == oldPlacement && newer));
    if (parentWins) {
        r.parent = seen.parent;
        r.placement = seen.placement;
    }
    if (t != 0)
        r.firstSeen = oldFirst == 0 ? t : std::min(oldFirst, t);
    r.lastSeen = std::max(oldLast, t);
    if (seen.removedAt != 0)
        r.removedAt = seen.removedAt;
    else if (oldRemoved != 0 && t > oldRemoved)
        r.removedAt = 0; // seen after its removal: it came back
}

void StreamEntities::commitBatch()
{
    m_saved.clear();
    m_rowsBefore = m_rows.size();
    ++m_batch;
}

void StreamEntities::rollbackBatch()
{
    m_rows.truncate(m_rowsBefore);
    m_savedIn.resize(m_rowsBefore);
    // Saved once each, so the order does not matter.
    for (EntityValues &saved : m_saved)
        row(saved.id) = std::move(saved);
    m_saved.clear();
    ++m_batch;
}

} // namespace meshlens
