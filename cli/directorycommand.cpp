#include "cli/directorycommand.h"

#include "core/directory/privatedirectory.h"

#include <CLI/CLI.hpp>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <memory>

namespace Isp::Cli {

using Core::LdapDn;
using Core::PrivateDirectory;
using Core::PrivateDirectoryOptions;

namespace {

struct DirectoryArgs
{
    std::string dir;
    std::string base = "o=ispman,dc=example,dc=com";
    int port = 0;
    bool sample = false;
    bool json = false;
    std::string adminPassword;
};

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

void printInfo(const PrivateDirectory &d, bool json, bool running)
{
    if (json) {
        QJsonObject o{{QStringLiteral("running"), running},
                      {QStringLiteral("directory"), d.directory()},
                      {QStringLiteral("uri"), d.uri()},
                      {QStringLiteral("ldapiUri"), d.ldapiUri()},
                      {QStringLiteral("base"), d.base().toString()},
                      {QStringLiteral("adminDn"), d.adminDn().toString()},
                      {QStringLiteral("adminPassword"), QString::fromUtf8(d.adminPassword())},
                      {QStringLiteral("rootDn"), d.rootDn().toString()},
                      {QStringLiteral("rootPassword"), QString::fromUtf8(d.rootPassword())},
                      {QStringLiteral("pid"), running ? d.pid() : 0}};
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        out().flush();
        return;
    }
    out() << (running ? QStringLiteral("ISPMan directory running (pid %1)\n").arg(d.pid())
                      : QStringLiteral("ISPMan directory stopped\n"));
    out() << "  folder:         " << d.directory() << '\n'
          << "  LDAP URI:       " << d.uri() << '\n'
          << "  ldapi URI:      " << d.ldapiUri() << '\n'
          << "  base DN:        " << d.base().toString() << '\n'
          << "  admin DN:       " << d.adminDn().toString() << '\n'
          << "  admin password: " << QString::fromUtf8(d.adminPassword()) << '\n'
          << "  root DN:        " << d.rootDn().toString() << '\n'
          << "  root password:  " << QString::fromUtf8(d.rootPassword()) << '\n';
    if (running) {
        out() << "\nThe tree:  ldapsearch -x -H " << d.uri() << " -b '" << d.base().toString() << "' -s one dn\n"
              << "All data:  ldapsearch -x -H " << d.uri() << " -D '" << d.adminDn().toString() << "' -w '"
              << QString::fromUtf8(d.adminPassword()) << "' -b '" << d.base().toString() << "'\n";
    }
    out().flush();
}

int start(const DirectoryArgs &a)
{
    const auto base = LdapDn::parse(QString::fromStdString(a.base));
    if (!base || base->isEmpty()) {
        err() << "ispman directory start: --base: not a valid DN: " << QString::fromStdString(a.base) << '\n';
        return 2;
    }
    QString missing;
    if (!PrivateDirectory::toolsAvailable(&missing)) {
        err() << "ispman directory start: " << missing << " is not installed (run scripts/install-deps)\n";
        return 1;
    }
    PrivateDirectoryOptions o;
    o.directory = QString::fromStdString(a.dir);
    o.base = *base;
    o.port = quint16(a.port);
    o.sampleData = a.sample;
    o.adminPassword = QByteArray::fromStdString(a.adminPassword);
    o.mode = PrivateDirectoryOptions::Mode::Detached;
    PrivateDirectory d(o);
    QString error;
    if (!d.start(&error)) {
        err() << "ispman directory start: " << error << '\n';
        return 1;
    }
    printInfo(d, a.json, true);
    return 0;
}

int stop(const DirectoryArgs &a)
{
    QString error;
    auto d = PrivateDirectory::open(QString::fromStdString(a.dir), &error);
    if (!d) {
        err() << "ispman directory stop: " << error << '\n';
        return 1;
    }
    if (!d->stop(&error)) {
        err() << "ispman directory stop: " << error << '\n';
        return 1;
    }
    out() << "stopped\n";
    out().flush();
    return 0;
}

int status(const DirectoryArgs &a)
{
    QString error;
    auto d = PrivateDirectory::open(QString::fromStdString(a.dir), &error);
    if (!d) {
        err() << "ispman directory status: " << error << '\n';
        return 1;
    }
    const bool running = d->isRunning() && d->isResponding();
    printInfo(*d, a.json, running);
    return running ? 0 : 3;
}

} // namespace

void addDirectoryCommands(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<DirectoryArgs>();
    CLI::App *dir = app.add_subcommand("directory", "Run a private ISPMan directory (slapd) in a folder");
    dir->require_subcommand(1);

    CLI::App *startCmd = dir->add_subcommand("start", "Create the directory if needed, start slapd, print how to reach it");
    startCmd->add_option("--dir", args->dir, "Instance folder (created if missing)")->required();
    startCmd->add_option("--base", args->base, "Base DN of the ISP's data")->capture_default_str();
    startCmd->add_option("--port", args->port, "TCP port on 127.0.0.1 (default: a free one, kept across restarts)")
        ->check(CLI::Range(1, 65535));
    startCmd->add_flag("--sample", args->sample, "Load sample hosts, domains, users and a zone on creation");
    startCmd->add_option("--admin-password", args->adminPassword, "Password of the ispman admin (default: generated)");
    startCmd->callback([args, &options, &exitCode] {
        args->json = options.json;
        exitCode = start(*args);
    });

    CLI::App *stopCmd = dir->add_subcommand("stop", "Stop the directory's slapd (data is kept)");
    stopCmd->add_option("--dir", args->dir, "Instance folder")->required()->check(CLI::ExistingDirectory);
    stopCmd->callback([args, &exitCode] { exitCode = stop(*args); });

    CLI::App *statusCmd = dir->add_subcommand("status", "Say whether the directory runs, and how to reach it (exit 3: stopped)");
    statusCmd->add_option("--dir", args->dir, "Instance folder")->required()->check(CLI::ExistingDirectory);
    statusCmd->callback([args, &options, &exitCode] {
        args->json = options.json;
        exitCode = status(*args);
    });
}

} // namespace Isp::Cli
