// Process: one piece of work queued for one host's agent (ou=processes). See docs/processes.md.
#pragma once

#include "core/ldap/ldapentry.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

namespace Isp::Core {

struct Process
{
    qint64 pid = 0;
    QString name;    // ispmanProcess
    QString host;    // ispmanHostName
    QString domain;  // ispmanDomain
    QString user;    // ispmanUser: who asked
    QString status;  // new | running | error
    QString message; // ispmanMessage: why it failed
    QList<std::pair<QString, QString>> params;
    QString target;     // DN of the object
    QString targetUuid; // its entryUUID
    int priority = 100;
    int attempts = 0;
    QString owner; // the agent that claimed it
    QDateTime created, leaseUntil, nextRetry;

    static Process fromEntry(const LdapEntry &entry);

    // ispmanParams: "k=v&k=v" with percent-encoded keys and values, and its inverse.
    static QString encodeParams(const QList<std::pair<QString, QString>> &params);
    static QList<std::pair<QString, QString>> decodeParams(const QString &text);
};

} // namespace Isp::Core
