#pragma once

// Internal to the generator: the two output formats, each streaming one GeneratedMesh.

#include "generatedmesh.h"
#include "jsonsink.h"

namespace meshlens::gen {

/// The native format (resources/schemas/meshlens-native.schema.json), one record per line.
void writeNative(const GeneratedMesh &mesh, JsonSink &out, GeneratorSummary &summary);

/// OpenLineage 2-0-2 RunEvents as NDJSON, in event-time order: one COMPLETE event per job
/// (two when the job lost an input during the window, so that the union of inputs x outputs
/// over all events is exactly the native edge set), a DROP event per removed dataset and one
/// data-quality event per output dataset and history day. Freshness travels as run times.
void writeOpenLineage(const GeneratedMesh &mesh, JsonSink &out, GeneratorSummary &summary);

} // namespace meshlens::gen
