#pragma once

#include "snapshotmodelbase.h"

#include <array>
#include <unordered_map>
#include <vector>

namespace meshlens {

/// The navigator's tree over one snapshot: domains › products › "Ports" / "Datasets" /
/// "Jobs" groups › nodes, with an "Unassigned" top-level row for products without a domain
/// and nodes without a product. Column 0 is the name, column 1 what a row contains
/// ("12 products", "40 datasets").
///
/// Built for a million datasets: no per-node object, and an index carries its item in its
/// internal id, so parent() needs no stored tree. Domains and products are ordered once per
/// snapshot; a product's members are grouped and sorted the first time it is expanded.
class MeshTreeModel final : public SnapshotModelBase
{
    Q_OBJECT

public:
    enum Column { NameColumn = 0, ContentsColumn = 1 };

    explicit MeshTreeModel(QObject *parent = nullptr);
    ~MeshTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    /// The node a row stands for, or kNoNode for group and "Unassigned" rows.
    NodeId nodeAt(const QModelIndex &index) const;
    /// The column-0 index of a node's row, or an invalid index. Linear only in the size of
    /// the node's product, never in the whole mesh.
    QModelIndex indexForNode(NodeId id) const;

protected:
    void snapshotReset() override;

private:
    // Member kinds a product's rows are grouped by, in display order.
    enum Group : std::uint8_t { PortGroup = 0, DatasetGroup = 1, JobGroup = 2 };
    static constexpr int kGroupCount = 3;

    /// The ports, datasets and jobs of one product, grouped and sorted by name.
    struct Members {
        std::vector<NodeId> nodes;                  // grouped by Group, each group sorted
        std::array<std::uint32_t, kGroupCount + 1> begin{};  // group g is [begin[g], begin[g+1])
        std::array<HealthState, kGroupCount> worst{};       // rolled-up health per group
        int groupCount() const;
        int groupAtRow(int row) const;  // the Group shown at a row, or -1
        int rowOfGroup(int group) const;
        std::uint32_t size(int group) const { return begin[group + 1] - begin[group]; }
    };

    // What an index's internal id encodes: the item type, a node (or the owning product
    // for a group row, kNoNode meaning "Unassigned") and, for group rows, the group.
    struct Item {
        ItemType type = ItemType::Node;
        NodeId node = kNoNode;
        int group = 0;
    };
    static quintptr encode(const Item &item);
    static Item decode(quintptr id);
    Item itemAt(const QModelIndex &index) const;

    int topLevelRows() const;
    bool hasUnassigned() const;
    /// Products of a domain row (domains first, then the "Unassigned" container).
    std::span<const NodeId> productsOf(int containerRow) const;
    const Members &membersOf(NodeId product) const;  // kNoNode: the unassigned nodes
    static int groupOfKind(EntityKind kind);
    QVariant displayData(const Item &item, int column) const;
    QString contentsText(const Item &item) const;

    std::vector<NodeId> m_domains;              // sorted by name
    std::vector<NodeId> m_products;             // grouped by container row, sorted by name
    std::vector<std::uint32_t> m_productBegin;  // per container row, then the end
    std::vector<std::uint32_t> m_row;           // NodeId -> row, for domains and products
    std::vector<HealthState> m_health;          // rolled up, per NodeId
    std::vector<NodeId> m_orphans;              // ports/datasets/jobs without a product
    std::array<std::uint32_t, kGroupCount> m_orphanCounts{};
    // Filled on first expansion; key kNoNode holds the orphans.
    mutable std::unordered_map<NodeId, Members> m_members;
};

}  // namespace meshlens
