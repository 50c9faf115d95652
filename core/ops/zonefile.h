// Zone files: a DnsZone written as, and read from, a BIND master file (RFC 1035 5.1, with BIND's
// $TTL and TTL units), for `ispman dns export` / `ispman dns import` and for moving zones in and
// out of other DNS servers. Pure functions over text, thread-safe.
#pragma once

#include "core/model/dnsrecord.h"
#include "core/ops/operror.h"

namespace Isp::Core {

// $ORIGIN <zone>. and $TTL <zone TTL>, the SOA first, then every record in zone-file order
// (sortDnsRecords), one per line: owner names relative to the origin ("@" for the apex), a TTL
// only where a name has its own, class IN, targets absolute. TXT strings are quoted with \" and
// \\ escaped and every byte outside printable ASCII written as \DDD, as BIND prints them; a TXT
// record of several strings (long text is stored as 255-byte strings) spans lines in parentheses.
[[nodiscard]] QString exportZone(const DnsZone &zone);

// Reads a master file for `zone`: comments, parentheses over several lines, $ORIGIN and $TTL
// (with units: 1h, 3H30M, 1W), owner names absolute or relative to the current origin, "@",
// omitted owner (the previous one), TTL and class IN optional and in either order, the record types
// ISPMan manages and the SOA. Every record is checked with the validators (DnsOps::checkRecord)
// and the zone as a whole too: exactly one SOA, at the apex; the apex has an NS record; no
// duplicate records; a CNAME stands alone; all records of a name have one TTL (ISPMan keeps one per
// name). $INCLUDE, $GENERATE, other classes and other record types are refused. An error (field
// "file") names the line and the rule: "file: line 12: ...".
//
// The result's TTL is the apex's; records carry a TTL only where their name's differs from it.
[[nodiscard]] OpResult<DnsZone> parseZone(const QString &zone, const QString &text);

} // namespace Isp::Core
