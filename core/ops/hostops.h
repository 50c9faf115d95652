// Operations on hosts and host groups: what `ispman host ...` / `ispman hostgroup ...` and the
// console's host editor do. Each checks its input first (errors name the field and the rule),
// then writes in one Transaction, so a refusal half-way leaves nothing behind.
#pragma once

#include "core/model/host.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <optional>

namespace Isp::Core::HostOps {

struct HostSpec
{
    QString name;
    QString ip;
    QStringList aliases;
    QString info;
    QStringList groups; // host groups to join
};

struct HostChange
{
    std::optional<QString> ip;
    std::optional<QStringList> aliases;
    std::optional<QString> info;
};

OpResult<Host> add(DirectorySession &session, const HostSpec &spec);
OpResult<Host> show(DirectorySession &session, const QString &name);
OpResult<QList<Host>> list(DirectorySession &session);
OpResult<Host> edit(DirectorySession &session, const QString &name, const HostChange &change);
// Refused while anything refers to the host (mailHost, webHost, default hosts of domains, ...)
// or work is queued for it.
OpResult<Done> remove(DirectorySession &session, const QString &name);
// The password the host's agent binds with (as ispmanHostName=<name>,ou=hosts,...): the entry
// gets simpleSecurityObject; slapd hashes the password.
OpResult<Done> setPassword(DirectorySession &session, const QString &name, const QString &password);

OpResult<HostGroup> addGroup(DirectorySession &session, const QString &name, const QString &info);
OpResult<HostGroup> showGroup(DirectorySession &session, const QString &name);
OpResult<QList<HostGroup>> listGroups(DirectorySession &session);
// Refused while the group has members (as ISPMan 1.x).
OpResult<Done> removeGroup(DirectorySession &session, const QString &name);
// Idempotent: joining twice or leaving a group one is not in is not an error.
OpResult<HostGroup> addMember(DirectorySession &session, const QString &group, const QString &host);
OpResult<HostGroup> removeMember(DirectorySession &session, const QString &group, const QString &host);

} // namespace Isp::Core::HostOps
