// Apache Atlas entities and notifications from memory (atlasreader.h).
#include "fuzzsupport.h"

#include "ingest/atlasreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    const AtlasFile kind = detectAtlasFile(fuzz::bytesOf(data, size)) == AtlasFile::TypeDefs
        ? AtlasFile::TypeDefs : AtlasFile::Entities;
    IngestBatch batch = readAtlasBytes(fuzz::viewOf(data, size), fuzz::inputName("entities.json"), kind);
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
