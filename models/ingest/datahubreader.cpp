// The envelopes of DataHub metadata files: MetadataChangeEvents (snapshots carrying a list
// of aspects) and MetadataChangeProposals (one aspect each, as JSON text or as JSON). Each
// aspect of an entity the mesh holds goes to the collector.

#include "datahubreader.h"

#include "datahubcollector.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens {
namespace {

using datahub::Collector;
using json::JsonInput;
using json::Where;

// "com.linkedin.pegasus2avro.dataset.UpstreamLineage" -> "upstreamLineage", the name an
// MCP gives the same aspect.
std::string aspectNameOf(std::string_view member)
{
    const size_t dot = member.rfind('.');
    std::string name(dot == std::string_view::npos ? member : member.substr(dot + 1));
    if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z')
        name[0] = char(name[0] - 'A' + 'a');
    return name;
}

class Reader {
public:
    Reader(JsonInput &in, IngestBatch &batch, DataHubReadSummary &summary)
        : m_in(in)
        , m_summary(summary)
        , m_collector(in, batch, summary)
    {
    }

    void read()
    {
        const Where root;
        array records;
        object single;
        if (m_in.root().get_array().get(records) == simdjson::SUCCESS) {
            qint64 i = 0;
            for (element r : records) {
                if (m_in.saturated())
                    break;
                record(r, root.element(i++));
            }
        } else if (m_in.root().get_object().get(single) == simdjson::SUCCESS) {
            record(m_in.root(), root);
        } else {
            m_in.error(root, u"expected an array of MetadataChangeEvents and "
                             "MetadataChangeProposals (or one of them), found "_s
                    + JsonInput::typeName(m_in.root()));
        }
        m_collector.finish();
    }

private:
    void record(element r, const Where &w)
    {
        ++m_summary.records;
        object o;
        if (!m_in.objectValue(r, w, &o, "a MetadataChangeEvent or MetadataChangeProposal object"))
            return;
        Timestamp seen = 0;
        object system;
        if (m_in.object(o, "systemMetadata", w, false, &system))
            m_in.millis(system, "lastObserved", w.member("systemMetadata"), &seen);
        element v;
        if (o["proposedSnapshot"].get(v) == simdjson::SUCCESS) {
            ++m_summary.snapshots;
            snapshot(v, w.member("proposedSnapshot"), seen);
        } else if (o["entityUrn"].get(v) == simdjson::SUCCESS || o["aspectName"].get(v) == simdjson::SUCCESS
            || o["entityType"].get(v) == simdjson::SUCCESS) {
            ++m_summary.proposals;
            proposal(o, w, seen);
        } else {
            m_in.error(w, u"expected a MetadataChangeEvent (with proposedSnapshot) or a "
                          "MetadataChangeProposal (with entityUrn, aspectName and aspect)"_s);
        }
    }

    // The URN of an entity: false, with an error, when missing or not a DataHub URN.
    bool entityUrn(object o, std::string_view key, const Where &w, std::string_view *urn,
        std::string_view *type)
    {
        if (!m_in.string(o, key, w, true, urn))
            return false;
        std::string_view id;
        if (!datahub::splitUrn(*urn, type, &id)) {
            m_in.error(w.member(key), u"expected a DataHub URN (\"urn:li:<type>:<id>\"), found "_s
                    + quotedText(*urn));
            return false;
        }
        return true;
    }

    void snapshot(element v, const Where &w, Timestamp seen)
    {
        object snap;
        if (!m_in.objectValue(v, w, &snap,
                "an object with one snapshot such as \"com.linkedin.pegasus2avro.metadata.snapshot.DatasetSnapshot\""))
            return;
        if (snap.size() != 1) {
            m_in.error(w, u"expected exactly one snapshot (e.g. \"com.linkedin.pegasus2avro.metadata."
                          "snapshot.DatasetSnapshot\"), found %1 members"_s.arg(snap.size()));
            return;
        }
        for (auto [key, value] : snap) {
            const Where sw = w.member(key);
            object body;
            std::string_view urn, type;
            if (!m_in.objectValue(value, sw, &body, "an object with urn and aspects")
                || !entityUrn(body, "urn", sw, &urn, &type))
                return;
            if (!datahub::isMeshEntityType(type)) {
                ++m_summary.skippedRecords;
                return;
            }
            array aspects;
            if (!m_in.array(body, "aspects", sw, true, &aspects, "an array of aspects"))
                return;
            const Where aw = sw.member("aspects");
            const Where uw = sw.member("urn");
            qint64 i = 0;
            for (element a : aspects) {
                const Where ew = aw.element(i++);
                object wrapper;
                if (!m_in.objectValue(a, ew, &wrapper,
                        "an object with one aspect such as \"com.linkedin.pegasus2avro.common.Ownership\""))
                    continue;
                for (auto [aspectKey, aspectValue] : wrapper) {
                    const Where vw = ew.member(aspectKey);
                    object value;
                    if (m_in.objectValue(aspectValue, vw, &value))
                        m_collector.aspect(type, urn, uw, aspectNameOf(aspectKey), value, vw, seen);
                }
            }
        }
    }

    void proposal(object o, const Where &w, Timestamp seen)
    {
        std::string_view urn, type;
        if (!entityUrn(o, "entityUrn", w, &urn, &type))
            return;
        if (!datahub::isMeshEntityType(type)) {
            ++m_summary.skippedRecords;
            return;
        }
        std::string_view change = "UPSERT";
        m_in.string(o, "changeType", w, false, &change);
        if (change == "DELETE" || change == "PATCH") {
            m_in.warning(w.member("changeType"),
                u"%1 proposals are not applied: expected UPSERT, CREATE, UPDATE or RESTATE"_s.arg(
                    json::fromUtf8(change)));
            return;
        }
        std::string_view name;
        if (!m_in.string(o, "aspectName", w, true, &name))
            return;
        object aspect;
        if (!m_in.object(o, "aspect", w, true, &aspect, "an object with value (JSON text) or json"))
            return;
        const Where aw = w.member("aspect");
        const Where uw = w.member("entityUrn");
        element v;
        if (aspect["json"].get(v) == simdjson::SUCCESS) {
            const Where jw = aw.member("json");
            object value;
            if (m_in.objectValue(v, jw, &value, "the aspect as a JSON object"))
                m_collector.aspect(type, urn, uw, name, value, jw, seen);
            return;
        }
        std::string_view contentType;
        if (m_in.string(aspect, "contentType", aw, false, &contentType) && contentType != "application/json") {
            m_in.warning(aw.member("contentType"),
                u"aspect content type %1 is not read: expected \"application/json\""_s.arg(
                    quotedText(contentType)));
            return;
        }
        std::string_view text;
        if (aspect["value"].get(v) != simdjson::SUCCESS) {
            m_in.error(aw.member("value"), u"missing (expected the aspect as JSON text, or a \"json\" member)"_s);
            return;
        }
        const Where vw = aw.member("value");
        if (v.get_string().get(text) != simdjson::SUCCESS) {
            m_in.error(vw, u"expected the aspect as JSON text (a string), found "_s + JsonInput::typeName(v));
            return;
        }
        const Where inner = vw.embedded();
        element parsed;
        object value;
        if (m_in.parseEmbedded(text, vw, m_aspectParser, &parsed)
            && m_in.objectValue(parsed, inner, &value, "the aspect as a JSON object"))
            m_collector.aspect(type, urn, uw, name, value, inner, seen);
    }

    JsonInput &m_in;
    DataHubReadSummary &m_summary;
    Collector m_collector;
    simdjson::dom::parser m_aspectParser; // one at a time: each aspect is used before the next parse
};

} // namespace

bool looksLikeDataHub(const QByteArray &head)
{
    const char first = json::firstJsonByte(head);
    if (first != '{' && first != '[')
        return false;
    return head.contains("\"proposedSnapshot\"")
        || (head.contains("\"entityUrn\"") && head.contains("\"aspectName\""))
        || (head.contains("\"entityType\"") && head.contains("\"changeType\"") && head.contains("\"aspect\""));
}

namespace {

// The file at `path`, or `bytes` named `path` when given.
IngestBatch readDataHub(const QString &path, const std::string_view *bytes,
                        DataHubReadSummary *summary)
{
    IngestBatch batch;
    batch.source.source = u"datahub"_s;
    batch.source.file = path;
    DataHubReadSummary local;
    DataHubReadSummary &s = summary ? *summary : local;
    s = DataHubReadSummary {};
    JsonInput in(batch, u"a DataHub metadata file (MCE/MCP JSON)"_s);
    if (!(bytes ? in.loadBytes(*bytes, path) : in.load(path)))
        return batch;
    Reader reader(in, batch, s);
    reader.read();
    return batch;
}

} // namespace

IngestBatch readDataHubFile(const QString &path, DataHubReadSummary *summary)
{
    return readDataHub(path, nullptr, summary);
}

IngestBatch readDataHubBytes(std::string_view json, const QString &fileName,
                             DataHubReadSummary *summary)
{
    return readDataHub(fileName, &json, summary);
}

} // namespace meshlens
