// How values reach the SQL the MariaDB handler sends: every identifier and every string literal
// goes through one of these functions, never through concatenation of raw text. The values are
// validated before (Validate::databaseName, databaseUser, databaseHostPattern; the hash format),
// so quoting is the second line of defence, not the only one.
//
// literal() escapes with backslashes: the scripts of MariadbClient set their session's sql_mode,
// which leaves NO_BACKSLASH_ESCAPES off whatever the server's default is. Pure functions,
// thread-safe.
#pragma once

#include <QString>

namespace Isp::Agent::MariadbSql {

// `name` as a quoted identifier: in backticks, each backtick doubled ("a`b" -> `a``b`).
[[nodiscard]] QString identifier(const QString &name);
// `text` as a string literal: in single quotes, with '\', '\'', '"', NUL, LF, CR and ^Z escaped
// as mysql_real_escape_string() does.
[[nodiscard]] QString literal(const QString &text);
// A database name as the pattern GRANT ... ON <db>.* reads and mysql.db stores it: '\', '_' and
// '%' are wildcards or escapes there, so each gets a backslash ("example_com_shop" ->
// "example\_com\_shop"). Not quoted: see grantTarget().
[[nodiscard]] QString grantPattern(const QString &database);
// `db-pattern`.* for GRANT and REVOKE: grantPattern() quoted as an identifier.
[[nodiscard]] QString grantTarget(const QString &database);
// 'user'@'host', both as literals.
[[nodiscard]] QString account(const QString &user, const QString &host);

} // namespace Isp::Agent::MariadbSql
