#include "facetrowindex.h"

#include <algorithm>

namespace meshlens {

FacetRow *FacetRowIndex::find(qint64 entity, qint64 name)
{
    if (entity < 0 || entity >= kMaxDirectId) {
        const auto it = m_far.find({entity, name});
        return it == m_far.end() ? nullptr : &it.value();
    }
    if (std::size_t(entity) >= m_head.size())
        return nullptr;
    for (qint32 i = m_head[std::size_t(entity)]; i >= 0; i = m_nodes[std::size_t(i)].next) {
        Node &node = m_nodes[std::size_t(i)];
        if (node.name == name)
            return &node.row;
    }
    return nullptr;
}

void FacetRowIndex::insert(qint64 entity, qint64 name, FacetRow row)
{
    if (entity < 0 || entity >= kMaxDirectId) {
        m_far.insert({entity, name}, row);
        return;
    }
    const auto e = std::size_t(entity);
    if (e >= m_head.size())
        m_head.resize(std::max(e + 1, m_head.size() + m_head.size() / 2), -1);
    m_nodes.push_back({name, row, m_head[e]});
    m_head[e] = qint32(m_nodes.size() - 1);
}

void FacetRowIndex::clear()
{
    m_head.clear();
    m_nodes.clear();
    m_far.clear();
}

} // namespace meshlens
