#pragma once

// A vector that grows by fixed blocks instead of by reallocation: an element never moves
// once added, and memory is touched once. For large tables that only grow, such as the
// entity rows a stream keeps until its end (streamentities.h): there a std::vector's
// doublings copied the rows and faulted in the new memory again at every step (at 100k
// OpenLineage events, ~35 ms of page faults on the writer's core).

#include <cstddef>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace meshlens {

template<typename T, std::size_t BlockElements = 4096> class ChunkedVector {
    static_assert(BlockElements > 0);

public:
    ChunkedVector() = default;
    ChunkedVector(const ChunkedVector &) = delete;
    ChunkedVector &operator=(const ChunkedVector &) = delete;
    ChunkedVector(ChunkedVector &&other) noexcept { swap(other); }
    ChunkedVector &operator=(ChunkedVector &&other) noexcept
    {
        ChunkedVector moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~ChunkedVector() { clear(); }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    T &operator[](std::size_t i) { return *slot(i); }
    const T &operator[](std::size_t i) const { return *slot(i); }
    T &back() { return (*this)[m_size - 1]; }

    void push_back(T value)
    {
        if (m_size == m_blocks.size() * BlockElements)
            m_blocks.push_back(allocateBlock());
        ::new (raw(m_size)) T(std::move(value));
        ++m_size;
    }

    /// Shrinks to `n` elements (destroying the rest); blocks stay allocated for reuse.
    /// Growing is only by push_back().
    void truncate(std::size_t n)
    {
        while (m_size > n)
            std::destroy_at(slot(--m_size));
    }

    void clear()
    {
        truncate(0);
        m_blocks.clear();
    }

    void swap(ChunkedVector &other) noexcept
    {
        m_blocks.swap(other.m_blocks);
        std::swap(m_size, other.m_size);
    }

    template<bool Const> class Iterator {
        using Owner = std::conditional_t<Const, const ChunkedVector, ChunkedVector>;

    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = std::conditional_t<Const, const T *, T *>;
        using reference = std::conditional_t<Const, const T &, T &>;

        Iterator() = default;
        Iterator(Owner *owner, std::size_t i) : m_owner(owner), m_i(i) {}
        reference operator*() const { return (*m_owner)[m_i]; }
        pointer operator->() const { return &(*m_owner)[m_i]; }
        Iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        Iterator operator++(int)
        {
            Iterator before = *this;
            ++m_i;
            return before;
        }
        bool operator==(const Iterator &other) const { return m_i == other.m_i; }

    private:
        Owner *m_owner = nullptr;
        std::size_t m_i = 0;
    };

    Iterator<false> begin() { return {this, 0}; }
    Iterator<false> end() { return {this, m_size}; }
    Iterator<true> begin() const { return {this, 0}; }
    Iterator<true> end() const { return {this, m_size}; }

private:
    // Raw storage: elements are constructed in place as they are added.
    struct Storage {
        alignas(T) unsigned char bytes[sizeof(T)];
    };
    struct BlockDeleter {
        void operator()(Storage *p) const { delete[] p; }
    };
    using Block = std::unique_ptr<Storage[], BlockDeleter>;

    static Block allocateBlock() { return Block(new Storage[BlockElements]); }
    // The storage of element i, before an element lives there (std::launder needs one).
    void *raw(std::size_t i) const { return m_blocks[i / BlockElements][i % BlockElements].bytes; }
    // Element i, which lives.
    T *slot(std::size_t i) const
    {
        return std::launder(reinterpret_cast<T *>(m_blocks[i / BlockElements][i % BlockElements].bytes));
    }

    std::vector<Block> m_blocks;
    std::size_t m_size = 0;
};

} // namespace meshlens
