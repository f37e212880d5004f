#include "ingestbatch.h"

namespace meshlens {

qint64 IngestBatch::recordCount() const
{
    qint64 n = qint64(domains.size() + products.size() + ports.size() + datasets.size() + jobs.size()
                      + edges.size() + columnEdges.size() + quality.size() + freshness.size()
                      + contracts.size());
    for (const Port &p : ports)
        n += p.datasetKeys.size();
    return n;
}

}  // namespace meshlens
