#pragma once

// The cache file's identity (application_id), its schema and the migrations between schema
// versions. Internal to models/cache.

#include "mesh/result.h"

#include <QString>

#include <span>
#include <vector>

struct sqlite3;

namespace meshlens::cacheschema {

/// PRAGMA application_id of every MeshLens cache: "MLNS" in ASCII. Lets `file(1)` and
/// MeshLens itself tell a cache from any other SQLite database.
constexpr int kApplicationId = 0x4D4C4E53;

/// Page size of every new cache file (larger pages: fewer page splits and b-tree levels on
/// bulk writes, fewer reads on loads).
extern const char *const kPageSizePragma;

/// A secondary index of the current schema. A write into a new file (a first import, a
/// stream) builds these after its inserts: one sort beats a million random index inserts.
struct IndexDef {
    const char *name;
    const char *create;
};
std::span<const IndexDef> secondaryIndexes();

/// One row of entity_key (schema 5): the hash of an entity's key (keyhash.h) and its id.
struct EntityKeyRow {
    qint64 hash;
    qint64 id;
};
/// Puts `keys` in the order entity_key stores them (quick when they are in it already).
void sortEntityKeys(std::vector<EntityKeyRow> &keys);
/// Adds `keys` to entity_key in key order (sorted here: in order, each page is appended and
/// filled once), then empties the vector.
Status insertEntityKeys(sqlite3 *db, std::vector<EntityKeyRow> &keys);

/// One row, one column: 1 when any table of the current schema holds a row, 0 when the
/// cache has no data yet (what MeshCache::write() builds in a fresh file).
extern const char *const kHasDataQuery;

/// What the header of an opened file says, read before anything is written to it.
struct FileInfo {
    int applicationId = 0;
    int userVersion = 0;
    qint64 objectCount = 0; ///< tables, indexes, ... in sqlite_master
    bool isBlank() const { return applicationId == 0 && userVersion == 0 && objectCount == 0; }
};

/// Reads the identity of the database; fails with a message naming `path` when the file is
/// not an SQLite database at all.
Result<FileInfo> inspect(sqlite3 *db, const QString &path);

/// Refuses a file that is not a MeshLens cache or was written by a newer MeshLens.
/// `readOnly` also refuses blank and older files, which only a writer may initialise.
Status checkCompatible(const FileInfo &info, const QString &path, bool readOnly);

/// Brings a blank or older file to the current schema, one step per version, all in one
/// transaction: a crash leaves the file as it was.
Status migrate(sqlite3 *db, const FileInfo &info, const QString &path);

} // namespace meshlens::cacheschema
