// The minimap and zoom to selection: a click in the minimap moves the view there, the
// outline follows zoom and pan, zoom to selection brings the selected box up close.

#include "graphitems.h"
#include "graphview.h"
#include "minimap.h"
#include "testsupport.h"

#include <QScrollBar>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

class TestMinimap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clickMovesTheView()
    {
        GraphView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(test::graphFromText(
            u"d1/p1: a->b; d1/p2: c->d; d2/p3: e->f; d2/p4: g->h; d3/p5: i->j; d3/p6: k->l; b->c; f->g"_s));
        Minimap *map = view.minimap();
        QVERIFY(map);
        QTRY_VERIFY(map->isVisible());
        view.zoomBy(4);  // zoomed in: only part of the picture is on screen
        const QRectF outline = map->visibleOutline();
        QVERIFY(outline.width() < map->width() * 0.9);

        // Click near the minimap's top-left corner: the view centres there.
        const QPoint click(12, 12);
        QTest::mouseClick(map, Qt::LeftButton, {}, click);
        const QPointF target = map->toScene(click);
        const QPointF centre = view.mapToScene(view.viewport()->rect().center());
        const QRectF scene = view.sceneRect();
        // centerOn clamps at the scene's edge: the view went to the top-left area.
        QVERIFY(centre.x() < scene.center().x() && centre.y() < scene.center().y());
        QVERIFY(QLineF(centre, target).length() < scene.width() * 0.5);
        QVERIFY(map->visibleOutline().center().x() < outline.center().x() + 1);

        // Zooming out grows the outline.
        view.zoomBy(0.25);
        QVERIFY(map->visibleOutline().width() > outline.width());
    }

    // The minimap stays in the viewport's bottom-right corner while the view pans (a pan
    // scrolls the viewport's pixels, and used to carry the minimap with them).
    void staysInTheCornerWhileThePictureMoves()
    {
        GraphView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSnapshot(test::graphFromText(
            u"d1/p1: a->b; d1/p2: c->d; d2/p3: e->f; d2/p4: g->h; d3/p5: i->j; d3/p6: k->l; b->c; f->g"_s));
        Minimap *map = view.minimap();
        QTRY_VERIFY(map->isVisible());
        view.zoomBy(4);
        QCoreApplication::processEvents();
        const QRect corner = map->geometry();
        const QRect viewport = view.viewport()->geometry();
        QVERIFY(viewport.contains(corner));
        QVERIFY(viewport.right() - corner.right() < 40 && viewport.bottom() - corner.bottom() < 40);
        for (const QPoint step : {QPoint(120, 0), QPoint(0, 90), QPoint(-200, -60)}) {
            view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + step.x());
            view.verticalScrollBar()->setValue(view.verticalScrollBar()->value() + step.y());
            QCoreApplication::processEvents();
            QCOMPARE(map->geometry(), corner);
        }
    }

    void zoomToSelectionCentresTheBox()
    {
        GraphView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const SnapshotPtr g = test::graphFromText(u"d1/p1: a->b; d2/p2: c->d; d3/p3: e->f; b->c"_s);
        view.setSnapshot(g);
        const NodeId p3 = *g->find("product:d3.p3");
        view.selectNode(p3);
        const qreal before = view.transform().m11();
        view.zoomToSelection();
        QVERIFY(view.transform().m11() > before);
        // The box is on screen whole and big: about a third of the view across (the view
        // cannot scroll past the scene's edge, so a corner box is not exactly centred).
        const QRect onScreen = view.mapFromScene(view.itemForNode(p3)->sceneBoundingRect()).boundingRect();
        QVERIFY(view.viewport()->rect().contains(onScreen));
        QVERIFY2(onScreen.width() >= view.viewport()->width() / 4
                     || onScreen.height() >= view.viewport()->height() / 4,
                 qPrintable(QString::number(onScreen.width())));
    }
};

QTEST_MAIN(TestMinimap)
#include "tst_minimap.moc"
