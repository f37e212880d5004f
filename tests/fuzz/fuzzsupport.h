#pragma once

// What every fuzz target of the readers shares: turning libFuzzer's bytes into a reader's
// input, and the checks made on what the reader returns. A check that fails aborts, which
// libFuzzer reports as a crash with the input that caused it.

#include "ingest/ingestbatch.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace meshlens::fuzz {

inline QByteArray bytesOf(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline std::string_view viewOf(const uint8_t *data, size_t size)
{
    return std::string_view(reinterpret_cast<const char *>(data), size);
}

/// The name an input goes by: a file in a folder that does not exist, so that nothing a
/// reader looks up next to its file (DPDS "$ref"s, OpenMetadata's service.json) is found.
QString inputName(const char *fileName);

/// What every reader promises about a batch, checked (abort() when broken):
///  - every diagnostic names a file and says something, with a position that is unknown
///    (0, -1) or within the input (line, column >= 1; offset <= inputSize);
///  - its message is one line: no control characters but tabs (printabletext.h writes out
///    what the input holds);
///  - the batch names its file.
/// Then what follows a read in the pipeline runs on it: a batch without errors is resolved
/// (resolver.h) and its diagnostics are formatted as the CLI prints them.
void checkBatch(IngestBatch &batch, qint64 inputSize);

/// The contents of a file the target needs besides the fuzzed input (a dbt manifest for the
/// companions' targets); aborts when it cannot be read, since every run would be meaningless.
QByteArray readFixture(const char *path);

} // namespace meshlens::fuzz
