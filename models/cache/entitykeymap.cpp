#include "entitykeymap.h"

#include <QHashFunctions>

#include <cstring>
#include <utility>

namespace meshlens {

namespace {
// Where an empty key's slot points (a null QString has no characters of its own).
constexpr char16_t kEmptyKey[1] = {0};

const char16_t *charactersOf(QStringView key)
{
    return key.isEmpty() ? kEmptyKey : key.utf16();
}
} // namespace

std::shared_ptr<EntityKeyMap::Data> EntityKeyMap::newData()
{
    auto d = std::make_shared<EntityKeyMap::Data>();
    // The process's seed, as QHash's: keys from a source cannot be made to collide on
    // purpose (linear probing would let them pile up). Never 0: with 0, Qt 6.4 hashes with
    // SipHash instead of its AES hash (27 against 10.5 ns for a 70-character key here).
    d->seed = QHashSeed::globalSeed();
    if (d->seed == 0)
        d->seed = size_t(0x9e3779b97f4a7c15ULL);
    return d;
}

EntityKeyMap::EntityKeyMap() : m_d(newData()) {}

EntityKeyMap::EntityKeyMap(EntityKeyMap &&other) : m_d(std::exchange(other.m_d, newData())) {}

EntityKeyMap &EntityKeyMap::operator=(EntityKeyMap &&other)
{
    if (this != &other)
        m_d = std::exchange(other.m_d, newData());
    return *this;
}

quint32 EntityKeyMap::hashOf(QStringView key) const
{
    return quint32(qHash(key, m_d->seed));
}

std::size_t EntityKeyMap::slotIndex(QStringView key, quint32 hash) const
{
    const Data &d = *m_d;
    const quint32 check = hash;
    const auto size = qint32(key.size());
    const char16_t *chars = charactersOf(key);
    for (std::size_t i = std::size_t(hash) & d.mask;; i = (i + 1) & d.mask) {
        const Slot &slot = d.table[i];
        if (!slot.data)
            return i;
        if (slot.check == check && slot.size == size
            && (slot.data == chars || std::memcmp(slot.data, chars, std::size_t(size) * sizeof(char16_t)) == 0))
            return i;
    }
}

const EntityRef *EntityKeyMap::find(const QString &key) const
{
    if (m_d->count == 0)
        return nullptr;
    const Slot &slot = m_d->table[slotIndex(key, hashOf(key))];
    return slot.data ? &slot.ref : nullptr;
}

EntityRef &EntityKeyMap::findOrAdd(const QString &key, bool *added)
{
    detach();
    if (std::size_t(m_d->count + 1) * 2 > m_d->table.size())
        rehash(std::max<std::size_t>(1024, m_d->table.size() * 2));
    const quint32 hash = hashOf(key);
    Slot &slot = m_d->table[slotIndex(key, hash)];
    if (added)
        *added = !slot.data;
    if (!slot.data) {
        m_d->keys.push_back(key);
        slot.check = hash;
        slot.size = qint32(key.size());
        slot.data = charactersOf(m_d->keys.back());
        slot.ref = {};
        ++m_d->count;
    }
    return slot.ref;
}

void EntityKeyMap::prefetchSlot(const QString &key) const
{
    if (m_d->count != 0)
        __builtin_prefetch(&m_d->table[hashOf(key) & m_d->mask]);
}

void EntityKeyMap::prefetchKeyInSlot(const QString &key) const
{
    if (m_d->count == 0)
        return;
    const Data &d = *m_d;
    const quint32 hash = hashOf(key);
    const auto size = qint32(key.size());
    // The first slot with this hash half and size: almost always the key's own.
    for (std::size_t i = hash & d.mask;; i = (i + 1) & d.mask) {
        const Slot &slot = d.table[i];
        if (!slot.data)
            return;
        if (slot.check == hash && slot.size == size) {
            __builtin_prefetch(slot.data);
            __builtin_prefetch(reinterpret_cast<const char *>(slot.data) + 64);
            return;
        }
    }
}

void EntityKeyMap::reserve(qsizetype count)
{
    std::size_t capacity = 1024;
    while (capacity < std::size_t(count) * 2)
        capacity *= 2;
    detach();
    m_d->keys.reserve(std::size_t(count));
    if (capacity > m_d->table.size())
        rehash(capacity);
}

void EntityKeyMap::clear()
{
    m_d = newData();
}

void EntityKeyMap::detach()
{
    if (m_d.use_count() > 1)
        m_d = std::make_shared<Data>(*m_d);
}

void EntityKeyMap::rehash(std::size_t capacity)
{
    // The slot comes from the 32 bits kept: up to 2^31 slots (a billion keys).
    Q_ASSERT(capacity <= (std::size_t(1) << 31));
    Data &d = *m_d;
    std::vector<Slot> old = std::move(d.table);
    d.table.assign(capacity, Slot {});
    d.mask = capacity - 1;
    for (const Slot &slot : old) {
        if (!slot.data)
            continue;
        std::size_t i = slot.check & d.mask;
        while (d.table[i].data)
            i = (i + 1) & d.mask;
        d.table[i] = slot;
    }
}

} // namespace meshlens
