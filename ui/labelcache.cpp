#include "labelcache.h"

#include <QPaintEngine>
#include <QPainter>
#include <QTextLayout>

namespace meshlens {

void LabelCache::draw(QPainter *painter, const void *owner, int slot, const QString &text,
                      const QFont &font, const QRectF &rect, Qt::Alignment align)
{
    if (text.isEmpty())
        return;
    if (painter->paintEngine() && painter->paintEngine()->type() != QPaintEngine::Raster) {
        // SVG and PDF keep text as text (searchable, selectable) only from drawText; glyph
        // runs reach them as bare glyphs. Exports are painted once, so nothing is lost.
        painter->setFont(font);
        painter->drawText(rect, align | Qt::AlignVCenter, text);
        return;
    }
    const Key key{owner, slot};
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        if (m_entries.size() >= m_capacity && !m_ages.empty()) {
            m_entries.erase(m_ages.back());
            m_ages.pop_back();
        }
        m_ages.push_front(key);
        it = m_entries.emplace(key, Entry{QString(), QFont(), {}, QSizeF(), m_ages.begin()}).first;
    } else if (it->second.age != m_ages.begin()) {
        m_ages.splice(m_ages.begin(), m_ages, it->second.age);
    }
    Entry &entry = it->second;
    if (entry.size.isEmpty() || entry.text != text || entry.font != font) {
        entry.text = text;
        entry.font = font;
        QTextLayout layout(text, font);
        layout.beginLayout();
        QTextLine line = layout.createLine();
        layout.endLayout();
        entry.glyphs = layout.glyphRuns();
        entry.size = QSizeF(line.naturalTextWidth(), line.height());
    }
    const QSizeF size = entry.size;
    qreal x = rect.left();
    if (align & Qt::AlignRight)
        x = rect.right() - size.width();
    else if (align & Qt::AlignHCenter)
        x = rect.center().x() - size.width() / 2;
    // Unlike drawText, no clip to `rect` when the text overflows it; elided texts fit.
    const QPointF at(x, rect.center().y() - size.height() / 2);
    for (const QGlyphRun &run : std::as_const(entry.glyphs))
        painter->drawGlyphRun(at, run);
}

void LabelCache::clear()
{
    m_entries.clear();
    m_ages.clear();
}

}  // namespace meshlens
