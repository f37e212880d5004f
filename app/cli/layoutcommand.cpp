// meshlens-cli layout: the layered layout of one level (or of a focus subgraph) as JSON
// node centres, for comparison with other layout tools.

#include "clicommands.h"

#include "cache/meshcache.h"
#include "clioutput.h"
#include "graph/traversal.h"
#include "layout/focuslayout.h"
#include "layout/layeredlayout.h"
#include "mesh/snapshotgraph.h"
#include "mesh/timeutil.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>

#include <boost/range/iterator_range.hpp>

using namespace Qt::StringLiterals;

namespace meshlens::cli {
namespace {

const QString kCommand = u"layout"_s;

// JSON string escaping for node keys (quotes, backslashes, control characters).
void appendJsonString(QByteArray &out, const std::string_view text)
{
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += QByteArray("\\u00") + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
}

}  // namespace

int layoutCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Lays out one level of the lineage graph with the layered (Sugiyama) engine, layers left "
        "to right, and writes {\"<node key>\": [x, y], ...} (centres of 100x30 boxes)."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file."_s);
    parser.addOption({u"level"_s, u"dataset, product or domain (default dataset)."_s, u"LEVEL"_s, u"dataset"_s});
    parser.addOption({u"focus"_s, u"Lay out only the nodes within --depth hops (both ways) of KEY."_s, u"KEY"_s});
    parser.addOption({u"depth"_s, u"Hops around --focus (default 2)."_s, u"N"_s, u"2"_s});
    parser.addOption({u"at"_s, u"Show the mesh as of time T (ISO 8601, e.g. 2025-05-20T00:00:00Z, or 'now')."_s,
                      u"T"_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"Output JSON file (required)."_s, u"FILE"_s});
    if (!parser.parse(args))
        return fail(kCommand, parser.errorText() + u"\nSee: meshlens-cli layout --help"_s);
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText().replace(args.value(0), u"meshlens-cli layout"_s));
        return Success;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return fail(kCommand, u"expected one cache file; see --help"_s);
    if (!parser.isSet(u"output"_s))
        return fail(kCommand, u"-o FILE is required"_s);
    Level level;
    if (!parseLevel(parser.value(u"level"_s), &level))
        return fail(kCommand, u"--level: expected dataset, product or domain, got \""_s
                                  + parser.value(u"level"_s) + u'"');
    bool ok = false;
    const int depth = parser.value(u"depth"_s).toInt(&ok);
    if (!ok || depth < 0)
        return fail(kCommand, u"--depth: expected a number of hops (0 or more), got \""_s
                                  + parser.value(u"depth"_s) + u'"');
    Timestamp at = 0;
    if (parser.isSet(u"at"_s) && !parseUserTimestamp(parser.value(u"at"_s), &at))
        return fail(kCommand, u"--at: cannot read \""_s + parser.value(u"at"_s)
                                  + u"\"; expected an ISO 8601 time such as 2025-05-20T00:00:00Z"_s);

    auto graph = openSnapshot(pos[0], at);
    if (!graph)
        return fail(kCommand, graph.errorMessage());
    const SnapshotGraph &g = *graph.value();
    const LevelGraph &lg = g.level(level);

    // The nodes to lay out and the edges among them (indices into `nodes`).
    std::vector<NodeId> nodes;
    LayoutEdgeList edges;
    if (parser.isSet(u"focus"_s)) {
        const QByteArray key = parser.value(u"focus"_s).toUtf8();
        const auto start = g.find(std::string_view(key.constData(), std::size_t(key.size())));
        if (!start)
            return fail(kCommand, u"no node with key \""_s + parser.value(u"focus"_s) + u"\" in "_s + pos[0]);
        FocusRequest request;
        request.focus = *start;
        request.level = level;
        request.upstreamDepth = request.downstreamDepth = depth;
        request.maxNodes = std::numeric_limits<std::uint32_t>::max();
        FocusSubgraph sub = focusSubgraph(g, request);
        if (sub.nodes.empty())
            return fail(kCommand, parser.value(u"focus"_s) + u" has no "_s + levelName(level) + u"-level node"_s);
        nodes = std::move(sub.nodes);
        edges = std::move(sub.edges);
    } else {
        nodes = lg.toGlobal;
        for (std::uint32_t v = 0; v < lg.vertexCount(); ++v) {
            for (const auto e : boost::make_iterator_range(boost::out_edges(v, lg.graph)))
                edges.emplace_back(v, std::uint32_t(boost::target(e, lg.graph)));
        }
    }

    QElapsedTimer timer;
    timer.start();
    const LayeredResult layout = layeredLayout(std::uint32_t(nodes.size()), edges);
    const double layoutMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    const std::uint64_t crossings = countCrossings(layout.positions, edges);
    const double countMs = double(timer.nsecsElapsed()) / 1e6;

    QByteArray json;
    json.reserve(qsizetype(nodes.size()) * 80);
    json += "{\n";
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
        json += i ? ",\n " : " ";
        appendJsonString(json, g.key(nodes[i]));
        json += ": [" + QByteArray::number(layout.positions[i].x, 'g', 10) + ", "
                + QByteArray::number(layout.positions[i].y, 'g', 10) + ']';
    }
    json += "\n}\n";
    QSaveFile file(parser.value(u"output"_s));
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        return fail(kCommand, file.fileName() + u": "_s + file.errorString());

    std::uint32_t layers = 0, reversed = 0;
    for (std::uint32_t l : layout.layer)
        layers = std::max(layers, l + 1);
    for (bool r : layout.reversed)
        reversed += r;
    err(u"%1 nodes, %2 edges (%3 reversed), %4 layers, %5 dummies; layout %6 ms; "
        "%7 straight-line crossings (counted in %8 ms), %9 between adjacent layers with dummies"_s
            .arg(nodes.size()).arg(edges.size()).arg(reversed).arg(layers).arg(layout.dummyCount)
            .arg(layoutMs, 0, 'f', 1).arg(crossings).arg(countMs, 0, 'f', 1).arg(layout.crossings));
    return Success;
}

}  // namespace meshlens::cli
