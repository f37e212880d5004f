// OpenMetadata lineage.json (edges between entities named by FQN, through a pipeline) and
// tableTests.json (results of table and column tests).

#include "openmetadataparts.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::openmetadata {
namespace {

// Lineage ends that are not datasets: a pipeline makes lineage, it is not a node of it here.
bool isProcess(std::string_view type)
{
    return type == "pipeline" || type == "storedProcedure";
}

} // namespace

void OmReader::readLineage()
{
    const Where root;
    array entries;
    if (m_in.root().get_array().get(entries) != simdjson::SUCCESS) {
        m_in.error(root, u"expected an array of lineage entries ({\"from\": {\"fqn\", \"type\"}, "
                         "\"to\": {...}}), found "_s + JsonInput::typeName(m_in.root()));
        return;
    }
    qint64 i = 0;
    for (element e : entries) {
        if (m_in.saturated())
            return;
        const Where w = root.element(i++);
        ++m_summary.lineageEntries;
        object entry;
        if (!m_in.objectValue(e, w, &entry, "a lineage entry ({\"from\", \"to\", \"edge_meta\"})"))
            continue;
        Dataset ends[2];
        bool ok = true, skipped = false;
        for (int side = 0; side < 2; ++side) {
            const std::string_view key = side == 0 ? "from" : "to";
            const Where sw = w.member(key);
            object end;
            std::string_view fqn, type;
            if (!m_in.object(entry, key, w, true, &end, "an object with fqn and type")
                || !m_in.string(end, "fqn", sw, true, &fqn) || !m_in.string(end, "type", sw, true, &type)) {
                ok = false;
                continue;
            }
            if (isProcess(type)) {
                skipped = true;
                continue;
            }
            ok = datasetFromFqn(json::fromUtf8(fqn), json::fromUtf8(type), sw.member("fqn"), &ends[side]) && ok;
        }
        if (!ok)
            continue;
        if (skipped) {
            ++m_summary.skippedEntries;
            continue;
        }
        QString jobKey;
        object meta;
        if (m_in.object(entry, "edge_meta", w, false, &meta, "an object with fqn and type")) {
            const Where mw = w.member("edge_meta");
            std::string_view fqn, type;
            m_in.string(meta, "type", mw, false, &type);
            if (type == "pipeline" && m_in.string(meta, "fqn", mw, true, &fqn) && !fqn.empty()
                && !jobKeyFromFqn(json::fromUtf8(fqn), mw.member("fqn"), &jobKey))
                continue;
        }
        for (Dataset &d : ends) {
            if (m_datasets.contains(d.key))
                continue;
            m_datasets.insert(d.key, int(m_batch.datasets.size()));
            m_batch.datasets.push_back(d);
        }
        const QString id = ends[0].key + u'\x1f' + ends[1].key + u'\x1f' + jobKey;
        if (m_edges.contains(id))
            continue; // the sample repeats some entries
        m_edges.insert(id);
        LineageEdge edge;
        edge.fromKey = ends[0].key;
        edge.toKey = ends[1].key;
        edge.jobKey = jobKey;
        m_batch.edges.push_back(std::move(edge));
        ++m_summary.edges;
    }
    if (m_summary.skippedEntries > 0)
        m_in.warning(root, u"%1 lineage entries have a pipeline as an end: skipped (MeshLens draws "
                           "pipelines as the jobs of edges, from edge_meta)"_s.arg(m_summary.skippedEntries));
}

void OmReader::readTableTests()
{
    const Where root;
    array tables;
    if (m_in.root().get_array().get(tables) != simdjson::SUCCESS) {
        m_in.error(root, u"expected an array of {\"table\": FQN, \"tableTests\": [...]}, found "_s
                + JsonInput::typeName(m_in.root()));
        return;
    }
    qint64 i = 0;
    for (element e : tables) {
        if (m_in.saturated())
            return;
        const Where w = root.element(i++);
        object t;
        std::string_view fqn;
        Dataset d;
        if (!m_in.objectValue(e, w, &t, "an object with table and tableTests")
            || !m_in.string(t, "table", w, true, &fqn)
            || !datasetFromFqn(json::fromUtf8(fqn), u"table"_s, w.member("table"), &d))
            continue;
        for (const std::string_view listKey : {std::string_view("tableTests"), std::string_view("columnTests")}) {
            array tests;
            if (!m_in.array(t, listKey, w, false, &tests))
                continue;
            const Where lw = w.member(listKey);
            qint64 k = 0;
            for (element te : tests) {
                const Where tw = lw.element(k++);
                object test;
                if (!m_in.objectValue(te, tw, &test, "a test object"))
                    continue;
                QString column;
                std::string_view c;
                if (listKey == "columnTests") {
                    if (!m_in.string(test, "columnName", tw, true, &c))
                        continue;
                    column = json::fromUtf8(c);
                }
                testResult(test, tw, d.key, column,
                    listKey == "columnTests" ? "columnTestType" : "tableTestType");
            }
        }
    }
}

void OmReader::testResult(object test, const Where &w, const QString &datasetKey,
    const QString &column, std::string_view typeKey)
{
    object testCase, result;
    std::string_view type, status;
    if (!m_in.object(test, "testCase", w, true, &testCase, "an object with the test's type")
        || !m_in.string(testCase, typeKey, w.member("testCase"), true, &type))
        return;
    if (!m_in.object(test, "result", w, false, &result, "an object with testCaseStatus"))
        return; // defined, never run
    const Where rw = w.member("result");
    if (!m_in.string(result, "testCaseStatus", rw, true, &status))
        return;
    QualityResult q;
    q.entityKey = datasetKey;
    q.checkName = json::fromUtf8(type);
    q.column = column;
    if (!parseHealthState(json::fromUtf8(status), &q.state))
        q.state = HealthState::Unknown; // "Aborted", "Queued"
    m_in.text(result, "result", rw, &q.message);
    qint64 t = 0;
    if (m_in.millis(result, "timestamp", rw, &t))
        q.observedAt = t < 100000000000LL ? t * 1000 : t; // seconds in 0.x samples
    m_batch.observedAt = std::max(m_batch.observedAt, q.observedAt);
    m_batch.quality.push_back(std::move(q));
    ++m_summary.qualityResults;
}

} // namespace meshlens::openmetadata
