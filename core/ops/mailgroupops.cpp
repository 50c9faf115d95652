#include "core/ops/mailgroupops.h"

#include "core/ops/permissions.h"
#include "core/ops/transaction.h"
#include "core/ops/userops.h"
#include "core/validation/mailaddress.h"

#include <algorithm>

namespace Isp::Core::MailGroupOps {

namespace {

constexpr int MaxAttempts = 50;
constexpr int TypeOrValueExists = 20;

template<typename T>
OpError invalid(const Validated<T> &v)
{
    return OpError::invalid(v.error().field, v.error().message);
}

struct Found
{
    MailGroup group;
    LdapDn dn;
};

OpResult<Found> mustExist(DirectorySession &s, const QString &address)
{
    auto v = Validate::emailAddress(QStringLiteral("group"), address, Validate::MailLocalPart::Mailbox);
    if (!v.ok())
        return invalid(v);
    const qsizetype at = v->lastIndexOf(QLatin1Char('@'));
    const LdapDn dn = MailGroup::dn(s.dit(), v->mid(at + 1), v->left(at));
    auto e = s.read(dn);
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("mail group %1 does not exist").arg(*v));
    return Found{MailGroup::fromEntry(**e), dn};
}

OpResult<QString> member(const QString &value)
{
    auto v = Validate::emailAddress(QStringLiteral("member"), value, Validate::MailLocalPart::Forward);
    if (!v.ok())
        return invalid(v);
    return *v;
}

OpResult<MailGroup> writable(DirectorySession &s, const Found &f)
{
    auto d = UserOps::readDomain(s, QStringLiteral("domain"), f.group.domain);
    if (!d.ok())
        return d.error();
    if (d->domain.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked; unlock it first").arg(d->domain.name));
    return f.group;
}

OpResult<MailGroup> modifyGroup(DirectorySession &s, const Found &f, const QList<LdapModification> &mods)
{
    auto r = s.modify(f.dn, mods);
    if (!r.ok())
        return OpError::directory(r.error());
    return show(s, f.group.address);
}

OpResult<MailGroup> addOnce(DirectorySession &s, const MailGroupSpec &spec, int attempt)
{
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), spec.domain);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (d.type == Domain::Type::Replica)
        return OpError::notAllowed(QStringLiteral("domain: cannot add mail groups to a replica domain (%1 mirrors %2)").arg(d.name, d.replicaMaster));
    if (d.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked; unlock it first").arg(d.name));
    MailGroup g;
    g.domain = d.name;
    auto name = Validate::mailboxLocalPart(QStringLiteral("name"), spec.name);
    if (!name.ok())
        return invalid(name);
    g.name = *name;
    auto address = Validate::emailAddress(QStringLiteral("name"), g.name + QLatin1Char('@') + d.name, Validate::MailLocalPart::Mailbox);
    if (!address.ok())
        return invalid(address);
    g.address = *address;
    for (const QString &m : spec.members) {
        auto v = member(m);
        if (!v.ok())
            return v.error();
        if (v->compare(g.address, Qt::CaseInsensitive) == 0)
            return OpError::invalid(QStringLiteral("member"), QStringLiteral("member: a group cannot contain itself"));
        if (!g.members.contains(*v, Qt::CaseInsensitive))
            g.members << *v;
    }
    auto existing = s.read(MailGroup::dn(s.dit(), d.name, g.name), {QStringLiteral("1.1")});
    if (!existing.ok())
        return OpError::directory(existing.error());
    if (existing->has_value())
        return OpError::conflict(QStringLiteral("name"), QStringLiteral("name: mail group %1 already exists").arg(g.address));
    QList<UserOps::AddressClaim> claims;
    auto own = UserOps::claimAddress(s, QStringLiteral("name"), g.address, *state);
    if (!own.ok())
        return own.error();
    claims << *own;
    for (const QString &a : spec.aliases) {
        auto c = UserOps::claimAlias(s, QStringLiteral("alias"), a, d.name);
        if (!c.ok())
            return c.error();
        for (const UserOps::AddressClaim &other : std::as_const(claims)) {
            if (other.address == c->address)
                return OpError::invalid(QStringLiteral("alias"), QStringLiteral("alias: %1 is given twice").arg(c->address));
        }
        claims << *c;
        g.aliases << c->address;
    }
    Transaction tx(s);
    auto added = tx.add(g.toEntry(s.dit()));
    if (!added.ok()) {
        if (added.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("name"), QStringLiteral("name: mail group %1 already exists").arg(g.address));
        return OpError::directory(added.error());
    }
    auto won = UserOps::confirmClaims(tx, claims);
    if (!won.ok())
        return won.error();
    if (!*won) {
        tx.rollback();
        if (attempt >= MaxAttempts)
            return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: too many concurrent changes to %1; try again").arg(d.name));
        return addOnce(s, spec, attempt + 1);
    }
    tx.commit();
    return show(s, g.address);
}

} // namespace

OpResult<MailGroup> add(DirectorySession &s, const MailGroupSpec &spec)
{
    if (auto allowed = Permissions::requireDomain(s, spec.domain, Acl::Right::DomainContent, QStringLiteral("adding mail groups to %1").arg(spec.domain)); !allowed.ok())
        return allowed.error();
    return addOnce(s, spec, 0);
}

OpResult<MailGroup> show(DirectorySession &s, const QString &address)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::Read, QStringLiteral("reading mail group %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    return f->group;
}

OpResult<QList<MailGroup>> list(DirectorySession &s, const QString &domain)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("listing the mail groups of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    LdapSearchRequest r;
    r.base = s.dit().mailGroups(state->domain.name);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanMailGroup"));
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<MailGroup>();
        return OpError::directory(found.error());
    }
    QList<MailGroup> out;
    for (const LdapEntry &e : std::as_const(found->entries))
        out << MailGroup::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const MailGroup &a, const MailGroup &b) { return a.address < b.address; });
    return out;
}

OpResult<Done> remove(DirectorySession &s, const QString &address)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("deleting mail group %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = writable(s, *f); !w.ok())
        return w.error();
    auto r = s.remove(f->dn);
    if (!r.ok())
        return OpError::directory(r.error());
    return Done{};
}

OpResult<MailGroup> addMember(DirectorySession &s, const QString &address, const QString &value)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing mail group %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = writable(s, *f); !w.ok())
        return w.error();
    auto m = member(value);
    if (!m.ok())
        return m.error();
    if (m->compare(f->group.address, Qt::CaseInsensitive) == 0)
        return OpError::invalid(QStringLiteral("member"), QStringLiteral("member: a group cannot contain itself"));
    if (f->group.members.contains(*m, Qt::CaseInsensitive))
        return OpError::conflict(QStringLiteral("member"), QStringLiteral("member: %1 is already in %2").arg(*m, f->group.address));
    return modifyGroup(s, *f, {LdapModification::add(QStringLiteral("mailForwardingAddress"), {m->toUtf8()})});
}

OpResult<MailGroup> removeMember(DirectorySession &s, const QString &address, const QString &value)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing mail group %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = writable(s, *f); !w.ok())
        return w.error();
    const QString stored = UserOps::storedForm(value, Validate::MailLocalPart::Forward);
    const auto it = std::find_if(f->group.members.cbegin(), f->group.members.cend(),
                                 [&](const QString &m) { return m.compare(stored, Qt::CaseInsensitive) == 0; });
    if (it == f->group.members.cend())
        return OpError::notFound(QStringLiteral("member: %1 is not in %2").arg(value.left(254), f->group.address));
    return modifyGroup(s, *f, {LdapModification::remove(QStringLiteral("mailForwardingAddress"), {it->toUtf8()})});
}

OpResult<MailGroup> addAlias(DirectorySession &s, const QString &address, const QString &alias)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing mail group %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = writable(s, *f); !w.ok())
        return w.error();
    for (int attempt = 0;; ++attempt) {
        auto c = UserOps::claimAlias(s, QStringLiteral("alias"), alias, f->group.domain);
        if (!c.ok())
            return c.error();
        const QByteArray value = c->address.toUtf8();
        auto r = s.modify(f->dn, {LdapModification::add(QStringLiteral("mailAlias"), {value})});
        if (!r.ok()) {
            if (r.error().code() == TypeOrValueExists)
                return OpError::conflict(QStringLiteral("alias"), QStringLiteral("alias: %1 is already there").arg(c->address));
            return OpError::directory(r.error());
        }
        Transaction tx(s);
        auto won = UserOps::confirmClaims(tx, {*c});
        if (won.ok() && *won) {
            tx.commit();
            return show(s, f->group.address);
        }
        // Undo exactly this value (not the attribute's earlier state) and claim again.
        auto undo = s.modify(f->dn, {LdapModification::remove(QStringLiteral("mailAlias"), {value})});
        if (!won.ok())
            return won.error();
        if (!undo.ok())
            return OpError::directory(undo.error());
        if (attempt >= MaxAttempts)
            return OpError::conflict(QStringLiteral("alias"), QStringLiteral("alias: too many concurrent changes; try again"));
    }
}

OpResult<MailGroup> removeAlias(DirectorySession &s, const QString &address, const QString &alias)
{
    if (auto allowed = Permissions::requireAddress(s, QStringLiteral("address"), address, Acl::Right::DomainContent, QStringLiteral("changing mail group %1").arg(address)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, address);
    if (!f.ok())
        return f.error();
    if (auto w = writable(s, *f); !w.ok())
        return w.error();
    const QString stored = UserOps::storedForm(alias, Validate::MailLocalPart::Mailbox);
    const auto it = std::find_if(f->group.aliases.cbegin(), f->group.aliases.cend(),
                                 [&](const QString &a) { return a.compare(stored, Qt::CaseInsensitive) == 0; });
    if (it == f->group.aliases.cend())
        return OpError::notFound(QStringLiteral("alias: %1 is not an alias of %2").arg(alias.left(254), f->group.address));
    return modifyGroup(s, *f, {LdapModification::remove(QStringLiteral("mailAlias"), {it->toUtf8()})});
}

} // namespace Isp::Core::MailGroupOps
