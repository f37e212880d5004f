#include "marquezpull.h"

#include "batchpreparation.h"
#include "marquezapi.h"
#include "marquezfeed.h"
#include "marquezgraph.h"
#include "mapping.h"
#include "mesh/timeutil.h"

using namespace Qt::StringLiterals;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens {
namespace {

const char kEventList[] = "Marquez's LineageEventList, an object with an \"events\" array of "
                          "OpenLineage events";
constexpr int kMaxEventErrors = 20;

MarquezHttpOptions httpOptions(const MarquezPullOptions &o)
{
    MarquezHttpOptions h;
    h.timeoutMs = std::max(o.timeoutMs, 1);
    h.retries = std::clamp(o.retries, 0, 20);
    h.retryDelayMs = std::max(o.retryDelayMs, 0);
    h.apiKey = marquezApiKey(o.apiKey);
    return h;
}

QString serverText(const QUrl &server)
{
    return server.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

Diagnostic plain(const QString &file, const QString &message,
                 Diagnostic::Severity severity = Diagnostic::Severity::Error)
{
    Diagnostic d;
    d.severity = severity;
    d.file = file;
    d.message = message;
    return d;
}

// --namespace keeps the events of jobs in that namespace (and dataset events of datasets
// in it). Their inputs and outputs may live elsewhere: they are kept, as the lineage is.
bool inNamespace(element event, std::string_view ns)
{
    object ev, o;
    std::string_view v;
    if (event.get_object().get(ev) != simdjson::SUCCESS)
        return true;  // not an event: let the reader say so
    if (ev["job"].get_object().get(o) == simdjson::SUCCESS
        || ev["dataset"].get_object().get(o) == simdjson::SUCCESS)
        return o["namespace"].get_string().get(v) != simdjson::SUCCESS || v == ns;
    return true;
}

// The raw events, oldest first: a run's START comes before its COMPLETE, and events that
// arrive while we page append at the end instead of shifting the pages.
FetchStatus pullEvents(MarquezApi &api, const MarquezPullOptions &o, MarquezEventFeed &feed,
                       const MarquezProgressFn &progress, bool *anyPage, Diagnostic *problem)
{
    QUrlQuery query;
    query.addQueryItem(u"sortDirection"_s, u"asc"_s);
    if (o.since > 0)
        query.addQueryItem(u"after"_s, formatIsoTimestamp(o.since));
    const std::string ns = o.ns.toStdString();
    const QString stage = u"Reading lineage events from "_s + api.client().serverText();
    return api.walkList(
        u"/api/v1/events/lineage"_s, query, "events", kEventList, o.pageSize,
        [&](element event, qint64 index, const MarquezPage &page) {
            *anyPage = true;
            if (!ns.empty() && !inNamespace(event, ns))
                return true;
            QString why;
            if (!feed.add(event, &why)) {
                feed.report(api.itemDiagnostic(page, index, u"events[%1]: "_s.arg(index) + why));
                if (feed.errors() >= kMaxEventErrors) {
                    feed.report(plain(page.url, u"stopped after %1 errors"_s.arg(kMaxEventErrors)));
                    return false;
                }
            }
            return !feed.stopped();
        },
        problem,
        [&](qint64 done, qint64 total) {
            *anyPage = true;
            if (progress)
                progress(stage, done, total);
        });
}

void addSummary(WriteSummary &into, const WriteSummary &s)
{
    for (int k = 0; k < kEntityKindCount; ++k) {
        into.added[k] += s.added[k];
        into.updated[k] += s.updated[k];
    }
    into.edgesAdded += s.edgesAdded;
    into.edgesUpdated += s.edgesUpdated;
    into.columnEdgesAdded += s.columnEdgesAdded;
    into.qualityAdded += s.qualityAdded;
    into.freshnessAdded += s.freshnessAdded;
    into.contractsAdded += s.contractsAdded;
    into.rowsWritten += s.rowsWritten;
}

}  // namespace

QString marquezApiKey(const QString &given)
{
    if (!given.isEmpty())
        return given;
    return qEnvironmentVariable("MARQUEZ_API_KEY").trimmed();
}

MarquezPullStats pullMarquezBatches(const MarquezPullOptions &options, const BatchSink &sink,
                                    const std::atomic_bool *cancel, const MarquezProgressFn &progress)
{
    MarquezPullStats stats;
    const QString server = serverText(options.server);
    MarquezEventFeed feed(server, sink, options.eventsPerBatch);
    if (const QString bad = MarquezClient::checkServerUrl(options.server); !bad.isEmpty()) {
        feed.report(plain(server, bad));
        feed.finish();
        return stats;
    }
    MarquezApi api(options.server, httpOptions(options), cancel);
    api.setWarningSink([&feed](const Diagnostic &d) { feed.report(d); });
    Diagnostic problem;
    FetchStatus status = FetchStatus::Ok;
    if (!options.ns.isEmpty()) {
        // A misspelt namespace would otherwise be an empty pull that looks like success.
        QStringList known;
        status = marquezNamespaces(api, options.pageSize, &known, &problem);
        if (status == FetchStatus::Ok && !known.contains(options.ns)) {
            problem = plain(api.client().urlFor(u"/api/v1/namespaces"_s).toDisplayString(),
                            u"no namespace \""_s + options.ns + u"\" on "_s + server + u"; it has: "_s
                                + (known.isEmpty() ? u"none"_s : known.join(u", "_s)));
            status = FetchStatus::Failed;
        }
    }
    if (status == FetchStatus::Ok) {
        bool anyPage = false;
        stats.endpoint = MarquezEndpoint::Events;
        status = pullEvents(api, options, feed, progress, &anyPage, &problem);
        if (status == FetchStatus::NotFound && !anyPage) {
            // An older Marquez, or one behind a proxy that exposes only the graph API.
            stats.endpoint = MarquezEndpoint::LineageGraph;
            if (options.since > 0)
                feed.report(plain(server, u"this server has no events endpoint and its lineage graphs "
                                          "carry no time filter: --since is ignored"_s,
                                  Diagnostic::Severity::Warning));
            status = pullLineageGraphs(api, options, feed, progress, &problem);
        }
    }
    stats.requests = api.client().requestsSent();
    stats.retries = api.client().retriesMade();
    stats.events = feed.events();
    if (status == FetchStatus::Cancelled || (cancel && cancel->load())) {
        stats.cancelled = true;
        return stats;  // nothing more goes to the sink
    }
    if (status == FetchStatus::Failed || status == FetchStatus::NotFound)
        feed.report(problem);
    feed.finish();
    return stats;
}

MarquezPullOutcome pullMarquez(MeshCache &cache, const MarquezPullOptions &options,
                               const std::atomic_bool *cancel, const MarquezProgressFn &progress)
{
    // As ingestInputs() does for a file: resolve each good batch and write it in its own
    // transaction; a batch with errors is reported and not written.
    MarquezPullOutcome outcome;
    IngestReport report;
    report.file = serverText(options.server);
    report.format = InputFormat::OpenLineage;
    // The same preparation as a file's: mapping, stubs, and the dataset aliases (symlinks)
    // the cache and earlier batches of this pull declared.
    BatchPreparation preparation(cache, options.mapping);
    const BatchSink sink = [&](IngestBatch &&batch) {
        report.records += batch.recordCount();
        report.diagnostics << batch.diagnostics;
        if (batch.hasErrors()) {
            ++report.batchesRejected;
            return true;
        }
        preparation.prepare(batch);
        auto written = cache.write(batch, cancel, [&](qint64 done, qint64 total) {
            if (progress)
                progress(u"Writing to the cache"_s, done, total);
        });
        if (written) {
            ++report.batchesWritten;
            addSummary(report.summary, written.value());
            return true;
        }
        if (cancel && cancel->load()) {
            outcome.ingest.cancelled = true;
            return false;
        }
        ++report.batchesRejected;
        report.diagnostics << plain(report.file, written.errorMessage());
        return true;
    };
    outcome.stats = pullMarquezBatches(options, sink, cancel, progress);
    outcome.ingest.cancelled = outcome.ingest.cancelled || outcome.stats.cancelled;
    report.written = report.batchesWritten > 0 && report.batchesRejected == 0;
    outcome.ingest.reports.push_back(std::move(report));
    return outcome;
}

Result<QStringList> fetchMarquezNamespaces(const MarquezPullOptions &options, const std::atomic_bool *cancel)
{
    if (const QString bad = MarquezClient::checkServerUrl(options.server); !bad.isEmpty())
        return Error{serverText(options.server) + u": "_s + bad};
    MarquezApi api(options.server, httpOptions(options), cancel);
    QStringList names;
    Diagnostic problem;
    switch (marquezNamespaces(api, options.pageSize, &names, &problem)) {
    case FetchStatus::Ok:
        return names;
    case FetchStatus::Cancelled:
        return Error{u"cancelled"_s};
    case FetchStatus::NotFound:
    case FetchStatus::Failed:
        break;
    }
    return Error{problem.toString()};
}

}  // namespace meshlens
