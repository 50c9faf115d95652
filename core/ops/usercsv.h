// Users from CSV (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes
// doubled, line breaks; CRLF or LF), the format admins export from spreadsheets and other
// panels: `ispman user import` and the console's bulk import turn a file into UserSpecs for
// UserOps::addMany. The first line names the columns, in any order and case:
//   address      john@example.com (required)
//   given-name, surname
//   password     cleartext (slapd hashes it); empty: none yet
//   mailbox      yes | no (no: forward-only)              default yes
//   mail-host, mail-quota (MB), ftp-quota (MB), ftp (enabled | disabled)
//   forwards     addresses separated by spaces or ';'
// Unknown columns, a missing address column, a row with more fields than the header, and input
// that is not UTF-8 are refused with the line number. Values are checked by addMany.
// Pure functions, usable from any thread.
#pragma once

#include "core/ops/operror.h"
#include "core/ops/userops.h"

#include <QByteArray>

namespace Isp::Core {

inline constexpr qsizetype MaxUserCsvBytes = qsizetype(64) * 1024 * 1024;
inline constexpr qsizetype MaxUserCsvRows = 200'000;

OpResult<QList<UserOps::UserSpec>> parseUserCsv(const QByteArray &csv);

} // namespace Isp::Core
