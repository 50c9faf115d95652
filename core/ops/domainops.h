// Operations on hosted domains: `ispman domain ...`, the console's domain editor. Adding a
// domain writes its entry (a POSIX/FTP account unless it is a replica), its branches (users,
// websites, web users, mail groups, databases), its group, its DNS zone (primary), and queues
// the work for its hosts (directories, zone); deleting it removes everything below it and queues
// the clean-up. Each runs in one Transaction: a refusal half-way leaves nothing behind.
#pragma once

#include "core/model/domain.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <optional>

namespace Isp::Core::DomainOps {

// Text as typed (CLI, forms); validated and normalised by add()/edit().
struct DomainSpec
{
    QString name;
    QString type = QStringLiteral("primary"); // primary | slave | replica | nodns
    QString owner;
    QString customer;
    QString comment;
    QStringList services;     // empty: the catalogue's defaults
    QString replicaMaster;    // replica
    QStringList dnsMasters;   // slave
    QString mailDropHost;
    QStringList webHosts;
    QString fileServer;
    QString dbHost;
    QStringList dnsHosts;
    QStringList smtpHosts;
    QString maxAccounts;      // empty: conf defaultMaxAccounts; "-1": unlimited
    QString maxVhosts;        // empty: conf defaultMaxVhosts
    QString maxDatabases;     // empty: unlimited
    QString mailDelivery;     // empty: local
    QString clientId;         // empty: none (admin-owned)
    QString password;         // the domain owner's panel login; empty: none yet
};

struct DomainChange
{
    std::optional<QString> owner, customer, comment, mailDropHost, fileServer, dbHost, maxAccounts, maxVhosts,
        maxDatabases, mailDelivery;
    std::optional<QStringList> services, webHosts, dnsHosts, smtpHosts, dnsMasters;
};

struct DomainInfo
{
    Domain domain;
    int users = 0;
    int websites = 0;
    int databases = 0;
    QStringList replicas;
};

OpResult<DomainInfo> add(DirectorySession &session, const DomainSpec &spec);
OpResult<DomainInfo> show(DirectorySession &session, const QString &name);
// Sorted by name; `type` and `clientId` filter when not empty.
OpResult<QList<Domain>> list(DirectorySession &session, const QString &type = {}, const QString &clientId = {});
OpResult<DomainInfo> edit(DirectorySession &session, const QString &name, const DomainChange &change);
OpResult<DomainInfo> setSuspended(DirectorySession &session, const QString &name, bool suspended);
OpResult<DomainInfo> setLocked(DirectorySession &session, const QString &name, bool locked);
OpResult<Done> setPassword(DirectorySession &session, const QString &name, const QString &password);
// The signature appended to the domain's outgoing mail (ispmanDomainSignature): text on several
// lines (Validate::multilineText), at most MaxSignatureLength characters; empty removes it. A
// domain owner may change it (domain content right); refused while the domain is locked.
inline constexpr qsizetype MaxSignatureLength = 1024; // the attribute's bound in the schema
OpResult<Done> setSignature(DirectorySession &session, const QString &name, const QString &text);
OpResult<QString> signature(DirectorySession &session, const QString &name);
// Refused while replica domains point at it.
OpResult<Done> remove(DirectorySession &session, const QString &name);

} // namespace Isp::Core::DomainOps
