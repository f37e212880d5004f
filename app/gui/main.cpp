// meshlens: the desktop application. Parses the command line and shows the main window;
// everything else lives in meshlens_ui and meshlens_models.

#include "inlinefills.h"
#include "mainwindow.h"
#include "viewtoolbar.h"
#include "mesh/hugepages.h"
#include "mesh/timeutil.h"
#include "meshdocument.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"MeshLens"_s);
    QCoreApplication::setApplicationName(u"MeshLens"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(MESHLENS_VERSION));
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

bool asksForHelpOrVersion(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

void setUpParser(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        u"See a data mesh: domains, data products, lineage between them and their health.\n"
        "With no file, opens the bundled demo mesh."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        u"file"_s, u"A MeshLens cache (.meshlens) to open, or a mesh file or folder to import "
                   "into a cache of its own."_s,
        u"[file]"_s);
    parser.addOption({u"at"_s,
                      u"Show the mesh as of this time (ISO 8601, \"now\" or epoch milliseconds)."_s,
                      u"time"_s});
    parser.addOption({u"overlay"_s, u"Colour the boxes by domain, quality or freshness."_s,
                      u"overlay"_s, u"domain"_s});
    parser.addOption({u"focus"_s, u"Open on the lineage of the node with this key."_s, u"key"_s});
}

}  // namespace

int main(int argc, char *argv[])
{
    meshlens::restartWithHugePages(argv);
    // QApplication aborts without a display: say so plainly first, and point to the
    // headless ways. --help and --version still work.
    if (!hasDisplay()) {
        if (asksForHelpOrVersion(argc, argv)) {
            QCoreApplication app(argc, argv);
            setIdentity();
            QCommandLineParser parser;
            setUpParser(parser);
            parser.process(app);  // prints and exits
            return 0;
        }
        std::fputs("meshlens: no display available (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                   "  For a summary without a window:   meshlens-cli stats <cache>\n"
                   "  To run the window headless:       xvfb-run -a meshlens [file]\n",
                   stderr);
        return 2;
    }

    QApplication app(argc, argv);
    // Big fills painted on this thread instead of handed to Qt's thread pool (inlinefills.h):
    // a jump on the 100k map draws in 27-35 ms instead of 110-125.
    meshlens::inlinefills::install();
    setIdentity();
    QApplication::setApplicationDisplayName(u"MeshLens"_s);
    QApplication::setDesktopFileName(u"meshlens"_s);
    QIcon icon(u":/icons/meshlens.svg"_s);
    icon.addFile(u":/icons/meshlens-256.png"_s);
    QApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    setUpParser(parser);
    parser.process(app);
    if (parser.positionalArguments().size() > 1) {
        std::fputs("meshlens: give at most one file (see --help)\n", stderr);
        return 1;
    }
    meshlens::Timestamp asOf = 0;
    if (parser.isSet(u"at"_s) && !meshlens::parseUserTimestamp(parser.value(u"at"_s), &asOf)) {
        std::fprintf(stderr, "meshlens: --at: cannot read \"%s\" as a time (use ISO 8601, "
                             "\"now\" or epoch milliseconds)\n",
                     qPrintable(parser.value(u"at"_s)));
        return 1;
    }

    meshlens::OverlayKind overlay = meshlens::OverlayKind::Domain;
    if (!meshlens::parseOverlay(parser.value(u"overlay"_s), &overlay)) {
        std::fprintf(stderr, "meshlens: --overlay: expected domain, quality or freshness, not \"%s\"\n",
                     qPrintable(parser.value(u"overlay"_s)));
        return 1;
    }

    meshlens::MainWindow window;
    window.viewToolBar()->setOverlay(overlay);
    if (parser.isSet(u"focus"_s)) {
        const QString key = parser.value(u"focus"_s);
        auto *once = new QObject(&window);
        QObject::connect(window.document(), &meshlens::MeshDocument::snapshotLoaded, once, [&window, key, once] {
            const QByteArray utf8 = key.toUtf8();
            if (const auto id = window.document()->snapshot()->find({utf8.constData(), std::size_t(utf8.size())}))
                window.showLineage(*id);
            else
                std::fprintf(stderr, "meshlens: --focus: no node with key \"%s\"\n", qPrintable(key));
            delete once;
        });
    }
    window.show();
    window.document()->openStartup(parser.positionalArguments().value(0), asOf);
    return app.exec();
}
