#include "dbtmanifest.h"

#include "simdjsonaccess.h"

#include <QCryptographicHash>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::dbt {
namespace {

using jsonaccess::fromUtf8;
using jsonaccess::objectAt;

std::string_view stringAt(object o, std::string_view key)
{
    return jsonaccess::stringAt(o, key, std::size_t(kDbtMaxStringBytes));
}

// Ephemeral models inline into their children; a chain deeper than this is hostile input.
constexpr int kMaxEphemeralDepth = 256;

qint64 periodSeconds(std::string_view period)
{
    if (period == "minute")
        return 60;
    if (period == "hour")
        return 3600;
    if (period == "day")
        return 86400;
    return 0;
}

QString datasetKind(std::string_view resourceType, std::string_view materialized)
{
    // What the relation holds. Seeds, snapshots, incremental and custom materializations all
    // leave a table; sources are read as tables (dbt does not say).
    if (resourceType == "model" && materialized == "view")
        return u"view"_s;
    if (resourceType == "model" && materialized == "materialized_view")
        return u"materialized_view"_s;
    return u"table"_s;
}

} // namespace

qint64 freshnessSlaSeconds(DbtDocument &doc, object criteria, const Where &w)
{
    for (const char *key : {"error_after", "warn_after"}) {
        object after;
        if (!doc.object(criteria, key, w, false, &after, "an object with count and period"))
            continue;
        const Where at = w.member(key);
        element count;
        if (after["count"].get(count) != simdjson::SUCCESS || count.is_null())
            continue;
        int64_t n = 0;
        if (count.get_int64().get(n) != simdjson::SUCCESS) {
            doc.error(at.member("count"),
                u"expected a whole number, found "_s + DbtDocument::typeName(count));
            continue;
        }
        std::string_view period;
        if (!doc.string(after, "period", at, true, &period))
            continue;
        const qint64 unit = periodSeconds(period);
        if (unit == 0) {
            doc.error(at.member("period"),
                u"expected \"minute\", \"hour\" or \"day\", found \"%1\""_s.arg(fromUtf8(period)));
            continue;
        }
        if (n <= 0)
            continue;
        const qint64 most = std::numeric_limits<qint64>::max() / unit;
        return std::min<qint64>(n, most) * unit;
    }
    return 0;
}

DbtManifest::DbtManifest(DbtDocument &doc, IngestBatch &batch, DbtReadSummary &summary)
    : m_doc(doc)
    , m_batch(batch)
    , m_summary(summary)
{
}

void DbtManifest::read()
{
    const Where root;
    object nodes, sources, exposures;
    const bool haveNodes
        = m_doc.object(m_doc.root(), "nodes", root, true, &nodes, "an object of nodes by unique_id");
    const bool haveSources = m_doc.object(
        m_doc.root(), "sources", root, false, &sources, "an object of sources by unique_id");
    const bool haveExposures = m_doc.object(
        m_doc.root(), "exposures", root, false, &exposures, "an object of exposures by unique_id");
    readGroups();
    if (haveNodes)
        indexSection(nodes, "nodes");
    if (haveSources)
        indexSection(sources, "sources");
    if (haveExposures)
        indexSection(exposures, "exposures");
    readMetadata(); // after indexing: an old manifest names its project only by a hash

    // Datasets first, in file order, so that lineage, tests and exposures find them all.
    for (Node &n : m_nodes) {
        if (n.ref.role == NodeRef::Role::Dataset)
            addDataset(n);
    }
    for (Node &n : m_nodes) {
        if (n.ref.role == NodeRef::Role::Exposure)
            addExposure(n);
    }
    for (Node &n : m_nodes) {
        if (m_doc.saturated())
            break;
        const bool built = n.ref.role == NodeRef::Role::Dataset && n.ref.dataset >= 0
            && (n.resourceType == "model" || n.resourceType == "snapshot");
        if (built || (n.ref.role == NodeRef::Role::Exposure && n.ref.dataset >= 0))
            addLineage(n);
        else if (n.ref.role == NodeRef::Role::Test)
            addTest(n);
        if (n.resourceType == "source" && n.ref.dataset >= 0)
            addSourceContract(n);
    }
    disambiguateTests();
    if (m_unknownParents > 0) {
        m_doc.warning(Where(),
            u"depends_on names %1 node(s) the manifest does not define (e.g. \"%2\"): their "
            "lineage is left out"_s.arg(m_unknownParents)
                .arg(fromUtf8(m_firstUnknownParent)));
    }
}

void DbtManifest::readMetadata()
{
    const Where root;
    const Where meta = root.member("metadata");
    const object md = m_doc.metadata();
    std::string_view adapter, project, projectId;
    m_namespace = m_doc.string(md, "adapter_type", meta, false, &adapter) && !adapter.empty()
        ? fromUtf8(adapter)
        : u"dbt"_s;
    if (m_doc.string(md, "project_name", meta, false, &project) && !project.empty()) {
        m_project = fromUtf8(project);
        return;
    }
    // Before schema v10 the manifest names its project only by project_id, the MD5 of the
    // project's name: the package whose name hashes to it is the project, and naming it keeps
    // the job keys of a project the same across dbt upgrades.
    if (!m_doc.string(md, "project_id", meta, false, &projectId) || projectId.empty()) {
        m_project = u"dbt"_s;
        return;
    }
    m_project = fromUtf8(projectId);
    std::vector<std::string_view> tried;
    for (const Node &n : m_nodes) {
        const std::string_view package = stringAt(n.obj, "package_name");
        if (package.empty() || std::find(tried.begin(), tried.end(), package) != tried.end())
            continue;
        tried.push_back(package);
        const QByteArray hash = QCryptographicHash::hash(
            QByteArrayView(package.data(), qsizetype(package.size())), QCryptographicHash::Md5);
        if (hash.toHex() == QByteArrayView(projectId.data(), qsizetype(projectId.size()))) {
            m_project = fromUtf8(package);
            return;
        }
    }
}

void DbtManifest::indexSection(object section, std::string_view name)
{
    const Where root;
    const Where sectionWhere = root.member(name);
    for (auto [key, value] : section) {
        const Where w = sectionWhere.member(key);
        Node n;
        n.uid = key;
        n.section = name;
        if (!m_doc.objectValue(value, w, &n.obj, "a node object"))
            continue;
        if (qint64(key.size()) > kDbtMaxStringBytes) {
            m_doc.error(w, u"a unique_id of %1 bytes, longer than the %2 accepted"_s.arg(key.size())
                               .arg(kDbtMaxStringBytes));
            continue;
        }
        if (name == "sources")
            n.resourceType = "source";
        else if (name == "exposures")
            n.resourceType = "exposure";
        else if (!m_doc.string(n.obj, "resource_type", w, true, &n.resourceType))
            continue;
        const std::string_view type = n.resourceType;
        const bool relational = type == "model" || type == "seed" || type == "snapshot"
            || type == "source" || type == "exposure";
        if (!m_doc.string(n.obj, "name", w, relational, &n.name) && relational)
            continue;
        object config;
        bool enabled = true;
        std::string_view materialized;
        if (m_doc.object(n.obj, "config", w, false, &config)) {
            if (config["enabled"].get_bool().get(enabled) != simdjson::SUCCESS)
                enabled = true;
            m_doc.string(config, "materialized", w.member("config"), false, &materialized);
        }
        if (!enabled)
            continue; // dbt keeps disabled nodes in "disabled"; one here is ignored the same way
        if (type == "model") {
            ++m_summary.models;
            const bool ephemeral = materialized == "ephemeral";
            m_summary.ephemeral += ephemeral ? 1 : 0;
            n.ref.role = ephemeral ? NodeRef::Role::Ephemeral : NodeRef::Role::Dataset;
        } else if (type == "seed" || type == "snapshot" || type == "source") {
            ++(type == "seed" ? m_summary.seeds
                              : (type == "snapshot" ? m_summary.snapshots : m_summary.sources));
            n.ref.role = NodeRef::Role::Dataset;
            if (type == "source")
                m_doc.string(n.obj, "source_name", w, false, &n.sourceName);
        } else if (type == "test") {
            ++m_summary.tests;
            n.ref.role = NodeRef::Role::Test;
        } else if (type == "exposure") {
            ++m_summary.exposures;
            n.ref.role = NodeRef::Role::Exposure;
        }
        if (m_index.emplace(key, quint32(m_nodes.size())).second)
            m_nodes.push_back(n);
    }
}

void DbtManifest::addDataset(Node &node)
{
    const Where root;
    const Where section = root.member(node.section);
    const Where w = section.member(node.uid);
    std::string_view database, schema, alias;
    m_doc.string(node.obj, "database", w, false, &database);
    if (!m_doc.string(node.obj, "schema", w, true, &schema))
        return;
    m_doc.string(node.obj, node.resourceType == "source" ? "identifier" : "alias", w, false, &alias);
    if (alias.empty())
        alias = node.name;
    // database.schema.alias, leaving out what an adapter does not have (no database: "schema.table")
    QString relation;
    for (std::string_view part : {database, schema, alias}) {
        if (part.empty())
            continue;
        if (!relation.isEmpty())
            relation += u'.';
        relation += fromUtf8(part);
    }
    const QString key = u"dataset:"_s + m_namespace + u'/' + relation;
    std::string_view materialized;
    object config;
    if (objectAt(node.obj, "config", &config))
        materialized = stringAt(config, "materialized");
    const Placement place = placement(node, w);
    QString description;
    m_doc.text(node.obj, "description", w, &description);

    if (const int existing = m_datasetByKey.value(key, -1); existing >= 0) {
        // A model and a source naming the same relation (a project reading another's output,
        // or its own): one dataset, described by whichever says more, the model first.
        node.ref.dataset = existing;
        Dataset &d = m_batch.datasets[size_t(existing)];
        if (d.description.isEmpty())
            d.description = description;
        if (d.owner.isEmpty())
            d.owner = place.owner;
        if (node.resourceType != "source")
            d.datasetKind = datasetKind(node.resourceType, materialized);
        return;
    }
    Dataset d;
    d.key = key;
    d.ns = m_namespace;
    d.name = relation;
    d.description = description;
    d.owner = place.owner;
    d.productKey = place.productKey;
    d.placement = place.rank;
    d.datasetKind = datasetKind(node.resourceType, materialized);
    d.observedAt = generatedAt();
    node.ref.dataset = int(m_batch.datasets.size());
    m_datasetByKey.insert(key, node.ref.dataset);
    m_batch.datasets.push_back(std::move(d));
}

void DbtManifest::addExposure(Node &node)
{
    const Where root;
    const Where section = root.member(node.section);
    const Where w = section.member(node.uid);
    const QString name = fromUtf8(node.name);
    const QString key = u"dataset:dbt-exposure/"_s + name;
    if (const int existing = m_datasetByKey.value(key, -1); existing >= 0) {
        node.ref.dataset = existing;
        return;
    }
    Placement place = placement(node, w);
    object owner;
    if (m_doc.object(node.obj, "owner", w, false, &owner)) {
        std::string_view who;
        const Where ow = w.member("owner");
        if (!m_doc.string(owner, "name", ow, false, &who) || who.empty())
            m_doc.string(owner, "email", ow, false, &who);
        if (!who.empty())
            place.owner = fromUtf8(who);
    }
    Dataset d;
    d.key = key;
    d.ns = u"dbt-exposure"_s;
    d.name = name;
    m_doc.text(node.obj, "description", w, &d.description);
    d.owner = place.owner;
    d.productKey = place.productKey;
    d.placement = place.rank;
    d.datasetKind = u"exposure"_s;
    d.observedAt = generatedAt();
    node.ref.dataset = int(m_batch.datasets.size());
    m_datasetByKey.insert(key, node.ref.dataset);
    m_batch.datasets.push_back(std::move(d));
}

std::vector<quint32> DbtManifest::parents(const Node &node)
{
    std::vector<quint32> out;
    const Where root;
    const Where section = root.member(node.section);
    const Where w = section.member(node.uid);
    object dependsOn;
    array list;
    if (!m_doc.object(node.obj, "depends_on", w, false, &dependsOn)
        || !m_doc.array(dependsOn, "nodes", w.member("depends_on"), false, &list,
            "an array of unique_ids"))
        return out;
    const Where dw = w.member("depends_on");
    const Where lw = dw.member("nodes");
    qint64 i = 0;
    for (element e : list) {
        std::string_view uid;
        if (m_doc.stringValue(e, lw.element(i++), &uid)) {
            if (const auto it = m_index.find(uid); it != m_index.end()) {
                out.push_back(it->second);
            } else if (uid.starts_with("model.") || uid.starts_with("seed.")
                || uid.starts_with("snapshot.") || uid.starts_with("source.")) {
                // Metrics, semantic models and disabled nodes are not lineage; these would be.
                if (m_unknownParents++ == 0)
                    m_firstUnknownParent = uid;
            }
        }
    }
    return out;
}

void DbtManifest::inputsOf(quint32 index, std::vector<int> &out, int depth)
{
    // Repeats are kept here and removed once at the end (sortedUnique): a node with thousands
    // of parents must not cost a search per parent.
    const Node &n = m_nodes[index];
    if (n.ref.role == NodeRef::Role::Dataset) {
        if (n.ref.dataset >= 0)
            out.push_back(n.ref.dataset);
        return;
    }
    if (n.ref.role != NodeRef::Role::Ephemeral)
        return;
    // An ephemeral model is a CTE inlined into its children: lineage goes through it to what
    // it reads. Resolved once, however many children share it.
    if (m_ephemeralState.empty()) {
        m_ephemeralState.assign(m_nodes.size(), 0);
        m_ephemeralInputs.resize(m_nodes.size());
    }
    if (m_ephemeralState[index] == 0) {
        if (depth >= kMaxEphemeralDepth) {
            const Where root;
            const Where section = root.member(n.section);
            m_doc.warning(section.member(n.uid),
                u"ephemeral models nested deeper than %1: the lineage through them is cut here"_s
                    .arg(kMaxEphemeralDepth));
            m_ephemeralState[index] = 2;
            return;
        }
        m_ephemeralState[index] = 1; // a cycle meets this and adds nothing
        std::vector<int> inputs;
        for (quint32 p : parents(n))
            inputsOf(p, inputs, depth + 1);
        sortedUnique(inputs);
        m_ephemeralInputs[index] = std::move(inputs);
        m_ephemeralState[index] = 2;
    }
    if (m_ephemeralState[index] == 2)
        out.insert(out.end(), m_ephemeralInputs[index].begin(), m_ephemeralInputs[index].end());
}

void DbtManifest::addLineage(Node &node)
{
    std::vector<int> inputs;
    for (quint32 p : parents(node))
        inputsOf(p, inputs, 0);
    sortedUnique(inputs); // in the order the datasets were declared
    const Dataset &target = m_batch.datasets[size_t(node.ref.dataset)];
    const QString toKey = target.key;
    QString jobKey;
    if (node.ref.role == NodeRef::Role::Dataset) {
        // The model (or snapshot) is the job that makes its relation; exposures use data but
        // are not run by dbt, so their edges have no job.
        Job j;
        j.ns = u"dbt://"_s + m_project;
        j.name = fromUtf8(node.uid);
        j.key = u"job:"_s + j.ns + u'/' + j.name;
        j.productKey = target.productKey;
        j.placement = target.placement;  // a mapping rule that moves the model moves its job
        j.owner = target.owner;
        j.observedAt = generatedAt();
        jobKey = j.key;
        m_batch.jobs.push_back(std::move(j));
    }
    for (int from : inputs) {
        if (from == node.ref.dataset)
            continue; // a source naming the model's own relation
        LineageEdge e;
        e.fromKey = m_batch.datasets[size_t(from)].key;
        e.toKey = toKey;
        e.jobKey = jobKey;
        e.observedAt = generatedAt();
        m_batch.edges.push_back(std::move(e));
    }
}

void DbtManifest::addSourceContract(Node &node)
{
    const Where root;
    const Where section = root.member(node.section);
    const Where w = section.member(node.uid);
    object freshness;
    if (!m_doc.object(node.obj, "freshness", w, false, &freshness,
            "an object with warn_after and error_after"))
        return;
    const qint64 sla = freshnessSlaSeconds(m_doc, freshness, w.member("freshness"));
    if (sla > 0)
        setFreshnessSla(node.uid, sla, generatedAt());
}

void DbtManifest::setFreshnessSla(std::string_view uniqueId, qint64 seconds, Timestamp at)
{
    const auto it = m_index.find(uniqueId);
    if (it == m_index.end())
        return;
    Node &node = m_nodes[it->second];
    if (node.resourceType != "source" || node.ref.dataset < 0)
        return;
    if (node.ref.contract >= 0) {
        Contract &c = m_batch.contracts[size_t(node.ref.contract)];
        c.freshnessSlaSeconds = seconds; // what was evaluated wins over what was declared
        c.observedAt = std::max(c.observedAt, at);
        return;
    }
    const Dataset &d = m_batch.datasets[size_t(node.ref.dataset)];
    Contract c;
    c.key = u"contract:dbt://"_s + m_project + u'/' + fromUtf8(node.uid);
    c.productKey = d.productKey;
    c.datasetKey = d.key;
    c.freshnessSlaSeconds = seconds;
    c.observedAt = at;
    node.ref.contract = int(m_batch.contracts.size());
    m_batch.contracts.push_back(std::move(c));
}

const NodeRef *DbtManifest::find(std::string_view uniqueId) const
{
    const auto it = m_index.find(uniqueId);
    return it == m_index.end() ? nullptr : &m_nodes[it->second].ref;
}

} // namespace meshlens::dbt
