// Operations on console administrators (uid=<name>,ou=admins): what `ispman admin ...` and the
// console's administrator screen do. Levels as in ISPMan 1.x: level 100 may create, change and
// delete administrators and change the configuration; lower levels manage the ISP's data.
//
// Levels are enforced here, for callers bound as an administrator, and by slapd for anyone
// writing to LDAP directly: the access rules (core/acl/slapdacl.h) grant each level's rights to
// the members of the level groups (cn=level-<n>,ou=admins; core/acl/acl.h). Adding an
// administrator, changing its level and deleting it update those memberships in the same
// Transaction as the administrator's entry, so a failure leaves neither half written.
// Identities that are not administrators (the rootdn, root over ldapi) are checked by the ACLs
// alone. Each operation asks the server who the session is (WhoAmI), so the check follows the
// bound identity, not a claim of the caller.
//
// Networks take effect in slapd when the access rules are regenerated (`ispman acl apply`).
// The last level-100 administrator cannot be deleted or demoted, also not by two concurrent
// requests that each remove a different one: the change is followed by a conditional write to
// ou=admins (assertion on its entryCSN); the loser undoes its change and checks again.
#pragma once

#include "core/model/tenant.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"
#include "core/ops/transaction.h"

#include <optional>

namespace Isp::Core::AdminOps {

inline constexpr int FullLevel = 100;

struct AdminSpec
{
    QString uid;
    QString cn; // optional
    QString mail; // optional
    QString level; // 1-100, required
    QString password; // optional: without one, the administrator cannot log in yet
    QStringList networks; // optional: may bind only from these networks (CIDR)
};

struct AdminChange
{
    std::optional<QString> level;
    std::optional<QString> mail; // empty removes it
    std::optional<QString> cn; // empty removes it
    std::optional<QStringList> networks; // empty list: from anywhere
};

// The administrator the session is bound as; nullopt when bound as anyone else.
OpResult<std::optional<Admin>> caller(DirectorySession &session);
// Refuses (NotAllowed) when the session is an administrator below `level`; `what` completes
// "<what> needs administrator level N".
OpResult<Done> requireLevel(DirectorySession &session, int level, const QString &what);

OpResult<Admin> add(DirectorySession &session, const AdminSpec &spec);
OpResult<QList<Admin>> list(DirectorySession &session);
OpResult<Admin> show(DirectorySession &session, const QString &uid);
OpResult<Admin> edit(DirectorySession &session, const QString &uid, const AdminChange &change);
// Refused for oneself and for the last level-100 administrator.
OpResult<Done> remove(DirectorySession &session, const QString &uid);
// Self-service needs `oldPassword`, which the server checks; another administrator's password
// may be set by a level-100 administrator without it.
OpResult<Done> setPassword(DirectorySession &session, const QString &uid, const QString &newPassword,
    const std::optional<QString> &oldPassword = std::nullopt);

// Makes `admin` a member of exactly the level groups `level` holds (nullopt: of none, for an
// administrator being deleted), as writes of `tx`. Creates a missing group (a directory
// bootstrapped before the groups existed). Root or a level-100 administrator only (slapd).
OpResult<Done> setGroupMemberships(Transaction &tx, const LdapDn &admin, std::optional<int> level);

struct GroupRepair
{
    QStringList createdGroups; // DNs
    int membershipsChanged = 0;
};
// Creates the missing level groups and brings every administrator's memberships in line with
// its ispmanSysadminLevel, dropping members that are not administrators (the placeholder aside):
// for directories made before the groups existed and after changes that bypassed ISPMan.
// `ispman acl apply` runs it before it installs the rules that rely on the groups.
OpResult<GroupRepair> repairGroups(DirectorySession &session);

} // namespace Isp::Core::AdminOps
