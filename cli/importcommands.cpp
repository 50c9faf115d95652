#include "cli/importcommands.h"

#include "core/ldap/ldif.h"
#include "core/ops/ispman1import.h"

#include <QFile>
#include <QTextStream>

#include <CLI/CLI.hpp>

namespace Isp::Cli {

using namespace Core;

namespace {

// The file FILE ("-": standard input), at most as large as the LDIF reader accepts.
OpResult<QByteArray> readLdifFile(const std::string &file)
{
    QFile f;
    const bool stdinput = file == "-";
    const bool opened
        = stdinput ? f.open(stdin, QIODevice::ReadOnly) : (f.setFileName(qs(file)), f.open(QIODevice::ReadOnly));
    if (!opened)
        return OpError::invalid(
            QStringLiteral("file"), QStringLiteral("file: cannot read %1: %2").arg(qs(file), f.errorString()));
    const qint64 maxSize = LdifLimits {}.maxInputBytes;
    QByteArray bytes = f.read(maxSize + 1);
    if (bytes.size() > maxSize)
        return OpError::invalid(QStringLiteral("file"),
            QStringLiteral("file: %1 is larger than %2 MiB").arg(qs(file)).arg(maxSize / (1024 * 1024)));
    return bytes;
}

} // namespace

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
        auto ldif = readLdifFile(a->file);
        if (!ldif.ok()) {
            exitCode = fail(ldif.error());
            return;
        }
        Ispman1Import::Options options;
        options.dryRun = a->dryRun;
        exitCode = runOp(
            o, [&](DirectorySession &s) { return Ispman1Import::run(s, *ldif, options); },
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
