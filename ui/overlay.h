#pragma once

#include "itemmodels/freshnessrollup.h"
#include "mesh/meshtypes.h"
#include "mesh/snapshotgraph.h"

#include <QColor>
#include <QList>
#include <QString>

#include <vector>

class QPainter;
class QRectF;
class QSizeF;

namespace meshlens {

/// What the boxes of the graph are coloured by. Later overlays (governance, diff) join here.
enum class OverlayKind { Domain, Quality, Freshness };

QString overlayName(OverlayKind kind);
/// "domain", "quality", "freshness" (the CLI's --overlay values) -> kind; false otherwise.
bool parseOverlay(QStringView text, OverlayKind *out);

/// The per-node states an overlay reads, worked out once per snapshot.
struct NodeStates {
    HealthState health = HealthState::Unknown;
    FreshnessState freshness = FreshnessState::NoSla;
};

/// Every node's states and the freshness clock, worked out once per snapshot (two roll-ups
/// over the whole mesh: not something to redo for every focus step or rebuild).
struct OverlayStates {
    std::vector<NodeStates> nodes;
    QString freshnessNote;  ///< "as of <clock> UTC", empty when the snapshot has no data times

    NodeStates of(NodeId id) const { return id < nodes.size() ? nodes[id] : NodeStates{}; }
    static OverlayStates compute(const SnapshotGraph &graph);
};

/// The colour of the box's fill and badge under an overlay; `domainColor` in Domain mode.
QColor overlayColor(OverlayKind kind, const NodeStates &states, const QColor &domainColor);
/// A short "Quality: Fail" line for tooltips and the legend.
QString overlayStateText(OverlayKind kind, const NodeStates &states);

struct LegendEntry {
    QColor color;
    QString label;
};

/// The legend of an overlay (empty for Domain: the boxes name their domains).
QList<LegendEntry> legendFor(OverlayKind kind);

/// The size paintLegend() needs, margins included (empty when the overlay has no legend).
QSizeF legendSize(OverlayKind kind, const QString &note);

/// Draws the legend box into `area`'s bottom-left corner (device coordinates), with a title
/// and a line of fine print (e.g. the freshness clock). Shared by the views and exports.
void paintLegend(QPainter *painter, const QRectF &area, OverlayKind kind, const QString &note);

/// Draws a one-line note about the view (e.g. "Showing the 4000 strongest…") at the top of
/// `area` (device coordinates) on a light panel, so that it stays readable over the boxes
/// beneath it. `alignment` is Qt::AlignLeft or Qt::AlignRight; the text is elided to fit.
/// Returns the panel's rectangle.
QRectF paintViewNote(QPainter *painter, const QRectF &area, const QString &text,
                     const QColor &color, Qt::Alignment alignment);

}  // namespace meshlens
