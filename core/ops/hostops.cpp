#include "core/ops/hostops.h"

#include "core/ops/permissions.h"
#include "core/ops/transaction.h"
#include "core/validation/domainname.h"
#include "core/validation/password.h"
#include "core/validation/ipaddress.h"
#include "core/validation/text.h"

namespace Isp::Core::HostOps {

namespace {

const QString kHostName = QStringLiteral("ispmanHostName");
const QString kAlias = QStringLiteral("ispmanHostAlias");
const QString kMember = QStringLiteral("ispmanHostGroupMember");

// Validated host name, or the error for `field`.
OpResult<QString> hostName(const QString &field, const QString &value)
{
    auto v = Validate::hostName(field, value);
    if (!v.ok())
        return OpError::invalid(v.error().field, v.error().message);
    return *v;
}

OpResult<QStringList> hostNames(const QString &field, const QStringList &values)
{
    QStringList out;
    for (const QString &v : values) {
        auto n = hostName(field, v);
        if (!n.ok())
            return n.error();
        if (!out.contains(*n))
            out << *n;
    }
    return out;
}

OpResult<QString> optionalIp(const QString &value)
{
    if (value.isEmpty())
        return QString();
    auto v = Validate::ipAddress(QStringLiteral("ip"), value);
    if (!v.ok())
        return OpError::invalid(v.error().field, v.error().message);
    return *v;
}

OpResult<QString> info(const QString &value)
{
    auto v = Validate::freeText(QStringLiteral("info"), value, 256);
    if (!v.ok())
        return OpError::invalid(v.error().field, v.error().message);
    return *v;
}

// Another host already answering to `name` (as its name or an alias), if any.
OpResult<QString> hostUsingName(DirectorySession &s, const QString &name, const QString &except)
{
    auto found = s.find(s.dit().hosts(), LdapFilter::anyOf({LdapFilter::equals(kHostName, name), LdapFilter::equals(kAlias, name)}),
                        {kHostName}, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    for (const LdapEntry &e : std::as_const(*found)) {
        const QString other = e.text(kHostName);
        if (other.compare(except, Qt::CaseInsensitive) != 0)
            return other;
    }
    return QString();
}

OpResult<QStringList> groupsOf(DirectorySession &s, const QString &host)
{
    auto found = s.find(s.dit().hostGroups(), LdapFilter::equals(kMember, host), {QStringLiteral("ispmanHostGroupName")},
                        LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QStringList out;
    for (const LdapEntry &e : std::as_const(*found))
        out << e.text(QStringLiteral("ispmanHostGroupName"));
    out.sort();
    return out;
}

OpResult<Host> readHost(DirectorySession &s, const QString &name)
{
    auto n = hostName(QStringLiteral("name"), name);
    if (!n.ok())
        return n.error();
    auto e = s.read(s.dit().host(*n));
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("host %1 does not exist").arg(*n));
    Host h = Host::fromEntry(**e);
    auto groups = groupsOf(s, h.name);
    if (!groups.ok())
        return groups.error();
    h.groups = *groups;
    return h;
}

OpResult<HostGroup> readGroup(DirectorySession &s, const QString &name)
{
    auto n = hostName(QStringLiteral("group"), name);
    if (!n.ok())
        return n.error();
    auto e = s.read(s.dit().hostGroup(*n));
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("host group %1 does not exist").arg(*n));
    return HostGroup::fromEntry(**e);
}

} // namespace

OpResult<Host> add(DirectorySession &s, const HostSpec &spec)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("adding hosts")); !allowed.ok())
        return allowed.error();
    Host h;
    auto name = hostName(QStringLiteral("name"), spec.name);
    if (!name.ok())
        return name.error();
    h.name = *name;
    auto ip = optionalIp(spec.ip);
    if (!ip.ok())
        return ip.error();
    h.ip = *ip;
    auto aliases = hostNames(QStringLiteral("alias"), spec.aliases);
    if (!aliases.ok())
        return aliases.error();
    h.aliases = *aliases;
    h.aliases.removeAll(h.name);
    auto text = info(spec.info);
    if (!text.ok())
        return text.error();
    h.info = *text;
    // Every name the new agent will answer to must be free.
    for (const QString &n : QStringList{h.name} + h.aliases) {
        auto other = hostUsingName(s, n, QString());
        if (!other.ok())
            return other.error();
        if (!other->isEmpty())
            return OpError::conflict(n == h.name ? QStringLiteral("name") : QStringLiteral("alias"),
                                     QStringLiteral("%1: host %2 already answers to this name").arg(n, *other));
    }
    QStringList groups;
    for (const QString &g : spec.groups) {
        auto group = readGroup(s, g);
        if (!group.ok())
            return group.error();
        groups << group->name;
    }
    Transaction tx(s);
    auto added = tx.add(h.toEntry(s.dit()));
    if (!added.ok())
        return OpError::directory(added.error());
    for (const QString &g : std::as_const(groups)) {
        auto joined = tx.modify(s.dit().hostGroup(g), {LdapModification::add(kMember, {h.name.toUtf8()})});
        if (!joined.ok())
            return OpError::directory(joined.error());
    }
    tx.commit();
    return readHost(s, h.name);
}

OpResult<Host> show(DirectorySession &s, const QString &name)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("reading hosts")); !allowed.ok())
        return allowed.error();
    return readHost(s, name);
}

OpResult<QList<Host>> list(DirectorySession &s)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("listing hosts")); !allowed.ok())
        return allowed.error();
    auto found = s.find(s.dit().hosts(), LdapFilter::objectClass(QStringLiteral("ispmanHost")), {}, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    auto groups = s.find(s.dit().hostGroups(), LdapFilter::objectClass(QStringLiteral("ispmanHostGroup")), {},
                         LdapScope::OneLevel);
    if (!groups.ok())
        return OpError::directory(groups.error());
    QList<Host> hosts;
    for (const LdapEntry &e : std::as_const(*found)) {
        Host h = Host::fromEntry(e);
        for (const LdapEntry &g : std::as_const(*groups)) {
            if (g.texts(kMember).contains(h.name, Qt::CaseInsensitive))
                h.groups << g.text(QStringLiteral("ispmanHostGroupName"));
        }
        h.groups.sort();
        hosts << h;
    }
    std::sort(hosts.begin(), hosts.end(), [](const Host &a, const Host &b) { return a.name < b.name; });
    return hosts;
}

OpResult<Host> edit(DirectorySession &s, const QString &name, const HostChange &change)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("changing hosts")); !allowed.ok())
        return allowed.error();
    auto current = readHost(s, name);
    if (!current.ok())
        return current.error();
    QList<LdapModification> mods;
    if (change.ip) {
        auto ip = optionalIp(*change.ip);
        if (!ip.ok())
            return ip.error();
        mods << (ip->isEmpty() ? LdapModification::remove(QStringLiteral("ispmanHostIp"))
                               : LdapModification::replace(QStringLiteral("ispmanHostIp"), *ip));
    }
    if (change.aliases) {
        auto aliases = hostNames(QStringLiteral("alias"), *change.aliases);
        if (!aliases.ok())
            return aliases.error();
        aliases->removeAll(current->name);
        for (const QString &a : std::as_const(*aliases)) {
            auto other = hostUsingName(s, a, current->name);
            if (!other.ok())
                return other.error();
            if (!other->isEmpty())
                return OpError::conflict(QStringLiteral("alias"), QStringLiteral("%1: host %2 already answers to this name").arg(a, *other));
        }
        QList<QByteArray> values;
        for (const QString &a : std::as_const(*aliases))
            values << a.toUtf8();
        mods << LdapModification{LdapModification::Op::Replace, kAlias, values};
    }
    if (change.info) {
        auto text = info(*change.info);
        if (!text.ok())
            return text.error();
        mods << (text->isEmpty() ? LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanHostInfo"), {}}
                                 : LdapModification::replace(QStringLiteral("ispmanHostInfo"), *text));
    }
    if (mods.isEmpty())
        return current;
    // Removing an attribute that is not there is not an error for an edit.
    for (LdapModification &m : mods) {
        if (m.op == LdapModification::Op::Delete && m.values.isEmpty())
            m = LdapModification{LdapModification::Op::Replace, m.attribute, {}};
    }
    auto r = s.modify(s.dit().host(current->name), mods);
    if (!r.ok())
        return OpError::directory(r.error());
    return readHost(s, current->name);
}

OpResult<Done> remove(DirectorySession &s, const QString &name)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("deleting hosts")); !allowed.ok())
        return allowed.error();
    auto current = readHost(s, name);
    if (!current.ok())
        return current.error();
    const QString n = current->name;
    QList<LdapFilter> uses;
    for (const char *attr : {"mailHost", "webHost", "fileHost", "dnsHost", "smtpHost", "ispmanDBHost",
                             "ispmanDomainDefaultMailDropHost", "ispmanDomainDefaultWebHost",
                             "ispmanDomainDefaultFileServer", "ispmanDomainDefaultDBHost"})
        uses << LdapFilter::equals(QLatin1String(attr), n);
    LdapSearchRequest r;
    r.base = s.dit().base();
    r.filter = LdapFilter::anyOf(uses);
    r.attributes = QStringList{QStringLiteral("1.1")};
    r.pageSize = 5;
    r.onPage = [](const QList<LdapEntry> &) { return false; }; // the first few are enough to say
    auto users = s.search(r);
    if (!users.ok())
        return OpError::directory(users.error());
    if (!users->entries.isEmpty()) {
        QStringList dns;
        for (const LdapEntry &e : std::as_const(users->entries))
            dns << e.dn().toString();
        return OpError::conflict(QStringLiteral("name"), QStringLiteral("host %1 is still in use by %2%3")
                                                             .arg(n, dns.join(QStringLiteral("; ")),
                                                                  users->complete ? QString() : QStringLiteral(" and possibly more")));
    }
    auto queued = s.find(s.dit().processes(), LdapFilter::equals(kHostName, n), {QStringLiteral("1.1")}, LdapScope::OneLevel);
    if (!queued.ok())
        return OpError::directory(queued.error());
    if (!queued->isEmpty())
        return OpError::conflict(QStringLiteral("name"), QStringLiteral("host %1 still has %2 queued process(es); let its agent finish or delete them first")
                                                             .arg(n)
                                                             .arg(queued->size()));
    Transaction tx(s);
    for (const QString &g : std::as_const(current->groups)) {
        auto left = tx.modify(s.dit().hostGroup(g), {LdapModification::remove(kMember, {n.toUtf8()})});
        if (!left.ok())
            return OpError::directory(left.error());
    }
    auto gone = tx.remove(s.dit().host(n));
    if (!gone.ok())
        return OpError::directory(gone.error());
    tx.commit();
    return Done{};
}

OpResult<Done> setPassword(DirectorySession &s, const QString &name, const QString &password)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("setting agents' passwords")); !allowed.ok())
        return allowed.error();
    auto h = readHost(s, name);
    if (!h.ok())
        return h.error();
    auto pw = Validate::password(QStringLiteral("password"), password, h->name);
    if (!pw.ok())
        return OpError::invalid(pw.error().field, pw.error().message);
    const LdapDn dn = s.dit().host(h->name);
    auto e = s.read(dn, {QStringLiteral("objectClass")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("host %1 does not exist").arg(h->name));
    const bool hasPassword = (*e)->texts(QStringLiteral("objectClass")).contains(QStringLiteral("simpleSecurityObject"), Qt::CaseInsensitive);
    if (hasPassword) {
        auto r = s.passwordModify(dn, std::nullopt, password.toUtf8());
        if (!r.ok())
            return OpError::directory(r.error());
        return Done{};
    }
    // First password: the class and the value in one modify (ppolicy hashes the cleartext).
    auto r = s.modify(dn, {LdapModification::add(QStringLiteral("objectClass"), {QByteArrayLiteral("simpleSecurityObject")}),
                           LdapModification::replace(QStringLiteral("userPassword"), password)});
    if (!r.ok())
        return OpError::directory(r.error());
    return Done{};
}

OpResult<HostGroup> addGroup(DirectorySession &s, const QString &name, const QString &infoText)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("adding host groups")); !allowed.ok())
        return allowed.error();
    auto n = hostName(QStringLiteral("group"), name);
    if (!n.ok())
        return n.error();
    auto text = info(infoText);
    if (!text.ok())
        return text.error();
    HostGroup g{*n, *text, {}};
    auto r = s.add(g.toEntry(s.dit()));
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("group"), QStringLiteral("host group %1 already exists").arg(*n));
        return OpError::directory(r.error());
    }
    return g;
}

OpResult<HostGroup> showGroup(DirectorySession &s, const QString &name)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("reading host groups")); !allowed.ok())
        return allowed.error();
    return readGroup(s, name);
}

OpResult<QList<HostGroup>> listGroups(DirectorySession &s)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("listing host groups")); !allowed.ok())
        return allowed.error();
    auto found = s.find(s.dit().hostGroups(), LdapFilter::objectClass(QStringLiteral("ispmanHostGroup")), {}, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QList<HostGroup> out;
    for (const LdapEntry &e : std::as_const(*found))
        out << HostGroup::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const HostGroup &a, const HostGroup &b) { return a.name < b.name; });
    return out;
}

OpResult<Done> removeGroup(DirectorySession &s, const QString &name)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("deleting host groups")); !allowed.ok())
        return allowed.error();
    auto g = readGroup(s, name);
    if (!g.ok())
        return g.error();
    if (!g->members.isEmpty())
        return OpError::conflict(QStringLiteral("group"), QStringLiteral("host group %1 still has members (%2); remove them first")
                                                              .arg(g->name, g->members.join(QStringLiteral(", "))));
    // Refuse a concurrent join: delete only if still without members.
    LdapWriteOptions o;
    o.assertion = LdapFilter::negate(LdapFilter::present(kMember));
    auto r = s.remove(s.dit().hostGroup(g->name), o);
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AssertionFailed)
            return OpError::conflict(QStringLiteral("group"), QStringLiteral("host group %1 gained members meanwhile").arg(g->name));
        return OpError::directory(r.error());
    }
    return Done{};
}

OpResult<HostGroup> addMember(DirectorySession &s, const QString &group, const QString &host)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("changing host groups")); !allowed.ok())
        return allowed.error();
    auto g = readGroup(s, group);
    if (!g.ok())
        return g.error();
    auto h = readHost(s, host);
    if (!h.ok())
        return h.error();
    if (g->members.contains(h->name, Qt::CaseInsensitive))
        return *g;
    auto r = s.modify(s.dit().hostGroup(g->name), {LdapModification::add(kMember, {h->name.toUtf8()})});
    if (!r.ok() && r.error().code() != 20 /* attributeOrValueExists: joined concurrently */)
        return OpError::directory(r.error());
    return readGroup(s, g->name);
}

OpResult<HostGroup> removeMember(DirectorySession &s, const QString &group, const QString &host)
{
    if (auto allowed = Permissions::require(s, Acl::Right::Hosts, {}, QStringLiteral("changing host groups")); !allowed.ok())
        return allowed.error();
    auto g = readGroup(s, group);
    if (!g.ok())
        return g.error();
    auto n = hostName(QStringLiteral("host"), host);
    if (!n.ok())
        return n.error();
    if (!g->members.contains(*n, Qt::CaseInsensitive))
        return *g;
    auto r = s.modify(s.dit().hostGroup(g->name), {LdapModification::remove(kMember, {n->toUtf8()})});
    if (!r.ok() && r.error().code() != 16 /* noSuchAttribute: left concurrently */)
        return OpError::directory(r.error());
    return readGroup(s, g->name);
}

} // namespace Isp::Core::HostOps
