// meshlens-cli: the headless face of MeshLens. Everything here goes through
// meshlens_models; no display is needed.

#include "clicommands.h"
#include "clioutput.h"
#include "mesh/hugepages.h"

#ifdef MESHLENS_CLI_EXPORT
#include "inlinefills.h"

#include <QApplication>
#endif
#include <QCoreApplication>

#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;
using namespace meshlens::cli;

namespace {

const char kUsage[] =
    "Usage: meshlens-cli <command> [options]\n"
    "\n"
    "Commands:\n"
    "  ingest CACHE INPUT...     read metadata files into a cache (created if missing)\n"
    "  stats CACHE               count what the cache holds [--at T] [--json]\n"
    "  upgrade CACHE             bring a cache an older MeshLens wrote to this schema\n"
    "  lineage CACHE KEY         upstream/downstream of a node [--direction up|down|both]\n"
    "                            [--depth N|all] [--level dataset|product|domain] [--at T] [--json]\n"
    "  generate -o FILE          write a synthetic mesh [--datasets N] [--seed S]\n"
    "                            [--format native|openlineage]\n"
    "  bench                     measure ingest, load and traversal on generated meshes\n"
    "  layout CACHE -o FILE      layered layout as JSON node centres [--level L] [--focus KEY\n"
    "                            --depth N] [--at T]\n"
    "  search CACHE QUERY        quick-open search over names and keys (kind:, owner:, domain:,\n"
    "                            product:, health: filters) [--limit N] [--at T] [--json]\n"
    "  pull marquez CACHE        read lineage from a Marquez server --url URL [--namespace NS]\n"
    "                            [--since T] [--timeout S] (API key from MARQUEZ_API_KEY)\n"
    "  export CACHE -o FILE      draw the mesh map or a focus's lineage as PNG, SVG or PDF\n"
    "                            [--format F] [--level L] [--focus KEY --depth N]\n"
    "                            [--overlay domain|quality|freshness] [--width PX]\n"
    "\n"
    "Every command takes --help. Exit codes: 0 success, 1 a finding, 2 bad usage or input.\n";

}  // namespace

int main(int argc, char **argv)
{
    meshlens::restartWithHugePages(argv);
    // export paints widgets' scenes: it needs a QApplication, offscreen unless told otherwise,
    // so it runs without a display. Everything else stays a QCoreApplication.
    std::unique_ptr<QCoreApplication> app;
#ifdef MESHLENS_CLI_EXPORT
    // export, and the bench's frames phase, paint.
    bool painting = argc > 1 && std::strcmp(argv[1], "export") == 0;
    for (int i = 2; argc > 1 && std::strcmp(argv[1], "bench") == 0 && i + 1 < argc; ++i)
        painting |= std::strcmp(argv[i], "--phase") == 0 && std::strcmp(argv[i + 1], "frames") == 0;
    if (painting) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Headless, Qt notes the missing XDG_RUNTIME_DIR, which says nothing about the export.
        static const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
                if (!message.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"))
                    previous(type, context, message);
            });
        app = std::make_unique<QApplication>(argc, argv);
        meshlens::inlinefills::install();  // fills on this thread, not handed to the pool
    }
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"meshlens-cli"_s);
    QCoreApplication::setOrganizationName(u"MeshLens"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(MESHLENS_VERSION));
    const QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command.isEmpty() || command == u"--help" || command == u"-h" || command == u"help") {
        out(QString::fromLatin1(kUsage).trimmed());
        return command.isEmpty() ? BadInput : Success;
    }
    if (command == u"--version" || command == u"-v") {
        out(u"meshlens-cli "_s + QCoreApplication::applicationVersion());
        return Success;
    }
    // Sub-commands see "meshlens-cli <command>" as their program name.
    QStringList rest = args.mid(1);
    rest[0] = args[0] + u' ' + command;
    if (command == u"ingest")
        return ingestCommand(rest);
    if (command == u"stats")
        return statsCommand(rest);
    if (command == u"upgrade")
        return upgradeCommand(rest);
    if (command == u"lineage")
        return lineageCommand(rest);
    if (command == u"generate")
        return generateCommand(rest);
    if (command == u"bench")
        return benchCommand(rest);
    if (command == u"layout")
        return layoutCommand(rest);
    if (command == u"search")
        return searchCommand(rest);
    if (command == u"pull")
        return pullCommand(rest);
#ifdef MESHLENS_CLI_EXPORT
    if (command == u"export")
        return exportCommand(rest);
#endif
    err(u"meshlens-cli: unknown command \""_s + command + u"\"\n"_s + QString::fromLatin1(kUsage).trimmed());
    return BadInput;
}
