// MariaDB/MySQL database and account names for customer databases. The names are written into
// SQL by the database agent; the alphabet is small enough that they never need quoting:
// [a-z0-9_], first character a letter (so never all digits, never a number like "1e5"),
// A-Z lower-cased. Database names at most 64 characters and user names at most 80: the limits of
// MariaDB 10.11, the server ISPMan targets (customer names carry their domain as a prefix, which
// MySQL's 32-character user names could not hold). System schemas and accounts, and
// "test"/"test_*" (which default MySQL installations grant to everybody) are refused.
//
// Client host patterns (the host part of 'user'@'host') and privileges come from closed grammars
// too, so the agent can write them into GRANT/CREATE USER without interpretation. Pure
// functions, thread-safe.
//
// Note for the code that grants: '_' is a wildcard in GRANT ... ON `db`.*; escape it as "\_".
#pragma once

#include "core/validation/validationerror.h"

#include <QString>
#include <QStringList>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxDatabaseNameLength = 64;
inline constexpr qsizetype MaxDatabaseUserLength = 80;

[[nodiscard]] Validated<QString> databaseName(const QString &field, const QString &value);
[[nodiscard]] Validated<QString> databaseUser(const QString &field, const QString &value);

// A client host a database user may connect from, in one of these forms (normalised as shown):
//   %                     any host
//   localhost             the server itself (socket); any other host name: "app1.example.com"
//   %.example.com         any host name in a domain (MariaDB matches the client's reverse name)
//   192.0.2.10, 2001:db8::5   one address (canonical form)
//   10.%, 10.0.%, 10.0.0.%    an IPv4 prefix of whole octets
//   10.0.0.0/24 or 10.0.0.0/255.255.255.0   an IPv4 network, stored as address/netmask (the form
//                         MariaDB understands); host bits must be zero
// Nothing else: no '_' (a one-character wildcard), no '%' elsewhere, no quotes or spaces.
[[nodiscard]] Validated<QString> databaseHostPattern(const QString &field, const QString &value);

// One privilege on the database, from an allow-list, in canonical form (upper case, words
// separated by one space; "create_temporary_tables" -> "CREATE TEMPORARY TABLES"): SELECT, INSERT,
// UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE,
// CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, TRIGGER, EVENT, REFERENCES, or ALL (all
// of them on that database; never GRANT OPTION, which would let a customer hand out access).
[[nodiscard]] Validated<QString> databasePrivilege(const QString &field, const QString &value);
// A set of privileges: each as above, at least one, ALL alone; duplicates dropped, in the order
// of the allow-list.
[[nodiscard]] Validated<QStringList> databasePrivileges(const QString &field, const QStringList &values);
// The allow-list, in order.
[[nodiscard]] QStringList databasePrivilegeNames();

} // namespace Isp::Core::Validate
