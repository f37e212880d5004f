#pragma once

// DataHub URNs and the MeshLens keys they become.
//
//   urn:li:dataset:(urn:li:dataPlatform:P,NAME,ENV)
//       -> namespace P, name NAME: "dataset:P/NAME". This is how OpenLineage names tables of
//          warehouses addressed by a bare word (bigquery: "project.dataset.table") and how the
//          dbt reader names relations ("dataset:<adapter>/<database>.<schema>.<alias>"), so a
//          table DataHub ingested from dbt or BigQuery meets the same node. Object stores
//          follow OpenLineage's own rule: s3 "bucket/key" -> "s3://bucket" + "key", gcs
//          likewise with "gs://". A platform instance stays where DataHub puts it, at the
//          front of NAME: the key must come from the URN alone, because lineage refers to
//          datasets by URN from files that do not carry the instance aspect. ENV PROD (the
//          default) adds nothing; another ENV is appended to the namespace ("hive@DEV") so
//          that a test copy never merges with the production table of the same name.
//   urn:li:dataJob:(urn:li:dataFlow:(ORCH,FLOW,CLUSTER),JOB)
//       -> "job:ORCH/FLOW.JOB" (OpenLineage's Airflow naming: "dag_id.task_id"); a CLUSTER
//          other than prod is appended to the namespace as for datasets.
//   urn:li:corpuser:ID, urn:li:corpGroup:ID -> owner "ID".
//   urn:li:domain:ID -> "domain:ID"; urn:li:dataProduct:ID -> "product:ID" (from the URN
//          alone, like every key here: the product's domain may be in another file).
//   urn:li:schemaField:(DATASET_URN,FIELD_PATH) -> the dataset and a column (the last
//          plain step of a v2 field path: "[version=2.0].[type=struct].address.city" ->
//          "address.city").
//
// Reserved characters inside tuple parts are percent-encoded by DataHub (%2C, %28, %29) and
// decoded here.

#include <QString>

#include <string_view>
#include <vector>

namespace meshlens::datahub {

/// Splits "urn:li:TYPE:ID". False when the text is not a DataHub URN.
bool splitUrn(std::string_view urn, std::string_view *type, std::string_view *id);

/// Splits a tuple id "(a,b,(c,d))" into its top-level parts. False when the id is not a
/// tuple or its parentheses do not balance.
bool splitTuple(std::string_view id, std::vector<std::string_view> *parts);

/// The name MeshLens gives a DataHub entity, or why it cannot.
struct Name {
    QString ns;
    QString name;
    QString column;  ///< schema fields only
    QString problem; ///< non-empty: what was wrong, for a diagnostic ("expected ...")
    bool ok() const { return problem.isEmpty(); }
};

Name datasetName(std::string_view urn);
Name dataJobName(std::string_view urn);
Name dataFlowName(std::string_view urn);
Name schemaFieldName(std::string_view urn);

/// "dataset:NS/NAME", "job:NS/NAME".
QString datasetKeyOf(const Name &n);
QString jobKeyOf(const Name &n);

/// The last part of a simple URN: "urn:li:corpuser:jdoe" -> "jdoe"; empty when not a URN of
/// the expected type (any type when `type` is empty).
QString simpleId(std::string_view urn, std::string_view type = {});
/// Owner URNs of users and groups -> their id; anything else -> the text as given.
QString ownerName(std::string_view urn);

} // namespace meshlens::datahub
