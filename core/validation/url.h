// URLs and URL paths that end up in a web server's configuration (a vhost's redirects, its
// password-protected locations, redirect targets in its extra configuration). Only a small,
// unambiguous subset is accepted, so that the value is one token in Apache's syntax and means
// the same to every parser: no white space, quotes, backslashes, control or non-ASCII
// characters (percent-encode them), no "." or ".." path segments, percent escapes well formed.
// Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxUrlLength = 2000;

// A path on a website: starts with '/', then RFC 3986 path characters (unreserved, sub-delims
// except "'", ':' '@' and %XX escapes); no query or fragment; no empty ("//"), "." or ".."
// segments; at most 255 characters. "/" itself is allowed. One trailing '/' is kept.
[[nodiscard]] Validated<QString> urlPath(const QString &field, const QString &value);

// An absolute http:// or https:// URL: scheme (returned in lower case), a host name (as
// hostName(): IDN converted to A-labels) or an IPv4 address or a bracketed IPv6 address, an
// optional port 1-65535, then an optional path (as urlPath(), but "." segments are not
// checked), query and fragment of RFC 3986 characters. No user information ("user@host").
// `allowBackReferences`: "$1".."$9" may appear in path and query (RedirectMatch targets).
[[nodiscard]] Validated<QString> httpUrl(const QString &field, const QString &value, bool allowBackReferences = false);

} // namespace Isp::Core::Validate
