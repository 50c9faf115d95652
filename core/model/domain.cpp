#include "core/model/domain.h"

namespace Isp::Core {

namespace {

int intOr(const QString &text, int fallback)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    return ok ? v : fallback;
}

} // namespace

QString Domain::typeName(Type type)
{
    switch (type) {
    case Type::Primary: return QStringLiteral("primary");
    case Type::Slave: return QStringLiteral("slave");
    case Type::Replica: return QStringLiteral("replica");
    case Type::NoDns: return QStringLiteral("nodns");
    }
    return QString();
}

std::optional<Domain::Type> Domain::typeFromName(const QString &name)
{
    for (Type t : {Type::Primary, Type::Slave, Type::Replica, Type::NoDns}) {
        if (typeName(t).compare(name, Qt::CaseInsensitive) == 0)
            return t;
    }
    return std::nullopt;
}

Domain Domain::fromEntry(const LdapEntry &e)
{
    Domain d;
    d.name = e.text(QStringLiteral("ispmanDomain"));
    d.type = typeFromName(e.text(QStringLiteral("ispmanDomainType"))).value_or(Type::Primary);
    d.owner = e.text(QStringLiteral("ispmanDomainOwner"));
    d.customer = e.text(QStringLiteral("ispmanDomainCustomer"));
    d.comment = e.text(QStringLiteral("ispmanDomainComment"));
    d.services = e.texts(QStringLiteral("ispmanDomainService"));
    d.replicaMaster = e.text(QStringLiteral("ispmanReplicaMaster"));
    for (const QString &m : e.texts(QStringLiteral("ispmanDnsMasters")))
        d.dnsMasters << m.split(QLatin1Char(' '), Qt::SkipEmptyParts); // 1.x: space-separated in one value
    d.mailDropHost = e.text(QStringLiteral("ispmanDomainDefaultMailDropHost"));
    d.webHosts = e.texts(QStringLiteral("ispmanDomainDefaultWebHost"));
    d.fileServer = e.text(QStringLiteral("ispmanDomainDefaultFileServer"));
    d.dbHost = e.text(QStringLiteral("ispmanDomainDefaultDBHost"));
    d.dnsHosts = e.texts(QStringLiteral("dnsHost"));
    d.smtpHosts = e.texts(QStringLiteral("smtpHost"));
    d.maxAccounts = intOr(e.text(QStringLiteral("ispmanMaxAccounts")), -1);
    d.maxVhosts = intOr(e.text(QStringLiteral("ispmanMaxVhosts")), -1);
    d.maxDatabases = intOr(e.text(QStringLiteral("ispmanMaxDatabases")), -1);
    if (e.hasAttribute(QStringLiteral("ispmanDomainMailDeliveryMethod")))
        d.mailDelivery = e.text(QStringLiteral("ispmanDomainMailDeliveryMethod"));
    d.locked = e.text(QStringLiteral("ispmanDomainLocked")).compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    d.lockedBy = e.text(QStringLiteral("ispmanDomainLockedBy"));
    d.suspended = e.text(QStringLiteral("ispmanStatus")) == QLatin1String("suspended");
    d.clientId = e.text(QStringLiteral("ispmanClientId")).toLongLong();
    d.clientName = e.text(QStringLiteral("ispmanClientName"));
    d.resellerId = e.text(QStringLiteral("ispmanResellerId")).toLongLong();
    d.resellerName = e.text(QStringLiteral("ispmanResellerName"));
    d.uidNumber = e.text(QStringLiteral("uidNumber")).toLongLong();
    d.gidNumber = e.text(QStringLiteral("gidNumber")).toLongLong();
    d.homeDirectory = e.text(QStringLiteral("homeDirectory"));
    d.loginShell = e.text(QStringLiteral("loginShell"));
    d.ftpQuotaMBytes = intOr(e.text(QStringLiteral("FTPQuotaMBytes")), 0);
    d.created = e.text(QStringLiteral("ispmanCreateTimestamp")).toLongLong();
    return d;
}

LdapEntry Domain::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.domain(name));
    const bool replica = type == Type::Replica;
    QStringList classes = {QStringLiteral("ispmanBranch"), QStringLiteral("ispmanDomain")};
    if (!replica)
        classes << QStringLiteral("posixAccount") << QStringLiteral("PureFTPdUser");
    e.setTexts(QStringLiteral("objectClass"), classes);
    e.setText(QStringLiteral("ispmanDomain"), name);
    e.setText(QStringLiteral("ispmanDomainType"), typeName(type));
    auto setIf = [&](const char *attr, const QString &v) {
        if (!v.isEmpty())
            e.setText(QLatin1String(attr), v);
    };
    auto setAll = [&](const char *attr, const QStringList &v) {
        if (!v.isEmpty())
            e.setTexts(QLatin1String(attr), v);
    };
    setIf("ispmanDomainOwner", owner);
    setIf("ispmanDomainCustomer", customer);
    setIf("ispmanDomainComment", comment);
    setAll("ispmanDomainService", services);
    setIf("ispmanReplicaMaster", replicaMaster);
    setAll("ispmanDnsMasters", dnsMasters);
    setIf("ispmanDomainDefaultMailDropHost", mailDropHost);
    setAll("ispmanDomainDefaultWebHost", webHosts);
    setIf("ispmanDomainDefaultFileServer", fileServer);
    setIf("ispmanDomainDefaultDBHost", dbHost);
    setAll("dnsHost", dnsHosts);
    setAll("smtpHost", smtpHosts);
    if (!replica) {
        e.setText(QStringLiteral("ispmanMaxAccounts"), QString::number(maxAccounts));
        e.setText(QStringLiteral("ispmanMaxVhosts"), QString::number(maxVhosts));
        e.setText(QStringLiteral("ispmanMaxDatabases"), QString::number(maxDatabases));
        e.setText(QStringLiteral("ispmanDomainMailDeliveryMethod"), mailDelivery);
    }
    e.setText(QStringLiteral("ispmanDomainLocked"), locked ? QStringLiteral("true") : QStringLiteral("false"));
    setIf("ispmanDomainLockedBy", lockedBy);
    e.setText(QStringLiteral("ispmanStatus"), suspended ? QStringLiteral("suspended") : QStringLiteral("active"));
    if (clientId > 0) {
        e.setText(QStringLiteral("ispmanClientId"), QString::number(clientId));
        setIf("ispmanClientName", clientName);
    }
    if (resellerId > 0) {
        e.setText(QStringLiteral("ispmanResellerId"), QString::number(resellerId));
        setIf("ispmanResellerName", resellerName);
    }
    if (replica) {
        e.setText(QStringLiteral("mailLocalAddress"), QLatin1Char('@') + name);
        e.setText(QStringLiteral("mailForwardingAddress"), QLatin1Char('@') + replicaMaster);
    } else {
        e.setText(QStringLiteral("uid"), name);
        e.setText(QStringLiteral("cn"), name);
        e.setText(QStringLiteral("uidNumber"), QString::number(uidNumber));
        e.setText(QStringLiteral("gidNumber"), QString::number(gidNumber));
        e.setText(QStringLiteral("homeDirectory"), homeDirectory);
        setIf("loginShell", loginShell);
        setIf("fileHost", fileServer);
        e.setText(QStringLiteral("FTPStatus"), suspended ? QStringLiteral("disabled") : QStringLiteral("enabled"));
        e.setText(QStringLiteral("FTPQuotaMBytes"), QString::number(ftpQuotaMBytes));
    }
    e.setText(QStringLiteral("ispmanCreateTimestamp"), QString::number(created));
    return e;
}

} // namespace Isp::Core
