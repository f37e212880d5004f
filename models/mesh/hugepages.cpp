#include "hugepages.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <sys/auxv.h>
#include <unistd.h>
#endif

namespace meshlens {
namespace {
// Whether GLIBC_TUNABLES asked for huge pages when this program started (glibc reads it
// then, and only then): what restartWithHugePages() found.
bool s_startedWithHugePages = false;
// Set before the exec: the new program never tries again, whatever glibc did to
// GLIBC_TUNABLES (it removes it from a privileged process's environment).
constexpr const char *kTried = "MESHLENS_HUGEPAGES_TRIED";

bool askedFor()
{
    const char *value = std::getenv("MESHLENS_HUGEPAGES");
    return value && *value && std::strcmp(value, "0") != 0;
}
} // namespace

void restartWithHugePages(char **argv)
{
#if defined(__linux__) && defined(__GLIBC__)
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

} // namespace meshlens
