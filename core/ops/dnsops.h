// Operations on the DNS zones under ou=DNS (docs/directory.md, "DNS"): what `ispman dns ...`, the
// console's zone editor and the domain operations do. A zone is one dNSZone entry per owner name;
// the zone entry itself is the apex and holds the SOA.
//
// Every change of records validates all its input first (owner name, type, value, TTL: errors
// name the field and the rule), keeps the zone consistent (a CNAME stands alone and not at the
// apex, no duplicate records, the apex keeps an NS record, one TTL per name), and writes in one
// Transaction: the records, then a new SOA serial (a modify asserting the old SOA, so two changes
// can never publish the same serial), then one `modifyDomain` process per DNS host. A child entry
// is removed with its last record. A change that meets a concurrent change of the same name is
// planned again from the new state (a few times), never applied over it.
//
// Blocking: run on a worker thread or in the CLI, never on a GUI or HTTP event loop.
#pragma once

#include "core/model/dnsrecord.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"
#include "core/ops/transaction.h"
#include "core/validation/validationerror.h"

#include <QDateTime>
#include <QStringList>

namespace Isp::Core::DnsOps {

// dnsSerialFormat: "date" = YYYYMMDDnn (nn counts the changes of a day, from 01; a day with more
// than 99 changes borrows from the next date, the serial only ever grows), "timestamp" = seconds
// since 1970 (one more than the last serial when changes come faster).
enum class SerialFormat { Date, Timestamp };

// What a new zone gets. zoneDefaults() fills it from ou=conf (module dns_vars, `%%domain%%`
// replaced by the zone); missing variables take the ISPMan 1.x defaults (ns1./ns2.%%domain%%,
// mx1./mx2.%%domain%%, dnsmaster.%%domain%%, date). An empty secondary or MX value means no such
// record; in ou=conf it is written "none" (the directory refuses empty values).
struct ZoneDefaults
{
    QString primaryDns; // primaryDNS: the SOA's primary name server and the first NS record
    QString secondaryDns; // secondaryDNS: the second NS record
    QString primaryMx; // primaryMX: MX with preference 10
    QString secondaryMx; // secondaryMX: MX with preference 20
    QString masterEmail; // dnsMasterEmail: SOA mailbox, "hostmaster.example.net" or "hostmaster@example.net"
    SerialFormat serialFormat = SerialFormat::Date;
    int ttl = 3600; // the zone's TTL (the apex entry's dNSTTL)
    int refresh = 10800; // 3H
    int retry = 1800; // 30M
    int expire = 604800; // 1W
    int minimum = 86400; // 1D
};

struct ZoneSummary
{
    QString name;
    DnsSoa soa;
    int ttl = 0;
};

// What a change did: the records as stored, and the zone's serial afterwards. `changed` is false
// when nothing had to change (no new serial, no work queued); it is true also for changes that add
// or remove no record (a name's TTL, the SOA fields).
struct ZoneChange
{
    QList<DnsRecord> added;
    QList<DnsRecord> removed;
    quint32 serial = 0;
    bool changed = false;
};

enum class ImportMode {
    Merge, // add the file's records to the zone's; the zone's SOA fields and TTL stay
    Replace, // the zone becomes the file: its records, SOA fields (not the serial) and TTL
};

// --- For the domain operations ------------------------------------------------------------------

OpResult<ZoneDefaults> zoneDefaults(DirectorySession &session, const QString &zone);
// The apex entry: SOA (first serial of the format), NS and MX records. Conflict if the zone exists.
OpResult<Done> createZone(Transaction &tx, const QString &zone, const ZoneDefaults &defaults);
// The apex and every name below it. A zone that does not exist is not an error, so that a domain
// whose zone was removed by hand can still be deleted.
OpResult<Done> deleteZone(Transaction &tx, const QString &zone);
// One `modifyDomain` process (params zone=<zone>, priority 50) per host: `dnsHosts` (the domain's
// dnsHost values), else every member of dnsgroup. The target is the zone entry (DN and entryUUID;
// the DN alone when the zone was just deleted).
OpResult<Done> queueZoneUpdate(Transaction &tx, const QString &zone, const QStringList &dnsHosts);

// --- Zones and records ---------------------------------------------------------------------------

OpResult<QList<ZoneSummary>> listZones(DirectorySession &session);
OpResult<DnsZone> showZone(DirectorySession &session, const QString &zone);
// The zone as showZone() gives it, from entries already at hand (the customer panel's cache):
// `apex` is the zone entry, `names` the dNSZone entries below it (others are ignored). Pure: no
// permission check, no directory access. Conflict when the SOA cannot be read.
[[nodiscard]] OpResult<DnsZone> zoneFromEntries(
    const QString &zone, const LdapEntry &apex, const QList<LdapEntry> &names);
// `record.ttl` applies to a new name; a name that exists keeps its TTL (another one is refused).
OpResult<ZoneChange> addRecord(DirectorySession &session, const QString &zone, const DnsRecord &record);
// Removes the record with exactly this value (after normalisation: "10 MX1" matches "10 mx1.<zone>.").
OpResult<ZoneChange> removeRecord(DirectorySession &session, const QString &zone, const DnsRecord &record);
// The record `from` becomes `to` in one change (one serial, one process): its value, type or
// owner name may differ. `to.ttl` is taken as addRecord() takes it, except that a name whose only
// record this is may change its TTL. NotFound when the zone has no record `from`.
OpResult<ZoneChange> replaceRecord(
    DirectorySession &session, const QString &zone, const DnsRecord &from, const DnsRecord &to);
// The records of `type` at `name` become `values` (none: all removed).
OpResult<ZoneChange> replaceRecords(
    DirectorySession &session, const QString &zone, const QString &name, DnsRecordType type, const QStringList &values);
// A BIND master file (see parseZone()): all of it is checked, against the zone too, before
// anything is written; then it is written in one Transaction.
OpResult<ZoneChange> importZone(DirectorySession &session, const QString &zone, const QString &text, ImportMode mode);

// --- Building blocks ------------------------------------------------------------------------------

// A record value as ISPMan stores it: checked and normalised by Validate::dnsRecordValue(), names
// made absolute ("10 mail" -> "10 mail.example.com.", "@" -> "example.com."). `zone` must be
// normalised (Validate::domainName()).
[[nodiscard]] Validated<QString> recordValue(
    const QString &field, DnsRecordType type, const QString &value, const QString &zone);
// The record with its owner name (field "name"), value ("value") and TTL ("ttl") checked and
// normalised for `zone` (normalised).
[[nodiscard]] Validated<DnsRecord> checkRecord(const QString &zone, const DnsRecord &record);
// The serial that follows `current` at `now` (UTC).
[[nodiscard]] quint32 nextSerial(quint32 current, SerialFormat format, const QDateTime &now);
// Gives the zone a new serial within `tx` (retried when another change got there first).
OpResult<quint32> bumpSerial(Transaction &tx, const QString &zone);

} // namespace Isp::Core::DnsOps
