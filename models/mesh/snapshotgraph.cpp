#include "snapshotgraph.h"

#include <algorithm>
#include <array>
#include <thread>
#include <cassert>
#include <cstring>

namespace meshlens {
namespace {

std::uint64_t hashKey(std::string_view s)
{
    // Eight bytes at a time, each word folded in with a multiply, then a final mix so the
    // low bits (the slot) depend on every byte: keys differ in their tails. Byte-wise FNV-1a
    // was a chain of ~60 dependent multiplies per key, most of buildKeyIndex() at 2M nodes.
    const char *p = s.data();
    std::size_t n = s.size();
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    if (n) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

// Groups `count` items by a small integer category into offsets + members (counting sort,
// stable so members keep load order).
template<typename CategoryOf>
void groupBy(std::size_t count, std::size_t categories, CategoryOf categoryOf,
             std::vector<std::uint32_t> &offsets, std::vector<NodeId> &members)
{
    offsets.assign(categories + 1, 0);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t c = categoryOf(i);
        if (c < categories)
            ++offsets[c + 1];
    }
    for (std::size_t c = 0; c < categories; ++c)
        offsets[c + 1] += offsets[c];
    members.assign(offsets[categories], 0);
    std::vector<std::uint32_t> cursor(offsets.begin(), offsets.end() - 1);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t c = categoryOf(i);
        if (c < categories)
            members[cursor[c]++] = static_cast<NodeId>(i);
    }
}

// Builds one level graph from (local source, local target) pairs: parallel pairs are merged
// into one edge whose weight counts them.
// Below this many dataset edges a thread costs more than the level's build.
constexpr std::size_t kParallelLevelPairs = 100000;

void buildLevelGraph(LevelGraph &level, std::vector<std::uint64_t> &pairs)
{
    std::sort(pairs.begin(), pairs.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    edges.reserve(pairs.size());
    level.weight.clear();
    for (std::size_t i = 0; i < pairs.size();) {
        std::size_t j = i;
        while (j < pairs.size() && pairs[j] == pairs[i])
            ++j;
        edges.emplace_back(static_cast<std::uint32_t>(pairs[i] >> 32),
                           static_cast<std::uint32_t>(pairs[i] & 0xFFFFFFFFu));
        level.weight.push_back(static_cast<std::uint32_t>(j - i));
        i = j;
    }
    pairs = {};
    level.graph = LevelGraph::Csr(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                                  level.vertexCount());
    // The CSR's counting sort is stable, so with input sorted by source the edge index of
    // each edge equals its position in `edges`, which is what `weight` is indexed by.
    assert(num_edges(level.graph) == edges.size());
}

}  // namespace

std::pair<std::uint32_t, std::uint32_t> LevelGraph::edgeEnds(std::uint32_t e) const
{
    const auto &rows = graph.m_forward.m_rowstart;
    const auto row = std::upper_bound(rows.begin(), rows.end(), e) - rows.begin() - 1;
    return {std::uint32_t(row), graph.m_forward.m_column[e]};
}

QString levelName(Level level)
{
    switch (level) {
    case Level::Dataset: return QStringLiteral("dataset");
    case Level::Product: return QStringLiteral("product");
    case Level::Domain: return QStringLiteral("domain");
    }
    return {};
}

bool parseLevel(QStringView text, Level *out)
{
    if (text == u"dataset")
        *out = Level::Dataset;
    else if (text == u"product")
        *out = Level::Product;
    else if (text == u"domain")
        *out = Level::Domain;
    else
        return false;
    return true;
}

EntityKind levelEntityKind(Level level)
{
    switch (level) {
    case Level::Dataset: return EntityKind::Dataset;
    case Level::Product: return EntityKind::Product;
    case Level::Domain: return EntityKind::Domain;
    }
    return EntityKind::Dataset;
}

std::shared_ptr<const SnapshotGraph> SnapshotGraph::build(SnapshotData &&data)
{
    std::shared_ptr<SnapshotGraph> g(new SnapshotGraph);
    g->m_asOf = data.asOf;
    g->m_cachePath = data.cachePath;
    g->m_strings = std::move(data.strings);
    g->m_strings.finish();
    g->m_nodes = std::move(data.nodes);
    // The loader reserves by the largest cache id, a little above the count: giving back
    // that slack would copy every node (100 MB at 2M nodes) to save 1%.
    if (g->m_nodes.capacity() - g->m_nodes.size() > g->m_nodes.size() / 8)
        g->m_nodes.shrink_to_fit();
    // Parents must be valid nodes; anything else is treated as "no parent".
    for (SnapshotNode &n : g->m_nodes) {
        if (n.parent != kNoNode && n.parent >= g->m_nodes.size())
            n.parent = kNoNode;
    }
    g->buildIndexes();
    const std::size_t n = g->m_nodes.size();
    auto &pd = data.portDatasets;
    std::erase_if(pd, [n](const auto &p) { return p.first >= n || p.second >= n; });
    std::stable_sort(pd.begin(), pd.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    groupBy(pd.size(), n, [&pd](std::size_t i) { return pd[i].first; }, g->m_portOffsets,
            g->m_portDatasets);
    for (std::size_t i = 0; i < pd.size(); ++i)
        g->m_portDatasets[i] = pd[i].second;
    pd = {};
    g->buildKeyIndex(std::move(data.keyIndex));
    g->buildLevels(std::move(data.edges));
    return g;
}

void SnapshotGraph::buildIndexes()
{
    const std::size_t n = m_nodes.size();
    groupBy(n, kEntityKindCount, [this](std::size_t i) { return std::size_t(m_nodes[i].kind); },
            m_kindOffsets, m_byKind);
    groupBy(n, n, [this](std::size_t i) { return std::size_t(m_nodes[i].parent); },
            m_childOffsets, m_children);
}

std::vector<NodeId> SnapshotGraph::makeKeyIndex(
    const StringPool &strings, const std::vector<SnapshotNode> &nodes)
{
    std::uint64_t capacity = 16;
    while (capacity < nodes.size() * 2)
        capacity <<= 1;
    const std::uint64_t mask = capacity - 1;
    std::vector<NodeId> index(capacity, kNoNode);
    // Each insert lands on a random slot of a table far bigger than the cache: the slots of a
    // group of keys are hashed and fetched together, then filled in node order (the same
    // table as one at a time), so the misses overlap instead of queueing.
    constexpr std::size_t kGroup = 16;
    std::uint64_t wanted[kGroup];
    for (std::size_t base = 0; base < nodes.size(); base += kGroup) {
        const std::size_t count = std::min(kGroup, nodes.size() - base);
        for (std::size_t i = 0; i < count; ++i) {
            wanted[i] = hashKey(strings.view(nodes[base + i].key)) & mask;
            __builtin_prefetch(&index[wanted[i]], 1);
        }
        for (std::size_t i = 0; i < count; ++i) {
            std::uint64_t slot = wanted[i];
            while (index[slot] != kNoNode)
                slot = (slot + 1) & mask;
            index[slot] = NodeId(base + i);
        }
    }
    return index;
}

void SnapshotGraph::buildKeyIndex(std::vector<NodeId> &&prebuilt)
{
    // A prebuilt index must be one of these nodes: a table of the size makeKeyIndex() picks.
    std::uint64_t capacity = 16;
    while (capacity < m_nodes.size() * 2)
        capacity <<= 1;
    if (prebuilt.size() == capacity)
        m_keyIndex = std::move(prebuilt);
    else
        m_keyIndex = makeKeyIndex(m_strings, m_nodes);
    m_keyMask = m_keyIndex.size() - 1;
}

void SnapshotGraph::buildLevels(std::vector<SnapshotEdge> &&edges)
{
    const std::size_t n = m_nodes.size();
    for (int l = 0; l < 3; ++l) {
        const auto members = nodesOfKind(levelEntityKind(Level(l)));
        m_levels[l].toGlobal.assign(members.begin(), members.end());
        m_local[l].assign(n, UINT32_MAX);
        for (std::uint32_t i = 0; i < members.size(); ++i)
            m_local[l][members[i]] = i;
    }
    // The levels share nothing but the (read-only) edges: levels first..last each collect the
    // local pairs of their ends' representatives, then sort them into their graph.
    const auto build = [this, n, &edges](int first, int last) {
        std::vector<std::uint64_t> pairs[3];
        if (first == 0)
            pairs[0].reserve(edges.size());
        // The product and domain levels' representative of each node, as local ids, worked
        // out in node order first: the edges' ends are scattered over the nodes, and walking
        // their parent chains one end at a time missed the cache on every step. A dataset is
        // its own representative, so the dataset level reads m_local[0] as it is.
        std::vector<std::array<std::uint32_t, 2>> upper(last >= 1 ? n : 0);
        for (NodeId v = 0; v < upper.size(); ++v) {
            for (int l = std::max(first, 1); l <= last; ++l) {
                const NodeId r = representative(v, Level(l));
                upper[v][l - 1] = r == kNoNode ? UINT32_MAX : m_local[l][r];
            }
        }
        const auto localOf = [&](NodeId v, int l) { return l == 0 ? m_local[0][v] : upper[v][l - 1]; };
        for (const SnapshotEdge &e : edges) {
            if (e.from >= n || e.to >= n)
                continue;
            for (int l = first; l <= last; ++l) {
                const std::uint32_t a = localOf(e.from, l), b = localOf(e.to, l);
                if (a == UINT32_MAX || b == UINT32_MAX || (l > 0 && a == b))
                    continue;
                pairs[l].push_back((std::uint64_t(a) << 32) | b);
            }
        }
        upper = {};
        for (int l = first; l <= last; ++l)
            buildLevelGraph(m_levels[l], pairs[l]);
    };
    // The dataset level, the biggest, is collected, sorted and built on a second core beside
    // the other two (the ancestor walks of the product and domain levels cost about as much).
    if (edges.size() >= kParallelLevelPairs && std::thread::hardware_concurrency() > 1) {
        std::thread datasets([&build] { build(0, 0); });
        build(1, 2);
        datasets.join();
    } else {
        build(0, 2);
    }
    edges = {};
}

std::optional<NodeId> SnapshotGraph::find(std::string_view k) const
{
    if (m_keyIndex.empty())
        return std::nullopt;
    std::uint64_t slot = hashKey(k) & m_keyMask;
    while (m_keyIndex[slot] != kNoNode) {
        if (key(m_keyIndex[slot]) == k)
            return m_keyIndex[slot];
        slot = (slot + 1) & m_keyMask;
    }
    return std::nullopt;
}

std::span<const NodeId> SnapshotGraph::nodesOfKind(EntityKind kind) const
{
    const auto k = std::size_t(kind);
    if (k + 1 >= m_kindOffsets.size())
        return {};
    return {m_byKind.data() + m_kindOffsets[k], m_kindOffsets[k + 1] - m_kindOffsets[k]};
}

std::span<const NodeId> SnapshotGraph::children(NodeId id) const
{
    if (id + 1 >= m_childOffsets.size())
        return {};
    return {m_children.data() + m_childOffsets[id], m_childOffsets[id + 1] - m_childOffsets[id]};
}

std::span<const NodeId> SnapshotGraph::portDatasets(NodeId port) const
{
    if (port + 1 >= m_portOffsets.size())
        return {};
    return {m_portDatasets.data() + m_portOffsets[port],
            m_portOffsets[port + 1] - m_portOffsets[port]};
}

NodeId SnapshotGraph::ancestor(NodeId id, EntityKind kind) const
{
    // Parent chains are at most dataset -> product -> domain; the bound guards bad data.
    for (int hops = 0; id != kNoNode && hops < 4; ++hops) {
        if (m_nodes[id].kind == kind)
            return id;
        id = m_nodes[id].parent;
    }
    return kNoNode;
}

NodeId SnapshotGraph::representative(NodeId id, Level level) const
{
    if (id >= m_nodes.size())
        return kNoNode;
    if (level == Level::Dataset)
        return m_nodes[id].kind == EntityKind::Dataset ? id : kNoNode;
    return ancestor(id, levelEntityKind(level));
}

std::uint32_t SnapshotGraph::toLocal(NodeId id, Level level) const
{
    const auto &local = m_local[static_cast<int>(level)];
    return id < local.size() ? local[id] : UINT32_MAX;
}

std::size_t SnapshotGraph::memoryBytes() const
{
    auto bytes = [](const auto &v) { return v.capacity() * sizeof(v[0]); };
    std::size_t total = m_strings.memoryBytes() + bytes(m_nodes) + bytes(m_kindOffsets)
        + bytes(m_byKind) + bytes(m_childOffsets) + bytes(m_children) + bytes(m_portOffsets)
        + bytes(m_portDatasets) + bytes(m_keyIndex);
    for (int l = 0; l < 3; ++l) {
        const LevelGraph &g = m_levels[l];
        total += bytes(g.toGlobal) + bytes(g.weight) + bytes(m_local[l]);
        total += bytes(g.graph.m_forward.m_rowstart) + bytes(g.graph.m_forward.m_column)
            + bytes(g.graph.m_backward.m_rowstart) + bytes(g.graph.m_backward.m_column)
            + bytes(g.graph.m_backward.m_edge_properties);
    }
    return total;
}

}  // namespace meshlens
