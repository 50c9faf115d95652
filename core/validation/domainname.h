// Domain and host names as users type them, checked and normalised to what ISPMan stores: lower
// case ASCII with internationalized labels as A-labels ("Bücher.Example" -> "xn--bcher-kva.example").
// IDNA2008 via libidn2 with UTS #46 non-transitional processing ("faß.de" keeps its ß); the
// rules are listed in docs/validation.md. Pure functions, thread-safe.
//
// Raw bytes from outside (argv, HTTP bodies) should be decoded with Validate::utf8() first; input
// that was decoded leniently is caught by its U+FFFD replacement characters.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

// A hosted domain (DNS zone / mail domain / ispmanDomain): at least two labels, LDH labels of
// 1-63 characters, no leading or trailing hyphen, at most 253 characters, last label not all
// digits. One trailing dot is accepted and removed.
[[nodiscard]] Validated<QString> domainName(const QString &field, const QString &value);

// A host name (web, mail, DNS server; ispmanHostName): as domainName() but a single label
// ("mail1") is allowed.
[[nodiscard]] Validated<QString> hostName(const QString &field, const QString &value);

// The Unicode form of a stored (A-label) name, for display only; the name itself when it cannot
// be converted.
[[nodiscard]] QString domainNameForDisplay(const QString &asciiName);

} // namespace Isp::Core::Validate
