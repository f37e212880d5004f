// `meshlens-cli bench --phase frames CACHE`: what the window costs to draw. Loads the mesh,
// builds the mesh map (time to the first painted frame), then paints 1600x1000 frames at
// several zoom levels, each centred on another point of a grid across the picture (median
// and worst ms per frame), then as a drag 24 pixels a frame (pan*), then zooming 5 % a
// frame in and back out (zoom*), a drag at 60 Hz with the event loop running between frames
// (pacedPan*: what a hand on the mouse gets), the first frame after a zoom comes to rest
// (settleMs), and
// lays out and paints the lineage of the biggest hub. Offscreen; needs a QApplication.
// Environment, for a profiler or a look: MESHLENS_FRAME_SCALES=0.5,1 paints only those map
// zoom levels (and no lineage, unless MESHLENS_FRAME_LINEAGE is set); MESHLENS_FRAME_DUMP=DIR saves each level's last frame as a PNG there;
// MESHLENS_FRAME_RENDER=1 paints through QGraphicsView::render, as sessions 3 and 4 measured
// (no antialiasing: the view's render hints are not applied on that path).

#include "clicommands.h"

#include "cache/meshcache.h"
#include "clioutput.h"
#include "graphview.h"
#include "layout/focushistory.h"
#include "lineageview.h"
#include "scenetiles.h"

#include <QElapsedTimer>
#include <QCoreApplication>
#include <QThread>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;

namespace meshlens::cli {

namespace {

double msSince(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e6; }

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// This thread's CPU time in ms: unlike wall time, not inflated when the machine is busy.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Paints the view's visible area once, as the window does on an expose. Returns wall ms;
// `cpuMs` (optional) receives the CPU ms.
double paintFrame(QGraphicsView &view, QImage &frame, double *cpuMs = nullptr)
{
    QElapsedTimer t;
    t.start();
    const double cpu = threadCpuMs();
    // The window's path: a paint event for the whole viewport, which QGraphicsView::paintEvent
    // answers by culling items against the exposed region. (QGraphicsView::render takes an
    // older path that paints every item of a found item's top-level group: no guide to the
    // window once the map's items are grouped in layers.) The minimap is left out.
    static const bool viaRender = qEnvironmentVariableIsSet("MESHLENS_FRAME_RENDER");
    if (viaRender) {
        QPainter painter(&frame);
        view.render(&painter, QRectF(frame.rect()), view.viewport()->rect());
    } else {
        view.viewport()->render(&frame, QPoint(), QRegion(), QWidget::DrawWindowBackground);
    }
    if (cpuMs)
        *cpuMs = threadCpuMs() - cpu;
    return msSince(t);
}

// Runs the event loop (the view's idle turns) until `ms` have passed since `since` started.
void runEventLoopUntil(const QElapsedTimer &since, qint64 ms)
{
    while (since.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, int(ms - since.elapsed()));
}

// A widget that was never shown keeps its default size whatever resize() asked (its resize
// event waits for the show), so the view's viewport would stay 640x480 and render() would
// stretch it over the frame: every zoom level painted at about twice its scale. Shown off
// screen, the viewport is the frame.
void showOffscreen(QWidget &widget, QSize size)
{
    widget.setAttribute(Qt::WA_DontShowOnScreen);
    widget.resize(size);
    widget.show();
}

// Frames at one zoom level: centred on a grid of points across the scene (each a new view),
// then dragged a little at a time.
QJsonObject framesAt(QGraphicsView &view, qreal scale, int frames, QImage &image)
{
    if (auto *map = qobject_cast<GraphView *>(&view))
        map->setScale(scale);  // and the items drawn at that zoom, as its paint event does
    else
        view.setTransform(QTransform::fromScale(scale, scale));
    // The map keeps pictures of the last settled zoom until a new one has stayed put for
    // a moment (scenetiles.h): measure this level's own, not those of the last one scaled.
    paintFrame(view, image);
    QThread::msleep(SceneTiles::kSettleMs + 20);
    QCoreApplication::processEvents();
    const QRectF scene = view.sceneRect();
    std::vector<double> times, cpuTimes;
    const int side = std::max(1, int(std::sqrt(double(frames))));
    for (int i = 0; i < frames; ++i) {
        const qreal fx = (i % side + 0.5) / side, fy = (i / side % side + 0.5) / side;
        view.centerOn(scene.left() + scene.width() * fx, scene.top() + scene.height() * fy);
        double cpu = 0;
        times.push_back(paintFrame(view, image, &cpu));
        cpuTimes.push_back(cpu);
    }
    if (const QString dump = qEnvironmentVariable("MESHLENS_FRAME_DUMP"); !dump.isEmpty())
        image.save(dump + u"/%1-%2.png"_s.arg(QLatin1StringView(view.metaObject()->className())).arg(scale));
    // A drag: from the middle, 24 pixels a frame to the right, each frame mostly what the
    // last one showed (the frames above each show a new part of the scene). The frame at
    // the start point is a jump like those above, and is not counted.
    std::vector<double> pans, panCpu;
    const QPointF start(scene.center());
    for (int i = 0; i <= frames; ++i) {
        view.centerOn(start + QPointF(24.0 * i / scale, 0));
        double cpu = 0;
        const double ms = paintFrame(view, image, &cpu);
        if (i == 0)
            continue;
        pans.push_back(ms);
        panCpu.push_back(cpu);
    }
    // A drag as a hand makes it: a frame every 16.7 ms (60 Hz), the event loop running in
    // between (the view makes the tiles around it then), 24 pixels a frame to the left.
    std::vector<double> paced;
    view.centerOn(start);
    paintFrame(view, image);
    for (int i = 1; i <= frames; ++i) {
        QElapsedTimer slot;
        slot.start();
        view.centerOn(start - QPointF(24.0 * i / scale, 0));
        paced.push_back(paintFrame(view, image));
        runEventLoopUntil(slot, 16);
    }
    // A zoom: 5 % a frame in and back out around the level, as a wheel or a pinch does
    // (every frame at a new scale).
    std::vector<double> zooms;
    const auto scaleTo = [&view](qreal s) {
        if (auto *map = qobject_cast<GraphView *>(&view))
            map->setScale(s);
        else
            view.setTransform(QTransform::fromScale(s, s));
    };
    view.centerOn(start);
    for (int i = 0; i < frames; ++i) {
        scaleTo(scale * std::pow(1.05, i < frames / 2 ? i + 1 : frames - i));
        zooms.push_back(paintFrame(view, image));
    }
    // The end of a zoom: one step, then the zoom stays put (no event loop meanwhile) and the
    // next frame is the first at rest (settleMs); then the idle turns fill in.
    scaleTo(scale * 1.05);
    paintFrame(view, image);
    QThread::msleep(SceneTiles::kSettleMs + 20);
    const double settleMs = paintFrame(view, image);
    QElapsedTimer idle;
    idle.start();
    runEventLoopUntil(idle, 300);
    scaleTo(scale);
    return QJsonObject{{u"scale"_s, scale}, {u"medianMs"_s, median(times)},
                       {u"settleMs"_s, settleMs},
                       {u"zoomMedianMs"_s, median(zooms)},
                       {u"zoomWorstMs"_s, *std::max_element(zooms.begin(), zooms.end())},
                       {u"worstMs"_s, *std::max_element(times.begin(), times.end())},
                       {u"medianCpuMs"_s, median(cpuTimes)},
                       {u"worstCpuMs"_s, *std::max_element(cpuTimes.begin(), cpuTimes.end())},
                       {u"pacedPanMedianMs"_s, median(paced)},
                       {u"pacedPanWorstMs"_s, *std::max_element(paced.begin(), paced.end())},
                       {u"panMedianMs"_s, median(pans)},
                       {u"panWorstMs"_s, *std::max_element(pans.begin(), pans.end())},
                       {u"panMedianCpuMs"_s, median(panCpu)},
                       {u"panWorstCpuMs"_s, *std::max_element(panCpu.begin(), panCpu.end())}};
}

}  // namespace

int framesPhase(const QString &cachePath, int repeat)
{
    QElapsedTimer t;
    t.start();
    auto cache = MeshCache::open(cachePath, MeshCache::OpenMode::ReadOnly);
    if (!cache)
        return fail(u"bench"_s, cache.errorMessage());
    auto data = cache.value()->loadSnapshot(0);
    if (!data)
        return fail(u"bench"_s, data.errorMessage());
    const SnapshotPtr g = SnapshotGraph::build(std::move(data.value()));
    const double loadMs = msSince(t);

    QImage image(1600, 1000, QImage::Format_ARGB32_Premultiplied);
    GraphView map;
    showOffscreen(map, image.size());
    t.restart();
    map.setSnapshot(g);
    const double sceneMs = msSince(t);
    map.zoomToFit();
    const double firstPaintMs = paintFrame(map, image);
    const double fitScale = map.transform().m11();
    QJsonArray levels;
    const int frames = std::max(9, repeat * 3);
    // 0.35: just above 0.3, where the product dependencies appear, is the widest view that
    // draws them (the most curves a frame).
    std::vector<qreal> scales{fitScale, 0.05, 0.2, 0.35, 0.5, 1.0, 2.0};
    if (const QString only = qEnvironmentVariable("MESHLENS_FRAME_SCALES"); !only.isEmpty()) {
        scales.clear();
        for (const QString &s : only.split(u','))
            scales.push_back(s.toDouble());
    }
    for (const qreal scale : scales)
        levels.append(framesAt(map, scale, frames, image));

    // The lineage tab on the biggest hub: everything downstream, nearest 2,500.
    const LevelGraph &lg = g->level(Level::Dataset);
    std::uint32_t hub = 0;
    for (std::uint32_t v = 0; v < lg.vertexCount(); ++v)
        if (boost::out_degree(v, lg.graph) > boost::out_degree(hub, lg.graph))
            hub = v;
    QJsonObject lineage;
    if (lg.vertexCount() > 0 && (!qEnvironmentVariableIsSet("MESHLENS_FRAME_SCALES")
                                 || qEnvironmentVariableIsSet("MESHLENS_FRAME_LINEAGE"))) {
        FocusStep step;
        step.focusKey = g->keyString(lg.toGlobal[hub]);
        step.upstreamDepth = 1;
        step.downstreamDepth = kUnlimitedDepth;
        t.restart();
        FocusLayout layout = layoutFocus(*g, focusRequest(*g, step));
        const double layoutMs = msSince(t);
        const qint64 nodes = qint64(layout.subgraph.nodes.size());
        LineageView view;
        showOffscreen(view, image.size());
        view.setSnapshot(g);
        t.restart();
        view.showLayout(step, std::move(layout));
        const double buildMs = msSince(t);
        QJsonArray lineageLevels;
        for (const qreal scale : {0.05, 0.35, 1.0})
            lineageLevels.append(framesAt(view, scale, frames, image));
        lineage = QJsonObject{{u"focus"_s, step.focusKey}, {u"nodes"_s, nodes},
                              {u"layoutMs"_s, layoutMs}, {u"sceneMs"_s, buildMs},
                              {u"frames"_s, lineageLevels}};
    }
    const QJsonObject result{
        {u"loadMs"_s, loadMs}, {u"mapSceneMs"_s, sceneMs}, {u"firstPaintMs"_s, firstPaintMs},
        {u"firstFrameMs"_s, loadMs + sceneMs + firstPaintMs},
        {u"products"_s, qint64(g->nodesOfKind(EntityKind::Product).size())},
        {u"mapFrames"_s, levels}, {u"lineage"_s, lineage}};
    out(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
    return Success;
}

}  // namespace meshlens::cli
