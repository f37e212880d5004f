#include "openmetadatareader.h"

#include "openmetadataparts.h"
#include "resolver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens {
namespace openmetadata {
namespace {

// A string member of the small JSON file `name` next to `dir`, or empty.
QString siblingString(const QDir &dir, const QString &name, const char *key)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::ReadOnly) || f.size() > 1024 * 1024)
        return {};
    const QByteArray bytes = f.readAll();
    simdjson::dom::parser parser;
    element root;
    std::string_view v;
    if (parser.parse(bytes.constData(), size_t(bytes.size()), true).get(root) != simdjson::SUCCESS
        || root[key].get_string().get(v) != simdjson::SUCCESS || qint64(v.size()) > json::kMaxStringBytes)
        return {};
    return json::fromUtf8(v);
}

QString lowered(std::string_view s)
{
    return json::fromUtf8(s).toLower();
}

} // namespace

QString quoteFqnPart(const QString &part)
{
    return part.contains(u'.') ? u'"' + part + u'"' : part;
}

OmReader::OmReader(JsonInput &in, IngestBatch &batch, OpenMetadataReadSummary &summary)
    : m_in(in)
    , m_batch(batch)
    , m_summary(summary)
{
}

void OmReader::loadContext(const QString &path)
{
    const QDir dir = QFileInfo(path).dir();
    for (const QString &name : {u"service.json"_s, u"database_service.json"_s}) {
        m_service = siblingString(dir, name, "serviceName");
        if (!m_service.isEmpty())
            break;
    }
    m_database = siblingString(dir, u"database.json"_s, "name");
    m_schema = siblingString(dir, u"database_schema.json"_s, "name");
    m_summary.service = m_service;
}

bool OmReader::records(std::string_view key, array *out, bool *rootArray)
{
    const Where root;
    object o;
    *rootArray = m_in.root().get_array().get(*out) == simdjson::SUCCESS;
    if (*rootArray)
        return true;
    if (m_in.root().get_object().get(o) != simdjson::SUCCESS) {
        m_in.error(root, u"expected an object with \"%1\" (an array), found %2"_s.arg(
                             json::fromUtf8(key), JsonInput::typeName(m_in.root())));
        return false;
    }
    return m_in.array(o, key, root, true, out);
}

bool OmReader::datasetFromFqn(const QString &fqn, const QString &kind, const Where &w, Dataset *out)
{
    const QStringList parts = splitOpenMetadataFqn(fqn);
    if (parts.size() < 2) {
        m_in.error(w, u"expected a fully qualified name \"service.name\" (a table: "
                      "\"service.database.schema.table\"), found \"%1\""_s.arg(fqn.left(200)));
        return false;
    }
    out->ns = parts.first();
    out->name = parts.mid(1).join(u'.');
    out->key = datasetKey(out->ns, out->name);
    out->datasetKind = kind;
    return true;
}

bool OmReader::jobKeyFromFqn(const QString &fqn, const Where &w, QString *key)
{
    const QStringList parts = splitOpenMetadataFqn(fqn);
    if (parts.size() < 2) {
        m_in.error(w, u"expected a pipeline's fully qualified name \"service.pipeline\", found \"%1\""_s
                          .arg(fqn.left(200)));
        return false;
    }
    *key = u"job:"_s + parts.first() + u'/' + parts.mid(1).join(u'.');
    return true;
}

QString OmReader::referenceName(element v, const Where &w)
{
    // An EntityReference ({"name", "fullyQualifiedName", ...}) or a plain name.
    std::string_view s;
    object o;
    if (v.get_string().get(s) == simdjson::SUCCESS)
        return qint64(s.size()) <= json::kMaxStringBytes ? json::fromUtf8(s) : QString();
    if (!m_in.objectValue(v, w, &o, "an entity reference (an object with name) or a name"))
        return {};
    if (m_in.string(o, "fullyQualifiedName", w, false, &s) || m_in.string(o, "name", w, false, &s))
        return json::fromUtf8(s);
    m_in.error(w.member("name"), u"missing (expected the name of the referenced entity)"_s);
    return {};
}

QString OmReader::owner(object o, const Where &w)
{
    // "owner" (0.x) or "owners" (1.x): a team wins over a user, else the first.
    std::vector<std::pair<QString, bool>> found;
    element v;
    array list;
    auto one = [&](element e, const Where &ew) {
        object r;
        std::string_view name, type;
        if (!m_in.objectValue(e, ew, &r, "an entity reference (an object with name and type)"))
            return;
        if (!m_in.string(r, "name", ew, false, &name) && !m_in.string(r, "displayName", ew, true, &name))
            return;
        m_in.string(r, "type", ew, false, &type);
        found.emplace_back(json::fromUtf8(name), type == "team");
    };
    if (o["owner"].get(v) == simdjson::SUCCESS && !v.is_null())
        one(v, w.member("owner"));
    if (m_in.array(o, "owners", w, false, &list, "an array of entity references")) {
        const Where lw = w.member("owners");
        qint64 i = 0;
        for (element e : list) {
            const Where ew = lw.element(i++);
            one(e, ew);
        }
    }
    for (const auto &[name, team] : found) {
        if (team)
            return name;
    }
    return found.empty() ? QString() : found.front().first;
}

QString OmReader::ensureDomain(const QString &name)
{
    const QString key = u"domain:"_s + name;
    if (!m_domains.contains(key)) {
        m_domains.insert(key);
        Domain d;
        d.key = key;
        d.name = name;
        m_batch.domains.push_back(std::move(d));
    }
    return key;
}

QString OmReader::ensureProduct(const QString &domain, const QString &name)
{
    const QString key = u"product:"_s + (domain.isEmpty() ? name : domain + u'.' + name);
    if (!m_products.contains(key)) {
        m_products.insert(key);
        Product p;
        p.key = key;
        p.name = name == u"openmetadata"_s ? domain + u" (OpenMetadata domain)"_s : name;
        if (!domain.isEmpty())
            p.domainKey = ensureDomain(domain);
        m_batch.products.push_back(std::move(p));
    }
    return key;
}

QString OmReader::placement(object o, const Where &w)
{
    QString domain, product;
    element v;
    if (o["domain"].get(v) == simdjson::SUCCESS && !v.is_null())
        domain = referenceName(v, w.member("domain"));
    array products;
    if (m_in.array(o, "dataProducts", w, false, &products, "an array of entity references")
        && products.size() > 0) {
        const Where pw = w.member("dataProducts");
        product = referenceName(products.at(0).value_unsafe(), pw.element(0));
    }
    if (product.isEmpty() && domain.isEmpty())
        return {};
    return ensureProduct(domain, product.isEmpty() ? u"openmetadata"_s : product);
}

bool OmReader::tableFqn(object t, const Where &w, QString *fqn)
{
    std::string_view name, given;
    if (!m_in.string(t, "name", w, true, &name))
        return false;
    const QString table = quoteFqnPart(json::fromUtf8(name));
    const bool haveGiven = m_in.string(t, "fullyQualifiedName", w, false, &given);
    object schema;
    std::string_view schemaFqn;
    if (m_in.object(t, "databaseSchema", w, false, &schema, "an entity reference")) {
        const Where sw = w.member("databaseSchema");
        if (m_in.string(schema, "fullyQualifiedName", sw, false, &schemaFqn)
            || m_in.string(schema, "name", sw, true, &schemaFqn)) {
            *fqn = json::fromUtf8(schemaFqn) + u'.' + table;
            if (haveGiven && json::fromUtf8(given) != *fqn)
                m_in.warning(w.member("fullyQualifiedName"),
                    u"%1 disagrees with databaseSchema + name; OpenMetadata derives a table's name "
                    "from its schema: read as \"%2\""_s.arg(quotedText(given), *fqn));
            return true;
        }
        return false;
    }
    if (haveGiven) {
        *fqn = json::fromUtf8(given);
        return true;
    }
    if (m_service.isEmpty() || m_database.isEmpty() || m_schema.isEmpty()) {
        m_in.error(w, u"cannot name the table: expected fullyQualifiedName, databaseSchema, or "
                      "service.json, database.json and database_schema.json next to the file"_s);
        return false;
    }
    *fqn = QStringList {quoteFqnPart(m_service), quoteFqnPart(m_database), quoteFqnPart(m_schema), table}
               .join(u'.');
    return true;
}

void OmReader::readEntities(OpenMetadataFile kind)
{
    const bool topics = kind == OpenMetadataFile::Topics;
    array list;
    bool rootArray = false;
    const Where root;
    const Where member = root.member(topics ? "topics" : "tables");
    if (!records(topics ? "topics" : "tables", &list, &rootArray))
        return;
    const Where &items = rootArray ? root : member;
    qint64 i = 0;
    for (element e : list) {
        if (m_in.saturated())
            return;
        const Where w = items.element(i++);
        object t;
        if (!m_in.objectValue(e, w, &t, topics ? "a topic object" : "a table object"))
            continue;
        Dataset d;
        QString fqn;
        if (topics) {
            std::string_view name, given;
            if (!m_in.string(t, "name", w, true, &name))
                continue;
            if (m_in.string(t, "fullyQualifiedName", w, false, &given)) {
                fqn = json::fromUtf8(given);
            } else if (!m_service.isEmpty()) {
                fqn = quoteFqnPart(m_service) + u'.' + quoteFqnPart(json::fromUtf8(name));
            } else {
                m_in.error(w, u"cannot name the topic: expected fullyQualifiedName or a service.json "
                              "next to the file"_s);
                continue;
            }
        } else if (!tableFqn(t, w, &fqn)) {
            continue;
        }
        std::string_view tableType;
        QString kindName = topics ? u"topic"_s : u"table"_s;
        if (!topics && m_in.string(t, "tableType", w, false, &tableType) && tableType != "Regular")
            kindName = lowered(tableType); // view, external, iceberg, ...
        if (!datasetFromFqn(fqn, kindName, topics ? w.member("name") : w, &d))
            continue;
        m_in.text(t, "description", w, &d.description);
        d.owner = owner(t, w);
        d.productKey = placement(t, w);
        m_in.millis(t, "updatedAt", w, &d.observedAt);
        bool deleted = false;
        if (m_in.boolean(t, "deleted", w, &deleted) && deleted && d.observedAt > 0)
            d.removedAt = d.observedAt;
        m_batch.observedAt = std::max(m_batch.observedAt, d.observedAt);
        ++(topics ? m_summary.topics : m_summary.tables);
        m_datasets.insert(d.key, int(m_batch.datasets.size()));
        m_batch.datasets.push_back(std::move(d));
    }
}

void OmReader::readPipelines()
{
    array list;
    bool rootArray = false;
    const Where root;
    const Where member = root.member("pipelines");
    if (!records("pipelines", &list, &rootArray))
        return;
    const Where &items = rootArray ? root : member;
    qint64 i = 0;
    for (element e : list) {
        if (m_in.saturated())
            return;
        const Where w = items.element(i++);
        object p;
        std::string_view name;
        if (!m_in.objectValue(e, w, &p, "a pipeline object") || !m_in.string(p, "name", w, true, &name))
            continue;
        QString service = m_service;
        element sv;
        if (p["service"].get(sv) == simdjson::SUCCESS && !sv.is_null())
            service = referenceName(sv, w.member("service"));
        if (service.isEmpty()) {
            m_in.error(w, u"cannot name the pipeline: expected a service (an entity reference) or a "
                          "service.json next to the file"_s);
            continue;
        }
        Job j;
        j.ns = service;
        j.name = json::fromUtf8(name);
        j.key = u"job:"_s + j.ns + u'/' + j.name;
        m_in.text(p, "description", w, &j.description);
        j.owner = owner(p, w);
        j.productKey = placement(p, w);
        m_in.millis(p, "updatedAt", w, &j.observedAt);
        array tasks;
        if (m_in.array(p, "tasks", w, false, &tasks))
            m_summary.tasks += int(tasks.size());
        ++m_summary.pipelines;
        m_batch.jobs.push_back(std::move(j));
    }
}

} // namespace openmetadata

QStringList splitOpenMetadataFqn(const QString &fqn)
{
    QStringList parts;
    QString current;
    bool quoted = false, wasQuoted = false;
    for (const QChar c : fqn) {
        if (c == u'"') {
            quoted = !quoted;
            wasQuoted = true;
        } else if (c == u'.' && !quoted) {
            if (current.isEmpty() && !wasQuoted)
                return {};
            parts << current;
            current.clear();
            wasQuoted = false;
        } else {
            current += c;
        }
    }
    if (quoted || (current.isEmpty() && !wasQuoted))
        return {};
    parts << current;
    return parts;
}

OpenMetadataFile detectOpenMetadataFile(const QByteArray &head)
{
    const char first = json::firstJsonByte(head);
    if (first == '[') {
        if (head.contains("\"fqn\"") && head.contains("\"from\"") && head.contains("\"to\""))
            return OpenMetadataFile::Lineage;
        if (head.contains("\"table\"") && (head.contains("\"tableTests\"") || head.contains("\"columnTests\"")))
            return OpenMetadataFile::TableTests;
        return OpenMetadataFile::None;
    }
    if (first != '{')
        return OpenMetadataFile::None;
    // The lists are the only member of their file: "tables" elsewhere (an Atlas type
    // definition of hive tables) is not one.
    const qsizetype open = head.indexOf('{');
    qsizetype i = open + 1;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        ++i;
    const QByteArray member = head.mid(i, 12);
    if (member.startsWith("\"tables\"") && (head.contains("\"tableType\"") || head.contains("\"columns\"")))
        return OpenMetadataFile::Tables;
    if (member.startsWith("\"topics\"") && (head.contains("\"partitions\"") || head.contains("\"schemaType\"")))
        return OpenMetadataFile::Topics;
    if (member.startsWith("\"pipelines\"") && (head.contains("\"tasks\"") || head.contains("\"pipelineUrl\"")))
        return OpenMetadataFile::Pipelines;
    if (head.contains("\"serviceName\"") && head.contains("\"serviceConnection\""))
        return OpenMetadataFile::Service;
    return OpenMetadataFile::None;
}

namespace {

// The file at `path`, or `bytes` named `path` when given.
IngestBatch readOpenMetadata(const QString &path, const std::string_view *bytes,
    OpenMetadataFile kind, OpenMetadataReadSummary *summary)
{
    IngestBatch batch;
    batch.source.source = u"openmetadata"_s;
    batch.source.file = path;
    OpenMetadataReadSummary local;
    OpenMetadataReadSummary &s = summary ? *summary : local;
    s = OpenMetadataReadSummary {};
    json::JsonInput in(batch, u"OpenMetadata sample data (JSON)"_s);
    if (!(bytes ? in.loadBytes(*bytes, path) : in.load(path)))
        return batch;
    openmetadata::OmReader reader(in, batch, s);
    switch (kind) {
    case OpenMetadataFile::Tables:
    case OpenMetadataFile::Topics:
        reader.loadContext(path);
        reader.readEntities(kind);
        break;
    case OpenMetadataFile::Pipelines:
        reader.loadContext(path);
        reader.readPipelines();
        break;
    case OpenMetadataFile::Lineage:
        reader.readLineage();
        break;
    case OpenMetadataFile::TableTests:
        reader.readTableTests();
        break;
    case OpenMetadataFile::Service:
    case OpenMetadataFile::None:
        break; // the context of its neighbours: nothing of its own
    }
    return batch;
}

} // namespace

IngestBatch readOpenMetadataFile(const QString &path, OpenMetadataFile kind,
    OpenMetadataReadSummary *summary)
{
    return readOpenMetadata(path, nullptr, kind, summary);
}

IngestBatch readOpenMetadataBytes(std::string_view json, const QString &fileName,
    OpenMetadataFile kind, OpenMetadataReadSummary *summary)
{
    return readOpenMetadata(fileName, &json, kind, summary);
}

} // namespace meshlens
