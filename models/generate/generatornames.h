#pragma once

// Keys, names and texts of the generated mesh. Everything a writer prints is derived here
// from the compact GeneratedMesh, so the native and the OpenLineage writers agree on every
// identity by construction.

#include "generatedmesh.h"
#include "generatorwords.h"

#include <string>
#include <string_view>

namespace meshlens::gen {

std::string_view tierName(Tier tier);
std::string_view kindName(DatasetKind kind);
std::string_view engineName(Engine engine); ///< OpenLineage integration: AIRFLOW, DBT, ...

// Keys and names, appended to out (the writers reuse one buffer per record).
void appendDomainKey(std::string &out, const GeneratedMesh &mesh, int domain);
void appendProductId(std::string &out, const GeneratedMesh &mesh, int product); ///< sales.orders
void appendProductKey(std::string &out, const GeneratedMesh &mesh, int product);
void appendPortKey(std::string &out, const GeneratedMesh &mesh, int product, bool output);
void appendDatasetNamespace(std::string &out, const GeneratedMesh &mesh, qint32 dataset);
void appendDatasetName(std::string &out, const GeneratedMesh &mesh, qint32 dataset);
void appendDatasetKey(std::string &out, const GeneratedMesh &mesh, qint32 dataset);
void appendJobNamespace(std::string &out, const GeneratedMesh &mesh, qint32 dataset);
void appendJobName(std::string &out, const GeneratedMesh &mesh, qint32 dataset);
void appendJobKey(std::string &out, const GeneratedMesh &mesh, qint32 dataset);
void appendContractKey(std::string &out, const GeneratedMesh &mesh, qint32 dataset);

/// Human descriptions, written where a catalog would have documentation.
void appendDomainDescription(std::string &out, const GeneratedMesh &mesh, int domain);
void appendProductDescription(std::string &out, const GeneratedMesh &mesh, int product);
void appendDatasetDescription(std::string &out, const GeneratedMesh &mesh, qint32 dataset);

} // namespace meshlens::gen
