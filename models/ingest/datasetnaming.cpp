// OpenLineage names for the tables a contract declares on a server, for locations written as
// URLs or AWS ARNs, and durations in the two spellings contracts use. Declared in
// declaredmesh.h.

#include "declaredmesh.h"

#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

QString dotted(std::initializer_list<QString> parts)
{
    QStringList kept;
    for (const QString &p : parts) {
        if (!p.isEmpty())
            kept << p;
    }
    return kept.join(u'.');
}

// "scheme://host:port" with the default port when none is given; "scheme" alone without a
// host (the bare adapter name the dbt reader uses, so that a contract naming no host meets
// dbt's view of the table).
QString hostNamespace(const QString &scheme, const QString &host, const QString &port,
                      const QString &defaultPort)
{
    if (host.isEmpty())
        return scheme;
    QString authority = host;
    if (!authority.contains(u':')) {
        const QString p = port.isEmpty() ? defaultPort : port;
        if (!p.isEmpty())
            authority += u':' + p;
    }
    return scheme + u"://"_s + authority;
}

// The path of a location with "{model}" replaced and a trailing glob ("*.json", "**")
// dropped; `appendTable` when the location is shared by several tables and names none.
QString locationPath(QString path, const QString &table, bool appendTable)
{
    const bool placeholder = path.contains(u"{model}"_s);
    path.replace(u"{model}"_s, table);
    QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    while (!parts.isEmpty() && (parts.last().contains(u'*') || parts.last().contains(u'?')))
        parts.removeLast();
    if (!placeholder && appendTable && !table.isEmpty())
        parts << table;
    QString out = parts.join(u'/');
    if (path.startsWith(u'/') && !out.isEmpty())
        out.prepend(u'/');
    return out;
}

} // namespace

DatasetAddress locationAddress(const QString &location, const QString &type)
{
    DatasetAddress a;
    const QString loc = location.trimmed();
    if (loc.isEmpty())
        return a;
    if (loc.startsWith(u"arn:aws:s3:::"_s)) {
        const QString rest = loc.mid(13);
        const qsizetype slash = rest.indexOf(u'/');
        a.ns = u"s3://"_s + (slash < 0 ? rest : rest.left(slash));
        a.name = slash < 0 ? u"/"_s : rest.mid(slash + 1);
        if (a.name.isEmpty())
            a.name = u"/"_s;
        return a;
    }
    if (loc.startsWith(u"arn:aws:glue:"_s)) {
        // arn:aws:glue:region:account:table/db/name: OpenLineage's Glue naming exactly.
        const qsizetype resource = loc.indexOf(u':', loc.indexOf(u':', 13) + 1);
        if (resource > 0) {
            a.ns = loc.left(resource);
            a.name = loc.mid(resource + 1);
            return a;
        }
    }
    const qsizetype scheme = loc.indexOf(u"://"_s);
    if (scheme > 0) {
        QString s = loc.left(scheme).toLower();
        if (s == u"s3a" || s == u"s3n")
            s = u"s3"_s;
        const QString rest = loc.mid(scheme + 3);
        const qsizetype slash = rest.indexOf(u'/');
        a.ns = s + u"://"_s + (slash < 0 ? rest : rest.left(slash));
        a.name = slash < 0 ? QString() : rest.mid(slash + 1);
        if (a.name.isEmpty())
            a.name = u"/"_s;
        return a;
    }
    if (loc.startsWith(u'/') || loc.startsWith(u"./"_s) || loc.startsWith(u"../"_s)) {
        a.ns = u"file"_s;
        a.name = loc;
        return a;
    }
    const QString t = type.toLower();
    a.ns = t.isEmpty() ? u"unknown"_s : (t == u"local" || t == u"file") ? u"file"_s : t;
    a.name = loc;
    return a;
}

DatasetAddress physicalAddress(const ServerInfo &s, const QString &table, bool sharedLocation)
{
    const QString type = s.type.trimmed().toLower();
    DatasetAddress a;
    if (type == u"postgres" || type == u"postgresql") {
        a.ns = hostNamespace(u"postgres"_s, s.host, s.port, u"5432"_s);
        a.name = dotted({s.database, s.schema, table});
    } else if (type == u"mysql" || type == u"mariadb") {
        a.ns = hostNamespace(u"mysql"_s, s.host, s.port, u"3306"_s);
        a.name = dotted({s.database, table});
    } else if (type == u"sqlserver" || type == u"mssql") {
        a.ns = hostNamespace(u"sqlserver"_s, s.host, s.port, u"1433"_s);
        a.name = dotted({s.database, s.schema, table});
    } else if (type == u"oracle") {
        a.ns = hostNamespace(u"oracle"_s, s.host, s.port, u"1521"_s);
        a.name = dotted({s.serviceName.isEmpty() ? s.database : s.serviceName, s.schema, table});
    } else if (type == u"redshift") {
        a.ns = hostNamespace(u"redshift"_s, s.host, s.port, u"5439"_s);
        a.name = dotted({s.database, s.schema, table});
    } else if (type == u"snowflake") {
        a.ns = s.account.isEmpty() ? u"snowflake"_s : u"snowflake://"_s + s.account;
        a.name = dotted({s.database, s.schema, table});
    } else if (type == u"bigquery") {
        a.ns = u"bigquery"_s;
        a.name = dotted({s.project, s.dataset, table});
    } else if (type == u"databricks") {
        a.ns = hostNamespace(u"databricks"_s, s.host, {}, {});
        a.name = dotted({s.catalog, s.schema, table});
    } else if (type == u"trino" || type == u"presto") {
        a.ns = hostNamespace(type, s.host, s.port, u"8080"_s);
        a.name = dotted({s.catalog, s.schema, table});
    } else if (type == u"athena") {
        a.ns = s.region.isEmpty() ? u"awsathena"_s
                                  : u"awsathena://athena."_s + s.region + u".amazonaws.com"_s;
        a.name = dotted({s.catalog, s.schema.isEmpty() ? s.database : s.schema, table});
    } else if (type == u"glue") {
        a.ns = (s.region.isEmpty() || s.account.isEmpty())
            ? u"glue"_s
            : u"arn:aws:glue:"_s + s.region + u':' + s.account;
        a.name = u"table/"_s + s.database + u'/' + table;
    } else if (type == u"kafka") {
        a.ns = hostNamespace(u"kafka"_s, s.host, s.port, {});
        a.name = s.topic.isEmpty() ? table : s.topic;
    } else if (!s.location.isEmpty()) {
        // s3, gcs, azure, local, sftp...: the data is where the location says.
        a = locationAddress(s.location, type);
        if (a.ns.contains(u"://"_s) || a.ns == u"file") {
            a.name = locationPath(a.name == u"/" ? QString() : a.name, table, sharedLocation);
            if (a.name.isEmpty())
                a.name = table.isEmpty() ? u"/"_s : table;
        }
    } else {
        a.ns = type.isEmpty() ? u"unknown"_s : hostNamespace(type, s.host, s.port, {});
        a.name = dotted({s.database.isEmpty() ? (s.catalog.isEmpty() ? s.project : s.catalog)
                                              : s.database,
                         s.schema.isEmpty() ? s.dataset : s.schema, table});
    }
    return a;
}

double durationUnitSeconds(QStringView unit)
{
    const QString u = unit.trimmed().toString().toLower();
    static const QHash<QString, double> units = {
        {u"ms"_s, 0.001}, {u"millis"_s, 0.001}, {u"milliseconds"_s, 0.001}, {u"s"_s, 1}, {u"sec"_s, 1}, {u"secs"_s, 1}, {u"second"_s, 1}, {u"seconds"_s, 1},
        {u"m"_s, 60}, {u"min"_s, 60}, {u"mins"_s, 60}, {u"minute"_s, 60}, {u"minutes"_s, 60},
        {u"h"_s, 3600}, {u"hr"_s, 3600}, {u"hrs"_s, 3600}, {u"hour"_s, 3600},
        {u"hours"_s, 3600}, {u"d"_s, 86400}, {u"day"_s, 86400}, {u"days"_s, 86400},
        {u"w"_s, 7 * 86400}, {u"week"_s, 7 * 86400}, {u"weeks"_s, 7 * 86400},
        {u"month"_s, 30 * 86400}, {u"months"_s, 30 * 86400}, {u"y"_s, 365 * 86400},
        {u"yr"_s, 365 * 86400}, {u"yrs"_s, 365 * 86400}, {u"year"_s, 365 * 86400},
        {u"years"_s, 365 * 86400}};
    return units.value(u, 0);
}

std::optional<qint64> parseDurationSeconds(QStringView text)
{
    static const QRegularExpression iso(
        u"^P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?"
        "(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression simple(u"^(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)$"_s);
    const QString t = text.trimmed().toString();
    if (t.size() > 64)
        return std::nullopt;
    if (const auto m = iso.match(t); m.hasMatch() && t.size() > 1 && t != u"PT"_s) {
        static const qint64 factor[] = {365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1};
        double total = 0;
        for (int i = 0; i < 7; ++i)
            total += m.captured(i + 1).toDouble() * double(factor[i]);
        return qint64(total);
    }
    if (const auto m = simple.match(t); m.hasMatch()) {
        const double unit = durationUnitSeconds(m.capturedView(2));
        if (unit > 0) // a sub-second SLA is held to one second, the cache's resolution
            return qint64(std::ceil(m.captured(1).toDouble() * unit));
    }
    return std::nullopt;
}

} // namespace meshlens
