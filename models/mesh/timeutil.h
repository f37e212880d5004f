#pragma once

#include "meshtypes.h"

#include <string_view>

namespace meshlens {

/// Parses an ISO 8601 / RFC 3339 date-time ("2025-06-01T00:00:00Z",
/// "2025-06-01T00:00:00.123+02:00", "2025-06-01"). A time without zone is UTC.
/// Returns false on anything else. Fast path without allocation: used in ingest loops.
bool parseIsoTimestamp(std::string_view text, Timestamp *out);

/// Formats as "2025-06-01T00:00:00Z" (milliseconds appended when non-zero).
QString formatIsoTimestamp(Timestamp t);

/// Parses what a user types for --at: ISO 8601, "now", or a plain integer of epoch ms.
bool parseUserTimestamp(const QString &text, Timestamp *out);

Timestamp currentTimestamp();

}  // namespace meshlens
