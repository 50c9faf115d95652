// The permissions model of ISPMan, defined once: who the roles are, what each may do, and on
// what. Core operations ask allows() before they write (core/ops/permissions.h); `ispman acl
// generate` compiles the same table into slapd olcAccess rules (slapdacl.h), so that an identity
// bound to LDAP directly is held to the same scope. docs/permissions.md explains both.
//
// Roles, by the DN an identity binds as (below the base DN B):
//   admin         uid=<name>,ou=admins,B          level 1-100 (ispmanSysadminLevel); optional
//                                                 allowed networks (ispmanSysadminAllowedNetwork)
//   reseller      ispmanResellerId=<r>,ou=ispman,B             its clients and their domains
//   client        ispmanClientId=<c>,ispmanResellerId=<r>,...  its domains
//   domain owner  ispmanDomain=<d>,B              its domain (the panel's login)
//   mail user     uid=<u>,ou=users,ispmanDomain=<d>,B         its own entry
//   agent         ispmanHostName=<h>,ou=hosts,B   reads what hosts need; its host's processes
//   service       cn=<s>,ou=services,B            postfix, dovecot, pureftpd, powerdns, apache:
//                                                 read only, only the attributes they look up;
//                                                 panel: writes for the domain owner it serves
//   root          the rootdn or root over ldapi   not an ISPMan role: core defers to slapd
#pragma once

#include "core/ldap/ldapdn.h"
#include "core/model/dit.h"

#include <QStringList>

namespace Isp::Core::Acl {

enum class Role { Anonymous, Root, Admin, Reseller, Client, DomainOwner, MailUser, Agent, Service };

// What an operation needs.
enum class Right {
    Read,          // see the object
    DomainContent, // users, aliases, forwards, mail groups, websites, web users, databases and DNS
                   // records of a domain; its panel password
    DomainCreate,  // add or delete a domain (within the tenant's limits)
    DomainManage,  // a domain's limits, type, owner, default hosts, lock and suspension
    Tenants,       // resellers and clients
    Hosts,         // hosts and host groups
    Processes,     // retry or delete queued work
    Admins,        // administrators and the ACL itself
    Configuration, // ou=conf
};

// Lowest administrator level that holds each right (ISPMan 1.x used 100, 70 and 30).
int adminLevelFor(Right right);
inline constexpr int MaxAdminLevel = 100;

// slapd learns an administrator's level from group membership, not from ispmanSysadminLevel:
// a set= over the level is evaluated (an internal read of the administrator's entry) for every
// attribute of every entry, while group results are cached per operation (about 75x faster for
// an administrator's search). One groupOfNames per threshold level, cn=level-<n>,ou=admins,B;
// an administrator of level L is a member of every group with n <= L. Each group also lists
// itself as a member, a placeholder that keeps it valid (groupOfNames needs a member) when no
// administrator holds the level; nobody can bind as a group (it has no password).
// The thresholds adminLevelFor() uses above 1 (level 1, any administrator, needs no group),
// ascending.
QList<int> adminGroupLevels();
LdapDn adminGroup(const Dit &dit, int level);
// The groups an administrator of `level` belongs to (all when level >= 100, none below 30).
QList<int> adminGroupsOf(int level);

struct Subject
{
    Role role = Role::Anonymous;
    LdapDn dn;
    int adminLevel = 0;     // Admin
    qint64 resellerId = -1; // Reseller, Client
    qint64 clientId = -1;   // Client
    QString domain;         // DomainOwner, MailUser
    QString name;           // Admin uid, MailUser uid, Agent host, Service name

    // The role and scope a DN has by its shape (adminLevel is read from the entry by the
    // caller). Identities outside the ISP's tree ("cn=peercred" root, a rootdn elsewhere) are
    // Root; an empty DN, and a DN inside the tree that fits no role, are Anonymous (a rootdn
    // inside the tree is recognised by core/ops/permissions.cpp: it has no entry).
    static Subject fromDn(const LdapDn &dn, const Dit &dit);
    [[nodiscard]] QString describe() const;
};

// What the object of an operation belongs to.
struct Scope
{
    QString domain;         // empty: not domain-bound
    qint64 resellerId = -1; // the domain's (or tenant's) reseller
    qint64 clientId = -1;   // the domain's client
    LdapDn object;          // the object itself, when self-service matters
    QString host;           // for processes: the host they are for
};

bool allows(const Subject &subject, Right right, const Scope &scope);
// "not allowed: <subject> may not <what>": why allows() said no, for error messages.
QString refusal(const Subject &subject, Right right, const QString &what);

// Service accounts and the attributes each may read (besides entry and objectClass). The panel
// is a service too, but it writes (for the domain owner it serves).
struct ServiceAccount
{
    QString name;
    QString purpose;
    QStringList attributes;
    bool domainData = true; // reads below the domains (users, groups, websites)
    bool dnsData = false;   // reads ou=DNS
};
const QList<ServiceAccount> &serviceAccounts();
inline constexpr QStringView PanelService = u"panel";

} // namespace Isp::Core::Acl
