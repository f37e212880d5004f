#pragma once

// Internal to the Marquez pull: the fallback for servers without the raw events endpoint.
// Lineage graphs (GET /api/v1/lineage?nodeId=..., nodes of type DATASET and JOB with their
// inEdges/outEdges) become OpenLineage events (a COMPLETE run per job with its input and
// output datasets, a dataset event per dataset no job touches), so that they go through the
// same event code as everything else.

#include "marquezapi.h"
#include "marquezfeed.h"
#include "marquezpull.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace meshlens {

/// Collects the nodes and edges of lineage graphs (they overlap) and writes them out as
/// OpenLineage events.
class MarquezGraph
{
public:
    /// Adds one LineageGraph document. False with *problem (a JSON path) when it is not one.
    bool add(simdjson::dom::object graph, QString *problem);
    bool contains(const std::string &nodeId) const { return m_nodes.count(nodeId) != 0; }
    std::size_t nodeCount() const { return m_nodes.size(); }
    /// Edge ends that no graph so far described.
    std::vector<std::string> missingNodes() const;
    /// A JSON array of OpenLineage events; `now` is the event time of nodes without one.
    std::string toEvents(Timestamp now) const;

private:
    struct Node {
        bool job = false;
        std::string ns, name, description, updatedAt;
        std::vector<std::pair<std::string, std::string>> facets;  // name, raw JSON
        std::string fields;  // raw JSON array of Marquez's dataset fields, or empty
    };
    bool addNode(simdjson::dom::object node, const QString &path, QString *problem);
    void writeDataset(std::string &out, const Node &node) const;
    std::string eventTime(const Node &node, Timestamp now) const;

    std::map<std::string, Node> m_nodes;                       // by node id, ordered: stable output
    std::set<std::pair<std::string, std::string>> m_edges;     // origin, destination
};

/// Lists the jobs and datasets of the namespace(s), fetches the lineage graph of each one
/// not yet seen in an earlier graph, and feeds the events made from them.
FetchStatus pullLineageGraphs(MarquezApi &api, const MarquezPullOptions &options,
                              MarquezEventFeed &feed, const MarquezProgressFn &progress,
                              Diagnostic *problem);

}  // namespace meshlens
