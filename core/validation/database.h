// MariaDB/MySQL database and account names for customer databases. The names are written into
// SQL by the database agent; the alphabet is small enough that they never need quoting:
// [a-z0-9_], first character a letter (so never all digits, never a number like "1e5"),
// A-Z lower-cased. Database names at most 64 characters (the server's limit); user names at most
// 32 (the server allows 80 since MariaDB 10.0 / 32 since MySQL 5.7; 32 fits both and older
// replicas). System schemas and accounts, and "test"/"test_*" (which default MySQL installations
// grant to everybody) are refused. Pure functions, thread-safe.
//
// Note for the code that grants: '_' is a wildcard in GRANT ... ON `db`.*; escape it as "\_".
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxDatabaseNameLength = 64;
inline constexpr qsizetype MaxDatabaseUserLength = 32;

[[nodiscard]] Validated<QString> databaseName(const QString &field, const QString &value);
[[nodiscard]] Validated<QString> databaseUser(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
