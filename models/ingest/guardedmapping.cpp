#include "guardedmapping.h"

#ifdef Q_OS_LINUX
#include <atomic>
#include <cerrno>
#include <csignal>
#include <mutex>

#include <sys/mman.h>
#include <unistd.h>
#endif

namespace meshlens {

#ifdef Q_OS_LINUX
namespace {

// The mappings being read, for the signal handler: fixed slots of atomics (nothing a handler
// cannot touch). More concurrent mapped reads than slots read their files instead.
struct Slot {
    std::atomic<char *> begin {nullptr};
    std::atomic<std::size_t> size {0};
    std::atomic<bool> lost {false};
};
constexpr int kSlots = 16;
Slot s_slots[kSlots];
struct sigaction s_previous;
std::once_flag s_installed;

// Set before the handler is installed: the handler only reads it.
std::size_t s_pageSize = 4096;

bool isIgnoreOrDefault(const struct sigaction &action)
{
    return !(action.sa_flags & SA_SIGINFO) && (action.sa_handler == SIG_DFL || action.sa_handler == SIG_IGN);
}

void onBusError(int signal, siginfo_t *info, void *context)
{
    const int savedErrno = errno;
    // Only a read of a page past the end of a mapped file (BUS_ADRERR): not a signal another
    // process sent (its si_addr is no address), nor a hardware memory error.
    if (info->si_code == BUS_ADRERR) {
        char *address = static_cast<char *>(info->si_addr);
        for (Slot &slot : s_slots) {
            char *begin = slot.begin.load(std::memory_order_acquire);
            const std::size_t size = slot.size.load(std::memory_order_acquire);
            if (!begin || size == 0 || address < begin || address >= begin + size)
                continue;
            // Zero pages from the faulting one to the end: the read goes on, over NULs.
            const std::size_t page = s_pageSize;
            char *from = begin + std::size_t(address - begin) / page * page;
            const std::size_t length = (std::size_t(begin + size - from) + page - 1) / page * page;
            if (mmap(from, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
                slot.lost.store(true, std::memory_order_release);
                errno = savedErrno;
                return;
            }
            break;
        }
    }
    // Not a guarded mapping's: as before this handler, or the default.
    if (!isIgnoreOrDefault(s_previous)) {
        errno = savedErrno;
        if (s_previous.sa_flags & SA_SIGINFO)
            s_previous.sa_sigaction(signal, info, context);
        else
            s_previous.sa_handler(signal);
        return;
    }
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(SIGBUS, &fallback, nullptr);
    // A fault comes again on return and kills the process, with a core, as SIGBUS does; a
    // signal that was sent is sent again.
    if (info->si_code <= 0)
        raise(SIGBUS);
    errno = savedErrno;
}

void installHandler()
{
    s_pageSize = std::size_t(sysconf(_SC_PAGESIZE));
    struct sigaction action {};
    action.sa_sigaction = &onBusError;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &s_previous);
}

} // namespace
#endif

GuardedMapping::GuardedMapping(QFile &file)
{
#ifdef Q_OS_LINUX
    const qint64 size = file.size();
    if (size <= 0 || qint64(std::size_t(size)) != size || file.handle() < 0)
        return;
    std::call_once(s_installed, installHandler);
    for (int i = 0; i < kSlots && m_slot < 0; ++i) {
        char *expected = nullptr;
        // Claimed with a placeholder first (its size is 0, which the handler skips).
        if (s_slots[i].begin.compare_exchange_strong(expected, reinterpret_cast<char *>(1)))
            m_slot = i;
    }
    if (m_slot < 0)
        return;
    void *map = mmap(nullptr, std::size_t(size), PROT_READ, MAP_SHARED, file.handle(), 0);
    Slot &slot = s_slots[m_slot];
    if (map == MAP_FAILED) {
        slot.size.store(0, std::memory_order_release);
        slot.begin.store(nullptr, std::memory_order_release);
        m_slot = -1;
        return;
    }
    m_data = static_cast<char *>(map);
    m_size = std::size_t(size);
    slot.lost.store(false, std::memory_order_relaxed);
    slot.size.store(m_size, std::memory_order_release);
    slot.begin.store(m_data, std::memory_order_release);
#else
    Q_UNUSED(file);
#endif
}

GuardedMapping::~GuardedMapping()
{
#ifdef Q_OS_LINUX
    if (m_data) {
        // The slot first: once unmapped, the range may be another mapping's.
        s_slots[m_slot].size.store(0, std::memory_order_release);
        s_slots[m_slot].begin.store(nullptr, std::memory_order_release);
        munmap(m_data, m_size);
    }
#endif
}

bool GuardedMapping::lostPages() const
{
#ifdef Q_OS_LINUX
    return m_slot >= 0 && s_slots[m_slot].lost.load(std::memory_order_acquire);
#else
    return false;
#endif
}

void GuardedMapping::release(std::size_t offset)
{
#ifdef Q_OS_LINUX
    if (!m_data)
        return;
    const std::size_t upTo = std::min(offset, m_size) / s_pageSize * s_pageSize;
    if (upTo > m_released) {
        madvise(m_data + m_released, upTo - m_released, MADV_DONTNEED);
        m_released = upTo;
    }
#else
    Q_UNUSED(offset);
#endif
}

} // namespace meshlens
