// Host and HostGroup: the machines ISPMan manages (ou=hosts) and the role groups that spread
// work over them (ou=hostgroups: dnsgroup, smtpgroup, httpgroup, ...). Plain values with their
// mapping to and from directory entries.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"

#include <QDateTime>
#include <QStringList>

namespace Isp::Core {

struct Host
{
    QString name;        // ispmanHostName: what its agent answers to
    QString ip;          // ispmanHostIp: used for the A records of websites it serves
    QStringList aliases; // ispmanHostAlias: other names its agent also answers to
    QString info;        // ispmanHostInfo
    QStringList groups;  // host groups it is a member of (from ou=hostgroups, not stored here)
    // Reported by its agent (read-only here).
    QDateTime agentHeartbeat;
    QString agentVersion;
    QString agentState;
    int agentQueueDepth = 0;
    int agentFailures = 0;
    QString agentLastError;

    static Host fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

struct HostGroup
{
    QString name;        // ispmanHostGroupName
    QString info;        // ispmanHostGroupInfo
    QStringList members; // ispmanHostGroupMember: host names

    static HostGroup fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

// GeneralizedTime ("20261125033832.602Z") <-> QDateTime (UTC).
QDateTime fromGeneralizedTime(const QString &text);
QString toGeneralizedTime(const QDateTime &time);

} // namespace Isp::Core
