// Operations on mail groups (distribution lists): `ispman mailgroup ...`. A group is one entry,
// cn=<name>,ou=ispmanMailGroup,ispmanDomain=<d>, whose address <name>@<d> and aliases are unique
// across the directory like users' addresses (same race-free claim, see userops.h), and whose
// members are its mailForwardingAddress values. No processes: Postfix reads groups from LDAP.
// Groups are named by their address ("sales@example.com"). A locked domain refuses every change to
// its groups.
#pragma once

#include "core/model/mailuser.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

namespace Isp::Core::MailGroupOps {

struct MailGroupSpec
{
    QString domain;
    QString name;          // local part
    QStringList members;   // addresses (any domain)
    QStringList aliases;   // like user aliases: the domain or its replicas ("@d": catch-all)
};

OpResult<MailGroup> add(DirectorySession &session, const MailGroupSpec &spec);
OpResult<MailGroup> show(DirectorySession &session, const QString &address);
OpResult<QList<MailGroup>> list(DirectorySession &session, const QString &domain);
OpResult<Done> remove(DirectorySession &session, const QString &address);
OpResult<MailGroup> addMember(DirectorySession &session, const QString &address, const QString &member);
OpResult<MailGroup> removeMember(DirectorySession &session, const QString &address, const QString &member);
OpResult<MailGroup> addAlias(DirectorySession &session, const QString &address, const QString &alias);
OpResult<MailGroup> removeAlias(DirectorySession &session, const QString &address, const QString &alias);

} // namespace Isp::Core::MailGroupOps
