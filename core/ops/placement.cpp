#include "core/ops/placement.h"

#include "core/ops/processqueue.h"
#include "core/validation/domainname.h"

namespace Isp::Core {

PlacementRoleInfo placementRoleInfo(PlacementRole role)
{
    switch (role) {
    case PlacementRole::Mailbox:
        return {QStringLiteral("mailstoregroup"), QStringLiteral("ispmanDomainUser"), QStringLiteral("mailHost")};
    case PlacementRole::Home:
        return {QStringLiteral("fileservergroup"), QStringLiteral("ispmanDomainUser"), QStringLiteral("fileHost")};
    case PlacementRole::Website:
        return {QStringLiteral("httpgroup"), QStringLiteral("ispmanVirtualHost"), QStringLiteral("webHost")};
    case PlacementRole::Database:
        return {QStringLiteral("databasegroup"), QStringLiteral("ispmanDatabaseData"), QStringLiteral("ispmanDBHost")};
    }
    Q_UNREACHABLE();
}

OpResult<QList<std::pair<QString, qint64>>> placementLoad(DirectorySession &session, PlacementRole role,
                                                          const QStringList &hosts)
{
    const PlacementRoleInfo info = placementRoleInfo(role);
    QList<std::pair<QString, qint64>> load;
    for (const QString &host : hosts) {
        LdapSearchRequest req;
        req.base = session.dit().base();
        req.filter = LdapFilter::allOf({LdapFilter::equals(QStringLiteral("objectClass"), info.objectClass),
                                        LdapFilter::equals(info.hostAttribute, host)});
        req.attributes = {QStringLiteral("1.1")};
        req.pageSize = 1000;
        req.discardEntries = true;
        auto r = session.search(req);
        if (!r.ok())
            return OpError::directory(r.error());
        load.append({host, r->entryCount});
    }
    return load;
}

OpResult<QString> placeObject(DirectorySession &session, PlacementRole role, const QString &field,
                              const QString &named, const QString &domainDefault)
{
    if (!named.isEmpty()) {
        auto name = Validate::hostName(field, named);
        if (!name.ok())
            return OpError::invalid(name.error().field, name.error().message);
        auto host = session.read(session.dit().host(*name), {QStringLiteral("1.1")});
        if (!host.ok())
            return OpError::directory(host.error());
        if (!host->has_value())
            return OpError::notFound(QStringLiteral("%1: host %2 does not exist (ispman host add)").arg(field, *name));
        return *name;
    }
    if (!domainDefault.isEmpty())
        return domainDefault;
    auto members = targetHosts(session, {}, placementRoleInfo(role).hostGroup);
    if (!members.ok())
        return members.error();
    if (members->size() == 1)
        return members->first();
    auto load = placementLoad(session, role, *members);
    if (!load.ok())
        return load.error();
    const auto *best = &load->first();
    for (const auto &entry : *load) {
        if (entry.second < best->second)
            best = &entry;
    }
    return best->first;
}

} // namespace Isp::Core
