// A dbt manifest.json from memory, read alone (dbtreader.h).
#include "fuzzsupport.h"

#include "ingest/dbtreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    IngestBatch batch = readDbtArtifactsBytes(fuzz::bytesOf(data, size), fuzz::inputName("manifest.json"));
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
