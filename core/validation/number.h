// Numbers typed by users: quotas, limits, ports. Only plain decimal digits are accepted: no '+',
// no "0x", no leading zeros, no spaces around, no digits from other scripts; a '-' only for
// "-1" where a field allows "unlimited". Parsing cannot overflow. Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

enum class Unlimited {
    Rejected,
    Allowed, // "-1" means unlimited (ISPMan 1.x: ispmanMaxAccounts, quotas)
};

inline constexpr qint64 UnlimitedValue = -1;
// ISPMan 1.x stores mail quotas in KB (MB x 1024); this keeps that below 2^31 for the consumers
// that read it as a signed 32-bit integer. About 2 TiB.
inline constexpr qint64 MaxQuotaMegabytes = 2097151;
inline constexpr qint64 MaxLimit = 2147483647;

// A whole number from `min` to `max`.
[[nodiscard]] Validated<qint64> integer(const QString &field, const QString &value, qint64 min, qint64 max);
// Megabytes, 0 to MaxQuotaMegabytes, or -1 when `unlimited` allows it.
[[nodiscard]] Validated<qint64> quotaMegabytes(const QString &field, const QString &value, Unlimited unlimited);
// A count limit (accounts, vhosts, databases), 0 to MaxLimit, or -1 when `unlimited` allows it.
[[nodiscard]] Validated<qint64> limit(const QString &field, const QString &value, Unlimited unlimited);
// A TCP/UDP port, 1 to 65535.
[[nodiscard]] Validated<int> port(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
