// Vhost: one website of a hosted domain (ispmanVhostName=<name>,ou=httpdata,ispmanDomain=<d>):
// ispmanBranch (structural) + ispmanVirtualHost + posixAccount + PureFTPdUser, ISPMan 1.x naming
// (uid/cn "<name>.<domain>", "www:8080" for a second site on another port). Its sub-objects live
// below it: server aliases (ou=vhostAliases), redirects (ou=urlRedirections) and password-protected
// locations (ou=httpAcls). WebUser: a web (htaccess) user of a domain
// (ispmanUserId=<id>,ou=httpusers,ispmanDomain=<d>). Plain values with their entry mappings; no I/O.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"

#include <QStringList>

namespace Isp::Core {

struct VhostRedirect
{
    QString path;   // ispmanVhostRedirectURL: "/old"
    QString target; // ispmanVhostRedirectLocation: "https://www.example.com/new"

    friend bool operator==(const VhostRedirect &, const VhostRedirect &) = default;
};

struct VhostProtection
{
    QString location;   // ispmanVhostAclLocation: "/private"
    QStringList users;  // ispmanVhostAclAllowUser: ispmanUserId of web users or mail users

    friend bool operator==(const VhostProtection &, const VhostProtection &) = default;
};

struct Vhost
{
    QString domain;          // ispmanDomain
    QString name;            // ispmanVhostName: "www" or "www:8080"
    QStringList webHosts;    // webHost: one or more web servers
    QString fileHost;        // holds its directories
    QString documentRoot = QStringLiteral("htdocs");  // relative to homeDirectory
    QString scriptDir = QStringLiteral("cgi-bin");
    QStringList documentRootOptions; // Apache Options words
    QStringList scriptDirOptions;
    QString logDir;          // ispmanVhostLogdir, relative
    QString statDir;         // ispmanVhostStatdir, relative
    bool stats = false;      // ispmanVhostStats enable | disable
    QString ipAddress = QStringLiteral("*"); // ispmanVhostIpAddress: "*" or an address
    QStringList extraConfig; // ispmanVhostExtraConf, one line each (stored as one value)
    QStringList features;    // ispmanVhostFeature: suexec, statdir, userdirs
    bool suspended = false;  // ispmanStatus
    // Its own POSIX/FTP account (FTP logins chrooted to the site).
    QString uid;             // "<name>.<domain>"
    qint64 uidNumber = 0;
    qint64 gidNumber = 0;
    QString homeDirectory;
    QString loginShell;
    bool ftpEnabled = true;  // FTPStatus
    int ftpQuotaMBytes = 0;
    qint64 created = 0;
    // Read from the sub-entries (not part of toEntry()).
    QStringList aliases;     // local ("web") and foreign ("www.example.org") names
    QList<VhostRedirect> redirects;
    QList<VhostProtection> protections;

    // The host part without the port: "www" for "www:8080"; the DNS owner name in its zone.
    [[nodiscard]] QString hostName() const { return name.section(QLatin1Char(':'), 0, 0); }
    [[nodiscard]] int port() const { return name.contains(QLatin1Char(':')) ? name.section(QLatin1Char(':'), 1).toInt() : 0; }
    // "www.example.com": what the web server answers to (ServerName).
    [[nodiscard]] QString serverName() const { return hostName() + QLatin1Char('.') + domain; }
    // A local alias's full name ("web" -> "web.example.com"); foreign ones as they are.
    [[nodiscard]] QString aliasServerName(const QString &alias) const
    {
        return alias.contains(QLatin1Char('.')) ? alias : alias + QLatin1Char('.') + domain;
    }

    static Vhost fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
    // Adds the sub-objects among `entries` (entries below the website: its aliases, redirects
    // and protected locations; branches and anything else are ignored) to aliases, redirects and
    // protections, each sorted. One assembly for core's reads and the panel's cache.
    void addSubEntries(const QList<LdapEntry> &entries);

    [[nodiscard]] static LdapDn dn(const Dit &dit, const QString &domain, const QString &name) { return dit.vhost(domain, name); }
    [[nodiscard]] static LdapDn aliasesBranch(const Dit &dit, const QString &domain, const QString &name)
    {
        return dn(dit, domain, name).child(QStringLiteral("ou"), QStringLiteral("vhostAliases"));
    }
    [[nodiscard]] static LdapDn redirectsBranch(const Dit &dit, const QString &domain, const QString &name)
    {
        return dn(dit, domain, name).child(QStringLiteral("ou"), QStringLiteral("urlRedirections"));
    }
    [[nodiscard]] static LdapDn protectionsBranch(const Dit &dit, const QString &domain, const QString &name)
    {
        return dn(dit, domain, name).child(QStringLiteral("ou"), QStringLiteral("httpAcls"));
    }
    [[nodiscard]] static LdapDn aliasDn(const Dit &dit, const QString &domain, const QString &name, const QString &alias)
    {
        return aliasesBranch(dit, domain, name).child(QStringLiteral("ispmanVhostServerAlias"), alias);
    }
    [[nodiscard]] static LdapDn redirectDn(const Dit &dit, const QString &domain, const QString &name, const QString &path)
    {
        return redirectsBranch(dit, domain, name).child(QStringLiteral("ispmanVhostRedirectURL"), path);
    }
    [[nodiscard]] static LdapDn protectionDn(const Dit &dit, const QString &domain, const QString &name, const QString &location)
    {
        return protectionsBranch(dit, domain, name).child(QStringLiteral("ispmanVhostAclLocation"), location);
    }
    [[nodiscard]] LdapEntry aliasEntry(const Dit &dit, const QString &alias) const;
    [[nodiscard]] LdapEntry redirectEntry(const Dit &dit, const VhostRedirect &redirect) const;
    [[nodiscard]] LdapEntry protectionEntry(const Dit &dit, const VhostProtection &protection) const;
};

struct WebUser
{
    QString domain;
    QString userId; // ispmanUserId

    static WebUser fromEntry(const LdapEntry &entry);
    // `password`: cleartext for the add (the server hashes it: ppolicy), empty for none.
    [[nodiscard]] LdapEntry toEntry(const Dit &dit, const QByteArray &password = {}) const;
    [[nodiscard]] static LdapDn dn(const Dit &dit, const QString &domain, const QString &userId)
    {
        return dit.webUsers(domain).child(QStringLiteral("ispmanUserId"), userId);
    }
};

} // namespace Isp::Core
