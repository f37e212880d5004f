#pragma once

// The quality and freshness history of one node, shaped for the inspector's charts: which
// checks ran, each result in time, and how far behind the data was at each observation.

#include "mesh/meshtypes.h"
#include "mesh/result.h"

#include <QStringList>

#include <atomic>
#include <vector>

namespace meshlens {

struct HealthHistory {
    QString key;
    std::vector<QualityResult> quality;         ///< oldest first
    std::vector<FreshnessObservation> freshness;  ///< oldest first
    qint64 freshnessSlaSeconds = 0;

    /// Distinct "check" or "check (column)" labels in order of first appearance.
    QStringList checkLabels() const;
    /// The label index of one quality result (an index into checkLabels()).
    static QString checkLabel(const QualityResult &result);
    /// Per freshness observation: (observation time, hours the newest data was behind).
    std::vector<std::pair<Timestamp, double>> lagHours() const;
    bool isEmpty() const { return quality.empty() && freshness.empty(); }
};

/// Reads a node's history from a cache, opened read-only for the call (safe on a worker
/// thread while the UI holds its own connection). An unknown key is an error naming both.
Result<HealthHistory> loadHealthHistory(const QString &cachePath, const QString &key,
                                        qint64 freshnessSlaSeconds);

}  // namespace meshlens
