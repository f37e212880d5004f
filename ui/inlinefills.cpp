#include "inlinefills.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <atomic>

#ifdef MESHLENS_INLINE_FILLS
#include <dlfcn.h>
#endif

namespace {

std::atomic_bool g_enabled {false};
std::atomic<const QThread *> g_guiThread {nullptr};

#ifdef MESHLENS_INLINE_FILLS
// The Itanium C++ ABI passes `this` first: Qt's member function called as a plain one.
using ContainsFn = bool (*)(const QThreadPool *, const QThread *);
constexpr const char *kContains = "_ZNK11QThreadPool8containsEPK7QThread";

// Qt's own QThreadPool::contains, in libQt6Core (the next definition after this executable's).
ContainsFn qtContains()
{
    static const ContainsFn fn = reinterpret_cast<ContainsFn>(dlsym(RTLD_NEXT, kContains));
    return fn;
}
#endif

}  // namespace

#ifdef MESHLENS_INLINE_FILLS
// Interposes libQt6Core's definition for every library that calls it through the dynamic
// linker (the raster engine in libQt6Gui does; see inlinefills.h). Exported from the
// executable by the link option that meshlens_ui adds (ui/CMakeLists.txt).
bool QThreadPool::contains(const QThread *thread) const
{
    // Only the GUI thread: any other question gets Qt's answer.
    if (thread && g_enabled.load(std::memory_order_relaxed)
        && thread == g_guiThread.load(std::memory_order_relaxed))
        return true;
    const ContainsFn fn = qtContains();
    return fn && fn(this, thread);
}
#endif

namespace meshlens::inlinefills {

bool install()
{
    if (QCoreApplication *app = QCoreApplication::instance())
        g_guiThread = app->thread();
    setEnabled(qEnvironmentVariableIntValue("MESHLENS_PARALLEL_FILLS") == 0);
    return enabled();
}

bool active()
{
#ifdef MESHLENS_INLINE_FILLS
    // What the dynamic linker gives Qt's libraries for the name: this executable's
    // definition, not libQt6Core's.
    void *first = dlsym(RTLD_DEFAULT, kContains);
    void *qt = reinterpret_cast<void *>(qtContains());
    // Without Qt's own function every other thread would be told "no", the pool's own
    // threads included (a pool thread would then hand its fill to the pool and wait).
    return first && qt && qt != first;
#else
    return false;
#endif
}

void setEnabled(bool on)
{
    g_enabled = on && active() && g_guiThread.load() != nullptr;
}

bool enabled()
{
    return g_enabled.load();
}

}  // namespace meshlens::inlinefills
