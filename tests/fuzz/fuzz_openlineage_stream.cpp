// OpenLineage read as a file stream, in chunks of 256 bytes (the reader's smallest) and
// batches of 2 events, so that chunk boundaries fall inside events, strings and escapes and a
// stream spans many batches; mapped or read through read() by the first byte's lowest bit.
// The input is an anonymous in-memory file (memfd), read through /proc/self/fd.
#include "fuzzsupport.h"

#include "ingest/openlineagereader.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace meshlens;
    static const int fd = memfd_create("meshlens-fuzz", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != ssize_t(size)) {
        std::perror("memfd");
        std::abort();
    }
    static const QString path = QStringLiteral("/proc/self/fd/%1").arg(fd);
    OpenLineageReadOptions options;
    options.chunkBytes = 256;
    options.mapFile = size > 0 && (data[0] & 1);
    options.eventsPerBatch = 2;
    readOpenLineageFile(path, [size](IngestBatch &&batch) {
        fuzz::checkBatch(batch, qint64(size));
        return true;
    }, options);
    return 0;
}
