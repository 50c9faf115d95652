// EntityKind: what an entry is to the console (a domain, a mail user, a website ...), told
// from its object classes, with the name the console shows for it. One place for the mapping
// that the tree, the editor factory and the search results share.
#pragma once

#include "core/ldap/ldapentry.h"

#include <QCoreApplication>

namespace Isp::Console {

enum class EntityKind {
    Unknown,
    Domain,
    User,       // mail/FTP user
    MailGroup,
    Vhost,
    VhostPart,  // a website's alias, redirect or protected location (edited with its website)
    WebUser,
    Database,
    DnsName,    // one owner name of a zone with its records
    Host,
    HostGroup,
    Reseller,
    Client,
    Admin,
    ConfModule,
    ConfVar,
    Process,
    ServiceAccount, // cn=<service>,ou=services
    Container,  // an ou= or other branch entry
};

EntityKind kindOf(const Core::LdapEntry &entry);
// The name shown in the tree: "example.com", "ann@example.com", "www", "#42 createMailbox".
QString displayName(const Core::LdapEntry &entry, EntityKind kind);
// A short state for the tree's second column ("primary", "suspended", "quota 100 MB", "error").
QString displayState(const Core::LdapEntry &entry, EntityKind kind);
// The attributes kindOf(), displayName() and displayState() read: what the tree keeps of the
// entries of its large levels (domains, users, websites, DNS names ...).
const QStringList &treeAttributes();
// "Domain", "Mail user" ... (translated).
QString kindName(EntityKind kind);
// The domain an entry belongs to (from its DN), or empty.
QString domainOf(const Core::LdapDn &dn);

} // namespace Isp::Console
