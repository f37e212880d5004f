#pragma once

// The state of MeshCache's stream import (beginStream() ... finishStream()). Internal to
// models/cache.

#include "cachewriter.h"
#include "freshbuild.h"

#include <memory>

namespace meshlens {

/// Opens a new database file for a fresh-file build (meshcache.cpp): no journal, no syncs,
/// the current schema.
Result<sqlite3 *> createBuildFile(const QString &path);

struct MeshCache::StreamBuild {
    freshbuild::ExclusiveTarget target;  ///< the cache's lock, held until the end
    QString path;                        ///< the new file
    QString entitiesPath;                ///< the stream's entity rows, at the end (removed)
    sqlite3 *db = nullptr;
    IngestBatch none;                    ///< what the writer refers to between batches
    ProgressFn progress;                 ///< the current batch's
    std::unique_ptr<CacheWriter> writer;

    ~StreamBuild()
    {
        writer.reset();  // finalizes its statements before the connection closes
        sqlite3_close_v2(db);
    }
};

}  // namespace meshlens
