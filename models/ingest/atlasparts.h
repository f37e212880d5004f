#pragma once

// Internal to the Atlas reader: the walk over envelopes and entities. The file is walked
// twice: once to index every entity's guid (references may point forward, or into
// referredEntities), once to make records.

#include "atlasreader.h"
#include "jsoninput.h"

#include <QHash>
#include <QSet>

namespace meshlens::atlas {

using json::JsonInput;
using json::Where;

/// Namespace and name of an Atlas qualifiedName of a type: "hive_table" +
/// "db.t@cl" -> ("hive://cl", "db.t"). `process` drops a ":<digits>" query time.
void atlasName(const QString &typeName, const QString &qualifiedName, bool process, QString *ns,
    QString *name);
bool isDatasetType(std::string_view typeName);

class Walker {
public:
    Walker(JsonInput &in, IngestBatch &batch, AtlasReadSummary &summary);
    void run();

private:
    struct Ref {
        QString typeName;
        QString qualifiedName;
    };

    void root(simdjson::dom::element v, const Where &w);
    void message(simdjson::dom::object o, const Where &w);
    void entity(simdjson::dom::element v, const Where &w);
    void process(simdjson::dom::object e, simdjson::dom::object attrs, const Ref &self, const Where &w,
        Timestamp seen);
    void columnLineage(simdjson::dom::object e, simdjson::dom::object attrs, const Where &w, Timestamp seen);
    void dataset(simdjson::dom::object e, simdjson::dom::object attrs, const Ref &self, const Where &w,
        Timestamp seen);
    /// The references of a process's "inputs" or "outputs", from attributes or
    /// relationshipAttributes (whichever has them).
    std::vector<Ref> references(simdjson::dom::object e, simdjson::dom::object attrs,
        std::string_view key, const Where &w);
    bool resolve(simdjson::dom::element v, const Where &w, Ref *out);
    QString datasetKeyOf(const Ref &r) const;

    JsonInput &m_in;
    IngestBatch &m_batch;
    AtlasReadSummary &m_summary;
    bool m_indexing = true;
    QHash<QString, Ref> m_byGuid;
    QHash<QString, int> m_datasets; ///< key -> index in the batch
    QSet<QString> m_jobs;
    QSet<QString> m_edges;
    QSet<QString> m_columnEdges;
};

} // namespace meshlens::atlas
