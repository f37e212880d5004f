#pragma once

// Internal to the DataHub reader: gathers the aspects of each entity as the records go by
// (an entity's aspects may be spread over many records, in any order) and turns them into
// mesh records at the end, when every domain, product and assertion of the file is known.

#include "datahubreader.h"
#include "datahuburn.h"
#include "jsoninput.h"

#include <QHash>
#include <QSet>

namespace meshlens::datahub {

using json::JsonInput;
using json::Where;

/// The entity types the mesh holds; records of other types are skipped unread.
bool isMeshEntityType(std::string_view type);

class Collector {
public:
    Collector(JsonInput &in, IngestBatch &batch, DataHubReadSummary &summary);

    /// One aspect (its value object at `w`) of the entity `urn` (at `urnWhere`) of type
    /// `type`. `seen` is the record's systemMetadata.lastObserved, 0 when absent.
    void aspect(std::string_view type, std::string_view urn, const Where &urnWhere,
        std::string_view name, simdjson::dom::object value, const Where &w, Timestamp seen);
    /// Emits the records into the batch.
    void finish();

private:
    struct DatasetState {
        Dataset d;
        bool described = false; ///< editableDatasetProperties gave the description
        bool removed = false;
        QStringList domains;
        QString product; ///< from a data product's assets
    };
    struct JobState {
        Job j;
        QString flowUrn;
        bool removed = false;
        QStringList domains;
        QStringList inputs, outputs;
        QStringList upstreamJobs; ///< URNs of inputDatajobs
        Timestamp ioSeen = 0;
        int state = 0;            ///< of the walk through upstream jobs: 1 visiting, 2 done
        QStringList reach;        ///< what flows into the job, through jobs without outputs
    };
    struct FlowState {
        QString owner;
        QStringList domains;
    };
    struct ProductState {
        Product p;
        QStringList domains;
    };
    struct AssertionState {
        QString datasetKey;
        QString check;
        QString column;
    };
    struct RunState {
        QString assertionUrn;
        QualityResult q;
    };

    void datasetAspect(std::string_view urn, std::string_view name, simdjson::dom::object v,
        const Where &w, Timestamp seen);
    void jobAspect(std::string_view urn, std::string_view name, simdjson::dom::object v,
        const Where &w, Timestamp seen);
    void flowAspect(std::string_view urn, std::string_view name, simdjson::dom::object v,
        const Where &w);
    /// False, with an error at the URN, when the URN of a dataset, job or flow is malformed.
    bool checkUrn(std::string_view type, std::string_view urn, const Where &urnWhere);
    void domainAspect(std::string_view urn, std::string_view name, simdjson::dom::object v,
        const Where &w, Timestamp seen);
    void productAspect(std::string_view urn, std::string_view name, simdjson::dom::object v,
        const Where &w, Timestamp seen);
    void assertionAspect(std::string_view urn, std::string_view name, simdjson::dom::object v,
        const Where &w, Timestamp seen);

    DatasetState *dataset(std::string_view urn, Timestamp seen);
    JobState *job(std::string_view urn, Timestamp seen);
    Domain &domain(const QString &id);

    // References read from a value: a URN string checked and turned into a key (false, with
    // an error at w, when malformed).
    bool datasetRef(simdjson::dom::element v, const Where &w, QString *key);
    bool fieldRef(simdjson::dom::element v, const Where &w, QString *datasetKey, QString *column);
    /// The URN strings of an array member (`key` of `o`), or of the destinationUrn of its
    /// objects (the "...Edges" form of newer DataHub).
    QStringList datasetRefs(simdjson::dom::object o, std::string_view key, const Where &w);
    QStringList domainList(simdjson::dom::object v, const Where &w);
    QString owner(simdjson::dom::object v, const Where &w);
    void upstreamLineage(const QString &toKey, simdjson::dom::object v, const Where &w, Timestamp seen);
    void fineGrained(simdjson::dom::object v, const Where &w, Timestamp seen);
    void addEdge(const QString &from, const QString &to, const QString &jobKey, Timestamp seen);
    void noteTime(Timestamp t);
    QString productFor(const QString &explicitProduct, const QStringList &domains);
    /// The datasets a job reads: its inputs, and through each upstream job that writes none,
    /// what that job reads (a chain of Glue or NiFi transforms is one flow of data). An
    /// upstream job that writes datasets adds nothing: its dependency may be only an order.
    const QStringList &reachingInputs(JobState &job, int depth);

    JsonInput &m_in;
    IngestBatch &m_batch;
    DataHubReadSummary &m_summary;
    Timestamp m_latest = 0;

    std::vector<DatasetState> m_datasets;
    QHash<QString, int> m_datasetIndex; ///< by URN
    std::vector<JobState> m_jobs;
    QHash<QString, int> m_jobIndex;
    QHash<QString, FlowState> m_flows;
    QHash<QString, int> m_domainIndex; ///< by domain id, into the batch's domains
    QHash<QString, int> m_productIndex; ///< by product key, into the batch's products
    std::vector<ProductState> m_products;
    QHash<QString, QString> m_assetProduct; ///< dataset/job key -> product key
    QHash<QString, AssertionState> m_assertions;
    std::vector<RunState> m_runs;
    QSet<QString> m_edgeSet;
    QSet<QString> m_columnEdgeSet;
    QSet<QString> m_checkedUrns; ///< entity URNs already known to be well formed
};

} // namespace meshlens::datahub
