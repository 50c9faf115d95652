#include "cli/hostcommands.h"

#include "core/ops/hostops.h"
#include "core/validation/domainname.h"

#include <CLI/CLI.hpp>

#include <QJsonArray>
#include <QJsonObject>

namespace Isp::Cli {

using namespace Core;

namespace {

QJsonObject toJson(const Host &h)
{
    QJsonObject o{{QStringLiteral("name"), h.name},
                  {QStringLiteral("ip"), h.ip},
                  {QStringLiteral("aliases"), QJsonArray::fromStringList(h.aliases)},
                  {QStringLiteral("info"), h.info},
                  {QStringLiteral("groups"), QJsonArray::fromStringList(h.groups)}};
    QJsonObject agent{{QStringLiteral("state"), h.agentState},
                      {QStringLiteral("version"), h.agentVersion},
                      {QStringLiteral("heartbeat"), h.agentHeartbeat.isValid() ? h.agentHeartbeat.toString(Qt::ISODate) : QString()},
                      {QStringLiteral("queueDepth"), h.agentQueueDepth},
                      {QStringLiteral("failures"), h.agentFailures},
                      {QStringLiteral("lastError"), h.agentLastError}};
    o.insert(QStringLiteral("agent"), agent);
    return o;
}

QString toText(const Host &h)
{
    QString t = QStringLiteral("host %1\n").arg(h.name);
    const QString display = Validate::domainNameForDisplay(h.name);
    if (display != h.name)
        t += QStringLiteral("  shown:   %1\n").arg(display);
    t += QStringLiteral("  ip:      %1\n").arg(h.ip.isEmpty() ? QStringLiteral("-") : h.ip);
    t += QStringLiteral("  aliases: %1\n").arg(h.aliases.isEmpty() ? QStringLiteral("-") : h.aliases.join(QStringLiteral(", ")));
    t += QStringLiteral("  groups:  %1\n").arg(h.groups.isEmpty() ? QStringLiteral("-") : h.groups.join(QStringLiteral(", ")));
    if (!h.info.isEmpty())
        t += QStringLiteral("  info:    %1\n").arg(h.info);
    t += QStringLiteral("  agent:   %1\n").arg(h.agentHeartbeat.isValid()
                                                   ? QStringLiteral("%1, last seen %2").arg(h.agentState, h.agentHeartbeat.toString(Qt::ISODate))
                                                   : QStringLiteral("never seen"));
    return t;
}

QJsonObject toJson(const HostGroup &g)
{
    return {{QStringLiteral("name"), g.name}, {QStringLiteral("info"), g.info}, {QStringLiteral("members"), QJsonArray::fromStringList(g.members)}};
}

QString toText(const HostGroup &g)
{
    return QStringLiteral("%1  %2  %3")
        .arg(g.name, -16)
        .arg(g.members.isEmpty() ? QStringLiteral("-") : g.members.join(QStringLiteral(",")), -30)
        .arg(g.info);
}

} // namespace

void addHostCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string name, ip, info, group, host, passwordFile;
        std::vector<std::string> aliases, groups;
        bool clearAliases = false;
    };
    auto a = std::make_shared<Args>();

    CLI::App *host = app.add_subcommand("host", "Managed hosts: the machines whose agents carry out the work");
    host->require_subcommand(1);

    CLI::App *add = host->add_subcommand("add", "Add a host");
    add->add_option("name", a->name, "Host name its agent answers to (e.g. web1.example.net)")->required();
    add->add_option("--ip", a->ip, "Its IP address (used for the A records of websites it serves)");
    add->add_option("--alias", a->aliases, "Another name its agent answers to (repeatable)");
    add->add_option("--group", a->groups, "Host group to join, e.g. httpgroup (repeatable)");
    add->add_option("--info", a->info, "Free text");
    add->callback([a, &o, &exitCode] {
        exitCode = runOp(
            o, [&](DirectorySession &s) { return HostOps::add(s, {qs(a->name), qs(a->ip), qs(a->aliases), qs(a->info), qs(a->groups)}); },
            [&](const Host &h) { return print(o, toJson(h), toText(h)); });
    });

    CLI::App *list = host->add_subcommand("list", "List hosts");
    list->callback([&o, &exitCode] {
        exitCode = runOp(o, [](DirectorySession &s) { return HostOps::list(s); }, [&](const QList<Host> &hosts) {
            QJsonArray json;
            QString text;
            for (const Host &h : hosts) {
                json.append(toJson(h));
                text += QStringLiteral("%1  %2  %3\n").arg(h.name, -30).arg(h.ip, -16).arg(h.groups.join(QLatin1Char(',')));
            }
            return print(o, json, text.isEmpty() ? QStringLiteral("(no hosts)") : text);
        });
    });

    CLI::App *show = host->add_subcommand("show", "Show a host, its groups and its agent's status");
    show->add_option("name", a->name, "Host name")->required();
    show->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::show(s, qs(a->name)); },
                       [&](const Host &h) { return print(o, toJson(h), toText(h)); });
    });

    CLI::App *edit = host->add_subcommand("edit", "Change a host's IP address, aliases or info");
    edit->add_option("name", a->name, "Host name")->required();
    auto *ipOpt = edit->add_option("--ip", a->ip, "New IP address (empty to remove)");
    auto *aliasOpt = edit->add_option("--alias", a->aliases, "The aliases (repeatable; replaces the list)");
    edit->add_flag("--no-aliases", a->clearAliases, "Remove every alias");
    auto *infoOpt = edit->add_option("--info", a->info, "New info text (empty to remove)");
    edit->callback([a, &o, &exitCode, ipOpt, aliasOpt, infoOpt] {
        HostOps::HostChange change;
        if (ipOpt->count())
            change.ip = qs(a->ip);
        if (aliasOpt->count() || a->clearAliases)
            change.aliases = qs(a->aliases);
        if (infoOpt->count())
            change.info = qs(a->info);
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::edit(s, qs(a->name), change); },
                       [&](const Host &h) { return print(o, toJson(h), toText(h)); });
    });

    CLI::App *del = host->add_subcommand("delete", "Delete a host nothing refers to any more");
    del->add_option("name", a->name, "Host name")->required();
    del->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::remove(s, qs(a->name)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->name)}}, QStringLiteral("deleted host %1").arg(qs(a->name)));
        });
    });

    CLI::App *passwd = host->add_subcommand("passwd", "Set the password the host's agent binds with (docs/permissions.md)");
    passwd->add_option("name", a->name, "Host name")->required();
    passwd->add_option("--password-file", a->passwordFile, "File holding the password (- for stdin)")->required();
    passwd->callback([a, &o, &exitCode] {
        const auto pw = passwordFromFile(a->passwordFile, exitCode);
        if (!pw)
            return;
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::setPassword(s, qs(a->name), *pw); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("passwordSet"), qs(a->name)}}, QStringLiteral("password set for the agent of %1").arg(qs(a->name)));
        });
    });

    CLI::App *group = app.add_subcommand("hostgroup", "Host groups: roles (dnsgroup, smtpgroup, httpgroup, ...) that spread work over hosts");
    group->require_subcommand(1);

    CLI::App *gadd = group->add_subcommand("add", "Add a host group");
    gadd->add_option("name", a->group, "Group name")->required();
    gadd->add_option("--info", a->info, "Free text");
    gadd->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::addGroup(s, qs(a->group), qs(a->info)); },
                       [&](const HostGroup &g) { return print(o, toJson(g), toText(g)); });
    });

    CLI::App *glist = group->add_subcommand("list", "List host groups and their members");
    glist->callback([&o, &exitCode] {
        exitCode = runOp(o, [](DirectorySession &s) { return HostOps::listGroups(s); }, [&](const QList<HostGroup> &groups) {
            QJsonArray json;
            QString text;
            for (const HostGroup &g : groups) {
                json.append(toJson(g));
                text += toText(g) + QLatin1Char('\n');
            }
            return print(o, json, text);
        });
    });

    CLI::App *gshow = group->add_subcommand("show", "Show a host group");
    gshow->add_option("name", a->group, "Group name")->required();
    gshow->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::showGroup(s, qs(a->group)); },
                       [&](const HostGroup &g) { return print(o, toJson(g), toText(g)); });
    });

    CLI::App *gdel = group->add_subcommand("delete", "Delete an empty host group");
    gdel->add_option("name", a->group, "Group name")->required();
    gdel->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::removeGroup(s, qs(a->group)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->group)}}, QStringLiteral("deleted host group %1").arg(qs(a->group)));
        });
    });

    CLI::App *join = group->add_subcommand("add-member", "Put a host into a group");
    join->add_option("group", a->group, "Group name")->required();
    join->add_option("host", a->host, "Host name")->required();
    join->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::addMember(s, qs(a->group), qs(a->host)); },
                       [&](const HostGroup &g) { return print(o, toJson(g), toText(g)); });
    });

    CLI::App *leave = group->add_subcommand("remove-member", "Take a host out of a group");
    leave->add_option("group", a->group, "Group name")->required();
    leave->add_option("host", a->host, "Host name")->required();
    leave->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return HostOps::removeMember(s, qs(a->group), qs(a->host)); },
                       [&](const HostGroup &g) { return print(o, toJson(g), toText(g)); });
    });
}

} // namespace Isp::Cli
