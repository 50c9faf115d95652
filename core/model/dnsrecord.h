// The DNS data of the zones under ou=DNS (docs/directory.md, "DNS"): DnsRecord, one resource
// record; DnsSoa, the SOA of a zone; DnsZone, a zone with all its records. Plain values with their
// mapping to and from dNSZone entries (one entry per owner name; the zone entry is the apex).
//
// Values are text in zone-file syntax, as Validate::dnsRecordValue() returns them, with names made
// absolute: "192.0.2.1", "10 mx1.example.com.", "0 5 5060 sip.example.com.", "www.example.com.",
// "0 issue \"letsencrypt.org\"". TXT values are one or more quoted character-strings
// ("\"v=spf1 -all\"", "\"part 1\" \"part 2\"") with only \" and \\ escaped; in the directory the
// bytes outside printable ASCII are written as \DDD, because tXTRecord has IA5 (ASCII) syntax.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"
#include "core/validation/dnsrecordtype.h" // the enum only: no link to ispman-core-validation

#include <QList>
#include <QString>

#include <optional>

namespace Isp::Core {

struct DnsRecord
{
    QString name; // owner, relative to the zone: "www", "*.shop", "_sip._tcp", "@" for the apex
    DnsRecordType type = DnsRecordType::A;
    QString value;
    std::optional<int> ttl; // the TTL of the name when it differs from the zone's; nullopt: the zone's

    friend bool operator==(const DnsRecord &, const DnsRecord &) = default;
};

struct DnsSoa
{
    QString primary; // MNAME, absolute: "ns1.example.net."
    QString mailbox; // RNAME, absolute: "hostmaster.example.net."
    quint32 serial = 0;
    int refresh = 10800; // 3H
    int retry = 1800; // 30M
    int expire = 604800; // 1W
    int minimum = 86400; // 1D: negative caching (RFC 2308)

    // "ns1.example.net. hostmaster.example.net. 2024010101 10800 1800 604800 86400"
    [[nodiscard]] QString toString() const;
    // Parses the stored sOARecord value; nullopt when it is not an SOA.
    static std::optional<DnsSoa> fromString(const QString &text);

    friend bool operator==(const DnsSoa &, const DnsSoa &) = default;
};

struct DnsZone
{
    QString name; // "example.com"
    DnsSoa soa;
    int ttl = 3600; // the zone's TTL ($TTL): the apex entry's dNSTTL, else the SOA minimum
    QList<DnsRecord> records; // every record except the SOA, in zone-file order (sortDnsRecords)

    friend bool operator==(const DnsZone &, const DnsZone &) = default;
};

// The dnszone attribute that holds records of `type`: "aRecord", "mXRecord", ...
[[nodiscard]] QString dnsRecordAttribute(DnsRecordType type);
// Every managed type, in the order zone files list them: NS, MX, A, AAAA, CNAME, PTR, TXT, SRV, CAA.
[[nodiscard]] const QList<DnsRecordType> &dnsRecordTypes();

// Zone-file order: the apex first, then names in DNS canonical order (RFC 4034 6.1: compared label
// by label from the right), types as dnsRecordTypes(), values with numbers compared as numbers.
void sortDnsRecords(QList<DnsRecord> &records);

// TXT character-strings (each at most 255 bytes on the wire) and their quoted text. Parsing
// accepts zone-file syntax: quoted or bare strings, \X and \DDD escapes; nullopt when the text is
// not well formed (an unclosed quote, a bad escape). Printing quotes every string and escapes
// " and \, plus control bytes and (with `asciiOnly`) every byte outside printable ASCII as \DDD.
[[nodiscard]] std::optional<QList<QByteArray>> parseDnsCharacterStrings(QStringView text);
[[nodiscard]] QString printDnsCharacterStrings(const QList<QByteArray> &strings, bool asciiOnly);

// A duration in BIND's syntax: seconds ("3600") or numbers with units w, d, h, m, s in any case
// ("1W", "3h30m"), as TTLs and SOA timers are written in zone files and in ISPMan 1.x SOA values.
// nullopt when it is not one, or above 2^32 - 1.
[[nodiscard]] std::optional<qint64> parseDnsDuration(QStringView text);

// Directory form of a value, and back (only TXT differs: \DDD for non-ASCII bytes).
[[nodiscard]] QByteArray dnsValueToStorage(DnsRecordType type, const QString &value);
[[nodiscard]] QString dnsValueFromStorage(DnsRecordType type, const QByteArray &stored);

// The records held by one dNSZone entry, values in their form as stored (dnsValueFromStorage),
// owner `name`, TTL `ttl` (the caller decides whether the entry's dNSTTL differs from the zone's).
[[nodiscard]] QList<DnsRecord> dnsRecordsFromEntry(const LdapEntry &entry, const QString &name, std::optional<int> ttl);
// A new entry for the owner name `name` (not the apex) of `zone` holding `records`.
[[nodiscard]] LdapEntry dnsNameEntry(
    const Dit &dit, const QString &zone, const QString &name, const QList<DnsRecord> &records, std::optional<int> ttl);

} // namespace Isp::Core
