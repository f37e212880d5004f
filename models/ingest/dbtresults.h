#pragma once

// Internal to the dbt reader: the companions of a manifest, read through it.

#include "dbtmanifest.h"

namespace meshlens::dbt {

/// run_results.json: test results become quality results of the tested datasets; model,
/// seed and snapshot runs a "dbt run" quality result and, when they succeeded, freshness.
void readRunResults(DbtDocument &doc, DbtManifest &manifest, IngestBatch &batch,
    DbtReadSummary &summary);

/// sources.json (`dbt source freshness`): freshness observations, a "freshness" quality
/// result and the SLA of each source's contract.
void readSourceFreshness(DbtDocument &doc, DbtManifest &manifest, IngestBatch &batch,
    DbtReadSummary &summary);

/// catalog.json: only checked for its shape. Its columns and types have no place in a batch
/// yet; when datasets carry columns, this is where they come from.
void validateCatalog(DbtDocument &doc);

} // namespace meshlens::dbt
