// Format detection and dispatch (ingestpipeline.h): whatever the bytes look like, the reader
// that claims them reads them from memory.
#include "fuzzsupport.h"

#include "ingest/ingestpipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    (void)inputFormatName(detectFormat(bytes));
    readInputBytes(bytes, fuzz::inputName("input"), [size](IngestBatch &&batch) {
        fuzz::checkBatch(batch, qint64(size));
        return true;
    });
    return 0;
}
