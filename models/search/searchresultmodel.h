#pragma once

#include "fuzzyindex.h"

#include "itemmodels/snapshotmodelbase.h"

namespace meshlens {

/// The hits of one quick-open search as a list: one row per hit, best first. Besides the
/// shared snapshot roles it gives what a result row shows: the matched characters and which
/// string they are in, and the domain › product path.
class SearchResultModel final : public SnapshotTableModel
{
    Q_OBJECT

public:
    enum Role {
        PositionsRole = ItemTypeRole + 16,  ///< QList<int>: matched UTF-16 indices
        MatchFieldRole,                     ///< int(SearchHit::Field)
        PathRole,                           ///< "sales › orders": where the node lives
        NameRole,                           ///< the node's own name (may be empty)
        ScoreRole,                          ///< int
    };
    Q_ENUM(Role)

    explicit SearchResultModel(QObject *parent = nullptr);

    /// Replaces the rows (a model reset). The index's snapshot becomes the model's.
    void setResults(FuzzyIndexPtr index, std::vector<SearchHit> hits);
    void clear();
    const SearchHit &hit(int row) const { return m_hits[std::size_t(row)]; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// "domain › product" for a node inside a product, the domain for a product, else "".
    static QString pathText(const SnapshotGraph &graph, NodeId id);

protected:
    int rows() const override { return int(m_hits.size()); }
    void snapshotReset() override;

private:
    FuzzyIndexPtr m_index;
    std::vector<SearchHit> m_hits;
};

}  // namespace meshlens
