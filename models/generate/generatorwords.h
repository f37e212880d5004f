#pragma once

// The vocabulary of generated meshes: names of domains, teams, products, tables and columns.

#include "generatedmesh.h"
#include "prng.h"

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace meshlens::gen {

int domainWordCount();
std::string_view entityWord(int index);

/// "sales", or "sales_emea" for the second domain that draws the same word.
std::string domainName(const GenDomain &domain);
/// The domain name as it appears in host names, buckets and job namespaces ("supply-chain").
std::string domainSlug(const GenDomain &domain);

/// Team names of a domain ("team:sales-analytics", ...), count of them.
std::vector<std::string> domainTeams(const GenDomain &domain, int count);

/// A product name unused in its domain: themed words first ("orders" in sales), then the
/// general list, then qualified ("orders_eu") and finally numbered.
std::string pickProductName(
    Prng &rng, const GenDomain &domain, std::unordered_set<std::string> &used);

/// An entity (index into the entity list) typical of the domain: orders and quotes in sales,
/// shipments and routes in logistics; generic ones for domains without a theme.
int themedEntity(Prng &rng, const GenDomain &domain);

/// The entity a product is mostly about ("orders" -> "order"), as an index into the entity
/// list, or -1 when the product word has none there.
int productEntity(std::string_view productName);

/// A table/topic/file name inside a product, unique within it ("stg_order", "fct_order_daily").
std::string pickDatasetName(
    Prng &rng, Stage stage, DatasetKind kind, int entity, std::unordered_set<std::string> &used);

struct Column {
    std::string name;
    std::string_view type;
};
/// The columns of a dataset (its schema): "<entity>_id" first, then a few common fields.
/// Derived from a hash of the dataset index, so every writer sees the same schema.
std::vector<Column> datasetColumns(const GeneratedMesh &mesh, qint32 dataset);

} // namespace meshlens::gen
