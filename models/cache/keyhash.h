#pragma once

// The hash of an entity key that the cache indexes (entity.key_hash, schema 5). Stable: it is
// stored, so it never changes across versions or platforms. Internal to models/cache.

#include <QString>
#include <QStringEncoder>

#include <cstdint>
#include <string>
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
/// `encoder` and `utf8` are the caller's, reused from key to key when it hashes many.
inline qint64 hash(const QString &key, QStringEncoder &encoder, std::string &utf8)
{
    utf8.resize(std::size_t(encoder.requiredSpace(key.size())));
    const char *end = encoder.appendToBuffer(utf8.data(), key);
    return hash(std::string_view(utf8.data(), std::size_t(end - utf8.data())));
}

inline qint64 hash(const QString &key)
{
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    std::string utf8;
    return hash(key, encoder, utf8);
}

} // namespace meshlens::cachekey
