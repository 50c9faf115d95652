#include "console/editors/mailcommands.h"
#include "console/entityeditor.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Isp::Console::MailCommands {

using namespace Isp::Core;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Isp::Console::MailCommands", text);
}

using Inverse = OpResult<std::shared_ptr<Command>>;

std::shared_ptr<Command> command(const QString &text, std::function<Inverse(DirectorySession &)> apply)
{
    auto c = std::make_shared<Command>();
    c->text = text;
    c->apply = std::move(apply);
    return c;
}

// The value `after` holds that `before` did not (how core stored what was typed: normalised,
// its case), or `typed` when none is new.
QString added(const QStringList &before, const QStringList &after, const QString &typed)
{
    for (const QString &v : after) {
        if (!before.contains(v, Qt::CaseInsensitive))
            return v;
    }
    return typed;
}

QString removed(const QStringList &before, const QStringList &after, const QString &typed)
{
    return added(after, before, typed);
}

QString limitText(int v)
{
    return QString::number(v);
}

// What an undo of addDomain() checks: the entries below the domain (by DN: the domain entry
// itself is touched by every address claim) and the zone's entries with their entryCSN (records
// at the apex change the zone entry itself).
struct DomainFootprint
{
    QStringList below;
    QStringList zone;
    bool operator==(const DomainFootprint &) const = default;
};

OpResult<DomainFootprint> footprint(DirectorySession &s, const QString &name)
{
    DomainFootprint f;
    auto below = s.find(s.dit().domain(name), LdapFilter(), {QStringLiteral("1.1")});
    if (!below.ok())
        return OpError::directory(below.error());
    for (const LdapEntry &e : std::as_const(*below))
        f.below << e.dn().normalized();
    auto zone = s.find(s.dit().zone(name), LdapFilter(), {QStringLiteral("entryCSN")});
    if (!zone.ok() && zone.error().code() != LdapCode::NoSuchObject)
        return OpError::directory(zone.error());
    for (const LdapEntry &e : zone.ok() ? *zone : QList<LdapEntry>())
        f.zone << e.dn().normalized() + QLatin1Char('=') + e.text(QStringLiteral("entryCSN"));
    f.below.sort();
    f.zone.sort();
    return f;
}

std::shared_ptr<Command> removeNewDomain(const QString &name, const DomainFootprint &created)
{
    return command(tr("Delete new domain %1").arg(name), [name, created](DirectorySession &s) -> Inverse {
        auto now = footprint(s, name);
        if (!now.ok())
            return now.error();
        if (!(*now == created))
            return OpError::conflict(QStringLiteral("domain"),
                                     tr("domain %1 has changed since it was created (entries or DNS records were added); "
                                        "undoing its creation would delete them: delete it from its editor instead")
                                         .arg(name));
        auto r = DomainOps::remove(s, name);
        if (!r.ok())
            return r.error();
        return std::shared_ptr<Command>();
    });
}

std::shared_ptr<Command> noInverse(const QString &text, std::function<OpResult<Done>(DirectorySession &)> apply)
{
    return Command::make(text, std::move(apply), nullptr);
}

} // namespace

// --- Domains ------------------------------------------------------------------------------

std::shared_ptr<Command> addDomain(const DomainSpec &spec)
{
    return command(tr("Add domain %1").arg(spec.name), [spec](DirectorySession &s) -> Inverse {
        auto r = DomainOps::add(s, spec);
        if (!r.ok())
            return r.error();
        auto f = footprint(s, r->domain.name);
        if (!f.ok())
            return f.error();
        return removeNewDomain(r->domain.name, *f);
    });
}

std::shared_ptr<Command> editDomain(const QString &name, const DomainChange &change)
{
    return command(tr("Change domain %1").arg(name), [name, change](DirectorySession &s) -> Inverse {
        auto before = DomainOps::show(s, name);
        if (!before.ok())
            return before.error();
        const Domain &d = before->domain;
        auto r = DomainOps::edit(s, name, change);
        if (!r.ok())
            return r.error();
        DomainChange back;
        auto old = [](const auto &field, const auto &value) { return field ? std::make_optional(value) : std::nullopt; };
        back.owner = old(change.owner, d.owner);
        back.customer = old(change.customer, d.customer);
        back.comment = old(change.comment, d.comment);
        back.mailDropHost = old(change.mailDropHost, d.mailDropHost);
        back.fileServer = old(change.fileServer, d.fileServer);
        back.dbHost = old(change.dbHost, d.dbHost);
        back.maxAccounts = old(change.maxAccounts, limitText(d.maxAccounts));
        back.maxVhosts = old(change.maxVhosts, limitText(d.maxVhosts));
        back.maxDatabases = old(change.maxDatabases, limitText(d.maxDatabases));
        back.mailDelivery = old(change.mailDelivery, d.mailDelivery);
        back.services = old(change.services, d.services);
        back.webHosts = old(change.webHosts, d.webHosts);
        back.dnsHosts = old(change.dnsHosts, d.dnsHosts);
        back.smtpHosts = old(change.smtpHosts, d.smtpHosts);
        back.dnsMasters = old(change.dnsMasters, d.dnsMasters);
        return editDomain(r->domain.name, back);
    });
}

std::shared_ptr<Command> setDomainSuspended(const QString &name, bool suspended)
{
    const QString text = suspended ? tr("Suspend domain %1").arg(name) : tr("Resume domain %1").arg(name);
    return command(text, [name, suspended](DirectorySession &s) -> Inverse {
        auto before = DomainOps::show(s, name);
        if (!before.ok())
            return before.error();
        auto r = DomainOps::setSuspended(s, name, suspended);
        if (!r.ok())
            return r.error();
        return setDomainSuspended(r->domain.name, before->domain.suspended);
    });
}

std::shared_ptr<Command> setDomainLocked(const QString &name, bool locked)
{
    const QString text = locked ? tr("Lock domain %1").arg(name) : tr("Unlock domain %1").arg(name);
    return command(text, [name, locked](DirectorySession &s) -> Inverse {
        auto before = DomainOps::show(s, name);
        if (!before.ok())
            return before.error();
        auto r = DomainOps::setLocked(s, name, locked);
        if (!r.ok())
            return r.error();
        return setDomainLocked(r->domain.name, before->domain.locked);
    });
}

std::shared_ptr<Command> setDomainSignature(const QString &name, const QString &text)
{
    return command(tr("Change the signature of %1").arg(name), [name, text](DirectorySession &s) -> Inverse {
        auto before = DomainOps::signature(s, name);
        if (!before.ok())
            return before.error();
        auto r = DomainOps::setSignature(s, name, text);
        if (!r.ok())
            return r.error();
        return setDomainSignature(name, *before);
    });
}

std::shared_ptr<Command> setDomainPassword(const QString &name, const QString &password)
{
    return noInverse(tr("Set the panel password of %1").arg(name),
                     [name, password](DirectorySession &s) { return DomainOps::setPassword(s, name, password); });
}

std::shared_ptr<Command> removeDomain(const QString &name)
{
    return noInverse(tr("Delete domain %1").arg(name), [name](DirectorySession &s) { return DomainOps::remove(s, name); });
}

// --- Mail users ----------------------------------------------------------------------------

std::shared_ptr<Command> addUser(const UserSpec &spec)
{
    return command(tr("Add user %1@%2").arg(spec.localPart, spec.domain), [spec](DirectorySession &s) -> Inverse {
        auto r = UserOps::add(s, spec);
        if (!r.ok())
            return r.error();
        auto undo = removeUser(r->address);
        undo->text = tr("Delete new user %1 and its mailbox").arg(r->address);
        return undo;
    });
}

std::shared_ptr<Command> editUser(const QString &address, const UserChange &change)
{
    return command(tr("Change user %1").arg(address), [address, change](DirectorySession &s) -> Inverse {
        auto before = UserOps::show(s, address);
        if (!before.ok())
            return before.error();
        const MailUser &u = *before;
        auto r = UserOps::edit(s, address, change);
        if (!r.ok())
            return r.error();
        // The old host deletes its copy of the mailbox: moving back would not bring the mail back.
        if (r->mailHost.compare(u.mailHost, Qt::CaseInsensitive) != 0)
            return std::shared_ptr<Command>();
        UserChange back;
        auto old = [](const auto &field, const auto &value) { return field ? std::make_optional(value) : std::nullopt; };
        back.givenName = old(change.givenName, u.givenName);
        back.surname = old(change.surname, u.surname);
        back.mailQuota = old(change.mailQuota, QString::number(u.mailQuotaKiB / 1024));
        back.ftpQuota = old(change.ftpQuota, QString::number(u.ftpQuotaMBytes));
        back.ftpEnabled = old(change.ftpEnabled, u.ftpEnabled);
        return editUser(r->address, back);
    });
}

std::shared_ptr<Command> setUserPassword(const QString &address, const QString &password)
{
    return noInverse(tr("Set the password of %1").arg(address),
                     [address, password](DirectorySession &s) { return UserOps::setPassword(s, address, password); });
}

namespace {

// Back to a status and FTP switch as they were: setSuspended() switches FTP with the status,
// so a user whose FTP was off before the suspension gets it switched off again.
std::shared_ptr<Command> restoreUserStatus(const QString &address, bool suspended, bool ftpEnabled, const QString &text)
{
    return command(text, [address, suspended, ftpEnabled](DirectorySession &s) -> Inverse {
        auto before = UserOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = UserOps::setSuspended(s, address, suspended);
        if (!r.ok())
            return r.error();
        if (!suspended && !ftpEnabled && r->ftpEnabled) {
            UserChange off;
            off.ftpEnabled = false;
            auto e = UserOps::edit(s, address, off);
            if (!e.ok())
                return e.error();
        }
        return restoreUserStatus(address, before->suspended, before->ftpEnabled,
                                 before->suspended ? tr("Suspend user %1").arg(address) : tr("Resume user %1").arg(address));
    });
}

} // namespace

std::shared_ptr<Command> setUserSuspended(const QString &address, bool suspended)
{
    // Suspending switches FTP off; resuming through this command switches it on (as core does).
    return restoreUserStatus(address, suspended, true,
                             suspended ? tr("Suspend user %1").arg(address) : tr("Resume user %1").arg(address));
}

std::shared_ptr<Command> removeUser(const QString &address)
{
    return noInverse(tr("Delete user %1").arg(address), [address](DirectorySession &s) { return UserOps::remove(s, address); });
}

std::shared_ptr<Command> addUserAlias(const QString &address, const QString &alias)
{
    return command(tr("Add alias %1 to %2").arg(alias, address), [address, alias](DirectorySession &s) -> Inverse {
        auto before = UserOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = UserOps::addAlias(s, address, alias);
        if (!r.ok())
            return r.error();
        return removeUserAlias(r->address, added(before->aliases, r->aliases, alias));
    });
}

std::shared_ptr<Command> removeUserAlias(const QString &address, const QString &alias)
{
    return command(tr("Remove alias %1 from %2").arg(alias, address), [address, alias](DirectorySession &s) -> Inverse {
        auto before = UserOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = UserOps::removeAlias(s, address, alias);
        if (!r.ok())
            return r.error();
        return addUserAlias(r->address, removed(before->aliases, r->aliases, alias));
    });
}

std::shared_ptr<Command> addUserForward(const QString &address, const QString &forward)
{
    return command(tr("Forward %1 to %2").arg(address, forward), [address, forward](DirectorySession &s) -> Inverse {
        auto before = UserOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = UserOps::addForward(s, address, forward);
        if (!r.ok())
            return r.error();
        return removeUserForward(r->address, added(before->forwards, r->forwards, forward));
    });
}

std::shared_ptr<Command> removeUserForward(const QString &address, const QString &forward)
{
    return command(tr("Stop forwarding %1 to %2").arg(address, forward), [address, forward](DirectorySession &s) -> Inverse {
        auto before = UserOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = UserOps::removeForward(s, address, forward);
        if (!r.ok())
            return r.error();
        return addUserForward(r->address, removed(before->forwards, r->forwards, forward));
    });
}

// --- Mail groups ---------------------------------------------------------------------------

std::shared_ptr<Command> addMailGroup(const MailGroupSpec &spec)
{
    return command(tr("Add mail group %1@%2").arg(spec.name, spec.domain), [spec](DirectorySession &s) -> Inverse {
        auto r = MailGroupOps::add(s, spec);
        if (!r.ok())
            return r.error();
        return removeMailGroup(r->address);
    });
}

std::shared_ptr<Command> removeMailGroup(const QString &address)
{
    return command(tr("Delete mail group %1").arg(address), [address](DirectorySession &s) -> Inverse {
        auto before = MailGroupOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = MailGroupOps::remove(s, address);
        if (!r.ok())
            return r.error();
        MailGroupSpec spec;
        spec.domain = before->domain;
        spec.name = before->name;
        spec.members = before->members;
        spec.aliases = before->aliases;
        return addMailGroup(spec);
    });
}

std::shared_ptr<Command> addMailGroupMember(const QString &address, const QString &member)
{
    return command(tr("Add %1 to %2").arg(member, address), [address, member](DirectorySession &s) -> Inverse {
        auto before = MailGroupOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = MailGroupOps::addMember(s, address, member);
        if (!r.ok())
            return r.error();
        return removeMailGroupMember(r->address, added(before->members, r->members, member));
    });
}

std::shared_ptr<Command> removeMailGroupMember(const QString &address, const QString &member)
{
    return command(tr("Remove %1 from %2").arg(member, address), [address, member](DirectorySession &s) -> Inverse {
        auto before = MailGroupOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = MailGroupOps::removeMember(s, address, member);
        if (!r.ok())
            return r.error();
        return addMailGroupMember(r->address, removed(before->members, r->members, member));
    });
}

std::shared_ptr<Command> addMailGroupAlias(const QString &address, const QString &alias)
{
    return command(tr("Add alias %1 to %2").arg(alias, address), [address, alias](DirectorySession &s) -> Inverse {
        auto before = MailGroupOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = MailGroupOps::addAlias(s, address, alias);
        if (!r.ok())
            return r.error();
        return removeMailGroupAlias(r->address, added(before->aliases, r->aliases, alias));
    });
}

std::shared_ptr<Command> removeMailGroupAlias(const QString &address, const QString &alias)
{
    return command(tr("Remove alias %1 from %2").arg(alias, address), [address, alias](DirectorySession &s) -> Inverse {
        auto before = MailGroupOps::show(s, address);
        if (!before.ok())
            return before.error();
        auto r = MailGroupOps::removeAlias(s, address, alias);
        if (!r.ok())
            return r.error();
        return addMailGroupAlias(r->address, removed(before->aliases, r->aliases, alias));
    });
}

// --- Helpers -------------------------------------------------------------------------------

std::shared_ptr<Command> withErrorsOutside(std::shared_ptr<Command> command, const QStringList &fields)
{
    auto c = std::make_shared<Command>();
    c->text = command->text;
    c->apply = [command, fields](DirectorySession &s) -> Inverse {
        auto r = command->apply(s);
        if (!r.ok() && fields.contains(r.error().field)) {
            OpError e = r.error();
            e.field.clear();
            return e;
        }
        return r;
    };
    return c;
}

void runOutsideHistory(Backend *backend, QObject *context, std::shared_ptr<Command> command,
                       std::function<void(OpResult<Done>)> done)
{
    backend->run<std::shared_ptr<Command>>(
        context, [command](DirectorySession &s) { return command->apply(s); },
        [done = std::move(done)](OpResult<std::shared_ptr<Command>> r) {
            if (done)
                done(r.ok() ? OpResult<Done>(Done{}) : OpResult<Done>(r.error()));
        });
}

QStringList splitList(const QString &text)
{
    return splitWords(text);
}

} // namespace Isp::Console::MailCommands
