#include "meshhistory.h"

#include "prng.h"

#include <algorithm>
#include <array>

namespace meshlens::gen {
namespace {

constexpr std::string_view kCheckNames[]
    = {"not_null", "unique", "row_count", "accepted_values", "relationships"};

bool hasColumn(const std::vector<Column> &columns, std::string_view name)
{
    return std::any_of(
        columns.begin(), columns.end(), [&](const Column &c) { return c.name == name; });
}

} // namespace

void columnMappings(const GeneratedMesh &mesh, qint64 edge, std::vector<ColumnMapping> &out)
{
    out.clear();
    const GenEdge &e = mesh.edges[size_t(edge)];
    if (e.cls != EdgeClass::IntraProduct || e.seen || e.removed || !hasContract(mesh, e.to))
        return;
    if (streamSeed(mesh.options.seed, quint64(edge), 0xCE) % 4 != 0)
        return;
    const std::vector<Column> from = datasetColumns(mesh, e.from);
    const std::vector<Column> to = datasetColumns(mesh, e.to);
    for (const Column &c : to) {
        if (out.size() < 3 && hasColumn(from, c.name))
            out.push_back({c.name, c.name, "IDENTITY"});
    }
    if (out.empty())
        out.push_back({from.front().name, to.front().name, "TRANSFORMATION"});
}

qint64 freshnessSlaSeconds(Cadence cadence)
{
    switch (cadence) {
    case Cadence::Streaming:
        return 15 * 60;
    case Cadence::Hourly:
        return 2 * 3600;
    case Cadence::Daily:
        return 26 * 3600; // a daily load plus a couple of hours of slack
    case Cadence::Weekly:
        return 8 * 86400;
    }
    return 0;
}

bool hasContract(const GeneratedMesh &mesh, qint32 dataset)
{
    const GenDataset &d = mesh.datasets[size_t(dataset)];
    return d.output && mesh.products[size_t(d.product)].hasContract;
}

std::string contractVersion(const GeneratedMesh &mesh, qint32 dataset)
{
    const quint64 h = streamSeed(mesh.options.seed, quint64(dataset), 0xC0A7);
    return "1." + std::to_string(h % 5) + ".0";
}

DatasetHistory::DatasetHistory(const GeneratedMesh &mesh, qint32 dataset)
    : m_mesh(mesh)
    , m_dataset(dataset)
    , m_d(mesh.datasets[size_t(dataset)])
{
    Prng rng(streamSeed(mesh.options.seed, quint64(dataset), 0x4157));
    const int days = mesh.historyDays;
    const std::vector<Column> columns = datasetColumns(mesh, dataset);
    std::array<Check, 5> checks = {Check::NotNull, Check::Unique, Check::RowCount,
        Check::AcceptedValues, Check::Relationships};
    for (size_t i = checks.size() - 1; i > 0; --i)
        std::swap(checks[i], checks[size_t(rng.below(qint64(i) + 1))]);
    const int count = int(rng.between(1, 3));
    for (int i = 0; i < count; ++i) {
        Plan plan {checks[size_t(i)], Profile::Healthy, {}, 0, 0, 0};
        switch (plan.check) {
        case Check::NotNull:
            plan.column = columns[size_t(rng.below(qint64(columns.size())))].name;
            break;
        case Check::Unique:
            plan.column = columns.front().name;
            break;
        case Check::RowCount:
            plan.baseline = std::round(rng.lognormal(11.0, 2.0));
            break;
        case Check::AcceptedValues:
            for (std::string_view c : {"status", "currency", "country", "channel", "region"}) {
                if (plan.column.empty() && hasColumn(columns, c))
                    plan.column = std::string(c);
            }
            break;
        case Check::Relationships:
            plan.column = hasColumn(columns, "customer_id") ? "customer_id" : columns.front().name;
            break;
        }
        if (plan.check == Check::AcceptedValues && plan.column.empty())
            continue; // no categorical column to check; one check fewer
        const double r = rng.uniform();
        plan.profile = r < 0.80 ? Profile::Healthy
            : r < 0.90          ? Profile::WarnStreak
            : r < 0.96          ? Profile::FailStreak
                                : Profile::Flaky;
        plan.streakStart = int(rng.below(std::max(1, days)));
        const bool ongoing = plan.profile == Profile::FailStreak && rng.chance(0.4);
        plan.streakEnd = ongoing ? days + 1 : plan.streakStart + int(rng.between(2, 6));
        m_plans.push_back(std::move(plan));
    }
    const double f = rng.uniform();
    m_stale = f < 0.06;
    m_sometimesLate = !m_stale && f < 0.10;
    m_staleFrom = int(rng.between(-3, std::max(0, days - 1)));
}

Timestamp DatasetHistory::dayStart(int day) const
{
    return m_mesh.options.reference - qint64(m_mesh.historyDays - day) * kDayMs;
}

bool DatasetHistory::exists(Timestamp at) const
{
    return at >= m_mesh.seenOf(m_d) && (!m_d.removed || at < m_d.removed);
}

void DatasetHistory::qualityOn(int day, std::vector<QualityRow> &out) const
{
    out.clear();
    Prng rng(streamSeed(m_mesh.options.seed, quint64(m_dataset), 0x10000 + quint64(day)));
    const Timestamp at = dayStart(day) + 2 * 3600000 + rng.below(90) * 60000 + rng.below(60) * 1000;
    if (!exists(at))
        return;
    for (const Plan &plan : m_plans) {
        QualityRow row;
        row.check = kCheckNames[size_t(plan.check)];
        row.column = plan.column;
        row.at = at;
        const bool inStreak = day >= plan.streakStart && day < plan.streakEnd;
        switch (plan.profile) {
        case Profile::Healthy:
            row.state = rng.chance(0.015) ? HealthState::Warn : HealthState::Pass;
            break;
        case Profile::WarnStreak:
            row.state = inStreak ? HealthState::Warn : HealthState::Pass;
            break;
        case Profile::FailStreak:
            row.state = inStreak ? HealthState::Fail : HealthState::Pass;
            break;
        case Profile::Flaky:
            row.state = rng.chance(0.25) ? HealthState::Unknown
                : rng.chance(0.1)        ? HealthState::Warn
                                         : HealthState::Pass;
            break;
        }
        const bool warn = row.state == HealthState::Warn;
        if (row.state == HealthState::Pass) {
            if (plan.check == Check::RowCount)
                row.value = std::round(plan.baseline * (1 + 0.04 * rng.normal()));
        } else if (row.state == HealthState::Unknown) {
            row.message = "check skipped: the upstream run did not finish";
        } else if (plan.check == Check::RowCount) {
            const double drop = warn ? rng.uniform(0.25, 0.45) : rng.uniform(0.8, 1.0);
            row.value = std::round(plan.baseline * (1 - drop));
            row.message = "row count " + std::to_string(qint64(row.value)) + " is "
                + std::to_string(int(drop * 100)) + "% below the 7-day average";
        } else {
            const qint64 bad = warn ? rng.between(1, 50) : rng.between(60, 5000);
            row.value = double(bad);
            const std::string n = std::to_string(bad);
            switch (plan.check) {
            case Check::NotNull:
                row.message = n + " rows with a null " + plan.column;
                break;
            case Check::Unique:
                row.message = n + " duplicate values of " + plan.column;
                break;
            case Check::AcceptedValues:
                row.message = n + " rows with an unexpected " + plan.column;
                break;
            default:
                row.message = n + " rows whose " + plan.column + " has no match upstream";
                break;
            }
        }
        out.push_back(std::move(row));
    }
}

double DatasetHistory::normalLagSeconds(Prng &rng) const
{
    switch (m_d.cadence) {
    case Cadence::Streaming:
        return std::min(600.0, 30 + rng.exponential(120));
    case Cadence::Hourly:
        return rng.uniform(5 * 60, 70 * 60);
    case Cadence::Daily:
        return rng.uniform(2 * 3600, 20 * 3600);
    case Cadence::Weekly:
        return rng.uniform(86400, 7 * 86400);
    }
    return 0;
}

bool DatasetHistory::freshnessOn(int day, FreshnessRow *out) const
{
    Prng rng(streamSeed(m_mesh.options.seed, quint64(m_dataset), 0x20000 + quint64(day)));
    out->at = dayStart(day) + 6 * 3600000 + rng.below(60) * 60000 + rng.below(60) * 1000;
    if (!exists(out->at))
        return false;
    double lag = normalLagSeconds(rng);
    if (m_sometimesLate && rng.chance(0.2))
        lag = double(freshnessSlaSeconds(m_d.cadence)) * rng.uniform(1.2, 3.0);
    out->dataTime = out->at - qint64(lag * 1000);
    if (m_stale && day >= m_staleFrom) {
        // The pipeline stopped: the newest data stays where it was on the day it broke.
        Prng frozen(streamSeed(m_mesh.options.seed, quint64(m_dataset), 0x2F000));
        const Timestamp brokeAt = dayStart(m_staleFrom) + 6 * 3600000;
        out->dataTime = std::min(out->dataTime, brokeAt - qint64(normalLagSeconds(frozen) * 1000));
    }
    return true;
}

} // namespace meshlens::gen
