// Expanding from the lineage view's context menu keeps the user's place (issue 4, "Stable"):
// the zoom stays, the expanded node stays on the same spot of the screen (within 2 px), and
// so do the other nodes that were shown; the new ones appear beside the expanded node.

#include "lineageitems.h"
#include "lineagepanel.h"
#include "testsupport.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

NodeId id(const SnapshotGraph &g, const QString &name)
{
    const QByteArray key = (u"dataset:"_s + name).toUtf8();
    const auto found = g.find({key.constData(), std::size_t(key.size())});
    return found ? *found : kNoNode;
}

// Where a node's box centre is on the screen (viewport pixels).
QPointF onScreen(LineageView *view, NodeId node)
{
    const LineageNodeItem *item = view->itemForNode(node);
    return item ? view->viewportTransform().map(item->sceneBoundingRect().center()) : QPointF(-1e9, -1e9);
}

}  // namespace

class TestLineageExpand : public QObject
{
    Q_OBJECT

private:
    // c's neighbourhood: b, u upstream, d downstream; u has three more sources, b two.
    SnapshotPtr m_graph = test::graphFromText(
        u"a->b; k->b; b->c; u->c; c->d; d->e; v->u; w->u; z->u; z->b; e2->d"_s);

    bool waitForLayout(LineageView *view)
    {
        QSignalSpy ready(view, &LineageView::layoutReady);
        return ready.wait(5000);
    }

    // Right-clicks `node` and picks `action` from the menu, as a user would.
    void pick(LineageView *view, NodeId node, const QString &action)
    {
        const QPoint at = onScreen(view, node).toPoint();
        bool picked = false;
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *a : menu->actions()) {
                if (a->text() == action && a->isEnabled()) {
                    a->trigger();
                    picked = true;
                }
            }
            menu->close();
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &event);
        QVERIFY2(picked, qPrintable(action));
    }

private Q_SLOTS:
    void expandingKeepsTheScreenPlace()
    {
        LineagePanel panel;
        panel.resize(1600, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSnapshot(m_graph);
        LineageView *view = panel.view();
        panel.focusOn(id(*m_graph, u"c"_s));
        QVERIFY(waitForLayout(view));
        // The user zoomed and scrolled: a fit after the expansion would undo both. (Room is
        // left on both sides for the new boxes, so nothing needs to pan to show them.)
        view->zoomBy(0.9);
        view->centerOn(view->itemForNode(id(*m_graph, u"c"_s))->sceneBoundingRect().center() + QPointF(20, 0));
        const qreal zoom = view->transform().m11();
        const NodeId u = id(*m_graph, u"u"_s);
        const QStringList watched{u"u"_s, u"b"_s, u"c"_s, u"d"_s};
        std::vector<QPointF> was;
        for (const QString &name : watched)
            was.push_back(onScreen(view, id(*m_graph, name)));
        QVERIFY(!view->itemForNode(id(*m_graph, u"v"_s)));

        pick(view, u, u"Expand Upstream"_s);
        QVERIFY(waitForLayout(view));
        QVERIFY(view->itemForNode(id(*m_graph, u"v"_s)));
        QVERIFY(view->itemForNode(id(*m_graph, u"w"_s)));
        QCOMPARE(view->transform().m11(), zoom);
        for (std::size_t i = 0; i < was.size(); ++i) {
            const QPointF now = onScreen(view, id(*m_graph, watched[int(i)]));
            QVERIFY2(QLineF(now, was[i]).length() <= 2.0,
                     qPrintable(u"%1 moved from (%2, %3) to (%4, %5)"_s.arg(watched[int(i)])
                                    .arg(was[i].x()).arg(was[i].y()).arg(now.x()).arg(now.y())));
        }
        // The new sources are left of u, in the column next to it.
        const QPointF at = onScreen(view, u);
        for (const QString &name : {u"v"_s, u"w"_s}) {
            const QPointF p = onScreen(view, id(*m_graph, name));
            QVERIFY2(p.x() < at.x() - 100 * zoom, qPrintable(name));
        }

        // Downstream too, from a node that itself came with the first expansion's neighbour.
        const NodeId d = id(*m_graph, u"d"_s);
        const QPointF dWas = onScreen(view, d), cWas = onScreen(view, id(*m_graph, u"c"_s));
        pick(view, d, u"Expand Downstream"_s);
        QVERIFY(waitForLayout(view));
        QVERIFY(view->itemForNode(id(*m_graph, u"e"_s)));
        QVERIFY(QLineF(onScreen(view, d), dWas).length() <= 2.0);
        QVERIFY(QLineF(onScreen(view, id(*m_graph, u"c"_s)), cWas).length() <= 2.0);

        // Back is a new layout of the smaller neighbourhood (fitted): no e any more.
        panel.back();
        QVERIFY(waitForLayout(view));
        QVERIFY(!view->itemForNode(id(*m_graph, u"e"_s)));
    }

    // When the new boxes would land off screen, the view pans the least that shows them
    // (16 px from the edge), keeping the expanded box on screen and the others where they
    // were relative to it; when they land on screen, nothing pans.
    void expandingPansToNewBoxesOffScreen()
    {
        LineagePanel panel;
        panel.resize(1100, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSnapshot(m_graph);
        LineageView *view = panel.view();
        panel.focusOn(id(*m_graph, u"c"_s));
        QVERIFY(waitForLayout(view));
        view->setTransform(QTransform::fromScale(1.5, 1.5));
        // u at the left edge: its sources will come in a column left of it, off screen.
        const NodeId u = id(*m_graph, u"u"_s), c = id(*m_graph, u"c"_s);
        view->centerOn(view->itemForNode(u)->sceneBoundingRect().center()
                       + QPointF(view->viewport()->width() / 2.0 / 1.5 - 90, 0));
        const QPointF uWas = onScreen(view, u), cWas = onScreen(view, c);
        QVERIFY2(uWas.x() > 0 && uWas.x() < 200, qPrintable(QString::number(uWas.x())));

        pick(view, u, u"Expand Upstream"_s);
        QVERIFY(waitForLayout(view));
        const QRectF viewRect(view->viewport()->rect());
        qreal leftmost = 1e9;
        for (const QString &name : {u"v"_s, u"w"_s, u"z"_s}) {
            const LineageNodeItem *item = view->itemForNode(id(*m_graph, name));
            QVERIFY2(item, qPrintable(name));
            const QRectF r = view->viewportTransform().mapRect(item->sceneBoundingRect());
            QVERIFY2(viewRect.contains(r), qPrintable(name + u" is off screen"_s));
            leftmost = std::min(leftmost, r.left());
        }
        QVERIFY2(std::abs(leftmost - 16) <= 2, qPrintable(QString::number(leftmost)));  // the least pan
        const QPointF uNow = onScreen(view, u);
        QVERIFY(uNow.x() > uWas.x() + 50);  // it panned right
        QVERIFY(viewRect.contains(view->viewportTransform().mapRect(view->itemForNode(u)->sceneBoundingRect())));
        QVERIFY(QLineF(onScreen(view, c) - cWas, uNow - uWas).length() <= 2.0);  // moved together
        QCOMPARE(view->transform().m11(), 1.5);

        // Downstream from d, on the right: e comes on screen too, and d stays on it.
        const NodeId d = id(*m_graph, u"d"_s);
        pick(view, d, u"Expand Downstream"_s);
        QVERIFY(waitForLayout(view));
        const auto shown = [&](const QString &name) {
            const LineageNodeItem *item = view->itemForNode(id(*m_graph, name));
            return item && viewRect.contains(view->viewportTransform().mapRect(item->sceneBoundingRect()));
        };
        QVERIFY(shown(u"e"_s));
        QVERIFY(shown(u"d"_s));
    }
};

QTEST_MAIN(TestLineageExpand)
#include "tst_lineageexpand.moc"
