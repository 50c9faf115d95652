#include "core/ops/serviceops.h"

#include "core/acl/acl.h"
#include "core/ops/permissions.h"
#include "core/validation/password.h"

namespace Isp::Core::ServiceOps {

namespace {

QList<ServiceAccountInfo> catalogue(const Dit &dit)
{
    QList<ServiceAccountInfo> out;
    for (const Acl::ServiceAccount &a : Acl::serviceAccounts())
        out.append({a.name, a.purpose, dit.services().child(QStringLiteral("cn"), a.name), false, a.attributes});
    const QString panel = Acl::PanelService.toString();
    out.append({panel, QStringLiteral("The customer panel: reads and writes for the domain owner who logged in (core checks each request)"),
                dit.services().child(QStringLiteral("cn"), panel), false, {}});
    return out;
}

OpResult<ServiceAccountInfo> find(DirectorySession &s, const QString &name)
{
    QStringList names;
    for (const ServiceAccountInfo &a : catalogue(s.dit())) {
        if (a.name.compare(name, Qt::CaseInsensitive) == 0) {
            ServiceAccountInfo info = a;
            auto e = s.read(a.dn, {QStringLiteral("1.1")});
            if (!e.ok())
                return OpError::directory(e.error());
            info.exists = e->has_value();
            return info;
        }
        names << a.name;
    }
    return OpError::invalid(QStringLiteral("service"), QStringLiteral("service: \"%1\" is not a service account of ISPMan (%2)")
                                                          .arg(name.left(40), names.join(QStringLiteral(", "))));
}

OpResult<Done> mayManage(DirectorySession &s, const QString &what)
{
    return Permissions::require(s, Acl::Right::Admins, {}, what);
}

} // namespace

OpResult<QList<ServiceAccountInfo>> list(DirectorySession &s)
{
    if (auto allowed = mayManage(s, QStringLiteral("reading service accounts")); !allowed.ok())
        return allowed.error();
    QList<ServiceAccountInfo> out = catalogue(s.dit());
    auto found = s.find(s.dit().services(), LdapFilter(), {QStringLiteral("cn")}, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    for (ServiceAccountInfo &a : out) {
        for (const LdapEntry &e : std::as_const(*found))
            a.exists = a.exists || e.dn() == a.dn;
    }
    return out;
}

OpResult<ServiceAccountInfo> setPassword(DirectorySession &s, const QString &name, const QString &password)
{
    if (auto allowed = mayManage(s, QStringLiteral("setting service accounts' passwords")); !allowed.ok())
        return allowed.error();
    auto account = find(s, name);
    if (!account.ok())
        return account.error();
    auto pw = Validate::password(QStringLiteral("password"), password, account->name);
    if (!pw.ok())
        return OpError::invalid(pw.error().field, pw.error().message);
    if (account->exists) {
        auto r = s.passwordModify(account->dn, std::nullopt, password.toUtf8());
        if (!r.ok())
            return OpError::directory(r.error());
        return *account;
    }
    LdapEntry e(account->dn);
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("applicationProcess"), QStringLiteral("simpleSecurityObject")});
    e.setText(QStringLiteral("cn"), account->name);
    e.setText(QStringLiteral("description"), account->purpose.left(1000));
    e.setText(QStringLiteral("userPassword"), password); // ppolicy hashes it on the add
    auto r = s.add(e);
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("service"), QStringLiteral("service: %1 was created meanwhile; set its password again").arg(account->name));
        return OpError::directory(r.error());
    }
    account->exists = true;
    return *account;
}

OpResult<Done> remove(DirectorySession &s, const QString &name)
{
    if (auto allowed = mayManage(s, QStringLiteral("deleting service accounts")); !allowed.ok())
        return allowed.error();
    auto account = find(s, name);
    if (!account.ok())
        return account.error();
    if (!account->exists)
        return OpError::notFound(QStringLiteral("service account %1 does not exist").arg(account->name));
    auto r = s.remove(account->dn);
    if (!r.ok())
        return OpError::directory(r.error());
    return Done{};
}

} // namespace Isp::Core::ServiceOps
