// Contact and login data of resellers, clients and administrators (inetOrgPerson attributes and
// the uid they log in with). Login names are identifiers that end up in DNs, filters and logs, so
// they get a small alphabet; country codes and telephone numbers follow the LDAP syntaxes of `c`
// (Country String, RFC 4517 3.3.4) and `telephoneNumber` (Printable String), which slapd would
// otherwise refuse with a less helpful message. Names, streets and cities are free text
// (Validate::freeText). Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxLoginNameLength = 64;
inline constexpr qsizetype MaxTelephoneNumberLength = 32;

// A login (uid) of a reseller, client or administrator: 1-64 characters of [a-z0-9._-], A-Z
// lower-cased, first character a letter or digit, no "..". "Rita.Reseller" -> "rita.reseller".
[[nodiscard]] Validated<QString> loginName(const QString &field, const QString &value);

// An ISO 3166-1 alpha-2 code: two ASCII letters, upper-cased ("ch" -> "CH"). Whether the code is
// assigned is not checked (user-assigned codes such as "XK" are in use).
[[nodiscard]] Validated<QString> countryCode(const QString &field, const QString &value);

// A telephone number as people write it: digits, spaces and + ( ) - . / only, at most 32
// characters, at least one digit, '+' only at the start ("+41 44 668 18 00"). Trimmed.
[[nodiscard]] Validated<QString> telephoneNumber(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
