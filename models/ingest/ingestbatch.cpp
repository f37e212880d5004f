#include "ingestbatch.h"

namespace meshlens {

qint64 IngestBatch::recordCount() const
{
    qint64 n = qint64(domains.size() + products.size() + ports.size() + datasets.size() + jobs.size()
                      + edges.size() + columnEdges.size() + quality.size() + freshness.size()
                      + contracts.size() + datasetAliases.size());
    for (const Dataset &d : datasets)
        n += qint64(d.facets.size());
    for (const Job &j : jobs)
        n += qint64(j.facets.size());
    for (const Port &p : ports)
        n += p.datasetKeys.size();
    return n;
}

void IngestBatch::clearForReuse()
{
    source = SourceRef();
    observedAt = 0;
    const auto empty = [](auto &... vectors) { (vectors.clear(), ...); };
    empty(domains, products, ports, datasets, jobs, edges, columnEdges, quality, freshness, contracts,
        datasetAliases);
    diagnostics.clear();
    lastOfInput = false;
}

}  // namespace meshlens
