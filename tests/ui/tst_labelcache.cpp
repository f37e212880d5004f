// LabelCache: labels laid out once (glyph runs) land where QPainter::drawText puts them,
// texts are plain (a name with "<b>" is not markup), a changed text or font is laid out
// again, and only the most recently drawn `capacity` labels are kept.

#include "labelcache.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace meshlens;
using namespace Qt::StringLiterals;

namespace {

// The bounding box of the dark (text) pixels.
QRect ink(const QImage &image)
{
    QRect box;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 128)
                box |= QRect(x, y, 1, 1);
    return box;
}

QImage blank()
{
    QImage image(400, 60, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

}  // namespace

class TestLabelCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawsWhereDrawTextDoes_data()
    {
        QTest::addColumn<int>("align");
        QTest::addColumn<QString>("text");
        QTest::newRow("left") << int(Qt::AlignLeft) << u"orders_daily \u00b7 finance"_s;
        QTest::newRow("right") << int(Qt::AlignRight) << u"12 products  \u00b7  480 datasets"_s;
        QTest::newRow("centre") << int(Qt::AlignHCenter) << u"billing"_s;
        QTest::newRow("markup is text") << int(Qt::AlignLeft) << u"<b>raw</b> & <i>x</i>"_s;
    }

    void drawsWhereDrawTextDoes()
    {
        QFETCH(int, align);
        QFETCH(QString, text);
        const QRectF rect(20, 10, 360, 40);
        QFont font = QApplication::font();
        font.setPointSizeF(11);
        LabelCache cache;
        QImage cached = blank(), direct = blank();
        {
            QPainter p(&cached);
            p.setPen(Qt::black);
            cache.draw(&p, this, 0, text, font, rect, Qt::Alignment(align));
        }
        {
            QPainter p(&direct);
            p.setPen(Qt::black);
            p.setFont(font);
            p.drawText(rect, Qt::Alignment(align) | Qt::AlignVCenter, text);
        }
        const QRect a = ink(cached), b = ink(direct);
        QVERIFY(!b.isEmpty());
        QVERIFY2(std::abs(a.left() - b.left()) <= 2 && std::abs(a.right() - b.right()) <= 2
                     && std::abs(a.top() - b.top()) <= 2 && std::abs(a.bottom() - b.bottom()) <= 2,
                 qPrintable(u"cached (%1,%2 %3x%4), drawText (%5,%6 %7x%8)"_s.arg(a.x()).arg(a.y())
                                .arg(a.width()).arg(a.height()).arg(b.x()).arg(b.y()).arg(b.width()).arg(b.height())));
    }

    void changedTextOrFontIsLaidOutAgain()
    {
        LabelCache cache;
        const QRectF rect(10, 10, 380, 40);
        QFont font = QApplication::font();
        const auto width = [&](const QString &text, const QFont &f) {
            QImage image = blank();
            QPainter p(&image);
            p.setPen(Qt::black);
            cache.draw(&p, this, 0, text, f, rect, Qt::AlignLeft);
            p.end();
            return ink(image).width();
        };
        const int shortText = width(u"abc"_s, font);
        const int longText = width(u"abcabcabcabc"_s, font);
        QVERIFY(longText > shortText * 2);
        QFont big = font;
        big.setPointSizeF(font.pointSizeF() * 2);
        QVERIFY(width(u"abcabcabcabc"_s, big) > longText * 3 / 2);
        QCOMPARE(cache.size(), std::size_t(1));  // one owner, one slot
    }

    void keepsTheMostRecentlyDrawn()
    {
        LabelCache cache(4);
        QImage image = blank();
        QPainter p(&image);
        const QFont font = QApplication::font();
        int owners[10];
        for (int i = 0; i < 10; ++i) {
            cache.draw(&p, &owners[i], 0, QString::number(i), font, QRectF(0, 0, 50, 20), Qt::AlignLeft);
            QVERIFY(cache.size() <= 4);
        }
        QCOMPARE(cache.size(), std::size_t(4));
        cache.draw(&p, &owners[9], 1, u"x"_s, font, QRectF(0, 0, 50, 20), Qt::AlignLeft);
        QCOMPARE(cache.size(), std::size_t(4));
        cache.draw(&p, &owners[5], 0, QString(), font, QRectF(0, 0, 50, 20), Qt::AlignLeft);  // empty: nothing kept
        QCOMPARE(cache.size(), std::size_t(4));
        cache.clear();
        QCOMPARE(cache.size(), std::size_t(0));
    }
};

QTEST_MAIN(TestLabelCache)
#include "tst_labelcache.moc"
