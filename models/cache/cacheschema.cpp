#include "cacheschema.h"

#include "cache/meshcache.h"
#include "bulkinsert.h"
#include "keyhash.h"
#include "sqlitestatement.h"

#include <QDir>

#include <algorithm>
#include <array>
#include <string>

namespace meshlens::cacheschema {

namespace {

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// Schema 1. Notes on the choices:
// - One `entity` table for every kind, so parents, keys and validity are handled once.
//   Ids are assigned by the writer (dense, ascending), which lets the loader map cache ids
//   to node indices with a plain array.
// - Empty strings are stored as NULL: most descriptions and owners are empty.
// - Few-valued strings (owners, namespaces, tiers, dataset kinds, check and column names)
//   are stored once, in `string`, and referred to by id (0 or NULL: empty). Plain integers
//   without REFERENCES: the writer assigns them from its in-memory table, and every id it
//   writes is in that table.
// - A name that ends its entity's key (the usual case: "dataset:<namespace>/<name>",
//   "job:<namespace>/<name>", "domain:<name>") is not stored twice: `name` then holds the
//   INTEGER number of UTF-8 bytes the name takes at the end of `key`. TEXT otherwise, NULL
//   for no name.
// - Quality and freshness history is stored in chunks (historychunks.h): one row per series
//   (a check on an entity; an entity's freshness) and period of ~50 days, its observations
//   packed in `data`, with the first and last time, the number of observations and the
//   last state / data time in columns of their own. A first import writes ~14x fewer rows,
//   and "the latest observation now" is a column. WITHOUT ROWID with the series and period
//   as primary key: a series' history is one range of the key, in time order, and the
//   loader's "latest per series" is a scan in key order with no temporary sort.
// - column_edge and port_dataset are WITHOUT ROWID with their natural key as primary key:
//   insert-or-ignore dedups on it.
// - Edges keep a rowid (they are updated in place, and a later schema may hang facts on
//   them); their natural key was a unique index until schema 6 (see kIndexes): the writer
//   keeps it unique.
// - No index on time columns: an as-of load reads every row anyway, and a full scan beats
//   an index walk over most of a table. No index on entity.parent_id or edge.dst_id either:
//   children and upstream are answered by the in-memory snapshot graph, and every index
//   costs the bulk write; a schema step adds them when an SQL query needs them.
constexpr const char *kSchema = R"sql(
CREATE TABLE source(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    file TEXT NOT NULL,
    ingested_at INTEGER NOT NULL,
    UNIQUE(name, file));
CREATE TABLE string(
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE);
CREATE TABLE entity(
    id INTEGER PRIMARY KEY,
    kind INTEGER NOT NULL,
    key TEXT NOT NULL,
    name,
    description TEXT,
    owner_id INTEGER,
    parent_id INTEGER REFERENCES entity(id),
    detail_id INTEGER,
    dataset_kind_id INTEGER,
    direction INTEGER,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    removed_at INTEGER,
    source_id INTEGER REFERENCES source(id));
CREATE TABLE port_dataset(
    port_id INTEGER NOT NULL REFERENCES entity(id),
    dataset_id INTEGER NOT NULL REFERENCES entity(id),
    PRIMARY KEY(port_id, dataset_id)) WITHOUT ROWID;
CREATE TABLE edge(
    id INTEGER PRIMARY KEY,
    src_id INTEGER NOT NULL REFERENCES entity(id),
    dst_id INTEGER NOT NULL REFERENCES entity(id),
    job_id INTEGER REFERENCES entity(id),
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    removed_at INTEGER,
    source_id INTEGER REFERENCES source(id));
CREATE TABLE column_edge(
    src_id INTEGER NOT NULL REFERENCES entity(id),
    src_column TEXT NOT NULL,
    dst_id INTEGER NOT NULL REFERENCES entity(id),
    dst_column TEXT NOT NULL,
    transformation TEXT,
    first_seen INTEGER NOT NULL,
    source_id INTEGER REFERENCES source(id),
    PRIMARY KEY(src_id, src_column, dst_id, dst_column)) WITHOUT ROWID;
CREATE TABLE quality(
    entity_id INTEGER NOT NULL REFERENCES entity(id),
    check_id INTEGER NOT NULL,
    column_id INTEGER NOT NULL,
    period INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    count INTEGER NOT NULL,
    last_state INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(entity_id, check_id, column_id, period)) WITHOUT ROWID;
CREATE TABLE freshness(
    entity_id INTEGER NOT NULL REFERENCES entity(id),
    period INTEGER NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    count INTEGER NOT NULL,
    last_data_time INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(entity_id, period)) WITHOUT ROWID;
CREATE TABLE contract(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    product_id INTEGER REFERENCES entity(id),
    dataset_id INTEGER REFERENCES entity(id),
    freshness_sla_seconds INTEGER NOT NULL DEFAULT 0,
    version TEXT,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    source_id INTEGER REFERENCES source(id));
)sql";

// Schema 3 adds these to schema 2's tables (migrateTo3), and a new file has them from the
// start (createCurrentSchema).
// - facet: what a source said about an entity that MeshLens does not interpret (OpenLineage
//   facets it has no column for), as compact JSON, one row per entity and facet name (the
//   name interned in `string`); a newer observation replaces an older one. The facet's
//   "_producer" and "_schemaURL", the same long URLs in every facet of a producer, are
//   interned in `string` too and left out of `json`. A rowid table
//   (rows are long: appended, not sorted into a b-tree by key) with its natural key as a
//   unique secondary index, which bulk writes build at the end.
// - dataset_alias: other names of a dataset (OpenLineage `symlinks`): records that name
//   the alias key are written to the canonical key's node. Keys as text, not ids: an alias
//   may be declared before anything names the dataset by it.
constexpr const char *kSchema3Tables = R"sql(
CREATE TABLE facet(
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entity(id),
    name_id INTEGER NOT NULL,
    observed_at INTEGER NOT NULL,
    json TEXT NOT NULL,
    producer_id INTEGER,
    schema_url_id INTEGER,
    source_id INTEGER REFERENCES source(id));
CREATE TABLE dataset_alias(
    alias TEXT NOT NULL PRIMARY KEY,
    canonical TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    source_id INTEGER REFERENCES source(id)) WITHOUT ROWID;
)sql";

// Schema 4 adds entity.placement (migrateTo4; a new file has it from the start, also as the
// last column): how the row's parent was decided, the rank of meshtypes.h's Placement
// (0 default, 1 a mapping file's pattern, 2 the source said so). When two inputs place the
// same node differently, the writer keeps the parent of the higher rank; equal ranks follow
// time. NULL (rows written before schema 4) counts as explicit when the row has a parent;
// a row without a parent has nothing to keep, whatever its placement says. Added by ALTER
// TABLE: no row is rewritten, old rows read the column as NULL.
constexpr const char *kSchema4Columns = "ALTER TABLE entity ADD COLUMN placement INTEGER";

// Schema 5 finds entities by a 64-bit hash of their key (keyhash.h) in a table of its own,
// entity_key, instead of a unique index on the key text. That index doubled the keys on
// disk (140 MB of a 1M-dataset cache) and its build sorted 2M text records in SQLite's
// sorter: 3.4 s. An index on a hash column still sorts 2M random integers (2.0 s). The
// writer instead sorts the new keys' (hash, id) pairs in memory and appends them in key
// order (insertEntityKeys()): no sort in SQLite, and each page is filled once. The one query
// by key (MeshCache's entityId()) looks the hash up and compares the key text. Keys stay
// unique because the one writer resolves every key against all the keys of the file in
// memory (CacheWriter::loadKnown()) before it inserts one; the database no longer checks
// that on its own. WITHOUT ROWID: the pair is the whole row.
constexpr const char *kSchema5Tables = R"sql(
CREATE TABLE entity_key(
    key_hash INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    PRIMARY KEY(key_hash, entity_id)) WITHOUT ROWID;
)sql";

// Schema 6 drops edge_ends, the unique index on an edge's (src_id, dst_id, job_id). No
// query reads through it (snapshots scan the table; the writer reads every edge into memory
// before it writes one, CacheWriter::loadKnown(), and adds an edge only when its ends and
// job are not there: the same guarantee as entity_key's, which never asked the database
// either). It did not even hold for edges without a job (NULLs are distinct in a UNIQUE
// index), and it cost every bulk write a sort of all edges at its end: 33 ms of a
// 100k-event OpenLineage import's 0.85 s, 1.7 s at a million datasets, and 3 % of the file.
// Reads are unchanged, so a schema 5 file still opens read-only (kOldestReadableSchema).

// The secondary indexes, also created by createCurrentSchema (kept apart so the writer can
// rebuild them; a later schema that changes them adds a step and edits this list).
constexpr IndexDef kIndexes[] = {
    {"facet_key", "CREATE UNIQUE INDEX facet_key ON facet(entity_id, name_id)"},
};

Status createCurrentSchema(sqlite3 *db)
{
    if (Status s = sql::exec(db, kSchema); !s)
        return s;
    if (Status s = sql::exec(db, kSchema3Tables); !s)
        return s;
    if (Status s = sql::exec(db, kSchema4Columns); !s)
        return s;
    if (Status s = sql::exec(db, kSchema5Tables); !s)
        return s;
    for (const IndexDef &index : kIndexes) {
        if (Status s = sql::exec(db, index.create); !s)
            return s;
    }
    return Done {};
}

// Schema 1 (the first release) kept one history row per observation and owners and
// namespaces as text. Schema 2 (this layout) packs history into chunks and interns strings;
// its tables were first shipped under version 1 by mistake, so a file that says 1 may hold
// either layout. Neither can be converted in place reliably: such files are refused with a
// message that says what to do (nothing in them is changed).
Status refuseSchema1(sqlite3 *)
{
    return Error {QStringLiteral(
        "schema 1 caches (MeshLens 0.1 before 2026-11-28) store history in a layout this build "
        "no longer reads; import the sources again into a new cache")};
}

// Schema 2 -> 3: two new tables, nothing existing changes (the caller's transaction makes
// it all or nothing).
Status migrateTo3(sqlite3 *db)
{
    if (Status s = sql::exec(db, kSchema3Tables); !s)
        return s;
    return sql::exec(db, "CREATE UNIQUE INDEX facet_key ON facet(entity_id, name_id)");
}

// Schema 3 -> 4: one column, NULL in every existing row (see kSchema4Columns).
Status migrateTo4(sqlite3 *db)
{
    return sql::exec(db, kSchema4Columns);
}

// Schema 4 -> 5: the key table, filled from every row (hashes computed here: SQLite has no
// such function), in place of the unique index on the text.
Status migrateTo5(sqlite3 *db)
{
    // Indexes and tables share one namespace: the old index goes first.
    if (Status s = sql::exec(db, "DROP INDEX entity_key"); !s)
        return s;
    if (Status s = sql::exec(db, kSchema5Tables); !s)
        return s;
    sql::Statement read;
    if (Status s = read.prepare(db, "SELECT id, key FROM entity"); !s)
        return s;
    std::vector<EntityKeyRow> keys;
    int rc = SQLITE_ROW;
    while ((rc = read.step()) == SQLITE_ROW) {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(read.get(), 1));
        const int bytes = sqlite3_column_bytes(read.get(), 1);
        keys.push_back({cachekey::hash(std::string_view(text ? text : "", std::size_t(bytes))),
            read.columnInt(0)});
    }
    if (rc != SQLITE_DONE)
        return sql::error(db, QStringLiteral("Reading the entity keys failed"));
    return insertEntityKeys(db, keys);
}

// Schema 5 -> 6: the edge index goes (see kIndexes).
Status migrateTo6(sqlite3 *db)
{
    return sql::exec(db, "DROP INDEX IF EXISTS edge_ends");
}

// Step i takes schema i to i + 1; a blank file goes straight to the current schema. A new
// schema version appends one step here (and bumps MeshCache::kSchemaVersion); steps are
// never edited once released.
using MigrationStep = Status (*)(sqlite3 *);
constexpr std::array<MigrationStep, MeshCache::kSchemaVersion> kSteps
    = {&createCurrentSchema, &refuseSchema1, &migrateTo3, &migrateTo4, &migrateTo5, &migrateTo6};

} // namespace

// New caches use 32 KiB pages (they had 8 KiB, SQLite's default is 4): half the b-tree
// levels' pages and a quarter of the page writes, of the journal's page copies and of the
// file-cache lookups. Measured against 8 KiB with one build, alternating (2026-11-29):
// OpenLineage 100k events 0.83 -> 0.78 s (8 pairs), 1M 12.0 -> 10.4 s; native 1M 6.31 ->
// 6.04 s; the same 100k events into a 10k cache 1.63 -> 1.52 s; the 1M snapshot load
// 0.74-0.88 -> 0.71-0.74 s; a dbt manifest into the 1M cache 1.71-2.00 -> 1.68-1.78 s; the
// file the same size. 64 KiB measured the same as 32. A file keeps the page size it was
// created with: older caches stay at 8 KiB and are read and written as they are (an empty
// one that a large first import replaces with a new file gets 32 KiB).
const char *const kPageSizePragma = "PRAGMA page_size = 32768";

const char *const kHasDataQuery
    = "SELECT EXISTS(SELECT 1 FROM entity) OR EXISTS(SELECT 1 FROM edge) "
      "OR EXISTS(SELECT 1 FROM port_dataset) OR EXISTS(SELECT 1 FROM column_edge) "
      "OR EXISTS(SELECT 1 FROM quality) OR EXISTS(SELECT 1 FROM freshness) "
      "OR EXISTS(SELECT 1 FROM contract) OR EXISTS(SELECT 1 FROM source) "
      "OR EXISTS(SELECT 1 FROM string) OR EXISTS(SELECT 1 FROM facet) "
      "OR EXISTS(SELECT 1 FROM dataset_alias) OR EXISTS(SELECT 1 FROM entity_key)";

std::span<const IndexDef> secondaryIndexes()
{
    return kIndexes;
}

void sortEntityKeys(std::vector<EntityKeyRow> &keys)
{
    const auto less = [](const EntityKeyRow &a, const EntityKeyRow &b) {
        return a.hash != b.hash ? a.hash < b.hash : a.id < b.id;
    };
    if (!std::is_sorted(keys.begin(), keys.end(), less))
        std::sort(keys.begin(), keys.end(), less);
}

Status insertEntityKeys(sqlite3 *db, std::vector<EntityKeyRow> &keys)
{
    if (keys.empty())
        return Done {};
    sortEntityKeys(keys);
    sql::BulkInsert insert;
    if (Status s = insert.prepare(db, "INSERT INTO entity_key(key_hash, entity_id) VALUES", 2, 256); !s)
        return s;
    for (const EntityKeyRow &k : keys) {
        insert.setInt(0, k.hash);
        insert.setInt(1, k.id);
        if (Status s = insert.endRow(); !s)
            return s;
    }
    if (Status s = insert.flush(); !s)
        return s;
    keys.clear();
    return Done {};
}

Result<FileInfo> inspect(sqlite3 *db, const QString &path)
{
    // Reading sqlite_master is the first thing that touches the file's contents: a file
    // that is not a database fails here (SQLITE_NOTADB) before anything could write to it.
    Result<qint64> objects = sql::queryInt(db, "SELECT count(*) FROM sqlite_master");
    if (!objects) {
        const int code = sqlite3_errcode(db);
        if (code == SQLITE_NOTADB)
            return Error {QStringLiteral("%1 is not a MeshLens cache: it is not an SQLite database")
                              .arg(shown(path))};
        return Error {
            QStringLiteral("Cannot read %1: %2").arg(shown(path), objects.errorMessage())};
    }
    Result<qint64> appId = sql::queryInt(db, "PRAGMA application_id");
    Result<qint64> version = sql::queryInt(db, "PRAGMA user_version");
    if (!appId || !version)
        return Error {
            QStringLiteral("Cannot read %1: %2")
                .arg(shown(path), !appId ? appId.errorMessage() : version.errorMessage())};
    FileInfo info;
    info.applicationId = int(appId.value());
    info.userVersion = int(version.value());
    info.objectCount = objects.value();
    return info;
}

Status checkCompatible(const FileInfo &info, const QString &path, bool readOnly)
{
    if (info.isBlank()) {
        if (readOnly)
            return Error {QStringLiteral("%1 is not a MeshLens cache: the database is empty")
                              .arg(shown(path))};
        return Done {};
    }
    if (info.applicationId != kApplicationId)
        return Error {QStringLiteral("%1 is an SQLite database but not a MeshLens cache "
                                     "(application_id %2, expected %3)")
                          .arg(shown(path))
                          .arg(info.applicationId)
                          .arg(kApplicationId)};
    if (info.userVersion > MeshCache::kSchemaVersion)
        return Error {QStringLiteral("%1 was written by a newer MeshLens (schema %2); this build "
                                     "reads schema %3 and older")
                          .arg(shown(path))
                          .arg(info.userVersion)
                          .arg(MeshCache::kSchemaVersion)};
    if (readOnly && info.userVersion <= 1)  // cannot be upgraded at all (refuseSchema1)
        return Error {QStringLiteral("%1 has cache schema %2, older than this build's schema %3 "
                                     "and not upgradable; import its sources again into a new cache")
                          .arg(shown(path))
                          .arg(info.userVersion)
                          .arg(MeshCache::kSchemaVersion)};
    if (readOnly && info.userVersion < MeshCache::kOldestReadableSchema)
        return Error {QStringLiteral("%1 has cache schema %2, older than this build's schema %3; "
                                     "upgrade it with `meshlens-cli upgrade FILE`, or open it in MeshLens")
                          .arg(shown(path))
                          .arg(info.userVersion)
                          .arg(MeshCache::kSchemaVersion)};
    return Done {};
}

Status migrate(sqlite3 *db, const FileInfo &info, const QString &path)
{
    if (info.userVersion == MeshCache::kSchemaVersion)
        return Done {};
    sql::Transaction transaction(db);
    if (Status s = transaction.begin(); !s)
        return Error {QStringLiteral("Cannot upgrade %1: %2").arg(shown(path), s.errorMessage())};
    // Another process may have upgraded the file between inspect() and the write lock.
    Result<FileInfo> current = inspect(db, path);
    if (!current)
        return current.error();
    if (Status s = checkCompatible(current.value(), path, false); !s)
        return s;
    // A blank file is created in the current layout in one step (createCurrentSchema creates it).
    const int start = current->userVersion == 0 ? MeshCache::kSchemaVersion - 1 : current->userVersion;
    if (current->userVersion == 0) {
        if (Status s = kSteps[0](db); !s)
            return Error {QStringLiteral("Cannot create the cache schema in %1: %2").arg(shown(path), s.errorMessage())};
    }
    for (int from = start; current->userVersion != 0 && from < MeshCache::kSchemaVersion; ++from) {
        if (Status s = kSteps[std::size_t(from)](db); !s)
            return Error {QStringLiteral("Cannot upgrade %1 from schema %2 to %3: %4")
                              .arg(shown(path))
                              .arg(from)
                              .arg(from + 1)
                              .arg(s.errorMessage())};
    }
    // Both header fields are written inside the transaction, so they commit with the schema.
    const std::string pragmas = "PRAGMA application_id = " + std::to_string(kApplicationId)
        + "; PRAGMA user_version = " + std::to_string(MeshCache::kSchemaVersion) + ";";
    if (Status s = sql::exec(db, pragmas.c_str()); !s)
        return s;
    if (Status s = transaction.commit(); !s)
        return Error {QStringLiteral("Cannot upgrade %1: %2").arg(shown(path), s.errorMessage())};
    return Done {};
}

} // namespace meshlens::cacheschema
