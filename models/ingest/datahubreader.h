#pragma once

// DataHub metadata files: what the `datahub` CLI's file sink writes and what DataHub's
// examples and golden test files hold. A JSON array (or a single object) of
//  - MetadataChangeEvents: {"proposedSnapshot": {"<...>.DatasetSnapshot": {"urn": ...,
//    "aspects": [{"<...>.UpstreamLineage": {...}}, ...]}}}, and
//  - MetadataChangeProposals: {"entityType", "entityUrn", "changeType", "aspectName",
//    "aspect": {"value": "<JSON text>"} or {"json": {...}}}.
//
// What becomes what (URN -> key rules in datahuburn.h):
//  - datasets with an aspect in the file: Dataset records (description from
//    editableDatasetProperties, else datasetProperties; kind from subTypes, else "view" for
//    viewProperties; owner from ownership; removed by status.removed);
//  - upstreamLineage: dataset -> dataset edges without a job; fineGrainedLineages: column
//    edges;
//  - dataJobInputOutput: every input -> every output through the job (job records from
//    dataJobInfo; a flow's owner and domain are its jobs' defaults). inputDatajobs chain
//    jobs (Glue and NiFi transforms): a job that writes nothing passes what it reads on to
//    the jobs downstream of it, as an ephemeral dbt model does (a job that writes datasets
//    passes nothing: its outputs are the downstream job's inputs if data flows);
//  - domains: a Domain per domain (name from domainProperties). DataHub 0.8 has no data
//    product: a dataset or job placed in a domain by its `domains` aspect, and in no data
//    product, goes to the product "product:<domain id>.datahub" of that domain, so the mesh
//    shows it inside its domain and the product's name says where the grouping came from.
//    Data products of newer DataHub (dataProductProperties.assets) are used when present;
//  - assertionRunEvent: quality results of the asserted dataset (check name and column from
//    the assertion's assertionInfo);
//  - everything else (users, tags, charts, dashboards, containers, ML models, profiles...):
//    counted and skipped; schemaMetadata is skipped (the mesh has no columns yet).
// A wrong type, a missing or malformed URN is an error naming the record and the path of
// the value; aspects MeshLens does not use are not checked.

#include "ingestbatch.h"

#include <string_view>

#include <QByteArray>
#include <QString>

namespace meshlens {

/// Whether the first bytes of a file look like DataHub MCEs or MCPs.
bool looksLikeDataHub(const QByteArray &head);

/// What a read found, for tests and reports.
struct DataHubReadSummary {
    int records = 0;   ///< elements of the top-level array
    int snapshots = 0; ///< of which MetadataChangeEvents
    int proposals = 0; ///< of which MetadataChangeProposals
    int datasets = 0;  ///< datasets with at least one aspect in the file
    int jobs = 0;
    int flows = 0;
    int upstreamEdges = 0; ///< from upstreamLineage (distinct)
    int jobEdges = 0;      ///< from dataJobInputOutput (distinct)
    int columnEdges = 0;
    int domains = 0;
    int products = 0;
    int qualityResults = 0;
    int removed = 0;          ///< datasets and jobs whose status says removed
    int skippedRecords = 0;   ///< records of entity types the mesh does not hold
    int skippedAspects = 0;   ///< aspects of mesh entities that MeshLens does not use
};

/// Reads one DataHub metadata file into one batch (source "datahub"). Never throws.
IngestBatch readDataHubFile(const QString &path, DataHubReadSummary *summary = nullptr);
/// The same for text in memory; `fileName` names it in diagnostics and in the batch.
IngestBatch readDataHubBytes(std::string_view json, const QString &fileName,
                             DataHubReadSummary *summary = nullptr);

} // namespace meshlens
