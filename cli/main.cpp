// ispman: every ISPMan operation from the command line.
#include "cli/aclcommands.h"
#include "cli/dbcommands.h"
#include "cli/servicecommands.h"
#include "cli/directorycommand.h"
#include "cli/domaincommands.h"
#include "cli/dnscommands.h"
#include "cli/hostcommands.h"
#include "cli/importcommands.h"
#include "cli/ldifcommands.h"
#include "cli/panelcommands.h"
#include "cli/processcommands.h"
#include "cli/session.h"
#include "cli/tenantcommands.h"
#include "cli/usercommands.h"
#include "cli/vhostcommands.h"

#include <CLI/CLI.hpp>

#include <QCoreApplication>

#include <iostream>

int main(int argc, char **argv)
{
    QCoreApplication qapp(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ispman"));
    CLI::App app{"ispman: run an ISP's DNS, web, mail, FTP and databases from one OpenLDAP directory"};
    app.require_subcommand(1);
    app.fallthrough(); // global options may also follow the subcommand
    int exitCode = 0;
    Isp::Cli::GlobalOptions options;
    Isp::Cli::addGlobalOptions(app, options);
    Isp::Cli::addDirectoryCommands(app, options, exitCode);
    Isp::Cli::addHostCommands(app, options, exitCode);
    Isp::Cli::addDomainCommands(app, options, exitCode);
    Isp::Cli::addProcessCommands(app, options, exitCode);
    Isp::Cli::addImportCommands(app, options, exitCode);
    Isp::Cli::addLdifCommands(app, options, exitCode);
    Isp::Cli::addDnsCommands(app, options, exitCode);
    Isp::Cli::addTenantCommands(app, options, exitCode);
    Isp::Cli::addUserCommands(app, options, exitCode);
    Isp::Cli::addVhostCommands(app, options, exitCode);
    Isp::Cli::addAclCommands(app, options, exitCode);
    Isp::Cli::addDatabaseCommands(app, options, exitCode);
    Isp::Cli::addServiceCommands(app, options, exitCode);
    Isp::Cli::addPanelCommands(app, options, exitCode);
    // CLI11 reports a missing subcommand before an unknown word; name the word instead.
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        std::string names;
        for (const CLI::App *sub : app.get_subcommands({})) {
            known = known || sub->get_name() == argv[1];
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        if (!known) {
            std::cerr << "ispman: unknown command '" << argv[1] << "' (commands: " << names << "; see --help)\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        // Help is success; every other parse failure is a usage error (exit 2, docs/cli.md).
        const int printed = app.exit(e);
        return printed == 0 ? 0 : 2;
    }
    return exitCode;
}
