// A dbt sources.json from memory, read with the manifest of the same (fixture) project, so that
// its unique_ids meet the manifest's nodes (dbtreader.h).
#include "fuzzsupport.h"

#include "ingest/dbtreader.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    static const QByteArray manifest = fuzz::readFixture(MESHLENS_FUZZ_DBT_MANIFEST);
    const std::vector<DbtArtifactBytes> companions {
        {DbtArtifact::Sources, fuzz::bytesOf(data, size), fuzz::inputName("sources.json")}};
    IngestBatch batch = readDbtArtifactsBytes(manifest, fuzz::inputName("manifest.json"), companions);
    fuzz::checkBatch(batch, std::max(qint64(size), qint64(manifest.size())));
    return 0;
}
