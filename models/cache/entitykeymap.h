#pragma once

// The cache writer's map from an entity's key to its id and kind. Internal to models/cache.

#include "mesh/meshtypes.h"

#include <QString>

#include <memory>
#include <vector>

namespace meshlens {

/// What the writer knows of an entity by its key.
struct EntityRef {
    qint64 id = 0;
    EntityKind kind = EntityKind::Dataset;
};

/// Key -> EntityRef, open addressing over 32-byte slots that hold the low half of the key's
/// hash (which also picks the slot, so growing needs no hashing), the address and length of
/// its characters and the ref: a lookup reads one slot and, when the hashes
/// match, the key's characters (none when they are the same string: the batch's own), where
/// a QHash<QString, EntityRef> read a span, its node and then the characters (~0.15 s of a
/// stream's write time at 100k OpenLineage events, ~1/5 of it). The map keeps a reference
/// to every key it holds, so the addresses stay valid. Copies share the table until one of
/// them changes (as QHash does): the facts writer of a fresh build gets a copy for nothing.
class EntityKeyMap
{
public:
    EntityKeyMap();
    EntityKeyMap(const EntityKeyMap &) = default;
    EntityKeyMap &operator=(const EntityKeyMap &) = default;
    /// A moved-from map is empty, and usable.
    EntityKeyMap(EntityKeyMap &&other);
    EntityKeyMap &operator=(EntityKeyMap &&other);

    const EntityRef *find(const QString &key) const;
    bool contains(const QString &key) const { return find(key) != nullptr; }
    /// The ref of `key`, or a default one (id 0) when it is not here.
    EntityRef value(const QString &key) const
    {
        const EntityRef *ref = find(key);
        return ref ? *ref : EntityRef {};
    }
    /// The ref of `key`, added with id 0 when it was not here (`*added` says which). The
    /// only way to change a ref: a copy of this map sharing its table gets its own first.
    EntityRef &findOrAdd(const QString &key, bool *added);
    void insert(const QString &key, EntityRef ref) { findOrAdd(key, nullptr) = ref; }

    /// Asks the memory for the slot of `key` (whose characters should be near by then), and
    /// for the characters of the key found there: a lookup a few records later reads from
    /// the cache instead of waiting for memory twice.
    void prefetchSlot(const QString &key) const;
    void prefetchKeyInSlot(const QString &key) const;

    qsizetype size() const { return m_d->count; }
    /// Room for `count` keys without growing.
    void reserve(qsizetype count);
    void clear();

private:
    struct Slot {
        quint32 check = 0; // the low half of the hash, whose low bits pick the slot
        qint32 size = 0;
        const char16_t *data = nullptr; // null: a free slot
        EntityRef ref;
    };
    struct Data {
        std::size_t seed = 0;
        std::vector<Slot> table;
        std::vector<QString> keys; // keeps the characters the table point at alive
        std::size_t mask = 0;
        qsizetype count = 0;
    };
    static std::shared_ptr<Data> newData();
    quint32 hashOf(QStringView key) const;
    /// The slot of `key`: the one holding it, or the free one where it would go.
    std::size_t slotIndex(QStringView key, quint32 hash) const;
    void detach();
    void rehash(std::size_t capacity);

    std::shared_ptr<Data> m_d;
};

} // namespace meshlens
