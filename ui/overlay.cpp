#include "overlay.h"

#include "itemmodels/displaytext.h"
#include "itemmodels/healthrollup.h"
#include "meshpalette.h"

#include <QApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>
#include <QSizeF>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace meshlens {

QString overlayName(OverlayKind kind)
{
    switch (kind) {
    case OverlayKind::Quality: return u"Quality"_s;
    case OverlayKind::Freshness: return u"Freshness"_s;
    case OverlayKind::Domain: break;
    }
    return u"Domain"_s;
}

bool parseOverlay(QStringView text, OverlayKind *out)
{
    for (const OverlayKind kind : {OverlayKind::Domain, OverlayKind::Quality, OverlayKind::Freshness}) {
        if (text.compare(overlayName(kind), Qt::CaseInsensitive) == 0) {
            *out = kind;
            return true;
        }
    }
    return false;
}

OverlayStates OverlayStates::compute(const SnapshotGraph &graph)
{
    OverlayStates out;
    const Timestamp clock = FreshnessRollup::referenceTime(graph);
    const std::vector<HealthState> health = HealthRollup::all(graph);
    const std::vector<FreshnessState> freshness = FreshnessRollup::all(graph, clock);
    out.nodes.resize(graph.nodeCount());
    for (NodeId id = 0; id < graph.nodeCount(); ++id)
        out.nodes[id] = {health[id], freshness[id]};
    if (clock > 0)
        out.freshnessNote = u"as of "_s
            + QDateTime::fromMSecsSinceEpoch(clock, Qt::UTC).toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;
    return out;
}

QColor overlayColor(OverlayKind kind, const NodeStates &states, const QColor &domainColor)
{
    switch (kind) {
    case OverlayKind::Quality: return palette::healthColor(states.health);
    case OverlayKind::Freshness: return palette::freshnessColor(states.freshness);
    case OverlayKind::Domain: break;
    }
    return domainColor;
}

QString overlayStateText(OverlayKind kind, const NodeStates &states)
{
    if (kind == OverlayKind::Freshness)
        return u"Freshness: "_s + freshnessLabel(states.freshness);
    return u"Quality: "_s + healthLabel(states.health);
}

QList<LegendEntry> legendFor(OverlayKind kind)
{
    QList<LegendEntry> entries;
    if (kind == OverlayKind::Quality) {
        for (const HealthState s : {HealthState::Pass, HealthState::Warn, HealthState::Fail, HealthState::Unknown})
            entries.append({palette::healthColor(s), healthLabel(s)});
    } else if (kind == OverlayKind::Freshness) {
        const QString labels[] = {u"Fresh (within SLA)"_s, u"Late (up to 2\u00d7 SLA)"_s,
                                  u"Stale (beyond 2\u00d7 SLA)"_s, u"No SLA"_s};
        const FreshnessState states[] = {FreshnessState::Fresh, FreshnessState::Late,
                                         FreshnessState::Stale, FreshnessState::NoSla};
        for (int i = 0; i < 4; ++i)
            entries.append({palette::freshnessColor(states[i]), labels[i]});
    }
    return entries;
}

namespace {

struct LegendMetrics {
    QFont font;
    QFont bold;
    qreal line = 0;
    qreal swatch = 0;
    qreal width = 0;
    qreal height = 0;
};

LegendMetrics measureLegend(const QList<LegendEntry> &entries, OverlayKind kind, const QString &note)
{
    LegendMetrics m;
    m.font = QApplication::font();
    m.bold = m.font;
    m.bold.setBold(true);
    const QFontMetricsF fm(m.font);
    m.line = fm.height() + 4;
    m.swatch = fm.height() * 0.8;
    m.width = QFontMetricsF(m.bold).horizontalAdvance(overlayName(kind));
    for (const LegendEntry &e : entries)
        m.width = std::max(m.width, m.swatch + 8 + fm.horizontalAdvance(e.label));
    if (!note.isEmpty())
        m.width = std::max(m.width, fm.horizontalAdvance(note));
    m.height = m.line * qreal(entries.size() + 1 + (note.isEmpty() ? 0 : 1)) + 12;
    return m;
}

}  // namespace

QSizeF legendSize(OverlayKind kind, const QString &note)
{
    const QList<LegendEntry> entries = legendFor(kind);
    if (entries.isEmpty())
        return {};
    const LegendMetrics m = measureLegend(entries, kind, note);
    return {m.width + 24 + 24, m.height + 24};
}

namespace {

// The light rounded panel under the legend and the notes over a view (antialiased from here
// on: callers save and restore the painter around it).
void paintPanel(QPainter *painter, const QRectF &panel)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0, 0, 0, 40), 1));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(panel, 6, 6);
}

}  // namespace

void paintLegend(QPainter *painter, const QRectF &area, OverlayKind kind, const QString &note)
{
    const QList<LegendEntry> entries = legendFor(kind);
    if (entries.isEmpty())
        return;
    const LegendMetrics m = measureLegend(entries, kind, note);
    const QFont &font = m.font;
    const QFont &bold = m.bold;
    const qreal line = m.line;
    const qreal swatch = m.swatch;
    const qreal width = m.width;
    const qreal height = m.height;
    const QRectF box(area.left() + 12, area.bottom() - height - 12, width + 24, height);
    painter->save();
    paintPanel(painter, box);
    qreal y = box.top() + 6;
    painter->setFont(bold);
    painter->setPen(QColor::fromRgb(0x1f2933));
    painter->drawText(QRectF(box.left() + 12, y, width, line), Qt::AlignLeft | Qt::AlignVCenter,
                      overlayName(kind));
    y += line;
    painter->setFont(font);
    for (const LegendEntry &e : entries) {
        painter->setPen(QPen(e.color.darker(130), 1));
        painter->setBrush(e.color);
        painter->drawRoundedRect(QRectF(box.left() + 12, y + (line - swatch) / 2, swatch, swatch), 2, 2);
        painter->setPen(QColor::fromRgb(0x1f2933));
        painter->drawText(QRectF(box.left() + 12 + swatch + 8, y, width, line),
                          Qt::AlignLeft | Qt::AlignVCenter, e.label);
        y += line;
    }
    if (!note.isEmpty()) {
        painter->setPen(QColor::fromRgb(0x5f6b7a));
        painter->drawText(QRectF(box.left() + 12, y, width, line), Qt::AlignLeft | Qt::AlignVCenter, note);
    }
    painter->restore();
}

QRectF paintViewNote(QPainter *painter, const QRectF &area, const QString &text,
                     const QColor &color, Qt::Alignment alignment)
{
    constexpr qreal kMargin = 8, kPadX = 10, kPadY = 4;
    const QFontMetricsF metrics(painter->font());
    const qreal room = std::max<qreal>(0, area.width() - 2 * kMargin - 2 * kPadX);
    const QString shown = metrics.elidedText(text, Qt::ElideRight, room);
    const qreal width = metrics.horizontalAdvance(shown) + 2 * kPadX;
    const qreal height = metrics.height() + 2 * kPadY;
    const qreal left = alignment & Qt::AlignRight ? area.right() - kMargin - width : area.left() + kMargin;
    const QRectF panel(left, area.top() + kMargin, width, height);
    painter->save();
    paintPanel(painter, panel);
    painter->setPen(color);
    painter->drawText(panel.adjusted(kPadX, 0, -kPadX, 0), Qt::AlignVCenter | Qt::AlignLeft, shown);
    painter->restore();
    return panel;
}

}  // namespace meshlens
