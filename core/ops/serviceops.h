// Service accounts (cn=<name>,ou=services,...): the identities Postfix, Dovecot, pure-ftpd,
// PowerDNS and the customer panel bind as. Which names exist and what each may read is fixed by
// the permissions model (core/acl/acl.h, docs/permissions.md); this only creates the entries,
// sets their passwords (hashed by slapd) and removes them. Administrators of the highest level.
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core::ServiceOps {

struct ServiceAccountInfo
{
    QString name;
    QString purpose;
    LdapDn dn;
    bool exists = false;      // the entry is there (and so has a password)
    QStringList attributes;   // what it may read (empty for the panel: it acts for customers)
};

// Every account of the model, whether its entry exists or not.
OpResult<QList<ServiceAccountInfo>> list(DirectorySession &session);
// Creates the account with this password, or changes the password.
OpResult<ServiceAccountInfo> setPassword(DirectorySession &session, const QString &name, const QString &password);
OpResult<Done> remove(DirectorySession &session, const QString &name);

} // namespace Isp::Core::ServiceOps
