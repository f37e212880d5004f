#pragma once

// Large ingests touch gigabytes of new heap: a million-dataset native file takes ~670k page
// faults with 4 KiB pages, 4-5 s of system time on this kind of machine. Debian's kernel
// gives transparent huge pages (2 MiB) to memory that asks for them (the "madvise" mode), and
// glibc's malloc only asks when its tunable glibc.malloc.hugetlb=1 is set, which glibc reads
// once, when the process starts. So the executables start themselves again with it set.

namespace meshlens {

/// On Linux with glibc: adds glibc.malloc.hugetlb=1 to GLIBC_TUNABLES and executes this
/// program again with the same arguments, once (MESHLENS_HUGEPAGES_TRIED marks the second
/// start). Not when GLIBC_TUNABLES names glibc.malloc.hugetlb already, MESHLENS_NO_HUGEPAGES
/// is set (and not "0"), the process is privileged (setuid, file capabilities), or it was
/// started by running the dynamic loader by hand. Returns only when it did not restart (or
/// the exec failed: the program then goes on as it is). Call first thing in main(). Under
/// a sanitizer, whose allocator replaces glibc's, the tunable changes nothing.
void restartWithHugePages(char **argv);

/// Whether this process's heap asks for huge pages: glibc.malloc.hugetlb=1 was set when the
/// program started, as restartWithHugePages() found (false when it was not called). Said in
/// benchmark results, which depend on it.
bool heapAsksForHugePages();

} // namespace meshlens
