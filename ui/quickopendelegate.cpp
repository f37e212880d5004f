#include "quickopendelegate.h"

#include "itemmodels/displaytext.h"
#include "meshpalette.h"
#include "search/searchresultmodel.h"

#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

constexpr int kMargin = 8;
constexpr int kDot = 8;

// The kind label's hue: muted, and away from the health colours.
QColor kindColor(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Domain: return QColor::fromRgb(0x6b5b95);
    case EntityKind::Product: return QColor::fromRgb(0x3d6a99);
    case EntityKind::Port: return QColor::fromRgb(0x3f8582);
    case EntityKind::Dataset: return QColor::fromRgb(0x5f6b7a);
    case EntityKind::Job: return QColor::fromRgb(0x9c6b2e);
    }
    return QColor::fromRgb(0x5f6b7a);
}

// Draws `text` from the left of `rect`, the characters at `positions` (ascending UTF-16
// indices) in bold accent; stops with an ellipsis when the width runs out.
void drawHighlighted(QPainter *painter, const QRect &rect, const QString &text,
                     const QList<int> &positions, const QFont &font, const QColor &color,
                     const QColor &accent)
{
    QFont bold = font;
    bold.setBold(true);
    const QFontMetrics plainMetrics(font), boldMetrics(bold);
    const int ellipsis = plainMetrics.horizontalAdvance(u"\u2026"_s);
    int x = rect.left();
    qsizetype next = 0;  // index into positions
    for (qsizetype i = 0; i < text.size();) {
        // A run of characters that are all matched or all not.
        const bool on = next < positions.size() && positions[next] == i;
        qsizetype end = i + 1;
        if (on) {
            ++next;
            while (end < text.size() && next < positions.size() && positions[next] == end) {
                ++end;
                ++next;
            }
        } else {
            end = next < positions.size() ? positions[next] : text.size();
        }
        const QString run = text.mid(i, end - i);
        const QFontMetrics &metrics = on ? boldMetrics : plainMetrics;
        const int width = metrics.horizontalAdvance(run);
        const bool last = end >= text.size();
        if (x + width > rect.right() - (last ? 0 : ellipsis)) {
            // Not all of it fits: as much as does, then the ellipsis.
            const QString part = metrics.elidedText(run, Qt::ElideRight, rect.right() - x);
            painter->setFont(on ? bold : font);
            painter->setPen(on ? accent : color);
            painter->drawText(QRect(x, rect.top(), rect.right() - x, rect.height()),
                              Qt::AlignLeft | Qt::AlignVCenter, part.endsWith(u'\u2026') ? part : part + u'\u2026');
            return;
        }
        painter->setFont(on ? bold : font);
        painter->setPen(on ? accent : color);
        painter->drawText(QRect(x, rect.top(), width + 1, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, run);
        x += width;
        i = end;
    }
}

}  // namespace

QSize QuickOpenDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    return {400, metrics.height() * 2 + 12};
}

void QuickOpenDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect r = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    const QColor accent = palette::selectionColor();
    if (selected) {
        QColor tint = accent;
        tint.setAlpha(40);
        painter->fillRect(r, tint);
        painter->fillRect(QRect(r.left(), r.top(), 3, r.height()), accent);
    } else if (option.state & QStyle::State_MouseOver) {
        painter->fillRect(r, option.palette.color(QPalette::AlternateBase));
    }

    const QFontMetrics metrics(option.font);
    const int lineHeight = metrics.height();
    const QRect line1(r.left() + kMargin, r.top() + 5, r.width() - 2 * kMargin, lineHeight);
    const QRect line2(line1.left(), line1.bottom() + 2, line1.width(), lineHeight);

    // Health dot.
    const auto health = HealthState(index.data(SearchResultModel::HealthRole).toInt());
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette::healthColor(health));
    painter->drawEllipse(QRectF(line1.left(), line1.center().y() - kDot / 2.0 + 0.5, kDot, kDot));

    // Kind label in a pill, all pills as wide as the widest kind.
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    const QFontMetrics smallMetrics(small);
    const int pillWidth = smallMetrics.horizontalAdvance(u"product"_s) + 12;
    const QRect pill(line1.left() + kDot + 8, line1.top() + 1, pillWidth, lineHeight - 2);
    const auto kind = EntityKind(index.data(SearchResultModel::KindRole).toInt());
    QColor pillColor = kindColor(kind);
    pillColor.setAlpha(36);
    painter->setBrush(pillColor);
    painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter->setFont(small);
    painter->setPen(kindColor(kind).darker(130));
    painter->drawText(pill, Qt::AlignCenter, kindNoun(kind));

    const int textLeft = pill.right() + 10;
    const auto field = SearchHit::Field(index.data(SearchResultModel::MatchFieldRole).toInt());
    const QList<int> positions = index.data(SearchResultModel::PositionsRole).value<QList<int>>();
    const QString name = index.data(SearchResultModel::NameRole).toString();
    const QString key = index.data(SearchResultModel::KeyRole).toString();
    const QColor text = option.palette.color(QPalette::Text);
    QColor grey = text;
    grey.setAlpha(150);

    // Path on the right of the first line, at most a third of the width.
    const QString path = index.data(SearchResultModel::PathRole).toString();
    int pathWidth = 0;
    if (!path.isEmpty()) {
        const QString shown = smallMetrics.elidedText(path, Qt::ElideLeft, line1.width() / 3);
        pathWidth = smallMetrics.horizontalAdvance(shown) + 12;
        painter->setFont(small);
        painter->setPen(grey);
        painter->drawText(line1, Qt::AlignRight | Qt::AlignVCenter, shown);
    }

    const QRect nameRect(textLeft, line1.top(), line1.right() - pathWidth - textLeft, lineHeight);
    const bool nameMatched = field == SearchHit::Field::Name && !name.isEmpty();
    drawHighlighted(painter, nameRect, name.isEmpty() ? key : name, nameMatched ? positions : QList<int>{},
                    option.font, text, accent);
    const QRect keyRect(textLeft, line2.top(), line2.right() - textLeft, lineHeight);
    drawHighlighted(painter, keyRect, key, field == SearchHit::Field::Key ? positions : QList<int>{},
                    small, grey, accent);
    painter->restore();
}

}  // namespace meshlens
