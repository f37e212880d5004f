#pragma once

// Internal to the declaration readers: what each format's reader gets, and the readers.

#include "declarationreader.h"
#include "declaredmesh.h"
#include "yamlfile.h"

namespace meshlens::decl {

/// One file being read: its document, the diagnostics sink, the batch builder.
struct Context {
    QString path;
    YamlDocument doc;
    YamlReader &r;
    DeclaredMesh &mesh;
    DeclarationSummary &summary;
};

void readDataContractSpecification(Context &c);
void readOdcs(Context &c);
void readOdps(Context &c);
void readOdps4(Context &c);
void readDpds(Context &c);
void readDmmDataProduct(Context &c);
void readDmmUsageAgreement(Context &c);

/// Owner of a team given as a name, a list of members or {name, members}: the team's name,
/// else the member whose role says owner (username, else name).
QString teamOwner(YamlReader &r, const YAML::Node &team);
/// Counts quality rules under `node`: every item of a "quality" sequence (a mapping "quality"
/// counts as one), recursing into "fields", "properties" and "items".
int countQualityRules(const YAML::Node &node, int depth = 0);
/// The product tier for an archetype or type name ("source-aligned", "aggregate",
/// "consumer-aligned"; "raw" and "source" read as source-aligned), else empty.
QString tierFor(const QString &archetype);

} // namespace meshlens::decl
