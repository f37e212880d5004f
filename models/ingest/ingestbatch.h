#pragma once

#include "diagnostic.h"
#include "mesh/meshtypes.h"

#include <vector>

namespace meshlens {

/// The normalised output of one reader for one input: plain records, the source they came
/// from, and what went wrong. A batch with errors is never written to the cache.
struct IngestBatch {
    SourceRef source;
    Timestamp observedAt = 0;  ///< default observation time for records that carry none

    std::vector<Domain> domains;
    std::vector<Product> products;
    std::vector<Port> ports;
    std::vector<Dataset> datasets;
    std::vector<Job> jobs;
    std::vector<LineageEdge> edges;
    std::vector<ColumnLineageEdge> columnEdges;
    std::vector<QualityResult> quality;
    std::vector<FreshnessObservation> freshness;
    std::vector<Contract> contracts;
    std::vector<DatasetAlias> datasetAliases;

    Diagnostics diagnostics;
    /// Set by a streaming reader on the last batch of its input, the one the input's end
    /// completed (the writer may then begin the input's end while writing it); false when it
    /// is not, or not known (a batch cut because it was full, even if nothing followed).
    bool lastOfInput = false;

    bool hasErrors() const { return meshlens::hasErrors(diagnostics); }
    /// Empties the batch for the next one but keeps its vectors' memory: a reader that fills
    /// batch after batch then writes into memory it has touched before, not into new pages.
    void clearForReuse();
    /// Number of records of every kind, raw facets included (what "rows" means in ingest
    /// rates).
    qint64 recordCount() const;
};

}  // namespace meshlens
