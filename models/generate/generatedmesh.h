#pragma once

// Internal to the generator: the mesh as compact arrays of integers, built once in memory
// (tens of bytes per dataset) and then streamed out by the format writers, which derive
// every name and key from it on the fly.

#include "meshgenerator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace meshlens::gen {

enum class Tier : std::uint8_t { SourceAligned, Aggregate, ConsumerAligned };
enum class Platform : std::uint8_t { Postgres, Snowflake, BigQuery };
enum class DatasetKind : std::uint8_t { Table, View, Topic, File };
enum class Stage : std::uint8_t { Raw, Staging, Intermediate, Published };
enum class Engine : std::uint8_t { Airflow, Dbt, Spark, Flink };
enum class Cadence : std::uint8_t { Streaming, Hourly, Daily, Weekly };
enum class EdgeClass : std::uint8_t { IntraProduct, CrossProduct, CrossDomain };

constexpr qint64 kDayMs = 86400000;

struct GenDomain {
    int word = 0; ///< index into the domain word list
    int variant = 0; ///< 0 for the plain word, else a regional suffix (large meshes)
    Platform platform = Platform::Snowflake;
    int firstTeam = 0;
    int teamCount = 1;
};

struct GenProduct {
    int domain = 0;
    std::string name;
    Tier tier = Tier::SourceAligned;
    Platform platform = Platform::Snowflake;
    int team = 0; ///< index into GeneratedMesh::teams
    qint32 firstDataset = 0; ///< datasets of a product are contiguous
    qint32 datasetCount = 0;
    bool hasContract = false;
    bool hasInputPort = false; ///< reads output ports of other products
    Timestamp seen = 0; ///< 0: there from the start of the window
    Timestamp removed = 0;
};

struct GenDataset {
    qint32 product = 0;
    Stage stage = Stage::Raw;
    DatasetKind kind = DatasetKind::Table;
    Engine engine = Engine::Dbt;
    Cadence cadence = Cadence::Daily;
    bool output = false; ///< published through the product's output port
    std::uint8_t entity = 0; ///< index into the entity word list
    qint32 firstEdge = 0; ///< its input edges: edges[firstEdge, firstEdge + inputCount)
    qint32 inputCount = 0;
    Timestamp seen = 0; ///< 0: the window start; already includes the product's
    Timestamp removed = 0;
    std::string local; ///< table, topic or file name inside the product
};

struct GenEdge {
    qint32 from = 0;
    qint32 to = 0;
    EdgeClass cls = EdgeClass::IntraProduct;
    Timestamp seen = 0;
    Timestamp removed = 0;
};

struct GeneratedMesh {
    GeneratorOptions options;
    Timestamp windowStart = 0; ///< reference - historyDays: default "seen" of everything
    int historyDays = 0; ///< days of quality/freshness history (the volume rule)

    std::vector<GenDomain> domains;
    std::vector<std::string> teams;
    std::vector<GenProduct> products; ///< grouped by domain: the catalog order
    std::vector<GenDataset> datasets; ///< in generation order: inputs have smaller indices
    std::vector<GenEdge> edges; ///< grouped by target dataset
    qint64 outputDatasets = 0;

    Timestamp seenOf(const GenDataset &d) const { return d.seen ? d.seen : windowStart; }
    Timestamp seenOf(const GenEdge &e) const { return e.seen ? e.seen : windowStart; }
};

/// Builds the structure: domains, products, datasets, lineage, appearance and removal.
/// Quality, freshness and contracts are derived later, per dataset (meshhistory.h).
GeneratedMesh buildGeneratedMesh(const GeneratorOptions &options);

class Prng;
/// Makes the window interesting for "as of T": a few products and datasets appear late,
/// a few are removed, a few edges come and go. Consistent: an edge is seen no earlier than
/// its ends and removed no later than them.
void spreadOverTime(GeneratedMesh &mesh, Prng &rng);

} // namespace meshlens::gen
