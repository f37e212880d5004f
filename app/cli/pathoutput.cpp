#include "pathoutput.h"

#include "clioutput.h"
#include "layout/focuslayout.h"

#include <QJsonArray>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace meshlens {

using namespace cli;

int printPaths(const SnapshotGraph &graph, NodeId from, NodeId to, Level level, bool json)
{
    FocusRequest request;
    request.focus = from;
    request.level = level;
    request.pathTo = to;
    request.pathRequested = true;
    request.maxNodes = std::numeric_limits<std::uint32_t>::max();  // no cap on the command line
    const FocusSubgraph sub = focusSubgraph(graph, request);
    const bool found = sub.pathFound;
    if (json) {
        QJsonArray nodes, edges;
        for (std::size_t i = 0; found && i < sub.nodes.size(); ++i) {
            nodes.append(QJsonObject{{u"key"_s, graph.keyString(sub.nodes[i])},
                                     {u"name"_s, graph.nameString(sub.nodes[i])},
                                     {u"kind"_s, entityKindName(graph.node(sub.nodes[i]).kind)},
                                     {u"depth"_s, sub.distance[i]}});
        }
        for (std::size_t e = 0; found && e < sub.edges.size(); ++e) {
            edges.append(QJsonObject{{u"from"_s, graph.keyString(sub.nodes[sub.edges[e].first])},
                                     {u"to"_s, graph.keyString(sub.nodes[sub.edges[e].second])},
                                     {u"count"_s, qint64(sub.weight[e])}});
        }
        printJson(QJsonObject{{u"start"_s, graph.keyString(from)}, {u"pathTo"_s, graph.keyString(to)},
                              {u"level"_s, levelName(level)}, {u"found"_s, found},
                              {u"nodes"_s, nodes}, {u"edges"_s, edges}});
    } else if (found) {
        for (std::size_t i = 0; i < sub.nodes.size(); ++i)
            out(QString::number(sub.distance[i]).rightJustified(4) + u"  "_s
                + entityKindName(graph.node(sub.nodes[i]).kind).leftJustified(8) + graph.keyString(sub.nodes[i]));
    }
    if (!found) {
        err(u"no %1-level lineage path joins %2 and %3, either way"_s.arg(levelName(level),
                                                                          graph.keyString(from), graph.keyString(to)));
        return Finding;
    }
    err(u"%1 node(s) on paths, %2 edge(s)"_s.arg(sub.nodes.size()).arg(sub.edges.size()));
    return Success;
}

}  // namespace meshlens
