// The overlays: freshness states and their roll-up, and the graph view painting each
// overlay's colour where the boxes are (pixel checks on an offscreen render).

#include "graphitems.h"
#include "graphview.h"
#include "itemmodels/freshnessrollup.h"
#include "meshpalette.h"
#include "overlay.h"
#include "testsupport.h"

#include <QApplication>
#include <QPainter>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

constexpr Timestamp kHour = 3600 * 1000;
constexpr Timestamp kNow = 1'750'000'000'000;

NodeId idOf(const SnapshotData &data, const QString &key)
{
    for (NodeId id = 0; id < data.nodes.size(); ++id) {
        if (data.strings.string(data.nodes[id].key) == key)
            return id;
    }
    return kNoNode;
}

// Three products, one per state: "good" passes and is fresh, "late" warns and is 1.5 SLAs
// old, "bad" fails and is stale. "free" has no checks and no SLA.
SnapshotPtr stateMesh()
{
    SnapshotData data = test::snapshotFromText(
        u"d1/good: g1->g2; d1/late: l1->l2; d2/bad: b1->b2; d2/free: f1->f2; g2->l1; l2->b1"_s);
    data.asOf = kNow;
    const auto set = [&](const QString &name, HealthState q, qint64 slaHours, double ageHours) {
        SnapshotNode &n = data.nodes[idOf(data, u"dataset:"_s + name)];
        n.quality = q;
        n.freshnessSlaSeconds = slaHours * 3600;
        n.newestData = ageHours < 0 ? 0 : kNow - Timestamp(ageHours * kHour);
    };
    for (const QString &n : {u"g1"_s, u"g2"_s})
        set(n, HealthState::Pass, 2, 1);
    for (const QString &n : {u"l1"_s, u"l2"_s})
        set(n, HealthState::Warn, 2, 3);
    set(u"b1"_s, HealthState::Fail, 2, 5);
    set(u"b2"_s, HealthState::Pass, 2, -1);  // an SLA and no data ever seen: stale
    return SnapshotGraph::build(std::move(data));
}

NodeId find(const SnapshotGraph &g, const char *key)
{
    const auto id = g.find(key);
    return id ? *id : kNoNode;
}

// A pixel well inside a product box (clear of the stripe, the badge and the text).
QRgb boxPixel(GraphView &view, const QImage &image, NodeId product)
{
    NodeItem *item = view.itemForNode(product);
    if (!item)
        return 0;
    const QRectF r = item->sceneBoundingRect().adjusted(4, 4, -4, -4);
    const QPoint p = view.mapFromScene(QPointF(r.left() + r.width() * 0.7, r.bottom() - 4));
    return image.pixel(p);
}

bool reddish(QRgb c) { return qRed(c) > qGreen(c) + 25 && qRed(c) > qBlue(c) + 25; }
bool greenish(QRgb c) { return qGreen(c) > qRed(c) + 15 && qGreen(c) > qBlue(c) + 10; }
bool amber(QRgb c) { return qRed(c) > qBlue(c) + 40 && qGreen(c) > qBlue(c) + 20 && !greenish(c); }

}  // namespace

class TestOverlay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void datasetFreshnessAgainstSla()
    {
        SnapshotNode n;
        QCOMPARE(FreshnessRollup::ofDataset(n, kNow), FreshnessState::NoSla);
        n.freshnessSlaSeconds = 3600;
        QCOMPARE(FreshnessRollup::ofDataset(n, kNow), FreshnessState::Stale);  // never seen
        n.newestData = kNow - kHour;  // exactly the SLA: still fresh
        QCOMPARE(FreshnessRollup::ofDataset(n, kNow), FreshnessState::Fresh);
        n.newestData = kNow - kHour - 1;
        QCOMPARE(FreshnessRollup::ofDataset(n, kNow), FreshnessState::Late);
        n.newestData = kNow - 2 * kHour;
        QCOMPARE(FreshnessRollup::ofDataset(n, kNow), FreshnessState::Late);
        n.newestData = kNow - 2 * kHour - 1;
        QCOMPARE(FreshnessRollup::ofDataset(n, kNow), FreshnessState::Stale);
    }

    void rollUpTakesWorstWithSla()
    {
        const SnapshotPtr g = stateMesh();
        QCOMPARE(FreshnessRollup::referenceTime(*g), kNow);
        const std::vector<FreshnessState> s = FreshnessRollup::all(*g);
        QCOMPARE(s[find(*g, "product:d1.good")], FreshnessState::Fresh);
        QCOMPARE(s[find(*g, "product:d1.late")], FreshnessState::Late);
        QCOMPARE(s[find(*g, "product:d2.bad")], FreshnessState::Stale);
        QCOMPARE(s[find(*g, "product:d2.free")], FreshnessState::NoSla);
        QCOMPARE(s[find(*g, "domain:d1")], FreshnessState::Late);
        // A product without an SLA does not hide its sibling's staleness, nor vice versa.
        QCOMPARE(s[find(*g, "domain:d2")], FreshnessState::Stale);
        QCOMPARE(FreshnessRollup::ageSeconds(*g, find(*g, "dataset:l1")), 3 * 3600);
        QCOMPARE(FreshnessRollup::ageSeconds(*g, find(*g, "dataset:f1")), -1);
    }

    void clockWithoutAsOfIsNewestData()
    {
        SnapshotData data = test::snapshotFromText(u"a->b"_s);
        data.nodes[idOf(data, u"dataset:a"_s)].newestData = 5000;
        data.nodes[idOf(data, u"dataset:b"_s)].newestData = 9000;
        QCOMPARE(FreshnessRollup::referenceTime(*SnapshotGraph::build(std::move(data))), 9000);
    }

    void parsesOverlayNames()
    {
        OverlayKind k = OverlayKind::Domain;
        QVERIFY(parseOverlay(u"Quality", &k));
        QCOMPARE(k, OverlayKind::Quality);
        QVERIFY(parseOverlay(u"freshness", &k));
        QCOMPARE(k, OverlayKind::Freshness);
        QVERIFY(!parseOverlay(u"heat", &k));
        QCOMPARE(k, OverlayKind::Freshness);  // unchanged on failure
        QCOMPARE(legendFor(OverlayKind::Quality).size(), 4);
        QCOMPARE(legendFor(OverlayKind::Freshness).size(), 4);
        QVERIFY(legendFor(OverlayKind::Domain).isEmpty());
    }

    void viewPaintsOverlayColoursAtNodes()
    {
        const SnapshotPtr g = stateMesh();
        GraphView view;
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        view.zoomToFit();
        const NodeId good = find(*g, "product:d1.good"), late = find(*g, "product:d1.late"),
                     bad = find(*g, "product:d2.bad");

        view.setOverlay(OverlayKind::Quality);
        QImage image = view.viewport()->grab().toImage();
        QVERIFY2(greenish(boxPixel(view, image, good)), "passing product not green");
        QVERIFY2(amber(boxPixel(view, image, late)), "warning product not amber");
        QVERIFY2(reddish(boxPixel(view, image, bad)), "failing product not red");

        view.setOverlay(OverlayKind::Freshness);
        image = view.viewport()->grab().toImage();
        QVERIFY(greenish(boxPixel(view, image, good)));
        QVERIFY(amber(boxPixel(view, image, late)));
        QVERIFY(reddish(boxPixel(view, image, bad)));

        // Domain colours avoid the traffic lights: no box reads as a state.
        view.setOverlay(OverlayKind::Domain);
        image = view.viewport()->grab().toImage();
        for (const NodeId p : {good, late, bad})
            QVERIFY(!reddish(boxPixel(view, image, p)) && !greenish(boxPixel(view, image, p)));
    }

    void legendShowsOnlyForStateOverlays()
    {
        const SnapshotPtr g = stateMesh();
        GraphView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(g);
        // The legend's swatches sit in the bottom-left corner: count red pixels there.
        const auto redInCorner = [&] {
            const QImage image = view.viewport()->grab().toImage();
            int red = 0;
            for (int y = image.height() - 160; y < image.height(); ++y) {
                for (int x = 0; x < 220; ++x)
                    red += image.pixel(x, y) == palette::healthColor(HealthState::Fail).rgb();
            }
            return red;
        };
        view.setOverlay(OverlayKind::Domain);
        QCOMPARE(redInCorner(), 0);
        view.setOverlay(OverlayKind::Quality);
        QVERIFY(redInCorner() > 20);
    }

    // A note over the view ("Showing the 4000 strongest…") sits on a light panel in its top
    // corner, so the boxes under it do not run through its text; a long one is elided.
    void viewNoteSitsOnAPanelInItsCorner()
    {
        QImage image(600, 200, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::red);  // boxes of a strong colour under the note
        QPainter painter(&image);
        const QRectF area(image.rect());
        const QRectF right = paintViewNote(&painter, area, u"Showing 10 of 20"_s, Qt::darkGray, Qt::AlignRight);
        QVERIFY(area.contains(right));
        QVERIFY(right.right() > area.right() - 20 && right.top() < 20);  // top right
        QVERIFY(right.width() < area.width() / 2);                        // as wide as its text
        const QRectF left = paintViewNote(&painter, area.adjusted(0, 100, 0, 0),
                                          QString(400, u'x'), Qt::darkGray, Qt::AlignLeft);
        QVERIFY(left.left() < 20 && left.top() >= 100);  // top left of its area
        QVERIFY(area.contains(left));                    // elided to fit
        painter.end();
        // Inside each panel, beside the text, the pixels are near white, not the red below.
        for (const QRectF &panel : {right, left}) {
            const QRgb inside = image.pixel(QPointF(panel.left() + 4, panel.center().y()).toPoint());
            QVERIFY2(qRed(inside) > 230 && qGreen(inside) > 200 && qBlue(inside) > 200,
                     qPrintable(QColor(inside).name()));
        }
        QCOMPARE(image.pixel(5, 5), QColor(Qt::red).rgb());  // outside the panels: untouched
    }
};

QTEST_MAIN(TestOverlay)
#include "tst_overlay.moc"
