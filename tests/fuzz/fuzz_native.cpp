// The native interchange format from memory (nativereader.h).
#include "fuzzsupport.h"

#include "ingest/nativereader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    IngestBatch batch = readNativeBytes(fuzz::viewOf(data, size), fuzz::inputName("mesh.json"));
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
