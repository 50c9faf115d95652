// MariadbClient: the MariaDB handler's one way to the local server. It runs the `mariadb`
// command-line client (package mariadb-client-core) through the agent's CommandRunner: argument
// list, no shell, a deadline, the SQL on its standard input, over the unix socket [mariadb]
// socket as [mariadb] user: with the password of [mariadb] password-file (handed over in a
// private temporary option file, never on the command line), else by unix_socket authentication
// (root running as root). No option file of the system or of the user is read (--no-defaults /
// --defaults-file), so nothing on the host changes what the agent sends.
//
// read() takes a snapshot of what the handler manages (schemas, accounts with their password
// hash and global privileges, database-level grants from mysql.db, and whether an account has
// grants of any other kind) in one session; execute() runs statements in one session that stops
// at the first error, after setting its sql_mode (no NO_BACKSLASH_ESCAPES, which
// MariadbSql::literal relies on; NO_AUTO_CREATE_USER, so a GRANT can never create an account
// without a password).
//
// The account needs: CREATE, DROP on *.*, CREATE USER, SELECT on mysql.*, and every privilege it
// grants WITH GRANT OPTION (root has them all). Blocking; thread-safe (each call runs its own
// client).
#pragma once

#include "agent/agentconfig.h"
#include "agent/commandrunner.h"
#include "core/ldap/result.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <utility>

namespace Isp::Agent {

struct MariadbAccount
{
    QString user;
    QString host;
    QString plugin; // e.g. mysql_native_password
    QString authentication; // its authentication_string: "*<40 hex>" for mysql_native_password
    QStringList globalPrivileges; // privileges on *.* ("SELECT", "GRANT OPTION"...); USAGE is none
};

struct MariadbSchemaGrant
{
    QString user;
    QString host;
    QString pattern; // mysql.db's Db, as GRANT wrote it (MariadbSql::grantPattern)
    QStringList privileges; // "SELECT", "CREATE TEMPORARY TABLES", "GRANT OPTION"...
};

struct MariadbState
{
    QStringList schemas;
    QList<MariadbAccount> accounts; // roles left out
    QList<MariadbSchemaGrant> schemaGrants;
    // Accounts (user, host) with table, column, routine, proxy or role grants.
    QList<std::pair<QString, QString>> otherGrants;
    // What ALL means on a database on this server (every database privilege but GRANT OPTION),
    // from mysql.db's columns; empty when mysql.db returned no row.
    QStringList allDatabasePrivileges;

    [[nodiscard]] const MariadbAccount *account(const QString &user, const QString &host) const;
    [[nodiscard]] QList<MariadbAccount> accountsOf(const QString &user) const;
    [[nodiscard]] QList<MariadbSchemaGrant> schemaGrantsOf(const QString &user, const QString &host) const;
    [[nodiscard]] bool hasOtherGrants(const QString &user, const QString &host) const;
};

class MariadbClient
{
public:
    MariadbClient(const AgentConfig::Mariadb &config, const CommandRunner &commands);

    // The state of `users` and which of `schemas` exist; nullopt: every user, every schema.
    [[nodiscard]] Core::Result<MariadbState, QString> read(
        const std::optional<QStringList> &users, const std::optional<QStringList> &schemas) const;
    // Runs `statements` (each complete, without the ';') in one session, in order, stopping at
    // the first error; why it failed otherwise (the client's words).
    [[nodiscard]] Core::Result<Core::Done, QString> execute(const QStringList &statements) const;
    // The rows of one SELECT (or SHOW), values unescaped; without its header.
    [[nodiscard]] Core::Result<QList<QStringList>, QString> query(const QString &sql) const;

    // The mysql.db / mysql.user column "Create_tmp_table_priv" as the privilege it stands for
    // ("CREATE TEMPORARY TABLES").
    [[nodiscard]] static QString privilegeOfColumn(const QString &column);

private:
    enum class Headers { Print, Skip };
    // The client's output (batch mode: tab-separated, values escaped) or why it failed.
    [[nodiscard]] Core::Result<QByteArray, QString> run(
        const QByteArray &script, std::chrono::milliseconds timeout, Headers headers) const;

    const AgentConfig::Mariadb &m_config;
    const CommandRunner &m_commands;
};

} // namespace Isp::Agent
