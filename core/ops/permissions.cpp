#include "core/ops/permissions.h"

#include "core/validation/domainname.h"

namespace Isp::Core::Permissions {

namespace {

// The subject for `dn` with what its entry adds (an administrator's level).
OpResult<Acl::Subject> resolve(DirectorySession &s, const LdapDn &dn)
{
    Acl::Subject subject = Acl::Subject::fromDn(dn, s.dit());
    if (subject.role == Acl::Role::Anonymous && !dn.isEmpty()) {
        // A DN inside the tree that fits no role: slapd's rootdn (it binds without an entry)
        // or some other entry with a password. Every bindable entry may read itself, so one
        // that cannot be read does not exist: the rootdn.
        auto e = s.read(dn, {QStringLiteral("1.1")});
        if (!e.ok())
            return OpError::directory(e.error());
        if (!e->has_value())
            subject.role = Acl::Role::Root;
        return subject;
    }
    if (subject.role == Acl::Role::Admin) {
        auto e = s.read(dn, {QStringLiteral("ispmanSysadminLevel")});
        if (!e.ok())
            return OpError::directory(e.error());
        if (e->has_value())
            subject.adminLevel = (*e)->text(QStringLiteral("ispmanSysadminLevel")).toInt();
    }
    return subject;
}

bool seesEverything(const Acl::Subject &s)
{
    return s.role == Acl::Role::Root || s.role == Acl::Role::Admin || s.role == Acl::Role::Agent;
}

} // namespace

OpResult<Acl::Subject> subject(DirectorySession &s)
{
    if (s.subject())
        return *s.subject();
    auto me = s.whoAmI();
    if (!me.ok())
        return OpError::directory(me.error());
    LdapDn dn;
    if (me->startsWith(QLatin1String("dn:"))) {
        auto parsed = LdapDn::parse(QStringView(*me).sliced(3));
        if (!parsed)
            return OpError::invalid(QStringLiteral("identity"), QStringLiteral("identity: the server names this session %1, which is no DN").arg(*me));
        dn = *parsed;
    }
    auto resolved = resolve(s, dn);
    if (!resolved.ok())
        return resolved.error();
    s.setSubject(*resolved);
    return *resolved;
}

OpResult<Acl::Subject> actAs(DirectorySession &s, const LdapDn &dn)
{
    auto bound = subject(s);
    if (!bound.ok())
        return bound.error();
    const bool may = bound->role == Acl::Role::Root
        || (bound->role == Acl::Role::Admin && bound->adminLevel >= Acl::adminLevelFor(Acl::Right::DomainContent))
        || (bound->role == Acl::Role::Service && bound->name.compare(Acl::PanelService, Qt::CaseInsensitive) == 0);
    if (!may)
        return OpError::notAllowed(QStringLiteral("not allowed: %1 may not act for another identity").arg(bound->describe()));
    auto e = s.read(dn, {QStringLiteral("1.1")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("identity: %1 does not exist").arg(dn.toString()));
    auto acting = resolve(s, dn);
    if (!acting.ok())
        return acting.error();
    if (acting->role == Acl::Role::Root || acting->role == Acl::Role::Anonymous)
        return OpError::invalid(QStringLiteral("identity"), QStringLiteral("identity: %1 has no ISPMan role").arg(dn.toString()));
    s.setSubject(*acting);
    return *acting;
}

OpResult<Done> require(DirectorySession &s, Acl::Right right, const Acl::Scope &scope, const QString &what)
{
    auto me = subject(s);
    if (!me.ok())
        return me.error();
    if (!Acl::allows(*me, right, scope))
        return OpError::notAllowed(Acl::refusal(*me, right, what));
    return Done{};
}

OpResult<Done> requireDomain(DirectorySession &s, const QString &domain, Acl::Right right, const QString &what)
{
    auto me = subject(s);
    if (!me.ok())
        return me.error();
    auto name = Validate::domainName(QStringLiteral("domain"), domain);
    if (!name.ok())
        return OpError::invalid(name.error().field, name.error().message);
    Acl::Scope scope;
    scope.domain = *name;
    if (!seesEverything(*me)) {
        const bool tenant = me->role == Acl::Role::Reseller || me->role == Acl::Role::Client;
        bool exists = true;
        if (tenant) {
            auto e = s.read(s.dit().domain(scope.domain), {QStringLiteral("ispmanResellerId"), QStringLiteral("ispmanClientId")});
            if (!e.ok())
                return OpError::directory(e.error());
            exists = e->has_value();
            if (exists) {
                scope.resellerId = (*e)->text(QStringLiteral("ispmanResellerId")).toLongLong();
                const QString client = (*e)->text(QStringLiteral("ispmanClientId"));
                scope.clientId = client.isEmpty() ? -1 : client.toLongLong();
            }
        }
        // Another tenant's domain is not found, as if it did not exist.
        if (!exists || !Acl::allows(*me, Acl::Right::Read, scope))
            return OpError::notFound(QStringLiteral("domain: %1 does not exist").arg(scope.domain));
    }
    if (!Acl::allows(*me, right, scope))
        return OpError::notAllowed(Acl::refusal(*me, right, what));
    return Done{};
}

OpResult<QString> requireAddress(DirectorySession &s, const QString &field, const QString &address, Acl::Right right,
                                 const QString &what)
{
    const qsizetype at = address.lastIndexOf(u'@');
    auto name = Validate::domainName(field, at < 0 ? QString() : address.mid(at + 1));
    if (!name.ok())
        return OpError::invalid(field, QStringLiteral("%1: \"%2\" is not an address of a hosted domain (%3)")
                                           .arg(field, address.left(80), name.error().message.section(QStringLiteral(": "), 1)));
    auto allowed = requireDomain(s, *name, right, what);
    if (!allowed.ok())
        return allowed.error();
    return *name;
}

OpResult<Done> requireZone(DirectorySession &s, const QString &zone, Acl::Right right, const QString &what)
{
    auto me = subject(s);
    if (!me.ok())
        return me.error();
    if (seesEverything(*me))
        return require(s, right, {}, what);
    auto name = Validate::domainName(QStringLiteral("zone"), zone);
    if (!name.ok())
        return OpError::invalid(name.error().field, name.error().message);
    auto domain = s.read(s.dit().domain(*name), {QStringLiteral("1.1")});
    if (!domain.ok())
        return OpError::directory(domain.error());
    if (!domain->has_value())
        return OpError::notFound(QStringLiteral("zone: %1 does not exist").arg(*name));
    return requireDomain(s, *name, right, what);
}

OpResult<std::optional<LdapFilter>> visibleDomains(DirectorySession &s)
{
    auto me = subject(s);
    if (!me.ok())
        return me.error();
    switch (me->role) {
    case Acl::Role::Root:
    case Acl::Role::Admin:
    case Acl::Role::Agent:
        return std::optional<LdapFilter>();
    case Acl::Role::Reseller:
        return std::optional<LdapFilter>(LdapFilter::equals(QStringLiteral("ispmanResellerId"), QString::number(me->resellerId)));
    case Acl::Role::Client:
        return std::optional<LdapFilter>(LdapFilter::allOf({LdapFilter::equals(QStringLiteral("ispmanResellerId"), QString::number(me->resellerId)),
                                                            LdapFilter::equals(QStringLiteral("ispmanClientId"), QString::number(me->clientId))}));
    case Acl::Role::DomainOwner:
        return std::optional<LdapFilter>(LdapFilter::equals(QStringLiteral("ispmanDomain"), me->domain));
    case Acl::Role::Service:
        if (me->name.compare(Acl::PanelService, Qt::CaseInsensitive) != 0)
            return std::optional<LdapFilter>();
        break;
    case Acl::Role::MailUser:
    case Acl::Role::Anonymous:
        break;
    }
    return OpError::notAllowed(QStringLiteral("not allowed: %1 may not list domains").arg(me->describe()));
}

} // namespace Isp::Core::Permissions
