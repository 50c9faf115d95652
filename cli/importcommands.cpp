#include "cli/importcommands.h"

#include "cli/input.h"
#include "core/ldap/ldif.h"
#include "core/ops/ispman1import.h"

#include <QTextStream>

#include <CLI/CLI.hpp>

namespace Isp::Cli {

using namespace Core;

void addImportCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string file;
        bool dryRun = false;
    };
    auto a = std::make_shared<Args>();

    CLI::App *imp = app.add_subcommand("import-ispman1",
        "Import an ISPMan 1.x directory from its LDIF export; report what was created, skipped, not mapped or refused");
    imp->add_option("file", a->file, "LDIF export of the 1.x directory (- for standard input)")->required();
    imp->add_flag("--dry-run", a->dryRun, "Read the directory and plan the import; write nothing");
    imp->callback([a, &o, &exitCode] {
        Input in;
        const QByteArray ldif = in.fileBytes(a->file, LdifLimits {}.maxInputBytes, QStringLiteral("file"));
        Ispman1Import::Options options;
        options.dryRun = a->dryRun;
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return Ispman1Import::run(s, ldif, options); },
            [&](const Ispman1Import::Report &r) {
                print(o, r.toJson(), r.toText());
                // Objects an operation refused need the operator's attention: the report says
                // which and why; the exit code lets scripts notice.
                if (r.failed.isEmpty())
                    return 0;
                QTextStream(stderr) << "ispman: import: " << r.failed.size()
                                    << " object(s) were refused; see \"Failed\" in the report\n";
                return 1;
            });
    });
}

} // namespace Isp::Cli
