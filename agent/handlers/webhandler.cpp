#include "agent/handlers/webhandler.h"

#include "core/ops/domainops.h"
#include "core/ops/vhostops.h"
#include "core/validation/apacheextraconf.h"
#include "core/validation/apacheoptions.h"
#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/mailaddress.h"
#include "core/validation/relativepath.h"
#include "core/validation/url.h"
#include "core/validation/vhostname.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>

namespace Isp::Agent {

namespace {

Q_LOGGING_CATEGORY(lcWeb, "isp.agent.web")

using Core::Result;

const QString AddVirtualHost = QStringLiteral("AddVirtualHost");
const QString ModifyVirtualHost = QStringLiteral("ModifyVirtualHost");
const QString DeleteVirtualHost = QStringLiteral("DeleteVirtualHost");
const QString ReloadKey = QStringLiteral("web");

// Apache's combined log format, spelled out: the nickname is defined by the main configuration
// of some installations only.
const QString LogFormat = QStringLiteral(R"("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"")");

// What mod_authnz_ldap searches for below the website's domain: web users (ou=httpusers) and mail
// users (ou=users), both named by ispmanUserId.
const QString UserFilter = QStringLiteral("(|(objectClass=ispmanVirtualHostUser)(objectClass=ispmanDomainUser))");

constexpr qint64 MaxFileSize = 4 * 1024 * 1024;

// Why a value cannot go into the configuration (a sentence naming it).
struct Refusal
{
    QString message;
};

// One website, named by validated values: what its file is called.
struct SiteKey
{
    QString domain;
    QString name; // "www" or "www:8080", as stored
    QString hostPart; // "www"
    int port = 0;

    [[nodiscard]] QString serverName() const { return hostPart + u'.' + domain; }
    [[nodiscard]] QString fileName() const
    {
        return serverName() + (port ? u'_' + QString::number(port) : QString()) + QStringLiteral(".conf");
    }
};

Result<SiteKey, QString> siteKey(const QString &domain, const QString &name)
{
    auto d = Core::Validate::domainName(QStringLiteral("domain"), domain);
    if (!d.ok())
        return d.error().message;
    auto n = Core::Validate::vhostName(QStringLiteral("website"), name, *d);
    if (!n.ok())
        return n.error().message;
    return SiteKey { *d, n->toString(), n->name, n->port };
}

QString param(const Core::Process &p, const QString &key)
{
    for (const auto &[k, v] : p.params) {
        if (k == key)
            return v;
    }
    return {};
}

// The website a process is about: its target (Add/Modify) or, once it is gone, its parameters
// (Delete).
Result<SiteKey, QString> siteOf(const Core::Process &p, const Core::Dit &dit)
{
    if (p.name == DeleteVirtualHost) {
        const QString name = param(p, QStringLiteral("ispmanVhostName"));
        if (name.isEmpty())
            return QStringLiteral("the process has no ispmanVhostName parameter");
        return siteKey(p.domain, name);
    }
    const auto dn = Core::LdapDn::parse(p.target);
    if (!dn || dn->isEmpty() || dn->rdnAttribute().compare(u"ispmanVhostName", Qt::CaseInsensitive) != 0)
        return QStringLiteral("the process target \"%1\" is not a website").arg(p.target.left(200));
    // The domain is the process's; a process without one names it in its target's DN.
    QString domain = p.domain;
    if (domain.isEmpty() && dn->depth() > 2
        && dn->parent().parent().rdnAttribute().compare(u"ispmanDomain", Qt::CaseInsensitive) == 0)
        domain = dn->parent().parent().rdnValue();
    auto key = siteKey(domain, dn->rdnValue());
    if (!key.ok())
        return key.error();
    if (!(dit.vhost(key->domain, key->name) == *dn))
        return QStringLiteral("the process target \"%1\" is not a website of %2").arg(p.target.left(200), key->domain);
    return key;
}

bool servedBy(const QStringList &webHosts, const QStringList &hostNames)
{
    for (const QString &h : webHosts) {
        if (hostNames.contains(h, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// A value that goes between double quotes in the Apache configuration.
bool quotable(const QString &s)
{
    for (const QChar c : s) {
        if (c == u'"' || c == u'\\' || c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

// "<address>:<port>" of the <VirtualHost>: the site's own address or web.listen's, with the
// site's port or web.listen's.
Result<QString, Refusal> virtualHostAddress(const QString &ipAddress, int port, const QString &listen)
{
    static const QRegularExpression listenForm(
        QStringLiteral(R"(^(\*|[0-9.]+|\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:([0-9]{1,5}))?$)"));
    const auto m = listenForm.match(listen);
    if (!m.hasMatch())
        return Refusal {
            QStringLiteral("web.listen: \"%1\" is not an address like *:80 or 192.0.2.1:80").arg(listen.left(100))
        };
    QString host = m.captured(1);
    const QString listenPort = m.captured(3);
    if (ipAddress != u"*") {
        auto ip = Core::Validate::ipAddress(QStringLiteral("ispmanVhostIpAddress"), ipAddress);
        if (!ip.ok())
            return Refusal { ip.error().message };
        host = ip->contains(u':') ? u'[' + *ip + u']' : *ip;
    }
    const QString p = port ? QString::number(port) : listenPort;
    return p.isEmpty() ? host : host + u':' + p;
}

struct AuthSettings
{
    QString url; // AuthLDAPURL without the search part
    bool startTls = false;
    QString bindDn;
    QString passwordFile;
};

Result<AuthSettings, QString> authSettings(const AgentConfig &config)
{
    AuthSettings a;
    a.url = config.web.ldapUrl.isEmpty() && !config.uris.isEmpty() ? config.uris.first() : config.web.ldapUrl;
    while (a.url.endsWith(u'/'))
        a.url.chop(1);
    static const QRegularExpression urlForm(
        QStringLiteral(R"(^ldaps?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^ldaps?://\[[0-9a-fA-F:.]+\](:[0-9]{1,5})?$)"));
    if (!urlForm.match(a.url).hasMatch())
        return QStringLiteral(
            "web.ldap-url: \"%1\" is not ldap://host[:port] or ldaps://host[:port] (Apache cannot use ldapi://)")
            .arg(a.url.left(200));
    a.startTls = config.startTls && a.url.startsWith(QStringLiteral("ldap://"));
    a.bindDn = config.web.ldapBindDn;
    a.passwordFile = config.web.ldapPasswordFile;
    if (a.bindDn.isEmpty() || a.passwordFile.isEmpty())
        return QStringLiteral("protected locations need web.ldap-bind-dn and web.ldap-password-file (the apache "
                              "service account: ispman service passwd apache)");
    if (!Core::LdapDn::parse(a.bindDn) || !quotable(a.bindDn))
        return QStringLiteral("web.ldap-bind-dn: \"%1\" is not a DN that can be written into the Apache configuration")
            .arg(a.bindDn.left(200));
    static const QRegularExpression fileForm(QStringLiteral(R"(^/[A-Za-z0-9._/+@=,-]+$)"));
    if (!fileForm.match(a.passwordFile).hasMatch())
        return QStringLiteral("web.ldap-password-file: \"%1\" is not an absolute path of letters, digits and ._/+@=,-")
            .arg(a.passwordFile.left(200));
    return a;
}

// The LDAP URL of the domain's users for AuthLDAPURL (RFC 4516): the DN percent-encoded.
QString usersUrl(const AuthSettings &a, const Core::LdapDn &domain)
{
    const QByteArray dn = QUrl::toPercentEncoding(domain.toString(), "=,+");
    const QByteArray filter = QUrl::toPercentEncoding(UserFilter, "=()|");
    return a.url + u'/' + QString::fromLatin1(dn) + QStringLiteral("?ispmanUserId?sub?") + QString::fromLatin1(filter);
}

class ConfigText
{
public:
    void line(int indent, const QString &text) { m_text += QString(indent * 4, u' ') + text + u'\n'; }
    [[nodiscard]] QByteArray bytes() const { return m_text.toUtf8(); }

private:
    QString m_text;
};

// A folder below the website's home for the configuration (rooted, quotable).
Result<QString, Refusal> below(
    const QString &home, const QString &field, const QString &relative, const QString &fallback)
{
    auto r = Core::Validate::relativePath(field, relative.isEmpty() ? fallback : relative);
    if (!r.ok())
        return Refusal { r.error().message };
    return home + u'/' + *r;
}

Result<QStringList, QString> options(const QString &field, const QStringList &words)
{
    auto o = Core::Validate::apacheOptions(field, words.isEmpty() ? QStringList { QStringLiteral("None") } : words);
    if (!o.ok())
        return o.error().message;
    return *o;
}

struct Replicas
{
    QStringList names;
    bool domainSuspended = false;
};

// The file of one website, from its current entries; why not when a value is refused.
Result<QByteArray, QString> render(
    const SiteKey &key, const Core::Vhost &v, const Replicas &domain, const HandlerContext &ctx)
{
    const AgentConfig &config = ctx.config;
    ConfigText out;
    out.line(0, WebHandler::marker() + key.serverName() + (key.port ? u':' + QString::number(key.port) : QString()));
    out.line(0, QStringLiteral("# Written by ispman-agent from the directory; changes made here are overwritten."));

    auto address
        = virtualHostAddress(v.ipAddress.isEmpty() ? QStringLiteral("*") : v.ipAddress, key.port, config.web.listen);
    if (!address.ok())
        return address.error().message;
    out.line(0, QStringLiteral("<VirtualHost %1>").arg(*address));
    out.line(1, QStringLiteral("ServerName ") + key.serverName());

    // Names: aliases (local ones in the domain, foreign ones as they are), then the same local
    // names in each replica of the domain.
    QStringList names;
    QStringList local { key.hostPart };
    for (const QString &alias : v.aliases) {
        auto a = Core::Validate::vhostAlias(QStringLiteral("alias"), alias, key.domain);
        if (!a.ok())
            return a.error().message;
        if (a->contains(u'.')) {
            names << *a;
        } else {
            names << *a + u'.' + key.domain;
            local << *a;
        }
    }
    for (const QString &replica : domain.names) {
        auto r = Core::Validate::domainName(QStringLiteral("replica"), replica);
        if (!r.ok())
            return r.error().message;
        for (const QString &l : std::as_const(local))
            names << l + u'.' + *r;
    }
    names.removeDuplicates();
    names.removeAll(key.serverName());
    for (const QString &n : std::as_const(names))
        out.line(1, QStringLiteral("ServerAlias ") + n);

    auto home = ctx.paths.mapUnder(v.homeDirectory, config.files.homeBases);
    if (!home.ok())
        return QStringLiteral("homeDirectory: ") + home.error().message;
    if (!quotable(*home))
        return QStringLiteral("homeDirectory: \"%1\" cannot be written into the Apache configuration")
            .arg(home->left(200));
    auto logs = below(*home, QStringLiteral("ispmanVhostLogdir"), v.logDir, QStringLiteral("logs"));
    if (!logs.ok())
        return logs.error().message;

    if (v.suspended || domain.domainSuspended) {
        // Every request, whatever its path, is answered 503 with this notice; nothing of the
        // site is mapped.
        out.line(1, QStringLiteral("# Suspended."));
        out.line(1, QStringLiteral(R"(ErrorDocument 503 "This website is suspended.")"));
        out.line(1, QStringLiteral("Redirect 503 /"));
    } else {
        auto docRoot
            = below(*home, QStringLiteral("ispmanVhostDocumentRoot"), v.documentRoot, QStringLiteral("htdocs"));
        if (!docRoot.ok())
            return docRoot.error().message;
        auto scriptDir = below(*home, QStringLiteral("ispmanVhostScriptDir"), v.scriptDir, QStringLiteral("cgi-bin"));
        if (!scriptDir.ok())
            return scriptDir.error().message;
        auto docOptions = options(QStringLiteral("ispmanVhostDocumentRootOption"), v.documentRootOptions);
        if (!docOptions.ok())
            return docOptions.error();
        auto scriptOptions = options(QStringLiteral("ispmanVhostScriptDirOption"), v.scriptDirOptions);
        if (!scriptOptions.ok())
            return scriptOptions.error();

        out.line(1, QStringLiteral("DocumentRoot ") + quoted(*docRoot));
        out.line(1, QStringLiteral("<Directory %1>").arg(quoted(*docRoot)));
        out.line(2, QStringLiteral("Options ") + docOptions->join(u' '));
        out.line(2, QStringLiteral("AllowOverride None"));
        out.line(2, QStringLiteral("Require all granted"));
        out.line(1, QStringLiteral("</Directory>"));
        out.line(1, QStringLiteral("ScriptAlias \"/cgi-bin/\" ") + quoted(*scriptDir + u'/'));
        out.line(1, QStringLiteral("<Directory %1>").arg(quoted(*scriptDir)));
        out.line(2, QStringLiteral("Options ") + scriptOptions->join(u' '));
        out.line(2, QStringLiteral("AllowOverride None"));
        out.line(2, QStringLiteral("Require all granted"));
        out.line(1, QStringLiteral("</Directory>"));

        for (const Core::VhostRedirect &r : v.redirects) {
            auto path = Core::Validate::urlPath(QStringLiteral("redirect"), r.path);
            if (!path.ok())
                return path.error().message;
            auto target = Core::Validate::httpUrl(QStringLiteral("redirect %1").arg(*path), r.target);
            if (!target.ok())
                return target.error().message;
            out.line(1, QStringLiteral("Redirect %1 %2").arg(quoted(*path), quoted(*target)));
        }

        if (!v.protections.isEmpty()) {
            auto auth = authSettings(config);
            if (!auth.ok())
                return auth.error();
            const QString url = usersUrl(*auth, ctx.session.dit().domain(key.domain));
            for (const Core::VhostProtection &p : v.protections) {
                auto location = Core::Validate::urlPath(QStringLiteral("protected location"), p.location);
                if (!location.ok())
                    return location.error().message;
                QStringList users;
                for (const QString &u : p.users) {
                    auto id = Core::Validate::mailboxLocalPart(
                        QStringLiteral("protected location %1: user").arg(*location), u);
                    if (!id.ok())
                        return id.error().message;
                    users << quoted(*id);
                }
                out.line(1, QStringLiteral("<Location %1>").arg(quoted(*location)));
                out.line(2, QStringLiteral("AuthType Basic"));
                out.line(2, QStringLiteral("AuthName ") + quoted(key.serverName() + *location));
                out.line(2, QStringLiteral("AuthBasicProvider ldap"));
                out.line(2,
                    QStringLiteral("AuthLDAPURL ") + quoted(url)
                        + (auth->startTls ? QStringLiteral(" STARTTLS") : QString()));
                out.line(2, QStringLiteral("AuthLDAPBindDN ") + quoted(auth->bindDn));
                // Apache reads the service account's password itself: no copy in these files.
                out.line(2,
                    QStringLiteral("AuthLDAPBindPassword ")
                        + quoted(QStringLiteral("exec:/bin/cat ") + auth->passwordFile));
                // No user left (imported data): nobody gets in, rather than everybody.
                out.line(2,
                    users.isEmpty() ? QStringLiteral("Require all denied")
                                    : QStringLiteral("Require ldap-user ") + users.join(u' '));
                out.line(1, QStringLiteral("</Location>"));
            }
        }

        if (!v.extraConfig.isEmpty()) {
            // Stored already checked by core; checked again, the directory being untrusted.
            auto extra
                = Core::Validate::apacheExtraConfig(QStringLiteral("ispmanVhostExtraConf"), v.extraConfig.join(u'\n'));
            if (!extra.ok())
                return extra.error().message;
            if (!extra->isEmpty()) {
                out.line(1, QStringLiteral("# Extra configuration of the website."));
                for (const QString &l : std::as_const(*extra))
                    out.line(l.isEmpty() ? 0 : 1, l);
            }
        }
    }
    out.line(1, QStringLiteral("ErrorLog ") + quoted(*logs + QStringLiteral("/error.log")));
    out.line(1, QStringLiteral("CustomLog %1 %2").arg(quoted(*logs + QStringLiteral("/access.log")), LogFormat));
    out.line(0, QStringLiteral("</VirtualHost>"));
    return out.bytes();
}

// The domain's replicas and state, read once per domain in a reconcile.
using DomainCache = QHash<QString, Replicas>;

Result<Replicas, QString> domainOf(const QString &domain, HandlerContext &ctx, DomainCache *cache)
{
    if (cache && cache->contains(domain))
        return cache->value(domain);
    auto d = Core::DomainOps::show(ctx.session, domain);
    if (!d.ok())
        return QStringLiteral("reading domain %1: %2").arg(domain, d.error().message);
    Replicas r { d->replicas, d->domain.suspended };
    if (cache)
        cache->insert(domain, r);
    return r;
}

// The file the site should have on this host (nullopt: none), or why it cannot be known.
Result<std::optional<QByteArray>, QString> desiredFile(
    const SiteKey &key, HandlerContext &ctx, DomainCache *cache = nullptr)
{
    auto v = Core::VhostOps::show(ctx.session, key.domain, key.name);
    if (!v.ok()) {
        if (v.error().kind == Core::OpError::Kind::NotFound)
            return std::optional<QByteArray>();
        return QStringLiteral("reading the website: ") + v.error().message;
    }
    if (!servedBy(v->webHosts, ctx.hostNames))
        return std::optional<QByteArray>();
    auto domain = domainOf(key.domain, ctx, cache);
    if (!domain.ok())
        return domain.error();
    auto text = render(key, *v, *domain, ctx);
    if (!text.ok())
        return text.error();
    return std::optional<QByteArray>(*text);
}

// The file's content; nullopt when it does not exist.
Result<std::optional<QByteArray>, QString> readFile(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return std::optional<QByteArray>();
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    const QByteArray bytes = f.read(MaxFileSize + 1);
    if (bytes.size() > MaxFileSize)
        return std::optional<QByteArray>(QByteArray()); // not a file of ours: differs from any we write
    return std::optional<QByteArray>(bytes);
}

// Writes `content` to `path` (a name Include does not match) and moves it to `target`.
QString writeInPlace(const QString &path, const QString &target, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    if (f.write(content) != content.size() || !f.flush() || ::fsync(f.handle()) != 0) {
        const QString why = f.errorString();
        f.close();
        QFile::remove(path);
        return QStringLiteral("cannot write %1: %2").arg(path, why);
    }
    f.close();
    if (std::rename(QFile::encodeName(path).constData(), QFile::encodeName(target).constData()) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        QFile::remove(path);
        return QStringLiteral("cannot move %1 to %2: %3").arg(path, target, why);
    }
    return {};
}

// Apache's refusal for a process message: its error lines first. Warnings (a document root
// that does not exist yet, for every such site) would otherwise push the error out of the
// shortened text.
QString apacheRefusal(const CommandResult &r, const QStringList &argv)
{
    if (!r.started || r.timedOut)
        return r.describe(argv);
    QStringList errors;
    for (const QByteArray &line : (r.err + '\n' + r.out).split('\n')) {
        const QString l = QString::fromUtf8(line).trimmed();
        if (!l.isEmpty() && !l.contains(QStringLiteral(": Warning: ")))
            errors << l;
    }
    if (errors.isEmpty())
        return r.describe(argv);
    QString text = errors.join(u'\n');
    if (text.size() > 1000)
        text = text.left(1000) + QStringLiteral("...");
    return QStringLiteral("%1: exit %2: %3").arg(argv.first()).arg(r.exitCode).arg(text);
}

QString tempName(const QString &dir, const QString &fileName)
{
    return dir + QStringLiteral("/.") + fileName + QStringLiteral(".new");
}

bool isOurs(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return QString::fromUtf8(f.readLine(512)).startsWith(WebHandler::marker());
}

// The names this handler gives its files (and their temporary names).
const QRegularExpression &fileForm()
{
    static const QRegularExpression re(QStringLiteral(R"(^[a-z0-9][a-z0-9.-]*(_[0-9]{1,5})?\.conf$)"));
    return re;
}

const QRegularExpression &tempForm()
{
    static const QRegularExpression re(QStringLiteral(R"(^\.[a-z0-9][a-z0-9.-]*(_[0-9]{1,5})?\.conf\.new$)"));
    return re;
}

} // namespace

QString WebHandler::service() const
{
    return QStringLiteral("web");
}

QStringList WebHandler::processes() const
{
    return { AddVirtualHost, ModifyVirtualHost, DeleteVirtualHost };
}

QString WebHandler::marker()
{
    return QStringLiteral("# ispman-agent: website ");
}

Result<bool, QString> WebHandler::install(
    const QString &dir, const QString &fileName, const QByteArray &content, const HandlerContext &ctx)
{
    const QString file = dir + u'/' + fileName;
    if (auto current = readFile(file); current.ok() && *current && **current == content)
        return false;

    std::unique_lock lock(m_files);
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create %1").arg(dir);
    auto previous = readFile(file);
    if (!previous.ok())
        return previous.error();
    if (*previous && **previous == content)
        return false;
    const QString temp = tempName(dir, fileName);
    if (QString e = writeInPlace(temp, file, content); !e.isEmpty())
        return e;

    const QStringList test = CommandRunner::commandLine(ctx.config.web.test);
    if (test.isEmpty())
        return true;
    const CommandResult checked = ctx.commands.run(test);
    if (checked.ok())
        return true;
    // Refused: the previous file (or none) goes back before anyone reloads.
    QString restored;
    if (*previous)
        restored = writeInPlace(temp, file, **previous);
    else if (!QFile::remove(file))
        restored = QStringLiteral("cannot remove %1").arg(file);
    QString why
        = QStringLiteral("Apache refused the new configuration (%1): %2").arg(file, apacheRefusal(checked, test));
    why += restored.isEmpty() ? (*previous ? QStringLiteral("; the previous file is back in place")
                                           : QStringLiteral("; the new file was removed"))
                              : QStringLiteral("; and putting the previous file back failed: ") + restored;
    qCWarning(lcWeb).noquote() << why;
    return why;
}

Result<bool, QString> WebHandler::uninstall(const QString &dir, const QString &fileName)
{
    const QString file = dir + u'/' + fileName;
    std::unique_lock lock(m_files);
    if (!QFile::exists(file))
        return false;
    if (!isOurs(file)) {
        qCWarning(lcWeb).noquote() << file << "was not written by ispman-agent; left in place";
        return false;
    }
    if (!QFile::remove(file))
        return QStringLiteral("cannot remove %1").arg(file);
    return true;
}

QString WebHandler::reload(bool changed, HandlerContext &ctx)
{
    if (!changed && !m_reloadOwed)
        return {};
    const QStringList argv = CommandRunner::commandLine(ctx.config.web.reload);
    if (argv.isEmpty())
        return {};
    std::shared_lock lock(m_files);
    const CommandResult r = ctx.reloader.reload(ReloadKey, argv);
    if (!r.ok()) {
        m_reloadOwed = true; // the next run reloads even if nothing changes then
        return r.describe(argv);
    }
    m_reloadOwed = false;
    return {};
}

Outcome WebHandler::run(const Core::Process &process, HandlerContext &ctx)
{
    if (!processes().contains(process.name))
        return Outcome::failed(QStringLiteral("the web handler does not run %1").arg(process.name));
    if (!ctx.config.web.enabled)
        return Outcome::failed(QStringLiteral("web is disabled on this host (web.enabled)"));
    auto key = siteOf(process, ctx.session.dit());
    if (!key.ok())
        return Outcome::failed(key.error());
    const QString site = key->serverName() + (key->port ? u':' + QString::number(key->port) : QString());
    auto dir = ctx.paths.map(ctx.config.web.vhostDir);
    if (!dir.ok())
        return Outcome::failed(QStringLiteral("web.vhost-dir: ") + dir.error().message);

    auto desired = desiredFile(*key, ctx);
    if (!desired.ok())
        return Outcome::failed(
            QStringLiteral("website %1: %2; its configuration on this host is unchanged").arg(site, desired.error()));
    Result<bool, QString> changed
        = *desired ? install(*dir, key->fileName(), **desired, ctx) : uninstall(*dir, key->fileName());
    if (!changed.ok())
        return Outcome::failed(QStringLiteral("website %1: %2").arg(site, changed.error()));
    if (QString e = reload(*changed, ctx); !e.isEmpty())
        return Outcome::failed(
            QStringLiteral("website %1: the configuration is in place, but reloading Apache failed: %2").arg(site, e));
    QString what;
    if (*changed)
        what = *desired ? QStringLiteral("website %1: configuration written").arg(site)
                        : QStringLiteral("website %1: configuration removed").arg(site);
    else
        what = QStringLiteral("website %1: unchanged").arg(site);
    qCInfo(lcWeb).noquote() << process.name << what;
    return Outcome::done(*changed, what);
}

ReconcileReport WebHandler::reconcile(HandlerContext &ctx)
{
    ReconcileReport report;
    if (!ctx.config.web.enabled)
        return report;
    auto dir = ctx.paths.map(ctx.config.web.vhostDir);
    if (!dir.ok()) {
        report.problems << QStringLiteral("web.vhost-dir: ") + dir.error().message;
        return report;
    }

    QList<Core::LdapFilter> hosts;
    for (const QString &h : std::as_const(ctx.hostNames))
        hosts << Core::LdapFilter::equals(QStringLiteral("webHost"), h);
    Core::LdapSearchRequest request;
    request.base = ctx.session.dit().base();
    request.filter = Core::LdapFilter::allOf(
        { Core::LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost")), Core::LdapFilter::anyOf(hosts) });
    request.attributes = { QStringLiteral("ispmanDomain"), QStringLiteral("ispmanVhostName") };
    request.pageSize = 500;
    auto found = ctx.session.search(request);
    if (!found.ok()) {
        // Without the list nothing may be removed: every file might still be wanted.
        report.problems << QStringLiteral("listing the websites of this host: ") + found.error().toString();
        return report;
    }

    bool changed = false;
    QSet<QString> expected;
    DomainCache domains;
    for (const Core::LdapEntry &e : std::as_const(found->entries)) {
        ++report.checked;
        const QString domain = e.text(QStringLiteral("ispmanDomain"));
        const QString name = e.text(QStringLiteral("ispmanVhostName")).isEmpty()
            ? e.dn().rdnValue()
            : e.text(QStringLiteral("ispmanVhostName"));
        auto key = siteKey(domain, name);
        if (!key.ok()) {
            report.problems << QStringLiteral("%1: %2").arg(e.dn().toString(), key.error());
            continue;
        }
        expected.insert(key->fileName());
        auto desired = desiredFile(*key, ctx, &domains);
        if (!desired.ok()) {
            report.problems << QStringLiteral("website %1: %2").arg(key->serverName(), desired.error());
            continue;
        }
        if (!*desired) {
            expected.remove(key->fileName()); // moved away since the search
            continue;
        }
        auto installed = install(*dir, key->fileName(), **desired, ctx);
        if (!installed.ok()) {
            report.problems << QStringLiteral("website %1: %2").arg(key->serverName(), installed.error());
        } else if (*installed) {
            ++report.repaired;
            changed = true;
            qCInfo(lcWeb).noquote() << "reconcile: rewrote" << key->fileName();
        }
    }

    const QStringList present = QDir(*dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    for (const QString &f : present) {
        if (tempForm().match(f).hasMatch()) {
            std::unique_lock lock(m_files); // not while a change is using it
            QFile::remove(*dir + u'/' + f);
            continue;
        }
        if (!fileForm().match(f).hasMatch() || expected.contains(f))
            continue;
        auto removed = uninstall(*dir, f);
        if (!removed.ok()) {
            report.problems << removed.error();
        } else if (*removed) {
            ++report.repaired;
            changed = true;
            qCInfo(lcWeb).noquote() << "reconcile: removed" << f << "(no website of this host)";
        }
    }
    if (QString e = reload(changed, ctx); !e.isEmpty())
        report.problems << QStringLiteral("reloading Apache: ") + e;
    return report;
}

} // namespace Isp::Agent
