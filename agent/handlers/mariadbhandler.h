// MariadbHandler ("mariadb"): the customer databases of a database server (core/model/database.h)
// on the local MariaDB, through MariadbClient (the `mariadb` client over the unix socket).
//
// A database entry whose ispmanDBHost is one of this host's names asks for: the database; for
// each client host pattern of ispmanDBAccessFilter the account 'user'@'pattern' with the stored
// mysql_native_password hash (CREATE USER IF NOT EXISTS ... IDENTIFIED BY PASSWORD '*...', then
// ALTER USER to the current hash: the plain password never reaches the agent); no other account
// of that user; and exactly the privileges of ispmanDBPrivilege on that database, nothing else
// anywhere (REVOKE ALL PRIVILEGES, GRANT OPTION, then GRANT ... ON `db`.* with '_' escaped, as
// GRANT reads it as a wildcard). AddDatabase and UpdateDatabase converge it: the current state is
// read first (information_schema, mysql.user, mysql.db and the other grant tables), only what
// differs is changed, and the result is read back; running them again changes nothing.
// UpdateDatabase's oldUser (a renamed user) has its accounts dropped; oldName (a renamed
// database) is left in place with its tables, and said so: moving customer data is not done
// behind the admin's back.
//
// Every value from the directory is validated again (Validate::databaseName, databaseUser,
// databaseHostPattern, databasePrivileges, the hash format), names must carry their domain's
// prefix, and no other database of this host may share the name or the user; a refused value
// fails the process before any SQL is sent, so nothing changes. Identifiers and literals reach
// SQL only through MariadbSql.
//
// A database whose ispmanDBHost names another host is not this host's: its processes do
// nothing here. (Core has no operation that moves a database, so none queues work for a move; a
// database moved by hand stays here, and reconcile() reports it.) DeleteDatabase (params
// ispmanDBName, ispmanDBUser) drops the database and every account of the user only when the
// entry is really gone from the directory and no other database of this host has that name or
// user; otherwise it drops nothing.
//
// reconcile() converges every database of this host (repairing only those that differ) and
// reports databases and users named with the prefix of a domain of the directory that are not
// this host's: never dropped automatically.
//
// Threads: one lock orders each database's convergence (read the entry, read the server, change)
// so a full reconcile never undoes a process that ran meanwhile.
#pragma once

#include "agent/handler.h"

#include <QMutex>

namespace Isp::Agent {

class MariadbHandler : public Handler
{
public:
    [[nodiscard]] QString service() const override { return QStringLiteral("mariadb"); }
    [[nodiscard]] QStringList processes() const override;
    Outcome run(const Core::Process &process, HandlerContext &context) override;
    ReconcileReport reconcile(HandlerContext &context) override;

private:
    QMutex m_converging;
};

} // namespace Isp::Agent
