// Qt 6.4's raster engine hands big fills to the global thread pool and waits; inlinefills.h
// makes the GUI thread paint them itself by answering QThreadPool::contains() for it. These
// tests check that the answer reaches Qt (a fill completes while every pool thread is
// busy), that other threads still get Qt's own answer, and that the pictures are the same.

#include "inlinefills.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSemaphore>
#include <QTest>
#include <QThreadPool>

#include <atomic>
#include <thread>

using namespace meshlens;

namespace {

// Antialiased shapes far taller than the 96 spans above which Qt 6.4 splits a fill.
QImage picture()
{
    QImage image(900, 900, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor(30, 90, 160, 140));
    p.setPen(QPen(QColor(200, 80, 20), 5));
    p.drawEllipse(QRectF(20, 20, 860, 860));
    QPainterPath curve(QPointF(10, 880));
    curve.cubicTo(300, 10, 600, 890, 890, 15);
    p.setBrush(Qt::NoBrush);
    p.drawPath(curve);
    return image;
}

// Occupies every thread of the global pool until released (or `limitMs` pass).
class BusyPool
{
public:
    explicit BusyPool(int limitMs)
    {
        QThreadPool *pool = QThreadPool::globalInstance();
        m_threads = pool->maxThreadCount();
        for (int i = 0; i < m_threads; ++i) {
            pool->start([this, limitMs] {
                m_started.release();
                m_release.tryAcquire(1, limitMs);
            });
        }
        m_started.acquire(m_threads);
    }
    ~BusyPool()
    {
        m_release.release(m_threads);
        QThreadPool::globalInstance()->waitForDone();
    }

private:
    int m_threads = 0;
    QSemaphore m_started, m_release;
};

}  // namespace

class TestInlineFills : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
#ifndef MESHLENS_INLINE_FILLS
        QSKIP("this build cannot interpose QThreadPool::contains (see ui/CMakeLists.txt)");
#endif
        if (qEnvironmentVariableIntValue("MESHLENS_PARALLEL_FILLS") != 0)
            QSKIP("MESHLENS_PARALLEL_FILLS is set: Qt's own behaviour is asked for");
        QVERIFY2(inlinefills::active(), "the executable's QThreadPool::contains is the one Qt calls");
        QVERIFY(inlinefills::install());
    }

    // The GUI thread counts as a pool thread; any other thread gets Qt's answer; switched
    // off, the GUI thread gets Qt's answer too.
    void onlyTheGuiThreadIsAnsweredForTheGuiThread()
    {
        QThreadPool *pool = QThreadPool::globalInstance();
        QVERIFY(pool->contains(QThread::currentThread()));
        bool other = true;
        std::thread worker([&] { other = pool->contains(QThread::currentThread()); });
        worker.join();
        QVERIFY(!other);
        inlinefills::setEnabled(false);
        QVERIFY(!pool->contains(QThread::currentThread()));
        inlinefills::setEnabled(true);
        QVERIFY(inlinefills::enabled());
    }

    // With every pool thread busy, a big antialiased fill still finishes at once: it is
    // painted here, not queued behind them. Switched off, the same fill waits until the
    // pool is free again (Qt's own behaviour): the test would hang there if the switch did
    // nothing, so that half waits for a pool that frees itself after 1.5 s.
    void bigFillsArePaintedOnTheGuiThread()
    {
        {
            BusyPool busy(10000);
            QElapsedTimer t;
            t.start();
            const QImage image = picture();
            QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
            QVERIFY(image.pixel(450, 450) != QColor(Qt::white).rgb());
        }
        inlinefills::setEnabled(false);
        {
            BusyPool busy(1500);
            QElapsedTimer t;
            t.start();
            picture();
            QVERIFY2(t.elapsed() >= 1000, qPrintable(QString::number(t.elapsed())));
        }
        inlinefills::setEnabled(true);
    }

    // Painted here or by the pool, the picture is the same.
    void thePictureIsTheSame()
    {
        const QImage inlined = picture();
        inlinefills::setEnabled(false);
        const QImage pooled = picture();
        inlinefills::setEnabled(true);
        QCOMPARE(inlined, pooled);
    }
};

QTEST_MAIN(TestInlineFills)
#include "tst_inlinefills.moc"
