// `ispman acl generate|apply`: the permissions model (core/acl) as slapd access rules, with the
// administrators' allowed networks read from the directory, and their installation into
// cn=config (needs an identity that manages cn=config: root over ldapi).
#pragma once

#include "core/acl/slapdacl.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core::AclOps {

// The rules for the session's directory (reads the administrators' networks).
OpResult<QStringList> generate(DirectorySession &session);
// The DN of the cn=config database entry that serves `base` (olcSuffix).
OpResult<QString> databaseFor(DirectorySession &configSession, const LdapDn &base);
// Replaces olcAccess of that database with `rules`; returns the database's DN.
OpResult<QString> apply(DirectorySession &configSession, const LdapDn &base, const QStringList &rules);

} // namespace Isp::Core::AclOps
