#include "cli/vhostcommands.h"

#include "cli/input.h"
#include "core/ops/vhostops.h"

#include <QJsonArray>
#include <QJsonObject>

#include <CLI/CLI.hpp>

namespace Isp::Cli {

using namespace Core;

namespace {

// Enough for the longest extra configuration the validator accepts (200 lines of 1000 bytes).
constexpr qint64 MaxExtraConfigFileBytes = 256 * 1024;

QJsonObject toJson(const Vhost &v)
{
    QJsonArray redirects, protections;
    for (const VhostRedirect &r : v.redirects)
        redirects.append(QJsonObject { { QStringLiteral("path"), r.path }, { QStringLiteral("target"), r.target } });
    for (const VhostProtection &p : v.protections)
        protections.append(QJsonObject { { QStringLiteral("location"), p.location },
            { QStringLiteral("users"), QJsonArray::fromStringList(p.users) } });
    return { { QStringLiteral("domain"), v.domain }, { QStringLiteral("name"), v.name },
        { QStringLiteral("serverName"), v.serverName() }, { QStringLiteral("port"), v.port() },
        { QStringLiteral("webHosts"), QJsonArray::fromStringList(v.webHosts) },
        { QStringLiteral("fileHost"), v.fileHost }, { QStringLiteral("ipAddress"), v.ipAddress },
        { QStringLiteral("documentRoot"), v.documentRoot },
        { QStringLiteral("documentRootOptions"), QJsonArray::fromStringList(v.documentRootOptions) },
        { QStringLiteral("scriptDir"), v.scriptDir },
        { QStringLiteral("scriptDirOptions"), QJsonArray::fromStringList(v.scriptDirOptions) },
        { QStringLiteral("logDir"), v.logDir }, { QStringLiteral("statDir"), v.statDir },
        { QStringLiteral("stats"), v.stats }, { QStringLiteral("features"), QJsonArray::fromStringList(v.features) },
        { QStringLiteral("extraConfig"), QJsonArray::fromStringList(v.extraConfig) },
        { QStringLiteral("suspended"), v.suspended }, { QStringLiteral("uid"), v.uid },
        { QStringLiteral("uidNumber"), v.uidNumber }, { QStringLiteral("gidNumber"), v.gidNumber },
        { QStringLiteral("homeDirectory"), v.homeDirectory }, { QStringLiteral("ftpEnabled"), v.ftpEnabled },
        { QStringLiteral("ftpQuotaMBytes"), v.ftpQuotaMBytes },
        { QStringLiteral("aliases"), QJsonArray::fromStringList(v.aliases) },
        { QStringLiteral("redirects"), redirects }, { QStringLiteral("protections"), protections } };
}

QString toText(const Vhost &v)
{
    auto list = [](const QStringList &l) { return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", ")); };
    QString t = QStringLiteral("website %1%2 (%3 of %4)%5\n")
                    .arg(v.serverName(), v.port() ? QStringLiteral(":%1").arg(v.port()) : QString(), v.name, v.domain,
                        v.suspended ? QStringLiteral(", suspended") : QString());
    t += QStringLiteral("  web hosts:     %1 (address %2)\n").arg(list(v.webHosts), v.ipAddress);
    t += QStringLiteral("  aliases:       %1\n").arg(list(v.aliases));
    t += QStringLiteral("  document root: %1 (%2)\n").arg(v.documentRoot, list(v.documentRootOptions));
    t += QStringLiteral("  scripts:       %1 (%2)\n").arg(v.scriptDir, list(v.scriptDirOptions));
    t += QStringLiteral("  features:      %1\n").arg(list(v.features));
    t += QStringLiteral("  account:       %1, uid %2, gid %3, %4 on %5\n")
             .arg(v.uid)
             .arg(v.uidNumber)
             .arg(v.gidNumber)
             .arg(v.homeDirectory, v.fileHost.isEmpty() ? QStringLiteral("-") : v.fileHost);
    t += QStringLiteral("  ftp:           %1, quota %2 MB\n")
             .arg(v.ftpEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled"))
             .arg(v.ftpQuotaMBytes);
    for (const VhostRedirect &r : v.redirects)
        t += QStringLiteral("  redirect:      %1 -> %2\n").arg(r.path, r.target);
    for (const VhostProtection &p : v.protections)
        t += QStringLiteral("  protected:     %1 (users %2)\n").arg(p.location, list(p.users));
    if (!v.extraConfig.isEmpty())
        t += QStringLiteral("  extra config:\n    %1\n").arg(v.extraConfig.join(QStringLiteral("\n    ")));
    return t;
}

QJsonObject toJson(const WebUser &u)
{
    return { { QStringLiteral("domain"), u.domain }, { QStringLiteral("userId"), u.userId } };
}

// The extra Apache configuration from a file ("-": standard input).
QString extraConfig(Input &in, const std::string &file)
{
    return in.fileText(
        file, MaxExtraConfigFileBytes, QStringLiteral("extra-config-file"), QStringLiteral("extra-config"));
}

std::string featureHelp()
{
    return VhostOps::knownFeatures().join(QStringLiteral(", ")).toStdString();
}

} // namespace

void addVhostCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string domain, name, value, target, user, passwordFile, fileHost, documentRoot, scriptDir,
            documentRootOptions, scriptDirOptions, ip, extraConfigFile, ftpQuota, ftp;
        std::vector<std::string> webHosts, features, aliases, users;
        bool noFeatures = false;
    };
    auto a = std::make_shared<Args>();
    auto showVhost = [&o](const Vhost &v) { return print(o, toJson(v), toText(v)); };
    const std::string features = "Feature (repeatable): " + featureHelp();

    CLI::App *vhost
        = app.add_subcommand("vhost", "Websites of hosted domains: aliases, redirects, protected locations");
    vhost->require_subcommand(1);

    auto target = [a](CLI::App *c) {
        c->add_option("domain", a->domain, "Domain name")->required();
        c->add_option("name", a->name, "Website name inside the domain: \"www\", or \"www:8080\" for another port")
            ->required();
    };
    auto settings = [a, features](CLI::App *c, bool editing) {
        const std::string replaces = editing ? " (replaces the current list)" : "";
        c->add_option("--web-host", a->webHosts,
            "Web server (repeatable"
                + std::string(editing ? "; replaces the current list"
                                      : "; default: the domain's, else the least used in httpgroup")
                + ")");
        c->add_option(
            "--document-root", a->documentRoot, "Document root, relative to the site's home (default htdocs)");
        c->add_option("--script-dir", a->scriptDir, "CGI directory, relative to the site's home (default cgi-bin)");
        c->add_option("--document-root-options", a->documentRootOptions,
            "Apache Options of the document root, e.g. \"FollowSymLinks MultiViews\"");
        c->add_option(
            "--script-dir-options", a->scriptDirOptions, "Apache Options of the CGI directory, e.g. \"ExecCGI\"");
        c->add_option("--ip", a->ip,
            "Address it listens on: an IP address, or * for every address (default: conf apacheVhostsIP)");
        c->add_option("--extra-config-file", a->extraConfigFile,
            "File with extra Apache configuration lines (- for stdin; allowed directives: docs/validation.md)"
                + std::string(editing ? "; an empty file removes it" : ""));
        c->add_option("--feature", a->features, features + replaces);
        c->add_option("--ftp-quota", a->ftpQuota,
            "FTP quota in MB" + std::string(editing ? "" : " (default: conf defaultVhostFtpQuota)"));
        c->add_option("--ftp", a->ftp, "FTP access: enabled or disabled")
            ->check(CLI::IsMember({ "enabled", "disabled" }));
    };

    CLI::App *add = vhost->add_subcommand(
        "add", "Add a website: its entry, DNS records, and its directories and configuration on its hosts");
    target(add);
    settings(add, false);
    add->add_option("--file-host", a->fileHost,
        "File server holding its directories (default: the domain's, else the least used in fileservergroup)");
    add->add_option("--alias", a->aliases,
        "Another name it answers to (repeatable): \"web\" (in the domain) or \"www.example.org\"");
    add->add_option("--password-file", a->passwordFile, "File with the password of its FTP login (- for stdin)");
    add->callback([a, &o, &exitCode, showVhost] {
        if (a->passwordFile == "-" && a->extraConfigFile == "-") {
            exitCode = usage(
                QStringLiteral("vhost add: only one of --password-file and --extra-config-file can read stdin"));
            return;
        }
        Input in;
        VhostOps::VhostSpec spec;
        spec.domain = in.text(QStringLiteral("domain"), a->domain);
        spec.name = in.text(QStringLiteral("name"), a->name);
        spec.webHosts = in.texts(QStringLiteral("web-host"), a->webHosts);
        spec.fileHost = in.text(QStringLiteral("file-host"), a->fileHost);
        spec.documentRoot = in.text(QStringLiteral("document-root"), a->documentRoot);
        spec.scriptDir = in.text(QStringLiteral("script-dir"), a->scriptDir);
        spec.documentRootOptions = in.text(QStringLiteral("document-root-options"), a->documentRootOptions);
        spec.scriptDirOptions = in.text(QStringLiteral("script-dir-options"), a->scriptDirOptions);
        spec.ipAddress = in.text(QStringLiteral("ip"), a->ip);
        if (!a->extraConfigFile.empty())
            spec.extraConfig = extraConfig(in, a->extraConfigFile);
        spec.features = in.texts(QStringLiteral("feature"), a->features);
        spec.aliases = in.texts(QStringLiteral("alias"), a->aliases);
        spec.password = in.secret(a->passwordFile);
        spec.ftpQuota = in.text(QStringLiteral("ftp-quota"), a->ftpQuota);
        spec.ftpEnabled = ftpStatus(a->ftp).value_or(true);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::add(s, spec); }, showVhost);
    });

    CLI::App *list = vhost->add_subcommand("list", "List a domain's websites");
    list->add_option("domain", a->domain, "Domain name")->required();
    list->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::list(s, domain); },
            [&](const QList<Vhost> &all) {
                QJsonArray json;
                QString text;
                for (const Vhost &v : all) {
                    json.append(toJson(v));
                    text += QStringLiteral("%1  %2  %3\n")
                                .arg(v.name, -24)
                                .arg(v.webHosts.join(QLatin1Char(',')), -32)
                                .arg(v.suspended ? QStringLiteral("suspended") : v.homeDirectory);
                }
                return print(o, json, text.isEmpty() ? QStringLiteral("(no websites)") : text);
            });
    });

    CLI::App *show
        = vhost->add_subcommand("show", "Show a website with its aliases, redirects and protected locations");
    target(show);
    show->callback([a, &o, &exitCode, showVhost] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::show(s, domain, name); }, showVhost);
    });

    CLI::App *edit = vhost->add_subcommand(
        "edit", "Change a website (only the options given); new web hosts get it, dropped ones lose it");
    target(edit);
    settings(edit, true);
    edit->add_flag("--no-features", a->noFeatures, "Remove every feature");
    edit->callback([a, &o, &exitCode, edit, showVhost] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        VhostOps::VhostChange c;
        auto given = [&](const char *option) { return edit->get_option(option)->count() > 0; };
        c.webHosts = in.givenList(
            QStringLiteral("web-host"), edit->get_option("--web-host"), a->webHosts); // '': none, refused
        c.documentRoot
            = in.given(QStringLiteral("document-root"), edit->get_option("--document-root"), a->documentRoot);
        c.scriptDir = in.given(QStringLiteral("script-dir"), edit->get_option("--script-dir"), a->scriptDir);
        c.documentRootOptions = in.given(QStringLiteral("document-root-options"),
            edit->get_option("--document-root-options"), a->documentRootOptions);
        c.scriptDirOptions = in.given(
            QStringLiteral("script-dir-options"), edit->get_option("--script-dir-options"), a->scriptDirOptions);
        c.ipAddress = in.given(QStringLiteral("ip"), edit->get_option("--ip"), a->ip);
        if (given("--extra-config-file"))
            c.extraConfig = extraConfig(in, a->extraConfigFile);
        if (given("--feature") && a->noFeatures) {
            exitCode = usage(QStringLiteral("vhost edit: give either --feature or --no-features"));
            return;
        }
        if (given("--feature"))
            c.features = in.texts(QStringLiteral("feature"), a->features);
        else if (a->noFeatures)
            c.features = QStringList();
        c.ftpQuota = in.given(QStringLiteral("ftp-quota"), edit->get_option("--ftp-quota"), a->ftpQuota);
        if (given("--ftp"))
            c.ftpEnabled = ftpStatus(a->ftp);
        if (!c.webHosts && !c.documentRoot && !c.scriptDir && !c.documentRootOptions && !c.scriptDirOptions
            && !c.ipAddress && !c.extraConfig && !c.features && !c.ftpQuota && !c.ftpEnabled) {
            exitCode = usage(QStringLiteral("vhost edit: nothing to change (see ispman vhost edit --help)"));
            return;
        }
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::edit(s, domain, name, c); }, showVhost);
    });

    CLI::App *passwd = vhost->add_subcommand("passwd", "Set the password of a website's FTP login");
    target(passwd);
    passwd->add_option("--password-file", a->passwordFile, "File with the new password (- for stdin)")->required();
    passwd->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        const QString pw = in.secret(a->passwordFile);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::setPassword(s, domain, name, pw); },
            [&](const Done &) {
                return print(o,
                    QJsonObject { { QStringLiteral("passwordSet"), name }, { QStringLiteral("domain"), domain } },
                    QStringLiteral("password set"));
            });
    });

    for (const auto &[cmd, help, suspend] :
        { std::tuple { "suspend", "Suspend a website (a suspension notice is served; FTP stops)", true },
            std::tuple { "resume", "Resume a suspended website", false } }) {
        CLI::App *c = vhost->add_subcommand(cmd, help);
        target(c);
        const bool on = suspend;
        c->callback([a, &o, &exitCode, on, showVhost] {
            Input in;
            const QString domain = in.text(QStringLiteral("domain"), a->domain),
                          name = in.text(QStringLiteral("name"), a->name);
            exitCode = runOp(
                o, in, [&](DirectorySession &s) { return VhostOps::setSuspended(s, domain, name, on); }, showVhost);
        });
    }

    CLI::App *del = vhost->add_subcommand(
        "delete", "Delete a website and its DNS records; queue the removal of its configuration and directories");
    target(del);
    del->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::remove(s, domain, name); },
            [&](const Done &) {
                return print(o,
                    QJsonObject { { QStringLiteral("deleted"), name }, { QStringLiteral("domain"), domain } },
                    QStringLiteral("deleted website %1 of %2").arg(name, domain));
            });
    });

    // vhost alias|redirect|protect add|remove
    CLI::App *alias = vhost->add_subcommand("alias", "Other names a website answers to");
    alias->require_subcommand(1);
    using AliasOp = OpResult<Vhost> (*)(DirectorySession &, const QString &, const QString &, const QString &);
    for (const auto &[cmd, help, op] :
        { std::tuple { "add",
              "Add an alias: \"web\" (in the domain; gets a CNAME) or a foreign name \"www.example.org\"",
              AliasOp(&VhostOps::addAlias) },
            std::tuple { "remove", "Remove an alias (and the CNAME it implied)", AliasOp(&VhostOps::removeAlias) } }) {
        CLI::App *c = alias->add_subcommand(cmd, help);
        target(c);
        c->add_option("alias", a->value, "The alias")->required();
        const AliasOp f = op;
        c->callback([a, &o, &exitCode, f, showVhost] {
            Input in;
            const QString domain = in.text(QStringLiteral("domain"), a->domain),
                          name = in.text(QStringLiteral("name"), a->name);
            const QString value = in.text(QStringLiteral("alias"), a->value);
            exitCode = runOp(
                o, in, [&](DirectorySession &s) { return f(s, domain, name, value); }, showVhost);
        });
    }

    CLI::App *redirect = vhost->add_subcommand("redirect", "Paths of a website redirected to another URL");
    redirect->require_subcommand(1);
    CLI::App *radd = redirect->add_subcommand("add", "Redirect a path (\"/old\") to an http(s) URL");
    target(radd);
    radd->add_option("path", a->value, "The path, starting with /")->required();
    radd->add_option("target", a->target, "Where it goes: an http:// or https:// URL")->required();
    radd->callback([a, &o, &exitCode, showVhost] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        const QString path = in.text(QStringLiteral("path"), a->value),
                      url = in.text(QStringLiteral("target"), a->target);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::addRedirect(s, domain, name, path, url); }, showVhost);
    });
    CLI::App *rremove = redirect->add_subcommand("remove", "Stop redirecting a path");
    target(rremove);
    rremove->add_option("path", a->value, "The path")->required();
    rremove->callback([a, &o, &exitCode, showVhost] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        const QString path = in.text(QStringLiteral("path"), a->value);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::removeRedirect(s, domain, name, path); }, showVhost);
    });

    CLI::App *protect = vhost->add_subcommand("protect", "Password-protected locations of a website");
    protect->require_subcommand(1);
    CLI::App *padd
        = protect->add_subcommand("add", "Protect a location (\"/private\"): only the users given may enter");
    target(padd);
    padd->add_option("location", a->value, "The location, starting with /")->required();
    padd->add_option(
            "--user", a->users, "A web user (ispman webuser add) or mail user of the domain, by user id (repeatable)")
        ->required();
    padd->callback([a, &o, &exitCode, showVhost] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        const QString location = in.text(QStringLiteral("location"), a->value);
        const QStringList users = in.texts(QStringLiteral("user"), a->users);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::addProtection(s, domain, name, location, users); },
            showVhost);
    });
    CLI::App *premove = protect->add_subcommand("remove", "Remove a location's protection");
    target(premove);
    premove->add_option("location", a->value, "The location")->required();
    premove->callback([a, &o, &exitCode, showVhost] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      name = in.text(QStringLiteral("name"), a->name);
        const QString location = in.text(QStringLiteral("location"), a->value);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::removeProtection(s, domain, name, location); },
            showVhost);
    });

    // --- ispman webuser ---------------------------------------------------------------------
    CLI::App *webuser = app.add_subcommand("webuser", "Web users of hosted domains: who may enter protected locations");
    webuser->require_subcommand(1);
    auto userTarget = [a](CLI::App *c) {
        c->add_option("domain", a->domain, "Domain name")->required();
        c->add_option("user", a->user, "User id, e.g. \"editor\"")->required();
    };

    CLI::App *wadd = webuser->add_subcommand("add", "Add a web user (the password is stored hashed)");
    userTarget(wadd);
    wadd->add_option("--password-file", a->passwordFile, "File with its password (- for stdin)")->required();
    wadd->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      user = in.text(QStringLiteral("user"), a->user);
        const QString pw = in.secret(a->passwordFile);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::addWebUser(s, domain, user, pw); },
            [&](const WebUser &u) {
                return print(o, toJson(u), QStringLiteral("web user %1 of %2").arg(u.userId, u.domain));
            });
    });

    CLI::App *wlist = webuser->add_subcommand("list", "List a domain's web users");
    wlist->add_option("domain", a->domain, "Domain name")->required();
    wlist->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::listWebUsers(s, domain); },
            [&](const QList<WebUser> &all) {
                QJsonArray json;
                QString text;
                for (const WebUser &u : all) {
                    json.append(toJson(u));
                    text += u.userId + QLatin1Char('\n');
                }
                return print(o, json, text.isEmpty() ? QStringLiteral("(no web users)") : text);
            });
    });

    CLI::App *wpasswd = webuser->add_subcommand("passwd", "Set a web user's password");
    userTarget(wpasswd);
    wpasswd->add_option("--password-file", a->passwordFile, "File with the new password (- for stdin)")->required();
    wpasswd->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      user = in.text(QStringLiteral("user"), a->user);
        const QString pw = in.secret(a->passwordFile);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::setWebUserPassword(s, domain, user, pw); },
            [&](const Done &) {
                return print(o,
                    QJsonObject { { QStringLiteral("passwordSet"), user }, { QStringLiteral("domain"), domain } },
                    QStringLiteral("password set"));
            });
    });

    CLI::App *wdel
        = webuser->add_subcommand("delete", "Delete a web user (and drop it from the locations that allow it)");
    userTarget(wdel);
    wdel->callback([a, &o, &exitCode] {
        Input in;
        const QString domain = in.text(QStringLiteral("domain"), a->domain),
                      user = in.text(QStringLiteral("user"), a->user);
        exitCode = runOp(
            o, in, [&](DirectorySession &s) { return VhostOps::removeWebUser(s, domain, user); },
            [&](const Done &) {
                return print(o,
                    QJsonObject { { QStringLiteral("deleted"), user }, { QStringLiteral("domain"), domain } },
                    QStringLiteral("deleted web user %1 of %2").arg(user, domain));
            });
    });
}

} // namespace Isp::Cli
