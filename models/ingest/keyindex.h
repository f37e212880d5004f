#pragma once

#include <QHashFunctions>
#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace meshlens {

/// The in-memory hash of a reader's key or string (KeyIndex, StringInterner): Qt's, which
/// uses the CPU's AES instructions, with the process's random seed (Qt falls back to the
/// much slower SipHash when the seed is 0). Keys are long and share long prefixes; a
/// multiply-xorshift over 8-byte words took ~5 % of an OpenLineage read, ~2.5 times this.
inline quint64 hashKeyBytes(std::string_view s)
{
    static const size_t seed = QHashSeed::globalSeed();
    return quint64(qHash(QByteArrayView(s.data(), qsizetype(s.size())), seed));
}

/// UTF-8 key -> 32-bit index, for readers that meet the same key many times (a dataset in
/// every event that reads it). Open addressing over 8-byte slots, key bytes in an arena: a
/// lookup of a known key hashes and compares once and allocates nothing, so a reader can
/// skip building any QString for a record it already has.
class KeyIndex
{
public:
    static constexpr quint32 npos = 0xFFFFFFFFu;

    KeyIndex() : m_slots(1024, 0) {}

    quint32 find(std::string_view key) const
    {
        const quint64 h = hashKeyBytes(key);
        const size_t mask = m_slots.size() - 1;
        for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
            const quint64 slot = m_slots[i];
            if (!slot)
                return npos;
            if ((slot >> 32) == (h >> 32) && m_keys[quint32(slot) - 1].first == key)
                return m_keys[quint32(slot) - 1].second;
        }
    }

    /// Adds a key that find() did not find.
    void insert(std::string_view key, quint32 value)
    {
        if ((m_keys.size() + 1) * 2 > m_slots.size())
            grow();
        m_keys.emplace_back(store(key), value);
        place(hashKeyBytes(key), quint32(m_keys.size()));
    }

    /// Empties the index but keeps its memory (a reader clears it for every batch: new
    /// tables each time were faulted in and grown again, batch after batch).
    void clear()
    {
        if (m_slots.empty())
            m_slots.assign(1024, 0); // moved from
        else
            std::fill(m_slots.begin(), m_slots.end(), 0);
        m_keys.clear();
        // The first block of key bytes is reused; any others go.
        if (m_arena.size() > 1)
            m_arena.erase(m_arena.begin() + 1, m_arena.end());
        m_size = m_arena.empty() ? 0 : m_firstSize;
        m_used = 0;
    }

private:
    void place(quint64 h, quint32 entry)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = size_t(h) & mask;
        while (m_slots[i])
            i = (i + 1) & mask;
        m_slots[i] = (h & 0xFFFFFFFF00000000ull) | entry;
    }

    void grow()
    {
        m_slots.assign(m_slots.size() * 2, 0);
        for (quint32 e = 0; e < m_keys.size(); ++e)
            place(hashKeyBytes(m_keys[e].first), e + 1);
    }

    std::string_view store(std::string_view s)
    {
        if (m_arena.empty() || m_used + s.size() > m_size) {
            m_size = std::max<size_t>(1 << 20, s.size());
            m_arena.push_back(std::make_unique<char[]>(m_size));
            if (m_arena.size() == 1)
                m_firstSize = m_size;
            m_used = 0;
        }
        char *dst = m_arena.back().get() + m_used;
        if (!s.empty())
            std::memcpy(dst, s.data(), s.size());
        m_used += s.size();
        return {dst, s.size()};
    }

    std::vector<quint64> m_slots;  // hash high 32 bits | entry + 1; 0 = free
    std::vector<std::pair<std::string_view, quint32>> m_keys;
    std::vector<std::unique_ptr<char[]>> m_arena;
    size_t m_used = 0, m_size = 0;
    size_t m_firstSize = 0; // of m_arena[0], kept by clear()
};

}  // namespace meshlens
