#pragma once

#include "search/fuzzyindex.h"

#include <QFrame>

class QLabel;
class QLineEdit;
class QListView;

namespace meshlens {

class SearchResultModel;

/// The quick-open box (Ctrl+K): a search field floating over the top of its parent window
/// with the best matches listed below it as the user types (FuzzyIndex; the query syntax is
/// SearchQuery's). Up/Down/PageUp/PageDown move in the list, Enter (or a click) emits
/// nodeChosen and closes, Esc or clicking elsewhere closes without choosing.
///
/// The index is built on a worker thread whenever the snapshot changes; queries on a mesh
/// of backgroundFrom() nodes or more run on a worker too (a million names take tens of
/// milliseconds), the newest query always winning: while one runs, only the latest text is
/// kept and searched next.
class QuickOpen final : public QFrame
{
    Q_OBJECT

public:
    static constexpr int kResultLimit = 50;

    explicit QuickOpen(QWidget *parent);
    ~QuickOpen() override;

    /// Indexes a new snapshot (nullptr: nothing to search) in the background.
    void setSnapshot(SnapshotPtr snapshot);
    /// Shows the box over the parent with the previous text selected, and focuses it.
    void popup();

    const FuzzyIndexPtr &index() const { return m_index; }
    bool isIndexing() const { return m_indexing; }
    quint32 backgroundFrom() const { return m_backgroundFrom; }
    void setBackgroundFrom(quint32 nodes) { m_backgroundFrom = nodes; }

    QLineEdit *lineEdit() const { return m_edit; }
    QListView *resultView() const { return m_list; }
    SearchResultModel *model() const { return m_model; }
    /// The line under the list: result count and time, query errors, or what is going on.
    QString statusText() const;

Q_SIGNALS:
    /// The user picked a result (the box has closed).
    void nodeChosen(meshlens::NodeId id);
    /// The index for the current snapshot is ready.
    void indexReady();
    /// A query's results are in the list.
    void resultsShown();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Answer {
        std::vector<SearchHit> hits;
        double ms = 0;
    };

    void runQuery();
    void showAnswer(const FuzzyIndexPtr &index, const SearchQuery &query, Answer answer);
    void showMessage(const QString &text);
    void moveCurrent(int delta, bool wrap);
    void chooseCurrent();
    void reposition();
    void fitHeight();

    QLineEdit *m_edit;
    QListView *m_list;
    QLabel *m_status;
    SearchResultModel *m_model;
    SnapshotPtr m_snapshot;
    FuzzyIndexPtr m_index;
    quint64 m_indexJob = 0;
    bool m_indexing = false;
    bool m_searching = false;      // a worker is running a query
    bool m_queryPending = false;   // the text changed meanwhile
    quint32 m_backgroundFrom = 100000;
};

}  // namespace meshlens
