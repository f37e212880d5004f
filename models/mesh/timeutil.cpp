#include "timeutil.h"

#include <QDateTime>

namespace meshlens {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int *out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5
        + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

int daysInMonth(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

}  // namespace

bool parseIsoTimestamp(std::string_view s, Timestamp *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &mo)
        || s[7] != '-' || !digits(s, 8, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
        return false;
    std::size_t pos = 10;
    qint64 millis = 0;
    qint64 offsetMinutes = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')
            return false;
        if (!digits(s, pos + 1, 2, &h) || pos + 3 >= s.size() || s[pos + 3] != ':'
            || !digits(s, pos + 4, 2, &mi))
            return false;
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, &sec))
                return false;
            pos += 3;
        }
        if (h > 23 || mi > 59 || sec > 60)
            return false;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            int n = 0;
            qint64 frac = 0;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                if (n < 3)
                    frac = frac * 10 + (s[pos] - '0');
                ++n;
                ++pos;
            }
            if (n == 0)
                return false;
            for (int i = n; i < 3; ++i)
                frac *= 10;
            millis = frac;
        }
        if (pos < s.size()) {
            if (s[pos] == 'Z' || s[pos] == 'z') {
                ++pos;
            } else if (s[pos] == '+' || s[pos] == '-') {
                const int sign = s[pos] == '-' ? -1 : 1;
                int oh, om = 0;
                if (!digits(s, pos + 1, 2, &oh))
                    return false;
                pos += 3;
                if (pos < s.size() && s[pos] == ':')
                    ++pos;
                if (pos < s.size()) {
                    if (!digits(s, pos, 2, &om))
                        return false;
                    pos += 2;
                }
                offsetMinutes = sign * (oh * 60 + om);
            }
        }
        if (pos != s.size())
            return false;
    }
    const qint64 days = daysFromCivil(y, mo, d);
    const qint64 seconds = days * 86400 + h * 3600 + mi * 60 + sec - offsetMinutes * 60;
    *out = seconds * 1000 + millis;
    return true;
}

QString formatIsoTimestamp(Timestamp t)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
    return dt.toString(t % 1000 ? QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")
                                : QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

bool parseUserTimestamp(const QString &text, Timestamp *out)
{
    const QString t = text.trimmed();
    if (t.compare(u"now", Qt::CaseInsensitive) == 0) {
        *out = currentTimestamp();
        return true;
    }
    bool isNumber = false;
    const qint64 n = t.toLongLong(&isNumber);
    if (isNumber) {
        *out = n;
        return n > 0;
    }
    const QByteArray utf8 = t.toUtf8();
    return parseIsoTimestamp(std::string_view(utf8.constData(), utf8.size()), out);
}

Timestamp currentTimestamp()
{
    return QDateTime::currentMSecsSinceEpoch();
}

}  // namespace meshlens
