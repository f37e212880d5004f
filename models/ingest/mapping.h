#pragma once

// The mapping file: where datasets belong when their source does not say, and which
// namespaces name the same warehouse. The format is described in
// resources/mapping/README.md; resources/mapping/example-mapping.yaml is an example.
//
//   meshlensMapping: 1
//   namespaceAliases:
//     - canonical: "postgres://db.prod:5432"
//       aliases: ["postgres://db:5432", "postgres"]
//   domains:                  # first match wins
//     - domain: sales
//       product: orders       # optional; default: the first segment of the dataset name
//       match: { namespace: "postgres://db.prod:5432", name: "sales.*" }
//
// Applying a mapping to a batch (before it is resolved and written):
//  1. aliases: every dataset key "dataset:<alias>/<name>" of every record kind (datasets,
//     edges, column edges, ports, quality, freshness, contracts) and every dataset's
//     namespace become the canonical namespace's, so the same table seen by several tools is
//     one node;
//  2. the batch is resolved (resolveBatch), so that datasets known only from lineage exist;
//  3. patterns: a dataset whose source gave it no product, or only a default one (dbt's
//     package and folder), gets the product of the first rule whose namespace and name globs
//     both match (an absent glob matches everything). What a source says explicitly (a
//     product key placed Explicit) is never overridden. Datasets no rule matches keep what
//     they had. Every product and domain a rule assigns gets a Product / Domain record
//     ("product:<domain>.<product>", "domain:<domain>") unless the batch has one already.
//     A job placed by default that makes a moved dataset, and a contract on one, follow it
//     out of the product it left; a product placed by default
//     that is left with no dataset, job, port or contract is dropped from the batch, with
//     the domains only such products were in.
//  4. what a rule assigned is marked Placement::Pattern (datasets' products, added products'
//     domains), so that across inputs too an explicit placement wins over it: the cache
//     writer keeps the parent of the higher rank, whatever the order of the ingests.

#include "diagnostic.h"
#include "globpattern.h"
#include "ingestbatch.h"
#include "mesh/result.h"

#include <QHash>

#include <vector>

namespace meshlens {

struct MappingRule {
    QString domain;
    QString product;          ///< empty: the first segment of the dataset's name
    GlobPattern ns;           ///< on the dataset's namespace (after aliases)
    GlobPattern name;         ///< on the dataset's name
    qint64 line = 0;          ///< where the rule is, for messages
};

struct Mapping {
    QString file;
    /// alias namespace -> canonical namespace (fill through addAlias())
    QHash<QString, QString> aliases;
    std::vector<MappingRule> rules;

    void addAlias(const QString &alias, const QString &canonical);

    bool isEmpty() const { return aliases.isEmpty() && rules.empty(); }
    /// The canonical namespace of `ns` (itself when it is no alias).
    QString canonicalNamespace(const QString &ns) const { return aliases.value(ns, ns); }
    /// The dataset key with an aliased namespace replaced; `key` itself otherwise.
    QString canonicalDatasetKey(const QString &key) const;
    /// The first rule matching the dataset, or nullptr.
    const MappingRule *ruleFor(const QString &ns, const QString &name) const;

private:
    std::vector<qsizetype> m_aliasLengths;  ///< distinct alias lengths, longest first
};

/// Reads a mapping file. Every problem is a Diagnostic with file, line and column appended to
/// `diagnostics` (when given): unknown keys are warnings, everything else (YAML errors, an
/// empty file, a missing or unsupported `meshlensMapping` version, wrong types, invalid
/// globs, an alias claimed by two canonical namespaces) is an error, and then the result is
/// an Error whose message lists the errors.
Result<Mapping> loadMapping(const QString &path, Diagnostics *diagnostics = nullptr);
/// The same for bytes in memory; `file` names them in diagnostics.
Result<Mapping> parseMapping(const QByteArray &yaml, const QString &file,
                             Diagnostics *diagnostics = nullptr);

/// What applyMapping() changed, for reports and tests.
struct MappingStats {
    qint64 keysRewritten = 0;     ///< dataset keys moved to a canonical namespace
    qint64 datasetsAssigned = 0;  ///< datasets given a product by a rule
    qint64 productsAdded = 0;     ///< Product records added
    qint64 domainsAdded = 0;      ///< Domain records added
    qint64 productsDropped = 0;   ///< default-placed products a rule emptied
    qint64 domainsDropped = 0;    ///< domains only such products were in
};

/// Applies `mapping` to `batch` as described above; resolves the batch on the way (calling
/// resolveBatch() afterwards again changes nothing).
MappingStats applyMapping(const Mapping &mapping, IngestBatch &batch);

/// The product name a rule without `product` gives a dataset: the first non-empty segment of
/// its name split at '.' and '/' ("sales.orders" -> "sales"; "/data/raw/x.csv" -> "data").
QString defaultProductName(const QString &datasetName);

}  // namespace meshlens
