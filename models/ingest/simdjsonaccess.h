#pragma once

// Small accessors the simdjson DOM readers share (dbt, OpenLineage). Internal to
// models/ingest; quiet by design: for optional fields, where a missing or mistyped value is
// "not there", not an error (required fields get diagnostics in each reader).

#include <QString>

#include <simdjson.h>

#include <cstddef>
#include <limits>
#include <string_view>

namespace meshlens::jsonaccess {

inline QString fromUtf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

/// "an array", "an object", "a string", "a boolean", "null" or "a number": what a value is,
/// for "expected ..., found ..." messages.
inline QString typeName(simdjson::dom::element e)
{
    switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: return QStringLiteral("an array");
    case simdjson::dom::element_type::OBJECT: return QStringLiteral("an object");
    case simdjson::dom::element_type::STRING: return QStringLiteral("a string");
    case simdjson::dom::element_type::BOOL: return QStringLiteral("a boolean");
    case simdjson::dom::element_type::NULL_VALUE: return QStringLiteral("null");
    default: return QStringLiteral("a number");
    }
}

/// The string at `key`, or empty when absent, not a string or longer than `maxBytes`.
inline std::string_view stringAt(simdjson::dom::object o, std::string_view key,
                                 std::size_t maxBytes = std::numeric_limits<std::size_t>::max())
{
    std::string_view v;
    if (o[key].get_string().get(v) != simdjson::SUCCESS || v.size() > maxBytes)
        return {};
    return v;
}

/// The object at `key` into `out`; false when absent or not an object.
inline bool objectAt(simdjson::dom::object o, std::string_view key, simdjson::dom::object *out)
{
    return o[key].get_object().get(*out) == simdjson::SUCCESS;
}

}  // namespace meshlens::jsonaccess
