// Open Data Product Standard (Bitol), v0.9.0 to v1.1.0.
//
//  - id (required), domain, name, type (v1.1: the tier), description.purpose, team (the
//    owner: team name, or the member whose role says owner): the product
//    "product:<domain>.<id>";
//  - outputPorts: one port each, "port:<product>/<contractId>" (so the contract's own reader
//    writes the same port), else ".../<name>[@<version>]"; a port bound to a contract lists
//    the contract's dataset node, declared as this product's;
//  - inputPorts: input ports "port:<product>/input/<contractId or name>" listing the node of
//    the contract they consume: the product whose output port carries that contract is
//    upstream of this one;
//  - outputPorts[].inputContracts: the contracts that output is made from. Each becomes an
//    input port as above (once per contract) and a lineage edge from the consumed
//    contract's node to the output's contract node;
//  - managementPorts (control and discovery endpoints) carry no data and are not ports here.

#include "declarationformats.h"

using namespace Qt::StringLiterals;

namespace meshlens::decl {
namespace {

const QStringList kVersions = {u"v0.9.0"_s, u"v1.0.0"_s, u"v1.1.0"_s};

QString withVersion(const QString &name, const QString &version)
{
    return version.isEmpty() ? name : name + u' ' + version;
}

} // namespace

void readOdps(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    const QString apiVersion = r.string(root, "apiVersion", YamlReader::Required);
    c.summary.specVersion = apiVersion;
    if (apiVersion.isEmpty()
        || !checkSpecVersion(r, YamlReader::child(root, "apiVersion"),
                             u"Open Data Product Standard"_s, apiVersion, kVersions))
        return;
    const QString id = r.string(root, "id", YamlReader::Required, 1024);
    c.summary.id = id;
    if (id.isEmpty())
        return;
    const QString domain = r.string(root, "domain", YamlReader::Optional, 1024);
    const QString name = r.string(root, "name");
    QString purpose;
    const YAML::Node description = YamlReader::child(root, "description");
    if (description.IsMap())
        purpose = r.string(description, "purpose");
    else if (description.IsScalar())
        purpose = r.scalar(description, u"description"_s);
    const QString owner = teamOwner(r, YamlReader::child(root, "team"));

    DeclaredMesh &mesh = c.mesh;
    const QString productKey = mesh.product(domain, id, name, owner, purpose);
    mesh.productRecord(productKey).tier = tierFor(r.string(root, "type"));

    // Input ports, by the contract they consume; inputContracts add to them.
    auto inputPort = [&](const QString &contractId, const QString &portName,
                         const QString &version) {
        const QString portId = u"input/"_s + (contractId.isEmpty() ? portName : contractId);
        const int port = mesh.port(productKey, portId, PortDirection::Input,
                                   withVersion(portName.isEmpty() ? contractId : portName, version));
        if (!contractId.isEmpty())
            mesh.addPortDataset(port, mesh.contractDataset(contractId, {}));
    };
    int index = 0;
    for (const YAML::Node &p : YamlReader::items(r.sequence(root, "inputPorts"))) {
        const QString where = u"inputPorts[%1]"_s.arg(index++);
        if (!p.IsMap()) {
            r.error(p, u"%1 is %2; expected a mapping with name, version and contractId"_s.arg(
                           where, yamlKindName(p)));
            continue;
        }
        const QString portName = r.string(p, "name", YamlReader::Required, 1024);
        const QString contractId = r.string(p, "contractId", YamlReader::Recommended, 1024);
        if (portName.isEmpty() && contractId.isEmpty())
            continue;
        inputPort(contractId, portName, r.string(p, "version"));
    }

    index = 0;
    for (const YAML::Node &p : YamlReader::items(r.sequence(root, "outputPorts"))) {
        const QString where = u"outputPorts[%1]"_s.arg(index++);
        if (!p.IsMap()) {
            r.error(p, u"%1 is %2; expected a mapping with name, version and contractId"_s.arg(
                           where, yamlKindName(p)));
            continue;
        }
        const QString portName = r.string(p, "name", YamlReader::Required, 1024);
        const QString version = r.string(p, "version");
        const QString contractId = r.string(p, "contractId", YamlReader::Optional, 1024);
        if (portName.isEmpty() && contractId.isEmpty())
            continue;
        const QString portId = !contractId.isEmpty() ? contractId
            : version.isEmpty()                      ? portName
                                                     : portName + u'@' + version;
        const int port = mesh.port(productKey, portId, PortDirection::Output,
                                   withVersion(portName, version), r.string(p, "description"));
        QString produced;
        if (!contractId.isEmpty()) {
            produced = mesh.contractDataset(contractId, productKey, withVersion(portName, version));
            mesh.addPortDataset(port, produced);
        }
        int k = 0;
        for (const YAML::Node &ic : YamlReader::items(r.sequence(p, "inputContracts"))) {
            const QString icWhere = u"%1.inputContracts[%2]"_s.arg(where).arg(k++);
            if (!ic.IsMap()) {
                r.error(ic, u"%1 is %2; expected a mapping with id and version"_s.arg(
                                icWhere, yamlKindName(ic)));
                continue;
            }
            const QString consumed = r.string(ic, "id", YamlReader::Required, 1024);
            if (consumed.isEmpty())
                continue;
            inputPort(consumed, {}, r.string(ic, "version"));
            if (!produced.isEmpty())
                mesh.edge(contractDatasetKey(consumed), produced);
        }
    }
}

} // namespace meshlens::decl
