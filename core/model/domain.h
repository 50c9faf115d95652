// Domain: one hosted domain (ispmanDomain=<name>,<base>) of type primary (its zone lives in
// ou=DNS), slave (zone transferred from master servers), replica (an alias of another domain:
// mail and websites follow the master) or nodns. Plain value with its entry mapping.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"

#include <QStringList>

namespace Isp::Core {

struct Domain
{
    enum class Type { Primary, Slave, Replica, NoDns };

    QString name; // A-label form, lower case
    Type type = Type::Primary;
    QString owner;
    QString customer;
    QString comment;
    QStringList services;       // ispmanDomainService: names from ou=domainServices
    QString replicaMaster;      // replica: the master domain
    QStringList dnsMasters;     // slave: IP addresses of the master servers
    QString mailDropHost;       // ispmanDomainDefaultMailDropHost
    QStringList webHosts;       // ispmanDomainDefaultWebHost
    QString fileServer;         // ispmanDomainDefaultFileServer
    QString dbHost;             // ispmanDomainDefaultDBHost
    QStringList dnsHosts;       // dnsHost
    QStringList smtpHosts;      // smtpHost
    int maxAccounts = -1;       // -1: unlimited
    int maxVhosts = -1;
    int maxDatabases = -1;
    QString mailDelivery = QStringLiteral("local"); // local | smtp
    bool locked = false;
    QString lockedBy;
    bool suspended = false;
    qint64 clientId = 0;   // 0: none
    QString clientName;
    qint64 resellerId = 0; // 0: none
    QString resellerName;
    // POSIX/FTP account of the domain (not for replicas).
    qint64 uidNumber = 0;
    qint64 gidNumber = 0;
    QString homeDirectory;
    QString loginShell;
    int ftpQuotaMBytes = 0;
    qint64 created = 0; // epoch seconds

    static Domain fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;

    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString &name);
};

} // namespace Isp::Core
