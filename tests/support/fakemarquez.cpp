#include "fakemarquez.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens::test {
namespace {

QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 307: return "Temporary Redirect";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

// limit/offset as Marquez reads them (limit defaults to 100).
QJsonArray page(const QJsonArray &items, const QUrlQuery &query)
{
    const int limit = query.hasQueryItem(u"limit"_s) ? query.queryItemValue(u"limit"_s).toInt() : 100;
    const int offset = query.queryItemValue(u"offset"_s).toInt();
    QJsonArray out;
    for (int i = offset; i < items.size() && i < offset + limit; ++i)
        out.append(items[i]);
    return out;
}

QDateTime timeOf(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QString nodeId(const char *kind, const QJsonObject &o)
{
    return QLatin1StringView(kind) + u':' + o[u"namespace"_s].toString() + u':' + o[u"name"_s].toString();
}

QJsonObject withId(QJsonObject o)
{
    o[u"id"_s] = QJsonObject{{u"namespace"_s, o[u"namespace"_s]}, {u"name"_s, o[u"name"_s]}};
    return o;
}

}  // namespace

FakeMarquez::FakeMarquez() : m_server(std::make_unique<QTcpServer>())
{
    QObject::connect(m_server.get(), &QTcpServer::newConnection, m_server.get(), [this] { onConnection(); });
}

FakeMarquez::~FakeMarquez() = default;

bool FakeMarquez::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeMarquez::port() const
{
    return m_server->serverPort();
}

QUrl FakeMarquez::url() const
{
    return QUrl(u"http://127.0.0.1:"_s + QString::number(port()));
}

void FakeMarquez::route(const QString &path, Handler handler)
{
    m_routes[path] = std::move(handler);
}

int FakeMarquez::count(const QString &path) const
{
    return int(std::count_if(m_requests.begin(), m_requests.end(),
                             [&](const Request &r) { return r.path == path; }));
}

FakeMarquez::Reply FakeMarquez::json(const QJsonObject &object, int status)
{
    Reply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

QJsonArray FakeMarquez::readJsonArray(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).array();
}

void FakeMarquez::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            // GETs only: the request ends with its headers.
            QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
            socket->setProperty("buffer", buffer);
            if (buffer.contains("\r\n\r\n") && !socket->property("answered").toBool()) {
                socket->setProperty("answered", true);
                answer(socket, buffer);
            }
        });
    }
}

void FakeMarquez::answer(QTcpSocket *socket, const QByteArray &raw)
{
    Request request;
    request.raw = raw;
    const QList<QByteArray> lines = raw.left(raw.indexOf("\r\n\r\n")).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.rawPath = first.value(1);
    const QUrl target = QUrl::fromEncoded(request.rawPath);
    request.path = target.path();
    request.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    m_requests << request;

    std::optional<Reply> reply = intercept ? intercept(request) : std::nullopt;
    if (!reply) {
        const auto route = m_routes.find(request.path);
        reply = route != m_routes.end()
            ? route->second(request)
            : json({{u"code"_s, 404}, {u"message"_s, u"HTTP 404 Not Found"_s}}, 404);
    }
    if (reply->silent)
        return;
    if (reply->hangUp) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply->status) + ' ' + reason(reply->status) + "\r\n";
    head += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(reply->body.size()) + "\r\n";
    for (const auto &[name, value] : reply->headers)
        head += name + ": " + value + "\r\n";
    socket->write(head + "\r\n" + reply->body);
    socket->disconnectFromHost();
}

void FakeMarquez::serveEvents(const QJsonArray &events)
{
    route(u"/api/v1/events/lineage"_s, [events](const Request &r) {
        QList<QJsonValue> sorted(events.begin(), events.end());
        const bool asc = r.query.queryItemValue(u"sortDirection"_s) == u"asc";
        std::stable_sort(sorted.begin(), sorted.end(), [asc](const QJsonValue &a, const QJsonValue &b) {
            const QDateTime ta = timeOf(a[u"eventTime"_s]), tb = timeOf(b[u"eventTime"_s]);
            return asc ? ta < tb : tb < ta;
        });
        const QDateTime after = QDateTime::fromString(r.query.queryItemValue(u"after"_s), Qt::ISODateWithMs);
        const QDateTime before = QDateTime::fromString(r.query.queryItemValue(u"before"_s), Qt::ISODateWithMs);
        QJsonArray matching;
        for (const QJsonValue &e : sorted) {
            const QDateTime t = timeOf(e[u"eventTime"_s]);
            if ((!after.isValid() || t > after) && (!before.isValid() || t < before))
                matching.append(e);
        }
        return json({{u"events"_s, page(matching, r.query)}, {u"totalCount"_s, matching.size()}});
    });
}

void FakeMarquez::serveNamespaces(const QJsonArray &namespaces)
{
    route(u"/api/v1/namespaces"_s, [namespaces](const Request &r) {
        return json({{u"namespaces"_s, page(namespaces, r.query)}});
    });
}

void FakeMarquez::serveLineageGraphs(const QJsonArray &jobs, const QJsonArray &datasets)
{
    // Nodes as in Marquez's api/src/test/resources/lineage/node.json.
    auto nodes = std::make_shared<std::map<QString, QJsonObject>>();
    QList<QPair<QString, QString>> edges;
    QSet<QString> namespaces;
    for (const QJsonValue &d : datasets) {
        (*nodes)[nodeId("dataset", d.toObject())] = QJsonObject{
            {u"id"_s, nodeId("dataset", d.toObject())}, {u"type"_s, u"DATASET"_s}, {u"data"_s, withId(d.toObject())}};
        namespaces << d[u"namespace"_s].toString();
    }
    for (const QJsonValue &j : jobs) {
        const QString id = nodeId("job", j.toObject());
        (*nodes)[id] = QJsonObject{{u"id"_s, id}, {u"type"_s, u"JOB"_s}, {u"data"_s, withId(j.toObject())}};
        namespaces << j[u"namespace"_s].toString();
        for (const QJsonValue &in : j[u"inputs"_s].toArray())
            edges.append({nodeId("dataset", in.toObject()), id});
        for (const QJsonValue &out : j[u"outputs"_s].toArray())
            edges.append({id, nodeId("dataset", out.toObject())});
    }
    for (const auto &[from, to] : edges) {
        const QJsonObject edge{{u"origin"_s, from}, {u"destination"_s, to}};
        for (const auto &[end, member] : {std::pair{from, u"outEdges"_s}, std::pair{to, u"inEdges"_s}}) {
            QJsonObject &node = (*nodes)[end];
            QJsonArray list = node[member].toArray();
            list.append(edge);
            node[member] = list;
        }
    }
    for (const QString &ns : namespaces) {
        QJsonArray nsJobs, nsDatasets;
        for (const QJsonValue &j : jobs)
            if (j[u"namespace"_s] == ns)
                nsJobs.append(withId(j.toObject()));
        for (const QJsonValue &d : datasets)
            if (d[u"namespace"_s] == ns)
                nsDatasets.append(withId(d.toObject()));
        route(u"/api/v1/namespaces/"_s + ns + u"/jobs"_s, [nsJobs](const Request &r) {
            return json({{u"jobs"_s, page(nsJobs, r.query)}, {u"totalCount"_s, nsJobs.size()}});
        });
        route(u"/api/v1/namespaces/"_s + ns + u"/datasets"_s, [nsDatasets](const Request &r) {
            return json({{u"datasets"_s, page(nsDatasets, r.query)}, {u"totalCount"_s, nsDatasets.size()}});
        });
    }
    route(u"/api/v1/lineage"_s, [nodes, edges](const Request &r) {
        const QString start = r.query.queryItemValue(u"nodeId"_s, QUrl::FullyDecoded);
        if (!nodes->count(start))
            return json({{u"code"_s, 404}, {u"message"_s, QString(u"node not found: "_s + start)}}, 404);
        QSet<QString> seen{start};
        QList<QString> todo{start};
        while (!todo.isEmpty()) {
            const QString id = todo.takeFirst();
            for (const auto &[from, to] : edges) {
                const QString other = from == id ? to : (to == id ? from : QString());
                if (!other.isEmpty() && !seen.contains(other)) {
                    seen << other;
                    todo << other;
                }
            }
        }
        QJsonArray graph;
        for (const auto &[id, node] : *nodes)
            if (seen.contains(id))
                graph.append(node);
        return json({{u"graph"_s, graph}});
    });
}

}  // namespace meshlens::test
