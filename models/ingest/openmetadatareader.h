#pragma once

// OpenMetadata's sample data (ingestion/examples/sample_data), the JSON its sample-data
// connector loads into a server:
//  - tables.json ({"tables": [...]}) and topics.json ({"topics": [...]}): datasets;
//  - pipelines.json ({"pipelines": [...]}): jobs (tasks are counted, not kept);
//  - lineage.json ([{"from": {fqn, type}, "to": {fqn, type}, "edge_meta": {fqn, type}}]):
//    lineage edges, through the pipeline named by edge_meta;
//  - tableTests.json ([{"table": fqn, "tableTests": [...], "columnTests": [...]}]): quality
//    results;
//  - service.json (serviceName, serviceConnection): read as the context of the files next to
//    it; alone it adds nothing.
//
// Names. An OpenMetadata fully qualified name is "service.database.schema.table" (a part
// holding a dot is quoted: shopify."dim.product"). A table becomes namespace = service,
// name = the rest with the quotes removed: "dataset:sample_data/ecommerce_db.shopify.dim.product".
// That is the OpenLineage shape (namespace, then database.schema.table); the service is the
// closest thing OpenMetadata has to OpenLineage's namespace, and a mapping file can alias it
// to the warehouse's real namespace. Topics, dashboards and other lineage ends follow the
// same rule (service, rest) with their type as the dataset kind; a pipeline
// "service.pipeline" is the job "job:service/pipeline".
// A table's FQN is its databaseSchema's FQN plus its name (OpenMetadata derives it so; a
// stale fullyQualifiedName that disagrees gets a warning), else fullyQualifiedName, else
// service.json + database.json + database_schema.json next to the file.
// Owners: a team wins over a user. Domains and data products of OpenMetadata 1.x
// ("domain", "dataProducts") give the product "product:<domain>.<data product>"; a table in a
// domain and no data product goes to "product:<domain>.openmetadata".

#include "ingestbatch.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <string_view>

namespace meshlens {

enum class OpenMetadataFile { None, Tables, Topics, Pipelines, Lineage, TableTests, Service };

/// What kind of OpenMetadata sample-data file the first bytes of a file are.
OpenMetadataFile detectOpenMetadataFile(const QByteArray &head);

struct OpenMetadataReadSummary {
    int tables = 0;
    int topics = 0;
    int pipelines = 0;
    int tasks = 0;
    int lineageEntries = 0; ///< entries of lineage.json
    int edges = 0;          ///< distinct edges they gave
    int skippedEntries = 0; ///< entries whose ends are not datasets (e.g. a pipeline)
    int qualityResults = 0;
    QString service;        ///< the service.json next to the file, when read
};

/// Splits an OpenMetadata FQN into its parts, removing the quotes of quoted parts. Empty
/// when the text is not a well-formed FQN (an empty part, an unclosed quote).
QStringList splitOpenMetadataFqn(const QString &fqn);

/// Reads one sample-data file into one batch (source "openmetadata"). Never throws.
IngestBatch readOpenMetadataFile(const QString &path, OpenMetadataFile kind,
    OpenMetadataReadSummary *summary = nullptr);
/// The same for text in memory; `fileName` names it in diagnostics and in the batch, and the
/// service, database and schema files next to it (when there are) give the context.
IngestBatch readOpenMetadataBytes(std::string_view json, const QString &fileName,
    OpenMetadataFile kind, OpenMetadataReadSummary *summary = nullptr);

} // namespace meshlens
