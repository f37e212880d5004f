#include "marquezfeed.h"
#include "printabletext.h"

using namespace Qt::StringLiterals;

namespace meshlens {

MarquezEventFeed::MarquezEventFeed(const QString &server, const BatchSink &sink, qint64 eventsPerBatch)
    : m_server(server), m_sink(sink), m_eventsPerBatch(std::max<qint64>(eventsPerBatch, 1))
{
    startBatch();
}

void MarquezEventFeed::startBatch()
{
    m_batch = IngestBatch();
    m_batch.source.source = u"marquez"_s;
    m_batch.source.file = m_server;
    if (m_events)
        m_events->setBatch(m_batch);
    else
        m_events = std::make_unique<OpenLineageEvents>(m_batch);
}

void MarquezEventFeed::emitBatch()
{
    m_anyBatch = true;
    if (!m_sink(std::move(m_batch)))
        m_stopped = true;
    startBatch();
}

bool MarquezEventFeed::add(simdjson::dom::element event, QString *problem)
{
    if (!m_events->add(event, problem))
        return false;
    ++m_total;
    if (m_events->events() >= m_eventsPerBatch)
        emitBatch();
    return true;
}

void MarquezEventFeed::report(const Diagnostic &diagnostic)
{
    if (diagnostic.severity == Diagnostic::Severity::Error)
        ++m_errors;
    m_batch.diagnostics << printableDiagnostic(diagnostic);
}

void MarquezEventFeed::finish()
{
    if (m_events->events() > 0 || !m_batch.diagnostics.isEmpty() || !m_anyBatch)
        emitBatch();
}

}  // namespace meshlens
