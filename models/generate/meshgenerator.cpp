#include "meshgenerator.h"

#include "generatedmesh.h"
#include "meshwriters.h"

#include <QIODevice>

#include <algorithm>

namespace meshlens {

namespace {

// Output-port datasets x days of history written at most (see the header): about 250 bytes
// of quality and freshness per dataset-day, so at most some 100 MB of history at any size.
constexpr qint64 kHistoryBudget = 400000;

} // namespace

Status writeGeneratedMesh(const GeneratorOptions &options, GeneratorFormat format, QIODevice &out,
    GeneratorSummary *summary)
{
    if (options.datasets < 1 || options.datasets > 50000000) {
        return Error {QStringLiteral("datasets: expected a number from 1 to 50000000, got %1")
                          .arg(options.datasets)};
    }
    if (options.historyDays < 0 || options.historyDays > 3650) {
        return Error {QStringLiteral("history days: expected a number from 0 to 3650, got %1")
                          .arg(options.historyDays)};
    }
    if (!out.isWritable())
        return Error {
            QStringLiteral("cannot write the generated mesh: the output is not open for writing")};

    gen::GeneratedMesh mesh = gen::buildGeneratedMesh(options);
    mesh.historyDays = int(std::min<qint64>(options.historyDays,
        std::max<qint64>(1, kHistoryBudget / std::max<qint64>(1, mesh.outputDatasets))));

    gen::JsonSink sink(out);
    GeneratorSummary written;
    written.historyDays = mesh.historyDays;
    switch (format) {
    case GeneratorFormat::Native:
        gen::writeNative(mesh, sink, written);
        break;
    case GeneratorFormat::OpenLineage:
        gen::writeOpenLineage(mesh, sink, written);
        break;
    }
    if (!sink.flush())
        return Error {QStringLiteral("cannot write the generated mesh: ") + sink.errorString()};
    written.bytes = sink.bytesWritten();
    if (summary)
        *summary = written;
    return Done {};
}

} // namespace meshlens
