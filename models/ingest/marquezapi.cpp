#include "marquezapi.h"
#include "simdjsonaccess.h"

#include "jsonlocator.h"

using namespace Qt::StringLiterals;

namespace meshlens {

QString jsonString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

MarquezApi::MarquezApi(const QUrl &server, const MarquezHttpOptions &options, const std::atomic_bool *cancel)
    : m_client(server, options, cancel)
{
}

QString MarquezApi::segment(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

Diagnostic MarquezApi::bodyDiagnostic(const QString &url, std::string_view body, qint64 offset,
                                      const QString &message) const
{
    Diagnostic d;
    d.file = url;
    d.offset = offset;
    if (offset >= 0 && std::size_t(offset) <= body.size()) {
        const TextPosition pos = textPositionAt(body, offset);
        d.line = pos.line;
        d.column = pos.column;
    }
    d.message = m_client.redact(message);
    return d;
}

Diagnostic MarquezApi::itemDiagnostic(const MarquezPage &page, qint64 index, const QString &message) const
{
    JsonLocator locator(page.body);
    const qint64 at = locator.locate({JsonPathStep::member(page.member), JsonPathStep::element(index)});
    return bodyDiagnostic(page.url, page.body, at, message);
}

FetchStatus MarquezApi::getObject(const QString &apiPath, const QUrlQuery &query, const char *expected,
                                  simdjson::dom::object *out, Diagnostic *problem)
{
    MarquezResponse r = m_client.get(apiPath, query);
    const QString url = r.url.toDisplayString(QUrl::RemoveUserInfo);
    m_lastUrl = url;
    if (r.cancelled)
        return FetchStatus::Cancelled;
    if (!r.ok()) {
        *problem = Diagnostic();
        problem->file = url;
        problem->message = r.error;
        return r.status == 404 ? FetchStatus::NotFound : FetchStatus::Failed;
    }
    m_body = std::move(r.body);
    const std::string_view body(m_body.constData(), std::size_t(m_body.size()));
    const QString what = QLatin1StringView(expected);
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        *problem = bodyDiagnostic(url, body, 0, u"the answer is empty: expected "_s + what);
        return FetchStatus::Failed;
    }
    simdjson::dom::element root;
    if (const auto error = m_parser.parse(body.data(), body.size(), true).get(root)) {
        // Where it went wrong, with the scalar scanners (simdjson says only what).
        JsonProblem p = error == simdjson::UTF8_ERROR ? findInvalidUtf8(body) : JsonProblem{};
        if (!p.found())
            p = findJsonSyntaxError(body, 128);
        const QString found = p.found() ? p.message : jsonString(simdjson::error_message(error));
        *problem = bodyDiagnostic(url, body, p.found() ? p.offset : 0,
                                  u"not valid JSON ("_s + found + u"); expected "_s + what);
        return FetchStatus::Failed;
    }
    if (root.get_object().get(*out) != simdjson::SUCCESS) {
        *problem = bodyDiagnostic(url, body, qint64(body.find_first_not_of(" \t\r\n")),
                                  u"expected "_s + what + u", found "_s + jsonaccess::typeName(root));
        return FetchStatus::Failed;
    }
    return FetchStatus::Ok;
}

FetchStatus MarquezApi::walkList(const QString &apiPath, QUrlQuery query, std::string_view member,
                                 const char *expected, int pageSize, const ItemFn &onItem,
                                 Diagnostic *problem, const std::function<void(qint64, qint64)> &pageDone)
{
    pageSize = std::max(pageSize, 1);
    qint64 offset = 0;
    QByteArray previousPage;
    for (;;) {
        QUrlQuery q = query;
        q.addQueryItem(u"limit"_s, QString::number(pageSize));
        q.addQueryItem(u"offset"_s, QString::number(offset));
        simdjson::dom::object root;
        const FetchStatus status = getObject(apiPath, q, expected, &root, problem);
        if (status != FetchStatus::Ok)
            return status;
        MarquezPage page;
        page.url = m_lastUrl;
        page.body = std::string_view(m_body.constData(), std::size_t(m_body.size()));
        page.member = member;
        simdjson::dom::array items;
        if (root[member].get_array().get(items) != simdjson::SUCCESS) {
            simdjson::dom::element found;
            const QString what = root[member].get(found) == simdjson::SUCCESS
                ? u"found "_s + jsonaccess::typeName(found) : u"it is missing"_s;
            JsonLocator locator(page.body);
            *problem = bodyDiagnostic(page.url, page.body, locator.locate({JsonPathStep::member(member)}),
                                      u"\""_s + jsonString(member) + u"\": expected an array ("_s
                                          + QLatin1StringView(expected) + u"), "_s + what);
            return FetchStatus::Failed;
        }
        double total = -1;
        if (root["totalCount"].get_double().get(total) == simdjson::SUCCESS && total >= 0)
            page.totalCount = qint64(total);
        if (page.totalCount < 0 && offset > 0 && m_body == previousPage) {
            // Older servers take a limit but no offset: the same page again. Stop instead
            // of reading it forever.
            if (m_warn) {
                Diagnostic d = bodyDiagnostic(page.url, {}, -1,
                                              u"the server answered this page with the previous one "
                                              "(it ignores \"offset\"): only the first %1 items were "
                                              "read; a larger page size reads more"_s.arg(offset));
                d.severity = Diagnostic::Severity::Warning;
                m_warn(d);
            }
            break;
        }
        if (page.totalCount < 0)
            previousPage = m_body;
        qint64 index = 0;
        for (simdjson::dom::element item : items) {
            if (!onItem(item, index++, page))
                return FetchStatus::Ok;
        }
        const qint64 received = index;
        offset += received;
        if (pageDone)
            pageDone(offset, std::max<qint64>(page.totalCount, 0));
        if (received == 0)
            break;
        if (page.totalCount >= 0 ? offset >= page.totalCount : received < pageSize)
            break;
        if (page.totalCount < 0 && received > pageSize)
            break;  // the server ignored the limit: that was everything
    }
    return FetchStatus::Ok;
}

FetchStatus marquezNamespaces(MarquezApi &api, int pageSize, QStringList *out, Diagnostic *problem)
{
    bool bad = false;
    const FetchStatus status = api.walkList(
        u"/api/v1/namespaces"_s, {}, "namespaces",
        "Marquez's NamespaceList, an object with a \"namespaces\" array", pageSize,
        [&](simdjson::dom::element item, qint64 index, const MarquezPage &page) {
            std::string_view name;
            if (item["name"].get_string().get(name) != simdjson::SUCCESS) {
                *problem = api.itemDiagnostic(page, index, u"namespaces[%1].name: expected a string"_s.arg(index));
                bad = true;
                return false;
            }
            *out << jsonString(name);
            return true;
        },
        problem);
    return bad ? FetchStatus::Failed : status;
}

}  // namespace meshlens
