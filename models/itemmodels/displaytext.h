#pragma once

// How counts, durations and times read in the models' cells: one wording for the whole UI.

#include "mesh/meshtypes.h"

#include <QString>

namespace meshlens {

/// "1 product", "12 products", "40 datasets" (English plural of the kind's noun).
QString countText(qint64 count, EntityKind kind);
/// "45 s", "12 min", "3 h 20 min", "2 d 4 h": two units at most, for ages and SLAs.
QString durationText(qint64 seconds);
/// Singular noun of a kind in lower case: "domain", "product", "port", "dataset", "job".
QString kindNoun(EntityKind kind);
/// "2025-06-01 14:30 UTC" (seconds only when not zero); "—" for 0 (not known).
QString timeText(Timestamp t);
/// "Pass", "Warn", "Fail", "Unknown".
QString healthLabel(HealthState state);

}  // namespace meshlens
