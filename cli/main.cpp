// ispman: every ISPMan operation from the command line.
#include "cli/directorycommand.h"

#include <CLI/CLI.hpp>

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication qapp(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ispman"));
    CLI::App app{"ispman: run an ISP's DNS, web, mail, FTP and databases from one OpenLDAP directory"};
    app.require_subcommand(1);
    int exitCode = 0;
    Isp::Cli::addDirectoryCommands(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    }
    return exitCode;
}
