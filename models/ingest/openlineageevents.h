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

#include <QStringList>

#include <unordered_map>
#include <utility>

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
    /// Warnings of the last add() (a facet too large to keep), to be reported at the event.
    QStringList takeWarnings() { return std::exchange(m_warnings, {}); }

    /// Largest JSON kept of one uninterpreted facet; a larger one is stored as a placeholder
    /// that says how large it was, with a warning.
    static constexpr std::size_t kMaxFacetBytes = 64 * 1024;

private:
    struct DatasetRef {
        std::size_t index = 0;  // into the batch's datasets
    };

    static constexpr std::size_t kNoItem = std::size_t(-1);
    /// `list` and `item` name where the dataset is ("inputs", 2), for a problem only.
    bool dataset(simdjson::dom::object ds, Timestamp at, bool output, QString *problem,
                 const char *list, std::size_t item, DatasetRef *out);
    void datasetFacets(simdjson::dom::object facets, std::size_t index, const QString &key, Timestamp at,
                       bool output);
    /// inputFacets / outputFacets of a dataset in a run (`prefix` names which).
    void ioFacets(simdjson::dom::object facets, std::size_t index, const QString &key, Timestamp at,
                  std::string_view prefix);
    void jobFacets(simdjson::dom::object facets, std::size_t jobIdx, Timestamp at, std::string_view prefix);
    void symlinks(simdjson::dom::object facet, std::size_t index, Timestamp at);
    /// Keeps a facet MeshLens does not interpret as compact JSON in `facets` (the newest
    /// observation of a name wins).
    void keepFacet(std::vector<RawFacet> &facets, std::string_view prefix, std::string_view name,
                   simdjson::dom::element value, Timestamp at, const QString &ownerKey);
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
    /// Lineage (and freshness) of the current event's own inputs and outputs alone.
    void finishDeclared(const QString &jobKey, Timestamp at, bool withFreshness);

    IngestBatch *m_batchPtr;
    IngestBatch &batch() { return *m_batchPtr; }
    std::unordered_map<std::string, RunState> m_runs;  // runId -> what its events declared
    StringInterner m_strings;
    KeyIndex m_datasets;  // dataset key (UTF-8) -> index in the batch
    KeyIndex m_jobs;
    std::string m_scratch, m_facetName, m_facetJson, m_transformation;
    std::vector<std::size_t> m_inputs, m_outputs;  ///< the current event's datasets, by index
    simdjson::internal::string_builder<> m_json;
    /// Dataset key (UTF-8) -> the canonical dataset it is another name of (symlinks), for
    /// the whole file: batches after the one that declared it use it too.
    struct Canonical {
        std::string key;
        std::size_t nsLength = 0;  ///< bytes of the namespace after "dataset:"
    };
    std::unordered_map<std::string, Canonical> m_aliasOf;
    QStringList m_warnings;
    qint64 m_events = 0;
};

}  // namespace meshlens
