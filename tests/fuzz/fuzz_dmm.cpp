// Data Mesh Manager files from memory (declarationreader.h): a data usage agreement when the
// input declares one, a data product otherwise.
#include "fuzzsupport.h"

#include "ingest/declarationreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const DeclarationKind kind = detectDeclaration(bytes) == DeclarationKind::DmmUsageAgreement
        ? DeclarationKind::DmmUsageAgreement : DeclarationKind::DmmDataProduct;
    IngestBatch batch = readDeclarationBytes(bytes, fuzz::inputName("dataproduct.yaml"), kind);
    fuzz::checkBatch(batch, qint64(size));
    return 0;
}
