#pragma once

#include "layout/focushistory.h"
#include "lineageview.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace meshlens {

/// The lineage tab: a focus bar (back, forward, what is in focus, level, hops upstream and
/// downstream with "all", reset) over a LineageView, and the history of focus steps.
class LineagePanel final : public QWidget
{
    Q_OBJECT

public:
    explicit LineagePanel(QWidget *parent = nullptr);

    LineageView *view() const { return m_view; }
    const FocusHistory &history() const { return m_history; }
    void setSnapshot(SnapshotPtr snapshot);
    /// Focuses on a node (a new history step) keeping the current level and depths.
    void focusOn(NodeId id);
    /// Records and shows a step.
    void go(const FocusStep &step);
    void back();
    void forward();
    void setUpstreamDepth(int hops);    ///< kUnlimitedDepth for "all"
    void setDownstreamDepth(int hops);  ///< kUnlimitedDepth for "all"
    void setLevel(Level level);

private:
    void syncControls();
    FocusStep editedStep() const;

    SnapshotPtr m_snapshot;
    FocusHistory m_history;
    LineageView *m_view;
    QToolButton *m_back;
    QToolButton *m_forward;
    QLabel *m_title;
    QComboBox *m_level;
    Level m_chosenLevel = Level::Dataset;  // the level last picked by hand
    QSpinBox *m_up;
    QSpinBox *m_down;
    QToolButton *m_reset;
    bool m_syncing = false;
};

}  // namespace meshlens
