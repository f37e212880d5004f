#pragma once

#include <QString>

#include <memory>
#include <string_view>
#include <vector>

namespace meshlens {

/// Shares one QString among every occurrence of the same string in references and
/// repeated values (a dataset key referred to by its edges, ports, quality and freshness
/// rows; an owner; a check name): one conversion and one allocation per distinct string
/// instead of one per field. Open addressing over 8-byte slots, entries in fixed chunks:
/// no allocation per entry and little fresh memory, which is what costs at millions of keys.
class StringInterner {
public:
    StringInterner();
    const QString &intern(std::string_view utf8);

private:
    struct Entry {
        std::string_view key; ///< points into m_bytes
        QString value;
    };
    static constexpr size_t kEntriesPerChunk = 4096;
    Entry &entry(quint32 index)
    {
        return m_entries[index / kEntriesPerChunk][index % kEntriesPerChunk];
    }
    std::string_view store(std::string_view s);
    void grow();

    std::vector<quint64> m_slots; ///< hash high bits << 32 | entry index + 1; 0 = free
    quint32 m_count = 0;
    std::vector<std::unique_ptr<Entry[]>> m_entries;
    std::vector<std::unique_ptr<char[]>> m_bytes;
    size_t m_bytesUsed = 0;
    size_t m_bytesSize = 0;
};

} // namespace meshlens
