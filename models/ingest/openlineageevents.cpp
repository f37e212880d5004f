#include "openlineageevents.h"

#include "simdjsonaccess.h"

#include "mesh/timeutil.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens {
namespace {

using jsonaccess::objectAt;
using jsonaccess::stringAt;

// "expected a string, found a number" for a member that is present with the wrong type,
// "missing" when it is absent.
QString expected(object o, std::string_view key, const char *what)
{
    element e;
    if (o[key].get(e) != simdjson::SUCCESS)
        return u"missing (expected "_s + QLatin1StringView(what) + u')';
    return u"expected "_s + QLatin1StringView(what) + u", found "_s + jsonaccess::typeName(e);
}

}  // namespace

OpenLineageEvents::OpenLineageEvents(IngestBatch &batch) : m_batchPtr(&batch) {}

void OpenLineageEvents::setBatch(IngestBatch &batch)
{
    m_batchPtr = &batch;
    m_datasets.clear();
    m_jobs.clear();
    m_strings = StringInterner();
    m_events = 0;
}

void OpenLineageEvents::finishRun(const RunState &run, Timestamp at, bool withFreshness)
{
    for (const QString &out : run.outputs) {
        for (const QString &in : run.inputs) {
            LineageEdge e;
            e.fromKey = in;
            e.toKey = out;
            e.jobKey = run.jobKey;
            e.observedAt = at;
            batch().edges.push_back(std::move(e));
        }
        // A finished run that wrote the dataset is its newest data.
        if (withFreshness)
            batch().freshness.push_back({out, at, at});
    }
}

bool OpenLineageEvents::add(element event, QString *problem)
{
    object ev;
    if (event.get_object().get(ev) != simdjson::SUCCESS) {
        *problem = u"expected an OpenLineage event (a JSON object), found "_s + jsonaccess::typeName(event);
        return false;
    }
    std::string_view timeText;
    Timestamp at = 0;
    if (ev["eventTime"].get_string().get(timeText) != simdjson::SUCCESS) {
        *problem = u"eventTime: "_s + expected(ev, "eventTime", "an ISO 8601 date-time string");
        return false;
    }
    if (!parseIsoTimestamp(timeText, &at)) {
        *problem = u"eventTime: expected an ISO 8601 date-time, found \""_s
            + QString::fromUtf8(timeText.data(), qsizetype(timeText.size())) + u'"';
        return false;
    }
    const std::string_view type = stringAt(ev, "eventType");
    // Lineage is what a finished run declares; START/RUNNING/FAIL/ABORT only say the
    // datasets and the job exist. JobEvents (no run) declare static lineage.
    object run;
    const bool isRunEvent = objectAt(ev, "run", &run);
    const bool complete = type == "COMPLETE" || (!isRunEvent && type.empty());
    object dsEvent;
    if (objectAt(ev, "dataset", &dsEvent)) {  // a DatasetEvent
        DatasetRef ref;
        if (!dataset(dsEvent, at, false, problem, "dataset", kNoItem, &ref)) {
            return false;
        }
        ++m_events;
        return true;
    }

    object job;
    if (!objectAt(ev, "job", &job)) {
        *problem = u"job: "_s + expected(ev, "job", "an object with namespace and name");
        return false;
    }
    std::string_view jobNs, jobName;
    if (job["namespace"].get_string().get(jobNs) != simdjson::SUCCESS) {
        *problem = u"job.namespace: "_s + expected(job, "namespace", "a string");
        return false;
    }
    if (job["name"].get_string().get(jobName) != simdjson::SUCCESS) {
        *problem = u"job.name: "_s + expected(job, "name", "a string");
        return false;
    }
    const std::size_t jobIdx = jobIndex(jobNs, jobName, at);
    const QString jobKey = batch().jobs[jobIdx].key;
    object facetsObject;
    if (objectAt(job, "facets", &facetsObject))
        jobFacets(facetsObject, jobIdx, at, {});
    // Run facets describe one run; the job keeps the newest of each.
    if (isRunEvent && objectAt(run, "facets", &facetsObject))
        jobFacets(facetsObject, jobIdx, at, "run.");

    m_inputs.clear();
    m_outputs.clear();
    for (const auto &[listName, isOutput] : {std::pair{"inputs", false}, std::pair{"outputs", true}}) {
        const char *name = listName;  // a lambda below uses it (clang 14 cannot capture a binding)
        element listElement;
        if (ev[name].get(listElement) != simdjson::SUCCESS || listElement.is_null())
            continue;
        array list;
        if (listElement.get_array().get(list) != simdjson::SUCCESS) {
            *problem = QLatin1StringView(name) + u": expected an array of datasets, found "_s
                + jsonaccess::typeName(listElement);
            return false;
        }
        std::size_t i = 0;
        for (element item : list) {
            // The path is only spelled out for a problem: most events have none.
            const auto path = [&]() -> QString {
                return QLatin1StringView(name) + u'[' + QString::number(i) + u']';
            };
            object ds;
            if (item.get_object().get(ds) != simdjson::SUCCESS) {
                *problem = path() + u": expected a dataset object, found "_s + jsonaccess::typeName(item);
                return false;
            }
            DatasetRef ref;
            if (!dataset(ds, at, isOutput, problem, name, i, &ref)) {
                return false;
            }
            ++i;
            std::vector<std::size_t> &refs = isOutput ? m_outputs : m_inputs;
            // A dataset listed twice on one side is one lineage end.
            if (std::find(refs.begin(), refs.end(), ref.index) == refs.end())
                refs.push_back(ref.index);
        }
    }
    std::string_view runId;
    const bool withRunId = isRunEvent
        && run["runId"].get_string().get(runId) == simdjson::SUCCESS && !runId.empty();
    if (!isRunEvent || !withRunId) {
        // A JobEvent declares static lineage; a run event without a runId to merge by is
        // read alone.
        if (!isRunEvent || complete)
            finishDeclared(jobKey, at, isRunEvent);
    } else if (complete && (m_runs.empty() || !m_runs.count(std::string(runId)))) {
        // The run's only event (the usual case): its lineage is what it declares; nothing
        // to merge or remember.
        finishDeclared(jobKey, at, true);
    } else {
        RunState declared;
        declared.jobKey = jobKey;
        for (const std::size_t in : m_inputs)
            declared.inputs << batch().datasets[in].key;
        for (const std::size_t out : m_outputs)
            declared.outputs << batch().datasets[out].key;
        RunState &state = m_runs[std::string(runId)];
        state.jobKey = jobKey;
        for (const QString &k : declared.inputs)
            if (!state.inputs.contains(k))
                state.inputs << k;
        for (const QString &k : declared.outputs)
            if (!state.outputs.contains(k))
                state.outputs << k;
        if (complete) {
            finishRun(state, at, true);
            m_runs.erase(std::string(runId));
        } else if (type == "FAIL" || type == "ABORT") {
            m_runs.erase(std::string(runId));  // a run that did not finish declares nothing
        }
    }
    ++m_events;
    return true;
}

void OpenLineageEvents::finishDeclared(const QString &jobKey, Timestamp at, bool withFreshness)
{
    for (const std::size_t out : m_outputs) {
        const QString &outKey = batch().datasets[out].key;
        for (const std::size_t in : m_inputs) {
            LineageEdge e;
            e.fromKey = batch().datasets[in].key;
            e.toKey = outKey;
            e.jobKey = jobKey;
            e.observedAt = at;
            batch().edges.push_back(std::move(e));
        }
        if (withFreshness)
            batch().freshness.push_back({outKey, at, at});
    }
}

bool OpenLineageEvents::dataset(object ds, Timestamp at, bool output, QString *problem,
                                const char *list, std::size_t item, DatasetRef *out)
{
    // "inputs[2]", or "dataset" for a DatasetEvent; spelled out only for a problem.
    const auto path = [&]() -> QString {
        return item == kNoItem ? QString::fromLatin1(list)
                               : QLatin1StringView(list) + u'[' + QString::number(item) + u']';
    };
    std::string_view ns, name;
    if (ds["namespace"].get_string().get(ns) != simdjson::SUCCESS) {
        *problem = path() + u".namespace: "_s + expected(ds, "namespace", "a string");
        return false;
    }
    if (ds["name"].get_string().get(name) != simdjson::SUCCESS) {
        *problem = path() + u".name: "_s + expected(ds, "name", "a string");
        return false;
    }
    const std::size_t idx = datasetIndex(ns, name, at);
    out->index = idx;
    const QString key = batch().datasets[idx].key;
    object facets;
    if (objectAt(ds, "facets", &facets))
        datasetFacets(facets, idx, key, at, output);
    if (objectAt(ds, "inputFacets", &facets))
        ioFacets(facets, idx, key, at, "inputFacets.");
    if (objectAt(ds, "outputFacets", &facets))
        ioFacets(facets, idx, key, at, "outputFacets.");
    return true;
}

void OpenLineageEvents::datasetFacets(object facets, std::size_t index, const QString &key, Timestamp at,
                                      bool writtenByRun)
{
    // By index, not reference: a RENAME or column lineage may add records and move the vector.
    auto d = [&]() -> Dataset & { return batch().datasets[index]; };
    for (auto [name, value] : facets) {
        object f;
        if (value.get_object().get(f) != simdjson::SUCCESS) {
            if (!value.is_null())
                keepFacet(d().facets, {}, name, value, at, key);
            continue;
        }
        if (name == "ownership") {
            d().owner = owner(f);
        } else if (name == "documentation") {
            d().description = str(stringAt(f, "description"));
        } else if (name == "datasetType") {
            d().datasetKind = str(stringAt(f, "datasetType")).toLower();
        } else if (name == "lifecycleStateChange") {
            const std::string_view change = stringAt(f, "lifecycleStateChange");
            if (change == "DROP") {
                d().removedAt = at;
            } else if (change == "RENAME") {
                // The old name ends here; the new one carries on from this event.
                object prev;
                if (objectAt(f, "previousIdentifier", &prev)) {
                    const std::string_view pns = stringAt(prev, "namespace"), pname = stringAt(prev, "name");
                    if (!pname.empty())
                        batch().datasets[datasetIndex(pns, pname, at)].removedAt = at;
                }
            }
        } else if (name == "columnLineage") {
            if (writtenByRun)
                columnLineage(f, key, at);
        } else if (name == "dataQualityAssertions") {
            quality(f, key, at);
        } else if (name == "dataQualityMetrics") {
            std::string_view updated = stringAt(f, "lastUpdated");
            Timestamp t = 0;
            if (!updated.empty() && parseIsoTimestamp(updated, &t))
                batch().freshness.push_back({key, at, t});
        } else if (name == "symlinks") {
            symlinks(f, index, at);
        } else {
            keepFacet(d().facets, {}, name, value, at, key);
        }
    }
}

void OpenLineageEvents::ioFacets(object facets, std::size_t index, const QString &key, Timestamp at,
                                 std::string_view prefix)
{
    const bool input = prefix == "inputFacets.";
    for (auto [name, value] : facets) {
        if (value.is_null())
            continue;
        object f;
        const bool isObject = value.get_object().get(f) == simdjson::SUCCESS;
        if (input && isObject && name == "dataQualityAssertions") {
            quality(f, key, at);
        } else if (input && isObject && name == "dataQualityMetrics") {
            Timestamp t = 0;
            const std::string_view updated = stringAt(f, "lastUpdated");
            if (!updated.empty() && parseIsoTimestamp(updated, &t))
                batch().freshness.push_back({key, at, t});
        } else {
            keepFacet(batch().datasets[index].facets, prefix, name, value, at, key);
        }
    }
}

void OpenLineageEvents::jobFacets(object facets, std::size_t jobIdx, Timestamp at, std::string_view prefix)
{
    for (auto [name, value] : facets) {
        if (value.is_null())
            continue;
        object f;
        const bool isObject = value.get_object().get(f) == simdjson::SUCCESS;
        Job &job = batch().jobs[jobIdx];
        if (prefix.empty() && isObject && name == "ownership")
            job.owner = owner(f);
        else if (prefix.empty() && isObject && name == "documentation")
            job.description = str(stringAt(f, "description"));
        else
            keepFacet(job.facets, prefix, name, value, at, job.key);
    }
}

void OpenLineageEvents::symlinks(object facet, std::size_t index, Timestamp at)
{
    // {"identifiers": [{"namespace", "name", "type"}]}: other names of this dataset. The
    // dataset's own name (as this event names it, after earlier aliases) is the canonical
    // one; the first dataset to claim an alias keeps it.
    array identifiers;
    if (facet["identifiers"].get_array().get(identifiers) != simdjson::SUCCESS)
        return;
    for (element e : identifiers) {
        object id;
        if (e.get_object().get(id) != simdjson::SUCCESS)
            continue;
        const std::string_view ns = stringAt(id, "namespace"), name = stringAt(id, "name");
        if (name.empty())
            continue;
        const Dataset &d = batch().datasets[index];
        m_scratch.assign("dataset:").append(ns).append("/").append(name);
        Canonical canonical;
        canonical.key = d.key.toStdString();
        canonical.nsLength = std::size_t(d.ns.toUtf8().size());
        if (m_scratch == canonical.key || m_aliasOf.count(m_scratch))
            continue;
        const QString aliasKey = QString::fromStdString(m_scratch);
        m_aliasOf.emplace(m_scratch, std::move(canonical));
        batch().datasetAliases.push_back({aliasKey, d.key, at});
    }
}

void OpenLineageEvents::keepFacet(std::vector<RawFacet> &facets, std::string_view prefix,
                                  std::string_view name, element value, Timestamp at,
                                  const QString &ownerKey)
{
    m_facetName.assign(prefix).append(name);
    const QString &facetName = str(m_facetName);  // few distinct names: shared
    // Compact JSON; of an object, without "_producer" and "_schemaURL", which every facet of
    // a producer repeats word for word: they are kept apart (interned).
    std::string_view producer, schemaUrl;
    object members;
    if (value.get_object().get(members) == simdjson::SUCCESS) {
        m_facetJson.assign("{");
        for (const auto field : members) {
            if (field.key == "_producer" && field.value.get_string().get(producer) == simdjson::SUCCESS)
                continue;
            if (field.key == "_schemaURL" && field.value.get_string().get(schemaUrl) == simdjson::SUCCESS)
                continue;
            if (m_facetJson.size() > 1)
                m_facetJson += ',';
            m_json.clear();
            m_json.append(field);
            m_facetJson.append(m_json.str());
        }
        m_facetJson += '}';
    } else {
        m_json.clear();
        m_json.append(value);
        m_facetJson.assign(m_json.str());
    }
    const std::string_view json = m_facetJson;
    QByteArray stored;
    if (json.size() > kMaxFacetBytes) {
        m_warnings << u"facet \"%1\" of %2 has %3 bytes of JSON, more than the %4 KiB kept of one "
                      "facet; stored as a placeholder that gives its size"_s
                          .arg(facetName, ownerKey)
                          .arg(json.size())
                          .arg(kMaxFacetBytes / 1024);
        stored = "{\"_meshlensOmitted\":\"larger than 64 KiB\",\"bytes\":"
            + QByteArray::number(qint64(json.size())) + '}';
    } else {
        stored = QByteArray(json.data(), qsizetype(json.size()));
    }
    const QString producerText = producer.empty() ? QString() : str(producer);
    const QString schemaText = schemaUrl.empty() ? QString() : str(schemaUrl);
    for (RawFacet &f : facets) {
        if (f.name == facetName) {
            if (at >= f.observedAt) {
                f.json = std::move(stored);
                f.producer = producerText;
                f.schemaUrl = schemaText;
                f.observedAt = at;
            }
            return;
        }
    }
    facets.push_back({facetName, std::move(stored), producerText, schemaText, at});
}

void OpenLineageEvents::columnLineage(object facet, const QString &toKey, Timestamp at)
{
    object fields;
    if (!objectAt(facet, "fields", &fields))
        return;
    for (auto [outField, spec] : fields) {
        object s;
        if (spec.get_object().get(s) != simdjson::SUCCESS)
            continue;
        // The deprecated form puts the transformation next to inputFields; the current one
        // lists transformations per input field.
        const QString &fieldLevel = str(stringAt(s, "transformationType"));
        array inputs;
        if (s["inputFields"].get_array().get(inputs) != simdjson::SUCCESS)
            continue;
        for (element in : inputs) {
            object i;
            if (in.get_object().get(i) != simdjson::SUCCESS)
                continue;
            const std::string_view ns = stringAt(i, "namespace"), name = stringAt(i, "name");
            const std::string_view field = stringAt(i, "field");
            if (name.empty() || field.empty())
                continue;
            ColumnLineageEdge e;
            e.fromDatasetKey = batch().datasets[datasetIndex(ns, name, at)].key;
            e.fromColumn = str(field);
            e.toDatasetKey = toKey;
            e.toColumn = str(outField);
            e.transformation = fieldLevel;
            array transformations;
            if (i["transformations"].get_array().get(transformations) == simdjson::SUCCESS) {
                // "type/subtype, type": built as UTF-8 and interned, few distinct values.
                m_transformation.clear();
                bool any = false;
                for (element t : transformations) {
                    object to;
                    if (t.get_object().get(to) != simdjson::SUCCESS)
                        continue;
                    if (any)
                        m_transformation.append(", ");
                    any = true;
                    m_transformation.append(stringAt(to, "type"));
                    if (const auto sub = stringAt(to, "subtype"); !sub.empty())
                        m_transformation.append("/").append(sub);
                }
                if (any)
                    e.transformation = str(m_transformation);
            }
            e.observedAt = at;
            batch().columnEdges.push_back(std::move(e));
        }
    }
}

void OpenLineageEvents::quality(object facet, const QString &key, Timestamp at)
{
    array assertions;
    if (facet["assertions"].get_array().get(assertions) != simdjson::SUCCESS)
        return;
    for (element a : assertions) {
        object o;
        if (a.get_object().get(o) != simdjson::SUCCESS)
            continue;
        QualityResult q;
        q.entityKey = key;
        q.checkName = str(stringAt(o, "assertion"));
        q.column = str(stringAt(o, "column"));
        bool success = false;
        if (o["success"].get_bool().get(success) == simdjson::SUCCESS) {
            // A failed assertion of severity "warn" is a warning, not a failure.
            q.state = success ? HealthState::Pass
                              : (stringAt(o, "severity") == "warn" ? HealthState::Warn : HealthState::Fail);
        }
        q.observedAt = at;
        batch().quality.push_back(std::move(q));
    }
}

std::size_t OpenLineageEvents::datasetIndex(std::string_view ns, std::string_view name, Timestamp at)
{
    m_scratch.assign("dataset:").append(ns).append("/").append(name);
    if (!m_aliasOf.empty()) {
        // Another name of a dataset (symlinks): the record is the canonical one's.
        if (const auto it = m_aliasOf.find(m_scratch); it != m_aliasOf.end()) {
            m_scratch = it->second.key;
            ns = std::string_view(m_scratch).substr(8, it->second.nsLength);
            name = std::string_view(m_scratch).substr(std::min(m_scratch.size(), 9 + it->second.nsLength));
        }
    }
    if (const quint32 known = m_datasets.find(m_scratch); known != KeyIndex::npos) {
        Dataset &d = batch().datasets[known];
        d.observedAt = std::max(d.observedAt, at);
        return known;
    }
    Dataset d;
    d.key = QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
    d.ns = str(ns);  // few distinct namespaces: shared
    d.name = QString::fromUtf8(name.data(), qsizetype(name.size()));
    d.observedAt = at;
    const auto index = quint32(batch().datasets.size());
    batch().datasets.push_back(std::move(d));
    m_datasets.insert(m_scratch, index);
    return index;
}

std::size_t OpenLineageEvents::jobIndex(std::string_view ns, std::string_view name, Timestamp at)
{
    m_scratch.assign("job:").append(ns).append("/").append(name);
    if (const quint32 known = m_jobs.find(m_scratch); known != KeyIndex::npos) {
        Job &j = batch().jobs[known];
        j.observedAt = std::max(j.observedAt, at);
        return known;
    }
    Job j;
    j.key = QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
    j.ns = str(ns);
    j.name = QString::fromUtf8(name.data(), qsizetype(name.size()));
    j.observedAt = at;
    const auto index = quint32(batch().jobs.size());
    batch().jobs.push_back(std::move(j));
    m_jobs.insert(m_scratch, index);
    return index;
}

QString OpenLineageEvents::owner(object facet)
{
    array owners;
    if (facet["owners"].get_array().get(owners) != simdjson::SUCCESS)
        return {};
    for (element o : owners) {
        object ob;
        if (o.get_object().get(ob) == simdjson::SUCCESS) {
            const std::string_view name = stringAt(ob, "name");
            if (!name.empty())
                return str(name);
        }
    }
    return {};
}

}  // namespace meshlens
