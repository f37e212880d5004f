// Atlas entities: datasets, processes (jobs and lineage) and column lineage.

#include "atlasparts.h"

#include "resolver.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::atlas {
namespace {

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Entity times are epoch milliseconds; anything else is left alone (they are not needed).
Timestamp entityTime(object e)
{
    int64_t t = 0;
    if (e["updateTime"].get_int64().get(t) == simdjson::SUCCESS && t > 0)
        return t;
    if (e["createTime"].get_int64().get(t) == simdjson::SUCCESS && t > 0)
        return t;
    return 0;
}

bool hasList(object o, std::string_view key)
{
    element v;
    return o[key].get(v) == simdjson::SUCCESS && v.is_array();
}

} // namespace

bool isDatasetType(std::string_view t)
{
    for (const std::string_view suffix : {"_table", "_path", "_topic", "_view", "_dataset", "_file",
             "_object", "_dir", "_collection", "_index"}) {
        if (endsWith(t, suffix))
            return true;
    }
    return t == "DataSet";
}

void atlasName(const QString &typeName, const QString &qualifiedName, bool process, QString *ns,
    QString *name)
{
    const qsizetype underscore = typeName.indexOf(u'_');
    const QString platform = underscore > 0 ? typeName.left(underscore) : typeName;
    const qsizetype at = qualifiedName.lastIndexOf(u'@');
    const QString path = at < 0 ? qualifiedName : qualifiedName.left(at);
    // A path that is a URI is named as OpenLineage names files: "hdfs://nn:8020" + "/dir/f".
    const qsizetype scheme = path.indexOf(u"://"_s);
    if (scheme > 0) {
        const qsizetype slash = path.indexOf(u'/', scheme + 3);
        *ns = slash < 0 ? path : path.left(slash);
        *name = slash < 0 ? u"/"_s : path.mid(slash);
        return;
    }
    if (path.startsWith(u"file:"_s)) {
        *ns = u"file"_s;
        *name = path.mid(5);
        return;
    }
    *name = path;
    if (at < 0) {
        *ns = platform;
        return;
    }
    QString cluster = qualifiedName.mid(at + 1);
    const qsizetype colon = cluster.indexOf(u':');
    if (process && colon > 0) {
        bool digits = false;
        cluster.mid(colon + 1).toLongLong(&digits);
        if (digits)
            cluster.truncate(colon); // "cl1:1529605199000": the time of one run of the query
    }
    *ns = cluster.isEmpty() ? platform : platform + u"://"_s + cluster;
}

QString Walker::datasetKeyOf(const Ref &r) const
{
    QString ns, name;
    atlasName(r.typeName, r.qualifiedName, false, &ns, &name);
    return datasetKey(ns, name);
}

void Walker::entity(element v, const Where &w)
{
    object e, attrs;
    std::string_view type, guid, qn;
    if (!m_in.objectValue(v, w, &e, "an entity object (typeName, attributes)")
        || !m_in.string(e, "typeName", w, true, &type))
        return;
    const bool haveAttrs = m_in.object(e, "attributes", w, false, &attrs);
    const Where aw = w.member("attributes");
    const bool haveQn = haveAttrs && m_in.string(attrs, "qualifiedName", aw, false, &qn);
    Ref self {json::fromUtf8(type), haveQn ? json::fromUtf8(qn) : QString()};
    if (m_indexing) {
        if (m_in.string(e, "guid", w, false, &guid) && haveQn)
            m_byGuid.insert(json::fromUtf8(guid), self);
        return;
    }
    ++m_summary.entities;
    const Timestamp seen = entityTime(e);
    m_batch.observedAt = std::max(m_batch.observedAt, seen);
    object rel;
    const bool haveRel = m_in.object(e, "relationshipAttributes", w, false, &rel);
    if (endsWith(type, "_column_lineage")) {
        if (haveAttrs)
            columnLineage(e, attrs, w, seen);
        return;
    }
    const bool isProcess = (haveAttrs && (hasList(attrs, "inputs") || hasList(attrs, "outputs")))
        || (haveRel && (hasList(rel, "inputs") || hasList(rel, "outputs")));
    if (!isProcess && !isDatasetType(type)) {
        ++m_summary.skippedEntities;
        return;
    }
    if (!haveQn) {
        m_in.error(haveAttrs ? aw.member("qualifiedName") : aw,
            u"missing (expected the qualifiedName that names this %1)"_s.arg(self.typeName));
        return;
    }
    if (isProcess)
        process(e, attrs, self, w, seen);
    else
        dataset(e, attrs, self, w, seen);
}

void Walker::dataset(object e, object attrs, const Ref &self, const Where &w, Timestamp seen)
{
    const QString key = datasetKeyOf(self);
    const Where aw = w.member("attributes");
    int index = m_datasets.value(key, -1);
    if (index < 0) {
        Dataset d;
        d.key = key;
        atlasName(self.typeName, self.qualifiedName, false, &d.ns, &d.name);
        d.datasetKind = self.typeName;
        index = int(m_batch.datasets.size());
        m_datasets.insert(key, index);
        m_batch.datasets.push_back(std::move(d));
        ++m_summary.datasets;
    }
    Dataset &d = m_batch.datasets[size_t(index)];
    d.observedAt = std::max(d.observedAt, seen);
    QString text;
    if (m_in.text(attrs, "description", aw, &text) && !text.isEmpty())
        d.description = text;
    if (m_in.text(attrs, "owner", aw, &text) && !text.isEmpty())
        d.owner = text;
    std::string_view status;
    if (m_in.string(e, "status", w, false, &status) && status == "DELETED" && seen > 0)
        d.removedAt = seen;
}

void Walker::process(object e, object attrs, const Ref &self, const Where &w, Timestamp seen)
{
    Job j;
    atlasName(self.typeName, self.qualifiedName, true, &j.ns, &j.name);
    j.key = u"job:"_s + j.ns + u'/' + j.name;
    const Where aw = w.member("attributes");
    m_in.text(attrs, "description", aw, &j.description);
    m_in.text(attrs, "owner", aw, &j.owner);
    qint64 end = 0;
    if (m_in.millis(attrs, "endTime", aw, &end) && end > 0)
        seen = std::max(seen, Timestamp(end));
    j.observedAt = seen;
    const std::vector<Ref> inputs = references(e, attrs, "inputs", w);
    const std::vector<Ref> outputs = references(e, attrs, "outputs", w);
    if (!m_jobs.contains(j.key)) {
        m_jobs.insert(j.key);
        ++m_summary.processes;
        m_batch.jobs.push_back(j);
    }
    for (const Ref &in : inputs) {
        for (const Ref &out : outputs) {
            const QString from = datasetKeyOf(in), to = datasetKeyOf(out);
            const QString id = from + u'\x1f' + to + u'\x1f' + j.key;
            if (m_edges.contains(id))
                continue;
            m_edges.insert(id);
            LineageEdge edge;
            edge.fromKey = from;
            edge.toKey = to;
            edge.jobKey = j.key;
            edge.observedAt = seen;
            m_batch.edges.push_back(std::move(edge));
            ++m_summary.edges;
        }
    }
}

void Walker::columnLineage(object e, object attrs, const Where &w, Timestamp seen)
{
    // Columns are "db.table.column@cluster": the table is all but the last dotted part.
    auto split = [this](const Ref &r, QString *datasetKeyOut, QString *column) {
        const qsizetype at = r.qualifiedName.lastIndexOf(u'@');
        const QString path = at < 0 ? r.qualifiedName : r.qualifiedName.left(at);
        const qsizetype dot = path.lastIndexOf(u'.');
        if (dot <= 0)
            return false;
        *column = path.mid(dot + 1);
        Ref table {r.typeName, path.left(dot) + (at < 0 ? QString() : r.qualifiedName.mid(at))};
        *datasetKeyOut = datasetKeyOf(table);
        return true;
    };
    const std::vector<Ref> inputs = references(e, attrs, "inputs", w);
    const std::vector<Ref> outputs = references(e, attrs, "outputs", w);
    for (const Ref &in : inputs) {
        for (const Ref &out : outputs) {
            ColumnLineageEdge c;
            if (!split(in, &c.fromDatasetKey, &c.fromColumn) || !split(out, &c.toDatasetKey, &c.toColumn))
                continue;
            const QString id = c.fromDatasetKey + u'\x1f' + c.fromColumn + u'\x1f' + c.toDatasetKey
                + u'\x1f' + c.toColumn;
            if (m_columnEdges.contains(id))
                continue;
            m_columnEdges.insert(id);
            c.observedAt = seen;
            m_batch.columnEdges.push_back(std::move(c));
            ++m_summary.columnEdges;
        }
    }
}

std::vector<Walker::Ref> Walker::references(object e, object attrs, std::string_view key, const Where &w)
{
    std::vector<Ref> refs;
    array list;
    object rel;
    const Where aw = w.member("attributes");
    const Where rw = w.member("relationshipAttributes");
    const Where *at = &aw;
    if (!hasList(attrs, key)) {
        if (!m_in.object(e, "relationshipAttributes", w, false, &rel) || !hasList(rel, key))
            return refs;
        at = &rw;
        if (rel[key].get_array().get(list) != simdjson::SUCCESS)
            return refs;
    } else if (attrs[key].get_array().get(list) != simdjson::SUCCESS) {
        return refs;
    }
    const Where lw = at->member(key);
    qint64 i = 0;
    for (element v : list) {
        const Where one = lw.element(i++);
        Ref r;
        if (resolve(v, one, &r))
            refs.push_back(std::move(r));
    }
    return refs;
}

bool Walker::resolve(element v, const Where &w, Ref *out)
{
    object o, unique;
    std::string_view type, qn, guid;
    if (!m_in.objectValue(v, w, &o, "an object id ({\"typeName\", \"uniqueAttributes\"} or {\"guid\"})"))
        return false;
    if (m_in.object(o, "uniqueAttributes", w, false, &unique)
        && m_in.string(unique, "qualifiedName", w.member("uniqueAttributes"), false, &qn)
        && m_in.string(o, "typeName", w, true, &type)) {
        *out = Ref {json::fromUtf8(type), json::fromUtf8(qn)};
        return true;
    }
    if (!m_in.string(o, "guid", w, false, &guid)) {
        m_in.error(w, u"expected a reference with uniqueAttributes.qualifiedName or a guid"_s);
        return false;
    }
    const auto it = m_byGuid.constFind(json::fromUtf8(guid));
    if (it == m_byGuid.cend()) {
        ++m_summary.unresolved;
        m_in.warning(w.member("guid"), u"guid %1 names no entity in this file: the lineage through it "
                                       "is skipped"_s.arg(quotedText(guid)));
        return false;
    }
    *out = *it;
    return true;
}

} // namespace meshlens::atlas
