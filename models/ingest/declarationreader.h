#pragma once

// Declarations: data contracts and data product descriptors, YAML or JSON files that say what a
// product is, what it exposes and consumes, and what it promises. Read through the shared YAML
// layer (yamlfile.h), keyed by the conventions of declaredmesh.h.
//
// Formats:
//  - Data Contract Specification (datacontract.com) 0.9.0 to 1.2.1, "dataContractSpecification:"
//  - Open Data Contract Standard (Bitol) v2.2.x and v3.x, "kind: DataContract" + "apiVersion:"
//  - Open Data Product Standard (Bitol) v0.9 to v1.1, "kind: DataProduct" + "apiVersion:"
//  - Open Data Product Specification (opendataproducts.org) 3.x and 4.x, a top-level
//    "product:" with "details" (and "schema: https://opendataproducts.org/...")
//  - Open Data Mesh Data Product Descriptor Specification 1.0, "dataProductDescriptor:",
//    with port "$ref"s resolved inside the descriptor's own folder
//  - Data Mesh Manager (Entropy Data) data products, "dataProductSpecification:" or a
//    top-level "id" + "info" + "inputPorts"/"outputPorts", and data usage agreements,
//    "dataUsageAgreementSpecification:"
//
// What becomes what (details in each reader's file):
//  - owner / team / info.owner / dataHolder: the owner of the product and its datasets;
//  - models (DCS), schema objects (ODCS): datasets, named by the OpenLineage convention from
//    the contract's server (declaredmesh.h), part of the contract's product and exposed by an
//    output port of it;
//  - service levels (DCS servicelevels.freshness/latency, ODCS slaProperties freshness/
//    latency, DPDS slo/sla x-qualitySla freshness, ODPS 4 SLA updateFrequency): a Contract
//    with freshnessSlaSeconds on the product (and on each dataset it names). Retention and
//    availability have no place in the cache's Contract yet and are not stored;
//  - quality rules: counted, not stored. A rule is a declaration, not a result: writing it as
//    a QualityResult would need a state, and "unknown" would mark every contracted dataset
//    as unknown until a run reports, hiding the real results of dbt or OpenLineage checks
//    under the worst-wins roll-up. The results arrive through those readers;
//  - descriptor ports: Ports; a port bound to a contract lists the contract's dataset node
//    ("dataset:datacontract/<id>"), so inputContracts and input ports naming a contract
//    become a dependency on the product whose output port carries that contract.

#include "ingestbatch.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace meshlens {

enum class DeclarationKind {
    None,
    DataContractSpecification,
    Odcs,
    Odps,        ///< Bitol's Open Data Product Standard
    Odps4,       ///< opendataproducts.org's Open Data Product Specification
    Dpds,
    DmmDataProduct,
    DmmUsageAgreement,
};

/// "datacontract-specification", "odcs", "odps", "odps4", "dpds", "dmm-dataproduct",
/// "dmm-usage-agreement": also the source name of the batch.
QString declarationKindName(DeclarationKind kind);
bool isDataContract(DeclarationKind kind);

/// What the first bytes of a file declare, from its top-level keys (YAML keys at column 0,
/// JSON members of the outermost object). Cheap: no YAML parse.
DeclarationKind detectDeclaration(const QByteArray &head);

/// What a read found, for tests and reports (the batch holds the records).
struct DeclarationSummary {
    DeclarationKind kind = DeclarationKind::None;
    QString specVersion;
    QString id;               ///< the contract's or product's id
    int declaredDatasets = 0; ///< models / schema objects (DCS, ODCS)
    int servers = 0;
    int qualityRules = 0;     ///< declared, not stored (see above)
    int refsResolved = 0;     ///< DPDS "$ref"s followed to another file or into the document
    QStringList filesRead;    ///< the file and every file a "$ref" brought in
};

/// Reads one declaration file of the given kind into one batch (source: the kind's name).
/// Never throws; every problem is a diagnostic with file, line and column.
IngestBatch readDeclarationFile(const QString &path, DeclarationKind kind,
                                DeclarationSummary *summary = nullptr);
/// The same for text in memory; `fileName` names it in diagnostics and in the batch, and a
/// DPDS "$ref" to another file is looked up in its folder (when there is one).
IngestBatch readDeclarationBytes(const QByteArray &bytes, const QString &fileName,
                                 DeclarationKind kind, DeclarationSummary *summary = nullptr);

} // namespace meshlens
