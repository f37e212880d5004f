// The per-array part of NativeRecordReader: one function per record kind of the native
// format. The field names and which are required follow
// resources/schemas/meshlens-native.schema.json; change both together.

#include "nativerecordreader.h"

namespace meshlens {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// Room for a whole array's records, made when its first piece comes (a file read in pieces
// hands each array over in several calls, `first` being the index of the call's first record).
template<typename Records>
void reserveOnce(Records &records, qint64 first, size_t total)
{
    if (first == 0)
        records.reserve(records.size() + total);
}

// The key of the record at `index` of its array, for integer references. The table is sized
// from items.size(), which saturates at 2^24 - 1 in a whole-document read: grow if needed.
void storeKey(std::vector<QString> &keys, qint64 index, const QString &key)
{
    if (size_t(index) >= keys.size())
        keys.resize(size_t(index) + 1);
    keys[size_t(index)] = key;
}

// A display name when the file gives none: the key without its kind prefix.
void defaultName(EntityBase &e, qsizetype prefixLength)
{
    if (e.name.isEmpty())
        e.name = e.key.mid(prefixLength);
}

} // namespace

void NativeRecordReader::readDomains(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "domains";
    reserveOnce(m_domainKeys, first, total);
    m_domainKeys.resize(size_t(first) + items.size());
    reserveOnce(m_batch.domains, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        Domain d;
        d.observedAt = m_defaultSeen;
        bool hasKey = false;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "key") {
                hasKey = true;
                keyWithPrefix(f.value, w, true, "domain:", &d.key);
            } else if (!commonField(f.key, f.value, w, d)) {
                unknownField(w);
            }
        }
        if (!hasKey)
            missing({kArray, i}, "key", "a string \"domain:<id>\"");
        if (m_errors == errorsBefore) {
            defaultName(d, 7);
            storeKey(m_domainKeys, i, d.key);
            m_batch.domains.push_back(std::move(d));
        }
    }
}

void NativeRecordReader::readProducts(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "products";
    reserveOnce(m_productKeys, first, total);
    m_productKeys.resize(size_t(first) + items.size());
    reserveOnce(m_batch.products, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        Product p;
        p.observedAt = m_defaultSeen;
        bool hasKey = false;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "key") {
                hasKey = true;
                keyWithPrefix(f.value, w, true, "product:", &p.key);
            } else if (f.key == "domain") {
                ref(f.value, w, false, RefKind::Domain, &p.domainKey);
            } else if (f.key == "tier") {
                std::string_view tier;
                if (view(f.value, w, false, &tier)) {
                    if (tier == "source-aligned" || tier == "aggregate"
                        || tier == "consumer-aligned")
                        p.tier = m_strings.intern(tier);
                    else
                        error(w,
                            QStringLiteral("expected \"source-aligned\", \"aggregate\" or "
                                           "\"consumer-aligned\", found ")
                                + quoted(tier));
                }
            } else if (!commonField(f.key, f.value, w, p)) {
                unknownField(w);
            }
        }
        if (!hasKey)
            missing({kArray, i}, "key", "a string \"product:<id>\"");
        if (m_errors == errorsBefore) {
            defaultName(p, 8);
            storeKey(m_productKeys, i, p.key);
            m_batch.products.push_back(std::move(p));
        }
    }
}

void NativeRecordReader::readPorts(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "ports";
    reserveOnce(m_batch.ports, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        Port p;
        p.observedAt = m_defaultSeen;
        bool hasKey = false, hasProduct = false, hasDirection = false;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "key") {
                hasKey = true;
                keyWithPrefix(f.value, w, true, "port:", &p.key);
            } else if (f.key == "product") {
                hasProduct = true;
                ref(f.value, w, true, RefKind::Product, &p.productKey);
            } else if (f.key == "direction") {
                hasDirection = true;
                std::string_view dir;
                if (!view(f.value, w, true, &dir))
                    continue;
                if (dir == "input")
                    p.direction = PortDirection::Input;
                else if (dir == "output")
                    p.direction = PortDirection::Output;
                else
                    error(w,
                        QStringLiteral("expected \"input\" or \"output\", found ") + quoted(dir));
            } else if (f.key == "datasets") {
                array keys;
                if (f.value.is_null())
                    continue;
                if (f.value.get_array().get(keys) != simdjson::SUCCESS) {
                    error(w,
                        QStringLiteral("expected an array of dataset keys, found ")
                            + typeName(f.value));
                    continue;
                }
                p.datasetKeys.reserve(qsizetype(keys.size()));
                qint64 k = 0;
                for (const element key : keys) {
                    QString s;
                    if (ref(key, {kArray, i, f.key, k++}, true, RefKind::Dataset, &s))
                        p.datasetKeys.append(s);
                }
            } else if (!commonField(f.key, f.value, w, p)) {
                unknownField(w);
            }
        }
        if (!hasKey)
            missing({kArray, i}, "key", "a string \"port:<id>\"");
        if (!hasProduct)
            missing({kArray, i}, "product", "a product key");
        if (!hasDirection)
            missing({kArray, i}, "direction", "\"input\" or \"output\"");
        if (m_errors == errorsBefore) {
            defaultName(p, 5);
            m_batch.ports.push_back(std::move(p));
        }
    }
}

void NativeRecordReader::readDatasets(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "datasets";
    reserveOnce(m_datasetKeys, first, total);
    m_datasetKeys.resize(size_t(first) + items.size());
    reserveOnce(m_batch.datasets, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        Dataset d;
        d.observedAt = m_defaultSeen;
        std::string_view ns, name;
        bool hasNs = false, hasName = false;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "namespace") {
                hasNs = true;
                if (view(f.value, w, true, &ns))
                    d.ns = m_strings.intern(ns);
            } else if (f.key == "name") {
                hasName = true;
                if (view(f.value, w, true, &name))
                    d.name = QString::fromUtf8(name.data(), qsizetype(name.size()));
            } else if (f.key == "key") {
                keyWithPrefix(f.value, w, false, "dataset:", &d.key);
            } else if (f.key == "product") {
                ref(f.value, w, false, RefKind::Product, &d.productKey);
            } else if (f.key == "kind") {
                shared(f.value, w, false, &d.datasetKind);
            } else if (!commonField(f.key, f.value, w, d)) {
                unknownField(w);
            }
        }
        if (!hasNs)
            missing({kArray, i}, "namespace", "a string such as \"postgres://db:5432\"");
        if (!hasName)
            missing({kArray, i}, "name", "a string such as \"shop.public.orders\"");
        if (m_errors != errorsBefore)
            continue;
        if (d.key.isEmpty()) {
            // The OpenLineage identity: the same key a dataset seen by any other reader gets.
            m_scratch.assign("dataset:");
            m_scratch.append(ns);
            m_scratch.push_back('/');
            m_scratch.append(name);
            d.key = QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
        }
        storeKey(m_datasetKeys, i, d.key);
        m_batch.datasets.push_back(std::move(d));
    }
}

void NativeRecordReader::readJobs(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "jobs";
    reserveOnce(m_jobKeys, first, total);
    m_jobKeys.resize(size_t(first) + items.size());
    reserveOnce(m_batch.jobs, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        Job j;
        j.observedAt = m_defaultSeen;
        bool hasNs = false, hasName = false;
        std::string_view ns, name;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "key") {
                keyWithPrefix(f.value, w, false, "job:", &j.key);
            } else if (f.key == "namespace") {
                hasNs = true;
                if (view(f.value, w, true, &ns))
                    j.ns = m_strings.intern(ns);
            } else if (f.key == "name") {
                hasName = true;
                if (view(f.value, w, true, &name))
                    j.name = QString::fromUtf8(name.data(), qsizetype(name.size()));
            } else if (f.key == "product") {
                ref(f.value, w, false, RefKind::Product, &j.productKey);
            } else if (!commonField(f.key, f.value, w, j)) {
                unknownField(w);
            }
        }
        if (!hasNs)
            missing({kArray, i}, "namespace", "a string");
        if (!hasName)
            missing({kArray, i}, "name", "a string");
        if (m_errors != errorsBefore)
            continue;
        if (j.key.isEmpty()) {
            // As for datasets: the OpenLineage identity of the job.
            m_scratch.assign("job:");
            m_scratch.append(ns);
            m_scratch.push_back('/');
            m_scratch.append(name);
            j.key = QString::fromUtf8(m_scratch.data(), qsizetype(m_scratch.size()));
        }
        storeKey(m_jobKeys, i, j.key);
        m_batch.jobs.push_back(std::move(j));
    }
}

void NativeRecordReader::readEdges(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "edges";
    reserveOnce(m_batch.edges, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        LineageEdge e;
        e.observedAt = m_defaultSeen;
        bool hasFrom = false, hasTo = false;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "from") {
                hasFrom = true;
                ref(f.value, w, true, RefKind::Dataset, &e.fromKey);
            } else if (f.key == "to") {
                hasTo = true;
                ref(f.value, w, true, RefKind::Dataset, &e.toKey);
            } else if (f.key == "job") {
                ref(f.value, w, false, RefKind::Job, &e.jobKey);
            } else if (f.key == "seen") {
                time(f.value, w, false, &e.observedAt);
            } else if (f.key == "removedAt") {
                time(f.value, w, false, &e.removedAt);
            } else {
                unknownField(w);
            }
        }
        if (!hasFrom)
            missing({kArray, i}, "from", "a dataset key");
        if (!hasTo)
            missing({kArray, i}, "to", "a dataset key");
        if (m_errors == errorsBefore)
            m_batch.edges.push_back(std::move(e));
    }
}

void NativeRecordReader::readColumnEdges(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "columnEdges";
    reserveOnce(m_batch.columnEdges, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        ColumnLineageEdge e;
        e.observedAt = m_defaultSeen;
        int required = 0;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "from") {
                required |= 1;
                ref(f.value, w, true, RefKind::Dataset, &e.fromDatasetKey);
            } else if (f.key == "fromColumn") {
                required |= 2;
                shared(f.value, w, true, &e.fromColumn);
            } else if (f.key == "to") {
                required |= 4;
                ref(f.value, w, true, RefKind::Dataset, &e.toDatasetKey);
            } else if (f.key == "toColumn") {
                required |= 8;
                shared(f.value, w, true, &e.toColumn);
            } else if (f.key == "transformation") {
                shared(f.value, w, false, &e.transformation);
            } else if (f.key == "seen") {
                time(f.value, w, false, &e.observedAt);
            } else {
                unknownField(w);
            }
        }
        const char *names[] = {"from", "fromColumn", "to", "toColumn"};
        for (int b = 0; b < 4; ++b) {
            if (!(required & (1 << b)))
                missing({kArray, i}, names[b], b % 2 ? "a column name" : "a dataset key");
        }
        if (m_errors == errorsBefore)
            m_batch.columnEdges.push_back(std::move(e));
    }
}

void NativeRecordReader::readContracts(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "contracts";
    reserveOnce(m_batch.contracts, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        Contract c;
        c.observedAt = m_defaultSeen;
        bool hasKey = false;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "key") {
                hasKey = true;
                keyWithPrefix(f.value, w, true, "contract:", &c.key);
            } else if (f.key == "product") {
                ref(f.value, w, false, RefKind::Product, &c.productKey);
            } else if (f.key == "dataset") {
                ref(f.value, w, false, RefKind::Dataset, &c.datasetKey);
            } else if (f.key == "freshnessSlaSeconds") {
                if (integer(f.value, w, false, &c.freshnessSlaSeconds)
                    && c.freshnessSlaSeconds < 0) {
                    error(w,
                        QStringLiteral("expected a number of seconds >= 0, found %1")
                            .arg(c.freshnessSlaSeconds));
                }
            } else if (f.key == "version") {
                shared(f.value, w, false, &c.version);
            } else if (f.key == "seen") {
                time(f.value, w, false, &c.observedAt);
            } else {
                unknownField(w);
            }
        }
        if (!hasKey)
            missing({kArray, i}, "key", "a string \"contract:<id>\"");
        if (m_errors == errorsBefore)
            m_batch.contracts.push_back(std::move(c));
    }
}

void NativeRecordReader::readQuality(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "quality";
    reserveOnce(m_batch.quality, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        QualityResult q;
        int required = 0;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "entity") {
                required |= 1;
                ref(f.value, w, true, RefKind::AnyEntity, &q.entityKey);
            } else if (f.key == "check") {
                required |= 2;
                shared(f.value, w, true, &q.checkName);
            } else if (f.key == "state") {
                required |= 4;
                std::string_view state;
                if (!view(f.value, w, true, &state))
                    continue;
                // The four canonical names first: this runs for every history row.
                if (state == "pass")
                    q.state = HealthState::Pass;
                else if (state == "fail")
                    q.state = HealthState::Fail;
                else if (state == "warn")
                    q.state = HealthState::Warn;
                else if (state == "unknown")
                    q.state = HealthState::Unknown;
                else if (!parseHealthState(m_strings.intern(state), &q.state))
                    error(w,
                        QStringLiteral("expected \"pass\", \"warn\", \"fail\" or "
                                       "\"unknown\", found ")
                            + quoted(state));
            } else if (f.key == "at") {
                required |= 8;
                time(f.value, w, true, &q.observedAt);
            } else if (f.key == "column") {
                shared(f.value, w, false, &q.column);
            } else if (f.key == "value") {
                number(f.value, w, &q.value);
            } else if (f.key == "message") {
                text(f.value, w, &q.message);
            } else {
                unknownField(w);
            }
        }
        const char *names[] = {"entity", "check", "state", "at"};
        const char *types[] = {"an entity key", "a check name",
            "\"pass\", \"warn\", \"fail\" or \"unknown\"", "an ISO 8601 date-time"};
        for (int b = 0; b < 4; ++b) {
            if (!(required & (1 << b)))
                missing({kArray, i}, names[b], types[b]);
        }
        if (m_errors == errorsBefore)
            m_batch.quality.push_back(std::move(q));
    }
}

void NativeRecordReader::readFreshness(array items, qint64 first, size_t total)
{
    constexpr std::string_view kArray = "freshness";
    reserveOnce(m_batch.freshness, first, total);
    qint64 i = first - 1;
    for (const element el : items) {
        object obj;
        if (m_stop || !record(el, kArray, ++i, &obj))
            continue;
        const int errorsBefore = m_errors;
        FreshnessObservation o;
        int required = 0;
        for (const auto f : obj) {
            const Where w {kArray, i, f.key};
            if (f.key == "entity") {
                required |= 1;
                ref(f.value, w, true, RefKind::AnyEntity, &o.entityKey);
            } else if (f.key == "at") {
                required |= 2;
                time(f.value, w, true, &o.observedAt);
            } else if (f.key == "dataTime") {
                required |= 4;
                time(f.value, w, true, &o.dataTime);
            } else {
                unknownField(w);
            }
        }
        const char *names[] = {"entity", "at", "dataTime"};
        for (int b = 0; b < 3; ++b) {
            if (!(required & (1 << b)))
                missing({kArray, i}, names[b], b ? "an ISO 8601 date-time" : "an entity key");
        }
        if (m_errors == errorsBefore)
            m_batch.freshness.push_back(std::move(o));
    }
}

} // namespace meshlens
