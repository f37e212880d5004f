#pragma once

// Apache Atlas entity JSON: what its REST API takes and returns ({"entity": E,
// "referredEntities": {...}}, {"entities": [E...], ...}) and what its hooks send
// ({"message": {"type": "ENTITY_CREATE_V2", "entities": {...}}}, or a JSON array of such
// messages). E is {"typeName", "guid", "attributes": {"qualifiedName", ...},
// "relationshipAttributes": {...}}.
//
// What becomes what:
//  - an entity with "inputs" or "outputs" (in attributes or relationshipAttributes) is a
//    process: a job, and an edge from every input to every output through it;
//  - a *_column_lineage entity: column edges from its input columns to its output columns;
//  - entities of dataset-like types (..._table, ..._path, ..._topic, ..._view, ..._dataset,
//    ..._file, ..._object, ..._dir, ..._collection, ..._index, DataSet) and every entity a
//    process reads or writes: datasets;
//  - everything else (databases, columns, storage descriptors, DDL, classifications...):
//    counted and skipped. Delete notifications and V1 notifications are not applied
//    (a warning says so); type definitions ({"entityDefs": ...}) hold no entities (warning).
// Names: a qualifiedName "db.table@cluster" of type "hive_table" is namespace
// "hive://cluster", name "db.table" (OpenLineage names Hive "hive://host:port" + "db.table";
// the Atlas cluster is the nearest thing to the host). The platform is the type name up to
// its first '_'. A qualifiedName that is a URI is named as OpenLineage names files:
// "hdfs://nn:8020/data/x@cl" -> "hdfs://nn:8020" + "/data/x"; "file:/tmp/x" -> "file" +
// "/tmp/x". A process's "@cluster:<query time>" loses the time, so that every run of
// the same query is one job. References by guid are resolved inside the file; one that is not
// gets a warning and its edges are skipped.

#include "ingestbatch.h"

#include <string_view>

#include <QByteArray>
#include <QString>

namespace meshlens {

enum class AtlasFile { None, Entities, TypeDefs };

AtlasFile detectAtlasFile(const QByteArray &head);

struct AtlasReadSummary {
    int entities = 0;  ///< entity objects met (referred entities included)
    int datasets = 0;  ///< distinct datasets declared
    int processes = 0;
    int edges = 0;
    int columnEdges = 0;
    int skippedEntities = 0;
    int unresolved = 0; ///< references to guids not in the file
    int notApplied = 0; ///< delete and V1 notifications
};

/// Reads one Atlas JSON file into one batch (source "atlas"). Never throws.
IngestBatch readAtlasFile(const QString &path, AtlasFile kind, AtlasReadSummary *summary = nullptr);
/// The same for text in memory; `fileName` names it in diagnostics and in the batch.
IngestBatch readAtlasBytes(std::string_view json, const QString &fileName, AtlasFile kind,
                           AtlasReadSummary *summary = nullptr);

} // namespace meshlens
