#pragma once

// A Marquez API server for tests: a QTcpServer on 127.0.0.1 (a free port) speaking just
// enough HTTP/1.1, answering from handlers the test installs, and recording every request
// (path, query, headers) it got. It runs on the test's thread: whatever waits for a client
// must spin the event loop (the pull does; for a QProcess use QSignalSpy::wait).

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace meshlens::test {

class FakeMarquez
{
public:
    struct Request {
        QString path;        ///< decoded
        QByteArray rawPath;  ///< as sent
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers;  ///< names in lower case
        QByteArray raw;      ///< the whole request as received
    };
    struct Reply {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool hangUp = false;  ///< close the connection without answering
        bool silent = false;  ///< keep the connection open and never answer
    };
    using Handler = std::function<Reply(const Request &)>;

    FakeMarquez();
    ~FakeMarquez();

    bool listen();
    quint16 port() const;
    QUrl url() const;  ///< http://127.0.0.1:PORT

    /// Answers requests for `path` (exact, decoded). Unrouted paths get a 404 like
    /// Marquez's ({"code":404,"message":"HTTP 404 Not Found"}).
    void route(const QString &path, Handler handler);
    /// Runs before routing; a reply it returns is sent instead (failure injection).
    std::function<std::optional<Reply>(const Request &)> intercept;

    const QList<Request> &requests() const { return m_requests; }
    int count(const QString &path) const;

    // Marquez's documented shapes, built from data the test supplies.

    /// GET /api/v1/events/lineage: LineageEventList {"events": [...], "totalCount": N},
    /// honouring limit, offset, sortDirection and after/before on eventTime.
    void serveEvents(const QJsonArray &events);
    /// GET /api/v1/namespaces: NamespaceList, paged.
    void serveNamespaces(const QJsonArray &namespaces);
    /// GET /api/v1/namespaces/{ns}/jobs and /datasets (JobList, DatasetList, paged), and
    /// GET /api/v1/lineage?nodeId=... (LineageGraph: the connected part of the graph the
    /// node is in), from Marquez jobs (with inputs/outputs) and datasets.
    void serveLineageGraphs(const QJsonArray &jobs, const QJsonArray &datasets);

    static Reply json(const QJsonObject &object, int status = 200);
    static QJsonArray readJsonArray(const QString &path);

private:
    void onConnection();
    void answer(class QTcpSocket *socket, const QByteArray &raw);

    std::unique_ptr<QTcpServer> m_server;
    std::map<QString, Handler> m_routes;
    QList<Request> m_requests;
};

}  // namespace meshlens::test
