#pragma once

// Quality and freshness history is stored in chunks: one row holds every observation of one
// series (a check on an entity, or an entity's freshness) in one period of time, packed into
// a BLOB. A history row per observation cost SQLite ~5000 instructions each (the bulk of a
// first import); a chunk holds ~14 of them on a typical daily history. Internal to
// models/cache.

#include "mesh/meshtypes.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace meshlens::history {

/// The period of an observation time: periods are 2^32 ms (~50 days) long and ordered like
/// the times in them. Period 0 holds only time 0 ("not known"), so a chunk's first time is 0
/// only when all of its times are.
constexpr qint64 periodOf(Timestamp at)
{
    return at > 0 ? ((at - 1) >> 32) + 1 : (at >> 32);
}

struct QualityObservation {
    Timestamp at = 0;
    HealthState state = HealthState::Unknown;
    double value = 0;
    std::string message; // UTF-8, empty for none
    qint64 source = 0;
};

struct FreshnessObservation {
    Timestamp at = 0;
    Timestamp dataTime = 0;
    qint64 source = 0;
};

/// Observations in ascending time order with distinct times (what a chunk holds).
void encode(const std::vector<QualityObservation> &observations, std::string &out);
void encode(const std::vector<FreshnessObservation> &observations, std::string &out);

/// Appends the chunk's observations to `out`; false when the blob is damaged.
bool decode(std::string_view blob, std::vector<QualityObservation> &out);
bool decode(std::string_view blob, std::vector<FreshnessObservation> &out);

/// The latest observation at or before `t`: its state / data time. False when there is none
/// (or the blob is damaged). `count` (may be null) receives how many are at or before `t`.
bool latestQualityAt(std::string_view blob, Timestamp t, HealthState *state, qint64 *count);
bool latestFreshnessAt(std::string_view blob, Timestamp t, Timestamp *dataTime, qint64 *count);

} // namespace meshlens::history
