// The envelopes of Atlas JSON: entity payloads of the REST API and hook notifications.

#include "atlasreader.h"

#include "atlasparts.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens {
namespace atlas {

Walker::Walker(JsonInput &in, IngestBatch &batch, AtlasReadSummary &summary)
    : m_in(in)
    , m_batch(batch)
    , m_summary(summary)
{
}

void Walker::run()
{
    const Where top;
    m_indexing = true;
    root(m_in.root(), top);
    if (m_in.errorCount() > 0)
        return;
    m_indexing = false;
    root(m_in.root(), top);
    if (m_summary.notApplied > 0)
        m_in.warning(top, u"%1 delete or V1 notifications are not applied: expected V2 create and "
                          "update notifications or entity payloads"_s.arg(m_summary.notApplied));
}

void Walker::root(element v, const Where &w)
{
    array list;
    object o;
    if (v.get_array().get(list) == simdjson::SUCCESS) {
        qint64 i = 0;
        for (element m : list) {
            if (m_in.saturated())
                return;
            const Where mw = w.element(i++);
            object mo;
            if (m_in.objectValue(m, mw, &mo, "a notification or entity payload object"))
                message(mo, mw);
        }
    } else if (v.get_object().get(o) == simdjson::SUCCESS) {
        object inner;
        if (m_in.object(o, "message", w, false, &inner, "a notification message object"))
            message(inner, w.member("message"));
        else
            message(o, w);
    } else {
        m_in.error(w, u"expected an Atlas entity payload or notification (an object or an array), found "_s
                + JsonInput::typeName(v));
    }
}

void Walker::message(object o, const Where &w)
{
    std::string_view type;
    if (m_in.string(o, "type", w, false, &type)) {
        if (type == "ENTITY_DELETE_V2" || type.size() < 3 || type.substr(type.size() - 3) != "_V2") {
            if (!m_indexing)
                ++m_summary.notApplied;
            return;
        }
    }
    bool found = false;
    element v;
    if (o["entity"].get(v) == simdjson::SUCCESS && !v.is_null()) {
        found = true;
        const Where ew = w.member("entity");
        object holder;
        element inner;
        // ENTITY_PARTIAL_UPDATE_V2 wraps it once more: {"entity": {"entity": E}}
        if (v.get_object().get(holder) == simdjson::SUCCESS && holder["entity"].get(inner) == simdjson::SUCCESS
            && holder["typeName"].error() != simdjson::SUCCESS)
            message(holder, ew);
        else
            entity(v, ew);
    }
    if (o["entities"].get(v) == simdjson::SUCCESS && !v.is_null()) {
        found = true;
        const Where ew = w.member("entities");
        array list;
        object holder;
        if (v.get_array().get(list) == simdjson::SUCCESS) {
            qint64 i = 0;
            for (element e : list) {
                const Where one = ew.element(i++);
                entity(e, one);
            }
        } else if (v.get_object().get(holder) == simdjson::SUCCESS) {
            message(holder, ew); // a notification's AtlasEntitiesWithExtInfo
        } else {
            m_in.error(ew, u"expected an array of entities, found "_s + JsonInput::typeName(v));
        }
    }
    object referred;
    if (m_in.object(o, "referredEntities", w, false, &referred, "an object of entities by guid")) {
        found = true;
        const Where rw = w.member("referredEntities");
        for (auto [guid, e] : referred) {
            const Where one = rw.member(guid);
            entity(e, one);
        }
    }
    if (!found)
        m_in.error(w, u"expected an Atlas entity payload (\"entity\", \"entities\" or "
                      "\"referredEntities\")"_s);
}

} // namespace atlas

AtlasFile detectAtlasFile(const QByteArray &head)
{
    const char first = json::firstJsonByte(head);
    if (first != '{' && first != '[')
        return AtlasFile::None;
    if (first == '{'
        && (head.contains("\"entityDefs\"") || head.contains("\"classificationDefs\"")
            || head.contains("\"relationshipDefs\"") || head.contains("\"enumDefs\"")
            || head.contains("\"structDefs\"")))
        return AtlasFile::TypeDefs;
    if (head.contains("\"typeName\"") && (head.contains("\"entity\"") || head.contains("\"entities\"")))
        return AtlasFile::Entities;
    return AtlasFile::None;
}

namespace {

// The file at `path`, or `bytes` named `path` when given.
IngestBatch readAtlas(const QString &path, const std::string_view *bytes, AtlasFile kind,
                      AtlasReadSummary *summary)
{
    IngestBatch batch;
    batch.source.source = u"atlas"_s;
    batch.source.file = path;
    AtlasReadSummary local;
    AtlasReadSummary &s = summary ? *summary : local;
    s = AtlasReadSummary {};
    json::JsonInput in(batch, u"Apache Atlas entities (JSON)"_s);
    if (!(bytes ? in.loadBytes(*bytes, path) : in.load(path)))
        return batch;
    if (kind == AtlasFile::TypeDefs) {
        in.warning(json::Where {}, u"Apache Atlas type definitions hold no entities: nothing to read"_s);
        return batch;
    }
    atlas::Walker walker(in, batch, s);
    walker.run();
    return batch;
}

} // namespace

IngestBatch readAtlasFile(const QString &path, AtlasFile kind, AtlasReadSummary *summary)
{
    return readAtlas(path, nullptr, kind, summary);
}

IngestBatch readAtlasBytes(std::string_view json, const QString &fileName, AtlasFile kind,
                           AtlasReadSummary *summary)
{
    return readAtlas(fileName, &json, kind, summary);
}

} // namespace meshlens
