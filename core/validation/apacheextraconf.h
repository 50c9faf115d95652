// The extra Apache configuration of a website (ispmanVhostExtraConf), which agents copy into the
// vhost's <VirtualHost> block. It is never passed on raw: every line must be a directive of an
// allow-list, each with its own grammar for its arguments, so that a customer can set index
// files, error pages, MIME types, caching and security headers, redirects and a few PHP settings,
// but cannot open sections, include or load files, map URLs to other parts of the file system,
// read the server's environment through format strings, or break out of the line.
//
// Allowed (directive names in any case; the canonical spelling is stored):
//   DirectoryIndex file...              AddDefaultCharset On|Off|<charset>
//   ErrorDocument <4xx|5xx> /path|URL   AddType <type/subtype> <.ext>...
//   AddHandler <handler> <.ext>...      (handlers: cgi-script, type-map, send-as-is,
//                                        imap-file, server-parsed)
//   Header [always|onsuccess] set|append|merge|add <name> <value>, or unset <name>, for the
//          security and caching headers of an allow-list; values without '%' or '\'
//   ExpiresActive On|Off                ExpiresByType <type/subtype> <time>
//   ExpiresDefault <time>               (<time>: A<seconds>, M<seconds>, or
//                                        "access|now|modification [plus] <n> <unit>...")
//   Redirect [permanent|temp|seeother|3xx] /path <http(s) URL>, Redirect gone /path
//   RedirectPermanent|RedirectTemp /path <http(s) URL>
//   RedirectMatch [status] <regex> <http(s) URL with $1..$9>
//   php_value <name> <value>, php_flag <name> On|Off, php_admin_* refused; names from an
//          allow-list (limits, error display, time zone, session cookie flags, ...)
// Blank lines and "#" comments are kept. Refused with their own rule: sections ("<...>"),
// Include*, LoadModule/LoadFile, Alias/ScriptAlias/AliasMatch/ScriptAliasMatch, control
// characters (tabs and carriage returns too), non-ASCII, line continuations, any other directive.
// Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>
#include <QStringList>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxExtraConfigLines = 200;
inline constexpr qsizetype MaxExtraConfigLineLength = 1000;

// `text`: lines separated by "\n". Returns the lines, trimmed, with the directive names in their
// canonical spelling and trailing blank lines dropped. Errors: "<field>: line <n>: ..." with
// `rule` as listed in docs/validation.md (section, include, load-module, alias,
// control-character, ascii, continuation, directive, arguments, header, handler, php-setting,
// url, path, status, quote, length, lines).
[[nodiscard]] Validated<QStringList> apacheExtraConfig(const QString &field, const QString &text);

} // namespace Isp::Core::Validate
