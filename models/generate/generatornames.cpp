#include "generatornames.h"

#include <array>

namespace meshlens::gen {

using namespace std::string_view_literals;

std::string_view tierName(Tier tier)
{
    switch (tier) {
    case Tier::SourceAligned:
        return "source-aligned";
    case Tier::Aggregate:
        return "aggregate";
    case Tier::ConsumerAligned:
        return "consumer-aligned";
    }
    return {};
}

std::string_view kindName(DatasetKind kind)
{
    switch (kind) {
    case DatasetKind::Table:
        return "table";
    case DatasetKind::View:
        return "view";
    case DatasetKind::Topic:
        return "topic";
    case DatasetKind::File:
        return "file";
    }
    return {};
}

std::string_view engineName(Engine engine)
{
    switch (engine) {
    case Engine::Airflow:
        return "AIRFLOW";
    case Engine::Dbt:
        return "DBT";
    case Engine::Spark:
        return "SPARK";
    case Engine::Flink:
        return "FLINK";
    }
    return {};
}

void appendDomainKey(std::string &out, const GeneratedMesh &mesh, int domain)
{
    out += "domain:";
    out += domainName(mesh.domains[size_t(domain)]);
}

void appendProductId(std::string &out, const GeneratedMesh &mesh, int product)
{
    const GenProduct &p = mesh.products[size_t(product)];
    out += domainName(mesh.domains[size_t(p.domain)]);
    out += '.';
    out += p.name;
}

void appendProductKey(std::string &out, const GeneratedMesh &mesh, int product)
{
    out += "product:";
    appendProductId(out, mesh, product);
}

void appendPortKey(std::string &out, const GeneratedMesh &mesh, int product, bool output)
{
    out += "port:";
    appendProductId(out, mesh, product);
    out += output ? "/output" : "/input";
}

void appendDatasetNamespace(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    const GenProduct &p = mesh.products[size_t(d.product)];
    const std::string slug = domainSlug(mesh.domains[size_t(p.domain)]);
    if (d.kind == DatasetKind::Topic) {
        out += "kafka://kafka-" + slug + ":9092";
    } else if (d.kind == DatasetKind::File) {
        out += "s3://meshco-" + slug + "-landing";
    } else if (d.stage == Stage::Raw || p.platform == Platform::Postgres) {
        out += "postgres://pg-" + slug + ":5432"; // operational databases are Postgres
    } else if (p.platform == Platform::Snowflake) {
        out += "snowflake://meshco-prod";
    } else {
        out += "bigquery";
    }
}

void appendDatasetName(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    const GenProduct &p = mesh.products[size_t(d.product)];
    const GenDomain &dom = mesh.domains[size_t(p.domain)];
    // OpenLineage naming: database.schema.table, project.dataset.table, topic, path.
    if (d.kind == DatasetKind::File) {
        out += p.name + '/' + d.local;
    } else if (d.kind == DatasetKind::Topic) {
        out += domainName(dom) + '.' + p.name + '.' + d.local;
    } else if (d.stage == Stage::Raw) {
        out += p.name + ".public." + d.local;
    } else if (p.platform == Platform::BigQuery) {
        out += "meshco-" + domainSlug(dom) + '.' + p.name + '.' + d.local;
    } else {
        out += domainName(dom) + '.' + p.name + '.' + d.local;
    }
}

void appendDatasetKey(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    out += "dataset:";
    appendDatasetNamespace(out, mesh, dataset);
    out += '/';
    appendDatasetName(out, mesh, dataset);
}

void appendJobNamespace(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    const GenDomain &dom = mesh.domains[size_t(mesh.products[size_t(d.product)].domain)];
    switch (d.engine) {
    case Engine::Airflow:
        out += "airflow-";
        break;
    case Engine::Dbt:
        out += "dbt-";
        break;
    case Engine::Spark:
        out += "spark-";
        break;
    case Engine::Flink:
        out += "flink-";
        break;
    }
    out += domainSlug(dom);
}

void appendJobName(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    const GenProduct &p = mesh.products[size_t(d.product)];
    switch (d.engine) {
    case Engine::Airflow:
        out += p.name + "_ingest.load_" + d.local;
        break; // dag.task
    case Engine::Dbt:
        out += p.name + '.' + d.local;
        break; // dbt model
    case Engine::Spark:
        out += p.name + ".build_" + d.local;
        break;
    case Engine::Flink:
        out += p.name + ".stream_" + d.local;
        break;
    }
}

void appendJobKey(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    out += "job:";
    appendJobNamespace(out, mesh, dataset);
    out += '/';
    appendJobName(out, mesh, dataset);
}

void appendContractKey(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    out += "contract:";
    appendProductId(out, mesh, d.product);
    out += '/' + d.local;
}

void appendDomainDescription(std::string &out, const GeneratedMesh &mesh, int domain)
{
    const GenDomain &d = mesh.domains[size_t(domain)];
    std::string title = domainName(d);
    for (char &c : title) {
        if (c == '_')
            c = ' ';
    }
    title[0] = char(title[0] - 'a' + 'A');
    if (title == "Hr")
        title = "HR";
    out += title + " domain: its data products, owned by " + std::to_string(d.teamCount)
        + (d.teamCount == 1 ? " team." : " teams.");
}

void appendProductDescription(std::string &out, const GeneratedMesh &mesh, int product)
{
    const GenProduct &p = mesh.products[size_t(product)];
    const std::string dom = domainName(mesh.domains[size_t(p.domain)]);
    switch (p.tier) {
    case Tier::SourceAligned:
        out += "Source-aligned: " + p.name + " as the " + dom
            + " systems record them, cleaned and published for other products.";
        break;
    case Tier::Aggregate:
        out += "Aggregate: " + p.name
            + " combined from several products into a shared view for the " + dom
            + " domain and its consumers.";
        break;
    case Tier::ConsumerAligned:
        out += "Consumer-aligned: " + p.name + " shaped for " + dom
            + " reporting, dashboards and models.";
        break;
    }
}

void appendDatasetDescription(std::string &out, const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    const std::string_view e = entityWord(d.entity);
    static constexpr std::array cadence = {"continuously"sv, "hourly"sv, "daily"sv, "weekly"sv};
    const std::string_view when = cadence[size_t(d.cadence)];
    if (d.kind == DatasetKind::Topic) {
        out += "Change events of " + std::string(e) + " records, published " + std::string(when)
            + '.';
    } else if (d.local.rfind("dim_", 0) == 0) {
        out += "Dimension of " + std::string(e) + " attributes, one row per " + std::string(e)
            + ", refreshed " + std::string(when) + '.';
    } else if (d.local.rfind("agg_", 0) == 0 || d.local.rfind("rpt_", 0) == 0) {
        out += "Aggregated " + std::string(e) + " figures by day and region, refreshed "
            + std::string(when) + '.';
    } else {
        out += "Published " + std::string(e) + " facts, one row per " + std::string(e)
            + ", refreshed " + std::string(when) + '.';
    }
}

} // namespace meshlens::gen
