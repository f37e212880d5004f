#pragma once

// Large ingests touch gigabytes of new heap. Debian's kernel gives transparent huge pages
// (2 MiB) to memory that asks for them (the "madvise" mode), and glibc's malloc only asks when
// its tunable glibc.malloc.hugetlb=1 is set, which glibc reads once, when the process starts.
// So the executables can start themselves again with it set: on request (MESHLENS_HUGEPAGES=1),
// because it measured both ways on this machine: at 1M native datasets 10.2 -> 8.2 s early in
// session 10 (670k page faults -> 204k), 7.5 -> 8.1 s at its end, once the build used less
// memory; OpenLineage at 100k events 5 % faster.
// All of that is glibc's malloc. A build linked with mimalloc (MESHLENS_MIMALLOC, the default)
// does not restart: glibc's tunable would change nothing there, and mimalloc's own large-page
// option measured slower (OpenLineage 100k 1.16 -> 1.42 s, twice the system time).

namespace meshlens {

/// On Linux with glibc, when MESHLENS_HUGEPAGES is set (and not "0"): adds
/// glibc.malloc.hugetlb=1 to GLIBC_TUNABLES and executes this program again with the same
/// arguments, once (MESHLENS_HUGEPAGES_TRIED marks the second start). Not when
/// GLIBC_TUNABLES names glibc.malloc.hugetlb already, the process is privileged (setuid,
/// file capabilities), or it was started by running the dynamic loader by hand. Returns only when it did not restart (or
/// the exec failed: the program then goes on as it is). Call first thing in main(). Under
/// a sanitizer, whose allocator replaces glibc's, the tunable changes nothing.
void restartWithHugePages(char **argv);

/// Whether this process's heap asks for huge pages: glibc.malloc.hugetlb=1 was set when the
/// program started, as restartWithHugePages() found (false when it was not called). Said in
/// benchmark results, which depend on it.
bool heapAsksForHugePages();

/// The allocator behind malloc in this build, for benchmark results: "mimalloc 2.0.9"
/// (the version of the library loaded), or "glibc".
const char *heapAllocator();

} // namespace meshlens
