#pragma once

// HTTP GET against a Marquez server: timeouts, bounded retries with exponential back-off,
// an optional API key, redirects only within the same server, and a cancel flag. Blocking
// for its caller (it spins a local event loop), so the CLI's main thread and a GUI worker
// thread use it the same way.

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>

namespace meshlens {

struct MarquezHttpOptions {
    int timeoutMs = 30'000;     ///< no byte received for this long: the attempt fails
    int retries = 3;            ///< further attempts after a connection error, 5xx or 429
    int retryDelayMs = 500;     ///< first back-off; doubles each retry, capped at 30 s
    QString apiKey;             ///< sent as "Authorization: Bearer"; never shown anywhere
    qint64 maxBodyBytes = qint64(512) << 20;
};

/// One answer from the server after retries and redirects.
struct MarquezResponse {
    QUrl url;           ///< the URL finally asked (after same-server redirects)
    int status = 0;     ///< HTTP status; 0 when no HTTP answer came
    QByteArray body;
    QString error;      ///< empty when the status is 2xx; otherwise says what and where
    bool cancelled = false;
    bool ok() const { return error.isEmpty() && !cancelled; }
};

/// Talks to one Marquez server. Lives on the thread that made it (the network manager
/// does); one request at a time.
class MarquezClient
{
public:
    /// `server` is the server's base URL ("http://host:5000", with an optional path
    /// prefix); a trailing "/api/v1" is accepted and dropped.
    MarquezClient(const QUrl &server, const MarquezHttpOptions &options,
                  const std::atomic_bool *cancel = nullptr);

    /// GETs `apiPath` (e.g. "/api/v1/namespaces") under the server's URL.
    MarquezResponse get(const QString &apiPath, const QUrlQuery &query = {});

    /// The URL of an API path as requests use it.
    QUrl urlFor(const QString &apiPath, const QUrlQuery &query = {}) const;
    /// The server's base URL as shown in messages.
    QString serverText() const;
    /// Replaces the API key wherever it occurs in text meant for people or files.
    QString redact(QString text) const;

    int requestsSent() const { return m_requests; }
    int retriesMade() const { return m_retries; }

    /// Empty when `url` can be used as a Marquez server URL; otherwise what is wrong with it
    /// (not http/https, no host, credentials in the URL).
    static QString checkServerUrl(const QUrl &url);

private:
    struct Attempt {
        int status = 0;
        QByteArray body;
        QByteArray location;
        QString reason;
        int retryAfterMs = -1;
        QString networkError;   ///< no HTTP answer: why
        bool retryable = false; ///< a connection-level failure worth another try
        bool unreachable = false; ///< refused or no such host: say which server was meant
        bool timedOut = false;
        bool cancelled = false;
    };
    Attempt attempt(const QUrl &url);
    bool waitFor(int ms);  ///< false when cancelled meanwhile
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }
    QString httpError(const Attempt &a, const QUrl &url) const;

    QUrl m_server;
    MarquezHttpOptions m_options;
    const std::atomic_bool *m_cancel;
    QNetworkAccessManager m_network;
    int m_requests = 0;
    int m_retries = 0;
};

}  // namespace meshlens
