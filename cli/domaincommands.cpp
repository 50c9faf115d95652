#include "cli/domaincommands.h"

#include "cli/input.h"

#include "core/ops/domainops.h"
#include "core/validation/domainname.h"

#include <CLI/CLI.hpp>

#include <QJsonArray>
#include <QJsonObject>

namespace Isp::Cli {

using namespace Core;

namespace {

QJsonObject toJson(const Domain &d)
{
    return {{QStringLiteral("name"), d.name},
            {QStringLiteral("type"), Domain::typeName(d.type)},
            {QStringLiteral("owner"), d.owner},
            {QStringLiteral("customer"), d.customer},
            {QStringLiteral("comment"), d.comment},
            {QStringLiteral("services"), QJsonArray::fromStringList(d.services)},
            {QStringLiteral("master"), d.replicaMaster},
            {QStringLiteral("masters"), QJsonArray::fromStringList(d.dnsMasters)},
            {QStringLiteral("mailHost"), d.mailDropHost},
            {QStringLiteral("webHosts"), QJsonArray::fromStringList(d.webHosts)},
            {QStringLiteral("fileHost"), d.fileServer},
            {QStringLiteral("dbHost"), d.dbHost},
            {QStringLiteral("dnsHosts"), QJsonArray::fromStringList(d.dnsHosts)},
            {QStringLiteral("smtpHosts"), QJsonArray::fromStringList(d.smtpHosts)},
            {QStringLiteral("maxAccounts"), d.maxAccounts},
            {QStringLiteral("maxVhosts"), d.maxVhosts},
            {QStringLiteral("maxDatabases"), d.maxDatabases},
            {QStringLiteral("delivery"), d.mailDelivery},
            {QStringLiteral("locked"), d.locked},
            {QStringLiteral("suspended"), d.suspended},
            {QStringLiteral("clientId"), d.clientId},
            {QStringLiteral("resellerId"), d.resellerId},
            {QStringLiteral("uidNumber"), d.uidNumber},
            {QStringLiteral("gidNumber"), d.gidNumber},
            {QStringLiteral("homeDirectory"), d.homeDirectory}};
}

QJsonObject toJson(const DomainOps::DomainInfo &i)
{
    QJsonObject o = toJson(i.domain);
    o.insert(QStringLiteral("users"), i.users);
    o.insert(QStringLiteral("websites"), i.websites);
    o.insert(QStringLiteral("databases"), i.databases);
    o.insert(QStringLiteral("replicas"), QJsonArray::fromStringList(i.replicas));
    return o;
}

QString limit(int v)
{
    return v < 0 ? QStringLiteral("unlimited") : QString::number(v);
}

QString toText(const DomainOps::DomainInfo &i)
{
    const Domain &d = i.domain;
    auto list = [](const QStringList &l) { return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", ")); };
    auto one = [](const QString &s) { return s.isEmpty() ? QStringLiteral("-") : s; };
    QString t = QStringLiteral("domain %1 (%2)%3%4\n")
                    .arg(d.name, Domain::typeName(d.type), d.suspended ? QStringLiteral(", suspended") : QString(),
                         d.locked ? QStringLiteral(", locked by ") + d.lockedBy : QString());
    const QString display = Validate::domainNameForDisplay(d.name);
    if (display != d.name)
        t += QStringLiteral("  shown:     %1\n").arg(display);
    if (d.type == Domain::Type::Replica)
        t += QStringLiteral("  master:    %1\n").arg(d.replicaMaster);
    if (d.type == Domain::Type::Slave)
        t += QStringLiteral("  masters:   %1\n").arg(list(d.dnsMasters));
    t += QStringLiteral("  owner:     %1\n  customer:  %2\n").arg(one(d.owner), one(d.customer));
    if (!d.comment.isEmpty())
        t += QStringLiteral("  comment:   %1\n").arg(d.comment);
    t += QStringLiteral("  services:  %1\n").arg(list(d.services));
    if (d.type != Domain::Type::Replica) {
        t += QStringLiteral("  users:     %1 of %2\n  websites:  %3 of %4\n  databases: %5 of %6\n")
                 .arg(i.users)
                 .arg(limit(d.maxAccounts))
                 .arg(i.websites)
                 .arg(limit(d.maxVhosts))
                 .arg(i.databases)
                 .arg(limit(d.maxDatabases));
        t += QStringLiteral("  hosts:     mail %1; web %2; file %3; db %4; dns %5; smtp %6\n")
                 .arg(one(d.mailDropHost), list(d.webHosts), one(d.fileServer), one(d.dbHost), list(d.dnsHosts), list(d.smtpHosts));
        t += QStringLiteral("  account:   uid %1, gid %2, %3\n").arg(d.uidNumber).arg(d.gidNumber).arg(d.homeDirectory);
        t += QStringLiteral("  delivery:  %1\n").arg(d.mailDelivery);
    }
    if (d.clientId > 0)
        t += QStringLiteral("  client:    %1 (%2), reseller %3 (%4)\n").arg(d.clientId).arg(d.clientName).arg(d.resellerId).arg(d.resellerName);
    if (!i.replicas.isEmpty())
        t += QStringLiteral("  replicas:  %1\n").arg(list(i.replicas));
    return t;
}

} // namespace

void addDomainCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string name, type = "primary", owner, customer, comment, master, mailHost, fileHost, dbHost, maxAccounts,
                    maxVhosts, maxDatabases, delivery, client, passwordFile, file;
        std::vector<std::string> services, masters, webHosts, dnsHosts, smtpHosts;
    };
    auto a = std::make_shared<Args>();
    CLI::App *domain = app.add_subcommand("domain", "Hosted domains");
    domain->require_subcommand(1);

    auto common = [a](CLI::App *c) {
        c->add_option("--owner", a->owner, "Owner's name");
        c->add_option("--customer", a->customer, "Customer reference");
        c->add_option("--comment", a->comment, "Comment");
        c->add_option("--service", a->services, "Domain service (repeatable; default: the catalogue's defaults)");
        c->add_option("--mail-host", a->mailHost, "Default mail store host for new mailboxes");
        c->add_option("--web-host", a->webHosts, "Default web host for new websites (repeatable)");
        c->add_option("--file-host", a->fileHost, "File server for the domain's directories");
        c->add_option("--db-host", a->dbHost, "Default database host");
        c->add_option("--dns-host", a->dnsHosts, "DNS server for this domain (repeatable; default: dnsgroup)");
        c->add_option("--smtp-host", a->smtpHosts, "SMTP server for this domain (repeatable; default: smtpgroup)");
        c->add_option("--max-accounts", a->maxAccounts, "Most mail users (-1: unlimited)");
        c->add_option("--max-vhosts", a->maxVhosts, "Most websites (-1: unlimited)");
        c->add_option("--max-databases", a->maxDatabases, "Most databases (-1: unlimited)");
        c->add_option("--delivery", a->delivery, "Mail delivery: local or smtp");
        c->add_option("--masters", a->masters, "Slave domains: master name server IP (repeatable)");
    };

    CLI::App *add = domain->add_subcommand("add", "Add a domain: its entry, branches, DNS zone, and the work for its hosts");
    add->add_option("name", a->name, "Domain name (IDN allowed)")->required();
    add->add_option("--type", a->type, "primary (zone here), slave, replica (alias of another domain) or nodns")->capture_default_str();
    add->add_option("--master", a->master, "Replica domains: the domain it mirrors");
    add->add_option("--client", a->client, "Client id that owns it");
    add->add_option("--password-file", a->passwordFile, "File holding the domain owner's panel password (- for stdin)");
    common(add);
    add->callback([a, &o, &exitCode] {
        DomainOps::DomainSpec spec;
        spec.name = qs(a->name);
        spec.type = qs(a->type);
        spec.owner = qs(a->owner);
        spec.customer = qs(a->customer);
        spec.comment = qs(a->comment);
        spec.services = qs(a->services);
        spec.replicaMaster = qs(a->master);
        spec.dnsMasters = qs(a->masters);
        spec.mailDropHost = qs(a->mailHost);
        spec.webHosts = qs(a->webHosts);
        spec.fileServer = qs(a->fileHost);
        spec.dbHost = qs(a->dbHost);
        spec.dnsHosts = qs(a->dnsHosts);
        spec.smtpHosts = qs(a->smtpHosts);
        spec.maxAccounts = qs(a->maxAccounts);
        spec.maxVhosts = qs(a->maxVhosts);
        spec.maxDatabases = qs(a->maxDatabases);
        spec.mailDelivery = qs(a->delivery);
        spec.clientId = qs(a->client);
        Input in;
        spec.password = in.secret(a->passwordFile);
        exitCode = runOp(o, in, [&](DirectorySession &s) { return DomainOps::add(s, spec); },
                       [&](const DomainOps::DomainInfo &i) { return print(o, toJson(i), toText(i)); });
    });

    CLI::App *list = domain->add_subcommand("list", "List domains");
    list->add_option("--type", a->type, "Only this type");
    list->add_option("--client", a->client, "Only this client's");
    list->callback([a, &o, &exitCode, list] {
        const QString type = list->get_option("--type")->count() ? qs(a->type) : QString();
        exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::list(s, type, qs(a->client)); }, [&](const QList<Domain> &domains) {
            QJsonArray json;
            QString text;
            for (const Domain &d : domains) {
                json.append(toJson(d));
                text += QStringLiteral("%1  %2  %3\n").arg(d.name, -32).arg(Domain::typeName(d.type), -8).arg(d.suspended ? QStringLiteral("suspended") : d.owner);
            }
            return print(o, json, text.isEmpty() ? QStringLiteral("(no domains)") : text);
        });
    });

    CLI::App *show = domain->add_subcommand("show", "Show a domain: settings, usage against limits, replicas");
    show->add_option("name", a->name, "Domain name")->required();
    show->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::show(s, qs(a->name)); },
                       [&](const DomainOps::DomainInfo &i) { return print(o, toJson(i), toText(i)); });
    });

    CLI::App *edit = domain->add_subcommand("edit", "Change a domain's settings (only the options given)");
    edit->add_option("name", a->name, "Domain name")->required();
    common(edit);
    edit->callback([a, &o, &exitCode, edit] {
        DomainOps::DomainChange c;
        auto given = [&](const char *opt) { return edit->get_option(opt)->count() > 0; };
        if (given("--owner")) c.owner = qs(a->owner);
        if (given("--customer")) c.customer = qs(a->customer);
        if (given("--comment")) c.comment = qs(a->comment);
        if (given("--service")) c.services = qs(a->services);
        if (given("--mail-host")) c.mailDropHost = qs(a->mailHost);
        if (given("--web-host")) c.webHosts = qs(a->webHosts);
        if (given("--file-host")) c.fileServer = qs(a->fileHost);
        if (given("--db-host")) c.dbHost = qs(a->dbHost);
        if (given("--dns-host")) c.dnsHosts = qs(a->dnsHosts);
        if (given("--smtp-host")) c.smtpHosts = qs(a->smtpHosts);
        if (given("--max-accounts")) c.maxAccounts = qs(a->maxAccounts);
        if (given("--max-vhosts")) c.maxVhosts = qs(a->maxVhosts);
        if (given("--max-databases")) c.maxDatabases = qs(a->maxDatabases);
        if (given("--delivery")) c.mailDelivery = qs(a->delivery);
        if (given("--masters")) c.dnsMasters = qs(a->masters);
        exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::edit(s, qs(a->name), c); },
                       [&](const DomainOps::DomainInfo &i) { return print(o, toJson(i), toText(i)); });
    });

    for (const auto &[cmd, help, suspend] : {std::tuple{"suspend", "Suspend a domain (its FTP account and services stop)", true},
                                             std::tuple{"resume", "Resume a suspended domain", false}}) {
        CLI::App *c = domain->add_subcommand(cmd, help);
        c->add_option("name", a->name, "Domain name")->required();
        const bool on = suspend;
        c->callback([a, &o, &exitCode, on] {
            exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::setSuspended(s, qs(a->name), on); },
                           [&](const DomainOps::DomainInfo &i) { return print(o, toJson(i), toText(i)); });
        });
    }
    for (const auto &[cmd, help, lock] : {std::tuple{"lock", "Lock a domain against changes", true},
                                          std::tuple{"unlock", "Unlock a domain", false}}) {
        CLI::App *c = domain->add_subcommand(cmd, help);
        c->add_option("name", a->name, "Domain name")->required();
        const bool on = lock;
        c->callback([a, &o, &exitCode, on] {
            exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::setLocked(s, qs(a->name), on); },
                           [&](const DomainOps::DomainInfo &i) { return print(o, toJson(i), toText(i)); });
        });
    }

    CLI::App *passwd = domain->add_subcommand("passwd", "Set the domain owner's panel password");
    passwd->add_option("name", a->name, "Domain name")->required();
    passwd->add_option("--password-file", a->passwordFile, "File holding the new password (- for stdin)")->required();
    passwd->callback([a, &o, &exitCode] {
        const auto pw = passwordFromFile(a->passwordFile, exitCode);
        if (!pw)
            return;
        exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::setPassword(s, qs(a->name), *pw); },
                       [&](const Done &) { return print(o, QJsonObject{{QStringLiteral("passwordSet"), qs(a->name)}}, QStringLiteral("password set")); });
    });

    CLI::App *sig = domain->add_subcommand("signature", "Show the signature of the domain's outgoing mail, or set it with --file");
    sig->add_option("name", a->name, "Domain name")->required();
    const CLI::Option *sigFile = sig->add_option("--file", a->file, "File holding the new signature (- for stdin); an empty file removes it");
    sig->callback([a, &o, &exitCode, sigFile] {
        if (sigFile->count() == 0) {
            exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::signature(s, qs(a->name)); }, [&](const QString &text) {
                return print(o, QJsonObject{{QStringLiteral("domain"), qs(a->name)}, {QStringLiteral("signature"), text}},
                             text.isEmpty() ? QStringLiteral("(no signature)") : text);
            });
            return;
        }
        Input in;
        // Room for CR LF line ends and 4-byte characters; the operation counts characters.
        const QString text = in.fileText(a->file, DomainOps::MaxSignatureLength * 8, QStringLiteral("file"), QStringLiteral("signature"));
        exitCode = runOp(o, in, [&](DirectorySession &s) { return DomainOps::setSignature(s, qs(a->name), text); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("signatureSet"), qs(a->name)}}, QStringLiteral("signature of %1 set").arg(qs(a->name)));
        });
    });

    CLI::App *del = domain->add_subcommand("delete", "Delete a domain and everything below it; queue the clean-up on its hosts");
    del->add_option("name", a->name, "Domain name")->required();
    del->callback([a, &o, &exitCode] {
        exitCode = runOp(o, [&](DirectorySession &s) { return DomainOps::remove(s, qs(a->name)); }, [&](const Done &) {
            return print(o, QJsonObject{{QStringLiteral("deleted"), qs(a->name)}}, QStringLiteral("deleted domain %1").arg(qs(a->name)));
        });
    });
}

} // namespace Isp::Cli
