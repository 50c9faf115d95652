// Queuing work for the hosts' agents: one process entry per target host under ou=processes,
// in ISPMan's form (ispmanProcesses: ispmanPid, ispmanProcess, ispmanParams, ispmanHostName,
// ispmanDomain, ispmanUser, ispmanStatus=new) plus the object it is about (DN and entryUUID)
// and its creation time. The agent reads the object's current state itself: a process names
// the object, it does not carry a copy of it. docs/processes.md lists every process.
#pragma once

#include "core/ops/operror.h"
#include "core/ops/transaction.h"

#include <QStringList>

namespace Isp::Core {

struct ProcessRequest
{
    QString name;           // e.g. "createMailbox"
    QString domain;         // the domain the object belongs to (empty for host-level work)
    LdapDn target;          // the object
    QByteArray targetUuid;  // its entryUUID, text form ("xxxxxxxx-xxxx-...")
    QList<std::pair<QString, QString>> params; // extra k=v, percent-encoded in ispmanParams
    int priority = 100;     // lower runs first within a domain (ISPMan 1.x job priorities)
};

// Where work for an object goes: the hosts named on the object (e.g. its mailHost) when there
// are any, else every member of the role's host group. An empty result is an error: the work
// would be queued for nobody.
OpResult<QStringList> targetHosts(DirectorySession &session, const QStringList &ownHosts, const QString &hostGroup);

// Writes one process entry per host within `tx`; returns their DNs.
OpResult<QList<LdapDn>> enqueueProcess(Transaction &tx, const ProcessRequest &request, const QStringList &hosts);
// The same for many requests at once (bulk operations): the entries are written pipelined.
OpResult<QList<LdapDn>> enqueueProcesses(Transaction &tx, const QList<std::pair<ProcessRequest, QStringList>> &work);

// "k=v&k=v" with percent-encoded keys and values, and its inverse.
QString encodeProcessParams(const QList<std::pair<QString, QString>> &params);
QList<std::pair<QString, QString>> decodeProcessParams(const QString &text);

} // namespace Isp::Core
