// JsonDocument's typed access to values: each wrong value becomes one diagnostic that says
// what was expected and what was found, at the value's path and position.
#include "jsondocument.h"

#include "mesh/timeutil.h"

using namespace Qt::StringLiterals;
using simdjson::dom::element;

namespace meshlens::json {
namespace {

// Avro's JSON encoding of an optional value: {"string": "x"} for "x".
element unwrapUnion(element v)
{
    simdjson::dom::object o;
    if (v.get_object().get(o) == simdjson::SUCCESS && o.size() == 1) {
        element inner;
        if (o["string"].get(inner) == simdjson::SUCCESS)
            return inner;
    }
    return v;
}

/// The member `key` of `o`: false when it is absent or null.
bool present(simdjson::dom::object o, std::string_view key, element *v)
{
    return o[key].get(*v) == simdjson::SUCCESS && !v->is_null();
}

} // namespace

bool JsonDocument::object(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, simdjson::dom::object *out, const char *expected)
{
    element v;
    if (!present(o, key, &v)) {
        if (required)
            error(w.member(key), u"missing (expected %1)"_s.arg(QLatin1StringView(expected)));
        return false;
    }
    return objectValue(v, w.member(key), out, expected);
}

bool JsonDocument::objectValue(element v, const Where &w, simdjson::dom::object *out,
    const char *expected)
{
    if (v.get_object().get(*out) == simdjson::SUCCESS)
        return true;
    error(w, u"expected %1, found %2"_s.arg(QLatin1StringView(expected), typeName(v)));
    return false;
}

bool JsonDocument::array(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, simdjson::dom::array *out, const char *expected)
{
    element v;
    if (!present(o, key, &v)) {
        if (required)
            error(w.member(key), u"missing (expected %1)"_s.arg(QLatin1StringView(expected)));
        return false;
    }
    if (v.get_array().get(*out) == simdjson::SUCCESS)
        return true;
    error(w.member(key), u"expected %1, found %2"_s.arg(QLatin1StringView(expected), typeName(v)));
    return false;
}

bool JsonDocument::string(simdjson::dom::object o, std::string_view key, const Where &w,
    bool required, std::string_view *out)
{
    element v;
    if (!present(o, key, &v)) {
        if (required)
            error(w.member(key), u"missing (expected a string)"_s);
        return false;
    }
    return stringValue(m_options.avroUnions ? unwrapUnion(v) : v, w.member(key), out);
}

bool JsonDocument::stringValue(element v, const Where &w, std::string_view *out)
{
    if (v.get_string().get(*out) != simdjson::SUCCESS) {
        error(w, u"expected a string, found "_s + typeName(v));
        return false;
    }
    if (qint64(out->size()) > kMaxStringBytes) {
        error(w, u"a string of %1 bytes, longer than the %2 accepted here: expected a name"_s
                     .arg(out->size())
                     .arg(kMaxStringBytes));
        return false;
    }
    return true;
}

bool JsonDocument::text(simdjson::dom::object o, std::string_view key, const Where &w, QString *out)
{
    element v;
    if (!present(o, key, &v))
        return false;
    if (m_options.avroUnions)
        v = unwrapUnion(v);
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        error(w.member(key), u"expected a string, found "_s + typeName(v));
        return false;
    }
    if (qint64(s.size()) > kMaxStringBytes) {
        size_t cut = size_t(kMaxStringBytes);
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;
        warning(w.member(key), u"a text of %1 bytes: kept its first %2"_s.arg(s.size()).arg(cut));
        s = s.substr(0, cut);
    }
    *out = fromUtf8(s);
    return true;
}

bool JsonDocument::millis(simdjson::dom::object o, std::string_view key, const Where &w, qint64 *out)
{
    element v;
    if (!present(o, key, &v))
        return false;
    int64_t i = 0;
    double d = 0;
    if (v.get_int64().get(i) == simdjson::SUCCESS) {
        *out = i;
        return true;
    }
    if (v.get_double().get(d) == simdjson::SUCCESS && d >= -9.2e18 && d <= 9.2e18) {
        *out = qint64(d);
        return true;
    }
    warning(w.member(key), u"expected milliseconds since 1970 (an integer), found "_s + typeName(v));
    return false;
}

bool JsonDocument::time(simdjson::dom::object o, std::string_view key, const Where &w, Timestamp *out)
{
    element v;
    if (!present(o, key, &v))
        return false;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        warning(w.member(key), u"expected an ISO 8601 date-time string, found "_s + typeName(v));
        return false;
    }
    if (!parseIsoTimestamp(s, out)) {
        warning(w.member(key), u"expected an ISO 8601 date-time, found "_s + quotedText(s));
        return false;
    }
    return true;
}

bool JsonDocument::number(simdjson::dom::object o, std::string_view key, const Where &w, double *out)
{
    element v;
    if (!present(o, key, &v))
        return false;
    if (v.get_double().get(*out) == simdjson::SUCCESS)
        return true;
    error(w.member(key), u"expected a number, found "_s + typeName(v));
    return false;
}

bool JsonDocument::boolean(simdjson::dom::object o, std::string_view key, const Where &w, bool *out)
{
    element v;
    if (!present(o, key, &v))
        return false;
    if (v.get_bool().get(*out) == simdjson::SUCCESS)
        return true;
    error(w.member(key), u"expected true or false, found "_s + typeName(v));
    return false;
}

} // namespace meshlens::json
