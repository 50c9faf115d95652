// InfraCommands: the console's Commands for the ISP's infrastructure and people — hosts, host
// groups, resellers, clients, administrators, configuration variables and queued processes —
// built over core/ops without any widget, so editors, menus, scripts and tests share them.
//
// Each builder returns a Command whose apply reads what it needs to go back (the old IP
// address, the old status, the reseller a client came from) right before it writes, and
// yields the Command that restores it. Changes that lose something the directory cannot give
// back (a password, a deleted entry with its history, a retried process's failure) yield no
// inverse, so the history is cleared rather than lying.
//
// `created` (optional) receives what an add created (its id, its normalised name) on the
// worker, before the command's result reaches the GUI thread; read it in the done callback.
//
// InfraEntryWatch follows one entry of the LiveDirectory by entryUUID for the infra editors:
// they show changes made by others (an agent's heartbeat, an undo, another admin) as they
// happen, and notice when the entry goes away (a process its agent finished).
#pragma once

#include "console/command.h"
#include "console/livedirectory.h"
#include "core/model/host.h"
#include "core/model/process.h"
#include "core/model/tenant.h"
#include "core/ops/adminops.h"
#include "core/ops/hostops.h"
#include "core/ops/tenantops.h"

#include <memory>
#include <optional>

namespace Isp::Console {

namespace InfraCommands {

using CommandPtr = std::shared_ptr<Command>;

// Hosts. Deleting is refused by core while anything refers to the host; it cannot be undone
// (the agent's password and status go with it).
CommandPtr addHost(const Core::HostOps::HostSpec &spec, std::shared_ptr<Core::Host> created = {});
CommandPtr editHost(const QString &name, const Core::HostOps::HostChange &change);
CommandPtr setHostPassword(const QString &name, const QString &password);
CommandPtr removeHost(const QString &name);

// Host groups. Joining is idempotent in core: the inverse leaves only if the host was not a
// member before. An (empty) group's deletion is undone by adding it again.
CommandPtr addHostGroup(const QString &name, const QString &info, std::shared_ptr<Core::HostGroup> created = {});
CommandPtr removeHostGroup(const QString &name);
CommandPtr addHostGroupMember(const QString &group, const QString &host);
CommandPtr removeHostGroupMember(const QString &group, const QString &host);

// Resellers.
CommandPtr addReseller(const Core::TenantOps::ResellerSpec &spec, std::shared_ptr<Core::Reseller> created = {});
CommandPtr editReseller(qint64 id, const Core::TenantOps::ResellerChange &change);
CommandPtr setResellerStatus(qint64 id, Core::TenantStatus status);
CommandPtr setResellerPassword(qint64 id, const QString &password);
CommandPtr removeReseller(qint64 id);

// Clients. Moving yields the move back to the reseller the client came from.
CommandPtr addClient(const Core::TenantOps::ClientSpec &spec, std::shared_ptr<Core::Client> created = {});
CommandPtr editClient(qint64 id, const Core::TenantOps::ClientChange &change);
CommandPtr setClientStatus(qint64 id, Core::TenantStatus status);
CommandPtr moveClient(qint64 id, qint64 newResellerId);
CommandPtr setClientPassword(qint64 id, const QString &password);
CommandPtr removeClient(qint64 id);

// Administrators.
CommandPtr addAdmin(const Core::AdminOps::AdminSpec &spec, std::shared_ptr<Core::Admin> created = {});
CommandPtr editAdmin(const QString &uid, const Core::AdminOps::AdminChange &change);
CommandPtr setAdminPassword(
    const QString &uid, const QString &password, const std::optional<QString> &oldPassword = std::nullopt);
CommandPtr removeAdmin(const QString &uid);

// Configuration: the inverse sets the value the variable had.
CommandPtr setConf(const QString &name, const QString &value);

// Processes (neither can be undone: a retried failure's message is gone).
CommandPtr retryProcess(qint64 pid);
CommandPtr removeProcess(qint64 pid);

} // namespace InfraCommands

class InfraEntryWatch : public QObject
{
    Q_OBJECT

public:
    explicit InfraEntryWatch(LiveDirectory *live, QObject *parent = nullptr);

    // Follows the entry at `dn` (loads its parent's level in the live view when needed);
    // emits changed() as soon as the entry is known, then on every change.
    void watch(const Core::LdapDn &dn);
    void clear();
    [[nodiscard]] const QByteArray &uuid() const { return m_uuid; }
    [[nodiscard]] std::optional<Core::LdapEntry> entry() const;

Q_SIGNALS:
    void changed(const Isp::Core::LdapEntry &entry);
    void moved(const Isp::Core::LdapDn &newDn);
    void removed();

private:
    void resolve();

    LiveDirectory *m_live;
    Core::LdapDn m_dn;
    QByteArray m_uuid;
};

} // namespace Isp::Console
