#include "marquezclient.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

constexpr int kMaxRedirects = 5;
constexpr int kMaxDelayMs = 30'000;
constexpr int kExcerptChars = 300;

int defaultPort(const QUrl &url)
{
    return url.port(url.scheme() == u"https" ? 443 : 80);
}

bool sameServer(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && defaultPort(a) == defaultPort(b);
}

QString shown(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

// Network-level failures worth another try: the server may be starting, restarting or
// briefly overloaded. A host that does not resolve or a TLS failure will not get better.
bool retryableNetworkError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

QString networkErrorText(QNetworkReply::NetworkError e, const QString &qtText)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError: return u"connection refused"_s;
    case QNetworkReply::RemoteHostClosedError: return u"the server closed the connection before answering"_s;
    case QNetworkReply::HostNotFoundError: return u"host not found"_s;
    case QNetworkReply::SslHandshakeFailedError: return u"TLS handshake failed ("_s + qtText + u')';
    default: return qtText;
    }
}

// The start of a body, on one line, for an error message: enough to recognise an HTML
// error page or a JSON error object, never the whole thing.
QString excerpt(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return u"(empty body)"_s;
    QString text = QString::fromUtf8(body.left(kExcerptChars * 4)).simplified();
    for (QChar &c : text) {
        if (!c.isPrint())
            c = u'\uFFFD';
    }
    if (text.size() > kExcerptChars)
        text = text.left(kExcerptChars) + u'\u2026';
    return text;
}

}  // namespace

MarquezClient::MarquezClient(const QUrl &server, const MarquezHttpOptions &options,
                             const std::atomic_bool *cancel)
    : m_server(server.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment
                               | QUrl::StripTrailingSlash)),
      m_options(options), m_cancel(cancel)
{
    QString path = m_server.path();
    if (path.endsWith(u"/api/v1"_s))
        path.chop(7);
    while (path.endsWith(u'/'))
        path.chop(1);
    m_server.setPath(path);
    // Redirects are followed by hand, within the same server only.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QString MarquezClient::checkServerUrl(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return u"not a valid URL; expected http://HOST[:PORT]"_s;
    if (url.scheme() != u"http" && url.scheme() != u"https")
        return u"expected an http:// or https:// URL, found the scheme \""_s + url.scheme() + u'"';
    if (url.host().isEmpty())
        return u"the URL names no host; expected http://HOST[:PORT]"_s;
    if (!url.userInfo().isEmpty())
        return u"the URL carries credentials: put the API key in MARQUEZ_API_KEY (or the dialog's "
               "API key field) instead, so that it is never shown or stored"_s;
    return {};
}

QUrl MarquezClient::urlFor(const QString &apiPath, const QUrlQuery &query) const
{
    QUrl url = m_server;
    // The caller percent-encodes path segments (a namespace may hold '/' or ':').
    url.setPath(m_server.path(QUrl::FullyEncoded) + apiPath, QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QString MarquezClient::serverText() const
{
    return shown(m_server);
}

QString MarquezClient::redact(QString text) const
{
    if (!m_options.apiKey.isEmpty())
        text.replace(m_options.apiKey, u"[API key]"_s);
    return text;
}

bool MarquezClient::waitFor(int ms)
{
    QEventLoop loop;
    QTimer done, poll;
    done.setSingleShot(true);
    QObject::connect(&done, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancelled())
            loop.quit();
    });
    done.start(ms);
    poll.start(20);
    loop.exec();
    return !cancelled();
}

MarquezClient::Attempt MarquezClient::attempt(const QUrl &url)
{
    Attempt a;
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("MeshLens"));
    if (!m_options.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.apiKey.toUtf8());
    std::unique_ptr<QNetworkReply> reply(m_network.get(request));
    QEventLoop loop;
    QTimer idle, poll;
    idle.setSingleShot(true);
    bool tooBig = false;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // The timeout is for silence, not for the whole transfer: a large page that keeps
    // arriving is fine.
    QObject::connect(reply.get(), &QNetworkReply::downloadProgress, &loop, [&](qint64 received, qint64) {
        idle.start(m_options.timeoutMs);
        if (received > m_options.maxBodyBytes && !tooBig) {
            tooBig = true;
            reply->abort();
        }
    });
    QObject::connect(&idle, &QTimer::timeout, &loop, [&] {
        a.timedOut = true;
        reply->abort();
    });
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancelled()) {
            a.cancelled = true;
            reply->abort();
        }
    });
    idle.start(m_options.timeoutMs);
    poll.start(50);
    if (!reply->isFinished())
        loop.exec();

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (tooBig) {
        a.networkError = u"the answer is larger than %1 MiB; refused"_s.arg(m_options.maxBodyBytes >> 20);
    } else if (a.timedOut) {
        a.networkError = u"no answer within %1 s"_s.arg(m_options.timeoutMs / 1000.0);
        a.retryable = true;
    } else if (!a.cancelled && status.isValid()) {
        a.status = status.toInt();
        a.body = reply->readAll();
        a.location = reply->rawHeader("Location");
        a.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        bool ok = false;
        const int seconds = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
        if (ok && seconds >= 0)
            a.retryAfterMs = seconds * 1000;
    } else if (!a.cancelled) {
        a.networkError = networkErrorText(reply->error(), reply->errorString());
        a.retryable = retryableNetworkError(reply->error());
        a.unreachable = reply->error() == QNetworkReply::ConnectionRefusedError
            || reply->error() == QNetworkReply::HostNotFoundError;
    }
    return a;
}

// Diagnostics carry the request URL as their file: the message says what came back.
QString MarquezClient::httpError(const Attempt &a, const QUrl &) const
{
    if (!a.networkError.isEmpty())
        return a.unreachable ? a.networkError + u" (is Marquez running at "_s + serverText() + u"?)"_s
                             : a.networkError;
    const QString phrase = a.reason.isEmpty() ? QString() : u' ' + a.reason;
    return u"HTTP %1%2: %3"_s.arg(QString::number(a.status), phrase, excerpt(a.body));
}

MarquezResponse MarquezClient::get(const QString &apiPath, const QUrlQuery &query)
{
    MarquezResponse response;
    QUrl url = urlFor(apiPath, query);
    int tries = 0, redirects = 0;
    for (;;) {
        if (cancelled()) {
            response.cancelled = true;
            return response;
        }
        ++m_requests;
        ++tries;
        Attempt a = attempt(url);
        response.url = url;
        if (a.cancelled) {
            response.cancelled = true;
            return response;
        }
        const bool redirect = a.status >= 300 && a.status < 400 && a.status != 304 && !a.location.isEmpty();
        if (redirect) {
            const QUrl next = url.resolved(QUrl::fromEncoded(a.location));
            if (!sameServer(next, m_server)) {
                response.status = a.status;
                response.error = redact(u"HTTP %1 redirects to %2, another server: refused (MeshLens "
                                        "talks to the server it was given only, and never sends "
                                        "its API key elsewhere)"_s
                                            .arg(QString::number(a.status), shown(next)));
                return response;
            }
            if (++redirects > kMaxRedirects) {
                response.status = a.status;
                response.error = u"more than %1 redirects starting from %2"_s.arg(kMaxRedirects).arg(
                    shown(urlFor(apiPath, query)));
                return response;
            }
            url = next;
            continue;
        }
        const bool retryable = a.retryable || a.status == 429 || (a.status >= 500 && a.status <= 599);
        if (retryable && tries <= m_options.retries) {
            const int shift = std::min(tries - 1, 20);
            const int backoff = int(std::min<qint64>(qint64(m_options.retryDelayMs) << shift, kMaxDelayMs));
            const int delay = a.retryAfterMs >= 0 ? std::min(a.retryAfterMs, kMaxDelayMs) : backoff;
            ++m_retries;
            if (!waitFor(delay)) {
                response.cancelled = true;
                return response;
            }
            continue;
        }
        response.status = a.status;
        if (a.status < 200 || a.status > 299) {
            response.error = httpError(a, url);
            if (tries > 1)
                response.error += u"; gave up after %1 attempts"_s.arg(tries);
            response.error = redact(response.error);
        }
        response.body = std::move(a.body);
        return response;
    }
}

}  // namespace meshlens
