// Helpers every handler needs to look at the object a process names (docs/processes.md): read it
// as it is now (by its DN; by its entryUUID when it was renamed), read the process's parameters,
// and decide whether a host name from the directory is this host. Free functions over the
// calling worker's session; no state.
#pragma once

#include "core/model/process.h"
#include "core/ops/directorysession.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Isp::Agent::ProcessTarget {

// The object as it is now, with `attributes` (plus entryUUID): read at the process's target DN,
// else found by its entryUUID (renamed or moved). nullopt when it is gone; an error when the
// process names no object or the directory cannot be read.
Core::Result<std::optional<Core::LdapEntry>, QString> current(
    Core::DirectorySession &session, const Core::Process &process, const QStringList &attributes);
// The object's uidNumber or gidNumber: digits only, not 0 (nothing of a customer's may belong
// to root), below 2^32 - 1; else why not.
Core::Result<uint, QString> posixId(const Core::LdapEntry &object, const QString &attribute);
// The value of parameter `key` (the first one), or empty.
[[nodiscard]] QString param(const Core::Process &process, const QString &key);
// `name` (a host attribute's value) is one of this host's names (ignoring case).
[[nodiscard]] bool isThisHost(const QStringList &hostNames, const QString &name);
// Any of `names` is one of this host's names.
[[nodiscard]] bool anyIsThisHost(const QStringList &hostNames, const QStringList &names);
// (|(attribute=name1)(attribute=name2)...) over this host's names.
[[nodiscard]] Core::LdapFilter anyHostFilter(const QString &attribute, const QStringList &hostNames);

} // namespace Isp::Agent::ProcessTarget
