#include "cli/dbcommands.h"

#include "core/ops/databaseops.h"
#include "core/validation/database.h"

#include <CLI/CLI.hpp>

#include <QJsonArray>
#include <QJsonObject>

namespace Isp::Cli {

using namespace Core;

namespace {

// The password hash is not shown: with one captured login it yields the password's SHA1, which
// is enough to log in.
QJsonObject toJson(const Database &d)
{
    return {{QStringLiteral("domain"), d.domain},
            {QStringLiteral("name"), d.name},
            {QStringLiteral("type"), d.type},
            {QStringLiteral("host"), d.host},
            {QStringLiteral("user"), d.user},
            {QStringLiteral("passwordSet"), !d.passwordHash.isEmpty()},
            {QStringLiteral("accessFrom"), QJsonArray::fromStringList(d.accessFrom)},
            {QStringLiteral("privileges"), QJsonArray::fromStringList(d.privileges)}};
}

QString toText(const Database &d)
{
    auto list = [](const QStringList &l) { return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", ")); };
    QString t = QStringLiteral("database %1 of %2 on %3 (%4)\n").arg(d.name, d.domain, d.host, d.type);
    t += QStringLiteral("  user:        %1%2\n").arg(d.user, d.passwordHash.isEmpty() ? QStringLiteral(" (no password)") : QString());
    t += QStringLiteral("  access from: %1\n").arg(list(d.accessFrom));
    t += QStringLiteral("  privileges:  %1\n").arg(list(d.privileges));
    return t;
}

std::string databasePrivilegeHelp()
{
    return Validate::databasePrivilegeNames().join(QStringLiteral(", ")).toStdString();
}

} // namespace

void addDatabaseCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string domain, name, user, host, passwordFile;
        std::vector<std::string> accessFrom, privileges;
    };
    auto a = std::make_shared<Args>();
    auto showDb = [&o](const Database &d) { return print(o, toJson(d), toText(d)); };
    const std::string privilegeHelp = "Privilege on the database (repeatable): " + databasePrivilegeHelp();

    CLI::App *db = app.add_subcommand("db", "Customer databases (MariaDB) of hosted domains");
    db->require_subcommand(1);

    auto target = [a](CLI::App *c) {
        c->add_option("domain", a->domain, "Domain name")->required();
        c->add_option("name", a->name, "Database name: \"shop\" or its full name \"example_com_shop\"")->required();
    };

    CLI::App *add = db->add_subcommand("add", "Add a database and its user; queue its creation on its server");
    target(add);
    add->add_option("--user", a->user, "User name (prefixed like the database; default: the database's name)");
    add->add_option("--password-file", a->passwordFile, "File holding the user's password (- for stdin; stored only as its MariaDB hash)")->required();
    add->add_option("--db-host", a->host, "Database server (default: the domain's, else the least used in databasegroup)");
    add->add_option("--access-from", a->accessFrom, "Client host pattern the user may connect from (repeatable; default: conf dbAccessHostFilter): %, localhost, host name, %.domain, IP, 10.0.0.%, 10.0.0.0/24");
    add->add_option("--privilege", a->privileges, privilegeHelp);
    add->callback([a, &o, &exitCode, showDb] {
        auto pw = passwordFromFile(a->passwordFile, exitCode);
        if (!pw)
            return;
        DatabaseOps::DatabaseSpec spec;
        spec.domain = qs(a->domain);
        spec.name = qs(a->name);
        spec.user = qs(a->user);
        spec.password = *pw;
        spec.host = qs(a->host);
        spec.accessFrom = qs(a->accessFrom);
        spec.privileges = qs(a->privileges);
        exitCode = runOp(o, [&](DirectorySession &s) { return DatabaseOps::add(s, spec); }, showDb);
    });

    CLI::App *list = db->add_subcommand("list", "List a domain's databases");
    list->add_option("domain", a->domain, "Domain name")->required();
    list->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return DatabaseOps::list(s, qs(a->domain)); }, [&](const QList<Database> &dbs) {
            QJsonArray json;
            QString text;
            for (const Database &d : dbs) {
                json.append(toJson(d));
                text += QStringLiteral("%1  %2  %3\n").arg(d.name, -40).arg(d.host, -24).arg(d.user);
            }
            return print(o, json, text.isEmpty() ? QStringLiteral("(no databases)") : text);
        });
    });

    CLI::App *show = db->add_subcommand("show", "Show a database");
    target(show);
    show->callback([a, &o, &exitCode, showDb] {
        exitCode = runOp(o, [&](DirectorySession &s) { return DatabaseOps::show(s, qs(a->domain), qs(a->name)); }, showDb);
    });

    CLI::App *edit = db->add_subcommand("edit", "Change who may connect and what the user may do (the lists given replace the current ones)");
    target(edit);
    edit->add_option("--access-from", a->accessFrom, "Client host pattern (repeatable; replaces the current list)");
    edit->add_option("--privilege", a->privileges, privilegeHelp + " (replaces the current list)");
    edit->callback([a, &o, &exitCode, edit, showDb] {
        DatabaseOps::DatabaseChange c;
        if (edit->get_option("--access-from")->count() > 0)
            c.accessFrom = qs(a->accessFrom);
        if (edit->get_option("--privilege")->count() > 0)
            c.privileges = qs(a->privileges);
        if (!c.accessFrom && !c.privileges) {
            exitCode = usage(QStringLiteral("db edit: nothing to change (give --access-from or --privilege)"));
            return;
        }
        exitCode = runOp(o, [&](DirectorySession &s) { return DatabaseOps::edit(s, qs(a->domain), qs(a->name), c); }, showDb);
    });

    CLI::App *passwd = db->add_subcommand("passwd", "Set a database user's password");
    target(passwd);
    passwd->add_option("--password-file", a->passwordFile, "File holding the new password (- for stdin)")->required();
    passwd->callback([a, &o, &exitCode] {
        auto pw = passwordFromFile(a->passwordFile, exitCode);
        if (!pw)
            return;
        exitCode = runOp(o, [&](DirectorySession &s) { return DatabaseOps::setPassword(s, qs(a->domain), qs(a->name), *pw); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("passwordSet"), qs(a->name)}}, QStringLiteral("password set"));
        });
    });

    CLI::App *del = db->add_subcommand("delete", "Delete a database; queue the removal of the database and its user on its server");
    target(del);
    del->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return DatabaseOps::remove(s, qs(a->domain), qs(a->name)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->name)}, {QStringLiteral("domain"), qs(a->domain)}},
                         QStringLiteral("deleted database %1 of %2").arg(qs(a->name), qs(a->domain)));
        });
    });
}

} // namespace Isp::Cli
