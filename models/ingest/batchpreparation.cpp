#include "batchpreparation.h"

#include "cache/meshcache.h"
#include "mapping.h"
#include "resolver.h"

namespace meshlens {

namespace {

DatasetAliases knownAliases(MeshCache &cache)
{
    Result<QHash<QString, QString>> known = cache.datasetAliases();
    return known ? DatasetAliases(std::move(known.value())) : DatasetAliases();
}

} // namespace

BatchPreparation::BatchPreparation(MeshCache &cache, const Mapping *mapping)
    : m_mapping(mapping)
    , m_aliases(knownAliases(cache))
{
}

void BatchPreparation::prepare(IngestBatch &batch)
{
    if (batch.hasErrors())
        return;
    if (m_mapping)
        applyMapping(*m_mapping, batch);
    resolveBatch(batch);
    if (!m_aliases.isEmpty() || !batch.datasetAliases.empty()) {
        if (m_aliases.apply(batch) > 0)
            resolveBatch(batch); // references now name the canonical datasets
    }
}

} // namespace meshlens
