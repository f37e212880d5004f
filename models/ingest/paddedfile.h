#pragma once

// A whole JSON file (or bytes in memory) in a simdjson padded buffer, for the DOM readers
// (JsonInput, DbtDocument). Internal to models/ingest.

#include <QString>

#include <simdjson.h>

#include <string_view>

namespace meshlens::json {

/// Reads the file at `path` into `buffer`. Empty on success, else what went wrong in words
/// ("cannot open the file: …", "not enough memory to read the file (N bytes)", "cannot read
/// the file: …"), for a diagnostic about the file as a whole.
QString readPaddedFile(const QString &path, simdjson::padded_string &buffer);
/// The same for bytes in memory (copied once).
QString copyPadded(std::string_view bytes, simdjson::padded_string &buffer);

/// The buffer's text after a UTF-8 byte order mark, if any; the padding after it stays valid.
std::string_view textAfterBom(const simdjson::padded_string &buffer);

}  // namespace meshlens::json
