#pragma once

// Internal to the OpenMetadata reader: one sample-data file walked into a batch.

#include "jsoninput.h"
#include "openmetadatareader.h"

#include <QHash>
#include <QSet>

namespace meshlens::openmetadata {

using json::JsonInput;
using json::Where;

class OmReader {
public:
    OmReader(JsonInput &in, IngestBatch &batch, OpenMetadataReadSummary &summary);

    /// service.json, database.json and database_schema.json next to the file, when there.
    void loadContext(const QString &path);

    void readEntities(OpenMetadataFile kind); // tables.json, topics.json
    void readPipelines();
    void readLineage();
    void readTableTests();

private:
    /// A dataset named by an FQN ("service.rest..."): false, with an error at w, when the
    /// FQN has fewer than two parts.
    bool datasetFromFqn(const QString &fqn, const QString &kind, const Where &w, Dataset *out);
    /// "service.pipeline" -> "job:service/pipeline".
    bool jobKeyFromFqn(const QString &fqn, const Where &w, QString *key);
    bool tableFqn(simdjson::dom::object t, const Where &w, QString *fqn);
    QString owner(simdjson::dom::object o, const Where &w);
    /// The product of an entity from its domain and dataProducts (OpenMetadata 1.x).
    QString placement(simdjson::dom::object o, const Where &w);
    QString referenceName(simdjson::dom::element v, const Where &w);
    QString ensureDomain(const QString &name);
    QString ensureProduct(const QString &domain, const QString &name);
    /// A list of records under `key` of the root object, or the root array itself.
    bool records(std::string_view key, simdjson::dom::array *out, bool *rootArray);
    void testResult(simdjson::dom::object test, const Where &w, const QString &datasetKey,
        const QString &column, std::string_view typeKey);

    JsonInput &m_in;
    IngestBatch &m_batch;
    OpenMetadataReadSummary &m_summary;
    QString m_service, m_database, m_schema;
    QHash<QString, int> m_datasets; ///< key -> index in the batch
    QSet<QString> m_domains;
    QSet<QString> m_products;
    QSet<QString> m_edges;
};

/// An FQN part quoted when it holds a dot, as OpenMetadata writes it.
QString quoteFqnPart(const QString &part);

} // namespace meshlens::openmetadata
