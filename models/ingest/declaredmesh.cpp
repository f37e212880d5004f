// Key conventions, spec-version checks and the record builder shared by the readers of
// contracts and product descriptors. Naming of datasets and durations: datasetnaming.cpp.

#include "declaredmesh.h"

#include "resolver.h"

#include <QDateTime>
#include <QFileInfo>
#include <QVersionNumber>

using namespace Qt::StringLiterals;

namespace meshlens {

QString declaredDomainKey(const QString &name)
{
    return u"domain:"_s + name;
}

QString declaredProductKey(const QString &domain, const QString &id)
{
    if (domain.isEmpty())
        return u"product:"_s + id;
    return u"product:"_s + domain + u'.' + id;
}

QString declaredPortKey(const QString &productKey, const QString &portId)
{
    const QStringView product = QStringView(productKey).startsWith(u"product:")
        ? QStringView(productKey).mid(8)
        : QStringView(productKey);
    return u"port:"_s + product + u'/' + portId;
}

QString contractDatasetKey(const QString &contractId)
{
    return datasetKey(u"datacontract"_s, contractId);
}

QString productPortDatasetKey(const QString &productId, const QString &portId)
{
    return datasetKey(u"dataproduct"_s, productId + u'/' + portId);
}

bool checkSpecVersion(YamlReader &reader, const YAML::Node &at, const QString &specName,
                      const QString &version, const QStringList &versions)
{
    auto parse = [](QString v) {
        if (v.startsWith(u'v') || v.startsWith(u'V'))
            v.remove(0, 1);
        if (const qsizetype dash = v.indexOf(u'-'); dash > 0)
            v.truncate(dash); // a pre-release ("1.0.0-DRAFT") reads as its release
        qsizetype suffix = 0;
        const QVersionNumber n = QVersionNumber::fromString(v, &suffix);
        return suffix == v.size() ? n : QVersionNumber();
    };
    const QVersionNumber found = parse(version);
    const QString known = versions.join(u", "_s);
    if (found.isNull()) {
        reader.error(at, u"%1 version \"%2\" is not a version number; expected one of %3"_s
                             .arg(specName, version, known));
        return false;
    }
    bool sameMajor = false;
    for (const QString &v : versions) {
        const QVersionNumber k = parse(v);
        if (k.normalized() == found.normalized())
            return true;
        sameMajor = sameMajor || k.majorVersion() == found.majorVersion();
    }
    if (!sameMajor) {
        reader.error(at, u"%1 version %2 is not one this reader knows; expected one of %3"_s
                             .arg(specName, version, known));
        return false;
    }
    reader.warning(at, u"%1 version %2 is not one this reader knows; expected one of %3. "
                       "Read with the fields those versions define, others ignored"_s
                           .arg(specName, version, known));
    return true;
}

bool isTemplatePlaceholder(const QString &text)
{
    return text.contains(u"{{"_s) && text.contains(u"}}"_s);
}

Timestamp fileObservedAt(const QString &path)
{
    const QDateTime t = QFileInfo(path).lastModified().toUTC();
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

DeclaredMesh::DeclaredMesh(IngestBatch *batch, Timestamp observedAt)
    : m_batch(batch), m_observedAt(observedAt)
{
}

QString DeclaredMesh::domain(const QString &name)
{
    if (name.isEmpty())
        return {};
    const QString key = declaredDomainKey(name);
    if (!m_domains.contains(key)) {
        Domain d;
        d.key = key;
        d.name = name;
        d.observedAt = m_observedAt;
        m_domains.insert(key, int(m_batch->domains.size()));
        m_batch->domains.push_back(std::move(d));
    }
    return key;
}

QString DeclaredMesh::product(const QString &domainName, const QString &id, const QString &name,
                              const QString &owner, const QString &description)
{
    const QString key = declaredProductKey(domainName, id);
    const int existing = m_products.value(key, -1);
    if (existing >= 0) {
        Product &p = m_batch->products[size_t(existing)];
        if (p.owner.isEmpty())
            p.owner = owner;
        if (p.description.isEmpty())
            p.description = description;
        if (!name.isEmpty() && p.name == id)
            p.name = name;
        return key;
    }
    Product p;
    p.key = key;
    p.name = name.isEmpty() ? id : name;
    p.owner = owner;
    p.description = description;
    p.domainKey = domain(domainName);
    p.observedAt = m_observedAt;
    m_products.insert(key, int(m_batch->products.size()));
    m_batch->products.push_back(std::move(p));
    return key;
}

Product &DeclaredMesh::productRecord(const QString &key)
{
    return m_batch->products[size_t(m_products.value(key))];
}

int DeclaredMesh::port(const QString &productKey, const QString &portId, PortDirection direction,
                       const QString &name, const QString &description)
{
    const QString key = declaredPortKey(productKey, portId);
    if (const int existing = m_ports.value(key, -1); existing >= 0) {
        Port &p = m_batch->ports[size_t(existing)];
        if (p.description.isEmpty())
            p.description = description;
        return existing;
    }
    Port p;
    p.key = key;
    p.name = name.isEmpty() ? portId : name;
    p.description = description;
    p.productKey = productKey;
    p.direction = direction;
    p.observedAt = m_observedAt;
    const int index = int(m_batch->ports.size());
    m_ports.insert(key, index);
    m_batch->ports.push_back(std::move(p));
    return index;
}

void DeclaredMesh::addPortDataset(int port, const QString &datasetKey)
{
    Port &p = m_batch->ports[size_t(port)];
    if (!datasetKey.isEmpty() && !p.datasetKeys.contains(datasetKey))
        p.datasetKeys << datasetKey;
}

QString DeclaredMesh::dataset(const DatasetAddress &address, const QString &productKey,
                              const QString &kind, const QString &description,
                              const QString &owner)
{
    const QString key = datasetKey(address.ns, address.name);
    if (const int existing = m_datasets.value(key, -1); existing >= 0) {
        Dataset &d = m_batch->datasets[size_t(existing)];
        if (d.productKey.isEmpty())
            d.productKey = productKey;
        if (d.datasetKind.isEmpty())
            d.datasetKind = kind;
        if (d.description.isEmpty())
            d.description = description;
        if (d.owner.isEmpty())
            d.owner = owner;
        return key;
    }
    Dataset d;
    d.key = key;
    d.ns = address.ns;
    d.name = address.name;
    d.productKey = productKey;
    d.datasetKind = kind;
    d.description = description;
    d.owner = owner;
    d.observedAt = m_observedAt;
    m_datasets.insert(key, int(m_batch->datasets.size()));
    m_batch->datasets.push_back(std::move(d));
    return key;
}

QString DeclaredMesh::contractDataset(const QString &contractId, const QString &productKey,
                                      const QString &title)
{
    const QString key = contractDatasetKey(contractId);
    if (productKey.isEmpty() && !m_datasets.contains(key))
        return key; // a reference only: the resolver adds a stub, the owner's file the rest
    const QString k = dataset({u"datacontract"_s, contractId}, productKey, u"contract"_s);
    Dataset &d = m_batch->datasets[size_t(m_datasets.value(k))];
    if (!title.isEmpty() && (d.description.isEmpty()))
        d.description = title;
    return k;
}

void DeclaredMesh::contract(const QString &key, const QString &productKey,
                            const QString &datasetKey, qint64 freshnessSlaSeconds,
                            const QString &version)
{
    if (const int existing = m_contracts.value(key, -1); existing >= 0) {
        Contract &c = m_batch->contracts[size_t(existing)];
        if (freshnessSlaSeconds > 0
            && (c.freshnessSlaSeconds == 0 || freshnessSlaSeconds < c.freshnessSlaSeconds))
            c.freshnessSlaSeconds = freshnessSlaSeconds;
        return;
    }
    Contract c;
    c.key = key;
    c.productKey = productKey;
    c.datasetKey = datasetKey;
    c.freshnessSlaSeconds = freshnessSlaSeconds;
    c.version = version;
    c.observedAt = m_observedAt;
    m_contracts.insert(key, int(m_batch->contracts.size()));
    m_batch->contracts.push_back(std::move(c));
}

void DeclaredMesh::edge(const QString &fromKey, const QString &toKey)
{
    const QString id = fromKey + u'\n' + toKey;
    if (m_edges.contains(id) || fromKey == toKey)
        return;
    m_edges.insert(id, 0);
    LineageEdge e;
    e.fromKey = fromKey;
    e.toKey = toKey;
    e.observedAt = m_observedAt;
    m_batch->edges.push_back(std::move(e));
}

} // namespace meshlens
