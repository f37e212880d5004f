#pragma once

#include "mesh/snapshotgraph.h"

#include <QRectF>

#include <vector>

namespace meshlens {

/// Sizes of the domain grid, in scene units (pixels at 100 % zoom).
struct DomainGridOptions {
    double productWidth = 200;
    double productHeight = 58;
    double productGap = 18;     ///< between products of one domain
    double domainPadding = 18;  ///< inside a domain box, around its products
    double domainHeader = 40;   ///< room for the domain's title above its products
    double domainGap = 56;      ///< between domain boxes
    double domainAspect = 1.6;  ///< width / height a domain's product grid aims for
    double aspect = 1.7;        ///< width / height the whole picture aims for
};

/// A placed box: a domain (kNoNode for the "Unassigned" box) or a product.
struct LayoutBox {
    NodeId node = kNoNode;
    QRectF rect;
};

/// A product -> product dependency with the number of dataset edges behind it.
struct LayoutEdge {
    NodeId from = kNoNode;
    NodeId to = kNoNode;
    std::uint32_t weight = 1;
};

/// Where a product sits in its domain's grid.
struct GridCell {
    std::uint32_t domain = 0;  ///< index into DomainGridResult::domains
    int row = 0;
    int column = 0;
};

struct DomainGridResult {
    std::vector<LayoutBox> domains;
    std::vector<LayoutBox> products;
    std::vector<LayoutEdge> edges;
    QRectF bounds;
    std::vector<GridCell> cells;   ///< parallel to products
    std::vector<int> domainRows;   ///< parallel to domains: the shelf (row of domains) it is on
};

/// A first, simple layout of the product-level graph grouped by domain: products sit in a
/// grid inside their domain's box, ordered upstream first (by their rank in the product
/// dependency graph, then by name); domain boxes are packed in rows, upstream domains
/// first, so dependencies mostly read left to right and top to bottom.
///
/// Pure computation on the snapshot: it knows nothing of Qt items and runs on any thread.
/// Linear in products and product edges, plus sorting; datasets are never visited.
class DomainGridLayout
{
public:
    explicit DomainGridLayout(DomainGridOptions options = {});

    DomainGridResult compute(const SnapshotGraph &graph) const;

    /// Longest-path rank of every product-level vertex (sources are 0); vertices on a cycle
    /// get one more than the highest rank reached. Indexed by level-local vertex.
    static std::vector<std::uint32_t> productRanks(const LevelGraph &products);

private:
    struct Group {
        NodeId domain = kNoNode;
        std::vector<NodeId> products;
        double meanRank = 0;
        QRectF rect;
    };
    std::vector<Group> groups(const SnapshotGraph &graph) const;
    void placeProducts(const Group &group, std::uint32_t index, DomainGridResult &out) const;
    int columns(std::size_t products) const;

    DomainGridOptions m_options;
};

}  // namespace meshlens
