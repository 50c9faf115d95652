#include "core/ops/confops.h"

#include "core/ops/permissions.h"
#include "core/ops/adminops.h"
#include "core/validation/apacheoptions.h"
#include "core/validation/command.h"
#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"
#include "core/validation/relativepath.h"
#include "core/validation/text.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <functional>

namespace Isp::Core::ConfOps {

namespace {

const QString kVar = QStringLiteral("ispmanVar");
const QString kVal = QStringLiteral("ispmanVal");
const QString kDomainToken = QStringLiteral("%%domain%%");
constexpr qsizetype kMaxValueLength = 1024;

using Check = std::function<Validated<QString>(const QString &field, const QString &value)>;

struct Rule
{
    QString description;
    Check check;
};

// The value for messages: quoted, control and invisible characters escaped, cut short.
QString shown(const QString &value)
{
    QString out;
    for (const QChar c : value.left(60)) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069)
            || u == 0xfeff || u == 0x2028 || u == 0x2029 || c.isSurrogate())
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        else if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + c;
        else
            out += c;
    }
    return QLatin1Char('"') + out + (value.size() > 60 ? QStringLiteral("...\"") : QStringLiteral("\""));
}

ValidationError refuse(const QString &field, const QString &rule, const QString &value, const QString &reason)
{
    return { field, rule, QStringLiteral("%1: %2 is not acceptable: %3").arg(field, shown(value), reason) };
}

Check matching(const QString &pattern, const QString &rule, const QString &reason)
{
    const QRegularExpression re(QStringLiteral("\\A(?:%1)\\z").arg(pattern));
    return [re, rule, reason](const QString &field, const QString &value) -> Validated<QString> {
        if (value.size() > kMaxValueLength || !re.match(value).hasMatch())
            return refuse(field, rule, value, reason);
        return value;
    };
}

Check oneOf(const QStringList &allowed)
{
    return [allowed](const QString &field, const QString &value) -> Validated<QString> {
        for (const QString &a : allowed) {
            if (a.compare(value, Qt::CaseInsensitive) == 0)
                return a;
        }
        return refuse(field, QStringLiteral("keyword"), value,
            QStringLiteral("it must be one of: %1").arg(allowed.join(QStringLiteral(", "))));
    };
}

Check integer(qint64 min, qint64 max)
{
    return [min, max](const QString &field, const QString &value) -> Validated<QString> {
        auto n = Validate::integer(field, value, min, max);
        if (!n.ok())
            return n.error();
        return QString::number(*n);
    };
}

Validated<QString> quota(const QString &field, const QString &value)
{
    auto n = Validate::quotaMegabytes(field, value, Validate::Unlimited::Rejected);
    if (!n.ok())
        return n.error();
    return QString::number(*n);
}

Validated<QString> limit(const QString &field, const QString &value)
{
    auto n = Validate::limit(field, value, Validate::Unlimited::Allowed);
    if (!n.ok())
        return n.error();
    return QString::number(*n);
}

Check orNone(Check inner)
{
    return [inner](const QString &field, const QString &value) -> Validated<QString> {
        if (value == QLatin1String("none"))
            return value;
        return inner(field, value);
    };
}

// A host name in which %%domain%% stands for the domain a value is used for ("ns1.%%domain%%").
Validated<QString> hostPattern(const QString &field, const QString &value)
{
    if (!value.contains(kDomainToken))
        return Validate::hostName(field, value);
    for (const QChar c : value) {
        if (c.unicode() > 0x7e)
            return refuse(field, QStringLiteral("ascii"), value,
                QStringLiteral("a name with %%domain%% must be written in ASCII (A-labels)"));
    }
    QString probe = value;
    probe.replace(kDomainToken, QStringLiteral("example.com"));
    auto checked = Validate::hostName(field, probe);
    if (!checked.ok()) {
        ValidationError e = checked.error();
        e.message += QStringLiteral(" (%%domain%% read as example.com)");
        return e;
    }
    return value.toLower();
}

Validated<QString> ipOrStar(const QString &field, const QString &value)
{
    if (value == QLatin1String("*"))
        return value;
    return Validate::ipAddress(field, value);
}

Validated<QString> ip(const QString &field, const QString &value)
{
    return Validate::ipAddress(field, value);
}

Validated<QString> path(const QString &field, const QString &value)
{
    return Validate::absolutePath(field, value);
}

Validated<QString> command(const QString &field, const QString &value)
{
    return Validate::commandLine(field, value);
}

Validated<QString> shellList(const QString &field, const QString &value)
{
    if (value == QLatin1String("none"))
        return value;
    const QStringList shells = value.split(QLatin1Char(' '));
    for (const QString &shell : shells) {
        if (shell.isEmpty())
            return refuse(field, QStringLiteral("empty-item"), value,
                QStringLiteral("shells must be separated by single spaces"));
        auto p = Validate::absolutePath(field, shell);
        if (!p.ok())
            return p.error();
    }
    return value;
}

// "pri/": a folder below another one; 1.x values end with '/', which is kept.
Validated<QString> relativeDir(const QString &field, const QString &value)
{
    auto p = Validate::relativePath(field, value);
    if (!p.ok())
        return p.error();
    return value.endsWith(QLatin1Char('/')) ? *p + QLatin1Char('/') : *p;
}

// A vhost folder, relative to its home or absolute, with %vhost% and %domain% replaced.
Validated<QString> vhostDir(const QString &field, const QString &value)
{
    QString probe = value;
    probe.replace(QStringLiteral("%vhost%"), QStringLiteral("vhost"))
        .replace(QStringLiteral("%domain%"), QStringLiteral("domain"));
    auto p = probe.startsWith(QLatin1Char('/')) ? Validate::absolutePath(field, probe)
                                                : Validate::relativePath(field, probe);
    if (!p.ok())
        return p.error();
    return value;
}

// rootEmail defaults to root@localhost: a single-label mail domain is allowed here.
Validated<QString> mailAddress(const QString &field, const QString &value)
{
    auto m = Validate::emailAddress(field, value, Validate::MailLocalPart::Forward);
    if (m.ok())
        return m;
    const qsizetype at = value.lastIndexOf(QLatin1Char('@'));
    const QString host = at < 0 ? QString() : value.mid(at + 1);
    if (at > 0 && !host.contains(QLatin1Char('.')) && Validate::hostName(field, host).ok()) {
        auto local = Validate::emailAddress(
            field, value.left(at) + QStringLiteral("@example.invalid"), Validate::MailLocalPart::Forward);
        if (local.ok())
            return value.left(at) + QLatin1Char('@') + *Validate::hostName(field, host);
    }
    return m.error();
}

Validated<QString> url(const QString &field, const QString &value)
{
    auto text = Validate::freeText(field, value, kMaxValueLength, Validate::Presence::Required);
    if (!text.ok())
        return text.error();
    const QUrl u(value, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http"))
        || u.host().isEmpty() || value.contains(QLatin1Char(' ')))
        return refuse(field, QStringLiteral("url"), value, QStringLiteral("it must be an http:// or https:// address"));
    return value;
}

// "URL|Name" (the console's extra menu link).
Validated<QString> menuLink(const QString &field, const QString &value)
{
    const qsizetype bar = value.indexOf(QLatin1Char('|'));
    if (bar < 0)
        return refuse(field, QStringLiteral("menu-link"), value, QStringLiteral("it must be URL|Name, or none"));
    auto u = url(field, value.left(bar));
    if (!u.ok())
        return u.error();
    auto name = Validate::freeText(field, value.mid(bar + 1), 64, Validate::Presence::Required);
    if (!name.ok())
        return name.error();
    return value;
}

// "script|description[,script|description]": scripts are file names in ISPMan's tasks folder.
Validated<QString> actions(const QString &field, const QString &value)
{
    static const QRegularExpression script(QStringLiteral("\\A[A-Za-z0-9_][A-Za-z0-9._-]{0,63}\\z"));
    for (const QString &item : value.split(QLatin1Char(','))) {
        const QStringList parts = item.split(QLatin1Char('|'));
        if (parts.size() != 2 || !script.match(parts.at(0)).hasMatch())
            return refuse(field, QStringLiteral("actions"), value,
                QStringLiteral("it must be script|description[,script|description] with script a file name, or none"));
        auto d = Validate::freeText(field, parts.at(1), 128, Validate::Presence::Required);
        if (!d.ok())
            return d.error();
    }
    return value;
}

// Comma-separated words from `allowed` (any case), each optionally marked as a default with '*'.
Check markedList(const QStringList &allowed)
{
    return [allowed](const QString &field, const QString &value) -> Validated<QString> {
        QStringList out;
        for (const QString &item : value.split(QLatin1Char(','))) {
            const bool marked = item.startsWith(QLatin1Char('*'));
            const QString word = marked ? item.mid(1) : item;
            auto found = std::find_if(allowed.begin(), allowed.end(),
                [&](const QString &a) { return a.compare(word, Qt::CaseInsensitive) == 0; });
            if (found == allowed.end())
                return refuse(field, QStringLiteral("keyword"), value,
                    QStringLiteral("it must be a comma-separated list of %1, each optionally marked with a leading *")
                        .arg(allowed.join(QStringLiteral(", "))));
            out << (marked ? QStringLiteral("*") : QString()) + *found;
        }
        return out.join(QLatin1Char(','));
    };
}

Validated<QString> apacheOptionList(const QString &field, const QString &value)
{
    QStringList out;
    for (const QString &item : value.split(QLatin1Char(','))) {
        const bool marked = item.startsWith(QLatin1Char('*'));
        auto words = Validate::apacheOptions(field, QStringList { marked ? item.mid(1) : item });
        if (!words.ok())
            return words.error();
        out << (marked ? QStringLiteral("*") : QString()) + words->join(QLatin1Char(' '));
    }
    return out.join(QLatin1Char(','));
}

Validated<QString> suspendDirective(const QString &field, const QString &value)
{
    auto text = Validate::freeText(field, value, kMaxValueLength, Validate::Presence::Required);
    if (!text.ok())
        return text.error();
    static const QStringList allowed { QStringLiteral("Redirect"), QStringLiteral("RedirectMatch"),
        QStringLiteral("RedirectPermanent"), QStringLiteral("RedirectTemp"), QStringLiteral("ErrorDocument") };
    if (!allowed.contains(text->section(QLatin1Char(' '), 0, 0)))
        return refuse(field, QStringLiteral("directive"), value,
            QStringLiteral("it must be one Apache directive of: %1").arg(allowed.join(QStringLiteral(", "))));
    return *text;
}

Validated<QString> freeText(const QString &field, const QString &value)
{
    return Validate::freeText(field, value, kMaxValueLength, Validate::Presence::Required);
}

const QHash<QString, Rule> &rules()
{
    static const QHash<QString, Rule> table = [] {
        QHash<QString, Rule> t;
        auto add = [&t](std::initializer_list<const char *> names, const QString &description, const Check &check) {
            for (const char *n : names)
                t.insert(QLatin1String(n), Rule { description, check });
        };
        const Rule yesNo { QStringLiteral("yes or no"), oneOf({ QStringLiteral("yes"), QStringLiteral("no") }) };
        add({ "allowCrossDomainAliases", "modLDAPUserDir", "apacheVhostLogDefault", "cyrusVirtDomainFeature" },
            yesNo.description, yesNo.check);
        add({ "defaultUserMailQuota", "defaultUserFtpQuota", "defaultDomainFtpQuota", "defaultVhostFtpQuota" },
            QStringLiteral("megabytes, 0-%1").arg(Validate::MaxQuotaMegabytes), quota);
        add({ "defaultMaxAccounts", "defaultMaxVhosts" }, QStringLiteral("a number, or -1 for unlimited"), limit);
        add({ "apacheGracefulTime" }, QStringLiteral("seconds, 0-86400"), integer(0, 86400));
        add({ "agentReconcileMinutes" }, QStringLiteral("minutes, 1-1440"), integer(1, 1440));
        add({ "sleepSecondsBetweenRestart" }, QStringLiteral("seconds, 1-300"), integer(1, 300));
        add({ "apacheVhostsStyle" }, QStringLiteral("dir or file"),
            oneOf({ QStringLiteral("dir"), QStringLiteral("file") }));
        add({ "dnsSerialFormat" }, QStringLiteral("date or timestamp"),
            oneOf({ QStringLiteral("date"), QStringLiteral("timestamp") }));
        add({ "namedBackend" }, QStringLiteral("bind9 (the only backend agents implement)"),
            oneOf({ QStringLiteral("bind9") }));
        add({ "imapServerBackend" }, QStringLiteral("dovecot"), oneOf({ QStringLiteral("dovecot") }));
        add({ "userPassHashMethod" }, QStringLiteral("argon2 (slapd hashes every password)"),
            oneOf({ QStringLiteral("argon2") }));
        add({ "menuMode" }, QStringLiteral("list or search"),
            oneOf({ QStringLiteral("list"), QStringLiteral("search") }));
        add({ "apacheVhostLogDefaultAccess" }, QStringLiteral("public or restricted"),
            oneOf({ QStringLiteral("public"), QStringLiteral("restricted") }));
        add({ "webmailPackage" }, QStringLiteral("RoundCube or SquirrelMail"),
            oneOf({ QStringLiteral("RoundCube"), QStringLiteral("SquirrelMail") }));
        add({ "primaryDNS", "secondaryDNS", "primaryMX", "secondaryMX", "dnsMasterEmail", "ldapHost", "webmailHost" },
            QStringLiteral("a host name; %%domain%% stands for the domain"), hostPattern);
        add({ "catchAllCNAME" }, QStringLiteral("a host name, or none"), orNone(hostPattern));
        add({ "primaryDNSIP", "secondaryDNSIP", "primaryMXIP", "secondaryMXIP" }, QStringLiteral("an IP address"), ip);
        add({ "apacheVhostsIP", "apacheVhostsVIP" }, QStringLiteral("an IP address or *"), ipOrStar);
        add({ "apacheConfigTestCommand", "apacheStopCommand", "apacheStartCommand", "apacheReloadCommand",
                "apacheGracefulCommand", "namedStartCommand", "namedStopCommand", "namedReloadCommand",
                "smtpServerReloadCommand", "makeMapCommand" },
            QStringLiteral("an absolute program path and plain arguments (run without a shell)"), command);
        add({ "loginShell", "vhostShell", "domainShell", "defaultHomeDirectoryPath", "apacheVhostsFile",
                "apacheWebalizerPath", "namedDir", "namedConfFile", "namedConfHeaderFile", "namedConfFooterFile",
                "smtpServerConfDir", "installDir", "apacheWebmailFile", "webmailHostTemplate", "webmailroot" },
            QStringLiteral("an absolute path"), path);
        add({ "webmailscriptdir" }, QStringLiteral("an absolute path, or none"), orNone(path));
        add({ "availableShells" }, QStringLiteral("absolute paths separated by spaces, or none"), shellList);
        add({ "namedIspmanSubDir", "namedPriDir", "namedSecDir", "namedRevDir", "imapMailboxPrefix" },
            QStringLiteral("a relative folder such as pri/"), relativeDir);
        add({ "apacheLogsDirectory", "apacheStatDirectory" },
            QStringLiteral("a folder, relative to the vhost home or absolute; %vhost% and %domain% are replaced"),
            vhostDir);
        add({ "namedUser", "apacheUser" }, QStringLiteral("a system user name"),
            matching(QStringLiteral("[a-z_][a-z0-9_-]{0,31}"), QStringLiteral("user-name"),
                QStringLiteral("it must be a system user name: a-z, 0-9, _ and -, starting with a letter or _, at most "
                               "32 characters")));
        add({ "dbAdminName" }, QStringLiteral("a database account name"),
            matching(QStringLiteral("[A-Za-z0-9_]{1,32}"), QStringLiteral("user-name"),
                QStringLiteral("it must be 1-32 letters, digits or _")));
        add({ "dbAdminPass" }, QStringLiteral("none (passwords are not stored in the configuration)"),
            [](const QString &field, const QString &value) -> Validated<QString> {
                if (value == QLatin1String("none"))
                    return value;
                return refuse(field, QStringLiteral("no-secrets"), QStringLiteral("(hidden)"),
                    QStringLiteral(
                        "passwords are not stored in the configuration, where every agent and service can read them; "
                        "agents use local socket authentication. Only none is accepted"));
            });
        add({ "ldapBaseDN" }, QStringLiteral("fixed at installation"),
            [](const QString &field, const QString &value) -> Validated<QString> {
                return refuse(field, QStringLiteral("read-only"), value,
                    QStringLiteral("the base DN is fixed when the directory is created"));
            });
        add({ "rootEmail" }, QStringLiteral("a mail address"), mailAddress);
        add({ "apacheVhostsHeader", "apacheVhostsFooter", "webmailThemeFile", "webmailLogoFile" },
            QStringLiteral("a file name"),
            matching(QStringLiteral("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}"), QStringLiteral("file-name"),
                QStringLiteral(
                    "it must be a file name: letters, digits, '.', '_' and '-', not starting with '.' or '-'")));
        add({ "webmailOrgURL" }, QStringLiteral("an http:// or https:// address"), url);
        add({ "customMenuLink" }, QStringLiteral("URL|Name, or none"), orNone(menuLink));
        add({ "domainActions", "vhostActions" }, QStringLiteral("script|description[,script|description], or none"),
            orNone(actions));
        add({ "apacheDocumentRootOptions", "apacheScriptDirOptions" },
            QStringLiteral("Apache Options words separated by commas, defaults marked with a leading *"),
            apacheOptionList);
        add({ "apacheVhostsFeatures" },
            QStringLiteral("suexec, statdir, userdirs separated by commas, defaults marked with *"),
            markedList({ QStringLiteral("suexec"), QStringLiteral("statdir"), QStringLiteral("userdirs") }));
        add({ "dbTypes" }, QStringLiteral("MySQL"), markedList({ QStringLiteral("MySQL") }));
        add({ "dbAccessHostFilter" }, QStringLiteral("a MySQL host pattern such as %.example.com"),
            matching(QStringLiteral("[A-Za-z0-9.%_-]{1,255}"), QStringLiteral("host-pattern"),
                QStringLiteral("it may contain only letters, digits, '.', '-', '_' and the wildcard %")));
        add({ "dbAccessPermissions" }, QStringLiteral("Group(PRIV[*]|PRIV[*]...),... with SQL privileges in capitals"),
            matching(QStringLiteral(
                         "[A-Za-z]+\\([A-Z ]+\\*?(\\|[A-Z ]+\\*?)*\\)(,[A-Za-z]+\\([A-Z ]+\\*?(\\|[A-Z ]+\\*?)*\\))*"),
                QStringLiteral("privileges"),
                QStringLiteral("it must be Group(PRIV|PRIV*...),Group(...) with privileges in capitals")));
        add({ "dbModifiableAttributes" }, QStringLiteral("attribute names separated by commas"),
            matching(QStringLiteral("[A-Za-z][A-Za-z0-9-]{0,63}(,[A-Za-z][A-Za-z0-9-]{0,63})*"),
                QStringLiteral("attribute-list"),
                QStringLiteral("it must be LDAP attribute names separated by commas")));
        add({ "defaultMailboxFolders" }, QStringLiteral("folder names separated by spaces"),
            matching(QStringLiteral("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}( [A-Za-z0-9_][A-Za-z0-9._-]{0,63})*"),
                QStringLiteral("folder-list"),
                QStringLiteral("it must be folder names (letters, digits, '.', '_', '-') separated by single spaces")));
        add({ "apacheAuthLdapModule" }, QStringLiteral("an Apache module name"),
            matching(QStringLiteral("[a-z][a-z0-9_]{0,63}"), QStringLiteral("module-name"),
                QStringLiteral("it must be a module name such as mod_authnz_ldap")));
        add({ "apacheSuspendDirective" }, QStringLiteral("one Apache Redirect/ErrorDocument directive"),
            suspendDirective);
        return t;
    }();
    return table;
}

OpResult<QString> variableName(const QString &value)
{
    static const QRegularExpression re(QStringLiteral("\\A[A-Za-z][A-Za-z0-9_]{0,63}\\z"));
    if (!re.match(value).hasMatch())
        return OpError::invalid(QStringLiteral("variable"),
            QStringLiteral("variable: %1 is not a valid variable name: letters, digits and _, starting with a letter")
                .arg(shown(value)));
    return value;
}

OpResult<QString> moduleName(const QString &value)
{
    static const QRegularExpression re(QStringLiteral("\\A[A-Za-z][A-Za-z0-9_]{0,63}\\z"));
    if (!re.match(value).hasMatch())
        return OpError::invalid(QStringLiteral("module"),
            QStringLiteral("module: %1 is not a valid module name: letters, digits and _, starting with a letter")
                .arg(shown(value)));
    return value;
}

OpResult<LdapEntry> findVariable(DirectorySession &s, const QString &name)
{
    auto n = variableName(name);
    if (!n.ok())
        return n.error();
    auto found = s.find(s.dit().conf(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanConfVar")), LdapFilter::equals(kVar, *n) }));
    if (!found.ok())
        return OpError::directory(found.error());
    if (found->isEmpty()) {
        OpError e = OpError::notFound(
            QStringLiteral("variable: configuration variable %1 does not exist (conf list shows them all)").arg(*n));
        e.field = QStringLiteral("variable");
        return e;
    }
    if (found->size() > 1) {
        QStringList modules;
        for (const LdapEntry &e : std::as_const(*found))
            modules << e.text(QStringLiteral("ispmanModule"));
        return OpError::conflict(QStringLiteral("variable"),
            QStringLiteral("variable: %1 exists in several modules (%2); names must be unique")
                .arg(*n, modules.join(QStringLiteral(", "))));
    }
    return found->first();
}

} // namespace

Validated<QString> checkValue(const QString &name, const QString &value)
{
    if (value.isEmpty())
        return ValidationError { name, QStringLiteral("required"),
            QStringLiteral("%1: a value is required (use none where the variable allows it)").arg(name) };
    const auto it = rules().constFind(name);
    if (it == rules().constEnd())
        return freeText(name, value);
    return it->check(name, value);
}

QString ruleDescription(const QString &name)
{
    const auto it = rules().constFind(name);
    return it == rules().constEnd() ? QStringLiteral("text on one line") : it->description;
}

OpResult<QList<ConfVariable>> list(DirectorySession &s, const QString &module)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("reading the configuration")); !allowed.ok())
        return allowed.error();
    LdapDn base = s.dit().conf();
    if (!module.isEmpty()) {
        auto m = moduleName(module);
        if (!m.ok())
            return m.error();
        base = s.dit().confModule(*m);
        auto exists = s.read(base, { QStringLiteral("1.1") });
        if (!exists.ok())
            return OpError::directory(exists.error());
        if (!exists->has_value()) {
            OpError e = OpError::notFound(QStringLiteral("module: configuration module %1 does not exist").arg(*m));
            e.field = QStringLiteral("module");
            return e;
        }
    }
    auto found = s.find(base, LdapFilter::objectClass(QStringLiteral("ispmanConfVar")));
    if (!found.ok())
        return OpError::directory(found.error());
    QList<ConfVariable> out;
    for (const LdapEntry &e : std::as_const(*found))
        out << ConfVariable::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const ConfVariable &a, const ConfVariable &b) {
        return a.module != b.module ? a.module < b.module : a.name < b.name;
    });
    return out;
}

OpResult<ConfVariable> get(DirectorySession &s, const QString &name)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("reading the configuration")); !allowed.ok())
        return allowed.error();
    auto e = findVariable(s, name);
    if (!e.ok())
        return e.error();
    return ConfVariable::fromEntry(*e);
}

OpResult<ConfChange> set(DirectorySession &s, const QString &name, const QString &value)
{
    auto n = variableName(name);
    if (!n.ok())
        return n.error();
    auto entry = findVariable(s, *n);
    if (!entry.ok())
        return entry.error();
    ConfVariable var = ConfVariable::fromEntry(*entry);
    auto checked = checkValue(var.name, value);
    if (!checked.ok())
        return OpError::invalid(checked.error().field, checked.error().message);
    auto allowed = Permissions::require(s, Acl::Right::Configuration, {}, QStringLiteral("changing the configuration"));
    if (!allowed.ok())
        return allowed.error();
    ConfChange change { var, var.value, *checked };
    if (var.value == *checked)
        return change;
    // Only if nobody changed it since we read it: no silent lost update between administrators.
    LdapWriteOptions o;
    o.assertion = LdapFilter::equals(kVal, var.value);
    auto r = s.modify(entry->dn(), { LdapModification::replace(kVal, *checked) }, o);
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AssertionFailed)
            return OpError::conflict(var.name,
                QStringLiteral("%1: the value was changed by someone else meanwhile; look at it again").arg(var.name));
        return OpError::directory(r.error());
    }
    change.variable.value = *checked;
    return change;
}

OpResult<QString> value(DirectorySession &s, const QString &var, const QString &fallback)
{
    auto found = s.find(s.dit().conf(), LdapFilter::equals(QStringLiteral("ispmanVar"), var), {QStringLiteral("ispmanVal")});
    if (!found.ok())
        return OpError::directory(found.error());
    if (found->isEmpty())
        return fallback;
    return found->first().text(QStringLiteral("ispmanVal"));
}

} // namespace Isp::Core::ConfOps
