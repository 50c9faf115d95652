// Database: one customer database on a MariaDB server (ispmanDBName=<name>,ou=databases,
// ispmanDomain=<d>; class ispmanDatabaseData), with the one account that uses it: the user name,
// the client hosts it may connect from ('user'@'host' for each) and its privileges on the
// database. Plain value with its entry mapping; no I/O.
//
// Names carry their domain (ISPMan 1.x): database "shop" of example.com is example_com_shop, and
// its user is example_com_shop unless another (also prefixed) name is given.
//
// The password is never stored: ispmanDBPass holds MariaDB's mysql_native_password hash
// ("*" + upper-case hex of SHA1(SHA1(password))), which the agent hands to the server as
// CREATE USER ... IDENTIFIED BY PASSWORD '<hash>' / ALTER USER ... so the plain text reaches
// neither the directory nor the agent.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"

#include <QStringList>

namespace Isp::Core {

struct Database
{
    QString domain;           // from the DN (the class has no ispmanDomain attribute)
    QString name;             // ispmanDBName, e.g. example_com_shop
    QString type = QStringLiteral("MySQL"); // ispmanDBType (1.x value; MariaDB speaks it)
    QString host;             // ispmanDBHost: the database server
    QString user;             // ispmanDBUser
    QString passwordHash;     // ispmanDBPass: "*" + 40 hex digits; empty: none set
    QStringList accessFrom;   // ispmanDBAccessFilter: client host patterns
    QStringList privileges;   // ispmanDBPrivilege: canonical names (Validate::databasePrivilege)

    static Database fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
    [[nodiscard]] static LdapDn dn(const Dit &dit, const QString &domain, const QString &name)
    {
        return dit.database(domain, name);
    }

    // "example.com" -> "example_com_": what every database and user name of the domain starts with.
    static QString namePrefix(const QString &domain);
    // MariaDB's PASSWORD() / mysql_native_password hash of the UTF-8 bytes of `password`.
    static QString nativePasswordHash(const QString &password);
};

} // namespace Isp::Core
