#include "core/model/vhost.h"

#include <algorithm>

namespace Isp::Core {

namespace {

QString onOff(bool on, const char *yes, const char *no)
{
    return QString::fromLatin1(on ? yes : no);
}

} // namespace

Vhost Vhost::fromEntry(const LdapEntry &e)
{
    Vhost v;
    v.domain = e.text(QStringLiteral("ispmanDomain"));
    v.name = e.text(QStringLiteral("ispmanVhostName"));
    if (v.name.isEmpty() && !e.dn().isEmpty())
        v.name = e.dn().rdnValue();
    v.webHosts = e.texts(QStringLiteral("webHost"));
    v.fileHost = e.text(QStringLiteral("fileHost"));
    v.documentRoot = e.text(QStringLiteral("ispmanVhostDocumentRoot"));
    v.scriptDir = e.text(QStringLiteral("ispmanVhostScriptDir"));
    v.documentRootOptions = e.texts(QStringLiteral("ispmanVhostDocumentRootOption"));
    v.scriptDirOptions = e.texts(QStringLiteral("ispmanVhostScriptDirOption"));
    v.logDir = e.text(QStringLiteral("ispmanVhostLogdir"));
    v.statDir = e.text(QStringLiteral("ispmanVhostStatdir"));
    v.stats = e.text(QStringLiteral("ispmanVhostStats")).compare(QLatin1String("enable"), Qt::CaseInsensitive) == 0;
    v.ipAddress = e.text(QStringLiteral("ispmanVhostIpAddress"));
    if (v.ipAddress.isEmpty())
        v.ipAddress = QStringLiteral("*");
    for (const QString &value : e.texts(QStringLiteral("ispmanVhostExtraConf")))
        v.extraConfig += value.split(QLatin1Char('\n'));
    v.features = e.texts(QStringLiteral("ispmanVhostFeature"));
    v.suspended = e.text(QStringLiteral("ispmanStatus")) == QLatin1String("suspended");
    v.uid = e.text(QStringLiteral("uid"));
    v.uidNumber = e.text(QStringLiteral("uidNumber")).toLongLong();
    v.gidNumber = e.text(QStringLiteral("gidNumber")).toLongLong();
    v.homeDirectory = e.text(QStringLiteral("homeDirectory"));
    v.loginShell = e.text(QStringLiteral("loginShell"));
    v.ftpEnabled = e.text(QStringLiteral("FTPStatus")).compare(QLatin1String("disabled"), Qt::CaseInsensitive) != 0;
    v.ftpQuotaMBytes = e.text(QStringLiteral("FTPQuotaMBytes")).toInt();
    v.created = e.text(QStringLiteral("ispmanCreateTimestamp")).toLongLong();
    // 1.x also allowed aliases as values of the vhost entry itself.
    v.aliases = e.texts(QStringLiteral("ispmanVhostServerAlias"));
    return v;
}

void Vhost::addSubEntries(const QList<LdapEntry> &entries)
{
    for (const LdapEntry &e : entries) {
        if (e.hasObjectClass(QStringLiteral("ispmanVirtualHostAlias"))) {
            const QString alias = e.text(QStringLiteral("ispmanVhostServerAlias"));
            if (!alias.isEmpty() && !aliases.contains(alias, Qt::CaseInsensitive))
                aliases << alias;
        } else if (e.hasObjectClass(QStringLiteral("ispmanVirtualHostRedirection"))) {
            redirects << VhostRedirect{e.text(QStringLiteral("ispmanVhostRedirectURL")), e.text(QStringLiteral("ispmanVhostRedirectLocation"))};
        } else if (e.hasObjectClass(QStringLiteral("ispmanVirtualHostAcl"))) {
            protections << VhostProtection{e.text(QStringLiteral("ispmanVhostAclLocation")), e.texts(QStringLiteral("ispmanVhostAclAllowUser"))};
        }
    }
    aliases.sort();
    std::sort(redirects.begin(), redirects.end(), [](const auto &a, const auto &b) { return a.path < b.path; });
    std::sort(protections.begin(), protections.end(), [](const auto &a, const auto &b) { return a.location < b.location; });
}

LdapEntry Vhost::toEntry(const Dit &dit) const
{
    LdapEntry e(dn(dit, domain, name));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanBranch"), QStringLiteral("ispmanVirtualHost"),
                                               QStringLiteral("posixAccount"), QStringLiteral("PureFTPdUser")});
    e.setText(QStringLiteral("ispmanVhostName"), name);
    e.setText(QStringLiteral("ispmanDomain"), domain);
    e.setText(QStringLiteral("uid"), uid);
    e.setText(QStringLiteral("cn"), uid);
    e.setText(QStringLiteral("uidNumber"), QString::number(uidNumber));
    e.setText(QStringLiteral("gidNumber"), QString::number(gidNumber));
    e.setText(QStringLiteral("homeDirectory"), homeDirectory);
    e.setText(QStringLiteral("loginShell"), loginShell);
    e.setText(QStringLiteral("ispmanVhostDocumentRoot"), documentRoot);
    e.setText(QStringLiteral("ispmanVhostScriptDir"), scriptDir);
    if (!documentRootOptions.isEmpty())
        e.setTexts(QStringLiteral("ispmanVhostDocumentRootOption"), documentRootOptions);
    if (!scriptDirOptions.isEmpty())
        e.setTexts(QStringLiteral("ispmanVhostScriptDirOption"), scriptDirOptions);
    if (!logDir.isEmpty())
        e.setText(QStringLiteral("ispmanVhostLogdir"), logDir);
    if (!statDir.isEmpty())
        e.setText(QStringLiteral("ispmanVhostStatdir"), statDir);
    e.setText(QStringLiteral("ispmanVhostStats"), onOff(stats, "enable", "disable"));
    e.setText(QStringLiteral("ispmanVhostIpAddress"), ipAddress.isEmpty() ? QStringLiteral("*") : ipAddress);
    if (!extraConfig.isEmpty())
        e.setText(QStringLiteral("ispmanVhostExtraConf"), extraConfig.join(QLatin1Char('\n')));
    if (!features.isEmpty())
        e.setTexts(QStringLiteral("ispmanVhostFeature"), features);
    if (!webHosts.isEmpty())
        e.setTexts(QStringLiteral("webHost"), webHosts);
    if (!fileHost.isEmpty())
        e.setText(QStringLiteral("fileHost"), fileHost);
    e.setText(QStringLiteral("FTPStatus"), onOff(ftpEnabled, "enabled", "disabled"));
    e.setText(QStringLiteral("FTPQuotaMBytes"), QString::number(ftpQuotaMBytes));
    e.setText(QStringLiteral("ispmanStatus"), onOff(suspended, "suspended", "active"));
    e.setText(QStringLiteral("ispmanCreateTimestamp"), QString::number(created));
    return e;
}

LdapEntry Vhost::aliasEntry(const Dit &dit, const QString &alias) const
{
    LdapEntry e(aliasDn(dit, domain, name, alias));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanVirtualHostAlias")});
    e.setText(QStringLiteral("ispmanVhostServerAlias"), alias);
    e.setText(QStringLiteral("ispmanVhostName"), name);
    e.setText(QStringLiteral("ispmanDomain"), domain);
    return e;
}

LdapEntry Vhost::redirectEntry(const Dit &dit, const VhostRedirect &r) const
{
    LdapEntry e(redirectDn(dit, domain, name, r.path));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanVirtualHostRedirection")});
    e.setText(QStringLiteral("ispmanVhostRedirectURL"), r.path);
    e.setText(QStringLiteral("ispmanVhostRedirectLocation"), r.target);
    e.setText(QStringLiteral("ispmanVhostName"), name);
    e.setText(QStringLiteral("ispmanDomain"), domain);
    return e;
}

LdapEntry Vhost::protectionEntry(const Dit &dit, const VhostProtection &p) const
{
    LdapEntry e(protectionDn(dit, domain, name, p.location));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanVirtualHostAcl")});
    e.setText(QStringLiteral("ispmanVhostAclLocation"), p.location);
    e.setTexts(QStringLiteral("ispmanVhostAclAllowUser"), p.users);
    e.setText(QStringLiteral("ispmanVhostName"), name);
    e.setText(QStringLiteral("ispmanDomain"), domain);
    return e;
}

WebUser WebUser::fromEntry(const LdapEntry &e)
{
    return {e.text(QStringLiteral("ispmanDomain")), e.text(QStringLiteral("ispmanUserId"))};
}

LdapEntry WebUser::toEntry(const Dit &dit, const QByteArray &password) const
{
    LdapEntry e(dn(dit, domain, userId));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanVirtualHostUser")});
    e.setText(QStringLiteral("ispmanDomain"), domain);
    e.setText(QStringLiteral("ispmanUserId"), userId);
    if (!password.isEmpty())
        e.setValue(QStringLiteral("userPassword"), password);
    return e;
}

} // namespace Isp::Core
