// Open Data Product Specification (opendataproducts.org), 3.x and 4.x.
//
//  - product.details.<language> (English when present, else the first): productID (required;
//    a template placeholder such as "{{string}}" is refused), name, description: the product
//    "product:<businessDomain>.<productID>";
//  - product.dataHolder.<language>: businessDomain the domain, contactName (else email, else
//    legalName) the owner;
//  - product.contract.id: the contract the product's data is governed by; its dataset node is
//    listed by every output port;
//  - dataAccess (under product, or at the top level as some examples write it; a mapping of
//    named methods, or a 3.x list named by "interface"): one output port per access method
//    ("port:<product>/<method>"); without any, a contract still gets its port
//    ("port:<product>/<contract id>");
//  - SLA (4.1: named packages with dimensions; 4.0: declarative dimensions): the
//    "freshness", else "updateFrequency", else "latency" dimension of the package named
//    "default" (else the first) is the freshness SLA of a Contract
//    "contract:<contract id or productID/sla>";
//  - dataQuality dimensions: counted as quality rules, not stored.

#include "declarationformats.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens::decl {
namespace {

const QStringList kVersions = {u"3.0"_s, u"3.1"_s, u"4.0"_s, u"4.1"_s};

// The entry for English, else the first language's entry.
YAML::Node localised(const YAML::Node &map)
{
    const YAML::Node en = YamlReader::child(map, "en");
    if (en.IsMap())
        return en;
    for (const auto &[lang, value] : YamlReader::entries(map)) {
        if (value.IsMap())
            return value;
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

// A text given as a string or per language ({en: "..."}): English, else the first.
QString localisedText(YamlReader &r, const YAML::Node &node)
{
    if (node.IsScalar())
        return r.scalar(node, u"description"_s);
    if (const QString en = r.string(node, "en"); !en.isEmpty())
        return en;
    for (const auto &[lang, value] : YamlReader::entries(node)) {
        if (value.IsScalar())
            return r.scalar(value, QString::fromStdString(lang));
    }
    return {};
}

// The dimensions of one SLA package (a "dimensions" or "declarative" list).
YAML::Node dimensionsOf(const YAML::Node &package)
{
    for (const char *key : {"dimensions", "declarative"}) {
        const YAML::Node d = YamlReader::child(package, key);
        if (d.IsSequence())
            return d;
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

qint64 freshnessOf(YamlReader &r, const YAML::Node &sla)
{
    YAML::Node dims = dimensionsOf(sla);
    if (!dims.IsDefined()) {
        // Named packages: "default", else the first.
        const YAML::Node def = YamlReader::child(sla, "default");
        if (def.IsMap()) {
            dims.reset(dimensionsOf(def));
        } else {
            for (const auto &[name, package] : YamlReader::entries(sla)) {
                if (dimensionsOf(package).IsDefined()) {
                    dims.reset(dimensionsOf(package));
                    break;
                }
            }
        }
    }
    qint64 found[3] = {0, 0, 0};
    for (const YAML::Node &d : YamlReader::items(dims)) {
        const QString dimension = r.string(d, "dimension").toLower();
        const int slot = dimension == u"freshness" ? 0
            : dimension == u"updatefrequency"      ? 1
            : dimension == u"latency"              ? 2
                                                   : -1;
        if (slot < 0)
            continue;
        const std::optional<double> objective = r.number(d, "objective");
        const QString unit = r.string(d, "unit");
        const double perUnit = durationUnitSeconds(unit);
        if (!objective || perUnit == 0) {
            r.warning(d, u"SLA dimension %1 has objective and unit \"%2\"; expected a number "
                         "and a time unit (minutes, hours, days...)"_s.arg(dimension, unit));
            continue;
        }
        found[slot] = qint64(std::ceil(*objective * perUnit));
    }
    for (qint64 s : found) {
        if (s > 0)
            return s;
    }
    return 0;
}

} // namespace

void readOdps4(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    const QString version = r.string(root, "version", YamlReader::Recommended);
    c.summary.specVersion = version;
    if (!version.isEmpty()
        && !checkSpecVersion(r, YamlReader::child(root, "version"),
                             u"Open Data Product Specification"_s, version, kVersions))
        return;
    const YAML::Node product = r.map(root, "product", YamlReader::Required);
    if (!product.IsDefined())
        return;
    const YAML::Node details = localised(r.map(product, "details", YamlReader::Required));
    if (!details.IsDefined()) {
        if (YamlReader::has(product, "details"))
            r.error(YamlReader::child(product, "details"),
                    u"\"details\" has no language entry; expected e.g. details: {en: {name, "
                    "productID}}"_s);
        return;
    }
    const QString id = r.string(details, "productID", YamlReader::Required, 1024);
    c.summary.id = id;
    if (id.isEmpty())
        return;
    if (isTemplatePlaceholder(id)) {
        r.error(YamlReader::child(details, "productID"),
                u"productID \"%1\" is a template placeholder; expected the id of a product "
                "(a template is not a product)"_s.arg(id));
        return;
    }
    const YAML::Node holder = localised(r.map(product, "dataHolder"));
    const QString domain = r.string(holder, "businessDomain", YamlReader::Optional, 1024);
    QString owner = r.string(holder, "contactName");
    if (owner.isEmpty())
        owner = r.string(holder, "email");
    if (owner.isEmpty())
        owner = r.string(holder, "legalName");

    DeclaredMesh &mesh = c.mesh;
    const QString productKey = mesh.product(domain, id, r.string(details, "name"), owner,
                                            r.string(details, "description"));

    const YAML::Node contract = r.map(product, "contract");
    const QString contractId = r.string(contract, "id", YamlReader::Optional, 1024);
    const QString contractData = contractId.isEmpty()
        ? QString()
        : mesh.contractDataset(contractId, productKey, r.string(details, "name"));

    // Access methods: a mapping of named methods (4.x) or a list of them (3.x, named by their
    // "interface").
    YAML::Node access = YamlReader::child(product, "dataAccess");
    if (!access.IsDefined() || access.IsNull())
        access.reset(YamlReader::child(root, "dataAccess"));
    std::vector<std::pair<QString, YAML::Node>> methods;
    if (access.IsMap()) {
        for (const auto &[method, spec] : YamlReader::entries(access))
            methods.emplace_back(QString::fromStdString(method), spec);
    } else if (access.IsSequence()) {
        int i = 0;
        for (const YAML::Node &spec : YamlReader::items(access)) {
            QString name = r.string(spec, "interface");
            if (name.isEmpty())
                name = r.string(spec, "name");
            methods.emplace_back(name.isEmpty() ? u"access-%1"_s.arg(i) : name, spec);
            ++i;
        }
    } else if (access.IsDefined() && !access.IsNull()) {
        r.error(access, u"\"dataAccess\" is %1; expected a mapping or a list of access "
                        "methods"_s.arg(yamlKindName(access)));
    }
    for (const auto &[methodName, spec] : methods) {
        if (!spec.IsMap()) {
            r.error(spec, u"dataAccess \"%1\" is %2; expected a mapping with outputPorttype, "
                          "format, accessURL"_s.arg(methodName, yamlKindName(spec)));
            continue;
        }
        const QString description = localisedText(r, YamlReader::child(spec, "description"));
        const int port = mesh.port(productKey, methodName, PortDirection::Output, methodName,
                                   description);
        mesh.addPortDataset(port, contractData);
    }
    // A contract without access methods still is what the product offers: one port for it.
    if (methods.empty() && !contractId.isEmpty()) {
        const int port = mesh.port(productKey, contractId, PortDirection::Output,
                                   r.string(details, "name"));
        mesh.addPortDataset(port, contractData);
    }

    YAML::Node sla = r.map(product, "SLA");
    if (!sla.IsDefined())
        sla.reset(r.map(root, "SLA"));
    const qint64 seconds = freshnessOf(r, sla);
    if (!contractId.isEmpty() || seconds > 0) {
        QString version = r.string(contract, "contractVersion");
        if (version.isEmpty())
            version = r.string(details, "productVersion");
        mesh.contract(u"contract:"_s + (contractId.isEmpty() ? id + u"/sla"_s : contractId),
                      productKey, contractData, seconds, version);
    }

    YAML::Node quality = r.map(product, "dataQuality");
    if (!quality.IsDefined())
        quality.reset(r.map(root, "dataQuality"));
    if (const YAML::Node dims = dimensionsOf(quality); dims.IsDefined()) {
        c.summary.qualityRules += int(dims.size());
    } else {
        for (const auto &[name, package] : YamlReader::entries(quality))
            c.summary.qualityRules += int(dimensionsOf(package).IsDefined()
                                              ? dimensionsOf(package).size()
                                              : 0);
    }
}

} // namespace meshlens::decl
