#include "resolver.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace meshlens {

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
    QSet<QString> datasets;
    datasets.reserve(qsizetype(batch.datasets.size()));
    for (Dataset &d : batch.datasets) {
        if (d.key.isEmpty())
            d.key = datasetKey(d.ns, d.name);
        datasets.insert(d.key);
    }
    QSet<QString> jobs;
    for (const Job &j : batch.jobs)
        jobs.insert(j.key);

    const Timestamp at = batch.observedAt;
    auto needDataset = [&](const QString &key, Timestamp seen) {
        if (key.isEmpty() || !key.startsWith(u"dataset:") || datasets.contains(key))
            return;
        Dataset d;
        d.key = key;
        splitDatasetKey(key, &d.ns, &d.name);
        d.observedAt = seen ? seen : at;
        datasets.insert(key);
        batch.datasets.push_back(std::move(d));
    };
    for (const LineageEdge &e : batch.edges) {
        needDataset(e.fromKey, e.observedAt);
        needDataset(e.toKey, e.observedAt);
        if (!e.jobKey.isEmpty() && !jobs.contains(e.jobKey)) {
            Job j;
            j.key = e.jobKey;
            j.name = e.jobKey.startsWith(u"job:") ? e.jobKey.mid(4) : e.jobKey;
            j.observedAt = e.observedAt ? e.observedAt : at;
            jobs.insert(j.key);
            batch.jobs.push_back(std::move(j));
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
