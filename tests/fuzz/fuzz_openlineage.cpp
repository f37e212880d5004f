// OpenLineage from memory: a single event, a JSON array of events or an NDJSON stream, read
// in one batch (openlineagereader.h).
#include "fuzzsupport.h"

#include "ingest/openlineagereader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    IngestBatch batch = readOpenLineageBytes(fuzz::viewOf(data, size), fuzz::inputName("events.json"));
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
