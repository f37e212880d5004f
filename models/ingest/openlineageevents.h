#pragma once

// Internal to the OpenLineage reader: turns one parsed event into batch records, merging
// the many mentions of the same dataset or job inside a batch into one record each.

#ifndef SIMDJSON_EXCEPTIONS
#define SIMDJSON_EXCEPTIONS 0
#endif
#include <simdjson.h>

#include "ingestbatch.h"
#include "keyindex.h"
#include "stringinterner.h"

#include <unordered_map>

namespace meshlens {

/// Lineage of a run is the union of the inputs and outputs its events declare (a START may
/// list them and the COMPLETE none, as Marquez's own seed data does), so run state outlives
/// a batch: setBatch() switches the batch being filled and keeps the open runs.
class OpenLineageEvents
{
public:
    explicit OpenLineageEvents(IngestBatch &batch);
    void setBatch(IngestBatch &batch);
    qint64 openRuns() const { return qint64(m_runs.size()); }

    /// Adds the records of one event. On a problem returns false and sets *problem to what
    /// was expected where (a JSON path inside the event); the event adds nothing then.
    bool add(simdjson::dom::element event, QString *problem);
    qint64 events() const { return m_events; }

private:
    struct DatasetRef {
        std::size_t index = 0;  // into the batch's datasets
    };

    bool dataset(simdjson::dom::object ds, Timestamp at, bool output,
                 QString *problem, const QString &path, DatasetRef *out);
    void datasetFacets(simdjson::dom::object facets, std::size_t index, const QString &key, Timestamp at,
                       bool output);
    void inputFacets(simdjson::dom::object facets, const QString &key, Timestamp at);
    void columnLineage(simdjson::dom::object facet, const QString &toKey, Timestamp at);
    void quality(simdjson::dom::object facet, const QString &key, Timestamp at);
    /// The batch's record for a dataset or job, made on first mention. A known one costs a
    /// hash lookup and no allocation.
    std::size_t datasetIndex(std::string_view ns, std::string_view name, Timestamp at);
    std::size_t jobIndex(std::string_view ns, std::string_view name, Timestamp at);
    QString owner(simdjson::dom::object facet);
    const QString &str(std::string_view s) { return m_strings.intern(s); }

    struct RunState {
        QString jobKey;
        QStringList inputs, outputs;
    };
    void finishRun(const RunState &run, Timestamp at, bool withFreshness);

    IngestBatch *m_batchPtr;
    IngestBatch &batch() { return *m_batchPtr; }
    std::unordered_map<std::string, RunState> m_runs;  // runId -> what its events declared
    StringInterner m_strings;
    KeyIndex m_datasets;  // dataset key (UTF-8) -> index in the batch
    KeyIndex m_jobs;
    std::string m_scratch;
    qint64 m_events = 0;
};

}  // namespace meshlens
