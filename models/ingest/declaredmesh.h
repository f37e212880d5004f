#pragma once

// What the readers of declarations (data contracts and data product descriptors) share: the
// key conventions that let records from different files meet, the OpenLineage naming of a
// contract's server, durations, spec-version checks, and a builder that adds each record to
// the batch once.
//
// Keys (every reader of declarations uses these, so that a product descriptor and the
// contracts it names land on the same nodes):
//  - domain:   "domain:<name>"
//  - product:  "product:<domain>.<id>", or "product:<id>" when the file names no domain —
//              the convention of the dbt reader and the generator ("product:<domain>.<name>")
//              where a domain is known. The id is the product's id in descriptors and the
//              product a contract names (DCS info.dataProduct, ODCS dataProduct, ODCS 2
//              quantumName); a contract that names none is its own product (its id).
//  - port:     "port:<product id>/<port id>" where <product id> is the product key without
//              "product:". A contract's port is named by the output port the contract says it
//              governs (DCS 0.9 info.outputPort), else by the contract id; a descriptor's
//              output port bound to a contract is named by that contract id (Bitol ODPS), else
//              by its own id or name. So a contract and the descriptor that binds it to a port
//              write one port.
//  - datasets a contract declares: "dataset:<namespace>/<name>" with the OpenLineage naming
//              of the contract's server (see physicalAddress), so that dbt, OpenLineage and
//              the contract meet on the same table.
//  - "dataset:datacontract/<contract id>" (dataset kind "contract"): the data a contract
//              governs, as one node. Descriptors refer to contracts by id only and cannot know
//              the tables in a contract file they never read; this node is what the producing
//              product's output port (contract reader and descriptor) and the consuming
//              product's input port (descriptor input ports, inputContracts, usage
//              agreements) both list, so the product-to-product dependency exists whichever
//              files are read, in any order.
//  - "dataset:dataproduct/<product id>/<port id>" (dataset kind "port"): the same for Data
//              Mesh Manager, whose data usage agreements name a provider's output port, not a
//              contract.
//  - contract: "contract:<contract id>" for the whole contract (product, its contract
//              dataset, the SLA) and "contract:<contract id>#<model>" per dataset it declares
//              (so freshness of that table is judged against the SLA).

#include "ingestbatch.h"
#include "yamlfile.h"

#include <QHash>
#include <QString>

#include <optional>

namespace meshlens {

QString declaredDomainKey(const QString &name);
QString declaredProductKey(const QString &domain, const QString &id);
/// "port:<product id>/<port id>" for a product key "product:<product id>".
QString declaredPortKey(const QString &productKey, const QString &portId);
QString contractDatasetKey(const QString &contractId);
QString productPortDatasetKey(const QString &productId, const QString &portId);

/// Where a contract says its data lives: one server of a Data Contract Specification or ODCS
/// contract (field names as both use them; absent ones empty).
struct ServerInfo {
    QString type;      ///< postgres, snowflake, bigquery, s3, kafka, ... (as written)
    QString host;
    QString port;
    QString database;
    QString schema;
    QString catalog;
    QString project;   ///< BigQuery
    QString dataset;   ///< BigQuery
    QString account;   ///< Snowflake, Glue
    QString region;    ///< Athena, Glue
    QString location;  ///< s3://..., gs://..., abfss://..., a path
    QString topic;     ///< Kafka
    QString serviceName; ///< Oracle
};

/// An OpenLineage dataset identity.
struct DatasetAddress {
    QString ns;
    QString name;
    bool isValid() const { return !name.isEmpty(); }
};

/// The OpenLineage name (https://openlineage.io/docs/spec/naming) of table `table` on
/// `server`: postgres://host:5432 + db.schema.table, mysql://host:3306 + db.table,
/// snowflake://account + db.schema.table, bigquery + project.dataset.table,
/// databricks://host + catalog.schema.table, kafka://broker + topic, s3://bucket + path
/// (a location's "{model}" replaced by the table, a trailing glob dropped), and so on; a type
/// it does not know gives "<type>://<host>" (or "<type>") + the dotted parts it has. A
/// server without a host gives the bare type ("postgres"), as the dbt reader names adapters.
/// `sharedLocation`: several tables share a location without "{model}"; the table name is
/// appended to the path to keep them apart.
DatasetAddress physicalAddress(const ServerInfo &server, const QString &table,
                               bool sharedLocation = false);
/// A location written as a URL or an AWS ARN (s3://b/p, gs://b/p, arn:aws:s3:::bucket,
/// arn:aws:glue:region:account:table/db/t, kafka://broker/topic); with `type` as the
/// namespace when it is neither (a Kafka topic name, a path). Invalid when `location` is empty.
DatasetAddress locationAddress(const QString &location, const QString &type);

/// Seconds in a duration: ISO 8601 ("PT25H", "P1D", "P3M" = 90 days, "P1Y" = 365 days) or a
/// number and a unit ("25h", "5m" = 5 minutes, "1 d", "2 days", "30 minutes", "10s",
/// "500ms" = 1 s: rounded up to whole seconds).
std::optional<qint64> parseDurationSeconds(QStringView text);
/// Seconds in one unit ("d", "day", "days", "h", "hr", "hours", "m", "min", "minutes", "s",
/// "ms", "w", "weeks", "y", "yr", "years", "month", "months"); 0 for an unknown unit. "m" is
/// minutes (as in "5m"); months are only "month(s)" or ISO 8601's "P3M".
double durationUnitSeconds(QStringView unit);

/// Checks a document's spec version against the versions a reader knows. Known: nothing.
/// Same major version, unknown minor or patch: a warning (these specifications add fields
/// within a major version; what the reader knows is still read). Another major version, or
/// not a version at all: an error (the structure may differ; reading it would be guessing).
/// Returns false on error. `versions` are "1.2.1"-style; a leading "v" is ignored.
bool checkSpecVersion(YamlReader &reader, const YAML::Node &at, const QString &specName,
                      const QString &version, const QStringList &versions);

/// True for a template placeholder such as "{{string}}" (templates are not products).
bool isTemplatePlaceholder(const QString &text);

/// Adds declared records to a batch once each (by key), filling in what an earlier mention
/// left empty.
class DeclaredMesh {
public:
    DeclaredMesh(IngestBatch *batch, Timestamp observedAt);

    Timestamp observedAt() const { return m_observedAt; }

    /// Key of the domain (added when new); empty for an empty name.
    QString domain(const QString &name);
    /// Key of the product (added when new). `domainName` may be empty.
    QString product(const QString &domainName, const QString &id, const QString &name = {},
                    const QString &owner = {}, const QString &description = {});
    Product &productRecord(const QString &key);
    /// Index of the port in batch->ports (added when new).
    int port(const QString &productKey, const QString &portId, PortDirection direction,
             const QString &name = {}, const QString &description = {});
    Port &portRecord(int index) { return m_batch->ports[size_t(index)]; }
    /// Adds `datasetKey` to the port's datasets unless already listed.
    void addPortDataset(int port, const QString &datasetKey);
    /// Key of the dataset (added when new; a later mention fills empty fields).
    QString dataset(const DatasetAddress &address, const QString &productKey,
                    const QString &kind = {}, const QString &description = {},
                    const QString &owner = {});
    /// The node standing for a contract's data ("dataset:datacontract/<id>"), declared as
    /// part of `productKey` (leave empty when only referring to it).
    QString contractDataset(const QString &contractId, const QString &productKey,
                            const QString &title = {});
    void contract(const QString &key, const QString &productKey, const QString &datasetKey,
                  qint64 freshnessSlaSeconds, const QString &version);
    /// A lineage edge without a job (a declared derivation).
    void edge(const QString &fromKey, const QString &toKey);

private:
    IngestBatch *m_batch;
    Timestamp m_observedAt;
    QHash<QString, int> m_domains, m_products, m_ports, m_datasets, m_contracts, m_edges;
};

/// A file's modification time, as the observation time of what it declares (a declaration
/// has no event time; the same file read twice then changes nothing).
Timestamp fileObservedAt(const QString &path);

} // namespace meshlens
