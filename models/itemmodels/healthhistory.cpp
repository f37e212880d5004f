#include "healthhistory.h"

#include "cache/meshcache.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace meshlens {

QString HealthHistory::checkLabel(const QualityResult &result)
{
    return result.column.isEmpty() ? result.checkName
                                   : result.checkName + u" ("_s + result.column + u')';
}

QStringList HealthHistory::checkLabels() const
{
    QStringList labels;
    QSet<QString> seen;
    for (const QualityResult &r : quality) {
        const QString label = checkLabel(r);
        if (!seen.contains(label)) {
            seen.insert(label);
            labels << label;
        }
    }
    return labels;
}

std::vector<std::pair<Timestamp, double>> HealthHistory::lagHours() const
{
    std::vector<std::pair<Timestamp, double>> out;
    out.reserve(freshness.size());
    for (const FreshnessObservation &f : freshness) {
        if (f.dataTime > 0 && f.observedAt >= f.dataTime)
            out.emplace_back(f.observedAt, double(f.observedAt - f.dataTime) / 3'600'000.0);
    }
    return out;
}

Result<HealthHistory> loadHealthHistory(const QString &cachePath, const QString &key,
                                        qint64 freshnessSlaSeconds)
{
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadOnly);
    if (!cache)
        return cache.error();
    HealthHistory history;
    history.key = key;
    history.freshnessSlaSeconds = freshnessSlaSeconds;
    auto quality = cache.value()->qualityHistory(key);
    if (!quality)
        return quality.error();
    history.quality = std::move(quality.value());
    auto freshness = cache.value()->freshnessHistory(key);
    if (!freshness)
        return freshness.error();
    history.freshness = std::move(freshness.value());
    return history;
}

}  // namespace meshlens
