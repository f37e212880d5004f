// The DataHub collector's references (URNs inside aspects), lineage, and the records it
// emits at the end of the file.

#include "datahubcollector.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::datahub {

bool Collector::datasetRef(element v, const Where &w, QString *key)
{
    std::string_view urn;
    if (!m_in.stringValue(v, w, &urn))
        return false;
    const Name n = datasetName(urn);
    if (!n.ok()) {
        m_in.error(w, n.problem);
        return false;
    }
    *key = datasetKeyOf(n);
    return true;
}

bool Collector::fieldRef(element v, const Where &w, QString *datasetKey, QString *column)
{
    std::string_view urn;
    if (!m_in.stringValue(v, w, &urn))
        return false;
    const Name n = schemaFieldName(urn);
    if (!n.ok()) {
        m_in.error(w, n.problem);
        return false;
    }
    *datasetKey = datasetKeyOf(n);
    *column = n.column;
    return true;
}

QStringList Collector::datasetRefs(object o, std::string_view key, const Where &w)
{
    QStringList keys;
    array refs;
    if (!m_in.array(o, key, w, false, &refs, "an array of dataset URNs"))
        return keys;
    const Where aw = w.member(key);
    qint64 i = 0;
    for (element v : refs) {
        const Where ew = aw.element(i++);
        object edge;
        QString k;
        if (v.get_object().get(edge) == simdjson::SUCCESS) {
            // {"destinationUrn": "urn:li:dataset:..."} in the "...Edges" form
            element dest;
            if (edge["destinationUrn"].get(dest) != simdjson::SUCCESS) {
                m_in.error(ew.member("destinationUrn"), u"missing (expected a dataset URN)"_s);
                continue;
            }
            if (datasetRef(dest, ew.member("destinationUrn"), &k))
                keys << k;
        } else if (datasetRef(v, ew, &k)) {
            keys << k;
        }
    }
    return keys;
}

QStringList Collector::domainList(object v, const Where &w)
{
    QStringList ids;
    array domains;
    if (!m_in.array(v, "domains", w, true, &domains, "an array of domain URNs"))
        return ids;
    const Where dw = w.member("domains");
    qint64 i = 0;
    for (element e : domains) {
        const Where ew = dw.element(i++);
        std::string_view urn;
        if (!m_in.stringValue(e, ew, &urn))
            continue;
        const QString id = simpleId(urn, "domain");
        if (id.isEmpty())
            m_in.error(ew, u"expected a domain URN (\"urn:li:domain:<id>\"), found "_s + quotedText(urn));
        else
            ids << id;
    }
    return ids;
}

QString Collector::owner(object v, const Where &w)
{
    // A group is the team that owns the thing: it wins over a person, else the first owner.
    array owners;
    if (!m_in.array(v, "owners", w, true, &owners, "an array of {\"owner\": URN, \"type\": ...}"))
        return {};
    const Where ow = w.member("owners");
    QString first, group;
    qint64 i = 0;
    for (element e : owners) {
        const Where ew = ow.element(i++);
        object o;
        std::string_view urn;
        if (!m_in.objectValue(e, ew, &o, "an object with owner") || !m_in.string(o, "owner", ew, true, &urn))
            continue;
        const QString name = ownerName(urn);
        if (first.isEmpty())
            first = name;
        if (group.isEmpty() && urn.substr(0, 17) == "urn:li:corpGroup:")
            group = name;
    }
    object modified;
    qint64 t = 0;
    if (m_in.object(v, "lastModified", w, false, &modified) && m_in.millis(modified, "time", w.member("lastModified"), &t))
        noteTime(t);
    return group.isEmpty() ? first : group;
}

void Collector::upstreamLineage(const QString &toKey, object v, const Where &w, Timestamp seen)
{
    array upstreams;
    if (!m_in.array(v, "upstreams", w, true, &upstreams, "an array of {\"dataset\": URN, ...}"))
        return;
    const Where uw = w.member("upstreams");
    qint64 i = 0;
    for (element e : upstreams) {
        const Where ew = uw.element(i++);
        object u;
        if (!m_in.objectValue(e, ew, &u, "an object with dataset"))
            continue;
        element ds;
        if (u["dataset"].get(ds) != simdjson::SUCCESS) {
            m_in.error(ew.member("dataset"), u"missing (expected the URN of the upstream dataset)"_s);
            continue;
        }
        QString fromKey;
        if (!datasetRef(ds, ew.member("dataset"), &fromKey))
            continue;
        object stamp;
        qint64 t = 0;
        if (m_in.object(u, "auditStamp", ew, false, &stamp) && m_in.millis(stamp, "time", ew.member("auditStamp"), &t))
            noteTime(t);
        const qsizetype before = m_edgeSet.size();
        addEdge(fromKey, toKey, QString(), seen);
        if (m_edgeSet.size() > before)
            ++m_summary.upstreamEdges;
    }
    fineGrained(v, w, seen);
}

void Collector::fineGrained(object v, const Where &w, Timestamp seen)
{
    array lineages;
    if (!m_in.array(v, "fineGrainedLineages", w, false, &lineages))
        return;
    const Where lw = w.member("fineGrainedLineages");
    qint64 i = 0;
    for (element e : lineages) {
        const Where ew = lw.element(i++);
        object fg;
        if (!m_in.objectValue(e, ew, &fg, "an object with upstreams and downstreams"))
            continue;
        // Only field-to-field lineage names columns on both sides; DataHub's own examples
        // have entries with upstreams alone, which say nothing about a target.
        std::vector<std::pair<QString, QString>> from, to;
        for (int side = 0; side < 2; ++side) {
            const std::string_view key = side == 0 ? "upstreams" : "downstreams";
            array fields;
            if (!m_in.array(fg, key, ew, false, &fields, "an array of schema field URNs"))
                continue;
            const Where fw = ew.member(key);
            qint64 k = 0;
            for (element f : fields) {
                const Where one = fw.element(k++);
                std::string_view urn, type, id;
                if (f.get_string().get(urn) == simdjson::SUCCESS && splitUrn(urn, &type, &id)
                    && type == "dataset")
                    continue; // DATASET-typed upstreams: table-level, already an edge
                QString ds, column;
                if (fieldRef(f, one, &ds, &column))
                    (side == 0 ? from : to).emplace_back(ds, column);
            }
        }
        QString transformation;
        m_in.text(fg, "transformOperation", ew, &transformation);
        for (const auto &[fromDs, fromCol] : from) {
            for (const auto &[toDs, toCol] : to) {
                const QString id = fromDs + u'\x1f' + fromCol + u'\x1f' + toDs + u'\x1f' + toCol;
                if (m_columnEdgeSet.contains(id))
                    continue;
                m_columnEdgeSet.insert(id);
                ColumnLineageEdge c;
                c.fromDatasetKey = fromDs;
                c.fromColumn = fromCol;
                c.toDatasetKey = toDs;
                c.toColumn = toCol;
                c.transformation = transformation;
                c.observedAt = seen;
                m_batch.columnEdges.push_back(std::move(c));
                ++m_summary.columnEdges;
            }
        }
    }
}

void Collector::addEdge(const QString &from, const QString &to, const QString &jobKey, Timestamp seen)
{
    const QString id = from + u'\x1f' + to + u'\x1f' + jobKey;
    if (m_edgeSet.contains(id))
        return;
    m_edgeSet.insert(id);
    LineageEdge e;
    e.fromKey = from;
    e.toKey = to;
    e.jobKey = jobKey;
    e.observedAt = seen;
    m_batch.edges.push_back(std::move(e));
}

QString Collector::productFor(const QString &explicitProduct, const QStringList &domains)
{
    if (!explicitProduct.isEmpty())
        return explicitProduct;
    if (domains.isEmpty())
        return {};
    // DataHub 0.8 has domains but no data products: one product per domain holds them.
    const Domain &d = domain(domains.first());
    const QString id = d.key.mid(7);
    const QString key = u"product:"_s + id + u".datahub"_s;
    if (m_productIndex.contains(key))
        return key;
    ProductState s;
    s.p.key = key;
    s.p.name = d.name + u" (DataHub domain)"_s;
    s.p.description = u"Datasets and jobs DataHub places in the domain \"%1\" outside any data product."_s.arg(d.name);
    s.domains = QStringList {id};
    m_productIndex.insert(key, int(m_products.size()));
    m_products.push_back(std::move(s));
    return key;
}

const QStringList &Collector::reachingInputs(JobState &job, int depth)
{
    if (job.state != 0)
        return job.reach; // done, or a cycle: what is known so far
    job.state = 1;
    job.reach = job.inputs;
    if (depth < 64) {
        for (const QString &urn : std::as_const(job.upstreamJobs)) {
            const int i = m_jobIndex.value(urn, -1);
            if (i < 0 || &m_jobs[size_t(i)] == &job)
                continue; // not in the file, or the job naming itself (SageMaker does)
            // An upstream job that writes datasets hands data on through them (they would be
            // this job's inputs); one that writes nothing hands on what it reads. Otherwise
            // the dependency may be only an order of execution.
            JobState &up = m_jobs[size_t(i)];
            if (up.outputs.isEmpty())
                job.reach += reachingInputs(up, depth + 1);
        }
    }
    job.reach.removeDuplicates();
    job.state = 2;
    return job.reach;
}

void Collector::finish()
{
    for (DatasetState &s : m_datasets) {
        const Timestamp removedAt = s.d.observedAt ? s.d.observedAt : m_latest;
        if (s.removed && removedAt > 0) {
            s.d.removedAt = removedAt;
            ++m_summary.removed;
        }
        s.d.productKey = productFor(m_assetProduct.value(s.d.key), s.domains);
        m_batch.datasets.push_back(s.d);
    }
    m_summary.datasets = int(m_datasets.size());
    for (JobState &s : m_jobs) {
        const FlowState flow = m_flows.value(s.flowUrn);
        if (s.j.owner.isEmpty())
            s.j.owner = flow.owner;
        if (s.domains.isEmpty())
            s.domains = flow.domains;
        const Timestamp removedAt = s.j.observedAt ? s.j.observedAt : m_latest;
        if (s.removed && removedAt > 0) {
            s.j.removedAt = removedAt;
            ++m_summary.removed;
        }
        s.j.productKey = productFor(m_assetProduct.value(s.j.key), s.domains);
        const QStringList inputs = s.outputs.isEmpty() ? QStringList() : reachingInputs(s, 0);
        for (const QString &in : inputs) {
            for (const QString &out : s.outputs) {
                if (in == out)
                    continue;
                const qsizetype before = m_edgeSet.size();
                addEdge(in, out, s.j.key, s.ioSeen);
                if (m_edgeSet.size() > before)
                    ++m_summary.jobEdges;
            }
        }
        m_batch.jobs.push_back(s.j);
    }
    m_summary.jobs = int(m_jobs.size());
    for (ProductState &s : m_products) {
        if (!s.domains.isEmpty())
            s.p.domainKey = domain(s.domains.first()).key;
        m_batch.products.push_back(s.p);
    }
    m_summary.products = int(m_products.size());
    m_summary.domains = int(m_batch.domains.size());
    for (RunState &r : m_runs) {
        const AssertionState a = m_assertions.value(r.assertionUrn);
        r.q.checkName = a.check.isEmpty() ? simpleId(r.assertionUrn.toStdString(), "assertion") : a.check;
        r.q.column = a.column;
        m_batch.quality.push_back(std::move(r.q));
    }
    m_summary.qualityResults = int(m_runs.size());
    m_batch.observedAt = m_latest;
}

} // namespace meshlens::datahub
