#pragma once

// Helpers shared by the declaration tests (contracts and product descriptors): read a file as
// the pipeline would, and find records in a batch by key.

#include "ingest/declarationreader.h"
#include "ingest/ingestbatch.h"

#include <QFile>
#include <QStringList>

namespace meshlens::test {

inline DeclarationKind declarationKindOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? detectDeclaration(f.read(64 * 1024))
                                       : DeclarationKind::None;
}

/// Reads `path` as the kind its content says.
inline IngestBatch readDeclaration(const QString &path, DeclarationSummary *summary = nullptr)
{
    return readDeclarationFile(path, declarationKindOf(path), summary);
}

inline QString diagnosticsText(const Diagnostics &ds)
{
    QStringList out;
    for (const Diagnostic &d : ds)
        out << d.toString();
    return out.join(u'\n');
}

inline QString diagnosticsText(const IngestBatch &b)
{
    return diagnosticsText(b.diagnostics);
}

template<typename T>
const T *findByKey(const std::vector<T> &records, const QString &key)
{
    for (const T &r : records) {
        if (r.key == key)
            return &r;
    }
    return nullptr;
}

inline QStringList keysOf(const auto &records)
{
    QStringList out;
    for (const auto &r : records)
        out << r.key;
    return out;
}

inline QStringList edgesOf(const IngestBatch &b)
{
    QStringList out;
    for (const LineageEdge &e : b.edges)
        out << e.fromKey + u" -> " + e.toKey;
    return out;
}

} // namespace meshlens::test
