#include "console/editors/webcommands.h"
#include "console/entityeditor.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Isp::Console::WebCommands {

using namespace Isp::Core;

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WebCommands)
};

using Apply = std::function<OpResult<std::shared_ptr<Command>>(DirectorySession &)>;

std::shared_ptr<Command> command(const QString &text, Apply apply)
{
    auto c = std::make_shared<Command>();
    c->text = text;
    c->apply = std::move(apply);
    return c;
}

// A command whose inverse is another builder's command, made only once this one has run (add
// and remove refer to each other: building both up front would never end).
std::shared_ptr<Command> reversible(const QString &text, std::function<OpResult<Done>(DirectorySession &)> apply,
                              std::function<std::shared_ptr<Command>()> inverse)
{
    return command(text, [apply = std::move(apply), inverse = std::move(inverse)](DirectorySession &s)
                             -> OpResult<std::shared_ptr<Command>> {
        auto r = apply(s);
        if (!r.ok())
            return r.error();
        return inverse ? inverse() : nullptr;
    });
}

template<typename T>
OpResult<Done> done(const OpResult<T> &r)
{
    if (!r.ok())
        return r.error();
    return Done{};
}

QString site(const QString &domain, const QString &name)
{
    return name.section(QLatin1Char(':'), 0, 0) + QLatin1Char('.') + domain
        + (name.contains(QLatin1Char(':')) ? QLatin1Char(':') + name.section(QLatin1Char(':'), 1) : QString());
}

QString owner(const QString &zone, const QString &name)
{
    return name.isEmpty() || name == QLatin1String("@") ? zone : name + QLatin1Char('.') + zone;
}

QString recordText(const QString &zone, const DnsRecord &r)
{
    return QStringLiteral("%1 %2 %3").arg(owner(zone, r.name), dnsRecordTypeName(r.type), r.value);
}

std::shared_ptr<Command> revertZoneChange(const QString &zone, const DnsOps::ZoneChange &change);

// Runs a zone change and yields the change that reverts what it did.
std::shared_ptr<Command> zoneCommand(const QString &text, const QString &zone,
                                     std::function<OpResult<DnsOps::ZoneChange>(DirectorySession &)> apply,
                                     std::shared_ptr<DnsOps::ZoneChange> out)
{
    return command(text, [zone, apply = std::move(apply), out](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
        auto r = apply(s);
        if (!r.ok())
            return r.error();
        if (out)
            *out = *r;
        return revertZoneChange(zone, *r);
    });
}

std::shared_ptr<Command> revertZoneChange(const QString &zone, const DnsOps::ZoneChange &change)
{
    const QList<DnsRecord> added = change.added, removed = change.removed;
    if (added.size() == 1 && removed.size() == 1)
        return replaceDnsRecord(zone, added.first(), removed.first());
    if (added.size() == 1 && removed.isEmpty())
        return removeDnsRecord(zone, added.first());
    if (removed.size() == 1 && added.isEmpty())
        return addDnsRecord(zone, removed.first());
    // Several records (or none, e.g. a TTL alone): one by one, collecting what really changed so
    // that the revert can be reverted in turn.
    const QString text = added.isEmpty() && removed.isEmpty() ? Text::tr("No change to %1").arg(zone)
                                                               : Text::tr("Revert a change of %1").arg(zone);
    return zoneCommand(text, zone, [zone, added, removed](DirectorySession &s) -> OpResult<DnsOps::ZoneChange> {
        DnsOps::ZoneChange total;
        for (const DnsRecord &r : added) {
            auto c = DnsOps::removeRecord(s, zone, r);
            if (!c.ok())
                return c.error();
            total.added += c->added;
            total.removed += c->removed;
            total.serial = c->serial;
            total.changed = total.changed || c->changed;
        }
        for (const DnsRecord &r : removed) {
            auto c = DnsOps::addRecord(s, zone, r);
            if (!c.ok())
                return c.error();
            total.added += c->added;
            total.removed += c->removed;
            total.serial = c->serial;
            total.changed = total.changed || c->changed;
        }
        return total;
    }, {});
}

} // namespace

QString domainOfBranch(const LdapDn &dn, const QString &branch)
{
    if (dn.depth() < 2 || dn.rdnAttribute().compare(QLatin1String("ou"), Qt::CaseInsensitive) != 0
        || dn.rdnValue().compare(branch, Qt::CaseInsensitive) != 0)
        return {};
    const LdapDn domain = dn.parent();
    if (domain.rdnAttribute().compare(QLatin1String("ispmanDomain"), Qt::CaseInsensitive) != 0)
        return {};
    return domain.rdnValue();
}

QString domainOfEntry(const LdapDn &dn, const QString &branch)
{
    return dn.depth() < 3 ? QString() : domainOfBranch(dn.parent(), branch);
}

QStringList words(const QString &text)
{
    return splitWords(text);
}

// --- Websites -----------------------------------------------------------------------------------

std::shared_ptr<Command> addVhost(const VhostOps::VhostSpec &spec, std::shared_ptr<Vhost> out)
{
    // Not undoable: removing it would delete its directories, which may have been filled since.
    return command(Text::tr("Add website %1").arg(site(spec.domain, spec.name)),
                   [spec, out](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto r = VhostOps::add(s, spec);
                       if (!r.ok())
                           return r.error();
                       if (out)
                           *out = *r;
                       return std::shared_ptr<Command>();
                   });
}

VhostOps::VhostChange inverseChange(const Vhost &before, const VhostOps::VhostChange &change)
{
    const QString space = QStringLiteral(" ");
    VhostOps::VhostChange back;
    if (change.webHosts)
        back.webHosts = before.webHosts;
    if (change.documentRoot)
        back.documentRoot = before.documentRoot;
    if (change.scriptDir)
        back.scriptDir = before.scriptDir;
    if (change.documentRootOptions)
        back.documentRootOptions = before.documentRootOptions.join(space);
    if (change.scriptDirOptions)
        back.scriptDirOptions = before.scriptDirOptions.join(space);
    if (change.ipAddress)
        back.ipAddress = before.ipAddress;
    if (change.extraConfig)
        back.extraConfig = before.extraConfig.join(QLatin1Char('\n'));
    if (change.features)
        back.features = before.features;
    if (change.ftpQuota)
        back.ftpQuota = QString::number(before.ftpQuotaMBytes);
    if (change.ftpEnabled)
        back.ftpEnabled = before.ftpEnabled;
    return back;
}

std::shared_ptr<Command> editVhost(const QString &domain, const QString &name, const VhostOps::VhostChange &change)
{
    return command(Text::tr("Edit website %1").arg(site(domain, name)),
                   [domain, name, change](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto before = VhostOps::show(s, domain, name);
                       if (!before.ok())
                           return before.error();
                       auto r = VhostOps::edit(s, domain, name, change);
                       if (!r.ok())
                           return r.error();
                       return editVhost(domain, name, inverseChange(*before, change));
                   });
}

std::shared_ptr<Command> setVhostSuspended(const QString &domain, const QString &name, bool suspended)
{
    const QString text = suspended ? Text::tr("Suspend website %1").arg(site(domain, name))
                                   : Text::tr("Resume website %1").arg(site(domain, name));
    return command(text, [domain, name, suspended](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
        auto before = VhostOps::show(s, domain, name);
        if (!before.ok())
            return before.error();
        auto r = VhostOps::setSuspended(s, domain, name, suspended);
        if (!r.ok())
            return r.error();
        return setVhostSuspended(domain, name, before->suspended);
    });
}

std::shared_ptr<Command> setVhostPassword(const QString &domain, const QString &name, const QString &password)
{
    // The old password is not known (only its hash): not undoable.
    return reversible(Text::tr("Set the FTP password of %1").arg(site(domain, name)),
                [=](DirectorySession &s) { return VhostOps::setPassword(s, domain, name, password); }, {});
}

std::shared_ptr<Command> removeVhost(const QString &domain, const QString &name)
{
    return reversible(Text::tr("Delete website %1").arg(site(domain, name)),
                [=](DirectorySession &s) { return VhostOps::remove(s, domain, name); }, {});
}

std::shared_ptr<Command> addVhostAlias(const QString &domain, const QString &name, const QString &alias)
{
    return reversible(Text::tr("Add alias %1 to %2").arg(alias, site(domain, name)),
                [=](DirectorySession &s) { return done(VhostOps::addAlias(s, domain, name, alias)); },
                [=] { return removeVhostAlias(domain, name, alias); });
}

std::shared_ptr<Command> removeVhostAlias(const QString &domain, const QString &name, const QString &alias)
{
    return reversible(Text::tr("Remove alias %1 from %2").arg(alias, site(domain, name)),
                [=](DirectorySession &s) { return done(VhostOps::removeAlias(s, domain, name, alias)); },
                [=] { return addVhostAlias(domain, name, alias); });
}

std::shared_ptr<Command> addVhostRedirect(const QString &domain, const QString &name, const QString &path,
                                          const QString &target)
{
    return reversible(Text::tr("Redirect %1 of %2").arg(path, site(domain, name)),
                [=](DirectorySession &s) { return done(VhostOps::addRedirect(s, domain, name, path, target)); },
                [=] { return removeVhostRedirect(domain, name, path); });
}

std::shared_ptr<Command> removeVhostRedirect(const QString &domain, const QString &name, const QString &path)
{
    return command(Text::tr("Stop redirecting %1 of %2").arg(path, site(domain, name)),
                   [=](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto before = VhostOps::show(s, domain, name);
                       if (!before.ok())
                           return before.error();
                       auto r = VhostOps::removeRedirect(s, domain, name, path);
                       if (!r.ok())
                           return r.error();
                       // Core normalised the path: the one that is gone now is the old one's.
                       for (const VhostRedirect &old : std::as_const(before->redirects)) {
                           if (!r->redirects.contains(old))
                               return addVhostRedirect(domain, name, old.path, old.target);
                       }
                       return std::shared_ptr<Command>();
                   });
}

std::shared_ptr<Command> addVhostProtection(const QString &domain, const QString &name, const QString &location,
                                            const QStringList &users)
{
    return reversible(Text::tr("Protect %1 of %2").arg(location, site(domain, name)),
                [=](DirectorySession &s) { return done(VhostOps::addProtection(s, domain, name, location, users)); },
                [=] { return removeVhostProtection(domain, name, location); });
}

std::shared_ptr<Command> removeVhostProtection(const QString &domain, const QString &name, const QString &location)
{
    return command(Text::tr("Remove the protection of %1 of %2").arg(location, site(domain, name)),
                   [=](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto before = VhostOps::show(s, domain, name);
                       if (!before.ok())
                           return before.error();
                       auto r = VhostOps::removeProtection(s, domain, name, location);
                       if (!r.ok())
                           return r.error();
                       for (const VhostProtection &old : std::as_const(before->protections)) {
                           if (!r->protections.contains(old))
                               return addVhostProtection(domain, name, old.location, old.users);
                       }
                       return std::shared_ptr<Command>();
                   });
}

// --- Web users ----------------------------------------------------------------------------------

std::shared_ptr<Command> addWebUser(const QString &domain, const QString &userId, const QString &password,
                                    std::shared_ptr<WebUser> out)
{
    return command(Text::tr("Add web user %1 of %2").arg(userId, domain),
                   [=](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto r = VhostOps::addWebUser(s, domain, userId, password);
                       if (!r.ok())
                           return r.error();
                       if (out)
                           *out = *r;
                       return removeWebUser(r->domain, r->userId);
                   });
}

std::shared_ptr<Command> setWebUserPassword(const QString &domain, const QString &userId, const QString &password)
{
    return reversible(Text::tr("Set the password of web user %1 of %2").arg(userId, domain),
                [=](DirectorySession &s) { return VhostOps::setWebUserPassword(s, domain, userId, password); }, {});
}

std::shared_ptr<Command> removeWebUser(const QString &domain, const QString &userId)
{
    // Its password cannot be given back: not undoable.
    return reversible(Text::tr("Delete web user %1 of %2").arg(userId, domain),
                [=](DirectorySession &s) { return VhostOps::removeWebUser(s, domain, userId); }, {});
}

// --- DNS ------------------------------------------------------------------------------------------

std::shared_ptr<Command> addDnsRecord(const QString &zone, const DnsRecord &record, std::shared_ptr<DnsOps::ZoneChange> out)
{
    return zoneCommand(Text::tr("Add %1").arg(recordText(zone, record)), zone,
                       [zone, record](DirectorySession &s) { return DnsOps::addRecord(s, zone, record); }, std::move(out));
}

std::shared_ptr<Command> removeDnsRecord(const QString &zone, const DnsRecord &record,
                                         std::shared_ptr<DnsOps::ZoneChange> out)
{
    return zoneCommand(Text::tr("Remove %1").arg(recordText(zone, record)), zone,
                       [zone, record](DirectorySession &s) { return DnsOps::removeRecord(s, zone, record); },
                       std::move(out));
}

std::shared_ptr<Command> replaceDnsRecord(const QString &zone, const DnsRecord &from, const DnsRecord &to,
                                          std::shared_ptr<DnsOps::ZoneChange> out)
{
    return zoneCommand(Text::tr("Change %1 to %2").arg(recordText(zone, from), to.value), zone,
                       [zone, from, to](DirectorySession &s) { return DnsOps::replaceRecord(s, zone, from, to); },
                       std::move(out));
}

// --- Databases -------------------------------------------------------------------------------------

std::shared_ptr<Command> addDatabase(const DatabaseOps::DatabaseSpec &spec, std::shared_ptr<Database> out)
{
    // Not undoable: dropping it would lose what was stored in it meanwhile.
    return command(Text::tr("Add database %1 of %2").arg(spec.name, spec.domain),
                   [spec, out](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto r = DatabaseOps::add(s, spec);
                       if (!r.ok())
                           return r.error();
                       if (out)
                           *out = *r;
                       return std::shared_ptr<Command>();
                   });
}

std::shared_ptr<Command> editDatabase(const QString &domain, const QString &name, const DatabaseOps::DatabaseChange &change)
{
    return command(Text::tr("Edit database %1").arg(name),
                   [=](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
                       auto before = DatabaseOps::show(s, domain, name);
                       if (!before.ok())
                           return before.error();
                       auto r = DatabaseOps::edit(s, domain, name, change);
                       if (!r.ok())
                           return r.error();
                       DatabaseOps::DatabaseChange back;
                       if (change.accessFrom)
                           back.accessFrom = before->accessFrom;
                       if (change.privileges)
                           back.privileges = before->privileges;
                       return editDatabase(domain, name, back);
                   });
}

std::shared_ptr<Command> setDatabasePassword(const QString &domain, const QString &name, const QString &password)
{
    return reversible(Text::tr("Set the password of database %1").arg(name),
                [=](DirectorySession &s) { return DatabaseOps::setPassword(s, domain, name, password); }, {});
}

std::shared_ptr<Command> removeDatabase(const QString &domain, const QString &name)
{
    return reversible(Text::tr("Delete database %1").arg(name),
                [=](DirectorySession &s) { return DatabaseOps::remove(s, domain, name); }, {});
}

} // namespace Isp::Console::WebCommands
