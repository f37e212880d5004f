// The mapping file from memory (mapping.h): parsed, then applied to a batch read from the
// native fixture tests/data/native/full.json, so that its aliases and globs meet real keys.
#include "fuzzsupport.h"

#include "ingest/mapping.h"
#include "ingest/nativereader.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    static const IngestBatch mesh = [] {
        const QByteArray json = fuzz::readFixture(MESHLENS_FUZZ_NATIVE_MESH);
        IngestBatch b = readNativeBytes(std::string_view(json.constData(), size_t(json.size())),
                                        fuzz::inputName("full.json"));
        if (b.hasErrors() || b.datasets.empty()) {
            std::fprintf(stderr, "the native fixture does not read cleanly\n");
            std::abort();
        }
        return b;
    }();
    IngestBatch report;
    report.source.file = fuzz::inputName("mapping.yaml");
    const Result<Mapping> mapping = parseMapping(fuzz::bytesOf(data, size), report.source.file,
                                                 &report.diagnostics);
    fuzz::checkBatch(report, qint64(size)); // the mapping's diagnostics, checked like a reader's
    if (mapping) {
        IngestBatch batch = mesh;
        applyMapping(mapping.value(), batch);
        fuzz::checkBatch(batch, std::numeric_limits<qint64>::max());
    }
    return 0;
}
