#pragma once

#include <QFont>
#include <QGlyphRun>
#include <QList>
#include <QSizeF>
#include <QString>

#include <list>
#include <unordered_map>

class QPainter;
class QRectF;

namespace meshlens {

/// Labels laid out once and drawn many times: the texts of the boxes in view, kept as the
/// glyph runs of a QTextLayout (what drawText shapes on every call; QStaticText would do, but
/// collapses runs of spaces). Drawing them skips shaping the text again, which at 0.5x-1x,
/// with a few hundred labels in view, was most of a frame. The texts of the boxes drawn least recently are
/// dropped beyond `capacity`, so that panning across a million-dataset mesh keeps only what
/// was lately on screen. One per scene, reached through SceneStyle; not thread-safe (the GUI
/// thread paints).
class LabelCache
{
public:
    explicit LabelCache(std::size_t capacity = 6000) : m_capacity(capacity) {}

    /// Draws `text` in `font` inside `rect` (left, right or horizontally centred, and
    /// vertically centred, as QPainter::drawText with those flags would) with the painter's
    /// pen, reusing the layout kept for (`owner`, `slot`) when text and font are the same.
    /// On a device other than an image or a screen (SVG, PDF, a printer) it is drawText.
    void draw(QPainter *painter, const void *owner, int slot, const QString &text,
              const QFont &font, const QRectF &rect, Qt::Alignment align);
    /// Forgets every text (the scene's items are gone).
    void clear();
    std::size_t size() const { return m_entries.size(); }
    std::size_t capacity() const { return m_capacity; }

private:
    struct Key {
        const void *owner;
        int slot;
        bool operator==(const Key &o) const { return owner == o.owner && slot == o.slot; }
    };
    struct KeyHash {
        std::size_t operator()(const Key &k) const
        {
            return std::hash<const void *>()(k.owner) * 31 + std::size_t(k.slot);
        }
    };
    struct Entry {
        QString text;
        QFont font;
        QList<QGlyphRun> glyphs;  // positions from the line's top-left
        QSizeF size;              // natural width, line height
        std::list<Key>::iterator age;
    };

    std::size_t m_capacity;
    std::unordered_map<Key, Entry, KeyHash> m_entries;
    std::list<Key> m_ages;  // most recently drawn first
};

}  // namespace meshlens
