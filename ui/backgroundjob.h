#pragma once

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>

namespace meshlens {

/// Runs `work` on the global thread pool and hands its result to `done` on `receiver`'s
/// thread through the watcher's queued finished signal. Nothing is delivered once the
/// receiver is gone: the watcher is its child and dies with it, and the QPointer covers a
/// receiver that is being destroyed when the signal arrives. Stale results (a newer job
/// replaced this one) are the caller's to drop, by comparing a job id in `done`.
template<typename Work, typename Done>
void runInBackground(QObject *receiver, Work work, Done done)
{
    using Result = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<Result>(receiver);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, receiver,
        [watcher, guard = QPointer<QObject>(receiver), done = std::move(done)]() mutable {
            watcher->deleteLater();
            if (guard)
                done(watcher->result());
        },
        Qt::QueuedConnection);
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

}  // namespace meshlens
