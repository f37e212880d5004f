// Data Contract Specification (datacontract.com), 0.9.0 to 1.2.1.
//
//  - id (required): the contract; info.dataProduct (0.9.0; info.domain when a file adds it)
//    names its product, else the contract is its own product, titled info.title;
//  - info.owner: owner of the product and its datasets;
//  - servers: the one named or marked production ("production", "prod", environment prod),
//    else the first, names the datasets (OpenLineage naming, declaredmesh.h);
//  - models: one dataset each (kind = the model's type), all exposed by the contract's output
//    port "port:<product>/<info.outputPort or id>" together with the contract's dataset node;
//    a contract without servers names its models "dataset:datacontract/<id>/<model>";
//  - servicelevels.freshness.threshold, else latency.threshold ("25h", "PT1H"): the freshness
//    SLA of the contract and of the model its timestampField names (of every model when it
//    names none); retention, availability and the rest are not stored;
//  - quality (top level, model and field level): counted, not stored.

#include "declarationformats.h"

using namespace Qt::StringLiterals;

namespace meshlens::decl {
namespace {

const QStringList kVersions = {u"0.9.0"_s, u"0.9.1"_s, u"0.9.2"_s, u"0.9.3"_s, u"1.0.0"_s,
                               u"1.1.0"_s, u"1.2.0"_s, u"1.2.1"_s};

bool isProduction(const QString &name, const QString &environment)
{
    for (const QString &s : {name.toLower(), environment.toLower()}) {
        if (s == u"production" || s == u"prod" || s == u"prd")
            return true;
    }
    return false;
}

ServerInfo serverInfo(YamlReader &r, const YAML::Node &server)
{
    ServerInfo s;
    s.type = r.string(server, "type", YamlReader::Recommended);
    s.host = r.string(server, "host");
    s.port = r.string(server, "port");
    s.database = r.string(server, "database");
    s.schema = r.string(server, "schema");
    s.catalog = r.string(server, "catalog");
    s.project = r.string(server, "project");
    s.dataset = r.string(server, "dataset");
    s.account = r.string(server, "account");
    s.region = r.string(server, "regionName");
    if (s.region.isEmpty())
        s.region = r.string(server, "region");
    s.location = r.string(server, "location");
    if (s.location.isEmpty())
        s.location = r.string(server, "path");
    s.topic = r.string(server, "topic");
    s.serviceName = r.string(server, "serviceName");
    return s;
}

// The model a "model.field" reference names, when it is one of `models`.
QString modelOf(const QString &reference, const QStringList &models)
{
    const QString model = reference.section(u'.', 0, 0);
    return models.contains(model) ? model : QString();
}

} // namespace

void readDataContractSpecification(Context &c)
{
    YamlReader &r = c.r;
    const YAML::Node root = c.doc.root();
    const QString version = r.string(root, "dataContractSpecification", YamlReader::Required);
    c.summary.specVersion = version;
    if (version.isEmpty()
        || !checkSpecVersion(r, YamlReader::child(root, "dataContractSpecification"),
                             u"Data Contract Specification"_s, version, kVersions))
        return;
    const QString id = r.string(root, "id", YamlReader::Required, 1024);
    c.summary.id = id;
    if (id.isEmpty())
        return; // nothing can be keyed without it; the error says so

    const YAML::Node info = r.map(root, "info", YamlReader::Recommended);
    const QString title = r.string(info, "title");
    const QString contractVersion = r.string(info, "version");
    const QString owner = r.string(info, "owner", YamlReader::Optional, 1024);
    const QString description = r.string(info, "description");
    const QString dataProduct = r.string(info, "dataProduct", YamlReader::Optional, 1024);
    const QString outputPort = r.string(info, "outputPort", YamlReader::Optional, 1024);
    const QString domain = r.string(info, "domain", YamlReader::Optional, 1024);

    DeclaredMesh &mesh = c.mesh;
    const QString productKey = dataProduct.isEmpty()
        ? mesh.product(domain, id, title, owner, description)
        : mesh.product(domain, dataProduct, {}, owner);

    // The server that names the datasets.
    std::optional<ServerInfo> server;
    const YAML::Node servers = r.map(root, "servers");
    const auto serverEntries = YamlReader::entries(servers);
    c.summary.servers = int(serverEntries.size());
    for (const auto &[name, node] : serverEntries) {
        if (!node.IsMap()) {
            r.error(node, u"server \"%1\" is %2; expected a mapping with type, host, ..."_s.arg(
                              QString::fromStdString(name), yamlKindName(node)));
            continue;
        }
        const bool production
            = isProduction(QString::fromStdString(name), r.string(node, "environment"));
        if (!server || production) {
            server = serverInfo(r, node);
            if (production)
                break;
        }
    }

    const int port = mesh.port(productKey, outputPort.isEmpty() ? id : outputPort,
                               PortDirection::Output, title.isEmpty() ? id : title, description);
    const QString contractData = mesh.contractDataset(id, productKey, title);

    // Models, their datasets and their quality rules.
    QStringList modelNames;
    QHash<QString, QString> modelDatasets;
    const YAML::Node models = r.map(root, "models");
    const auto modelEntries = YamlReader::entries(models);
    for (const auto &[name, model] : modelEntries) {
        const QString modelName = QString::fromStdString(name);
        if (!model.IsMap()) {
            r.error(model, u"model \"%1\" is %2; expected a mapping with type, fields, ..."_s.arg(
                               modelName, yamlKindName(model)));
            continue;
        }
        const YAML::Node fields = YamlReader::child(model, "fields");
        if (fields.IsDefined() && !fields.IsNull() && !fields.IsMap())
            r.error(fields, u"\"fields\" of model \"%1\" is %2; expected a mapping of field "
                            "names to fields"_s.arg(modelName, yamlKindName(fields)));
        const DatasetAddress address = server
            ? physicalAddress(*server, modelName, modelEntries.size() > 1)
            : DatasetAddress {u"datacontract"_s, id + u'/' + modelName};
        if (!address.isValid()) {
            r.warning(model, u"model \"%1\" has no name on server \"%2\"; expected a "
                             "server with a location or database"_s.arg(modelName, server->type));
            continue;
        }
        const QString key = mesh.dataset(address, productKey, r.string(model, "type"),
                                         r.string(model, "description"), owner);
        mesh.addPortDataset(port, key);
        modelNames << modelName;
        modelDatasets.insert(modelName, key);
        c.summary.qualityRules += countQualityRules(model);
        ++c.summary.declaredDatasets;
    }
    const YAML::Node topQuality = YamlReader::child(root, "quality");
    if (topQuality.IsSequence())
        c.summary.qualityRules += int(topQuality.size());
    else if (topQuality.IsMap() && topQuality.size() > 0)
        c.summary.qualityRules += 1;
    mesh.addPortDataset(port, contractData);

    // Service levels: freshness, else latency, as the freshness SLA.
    qint64 sla = 0;
    QString slaModel;
    const YAML::Node levels = r.map(root, "servicelevels");
    for (const char *level : {"freshness", "latency"}) {
        const YAML::Node node = r.map(levels, level);
        const QString threshold = r.string(node, "threshold");
        if (threshold.isEmpty())
            continue;
        const std::optional<qint64> seconds = parseDurationSeconds(threshold);
        if (!seconds || *seconds <= 0) {
            r.warning(YamlReader::child(node, "threshold"),
                      u"servicelevels.%1.threshold \"%2\" is not a duration; expected e.g. "
                      "\"25h\" or \"PT1H\""_s.arg(QString::fromLatin1(level), threshold));
            continue;
        }
        sla = *seconds;
        for (const char *field : {"timestampField", "sourceTimestampField",
                                  "processedTimestampField"}) {
            slaModel = modelOf(r.string(node, field), modelNames);
            if (!slaModel.isEmpty())
                break;
        }
        break;
    }

    mesh.contract(u"contract:"_s + id, productKey, contractData, sla, contractVersion);
    for (const QString &model : std::as_const(modelNames)) {
        const qint64 modelSla = slaModel.isEmpty() || slaModel == model ? sla : 0;
        mesh.contract(u"contract:"_s + id + u'#' + model, productKey, modelDatasets.value(model),
                      modelSla, contractVersion);
    }
}

} // namespace meshlens::decl
