// Open Data Contract Standard (Bitol), v2.2.x and v3.x.
//
// v3: id (required), domain + dataProduct name the product (else the contract is its own
// product, titled name); team (v3.1 {name, members}, v3.0 a list of members, the one whose
// role says owner) the owner; servers: the production one (server/environment "prod"...),
// else the first, names the datasets; schema objects: datasets named physicalName else name,
// kind physicalType; slaProperties "freshness", else "latency" (value + unit, or an ISO 8601
// duration) the freshness SLA, of the object its element ("table.column") names, else of all;
// quality rules counted, not stored.
// v2: uuid, quantumName (product), datasetDomain (domain), stakeholders / productDl (owner),
// the server from sourceSystem/sourcePlatform, server, database, project and datasetName,
// dataset[].table the datasets, slaProperties with "column" instead of "element".

#include "declarationformats.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens::decl {
namespace {

const QStringList kVersions = {u"v2.2.0"_s, u"v2.2.1"_s, u"v2.2.2"_s, u"v3.0.0"_s,
                               u"v3.0.1"_s, u"v3.0.2"_s, u"v3.1.0"_s};

struct SchemaObject {
    QString name;    ///< as the contract calls it (what SLA elements refer to)
    QString table;   ///< physical name
    QString kind;
    QString description;
    YAML::Node node;
};

// "purpose" of a v3 description object, or a v2 description string.
QString describe(YamlReader &r, const YAML::Node &root)
{
    const YAML::Node d = YamlReader::child(root, "description");
    if (d.IsScalar())
        return r.scalar(d, u"description"_s);
    if (d.IsMap())
        return r.string(d, "purpose");
    return {};
}

bool isProduction(YamlReader &r, const YAML::Node &server)
{
    for (const char *key : {"server", "environment"}) {
        const QString s = r.string(server, key).toLower();
        if (s == u"production" || s == u"prod" || s == u"prd")
            return true;
    }
    return false;
}

ServerInfo v3Server(YamlReader &r, const YAML::Node &s)
{
    ServerInfo out;
    out.type = r.string(s, "type", YamlReader::Recommended);
    out.host = r.string(s, "host");
    out.port = r.string(s, "port");
    out.database = r.string(s, "database");
    out.schema = r.string(s, "schema");
    out.catalog = r.string(s, "catalog");
    out.project = r.string(s, "project");
    out.dataset = r.string(s, "dataset");
    out.account = r.string(s, "account");
    out.region = r.string(s, "region");
    out.location = r.string(s, "location");
    if (out.location.isEmpty())
        out.location = r.string(s, "path");
    out.topic = r.string(s, "topic");
    out.serviceName = r.string(s, "serviceName");
    return out;
}

// Freshness SLA seconds from slaProperties: "freshness" wins over "latency"; `slaObject` gets
// the object named by the element (or `elementKey`'s default) when there is one.
qint64 slaSeconds(YamlReader &r, const YAML::Node &root, const char *elementKey,
                  const char *defaultKey, QString *slaObject)
{
    const YAML::Node props = r.sequence(root, "slaProperties");
    const QString fallbackElement = r.string(root, defaultKey);
    qint64 best[2] = {0, 0};
    QString objects[2];
    for (const YAML::Node &p : YamlReader::items(props)) {
        if (!p.IsMap()) {
            r.error(p, u"an item of \"slaProperties\" is %1; expected a mapping with property "
                       "and value"_s.arg(yamlKindName(p)));
            continue;
        }
        const QString property = r.string(p, "property", YamlReader::Required).toLower();
        const int slot = property == u"freshness" ? 0 : property == u"latency" ? 1 : -1;
        if (slot < 0)
            continue;
        const QString value = r.string(p, "value", YamlReader::Required);
        const QString unit = r.string(p, "unit");
        std::optional<qint64> seconds;
        bool numeric = false;
        const double v = value.toDouble(&numeric);
        if (numeric && !unit.isEmpty() && durationUnitSeconds(unit) > 0)
            seconds = qint64(std::ceil(v * durationUnitSeconds(unit)));
        else if (!numeric)
            seconds = parseDurationSeconds(value);
        if (!seconds || *seconds <= 0) {
            r.warning(p, u"slaProperties %1 \"%2\" (unit \"%3\") is not a duration; expected a "
                         "number with a unit such as d, h, m, s, or an ISO 8601 duration"_s
                             .arg(property, value, unit));
            continue;
        }
        best[slot] = *seconds;
        QString element = r.string(p, elementKey);
        if (element.isEmpty())
            element = fallbackElement;
        objects[slot] = element.section(u'.', 0, 0);
    }
    const int slot = best[0] > 0 ? 0 : 1;
    *slaObject = objects[slot];
    return best[slot];
}

} // namespace

void readOdcs(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    const QString apiVersion = r.string(root, "apiVersion", YamlReader::Required);
    c.summary.specVersion = apiVersion;
    if (apiVersion.isEmpty()
        || !checkSpecVersion(r, YamlReader::child(root, "apiVersion"),
                             u"Open Data Contract Standard"_s, apiVersion, kVersions))
        return;
    const QString kind = r.string(root, "kind", YamlReader::Required);
    if (kind != u"DataContract") {
        r.error(YamlReader::child(root, "kind"),
                u"\"kind\" is \"%1\"; expected DataContract"_s.arg(kind));
        return;
    }
    const bool v2 = apiVersion.mid(apiVersion.startsWith(u'v') ? 1 : 0).startsWith(u'2');

    const QString id = r.string(root, v2 ? "uuid" : "id", YamlReader::Required, 1024);
    c.summary.id = id;
    if (id.isEmpty())
        return;
    const QString contractVersion = r.string(root, "version");
    const QString domain = r.string(root, v2 ? "datasetDomain" : "domain", YamlReader::Optional, 1024);
    const QString dataProduct = r.string(root, v2 ? "quantumName" : "dataProduct",
                                         YamlReader::Optional, 1024);
    const QString title = r.string(root, v2 ? "datasetName" : "name");
    const QString description = describe(r, root);
    QString owner = teamOwner(r, YamlReader::child(root, v2 ? "stakeholders" : "team"));
    if (owner.isEmpty() && v2)
        owner = r.string(root, "productDl");

    DeclaredMesh &mesh = c.mesh;
    const QString productKey = dataProduct.isEmpty()
        ? mesh.product(domain, id, title, owner, description)
        : mesh.product(domain, dataProduct, {}, owner);

    // Where the data lives.
    std::optional<ServerInfo> server;
    if (v2) {
        ServerInfo s;
        s.type = r.string(root, "sourceSystem");
        if (s.type.isEmpty())
            s.type = r.string(root, "sourcePlatform");
        s.host = r.string(root, "server");
        s.database = r.string(root, "database");
        s.project = r.string(root, "project");
        s.dataset = r.string(root, "datasetName");
        if (!s.type.isEmpty())
            server = s;
        c.summary.servers = server ? 1 : 0;
    } else {
        const YAML::Node servers = r.sequence(root, "servers");
        c.summary.servers = int(servers.IsDefined() ? servers.size() : 0);
        for (const YAML::Node &s : YamlReader::items(servers)) {
            if (!s.IsMap()) {
                r.error(s, u"an item of \"servers\" is %1; expected a mapping with server, "
                           "type, ..."_s.arg(yamlKindName(s)));
                continue;
            }
            const bool production = isProduction(r, s);
            if (!server || production) {
                server = v3Server(r, s);
                if (production)
                    break;
            }
        }
    }

    // Schema objects.
    std::vector<SchemaObject> objects;
    const YAML::Node schema = r.sequence(root, v2 ? "dataset" : "schema");
    int index = 0;
    for (const YAML::Node &o : YamlReader::items(schema)) {
        const QString where = u"%1[%2]"_s.arg(v2 ? u"dataset"_s : u"schema"_s).arg(index++);
        if (!o.IsMap()) {
            r.error(o, u"%1 is %2; expected a mapping with name, properties, ..."_s.arg(
                           where, yamlKindName(o)));
            continue;
        }
        SchemaObject so;
        so.name = r.string(o, v2 ? "table" : "name", YamlReader::Required, 4096);
        so.table = r.string(o, "physicalName", YamlReader::Optional, 4096);
        if (so.table.isEmpty())
            so.table = so.name;
        if (so.table.isEmpty())
            continue;
        so.kind = r.string(o, v2 ? "type" : "physicalType").toLower();
        so.description = r.string(o, "description");
        so.node = o;
        const YAML::Node props = YamlReader::child(o, v2 ? "columns" : "properties");
        if (props.IsDefined() && !props.IsNull() && !props.IsSequence())
            r.error(props, u"\"%1\" of %2 is %3; expected a sequence"_s.arg(
                               v2 ? u"columns"_s : u"properties"_s, so.name, yamlKindName(props)));
        objects.push_back(std::move(so));
    }

    const int port = mesh.port(productKey, id, PortDirection::Output,
                               title.isEmpty() ? id : title, description);
    const QString contractData = mesh.contractDataset(id, productKey, title);
    QHash<QString, QString> datasetOf; // object name (and physical name) -> dataset key
    for (const SchemaObject &o : objects) {
        const DatasetAddress address = server
            ? physicalAddress(*server, o.table, objects.size() > 1)
            : DatasetAddress {u"datacontract"_s, id + u'/' + o.table};
        if (!address.isValid())
            continue;
        const QString key = mesh.dataset(address, productKey, o.kind, o.description, owner);
        mesh.addPortDataset(port, key);
        datasetOf.insert(o.name, key);
        datasetOf.insert(o.table, key);
        ++c.summary.declaredDatasets;
        c.summary.qualityRules += countQualityRules(o.node);
        if (v2) // v2 columns carry their rules the way v3 properties do
            c.summary.qualityRules += countQualityRules(YamlReader::child(o.node, "columns"));
    }
    mesh.addPortDataset(port, contractData);

    QString slaObject;
    const qint64 sla = slaSeconds(r, root, v2 ? "column" : "element",
                                  v2 ? "slaDefaultColumn" : "slaDefaultElement", &slaObject);
    if (!datasetOf.contains(slaObject))
        slaObject.clear(); // names no object of this contract: the SLA is the whole contract's
    mesh.contract(u"contract:"_s + id, productKey, contractData, sla, contractVersion);
    for (const SchemaObject &o : objects) {
        if (!datasetOf.contains(o.name))
            continue;
        const bool named = slaObject.isEmpty() || slaObject == o.name || slaObject == o.table;
        mesh.contract(u"contract:"_s + id + u'#' + o.name, productKey, datasetOf.value(o.name),
                      named ? sla : 0, contractVersion);
    }
}

} // namespace meshlens::decl
