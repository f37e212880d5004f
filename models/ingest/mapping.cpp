// Applying a mapping to a batch (mapping.h). Loading is in mappingfile.cpp.

#include "mapping.h"
#include "datasetreferences.h"
#include "resolver.h"

#include <QSet>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace meshlens {

void Mapping::addAlias(const QString &alias, const QString &canonical)
{
    aliases.insert(alias, canonical);
    if (std::find(m_aliasLengths.begin(), m_aliasLengths.end(), alias.size()) == m_aliasLengths.end()) {
        m_aliasLengths.push_back(alias.size());
        std::sort(m_aliasLengths.begin(), m_aliasLengths.end(), std::greater<>());
    }
}

QString Mapping::canonicalDatasetKey(const QString &key) const
{
    static constexpr qsizetype prefix = 8;  // "dataset:"
    if (aliases.isEmpty() || !key.startsWith(u"dataset:"))
        return key;
    // The namespace is the part before a '/': try the alias lengths, longest first, so that
    // "postgres://db:5432" wins over "postgres" and a '/' inside the name does not matter.
    for (const qsizetype length : m_aliasLengths) {
        const qsizetype slash = prefix + length;
        if (slash >= key.size() || key.at(slash) != u'/')
            continue;
        const auto it = aliases.constFind(key.mid(prefix, length));
        if (it != aliases.cend())
            return u"dataset:"_s + it.value() + QStringView(key).mid(slash);
    }
    return key;
}

const MappingRule *Mapping::ruleFor(const QString &ns, const QString &name) const
{
    for (const MappingRule &rule : rules) {
        if (rule.ns.matches(ns) && rule.name.matches(name))
            return &rule;
    }
    return nullptr;
}

QString defaultProductName(const QString &datasetName)
{
    for (const QStringView part : QStringView(datasetName).tokenize(u'.')) {
        for (const QStringView segment : part.tokenize(u'/')) {
            if (!segment.trimmed().isEmpty())
                return segment.trimmed().toString();
        }
    }
    return {};
}

namespace {

void rewriteAliases(const Mapping &mapping, IngestBatch &batch, MappingStats &stats)
{
    auto fix = [&](QString &key) {
        if (key.isEmpty())
            return;
        QString canonical = mapping.canonicalDatasetKey(key);
        if (canonical != key) {
            key = std::move(canonical);
            ++stats.keysRewritten;
        }
    };
    for (Dataset &d : batch.datasets) {
        fix(d.key);
        d.ns = mapping.canonicalNamespace(d.ns);
    }
    forEachDatasetReference(batch, fix);
    for (DatasetAlias &a : batch.datasetAliases) {
        fix(a.aliasKey);
        fix(a.canonicalKey);
    }
}

// A dataset a rule took from the product its source placed it in by default.
struct Move {
    QString from;  ///< the default product's key
    QString to;    ///< the rule's product key
};

// The earlier of two observation times, 0 meaning unknown.
Timestamp earlier(Timestamp a, Timestamp b)
{
    return a == 0 ? b : (b == 0 ? a : std::min(a, b));
}

void assignProducts(const Mapping &mapping, IngestBatch &batch, MappingStats &stats,
                    QHash<QString, Move> &moves)
{
    QSet<QString> products;
    for (const Product &p : batch.products)
        products.insert(p.key);
    QSet<QString> domains;
    for (const Domain &d : batch.domains)
        domains.insert(d.key);
    // Records this function adds, by key: they are seen from the first dataset placed in
    // them on, so that the mesh "as of" an earlier time shows the datasets under them too.
    QHash<QString, std::size_t> addedProducts, addedDomains;

    for (Dataset &d : batch.datasets) {
        if (!d.productKey.isEmpty() && d.placement != Placement::Default)
            continue;  // the source said where it belongs
        const MappingRule *rule = mapping.ruleFor(d.ns, d.name);
        if (!rule)
            continue;
        QString name = rule->product.isEmpty() ? defaultProductName(d.name) : rule->product;
        if (name.isEmpty())
            name = rule->domain;
        const QString domainKey = u"domain:"_s + rule->domain;
        const QString productKey = u"product:"_s + rule->domain + u'.' + name;
        if (!d.productKey.isEmpty())
            moves.insert(d.key, {d.productKey, productKey});
        d.productKey = productKey;
        d.placement = Placement::Pattern;  // an explicit placement elsewhere wins (the cache)
        ++stats.datasetsAssigned;
        const Timestamp seen = earlier(d.observedAt, batch.observedAt);
        if (!domains.contains(domainKey)) {
            Domain domain;
            domain.key = domainKey;
            domain.name = rule->domain;
            domains.insert(domainKey);
            addedDomains.insert(domainKey, batch.domains.size());
            batch.domains.push_back(std::move(domain));
            ++stats.domainsAdded;
        }
        if (!products.contains(productKey)) {
            Product product;
            product.key = productKey;
            product.name = name;
            product.domainKey = domainKey;
            product.placement = Placement::Pattern;
            products.insert(productKey);
            addedProducts.insert(productKey, batch.products.size());
            batch.products.push_back(std::move(product));
            ++stats.productsAdded;
        }
        if (const auto it = addedDomains.constFind(domainKey); it != addedDomains.cend())
            batch.domains[*it].observedAt = earlier(batch.domains[*it].observedAt, seen);
        if (const auto it = addedProducts.constFind(productKey); it != addedProducts.cend())
            batch.products[*it].observedAt = earlier(batch.products[*it].observedAt, seen);
    }
}

// What its source placed with a dataset the rules moved goes with it: a job placed by
// default that makes the dataset (a dbt model's job) and a contract on the dataset, when
// they were in the product the dataset left.
void moveWithTheirDatasets(IngestBatch &batch, const QHash<QString, Move> &moves)
{
    if (moves.isEmpty())
        return;
    QHash<QString, std::size_t> jobs;
    for (std::size_t i = 0; i < batch.jobs.size(); ++i) {
        if (batch.jobs[i].placement == Placement::Default)
            jobs.insert(batch.jobs[i].key, i);
    }
    for (const LineageEdge &e : batch.edges) {
        const auto job = jobs.constFind(e.jobKey);
        const auto move = moves.constFind(e.toKey);
        if (job == jobs.cend() || move == moves.cend())
            continue;
        Job &j = batch.jobs[*job];
        if (j.productKey == move->from) {
            j.productKey = move->to;
            j.placement = Placement::Pattern;
        }
    }
    for (Contract &c : batch.contracts) {
        const auto move = moves.constFind(c.datasetKey);
        if (move != moves.cend() && c.productKey == move->from)
            c.productKey = move->to;
    }
}

// Products placed only by default that hold nothing once the rules have moved their
// datasets (and jobs) are left out, and so are the domains only they were in: a dbt folder
// whose models a rule placed elsewhere is no data product.
void dropEmptyDefaultProducts(IngestBatch &batch, MappingStats &stats)
{
    QSet<QString> used;
    const auto use = [&used](const auto &records, const auto key) {
        for (const auto &record : records)
            used.insert(record.*key);
    };
    use(batch.datasets, &Dataset::productKey);
    use(batch.jobs, &Job::productKey);
    use(batch.ports, &Port::productKey);
    use(batch.contracts, &Contract::productKey);
    use(batch.quality, &QualityResult::entityKey);
    use(batch.freshness, &FreshnessObservation::entityKey);
    QSet<QString> emptied;
    const auto dropped = std::remove_if(batch.products.begin(), batch.products.end(), [&](const Product &p) {
        const bool drop = p.placement == Placement::Default && !used.contains(p.key);
        if (drop)
            emptied.insert(p.domainKey);
        return drop;
    });
    stats.productsDropped = std::distance(dropped, batch.products.end());
    batch.products.erase(dropped, batch.products.end());
    if (emptied.isEmpty())
        return;
    for (const Product &p : batch.products)
        emptied.remove(p.domainKey);
    const auto gone = std::remove_if(batch.domains.begin(), batch.domains.end(),
                                     [&](const Domain &d) { return emptied.contains(d.key); });
    stats.domainsDropped = std::distance(gone, batch.domains.end());
    batch.domains.erase(gone, batch.domains.end());
}

}  // namespace

MappingStats applyMapping(const Mapping &mapping, IngestBatch &batch)
{
    MappingStats stats;
    if (!mapping.aliases.isEmpty())
        rewriteAliases(mapping, batch, stats);
    resolveBatch(batch);
    if (!mapping.rules.empty()) {
        QHash<QString, Move> moves;  // datasets a rule took out of a default product
        assignProducts(mapping, batch, stats, moves);
        moveWithTheirDatasets(batch, moves);
        dropEmptyDefaultProducts(batch, stats);
    }
    return stats;
}

}  // namespace meshlens
