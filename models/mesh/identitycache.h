#pragma once

// IdentityCache: a map from the batch's strings, by the address of their characters.

#include <QString>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace meshlens {

/// Lookups by a string's identity rather than its text. The readers share one QString among
/// every occurrence of a key or a repeated value (a dataset's key and each edge, quality row
/// and port that refers to it: StringInterner, native index references), so the address of
/// its characters and its length identify the text: no hashing of 60 characters, no
/// comparing them. A miss falls back to the text. Only for strings that stay alive as long as
/// the cache is used (the batch's, during a write or a resolve): an address is then never
/// reused meanwhile.
template<typename Value> class IdentityCache {
public:
    const Value *find(const QString &s) const
    {
        if (m_slots.empty())
            return nullptr;
        for (std::size_t i = slotOf(s.constData());; i = (i + 1) & m_mask) {
            const Slot &slot = m_slots[i];
            if (!slot.data)
                return nullptr;
            if (slot.data == s.constData() && slot.size == s.size())
                return &slot.value;
        }
    }
    void insert(const QString &s, const Value &value)
    {
        if ((m_count + 1) * 2 > m_slots.size())
            grow();
        for (std::size_t i = slotOf(s.constData());; i = (i + 1) & m_mask) {
            Slot &slot = m_slots[i];
            if (!slot.data) {
                slot = {s.constData(), s.size(), value};
                ++m_count;
                return;
            }
            if (slot.data == s.constData() && slot.size == s.size()) {
                slot.value = value;
                return;
            }
        }
    }

    /// Room for `count` strings without growing.
    void reserve(std::size_t count)
    {
        std::size_t capacity = 1024;
        while (capacity < count * 2)
            capacity *= 2;
        if (capacity > m_slots.size())
            rehash(capacity);
    }

    void clear()
    {
        m_slots.clear();
        m_mask = m_count = 0;
    }

private:
    struct Slot {
        const QChar *data = nullptr;
        qsizetype size = 0;
        Value value {};
    };
    std::size_t slotOf(const QChar *data) const
    {
        quint64 x = quint64(reinterpret_cast<quintptr>(data));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return std::size_t(x) & m_mask;
    }
    void grow() { rehash(std::max<std::size_t>(1024, m_slots.size() * 2)); }
    void rehash(std::size_t capacity)
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(capacity, Slot());
        m_mask = m_slots.size() - 1;
        m_count = 0;
        for (const Slot &slot : old) {
            if (!slot.data)
                continue;
            std::size_t i = slotOf(slot.data);
            while (m_slots[i].data)
                i = (i + 1) & m_mask;
            m_slots[i] = slot;
            ++m_count;
        }
    }
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0, m_count = 0;
};

} // namespace meshlens
