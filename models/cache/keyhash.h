#pragma once

// The hash of an entity key that the cache indexes (entity.key_hash, schema 5). Stable: it is
// stored, so it never changes across versions or platforms. Internal to models/cache.

#include <QString>
#include <QStringEncoder>

#include <cstdint>
#include <string_view>

namespace meshlens::cachekey {

/// 64-bit FNV-1a over the key's UTF-8 bytes, then a murmur3 finalizer (FNV-1a alone leaves
/// keys that differ only at the end close together in the high bits the index sorts by).
/// Returned as the signed integer SQLite stores.
inline qint64 hash(std::string_view utf8) noexcept
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : utf8) {
        h ^= std::uint8_t(c);
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return qint64(h);
}

/// The key as the writer stores it: encoded by a stateless QStringEncoder, as BulkInsert
/// and Statement do (toUtf8() writes a lone surrogate as '?', the encoder as U+FFFD).
inline qint64 hash(const QString &key)
{
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    const QByteArray utf8 = encoder.encode(key);
    return hash(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

} // namespace meshlens::cachekey
