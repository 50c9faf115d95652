#include "agent/handlers/fileshandler.h"

#include "agent/handlers/directorytree.h"
#include "agent/handlers/processtarget.h"
#include "core/validation/domainname.h"
#include "core/validation/relativepath.h"

#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>

#include <optional>

namespace Isp::Agent {

namespace {

Q_LOGGING_CATEGORY(lcFiles, "isp.agent.files", QtInfoMsg)

using Core::LdapEntry;
using Core::LdapFilter;
using Owner = DirectoryTree::Owner;

enum class Kind { Domain, User, Vhost };

struct Work
{
    Kind kind;
    bool create;
};

std::optional<Work> workOf(const QString &process)
{
    static const QHash<QString, Work> works {
        { QStringLiteral("createDomainDirectories"), { Kind::Domain, true } },
        { QStringLiteral("deleteDomainDirectories"), { Kind::Domain, false } },
        { QStringLiteral("createHomeDirectory"), { Kind::User, true } },
        { QStringLiteral("deleteHomeDirectory"), { Kind::User, false } },
        { QStringLiteral("AddVirtualHostDirectories"), { Kind::Vhost, true } },
        { QStringLiteral("DeleteVirtualHostDirectories"), { Kind::Vhost, false } },
    };
    const auto it = works.constFind(process);
    if (it == works.constEnd())
        return std::nullopt;
    return *it;
}

QString objectClassOf(Kind kind)
{
    switch (kind) {
    case Kind::Domain:
        return QStringLiteral("ispmanDomain");
    case Kind::User:
        return QStringLiteral("ispmanDomainUser");
    case Kind::Vhost:
        return QStringLiteral("ispmanVirtualHost");
    }
    Q_UNREACHABLE();
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Domain:
        return QStringLiteral("domain");
    case Kind::User:
        return QStringLiteral("user");
    case Kind::Vhost:
        return QStringLiteral("website");
    }
    Q_UNREACHABLE();
}

const QStringList &objectAttributes()
{
    static const QStringList attrs { QStringLiteral("objectClass"), QStringLiteral("homeDirectory"),
        QStringLiteral("uidNumber"), QStringLiteral("gidNumber"), QStringLiteral("fileHost"),
        QStringLiteral("ispmanDomain"), QStringLiteral("ispmanDomainType"),
        QStringLiteral("ispmanDomainDefaultFileServer"), QStringLiteral("ispmanVhostDocumentRoot"),
        QStringLiteral("ispmanVhostScriptDir"), QStringLiteral("ispmanVhostLogdir"),
        QStringLiteral("ispmanVhostStatdir") };
    return attrs;
}

QString withoutTrailingSlash(QString p)
{
    while (p.size() > 1 && p.endsWith(u'/'))
        p.chop(1);
    return p;
}

// A folder named by the directory, located below one allowed base.
struct Place
{
    DirectoryTree tree;
    QStringList components; // below the base
    QString shown; // the absolute path as the directory names it (for messages)

    [[nodiscard]] Place child(const QStringList &names) const
    {
        return Place { tree, components + names, shown + u'/' + names.join(u'/') };
    }
};

// Where `absolute` (a value from the directory) lives, or why it is refused: relative, with
// "." or ".." or empty components, control characters, or not strictly inside a home base.
Core::Result<Place, QString> locate(const HandlerContext &ctx, const QString &field, const QString &absolute)
{
    const QStringList &bases = ctx.config.files.homeBases;
    auto mapped = ctx.paths.mapUnder(absolute, bases);
    if (!mapped.ok())
        return QStringLiteral("%1: %2").arg(field, mapped.error().message);
    const QString path = withoutTrailingSlash(absolute);
    QString best;
    for (const QString &b : bases) {
        const QString base = withoutTrailingSlash(b);
        if (path.startsWith(base + u'/') && base.size() > best.size())
            best = base;
    }
    auto base = ctx.paths.map(best);
    if (best.isEmpty() || !base.ok())
        return QStringLiteral("%1: no allowed folder holds %2").arg(field, path.left(200));
    return Place { DirectoryTree(*base), path.mid(best.size() + 1).split(u'/'), path };
}

Core::Result<std::optional<Owner>, QString> ownerOf(const HandlerContext &ctx, const LdapEntry &e)
{
    if (!ctx.config.files.chown)
        return std::optional<Owner>();
    auto uid = ProcessTarget::posixId(e, QStringLiteral("uidNumber"));
    if (!uid.ok())
        return uid.error();
    auto gid = ProcessTarget::posixId(e, QStringLiteral("gidNumber"));
    if (!gid.ok())
        return gid.error();
    return std::optional<Owner>(Owner { *uid, *gid });
}

struct PlannedDir
{
    Place place;
    uint mode;
    std::optional<Owner> owner;
};

QString domainOf(const LdapEntry &e)
{
    const QString d = e.text(QStringLiteral("ispmanDomain"));
    if (!d.isEmpty())
        return d;
    for (const Core::LdapRdn &rdn : e.dn().rdns()) {
        for (const Core::LdapAva &ava : rdn) {
            if (ava.type.compare(QLatin1String("ispmanDomain"), Qt::CaseInsensitive) == 0)
                return ava.value;
        }
    }
    return {};
}

bool isReplica(const LdapEntry &e)
{
    return e.text(QStringLiteral("ispmanDomainType")).compare(QLatin1String("replica"), Qt::CaseInsensitive) == 0;
}

// A website folder attribute: relative to the home (validated like core does), or absolute
// (ISPMan 1.x data) and then inside a home base like any other path.
Core::Result<QList<PlannedDir>, QString> websiteFolder(const HandlerContext &ctx, const Place &home, const LdapEntry &e,
    const QString &attribute, uint mode, const std::optional<Owner> &owner)
{
    const QString value = e.text(attribute);
    QList<PlannedDir> out;
    if (value.isEmpty())
        return out;
    if (value.startsWith(u'/')) {
        auto place = locate(ctx, attribute, value);
        if (!place.ok())
            return place.error();
        out << PlannedDir { *place, mode, owner };
        return out;
    }
    auto rel = Core::Validate::relativePath(attribute, value);
    if (!rel.ok())
        return rel.error().message;
    // Every level below the home belongs to the website, not only the last.
    QStringList parts;
    for (const QString &p : rel->split(u'/')) {
        parts << p;
        out << PlannedDir { home.child(parts), mode, owner };
    }
    return out;
}

// The folders `e` needs on its file server, every path checked before anything is touched.
// Empty when it needs none (a replica domain, no homeDirectory).
Core::Result<QList<PlannedDir>, QString> planFor(const HandlerContext &ctx, const LdapEntry &e, Kind kind)
{
    QList<PlannedDir> plan;
    const QString home = e.text(QStringLiteral("homeDirectory"));
    if (home.isEmpty() || (kind == Kind::Domain && isReplica(e)))
        return plan;
    auto place = locate(ctx, QStringLiteral("homeDirectory"), home);
    if (!place.ok())
        return place.error();
    auto owner = ownerOf(ctx, e);
    if (!owner.ok())
        return owner.error();
    switch (kind) {
    case Kind::Domain:
        plan << PlannedDir { *place, 0755, *owner }
             << PlannedDir { place->child({ QStringLiteral("users") }), 0711, *owner }
             << PlannedDir { place->child({ QStringLiteral("vhosts") }), 0755, *owner };
        break;
    case Kind::User:
        plan << PlannedDir { *place, 0711, *owner }
             << PlannedDir { place->child({ QStringLiteral("public_html") }), 0755, *owner };
        break;
    case Kind::Vhost: {
        plan << PlannedDir { *place, 0755, *owner };
        // Logs: Apache opens them as root; a folder the customer owned could hold a link to
        // any file. Root's, readable by the website's group.
        const std::optional<Owner> logOwner = *owner ? std::optional<Owner>(Owner { 0, (*owner)->gid }) : std::nullopt;
        for (const auto &[attribute, mode, folderOwner] :
            { std::tuple { QStringLiteral("ispmanVhostDocumentRoot"), 0755u, *owner },
                std::tuple { QStringLiteral("ispmanVhostScriptDir"), 0755u, *owner },
                std::tuple { QStringLiteral("ispmanVhostStatdir"), 0755u, *owner },
                std::tuple { QStringLiteral("ispmanVhostLogdir"), 0750u, logOwner } }) {
            auto dirs = websiteFolder(ctx, *place, e, attribute, mode, folderOwner);
            if (!dirs.ok())
                return dirs.error();
            plan += *dirs;
        }
        break;
    }
    }
    // One folder named twice with different modes or owners (a log folder that is also the
    // document root) would flip at every run: refused.
    QHash<QString, const PlannedDir *> seen;
    for (const PlannedDir &d : std::as_const(plan)) {
        const PlannedDir *other = seen.value(d.place.shown);
        if (other
            && (other->mode != d.mode || other->owner.has_value() != d.owner.has_value()
                || (d.owner && (other->owner->uid != d.owner->uid || other->owner->gid != d.owner->gid))))
            return QStringLiteral("%1 is named by two folder attributes that want different modes or owners")
                .arg(d.place.shown);
        seen.insert(d.place.shown, &d);
    }
    return plan;
}

// Makes the host hold `e`'s folders as planned.
Outcome converge(const HandlerContext &ctx, const LdapEntry &e, Kind kind)
{
    auto plan = planFor(ctx, e, kind);
    if (!plan.ok()) {
        qCWarning(lcFiles).noquote() << "refused" << e.dn().toString() << plan.error();
        return Outcome::failed(QStringLiteral("refused: %1; nothing was changed").arg(plan.error()));
    }
    if (plan->isEmpty())
        return Outcome::done(false, QStringLiteral("%1 %2 has no folders").arg(kindName(kind), e.dn().toString()));
    QStringList changed;
    for (const PlannedDir &d : std::as_const(*plan)) {
        auto r = d.place.tree.ensure(d.place.components, d.mode, d.owner);
        if (!r.ok()) {
            qCWarning(lcFiles).noquote() << e.dn().toString() << r.error();
            return Outcome::failed(r.error());
        }
        if (*r)
            changed << d.place.shown;
    }
    if (changed.isEmpty())
        return Outcome::done(false);
    qCInfo(lcFiles).noquote() << "made or corrected" << changed.join(QStringLiteral(", "));
    return Outcome::done(true, QStringLiteral("made or corrected %1").arg(changed.join(QStringLiteral(", "))));
}

// Whether an object's files are this host's: its fileHost, else its domain's default file
// server, else membership of fileservergroup (docs/processes.md). Caches what it reads.
class Placement
{
public:
    explicit Placement(HandlerContext &ctx) : m_ctx(ctx) { }

    // Empty when here; else where (for messages). An error as Result.
    Core::Result<std::optional<QString>, QString> elsewhere(const LdapEntry &e, Kind kind)
    {
        const QString own = e.text(QStringLiteral("fileHost"));
        if (!own.isEmpty())
            return ProcessTarget::isThisHost(m_ctx.hostNames, own) ? std::optional<QString>()
                                                                   : std::optional<QString>(own);
        QString fallback;
        if (kind == Kind::Domain) {
            fallback = e.text(QStringLiteral("ispmanDomainDefaultFileServer"));
        } else {
            const QString domain = domainOf(e).toLower();
            if (!domain.isEmpty() && !m_defaults.contains(domain)) {
                auto d = m_ctx.session.read(
                    m_ctx.session.dit().domain(domain), { QStringLiteral("ispmanDomainDefaultFileServer") });
                if (!d.ok())
                    return QStringLiteral("cannot read domain %1: %2").arg(domain, d.error().toString());
                m_defaults.insert(
                    domain, d->has_value() ? (*d)->text(QStringLiteral("ispmanDomainDefaultFileServer")) : QString());
            }
            fallback = m_defaults.value(domain);
        }
        if (!fallback.isEmpty())
            return ProcessTarget::isThisHost(m_ctx.hostNames, fallback) ? std::optional<QString>()
                                                                        : std::optional<QString>(fallback);
        auto member = inGroup();
        if (!member.ok())
            return member.error();
        return *member ? std::optional<QString>()
                       : std::optional<QString>(QStringLiteral("the members of fileservergroup"));
    }

    void remember(const QString &domain, const QString &defaultServer)
    {
        m_defaults.insert(domain.toLower(), defaultServer);
    }

private:
    Core::Result<bool, QString> inGroup()
    {
        if (m_inGroup)
            return *m_inGroup;
        auto g = m_ctx.session.read(m_ctx.session.dit().hostGroup(QStringLiteral("fileservergroup")),
            { QStringLiteral("ispmanHostGroupMember") });
        if (!g.ok())
            return QStringLiteral("cannot read fileservergroup: %1").arg(g.error().toString());
        m_inGroup = g->has_value()
            && ProcessTarget::anyIsThisHost(m_ctx.hostNames, (*g)->texts(QStringLiteral("ispmanHostGroupMember")));
        return *m_inGroup;
    }

    HandlerContext &m_ctx;
    QHash<QString, QString> m_defaults;
    std::optional<bool> m_inGroup;
};

// The live object whose home `path` is, or whose home lies below `path` in a domain whose home
// holds `path`: its DN, or nullopt when `path` belongs to nobody any more.
Core::Result<std::optional<QString>, QString> homeInUse(Core::DirectorySession &s, const QString &path)
{
    const QString homeAttr = QStringLiteral("homeDirectory");
    auto same = s.find(s.dit().base(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("posixAccount")),
            LdapFilter::anyOf({ LdapFilter::equals(homeAttr, path), LdapFilter::equals(homeAttr, path + u'/') }) }),
        { QStringLiteral("1.1") });
    if (!same.ok())
        return QStringLiteral("cannot look for other users of %1: %2").arg(path, same.error().toString());
    if (!same->isEmpty())
        return std::optional<QString>(same->first().dn().toString());
    QList<LdapFilter> ancestors;
    for (qsizetype i = path.indexOf(u'/', 1); i > 0; i = path.indexOf(u'/', i + 1)) {
        ancestors << LdapFilter::equals(homeAttr, path.left(i)) << LdapFilter::equals(homeAttr, path.left(i + 1));
    }
    if (ancestors.isEmpty())
        return std::optional<QString>();
    auto domains = s.find(s.dit().base(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanDomain")), LdapFilter::anyOf(ancestors) }),
        { QStringLiteral("1.1") }, Core::LdapScope::OneLevel);
    if (!domains.ok())
        return QStringLiteral("cannot look for the domain holding %1: %2").arg(path, domains.error().toString());
    for (const LdapEntry &d : std::as_const(*domains)) {
        auto below = s.find(d.dn(), LdapFilter::present(homeAttr), { homeAttr });
        if (!below.ok())
            return QStringLiteral("cannot look for other users of %1: %2").arg(path, below.error().toString());
        for (const LdapEntry &e : std::as_const(*below)) {
            const QString h = withoutTrailingSlash(e.text(homeAttr));
            if (h == path || h.startsWith(path + u'/'))
                return std::optional<QString>(e.dn().toString());
        }
    }
    return std::optional<QString>();
}

Outcome remove(HandlerContext &ctx, const Core::Process &process, Kind kind)
{
    const QString home = ProcessTarget::param(process, QStringLiteral("homeDirectory"));
    if (home.isEmpty())
        return Outcome::failed(
            QStringLiteral("%1 has no homeDirectory parameter: nothing to remove").arg(process.name));
    auto place = locate(ctx, QStringLiteral("homeDirectory"), home);
    if (!place.ok()) {
        qCWarning(lcFiles).noquote() << "refused" << process.name << place.error();
        return Outcome::failed(QStringLiteral("refused: %1; nothing was removed").arg(place.error()));
    }
    auto object = ProcessTarget::current(ctx.session, process, { QStringLiteral("1.1") });
    if (!object.ok())
        return Outcome::failed(object.error());
    if (object->has_value())
        return Outcome::done(false,
            QStringLiteral("%1 %2 exists (again): %3 left in place")
                .arg(kindName(kind), (*object)->dn().toString(), place->shown));
    auto used = homeInUse(ctx.session, place->shown);
    if (!used.ok())
        return Outcome::failed(used.error());
    if (used->has_value())
        return Outcome::done(
            false, QStringLiteral("%1 still holds the home of %2: left in place").arg(place->shown, **used));
    auto removed = place->tree.removeTree(place->components);
    if (!removed.ok()) {
        qCWarning(lcFiles).noquote() << process.name << removed.error();
        return Outcome::failed(removed.error());
    }
    if (!*removed)
        return Outcome::done(false, QStringLiteral("%1 was already gone").arg(place->shown));
    qCInfo(lcFiles).noquote() << "removed" << place->shown << "of" << process.target;
    return Outcome::done(true, QStringLiteral("removed %1").arg(place->shown));
}

Outcome create(HandlerContext &ctx, const Core::Process &process, Kind kind)
{
    auto object = ProcessTarget::current(ctx.session, process, objectAttributes());
    if (!object.ok())
        return Outcome::failed(object.error());
    if (!object->has_value())
        return Outcome::done(false, QStringLiteral("%1 is gone: nothing to make").arg(process.target));
    const LdapEntry &e = **object;
    if (!e.hasObjectClass(objectClassOf(kind)))
        return Outcome::failed(
            QStringLiteral("%1 is not a %2 (%3)").arg(e.dn().toString(), kindName(kind), objectClassOf(kind)));
    Placement placement(ctx);
    auto where = placement.elsewhere(e, kind);
    if (!where.ok())
        return Outcome::failed(where.error());
    if (where->has_value())
        return Outcome::done(false,
            QStringLiteral("the files of %1 are on %2, not here: nothing to do").arg(e.dn().toString(), **where));
    return converge(ctx, e, kind);
}

struct Assigned
{
    LdapEntry entry;
    Kind kind;
};

} // namespace

QStringList FilesHandler::processes() const
{
    return { QStringLiteral("createDomainDirectories"), QStringLiteral("deleteDomainDirectories"),
        QStringLiteral("createHomeDirectory"), QStringLiteral("deleteHomeDirectory"),
        QStringLiteral("AddVirtualHostDirectories"), QStringLiteral("DeleteVirtualHostDirectories") };
}

Outcome FilesHandler::run(const Core::Process &process, HandlerContext &context)
{
    const auto work = workOf(process.name);
    if (!work)
        return Outcome::failed(QStringLiteral("the files handler does not run %1").arg(process.name));
    return work->create ? create(context, process, work->kind) : remove(context, process, work->kind);
}

ReconcileReport FilesHandler::reconcile(HandlerContext &context)
{
    ReconcileReport report;
    Core::DirectorySession &s = context.session;
    Placement placement(context);
    QList<Assigned> here;

    auto domains = s.find(s.dit().base(), LdapFilter::objectClass(QStringLiteral("ispmanDomain")), objectAttributes(),
        Core::LdapScope::OneLevel);
    if (!domains.ok()) {
        report.problems << QStringLiteral("cannot list the domains: %1").arg(domains.error().toString());
        return report;
    }
    for (const LdapEntry &d : std::as_const(*domains))
        placement.remember(domainOf(d), d.text(QStringLiteral("ispmanDomainDefaultFileServer")));
    QList<std::pair<LdapEntry, Kind>> candidates;
    for (const LdapEntry &d : std::as_const(*domains))
        candidates.append({ d, Kind::Domain });
    // Users and websites placed here, or placed by their domain (no fileHost of their own).
    const LdapFilter mineOrUnplaced
        = LdapFilter::anyOf({ ProcessTarget::anyHostFilter(QStringLiteral("fileHost"), context.hostNames),
            LdapFilter::negate(LdapFilter::present(QStringLiteral("fileHost"))) });
    for (Kind kind : { Kind::User, Kind::Vhost }) {
        auto found = s.find(s.dit().base(),
            LdapFilter::allOf({ LdapFilter::objectClass(objectClassOf(kind)), mineOrUnplaced }), objectAttributes());
        if (!found.ok()) {
            report.problems << QStringLiteral("cannot list the %1s: %2").arg(kindName(kind), found.error().toString());
            return report;
        }
        for (const LdapEntry &e : std::as_const(*found))
            candidates.append({ e, kind });
    }

    QSet<QString> knownHomes;
    QList<std::pair<Place, QString>> domainHomes; // domain homes here, with the domain's name
    for (const auto &[e, kind] : std::as_const(candidates)) {
        if (e.text(QStringLiteral("homeDirectory")).isEmpty() || (kind == Kind::Domain && isReplica(e)))
            continue;
        auto where = placement.elsewhere(e, kind);
        if (!where.ok()) {
            report.problems << where.error();
            continue;
        }
        if (where->has_value())
            continue;
        ++report.checked;
        const QString home = withoutTrailingSlash(e.text(QStringLiteral("homeDirectory")));
        knownHomes.insert(home);
        if (kind == Kind::Domain) {
            if (auto place = locate(context, QStringLiteral("homeDirectory"), home); place.ok())
                domainHomes.append({ *place, domainOf(e) });
        }
        const Outcome o = converge(context, e, kind);
        if (!o.ok)
            report.problems << QStringLiteral("%1 %2: %3").arg(kindName(kind), e.dn().toString(), o.message);
        else if (o.changed)
            ++report.repaired;
    }

    // What is there without an object: reported, never removed (customer data).
    for (const auto &[place, domain] : std::as_const(domainHomes)) {
        for (const auto &[folder, what] : { std::pair { QStringLiteral("users"), QStringLiteral("user") },
                 std::pair { QStringLiteral("vhosts"), QStringLiteral("website") } }) {
            const Place sub = place.child({ folder });
            auto entries = sub.tree.list(sub.components);
            if (!entries.ok()) {
                report.problems << entries.error();
                continue;
            }
            for (const DirectoryTree::Entry &entry : std::as_const(*entries)) {
                const QString path = sub.shown + u'/' + entry.name;
                if (!knownHomes.contains(path))
                    report.problems << QStringLiteral("%1: not the home of any %2 of %3 on this host; left in place")
                                           .arg(path, what, domain);
            }
        }
    }
    for (const QString &b : std::as_const(context.config.files.homeBases)) {
        const QString base = withoutTrailingSlash(b);
        auto mapped = context.paths.map(base);
        if (!mapped.ok())
            continue;
        const DirectoryTree tree(*mapped);
        auto entries = tree.list({});
        if (!entries.ok()) {
            report.problems << entries.error();
            continue;
        }
        for (const DirectoryTree::Entry &entry : std::as_const(*entries)) {
            // Only what looks like a domain's home: a home base also holds other things
            // (/var/www/html, the homes of system users).
            const auto name = Core::Validate::domainName(QStringLiteral("folder"), entry.name);
            if (!name.ok() || *name != entry.name)
                continue;
            const QString path = base + u'/' + entry.name;
            if (!knownHomes.contains(path))
                report.problems
                    << QStringLiteral("%1: not the home of any domain on this host; left in place").arg(path);
        }
    }
    qCInfo(lcFiles) << "reconciled" << report.checked << "objects," << report.repaired << "repaired,"
                    << report.problems.size() << "problems";
    return report;
}

} // namespace Isp::Agent
