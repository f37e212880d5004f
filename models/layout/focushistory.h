#pragma once

// Back/forward history of the lineage view's focus steps, like a browser's. Steps hold
// keys, not NodeIds, so the history survives a reload or an "as of" change.

#include "focuslayout.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace meshlens {

struct FocusStep {
    QString focusKey;
    Level level = Level::Dataset;
    int upstreamDepth = 1;
    int downstreamDepth = 1;
    QStringList hidden;
    QStringList expandUp;
    QStringList expandDown;
    /// Not empty: show the paths between the focus and this node instead of a neighbourhood.
    QString pathToKey;
    friend bool operator==(const FocusStep &, const FocusStep &) = default;
};

/// The request for a step on one snapshot; keys the snapshot lacks are dropped, and the
/// focus is kNoNode when its key is gone.
FocusRequest focusRequest(const SnapshotGraph &graph, const FocusStep &step);

class FocusHistory
{
public:
    static constexpr std::size_t kMaxSteps = 200;

    /// Makes `step` current. Forward steps are dropped (as in a browser); a step equal to
    /// the current one is not recorded twice. The oldest steps go beyond kMaxSteps.
    void push(const FocusStep &step);
    /// Replaces the current step (a depth change is not worth a Back press of its own when
    /// it directly follows another one: callers decide).
    void replaceCurrent(const FocusStep &step);
    bool canGoBack() const { return m_index > 0; }
    bool canGoForward() const { return m_index + 1 < std::ptrdiff_t(m_steps.size()); }
    /// Moves and returns the new current step; nullptr when there is nowhere to go.
    const FocusStep *back();
    const FocusStep *forward();
    const FocusStep *current() const;
    std::size_t size() const { return m_steps.size(); }
    void clear();

private:
    std::vector<FocusStep> m_steps;
    std::ptrdiff_t m_index = -1;
};

}  // namespace meshlens
