// DataHub metadata files (MCE/MCP JSON) from memory (datahubreader.h).
#include "fuzzsupport.h"

#include "ingest/datahubreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    IngestBatch batch = readDataHubBytes(fuzz::viewOf(data, size), fuzz::inputName("mce.json"));
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
