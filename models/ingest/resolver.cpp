#include "resolver.h"

#include "mesh/identitycache.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

/// The keys of one kind the batch has, looked up first by identity (the readers share one
/// QString between a record's key and the references to it: native index references,
/// StringInterner), then by text. The text set is only built at the first reference that
/// is not a shared key: a million-dataset native batch never hashes a key. Lookups by
/// text in a set that size missed the processor's caches three times each (hash of the
/// key's characters, bucket, stored key): with identity it is one slot.
class KeySet {
public:
    template<typename Records> explicit KeySet(const Records &records)
    {
        m_identity.reserve(records.size());
        for (const auto &record : records)
            remember(record.key);
    }

    /// Whether `key` is known to be one of the keys by its identity alone.
    bool containsShared(const QString &key) const { return m_identity.find(key) != nullptr; }
    /// Whether `key` is one of the keys (of the records given, or added since).
    template<typename Records> bool contains(const QString &key, const Records &records)
    {
        if (containsShared(key))
            return true;
        if (!m_textBuilt) {
            m_text.reserve(qsizetype(records.size()));
            for (const auto &record : records)
                m_text.insert(record.key);
            m_textBuilt = true;
        }
        if (!m_text.contains(key))
            return false;
        remember(key);
        return true;
    }
    void add(const QString &key)
    {
        remember(key);
        if (m_textBuilt)
            m_text.insert(key);
    }

private:
    void remember(const QString &key)
    {
        // Only a shared string can come again by identity.
        if (!key.isDetached())
            m_identity.insert(key, true);
    }
    IdentityCache<bool> m_identity;
    QSet<QString> m_text;
    bool m_textBuilt = false;
};

} // namespace

QString datasetKey(const QString &ns, const QString &name)
{
    return u"dataset:"_s + ns + u'/' + name;
}

bool splitDatasetKey(const QString &key, QString *ns, QString *name)
{
    if (!key.startsWith(u"dataset:"))
        return false;
    const QStringView rest = QStringView(key).mid(8);
    // The namespace is "scheme://authority" or a bare word ("bigquery"); the name follows
    // the first '/' after the authority.
    const qsizetype scheme = rest.indexOf(u"://");
    const qsizetype from = scheme >= 0 ? scheme + 3 : 0;
    const qsizetype slash = rest.indexOf(u'/', from);
    if (slash < 0) {
        *ns = QString();
        *name = rest.toString();
    } else {
        *ns = rest.left(slash).toString();
        *name = rest.mid(slash + 1).toString();
    }
    return true;
}

void resolveBatch(IngestBatch &batch)
{
    for (Dataset &d : batch.datasets) {
        if (d.key.isEmpty())
            d.key = datasetKey(d.ns, d.name);
    }
    KeySet datasets(batch.datasets);
    KeySet jobs(batch.jobs);

    const Timestamp at = batch.observedAt;
    auto needDataset = [&](const QString &key, Timestamp seen) {
        if (key.isEmpty() || datasets.containsShared(key) || !key.startsWith(u"dataset:")
            || datasets.contains(key, batch.datasets))
            return;
        Dataset d;
        d.key = key;
        splitDatasetKey(key, &d.ns, &d.name);
        d.observedAt = seen ? seen : at;
        batch.datasets.push_back(std::move(d));
        datasets.add(batch.datasets.back().key);
    };
    for (const LineageEdge &e : batch.edges) {
        needDataset(e.fromKey, e.observedAt);
        needDataset(e.toKey, e.observedAt);
        if (!e.jobKey.isEmpty() && !jobs.contains(e.jobKey, batch.jobs)) {
            Job j;
            j.key = e.jobKey;
            j.name = e.jobKey.startsWith(u"job:") ? e.jobKey.mid(4) : e.jobKey;
            j.observedAt = e.observedAt ? e.observedAt : at;
            batch.jobs.push_back(std::move(j));
            jobs.add(batch.jobs.back().key);
        }
    }
    for (const ColumnLineageEdge &e : batch.columnEdges) {
        needDataset(e.fromDatasetKey, e.observedAt);
        needDataset(e.toDatasetKey, e.observedAt);
    }
    for (const Port &p : batch.ports)
        for (const QString &k : p.datasetKeys)
            needDataset(k, p.observedAt);
    for (const QualityResult &q : batch.quality)
        needDataset(q.entityKey, q.observedAt);
    for (const FreshnessObservation &f : batch.freshness)
        needDataset(f.entityKey, f.observedAt);
    for (const Contract &c : batch.contracts)
        needDataset(c.datasetKey, c.observedAt);
}

}  // namespace meshlens
