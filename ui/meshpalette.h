#pragma once

#include "itemmodels/freshnessrollup.h"
#include "mesh/meshtypes.h"
#include "mesh/snapshotgraph.h"

#include <QColor>

namespace meshlens {

/// The colours of the mesh views in one place, so the tree, the graph and exports agree:
/// one hue per domain and the health traffic lights.
namespace palette {

/// A distinct, medium-saturation hue for the domain at `index` (cycles after 12).
QColor domainColor(int index);
/// The colour of a domain node (its rank among the snapshot's domains), the same in every
/// view; grey for kNoNode (datasets outside any domain).
QColor domainColorFor(const SnapshotGraph &graph, NodeId domain);
/// Pass green, Warn amber, Fail red, Unknown grey.
QColor healthColor(HealthState state);

/// Fresh green, Late amber, Stale red, No SLA grey (the health lights, one meaning each).
QColor freshnessColor(FreshnessState state);

QColor canvasBackground();
QColor edgeColor();
QColor selectionColor();
/// The upstream side of a selection: the edges and buses that lead into it.
QColor upstreamColor();

}  // namespace palette
}  // namespace meshlens
