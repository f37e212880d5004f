#pragma once

// A synthetic but company-like data mesh, for the demo, the tests and the benchmarks.
// Deterministic: the same options give byte-identical output on every platform this builds
// on (own PRNG, no std:: distributions, no hash-order dependence).

#include "mesh/meshtypes.h"
#include "mesh/result.h"

class QIODevice;

namespace meshlens {

struct GeneratorOptions {
    qint64 datasets = 600; ///< exact number of datasets written
    quint64 seed = 42;
    /// Length of the time window: entities appear and disappear inside it, and quality and
    /// freshness history covers it (fewer days for large meshes, see writeGeneratedMesh).
    int historyDays = 30;
    Timestamp reference = 1748736000000; ///< 2025-06-01T00:00:00Z: "now" of the generated mesh
    /// Native format: from this many datasets on, references are written as indexes into the
    /// file's arrays instead of keys, which makes a million-dataset file about three times
    /// smaller. Smaller meshes (the demo) keep readable keys.
    qint64 indexReferencesFrom = 20000;
};

enum class GeneratorFormat {
    Native, ///< one meshlens-mesh JSON document (resources/schemas/meshlens-native.schema.json)
    OpenLineage ///< NDJSON, one OpenLineage 2-0-2 RunEvent per line
};

/// What a generator run wrote, by record kind (the native format's arrays). For OpenLineage
/// the mesh counts are those of the mesh the events describe, quality counts assertions,
/// and ports, contracts, column edges and freshness stay 0 (they travel as facets and run
/// times, not as records).
struct GeneratorSummary {
    qint64 domains = 0;
    qint64 products = 0;
    qint64 ports = 0;
    qint64 datasets = 0;
    qint64 jobs = 0;
    qint64 edges = 0;
    qint64 columnEdges = 0;
    qint64 contracts = 0;
    qint64 quality = 0;
    qint64 freshness = 0;
    /// Lineage edges by where they run: inside a product, between products of one domain,
    /// between domains.
    qint64 intraProductEdges = 0;
    qint64 crossProductEdges = 0;
    qint64 crossDomainEdges = 0;
    int historyDays = 0; ///< days of quality and freshness history actually written
    qint64 events = 0; ///< OpenLineage: events (lines) written
    qint64 bytes = 0;
};

/// Generates a mesh and streams it to out (nothing close to the whole file is held in
/// memory). Fails only when options are out of range or the device refuses a write.
///
/// History volume rule, so that a million datasets stay a few hundred megabytes: quality
/// results and freshness observations exist for output-port datasets only (about a quarter
/// of all), one per check or observation per day, for
/// min(historyDays, max(1, 400000 / outputDatasets)) days ending at the reference time:
/// all 30 days up to about 50,000 datasets, 14 at 100,000, one at a million. Appearance and
/// removal times still spread over all historyDays.
Status writeGeneratedMesh(const GeneratorOptions &options, GeneratorFormat format, QIODevice &out,
    GeneratorSummary *summary = nullptr);

} // namespace meshlens
