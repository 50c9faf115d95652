// DNS record names and values as users type them into a zone editor, checked and normalised to
// the text ISPMan stores and writes into zone files: lower-case names with A-labels, numbers
// without leading zeros, TXT and CAA values quoted and escaped so that the stored text is safe to
// place in a zone file as is. `zone` is the zone the record belongs to, as returned by
// Validate::domainName(). Rules per type in docs/validation.md. Pure functions, thread-safe.
#pragma once

#include "core/validation/dnsrecordtype.h"
#include "core/validation/validationerror.h"

#include <QString>

#include <optional>

namespace Isp::Core::Validate {

// The owner name of a record, relative to `zone`: "www", "*.shop", "_sip._tcp", or "@" for the
// apex. A name ending in a dot must lie inside the zone and is made relative. "*" only as the
// first label and not for NS or SRV; underscores not in A, AAAA and MX names; SRV names start
// with _service._protocol; no CNAME at the apex.
[[nodiscard]] Validated<QString> dnsOwnerName(
    const QString &field, const QString &value, const QString &zone, DnsRecordType type);

// The target of a CNAME, NS, PTR, MX or SRV record: absolute ("mail.example.net.", kept with its
// dot), relative to `zone` ("mail"), or "@". Host-name rules (no underscores) except for CNAME,
// whose targets may be service names ("_dmarc.example.net.").
[[nodiscard]] Validated<QString> dnsTargetName(
    const QString &field, const QString &value, const QString &zone, DnsRecordType type);

// TTL in seconds, 0 to 2147483647 (RFC 2181 8); empty means "use the zone's default" (nullopt).
[[nodiscard]] Validated<std::optional<int>> dnsTtl(const QString &field, const QString &value);

// "<preference> <mail server>", preference 0-65535; "0 ." is a null MX (RFC 7505).
[[nodiscard]] Validated<QString> dnsMxValue(const QString &field, const QString &value, const QString &zone);

// "<priority> <weight> <port> <target>", numbers 0-65535; target "." means "no such service".
[[nodiscard]] Validated<QString> dnsSrvValue(const QString &field, const QString &value, const QString &zone);

// Free text, or one or more "quoted strings" (only \" and \\ escapes). Unquoted text is split into
// character-strings of at most 255 bytes (never inside a UTF-8 sequence); quoted strings must each
// be at most 255 bytes. At most 4000 bytes in all, no control characters. Returns the quoted form:
// "v=spf1 -all" or "part one" "part two".
[[nodiscard]] Validated<QString> dnsTxtValue(const QString &field, const QString &value);

// "<flags> <tag> <value>": flags 0-255, tag issue, issuewild or iodef (RFC 8659), value quoted or
// not. issue/issuewild: issuer domain and optional "; key=value" parameters, or ";" (no CA);
// iodef: a mailto: or http(s): URL. Returns e.g. 0 issue "letsencrypt.org".
[[nodiscard]] Validated<QString> dnsCaaValue(const QString &field, const QString &value);

// A record type name as users type it ("mx", "AAAA"): one of the types ISPMan manages. "SOA" is
// refused with its own reason: ISPMan keeps the SOA itself.
[[nodiscard]] Validated<DnsRecordType> dnsRecordType(const QString &field, const QString &value);

// The mailbox of a zone's administrator in its SOA record (RNAME, RFC 1035 3.3.13): the first
// label is the local part ("hostmaster.example.net"), with dots inside it escaped
// ("john\.doe.example.net"); "hostmaster@example.net" is accepted too. The local part follows the
// forwarding-address rules of emailAddress(), the rest domainName(). Returns the absolute
// zone-file form: "hostmaster.example.net.", "john\.doe.example.net.".
[[nodiscard]] Validated<QString> dnsSoaMailbox(const QString &field, const QString &value);

// The value of a record of `type`: A/AAAA addresses, CNAME/NS/PTR targets, MX, TXT, SRV, CAA.
[[nodiscard]] Validated<QString> dnsRecordValue(
    const QString &field, DnsRecordType type, const QString &value, const QString &zone);

} // namespace Isp::Core::Validate
