#include "cli/tenantcommands.h"

#include "cli/input.h"
#include "core/ops/adminops.h"
#include "core/ops/confops.h"
#include "core/ops/tenantops.h"

#include <QJsonArray>
#include <QJsonObject>

#include <CLI/CLI.hpp>

namespace Isp::Cli {

using namespace Core;

namespace {

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toString(Qt::ISODate) : QString();
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("-") : s;
}

QString limitText(qint64 n)
{
    return n < 0 ? QStringLiteral("unlimited") : QString::number(n);
}

QJsonObject toJson(const Contact &c)
{
    return { { QStringLiteral("cn"), c.cn }, { QStringLiteral("sn"), c.sn },
        { QStringLiteral("givenName"), c.givenName }, { QStringLiteral("mail"), c.mail },
        { QStringLiteral("telephone"), c.telephone }, { QStringLiteral("street"), c.street },
        { QStringLiteral("postalCode"), c.postalCode }, { QStringLiteral("city"), c.locality },
        { QStringLiteral("country"), c.country } };
}

QString contactText(const Contact &c)
{
    QString t = QStringLiteral("  contact:     %1").arg(c.cn);
    if (!c.mail.isEmpty())
        t += QStringLiteral(" <%1>").arg(c.mail);
    if (!c.telephone.isEmpty())
        t += QStringLiteral(", %1").arg(c.telephone);
    t += QLatin1Char('\n');
    QStringList address;
    for (const QString &part :
        { c.street, QStringList { c.postalCode, c.locality }.join(QLatin1Char(' ')).trimmed(), c.country }) {
        if (!part.isEmpty())
            address << part;
    }
    if (!address.isEmpty())
        t += QStringLiteral("  address:     %1\n").arg(address.join(QStringLiteral(", ")));
    return t;
}

QJsonObject toJson(const Client &c)
{
    QJsonObject hosts { { QStringLiteral("mail"), c.hosts.mailDrop },
        { QStringLiteral("web"), QJsonArray::fromStringList(c.hosts.web) },
        { QStringLiteral("fileServer"), c.hosts.fileServer },
        { QStringLiteral("dns"), QJsonArray::fromStringList(c.hosts.dns) },
        { QStringLiteral("smtp"), QJsonArray::fromStringList(c.hosts.smtp) } };
    return { { QStringLiteral("id"), c.id }, { QStringLiteral("resellerId"), c.resellerId },
        { QStringLiteral("resellerName"), c.resellerName }, { QStringLiteral("name"), c.name },
        { QStringLiteral("status"), tenantStatusName(c.status) }, { QStringLiteral("maxDomains"), c.maxDomains },
        { QStringLiteral("login"), c.login }, { QStringLiteral("passwordSet"), c.passwordChanged.isValid() },
        { QStringLiteral("created"), isoTime(c.created) }, { QStringLiteral("contact"), toJson(c.contact) },
        { QStringLiteral("hosts"), hosts }, { QStringLiteral("domains"), QJsonArray::fromStringList(c.domains) } };
}

QString toText(const Client &c)
{
    QString t = QStringLiteral("client %1: %2 (%3)\n").arg(c.id).arg(c.name, tenantStatusName(c.status));
    t += QStringLiteral("  reseller:    %1 %2\n").arg(c.resellerId).arg(c.resellerName);
    t += contactText(c.contact);
    t += QStringLiteral("  login:       %1\n")
             .arg(c.login.isEmpty()
                     ? QStringLiteral("- (cannot log in)")
                     : c.login + (c.passwordChanged.isValid() ? QString() : QStringLiteral(" (no password)")));
    t += QStringLiteral("  max domains: %1\n").arg(limitText(c.maxDomains));
    const auto hosts
        = [](const QStringList &l) { return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", ")); };
    t += QStringLiteral("  hosts:       mail %1, web %2, files %3, dns %4, smtp %5\n")
             .arg(orDash(c.hosts.mailDrop), hosts(c.hosts.web), orDash(c.hosts.fileServer), hosts(c.hosts.dns),
                 hosts(c.hosts.smtp));
    t += QStringLiteral("  domains:     %1\n")
             .arg(c.domains.isEmpty() ? QStringLiteral("-") : c.domains.join(QStringLiteral(", ")));
    return t;
}

QJsonObject toJson(const Reseller &r)
{
    QJsonArray clients;
    for (const Client &c : r.clients)
        clients.append(toJson(c));
    return { { QStringLiteral("id"), r.id }, { QStringLiteral("name"), r.name },
        { QStringLiteral("status"), tenantStatusName(r.status) }, { QStringLiteral("maxClients"), r.maxClients },
        { QStringLiteral("clientCount"), r.clientCount }, { QStringLiteral("login"), r.login },
        { QStringLiteral("passwordSet"), r.passwordChanged.isValid() },
        { QStringLiteral("created"), isoTime(r.created) }, { QStringLiteral("contact"), toJson(r.contact) },
        { QStringLiteral("clients"), clients } };
}

QString toText(const Reseller &r)
{
    QString t = QStringLiteral("reseller %1: %2 (%3)\n").arg(r.id).arg(r.name, tenantStatusName(r.status));
    t += contactText(r.contact);
    t += QStringLiteral("  login:       %1\n")
             .arg(r.login.isEmpty()
                     ? QStringLiteral("- (cannot log in)")
                     : r.login + (r.passwordChanged.isValid() ? QString() : QStringLiteral(" (no password)")));
    t += QStringLiteral("  clients:     %1 of %2\n").arg(r.clientCount).arg(limitText(r.maxClients));
    for (const Client &c : r.clients)
        t += QStringLiteral("    %1  %2  %3\n").arg(c.id, 6).arg(tenantStatusName(c.status), -9).arg(c.name);
    return t;
}

QJsonObject toJson(const Admin &a)
{
    return { { QStringLiteral("uid"), a.uid }, { QStringLiteral("cn"), a.cn }, { QStringLiteral("mail"), a.mail },
        { QStringLiteral("level"), a.level }, { QStringLiteral("passwordSet"), a.passwordChanged.isValid() },
        { QStringLiteral("allowFrom"), QJsonArray::fromStringList(a.networks) } };
}

QString toText(const Admin &a)
{
    return QStringLiteral("%1  level %2  %3  %4")
        .arg(a.uid, -16)
        .arg(a.level, 3)
        .arg(orDash(a.cn), -24)
        .arg(orDash(a.mail));
}

QJsonObject toJson(const ConfVariable &v)
{
    return { { QStringLiteral("module"), v.module }, { QStringLiteral("name"), v.name },
        { QStringLiteral("alias"), v.alias }, { QStringLiteral("value"), v.value },
        { QStringLiteral("question"), v.question }, { QStringLiteral("rule"), ConfOps::ruleDescription(v.name) } };
}

QString toText(const ConfVariable &v)
{
    return QStringLiteral("%1 (%2) = %3\n  %4\n  rule: %5\n")
        .arg(v.name, v.module, v.value, v.question, ConfOps::ruleDescription(v.name));
}

struct ContactOptions
{
    std::string cn, sn, givenName, mail, phone, street, postalCode, city, country;
    CLI::Option *oCn = nullptr, *oSn = nullptr, *oGiven = nullptr, *oMail = nullptr, *oPhone = nullptr,
                *oStreet = nullptr, *oPostal = nullptr, *oCity = nullptr, *oCountry = nullptr;

    void addTo(CLI::App *cmd, bool edit)
    {
        const std::string empty = edit ? " (empty to remove)" : "";
        oCn = cmd->add_option("--cn", cn, "Contact's full name (default: the name)");
        oSn = cmd->add_option("--sn", sn, "Contact's surname (default: the full name)");
        oGiven = cmd->add_option("--given-name", givenName, "Contact's given name" + empty);
        oMail = cmd->add_option("--mail", mail, "Contact mail address" + empty);
        oPhone = cmd->add_option("--phone", phone, "Telephone number" + empty);
        oStreet = cmd->add_option("--street", street, "Street address" + empty);
        oPostal = cmd->add_option("--postal-code", postalCode, "Postal code" + empty);
        oCity = cmd->add_option("--city", city, "City" + empty);
        oCountry = cmd->add_option("--country", country, "Country, ISO 3166 code such as CH" + empty);
    }

    TenantOps::ContactSpec spec(Input &in) const
    {
        return { in.text(QStringLiteral("cn"), cn), in.text(QStringLiteral("sn"), sn),
            in.text(QStringLiteral("given-name"), givenName), in.text(QStringLiteral("mail"), mail),
            in.text(QStringLiteral("phone"), phone), in.text(QStringLiteral("street"), street),
            in.text(QStringLiteral("postal-code"), postalCode), in.text(QStringLiteral("city"), city),
            in.text(QStringLiteral("country"), country) };
    }

    TenantOps::ContactChange change(Input &in) const
    {
        TenantOps::ContactChange c;
        c.cn = in.given(QStringLiteral("cn"), oCn, cn);
        c.sn = in.given(QStringLiteral("sn"), oSn, sn);
        c.givenName = in.given(QStringLiteral("given-name"), oGiven, givenName);
        c.mail = in.given(QStringLiteral("mail"), oMail, mail);
        c.telephone = in.given(QStringLiteral("phone"), oPhone, phone);
        c.street = in.given(QStringLiteral("street"), oStreet, street);
        c.postalCode = in.given(QStringLiteral("postal-code"), oPostal, postalCode);
        c.locality = in.given(QStringLiteral("city"), oCity, city);
        c.country = in.given(QStringLiteral("country"), oCountry, country);
        return c;
    }
};

struct HostOptions
{
    std::string mail, fileServer;
    std::vector<std::string> web, dns, smtp;
    CLI::Option *oMail = nullptr, *oFile = nullptr, *oWeb = nullptr, *oDns = nullptr, *oSmtp = nullptr;

    void addTo(CLI::App *cmd)
    {
        oMail = cmd->add_option("--mail-host", mail, "Default mail store of new domains");
        oWeb = cmd->add_option("--web-host", web, "Default web server of new domains (repeatable)");
        oFile = cmd->add_option("--file-server", fileServer, "Default file server of new domains");
        oDns = cmd->add_option(
            "--dns-host", dns, "DNS server of the client's domains, instead of dnsgroup (repeatable)");
        oSmtp = cmd->add_option(
            "--smtp-host", smtp, "SMTP server of the client's domains, instead of smtpgroup (repeatable)");
    }

    DefaultHosts spec(Input &in) const
    {
        DefaultHosts h;
        h.mailDrop = in.text(QStringLiteral("mail-host"), mail);
        h.web = in.texts(QStringLiteral("web-host"), web);
        h.fileServer = in.text(QStringLiteral("file-server"), fileServer);
        h.dns = in.texts(QStringLiteral("dns-host"), dns);
        h.smtp = in.texts(QStringLiteral("smtp-host"), smtp);
        return h;
    }

    TenantOps::HostsChange change(Input &in) const
    {
        TenantOps::HostsChange c;
        c.mailDrop = in.given(QStringLiteral("mail-host"), oMail, mail);
        c.web = in.givenList(QStringLiteral("web-host"), oWeb, web);
        c.fileServer = in.given(QStringLiteral("file-server"), oFile, fileServer);
        c.dns = in.givenList(QStringLiteral("dns-host"), oDns, dns);
        c.smtp = in.givenList(QStringLiteral("smtp-host"), oSmtp, smtp);
        return c;
    }
};

void addResellerCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string id, name, maxClients, login, passwordFile;
        bool noLogin = false;
        ContactOptions contact;
        CLI::Option *oName = nullptr, *oMax = nullptr, *oLogin = nullptr;
    };
    auto a = std::make_shared<Args>();
    CLI::App *cmd = app.add_subcommand("reseller", "Resellers: they sell the ISP's services to their own clients");
    cmd->require_subcommand(1);

    auto showReseller = [&o](const Reseller &r) { return print(o, toJson(r), toText(r)); };

    CLI::App *add = cmd->add_subcommand("add", "Add a reseller");
    add->add_option("name", a->name, "Display name, e.g. the company")->required();
    a->contact.addTo(add, false);
    add->add_option("--max-clients", a->maxClients, "How many clients it may have (default 5; -1: unlimited)");
    add->add_option("--login", a->login, "Name it logs in with");
    add->add_option(
        "--password-file,--new-password-file", a->passwordFile, "File with its password (- for stdin); needs --login");
    add->callback([a, &o, &exitCode, showReseller] {
        Input in;
        TenantOps::ResellerSpec spec { in.text(QStringLiteral("name"), a->name), a->contact.spec(in),
            in.text(QStringLiteral("max-clients"), a->maxClients), in.text(QStringLiteral("login"), a->login),
            in.secret(a->passwordFile) };
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::addReseller(s, spec); }, showReseller);
    });

    CLI::App *list = cmd->add_subcommand("list", "List resellers with their number of clients");
    list->callback([&o, &exitCode] {
        exitCode = runOp(
            o, [](DirectorySession &s) { return TenantOps::listResellers(s); },
            [&](const QList<Reseller> &all) {
                QJsonArray json;
                QString text;
                for (const Reseller &r : all) {
                    json.append(toJson(r));
                    const QString clients = QStringLiteral("%1/%2").arg(r.clientCount).arg(limitText(r.maxClients));
                    text += QStringLiteral("%1  %2  %3 clients  %4\n")
                                .arg(r.id, 6)
                                .arg(tenantStatusName(r.status), -9)
                                .arg(clients, 9)
                                .arg(r.name);
                }
                return print(o, json, text.isEmpty() ? QStringLiteral("(no resellers)") : text);
            });
    });

    CLI::App *show = cmd->add_subcommand("show", "Show a reseller and its clients");
    show->add_option("id", a->id, "Reseller id")->required();
    show->callback([a, &o, &exitCode, showReseller] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::showReseller(s, id); }, showReseller);
    });

    CLI::App *edit = cmd->add_subcommand("edit", "Change a reseller's name, contact data, limit or login");
    edit->add_option("id", a->id, "Reseller id")->required();
    a->oName = edit->add_option("--name", a->name, "New display name");
    a->contact.addTo(edit, true);
    a->oMax = edit->add_option("--max-clients", a->maxClients, "How many clients it may have (-1: unlimited)");
    a->oLogin = edit->add_option("--login", a->login, "New login name");
    edit->add_flag("--no-login", a->noLogin, "Remove its login and password");
    edit->callback([a, &o, &exitCode, showReseller] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        TenantOps::ResellerChange c;
        c.name = in.given(QStringLiteral("name"), a->oName, a->name);
        c.contact = a->contact.change(in);
        c.maxClients = in.given(QStringLiteral("max-clients"), a->oMax, a->maxClients);
        c.login
            = a->noLogin ? std::optional<QString>(QString()) : in.given(QStringLiteral("login"), a->oLogin, a->login);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::editReseller(s, id, c); }, showReseller);
    });

    for (const auto &[word, status, help] :
        { std::tuple { "suspend", TenantStatus::Suspended, "Suspend a reseller: it gets no new clients" },
            std::tuple { "resume", TenantStatus::Active, "Make a suspended reseller active again" } }) {
        CLI::App *sub = cmd->add_subcommand(word, help);
        sub->add_option("id", a->id, "Reseller id")->required();
        sub->callback([a, &o, &exitCode, showReseller, status = status] {
            Input in;
            const qint64 id = in.id(QStringLiteral("id"), a->id);
            exitCode = runOp(
                o, in, [&](DirectorySession &s) { return TenantOps::setResellerStatus(s, id, status); }, showReseller);
        });
    }

    CLI::App *del = cmd->add_subcommand("delete", "Delete a reseller without clients or domains");
    del->add_option("id", a->id, "Reseller id")->required();
    del->callback([a, &o, &exitCode] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::removeReseller(s, id); },
            [&](const Done &) {
                return print(o, QJsonObject { { QStringLiteral("deleted"), id } },
                    QStringLiteral("deleted reseller %1").arg(id));
            });
    });

    CLI::App *passwd = cmd->add_subcommand("passwd", "Set a reseller's password");
    passwd->add_option("id", a->id, "Reseller id")->required();
    passwd
        ->add_option("--password-file,--new-password-file", a->passwordFile, "File with the new password (- for stdin)")
        ->required();
    passwd->callback([a, &o, &exitCode] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        const QString pw = in.secret(a->passwordFile);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::setResellerPassword(s, id, pw); },
            [&](const Done &) {
                return print(o, QJsonObject { { QStringLiteral("passwordSet"), id } },
                    QStringLiteral("password of reseller %1 set").arg(id));
            });
    });
}

void addClientCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string id, reseller, name, maxDomains, login, passwordFile, to;
        bool noLogin = false;
        ContactOptions contact;
        HostOptions hosts;
        CLI::Option *oName = nullptr, *oMax = nullptr, *oLogin = nullptr, *oReseller = nullptr;
    };
    auto a = std::make_shared<Args>();
    CLI::App *cmd = app.add_subcommand("client", "Clients of resellers: the customers who own domains");
    cmd->require_subcommand(1);

    auto showClient = [&o](const Client &c) { return print(o, toJson(c), toText(c)); };

    CLI::App *add = cmd->add_subcommand("add", "Add a client to a reseller");
    add->add_option("reseller", a->reseller, "Reseller id")->required();
    add->add_option("name", a->name, "Display name")->required();
    a->contact.addTo(add, false);
    a->hosts.addTo(add);
    add->add_option("--max-domains", a->maxDomains, "How many domains it may have (default 5; -1: unlimited)");
    add->add_option("--login", a->login, "Name it logs in with");
    add->add_option(
        "--password-file,--new-password-file", a->passwordFile, "File with its password (- for stdin); needs --login");
    add->callback([a, &o, &exitCode, showClient] {
        Input in;
        TenantOps::ClientSpec spec;
        spec.resellerId = in.id(QStringLiteral("reseller"), a->reseller);
        spec.name = in.text(QStringLiteral("name"), a->name);
        spec.contact = a->contact.spec(in);
        spec.maxDomains = in.text(QStringLiteral("max-domains"), a->maxDomains);
        spec.hosts = a->hosts.spec(in);
        spec.login = in.text(QStringLiteral("login"), a->login);
        spec.password = in.secret(a->passwordFile);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::addClient(s, spec); }, showClient);
    });

    CLI::App *list = cmd->add_subcommand("list", "List clients, of all resellers or of one");
    a->oReseller = list->add_option("--reseller", a->reseller, "Only this reseller's clients");
    list->callback([a, &o, &exitCode] {
        Input in;
        std::optional<qint64> reseller;
        if (a->oReseller->count())
            reseller = in.id(QStringLiteral("reseller"), a->reseller);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::listClients(s, reseller); },
            [&](const QList<Client> &all) {
                QJsonArray json;
                QString text;
                for (const Client &c : all) {
                    json.append(toJson(c));
                    text += QStringLiteral("%1  reseller %2  %3  %4\n")
                                .arg(c.id, 6)
                                .arg(c.resellerId, -6)
                                .arg(tenantStatusName(c.status), -9)
                                .arg(c.name);
                }
                return print(o, json, text.isEmpty() ? QStringLiteral("(no clients)") : text);
            });
    });

    CLI::App *show = cmd->add_subcommand("show", "Show a client and its domains");
    show->add_option("id", a->id, "Client id")->required();
    show->callback([a, &o, &exitCode, showClient] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::showClient(s, id); }, showClient);
    });

    CLI::App *edit = cmd->add_subcommand("edit", "Change a client's name, contact data, limit, default hosts or login");
    edit->add_option("id", a->id, "Client id")->required();
    a->oName = edit->add_option("--name", a->name, "New display name");
    a->contact.addTo(edit, true);
    a->hosts.addTo(edit);
    a->oMax = edit->add_option("--max-domains", a->maxDomains, "How many domains it may have (-1: unlimited)");
    a->oLogin = edit->add_option("--login", a->login, "New login name");
    edit->add_flag("--no-login", a->noLogin, "Remove its login and password");
    edit->footer("A host option given an empty value ('') removes that setting.");
    edit->callback([a, &o, &exitCode, showClient] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        TenantOps::ClientChange c;
        c.name = in.given(QStringLiteral("name"), a->oName, a->name);
        c.contact = a->contact.change(in);
        c.maxDomains = in.given(QStringLiteral("max-domains"), a->oMax, a->maxDomains);
        c.hosts = a->hosts.change(in);
        c.login
            = a->noLogin ? std::optional<QString>(QString()) : in.given(QStringLiteral("login"), a->oLogin, a->login);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::editClient(s, id, c); }, showClient);
    });

    CLI::App *move = cmd->add_subcommand("move", "Move a client (and its domains) to another reseller");
    move->add_option("id", a->id, "Client id")->required();
    move->add_option("--to", a->to, "The new reseller's id")->required();
    move->callback([a, &o, &exitCode, showClient] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        const qint64 to = in.id(QStringLiteral("to"), a->to);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::moveClient(s, id, to); }, showClient);
    });

    for (const auto &[word, status, help] : { std::tuple { "suspend", TenantStatus::Suspended, "Suspend a client" },
             std::tuple { "resume", TenantStatus::Active, "Make a suspended client active again" } }) {
        CLI::App *sub = cmd->add_subcommand(word, help);
        sub->add_option("id", a->id, "Client id")->required();
        sub->callback([a, &o, &exitCode, showClient, status = status] {
            Input in;
            const qint64 id = in.id(QStringLiteral("id"), a->id);
            exitCode = runOp(
                o, in, [&](DirectorySession &s) { return TenantOps::setClientStatus(s, id, status); }, showClient);
        });
    }

    CLI::App *del = cmd->add_subcommand("delete", "Delete a client that owns no domains");
    del->add_option("id", a->id, "Client id")->required();
    del->callback([a, &o, &exitCode] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::removeClient(s, id); },
            [&](const Done &) {
                return print(
                    o, QJsonObject { { QStringLiteral("deleted"), id } }, QStringLiteral("deleted client %1").arg(id));
            });
    });

    CLI::App *passwd = cmd->add_subcommand("passwd", "Set a client's password");
    passwd->add_option("id", a->id, "Client id")->required();
    passwd
        ->add_option("--password-file,--new-password-file", a->passwordFile, "File with the new password (- for stdin)")
        ->required();
    passwd->callback([a, &o, &exitCode] {
        Input in;
        const qint64 id = in.id(QStringLiteral("id"), a->id);
        const QString pw = in.secret(a->passwordFile);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return TenantOps::setClientPassword(s, id, pw); },
            [&](const Done &) {
                return print(o, QJsonObject { { QStringLiteral("passwordSet"), id } },
                    QStringLiteral("password of client %1 set").arg(id));
            });
    });
}

void addAdminCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string uid, cn, mail, level, passwordFile, oldPasswordFile;
        std::vector<std::string> networks;
        CLI::Option *oCn = nullptr, *oMail = nullptr, *oLevel = nullptr, *oNetworks = nullptr;
    };
    auto a = std::make_shared<Args>();
    CLI::App *cmd
        = app.add_subcommand("admin", "Console administrators (level 100 manages administrators and configuration)");
    cmd->require_subcommand(1);
    auto showAdmin = [&o](const Admin &ad) { return print(o, toJson(ad), toText(ad)); };

    CLI::App *add = cmd->add_subcommand("add", "Add an administrator");
    add->add_option("uid", a->uid, "Login name")->required();
    add->add_option("--level", a->level, "Level 1-100; 100 may manage administrators and configuration")->required();
    add->add_option("--cn", a->cn, "Full name");
    add->add_option("--mail", a->mail, "Mail address");
    add->add_option("--password-file,--new-password-file", a->passwordFile, "File with the password (- for stdin)");
    add->add_option("--allow-from", a->networks,
        "May bind only from this network (CIDR, repeatable; applied to slapd by `ispman acl apply`)");
    add->callback([a, &o, &exitCode, showAdmin] {
        Input in;
        AdminOps::AdminSpec spec { in.text(QStringLiteral("uid"), a->uid), in.text(QStringLiteral("cn"), a->cn),
            in.text(QStringLiteral("mail"), a->mail), in.text(QStringLiteral("level"), a->level),
            in.secret(a->passwordFile), in.texts(QStringLiteral("allow-from"), a->networks) };
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return AdminOps::add(s, spec); }, showAdmin);
    });

    CLI::App *list = cmd->add_subcommand("list", "List administrators");
    list->callback([&o, &exitCode] {
        exitCode = runOp(
            o, [](DirectorySession &s) { return AdminOps::list(s); },
            [&](const QList<Admin> &all) {
                QJsonArray json;
                QString text;
                for (const Admin &ad : all) {
                    json.append(toJson(ad));
                    text += toText(ad) + QLatin1Char('\n');
                }
                return print(o, json, text);
            });
    });

    CLI::App *show = cmd->add_subcommand("show", "Show an administrator");
    show->add_option("uid", a->uid, "Login name")->required();
    show->callback([a, &o, &exitCode, showAdmin] {
        Input in;
        const QString uid = in.text(QStringLiteral("uid"), a->uid);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return AdminOps::show(s, uid); }, showAdmin);
    });

    CLI::App *edit = cmd->add_subcommand("edit", "Change an administrator's level, mail address or name");
    edit->add_option("uid", a->uid, "Login name")->required();
    a->oLevel = edit->add_option("--level", a->level, "Level 1-100");
    a->oMail = edit->add_option("--mail", a->mail, "Mail address (empty to remove)");
    a->oCn = edit->add_option("--cn", a->cn, "Full name (empty to remove)");
    a->oNetworks = edit->add_option("--allow-from", a->networks,
        "Networks it may bind from (CIDR, repeatable; '' for anywhere; applied by `ispman acl apply`)");
    edit->callback([a, &o, &exitCode, showAdmin] {
        Input in;
        const QString uid = in.text(QStringLiteral("uid"), a->uid);
        AdminOps::AdminChange c { in.given(QStringLiteral("level"), a->oLevel, a->level),
            in.given(QStringLiteral("mail"), a->oMail, a->mail), in.given(QStringLiteral("cn"), a->oCn, a->cn),
            in.givenList(QStringLiteral("allow-from"), a->oNetworks, a->networks) };
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return AdminOps::edit(s, uid, c); }, showAdmin);
    });

    CLI::App *del
        = cmd->add_subcommand("delete", "Delete an administrator (not yourself, not the last one with level 100)");
    del->add_option("uid", a->uid, "Login name")->required();
    del->callback([a, &o, &exitCode] {
        Input in;
        const QString uid = in.text(QStringLiteral("uid"), a->uid);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return AdminOps::remove(s, uid); },
            [&](const Done &) {
                return print(o, QJsonObject { { QStringLiteral("deleted"), uid } },
                    QStringLiteral("deleted administrator %1").arg(uid));
            });
    });

    CLI::App *passwd
        = cmd->add_subcommand("passwd", "Set an administrator's password (your own needs --old-password-file)");
    passwd->add_option("uid", a->uid, "Login name")->required();
    passwd
        ->add_option("--password-file,--new-password-file", a->passwordFile, "File with the new password (- for stdin)")
        ->required();
    passwd->add_option("--old-password-file", a->oldPasswordFile, "File with the current password, for your own");
    passwd->callback([a, &o, &exitCode] {
        Input in;
        const QString uid = in.text(QStringLiteral("uid"), a->uid);
        const QString pw = in.secret(a->passwordFile);
        std::optional<QString> old;
        if (!a->oldPasswordFile.empty())
            old = in.secret(a->oldPasswordFile, QStringLiteral("old-password"));
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return AdminOps::setPassword(s, uid, pw, old); },
            [&](const Done &) {
                return print(o, QJsonObject { { QStringLiteral("passwordSet"), uid } },
                    QStringLiteral("password of %1 set").arg(uid));
            });
    });
}

void addConfCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string module, name, value;
    };
    auto a = std::make_shared<Args>();
    CLI::App *cmd = app.add_subcommand("conf", "Configuration variables (ou=conf)");
    cmd->require_subcommand(1);

    CLI::App *list = cmd->add_subcommand("list", "List configuration variables, of all modules or of one");
    list->add_option("module", a->module, "Module, e.g. dns_vars");
    list->callback([a, &o, &exitCode] {
        Input in;
        const QString module = in.text(QStringLiteral("module"), a->module);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return ConfOps::list(s, module); },
            [&](const QList<ConfVariable> &all) {
                QJsonArray json;
                QString text;
                QString module;
                for (const ConfVariable &v : all) {
                    json.append(toJson(v));
                    if (v.module != module) {
                        module = v.module;
                        text += QStringLiteral("[%1]\n").arg(module);
                    }
                    text += QStringLiteral("  %1 = %2\n").arg(v.name, v.value);
                }
                return print(o, json, text);
            });
    });

    CLI::App *get = cmd->add_subcommand("get", "Show a variable, its value and its rule");
    get->add_option("variable", a->name, "Variable name, e.g. dnsSerialFormat")->required();
    get->callback([a, &o, &exitCode] {
        Input in;
        const QString name = in.text(QStringLiteral("variable"), a->name);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return ConfOps::get(s, name); },
            [&](const ConfVariable &v) { return print(o, toJson(v), toText(v)); });
    });

    CLI::App *set = cmd->add_subcommand("set", "Change a variable's value (administrator level 100)");
    set->add_option("variable", a->name, "Variable name")->required();
    set->add_option("value", a->value, "New value (use -- before a value that starts with -)")->required();
    set->callback([a, &o, &exitCode] {
        Input in;
        const QString name = in.text(QStringLiteral("variable"), a->name);
        const QString value = in.text(name.isEmpty() ? QStringLiteral("value") : name, a->value);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return ConfOps::set(s, name, value); },
            [&](const ConfOps::ConfChange &c) {
                return print(o,
                    QJsonObject { { QStringLiteral("variable"), c.variable.name },
                        { QStringLiteral("module"), c.variable.module }, { QStringLiteral("old"), c.oldValue },
                        { QStringLiteral("new"), c.newValue } },
                    c.oldValue == c.newValue
                        ? QStringLiteral("%1: unchanged (%2)").arg(c.variable.name, c.newValue)
                        : QStringLiteral("%1: %2 -> %3").arg(c.variable.name, c.oldValue, c.newValue));
            });
    });
}

} // namespace

void addTenantCommands(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    addResellerCommands(app, options, exitCode);
    addClientCommands(app, options, exitCode);
    addAdminCommands(app, options, exitCode);
    addConfCommands(app, options, exitCode);
}

} // namespace Isp::Cli
