// OpenMetadata sample data from memory (openmetadatareader.h), read as the kind of file it
// looks like; an input that looks like none is read as each kind in turn by its size, so that
// every kind's walker meets the mutations.
#include "fuzzsupport.h"

#include "ingest/openmetadatareader.h"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    static constexpr std::array kinds {OpenMetadataFile::Tables, OpenMetadataFile::Topics,
        OpenMetadataFile::Pipelines, OpenMetadataFile::Lineage, OpenMetadataFile::TableTests};
    const QByteArray bytes = fuzz::bytesOf(data, size);
    OpenMetadataFile kind = detectOpenMetadataFile(bytes);
    if (kind == OpenMetadataFile::None || kind == OpenMetadataFile::Service)
        kind = kinds[size % kinds.size()];
    IngestBatch batch = readOpenMetadataBytes(fuzz::viewOf(data, size), fuzz::inputName("tables.json"), kind);
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
