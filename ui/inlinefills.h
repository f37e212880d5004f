#pragma once
// Fills drawn on the GUI thread itself. Qt 6.4's raster engine splits every fill of more
// than ~96 spans (a long antialiased curve, a big box) into pieces, hands them to
// QThreadPool::globalInstance() and waits for them (QT_THREAD_PARALLEL_FILLS in
// qdrawhelper.cpp; smooth image scaling and format conversion do the same). On a two-core
// machine the hand-over (waking the pool's threads, switching to them and back) costs more
// than the fill: in a frame of the 100k map at 1x, about half of all samples were the kernel
// waking and switching threads. Qt 6.4 has no setting for it; it does the work inline when
// the calling thread belongs to the pool, which it asks through QThreadPool::contains().
// inlinefills.cpp defines that function in the executable (ELF symbol interposition): for
// the GUI thread it answers "yes", so the GUI thread paints its fills itself; every other
// question goes to Qt's own function. Of Qt's libraries only libQt6Gui calls it.
//
// On by default where the build can interpose (MESHLENS_INLINE_FILLS: Linux, a shared Qt,
// a linker that exports the symbol; see ui/CMakeLists.txt); MESHLENS_PARALLEL_FILLS=1 in the
// environment keeps Qt's behaviour. Elsewhere it does nothing. It answers for the GUI thread
// whichever pool asks: in Qt 6.4 painting uses the global pool, later versions a pool of
// their own, and the answer suits both.

namespace meshlens::inlinefills {

/// Reads MESHLENS_PARALLEL_FILLS and switches inline fills on or off for this process.
/// Call once, after the QGuiApplication exists. Returns whether fills are now inline.
bool install();

/// Whether the interposed QThreadPool::contains() is the one Qt's painting code calls
/// (false where interposition is not available, or the link left the symbol out).
bool active();

/// On or off at run time (tests, benchmarks).
void setEnabled(bool on);
bool enabled();

}  // namespace meshlens::inlinefills
