#include "overlappedread.h"

#include "ingestpipeline.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace meshlens {

void readInputFileOverlapped(const QString &path, const std::function<void(IngestBatch &)> &prepare,
                             const std::function<bool(IngestBatch &&, bool last)> &consume,
                             const std::atomic_bool *cancel,
                             const std::function<void(qint64, qint64)> &progress,
                             const StreamBatching &batching)
{
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<IngestBatch> waiting;  // prepared, not yet taken by the consumer
    // Written, to be emptied by the reader: freeing a batch's records (a few hundred
    // thousand strings and vectors) costs the writer ~10% of its time, and the reader's core
    // has time to spare; its allocations are the reader's own, freed in their own malloc
    // arena. The emptied batch then goes back to the reader for its room (below).
    std::optional<IngestBatch> spent;
    bool finished = false, stop = false, consumed = false;
    std::atomic<qint64> bytesDone {0}, bytesTotal {0};

    std::thread reader([&] {
        readInputFile(
            path,
            [&](IngestBatch &&batch) {
                prepare(batch);
                std::optional<IngestBatch> room;
                std::unique_lock lock(mutex);
                for (;;) {
                    changed.wait(lock, [&] { return !waiting || stop || spent; });
                    if (!spent)
                        break;
                    IngestBatch done = std::move(*spent);
                    spent.reset();
                    lock.unlock();
                    done.clearForReuse();  // its records freed here, outside the lock
                    if (!room)
                        room = std::move(done);
                    lock.lock();
                }
                if (stop)
                    return false;
                waiting = std::move(batch);
                changed.notify_all();
                lock.unlock();
                // A reader that starts its next batch in the one it handed over (the
                // OpenLineage reader) fills vectors whose memory it has touched already:
                // new ones cost ~15k page faults per 100k events.
                if (room)
                    batch = std::move(*room);
                return true;
            },
            cancel,
            [&](qint64 done, qint64 total) {
                bytesDone.store(done, std::memory_order_relaxed);
                bytesTotal.store(total, std::memory_order_relaxed);
            },
            batching);
        std::unique_lock lock(mutex);
        finished = true;
        changed.notify_all();
        // The reader is usually done first: it stays to free what the consumer writes.
        for (;;) {
            changed.wait(lock, [&] { return spent || consumed; });
            if (!spent)
                break;
            IngestBatch done = std::move(*spent);
            spent.reset();
            lock.unlock();
            done = IngestBatch();
            lock.lock();
        }
    });

    for (;;) {
        IngestBatch batch;
        bool last = false;
        {
            std::unique_lock lock(mutex);
            while (!waiting && !finished) {
                // Reading is the slower side: say how far it got while waiting for it.
                if (!changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return waiting || finished; })
                    && progress) {
                    lock.unlock();
                    progress(bytesDone.load(std::memory_order_relaxed),
                             bytesTotal.load(std::memory_order_relaxed));
                    lock.lock();
                }
            }
            if (!waiting)
                break;  // finished, nothing left
            batch = std::move(*waiting);
            waiting.reset();
            // The reader said so, or it is done and nothing else waits.
            last = batch.lastOfInput || finished;
            changed.notify_all();
        }
        const bool more = consume(std::move(batch), last);
        std::lock_guard lock(mutex);
        if (!more) {
            stop = true;
            changed.notify_all();
            break;
        }
        // Unless the reader has not freed the one before yet: then this one goes here.
        if (!spent) {
            spent = std::move(batch);
            changed.notify_all();
        }
    }
    {
        std::lock_guard lock(mutex);
        consumed = true;
        changed.notify_all();
    }
    reader.join();
}

}  // namespace meshlens
