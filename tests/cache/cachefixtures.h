#pragma once

// Batches for the cache suites: a small hand-built mesh whose snapshot is checked field by
// field, and a synthetic one of any size for cancel, crash and rate tests.

#include "ingest/ingestbatch.h"

#include <QFile>

namespace meshlens::test {

/// One domain, one product with an output port, three datasets a -> b -> c (a -> b made
/// by a job), quality on b (latest: fail) and c (warn), freshness of a, two contracts.
inline IngestBatch handBuiltBatch(Timestamp t)
{
    IngestBatch b;
    b.source = {QStringLiteral("test"), QStringLiteral("hand-built.json"), 0, 0};
    b.observedAt = t;

    Domain domain;
    domain.key = QStringLiteral("domain:sales");
    domain.name = QStringLiteral("Sales");
    domain.owner = QStringLiteral("team-sales");
    b.domains.push_back(domain);

    Product product;
    product.key = QStringLiteral("product:sales.orders");
    product.name = QStringLiteral("Orders");
    product.owner = QStringLiteral("team-sales");
    product.domainKey = domain.key;
    product.tier = QStringLiteral("source-aligned");
    b.products.push_back(product);

    for (const char *name : {"a", "b", "c"}) {
        Dataset d;
        d.key = QStringLiteral("dataset:") + QLatin1StringView(name);
        d.name = QStringLiteral("shop.public.") + QLatin1StringView(name);
        d.ns = QStringLiteral("postgres://db:5432");
        d.productKey = product.key;
        d.datasetKind = QStringLiteral("table");
        d.owner = QStringLiteral("anna");
        b.datasets.push_back(d);
    }

    Job job;
    job.key = QStringLiteral("job:etl.load_b");
    job.name = QStringLiteral("load_b");
    job.ns = QStringLiteral("airflow");
    job.productKey = product.key;
    b.jobs.push_back(job);

    Port port;
    port.key = QStringLiteral("port:sales.orders.out");
    port.name = QStringLiteral("orders out");
    port.productKey = product.key;
    port.direction = PortDirection::Output;
    port.datasetKeys = {QStringLiteral("dataset:c")};
    b.ports.push_back(port);

    b.edges.push_back({QStringLiteral("dataset:a"), QStringLiteral("dataset:b"), job.key, 0, 0});
    b.edges.push_back({QStringLiteral("dataset:b"), QStringLiteral("dataset:c"), QString(), 0, 0});
    b.columnEdges.push_back({QStringLiteral("dataset:a"), QStringLiteral("id"),
        QStringLiteral("dataset:b"), QStringLiteral("order_id"), QStringLiteral("identity"), 0});

    const auto quality = [&](const char *key, const char *check, const char *column,
                             HealthState state, Timestamp at) {
        b.quality.push_back({QString::fromLatin1(key), QString::fromLatin1(check),
            QString::fromLatin1(column), state, 1.0, QString(), at});
    };
    quality("dataset:b", "not_null", "id", HealthState::Pass, t - 10);
    quality("dataset:b", "not_null", "id", HealthState::Fail, t);
    quality("dataset:b", "unique", "id", HealthState::Pass, t);
    quality("dataset:c", "row_count", "", HealthState::Warn, 0);

    b.freshness.push_back({QStringLiteral("dataset:a"), t - 5, t - 100});
    b.freshness.push_back({QStringLiteral("dataset:a"), t, t - 50});

    Contract onProduct;
    onProduct.key = QStringLiteral("contract:orders");
    onProduct.productKey = product.key;
    onProduct.freshnessSlaSeconds = 3600;
    onProduct.version = QStringLiteral("1.0.0");
    b.contracts.push_back(onProduct);
    Contract onDataset = onProduct;
    onDataset.key = QStringLiteral("contract:orders.c");
    onDataset.datasetKey = QStringLiteral("dataset:c");
    onDataset.freshnessSlaSeconds = 600;
    b.contracts.push_back(onDataset);
    return b;
}

/// A mesh of `datasets` datasets under one domain and a product per 1000 datasets, with
/// about 1.6 lineage edges, one quality result and half a freshness observation per
/// dataset. Every key carries `tag`, so batches with different tags are disjoint and each
/// adds exactly the same number of rows.
inline IngestBatch syntheticBatch(const QString &tag, int datasets, Timestamp t)
{
    IngestBatch b;
    b.source = {QStringLiteral("synthetic"), QStringLiteral("synthetic-") + tag, 0, 0};
    b.observedAt = t;
    const QString prefix = tag + u'.';
    Domain domain;
    domain.key = QStringLiteral("domain:") + tag;
    domain.name = tag;
    b.domains.push_back(domain);
    const int productCount = (datasets + 999) / 1000;
    for (int p = 0; p < productCount; ++p) {
        Product product;
        product.key = QStringLiteral("product:") + prefix + QString::number(p);
        product.name = QStringLiteral("product ") + QString::number(p);
        product.domainKey = domain.key;
        product.owner = QStringLiteral("team-") + QString::number(p % 50);
        b.products.push_back(product);
        Job job;
        job.key = QStringLiteral("job:") + prefix + QString::number(p);
        job.productKey = product.key;
        job.ns = QStringLiteral("airflow");
        b.jobs.push_back(job);
    }
    b.datasets.reserve(std::size_t(datasets));
    const auto datasetKey = [&](int i) -> QString {
        return QStringLiteral("dataset:postgres://warehouse:5432/") + prefix
            + QStringLiteral("schema.table_") + QString::number(i);
    };
    for (int i = 0; i < datasets; ++i) {
        Dataset d;
        d.key = datasetKey(i);
        d.name = QStringLiteral("schema.table_") + QString::number(i);
        d.ns = QStringLiteral("postgres://warehouse:5432");
        d.productKey = b.products[std::size_t(i / 1000)].key;
        d.datasetKind = QStringLiteral("table");
        d.owner = QStringLiteral("owner-") + QString::number(i % 300);
        b.datasets.push_back(d);
    }
    b.edges.reserve(std::size_t(datasets) * 8 / 5);
    for (int i = 0; i + 1 < datasets; ++i) {
        b.edges.push_back({b.datasets[std::size_t(i)].key, b.datasets[std::size_t(i) + 1].key,
            b.jobs[std::size_t(i / 1000)].key, 0, 0});
        // A second, longer-range edge for 3 in 5 datasets; offset 2..98 never repeats the
        // first edge, so every edge of the batch is distinct.
        const int j = (i + 2 + (i * 7919) % 97) % datasets;
        if (i % 5 < 3 && j != i && j != i + 1)
            b.edges.push_back(
                {b.datasets[std::size_t(i)].key, b.datasets[std::size_t(j)].key, QString(), 0, 0});
    }
    b.quality.reserve(std::size_t(datasets));
    for (int i = 0; i < datasets; ++i)
        b.quality.push_back(
            {b.datasets[std::size_t(i)].key, QStringLiteral("not_null"), QStringLiteral("id"),
                i % 10 == 0 ? HealthState::Fail : HealthState::Pass, 0.0, QString(), t});
    for (int i = 0; i < datasets; i += 2)
        b.freshness.push_back({b.datasets[std::size_t(i)].key, t, t - 3600 * 1000});
    return b;
}

inline QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace meshlens::test
