#include "marquezgraph.h"

#include "jsonlocator.h"
#include "mesh/timeutil.h"

#include <cstdio>

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens {
namespace {

const char kLineageGraph[] = "Marquez's LineageGraph, an object with a \"graph\" array of nodes";
const char kJobList[] = "Marquez's JobList, an object with a \"jobs\" array";
const char kDatasetList[] = "Marquez's DatasetList, an object with a \"datasets\" array";
const char kProducer[] = "https://github.com/meshlens/meshlens/marquez-lineage-graph";
const char kRunEventSchema[] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const char kDatasetEventSchema[] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent";
constexpr int kMissingNodeRounds = 3;
constexpr int kGraphDepth = 20;

std::string_view stringAt(object o, std::string_view key)
{
    std::string_view v;
    return o[key].get_string().get(v) == simdjson::SUCCESS ? v : std::string_view();
}

void appendString(std::string &out, std::string_view s)
{
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += ch;
        }
    }
    out += '"';
}

// "namespace" and "name" of a node's data: Marquez nests them in "id" and repeats them at
// the top; either will do.
void identity(object data, std::string_view *ns, std::string_view *name)
{
    object id;
    if (data["id"].get_object().get(id) == simdjson::SUCCESS) {
        *ns = stringAt(id, "namespace");
        *name = stringAt(id, "name");
    }
    if (ns->empty())
        *ns = stringAt(data, "namespace");
    if (name->empty())
        *name = stringAt(data, "name");
}

}  // namespace

bool MarquezGraph::addNode(object node, const QString &path, QString *problem)
{
    const std::string_view id = stringAt(node, "id");
    const std::string_view type = stringAt(node, "type");
    if (id.empty()) {
        *problem = path + u".id: expected the node id, a string such as \"job:namespace:name\""_s;
        return false;
    }
    if (type != "DATASET" && type != "JOB")
        return true;  // e.g. column lineage's DATASET_FIELD nodes: not dataset lineage
    for (const char *edges : {"inEdges", "outEdges"}) {
        array list;
        if (node[edges].get_array().get(list) != simdjson::SUCCESS)
            continue;
        for (element e : list) {
            object edge;
            if (e.get_object().get(edge) != simdjson::SUCCESS)
                continue;
            const std::string_view from = stringAt(edge, "origin"), to = stringAt(edge, "destination");
            if (!from.empty() && !to.empty())
                m_edges.emplace(std::string(from), std::string(to));
        }
    }
    if (m_nodes.count(std::string(id)))
        return true;  // graphs overlap: the same node again
    object data;
    if (node["data"].get_object().get(data) != simdjson::SUCCESS) {
        *problem = path + u".data: expected the node's dataset or job (an object)"_s;
        return false;
    }
    Node n;
    n.job = type == "JOB";
    std::string_view ns, name;
    identity(data, &ns, &name);
    if (ns.empty() || name.empty()) {
        *problem = path + u".data: expected id.namespace and id.name (strings)"_s;
        return false;
    }
    n.ns = ns;
    n.name = name;
    n.description = stringAt(data, "description");
    element updated;
    double seconds = 0;
    if (data["updatedAt"].get(updated) == simdjson::SUCCESS) {
        if (updated.is_string())
            n.updatedAt = stringAt(data, "updatedAt");
        else if (updated.get_double().get(seconds) == simdjson::SUCCESS && seconds > 0)
            n.updatedAt = formatIsoTimestamp(Timestamp(seconds * 1000)).toStdString();  // epoch seconds
    }
    object facets;
    if (data["facets"].get_object().get(facets) == simdjson::SUCCESS) {
        for (auto [key, value] : facets)
            n.facets.emplace_back(std::string(key), simdjson::to_string(value));
    }
    array fields;
    if (!n.job && data["fields"].get_array().get(fields) == simdjson::SUCCESS && fields.size() > 0)
        n.fields = simdjson::to_string(fields);
    m_nodes.emplace(std::string(id), std::move(n));
    return true;
}

bool MarquezGraph::add(object graph, QString *problem)
{
    array nodes;
    if (graph["graph"].get_array().get(nodes) != simdjson::SUCCESS) {
        *problem = u"graph: expected an array of nodes"_s;
        return false;
    }
    qint64 i = 0;
    for (element e : nodes) {
        const QString path = u"graph[%1]"_s.arg(i++);
        object node;
        if (e.get_object().get(node) != simdjson::SUCCESS) {
            *problem = path + u": expected a node (an object with id, type, data, inEdges, outEdges)"_s;
            return false;
        }
        if (!addNode(node, path, problem))
            return false;
    }
    return true;
}

std::vector<std::string> MarquezGraph::missingNodes() const
{
    std::set<std::string> missing;
    for (const auto &[from, to] : m_edges) {
        for (const std::string *end : {&from, &to}) {
            if (!m_nodes.count(*end))
                missing.insert(*end);
        }
    }
    return {missing.begin(), missing.end()};
}

std::string MarquezGraph::eventTime(const Node &node, Timestamp now) const
{
    Timestamp t = 0;
    if (!node.updatedAt.empty() && parseIsoTimestamp(node.updatedAt, &t))
        return node.updatedAt;
    return formatIsoTimestamp(now).toStdString();
}

void MarquezGraph::writeDataset(std::string &out, const Node &node) const
{
    out += "{\"namespace\":";
    appendString(out, node.ns);
    out += ",\"name\":";
    appendString(out, node.name);
    out += ",\"facets\":{";
    bool first = true, schema = false, documentation = false;
    const auto member = [&](std::string_view key) {
        out += first ? "" : ",";
        first = false;
        appendString(out, key);
        out += ':';
    };
    // The node's own OpenLineage facets as they are; Marquez's fields and description only
    // where no facet says the same.
    for (const auto &[key, raw] : node.facets) {
        schema = schema || key == "schema";
        documentation = documentation || key == "documentation";
        member(key);
        out += raw;
    }
    if (!schema && !node.fields.empty()) {
        member("schema");
        out += "{\"fields\":" + node.fields + "}";
    }
    if (!documentation && !node.description.empty()) {
        member("documentation");
        out += "{\"description\":";
        appendString(out, node.description);
        out += '}';
    }
    out += "}}";
}

std::string MarquezGraph::toEvents(Timestamp now) const
{
    std::map<std::string, std::pair<std::vector<const Node *>, std::vector<const Node *>>> runs;
    std::set<std::string> touched;
    for (const auto &[from, to] : m_edges) {
        const auto f = m_nodes.find(from), t = m_nodes.find(to);
        if (f == m_nodes.end() || t == m_nodes.end() || f->second.job == t->second.job)
            continue;  // an end nobody described, or not a dataset-job edge
        if (t->second.job)
            runs[to].first.push_back(&f->second);
        else
            runs[from].second.push_back(&t->second);
        touched.insert(f->second.job ? to : from);
    }
    std::string out = "[";
    const auto separator = [&] { out += out.size() > 1 ? ",\n" : ""; };
    for (const auto &[id, node] : m_nodes) {
        if (!node.job && touched.count(id))
            continue;  // it travels inside the runs that read or write it
        separator();
        if (node.job) {
            const auto &run = runs[id];
            out += "{\"eventType\":\"COMPLETE\",\"eventTime\":";
            appendString(out, eventTime(node, now));
            out += ",\"producer\":\"" + std::string(kProducer) + "\",\"schemaURL\":\"" + kRunEventSchema
                + "\",\"run\":{\"runId\":";
            appendString(out, "marquez-graph:" + id);
            out += "},\"job\":{\"namespace\":";
            appendString(out, node.ns);
            out += ",\"name\":";
            appendString(out, node.name);
            out += ",\"facets\":{";
            bool first = true, documentation = false;
            for (const auto &[key, raw] : node.facets) {
                documentation = documentation || key == "documentation";
                out += first ? "" : ",";
                first = false;
                appendString(out, key);
                out += ':' + raw;
            }
            if (!documentation && !node.description.empty()) {
                out += first ? "\"documentation\":{\"description\":" : ",\"documentation\":{\"description\":";
                appendString(out, node.description);
                out += '}';
            }
            out += "}}";
            for (const auto &[name, list] : {std::pair{"inputs", &run.first}, std::pair{"outputs", &run.second}}) {
                out += ",\"" + std::string(name) + "\":[";
                for (std::size_t i = 0; i < list->size(); ++i) {
                    out += i ? "," : "";
                    writeDataset(out, *(*list)[i]);
                }
                out += ']';
            }
            out += '}';
        } else {
            out += "{\"eventTime\":";
            appendString(out, eventTime(node, now));
            out += ",\"producer\":\"" + std::string(kProducer) + "\",\"schemaURL\":\"" + kDatasetEventSchema
                + "\",\"dataset\":";
            writeDataset(out, node);
            out += '}';
        }
    }
    out += ']';
    return out;
}

FetchStatus pullLineageGraphs(MarquezApi &api, const MarquezPullOptions &options,
                              MarquezEventFeed &feed, const MarquezProgressFn &progress,
                              Diagnostic *problem)
{
    QStringList namespaces;
    if (!options.ns.isEmpty())
        namespaces << options.ns;
    else if (const FetchStatus s = marquezNamespaces(api, options.pageSize, &namespaces, problem);
             s != FetchStatus::Ok)
        return s;

    // Every job and dataset is a way into a graph; one graph usually covers many of them.
    std::vector<std::string> seeds;
    for (const QString &ns : namespaces) {
        const QString base = u"/api/v1/namespaces/"_s + MarquezApi::segment(ns);
        for (const auto &[list, kindBinding, expected] :
             {std::tuple{"jobs", "job:", kJobList}, std::tuple{"datasets", "dataset:", kDatasetList}}) {
            const char *const kind = kindBinding; // clang 14 cannot capture a structured binding
            const FetchStatus s = api.walkList(
                base + u'/' + QLatin1StringView(list), {}, list, expected, options.pageSize,
                [&](element item, qint64, const MarquezPage &) {
                    object o;
                    std::string_view itemNs, name;
                    if (item.get_object().get(o) == simdjson::SUCCESS)
                        identity(o, &itemNs, &name);
                    if (!name.empty())
                        seeds.push_back(std::string(kind) + std::string(itemNs.empty() ? ns.toStdString() : itemNs)
                                        + ':' + std::string(name));
                    return true;
                },
                problem);
            if (s != FetchStatus::Ok)
                return s;
        }
    }

    MarquezGraph graph;
    const QString stage = u"Reading lineage graphs from "_s + api.client().serverText();
    const auto fetch = [&](const std::string &nodeId) {
        QUrlQuery query;
        query.addQueryItem(u"nodeId"_s, QString::fromStdString(nodeId));
        query.addQueryItem(u"depth"_s, QString::number(kGraphDepth));
        object root;
        const FetchStatus s = api.getObject(u"/api/v1/lineage"_s, query, kLineageGraph, &root, problem);
        if (s == FetchStatus::NotFound) {
            Diagnostic d = *problem;
            d.severity = Diagnostic::Severity::Warning;
            d.message = u"no lineage graph for the node \""_s + QString::fromStdString(nodeId)
                + u"\" (HTTP 404): skipped"_s;
            feed.report(d);
            return FetchStatus::Ok;
        }
        if (s != FetchStatus::Ok)
            return s;
        QString why;
        if (!graph.add(root, &why)) {
            *problem = api.bodyDiagnostic(api.lastUrl(), api.lastBody(), 0, why + u" ("_s
                                              + QLatin1StringView(kLineageGraph) + u')');
            return FetchStatus::Failed;
        }
        if (progress)
            progress(stage, qint64(graph.nodeCount()), 0);
        return FetchStatus::Ok;
    };
    for (const std::string &seed : seeds) {
        if (graph.contains(seed))
            continue;
        if (const FetchStatus s = fetch(seed); s != FetchStatus::Ok)
            return s;
    }
    // A graph cut at its depth has edges to nodes it does not describe: ask for those.
    std::set<std::string> asked;
    for (int round = 0; round < kMissingNodeRounds; ++round) {
        bool any = false;
        for (const std::string &id : graph.missingNodes()) {
            if (!asked.insert(id).second)
                continue;  // asked already: the server does not know it
            any = true;
            if (const FetchStatus s = fetch(id); s != FetchStatus::Ok)
                return s;
        }
        if (!any)
            break;
    }

    const std::string events = graph.toEvents(currentTimestamp());
    simdjson::dom::parser parser;
    simdjson::dom::array list;
    const QString source = api.client().serverText() + u" (events made from lineage graphs)"_s;
    if (parser.parse(events).get_array().get(list) != simdjson::SUCCESS) {
        *problem = Diagnostic();
        problem->file = source;
        problem->message = u"internal error: the events made from the lineage graphs are not valid JSON"_s;
        return FetchStatus::Failed;
    }
    qint64 i = 0;
    for (element event : list) {
        QString why;
        if (!feed.add(event, &why)) {
            Diagnostic d;
            d.file = source;
            d.message = u"[%1]: "_s.arg(i) + why;
            feed.report(d);
        }
        ++i;
    }
    return FetchStatus::Ok;
}

}  // namespace meshlens
