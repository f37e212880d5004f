#pragma once

#include "cache/meshcache.h"
#include "ingest/mapping.h"
#include "mesh/result.h"
#include "mesh/snapshotgraph.h"

#include <QStringList>

#include <optional>

namespace meshlens::cli {

/// "added 3 datasets, 2 edges; seen again 1 jobs" for what a write did.
QString summaryLine(const WriteSummary &summary);

/// Reads the file of `--mapping FILE` when the option is set: its warnings and errors go
/// to stderr; false (with `*code` set) when it has errors. `*mapping` stays empty without
/// the option.
bool readMappingOption(const QString &command, const QString &path, std::optional<Mapping> *mapping,
                       int *code);

/// Opens a cache read-only and loads the mesh as of `at` (0 = now) into a graph.
Result<SnapshotPtr> openSnapshot(const QString &path, Timestamp at);

// Each command takes its own arguments (argv[0] is "meshlens-cli <command>") and returns
// the process exit code. They reach everything through meshlens_models alone.
int ingestCommand(const QStringList &args);
int statsCommand(const QStringList &args);
int upgradeCommand(const QStringList &args);
int lineageCommand(const QStringList &args);
int generateCommand(const QStringList &args);
int benchCommand(const QStringList &args);
int layoutCommand(const QStringList &args);
int searchCommand(const QStringList &args);
/// `bench --phase search CACHE`: index build time and memory, query times (JSON).
int searchBenchPhase(const QString &cachePath, int repeat);
int pullCommand(const QStringList &args);
/// Needs a QApplication (it paints widgets' scenes offscreen); main() makes one for it.
int exportCommand(const QStringList &args);
/// `bench --phase frames CACHE` (a QApplication child, like export).
int framesPhase(const QString &cachePath, int repeat);

}  // namespace meshlens::cli
