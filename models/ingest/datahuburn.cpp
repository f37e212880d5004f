#include "datahuburn.h"

#include "resolver.h"

using namespace Qt::StringLiterals;

namespace meshlens::datahub {
namespace {

constexpr std::string_view kPrefix = "urn:li:";

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// DataHub percent-encodes ',', '(' and ')' (and '%') inside tuple parts.
QString decoded(std::string_view s)
{
    if (s.find('%') == std::string_view::npos)
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
            const char c = char(hi * 16 + lo);
            if (hi >= 0 && lo >= 0 && (c == ',' || c == '(' || c == ')' || c == '%')) {
                out.push_back(c);
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return QString::fromStdString(out);
}

bool isProduction(std::string_view env)
{
    return env.empty() || env == "PROD" || env == "prod" || env == "Prod";
}

Name failed(QString problem)
{
    Name n;
    n.problem = std::move(problem);
    return n;
}

QString shown(std::string_view s)
{
    constexpr size_t kMax = 120;
    QString t = QString::fromUtf8(s.data(), qsizetype(std::min(s.size(), kMax)));
    if (s.size() > kMax)
        t += u'…';
    return u'"' + t + u'"';
}

// A tuple URN of `type` with `count` parts.
bool tupleOf(std::string_view urn, std::string_view type, size_t count,
    std::vector<std::string_view> *parts, QString *problem, const char *shape)
{
    std::string_view t, id;
    if (!splitUrn(urn, &t, &id) || t != type || !splitTuple(id, parts) || parts->size() != count) {
        *problem = u"expected a %1 URN such as %2, found %3"_s.arg(
            QString::fromUtf8(type.data(), qsizetype(type.size())), QLatin1StringView(shape), shown(urn));
        return false;
    }
    return true;
}

} // namespace

bool splitUrn(std::string_view urn, std::string_view *type, std::string_view *id)
{
    if (urn.substr(0, kPrefix.size()) != kPrefix)
        return false;
    const std::string_view rest = urn.substr(kPrefix.size());
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 >= rest.size())
        return false;
    *type = rest.substr(0, colon);
    *id = rest.substr(colon + 1);
    return true;
}

bool splitTuple(std::string_view id, std::vector<std::string_view> *parts)
{
    parts->clear();
    if (id.size() < 2 || id.front() != '(' || id.back() != ')')
        return false;
    int depth = 0;
    size_t start = 1;
    for (size_t i = 1; i + 1 < id.size(); ++i) {
        const char c = id[i];
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth < 0)
                return false;
        } else if (c == ',' && depth == 0) {
            parts->push_back(id.substr(start, i - start));
            start = i + 1;
        }
    }
    if (depth != 0)
        return false;
    parts->push_back(id.substr(start, id.size() - 1 - start));
    return true;
}

Name datasetName(std::string_view urn)
{
    std::vector<std::string_view> parts;
    QString problem;
    if (!tupleOf(urn, "dataset", 3, &parts, &problem,
            "\"urn:li:dataset:(urn:li:dataPlatform:hive,db.table,PROD)\""))
        return failed(problem);
    std::string_view type, platform;
    if (!splitUrn(parts[0], &type, &platform) || type != "dataPlatform") {
        // Some old files name the platform bare ("hive"); anything else is not a platform.
        if (parts[0].empty() || parts[0].find(':') != std::string_view::npos)
            return failed(u"expected a data platform URN (\"urn:li:dataPlatform:hive\") as the first "
                          "part of %1"_s.arg(shown(urn)));
        platform = parts[0];
    }
    if (parts[1].empty())
        return failed(u"the dataset name (second part) of %1 is empty"_s.arg(shown(urn)));
    Name n;
    n.ns = decoded(platform);
    n.name = decoded(parts[1]);
    // Object stores as OpenLineage names them: the bucket is the namespace.
    if (n.ns == u"s3"_s || n.ns == u"gcs"_s) {
        QString path = n.name;
        for (const QString &scheme : {u"s3://"_s, u"s3a://"_s, u"gs://"_s}) {
            if (path.startsWith(scheme))
                path = path.mid(scheme.size());
        }
        const qsizetype slash = path.indexOf(u'/');
        if (slash > 0 && slash + 1 < path.size()) {
            n.ns = (n.ns == u"s3"_s ? u"s3://"_s : u"gs://"_s) + path.left(slash);
            n.name = path.mid(slash + 1);
        }
    }
    if (!isProduction(parts[2]))
        n.ns += u'@' + decoded(parts[2]);
    return n;
}

Name dataFlowName(std::string_view urn)
{
    std::vector<std::string_view> parts;
    QString problem;
    if (!tupleOf(urn, "dataFlow", 3, &parts, &problem, "\"urn:li:dataFlow:(airflow,dag_id,prod)\""))
        return failed(problem);
    if (parts[0].empty() || parts[1].empty())
        return failed(u"the orchestrator or the flow id of %1 is empty"_s.arg(shown(urn)));
    Name n;
    n.ns = decoded(parts[0]);
    n.name = decoded(parts[1]);
    if (!isProduction(parts[2]))
        n.ns += u'@' + decoded(parts[2]);
    return n;
}

Name dataJobName(std::string_view urn)
{
    std::vector<std::string_view> parts;
    QString problem;
    if (!tupleOf(urn, "dataJob", 2, &parts, &problem,
            "\"urn:li:dataJob:(urn:li:dataFlow:(airflow,dag_id,prod),task_id)\""))
        return failed(problem);
    Name n = dataFlowName(parts[0]);
    if (!n.ok())
        return failed(u"in the job %1: %2"_s.arg(shown(urn), n.problem));
    if (parts[1].empty())
        return failed(u"the job id (second part) of %1 is empty"_s.arg(shown(urn)));
    n.name += u'.' + decoded(parts[1]);
    return n;
}

Name schemaFieldName(std::string_view urn)
{
    std::vector<std::string_view> parts;
    QString problem;
    if (!tupleOf(urn, "schemaField", 2, &parts, &problem,
            "\"urn:li:schemaField:(urn:li:dataset:(...),field)\""))
        return failed(problem);
    Name n = datasetName(parts[0]);
    if (!n.ok())
        return n;
    // v2 field paths carry "[version=2.0]" and "[type=...]" steps between the names; the
    // brackets may hold dots of their own.
    const QString path = decoded(parts[1]);
    QString column;
    int depth = 0;
    for (const QChar c : path) {
        if (c == u'[')
            ++depth;
        else if (c == u']')
            depth = std::max(0, depth - 1);
        else if (depth == 0)
            column += c;
    }
    QStringList names = column.split(u'.', Qt::SkipEmptyParts);
    n.column = names.isEmpty() ? path : names.join(u'.');
    if (n.column.isEmpty())
        return failed(u"the field path of %1 is empty"_s.arg(shown(urn)));
    return n;
}

QString datasetKeyOf(const Name &n)
{
    return datasetKey(n.ns, n.name);
}

QString jobKeyOf(const Name &n)
{
    return u"job:"_s + n.ns + u'/' + n.name;
}

QString simpleId(std::string_view urn, std::string_view type)
{
    std::string_view t, id;
    if (!splitUrn(urn, &t, &id) || (!type.empty() && t != type))
        return {};
    return decoded(id);
}

QString ownerName(std::string_view urn)
{
    std::string_view t, id;
    if (splitUrn(urn, &t, &id) && (t == "corpuser" || t == "corpGroup"))
        return decoded(id);
    return QString::fromUtf8(urn.data(), qsizetype(urn.size()));
}

} // namespace meshlens::datahub
