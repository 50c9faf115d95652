// Operations on customer databases (MariaDB): `ispman db ...`, the console's and the panel's
// database editors. A database is one entry below its domain (core/model/database.h) naming
// the server it lives on, its user, the client hosts that user may connect from, its privileges
// and its password hash; the agent on that server converges MariaDB to it (AddDatabase,
// UpdateDatabase, DeleteDatabase in docs/processes.md).
//
// Names: a database "shop" of example.com is example_com_shop (ISPMan 1.x), its user the same
// unless another name is given (also prefixed). A name that already starts with the domain's
// prefix is taken as the full name, so `add example.com shop` and `show example.com
// example_com_shop` mean the same database. Database names and user names are unique per
// database server (MariaDB's namespaces); both are checked and, like the domain's limit
// ispmanMaxDatabases, race-free: the operation reads the entryCSN of the domain and of the server's
// host entry before it checks, writes, and then touches both on condition that they did not
// change (the technique of UserOps). Of two concurrent adds, the loser undoes its writes and
// starts again.
//
// No databases on replica domains (they have no data of their own). Passwords: see Database.
#pragma once

#include "core/model/database.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <optional>

namespace Isp::Core::DatabaseOps {

// Text as typed (CLI, forms); validated and normalised by add().
struct DatabaseSpec
{
    QString domain;
    QString name;            // "shop" -> example_com_shop
    QString user;            // empty: the database's name; else prefixed like the name
    QString password;        // required (unless passwordHash); stored as its mysql_native_password hash only
    QString passwordHash;    // instead of a password: an existing hash ("*" + 40 hex digits), e.g. from 1.x
    QString host;            // database server; empty: the domain's default, else databasegroup
    QStringList accessFrom;  // client host patterns; empty: conf dbAccessHostFilter, else localhost
    QStringList privileges;  // empty: the starred ones of conf dbAccessPermissions
};

// Only what is set changes; lists replace the current ones.
struct DatabaseChange
{
    std::optional<QStringList> accessFrom;
    std::optional<QStringList> privileges;
};

OpResult<Database> add(DirectorySession &session, const DatabaseSpec &spec);
OpResult<Database> show(DirectorySession &session, const QString &domain, const QString &name);
// One domain's databases, sorted by name (paged search).
OpResult<QList<Database>> list(DirectorySession &session, const QString &domain);
OpResult<Database> edit(DirectorySession &session, const QString &domain, const QString &name,
                        const DatabaseChange &change);
OpResult<Done> setPassword(DirectorySession &session, const QString &domain, const QString &name,
                           const QString &password);
OpResult<Done> remove(DirectorySession &session, const QString &domain, const QString &name);

} // namespace Isp::Core::DatabaseOps
