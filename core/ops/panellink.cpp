#include "core/ops/panellink.h"

#include "core/acl/signedtoken.h"
#include "core/ops/permissions.h"
#include "core/validation/domainname.h"

#include <QJsonObject>

namespace Isp::Core {

OpResult<PanelLogin> authorizePanelLogin(DirectorySession &s, const QString &domain)
{
    auto name = Validate::domainName(QStringLiteral("domain"), domain);
    if (!name.ok())
        return OpError::invalid(name.error().field, name.error().message);
    if (auto r = Permissions::requireDomain(s, *name, Acl::Right::DomainContent, QStringLiteral("open the panel of %1").arg(*name));
        !r.ok())
        return r.error();
    auto entry = s.read(s.dit().domain(*name), {QStringLiteral("1.1")});
    if (!entry.ok())
        return OpError::directory(entry.error());
    if (!entry->has_value())
        return OpError::notFound(QStringLiteral("domain: %1 does not exist").arg(*name));
    auto me = Permissions::subject(s);
    if (!me.ok())
        return me.error();
    return PanelLogin{*name, me->dn.toString()};
}

QString panelLoginLink(const QByteArray &key, const QString &panelBase, const PanelLogin &login, const QDateTime &expires)
{
    if (key.size() < SignedToken::MinKeyBytes)
        return {};
    const QByteArray token = SignedToken::sign(key, QStringLiteral("login"),
                                               {{QStringLiteral("d"), login.domain}, {QStringLiteral("by"), login.by}}, expires);
    if (token.isEmpty())
        return {};
    return panelBase + QStringLiteral("/login/link?t=") + QString::fromLatin1(token);
}

} // namespace Isp::Core
