// Open Data Mesh Data Product Descriptor Specification (DPDS) 1.0.
//
//  - info.fullyQualifiedName (required), domain, displayName/name, owner.id (else name),
//    description: the product "product:<domain>.<fullyQualifiedName>";
//  - interfaceComponents.outputPorts / inputPorts: one port each, written inline or as a
//    "$ref" to a file in the descriptor's folder tree (descriptorrefs.h: refs leaving the
//    folder, missing files and cycles are errors). Port id: name, else fullyQualifiedName;
//    input ports are "input/<id>". Discovery, observability and control ports carry no data
//    and are not ports here;
//  - promises.api.definition, when it is a datastore API ("datastoreapi": schema.databaseName,
//    schemaName, tables[].name): the tables become the port's datasets, in the namespace of
//    the platform's engine ("westeurope.azure::postgres" -> "postgres", the bare adapter
//    name, as for a contract without a host); other APIs (OpenAPI, AsyncAPI) name no table;
//  - obligations.sla.definition.x-qualitySla.freshness, else
//    promises.slo.definition.x-qualitySlo.freshness ("5m", "1h"): the freshness SLA of a
//    Contract "contract:<port fullyQualifiedName>" (the SLA is the promise to consumers, the
//    SLO the team's own target).

#include "declarationformats.h"
#include "descriptorrefs.h"
#include "resolver.h"

using namespace Qt::StringLiterals;

namespace meshlens::decl {
namespace {

const QStringList kVersions = {u"1.0.0"_s};

struct PortContext {
    Context &c;
    DescriptorRefs &refs;
    QString productKey;
    QString productFqn;
};

// `key` of `map`, with its $refs followed (relative to `file`).
std::optional<DescriptorRefs::Target> followChild(DescriptorRefs &refs, const YAML::Node &map,
                                                  const char *key, const QString &file)
{
    const YAML::Node child = YamlReader::child(map, key);
    if (!child.IsDefined() || child.IsNull())
        return std::nullopt;
    return refs.follow(child, file);
}

QString freshnessText(YamlReader &r, const YAML::Node &policy, const char *extension)
{
    const YAML::Node definition = YamlReader::child(policy, "definition");
    return r.string(YamlReader::child(definition, extension), "freshness");
}

void readPort(PortContext &pc, const YAML::Node &item, const QString &itemFile,
              PortDirection direction, const QString &where, int nesting)
{
    Context &c = pc.c;
    const std::optional<DescriptorRefs::Target> target = pc.refs.follow(item, itemFile);
    if (!target)
        return;
    const YamlDocument *doc = pc.refs.document(target->file);
    YamlReader r(doc ? *doc : c.doc, c.r.diagnostics());
    const YAML::Node &node = target->node;
    // The DPDS example refers to a whole descriptor holding the port (trip-events-oport.json):
    // its ports of the same direction are the ones meant.
    if (node.IsMap() && YamlReader::has(node, "dataProductDescriptor")) {
        if (nesting > 0) {
            r.error(node, u"%1 refers to a descriptor that itself refers to a descriptor for "
                          "its ports; expected a port object"_s.arg(where));
            return;
        }
        const char *key = direction == PortDirection::Input ? "inputPorts" : "outputPorts";
        const YAML::Node ports
            = r.sequence(YamlReader::child(node, "interfaceComponents"), key);
        int index = 0;
        for (const YAML::Node &inner : YamlReader::items(ports))
            readPort(pc, inner, target->file, direction,
                     u"%1 -> %2[%3]"_s.arg(where, QString::fromLatin1(key)).arg(index++),
                     nesting + 1);
        return;
    }
    if (!node.IsMap()) {
        r.error(node, u"%1 is %2; expected a port object (name, fullyQualifiedName, "
                      "promises...) or {\"$ref\": \"file\"}"_s.arg(where, yamlKindName(node)));
        return;
    }
    const QString name = r.string(node, "name", YamlReader::Optional, 1024);
    const QString fqn = r.string(node, "fullyQualifiedName", YamlReader::Optional, 1024);
    if (name.isEmpty() && fqn.isEmpty()) {
        r.error(node, u"%1 has neither name nor fullyQualifiedName; expected at least one "
                      "to identify the port"_s.arg(where));
        return;
    }
    QString description = r.string(node, "description");
    if (description.isEmpty() && item.IsMap())
        description = QString::fromStdString(YamlReader::child(item, "description").IsScalar()
                                                 ? YamlReader::child(item, "description").Scalar()
                                                 : std::string());
    QString display = r.string(node, "displayName");
    if (display.isEmpty())
        display = name.isEmpty() ? fqn : name;
    const QString id = name.isEmpty() ? fqn : name;
    const bool input = direction == PortDirection::Input;
    DeclaredMesh &mesh = c.mesh;
    const int port = mesh.port(pc.productKey, input ? u"input/"_s + id : id, direction, display,
                               description);
    const QString version = r.string(node, "version");

    // Tables of a datastore API.
    QString firstDataset;
    const std::optional<DescriptorRefs::Target> promises
        = followChild(pc.refs, node, "promises", target->file);
    std::optional<DescriptorRefs::Target> api;
    if (promises)
        api = followChild(pc.refs, promises->node, "api", promises->file);
    std::optional<DescriptorRefs::Target> definition;
    if (api)
        definition = followChild(pc.refs, api->node, "definition", api->file);
    if (definition && YamlReader::has(definition->node, "datastoreapi")) {
        const YamlDocument *defDoc = pc.refs.document(definition->file);
        YamlReader dr(defDoc ? *defDoc : c.doc, c.r.diagnostics());
        const YAML::Node schema = dr.map(definition->node, "schema");
        const QString database = dr.string(schema, "databaseName");
        const QString schemaName = dr.string(schema, "schemaName");
        QString engine = r.string(promises->node, "platform").section(u':', -1).trimmed().toLower();
        if (engine.isEmpty())
            engine = u"datastore"_s;
        for (const YAML::Node &table : YamlReader::items(dr.sequence(schema, "tables"))) {
            const QString tableName = dr.string(table, "name");
            if (tableName.isEmpty())
                continue;
            QStringList parts;
            for (const QString &p : {database, schemaName, tableName}) {
                if (!p.isEmpty())
                    parts << p;
            }
            const DatasetAddress address {engine, parts.join(u'.')};
            const QString key = input ? datasetKey(address.ns, address.name)
                                      : mesh.dataset(address, pc.productKey, u"table"_s);
            mesh.addPortDataset(port, key);
            if (firstDataset.isEmpty())
                firstDataset = key;
            if (!input)
                ++c.summary.declaredDatasets;
        }
    }

    // Freshness: the SLA (obligations), else the SLO (promises).
    QString freshness;
    if (const auto obligations = followChild(pc.refs, node, "obligations", target->file)) {
        const YAML::Node sla = YamlReader::child(obligations->node, "sla");
        freshness = freshnessText(r, sla, "x-qualitySla");
    }
    if (freshness.isEmpty() && promises)
        freshness = freshnessText(r, YamlReader::child(promises->node, "slo"), "x-qualitySlo");
    if (freshness.isEmpty())
        return;
    const std::optional<qint64> seconds = parseDurationSeconds(freshness);
    if (!seconds || *seconds <= 0) {
        r.warning(node, u"%1 promises freshness \"%2\"; expected a duration such as \"5m\" or "
                        "\"PT1H\""_s.arg(where, freshness));
        return;
    }
    mesh.contract(u"contract:"_s + (fqn.isEmpty() ? pc.productFqn + u':' + id : fqn),
                  pc.productKey, firstDataset, *seconds, version);
}

} // namespace

void readDpds(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    const QString version = r.string(root, "dataProductDescriptor", YamlReader::Required);
    c.summary.specVersion = version;
    if (version.isEmpty()
        || !checkSpecVersion(r, YamlReader::child(root, "dataProductDescriptor"),
                             u"Data Product Descriptor Specification"_s, version, kVersions))
        return;
    const YAML::Node info = r.map(root, "info", YamlReader::Required);
    if (!info.IsDefined())
        return;
    QString fqn = r.string(info, "fullyQualifiedName", YamlReader::Optional, 1024);
    if (fqn.isEmpty()) {
        // The Open Data Mesh registry derives it from the name (its own test descriptors,
        // dpd-core.json and dpd-core-props-readonly.json, show the rule); so do we, and say so.
        const QString name = r.string(info, "name", YamlReader::Required, 1024);
        if (name.isEmpty())
            return;
        fqn = u"urn:org.opendatamesh:dataproducts:"_s + name;
        r.warning(info, u"info has no fullyQualifiedName; using \"%1\", derived from its "
                        "name as the Open Data Mesh registry does"_s.arg(fqn));
    }
    c.summary.id = fqn;
    const QString domain = r.string(info, "domain", YamlReader::Recommended, 1024);
    QString display = r.string(info, "displayName");
    if (display.isEmpty())
        display = r.string(info, "name");
    const YAML::Node ownerNode = r.map(info, "owner", YamlReader::Recommended);
    QString owner = r.string(ownerNode, "id");
    if (owner.isEmpty())
        owner = r.string(ownerNode, "name");
    const QString productKey
        = c.mesh.product(domain, fqn, display, owner, r.string(info, "description"));

    DescriptorRefs refs(c.doc, r.diagnostics(), &c.summary);
    PortContext pc {c, refs, productKey, fqn};
    const YAML::Node ic = r.map(root, "interfaceComponents", YamlReader::Recommended);
    for (const auto &[key, direction] : {std::pair {"inputPorts", PortDirection::Input},
                                         std::pair {"outputPorts", PortDirection::Output}}) {
        int index = 0;
        for (const YAML::Node &item : YamlReader::items(r.sequence(ic, key)))
            readPort(pc, item, c.path, direction,
                     u"%1[%2]"_s.arg(QString::fromLatin1(key)).arg(index++), 0);
    }
}

} // namespace meshlens::decl
