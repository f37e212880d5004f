#pragma once

#include "ingestbatch.h"

namespace meshlens {

/// Calls `fix(QString &key)` on every place a batch refers to a dataset by key: lineage and
/// column-lineage ends, port datasets, quality and freshness subjects, contract datasets.
/// Not the datasets' own keys nor the alias declarations: callers treat those themselves.
template <typename Fix>
void forEachDatasetReference(IngestBatch &batch, Fix &&fix)
{
    for (LineageEdge &e : batch.edges) {
        fix(e.fromKey);
        fix(e.toKey);
    }
    for (ColumnLineageEdge &e : batch.columnEdges) {
        fix(e.fromDatasetKey);
        fix(e.toDatasetKey);
    }
    for (Port &p : batch.ports) {
        for (QString &k : p.datasetKeys)
            fix(k);
    }
    for (QualityResult &q : batch.quality)
        fix(q.entityKey);
    for (FreshnessObservation &f : batch.freshness)
        fix(f.entityKey);
    for (Contract &c : batch.contracts)
        fix(c.datasetKey);
}

}  // namespace meshlens
