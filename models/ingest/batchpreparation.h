#pragma once

// What every batch goes through between its reader and the cache, whatever brought it (a
// file, a folder, a Marquez pull): the mapping file's namespace aliases and domain/product
// patterns, stub records for what it references, and the dataset aliases known so far (the
// cache's and those of earlier batches), so that a dataset named by an alias is written to
// its canonical node.

#include "datasetaliases.h"

namespace meshlens {

class MeshCache;
struct Mapping;

class BatchPreparation
{
public:
    /// Starts from the aliases `cache` holds; `mapping` is not owned and may be null.
    BatchPreparation(MeshCache &cache, const Mapping *mapping);

    /// Prepares a batch for writing; a batch with errors is left as it is (never written).
    void prepare(IngestBatch &batch);

    const DatasetAliases &aliases() const { return m_aliases; }

private:
    const Mapping *m_mapping = nullptr;
    DatasetAliases m_aliases;
};

}  // namespace meshlens
