// The DNS records a website implies in its domain's zone (docs/directory.md, "DNS records implied
// by websites"): an A/AAAA record at its host name, a CNAME per local alias. Each such record is
// claimed on its dNSZone entry by an ispmanDnsOwner value "<TYPE> <value> <owner entryUUID>", so
// removing the vhost or alias removes exactly the records it created and that nothing else
// claims, never what an admin typed. Writes happen inside the caller's Transaction; finish()
// then gives the zone a new serial and queues modifyDomain (DnsOps), so the website and its
// records are written, or undone, together.
//
// Blocking: run on a worker thread or in the CLI.
#pragma once

#include "core/model/dnsrecord.h"
#include "core/ops/operror.h"
#include "core/ops/transaction.h"

#include <QStringList>

#include <optional>

namespace Isp::Core::VhostDns {

struct ImpliedRecord
{
    QString name; // owner name relative to the zone ("www")
    DnsRecordType type = DnsRecordType::A;
    QString value; // as DnsOps stores it ("192.0.2.30", "www.example.com.")
};

// Whether `zone` exists (the domain is primary and its zone was created).
OpResult<bool> zoneExists(DirectorySession &session, const QString &zone);

// Refuses, before anything is written, records whose names hold conflicting records that
// `ownerUuid` (empty: a vhost not written yet) does not own. field names the input in errors.
OpResult<Done> check(DirectorySession &session, const QString &field, const QString &zone,
                     const QList<ImpliedRecord> &records, const QString &ownerUuid);

// Writes the records (those not already there) and their claims for `ownerUuid`. Returns
// whether the zone's records changed (and so needs a new serial).
OpResult<bool> claim(Transaction &tx, const QString &field, const QString &zone, const QList<ImpliedRecord> &records,
                     const QString &ownerUuid);

// Drops the claims of `ownerUuid` (at `names` only, when given) and every record no claim
// holds any more; an entry left without records goes. Returns whether records changed.
OpResult<bool> release(Transaction &tx, const QString &zone, const QString &ownerUuid,
                       const std::optional<QStringList> &names = std::nullopt);

// A new serial and one modifyDomain per DNS host (the domain's dnsHost, else dnsgroup).
OpResult<Done> finish(Transaction &tx, const QString &zone, const QStringList &dnsHosts);

} // namespace Isp::Core::VhostDns
