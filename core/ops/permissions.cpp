#include "core/ops/permissions.h"

namespace Isp::Core::Permissions {

namespace {

// The subject for `dn` with what its entry adds (an administrator's level).
OpResult<Acl::Subject> resolve(DirectorySession &s, const LdapDn &dn)
{
    Acl::Subject subject = Acl::Subject::fromDn(dn, s.dit());
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
    Acl::Scope scope;
    scope.domain = domain.toLower();
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
            return OpError::notFound(QStringLiteral("domain: %1 does not exist").arg(domain));
    }
    if (!Acl::allows(*me, right, scope))
        return OpError::notAllowed(Acl::refusal(*me, right, what));
    return Done{};
}

} // namespace Isp::Core::Permissions
