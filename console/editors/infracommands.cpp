#include "console/editors/infracommands.h"

#include "core/ops/confops.h"
#include "core/ops/processops.h"

#include <QCoreApplication>

namespace Isp::Console {

using namespace Isp::Core;

namespace InfraCommands {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Isp::Console::InfraCommands)
};

using Apply = std::function<OpResult<CommandPtr>(DirectorySession &)>;

CommandPtr command(const QString &text, Apply apply)
{
    auto c = std::make_shared<Command>();
    c->text = text;
    c->apply = std::move(apply);
    return c;
}

// The inverse of a step that changed nothing (joining a group one is already in): undoing it
// must not take away what was there before.
CommandPtr nothing(const QString &text)
{
    return command(text, [text](DirectorySession &) -> OpResult<CommandPtr> { return nothing(text); });
}

template<typename T> void fill(const std::shared_ptr<T> &out, const T &value)
{
    if (out)
        *out = value;
}

QString statusText(TenantStatus status)
{
    return status == TenantStatus::Active ? Text::tr("Resume") : Text::tr("Suspend");
}

} // namespace

// ---- hosts

CommandPtr addHost(const HostOps::HostSpec &spec, std::shared_ptr<Host> created)
{
    return command(
        Text::tr("Add host %1").arg(spec.name), [spec, created](DirectorySession &s) -> OpResult<CommandPtr> {
            auto h = HostOps::add(s, spec);
            if (!h.ok())
                return h.error();
            fill(created, *h);
            HostOps::HostSpec again { h->name, h->ip, h->aliases, h->info, h->groups };
            // A host that was just added has no password or agent status yet: deleting it loses
            // nothing, and redo adds the same host again.
            return command(
                Text::tr("Delete host %1").arg(h->name), [again](DirectorySession &s2) -> OpResult<CommandPtr> {
                    auto gone = HostOps::remove(s2, again.name);
                    if (!gone.ok())
                        return gone.error();
                    return addHost(again);
                });
        });
}

CommandPtr editHost(const QString &name, const HostOps::HostChange &change)
{
    return command(Text::tr("Edit host %1").arg(name), [name, change](DirectorySession &s) -> OpResult<CommandPtr> {
        auto before = HostOps::show(s, name);
        if (!before.ok())
            return before.error();
        auto after = HostOps::edit(s, name, change);
        if (!after.ok())
            return after.error();
        HostOps::HostChange back;
        if (change.ip)
            back.ip = before->ip;
        if (change.aliases)
            back.aliases = before->aliases;
        if (change.info)
            back.info = before->info;
        return editHost(before->name, back);
    });
}

CommandPtr setHostPassword(const QString &name, const QString &password)
{
    return command(Text::tr("Set the agent password of %1").arg(name),
        [name, password](DirectorySession &s) -> OpResult<CommandPtr> {
            auto r = HostOps::setPassword(s, name, password);
            if (!r.ok())
                return r.error();
            return CommandPtr(); // the old password is not known (slapd keeps only its hash)
        });
}

CommandPtr removeHost(const QString &name)
{
    return command(Text::tr("Delete host %1").arg(name), [name](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = HostOps::remove(s, name);
        if (!r.ok())
            return r.error();
        return CommandPtr();
    });
}

// ---- host groups

CommandPtr addHostGroup(const QString &name, const QString &info, std::shared_ptr<HostGroup> created)
{
    return command(
        Text::tr("Add host group %1").arg(name), [name, info, created](DirectorySession &s) -> OpResult<CommandPtr> {
            auto g = HostOps::addGroup(s, name, info);
            if (!g.ok())
                return g.error();
            fill(created, *g);
            return removeHostGroup(g->name);
        });
}

CommandPtr removeHostGroup(const QString &name)
{
    return command(Text::tr("Delete host group %1").arg(name), [name](DirectorySession &s) -> OpResult<CommandPtr> {
        auto g = HostOps::showGroup(s, name);
        if (!g.ok())
            return g.error();
        auto r = HostOps::removeGroup(s, name);
        if (!r.ok())
            return r.error();
        // Core deletes only empty groups, so adding it again restores all there was.
        return addHostGroup(g->name, g->info);
    });
}

CommandPtr addHostGroupMember(const QString &group, const QString &host)
{
    return command(Text::tr("Add %1 to host group %2").arg(host, group),
        [group, host](DirectorySession &s) -> OpResult<CommandPtr> {
            auto before = HostOps::showGroup(s, group);
            if (!before.ok())
                return before.error();
            auto after = HostOps::addMember(s, group, host);
            if (!after.ok())
                return after.error();
            if (before->members.contains(host, Qt::CaseInsensitive))
                return nothing(Text::tr("Add %1 to host group %2").arg(host, group));
            return removeHostGroupMember(after->name, host);
        });
}

CommandPtr removeHostGroupMember(const QString &group, const QString &host)
{
    return command(Text::tr("Remove %1 from host group %2").arg(host, group),
        [group, host](DirectorySession &s) -> OpResult<CommandPtr> {
            auto before = HostOps::showGroup(s, group);
            if (!before.ok())
                return before.error();
            auto after = HostOps::removeMember(s, group, host);
            if (!after.ok())
                return after.error();
            if (!before->members.contains(host, Qt::CaseInsensitive))
                return nothing(Text::tr("Remove %1 from host group %2").arg(host, group));
            return addHostGroupMember(after->name, host);
        });
}

// ---- resellers and clients

namespace {

TenantOps::ContactChange contactBack(const TenantOps::ContactChange &change, const Contact &old)
{
    TenantOps::ContactChange back;
    auto restore = [](const std::optional<QString> &changed, std::optional<QString> &into, const QString &value) {
        if (changed)
            into = value;
    };
    restore(change.cn, back.cn, old.cn);
    restore(change.sn, back.sn, old.sn);
    restore(change.givenName, back.givenName, old.givenName);
    restore(change.mail, back.mail, old.mail);
    restore(change.telephone, back.telephone, old.telephone);
    restore(change.street, back.street, old.street);
    restore(change.postalCode, back.postalCode, old.postalCode);
    restore(change.locality, back.locality, old.locality);
    restore(change.country, back.country, old.country);
    return back;
}

// Removing a login removes the password with it: not something an undo can give back.
bool losesPassword(const std::optional<QString> &login, const QString &oldLogin, const QDateTime &passwordChanged)
{
    return login && login->trimmed().isEmpty() && !oldLogin.isEmpty() && passwordChanged.isValid();
}

} // namespace

CommandPtr addReseller(const TenantOps::ResellerSpec &spec, std::shared_ptr<Reseller> created)
{
    return command(
        Text::tr("Add reseller %1").arg(spec.name), [spec, created](DirectorySession &s) -> OpResult<CommandPtr> {
            auto r = TenantOps::addReseller(s, spec);
            if (!r.ok())
                return r.error();
            fill(created, *r);
            return removeReseller(r->id);
        });
}

CommandPtr editReseller(qint64 id, const TenantOps::ResellerChange &change)
{
    return command(Text::tr("Edit reseller %1").arg(id), [id, change](DirectorySession &s) -> OpResult<CommandPtr> {
        auto before = TenantOps::showReseller(s, id);
        if (!before.ok())
            return before.error();
        auto after = TenantOps::editReseller(s, id, change);
        if (!after.ok())
            return after.error();
        if (losesPassword(change.login, before->login, before->passwordChanged))
            return CommandPtr();
        TenantOps::ResellerChange back;
        if (change.name)
            back.name = before->name;
        back.contact = contactBack(change.contact, before->contact);
        if (change.maxClients)
            back.maxClients = QString::number(before->maxClients);
        if (change.login)
            back.login = before->login;
        return editReseller(id, back);
    });
}

CommandPtr setResellerStatus(qint64 id, TenantStatus status)
{
    return command(Text::tr("%1 reseller %2").arg(statusText(status)).arg(id),
        [id, status](DirectorySession &s) -> OpResult<CommandPtr> {
            auto before = TenantOps::showReseller(s, id);
            if (!before.ok())
                return before.error();
            auto after = TenantOps::setResellerStatus(s, id, status);
            if (!after.ok())
                return after.error();
            return setResellerStatus(id, before->status);
        });
}

CommandPtr setResellerPassword(qint64 id, const QString &password)
{
    return command(Text::tr("Set the password of reseller %1").arg(id),
        [id, password](DirectorySession &s) -> OpResult<CommandPtr> {
            auto r = TenantOps::setResellerPassword(s, id, password);
            if (!r.ok())
                return r.error();
            return CommandPtr();
        });
}

CommandPtr removeReseller(qint64 id)
{
    return command(Text::tr("Delete reseller %1").arg(id), [id](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = TenantOps::removeReseller(s, id);
        if (!r.ok())
            return r.error();
        return CommandPtr(); // its id is not given out again
    });
}

CommandPtr addClient(const TenantOps::ClientSpec &spec, std::shared_ptr<Client> created)
{
    return command(
        Text::tr("Add client %1").arg(spec.name), [spec, created](DirectorySession &s) -> OpResult<CommandPtr> {
            auto c = TenantOps::addClient(s, spec);
            if (!c.ok())
                return c.error();
            fill(created, *c);
            return removeClient(c->id);
        });
}

CommandPtr editClient(qint64 id, const TenantOps::ClientChange &change)
{
    return command(Text::tr("Edit client %1").arg(id), [id, change](DirectorySession &s) -> OpResult<CommandPtr> {
        auto before = TenantOps::showClient(s, id);
        if (!before.ok())
            return before.error();
        auto after = TenantOps::editClient(s, id, change);
        if (!after.ok())
            return after.error();
        if (losesPassword(change.login, before->login, before->passwordChanged))
            return CommandPtr();
        TenantOps::ClientChange back;
        if (change.name)
            back.name = before->name;
        back.contact = contactBack(change.contact, before->contact);
        if (change.maxDomains)
            back.maxDomains = QString::number(before->maxDomains);
        if (change.login)
            back.login = before->login;
        const DefaultHosts &h = before->hosts;
        if (change.hosts.mailDrop)
            back.hosts.mailDrop = h.mailDrop;
        if (change.hosts.web)
            back.hosts.web = h.web;
        if (change.hosts.fileServer)
            back.hosts.fileServer = h.fileServer;
        if (change.hosts.dns)
            back.hosts.dns = h.dns;
        if (change.hosts.smtp)
            back.hosts.smtp = h.smtp;
        return editClient(id, back);
    });
}

CommandPtr setClientStatus(qint64 id, TenantStatus status)
{
    return command(Text::tr("%1 client %2").arg(statusText(status)).arg(id),
        [id, status](DirectorySession &s) -> OpResult<CommandPtr> {
            auto before = TenantOps::showClient(s, id);
            if (!before.ok())
                return before.error();
            auto after = TenantOps::setClientStatus(s, id, status);
            if (!after.ok())
                return after.error();
            return setClientStatus(id, before->status);
        });
}

CommandPtr moveClient(qint64 id, qint64 newResellerId)
{
    return command(Text::tr("Move client %1 to reseller %2").arg(id).arg(newResellerId),
        [id, newResellerId](DirectorySession &s) -> OpResult<CommandPtr> {
            auto before = TenantOps::showClient(s, id);
            if (!before.ok())
                return before.error();
            auto after = TenantOps::moveClient(s, id, newResellerId);
            if (!after.ok())
                return after.error();
            return moveClient(id, before->resellerId);
        });
}

CommandPtr setClientPassword(qint64 id, const QString &password)
{
    return command(
        Text::tr("Set the password of client %1").arg(id), [id, password](DirectorySession &s) -> OpResult<CommandPtr> {
            auto r = TenantOps::setClientPassword(s, id, password);
            if (!r.ok())
                return r.error();
            return CommandPtr();
        });
}

CommandPtr removeClient(qint64 id)
{
    return command(Text::tr("Delete client %1").arg(id), [id](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = TenantOps::removeClient(s, id);
        if (!r.ok())
            return r.error();
        return CommandPtr();
    });
}

// ---- administrators

CommandPtr addAdmin(const AdminOps::AdminSpec &spec, std::shared_ptr<Admin> created)
{
    return command(
        Text::tr("Add administrator %1").arg(spec.uid), [spec, created](DirectorySession &s) -> OpResult<CommandPtr> {
            auto a = AdminOps::add(s, spec);
            if (!a.ok())
                return a.error();
            fill(created, *a);
            // Redo would have to keep the password in the history: undo deletes for good instead.
            if (!spec.password.isEmpty())
                return removeAdmin(a->uid);
            AdminOps::AdminSpec again = spec;
            again.uid = a->uid;
            return command(
                Text::tr("Delete administrator %1").arg(a->uid), [again](DirectorySession &s2) -> OpResult<CommandPtr> {
                    auto gone = AdminOps::remove(s2, again.uid);
                    if (!gone.ok())
                        return gone.error();
                    return addAdmin(again);
                });
        });
}

CommandPtr editAdmin(const QString &uid, const AdminOps::AdminChange &change)
{
    return command(
        Text::tr("Edit administrator %1").arg(uid), [uid, change](DirectorySession &s) -> OpResult<CommandPtr> {
            auto before = AdminOps::show(s, uid);
            if (!before.ok())
                return before.error();
            auto after = AdminOps::edit(s, uid, change);
            if (!after.ok())
                return after.error();
            AdminOps::AdminChange back;
            if (change.level)
                back.level = QString::number(before->level);
            if (change.mail)
                back.mail = before->mail;
            if (change.cn)
                back.cn = before->cn;
            if (change.networks)
                back.networks = before->networks;
            return editAdmin(before->uid, back);
        });
}

CommandPtr setAdminPassword(const QString &uid, const QString &password, const std::optional<QString> &oldPassword)
{
    return command(Text::tr("Set the password of administrator %1").arg(uid),
        [uid, password, oldPassword](DirectorySession &s) -> OpResult<CommandPtr> {
            auto r = AdminOps::setPassword(s, uid, password, oldPassword);
            if (!r.ok())
                return r.error();
            return CommandPtr();
        });
}

CommandPtr removeAdmin(const QString &uid)
{
    return command(Text::tr("Delete administrator %1").arg(uid), [uid](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = AdminOps::remove(s, uid);
        if (!r.ok())
            return r.error();
        return CommandPtr(); // the password went with it
    });
}

// ---- configuration and processes

CommandPtr setConf(const QString &name, const QString &value)
{
    return command(Text::tr("Set %1").arg(name), [name, value](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = ConfOps::set(s, name, value);
        if (!r.ok())
            return r.error();
        return setConf(r->variable.name, r->oldValue);
    });
}

CommandPtr retryProcess(qint64 pid)
{
    return command(Text::tr("Retry process %1").arg(pid), [pid](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = ProcessOps::retry(s, QString::number(pid));
        if (!r.ok())
            return r.error();
        return CommandPtr();
    });
}

CommandPtr removeProcess(qint64 pid)
{
    return command(Text::tr("Delete process %1").arg(pid), [pid](DirectorySession &s) -> OpResult<CommandPtr> {
        auto r = ProcessOps::remove(s, QString::number(pid));
        if (!r.ok())
            return r.error();
        return CommandPtr();
    });
}

} // namespace InfraCommands

// ---- InfraEntryWatch

InfraEntryWatch::InfraEntryWatch(LiveDirectory *live, QObject *parent) : QObject(parent), m_live(live)
{
    if (!m_live)
        return;
    auto maybeResolve = [this](const LdapDn &parent) {
        if (m_uuid.isEmpty() && !m_dn.isEmpty() && parent == m_dn.parent())
            resolve();
    };
    connect(m_live, &LiveDirectory::levelLoaded, this, maybeResolve);
    connect(m_live, &LiveDirectory::entriesAdded, this,
        [maybeResolve](const LdapDn &parent, const QList<QByteArray> &) { maybeResolve(parent); });
    connect(m_live, &LiveDirectory::entryChanged, this, [this](const QByteArray &uuid) {
        if (m_uuid.isEmpty() || uuid != m_uuid)
            return;
        if (const LdapEntry *e = m_live->find(uuid))
            Q_EMIT changed(*e);
    });
    connect(m_live, &LiveDirectory::entryMoved, this, [this](const QByteArray &uuid, const LdapDn &) {
        if (m_uuid.isEmpty() || uuid != m_uuid)
            return;
        if (const LdapEntry *e = m_live->find(uuid)) {
            m_dn = e->dn();
            Q_EMIT moved(m_dn);
        }
    });
    connect(m_live, &LiveDirectory::entryRemoved, this, [this](const QByteArray &uuid, const LdapEntry &) {
        if (m_uuid.isEmpty() || uuid != m_uuid)
            return;
        m_uuid.clear();
        m_dn = LdapDn();
        Q_EMIT removed();
    });
}

void InfraEntryWatch::watch(const LdapDn &dn)
{
    m_dn = dn;
    m_uuid.clear();
    if (!m_live || dn.isEmpty())
        return;
    if (m_live->levelState(dn.parent()) == LiveDirectory::LevelState::NotLoaded)
        m_live->load(dn.parent());
    resolve();
}

void InfraEntryWatch::clear()
{
    m_dn = LdapDn();
    m_uuid.clear();
}

std::optional<LdapEntry> InfraEntryWatch::entry() const
{
    if (!m_live || m_uuid.isEmpty())
        return std::nullopt;
    return m_live->entry(m_uuid);
}

void InfraEntryWatch::resolve()
{
    m_uuid = m_live->uuidOf(m_dn);
    if (m_uuid.isEmpty())
        return;
    if (const LdapEntry *e = m_live->find(m_uuid))
        Q_EMIT changed(*e);
}

} // namespace Isp::Console
