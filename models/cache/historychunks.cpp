#include "historychunks.h"

#include <cstring>

namespace meshlens::history {

// Blob layout, observation after observation (times ascending):
//   time      varint: the first as zigzag(time), then the (positive) step from the previous
//   quality:  flags byte (bits 0-1 state, bit 2 a non-zero value follows, bit 3 a message
//             follows), varint source, [8-byte little-endian double], [varint length, UTF-8]
//   freshness: varint zigzag(time - data time), varint source
// Self-contained: decoding needs nothing from the row's other columns.

namespace {

constexpr std::uint8_t kStateMask = 0x3;
constexpr std::uint8_t kHasValue = 0x4;
constexpr std::uint8_t kHasMessage = 0x8;

void putVarint(std::string &out, std::uint64_t v)
{
    char buffer[10];
    int n = 0;
    while (v >= 0x80) {
        buffer[n++] = char(v | 0x80);
        v >>= 7;
    }
    buffer[n++] = char(v);
    out.append(buffer, std::size_t(n));
}

std::uint64_t zigzag(qint64 v)
{
    return (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63);
}

qint64 unzigzag(std::uint64_t v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

/// A bounds-checked reader: every read fails (and stays failed) past the end.
class Reader {
public:
    explicit Reader(std::string_view blob)
        : m_p(reinterpret_cast<const std::uint8_t *>(blob.data()))
        , m_end(m_p + blob.size())
    {
    }
    bool atEnd() const { return m_p == m_end; }
    bool ok() const { return m_ok; }
    std::uint64_t varint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return fail();
            const std::uint8_t byte = *m_p++;
            v |= std::uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return v;
        }
        return fail();
    }
    std::uint8_t byte()
    {
        if (m_p == m_end)
            return std::uint8_t(fail());
        return *m_p++;
    }
    std::string_view bytes(std::uint64_t n)
    {
        if (n > std::uint64_t(m_end - m_p)) {
            fail();
            return {};
        }
        const auto *start = reinterpret_cast<const char *>(m_p);
        m_p += n;
        return std::string_view(start, std::size_t(n));
    }
    /// The next observation time (the first is absolute, later ones are steps).
    Timestamp time(bool first, Timestamp previous)
    {
        const std::uint64_t v = varint();
        return first ? unzigzag(v) : previous + qint64(v);
    }

private:
    std::uint64_t fail()
    {
        m_ok = false;
        m_p = m_end;
        return 0;
    }
    const std::uint8_t *m_p;
    const std::uint8_t *m_end;
    bool m_ok = true;
};

void putTime(std::string &out, bool first, Timestamp at, Timestamp previous)
{
    putVarint(out, first ? zigzag(at) : std::uint64_t(at - previous));
}

/// Reads one quality observation's fields after its time into `o` (null: only its state
/// into `state`).
bool readQuality(Reader &in, QualityObservation *o, HealthState *state = nullptr)
{
    const std::uint8_t flags = in.byte();
    const std::uint64_t source = in.varint();
    double value = 0;
    std::string_view message;
    if (flags & kHasValue) {
        const std::string_view raw = in.bytes(8);
        if (raw.size() == 8)
            std::memcpy(&value, raw.data(), 8);
    }
    if (flags & kHasMessage)
        message = in.bytes(in.varint());
    if (!in.ok())
        return false;
    if (state)
        *state = HealthState(flags & kStateMask);
    if (o) {
        o->state = HealthState(flags & kStateMask);
        o->value = value;
        o->message.assign(message);
        o->source = qint64(source);
    }
    return true;
}

} // namespace

void encode(const std::vector<QualityObservation> &observations, std::string &out)
{
    out.clear();
    Timestamp previous = 0;
    bool first = true;
    for (const QualityObservation &o : observations) {
        putTime(out, first, o.at, previous);
        std::uint8_t flags = std::uint8_t(o.state) & kStateMask;
        if (o.value != 0)
            flags |= kHasValue;
        if (!o.message.empty())
            flags |= kHasMessage;
        out.push_back(char(flags));
        putVarint(out, std::uint64_t(o.source));
        if (flags & kHasValue) {
            char raw[8];
            std::memcpy(raw, &o.value, 8);
            out.append(raw, 8);
        }
        if (flags & kHasMessage) {
            putVarint(out, o.message.size());
            out.append(o.message);
        }
        previous = o.at;
        first = false;
    }
}

void encode(const std::vector<FreshnessObservation> &observations, std::string &out)
{
    out.clear();
    Timestamp previous = 0;
    bool first = true;
    for (const FreshnessObservation &o : observations) {
        putTime(out, first, o.at, previous);
        putVarint(out, zigzag(o.at - o.dataTime));
        putVarint(out, std::uint64_t(o.source));
        previous = o.at;
        first = false;
    }
}

bool decode(std::string_view blob, std::vector<QualityObservation> &out)
{
    Reader in(blob);
    Timestamp previous = 0;
    bool first = true;
    while (!in.atEnd()) {
        QualityObservation o;
        o.at = in.time(first, previous);
        if (!readQuality(in, &o))
            return false;
        previous = o.at;
        first = false;
        out.push_back(std::move(o));
    }
    return in.ok();
}

bool decode(std::string_view blob, std::vector<FreshnessObservation> &out)
{
    Reader in(blob);
    Timestamp previous = 0;
    bool first = true;
    while (!in.atEnd()) {
        FreshnessObservation o;
        o.at = in.time(first, previous);
        o.dataTime = o.at - unzigzag(in.varint());
        o.source = qint64(in.varint());
        if (!in.ok())
            return false;
        previous = o.at;
        first = false;
        out.push_back(o);
    }
    return in.ok();
}

bool latestQualityAt(std::string_view blob, Timestamp t, HealthState *state, qint64 *count)
{
    Reader in(blob);
    Timestamp previous = 0;
    bool first = true, found = false;
    qint64 n = 0;
    while (!in.atEnd()) {
        const Timestamp at = in.time(first, previous);
        if (!in.ok() || at > t)
            break; // times ascend: nothing later is at or before t
        if (!readQuality(in, nullptr, state))
            return false;
        found = true;
        ++n;
        previous = at;
        first = false;
    }
    if (count)
        *count = n;
    return found && in.ok();
}

bool latestFreshnessAt(std::string_view blob, Timestamp t, Timestamp *dataTime, qint64 *count)
{
    Reader in(blob);
    Timestamp previous = 0;
    bool first = true, found = false;
    qint64 n = 0;
    while (!in.atEnd()) {
        const Timestamp at = in.time(first, previous);
        if (!in.ok() || at > t)
            break;
        const Timestamp data = at - unzigzag(in.varint());
        in.varint(); // source
        if (!in.ok())
            return false;
        *dataTime = data;
        found = true;
        ++n;
        previous = at;
        first = false;
    }
    if (count)
        *count = n;
    return found && in.ok();
}

} // namespace meshlens::history
