#pragma once

// The native reader's way through a large file in pieces. A whole-document DOM of a
// 480 MB file is ~1.9 GB of parser buffers (structural indexes, tape, strings), every page
// of it touched once; in pieces the same parse runs in one small buffer, used again and
// again. The file is split by a scan of its structure only: the top-level object's members,
// and the elements of the record arrays, grouped into chunks of a few megabytes. Whether
// the text is valid JSON is still decided by simdjson, on each piece: the caller falls back
// to the whole-document parse (and its diagnostics) on any piece it refuses.
// Internal to the native reader.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace meshlens::nativechunks {

/// Consecutive elements of a top-level array: their text (commas between them included,
/// none around), how many, and the index of the first in the array.
struct Chunk {
    std::string_view text;
    std::size_t count = 0;
    std::size_t first = 0;
};

/// A top-level member whose value is an array read in chunks.
struct Section {
    std::string_view name;
    std::vector<Chunk> chunks;
};

struct Split {
    /// The top-level object with every chunked array replaced by [] (members in file order).
    std::string skeleton;
    /// The chunked arrays, each name once (a record array that comes twice is refused).
    std::vector<Section> sections;
};

/// Splits `text`, a document that starts with '{', keeping the arrays of the members named
/// in `arrays`. False when the scan finds something it does not expect (not valid JSON, a
/// member name with an escape, a record array twice, `maxDepth` levels of nesting, which
/// simdjson allocated for `maxDepth` refuses): the caller then parses the
/// whole document instead. `chunkBytes`: the target size of a chunk (an element larger
/// than that is a chunk of its own).
bool split(std::string_view text, const std::vector<std::string_view> &arrays,
    std::size_t chunkBytes, int maxDepth, Split *out);

} // namespace meshlens::nativechunks
