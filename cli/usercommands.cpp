#include "cli/usercommands.h"

#include "cli/input.h"

#include "core/ops/mailgroupops.h"
#include "core/ops/usercsv.h"
#include "core/ops/userops.h"

#include <CLI/CLI.hpp>

#include <QJsonArray>
#include <QJsonObject>

#include <string_view>

namespace Isp::Cli {

using namespace Core;

namespace {

QJsonObject toJson(const MailUser &u)
{
    return {{QStringLiteral("address"), u.address},
            {QStringLiteral("domain"), u.domain},
            {QStringLiteral("userId"), u.userId},
            {QStringLiteral("uid"), u.uid},
            {QStringLiteral("givenName"), u.givenName},
            {QStringLiteral("surname"), u.surname},
            {QStringLiteral("aliases"), QJsonArray::fromStringList(u.aliases)},
            {QStringLiteral("forwards"), QJsonArray::fromStringList(u.forwards)},
            {QStringLiteral("mailbox"), u.hasMailbox()},
            {QStringLiteral("mailHost"), u.mailHost},
            {QStringLiteral("mailQuotaKiB"), u.mailQuotaKiB},
            {QStringLiteral("uidNumber"), u.uidNumber},
            {QStringLiteral("gidNumber"), u.gidNumber},
            {QStringLiteral("homeDirectory"), u.homeDirectory},
            {QStringLiteral("fileHost"), u.fileHost},
            {QStringLiteral("ftpEnabled"), u.ftpEnabled},
            {QStringLiteral("ftpQuotaMBytes"), u.ftpQuotaMBytes},
            {QStringLiteral("suspended"), u.suspended}};
}

QString toText(const MailUser &u)
{
    auto list = [](const QStringList &l) { return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", ")); };
    QString t = QStringLiteral("user %1 (%2)%3\n").arg(u.address, u.uid, u.suspended ? QStringLiteral(", suspended") : QString());
    t += QStringLiteral("  name:      %1\n").arg(u.commonName());
    if (u.hasMailbox())
        t += QStringLiteral("  mailbox:   on %1, quota %2 MB\n").arg(u.mailHost).arg(u.mailQuotaKiB / 1024);
    else
        t += QStringLiteral("  mailbox:   none (forwards only)\n");
    t += QStringLiteral("  aliases:   %1\n  forwards:  %2\n").arg(list(u.aliases), list(u.forwards));
    t += QStringLiteral("  account:   uid %1, gid %2, %3 on %4\n").arg(u.uidNumber).arg(u.gidNumber).arg(u.homeDirectory, u.fileHost.isEmpty() ? QStringLiteral("-") : u.fileHost);
    t += QStringLiteral("  ftp:       %1, quota %2 MB\n").arg(u.ftpEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled")).arg(u.ftpQuotaMBytes);
    return t;
}

QJsonObject toJson(const MailGroup &g)
{
    return {{QStringLiteral("address"), g.address},
            {QStringLiteral("domain"), g.domain},
            {QStringLiteral("name"), g.name},
            {QStringLiteral("members"), QJsonArray::fromStringList(g.members)},
            {QStringLiteral("aliases"), QJsonArray::fromStringList(g.aliases)}};
}

QString toText(const MailGroup &g)
{
    auto list = [](const QStringList &l) { return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", ")); };
    return QStringLiteral("mail group %1\n  members:   %2\n  aliases:   %3\n").arg(g.address, list(g.members), list(g.aliases));
}

} // namespace

void addUserCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string address, domain, value, givenName, surname, passwordFile, mailHost, mailQuota, ftpQuota, ftp, file;
        std::vector<std::string> forwards, members, aliases;
        bool noMailbox = false;
    };
    auto a = std::make_shared<Args>();
    auto showUser = [&o](const MailUser &u) { return print(o, toJson(u), toText(u)); };
    auto showGroup = [&o](const MailGroup &g) { return print(o, toJson(g), toText(g)); };

    CLI::App *user = app.add_subcommand("user", "Mail and FTP users of hosted domains");
    user->require_subcommand(1);

    CLI::App *add = user->add_subcommand("add", "Add a user: its entry, password, and its home directory and mailbox on their hosts");
    add->add_option("address", a->address, "The user's address, local@domain")->required();
    add->add_option("--given-name", a->givenName, "Given name");
    add->add_option("--surname", a->surname, "Surname");
    add->add_option("--password-file", a->passwordFile, "File holding the user's password (- for stdin)");
    add->add_option("--mail-host", a->mailHost, "Mail store host (default: the domain's, else mailstoregroup)");
    add->add_flag("--no-mailbox", a->noMailbox, "Forward-only user: no mailbox (needs --forward)");
    add->add_option("--forward", a->forwards, "Forward mail to this address (repeatable)");
    add->add_option("--mail-quota", a->mailQuota, "Mailbox quota in MB (default: conf defaultUserMailQuota)");
    add->add_option("--ftp-quota", a->ftpQuota, "FTP quota in MB (default: conf defaultUserFtpQuota)");
    add->add_option("--ftp", a->ftp, "FTP access: enabled or disabled")->check(CLI::IsMember({"enabled", "disabled"}));
    add->callback([a, &o, &exitCode, showUser] {
        UserOps::UserSpec spec;
        const QString address = qs(a->address);
        const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
        if (at <= 0) {
            exitCode = fail(OpError::invalid(QStringLiteral("user"), QStringLiteral("user: give the address as local@domain")));
            return;
        }
        spec.localPart = address.left(at);
        spec.domain = address.mid(at + 1);
        spec.givenName = qs(a->givenName);
        spec.surname = qs(a->surname);
        spec.mailHost = qs(a->mailHost);
        spec.mailbox = !a->noMailbox;
        spec.forwards = qs(a->forwards);
        spec.mailQuota = qs(a->mailQuota);
        spec.ftpQuota = qs(a->ftpQuota);
        spec.ftpEnabled = ftpStatus(a->ftp).value_or(true);
        Input in;
        spec.password = in.secret(a->passwordFile);
        exitCode = runOp(o, in, [&](DirectorySession &s) { return UserOps::add(s, spec); }, showUser);
    });

    CLI::App *import = user->add_subcommand("import", "Add many users from a CSV file, all or none (columns: docs/cli.md)");
    import->add_option("file", a->file, "CSV file with a header line (- for stdin)")->required();
    import->callback([a, &o, &exitCode] {
        auto bytes = readInput(a->file, QStringLiteral("file"), MaxUserCsvBytes);
        if (!bytes.ok()) {
            exitCode = fail(bytes.error());
            return;
        }
        auto rows = parseUserCsv(*bytes);
        if (!rows.ok()) {
            exitCode = fail(rows.error());
            return;
        }
        exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::addMany(s, *rows); }, [&](const QList<MailUser> &users) {
            QJsonArray json;
            QString text = users.size() == 1 ? QStringLiteral("added 1 user\n") : QStringLiteral("added %1 users\n").arg(users.size());
            for (const MailUser &u : users) {
                json.append(toJson(u));
                text += QStringLiteral("  %1  uid %2\n").arg(u.address, -40).arg(u.uidNumber);
            }
            return print(o, json, text);
        });
    });

    CLI::App *list = user->add_subcommand("list", "List a domain's users");
    list->add_option("domain", a->domain, "Domain name")->required();
    list->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::list(s, qs(a->domain)); }, [&](const QList<MailUser> &users) {
            QJsonArray json;
            QString text;
            for (const MailUser &u : users) {
                json.append(toJson(u));
                text += QStringLiteral("%1  %2  %3\n").arg(u.address, -40).arg(u.hasMailbox() ? u.mailHost : QStringLiteral("(forward)"), -24).arg(u.suspended ? QStringLiteral("suspended") : u.commonName());
            }
            return print(o, json, text.isEmpty() ? QStringLiteral("(no users)") : text);
        });
    });

    CLI::App *show = user->add_subcommand("show", "Show a user");
    show->add_option("address", a->address, "The user's address")->required();
    show->callback([a, &o, &exitCode, showUser] {
        exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::show(s, qs(a->address)); }, showUser);
    });

    CLI::App *edit = user->add_subcommand("edit", "Change a user (only the options given); --mail-host moves the mailbox");
    edit->add_option("address", a->address, "The user's address")->required();
    edit->add_option("--given-name", a->givenName, "Given name");
    edit->add_option("--surname", a->surname, "Surname");
    edit->add_option("--mail-host", a->mailHost, "Move the mailbox to this host");
    edit->add_option("--mail-quota", a->mailQuota, "Mailbox quota in MB");
    edit->add_option("--ftp-quota", a->ftpQuota, "FTP quota in MB");
    edit->add_option("--ftp", a->ftp, "FTP access: enabled or disabled")->check(CLI::IsMember({"enabled", "disabled"}));
    edit->callback([a, &o, &exitCode, edit, showUser] {
        UserOps::UserChange c;
        auto given = [&](const char *opt) { return edit->get_option(opt)->count() > 0; };
        if (given("--given-name")) c.givenName = qs(a->givenName);
        if (given("--surname")) c.surname = qs(a->surname);
        if (given("--mail-host")) c.mailHost = qs(a->mailHost);
        if (given("--mail-quota")) c.mailQuota = qs(a->mailQuota);
        if (given("--ftp-quota")) c.ftpQuota = qs(a->ftpQuota);
        if (given("--ftp")) c.ftpEnabled = ftpStatus(a->ftp);
        if (!c.givenName && !c.surname && !c.mailHost && !c.mailQuota && !c.ftpQuota && !c.ftpEnabled) {
            exitCode = usage(QStringLiteral("user edit: nothing to change (see ispman user edit --help)"));
            return;
        }
        exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::edit(s, qs(a->address), c); }, showUser);
    });

    CLI::App *passwd = user->add_subcommand("passwd", "Set a user's password");
    passwd->add_option("address", a->address, "The user's address")->required();
    passwd->add_option("--password-file", a->passwordFile, "File holding the new password (- for stdin)")->required();
    passwd->callback([a, &o, &exitCode] {
        const auto pw = passwordFromFile(a->passwordFile, exitCode);
        if (!pw)
            return;
        exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::setPassword(s, qs(a->address), *pw); },
                       [&](const Done &) { return print(o, QJsonObject{{QStringLiteral("passwordSet"), qs(a->address)}}, QStringLiteral("password set")); });
    });

    for (const auto &[cmd, help, suspend] : {std::tuple{"suspend", "Suspend a user (mail and FTP stop)", true},
                                             std::tuple{"resume", "Resume a suspended user", false}}) {
        CLI::App *c = user->add_subcommand(cmd, help);
        c->add_option("address", a->address, "The user's address")->required();
        const bool on = suspend;
        c->callback([a, &o, &exitCode, on, showUser] {
            exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::setSuspended(s, qs(a->address), on); }, showUser);
        });
    }

    CLI::App *del = user->add_subcommand("delete", "Delete a user; queue the removal of its mailbox and home directory");
    del->add_option("address", a->address, "The user's address")->required();
    del->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return UserOps::remove(s, qs(a->address)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->address)}}, QStringLiteral("deleted user %1").arg(qs(a->address)));
        });
    });

    using UserValueOp = OpResult<MailUser> (*)(DirectorySession &, const QString &, const QString &);
    for (const auto &[group, help, addOp, removeOp] :
         {std::tuple{"alias", "A user's other addresses (\"@domain\": catch-all)", UserValueOp(&UserOps::addAlias), UserValueOp(&UserOps::removeAlias)},
          std::tuple{"forward", "Where a user's mail is forwarded", UserValueOp(&UserOps::addForward), UserValueOp(&UserOps::removeForward)}}) {
        CLI::App *g = user->add_subcommand(group, help);
        g->require_subcommand(1);
        for (const auto &[cmd, op] : {std::pair{"add", addOp}, std::pair{"remove", removeOp}}) {
            CLI::App *c = g->add_subcommand(cmd, std::string(std::string_view(cmd) == "add" ? "Add one " : "Remove one ") + group);
            c->add_option("address", a->address, "The user's address")->required();
            c->add_option("value", a->value, std::string("The ") + group)->required();
            const UserValueOp f = op;
            c->callback([a, &o, &exitCode, f, showUser] {
                exitCode = runOp(o, [&](DirectorySession &s) { return f(s, qs(a->address), qs(a->value)); }, showUser);
            });
        }
    }

    CLI::App *mg = app.add_subcommand("mailgroup", "Mail groups (distribution lists)");
    mg->require_subcommand(1);
    CLI::App *gadd = mg->add_subcommand("add", "Add a mail group name@domain");
    gadd->add_option("address", a->address, "The group's address, name@domain")->required();
    gadd->add_option("--member", a->members, "Member address (repeatable)");
    gadd->add_option("--alias", a->aliases, "Another address of the group (repeatable)");
    gadd->callback([a, &o, &exitCode, showGroup] {
        MailGroupOps::MailGroupSpec spec;
        const QString address = qs(a->address);
        const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
        if (at <= 0) {
            exitCode = fail(OpError::invalid(QStringLiteral("group"), QStringLiteral("group: give the address as name@domain")));
            return;
        }
        spec.name = address.left(at);
        spec.domain = address.mid(at + 1);
        spec.members = qs(a->members);
        spec.aliases = qs(a->aliases);
        exitCode = runOp(o, [&](DirectorySession &s) { return MailGroupOps::add(s, spec); }, showGroup);
    });
    CLI::App *glist = mg->add_subcommand("list", "List a domain's mail groups");
    glist->add_option("domain", a->domain, "Domain name")->required();
    glist->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return MailGroupOps::list(s, qs(a->domain)); }, [&](const QList<MailGroup> &groups) {
            QJsonArray json;
            QString text;
            for (const MailGroup &g : groups) {
                json.append(toJson(g));
                text += QStringLiteral("%1  %2 members\n").arg(g.address, -40).arg(g.members.size());
            }
            return print(o, json, text.isEmpty() ? QStringLiteral("(no mail groups)") : text);
        });
    });
    CLI::App *gshow = mg->add_subcommand("show", "Show a mail group");
    gshow->add_option("address", a->address, "The group's address")->required();
    gshow->callback([a, &o, &exitCode, showGroup] {
        exitCode = runOp(o, [&](DirectorySession &s) { return MailGroupOps::show(s, qs(a->address)); }, showGroup);
    });
    CLI::App *gdel = mg->add_subcommand("delete", "Delete a mail group");
    gdel->add_option("address", a->address, "The group's address")->required();
    gdel->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return MailGroupOps::remove(s, qs(a->address)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->address)}}, QStringLiteral("deleted mail group %1").arg(qs(a->address)));
        });
    });
    using GroupValueOp = OpResult<MailGroup> (*)(DirectorySession &, const QString &, const QString &);
    for (const auto &[group, help, addOp, removeOp] :
         {std::tuple{"member", "A group's members", GroupValueOp(&MailGroupOps::addMember), GroupValueOp(&MailGroupOps::removeMember)},
          std::tuple{"alias", "A group's other addresses", GroupValueOp(&MailGroupOps::addAlias), GroupValueOp(&MailGroupOps::removeAlias)}}) {
        CLI::App *g = mg->add_subcommand(group, help);
        g->require_subcommand(1);
        for (const auto &[cmd, op] : {std::pair{"add", addOp}, std::pair{"remove", removeOp}}) {
            CLI::App *c = g->add_subcommand(cmd, std::string(std::string_view(cmd) == "add" ? "Add one " : "Remove one ") + group);
            c->add_option("address", a->address, "The group's address")->required();
            c->add_option("value", a->value, std::string("The ") + group)->required();
            const GroupValueOp f = op;
            c->callback([a, &o, &exitCode, f, showGroup] {
                exitCode = runOp(o, [&](DirectorySession &s) { return f(s, qs(a->address), qs(a->value)); }, showGroup);
            });
        }
    }
}

} // namespace Isp::Cli
