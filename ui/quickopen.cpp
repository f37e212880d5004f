#include "quickopen.h"

#include "backgroundjob.h"
#include "quickopendelegate.h"
#include "search/searchresultmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsDropShadowEffect>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

constexpr int kVisibleRows = 10;

const QString kHelp = u"Type to search names and keys. Filters: kind:product owner:team "
                      u"domain:sales product:orders health:fail (-kind:job negates)."_s;

}  // namespace

QuickOpen::QuickOpen(QWidget *parent)
    : QFrame(parent),
      m_edit(new QLineEdit(this)),
      m_list(new QListView(this)),
      m_status(new QLabel(this)),
      m_model(new SearchResultModel(this))
{
    setObjectName(u"quickOpen"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *shadow = new QGraphicsDropShadowEffect(this);
    shadow->setBlurRadius(24);
    shadow->setOffset(0, 4);
    shadow->setColor(QColor(0, 0, 0, 90));
    setGraphicsEffect(shadow);

    m_edit->setObjectName(u"quickOpenEdit"_s);
    m_edit->setPlaceholderText(u"Go to a domain, product, dataset, port or job\u2026"_s);
    m_edit->setClearButtonEnabled(true);
    QFont big = m_edit->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_edit->setFont(big);
    m_edit->installEventFilter(this);

    m_list->setObjectName(u"quickOpenResults"_s);
    m_list->setModel(m_model);
    m_list->setItemDelegate(new QuickOpenDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus);  // typing stays in the field
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMouseTracking(true);
    m_list->viewport()->setAttribute(Qt::WA_Hover);  // the delegate tints the row under the mouse
    m_list->setFrameShape(QFrame::NoFrame);
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex &index) {
        m_list->setCurrentIndex(index);
        chooseCurrent();
    });

    m_status->setObjectName(u"quickOpenStatus"_s);
    m_status->setWordWrap(true);
    QFont small = m_status->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_status->setFont(small);
    m_status->setContentsMargins(4, 0, 4, 0);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 6);
    layout->setSpacing(6);
    layout->addWidget(m_edit);
    layout->addWidget(m_list);
    layout->addWidget(m_status);

    connect(m_edit, &QLineEdit::textChanged, this, &QuickOpen::runQuery);
    // Clicking anywhere outside closes the box, as focus leaves it.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (isVisible() && now && now != this && !isAncestorOf(now))
            hide();
    });
    if (parent)
        parent->installEventFilter(this);  // follow its size
    hide();
    showMessage(u"No mesh loaded."_s);
}

QuickOpen::~QuickOpen() = default;

void QuickOpen::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    m_index.reset();
    m_model->clear();
    const quint64 job = ++m_indexJob;
    m_indexing = m_snapshot != nullptr;
    if (!m_snapshot) {
        showMessage(u"No mesh loaded."_s);
        return;
    }
    showMessage(u"Indexing %1 names\u2026"_s.arg(QLocale().toString(qint64(m_snapshot->nodeCount()))));
    runInBackground(
        this, [snapshot = m_snapshot] { return FuzzyIndex::build(snapshot); },
        [this, job](FuzzyIndexPtr index) {
            if (job != m_indexJob)
                return;  // a newer snapshot replaced this one
            m_index = std::move(index);
            m_indexing = false;
            runQuery();
            Q_EMIT indexReady();
        });
}

void QuickOpen::popup()
{
    reposition();
    show();
    raise();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
    runQuery();  // the snapshot may have changed since the last time
}

QString QuickOpen::statusText() const
{
    return m_status->text();
}

void QuickOpen::showEvent(QShowEvent *event)
{
    QFrame::showEvent(event);
    reposition();
}

void QuickOpen::runQuery()
{
    if (!isVisible())
        return;
    const SearchQuery query = SearchQuery::parse(m_edit->text());
    if (!m_index) {
        m_model->clear();
        fitHeight();
        return;  // the message says why (no mesh, indexing)
    }
    if (query.isEmpty()) {
        m_model->clear();
        showMessage(kHelp);
        return;
    }
    if (m_index->size() < m_backgroundFrom) {
        QElapsedTimer t;
        t.start();
        Answer answer{m_index->search(query, kResultLimit), 0};
        answer.ms = double(t.nsecsElapsed()) / 1e6;
        showAnswer(m_index, query, std::move(answer));
        return;
    }
    if (m_searching) {
        m_queryPending = true;  // searched when the running one is back
        return;
    }
    m_searching = true;
    runInBackground(
        this,
        [index = m_index, query] {
            QElapsedTimer t;
            t.start();
            Answer answer{index->search(query, kResultLimit), 0};
            answer.ms = double(t.nsecsElapsed()) / 1e6;
            return answer;
        },
        [this, index = m_index, query](Answer answer) {
            m_searching = false;
            if (index == m_index)  // not for a snapshot that has gone since
                showAnswer(index, query, std::move(answer));
            if (std::exchange(m_queryPending, false))
                runQuery();
        });
}

void QuickOpen::showAnswer(const FuzzyIndexPtr &index, const SearchQuery &query, Answer answer)
{
    const int count = int(answer.hits.size());
    m_model->setResults(index, std::move(answer.hits));
    if (count > 0)
        m_list->setCurrentIndex(m_model->index(0, 0));
    QString text = count == 0 ? u"No matches"_s
        : count >= kResultLimit ? u"Best %1 matches"_s.arg(count)
        : count == 1 ? u"1 match"_s : u"%1 matches"_s.arg(count);
    text += u" \u00b7 %1 ms \u00b7 %2 names"_s.arg(QString::number(answer.ms, 'f', 1),
                                                  QLocale().toString(qint64(index->size())));
    for (const QString &error : query.errors)
        text += u"\n"_s + error;
    showMessage(text);
    Q_EMIT resultsShown();
}

void QuickOpen::showMessage(const QString &text)
{
    m_status->setText(text);
    fitHeight();
}

void QuickOpen::moveCurrent(int delta, bool wrap)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int current = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    int next = current + delta;
    if (wrap)
        next = (next % rows + rows) % rows;
    else
        next = std::clamp(next, 0, rows - 1);
    m_list->setCurrentIndex(m_model->index(next, 0));
    m_list->scrollTo(m_list->currentIndex());
}

void QuickOpen::chooseCurrent()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return;
    const NodeId id = m_model->hit(current.row()).node;
    hide();
    Q_EMIT nodeChosen(id);
}

bool QuickOpen::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        reposition();
    if (watched != m_edit || event->type() != QEvent::KeyPress)
        return QFrame::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const int page = std::max(1, m_list->viewport()->height() / std::max(1, m_list->sizeHintForRow(0)) - 1);
    switch (key->key()) {
    case Qt::Key_Down:
        moveCurrent(1, true);
        return true;
    case Qt::Key_Up:
        moveCurrent(-1, true);
        return true;
    case Qt::Key_PageDown:
        moveCurrent(page, false);
        return true;
    case Qt::Key_PageUp:
        moveCurrent(-page, false);
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        chooseCurrent();
        return true;
    case Qt::Key_Escape:
        hide();
        return true;
    default:
        return QFrame::eventFilter(watched, event);
    }
}

void QuickOpen::reposition()
{
    QWidget *p = parentWidget();
    if (!p)
        return;
    const int width = std::clamp(p->width() / 2, std::min(480, p->width() - 16), 760);
    move((p->width() - width) / 2, std::max(8, p->height() / 12));
    resize(width, height());
    fitHeight();
}

void QuickOpen::fitHeight()
{
    // As tall as the rows it shows (up to kVisibleRows), no taller than the parent allows.
    const int rows = std::min(m_model->rowCount(), kVisibleRows);
    m_list->setVisible(rows > 0);
    const int rowHeight = m_list->sizeHintForRow(0) > 0 ? m_list->sizeHintForRow(0) : 40;
    m_list->setFixedHeight(rows * rowHeight + 2);
    int h = layout()->sizeHint().height();
    if (QWidget *p = parentWidget())
        h = std::min(h, p->height() - y() - 8);
    resize(width(), h);
}

}  // namespace meshlens
