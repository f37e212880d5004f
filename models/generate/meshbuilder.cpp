// Builds the structure of a generated mesh. The model, in short:
// - D domains of Zipf-distributed size, each with a warehouse platform and an orientation
//   (source-heavy, balanced, consumer-heavy) that biases the tiers of its products;
// - products of lognormal size with 1-5 internal stages: raw -> staging -> intermediate ->
//   published (the output port);
// - products are generated source-aligned first, then aggregate, then consumer-aligned, and
//   a dataset reads only datasets that already exist, so the lineage is a DAG by
//   construction;
// - upstream choice: mostly the previous stage of the same product, sometimes an output port
//   of another product of the domain or of another domain, weighted by a Pareto popularity
//   per output port, which makes hubs with large fan-out.

#include "generatedmesh.h"
#include "generatornames.h"
#include "prng.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

namespace meshlens::gen {
namespace {

// Tuned so that about 68% of edges stay inside a product, 21% cross products of one domain
// and 11% cross domains (the shares tst_generator checks).
constexpr double kCrossDomain = 0.035; // non-entry stages
constexpr double kCrossProduct = 0.10; // non-entry stages
constexpr double kEntryCrossDomain = 0.28; // entry (staging) datasets of derived products
constexpr double kEntrySingleInput = 0.7; // an entry dataset usually mirrors one upstream
constexpr double kFanInAlpha = 1.6;
constexpr int kMaxFanIn = 40;
constexpr double kPopularityAlpha = 1.2;
constexpr double kMaxPopularity = 5000;

/// Append-only weighted sampler: cumulative weights and a binary search.
class WeightedPool {
public:
    void add(qint32 item, double weight)
    {
        m_total += weight;
        m_items.push_back(item);
        m_cumulative.push_back(m_total);
    }
    bool empty() const { return m_items.empty(); }
    size_t size() const { return m_items.size(); }
    qint32 sample(Prng &rng) const
    {
        const double r = rng.uniform() * m_total;
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), r);
        return m_items[std::min<size_t>(size_t(it - m_cumulative.begin()), m_items.size() - 1)];
    }

private:
    std::vector<qint32> m_items;
    std::vector<double> m_cumulative;
    double m_total = 0;
};

/// Splits total into k integers >= minimum, roughly proportional to weights; the remainder
/// goes by largest fractional part, ties by index, so the result is deterministic.
std::vector<qint64> splitCounts(
    qint64 total, qint64 k, qint64 minimum, const std::vector<double> &w)
{
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    const qint64 spare = total - k * minimum;
    std::vector<double> raw(static_cast<size_t>(k));
    std::vector<qint64> counts(static_cast<size_t>(k));
    qint64 given = 0;
    for (qint64 i = 0; i < k; ++i) {
        raw[size_t(i)] = double(spare) * w[size_t(i)] / sum;
        counts[size_t(i)] = minimum + qint64(raw[size_t(i)]);
        given += counts[size_t(i)];
    }
    std::vector<qint64> order(static_cast<size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qint64 a, qint64 b) {
        return raw[size_t(a)] - std::floor(raw[size_t(a)])
            > raw[size_t(b)] - std::floor(raw[size_t(b)]);
    });
    for (qint64 i = 0; given < total; ++i, ++given)
        ++counts[size_t(order[size_t(i % k)])];
    return counts;
}

struct Orientation {
    double source, aggregate; // consumer-aligned takes the rest
};
constexpr Orientation kOrientations[] = {{0.60, 0.30}, {0.45, 0.35}, {0.25, 0.35}};

Stage stageAt(Tier tier, int s, int stages)
{
    if (s == stages - 1)
        return Stage::Published;
    if (s == 0)
        return tier == Tier::SourceAligned ? Stage::Raw : Stage::Staging;
    if (s == 1 && tier == Tier::SourceAligned && stages > 3)
        return Stage::Staging;
    return Stage::Intermediate;
}

class Builder {
public:
    Builder(GeneratedMesh &mesh)
        : m(mesh)
        , rng(streamSeed(mesh.options.seed, 0x5157))
    {
    }
    void run();

private:
    void makeDomainsAndProducts(qint64 productCount, qint64 domainCount);
    void makeProduct(int p);
    void chooseInputs(int p, const std::vector<std::vector<qint32>> &stages);

    GeneratedMesh &m;
    Prng rng;
    std::vector<WeightedPool> domainPools;
    WeightedPool globalPool;
};

void Builder::run()
{
    const qint64 n = m.options.datasets;
    const double meanSize = std::clamp(2.5 * std::pow(double(n), 0.28), 4.0, 40.0);
    const qint64 productCount = std::clamp<qint64>(std::llround(double(n) / meanSize), 1, n);
    const qint64 domainCount = std::min<qint64>(
        std::max<qint64>(3, std::llround(std::pow(double(n), 0.4) / 1.5)), productCount);
    makeDomainsAndProducts(productCount, domainCount);

    // Product sizes: lognormal around the mean; at least 2 datasets when there is room.
    std::vector<double> weights(static_cast<size_t>(productCount));
    for (double &w : weights)
        w = rng.lognormal(0.0, 0.6);
    const std::vector<qint64> sizes
        = splitCounts(n, productCount, n >= 2 * productCount ? 2 : 1, weights);
    for (qint64 p = 0; p < productCount; ++p)
        m.products[size_t(p)].datasetCount = qint32(sizes[size_t(p)]);

    // Generation order: by tier, random inside a tier. Everything a product reads was made
    // before it: the DAG property.
    std::vector<std::pair<double, int>> order;
    for (int p = 0; p < int(productCount); ++p)
        order.push_back({double(int(m.products[size_t(p)].tier)) + rng.uniform(), p});
    std::sort(order.begin(), order.end());

    m.datasets.reserve(size_t(n));
    m.edges.reserve(size_t(n * 17 / 10));
    domainPools.resize(m.domains.size());
    for (const auto &entry : order)
        makeProduct(entry.second);
    for (const GenDataset &d : m.datasets)
        m.outputDatasets += d.output ? 1 : 0;
    spreadOverTime(m, rng);
}

void Builder::makeDomainsAndProducts(qint64 productCount, qint64 domainCount)
{
    std::vector<double> weights;
    for (qint64 i = 0; i < domainCount; ++i) {
        GenDomain d;
        d.word = int(i % domainWordCount());
        d.variant = int(i / domainWordCount());
        const double r = rng.uniform();
        d.platform = r < 0.45 ? Platform::Snowflake
            : r < 0.75        ? Platform::BigQuery
                              : Platform::Postgres;
        m.domains.push_back(d);
        weights.push_back(1.0 / std::pow(double(i + 1), 0.8)); // Zipf: uneven domains
    }
    const std::vector<qint64> perDomain = splitCounts(productCount, domainCount, 1, weights);
    for (qint64 i = 0; i < domainCount; ++i) {
        GenDomain &d = m.domains[size_t(i)];
        const Orientation orient = kOrientations[rng.below(3)];
        d.firstTeam = int(m.teams.size());
        d.teamCount
            = int(std::clamp<qint64>(std::llround(double(perDomain[size_t(i)]) / 4.0), 1, 10));
        for (std::string &t : domainTeams(d, d.teamCount))
            m.teams.push_back(std::move(t));
        std::unordered_set<std::string> used;
        for (qint64 j = 0; j < perDomain[size_t(i)]; ++j) {
            GenProduct p;
            p.domain = int(i);
            p.name = pickProductName(rng, d, used);
            const double r = rng.uniform();
            p.tier = r < orient.source                 ? Tier::SourceAligned
                : r < orient.source + orient.aggregate ? Tier::Aggregate
                                                       : Tier::ConsumerAligned;
            p.platform = rng.chance(0.8) ? d.platform : Platform(rng.below(3));
            p.team = d.firstTeam + int(rng.below(d.teamCount));
            p.hasContract = rng.chance(0.7);
            m.products.push_back(std::move(p));
        }
    }
    m.products.front().tier = Tier::SourceAligned; // someone has to produce the raw data
}

void Builder::makeProduct(int p)
{
    GenProduct &product = m.products[size_t(p)];
    const qint32 size = product.datasetCount;
    product.firstDataset = qint32(m.datasets.size());
    int stageCount = 1;
    static constexpr int kStageChoices[] = {3, 3, 4, 4, 5};
    if (size >= 4)
        stageCount = std::min<int>(size, kStageChoices[rng.below(5)]);
    else if (size >= 2)
        stageCount = rng.chance(0.5) ? int(size) : 2;
    std::vector<double> stageWeights;
    for (int s = 0; s < stageCount; ++s) {
        const double base = s == 0 ? 1.3 : s == stageCount - 1 ? 1.1 : 1.0;
        stageWeights.push_back(base * rng.uniform(0.6, 1.4));
    }
    const std::vector<qint64> perStage = splitCounts(size, stageCount, 1, stageWeights);

    // What the product is about: its own noun first ("orders" -> order), then related ones.
    const GenDomain &domain = m.domains[size_t(product.domain)];
    const int main = productEntity(product.name);
    const int entities[4] = {main >= 0 ? main : themedEntity(rng, domain),
        themedEntity(rng, domain), themedEntity(rng, domain), themedEntity(rng, domain)};
    std::unordered_set<std::string> usedNames;
    std::vector<std::vector<qint32>> stages(static_cast<size_t>(stageCount));
    for (int s = 0; s < stageCount; ++s) {
        const Stage stage = stageAt(product.tier, s, stageCount);
        for (qint64 k = 0; k < perStage[size_t(s)]; ++k) {
            GenDataset d;
            d.product = p;
            d.stage = stage;
            d.output = stage == Stage::Published;
            const double e = rng.uniform();
            d.entity = std::uint8_t(entities[e < 0.4 ? 0 : e < 0.6 ? 1 : e < 0.8 ? 2 : 3]);
            const double r = rng.uniform();
            if (stage == Stage::Raw)
                d.kind = r < 0.31 ? DatasetKind::Topic
                    : r < 0.62    ? DatasetKind::File
                                  : DatasetKind::Table;
            else if (stage == Stage::Published)
                d.kind = r < 0.60 ? DatasetKind::Table
                    : r < 0.85    ? DatasetKind::View
                                  : DatasetKind::Topic;
            else
                d.kind = r < 0.85 ? DatasetKind::Table : DatasetKind::View;
            if (d.kind == DatasetKind::Topic)
                d.engine = stage == Stage::Raw ? Engine::Airflow : Engine::Flink;
            else if (stage == Stage::Raw)
                d.engine = Engine::Airflow;
            else
                d.engine
                    = d.kind == DatasetKind::View || rng.chance(0.6) ? Engine::Dbt : Engine::Spark;
            const double c = rng.uniform();
            d.cadence = d.kind == DatasetKind::Topic ? Cadence::Streaming
                : c < 0.2                            ? Cadence::Hourly
                : c < 0.9                            ? Cadence::Daily
                                                     : Cadence::Weekly;
            d.local = pickDatasetName(rng, stage, d.kind, d.entity, usedNames);
            stages[size_t(s)].push_back(qint32(m.datasets.size()));
            m.datasets.push_back(std::move(d));
        }
    }
    chooseInputs(p, stages);
    for (qint32 i : stages.back()) {
        const double popularity = std::min(kMaxPopularity, rng.pareto(kPopularityAlpha));
        domainPools[size_t(product.domain)].add(i, popularity);
        globalPool.add(i, popularity);
    }
}

void Builder::chooseInputs(int p, const std::vector<std::vector<qint32>> &stages)
{
    GenProduct &product = m.products[size_t(p)];
    const int domain = product.domain;
    std::vector<double> intraWeight(static_cast<size_t>(product.datasetCount));
    for (double &w : intraWeight)
        w = rng.pareto(2.0);
    auto weightOf = [&](qint32 i) { return intraWeight[size_t(i - product.firstDataset)]; };
    std::vector<qint32> earlier;
    for (size_t s = 0; s < stages.size(); ++s) {
        const bool entry = s == 0;
        for (qint32 i : stages[s]) {
            GenDataset &d = m.datasets[size_t(i)];
            d.firstEdge = qint32(m.edges.size());
            if (d.stage == Stage::Raw)
                continue; // a lineage root: the operational systems write it
            const int want = entry && rng.chance(kEntrySingleInput)
                ? 1
                : std::min(kMaxFanIn, int(rng.pareto(kFanInAlpha)));
            for (int tries = 0; d.inputCount < want && tries < 4 * want + 4; ++tries) {
                EdgeClass cls;
                if (entry) {
                    cls = rng.chance(kEntryCrossDomain) ? EdgeClass::CrossDomain
                                                        : EdgeClass::CrossProduct;
                } else {
                    const double r = rng.uniform();
                    cls = r < kCrossDomain                 ? EdgeClass::CrossDomain
                        : r < kCrossDomain + kCrossProduct ? EdgeClass::CrossProduct
                                                           : EdgeClass::IntraProduct;
                }
                qint32 u = -1;
                if (cls == EdgeClass::IntraProduct) {
                    const std::vector<qint32> &prev = stages[s - 1];
                    const std::vector<qint32> &cand
                        = rng.chance(0.75) || earlier.size() == prev.size() ? prev : earlier;
                    double total = 0;
                    for (qint32 x : cand)
                        total += weightOf(x);
                    double r = rng.uniform() * total;
                    u = cand.back();
                    for (qint32 x : cand) {
                        if ((r -= weightOf(x)) <= 0) {
                            u = x;
                            break;
                        }
                    }
                } else if (cls == EdgeClass::CrossProduct) {
                    if (!domainPools[size_t(domain)].empty())
                        u = domainPools[size_t(domain)].sample(rng);
                    else if (!globalPool.empty())
                        u = globalPool.sample(rng);
                } else {
                    if (globalPool.size() > domainPools[size_t(domain)].size()) {
                        for (int k = 0; k < 8 && u < 0; ++k) {
                            const qint32 c = globalPool.sample(rng);
                            if (m.products[size_t(m.datasets[size_t(c)].product)].domain != domain)
                                u = c;
                        }
                    }
                    if (u < 0 && !domainPools[size_t(domain)].empty())
                        u = domainPools[size_t(domain)].sample(rng);
                }
                if (u < 0) {
                    if (entry)
                        break; // the first products have nothing to read: a root
                    continue;
                }
                const auto begin = m.edges.begin() + d.firstEdge;
                if (std::any_of(
                        begin, m.edges.end(), [&](const GenEdge &e) { return e.from == u; }))
                    continue;
                GenEdge e;
                e.from = u;
                e.to = i;
                const GenProduct &up = m.products[size_t(m.datasets[size_t(u)].product)];
                e.cls = m.datasets[size_t(u)].product == p ? EdgeClass::IntraProduct
                    : up.domain == domain                  ? EdgeClass::CrossProduct
                                                           : EdgeClass::CrossDomain;
                if (e.cls != EdgeClass::IntraProduct)
                    product.hasInputPort = true;
                m.edges.push_back(e);
                ++d.inputCount;
            }
        }
        earlier.insert(earlier.end(), stages[s].begin(), stages[s].end());
    }
}

} // namespace

GeneratedMesh buildGeneratedMesh(const GeneratorOptions &options)
{
    GeneratedMesh mesh;
    mesh.options = options;
    mesh.windowStart = options.reference - qint64(std::max(0, options.historyDays)) * kDayMs;
    Builder(mesh).run();
    return mesh;
}

} // namespace meshlens::gen
