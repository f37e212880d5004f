#include "hugepages.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace meshlens {
namespace {
// Whether GLIBC_TUNABLES asked for huge pages when this program started (glibc reads it
// then, and only then): what restartWithHugePages() found.
bool s_startedWithHugePages = false;
} // namespace

void restartWithHugePages(char **argv)
{
#if defined(__linux__) && defined(__GLIBC__)
    const char *current = std::getenv("GLIBC_TUNABLES");
    s_startedWithHugePages = current && std::strstr(current, "glibc.malloc.hugetlb=1");
    if (std::getenv("MESHLENS_NO_HUGEPAGES"))
        return;
    // Already set: by the user, or by the exec below (which makes this run once).
    if (current && std::strstr(current, "glibc.malloc.hugetlb"))
        return;
    std::string tunables = current && *current ? std::string(current) + ':' : std::string();
    tunables += "glibc.malloc.hugetlb=1";
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Still here: the exec failed. Nothing is lost; the heap gets small pages.
#else
    (void)argv;
#endif
}

bool heapAsksForHugePages()
{
    return s_startedWithHugePages;
}

} // namespace meshlens
