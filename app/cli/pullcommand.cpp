// meshlens-cli pull marquez: reads lineage from a running Marquez server into a cache.

#include "clicommands.h"
#include "clioutput.h"

#include "cache/meshcache.h"
#include "ingest/marquezclient.h"
#include "ingest/marquezpull.h"
#include "mesh/timeutil.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace meshlens::cli {
namespace {

const char kDescription[] =
    "Pulls lineage from a running Marquez server into a MeshLens cache (created if missing).\n"
    "\n"
    "Reads Marquez's raw OpenLineage events (GET /api/v1/events/lineage, paged, oldest\n"
    "first) and treats them exactly as OpenLineage files are treated. A server without that\n"
    "endpoint is read through its lineage graphs (GET /api/v1/lineage) instead.\n"
    "\n"
    "An API key, if the server wants one, is read from the environment variable\n"
    "MARQUEZ_API_KEY and sent as \"Authorization: Bearer\"; it is never printed or stored.\n"
    "Connection errors, HTTP 5xx and 429 are retried with exponential back-off.\n"
    "\n"
    "Exit codes: 0 pulled; 1 a network, HTTP or data error (what was read before a failed\n"
    "batch stays in the cache); 2 bad usage.";

bool intOption(const QCommandLineParser &parser, const QString &name, int min, int max, int *out,
               int *code)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < min || v > max) {
        *code = fail(u"pull"_s, u"--%1: expected a whole number from %2 to %3, got \"%4\""_s
                                    .arg(name).arg(min).arg(max).arg(parser.value(name)));
        return false;
    }
    *out = v;
    return true;
}

QString endpointText(MarquezEndpoint e)
{
    switch (e) {
    case MarquezEndpoint::Events: return u"/api/v1/events/lineage"_s;
    case MarquezEndpoint::LineageGraph: return u"/api/v1/lineage graphs (no events endpoint)"_s;
    case MarquezEndpoint::None: break;
    }
    return u"nothing"_s;
}

}  // namespace

int pullCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kDescription));
    parser.addHelpOption();
    parser.addPositionalArgument(u"SOURCE"_s, u"What to pull from: marquez."_s);
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file (created if missing)."_s);
    parser.addOption({u"url"_s, u"Marquez's API server, e.g. http://localhost:5000 (required)."_s, u"URL"_s});
    parser.addOption({u"namespace"_s, u"Only jobs (and dataset events) of this namespace."_s, u"NS"_s});
    parser.addOption({u"since"_s, u"Only events after time T (ISO 8601, e.g. 2025-05-20T00:00:00Z)."_s, u"T"_s});
    parser.addOption({u"timeout"_s, u"Seconds of silence before a request fails (default 30)."_s, u"S"_s});
    parser.addOption({u"retries"_s, u"Retries per request after a connection error, 5xx or 429 (default 3)."_s, u"N"_s});
    parser.addOption({u"retry-delay"_s, u"First back-off in milliseconds, doubled per retry (default 500)."_s, u"MS"_s});
    parser.addOption({u"page-size"_s, u"Events per request (default 100)."_s, u"N"_s});
    parser.addOption({u"quiet"_s, u"Print only errors."_s});
    parser.addOption({u"mapping"_s, u"Mapping file (YAML): namespace aliases and domain/product "
                                    "patterns applied to what is pulled."_s, u"FILE"_s});
    if (!parser.parse(args))
        return fail(u"pull"_s, parser.errorText() + u"\nSee: meshlens-cli pull --help"_s);
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText().replace(args.value(0), u"meshlens-cli pull"_s));
        return Success;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return fail(u"pull"_s, u"expected a source (marquez) and a cache file; see --help"_s);
    if (pos[0] != u"marquez")
        return fail(u"pull"_s, u"unknown source \""_s + pos[0] + u"\"; expected marquez"_s);
    if (!parser.isSet(u"url"_s))
        return fail(u"pull"_s, u"--url is required, e.g. --url http://localhost:5000"_s);

    MarquezPullOptions options;
    options.server = QUrl(parser.value(u"url"_s), QUrl::StrictMode);
    if (const QString bad = MarquezClient::checkServerUrl(options.server); !bad.isEmpty())
        return fail(u"pull"_s, u"--url: "_s + bad);
    options.ns = parser.value(u"namespace"_s);
    if (parser.isSet(u"since"_s) && !parseUserTimestamp(parser.value(u"since"_s), &options.since))
        return fail(u"pull"_s, u"--since: cannot read \""_s + parser.value(u"since"_s)
                                   + u"\"; expected an ISO 8601 time such as 2025-05-20T00:00:00Z"_s);
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        const double seconds = parser.value(u"timeout"_s).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return fail(u"pull"_s, u"--timeout: expected seconds from 0.001 to 3600, got \""_s
                                       + parser.value(u"timeout"_s) + u'"');
        options.timeoutMs = std::max(1, int(seconds * 1000));
    }
    int code = Success;
    if (!intOption(parser, u"retries"_s, 0, 10, &options.retries, &code)
        || !intOption(parser, u"retry-delay"_s, 0, 60'000, &options.retryDelayMs, &code)
        || !intOption(parser, u"page-size"_s, 1, 10'000, &options.pageSize, &code))
        return code;
    std::optional<Mapping> mapping;
    if (parser.isSet(u"mapping"_s)
        && !readMappingOption(u"pull"_s, parser.value(u"mapping"_s), &mapping, &code))
        return code;
    options.mapping = mapping ? &*mapping : nullptr;

    auto cache = MeshCache::open(pos[1], MeshCache::OpenMode::ReadWrite);
    if (!cache)
        return fail(u"pull"_s, cache.errorMessage());
    QElapsedTimer timer;
    timer.start();
    const MarquezPullOutcome outcome = pullMarquez(*cache.value(), options);
    const IngestReport &report = outcome.ingest.reports.front();
    for (const Diagnostic &d : report.diagnostics)
        err(d.toString());
    const MarquezPullStats &s = outcome.stats;
    const bool failed = hasErrors(report.diagnostics) || report.batchesRejected > 0;
    if (!parser.isSet(u"quiet"_s) || failed) {
        // One pass of arg(): a URL may hold "%2" itself.
        const QString line = u"%1: %2 events via %3, %4 requests (%5 retries), %6 batch(es) written, "
                             "%7 rejected; %8; %9 ms"_s
                                 .arg(report.file, QString::number(s.events), endpointText(s.endpoint),
                                      QString::number(s.requests), QString::number(s.retries),
                                      QString::number(report.batchesWritten),
                                      QString::number(report.batchesRejected),
                                      summaryLine(report.summary), QString::number(timer.elapsed()));
        failed ? err(line) : out(line);
    }
    return failed ? Finding : Success;
}

}  // namespace meshlens::cli
