// `meshlens-cli bench`: ingest rate, snapshot load time and memory, and hub traversal on
// generated meshes. Each measured phase runs in a child process of its own, so resident
// memory figures belong to that phase alone.

#include "clicommands.h"
#include "clioutput.h"

#include "cache/meshcache.h"
#include "generate/meshgenerator.h"
#include "graph/traversal.h"
#include "ingest/ingestpipeline.h"
#include "ingest/resolver.h"
#include "mesh/hugepages.h"
#include "mesh/snapshotgraph.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens::cli {
namespace {

double ms(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e6; }

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Child phase: read, resolve and write one file into a fresh cache.
int ingestPhase(const QString &cachePath, const QString &input)
{
    QFile::remove(cachePath);
    QElapsedTimer total;
    total.start();
    QElapsedTimer t;
    t.start();
    IngestBatch batch = readInputFile(input);
    const double readMs = ms(t);
    if (batch.hasErrors())
        return fail(u"bench"_s, batch.diagnostics.first().toString());
    t.restart();
    resolveBatch(batch);
    const double resolveMs = ms(t);
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadWrite);
    if (!cache)
        return fail(u"bench"_s, cache.errorMessage());
    t.restart();
    auto written = cache.value()->write(batch);
    const double writeMs = ms(t);
    if (!written)
        return fail(u"bench"_s, written.errorMessage());
    cache.value().reset();
    const double totalMs = ms(total);
    const qint64 rows = written->rowsWritten;
    printJson(QJsonObject{{u"records"_s, batch.recordCount()}, {u"rows"_s, rows},
                          {u"readMs"_s, readMs}, {u"resolveMs"_s, resolveMs},
                          {u"writeMs"_s, writeMs}, {u"totalMs"_s, totalMs},
                          {u"rowsPerSecond"_s, rows / (totalMs / 1000.0)},
                          {u"peakRssMB"_s, double(peakResidentBytes()) / (1 << 20)},
                          {u"hugePages"_s, heapAsksForHugePages()},
                          {u"allocator"_s, QString::fromLatin1(heapAllocator())}});
    return Success;
}

// Child phase: read one file into batches (no cache), for the readers' own rate.
int readPhase(const QString &input)
{
    QElapsedTimer t;
    t.start();
    qint64 records = 0, batches = 0;
    bool errors = false;
    readInputFile(input, [&](IngestBatch &&batch) {
        records += batch.recordCount();
        ++batches;
        errors |= batch.hasErrors();
        return true;
    });
    const double readMs = ms(t);
    if (errors)
        return fail(u"bench"_s, input + u": the file has errors; run ingest to see them"_s);
    printJson(QJsonObject{{u"records"_s, records}, {u"batches"_s, batches}, {u"readMs"_s, readMs},
                          {u"recordsPerSecond"_s, records / (readMs / 1000.0)},
                          {u"MBPerSecond"_s, double(QFileInfo(input).size()) / (1 << 20) / (readMs / 1000.0)},
                          {u"peakRssMB"_s, double(peakResidentBytes()) / (1 << 20)},
                          {u"hugePages"_s, heapAsksForHugePages()},
                          {u"allocator"_s, QString::fromLatin1(heapAllocator())}});
    return Success;
}

// Child phase: load the snapshot, then walk the full closure from the biggest hub.
int loadPhase(const QString &cachePath, int repeat)
{
    const qint64 rssBefore = residentBytes();
    QElapsedTimer t;
    t.start();
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadOnly);
    if (!cache)
        return fail(u"bench"_s, cache.errorMessage());
    auto data = cache.value()->loadSnapshot(0);
    if (!data)
        return fail(u"bench"_s, data.errorMessage());
    const double queryMs = ms(t);
    const int connections = data->connections;
    const SnapshotPtr g = SnapshotGraph::build(std::move(data.value()));
    const double loadMs = ms(t);
    const qint64 rssAfter = residentBytes();

    // The hub: the dataset with the largest fan-out.
    const LevelGraph &lg = g->level(Level::Dataset);
    std::uint32_t hub = 0;
    for (std::uint32_t v = 0; v < lg.vertexCount(); ++v)
        if (out_degree(v, lg.graph) > out_degree(hub, lg.graph))
            hub = v;
    const NodeId hubNode = lg.vertexCount() ? lg.toGlobal[hub] : kNoNode;
    std::vector<double> down, up, downProduct;
    std::size_t downCount = 0, upCount = 0;
    for (int i = 0; i < repeat && hubNode != kNoNode; ++i) {
        t.restart();
        downCount = traverse(*g, hubNode, Direction::Downstream, kUnlimitedDepth, Level::Dataset).nodes.size();
        down.push_back(ms(t));
        t.restart();
        upCount = traverse(*g, hubNode, Direction::Upstream, kUnlimitedDepth, Level::Dataset).nodes.size();
        up.push_back(ms(t));
        t.restart();
        traverse(*g, hubNode, Direction::Downstream, kUnlimitedDepth, Level::Product);
        downProduct.push_back(ms(t));
    }
    printJson(QJsonObject{
        {u"nodes"_s, qint64(g->nodeCount())}, {u"edges"_s, qint64(g->edgeCount())},
        {u"queryMs"_s, queryMs}, {u"loadMs"_s, loadMs}, {u"connections"_s, connections},
        {u"rssDeltaMB"_s, double(rssAfter - rssBefore) / (1 << 20)},
        {u"peakRssMB"_s, double(peakResidentBytes()) / (1 << 20)},
        {u"graphMB"_s, double(g->memoryBytes()) / (1 << 20)},
        {u"hub"_s, hubNode == kNoNode ? QString() : g->keyString(hubNode)},
        {u"hubFanOut"_s, qint64(hubNode == kNoNode ? 0 : out_degree(hub, lg.graph))},
        {u"downstreamNodes"_s, qint64(downCount)}, {u"downstreamMs"_s, median(down)},
        {u"upstreamNodes"_s, qint64(upCount)}, {u"upstreamMs"_s, median(up)},
        {u"downstreamProductMs"_s, median(downProduct)}});
    return Success;
}

Result<QJsonObject> runChild(const QStringList &args)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(), args);
    if (!child.waitForFinished(-1) || child.exitCode() != 0)
        return Error{u"bench phase failed: "_s + args.join(u' ') + u"\n"_s
                     + QString::fromUtf8(child.readAllStandardError())};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(child.readAllStandardOutput(), &error);
    if (!doc.isObject())
        return Error{u"bench phase printed no JSON: "_s + error.errorString()};
    return doc.object();
}

QString fmt(double v, int decimals = 1) { return QString::number(v, 'f', decimals); }

}  // namespace

int benchCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Generates meshes of the given sizes and measures native ingest (rows/s), snapshot load "
        "(time, resident memory) and the full downstream/upstream closure from the biggest hub. "
        "Build in Release for meaningful figures."_s);
    parser.addHelpOption();
    parser.addOption({u"sizes"_s, u"Comma-separated dataset counts (default 10000,100000,1000000)."_s,
                      u"LIST"_s, u"10000,100000,1000000"_s});
    parser.addOption({u"seed"_s, u"Generator seed (default 42)."_s, u"S"_s, u"42"_s});
    parser.addOption({u"repeat"_s, u"Traversal repetitions; the median is reported (default 7)."_s,
                      u"N"_s, u"7"_s});
    parser.addOption({u"workdir"_s, u"Where to keep generated files and caches (default: a temporary folder)."_s,
                      u"DIR"_s});
    parser.addOption({u"json"_s, u"Print JSON."_s});
    parser.addOption({u"phase"_s, u"Run one measured phase alone: 'ingest CACHE FILE' (fresh cache), "
                                  "'read FILE' (parse only, streamed batches), 'load CACHE', 'frames CACHE' "
                                  "(drawing: first frame, ms per frame at zoom levels) or 'search CACHE' "
                                  "(quick-open index build and query times)."_s, u"PHASE"_s});
    if (!parser.parse(args))
        return fail(u"bench"_s, parser.errorText());
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText());
        return Success;
    }
    const int repeat = std::max(1, parser.value(u"repeat"_s).toInt());
    const QStringList pos = parser.positionalArguments();
    if (parser.value(u"phase"_s) == u"ingest" && pos.size() == 2)
        return ingestPhase(pos[0], pos[1]);
    if (parser.value(u"phase"_s) == u"read" && pos.size() == 1)
        return readPhase(pos[0]);
    if (parser.value(u"phase"_s) == u"load" && pos.size() == 1)
        return loadPhase(pos[0], repeat);
    if (parser.value(u"phase"_s) == u"search" && pos.size() == 1)
        return searchBenchPhase(pos[0], repeat);
#ifdef MESHLENS_CLI_EXPORT
    if (parser.value(u"phase"_s) == u"frames" && pos.size() == 1)
        return framesPhase(pos[0], repeat);
#endif
    if (parser.isSet(u"phase"_s))
        return fail(u"bench"_s, u"--phase: expected 'ingest CACHE FILE', 'read FILE', 'load CACHE', 'frames CACHE' or 'search CACHE'"_s);

    QTemporaryDir tmp;
    const QString workdir = parser.isSet(u"workdir"_s) ? parser.value(u"workdir"_s) : tmp.path();
    QDir().mkpath(workdir);
    QJsonArray results;
    for (const QString &sizeText : parser.value(u"sizes"_s).split(u',', Qt::SkipEmptyParts)) {
        GeneratorOptions options;
        options.datasets = sizeText.toLongLong();
        options.seed = parser.value(u"seed"_s).toULongLong();
        if (options.datasets <= 0)
            return fail(u"bench"_s, u"--sizes: expected positive numbers, got \""_s + sizeText + u'"');
        const QString meshFile = workdir + u"/mesh_"_s + sizeText + u".json"_s;
        const QString cacheFile = workdir + u"/mesh_"_s + sizeText + u".meshlens"_s;
        QElapsedTimer t;
        t.start();
        if (!QFile::exists(meshFile)) {
            QSaveFile f(meshFile);
            if (!f.open(QIODevice::WriteOnly))
                return fail(u"bench"_s, meshFile + u": "_s + f.errorString());
            const Status s = writeGeneratedMesh(options, GeneratorFormat::Native, f);
            if (!s || !f.commit())
                return fail(u"bench"_s, s ? f.errorString() : s.errorMessage());
        }
        const double generateMs = ms(t);
        err(u"bench: %1 datasets: generated %2 (%3 MB) in %4 ms; ingesting…"_s.arg(sizeText, meshFile)
                .arg(fmt(double(QFileInfo(meshFile).size()) / (1 << 20))).arg(fmt(generateMs, 0)));
        auto ingest = runChild({u"bench"_s, u"--phase"_s, u"ingest"_s, cacheFile, meshFile});
        if (!ingest)
            return fail(u"bench"_s, ingest.errorMessage());
        auto load = runChild({u"bench"_s, u"--phase"_s, u"load"_s, u"--repeat"_s,
                              QString::number(repeat), cacheFile});
        if (!load)
            return fail(u"bench"_s, load.errorMessage());
#ifdef MESHLENS_CLI_EXPORT
        auto frames = runChild({u"bench"_s, u"--phase"_s, u"frames"_s, u"--repeat"_s,
                                QString::number(repeat), cacheFile});
        if (!frames)
            return fail(u"bench"_s, frames.errorMessage());
        const QJsonObject f = frames.value();
#else
        const QJsonObject f;
#endif
        QJsonObject row{{u"datasets"_s, options.datasets}, {u"generateMs"_s, generateMs},
                        {u"frames"_s, f},
                        {u"fileMB"_s, double(QFileInfo(meshFile).size()) / (1 << 20)},
                        {u"cacheMB"_s, double(QFileInfo(cacheFile).size()) / (1 << 20)},
                        {u"ingest"_s, ingest.value()}, {u"load"_s, load.value()}};
        results.append(row);
        if (!parser.isSet(u"json"_s)) {
            const QJsonObject i = ingest.value(), l = load.value();
            out(u"%1 datasets, %2 edges"_s.arg(sizeText).arg(l[u"edges"_s].toInteger()));
            out(u"  ingest   %1 rows in %2 ms = %3 rows/s (read %4 ms, resolve %5 ms, write %6 ms), peak RSS %7 MB"_s
                    .arg(i[u"rows"_s].toInteger()).arg(fmt(i[u"totalMs"_s].toDouble(), 0))
                    .arg(fmt(i[u"rowsPerSecond"_s].toDouble(), 0)).arg(fmt(i[u"readMs"_s].toDouble(), 0))
                    .arg(fmt(i[u"resolveMs"_s].toDouble(), 0)).arg(fmt(i[u"writeMs"_s].toDouble(), 0))
                    .arg(fmt(i[u"peakRssMB"_s].toDouble(), 0)));
            out(u"  load     %1 ms (query %2 ms), graph %3 MB, process RSS +%4 MB, peak %5 MB"_s
                    .arg(fmt(l[u"loadMs"_s].toDouble(), 0)).arg(fmt(l[u"queryMs"_s].toDouble(), 0))
                    .arg(fmt(l[u"graphMB"_s].toDouble())).arg(fmt(l[u"rssDeltaMB"_s].toDouble(), 0))
                    .arg(fmt(l[u"peakRssMB"_s].toDouble(), 0)));
            out(u"  hub      %1 (fan-out %2): downstream %3 nodes in %4 ms, upstream %5 nodes in %6 ms, product level %7 ms"_s
                    .arg(l[u"hub"_s].toString()).arg(l[u"hubFanOut"_s].toInteger())
                    .arg(l[u"downstreamNodes"_s].toInteger()).arg(fmt(l[u"downstreamMs"_s].toDouble(), 3))
                    .arg(l[u"upstreamNodes"_s].toInteger()).arg(fmt(l[u"upstreamMs"_s].toDouble(), 3))
                    .arg(fmt(l[u"downstreamProductMs"_s].toDouble(), 3)));
            if (!f.isEmpty()) {
                QStringList perLevel;
                for (const auto &level : f[u"mapFrames"_s].toArray()) {
                    const QJsonObject o = level.toObject();
                    perLevel << u"%1× %2/%3 (cpu %4/%5)"_s.arg(fmt(o[u"scale"_s].toDouble(), 2))
                                    .arg(fmt(o[u"medianMs"_s].toDouble())).arg(fmt(o[u"worstMs"_s].toDouble()))
                                    .arg(fmt(o[u"medianCpuMs"_s].toDouble())).arg(fmt(o[u"worstCpuMs"_s].toDouble()));
                }
                out(u"  map      first frame %1 ms (load %2, scene %3, paint %4) for %5 products; "
                    "ms per 1600x1000 frame (median/worst): %6"_s
                        .arg(fmt(f[u"firstFrameMs"_s].toDouble(), 0)).arg(fmt(f[u"loadMs"_s].toDouble(), 0))
                        .arg(fmt(f[u"mapSceneMs"_s].toDouble(), 0)).arg(fmt(f[u"firstPaintMs"_s].toDouble(), 0))
                        .arg(f[u"products"_s].toInteger()).arg(perLevel.join(u", "_s)));
                const QJsonObject lin = f[u"lineage"_s].toObject();
                QStringList linLevels;
                for (const auto &level : lin[u"frames"_s].toArray()) {
                    const QJsonObject o = level.toObject();
                    linLevels << u"%1× %2/%3 (cpu %4/%5)"_s.arg(fmt(o[u"scale"_s].toDouble(), 2))
                                     .arg(fmt(o[u"medianMs"_s].toDouble())).arg(fmt(o[u"worstMs"_s].toDouble()))
                                    .arg(fmt(o[u"medianCpuMs"_s].toDouble())).arg(fmt(o[u"worstCpuMs"_s].toDouble()));
                }
                out(u"  lineage  hub downstream: %1 nodes laid out in %2 ms, scene %3 ms; frames %4"_s
                        .arg(lin[u"nodes"_s].toInteger()).arg(fmt(lin[u"layoutMs"_s].toDouble(), 0))
                        .arg(fmt(lin[u"sceneMs"_s].toDouble(), 0)).arg(linLevels.join(u", "_s)));
            }
        }
        if (!parser.isSet(u"workdir"_s)) {
            QFile::remove(meshFile);
            QFile::remove(cacheFile);
        }
    }
    if (parser.isSet(u"json"_s))
        printJson(QJsonObject{{u"results"_s, results}});
    return Success;
}

}  // namespace meshlens::cli
