#pragma once

// Internal to the dbt reader: the records of a manifest, and the index from unique_id to
// them that run_results.json and sources.json are read through.

#include "dbtdocument.h"

#include <QHash>

#include <algorithm>

#include <string_view>
#include <unordered_map>
#include <vector>

namespace meshlens::dbt {

/// What a unique_id of the manifest stands for.
struct NodeRef {
    enum class Role : std::uint8_t { Dataset, Ephemeral, Test, Exposure, Other };
    Role role = Role::Other;
    int dataset = -1; ///< index into the batch's datasets (Dataset, Exposure)
    int test = -1;    ///< index into DbtManifest::tests() (Test)
    int contract = -1; ///< index into the batch's contracts (a source with a freshness SLA)
};

/// A test and what it tests: results of the test become quality results of these datasets.
struct DbtTest {
    std::vector<int> datasets;
    QString check;  ///< test_metadata.name ("not_null", "dbt_utils.expression_is_true"), or
                    ///< the test's own name for singular tests and where names would collide
    QString column; ///< kwargs.column_name; empty for table-level tests
};

class DbtManifest {
public:
    DbtManifest(DbtDocument &doc, IngestBatch &batch, DbtReadSummary &summary);

    /// Turns the loaded manifest into batch records. Problems are diagnostics in the batch.
    void read();

    /// The node, source or exposure with this unique_id; null when the manifest has none.
    const NodeRef *find(std::string_view uniqueId) const;
    const std::vector<DbtTest> &tests() const { return m_tests; }
    Timestamp generatedAt() const { return m_doc.generatedAt(); }
    /// Sets the freshness SLA of a source's contract, adding the contract when the manifest
    /// declared none.
    void setFreshnessSla(std::string_view uniqueId, qint64 seconds, Timestamp at);

private:
    struct Node {
        std::string_view uid;
        std::string_view section; ///< "nodes", "sources" or "exposures"
        std::string_view resourceType;
        std::string_view name;
        std::string_view sourceName; ///< sources only
        simdjson::dom::object obj;
        NodeRef ref;
    };
    struct Placement {
        QString domainKey;
        QString productKey;
        QString owner;
        /// Explicit when meta.domain, meta.data_product or a group placed the node; a
        /// default (package and folder) otherwise, which a mapping file's rule overrides.
        meshlens::Placement rank = meshlens::Placement::Explicit;
    };

    void readMetadata();
    void readGroups();
    void indexSection(simdjson::dom::object section, std::string_view name);
    void addDataset(Node &node);
    void addExposure(Node &node);
    void addLineage(Node &node);
    void addTest(Node &node);
    void addSourceContract(Node &node);
    void disambiguateTests();

    /// depends_on.nodes of a node, as node indices (unknown ids left out and counted).
    std::vector<quint32> parents(const Node &node);
    /// The datasets a node reads, looking through ephemeral models.
    void inputsOf(quint32 node, std::vector<int> &out, int depth);
    Placement placement(const Node &node, const Where &w);
    /// A string in meta (node.meta, node.config.meta, and for sources source_meta): user data,
    /// so a non-string is read where it has an obvious reading ({"name": ...}, a list) and
    /// otherwise left alone.
    std::string_view metaString(const Node &node, std::string_view key);
    QString ensureDomain(const QString &name);
    QString ensureProduct(const QString &domainKey, const QString &domain, const QString &name, meshlens::Placement rank,
        const QString &owner);

    DbtDocument &m_doc;
    IngestBatch &m_batch;
    DbtReadSummary &m_summary;
    QString m_namespace;
    QString m_project;
    std::vector<Node> m_nodes;
    std::unordered_map<std::string_view, quint32> m_index;
    std::unordered_map<std::string_view, std::string_view> m_groupOwners; // group name -> owner
    QHash<QString, int> m_datasetByKey;
    QHash<QString, int> m_domains;
    QHash<QString, int> m_products;
    std::vector<DbtTest> m_tests;
    std::vector<std::vector<int>> m_ephemeralInputs; // per node; filled on first use
    std::vector<std::uint8_t> m_ephemeralState;      // 0 new, 1 resolving, 2 resolved
    int m_unknownParents = 0;
    std::string_view m_firstUnknownParent;
};

/// Sorts and removes repeats.
inline void sortedUnique(std::vector<int> &v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

/// The SLA of freshness criteria ({"warn_after": {"count", "period"}, "error_after": ...}) in
/// seconds: error_after, else warn_after; 0 when neither is set. Bad values are diagnostics.
qint64 freshnessSlaSeconds(DbtDocument &doc, simdjson::dom::object criteria, const Where &w);

} // namespace meshlens::dbt
