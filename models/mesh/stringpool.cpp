#include "stringpool.h"

namespace meshlens {

StringPool::StringPool()
{
    m_offsets.push_back(0);
    m_offsets.push_back(0);  // id 0: the empty string
}

StringPool::Id StringPool::add(std::string_view text)
{
    const char *before = m_chars.data();
    m_chars.append(text);
    m_offsets.push_back(m_chars.size());
    // The interning index holds views into m_chars: a reallocation invalidates them.
    if (m_chars.data() != before && !m_interned.empty())
        rebuildIndex();
    return static_cast<Id>(m_offsets.size() - 2);
}

StringPool::Id StringPool::intern(std::string_view text)
{
    if (text.empty())
        return 0;
    if (auto it = m_interned.find(text); it != m_interned.end())
        return it->second;
    const Id id = add(text);
    m_interned.emplace(view(id), id);
    return id;
}

QString StringPool::string(Id id) const
{
    const std::string_view v = view(id);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

std::size_t StringPool::memoryBytes() const
{
    return m_chars.capacity() + m_offsets.capacity() * sizeof(std::uint64_t)
        + m_interned.size() * (sizeof(std::string_view) + sizeof(Id) + 2 * sizeof(void *));
}

void StringPool::reserve(std::size_t strings, std::size_t bytes)
{
    m_offsets.reserve(strings + 2);
    if (bytes > m_chars.capacity()) {
        m_chars.reserve(bytes);
        if (!m_interned.empty())
            rebuildIndex();
    }
}

StringPool::Id StringPool::append(const StringPool &other)
{
    const Id shift = static_cast<Id>(count() - 1);
    const char *before = m_chars.data();
    const std::uint64_t charBase = m_chars.size();
    m_chars.append(other.m_chars);
    // other's offsets[1] is 0 (its empty string 0); its string i ends at offsets[i + 1].
    m_offsets.reserve(m_offsets.size() + other.m_offsets.size() - 2);
    for (std::size_t i = 2; i < other.m_offsets.size(); ++i)
        m_offsets.push_back(charBase + other.m_offsets[i]);
    if (m_chars.data() != before && !m_interned.empty())
        rebuildIndex();
    return shift;
}

void StringPool::finish()
{
    m_interned = {};
}

void StringPool::rebuildIndex()
{
    std::unordered_map<std::string_view, Id> fresh;
    fresh.reserve(m_interned.size());
    for (const auto &[text, id] : m_interned)
        fresh.emplace(view(id), id);
    m_interned.swap(fresh);
}

}  // namespace meshlens
