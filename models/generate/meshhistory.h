#pragma once

// Quality results, freshness observations and contracts of generated output-port datasets.
// Each (dataset, check, day) draws from its own random stream, so any day of any dataset
// can be produced on its own and in any order: the native writer goes dataset by dataset,
// the OpenLineage writer in time order, and both see the same history.

#include "generatedmesh.h"
#include "generatornames.h"

#include <string>
#include <string_view>
#include <vector>

namespace meshlens::gen {

struct QualityRow {
    std::string_view check; ///< dbt-style test name: not_null, unique, row_count, ...
    std::string column; ///< empty for table-level checks
    HealthState state = HealthState::Pass;
    double value = 0; ///< what the check measured (null rows, duplicates, row count)
    std::string message; ///< set when the state is not Pass
    Timestamp at = 0;
};

struct FreshnessRow {
    Timestamp at = 0;
    Timestamp dataTime = 0;
};

struct ColumnMapping {
    std::string fromColumn;
    std::string toColumn;
    std::string_view transformation; ///< OpenLineage subtype: IDENTITY, TRANSFORMATION
};
/// Column lineage along an edge (index into mesh.edges). Only some edges have it: about a
/// quarter of the stable intra-product edges into contracted output datasets, as when a
/// few dbt projects have column-level lineage switched on.
void columnMappings(const GeneratedMesh &mesh, qint64 edge, std::vector<ColumnMapping> &out);

/// The freshness SLA a contract declares for data refreshed at this cadence.
qint64 freshnessSlaSeconds(Cadence cadence);
/// True for the output-port datasets of products that publish contracts.
bool hasContract(const GeneratedMesh &mesh, qint32 dataset);
std::string contractVersion(const GeneratedMesh &mesh, qint32 dataset);

/// The history of one output-port dataset over the last mesh.historyDays days.
class DatasetHistory {
public:
    DatasetHistory(const GeneratedMesh &mesh, qint32 dataset);

    int days() const { return m_mesh.historyDays; }
    /// Fills out with the checks that ran on day (0 = the oldest day); empty when the dataset
    /// did not exist then.
    void qualityOn(int day, std::vector<QualityRow> &out) const;
    /// The freshness observation of the day; false when the dataset did not exist then.
    bool freshnessOn(int day, FreshnessRow *out) const;

private:
    enum class Check : std::uint8_t { NotNull, Unique, RowCount, AcceptedValues, Relationships };
    enum class Profile : std::uint8_t { Healthy, WarnStreak, FailStreak, Flaky };
    struct Plan {
        Check check;
        Profile profile;
        std::string column;
        int streakStart;
        int streakEnd; ///< exclusive; past the last day for an ongoing failure
        double baseline;
    };

    Timestamp dayStart(int day) const;
    bool exists(Timestamp at) const;
    double normalLagSeconds(Prng &rng) const;

    const GeneratedMesh &m_mesh;
    qint32 m_dataset;
    const GenDataset &m_d;
    std::vector<Plan> m_plans;
    bool m_stale = false;
    bool m_sometimesLate = false;
    int m_staleFrom = 0;
};

} // namespace meshlens::gen
