#include "jsonsink.h"

#include <QIODevice>

#include <charconv>

namespace meshlens::gen {

JsonSink::JsonSink(QIODevice &out)
    : m_out(out)
{
    m_buffer.reserve(kBlock + 64 * 1024);
}

JsonSink &JsonSink::str(std::string_view text)
{
    m_buffer.push_back('"');
    size_t plain = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        m_buffer.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            m_buffer.append("\\\"");
            break;
        case '\\':
            m_buffer.append("\\\\");
            break;
        case '\n':
            m_buffer.append("\\n");
            break;
        case '\t':
            m_buffer.append("\\t");
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            m_buffer.append(esc, sizeof esc);
        }
        }
    }
    m_buffer.append(text.substr(plain));
    m_buffer.push_back('"');
    return spill();
}

JsonSink &JsonSink::num(qint64 value)
{
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, value);
    m_buffer.append(tmp, size_t(r.ptr - tmp));
    return spill();
}

JsonSink &JsonSink::real(double value)
{
    char tmp[32];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, value);
    m_buffer.append(tmp, size_t(r.ptr - tmp));
    return spill();
}

JsonSink &JsonSink::time(Timestamp t)
{
    char tmp[32];
    tmp[0] = '"';
    const int n = formatIsoUtc(t, tmp + 1);
    tmp[n + 1] = '"';
    m_buffer.append(tmp, size_t(n + 2));
    return spill();
}

bool JsonSink::flush()
{
    if (!m_error.isEmpty())
        return false;
    const char *p = m_buffer.data();
    qint64 left = qint64(m_buffer.size());
    while (left > 0) {
        const qint64 n = m_out.write(p, left);
        if (n <= 0) {
            m_error = m_out.errorString().isEmpty() ? QStringLiteral("write failed")
                                                    : m_out.errorString();
            return false;
        }
        p += n;
        left -= n;
        m_written += n;
    }
    m_buffer.clear();
    return true;
}

int formatIsoUtc(Timestamp t, char *out)
{
    // Civil date from days since the epoch (Howard Hinnant's algorithm): exact, no time zone
    // database, no locale; QDateTime would be ten times slower in the history loops.
    qint64 ms = t % 1000;
    qint64 secs = t / 1000;
    if (ms < 0) {
        ms += 1000;
        --secs;
    }
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 d = doy - (153 * mp + 2) / 5 + 1;
    const qint64 m = mp < 10 ? mp + 3 : mp - 9;
    const qint64 y = yoe + era * 400 + (m <= 2);
    auto put = [](char *p, qint64 v, int width) {
        for (int i = width - 1; i >= 0; --i, v /= 10)
            p[i] = char('0' + v % 10);
    };
    put(out, y, 4);
    out[4] = '-';
    put(out + 5, m, 2);
    out[7] = '-';
    put(out + 8, d, 2);
    out[10] = 'T';
    put(out + 11, rem / 3600, 2);
    out[13] = ':';
    put(out + 14, rem / 60 % 60, 2);
    out[16] = ':';
    put(out + 17, rem % 60, 2);
    int n = 19;
    if (ms) {
        out[n++] = '.';
        put(out + n, ms, 3);
        n += 3;
    }
    out[n++] = 'Z';
    return n;
}

} // namespace meshlens::gen
