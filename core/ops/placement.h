// Placement: which host a new mailbox, website, home directory or database goes to. The host the
// admin names (it must exist), else the domain's default host for that role, else the member of
// the role's host group that holds the fewest such objects today (ties: the first member in
// group order), so that adding a host to a group spreads new objects onto it.
//
// Counting is one indexed search per group member (attribute "1.1", paged); it runs only when
// neither the admin nor the domain names a host.
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core {

enum class PlacementRole {
    Mailbox,  // ispmanDomainUser with mailHost=<h>, group mailstoregroup
    Home,     // ispmanDomainUser with fileHost=<h>, group fileservergroup
    Website,  // ispmanVirtualHost with webHost=<h>, group httpgroup
    Database, // ispmanDatabaseData with ispmanDBHost=<h>, group databasegroup
};

struct PlacementRoleInfo
{
    QString hostGroup;    // e.g. "mailstoregroup"
    QString objectClass;  // the objects counted
    QString hostAttribute; // the attribute naming their host
};
PlacementRoleInfo placementRoleInfo(PlacementRole role);

// `field` names the input in errors ("mail-host"). `named`: the host the admin typed (validated,
// must exist); `domainDefault`: the domain's default host for the role (may be empty).
OpResult<QString> placeObject(DirectorySession &session, PlacementRole role, const QString &field,
                              const QString &named, const QString &domainDefault);

// How many objects of the role each host of `hosts` holds (for the console's ops view and tests).
OpResult<QList<std::pair<QString, qint64>>> placementLoad(DirectorySession &session, PlacementRole role,
                                                          const QStringList &hosts);

} // namespace Isp::Core
