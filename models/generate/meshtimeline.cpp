// Appearance and removal inside the generated window, so that "the mesh as of T" and a diff
// of two snapshots show something. Everything else exists from the window start on.

#include "generatedmesh.h"
#include "prng.h"

#include <algorithm>

namespace meshlens::gen {
namespace {

Timestamp minNonZero(Timestamp a, Timestamp b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::min(a, b);
}

} // namespace

void spreadOverTime(GeneratedMesh &m, Prng &rng)
{
    const int days = m.options.historyDays;
    if (days < 3 || m.datasets.empty())
        return;
    const qint64 productCount = qint64(m.products.size());
    const qint64 datasetCount = qint64(m.datasets.size());
    auto at = [&](qint64 fromDay, qint64 toDay) {
        return m.windowStart + rng.between(fromDay, toDay) * kDayMs + rng.below(24) * 3600000
            + rng.below(60) * 60000;
    };
    auto productOf = [&](qint32 dataset) -> GenProduct & {
        return m.products[size_t(m.datasets[size_t(dataset)].product)];
    };

    std::vector<qint32> outDegree(size_t(datasetCount), 0);
    std::vector<qint32> externalConsumers(size_t(productCount), 0);
    for (const GenEdge &e : m.edges) {
        ++outDegree[size_t(e.from)];
        if (m.datasets[size_t(e.from)].product != m.datasets[size_t(e.to)].product)
            ++externalConsumers[size_t(m.datasets[size_t(e.from)].product)];
    }

    // Whole products come and go only where nobody outside depends on them, as a real
    // decommissioning would require. The most recently built products are the likeliest
    // newcomers, so candidates are taken from the end of the generation order.
    std::vector<int> candidates;
    for (int p = 0; p < int(productCount); ++p) {
        if (externalConsumers[size_t(p)] == 0)
            candidates.push_back(p);
    }
    std::sort(candidates.begin(), candidates.end(), [&](int a, int b) {
        return m.products[size_t(a)].firstDataset > m.products[size_t(b)].firstDataset;
    });
    const qint64 limit = qint64(candidates.size()) / 3;
    qint64 late = std::min<qint64>(std::max<qint64>(2, productCount / 25), limit);
    qint64 removed = std::min<qint64>(std::max<qint64>(2, productCount / 80), limit);
    for (int p : candidates) {
        GenProduct &product = m.products[size_t(p)];
        if (late > 0 && rng.chance(0.5)) {
            product.seen = at(2, days - 2);
            --late;
        } else if (late == 0 && removed > 0 && rng.chance(0.5)) {
            product.removed = at(days / 2, days - 1);
            --removed;
        }
    }
    for (GenDataset &d : m.datasets) {
        const GenProduct &product = m.products[size_t(d.product)];
        d.seen = product.seen;
        d.removed = product.removed;
    }

    // Single datasets: new tables nobody reads yet, and dropped ones nobody read any more.
    std::vector<qint32> sinks;
    for (qint32 i = 0; i < qint32(datasetCount); ++i) {
        const GenDataset &d = m.datasets[size_t(i)];
        const GenProduct &product = productOf(i);
        if (outDegree[size_t(i)] == 0 && d.stage != Stage::Raw && !product.seen && !product.removed)
            sinks.push_back(i);
    }
    const qint64 lateDatasets = std::max<qint64>(2, datasetCount / 150);
    const qint64 removedDatasets = std::max<qint64>(2, datasetCount / 400);
    const qint64 picked
        = std::min<qint64>(lateDatasets + removedDatasets, qint64(sinks.size()) / 2);
    for (qint64 k = 0; k < picked; ++k) {
        std::swap(sinks[size_t(k)], sinks[size_t(k + rng.below(qint64(sinks.size()) - k))]);
        GenDataset &d = m.datasets[size_t(sinks[size_t(k)])];
        if (k < picked * lateDatasets / (lateDatasets + removedDatasets))
            d.seen = at(1, days - 1);
        else
            d.removed = at(days / 3, days - 1);
    }

    // Edges exist while both ends do. A few more change on their own: a job gains an input
    // late in the window, or drops one of several.
    std::vector<bool> lostInput(size_t(datasetCount), false);
    for (GenEdge &e : m.edges) {
        const GenDataset &from = m.datasets[size_t(e.from)];
        const GenDataset &to = m.datasets[size_t(e.to)];
        const Timestamp seen = std::max(m.seenOf(from), m.seenOf(to));
        e.seen = seen > m.windowStart ? seen : 0;
        e.removed = minNonZero(from.removed, to.removed);
        if (e.seen || e.removed)
            continue;
        const double r = rng.uniform();
        if (r < 0.005) {
            e.seen = at(1, days - 1);
        } else if (r < 0.008 && to.inputCount >= 2 && !lostInput[size_t(e.to)]) {
            e.removed = at(1, days - 1);
            lostInput[size_t(e.to)] = true;
        }
    }
}

} // namespace meshlens::gen
