// Data Mesh Manager (Entropy Data): data products (dataproduct.yml, with or without
// "dataProductSpecification: 0.0.1") and data usage agreements
// ("dataUsageAgreementSpecification: 0.0.1").
//
// Data Mesh Manager names products by their id alone (agreements and contracts refer to
// "stock_updated", never to a domain), so product keys here are "product:<id>" even when
// info.domain names the product's domain (which is still recorded as its domain).
//
// Data products:
//  - id (required), info.title/description/owner/archetype (the tier)/domain;
//  - outputPorts: ports "port:<id>/<port id>" (so a contract whose info.outputPort or id is
//    the port id writes the same port), listing the dataset at their location (an S3 or Glue
//    ARN, a URL; else "<type>/<location>"), the port's node
//    "dataset:dataproduct/<product>/<port>" that usage agreements refer to, and the node of
//    the contract its dataContractId names;
//  - inputPorts: input ports "port:<id>/input/<port id>" listing the dataset at their
//    location (a source system's topic, table...).
// Data usage agreements:
//  - an agreement in force (info.active not false; status not requested, pending, rejected,
//    cancelled or deactivated) gives the consumer product an input port
//    "port:<consumer>/input/<provider>/<output port>" listing the provider port's node (or
//    the node of provider.dataContractId when the agreement names no single port): the
//    provider product is then upstream of the consumer. An endDate before the file's time
//    marks the port as removed then.

#include "declarationformats.h"
#include "mesh/timeutil.h"
#include "resolver.h"

using namespace Qt::StringLiterals;

namespace meshlens::decl {
namespace {

const QStringList kVersions = {u"0.0.1"_s};

bool checkOptionalVersion(Context &c, const char *key, const QString &specName)
{
    const QString version = c.r.string(c.doc.root(), key);
    c.summary.specVersion = version;
    return version.isEmpty()
        || checkSpecVersion(c.r, YamlReader::child(c.doc.root(), key), specName, version,
                            kVersions);
}

} // namespace

void readDmmDataProduct(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    if (!checkOptionalVersion(c, "dataProductSpecification", u"Data Product Specification"_s))
        return;
    const QString id = r.string(root, "id", YamlReader::Required, 1024);
    c.summary.id = id;
    if (id.isEmpty())
        return;
    const YAML::Node info = r.map(root, "info", YamlReader::Recommended);
    const QString owner = r.string(info, "owner", YamlReader::Optional, 1024);
    DeclaredMesh &mesh = c.mesh;
    const QString productKey = mesh.product({}, id, r.string(info, "title"), owner,
                                            r.string(info, "description"));
    mesh.productRecord(productKey).tier = tierFor(r.string(info, "archetype"));
    if (const QString domain = r.string(info, "domain", YamlReader::Optional, 1024);
        !domain.isEmpty())
        mesh.productRecord(productKey).domainKey = mesh.domain(domain);

    for (const auto &[key, direction] : {std::pair {"inputPorts", PortDirection::Input},
                                         std::pair {"outputPorts", PortDirection::Output}}) {
        const bool input = direction == PortDirection::Input;
        int index = 0;
        for (const YAML::Node &p : YamlReader::items(r.sequence(root, key))) {
            const QString where = u"%1[%2]"_s.arg(QString::fromLatin1(key)).arg(index++);
            if (!p.IsMap()) {
                r.error(p, u"%1 is %2; expected a mapping with id, name, type, location"_s.arg(
                               where, yamlKindName(p)));
                continue;
            }
            const QString portId = r.string(p, "id", YamlReader::Required, 1024);
            if (portId.isEmpty())
                continue;
            const QString type = r.string(p, "type");
            const int port = mesh.port(productKey, input ? u"input/"_s + portId : portId,
                                       direction, r.string(p, "name"), r.string(p, "description"));
            const DatasetAddress at = locationAddress(r.string(p, "location"), type);
            if (at.isValid())
                mesh.addPortDataset(port, input ? datasetKey(at.ns, at.name)
                                                : mesh.dataset(at, productKey, type.toLower(),
                                                               {}, owner));
            if (input)
                continue;
            const DatasetAddress node {u"dataproduct"_s, id + u'/' + portId};
            mesh.addPortDataset(port, mesh.dataset(node, productKey, u"port"_s,
                                                   r.string(p, "name")));
            if (const QString contractId = r.string(p, "dataContractId", YamlReader::Optional, 1024);
                !contractId.isEmpty())
                mesh.addPortDataset(port, mesh.contractDataset(contractId, productKey));
        }
    }
}

void readDmmUsageAgreement(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    if (!checkOptionalVersion(c, "dataUsageAgreementSpecification",
                              u"Data Usage Agreement Specification"_s))
        return;
    const QString id = r.string(root, "id", YamlReader::Required, 1024);
    c.summary.id = id;
    const YAML::Node info = r.map(root, "info", YamlReader::Recommended);
    const YAML::Node provider = r.map(root, "provider", YamlReader::Required);
    const YAML::Node consumer = r.map(root, "consumer", YamlReader::Required);
    const QString providerId = r.string(provider, "dataProductId", YamlReader::Required, 1024);
    const QString consumerId = r.string(consumer, "dataProductId", YamlReader::Recommended, 1024);
    if (id.isEmpty() || providerId.isEmpty() || consumerId.isEmpty())
        return; // a team consuming without a product of its own has no port to draw

    DeclaredMesh &mesh = c.mesh;
    const QString providerKey
        = mesh.product({}, providerId, {}, r.string(provider, "teamId", YamlReader::Optional, 1024));
    const QString consumerKey
        = mesh.product({}, consumerId, {}, r.string(consumer, "teamId", YamlReader::Optional, 1024));

    const QString status = r.string(info, "status").toLower();
    const std::optional<bool> active = r.boolean(info, "active");
    static const QStringList notInForce
        = {u"requested"_s, u"pending"_s, u"rejected"_s, u"cancelled"_s, u"canceled"_s,
           u"deactivated"_s};
    if ((active.has_value() && !*active) || notInForce.contains(status))
        return;

    const QString outputPort = r.string(provider, "outputPortId", YamlReader::Optional, 1024);
    const QString contractId = r.string(provider, "dataContractId", YamlReader::Optional, 1024);
    const bool onePort = !outputPort.isEmpty() && outputPort != u"*";
    const QString consumed = onePort ? QString(providerId + u'/' + outputPort) : providerId;
    const int port = mesh.port(consumerKey, u"input/"_s + consumed, PortDirection::Input,
                               consumed, r.string(info, "purpose"));
    if (onePort) {
        const DatasetAddress node {u"dataproduct"_s, providerId + u'/' + outputPort};
        mesh.addPortDataset(port, mesh.dataset(node, providerKey, u"port"_s));
    } else if (!contractId.isEmpty()) {
        mesh.addPortDataset(port, mesh.contractDataset(contractId, {}));
    } else {
        r.warning(provider, u"the agreement names no single output port (\"%1\") and no "
                            "dataContractId; expected one of them to know what the consumer "
                            "reads (its input port lists no dataset)"_s.arg(outputPort));
    }
    const QString end = r.string(info, "endDate");
    Timestamp endAt = 0;
    if (!end.isEmpty() && parseIsoTimestamp(end.toStdString(), &endAt)
        && endAt <= mesh.observedAt())
        mesh.portRecord(port).removedAt = endAt;
}

} // namespace meshlens::decl
