#pragma once

// Small helpers shared by the test suites: fixture graphs from a tiny text form, paths to
// the corpus and the CLI.

#include "mesh/snapshotgraph.h"

#include <QString>

namespace meshlens::test {

/// Builds a snapshot from a text form such as
///   "d1/p1: a->b; b->c; d2/p2: c->x"
/// Each "domain/product:" prefix sets where the datasets named after it live (default
/// "d/p"); "a->b" adds datasets a and b (keys "dataset:a", ...) and an edge. Domain keys are
/// "domain:<name>", product keys "product:<domain>.<name>".
SnapshotData snapshotFromText(const QString &text);
SnapshotPtr graphFromText(const QString &text);
/// The node with `key`, or kNoNode.
inline NodeId id(const SnapshotGraph &g, const char *key)
{
    const auto found = g.find(key);
    return found ? *found : kNoNode;
}

/// The third-party corpus folder ($MESHLENS_CORPUS or ../shared/corpus next to the source
/// tree), or an empty string when absent.
QString corpusDir();
/// Every file under the corpus's OpenLineage and Marquez folders whose content is
/// OpenLineage events (as the pipeline detects it); empty without a corpus.
QStringList corpusOpenLineageFiles();
/// The meshlens-cli executable built with the tests ($MESHLENS_CLI).
QString cliPath();
/// The source tree ($MESHLENS_SOURCE_DIR).
QString sourceDir();

/// Writes `bytes` as the whole content of the file at `path`; whether all were written.
bool writeFile(const QString &path, const QByteArray &bytes);

/// The first column of the first row `sql` gives on the SQLite file at `path`, opened
/// read-only (empty when there is none or the query fails).
QString querySqlite(const QString &path, const char *sql);

}  // namespace meshlens::test
