#include "core/model/tenant.h"

#include "core/model/host.h" // fromGeneralizedTime

#include <QTimeZone>

namespace Isp::Core {

namespace {

void setIfAny(LdapEntry &e, const QString &attr, const QString &value)
{
    if (!value.isEmpty())
        e.setText(attr, value);
}

void setIfAny(LdapEntry &e, const QString &attr, const QStringList &values)
{
    if (!values.isEmpty())
        e.setTexts(attr, values);
}

QDateTime fromEpoch(const QString &text)
{
    bool ok = false;
    const qint64 secs = text.toLongLong(&ok);
    return ok ? QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc()) : QDateTime();
}

qint64 number(const LdapEntry &e, const QString &attr, qint64 fallback)
{
    bool ok = false;
    const qint64 n = e.text(attr).toLongLong(&ok);
    return ok ? n : fallback;
}

const QString kCreated = QStringLiteral("ispmanCreateTimestamp");
const QString kPwdChanged = QStringLiteral("pwdChangedTime");

QStringList contactAttributes()
{
    return { QStringLiteral("cn"), QStringLiteral("sn"), QStringLiteral("givenName"), QStringLiteral("mail"),
        QStringLiteral("telephoneNumber"), QStringLiteral("street"), QStringLiteral("postalCode"), QStringLiteral("l"),
        QStringLiteral("c"), QStringLiteral("uid") };
}

QStringList hostAttributes()
{
    return { QStringLiteral("ispmanDomainDefaultMailDropHost"), QStringLiteral("ispmanDomainDefaultWebHost"),
        QStringLiteral("ispmanDomainDefaultFileServer"), QStringLiteral("dnsHost"), QStringLiteral("smtpHost") };
}

} // namespace

QString tenantStatusName(TenantStatus status)
{
    return status == TenantStatus::Active ? QStringLiteral("active") : QStringLiteral("suspended");
}

TenantStatus tenantStatusFromName(const QString &name)
{
    // Anything but "active" is treated as suspended: an unknown status must not grant access.
    return name.compare(QLatin1String("active"), Qt::CaseInsensitive) == 0 ? TenantStatus::Active
                                                                           : TenantStatus::Suspended;
}

Contact Contact::fromEntry(const LdapEntry &e)
{
    Contact c;
    c.cn = e.text(QStringLiteral("cn"));
    c.sn = e.text(QStringLiteral("sn"));
    c.givenName = e.text(QStringLiteral("givenName"));
    c.mail = e.text(QStringLiteral("mail"));
    c.telephone = e.text(QStringLiteral("telephoneNumber"));
    c.street = e.text(QStringLiteral("street"));
    c.postalCode = e.text(QStringLiteral("postalCode"));
    c.locality = e.text(QStringLiteral("l"));
    c.country = e.text(QStringLiteral("c"));
    return c;
}

void Contact::writeTo(LdapEntry &e) const
{
    setIfAny(e, QStringLiteral("cn"), cn);
    setIfAny(e, QStringLiteral("sn"), sn);
    setIfAny(e, QStringLiteral("givenName"), givenName);
    setIfAny(e, QStringLiteral("mail"), mail);
    setIfAny(e, QStringLiteral("telephoneNumber"), telephone);
    setIfAny(e, QStringLiteral("street"), street);
    setIfAny(e, QStringLiteral("postalCode"), postalCode);
    setIfAny(e, QStringLiteral("l"), locality);
    setIfAny(e, QStringLiteral("c"), country);
}

DefaultHosts DefaultHosts::fromEntry(const LdapEntry &e)
{
    DefaultHosts h;
    h.mailDrop = e.text(QStringLiteral("ispmanDomainDefaultMailDropHost"));
    h.web = e.texts(QStringLiteral("ispmanDomainDefaultWebHost"));
    h.fileServer = e.text(QStringLiteral("ispmanDomainDefaultFileServer"));
    h.dns = e.texts(QStringLiteral("dnsHost"));
    h.smtp = e.texts(QStringLiteral("smtpHost"));
    return h;
}

void DefaultHosts::writeTo(LdapEntry &e) const
{
    setIfAny(e, QStringLiteral("ispmanDomainDefaultMailDropHost"), mailDrop);
    setIfAny(e, QStringLiteral("ispmanDomainDefaultWebHost"), web);
    setIfAny(e, QStringLiteral("ispmanDomainDefaultFileServer"), fileServer);
    setIfAny(e, QStringLiteral("dnsHost"), dns);
    setIfAny(e, QStringLiteral("smtpHost"), smtp);
}

QStringList Reseller::attributes()
{
    return QStringList { QStringLiteral("objectClass"), QStringLiteral("ispmanResellerId"),
        QStringLiteral("ispmanResellerName"), QStringLiteral("ispmanResellerMaxClients"),
        QStringLiteral("ispmanStatus"), kCreated, kPwdChanged }
    + contactAttributes();
}

Reseller Reseller::fromEntry(const LdapEntry &e)
{
    Reseller r;
    r.id = number(e, QStringLiteral("ispmanResellerId"), 0);
    r.name = e.text(QStringLiteral("ispmanResellerName"));
    r.contact = Contact::fromEntry(e);
    r.maxClients = number(e, QStringLiteral("ispmanResellerMaxClients"), 5);
    r.login = e.text(QStringLiteral("uid"));
    r.status = tenantStatusFromName(e.text(QStringLiteral("ispmanStatus")));
    r.created = fromEpoch(e.text(kCreated));
    r.passwordChanged = fromGeneralizedTime(e.text(kPwdChanged));
    return r;
}

LdapEntry Reseller::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.reseller(id));
    e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("ispmanReseller") });
    e.setText(QStringLiteral("ispmanResellerId"), QString::number(id));
    e.setText(QStringLiteral("ispmanResellerName"), name);
    e.setText(QStringLiteral("ispmanResellerMaxClients"), QString::number(maxClients));
    e.setText(QStringLiteral("ispmanStatus"), tenantStatusName(status));
    e.setText(
        kCreated, QString::number((created.isValid() ? created : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch()));
    contact.writeTo(e);
    setIfAny(e, QStringLiteral("uid"), login);
    return e;
}

QStringList Client::attributes()
{
    return QStringList { QStringLiteral("objectClass"), QStringLiteral("ispmanClientId"),
        QStringLiteral("ispmanClientName"), QStringLiteral("ispmanResellerId"), QStringLiteral("ispmanResellerName"),
        QStringLiteral("ispmanClientMaxDomains"), QStringLiteral("ispmanStatus"), kCreated, kPwdChanged }
    + contactAttributes() + hostAttributes();
}

Client Client::fromEntry(const LdapEntry &e)
{
    Client c;
    c.id = number(e, QStringLiteral("ispmanClientId"), 0);
    c.resellerId = number(e, QStringLiteral("ispmanResellerId"), 0);
    c.resellerName = e.text(QStringLiteral("ispmanResellerName"));
    c.name = e.text(QStringLiteral("ispmanClientName"));
    c.contact = Contact::fromEntry(e);
    c.maxDomains = number(e, QStringLiteral("ispmanClientMaxDomains"), 5);
    c.hosts = DefaultHosts::fromEntry(e);
    c.login = e.text(QStringLiteral("uid"));
    c.status = tenantStatusFromName(e.text(QStringLiteral("ispmanStatus")));
    c.created = fromEpoch(e.text(kCreated));
    c.passwordChanged = fromGeneralizedTime(e.text(kPwdChanged));
    return c;
}

LdapEntry Client::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.client(resellerId, id));
    e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("ispmanClient") });
    e.setText(QStringLiteral("ispmanClientId"), QString::number(id));
    e.setText(QStringLiteral("ispmanClientName"), name);
    e.setText(QStringLiteral("ispmanResellerId"), QString::number(resellerId));
    setIfAny(e, QStringLiteral("ispmanResellerName"), resellerName);
    e.setText(QStringLiteral("ispmanClientMaxDomains"), QString::number(maxDomains));
    e.setText(QStringLiteral("ispmanStatus"), tenantStatusName(status));
    e.setText(
        kCreated, QString::number((created.isValid() ? created : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch()));
    contact.writeTo(e);
    hosts.writeTo(e);
    setIfAny(e, QStringLiteral("uid"), login);
    return e;
}

QStringList Admin::attributes()
{
    return { QStringLiteral("uid"), QStringLiteral("cn"), QStringLiteral("ispmanSysadminMail"),
        QStringLiteral("ispmanSysadminLevel"), QStringLiteral("ispmanSysadminAllowedNetwork"), kPwdChanged };
}

Admin Admin::fromEntry(const LdapEntry &e)
{
    Admin a;
    a.uid = e.text(QStringLiteral("uid"));
    a.cn = e.text(QStringLiteral("cn"));
    a.mail = e.text(QStringLiteral("ispmanSysadminMail"));
    a.level = int(number(e, QStringLiteral("ispmanSysadminLevel"), 0));
    a.networks = e.texts(QStringLiteral("ispmanSysadminAllowedNetwork"));
    a.passwordChanged = fromGeneralizedTime(e.text(kPwdChanged));
    return a;
}

LdapEntry Admin::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.admin(uid));
    e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("ispmanSysadmin") });
    e.setText(QStringLiteral("uid"), uid);
    e.setText(QStringLiteral("ispmanSysadminLevel"), QString::number(level));
    setIfAny(e, QStringLiteral("cn"), cn);
    setIfAny(e, QStringLiteral("ispmanSysadminMail"), mail);
    if (!networks.isEmpty())
        e.setTexts(QStringLiteral("ispmanSysadminAllowedNetwork"), networks);
    return e;
}

ConfVariable ConfVariable::fromEntry(const LdapEntry &e)
{
    ConfVariable v;
    v.module = e.text(QStringLiteral("ispmanModule"));
    v.name = e.text(QStringLiteral("ispmanVar"));
    v.alias = e.text(QStringLiteral("ispmanVarAlias"));
    v.value = e.text(QStringLiteral("ispmanVal"));
    v.question = e.text(QStringLiteral("ispmanQuestion"));
    return v;
}

LdapEntry ConfVariable::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.confVar(module, name));
    e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("ispmanConfVar") });
    e.setText(QStringLiteral("ispmanModule"), module);
    e.setText(QStringLiteral("ispmanVar"), name);
    e.setText(QStringLiteral("ispmanVal"), value);
    e.setText(QStringLiteral("ispmanQuestion"), question);
    setIfAny(e, QStringLiteral("ispmanVarAlias"), alias);
    return e;
}

} // namespace Isp::Core
