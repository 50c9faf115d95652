#include "console/entitykind.h"

#include "core/model/host.h"

#include <QDateTime>

namespace Isp::Console {

using namespace Isp::Core;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Isp::Console::EntityKind", text);
}
QString tr(const char *text, const char *, int n)
{
    return QCoreApplication::translate("Isp::Console::EntityKind", text, nullptr, n);
}
QString rdnType(const LdapDn &dn)
{
    const LdapRdn rdn = dn.rdn();
    return rdn.isEmpty() ? QString() : rdn.first().type;
}
QString rdnValue(const LdapDn &dn)
{
    const LdapRdn rdn = dn.rdn();
    return rdn.isEmpty() ? QString() : rdn.first().value;
}
} // namespace

EntityKind kindOf(const LdapEntry &e)
{
    auto has = [&](const char *oc) { return e.hasObjectClass(QLatin1String(oc)); };
    if (has("ispmanDomain"))
        return EntityKind::Domain;
    if (has("ispmanDomainUser"))
        return EntityKind::User;
    if (has("ispmanMailGroup"))
        return EntityKind::MailGroup;
    if (has("ispmanVirtualHost"))
        return EntityKind::Vhost;
    if (has("ispmanVirtualHostAlias") || has("ispmanVirtualHostRedirection") || has("ispmanVirtualHostAcl"))
        return EntityKind::VhostPart;
    if (has("ispmanVirtualHostUser"))
        return EntityKind::WebUser;
    if (has("ispmanDatabaseData"))
        return EntityKind::Database;
    if (has("dNSZone"))
        return EntityKind::DnsName;
    if (has("ispmanHost"))
        return EntityKind::Host;
    if (has("ispmanHostGroup"))
        return EntityKind::HostGroup;
    if (has("ispmanReseller"))
        return EntityKind::Reseller;
    if (has("ispmanClient"))
        return EntityKind::Client;
    if (has("ispmanSysadmin"))
        return EntityKind::Admin;
    if (has("ispmanConfVar"))
        return EntityKind::ConfVar;
    if (has("ispmanProcesses"))
        return EntityKind::Process;
    if (has("simpleSecurityObject") && has("applicationProcess"))
        return EntityKind::ServiceAccount;
    if (e.hasAttribute(QStringLiteral("ispmanModule")) && rdnType(e.dn()).compare(QLatin1String("ispmanModule"), Qt::CaseInsensitive) == 0)
        return EntityKind::ConfModule;
    return e.hasAttribute(QStringLiteral("objectClass")) ? EntityKind::Container : EntityKind::Unknown;
}

QString domainOf(const LdapDn &dn)
{
    for (qsizetype i = 0; i < dn.rdns().size(); ++i) {
        const LdapRdn &rdn = dn.rdns().at(i);
        if (rdn.isEmpty())
            continue;
        if (rdn.first().type.compare(QLatin1String("ispmanDomain"), Qt::CaseInsensitive) == 0)
            return rdn.first().value;
        if (rdn.first().type.compare(QLatin1String("zoneName"), Qt::CaseInsensitive) == 0)
            return rdn.first().value;
    }
    return {};
}

QString displayName(const LdapEntry &e, EntityKind kind)
{
    const QString name0 = rdnValue(e.dn());
    switch (kind) {
    case EntityKind::User:
    case EntityKind::MailGroup: {
        const QString address = e.text(QStringLiteral("mailLocalAddress"));
        return address.isEmpty() ? name0 : address;
    }
    case EntityKind::DnsName: {
        const QString name = e.text(QStringLiteral("relativeDomainName"));
        return name.isEmpty() || name == QLatin1String("@") ? QStringLiteral("@ (%1)").arg(e.text(QStringLiteral("zoneName"))) : name;
    }
    case EntityKind::Reseller: {
        const QString name = e.text(QStringLiteral("ispmanResellerName"));
        return name.isEmpty() ? name0 : QStringLiteral("%1 (#%2)").arg(name, name0);
    }
    case EntityKind::Client: {
        const QString name = e.text(QStringLiteral("ispmanClientName"));
        return name.isEmpty() ? name0 : QStringLiteral("%1 (#%2)").arg(name, name0);
    }
    case EntityKind::ConfVar:
        return e.text(QStringLiteral("ispmanVar"));
    case EntityKind::Process:
        return QStringLiteral("#%1 %2").arg(name0, e.text(QStringLiteral("ispmanProcess")));
    case EntityKind::Container:
        return name0;
    default:
        return name0;
    }
}

QString displayState(const LdapEntry &e, EntityKind kind)
{
    const bool suspended = e.text(QStringLiteral("ispmanStatus")) == QLatin1String("suspended")
        || e.text(QStringLiteral("ispmanStatus")) == QLatin1String("inactive");
    QStringList parts;
    switch (kind) {
    case EntityKind::Domain:
        parts << e.text(QStringLiteral("ispmanDomainType"));
        if (!e.text(QStringLiteral("ispmanDomainLocked")).isEmpty() && e.text(QStringLiteral("ispmanDomainLocked")) != QLatin1String("false"))
            parts << tr("locked");
        break;
    case EntityKind::User: {
        const QString cn = e.text(QStringLiteral("cn"));
        if (!cn.isEmpty())
            parts << cn;
        const qint64 quotaKiB = e.text(QStringLiteral("mailQuota")).toLongLong();
        if (quotaKiB > 0)
            parts << tr("quota %1 MB").arg(quotaKiB / 1024);
        break;
    }
    case EntityKind::MailGroup:
        parts << tr("%n member(s)", nullptr, int(e.values(QStringLiteral("mailForwardingAddress")).size()));
        break;
    case EntityKind::DnsName: {
        QStringList types;
        for (const QString &attr : e.attributeNames()) {
            if (attr.endsWith(QLatin1String("Record"), Qt::CaseInsensitive))
                types << attr.chopped(6).toUpper();
        }
        parts << types.join(QStringLiteral(", "));
        break;
    }
    case EntityKind::Host: {
        const Host h = Host::fromEntry(e);
        if (!h.agentHeartbeat.isValid()) {
            parts << tr("no agent");
        } else {
            const qint64 age = h.agentHeartbeat.secsTo(QDateTime::currentDateTimeUtc());
            parts << (age <= 60 ? tr("alive") : age <= 300 ? tr("late") : tr("dead"));
            if (h.agentQueueDepth > 0)
                parts << tr("queue %1").arg(h.agentQueueDepth);
            if (h.agentFailures > 0)
                parts << tr("%n failure(s)", nullptr, h.agentFailures);
        }
        break;
    }
    case EntityKind::Process:
        parts << e.text(QStringLiteral("ispmanStatus")) << e.text(QStringLiteral("ispmanHostName"));
        break;
    case EntityKind::ConfVar:
        parts << e.text(QStringLiteral("ispmanVal"));
        break;
    default:
        break;
    }
    if (suspended && kind != EntityKind::Process)
        parts << tr("suspended");
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}

const QStringList &treeAttributes()
{
    static const QStringList attributes = {
        QStringLiteral("objectClass"), QStringLiteral("ispmanDomain"), QStringLiteral("ispmanDomainType"),
        QStringLiteral("ispmanDomainLocked"), QStringLiteral("ispmanStatus"), QStringLiteral("uid"), QStringLiteral("cn"),
        QStringLiteral("mailLocalAddress"), QStringLiteral("mailQuota"), QStringLiteral("mailForwardingAddress"),
        QStringLiteral("ispmanVhostName"), QStringLiteral("ispmanUserId"), QStringLiteral("ispmanDBName"),
        QStringLiteral("zoneName"), QStringLiteral("relativeDomainName"), QStringLiteral("aRecord"), QStringLiteral("aAAARecord"),
        QStringLiteral("cNAMERecord"), QStringLiteral("mXRecord"), QStringLiteral("nSRecord"), QStringLiteral("tXTRecord"),
        QStringLiteral("sRVRecord"), QStringLiteral("cAARecord"), QStringLiteral("pTRRecord"), QStringLiteral("sOARecord"),
        QStringLiteral("tLSARecord"),
    };
    return attributes;
}

QString kindName(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Domain: return tr("Domain");
    case EntityKind::User: return tr("Mail user");
    case EntityKind::MailGroup: return tr("Mail group");
    case EntityKind::Vhost: return tr("Website");
    case EntityKind::VhostPart: return tr("Website part");
    case EntityKind::WebUser: return tr("Web user");
    case EntityKind::Database: return tr("Database");
    case EntityKind::DnsName: return tr("DNS name");
    case EntityKind::Host: return tr("Host");
    case EntityKind::HostGroup: return tr("Host group");
    case EntityKind::Reseller: return tr("Reseller");
    case EntityKind::Client: return tr("Client");
    case EntityKind::Admin: return tr("Admin");
    case EntityKind::ConfModule: return tr("Configuration module");
    case EntityKind::ConfVar: return tr("Configuration variable");
    case EntityKind::Process: return tr("Process");
    case EntityKind::ServiceAccount: return tr("Service account");
    case EntityKind::Container: return tr("Folder");
    case EntityKind::Unknown: break;
    }
    return tr("Entry");
}

} // namespace Isp::Console
