#pragma once

#include "snapshotmodelbase.h"

#include <memory>
#include <vector>

namespace meshlens {

class MeshCache;

/// The inspector's table: one row per property of the selected node (key, kind, name,
/// owner, namespace or tier, parent product and domain, quality, newest data, freshness
/// SLA and status, upstream and downstream degree), then, for datasets and jobs read from a
/// cache, a "Facets" group: the facets the source gave that MeshLens does not interpret, one
/// row each (the facet name, its compact JSON). Rows that do not apply to the node's kind are
/// left out. Column 0 is the label, column 1 the value.
class NodePropertiesModel final : public SnapshotTableModel
{
    Q_OBJECT

public:
    enum Column { LabelColumn = 0, ValueColumn = 1 };

    /// Which property a row shows, so views and tests find rows without matching labels.
    enum class Property {
        Key, Kind, Name, Owner, Namespace, Tier, Direction, Product, Domain, Contents, Quality,
        NewestData, FreshnessSla, Freshness, Upstream, Downstream,
        Facets,  ///< the group's heading row: how many facets follow
        Facet,   ///< one facet: label = its name, RawValueRole = its full JSON (QByteArray)
                 ///< without "_producer" and "_schemaURL", which the tooltip adds
    };
    Q_ENUM(Property)

    enum Role {
        PropertyRole = SnapshotModelBase::ItemTypeRole + 1,  ///< int(Property)
        RawValueRole,  ///< the value unformatted: ms timestamps, seconds, counts, int(HealthState)
    };

    explicit NodePropertiesModel(QObject *parent = nullptr);
    ~NodePropertiesModel() override;

    /// Characters of a facet's JSON shown in the value column (the tooltip and
    /// RawValueRole have it all).
    static constexpr int kFacetDisplayChars = 240;

    NodeId node() const { return m_node; }
    /// Shows the properties of `id` (kNoNode: none). Resets the model.
    void setNode(NodeId id);
    /// The row of a property, or -1 when the node's kind does not have it.
    int rowOf(Property property) const;
    /// The reference time freshness is measured against: the snapshot's time, or now for a
    /// snapshot of "now". Tests set it to get stable ages.
    void setReferenceTime(Timestamp t);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    int rows() const override { return int(m_rows.size()); }
    void snapshotReset() override;

private:
    struct Row {
        Property property;
        QString label;
        QString text;
        QVariant raw;
        NodeId link = kNoNode;  ///< the node a Product/Domain row refers to
        QString tooltip;        ///< Facet rows: the whole value, schema URL and producer
    };
    void rebuild();
    void addRow(Property property, QString label, QString text, QVariant raw = {},
                NodeId link = kNoNode);
    void addDegreeRows();
    void addFreshnessRows();
    /// The node's facets, read from the snapshot's cache (opened read-only on first use).
    void addFacetRows();
    Timestamp referenceTime() const;

    NodeId m_node = kNoNode;
    Timestamp m_referenceTime = 0;
    Timestamp m_snapshotClock = 0;  ///< FreshnessRollup::referenceTime of the snapshot
    std::vector<Row> m_rows;
    std::unique_ptr<MeshCache> m_cache;  ///< the snapshot's cache, for facets
    bool m_cacheFailed = false;          ///< do not retry opening it for this snapshot
};

}  // namespace meshlens
