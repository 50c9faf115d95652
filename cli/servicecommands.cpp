#include "cli/servicecommands.h"

#include "core/ops/serviceops.h"

#include <CLI/CLI.hpp>

#include <QJsonArray>
#include <QJsonObject>

namespace Isp::Cli {

using namespace Core;

namespace {

QJsonObject toJson(const ServiceOps::ServiceAccountInfo &a)
{
    return {{QStringLiteral("name"), a.name},
            {QStringLiteral("dn"), a.dn.toString()},
            {QStringLiteral("exists"), a.exists},
            {QStringLiteral("purpose"), a.purpose},
            {QStringLiteral("reads"), QJsonArray::fromStringList(a.attributes)}};
}

} // namespace

void addServiceCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string name, passwordFile;
    };
    auto a = std::make_shared<Args>();
    CLI::App *cmd = app.add_subcommand("service", "Service accounts: what Postfix, Dovecot, pure-ftpd, PowerDNS and the panel bind as");
    cmd->require_subcommand(1);

    CLI::App *list = cmd->add_subcommand("list", "List the service accounts and whether each exists");
    list->callback([&o, &exitCode] {
        exitCode = runOp(o, [](DirectorySession &s) { return ServiceOps::list(s); }, [&](const QList<ServiceOps::ServiceAccountInfo> &all) {
            QJsonArray json;
            QString text;
            for (const auto &s : all) {
                json.append(toJson(s));
                text += QStringLiteral("%1  %2  %3\n").arg(s.name, -10).arg(s.exists ? QStringLiteral("exists ") : QStringLiteral("missing"), s.purpose);
            }
            return print(o, json, text);
        });
    });

    CLI::App *passwd = cmd->add_subcommand("passwd", "Create a service account with this password, or change its password");
    passwd->add_option("name", a->name, "postfix, dovecot, pureftpd, powerdns, apache or panel")->required();
    passwd->add_option("--password-file", a->passwordFile, "File holding the password (- for stdin)")->required();
    passwd->callback([a, &o, &exitCode] {
        const auto pw = passwordFromFile(a->passwordFile, exitCode);
        if (!pw)
            return;
        exitCode = runOp(o, [&](DirectorySession &s) { return ServiceOps::setPassword(s, qs(a->name), *pw); },
                         [&](const ServiceOps::ServiceAccountInfo &s) {
                             return print(o, toJson(s), QStringLiteral("password set; %1 binds as %2").arg(s.name, s.dn.toString()));
                         });
    });

    CLI::App *del = cmd->add_subcommand("delete", "Delete a service account");
    del->add_option("name", a->name, "The account")->required();
    del->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return ServiceOps::remove(s, qs(a->name)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->name)}}, QStringLiteral("deleted service account %1").arg(qs(a->name)));
        });
    });
}

} // namespace Isp::Cli
