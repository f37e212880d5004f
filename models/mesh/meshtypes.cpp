#include "meshtypes.h"

namespace meshlens {

QString entityKindName(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Domain: return QStringLiteral("domain");
    case EntityKind::Product: return QStringLiteral("product");
    case EntityKind::Port: return QStringLiteral("port");
    case EntityKind::Dataset: return QStringLiteral("dataset");
    case EntityKind::Job: return QStringLiteral("job");
    }
    return QStringLiteral("unknown");
}

QString healthStateName(HealthState state)
{
    switch (state) {
    case HealthState::Pass: return QStringLiteral("pass");
    case HealthState::Unknown: return QStringLiteral("unknown");
    case HealthState::Warn: return QStringLiteral("warn");
    case HealthState::Fail: return QStringLiteral("fail");
    }
    return QStringLiteral("unknown");
}

bool parseHealthState(QStringView text, HealthState *out)
{
    const QString t = text.trimmed().toString().toLower();
    if (t == u"pass" || t == u"success" || t == u"ok" || t == u"passed" || t == u"true") {
        *out = HealthState::Pass;
    } else if (t == u"warn" || t == u"warning") {
        *out = HealthState::Warn;
    } else if (t == u"fail" || t == u"failed" || t == u"failure" || t == u"error"
               || t == u"false") {
        *out = HealthState::Fail;
    } else if (t == u"unknown" || t == u"skipped" || t == u"skip" || t == u"runtime error") {
        *out = t == u"runtime error" ? HealthState::Fail : HealthState::Unknown;
    } else {
        return false;
    }
    return true;
}

}  // namespace meshlens
