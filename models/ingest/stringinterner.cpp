#include "stringinterner.h"

#include "keyindex.h"

#include <algorithm>
#include <cstring>

namespace meshlens {

StringInterner::StringInterner()
    : m_slots(256, 0)
{
}

const QString &StringInterner::intern(std::string_view utf8)
{
    const quint64 h = hashKeyBytes(utf8);
    const quint64 tag = h & 0xFFFFFFFF00000000ull;
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
        const quint64 slot = m_slots[i];
        if (!slot) {
            if ((size_t(m_count) + 1) * 2 > m_slots.size()) {
                grow();
                return intern(utf8);
            }
            if (m_count % kEntriesPerChunk == 0)
                m_entries.push_back(std::make_unique<Entry[]>(kEntriesPerChunk));
            Entry &e = entry(m_count);
            e.key = store(utf8);
            e.value = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
            m_slots[i] = tag | (quint64(m_count) + 1);
            ++m_count;
            return e.value;
        }
        if ((slot & 0xFFFFFFFF00000000ull) == tag) {
            Entry &e = entry(quint32(slot) - 1);
            if (e.key == utf8)
                return e.value;
        }
    }
}

void StringInterner::grow()
{
    std::vector<quint64> old(m_slots.size() * 2, 0);
    old.swap(m_slots);
    const size_t mask = m_slots.size() - 1;
    for (const quint64 slot : old) {
        if (!slot)
            continue;
        size_t i = size_t(hashKeyBytes(entry(quint32(slot) - 1).key)) & mask;
        while (m_slots[i])
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

std::string_view StringInterner::store(std::string_view s)
{
    // Keys must outlive the DOM and the scratch buffers they were built in; a chunked arena
    // keeps them stable without one heap block per string.
    if (m_bytes.empty() || m_bytesUsed + s.size() > m_bytesSize) {
        m_bytesSize = std::max<size_t>(1 << 20, s.size());
        m_bytes.push_back(std::make_unique<char[]>(m_bytesSize));
        m_bytesUsed = 0;
    }
    char *dst = m_bytes.back().get() + m_bytesUsed;
    if (!s.empty())
        std::memcpy(dst, s.data(), s.size());
    m_bytesUsed += s.size();
    return {dst, s.size()};
}

} // namespace meshlens
