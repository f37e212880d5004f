#pragma once

// Reading and writing one input on two cores: the reader (parse, then the batch's own
// preparation) runs on a thread of its own while the caller writes the batch before.

#include "ingestbatch.h"
#include "ingestpipeline.h"

#include <QString>

#include <atomic>
#include <functional>

namespace meshlens {

/// Reads `path` (as readInputFile() does) on a thread of its own. Each batch goes through
/// `prepare` on that thread (work that needs no cache: mapping, resolving, aliases), then
/// through `consume` on the calling thread, in file order. At most one prepared batch waits
/// for `consume`, and the reading thread empties the batches `consume` is done with, so memory
/// stays bounded by about four batches (one being written, one waiting, one being read, one
/// being emptied). An emptied batch goes back to the reader in place of the one it handed
/// over (IngestBatch::clearForReuse()), for a reader that fills its next batch there. `consume` is told whether the batch is the file's last (when the reader
/// had finished by the time it was taken; the last one may also come with false).
/// `consume` returning false stops the reading. `progress`
/// (bytes read so far, file size) is called on the calling thread.
void readInputFileOverlapped(const QString &path, const std::function<void(IngestBatch &)> &prepare,
                             const std::function<bool(IngestBatch &&, bool last)> &consume,
                             const std::atomic_bool *cancel,
                             const std::function<void(qint64, qint64)> &progress,
                             const StreamBatching &batching = {});

}  // namespace meshlens
