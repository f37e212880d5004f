#pragma once

// Other names of the same dataset (OpenLineage `symlinks`), applied across batches, files
// and ingests: readers record DatasetAlias entries in their batches, the cache keeps them
// (table dataset_alias), and before a batch is written every dataset key that is a known
// alias is replaced by its canonical key, so the dataset is one node whichever name a
// source used. Namespace-wide aliases are the mapping file's (mapping.h); these are per
// dataset.

#include "ingestbatch.h"

#include <QHash>

namespace meshlens {

class DatasetAliases
{
public:
    DatasetAliases() = default;
    /// Starts from what a cache already knows (MeshCache::datasetAliases()).
    explicit DatasetAliases(QHash<QString, QString> known) : m_aliases(std::move(known)) {}

    bool isEmpty() const { return m_aliases.isEmpty(); }
    qsizetype size() const { return m_aliases.size(); }

    /// The key a dataset key stands for: itself unless it is an alias (chains are followed).
    QString canonical(const QString &key) const;

    /// Learns the batch's own aliases (the first claim of an alias wins; an alias of the
    /// dataset itself is dropped), then rewrites every dataset key in the batch (datasets,
    /// edges, column edges, ports, quality, freshness, contracts) that is an alias. A
    /// rewritten dataset record takes the canonical namespace and name. Returns how many
    /// keys were rewritten; the batch is untouched when no alias is known.
    qint64 apply(IngestBatch &batch);

private:
    QHash<QString, QString> m_aliases;  ///< alias key -> canonical key
};

}  // namespace meshlens
