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
// A network in CIDR form ("192.0.2.0/24", "2001:db8::/32"), or one address (taken as /32 or
// /128). Host bits must be zero ("192.0.2.1/24" is refused: it is ambiguous). Canonical form:
// "<address>/<prefix>". Rules: "network" (syntax), "prefix" (length), "host-bits".
[[nodiscard]] Validated<QString> network(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
