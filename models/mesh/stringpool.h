#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace meshlens {

/// Contiguous storage of UTF-8 strings addressed by a dense 32-bit id. `add` appends,
/// `intern` deduplicates (for values repeated across many nodes: owners, namespaces, kinds).
/// Id 0 is always the empty string.
class StringPool
{
public:
    using Id = std::uint32_t;

    StringPool();

    Id add(std::string_view text);
    Id intern(std::string_view text);

    std::string_view view(Id id) const
    {
        return std::string_view(m_chars.data() + m_offsets[id], m_offsets[id + 1] - m_offsets[id]);
    }
    QString string(Id id) const;

    std::size_t count() const { return m_offsets.size() - 1; }
    std::size_t memoryBytes() const;
    void reserve(std::size_t strings, std::size_t bytes);
    /// Appends every string of `other` (added, not interned) and returns the shift to add to
    /// an id of `other` other than 0 to get its id here. Used to merge a pool filled on
    /// another thread.
    Id append(const StringPool &other);
    /// Drops the deduplication index once loading is done (it is not needed for lookups).
    void finish();

private:
    std::string m_chars;
    std::vector<std::uint64_t> m_offsets;  // m_offsets[i]..m_offsets[i+1] is string i
    std::unordered_map<std::string_view, Id> m_interned;  // views into m_chars: rebuilt on growth
    void rebuildIndex();
};

}  // namespace meshlens
