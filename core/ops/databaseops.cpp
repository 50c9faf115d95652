#include "core/ops/databaseops.h"

#include "core/ops/permissions.h"
#include "core/ops/confops.h"
#include "core/ops/placement.h"
#include "core/ops/processqueue.h"
#include "core/ops/transaction.h"
#include "core/ops/userops.h"
#include "core/validation/database.h"
#include "core/validation/password.h"

#include <QRegularExpression>

#include <algorithm>

namespace Isp::Core::DatabaseOps {

namespace {

constexpr int MaxAttempts = 50;
constexpr int AddPriority = 30;
constexpr int UpdatePriority = 30;
constexpr int DeletePriority = 31;
const QString DatabaseGroup = QStringLiteral("databasegroup");

template<typename T>
OpError invalid(const Validated<T> &v)
{
    return OpError::invalid(v.error().field, v.error().message);
}

// "shop" -> "example_com_shop"; a name already carrying the prefix is the full name.
OpResult<QString> fullName(const QString &field, const QString &domain, const QString &typed,
                           Validated<QString> (*validate)(const QString &, const QString &))
{
    // Lower-case first so "Example_Com_Shop" is recognised as carrying the prefix; the validator
    // refuses what is not ASCII anyway.
    const QString prefix = Database::namePrefix(domain);
    if (typed.isEmpty() || typed.compare(prefix, Qt::CaseInsensitive) == 0)
        return OpError::invalid(field, QStringLiteral("%1: a name is required (it gets the prefix %2)").arg(field, prefix));
    auto v = validate(field, typed.toLower().startsWith(prefix) ? typed : prefix + typed);
    if (!v.ok())
        return invalid(v);
    return *v;
}

OpResult<Done> checkWritable(const Domain &d)
{
    if (d.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked by %2; unlock it first").arg(d.name, d.lockedBy.isEmpty() ? QStringLiteral("an admin") : d.lockedBy));
    return Done{};
}

struct Found
{
    Database db;
    LdapEntry entry;
    UserOps::DomainState domain;
};

OpResult<Found> mustExist(DirectorySession &s, const QString &domain, const QString &name)
{
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    const QString d = state->domain.name;
    auto full = fullName(QStringLiteral("database"), d, name, &Validate::databaseName);
    if (!full.ok())
        return full.error();
    auto e = s.read(s.dit().database(d, *full), {QStringLiteral("*"), QStringLiteral("entryUUID")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("database %1 of %2 does not exist").arg(*full, d));
    return Found{Database::fromEntry(**e), **e, *state};
}

OpResult<QStringList> accessPatterns(DirectorySession &s, const QStringList &typed)
{
    QStringList values = typed;
    QString field = QStringLiteral("access-from");
    if (values.isEmpty()) {
        auto conf = ConfOps::value(s, QStringLiteral("dbAccessHostFilter"), QStringLiteral("localhost"));
        if (!conf.ok())
            return conf.error();
        values = conf->split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        if (values.isEmpty())
            values = {QStringLiteral("localhost")};
        field = QStringLiteral("dbAccessHostFilter");
    }
    QStringList out;
    for (const QString &v : std::as_const(values)) {
        auto p = Validate::databaseHostPattern(field, v);
        if (!p.ok())
            return invalid(p);
        if (!out.contains(*p))
            out << *p;
    }
    return out;
}

// The privileges marked with '*' in conf dbAccessPermissions
// ("Meta(ALL),Data(SELECT*|INSERT*|...),...").
OpResult<QStringList> privilegeSet(DirectorySession &s, const QStringList &typed)
{
    if (!typed.isEmpty()) {
        auto p = Validate::databasePrivileges(QStringLiteral("privilege"), typed);
        if (!p.ok())
            return invalid(p);
        return *p;
    }
    auto conf = ConfOps::value(s, QStringLiteral("dbAccessPermissions"), QString());
    if (!conf.ok())
        return conf.error();
    QStringList starred;
    static const QRegularExpression item(QStringLiteral("([^(),|]+)\\*"));
    for (auto it = item.globalMatch(*conf); it.hasNext();)
        starred << it.next().captured(1).trimmed();
    if (starred.isEmpty())
        starred = {QStringLiteral("SELECT"), QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE")};
    auto p = Validate::databasePrivileges(QStringLiteral("dbAccessPermissions"), starred);
    if (!p.ok())
        return invalid(p);
    return *p;
}

// Touches `dn` (replacing `attr` with its current value) on condition that its entryCSN is still
// `csn`. false: somebody changed it since it was read.
OpResult<bool> touchUnchanged(Transaction &tx, const LdapDn &dn, const QString &attr, const QString &value, const QString &csn)
{
    auto r = tx.modify(dn, {LdapModification::replace(attr, value)}, LdapFilter::equals(QStringLiteral("entryCSN"), csn));
    if (r.ok())
        return true;
    if (r.error().code() == LdapCode::AssertionFailed)
        return false;
    return OpError::directory(r.error());
}

QString entryUuid(const Result<LdapWriteResult> &added)
{
    return added.ok() && added->postRead ? added->postRead->text(QStringLiteral("entryUUID")) : QString();
}

// Where the work for a database goes: its server, else (no server recorded) the domain's default,
// else every member of databasegroup.
OpResult<QStringList> targets(DirectorySession &s, const Database &db, const Domain &d)
{
    const QString own = !db.host.isEmpty() ? db.host : d.dbHost;
    return targetHosts(s, own.isEmpty() ? QStringList() : QStringList{own}, DatabaseGroup);
}

OpResult<Database> addOnce(DirectorySession &s, const DatabaseSpec &spec, int attempt)
{
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), spec.domain);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (d.type == Domain::Type::Replica)
        return OpError::notAllowed(QStringLiteral("domain: cannot add databases to a replica domain (%1 mirrors %2; add them there)").arg(d.name, d.replicaMaster));
    if (auto w = checkWritable(d); !w.ok())
        return w.error();
    if (d.suspended)
        return OpError::notAllowed(QStringLiteral("domain %1 is suspended; resume it first").arg(d.name));

    Database db;
    db.domain = d.name;
    auto name = fullName(QStringLiteral("database"), d.name, spec.name, &Validate::databaseName);
    if (!name.ok())
        return name.error();
    db.name = *name;
    if (spec.user.isEmpty()) {
        auto user = Validate::databaseUser(QStringLiteral("user"), db.name);
        if (!user.ok())
            return invalid(user);
        db.user = *user;
    } else {
        auto user = fullName(QStringLiteral("user"), d.name, spec.user, &Validate::databaseUser);
        if (!user.ok())
            return user.error();
        db.user = *user;
    }
    if (!spec.passwordHash.isEmpty()) {
        static const QRegularExpression native(QStringLiteral("^\\*[0-9A-Fa-f]{40}$"));
        if (!spec.password.isEmpty() || !native.match(spec.passwordHash).hasMatch())
            return OpError::invalid(QStringLiteral("password"), QStringLiteral("password: a stored hash is \"*\" and 40 hexadecimal digits (MariaDB's mysql_native_password), given instead of a password"));
        db.passwordHash = spec.passwordHash.toUpper();
    } else {
        if (spec.password.isEmpty())
            return OpError::invalid(QStringLiteral("password"), QStringLiteral("password: a database user needs a password"));
        auto pw = Validate::password(QStringLiteral("password"), spec.password, db.user);
        if (!pw.ok())
            return invalid(pw);
        db.passwordHash = Database::nativePasswordHash(*pw);
    }
    auto access = accessPatterns(s, spec.accessFrom);
    if (!access.ok())
        return access.error();
    db.accessFrom = *access;
    auto privileges = privilegeSet(s, spec.privileges);
    if (!privileges.ok())
        return privileges.error();
    db.privileges = *privileges;

    auto host = placeObject(s, PlacementRole::Database, QStringLiteral("db-host"), spec.host, d.dbHost);
    if (!host.ok())
        return host.error();
    db.host = *host;
    // The server's entry as read before the uniqueness check (see the header).
    auto hostEntry = s.read(s.dit().host(db.host), {QStringLiteral("ispmanHostName"), QStringLiteral("entryCSN")});
    if (!hostEntry.ok())
        return OpError::directory(hostEntry.error());
    if (!hostEntry->has_value())
        return OpError::notFound(QStringLiteral("db-host: host %1 does not exist (ispman host add)").arg(db.host));
    const QString hostCsn = (*hostEntry)->text(QStringLiteral("entryCSN"));
    const QString hostName = (*hostEntry)->text(QStringLiteral("ispmanHostName"));

    auto taken = s.find(s.dit().base(),
                        LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanDatabaseData")),
                                           LdapFilter::equals(QStringLiteral("ispmanDBHost"), db.host),
                                           LdapFilter::anyOf({LdapFilter::equals(QStringLiteral("ispmanDBName"), db.name),
                                                              LdapFilter::equals(QStringLiteral("ispmanDBUser"), db.user)})}),
                        {QStringLiteral("ispmanDBName"), QStringLiteral("ispmanDBUser")});
    if (!taken.ok())
        return OpError::directory(taken.error());
    for (const LdapEntry &e : std::as_const(*taken)) {
        if (e.text(QStringLiteral("ispmanDBName")) == db.name)
            return OpError::conflict(QStringLiteral("database"), QStringLiteral("database: %1 already exists on %2 (%3)").arg(db.name, db.host, e.dn().toString()));
        return OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 is already a database user on %2 (%3)").arg(db.user, db.host, e.dn().toString()));
    }
    auto existing = s.read(s.dit().database(d.name, db.name), {QStringLiteral("ispmanDBHost")});
    if (!existing.ok())
        return OpError::directory(existing.error());
    if (existing->has_value())
        return OpError::conflict(QStringLiteral("database"), QStringLiteral("database: %1 already exists in %2 (on %3)").arg(db.name, d.name, (*existing)->text(QStringLiteral("ispmanDBHost"))));
    if (d.maxDatabases >= 0) {
        auto current = s.find(s.dit().databases(d.name), LdapFilter::objectClass(QStringLiteral("ispmanDatabaseData")), {QStringLiteral("1.1")}, LdapScope::OneLevel);
        if (!current.ok() && current.error().code() != LdapCode::NoSuchObject)
            return OpError::directory(current.error());
        const qsizetype count = current.ok() ? current->size() : 0;
        if (count >= d.maxDatabases)
            return OpError::limit(QStringLiteral("domain: %1 already has its maximum of %2 databases").arg(d.name).arg(d.maxDatabases));
    }
    auto hosts = targets(s, db, d);
    if (!hosts.ok())
        return hosts.error();
    // Domains added by ISPMan have the branch; the sample's and older ones may not. It is created
    // outside the transaction: an empty ou=databases is the normal state of a domain, and a
    // concurrent add that lost the race must not remove it from under the winner.
    auto branch = s.read(s.dit().databases(d.name), {QStringLiteral("1.1")});
    if (!branch.ok())
        return OpError::directory(branch.error());
    if (!branch->has_value()) {
        LdapEntry b(s.dit().databases(d.name));
        b.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanBranch")});
        b.setText(QStringLiteral("ou"), QStringLiteral("databases"));
        auto r = s.add(b);
        if (!r.ok() && r.error().code() != LdapCode::AlreadyExists)
            return OpError::directory(r.error());
    }

    Transaction tx(s);
    const LdapDn dn = s.dit().database(d.name, db.name);
    auto added = tx.add(db.toEntry(s.dit()));
    if (!added.ok()) {
        if (added.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("database"), QStringLiteral("database: %1 already exists").arg(db.name));
        return OpError::directory(added.error());
    }
    auto q = enqueueProcess(tx, {QStringLiteral("AddDatabase"), d.name, dn, entryUuid(added).toUtf8(), {}, AddPriority}, *hosts);
    if (!q.ok())
        return q.error();
    // Race-free limit and uniqueness: see the header.
    auto domainWon = touchUnchanged(tx, s.dit().domain(d.name), QStringLiteral("ispmanStatus"),
                                    state->status.isEmpty() ? QStringLiteral("active") : state->status, state->csn);
    if (!domainWon.ok())
        return domainWon.error();
    bool won = *domainWon;
    if (won) {
        auto hostWon = touchUnchanged(tx, s.dit().host(db.host), QStringLiteral("ispmanHostName"), hostName, hostCsn);
        if (!hostWon.ok())
            return hostWon.error();
        won = *hostWon;
    }
    if (!won) {
        tx.rollback();
        if (attempt >= MaxAttempts)
            return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: too many concurrent changes to %1 or %2; try again").arg(d.name, db.host));
        return addOnce(s, spec, attempt + 1);
    }
    tx.commit();
    auto after = mustExist(s, d.name, db.name);
    if (!after.ok())
        return after.error();
    return after->db;
}

OpResult<Done> queueUpdate(Transaction &tx, const Found &f, const LdapDn &dn, const QList<LdapModification> &mods)
{
    auto hosts = targets(tx.session(), f.db, f.domain.domain);
    if (!hosts.ok())
        return hosts.error();
    auto r = tx.modify(dn, mods);
    if (!r.ok())
        return OpError::directory(r.error());
    auto q = enqueueProcess(tx, {QStringLiteral("UpdateDatabase"), f.db.domain, dn, f.entry.value(QStringLiteral("entryUUID")), {}, UpdatePriority}, *hosts);
    if (!q.ok())
        return q.error();
    return Done{};
}

QList<QByteArray> utf8(const QStringList &values)
{
    QList<QByteArray> out;
    for (const QString &v : values)
        out << v.toUtf8();
    return out;
}

} // namespace

OpResult<Database> add(DirectorySession &s, const DatabaseSpec &spec)
{
    if (auto allowed = Permissions::requireDomain(s, spec.domain, Acl::Right::DomainContent, QStringLiteral("adding databases to %1").arg(spec.domain)); !allowed.ok())
        return allowed.error();
    return addOnce(s, spec, 0);
}

OpResult<Database> show(DirectorySession &s, const QString &domain, const QString &name)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("reading the databases of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    return f->db;
}

OpResult<QList<Database>> list(DirectorySession &s, const QString &domain)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("reading the databases of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    LdapSearchRequest r;
    r.base = s.dit().databases(state->domain.name);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanDatabaseData"));
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<Database>(); // no databases branch (yet, or a replica)
        return OpError::directory(found.error());
    }
    QList<Database> out;
    for (const LdapEntry &e : std::as_const(found->entries))
        out << Database::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const Database &a, const Database &b) { return a.name < b.name; });
    return out;
}

OpResult<Database> edit(DirectorySession &s, const QString &domain, const QString &name, const DatabaseChange &c)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the databases of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    if (auto w = checkWritable(f->domain.domain); !w.ok())
        return w.error();
    QList<LdapModification> mods;
    if (c.accessFrom) {
        if (c.accessFrom->isEmpty())
            return OpError::invalid(QStringLiteral("access-from"), QStringLiteral("access-from: give at least one client host pattern"));
        auto access = accessPatterns(s, *c.accessFrom);
        if (!access.ok())
            return access.error();
        if (*access != f->db.accessFrom)
            mods << LdapModification::replace(QStringLiteral("ispmanDBAccessFilter"), utf8(*access));
    }
    if (c.privileges) {
        auto p = Validate::databasePrivileges(QStringLiteral("privilege"), *c.privileges);
        if (!p.ok())
            return invalid(p);
        if (*p != f->db.privileges)
            mods << LdapModification::replace(QStringLiteral("ispmanDBPrivilege"), utf8(*p));
    }
    if (mods.isEmpty())
        return f->db;
    Transaction tx(s);
    auto q = queueUpdate(tx, *f, f->entry.dn(), mods);
    if (!q.ok())
        return q.error();
    tx.commit();
    return show(s, f->db.domain, f->db.name);
}

OpResult<Done> setPassword(DirectorySession &s, const QString &domain, const QString &name, const QString &password)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the databases of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    if (auto w = checkWritable(f->domain.domain); !w.ok())
        return w.error();
    auto pw = Validate::password(QStringLiteral("password"), password, f->db.user);
    if (!pw.ok())
        return invalid(pw);
    Transaction tx(s);
    auto q = queueUpdate(tx, *f, f->entry.dn(), {LdapModification::replace(QStringLiteral("ispmanDBPass"), Database::nativePasswordHash(*pw))});
    if (!q.ok())
        return q.error();
    tx.commit();
    return Done{};
}

OpResult<Done> remove(DirectorySession &s, const QString &domain, const QString &name)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("deleting the databases of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    if (auto w = checkWritable(f->domain.domain); !w.ok())
        return w.error();
    auto hosts = targets(s, f->db, f->domain.domain);
    if (!hosts.ok())
        return hosts.error();
    Transaction tx(s);
    // The same work DomainOps::remove queues for each database of a deleted domain.
    auto q = enqueueProcess(tx, {QStringLiteral("DeleteDatabase"), f->db.domain, f->entry.dn(), f->entry.value(QStringLiteral("entryUUID")),
                                 {{QStringLiteral("ispmanDBName"), f->db.name}, {QStringLiteral("ispmanDBUser"), f->db.user}}, DeletePriority},
                            *hosts);
    if (!q.ok())
        return q.error();
    auto r = tx.remove(f->entry.dn());
    if (!r.ok())
        return OpError::directory(r.error());
    tx.commit();
    return Done{};
}

} // namespace Isp::Core::DatabaseOps
