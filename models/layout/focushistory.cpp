#include "focushistory.h"

namespace meshlens {

namespace {

std::vector<NodeId> resolve(const SnapshotGraph &graph, const QStringList &keys)
{
    std::vector<NodeId> ids;
    for (const QString &key : keys) {
        const QByteArray utf8 = key.toUtf8();
        if (const auto id = graph.find(std::string_view(utf8.constData(), std::size_t(utf8.size()))))
            ids.push_back(*id);
    }
    return ids;
}

}  // namespace

FocusRequest focusRequest(const SnapshotGraph &graph, const FocusStep &step)
{
    FocusRequest request;
    const std::vector<NodeId> focus = resolve(graph, {step.focusKey});
    request.focus = focus.empty() ? kNoNode : focus.front();
    request.level = step.level;
    request.upstreamDepth = step.upstreamDepth;
    request.downstreamDepth = step.downstreamDepth;
    request.hidden = resolve(graph, step.hidden);
    request.expandUp = resolve(graph, step.expandUp);
    request.expandDown = resolve(graph, step.expandDown);
    if (!step.pathToKey.isEmpty()) {
        const std::vector<NodeId> to = resolve(graph, {step.pathToKey});
        // A path to a node this snapshot lacks: nothing to show, not the neighbourhood.
        request.pathTo = to.empty() ? kNoNode : to.front();
        request.pathRequested = true;
    }
    return request;
}

void FocusHistory::push(const FocusStep &step)
{
    if (const FocusStep *now = current(); now && *now == step)
        return;
    m_steps.erase(m_steps.begin() + (m_index + 1), m_steps.end());
    m_steps.push_back(step);
    if (m_steps.size() > kMaxSteps)
        m_steps.erase(m_steps.begin());
    m_index = std::ptrdiff_t(m_steps.size()) - 1;
}

void FocusHistory::replaceCurrent(const FocusStep &step)
{
    if (m_index < 0)
        return push(step);
    m_steps[std::size_t(m_index)] = step;
}

const FocusStep *FocusHistory::back()
{
    if (!canGoBack())
        return nullptr;
    --m_index;
    return current();
}

const FocusStep *FocusHistory::forward()
{
    if (!canGoForward())
        return nullptr;
    ++m_index;
    return current();
}

const FocusStep *FocusHistory::current() const
{
    return m_index < 0 ? nullptr : &m_steps[std::size_t(m_index)];
}

void FocusHistory::clear()
{
    m_steps.clear();
    m_index = -1;
}

}  // namespace meshlens
