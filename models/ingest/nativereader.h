#pragma once

// The native interchange format: one JSON document {"format":"meshlens-mesh","version":1,...}
// holding a whole mesh or a part of it. Its JSON Schema is
// resources/schemas/meshlens-native.schema.json, which is the reference for every field.

#include "ingestbatch.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <cstddef>
#include <functional>
#include <string_view>

namespace meshlens {

/// The version of the native format this build reads and writes. A file with a newer
/// version is refused with a message naming both versions.
constexpr int kNativeFormatVersion = 1;

/// Limits that turn hostile or broken input into diagnostics rather than huge allocations.
constexpr qint64 kNativeMaxStringBytes = 64 * 1024;
constexpr int kNativeMaxDepth = 64;

/// Reads a native-format file into a batch. Never throws: every problem (unreadable file,
/// bad JSON, wrong types, missing fields, unknown format or version) is a diagnostic with
/// file, line and column. A reference to a key the file does not declare is not a problem
/// here; the resolver decides what it means.
/// A file read in pieces (8 MB and more) polls `cancel` and reports `progress` (bytes of the
/// file read, its size) after each piece of about a megabyte; a cancelled read returns a
/// batch with no records and an error saying so, which is never written.
IngestBatch readNativeFile(const QString &path, const std::atomic_bool *cancel = nullptr,
    const std::function<void(qint64, qint64)> &progress = {});

/// The same for text already in memory (copied once into a padded buffer for simdjson).
/// fileName is used in diagnostics and in the batch's SourceRef.
IngestBatch readNativeBytes(std::string_view json, const QString &fileName);

/// How readNativeBytes() parses the document: whole, or in pieces of about `chunkBytes`
/// (nativechunks.h; a piece simdjson refuses sends the read back to the whole document,
/// which reports the problem). BySize (what files get) uses pieces from 8 MB on. Both
/// give the same batch and the same diagnostics.
struct NativeParse {
    enum Mode { BySize, Whole, Pieces } mode = BySize;
    std::size_t chunkBytes = 1 << 20;
};
IngestBatch readNativeBytes(std::string_view json, const QString &fileName, NativeParse how);

/// True when the first bytes of a file (about 4 KiB are enough) look like the native format:
/// a JSON object with "format": "meshlens-mesh" near its start.
bool looksLikeNative(const QByteArray &head);

} // namespace meshlens
