#include "datasetaliases.h"
#include "datasetreferences.h"

#include "resolver.h"

namespace meshlens {

namespace {
// Aliases of aliases are followed this far: enough for any real chain, and a cycle (which
// the first-claim rule prevents anyway) cannot hang.
constexpr int kMaxChain = 8;
}  // namespace

QString DatasetAliases::canonical(const QString &key) const
{
    QString current = key;
    for (int i = 0; i < kMaxChain; ++i) {
        const auto it = m_aliases.constFind(current);
        if (it == m_aliases.cend() || it.value() == current)
            break;
        current = it.value();
    }
    return current;
}

qint64 DatasetAliases::apply(IngestBatch &batch)
{
    std::vector<DatasetAlias> kept;
    kept.reserve(batch.datasetAliases.size());
    for (DatasetAlias &alias : batch.datasetAliases) {
        const QString target = canonical(alias.canonicalKey);
        const QString name = canonical(alias.aliasKey);
        // Already the same node (or the alias is claimed by another): nothing new.
        if (name == target || m_aliases.contains(alias.aliasKey))
            continue;
        m_aliases.insert(alias.aliasKey, target);
        alias.canonicalKey = target;
        kept.push_back(std::move(alias));
    }
    batch.datasetAliases = std::move(kept);
    if (m_aliases.isEmpty())
        return 0;

    qint64 rewritten = 0;
    const auto fix = [&](QString &key) {
        if (key.isEmpty() || !m_aliases.contains(key))
            return false;
        key = canonical(key);
        ++rewritten;
        return true;
    };
    for (Dataset &d : batch.datasets) {
        if (fix(d.key))
            splitDatasetKey(d.key, &d.ns, &d.name);
    }
    forEachDatasetReference(batch, fix);
    return rewritten;
}

}  // namespace meshlens
