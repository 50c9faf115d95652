// The people and settings of an ISPMan installation, as plain values with their mapping to and
// from directory entries: resellers (ispmanResellerId=<n>,ou=ispman) and their clients (nested
// below them), console administrators (uid=<name>,ou=admins) and configuration variables
// (ispmanVar=<v>,ispmanModule=<m>,ou=conf). Password hashes never enter these values: entries
// are read with the attribute lists below, which leave userPassword out.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"

#include <QDateTime>
#include <QStringList>

namespace Isp::Core {

enum class TenantStatus { Active, Suspended };

// "active" / "suspended" as stored in ispmanStatus. 1.x wrote "suspend" for resellers and
// clients; it reads as Suspended.
QString tenantStatusName(TenantStatus status);
TenantStatus tenantStatusFromName(const QString &name);

// The inetOrgPerson part of a reseller or client.
struct Contact
{
    QString cn; // full name (required by inetOrgPerson)
    QString sn; // surname (required by inetOrgPerson)
    QString givenName;
    QString mail;
    QString telephone; // telephoneNumber
    QString street;
    QString postalCode;
    QString locality; // l
    QString country; // c, ISO 3166 alpha-2

    static Contact fromEntry(const LdapEntry &entry);
    void writeTo(LdapEntry &entry) const;
    bool operator==(const Contact &) const = default;
};

// The hosts new domains of a client get by default, and its DNS/SMTP overrides. (The schema's
// ispmanClient has no ispmanDomainDefaultDBHost; 1.x collected it but never stored it either.)
struct DefaultHosts
{
    QString mailDrop; // ispmanDomainDefaultMailDropHost
    QStringList web; // ispmanDomainDefaultWebHost
    QString fileServer; // ispmanDomainDefaultFileServer
    QStringList dns; // dnsHost
    QStringList smtp; // smtpHost

    static DefaultHosts fromEntry(const LdapEntry &entry);
    void writeTo(LdapEntry &entry) const;
    bool operator==(const DefaultHosts &) const = default;
};

struct Client;

struct Reseller
{
    qint64 id = 0; // ispmanResellerId, from cn=resellercounter
    QString name; // ispmanResellerName
    Contact contact;
    qint64 maxClients = 5; // ispmanResellerMaxClients; -1 = unlimited
    QString login; // uid: the name it logs in with (empty: cannot log in)
    TenantStatus status = TenantStatus::Active;
    QDateTime created; // ispmanCreateTimestamp (epoch seconds)
    QDateTime passwordChanged; // pwdChangedTime, set by slapd; invalid when no password was set
    // Filled by the operations, not stored on the entry.
    int clientCount = 0;
    QList<Client> clients;

    // Attributes to read: everything above, and never userPassword.
    static QStringList attributes();
    static Reseller fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

struct Client
{
    qint64 id = 0; // ispmanClientId, from cn=clientcounter
    qint64 resellerId = 0; // ispmanResellerId: also the parent entry
    QString resellerName; // ispmanResellerName (copy, for display)
    QString name; // ispmanClientName
    Contact contact;
    qint64 maxDomains = 5; // ispmanClientMaxDomains; -1 = unlimited
    DefaultHosts hosts;
    QString login; // uid
    TenantStatus status = TenantStatus::Active;
    QDateTime created;
    QDateTime passwordChanged;
    // Filled by show(): the domains carrying ispmanClientId=<id>.
    QStringList domains;

    static QStringList attributes();
    static Client fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

struct Admin
{
    QString uid;
    QString cn;
    QString mail; // ispmanSysadminMail
    int level = 0; // ispmanSysadminLevel, 1-100 (100: may manage admins and configuration)
    QStringList networks; // ispmanSysadminAllowedNetwork: may bind only from these (empty: anywhere)
    QDateTime passwordChanged;

    static QStringList attributes();
    static Admin fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

struct ConfVariable
{
    QString module; // ispmanModule, e.g. dns_vars
    QString name; // ispmanVar, unique across modules
    QString alias; // ispmanVarAlias: display name
    QString value; // ispmanVal
    QString question; // ispmanQuestion: help text

    static ConfVariable fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

} // namespace Isp::Core
