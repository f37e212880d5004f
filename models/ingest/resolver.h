#pragma once

#include "ingestbatch.h"

namespace meshlens {

/// Makes a batch ready for the cache: derives missing dataset keys from namespace and name
/// (the OpenLineage naming convention, "dataset:<namespace>/<name>"), and adds a record for
/// every dataset and job that lineage, ports, quality or freshness refer to but the batch
/// does not declare (sources such as OpenLineage declare datasets only by using them).
/// Records the resolver adds carry the batch's observation time.
void resolveBatch(IngestBatch &batch);

/// "dataset:" + namespace + "/" + name.
QString datasetKey(const QString &ns, const QString &name);
/// Splits a dataset key back into namespace and name; false when it is not a dataset key.
bool splitDatasetKey(const QString &key, QString *ns, QString *name);

}  // namespace meshlens
