// IP addresses in their textual forms, parsed with inet_pton(3) after a character check (so an
// embedded NUL cannot cut the text short) and returned in canonical form: IPv4 dotted quad
// without leading zeros ("010.1.1.1" is refused: some parsers read it as octal), IPv6 as
// inet_ntop(3) prints it (RFC 5952: lower case, longest zero run compressed). No zone ids
// ("fe80::1%eth0"), no brackets, no prefix lengths. Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

[[nodiscard]] Validated<QString> ipv4Address(const QString &field, const QString &value);
[[nodiscard]] Validated<QString> ipv6Address(const QString &field, const QString &value);
// Either family: IPv6 when the text contains ':'.
[[nodiscard]] Validated<QString> ipAddress(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
