// Ispman1Import: moves the data of an ISPMan 1.x directory, given as an LDIF export of it (the
// 1.x DIT of docs/directory.md and the 1.x reference, below the export's own base DN), into this
// directory. Every object is created through the operation that creates it by hand (HostOps,
// TenantOps, DomainOps, UserOps, MailGroupOps, VhostOps, DatabaseOps, DnsOps, AdminOps), so every
// value is validated and the hosts' work is queued exactly as for objects made in the console.
//
// Safe to run again: an object that already exists (same host, group, reseller or client name,
// domain, address, administrator, record) is reported as skipped and left as it is. What the
// import cannot carry over is reported, entry by entry and attribute by attribute, with the reason
// (see docs/cli.md, "Migrating from ISPMan 1.x"); an object an operation refuses is reported as
// failed with the operation's error, and the import goes on with the others.
//
// Blocking, like every operation: the CLI, tests or a worker thread.
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace Isp::Core::Ispman1Import {

struct Options
{
    bool dryRun = false; // read and plan; write nothing
};

// One line of the report. `kind`: host, hostgroup, hostgroup-member, domain-service, reseller,
// client, domain, user, alias, mailgroup, webuser, vhost, vhost-alias, vhost-redirect,
// vhost-protection, database, dns-record, admin. `name`: the object ("john@example.com").
// For unmapped items: the 1.x entry (`dn`, `line` in the file) and, when only a part of it
// could not be carried over, the `attribute`.
struct Item
{
    QString kind;
    QString name;
    QString dn;
    qsizetype line = 0;
    QString attribute;
    QString reason;
};

struct Report
{
    bool dryRun = false;
    QString sourceBase;          // the 1.x base DN found in the file
    QMap<QString, int> created;  // per kind (dry run: what would be created)
    QList<Item> createdItems;    // each object created (or planned)
    QList<Item> skipped;         // already there
    QList<Item> unmapped;        // entries and attributes not carried over, with the reason
    QList<Item> failed;          // refused by an operation (reason: its error)

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] QString toText() const;
};

// Reads the LDIF (Ldif::parseRecords) and imports it. Fails as a whole only when the file is not
// LDIF or holds no ISPMan 1.x data (field "file"), or when the directory cannot be read.
OpResult<Report> run(DirectorySession &session, const QByteArray &ldif, const Options &options = {});

} // namespace Isp::Core::Ispman1Import
