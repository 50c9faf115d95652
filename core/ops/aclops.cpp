#include "core/ops/aclops.h"

#include "core/ops/permissions.h"

namespace Isp::Core::AclOps {

OpResult<QStringList> generate(DirectorySession &s)
{
    auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("reading the administrators"));
    if (!allowed.ok())
        return allowed.error();
    auto admins = s.find(s.dit().admins(), LdapFilter::present(QStringLiteral("ispmanSysadminAllowedNetwork")),
                         {QStringLiteral("ispmanSysadminAllowedNetwork")}, LdapScope::OneLevel);
    if (!admins.ok())
        return OpError::directory(admins.error());
    QList<Acl::AdminNetworks> networks;
    for (const LdapEntry &e : std::as_const(*admins))
        networks.append({e.dn(), e.texts(QStringLiteral("ispmanSysadminAllowedNetwork"))});
    std::sort(networks.begin(), networks.end(),
              [](const Acl::AdminNetworks &a, const Acl::AdminNetworks &b) { return a.admin.normalized() < b.admin.normalized(); });
    return Acl::slapdAccessRules(s.dit().base(), networks);
}

OpResult<QString> databaseFor(DirectorySession &config, const LdapDn &base)
{
    // cn=config does not page (the paged-results control is refused there).
    LdapSearchRequest r;
    r.base = LdapDn::fromTrusted(u"cn=config");
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::present(QStringLiteral("olcSuffix"));
    r.attributes = {QStringLiteral("olcSuffix")};
    auto found = config.search(r);
    if (!found.ok())
        return OpError::directory(found.error());
    for (const LdapEntry &e : std::as_const(found->entries)) {
        for (const QString &suffix : e.texts(QStringLiteral("olcSuffix"))) {
            auto dn = LdapDn::parse(suffix);
            if (dn && *dn == base)
                return e.dn().toString();
        }
    }
    return OpError::notFound(QStringLiteral("base: no database of this server serves %1 (or this identity may not read cn=config)").arg(base.toString()));
}

OpResult<QString> apply(DirectorySession &config, const LdapDn &base, const QStringList &rules)
{
    auto db = databaseFor(config, base);
    if (!db.ok())
        return db.error();
    QList<QByteArray> values;
    for (qsizetype i = 0; i < rules.size(); ++i)
        values << QStringLiteral("{%1}%2").arg(i).arg(rules.at(i)).toUtf8();
    auto r = config.modify(LdapDn::fromTrusted(*db), {LdapModification{LdapModification::Op::Replace, QStringLiteral("olcAccess"), values}});
    if (!r.ok())
        return OpError::directory(r.error());
    return *db;
}

} // namespace Isp::Core::AclOps
