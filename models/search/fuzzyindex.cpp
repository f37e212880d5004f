#include "fuzzyindex.h"

#include "itemmodels/healthrollup.h"

#include <algorithm>
#include <future>

namespace meshlens {

/// What one build thread collects besides the per-node arrays.
struct FuzzyIndex::BuildPart {
    std::unordered_map<NodeId, Folded> folded;
    std::unordered_map<std::string_view, std::uint32_t> prefixIds;  // views into node keys
    std::vector<std::string_view> prefixes;
};

std::shared_ptr<const FuzzyIndex> FuzzyIndex::build(SnapshotPtr graph, int threads)
{
    std::shared_ptr<FuzzyIndex> index(new FuzzyIndex(std::move(graph)));
    const SnapshotGraph &g = *index->m_graph;
    const NodeId n = g.nodeCount();
    index->m_mask.resize(n);
    index->m_nameLength.resize(n);
    index->m_keyLength.resize(n);
    index->m_looseName.resize(n);
    index->m_looseKey.resize(n);
    index->m_kindLength.resize(n);
    index->m_flags.resize(n);
    index->m_prefix.resize(n);
    index->m_nameOffset.resize(n);
    index->m_kind.resize(n);
    index->m_poolBase = g.strings().view(0).data();

    threads = std::clamp(threads, 1, 8);
    std::vector<BuildPart> parts(static_cast<std::size_t>(threads));
    const auto range = [&](int t) {
        return std::pair{NodeId(std::uint64_t(n) * t / threads), NodeId(std::uint64_t(n) * (t + 1) / threads)};
    };
    std::vector<std::future<void>> running;
    for (int t = 1; t < threads; ++t) {
        // async, or run by get() below when no thread can be had (libstdc++ tries async first)
        running.push_back(std::async(std::launch::async | std::launch::deferred, [&, t] {
            index->buildRange(range(t).first, range(t).second, parts[t]);
        }));
    }
    index->buildRange(range(0).first, range(0).second, parts[0]);
    // Meanwhile: health and owners on this thread once its range is done.
    const std::vector<HealthState> health = HealthRollup::all(g);
    index->m_health.assign(health.size(), 0);
    std::transform(health.begin(), health.end(), index->m_health.begin(),
                   [](HealthState s) { return std::uint8_t(s); });
    // Owners: the distinct ones, and the nodes of each (the owner filter scans only those).
    std::vector<std::uint32_t> slotOf(g.strings().count() + 1, kNoPrefix);
    for (NodeId id = 0; id < n; ++id) {
        const StringPool::Id owner = g.node(id).owner;
        if (owner != 0 && slotOf[owner] == kNoPrefix) {
            slotOf[owner] = 0;
            index->m_owners.push_back(owner);
        }
    }
    std::sort(index->m_owners.begin(), index->m_owners.end());
    index->m_ownerStart.assign(index->m_owners.size() + 1, 0);
    for (std::size_t slot = 0; slot < index->m_owners.size(); ++slot)
        slotOf[index->m_owners[slot]] = std::uint32_t(slot);
    for (NodeId id = 0; id < n; ++id) {
        if (const StringPool::Id owner = g.node(id).owner; owner != 0)
            ++index->m_ownerStart[slotOf[owner] + 1];
    }
    for (std::size_t slot = 0; slot < index->m_owners.size(); ++slot)
        index->m_ownerStart[slot + 1] += index->m_ownerStart[slot];
    index->m_ownerNodes.resize(index->m_ownerStart.back());
    std::vector<std::uint32_t> fill(index->m_ownerStart.begin(), index->m_ownerStart.end() - 1);
    for (NodeId id = 0; id < n; ++id) {
        if (const StringPool::Id owner = g.node(id).owner; owner != 0)
            index->m_ownerNodes[fill[slotOf[owner]]++] = id;
    }
    for (auto &part : running)
        part.get();

    // One table of key prefixes: each thread's own numbers to shared ones.
    std::unordered_map<std::string_view, std::uint32_t> shared;
    for (int t = 0; t < threads; ++t) {
        BuildPart &part = parts[std::size_t(t)];
        std::vector<std::uint32_t> remap(part.prefixes.size());
        for (std::size_t i = 0; i < part.prefixes.size(); ++i) {
            const auto [it, added] = shared.emplace(part.prefixes[i], std::uint32_t(index->m_prefixes.size()));
            if (added)
                index->m_prefixes.emplace_back(part.prefixes[i]);
            remap[i] = it->second;
        }
        for (NodeId id = range(t).first; id < range(t).second; ++id) {
            if (index->m_prefix[id] != kNoPrefix)
                index->m_prefix[id] = remap[index->m_prefix[id]];
        }
    }
    for (BuildPart &part : parts)
        index->m_folded.merge(part.folded);  // moves nodes: the views above stay valid
    return index;
}

void FuzzyIndex::buildRange(NodeId begin, NodeId end, BuildPart &part)
{
    const SnapshotGraph &g = *m_graph;
    std::string_view lastPrefix;
    std::uint32_t lastId = kNoPrefix;
    for (NodeId id = begin; id < end; ++id) {
        std::string_view name = g.name(id), key = g.key(id);
        std::uint8_t flags = name.empty() ? kNoName : 0;
        if (!search::isAscii(name) || !search::isAscii(key)) {
            flags |= kFolded;
            Folded &f = part.folded[id];
            f.name = search::foldNonAscii(name);
            f.key = search::foldNonAscii(key);
            name = f.name;
            key = f.key;
        }
        const std::uint64_t offset = std::uint64_t(g.name(id).data() - m_poolBase);
        if (offset > 0xFFFFFFFFu)
            flags |= kFar;
        m_nameOffset[id] = std::uint32_t(offset);
        m_kind[id] = std::uint8_t(g.node(id).kind);
        m_flags[id] = flags;
        m_nameLength[id] = std::uint16_t(std::min<std::size_t>(name.empty() ? key.size() : name.size(), 0xFFFF));
        m_keyLength[id] = std::uint16_t(std::min(key.size(), search::FuzzyMatcher::kMaxText));
        m_looseName[id] = std::uint16_t(std::min<std::size_t>(search::looseLength(name), 0xFFFF));
        m_looseKey[id] = std::uint16_t(std::min<std::size_t>(search::looseLength(keyBody(key)), 0xFFFF));
        m_kindLength[id] = std::uint8_t(key.size() - keyBody(key).size());
        // Most keys are a shared prefix and the name ("dataset:" namespace "/" name).
        std::uint32_t prefix = kNoPrefix;
        if (!name.empty() && key.size() > name.size() && key.size() <= search::FuzzyMatcher::kMaxText
            && key.ends_with(name)) {
            const std::string_view head = key.substr(0, key.size() - name.size());
            if (head != lastPrefix || lastId == kNoPrefix) {
                const auto [it, added] = part.prefixIds.emplace(head, std::uint32_t(part.prefixes.size()));
                if (added)
                    part.prefixes.push_back(head);
                lastPrefix = head;
                lastId = it->second;
            }
            prefix = lastId;
        }
        m_prefix[id] = prefix;
        // With a prefix, the key's characters are the prefix's and the name's: keep the
        // name's alone, so a query can test what the prefix leaves against the name.
        m_mask[id] = search::charMask(name) | (prefix == kNoPrefix ? search::charMask(key) : 0);
    }
}

std::string_view FuzzyIndex::nameText(NodeId id) const
{
    return (m_flags[id] & kFolded) ? std::string_view(m_folded.at(id).name) : m_graph->name(id);
}

std::string_view FuzzyIndex::keyBody(std::string_view key)
{
    const auto colon = key.find(':');
    if (colon == std::string_view::npos || colon > 16)
        return key;
    const bool word = std::all_of(key.begin(), key.begin() + std::ptrdiff_t(colon),
                                  [](char c) { return c >= 'a' && c <= 'z'; });
    return word ? key.substr(colon + 1) : key;
}

std::string_view FuzzyIndex::keyText(NodeId id) const
{
    return (m_flags[id] & kFolded) ? std::string_view(m_folded.at(id).key) : m_graph->key(id);
}

std::vector<int> FuzzyIndex::utf16Positions(NodeId id, SearchHit::Field field,
                                            const std::vector<std::uint32_t> &bytes) const
{
    if (!(m_flags[id] & kFolded))
        return std::vector<int>(bytes.begin(), bytes.end());  // ASCII: a byte is a UTF-16 unit
    // Folding maps code point to code point: count code points in the folded text, step
    // as many in the original (one or two UTF-16 units each).
    const std::string_view text = field == SearchHit::Field::Name ? nameText(id) : keyText(id);
    const QString original = field == SearchHit::Field::Name ? m_graph->nameString(id)
                                                             : m_graph->keyString(id);
    std::vector<int> out;
    std::size_t b = 0;
    qsizetype u = 0;
    for (const std::uint32_t target : bytes) {
        for (; b < target && b < text.size(); ++b) {
            if ((text[b] & 0xC0) != 0x80 && u < original.size())
                u += original[u].isHighSurrogate() ? 2 : 1;
        }
        if (u >= original.size())
            break;
        out.push_back(int(u));
        if (original[u].isHighSurrogate())
            out.push_back(int(u + 1));
    }
    return out;
}

std::size_t FuzzyIndex::memoryBytes() const
{
    std::size_t bytes = m_mask.capacity() * sizeof(std::uint64_t)
        + (m_nameLength.capacity() + m_keyLength.capacity() + m_looseName.capacity() + m_looseKey.capacity())
            * sizeof(std::uint16_t) + m_health.capacity() + m_flags.capacity()
        + (m_owners.capacity() + m_ownerStart.capacity() + m_ownerNodes.capacity()) * sizeof(std::uint32_t) + (m_prefix.capacity() + m_nameOffset.capacity()) * sizeof(std::uint32_t) + m_kind.capacity()
        + m_kindLength.capacity();
    for (const std::string &prefix : m_prefixes)
        bytes += sizeof(prefix) + prefix.capacity();
    for (const auto &[id, f] : m_folded)
        bytes += sizeof(id) + sizeof(Folded) + 2 * sizeof(void *) + f.name.capacity() + f.key.capacity();
    return bytes;
}

}  // namespace meshlens
