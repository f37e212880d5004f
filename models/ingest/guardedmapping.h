#pragma once

// A read-only mapping of a whole file that survives the file shrinking under it.

#include <QFile>

#include <cstddef>

namespace meshlens {

/// Maps an open file read-only, whole. Touching a page the file no longer has (it was
/// truncated while mapped, or an I/O error under a network file system) raises SIGBUS, which
/// would kill the process; while this mapping lives, a process-wide handler puts zero pages
/// over the rest of the mapping instead and notes it, so the reader meets NUL bytes (a parse
/// error it reports) and then asks lostPages(). Other SIGBUS faults go to the handler that was
/// there before, or kill the process as they would have. Linux only: elsewhere nothing is
/// mapped and the caller reads the file instead.
class GuardedMapping
{
public:
    explicit GuardedMapping(QFile &file);
    ~GuardedMapping();
    GuardedMapping(const GuardedMapping &) = delete;
    GuardedMapping &operator=(const GuardedMapping &) = delete;

    /// Null when the file could not be mapped.
    const char *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    /// Whether a read met pages the file no longer had: from there on the mapping reads as
    /// zeros.
    bool lostPages() const;
    /// The whole pages before `offset` leave this process's resident set (they stay in the
    /// page cache): memory stays bounded while a large file is read front to back.
    void release(std::size_t offset);

private:
    char *m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_released = 0;
    int m_slot = -1;
};

} // namespace meshlens
