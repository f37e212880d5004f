#pragma once

// Internal to the Marquez pull: JSON documents and paged lists from the server's API, with
// diagnostics that name the request URL, the position in the body and what was expected.
// Not a public header: it pulls in simdjson.

#ifndef SIMDJSON_EXCEPTIONS
#define SIMDJSON_EXCEPTIONS 0
#endif
#include <simdjson.h>

#include "diagnostic.h"
#include "marquezclient.h"

#include <functional>
#include <string_view>

namespace meshlens {

enum class FetchStatus { Ok, NotFound, Failed, Cancelled };

/// A page being walked: enough to say where one of its items is.
struct MarquezPage {
    QString url;
    std::string_view body;
    std::string_view member;  ///< the list's member in the body ("events", "jobs", ...)
    qint64 totalCount = -1;   ///< -1: the server did not say
};

class MarquezApi
{
public:
    MarquezApi(const QUrl &server, const MarquezHttpOptions &options, const std::atomic_bool *cancel);

    MarquezClient &client() { return m_client; }

    /// GETs and parses one JSON object. On failure *problem names the URL and, for a body
    /// that is not what `expected` describes, the position in it. A 404 is NotFound (and
    /// *problem is filled too, for callers that treat it as an error).
    FetchStatus getObject(const QString &apiPath, const QUrlQuery &query, const char *expected,
                          simdjson::dom::object *out, Diagnostic *problem);

    /// Called for each item of a list; false stops the walk.
    using ItemFn = std::function<bool(simdjson::dom::element item, qint64 index, const MarquezPage &page)>;
    /// Walks a paged list (limit/offset) to its end: until totalCount is reached, or a short
    /// or empty page when the server gives no totalCount. `pageDone` gets (items so far,
    /// totalCount or 0).
    FetchStatus walkList(const QString &apiPath, QUrlQuery query, std::string_view member,
                         const char *expected, int pageSize, const ItemFn &onItem,
                         Diagnostic *problem,
                         const std::function<void(qint64, qint64)> &pageDone = {});

    /// Where warnings about the server's answers go (e.g. a server that ignores offset).
    void setWarningSink(std::function<void(const Diagnostic &)> sink) { m_warn = std::move(sink); }

    /// A diagnostic at item `index` of a page's list.
    Diagnostic itemDiagnostic(const MarquezPage &page, qint64 index, const QString &message) const;
    /// A diagnostic at a byte offset of a body.
    Diagnostic bodyDiagnostic(const QString &url, std::string_view body, qint64 offset,
                              const QString &message) const;

    /// The last response's body and URL (for diagnostics about a document that was valid
    /// JSON but not what was expected).
    std::string_view lastBody() const { return {m_body.constData(), std::size_t(m_body.size())}; }
    const QString &lastUrl() const { return m_lastUrl; }

    /// Path segment for a namespace or name ('/' and ':' encoded).
    static QString segment(const QString &name);

private:
    MarquezClient m_client;
    simdjson::dom::parser m_parser;
    QByteArray m_body;  // of the last response; the parsed elements point into the parser
    QString m_lastUrl;  // where m_body came from
    std::function<void(const Diagnostic &)> m_warn;
};

/// Every namespace on the server (GET /api/v1/namespaces, all pages).
FetchStatus marquezNamespaces(MarquezApi &api, int pageSize, QStringList *out, Diagnostic *problem);

QString jsonString(std::string_view s);
QString jsonTypeName(simdjson::dom::element e);

}  // namespace meshlens
