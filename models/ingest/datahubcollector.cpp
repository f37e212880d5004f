#include "datahubcollector.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::datahub {
using json::fromUtf8;

bool isMeshEntityType(std::string_view type)
{
    return type == "dataset" || type == "dataJob" || type == "dataFlow" || type == "domain"
        || type == "dataProduct" || type == "assertion";
}

Collector::Collector(JsonInput &in, IngestBatch &batch, DataHubReadSummary &summary)
    : m_in(in)
    , m_batch(batch)
    , m_summary(summary)
{
}

void Collector::noteTime(Timestamp t)
{
    m_latest = std::max(m_latest, t);
}

bool Collector::checkUrn(std::string_view type, std::string_view urn, const Where &urnWhere)
{
    const QString u = fromUtf8(urn);
    if (m_checkedUrns.contains(u))
        return true;
    const Name n = type == "dataset" ? datasetName(urn)
        : type == "dataJob"          ? dataJobName(urn)
        : type == "dataFlow"         ? dataFlowName(urn)
                                     : Name {};
    if (!n.ok()) {
        m_in.error(urnWhere, n.problem);
        return false;
    }
    m_checkedUrns.insert(u);
    return true;
}

void Collector::aspect(std::string_view type, std::string_view urn, const Where &urnWhere,
    std::string_view name, object value, const Where &w, Timestamp seen)
{
    if (!checkUrn(type, urn, urnWhere))
        return;
    noteTime(seen);
    if (type == "dataset")
        datasetAspect(urn, name, value, w, seen);
    else if (type == "dataJob")
        jobAspect(urn, name, value, w, seen);
    else if (type == "dataFlow")
        flowAspect(urn, name, value, w);
    else if (type == "domain")
        domainAspect(urn, name, value, w, seen);
    else if (type == "dataProduct")
        productAspect(urn, name, value, w, seen);
    else if (type == "assertion")
        assertionAspect(urn, name, value, w, seen);
}

Collector::DatasetState *Collector::dataset(std::string_view urn, Timestamp seen)
{
    const QString u = fromUtf8(urn);
    if (const int i = m_datasetIndex.value(u, -1); i >= 0) {
        DatasetState &s = m_datasets[size_t(i)];
        s.d.observedAt = std::max(s.d.observedAt, seen);
        return &s;
    }
    const Name n = datasetName(urn); // checked by checkUrn
    DatasetState s;
    s.d.key = datasetKeyOf(n);
    s.d.ns = n.ns;
    s.d.name = n.name;
    s.d.observedAt = seen;
    m_datasetIndex.insert(u, int(m_datasets.size()));
    m_datasets.push_back(std::move(s));
    return &m_datasets.back();
}

Collector::JobState *Collector::job(std::string_view urn, Timestamp seen)
{
    const QString u = fromUtf8(urn);
    if (const int i = m_jobIndex.value(u, -1); i >= 0) {
        JobState &s = m_jobs[size_t(i)];
        s.j.observedAt = std::max(s.j.observedAt, seen);
        return &s;
    }
    const Name n = dataJobName(urn); // checked by checkUrn
    JobState s;
    s.j.key = jobKeyOf(n);
    s.j.ns = n.ns;
    s.j.name = n.name;
    s.j.observedAt = seen;
    // The flow is the first part of the job's tuple.
    std::string_view t, id;
    std::vector<std::string_view> parts;
    if (splitUrn(urn, &t, &id) && splitTuple(id, &parts) && !parts.empty())
        s.flowUrn = fromUtf8(parts[0]);
    m_jobIndex.insert(u, int(m_jobs.size()));
    m_jobs.push_back(std::move(s));
    return &m_jobs.back();
}

void Collector::datasetAspect(std::string_view urn, std::string_view name, object v,
    const Where &w, Timestamp seen)
{
    DatasetState *s = dataset(urn, seen);
    if (name == "datasetProperties") {
        if (!s->described)
            m_in.text(v, "description", w, &s->d.description);
    } else if (name == "editableDatasetProperties") {
        QString d;
        if (m_in.text(v, "description", w, &d) && !d.isEmpty()) {
            s->d.description = d; // what people wrote in DataHub wins over what was ingested
            s->described = true;
        }
    } else if (name == "ownership") {
        const QString o = owner(v, w);
        if (!o.isEmpty())
            s->d.owner = o;
    } else if (name == "upstreamLineage") {
        upstreamLineage(s->d.key, v, w, seen);
    } else if (name == "status") {
        bool removed = false;
        if (m_in.boolean(v, "removed", w, &removed))
            s->removed = removed;
    } else if (name == "subTypes") {
        array types;
        std::string_view first;
        if (m_in.array(v, "typeNames", w, false, &types) && types.size() > 0) {
            const Where tw = w.member("typeNames");
            if (m_in.stringValue(types.at(0).value_unsafe(), tw.element(0), &first))
                s->d.datasetKind = fromUtf8(first).toLower();
        }
    } else if (name == "viewProperties") {
        if (s->d.datasetKind.isEmpty())
            s->d.datasetKind = u"view"_s;
    } else if (name == "domains") {
        s->domains = domainList(v, w);
    } else {
        ++m_summary.skippedAspects;
    }
}

void Collector::jobAspect(std::string_view urn, std::string_view name, object v,
    const Where &w, Timestamp seen)
{
    JobState *s = job(urn, seen);
    if (name == "dataJobInfo" || name == "editableDataJobProperties") {
        m_in.text(v, "description", w, &s->j.description);
    } else if (name == "dataJobInputOutput") {
        s->inputs = datasetRefs(v, "inputDatasets", w) + datasetRefs(v, "inputDatasetEdges", w);
        s->outputs = datasetRefs(v, "outputDatasets", w) + datasetRefs(v, "outputDatasetEdges", w);
        array jobs;
        if (m_in.array(v, "inputDatajobs", w, false, &jobs, "an array of data job URNs")) {
            const Where jw = w.member("inputDatajobs");
            qint64 i = 0;
            for (element e : jobs) {
                const Where ew = jw.element(i++);
                std::string_view ref;
                if (!m_in.stringValue(e, ew, &ref))
                    continue;
                const Name n = dataJobName(ref);
                if (n.ok())
                    s->upstreamJobs << fromUtf8(ref);
                else
                    m_in.error(ew, n.problem);
            }
        }
        s->ioSeen = seen;
        fineGrained(v, w, seen);
    } else if (name == "ownership") {
        const QString o = owner(v, w);
        if (!o.isEmpty())
            s->j.owner = o;
    } else if (name == "status") {
        bool removed = false;
        if (m_in.boolean(v, "removed", w, &removed))
            s->removed = removed;
    } else if (name == "domains") {
        s->domains = domainList(v, w);
    } else {
        ++m_summary.skippedAspects;
    }
}

void Collector::flowAspect(std::string_view urn, std::string_view name, object v, const Where &w)
{
    const QString u = fromUtf8(urn);
    if (!m_flows.contains(u))
        ++m_summary.flows;
    FlowState &f = m_flows[u];
    if (name == "ownership")
        f.owner = owner(v, w);
    else if (name == "domains")
        f.domains = domainList(v, w);
    else if (name != "dataFlowInfo")
        ++m_summary.skippedAspects;
}

Domain &Collector::domain(const QString &id)
{
    const int i = m_domainIndex.value(id, -1);
    if (i >= 0)
        return m_batch.domains[size_t(i)];
    Domain d;
    d.key = u"domain:"_s + id;
    d.name = id;
    m_domainIndex.insert(id, int(m_batch.domains.size()));
    m_batch.domains.push_back(std::move(d));
    return m_batch.domains.back();
}

void Collector::domainAspect(std::string_view urn, std::string_view name, object v,
    const Where &w, Timestamp seen)
{
    const QString id = simpleId(urn, "domain");
    Domain &d = domain(id);
    d.observedAt = std::max(d.observedAt, seen);
    if (name == "domainProperties") {
        QString display;
        if (m_in.text(v, "name", w, &display) && !display.isEmpty())
            d.name = display;
        m_in.text(v, "description", w, &d.description);
    } else if (name == "ownership") {
        d.owner = owner(v, w);
    } else {
        ++m_summary.skippedAspects;
    }
}

void Collector::productAspect(std::string_view urn, std::string_view name, object v,
    const Where &w, Timestamp seen)
{
    const QString key = u"product:"_s + simpleId(urn, "dataProduct");
    int i = m_productIndex.value(key, -1);
    if (i < 0) {
        ProductState s;
        s.p.key = key;
        s.p.name = simpleId(urn, "dataProduct");
        i = int(m_products.size());
        m_productIndex.insert(key, i);
        m_products.push_back(std::move(s));
    }
    ProductState &s = m_products[size_t(i)];
    s.p.observedAt = std::max(s.p.observedAt, seen);
    if (name == "dataProductProperties") {
        QString display;
        if (m_in.text(v, "name", w, &display) && !display.isEmpty())
            s.p.name = display;
        m_in.text(v, "description", w, &s.p.description);
        array assets;
        if (!m_in.array(v, "assets", w, false, &assets))
            return;
        const Where aw = w.member("assets");
        qint64 k = 0;
        for (element a : assets) {
            const Where ew = aw.element(k++);
            object o;
            std::string_view target, type, id;
            if (!m_in.objectValue(a, ew, &o, "an object with destinationUrn")
                || !m_in.string(o, "destinationUrn", ew, true, &target))
                continue;
            const Where tw = ew.member("destinationUrn");
            if (!splitUrn(target, &type, &id)) {
                m_in.error(tw, u"expected a URN, found "_s + quotedText(target));
            } else if (type == "dataset") {
                const Name n = datasetName(target);
                if (n.ok())
                    m_assetProduct.insert(datasetKeyOf(n), key);
                else
                    m_in.error(tw, n.problem);
            } else if (type == "dataJob") {
                const Name n = dataJobName(target);
                if (n.ok())
                    m_assetProduct.insert(jobKeyOf(n), key);
                else
                    m_in.error(tw, n.problem);
            }
        }
    } else if (name == "domains") {
        s.domains = domainList(v, w);
    } else if (name == "ownership") {
        s.p.owner = owner(v, w);
    } else {
        ++m_summary.skippedAspects;
    }
}

void Collector::assertionAspect(std::string_view urn, std::string_view name, object v,
    const Where &w, Timestamp seen)
{
    const QString u = fromUtf8(urn);
    if (name == "assertionInfo") {
        AssertionState &a = m_assertions[u];
        object da;
        if (!m_in.object(v, "datasetAssertion", w, false, &da))
            return; // other assertion kinds (freshness, volume, SQL) name no column here
        const Where dw = w.member("datasetAssertion");
        element ds;
        if (da["dataset"].get(ds) == simdjson::SUCCESS)
            datasetRef(ds, dw.member("dataset"), &a.datasetKey);
        std::string_view native;
        if (m_in.string(da, "nativeType", dw, false, &native))
            a.check = fromUtf8(native);
        array fields;
        if (m_in.array(da, "fields", dw, false, &fields) && fields.size() == 1) {
            QString key;
            const Where fw = dw.member("fields");
            fieldRef(fields.at(0).value_unsafe(), fw.element(0), &key, &a.column);
        }
    } else if (name == "assertionRunEvent") {
        RunState r;
        r.assertionUrn = u;
        element assertee;
        if (v["asserteeUrn"].get(assertee) != simdjson::SUCCESS) {
            m_in.error(w.member("asserteeUrn"), u"missing (expected the URN of the asserted dataset)"_s);
            return;
        }
        if (!datasetRef(assertee, w.member("asserteeUrn"), &r.q.entityKey))
            return;
        if (!m_in.millis(v, "timestampMillis", w, &r.q.observedAt))
            r.q.observedAt = seen;
        noteTime(r.q.observedAt);
        std::string_view status, result;
        if (m_in.string(v, "status", w, false, &status) && status != "COMPLETE")
            return; // a run still going has no result yet
        object res;
        if (!m_in.object(v, "result", w, true, &res, "an object with type SUCCESS, FAILURE or ERROR"))
            return;
        const Where rw = w.member("result");
        if (!m_in.string(res, "type", rw, true, &result))
            return;
        if (!parseHealthState(fromUtf8(result), &r.q.state))
            r.q.state = HealthState::Unknown;
        object nativeResults;
        if (m_in.object(res, "nativeResults", rw, false, &nativeResults))
            m_in.text(nativeResults, "message", rw.member("nativeResults"), &r.q.message);
        m_runs.push_back(std::move(r));
    } else {
        ++m_summary.skippedAspects;
    }
}

} // namespace meshlens::datahub
