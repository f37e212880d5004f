#pragma once

// Internal to the Marquez pull: hands OpenLineage events, page after page, to the
// OpenLineage reader's event code and cuts batches of bounded size. Not a public header:
// it pulls in simdjson.

#include "openlineageevents.h"
#include "openlineagereader.h"

#include <memory>

namespace meshlens {

/// One stream of events from one server. Run state (a START on one page, its COMPLETE on
/// the next) lives across pages and batches, as it does across the chunks of a file.
class MarquezEventFeed
{
public:
    MarquezEventFeed(const QString &server, const BatchSink &sink, qint64 eventsPerBatch);

    /// Adds one event; false (and *problem says what was expected where) when the event
    /// was refused. A full batch goes to the sink.
    bool add(simdjson::dom::element event, QString *problem);
    /// Adds a diagnostic to the batch being filled (an error keeps it from being written).
    void report(const Diagnostic &diagnostic);
    /// Sends the last batch: always one at least, so that a failure reaches the sink.
    void finish();

    qint64 events() const { return m_total; }
    int errors() const { return m_errors; }
    bool stopped() const { return m_stopped; }

private:
    void startBatch();
    void emitBatch();

    QString m_server;
    const BatchSink &m_sink;
    qint64 m_eventsPerBatch;
    IngestBatch m_batch;
    std::unique_ptr<OpenLineageEvents> m_events;
    qint64 m_total = 0;
    int m_errors = 0;
    bool m_stopped = false;
    bool m_anyBatch = false;
};

}  // namespace meshlens
