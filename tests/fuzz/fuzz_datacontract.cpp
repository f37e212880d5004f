// A declaration read as DataContractSpecification from memory (declarationreader.h), through the YAML layer
// (yamlfile.h).
#include "fuzzsupport.h"

#include "ingest/declarationreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    IngestBatch batch = readDeclarationBytes(fuzz::bytesOf(data, size), fuzz::inputName("datacontract.yaml"),
                                             DeclarationKind::DataContractSpecification);
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
