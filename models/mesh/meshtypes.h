#pragma once

// Value types of a data mesh as the readers produce them and the cache stores them.
// Plain structs of implicitly shared Qt strings: cheap to copy between threads.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <cstdint>
#include <vector>

namespace meshlens {

/// Milliseconds since the Unix epoch, UTC. 0 means "not known".
using Timestamp = qint64;

/// The kinds of node the cache and the snapshot graph know. Values are stored in the
/// cache: append only, never renumber.
enum class EntityKind : std::uint8_t { Domain = 0, Product = 1, Port = 2, Dataset = 3, Job = 4 };
constexpr int kEntityKindCount = 5;

enum class PortDirection : std::uint8_t { Input = 0, Output = 1 };

/// Health of a check, rolled up "worst wins". Unknown is a state, never silently Pass.
/// Ordered so that a larger value is worse; stored in the cache.
enum class HealthState : std::uint8_t { Pass = 0, Unknown = 1, Warn = 2, Fail = 3 };

QString entityKindName(EntityKind kind);
QString healthStateName(HealthState state);
/// Parses "pass", "warn", "fail", "unknown" (and common synonyms such as "success",
/// "error", "skipped"); returns false for anything else.
bool parseHealthState(QStringView text, HealthState *out);

/// How a record's parent (a dataset's or job's product, a product's domain) was decided, as
/// a rank: when two inputs place the same node differently, the higher rank keeps its
/// parent whatever the ingest order; equal ranks follow time (the newer observation wins).
/// Stored in the cache (entity.placement): append only, never renumber.
enum class Placement : std::uint8_t {
    Default = 0,   ///< no source and no rule said: a default (no parent, or one derived)
    Pattern = 1,   ///< a mapping file's rule matched the name
    Explicit = 2,  ///< the source said where it belongs
};

/// Where a fact came from: the source (reader) name, the file and a position in it.
struct SourceRef {
    QString source;  ///< e.g. "native", "openlineage", "dbt"
    QString file;
    qint64 line = 0;    ///< 1-based, 0 when unknown
    qint64 offset = 0;  ///< byte offset, 0 when unknown
};

/// Common part of every entity record: identity and validity.
struct EntityBase {
    QString key;          ///< stable key, e.g. "dataset:postgres://db:5432/shop.public.orders"
    QString name;         ///< display name
    QString description;
    QString owner;        ///< owning team or person; empty when unknown
    Timestamp observedAt = 0;  ///< when the source saw it (extends the validity interval)
    Timestamp removedAt = 0;   ///< non-zero: the source says it ended at this time
};

/// A facet MeshLens does not interpret (an OpenLineage dataset, job or run facet, or a
/// custom one), kept as the source wrote it so that nothing is lost: shown in the inspector,
/// stored per entity and facet name (the newest observation wins).
struct RawFacet {
    QString name;        ///< the facet's name; "inputFacets.x", "outputFacets.x", "run.x" by origin
    /// Compact UTF-8 JSON of the facet's value, without the two members every OpenLineage
    /// facet repeats (they are the next two fields).
    QByteArray json;
    QString producer;    ///< its "_producer", empty when absent
    QString schemaUrl;   ///< its "_schemaURL", empty when absent
    Timestamp observedAt = 0;
};

struct Domain : EntityBase {};

struct Product : EntityBase {
    QString domainKey;
    QString tier;  ///< "source-aligned", "aggregate", "consumer-aligned" or empty
    Placement placement = Placement::Explicit;  ///< how domainKey was decided
};

struct Port : EntityBase {
    QString productKey;
    PortDirection direction = PortDirection::Output;
    QStringList datasetKeys;  ///< datasets exposed (output) or consumed (input) by the port
};

struct Dataset : EntityBase {
    QString ns;          ///< OpenLineage namespace, e.g. "postgres://db:5432"
    QString productKey;  ///< empty when not (yet) assigned to a product
    QString datasetKind; ///< "table", "view", "topic", "file", ...
    Placement placement = Placement::Explicit;  ///< how productKey was decided
    std::vector<RawFacet> facets;  ///< uninterpreted facets, one per name
};

struct Job : EntityBase {
    QString ns;
    QString productKey;
    Placement placement = Placement::Explicit;  ///< how productKey was decided
    std::vector<RawFacet> facets;  ///< uninterpreted job and run facets, one per name
};

/// Another name of the same dataset (an OpenLineage `symlinks` identifier): records that
/// name `aliasKey` belong to the node `canonicalKey`. The first claim of an alias wins.
struct DatasetAlias {
    QString aliasKey;      ///< "dataset:<namespace>/<name>" of the other name
    QString canonicalKey;  ///< the dataset's own key, as the event that declared it named it
    Timestamp observedAt = 0;
};

/// Dataset -> dataset lineage, made by a job (jobKey may be empty).
struct LineageEdge {
    QString fromKey;
    QString toKey;
    QString jobKey;
    Timestamp observedAt = 0;
    Timestamp removedAt = 0;
};

struct ColumnLineageEdge {
    QString fromDatasetKey;
    QString fromColumn;
    QString toDatasetKey;
    QString toColumn;
    QString transformation;
    Timestamp observedAt = 0;
};

/// One result of one quality check on an entity (usually a dataset), at one time.
struct QualityResult {
    QString entityKey;
    QString checkName;
    QString column;  ///< empty for table-level checks
    HealthState state = HealthState::Unknown;
    double value = 0.0;
    QString message;
    Timestamp observedAt = 0;
};

/// At observedAt, the newest data of the entity was from dataTime.
struct FreshnessObservation {
    QString entityKey;
    Timestamp observedAt = 0;
    Timestamp dataTime = 0;
};

/// A contract (or SLA) attached to a product and optionally one of its datasets.
struct Contract {
    QString key;
    QString productKey;
    QString datasetKey;
    qint64 freshnessSlaSeconds = 0;  ///< 0: no freshness SLA
    QString version;
    Timestamp observedAt = 0;
};

}  // namespace meshlens
