#include "cli/ldifcommands.h"

#include "cli/input.h"
#include "core/ldap/ldif.h"
#include "core/ops/ldifops.h"

#include <QJsonObject>
#include <QSaveFile>

#include <CLI/CLI.hpp>
#include <cstdio>

namespace Isp::Cli {

using namespace Core;

namespace {

// The export holds password hashes: the file is created readable by its owner only, and
// replaces an existing one only once it is complete.
OpResult<Done> writeOutput(const QString &file, const QByteArray &data)
{
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return OpError::invalid(
            QStringLiteral("output"), QStringLiteral("output: cannot write %1: %2").arg(file, f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (f.write(data) != data.size() || !f.commit())
        return OpError::invalid(
            QStringLiteral("output"), QStringLiteral("output: cannot write %1: %2").arg(file, f.errorString()));
    return Done {};
}

} // namespace

void addLdifCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string domain, output, file;
        bool dryRun = false;
    };
    auto a = std::make_shared<Args>();

    CLI::App *ldif
        = app.add_subcommand("ldif", "The ISP's data as LDIF: export for backups and copies, import to restore");
    ldif->require_subcommand(1);

    CLI::App *exp = ldif->add_subcommand("export",
        "Write every entry below the base DN (or one domain and its DNS zone) as LDIF, passwords as their hashes");
    exp->add_option("--domain", a->domain, "Only this domain's subtree and its DNS zone");
    exp->add_option("--output", a->output, "File to write (created with mode 0600; default: standard output)");
    exp->callback([a, &o, &exitCode] {
        LdifOps::ExportOptions options;
        options.domain = qs(a->domain);
        exitCode = runOp(
            o, [&](DirectorySession &s) { return LdifOps::exportEntries(s, options); },
            [&](const QList<LdapEntry> &entries) {
                const QByteArray data = Ldif::write(entries);
                if (a->output.empty()) {
                    std::fwrite(data.constData(), 1, size_t(data.size()), stdout);
                    std::fflush(stdout);
                    return 0;
                }
                auto written = writeOutput(qs(a->output), data);
                if (!written.ok())
                    return fail(written.error());
                // With --output, stdout is free for the summary (JSON or text).
                return print(o,
                    QJsonObject {
                        { QStringLiteral("output"), qs(a->output) }, { QStringLiteral("entries"), entries.size() } },
                    QStringLiteral("wrote %1 entries to %2").arg(entries.size()).arg(qs(a->output)));
            });
    });

    CLI::App *imp = ldif->add_subcommand(
        "import", "Add the records of an LDIF export that are not in the directory yet: all of them or none");
    imp->add_option("file", a->file, "LDIF file (- for standard input)")->required();
    imp->add_flag("--dry-run", a->dryRun, "Check the file and list what would be added; write nothing");
    imp->callback([a, &o, &exitCode] {
        Input in;
        const QByteArray data = in.fileBytes(a->file, LdifLimits {}.maxInputBytes, QStringLiteral("file"));
        LdifOps::ImportOptions options;
        options.dryRun = a->dryRun;
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return LdifOps::import(s, data, options); },
            [&](const LdifOps::ImportReport &r) { return print(o, r.toJson(), r.toText()); });
    });
}

} // namespace Isp::Cli
