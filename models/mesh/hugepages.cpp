#include "hugepages.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifdef MESHLENS_MIMALLOC
#include <mimalloc.h>
#endif

// glibc's malloc is the heap: the case where its huge-page tunable means something.
#if defined(__linux__) && defined(__GLIBC__) && !defined(MESHLENS_MIMALLOC)
#define MESHLENS_GLIBC_HEAP 1
#include <sys/auxv.h>
#include <unistd.h>
#endif

namespace meshlens {
namespace {
// Whether GLIBC_TUNABLES asked for huge pages when this program started (glibc reads it
// then, and only then): what restartWithHugePages() found.
bool s_startedWithHugePages = false;
#ifdef MESHLENS_GLIBC_HEAP
// Set before the exec: the new program never tries again, whatever glibc did to
// GLIBC_TUNABLES (it removes it from a privileged process's environment).
constexpr const char *kTried = "MESHLENS_HUGEPAGES_TRIED";

bool askedFor()
{
    const char *value = std::getenv("MESHLENS_HUGEPAGES");
    return value && *value && std::strcmp(value, "0") != 0;
}
#endif
} // namespace

void restartWithHugePages(char **argv)
{
#ifdef MESHLENS_GLIBC_HEAP
    const char *current = std::getenv("GLIBC_TUNABLES");
    s_startedWithHugePages = current && std::strstr(current, "glibc.malloc.hugetlb=1");
    if (std::getenv(kTried) || !askedFor())
        return;
    // Already asked for (by the user), or a case where executing /proc/self/exe again would
    // not start this program the same way: a privileged process (glibc ignores the tunables
    // there), or one started by running the dynamic loader itself (/proc/self/exe is the
    // loader then, and its own options would be lost).
    if ((current && std::strstr(current, "glibc.malloc.hugetlb")) || getauxval(AT_SECURE) != 0
        || getauxval(AT_BASE) == 0)
        return;
    const std::string before = current ? std::string(current) : std::string();
    const std::string tunables = (before.empty() ? before : before + ':') + "glibc.malloc.hugetlb=1";
    if (setenv(kTried, "1", 1) != 0 || setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Still here: the exec failed (no /proc?). The heap gets small pages; the environment
    // goes back to what it was, so that child processes do not start with a changed one.
    if (current)
        setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else
        unsetenv("GLIBC_TUNABLES");
#else
    (void)argv;
#endif
}

bool heapAsksForHugePages()
{
    return s_startedWithHugePages;
}

const char *heapAllocator()
{
#ifdef MESHLENS_MIMALLOC
    // mi_version() is 209 for 2.0.9. Calling it also keeps the library a direct dependency
    // of every executable, whatever the linker's --as-needed does.
    // And whether malloc() really is mimalloc's: it is when the library comes before libc in
    // the symbol search order, as a direct dependency does.
    static const std::string name = [] {
        void *probe = std::malloc(64);
        const bool inUse = mi_is_in_heap_region(probe);
        std::free(probe);
        const int v = mi_version();
        char text[64];
        std::snprintf(text, sizeof text, inUse ? "mimalloc %d.%d.%d" : "glibc (mimalloc %d.%d.%d linked, unused)",
                      v / 100, v / 10 % 10, v % 10);
        return std::string(text);
    }();
    return name.c_str();
#else
    return "glibc";
#endif
}

} // namespace meshlens
