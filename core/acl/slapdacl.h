// The permissions model (acl.h) compiled into slapd access rules for the main database: what
// `ispman acl generate` prints and the directory bootstrap installs. The rules give each role
// the reach acl.h describes when it binds to LDAP directly:
//   - administrators by level (membership of the level groups of acl.h, which core/ops/adminops
//     keeps in step with ispmanSysadminLevel), restricted to their allowed
//     networks at bind time when they have any (peername rules, one per such administrator);
//   - resellers, clients and domain owners read their own domains, the domains' subtrees and
//     their DNS zones, nothing of other tenants; mail users read their own entry; every identity
//     may change its own password; customers write nothing else directly (their changes go
//     through the panel service, which writes for them after core checked allows());
//   - agents read what hosts need and write processes and status; services read only their
//     attributes.
#pragma once

#include "core/ldap/ldapdn.h"

#include <QStringList>

namespace Isp::Core::Acl {

struct AdminNetworks
{
    LdapDn admin;
    QStringList networks; // CIDR ("10.0.0.0/8", "2001:db8::/32") or single addresses
};

// olcAccess values in order (without "{n}" prefixes). `networks`: administrators that may bind
// only from these networks.
QStringList slapdAccessRules(const LdapDn &base, const QList<AdminNetworks> &networks = {});

// An LDIF change record replacing olcAccess of `databaseDn` (e.g. olcDatabase={2}mdb,cn=config).
QString slapdAccessLdif(const QString &databaseDn, const QStringList &rules);

// "10.0.0.0/8" -> "peername.ip=10.0.0.0%255.0.0.0"; IPv6 -> peername.ipv6=...; empty on a
// value that is not a network.
QString peernameClause(const QString &network);

} // namespace Isp::Core::Acl
