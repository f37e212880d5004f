#pragma once

// dbt artifacts: manifest.json (schema v1 to v12) with, from the same folder, run_results.json
// (v1 to v6), sources.json (v1 to v3) and catalog.json (v1). The companions only make sense
// with the manifest of the same project: a node's unique_id names a relation only through it,
// so they are read together with the manifest, never alone.
//
// What becomes what:
//  - models (not ephemeral), seeds, snapshots and sources: datasets keyed by their relation,
//    "dataset:<adapter_type>/<database>.<schema>.<alias>", so that OpenLineage's view of the
//    same table is the same node once a mapping aliases the namespace;
//  - depends_on: lineage edges, through ephemeral models, each made by the job
//    "job:dbt://<project>/<unique_id>" of the model or snapshot;
//  - exposures: datasets of kind "exposure" in the namespace "dbt-exposure", downstream of
//    what they depend on;
//  - tests: not datasets; their results (run_results.json) are quality results of the
//    dataset and column they test;
//  - meta.domain / meta.data_product, else the group, else the package and the first folder:
//    domains and products;
//  - source freshness: freshness observations, a "freshness" quality result and a contract
//    with the SLA.

#include "ingestbatch.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace meshlens {

enum class DbtArtifact { None, Manifest, RunResults, Sources, Catalog };

/// The newest schema versions this reader knows; a newer file is refused with a message
/// naming its version and these.
constexpr int kDbtManifestNewest = 12;
constexpr int kDbtRunResultsNewest = 6;
constexpr int kDbtSourcesNewest = 3;
constexpr int kDbtCatalogNewest = 1;

/// Limits that turn hostile input into diagnostics: identifiers longer than this are an
/// error, descriptions are cut to it with a warning.
constexpr qint64 kDbtMaxStringBytes = 64 * 1024;
constexpr int kDbtMaxDepth = 256;

/// What kind of dbt artifact the first bytes of a file hold (about 4 KiB are enough): by the
/// metadata.dbt_schema_version URL (".../manifest/v12.json", ".../run-results/v5.json",
/// ".../sources/v3.json", ".../catalog/v1.json"), whatever its version, so that a newer one
/// is refused with a clear message rather than as "unknown format". A manifest written with
/// sorted keys, whose metadata comes after the (large) macros, is recognised by its first
/// member, "child_map".
DbtArtifact detectDbtArtifact(const QByteArray &head);

/// "manifest.json", "run_results.json", "sources.json", "catalog.json": the name dbt writes.
QString dbtArtifactFileName(DbtArtifact kind);

/// What a read found, for tests and reports (the batch holds the records themselves).
struct DbtReadSummary {
    int models = 0;       ///< enabled models, ephemeral ones included
    int ephemeral = 0;
    int seeds = 0;
    int snapshots = 0;
    int sources = 0;
    int tests = 0;
    int testsUnattached = 0;  ///< tests naming no dataset (e.g. a singular test without refs)
    int exposures = 0;
    int runResults = 0;       ///< results in run_results.json
    int testResults = 0;      ///< of which results of tests
    int unmatchedResults = 0; ///< results whose unique_id the manifest does not define
    int sourceResults = 0;    ///< results in sources.json
    QStringList filesRead;    ///< the manifest and the companions found next to it
};

/// Reads a manifest and, when they sit in the same folder under the names dbt gives them and
/// the manifest is named manifest.json, run_results.json, sources.json and catalog.json. One
/// batch (source "dbt"); every problem is a diagnostic with file, line and column. Problems
/// in catalog.json are warnings: it is only validated (columns are not stored yet). Never
/// throws.
IngestBatch readDbtArtifacts(const QString &manifestPath, DbtReadSummary *summary = nullptr);

/// A dbt artifact in memory: what it is, its text and the name it goes by in diagnostics.
struct DbtArtifactBytes {
    DbtArtifact kind = DbtArtifact::None;
    QByteArray bytes;
    QString fileName;
};

/// The same for texts in memory: the manifest and the companions of the same run (at most
/// one of each kind; the first of a kind is read). Nothing is looked up on disk.
IngestBatch readDbtArtifactsBytes(const QByteArray &manifest, const QString &manifestName,
                                  const std::vector<DbtArtifactBytes> &companions = {},
                                  DbtReadSummary *summary = nullptr);

/// For a run_results, sources or catalog file met on its own (e.g. while walking a folder):
/// with a manifest.json next to it, an empty batch without diagnostics (the manifest's read
/// takes it); without, an error saying that it needs the manifest of the same dbt run.
IngestBatch readDbtOrphan(const QString &path, DbtArtifact kind);

} // namespace meshlens
