// Permission checks of the core operations: every operation asks require() (or requireDomain())
// before it writes, with the right it needs (core/acl/acl.h), so a refused request writes
// nothing and says why ("not allowed: ...").
//
// The subject is the session's bound identity (asked from the server with WhoAmI once, its
// administrator level read from its entry), or the identity the session acts for: the panel
// binds as its service account and acts for the domain owner who logged in, the console may
// act for a domain owner to show the customer's view. Only the panel service, administrators
// and root may act for someone else.
#pragma once

#include "core/acl/acl.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core::Permissions {

// Who the session's requests are checked as.
OpResult<Acl::Subject> subject(DirectorySession &session);
// Checks from now on act for `dn` (a domain owner, a client, ...). Refused unless the bound
// identity is the panel service, an administrator or root.
OpResult<Acl::Subject> actAs(DirectorySession &session, const LdapDn &dn);

// NotAllowed unless the subject holds `right` on `scope`; `what` completes the message.
OpResult<Done> require(DirectorySession &session, Acl::Right right, const Acl::Scope &scope, const QString &what);
// The same for an object of domain `domain`: reads the domain's reseller and client only when
// the subject's role depends on them. A domain that does not exist is NotFound for subjects
// that may not see every domain, so existence does not leak.
// The domain name is normalised first (Validate::domainName: an invalid name is refused as
// field "domain").
OpResult<Done> requireDomain(DirectorySession &session, const QString &domain, Acl::Right right, const QString &what);
// The same for the domain of an address ("john@example.com"); returns that domain, normalised.
// An address without a valid domain is refused as `field`.
OpResult<QString> requireAddress(DirectorySession &session, const QString &field, const QString &address,
                                 Acl::Right right, const QString &what);
// The same for a DNS zone: a hosted domain's zone is that domain's; any other zone (reverse
// zones, zones of no domain) is administrators' business (scope without a domain).
OpResult<Done> requireZone(DirectorySession &session, const QString &zone, Acl::Right right, const QString &what);

// Which domains the subject may see, as a filter to AND into a search of domain entries:
// nullopt for every domain (administrators, agents, root); NotAllowed for subjects that may
// see none.
OpResult<std::optional<LdapFilter>> visibleDomains(DirectorySession &session);

} // namespace Isp::Core::Permissions
