#include "clicommands.h"
#include "pathoutput.h"

#include "cache/meshcache.h"
#include "clioutput.h"
#include "generate/meshgenerator.h"
#include "graph/traversal.h"
#include "ingest/ingestpipeline.h"
#include "mesh/snapshotgraph.h"
#include "mesh/timeutil.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace meshlens::cli {
namespace {

// Sets up a parser with --help; returns false (and the exit code in *code) when parsing
// failed or help was shown.
bool parse(QCommandLineParser &parser, const QStringList &args, const QString &command,
           const QString &description, int *code)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    if (!parser.parse(args)) {
        *code = fail(command, parser.errorText() + u"\nSee: meshlens-cli "_s + command + u" --help"_s);
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText().replace(args.value(0), u"meshlens-cli "_s + command));
        *code = Success;
        return false;
    }
    return true;
}

QCommandLineOption atOption()
{
    return {u"at"_s, u"Show the mesh as of time T (ISO 8601, e.g. 2025-05-20T00:00:00Z, or 'now')."_s,
            u"T"_s};
}

bool parseAt(const QCommandLineParser &parser, const QString &command, Timestamp *at, int *code)
{
    *at = 0;
    if (!parser.isSet(u"at"_s))
        return true;
    if (!parseUserTimestamp(parser.value(u"at"_s), at)) {
        *code = fail(command, u"--at: cannot read \""_s + parser.value(u"at"_s)
                                  + u"\"; expected an ISO 8601 time such as 2025-05-20T00:00:00Z"_s);
        return false;
    }
    return true;
}

}  // namespace

QString summaryLine(const WriteSummary &s)
{
    static const char *names[] = {"domains", "products", "ports", "datasets", "jobs"};
    QStringList added, updated;
    for (int k = 0; k < kEntityKindCount; ++k) {
        if (s.added[k])
            added << QString::number(s.added[k]) + u' ' + QLatin1StringView(names[k]);
        if (s.updated[k])
            updated << QString::number(s.updated[k]) + u' ' + QLatin1StringView(names[k]);
    }
    if (s.edgesAdded)
        added << QString::number(s.edgesAdded) + u" edges"_s;
    if (s.edgesUpdated)
        updated << QString::number(s.edgesUpdated) + u" edges"_s;
    if (s.columnEdgesAdded)
        added << QString::number(s.columnEdgesAdded) + u" column edges"_s;
    if (s.qualityAdded)
        added << QString::number(s.qualityAdded) + u" quality results"_s;
    if (s.freshnessAdded)
        added << QString::number(s.freshnessAdded) + u" freshness observations"_s;
    if (s.contractsAdded)
        added << QString::number(s.contractsAdded) + u" contracts"_s;
    QString line = u"added "_s + (added.isEmpty() ? u"nothing"_s : added.join(u", "_s));
    if (!updated.isEmpty())
        line += u"; seen again "_s + updated.join(u", "_s);
    return line;
}

Result<SnapshotPtr> openSnapshot(const QString &path, Timestamp at)
{
    if (!QFileInfo::exists(path))
        return Error{path + u": no such cache file"_s};
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
    if (!cache)
        return cache.error();
    auto data = cache.value()->loadSnapshot(at);
    if (!data)
        return data.error();
    return SnapshotGraph::build(std::move(data.value()));
}

bool readMappingOption(const QString &command, const QString &path, std::optional<Mapping> *mapping,
                       int *code)
{
    Diagnostics diagnostics;
    Result<Mapping> loaded = loadMapping(path, &diagnostics);
    for (const Diagnostic &d : diagnostics)
        err(d.toString());
    if (!loaded) {
        *code = fail(command, u"--mapping: "_s + path + u" has errors (see above); nothing was read"_s);
        return false;
    }
    mapping->emplace(std::move(loaded.value()));
    return true;
}

int ingestCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file (created if missing)."_s);
    parser.addPositionalArgument(u"INPUT"_s, u"Files or directories to read (format detected by content)."_s,
                                 u"INPUT..."_s);
    parser.addOption({u"quiet"_s, u"Print only errors."_s});
    parser.addOption({u"mapping"_s, u"Mapping file (YAML): namespace aliases and domain/product "
                                    "patterns applied to every input."_s, u"FILE"_s});
    int code = 0;
    if (!parse(parser, args, u"ingest"_s, u"Reads metadata files into a MeshLens cache."_s, &code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2)
        return fail(u"ingest"_s, u"expected a cache file and at least one input; see --help"_s);
    std::optional<Mapping> mapping;
    if (parser.isSet(u"mapping"_s)
        && !readMappingOption(u"ingest"_s, parser.value(u"mapping"_s), &mapping, &code))
        return code;
    auto cache = MeshCache::open(pos[0], MeshCache::OpenMode::ReadWrite);
    if (!cache)
        return fail(u"ingest"_s, cache.errorMessage());
    QElapsedTimer timer;
    timer.start();
    const IngestOutcome outcome = ingestInputs(*cache.value(), pos.mid(1), nullptr, {},
                                               mapping ? &*mapping : nullptr);
    int written = 0, rejected = 0, skipped = 0;
    for (const IngestReport &r : outcome.reports) {
        for (const Diagnostic &d : r.diagnostics)
            err(d.toString());
        if (r.skipped) {
            ++skipped;
        } else if (r.written) {
            ++written;
            if (!parser.isSet(u"quiet"_s))
                out(r.file + u": "_s + QString::number(r.records) + u" records, "_s
                    + summaryLine(r.summary));
        } else if (r.batchesWritten > 0) {
            ++rejected;
            err(u"%1: %2 of %3 batches written (%4); the batches with errors were not"_s
                    .arg(r.file).arg(r.batchesWritten).arg(r.batchesWritten + r.batchesRejected)
                    .arg(summaryLine(r.summary)));
        } else {
            ++rejected;
            err(r.file + u": not written (the cache is unchanged by this file)"_s);
        }
    }
    if (!parser.isSet(u"quiet"_s))
        out(u"%1 file(s) written, %2 rejected, %3 skipped, %4 ms"_s.arg(written).arg(rejected).arg(skipped)
                .arg(timer.elapsed()));
    return outcome.anyErrors() || rejected ? BadInput : Success;
}

int statsCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file."_s);
    parser.addOption(atOption());
    parser.addOption({u"json"_s, u"Print JSON."_s});
    int code = 0;
    if (!parse(parser, args, u"stats"_s, u"Counts what a cache holds, now or as of a time."_s, &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return fail(u"stats"_s, u"expected one cache file; see --help"_s);
    Timestamp at = 0;
    if (!parseAt(parser, u"stats"_s, &at, &code))
        return code;
    const QString path = parser.positionalArguments().first();
    if (!QFileInfo::exists(path))
        return fail(u"stats"_s, path + u": no such cache file"_s);
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadOnly);
    if (!cache)
        return fail(u"stats"_s, cache.errorMessage());
    auto stats = cache.value()->stats(at);
    if (!stats)
        return fail(u"stats"_s, stats.errorMessage());
    const CacheStats &s = stats.value();
    const QList<QPair<QString, qint64>> counts{
        {u"domains"_s, s.domains}, {u"products"_s, s.products}, {u"ports"_s, s.ports},
        {u"datasets"_s, s.datasets}, {u"jobs"_s, s.jobs}, {u"edges"_s, s.edges},
        {u"columnEdges"_s, s.columnEdges}, {u"qualityResults"_s, s.quality},
        {u"freshnessObservations"_s, s.freshness}, {u"contracts"_s, s.contracts}};
    if (parser.isSet(u"json"_s)) {
        QJsonObject o;
        o[u"cache"_s] = path;
        o[u"at"_s] = at ? formatIsoTimestamp(at) : u"now"_s;
        for (const auto &[name, n] : counts)
            o[name] = n;
        printJson(o);
    } else {
        QList<QPair<QString, QString>> rows;
        rows << qMakePair(u"as of"_s, at ? formatIsoTimestamp(at) : u"now"_s);
        for (const auto &[name, n] : counts)
            rows << qMakePair(name, QString::number(n));
        printTable(rows);
    }
    return Success;
}

int upgradeCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file."_s);
    int code = 0;
    if (!parse(parser, args, u"upgrade"_s,
            u"Upgrades a cache an older MeshLens wrote to this version's schema, in place and in "
            "one step (read-only commands refuse caches older than schema 5; older versions cannot "
            "open it afterwards)."_s,
            &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return fail(u"upgrade"_s, u"expected one cache file; see --help"_s);
    const QString path = parser.positionalArguments().first();
    if (!QFileInfo(path).isFile())
        return fail(u"upgrade"_s, path + u": no such cache file"_s);
    const int from = MeshCache::upgradableSchema(path);
    // Opening for writing refuses what is not a cache, or is newer, with the reason.
    auto cache = MeshCache::open(path, MeshCache::OpenMode::ReadWrite);
    if (!cache)
        return fail(u"upgrade"_s, cache.errorMessage());
    if (from == 0)
        out(path + u": already cache schema "_s + QString::number(MeshCache::kSchemaVersion));
    else
        out(path + u": upgraded from cache schema %1 to %2"_s.arg(from).arg(MeshCache::kSchemaVersion));
    return Success;
}

int lineageCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file."_s);
    parser.addPositionalArgument(u"KEY"_s, u"Start node key, e.g. dataset:postgres://db:5432/shop.public.orders"_s);
    parser.addOption({u"direction"_s, u"up, down or both (default both)."_s, u"DIR"_s, u"both"_s});
    parser.addOption({u"depth"_s, u"Hops to follow, or 'all' (default all)."_s, u"N"_s, u"all"_s});
    parser.addOption({u"level"_s, u"dataset, product or domain (default dataset)."_s, u"LEVEL"_s,
                      u"dataset"_s});
    parser.addOption({u"path-to"_s, u"Instead, list every node on a lineage path between KEY and "
                                     "OTHER (downstream from KEY, else upstream); exit code 1 when "
                                     "none joins them. --direction and --depth do not apply."_s, u"OTHER"_s});
    parser.addOption(atOption());
    parser.addOption({u"json"_s, u"Print JSON."_s});
    int code = 0;
    if (!parse(parser, args, u"lineage"_s, u"Lists what is upstream or downstream of a node."_s, &code))
        return code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2)
        return fail(u"lineage"_s, u"expected a cache file and a key; see --help"_s);
    Direction direction;
    if (!parseDirection(parser.value(u"direction"_s), &direction))
        return fail(u"lineage"_s, u"--direction: expected up, down or both, got \""_s
                                      + parser.value(u"direction"_s) + u'"');
    Level level;
    if (!parseLevel(parser.value(u"level"_s), &level))
        return fail(u"lineage"_s, u"--level: expected dataset, product or domain, got \""_s
                                      + parser.value(u"level"_s) + u'"');
    int depth = kUnlimitedDepth;
    if (parser.value(u"depth"_s) != u"all") {
        bool ok = false;
        depth = parser.value(u"depth"_s).toInt(&ok);
        if (!ok || depth < 0)
            return fail(u"lineage"_s, u"--depth: expected a number of hops (0 or more) or 'all', got \""_s
                                          + parser.value(u"depth"_s) + u'"');
    }
    Timestamp at = 0;
    if (!parseAt(parser, u"lineage"_s, &at, &code))
        return code;
    auto graph = openSnapshot(pos[0], at);
    if (!graph)
        return fail(u"lineage"_s, graph.errorMessage());
    const SnapshotGraph &g = *graph.value();
    const QByteArray key = pos[1].toUtf8();
    const auto start = g.find(std::string_view(key.constData(), std::size_t(key.size())));
    if (!start)
        return fail(u"lineage"_s, u"no node with key \""_s + pos[1] + u"\" in "_s + pos[0]
                                      + (at ? u" as of "_s + formatIsoTimestamp(at) : QString())
                                      + u" (keys look like dataset:<namespace>/<name>, product:<id>, domain:<id>)"_s);
    if (parser.isSet(u"path-to"_s)) {
        const QByteArray other = parser.value(u"path-to"_s).toUtf8();
        const auto end = g.find(std::string_view(other.constData(), std::size_t(other.size())));
        if (!end)
            return fail(u"lineage"_s, u"--path-to: no node with key \""_s + parser.value(u"path-to"_s)
                                          + u"\" in "_s + pos[0]);
        if (g.representative(*start, level) == kNoNode || g.representative(*end, level) == kNoNode)
            return fail(u"lineage"_s, u"--path-to: both nodes need a "_s + levelName(level)
                                          + u"-level node (try --level product or domain)"_s);
        return printPaths(g, *start, *end, level, parser.isSet(u"json"_s));
    }
    const TraversalResult r = traverse(g, *start, direction, depth, level);
    if (r.nodes.empty())
        return fail(u"lineage"_s, pos[1] + u" has no "_s + levelName(level)
                                      + u"-level node (a "_s + entityKindName(g.node(*start).kind)
                                      + u" cannot be shown at that level)"_s);
    const LevelGraph &lg = g.level(level);
    if (parser.isSet(u"json"_s)) {
        QJsonArray nodes, edges;
        for (std::size_t i = 0; i < r.nodes.size(); ++i) {
            nodes.append(QJsonObject{{u"key"_s, g.keyString(r.nodes[i])},
                                     {u"name"_s, g.nameString(r.nodes[i])},
                                     {u"kind"_s, entityKindName(g.node(r.nodes[i]).kind)},
                                     {u"depth"_s, qint64(r.depth[i])}});
        }
        for (std::uint32_t e : r.edges) {
            const auto [from, to] = lg.edgeEnds(e);
            edges.append(QJsonObject{{u"from"_s, g.keyString(lg.toGlobal[from])},
                                     {u"to"_s, g.keyString(lg.toGlobal[to])},
                                     {u"count"_s, qint64(lg.weight[e])}});
        }
        printJson(QJsonObject{{u"start"_s, pos[1]}, {u"direction"_s, directionName(direction)},
                              {u"depth"_s, depth < 0 ? QJsonValue(u"all"_s) : QJsonValue(depth)},
                              {u"level"_s, levelName(level)}, {u"nodes"_s, nodes}, {u"edges"_s, edges}});
    } else {
        for (std::size_t i = 0; i < r.nodes.size(); ++i)
            out(QString::number(r.depth[i]).rightJustified(4) + u"  "_s
                + entityKindName(g.node(r.nodes[i]).kind).leftJustified(8) + g.keyString(r.nodes[i]));
        err(u"%1 node(s), %2 edge(s)"_s.arg(r.nodes.size()).arg(r.edges.size()));
    }
    return Success;
}

int generateCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({u"datasets"_s, u"Number of datasets (default 600)."_s, u"N"_s, u"600"_s});
    parser.addOption({u"seed"_s, u"Random seed (default 42)."_s, u"S"_s, u"42"_s});
    parser.addOption({u"history-days"_s, u"Days of quality and freshness history (default 30)."_s,
                      u"D"_s, u"30"_s});
    parser.addOption({u"format"_s, u"native or openlineage (default native)."_s, u"FORMAT"_s, u"native"_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"Output file (required)."_s, u"FILE"_s});
    int code = 0;
    if (!parse(parser, args, u"generate"_s,
               u"Writes a deterministic synthetic mesh that looks like a real company's."_s, &code))
        return code;
    GeneratorOptions options;
    bool ok = false;
    options.datasets = parser.value(u"datasets"_s).toLongLong(&ok);
    if (!ok || options.datasets < 1 || options.datasets > 50'000'000)
        return fail(u"generate"_s, u"--datasets: expected a number from 1 to 50000000"_s);
    options.seed = parser.value(u"seed"_s).toULongLong(&ok);
    if (!ok)
        return fail(u"generate"_s, u"--seed: expected a non-negative integer"_s);
    options.historyDays = parser.value(u"history-days"_s).toInt(&ok);
    if (!ok || options.historyDays < 0 || options.historyDays > 3650)
        return fail(u"generate"_s, u"--history-days: expected a number from 0 to 3650"_s);
    GeneratorFormat format;
    if (parser.value(u"format"_s) == u"native")
        format = GeneratorFormat::Native;
    else if (parser.value(u"format"_s) == u"openlineage")
        format = GeneratorFormat::OpenLineage;
    else
        return fail(u"generate"_s, u"--format: expected native or openlineage"_s);
    if (!parser.isSet(u"output"_s))
        return fail(u"generate"_s, u"-o FILE is required"_s);
    // QSaveFile: a failed or interrupted run never leaves a half-written file behind.
    QSaveFile file(parser.value(u"output"_s));
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"generate"_s, file.fileName() + u": "_s + file.errorString());
    const Status status = writeGeneratedMesh(options, format, file);
    if (!status)
        return fail(u"generate"_s, status.errorMessage());
    if (!file.commit())
        return fail(u"generate"_s, file.fileName() + u": "_s + file.errorString());
    return Success;
}

}  // namespace meshlens::cli
