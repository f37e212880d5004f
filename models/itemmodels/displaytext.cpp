#include "displaytext.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace meshlens {

QString kindNoun(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Domain: return u"domain"_s;
    case EntityKind::Product: return u"product"_s;
    case EntityKind::Port: return u"port"_s;
    case EntityKind::Dataset: return u"dataset"_s;
    case EntityKind::Job: return u"job"_s;
    }
    return u"node"_s;
}

QString countText(qint64 count, EntityKind kind)
{
    // Thousands separated with a thin space so "1 000 000 datasets" stays readable.
    QString digits = QString::number(count);
    for (auto i = digits.size() - 3; i > 0 && digits.at(i - 1).isDigit(); i -= 3)
        digits.insert(i, QChar(0x2009));
    return digits + u' ' + kindNoun(kind) + (count == 1 ? QString() : u"s"_s);
}

QString durationText(qint64 seconds)
{
    const bool negative = seconds < 0;
    qint64 s = negative ? -seconds : seconds;
    struct Unit { qint64 seconds; const char16_t *name; };
    static constexpr Unit units[] = {{86400, u"d"}, {3600, u"h"}, {60, u"min"}, {1, u"s"}};
    QStringList parts;
    for (const auto &unit : units) {
        if (s >= unit.seconds || (parts.isEmpty() && unit.seconds == 1)) {
            parts << QString::number(s / unit.seconds) + u' ' + QString::fromUtf16(unit.name);
            s %= unit.seconds;
            if (parts.size() == 2 || s == 0)
                break;
        } else if (!parts.isEmpty()) {
            break;  // "2 d 4 h", never "2 d 0 h 5 min"
        }
    }
    return (negative ? u"-"_s : QString()) + parts.join(u' ');
}

QString timeText(Timestamp t)
{
    if (t == 0)
        return u"\u2014"_s;
    const auto time = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
    return time.toString(time.time().second() != 0 ? u"yyyy-MM-dd HH:mm:ss"_s : u"yyyy-MM-dd HH:mm"_s)
        + u" UTC"_s;
}

QString healthLabel(HealthState state)
{
    switch (state) {
    case HealthState::Pass: return u"Pass"_s;
    case HealthState::Warn: return u"Warn"_s;
    case HealthState::Fail: return u"Fail"_s;
    case HealthState::Unknown: break;
    }
    return u"Unknown"_s;
}

}  // namespace meshlens
