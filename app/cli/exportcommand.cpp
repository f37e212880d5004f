// meshlens-cli export: the mesh map or a focus's lineage as PNG, SVG or PDF, painted by the
// same items as the window, offscreen (no display needed).

#include "clicommands.h"

#include "clioutput.h"
#include "graphview.h"
#include "layout/focuslayout.h"
#include "lineageview.h"
#include "mesh/timeutil.h"
#include "sceneexport.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cmath>

using namespace Qt::StringLiterals;

namespace meshlens::cli {

namespace {
// The domain map's default zoom: well inside it (below 0.09x), boxes still a fair size.
constexpr qreal kDomainMapExportZoom = 0.06;
}  // namespace

int exportCommand(const QStringList &args)
{
    const QString command = u"export"_s;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Draws the mesh map (products in their domains) or, with --focus, the lineage around "
        "a node, and writes it as PNG, SVG or PDF with the overlay's legend."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"CACHE"_s, u"Cache file."_s);
    parser.addOption({u"format"_s, u"png, svg or pdf (default: from the -o suffix)."_s, u"FORMAT"_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"Output file (required)."_s, u"FILE"_s});
    parser.addOption({u"level"_s, u"With --focus: dataset, product or domain (default dataset). "
                                  "Without: product (the mesh map, at a zoom where products are "
                                  "drawn) or domain (the mesh map zoomed out to its domain map)."_s, u"LEVEL"_s});
    parser.addOption({u"focus"_s, u"Draw the lineage within --depth hops of KEY."_s, u"KEY"_s});
    parser.addOption({u"depth"_s, u"Hops up and down around --focus, or 'all' (default 1)."_s, u"N"_s, u"1"_s});
    parser.addOption({u"overlay"_s, u"domain, quality or freshness (default domain)."_s, u"OVERLAY"_s, u"domain"_s});
    parser.addOption({u"width"_s, u"PNG width in pixels (default: 2 pixels per unit)."_s, u"PX"_s});
    parser.addOption({u"zoom"_s, u"Picture pixels (PNG) or points (SVG, PDF) per scene unit, as the "
                                 "window's zoom (1 = 100 %; default: PNG 2, SVG and PDF 1, the domain "
                                 "map 0.06)."_s, u"Z"_s});
    parser.addOption({u"view"_s, u"The window size the picture is laid out for, WxH (default 1600x1000)."_s,
                      u"WxH"_s, u"1600x1000"_s});
    parser.addOption({u"at"_s, u"The mesh as of time T (ISO 8601 or 'now')."_s, u"T"_s});
    if (!parser.parse(args))
        return fail(command, parser.errorText() + u"\nSee: meshlens-cli export --help"_s);
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText().replace(args.value(0), u"meshlens-cli export"_s));
        return Success;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return fail(command, u"expected one cache file; see --help"_s);
    if (!parser.isSet(u"output"_s))
        return fail(command, u"-o FILE is required"_s);
    ExportOptions options;
    options.path = parser.value(u"output"_s);
    if (parser.isSet(u"format"_s) ? !parseExportFormat(parser.value(u"format"_s), &options.format)
                                  : !exportFormatForPath(options.path, &options.format))
        return fail(command, u"--format: expected png, svg or pdf"_s
                                 + (parser.isSet(u"format"_s) ? u", got \""_s + parser.value(u"format"_s) + u'"'
                                                              : u" (or an -o name ending in one)"_s));
    if (!parseOverlay(parser.value(u"overlay"_s), &options.overlay))
        return fail(command, u"--overlay: expected domain, quality or freshness, got \""_s
                                 + parser.value(u"overlay"_s) + u'"');
    if (parser.isSet(u"width"_s)) {
        bool ok = false;
        options.pngWidth = parser.value(u"width"_s).toInt(&ok);
        if (!ok || options.pngWidth < 16 || options.pngWidth > kMaxPngSide)
            return fail(command, u"--width: expected pixels between 16 and %1, got \""_s.arg(kMaxPngSide)
                                     + parser.value(u"width"_s) + u'"');
    }
    if (parser.isSet(u"zoom"_s)) {
        bool ok = false;
        options.zoom = parser.value(u"zoom"_s).toDouble(&ok);
        if (!ok || !(options.zoom >= 0.005 && options.zoom <= 16))
            return fail(command, u"--zoom: expected a number between 0.005 and 16, got \""_s
                                     + parser.value(u"zoom"_s) + u'"');
        if (parser.isSet(u"width"_s))
            return fail(command, u"--zoom and --width both set the scale: give one"_s);
    }
    QSize viewSize;
    {
        const QStringList wh = parser.value(u"view"_s).split(u'x');
        bool okW = false, okH = false;
        viewSize = wh.size() == 2 ? QSize(wh[0].toInt(&okW), wh[1].toInt(&okH)) : QSize();
        if (!okW || !okH || viewSize.width() < 200 || viewSize.height() < 200 || viewSize.width() > 16384
            || viewSize.height() > 16384)
            return fail(command, u"--view: expected WxH between 200x200 and 16384x16384, got \""_s
                                     + parser.value(u"view"_s) + u'"');
    }
    int depth = 1;
    if (parser.value(u"depth"_s) == u"all") {
        depth = kUnlimitedDepth;
    } else {
        bool ok = false;
        depth = parser.value(u"depth"_s).toInt(&ok);
        if (!ok || depth < 0)
            return fail(command, u"--depth: expected a number of hops or 'all', got \""_s
                                     + parser.value(u"depth"_s) + u'"');
    }
    const bool focused = parser.isSet(u"focus"_s);
    Level level = focused ? Level::Dataset : Level::Product;
    if (parser.isSet(u"level"_s) && !parseLevel(parser.value(u"level"_s), &level))
        return fail(command, u"--level: expected dataset, product or domain, got \""_s
                                 + parser.value(u"level"_s) + u'"');
    if (!focused && level == Level::Dataset)
        return fail(command, u"--level dataset needs --focus KEY: the lineage of every dataset at "
                             "once is not a readable picture"_s);
    Timestamp at = 0;
    if (parser.isSet(u"at"_s) && !parseUserTimestamp(parser.value(u"at"_s), &at))
        return fail(command, u"--at: cannot read \""_s + parser.value(u"at"_s) + u"\" as a time"_s);

    auto graph = openSnapshot(pos[0], at);
    if (!graph)
        return fail(command, graph.errorMessage());
    const SnapshotPtr snapshot = graph.value();
    options.title = QFileInfo(pos[0]).fileName();

    Status done = Done{};
    if (focused) {
        const QByteArray key = parser.value(u"focus"_s).toUtf8();
        const auto id = snapshot->find(std::string_view(key.constData(), std::size_t(key.size())));
        if (!id)
            return fail(command, u"no node with key \""_s + parser.value(u"focus"_s) + u"\" in "_s + pos[0]);
        FocusStep step;
        step.focusKey = parser.value(u"focus"_s);
        step.level = level;
        step.upstreamDepth = step.downstreamDepth = depth;
        FocusLayout layout = layoutFocus(*snapshot, focusRequest(*snapshot, step));
        if (layout.subgraph.nodes.empty())
            return fail(command, step.focusKey + u" has no "_s + levelName(level) + u"-level node"_s);
        LineageView view;
        sizeViewOffscreen(view, viewSize);
        view.setSnapshot(snapshot);
        view.setOverlay(options.overlay);
        view.showLayout(step, std::move(layout));
        options.legendNote = view.legendNote();
        done = exportScene(*view.scene(), options);
        if (done)
            err(u"%1: lineage of %2, %3 nodes"_s.arg(options.path, step.focusKey)
                    .arg(view.layout().subgraph.nodes.size()));
    } else {
        // The mesh map as a window of --view's size shows it: never shown, so its viewport is
        // given that size explicitly (else the map is shaped for about 640x480).
        GraphView view;
        sizeViewOffscreen(view, viewSize);
        view.setSnapshot(snapshot);
        view.setOverlay(options.overlay);
        options.legendNote = view.legendNote();
        options.foreground = [&view](QPainter *painter, const QRectF &rect, qreal scale) {
            view.paintSceneForeground(painter, rect, scale);
        };
        options.levelOfDetail = [&view](qreal scale) { view.showLevelOfDetail(scale); };
        // The level is the zoom's: below kDomainMapLevelOfDetail the window shows the domain
        // map, above it the products. A zoom (or width) that draws the other level is refused.
        const QRectF scene = view.scene()->sceneRect();
        const bool domainMap = level == Level::Domain;
        if (domainMap && options.zoom <= 0 && options.pngWidth <= 0)
            options.zoom = kDomainMapExportZoom;
        const qreal zoom = exportZoom(options, scene);
        const qreal threshold = graphstyle::kDomainMapLevelOfDetail;
        if (domainMap && zoom >= threshold)
            return fail(command, u"--level domain: the domain map is drawn below %1x, and this asks for "
                                 "%2x; use a --width under %3 or a smaller --zoom"_s
                                     .arg(threshold).arg(zoom, 0, 'g', 3).arg(int(scene.width() * threshold)));
        if (!domainMap && zoom < threshold)
            return fail(command, u"--level product: products are drawn from %1x, and this asks for "
                                 "%2x (the domain map); use a --width of at least %3, a larger --zoom, "
                                 "or --level domain"_s
                                     .arg(threshold).arg(zoom, 0, 'g', 3).arg(int(std::ceil(scene.width() * threshold))));
        done = exportScene(*view.scene(), options);
        if (done)
            err(u"%1: mesh map, %2 products, %3 at %4x"_s.arg(options.path)
                    .arg(snapshot->nodesOfKind(EntityKind::Product).size())
                    .arg(domainMap ? u"domain map"_s : u"product level"_s).arg(zoom, 0, 'g', 3));
    }
    if (!done)
        return fail(command, done.errorMessage());
    return Success;
}

}  // namespace meshlens::cli
