#include "core/ops/userops.h"

#include "core/ops/permissions.h"
#include "core/ops/confops.h"

#include "core/ops/idallocator.h"
#include "core/ops/placement.h"
#include "core/ops/processqueue.h"
#include "core/validation/domainname.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"
#include "core/validation/password.h"
#include "core/validation/text.h"

#include <QDateTime>
#include <QHash>
#include <QMap>

#include <algorithm>

namespace Isp::Core::UserOps {

namespace {

constexpr int MaxAttempts = 50;
constexpr int NoSuchAttribute = 16;   // LDAP resultCode noSuchAttribute
constexpr int TypeOrValueExists = 20; // LDAP resultCode attributeOrValueExists

template<typename T>
OpError invalid(const Validated<T> &v)
{
    return OpError::invalid(v.error().field, v.error().message);
}

struct Address
{
    QString local, domain;
    [[nodiscard]] QString text() const { return local + QLatin1Char('@') + domain; }
};

OpResult<Address> parseAddress(const QString &field, const QString &value, Validate::MailLocalPart rule)
{
    auto v = Validate::emailAddress(field, value, rule);
    if (!v.ok())
        return invalid(v);
    const qsizetype at = v->lastIndexOf(QLatin1Char('@'));
    return Address{v->left(at), v->mid(at + 1)};
}

struct Found
{
    MailUser user;
    LdapEntry entry;
};

OpResult<Found> mustExist(DirectorySession &s, const QString &address)
{
    auto a = parseAddress(QStringLiteral("user"), address, Validate::MailLocalPart::Mailbox);
    if (!a.ok())
        return a.error();
    auto uid = Validate::mailboxUid(QStringLiteral("user"), a->local, a->domain);
    if (!uid.ok())
        return invalid(uid);
    auto e = s.read(s.dit().user(a->domain, *uid), {QStringLiteral("*"), QStringLiteral("entryUUID")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("user %1 does not exist").arg(a->text()));
    return Found{MailUser::fromEntry(**e), **e};
}

int countBelow(DirectorySession &s, const LdapDn &base, const LdapFilter &filter)
{
    LdapSearchRequest r;
    r.base = base;
    r.filter = filter;
    r.attributes = QStringList{QStringLiteral("1.1")};
    r.pageSize = 1000;
    r.discardEntries = true;
    auto res = s.search(r);
    return res.ok() ? int(res->entryCount) : 0;
}

OpResult<QString> existingHost(DirectorySession &s, const QString &field, const QString &value)
{
    auto name = Validate::hostName(field, value);
    if (!name.ok())
        return invalid(name);
    auto host = s.read(s.dit().host(*name), {QStringLiteral("1.1")});
    if (!host.ok())
        return OpError::directory(host.error());
    if (!host->has_value())
        return OpError::notFound(QStringLiteral("%1: host %2 does not exist (ispman host add)").arg(field, *name));
    return *name;
}

QString entryUuid(const Result<LdapWriteResult> &added)
{
    return added.ok() && added->postRead ? added->postRead->text(QStringLiteral("entryUUID")) : QString();
}

OpResult<Done> checkWritable(const Domain &d)
{
    if (d.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked by %2; unlock it first").arg(d.name, d.lockedBy.isEmpty() ? QStringLiteral("an admin") : d.lockedBy));
    return Done{};
}

// A lock holds for every change to the domain's users, their passwords, status and addresses.
OpResult<Done> checkWritable(DirectorySession &s, const QString &domain)
{
    auto state = readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    return checkWritable(state->domain);
}

// The file server of a user's home: its own fileHost, else the domain's, else fileservergroup.
OpResult<QStringList> fileTargets(DirectorySession &s, const QString &fileHost, const Domain &d)
{
    const QString own = !fileHost.isEmpty() ? fileHost : d.fileServer;
    return targetHosts(s, own.isEmpty() ? QStringList() : QStringList{own}, QStringLiteral("fileservergroup"));
}

ProcessRequest deleteMailboxWork(const MailUser &u, const LdapDn &dn, const QByteArray &uuid)
{
    return {QStringLiteral("deleteMailbox"), u.domain, dn, uuid,
            {{QStringLiteral("mailbox"), u.address}, {QStringLiteral("homeDirectory"), u.homeDirectory}}, 23};
}

// What adding users to one domain needs besides the rows: read once per domain, so that a bulk
// add reads it once for all its rows. Placement keeps the load of the role's group members it
// counted and adds each placement to it, so the rows of one bulk add spread like single adds.
struct AddContext
{
    DomainState state;
    QString loginShell;
    QString defaultMailQuota, defaultFtpQuota; // text, validated per row like typed values
    QHash<int, QList<std::pair<QString, qint64>>> load; // by PlacementRole
};

OpResult<AddContext> addContext(DirectorySession &s, const QString &domain)
{
    auto state = readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (d.type == Domain::Type::Replica)
        return OpError::notAllowed(QStringLiteral("domain: cannot add users to a replica domain (%1 mirrors %2; add them there)").arg(d.name, d.replicaMaster));
    if (auto w = checkWritable(d); !w.ok())
        return w.error();
    if (d.suspended)
        return OpError::notAllowed(QStringLiteral("domain %1 is suspended; resume it first").arg(d.name));
    AddContext ctx{*state, {}, {}, {}, {}};
    for (const auto &[var, fallback, target] : {std::tuple{QStringLiteral("loginShell"), QStringLiteral("/bin/false"), &ctx.loginShell},
                                                std::tuple{QStringLiteral("defaultUserMailQuota"), QStringLiteral("50"), &ctx.defaultMailQuota},
                                                std::tuple{QStringLiteral("defaultUserFtpQuota"), QStringLiteral("1"), &ctx.defaultFtpQuota}}) {
        auto v = ConfOps::value(s, var, fallback);
        if (!v.ok())
            return v.error();
        *target = *v;
    }
    return ctx;
}

OpResult<qint64> quotaOf(const QString &field, const QString &typed, const QString &fallback)
{
    auto v = Validate::quotaMegabytes(field, typed.isEmpty() ? fallback : typed, Validate::Unlimited::Rejected);
    if (!v.ok())
        return invalid(v);
    return *v;
}

OpResult<QString> place(DirectorySession &s, AddContext &ctx, PlacementRole role, const QString &field, const QString &named,
                        const QString &domainDefault)
{
    if (!named.isEmpty() || !domainDefault.isEmpty())
        return placeObject(s, role, field, named, domainDefault);
    auto &load = ctx.load[int(role)];
    if (load.isEmpty()) {
        auto members = targetHosts(s, {}, placementRoleInfo(role).hostGroup);
        if (!members.ok())
            return members.error();
        auto counted = placementLoad(s, role, *members);
        if (!counted.ok())
            return counted.error();
        load = *counted;
    }
    auto *best = &load.first();
    for (auto &entry : load) {
        if (entry.second < best->second)
            best = &entry;
    }
    ++best->second;
    return best->first;
}

// One validated new user, placed, with the hosts that will do its work: everything before the
// writes except uniqueness, which needs the directory (see checkFree / the bulk search).
struct Prepared
{
    MailUser user;
    QStringList fileTargets;
    QStringList mailTargets;
    QString password;
};

OpResult<Prepared> prepareUser(DirectorySession &s, const UserSpec &spec, AddContext &ctx)
{
    const Domain &d = ctx.state.domain;
    MailUser u;
    u.domain = d.name;
    auto local = Validate::mailboxLocalPart(QStringLiteral("user"), spec.localPart);
    if (!local.ok())
        return invalid(local);
    u.userId = *local;
    auto address = parseAddress(QStringLiteral("user"), u.userId + QLatin1Char('@') + d.name, Validate::MailLocalPart::Mailbox);
    if (!address.ok())
        return address.error();
    u.address = address->text();
    auto uid = Validate::mailboxUid(QStringLiteral("user"), u.userId, d.name);
    if (!uid.ok())
        return invalid(uid);
    u.uid = *uid;
    for (const auto &[field, value, target] : {std::tuple{QStringLiteral("given-name"), spec.givenName, &u.givenName},
                                               std::tuple{QStringLiteral("surname"), spec.surname, &u.surname}}) {
        auto v = Validate::freeText(field, value, 256);
        if (!v.ok())
            return invalid(v);
        *target = *v;
    }
    for (const QString &f : spec.forwards) {
        auto a = parseAddress(QStringLiteral("forward"), f, Validate::MailLocalPart::Forward);
        if (!a.ok())
            return a.error();
        if (a->text().compare(u.address, Qt::CaseInsensitive) == 0)
            return OpError::invalid(QStringLiteral("forward"), QStringLiteral("forward: a user cannot forward to its own address"));
        // The directory compares forwards ignoring case: the same address twice would be refused.
        if (!u.forwards.contains(a->text(), Qt::CaseInsensitive))
            u.forwards << a->text();
    }
    if (!spec.password.isEmpty()) {
        auto pw = Validate::password(QStringLiteral("password"), spec.password, u.address);
        if (!pw.ok())
            return invalid(pw);
    }
    if (spec.mailbox) {
        auto host = place(s, ctx, PlacementRole::Mailbox, QStringLiteral("mail-host"), spec.mailHost, d.mailDropHost);
        if (!host.ok())
            return host.error();
        u.mailHost = *host;
        auto quota = quotaOf(QStringLiteral("mail-quota"), spec.mailQuota, ctx.defaultMailQuota);
        if (!quota.ok())
            return quota.error();
        u.mailQuotaKiB = *quota * 1024;
    } else {
        if (!spec.mailHost.isEmpty() || !spec.mailQuota.isEmpty())
            return OpError::invalid(QStringLiteral("mail-host"), QStringLiteral("mail-host: a user without a mailbox has no mail host or mail quota"));
        if (u.forwards.isEmpty())
            return OpError::invalid(QStringLiteral("forward"), QStringLiteral("forward: a user without a mailbox needs at least one forwarding address"));
    }
    auto ftpQuota = quotaOf(QStringLiteral("ftp-quota"), spec.ftpQuota, ctx.defaultFtpQuota);
    if (!ftpQuota.ok())
        return ftpQuota.error();
    u.ftpQuotaMBytes = int(*ftpQuota);
    u.ftpEnabled = spec.ftpEnabled;
    u.loginShell = ctx.loginShell;
    auto homeHost = place(s, ctx, PlacementRole::Home, QStringLiteral("file-host"), {}, d.fileServer);
    if (!homeHost.ok())
        return homeHost.error();
    u.fileHost = *homeHost;
    u.gidNumber = d.gidNumber;
    if (d.homeDirectory.isEmpty())
        return OpError::notAllowed(QStringLiteral("domain: %1 has no home directory to hold its users'").arg(d.name));
    u.homeDirectory = d.homeDirectory + QStringLiteral("/users/") + u.uid;
    // Who will do the work, known before anything is written.
    Prepared p{u, {}, {}, spec.password};
    auto files = fileTargets(s, u.fileHost, d);
    if (!files.ok())
        return files.error();
    p.fileTargets = *files;
    if (u.hasMailbox()) {
        auto t = targetHosts(s, {u.mailHost}, QStringLiteral("mailstoregroup"));
        if (!t.ok())
            return t.error();
        p.mailTargets = *t;
    }
    return p;
}

// The user's entry (with its password, which slapd hashes in the add: ppolicy) and its work.
LdapEntry newUserEntry(const Dit &dit, const Prepared &p)
{
    LdapEntry entry = p.user.toEntry(dit);
    if (!p.password.isEmpty())
        entry.setText(QStringLiteral("userPassword"), p.password);
    return entry;
}

QList<std::pair<ProcessRequest, QStringList>> newUserWork(const Prepared &p, const LdapDn &dn, const QByteArray &uuid)
{
    QList<std::pair<ProcessRequest, QStringList>> work{
        {ProcessRequest{QStringLiteral("createHomeDirectory"), p.user.domain, dn, uuid, {}, 13}, p.fileTargets}};
    if (p.user.hasMailbox())
        work.append({ProcessRequest{QStringLiteral("createMailbox"), p.user.domain, dn, uuid, {}, 14}, p.mailTargets});
    return work;
}

OpResult<MailUser> addOnce(DirectorySession &s, const UserSpec &spec, int attempt)
{
    auto ctx = addContext(s, spec.domain);
    if (!ctx.ok())
        return ctx.error();
    const Domain &d = ctx->state.domain;
    auto prepared = prepareUser(s, spec, *ctx);
    if (!prepared.ok())
        return prepared.error();
    MailUser &u = prepared->user;

    // The uid (also as login "john@example.com") and the address are free everywhere.
    auto taken = s.find(s.dit().base(), LdapFilter::anyOf({LdapFilter::equals(QStringLiteral("uid"), u.uid), LdapFilter::equals(QStringLiteral("uid"), u.address)}),
                        {QStringLiteral("1.1")});
    if (!taken.ok())
        return OpError::directory(taken.error());
    if (!taken->isEmpty())
        return OpError::conflict(QStringLiteral("user"), QStringLiteral("user: the user name %1 is taken (%2)").arg(u.uid, taken->first().dn().toString()));
    auto claim = claimAddress(s, QStringLiteral("user"), u.address, ctx->state);
    if (!claim.ok())
        return claim.error();
    if (d.maxAccounts >= 0) {
        const int users = countBelow(s, s.dit().users(d.name), LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")));
        if (users >= d.maxAccounts)
            return OpError::limit(QStringLiteral("domain: %1 already has its maximum of %2 accounts").arg(d.name).arg(d.maxAccounts));
    }

    Transaction tx(s);
    auto id = allocateId(s, IdCounter::Uid);
    if (!id.ok())
        return id.error();
    u.uidNumber = *id;
    u.created = QDateTime::currentSecsSinceEpoch();
    const LdapDn dn = s.dit().user(d.name, u.uid);
    auto added = tx.add(newUserEntry(s.dit(), *prepared));
    if (!added.ok()) {
        if (added.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 already exists").arg(u.address));
        return OpError::directory(added.error());
    }
    const QByteArray uuid = entryUuid(added).toUtf8();
    auto queued = enqueueProcesses(tx, newUserWork(*prepared, dn, uuid));
    if (!queued.ok())
        return queued.error();
    // Race-free uniqueness and account limit: see the header.
    auto won = confirmClaims(tx, {*claim});
    if (!won.ok())
        return won.error();
    if (!*won) {
        tx.rollback();
        if (attempt >= MaxAttempts)
            return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: too many concurrent changes to %1; try again").arg(d.name));
        return addOnce(s, spec, attempt + 1);
    }
    // The domain's posixGroup is every user's primary group (gidNumber): no memberUid value per
    // user, which would make each add rewrite an entry as large as the domain.
    tx.commit();
    auto after = mustExist(s, u.address);
    if (!after.ok())
        return after.error();
    return after->user;
}

// Adds one value to one attribute of `dn` and confirms the claims; undoes exactly that value
// (not the attribute's earlier state, which concurrent writers may have changed) and tries
// again when a concurrent claim won.
template<typename Claim>
OpResult<Done> addClaimedValue(DirectorySession &s, const LdapDn &dn, const QString &attr, const QString &value, Claim &&claim)
{
    for (int attempt = 0;; ++attempt) {
        auto c = claim();
        if (!c.ok())
            return c.error();
        auto r = s.modify(dn, {LdapModification::add(attr, {value.toUtf8()})});
        if (!r.ok()) {
            if (r.error().code() == TypeOrValueExists)
                return OpError::conflict(attr, QStringLiteral("%1: %2 is already there").arg(attr, value));
            return OpError::directory(r.error());
        }
        Transaction tx(s);
        auto won = confirmClaims(tx, {*c});
        if (won.ok() && *won) {
            tx.commit();
            return Done{};
        }
        auto undo = s.modify(dn, {LdapModification::remove(attr, {value.toUtf8()})});
        if (!won.ok())
            return won.error();
        if (!undo.ok())
            return OpError::directory(undo.error());
        if (attempt >= MaxAttempts)
            return OpError::conflict(attr, QStringLiteral("%1: too many concurrent changes; try again").arg(attr));
    }
}

OpResult<MailUser> modifyUser(DirectorySession &s, const Found &f, const QList<LdapModification> &mods)
{
    auto r = s.modify(f.entry.dn(), mods);
    if (!r.ok())
        return OpError::directory(r.error());
    auto after = mustExist(s, f.user.address);
    if (!after.ok())
        return after.error();
    return after->user;
}

} // namespace

OpResult<DomainState> readDomain(DirectorySession &s, const QString &field, const QString &name)
{
    auto n = Validate::domainName(field, name);
    if (!n.ok())
        return invalid(n);
    auto e = s.read(s.dit().domain(*n), {QStringLiteral("*"), QStringLiteral("entryCSN")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("%1: domain %2 does not exist").arg(field, *n));
    return DomainState{Domain::fromEntry(**e), (*e)->text(QStringLiteral("entryCSN")), (*e)->text(QStringLiteral("ispmanStatus"))};
}

OpResult<AddressClaim> claimAddress(DirectorySession &s, const QString &field, const QString &address, const DomainState &domain)
{
    // mailAlias is a subtype of mailLocalAddress: this one filter finds both.
    auto holders = s.find(s.dit().base(), LdapFilter::equals(QStringLiteral("mailLocalAddress"), address), {QStringLiteral("1.1")});
    if (!holders.ok())
        return OpError::directory(holders.error());
    if (!holders->isEmpty())
        return OpError::conflict(field, QStringLiteral("%1: the address %2 is already in use (%3)").arg(field, address, holders->first().dn().toString()));
    return AddressClaim{address, domain.domain.name, domain.csn, domain.status};
}

OpResult<AddressClaim> claimAlias(DirectorySession &s, const QString &field, const QString &alias, const QString &ownerDomain)
{
    QString address, domainName;
    if (alias.startsWith(QLatin1Char('@'))) {
        auto d = Validate::domainName(field, alias.mid(1));
        if (!d.ok())
            return invalid(d);
        domainName = *d;
        address = QLatin1Char('@') + domainName; // catch-all: one per domain, by uniqueness
    } else {
        auto a = parseAddress(field, alias, Validate::MailLocalPart::Mailbox);
        if (!a.ok())
            return a.error();
        domainName = a->domain;
        address = a->text();
    }
    auto state = readDomain(s, field, domainName);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (d.name != ownerDomain && !(d.type == Domain::Type::Replica && d.replicaMaster == ownerDomain)) {
        auto cross = ConfOps::value(s, QStringLiteral("allowCrossDomainAliases"), QStringLiteral("no"));
        if (!cross.ok())
            return cross.error();
        if (cross->compare(QLatin1String("yes"), Qt::CaseInsensitive) != 0)
            return OpError::invalid(field, QStringLiteral("%1: %2 is not in %3 or one of its replica domains (allowCrossDomainAliases is no)").arg(field, address, ownerDomain));
    }
    return claimAddress(s, field, address, *state);
}

OpResult<bool> confirmClaims(Transaction &tx, const QList<AddressClaim> &claims)
{
    QStringList done;
    for (const AddressClaim &c : claims) {
        if (done.contains(c.domain))
            continue;
        done << c.domain;
        auto guard = tx.modify(tx.session().dit().domain(c.domain),
                               {LdapModification::replace(QStringLiteral("ispmanStatus"), c.domainStatus.isEmpty() ? QStringLiteral("active") : c.domainStatus)},
                               LdapFilter::equals(QStringLiteral("entryCSN"), c.domainCsn));
        if (!guard.ok()) {
            if (guard.error().code() == LdapCode::AssertionFailed)
                return false;
            return OpError::directory(guard.error());
        }
    }
    return true;
}

OpResult<MailUser> add(DirectorySession &s, const UserSpec &spec)
{
    if (auto allowed = Permissions::requireDomain(s, spec.domain, Acl::Right::DomainContent, QStringLiteral("adding users to %1").arg(spec.domain)); !allowed.ok())
        return allowed.error();
    return addOnce(s, spec, 0);
}

OpResult<QList<MailUser>> addMany(DirectorySession &s, const QList<UserSpec> &specs)
{
    const auto atRow = [](qsizetype row, OpError e) {
        e.message = QStringLiteral("row %1: %2").arg(row + 1).arg(e.message);
        return e;
    };
    // Per domain: permission, its state and defaults, read once.
    QMap<QString, AddContext> contexts;
    QList<Prepared> rows;
    rows.reserve(specs.size());
    QHash<QString, qsizetype> seen; // uid and address -> row, for duplicates among the rows
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const QString key = specs.at(i).domain.toLower();
        if (!contexts.contains(key)) {
            if (auto allowed = Permissions::requireDomain(s, specs.at(i).domain, Acl::Right::DomainContent,
                                                          QStringLiteral("adding users to %1").arg(specs.at(i).domain));
                !allowed.ok())
                return atRow(i, allowed.error());
            auto ctx = addContext(s, specs.at(i).domain);
            if (!ctx.ok())
                return atRow(i, ctx.error());
            contexts.insert(key, *ctx);
        }
        auto p = prepareUser(s, specs.at(i), contexts[key]);
        if (!p.ok())
            return atRow(i, p.error());
        for (const QString &name : {p->user.uid, p->user.address}) {
            if (seen.contains(name))
                return atRow(i, OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 is also row %2").arg(name).arg(seen.value(name) + 1)));
            seen.insert(name, i);
        }
        rows << *p;
    }
    if (rows.isEmpty())
        return QList<MailUser>();
    // Names and addresses free: searches of 100 at a time instead of two per row.
    for (qsizetype i = 0; i < rows.size(); i += 100) {
        QList<LdapFilter> names;
        for (qsizetype j = i; j < std::min(rows.size(), i + 100); ++j) {
            names << LdapFilter::equals(QStringLiteral("uid"), rows.at(j).user.uid) << LdapFilter::equals(QStringLiteral("uid"), rows.at(j).user.address)
                  << LdapFilter::equals(QStringLiteral("mailLocalAddress"), rows.at(j).user.address);
        }
        auto taken = s.find(s.dit().base(), LdapFilter::anyOf(names), {QStringLiteral("uid"), QStringLiteral("mailLocalAddress")});
        if (!taken.ok())
            return OpError::directory(taken.error());
        for (const LdapEntry &e : std::as_const(*taken)) {
            for (const QString &value : e.texts(QStringLiteral("uid")) + e.texts(QStringLiteral("mailLocalAddress"))) {
                const auto row = seen.constFind(value.toLower());
                if (row != seen.constEnd())
                    return atRow(*row, OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 is already in use (%2)").arg(value, e.dn().toString())));
            }
        }
    }
    // Account limits, counting the rows.
    for (auto it = contexts.cbegin(); it != contexts.cend(); ++it) {
        const Domain &d = it->state.domain;
        if (d.maxAccounts < 0)
            continue;
        const qsizetype adding = std::count_if(rows.cbegin(), rows.cend(), [&](const Prepared &p) { return p.user.domain == d.name; });
        const int users = countBelow(s, s.dit().users(d.name), LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")));
        if (users + adding > d.maxAccounts)
            return OpError::limit(QStringLiteral("domain: %1 has %2 of at most %3 accounts; %4 more do not fit").arg(d.name).arg(users).arg(d.maxAccounts).arg(adding));
    }

    Transaction tx(s);
    auto ids = allocateIds(s, IdCounter::Uid, int(rows.size()));
    if (!ids.ok())
        return ids.error();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QList<LdapEntry> entries;
    entries.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        rows[i].user.uidNumber = ids->at(i);
        rows[i].user.created = now;
        entries << newUserEntry(s.dit(), rows.at(i));
    }
    const auto added = tx.addAll(entries);
    QList<std::pair<ProcessRequest, QStringList>> work;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!added.at(i).ok()) {
            const LdapError &e = added.at(i).error();
            return atRow(i, e.code() == LdapCode::AlreadyExists
                                ? OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 already exists").arg(rows.at(i).user.address))
                                : OpError::directory(e));
        }
        work << newUserWork(rows.at(i), entries.at(i).dn(), entryUuid(added.at(i)).toUtf8());
    }
    auto queued = enqueueProcesses(tx, work);
    if (!queued.ok())
        return queued.error();
    // One claim per domain: the domain is unchanged since its addresses were found free and its
    // users counted (see the header); if not, nothing of this batch stays.
    QList<AddressClaim> claims;
    for (const AddContext &ctx : std::as_const(contexts))
        claims << AddressClaim{QString(), ctx.state.domain.name, ctx.state.csn, ctx.state.status};
    auto won = confirmClaims(tx, claims);
    if (!won.ok())
        return won.error();
    if (!*won)
        return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: another change to %1 came in meanwhile; nothing was added, run it again")
                                                               .arg(QStringList(contexts.keys()).join(QStringLiteral(", "))));
    tx.commit();
    QList<MailUser> out;
    for (const Prepared &p : std::as_const(rows))
        out << p.user;
    return out;
}

OpResult<MailUser> show(DirectorySession &s, const QString &address)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::Read, QStringLiteral("reading user %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    return f->user;
}

OpResult<QList<MailUser>> list(DirectorySession &s, const QString &domain)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("listing the users of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto state = readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    LdapSearchRequest r;
    r.base = s.dit().users(state->domain.name);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanDomainUser"));
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<MailUser>(); // replicas have no users branch
        return OpError::directory(found.error());
    }
    QList<MailUser> out;
    for (const LdapEntry &e : std::as_const(found->entries))
        out << MailUser::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const MailUser &a, const MailUser &b) { return a.address < b.address; });
    return out;
}

OpResult<MailUser> edit(DirectorySession &s, const QString &address, const UserChange &c)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing user %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    const MailUser &u = f->user;
    auto state = readDomain(s, QStringLiteral("domain"), u.domain);
    if (!state.ok())
        return state.error();
    if (auto w = checkWritable(state->domain); !w.ok())
        return w.error();
    QList<LdapModification> mods;
    MailUser next = u;
    for (const auto &[value, field, target] : {std::tuple{c.givenName, QStringLiteral("given-name"), &next.givenName},
                                               std::tuple{c.surname, QStringLiteral("surname"), &next.surname}}) {
        if (!value)
            continue;
        auto v = Validate::freeText(field, *value, 256);
        if (!v.ok())
            return invalid(v);
        *target = *v;
    }
    if (c.givenName || c.surname) {
        mods << LdapModification{LdapModification::Op::Replace, QStringLiteral("givenName"),
                                 next.givenName.isEmpty() ? QList<QByteArray>() : QList<QByteArray>{next.givenName.toUtf8()}};
        mods << LdapModification::replace(QStringLiteral("sn"), next.surname.isEmpty() ? next.userId : next.surname);
        mods << LdapModification::replace(QStringLiteral("cn"), next.commonName());
    }
    if ((c.mailQuota || c.mailHost) && !u.hasMailbox())
        return OpError::notAllowed(QStringLiteral("user %1 has no mailbox (it only forwards)").arg(u.address));
    if (c.mailQuota) {
        auto q = Validate::quotaMegabytes(QStringLiteral("mail-quota"), *c.mailQuota, Validate::Unlimited::Rejected);
        if (!q.ok())
            return invalid(q);
        mods << LdapModification::replace(QStringLiteral("mailQuota"), QString::number(*q * 1024));
    }
    if (c.ftpQuota) {
        auto q = Validate::quotaMegabytes(QStringLiteral("ftp-quota"), *c.ftpQuota, Validate::Unlimited::Rejected);
        if (!q.ok())
            return invalid(q);
        mods << LdapModification::replace(QStringLiteral("FTPQuotaMBytes"), QString::number(*q));
    }
    // Suspension switches FTP off; switching it on again would undo the suspension for FTP.
    if (c.ftpEnabled && *c.ftpEnabled && u.suspended)
        return OpError::notAllowed(QStringLiteral("ftp: user %1 is suspended; resume it first (resuming enables FTP)").arg(u.address));
    if (c.ftpEnabled)
        mods << LdapModification::replace(QStringLiteral("FTPStatus"), *c.ftpEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled"));
    QStringList oldTargets, newTargets;
    if (c.mailHost) {
        auto h = existingHost(s, QStringLiteral("mail-host"), *c.mailHost);
        if (!h.ok())
            return h.error();
        if (*h != u.mailHost) {
            auto o = targetHosts(s, {u.mailHost}, QStringLiteral("mailstoregroup"));
            auto n = targetHosts(s, {*h}, QStringLiteral("mailstoregroup"));
            if (!o.ok() || !n.ok())
                return !o.ok() ? o.error() : n.error();
            oldTargets = *o;
            newTargets = *n;
            mods << LdapModification::replace(QStringLiteral("mailHost"), *h);
        }
    }
    if (mods.isEmpty())
        return u;
    Transaction tx(s);
    auto r = tx.modify(f->entry.dn(), mods);
    if (!r.ok())
        return OpError::directory(r.error());
    if (!newTargets.isEmpty()) {
        const QByteArray uuid = f->entry.value(QStringLiteral("entryUUID"));
        auto del = enqueueProcess(tx, deleteMailboxWork(u, f->entry.dn(), uuid), oldTargets);
        if (!del.ok())
            return del.error();
        auto create = enqueueProcess(tx, {QStringLiteral("createMailbox"), u.domain, f->entry.dn(), uuid, {}, 14}, newTargets);
        if (!create.ok())
            return create.error();
    }
    tx.commit();
    auto after = mustExist(s, u.address);
    if (!after.ok())
        return after.error();
    return after->user;
}

OpResult<Done> setPassword(DirectorySession &s, const QString &address, const QString &password)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("setting the password of %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    auto pw = Validate::password(QStringLiteral("password"), password, f->user.address);
    if (!pw.ok())
        return invalid(pw);
    if (auto w = checkWritable(s, f->user.domain); !w.ok())
        return w.error();
    auto r = s.passwordModify(f->entry.dn(), std::nullopt, password.toUtf8());
    if (!r.ok())
        return OpError::directory(r.error());
    return Done{};
}

OpResult<MailUser> setSuspended(DirectorySession &s, const QString &address, bool suspended)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("suspending or resuming %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = checkWritable(s, f->user.domain); !w.ok())
        return w.error();
    return modifyUser(s, *f, {LdapModification::replace(QStringLiteral("ispmanStatus"), suspended ? QStringLiteral("suspended") : QStringLiteral("active")),
                              LdapModification::replace(QStringLiteral("FTPStatus"), suspended ? QStringLiteral("disabled") : QStringLiteral("enabled"))});
}

OpResult<Done> remove(DirectorySession &s, const QString &address)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("deleting user %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    const MailUser &u = f->user;
    auto state = readDomain(s, QStringLiteral("domain"), u.domain);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (auto w = checkWritable(d); !w.ok())
        return w.error();
    const QByteArray uuid = f->entry.value(QStringLiteral("entryUUID"));
    QStringList mailTargets;
    if (u.hasMailbox()) {
        auto t = targetHosts(s, {u.mailHost}, QStringLiteral("mailstoregroup"));
        if (!t.ok())
            return t.error();
        mailTargets = *t;
    }
    QStringList files;
    if (!u.homeDirectory.isEmpty()) {
        auto t = fileTargets(s, u.fileHost, d);
        if (!t.ok())
            return t.error();
        files = *t;
    }
    const LdapDn group = s.dit().domain(d.name).child(QStringLiteral("cn"), d.name);
    // The domain's mail groups that deliver to the user (its address or one of its aliases)
    // lose it as a member: a deleted user must not stay a group's recipient.
    QStringList addresses{u.address};
    for (const QString &a : u.aliases) {
        if (!a.startsWith(QLatin1Char('@')))
            addresses << a;
    }
    QList<LdapFilter> anyOf;
    for (const QString &a : std::as_const(addresses))
        anyOf << LdapFilter::equals(QStringLiteral("mailForwardingAddress"), a);
    auto groups = s.find(s.dit().mailGroups(d.name), LdapFilter::anyOf(anyOf), {QStringLiteral("mailForwardingAddress")}, LdapScope::OneLevel);
    if (!groups.ok() && groups.error().code() != LdapCode::NoSuchObject)
        return OpError::directory(groups.error());
    Transaction tx(s);
    for (const LdapEntry &g : groups.ok() ? *groups : QList<LdapEntry>()) {
        QList<QByteArray> gone;
        const QStringList members = g.texts(QStringLiteral("mailForwardingAddress"));
        for (const QString &m : members) {
            if (addresses.contains(m, Qt::CaseInsensitive))
                gone << m.toUtf8();
        }
        if (gone.isEmpty())
            continue;
        auto r = tx.modify(g.dn(), {LdapModification::remove(QStringLiteral("mailForwardingAddress"), gone)});
        if (!r.ok())
            return OpError::directory(r.error());
    }
    if (!mailTargets.isEmpty()) {
        auto q = enqueueProcess(tx, deleteMailboxWork(u, f->entry.dn(), uuid), mailTargets);
        if (!q.ok())
            return q.error();
    }
    if (!files.isEmpty()) {
        auto q = enqueueProcess(tx, {QStringLiteral("deleteHomeDirectory"), u.domain, f->entry.dn(), uuid, {{QStringLiteral("homeDirectory"), u.homeDirectory}}, 20}, files);
        if (!q.ok())
            return q.error();
    }
    auto r = tx.remove(f->entry.dn());
    if (!r.ok())
        return OpError::directory(r.error());
    // Last, for the reason given in add().
    auto member = tx.modify(group, {LdapModification::remove(QStringLiteral("memberUid"), {u.uid.toUtf8()})});
    if (!member.ok() && member.error().code() != NoSuchAttribute && member.error().code() != LdapCode::NoSuchObject)
        return OpError::directory(member.error());
    tx.commit();
    return Done{};
}

OpResult<MailUser> addAlias(DirectorySession &s, const QString &address, const QString &alias)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing the aliases of %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    auto state = readDomain(s, QStringLiteral("domain"), f->user.domain);
    if (!state.ok())
        return state.error();
    if (auto w = checkWritable(state->domain); !w.ok())
        return w.error();
    // Validate once up front so the value written is the normalised one.
    auto first = claimAlias(s, QStringLiteral("alias"), alias, f->user.domain);
    if (!first.ok())
        return first.error();
    const QString value = first->address;
    bool fresh = true;
    auto r = addClaimedValue(s, f->entry.dn(), QStringLiteral("mailAlias"), value, [&]() -> OpResult<AddressClaim> {
        if (fresh) {
            fresh = false;
            return *first;
        }
        return claimAlias(s, QStringLiteral("alias"), value, f->user.domain);
    });
    if (!r.ok())
        return r.error();
    return show(s, f->user.address);
}

OpResult<MailUser> removeAlias(DirectorySession &s, const QString &address, const QString &alias)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing the aliases of %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = checkWritable(s, f->user.domain); !w.ok())
        return w.error();
    const QString value = storedForm(alias, Validate::MailLocalPart::Mailbox);
    const auto it = std::find_if(f->user.aliases.cbegin(), f->user.aliases.cend(), [&](const QString &a) { return a.compare(value, Qt::CaseInsensitive) == 0; });
    if (it == f->user.aliases.cend())
        return OpError::notFound(QStringLiteral("alias: %1 is not an alias of %2").arg(alias.left(254), f->user.address));
    return modifyUser(s, *f, {LdapModification::remove(QStringLiteral("mailAlias"), {it->toUtf8()})});
}

OpResult<MailUser> addForward(DirectorySession &s, const QString &address, const QString &forward)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing the forwards of %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = checkWritable(s, f->user.domain); !w.ok())
        return w.error();
    auto a = parseAddress(QStringLiteral("forward"), forward, Validate::MailLocalPart::Forward);
    if (!a.ok())
        return a.error();
    if (a->text().compare(f->user.address, Qt::CaseInsensitive) == 0)
        return OpError::invalid(QStringLiteral("forward"), QStringLiteral("forward: a user cannot forward to its own address"));
    if (f->user.aliases.contains(a->text(), Qt::CaseInsensitive))
        return OpError::invalid(QStringLiteral("forward"), QStringLiteral("forward: %1 is an alias of %2 itself: mail would loop").arg(a->text(), f->user.address));
    if (f->user.forwards.contains(a->text(), Qt::CaseInsensitive))
        return OpError::conflict(QStringLiteral("forward"), QStringLiteral("forward: %1 already forwards to %2").arg(f->user.address, a->text()));
    return modifyUser(s, *f, {LdapModification::add(QStringLiteral("mailForwardingAddress"), {a->text().toUtf8()})});
}

OpResult<MailUser> removeForward(DirectorySession &s, const QString &address, const QString &forward)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing the forwards of %1").arg(address)); !allowed.ok())
        return allowed.error();
    for (int attempt = 0;; ++attempt) {
        auto f = mustExist(s, address);
        if (!f.ok())
            return f.error();
        if (auto w = checkWritable(s, f->user.domain); !w.ok())
            return w.error();
        const QStringList &forwards = f->user.forwards;
        const QString value = storedForm(forward, Validate::MailLocalPart::Forward);
        const auto it = std::find_if(forwards.cbegin(), forwards.cend(), [&](const QString &a) { return a.compare(value, Qt::CaseInsensitive) == 0; });
        if (it == forwards.cend())
            return OpError::notFound(QStringLiteral("forward: %1 does not forward to %2").arg(f->user.address, forward.left(254)));
        // Two sessions removing the last two forwards at once would each see one left: remove
        // this one only while another one is still there, else look again.
        const auto other = std::find_if(forwards.cbegin(), forwards.cend(), [&](const QString &a) { return a.compare(*it, Qt::CaseInsensitive) != 0; });
        if (!f->user.hasMailbox() && other == forwards.cend())
            return OpError::notAllowed(QStringLiteral("forward: %1 has no mailbox; it needs at least one forwarding address").arg(f->user.address));
        LdapWriteOptions options;
        if (!f->user.hasMailbox())
            options.assertion = LdapFilter::anyOf({LdapFilter::present(QStringLiteral("mailHost")), LdapFilter::equals(QStringLiteral("mailForwardingAddress"), *other)});
        auto r = s.modify(f->entry.dn(), {LdapModification::remove(QStringLiteral("mailForwardingAddress"), {it->toUtf8()})}, options);
        if (r.ok())
            return show(s, f->user.address);
        if (r.error().code() != LdapCode::AssertionFailed || attempt >= MaxAttempts)
            return OpError::directory(r.error());
    }
}

QString storedForm(const QString &value, Validate::MailLocalPart rule)
{
    const QString typed = value.trimmed();
    if (typed.startsWith(QLatin1Char('@'))) {
        auto d = Validate::domainName(QStringLiteral("alias"), typed.mid(1));
        return d.ok() ? QLatin1Char('@') + *d : typed;
    }
    auto a = Validate::emailAddress(QStringLiteral("address"), typed, rule);
    return a.ok() ? *a : typed;
}

} // namespace Isp::Core::UserOps
