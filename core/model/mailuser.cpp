#include "core/model/mailuser.h"

namespace Isp::Core {

QString MailUser::commonName() const
{
    const QString cn = (givenName + QLatin1Char(' ') + surname).trimmed();
    return cn.isEmpty() ? userId : cn;
}

MailUser MailUser::fromEntry(const LdapEntry &e)
{
    MailUser u;
    u.domain = e.text(QStringLiteral("ispmanDomain"));
    u.userId = e.text(QStringLiteral("ispmanUserId"));
    // The RDN uid; the second uid value is the "local@domain" login alias.
    u.uid = e.dn().isEmpty() ? e.text(QStringLiteral("uid")) : e.dn().rdnValue();
    u.givenName = e.text(QStringLiteral("givenName"));
    u.surname = e.text(QStringLiteral("sn"));
    if (u.surname == u.userId && u.givenName.isEmpty())
        u.surname.clear(); // sn is mandatory (person); the user id stands in when none was given
    u.address = e.text(QStringLiteral("mailLocalAddress"));
    u.aliases = e.texts(QStringLiteral("mailAlias"));
    u.forwards = e.texts(QStringLiteral("mailForwardingAddress"));
    u.mailHost = e.text(QStringLiteral("mailHost"));
    u.mailQuotaKiB = e.text(QStringLiteral("mailQuota")).toLongLong();
    u.uidNumber = e.text(QStringLiteral("uidNumber")).toLongLong();
    u.gidNumber = e.text(QStringLiteral("gidNumber")).toLongLong();
    u.homeDirectory = e.text(QStringLiteral("homeDirectory"));
    u.loginShell = e.text(QStringLiteral("loginShell"));
    u.fileHost = e.text(QStringLiteral("fileHost"));
    u.ftpEnabled = e.text(QStringLiteral("FTPStatus")).compare(QLatin1String("disabled"), Qt::CaseInsensitive) != 0;
    u.ftpQuotaMBytes = e.text(QStringLiteral("FTPQuotaMBytes")).toInt();
    u.suspended = e.text(QStringLiteral("ispmanStatus")) == QLatin1String("suspended");
    u.created = e.text(QStringLiteral("ispmanCreateTimestamp")).toLongLong();
    return u;
}

LdapEntry MailUser::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.user(domain, uid));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanDomainUser"), QStringLiteral("posixAccount"), QStringLiteral("PureFTPdUser")});
    e.setTexts(QStringLiteral("uid"), {uid, address});
    e.setText(QStringLiteral("ispmanUserId"), userId);
    e.setText(QStringLiteral("ispmanDomain"), domain);
    e.setText(QStringLiteral("cn"), commonName());
    if (!givenName.isEmpty())
        e.setText(QStringLiteral("givenName"), givenName);
    e.setText(QStringLiteral("sn"), surname.isEmpty() ? userId : surname);
    e.setText(QStringLiteral("mail"), address);
    e.setText(QStringLiteral("mailLocalAddress"), address);
    if (!aliases.isEmpty())
        e.setTexts(QStringLiteral("mailAlias"), aliases);
    if (!forwards.isEmpty())
        e.setTexts(QStringLiteral("mailForwardingAddress"), forwards);
    if (hasMailbox()) {
        e.setText(QStringLiteral("mailHost"), mailHost);
        e.setText(QStringLiteral("mailRoutingAddress"), address);
        e.setText(QStringLiteral("mailQuota"), QString::number(mailQuotaKiB));
    }
    e.setText(QStringLiteral("uidNumber"), QString::number(uidNumber));
    e.setText(QStringLiteral("gidNumber"), QString::number(gidNumber));
    e.setText(QStringLiteral("homeDirectory"), homeDirectory);
    e.setText(QStringLiteral("loginShell"), loginShell);
    if (!fileHost.isEmpty())
        e.setText(QStringLiteral("fileHost"), fileHost);
    e.setText(QStringLiteral("FTPStatus"), ftpEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled"));
    e.setText(QStringLiteral("FTPQuotaMBytes"), QString::number(ftpQuotaMBytes));
    e.setText(QStringLiteral("ispmanStatus"), suspended ? QStringLiteral("suspended") : QStringLiteral("active"));
    e.setText(QStringLiteral("ispmanCreateTimestamp"), QString::number(created));
    return e;
}

MailGroup MailGroup::fromEntry(const LdapEntry &e)
{
    MailGroup g;
    g.domain = e.text(QStringLiteral("ispmanDomain"));
    g.name = e.text(QStringLiteral("cn"));
    g.address = e.text(QStringLiteral("mailLocalAddress"));
    g.members = e.texts(QStringLiteral("mailForwardingAddress"));
    g.aliases = e.texts(QStringLiteral("mailAlias"));
    return g;
}

LdapEntry MailGroup::toEntry(const Dit &dit) const
{
    LdapEntry e(dn(dit, domain, name));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanMailGroup")});
    e.setText(QStringLiteral("cn"), name);
    e.setText(QStringLiteral("ispmanDomain"), domain);
    e.setText(QStringLiteral("mailLocalAddress"), address);
    if (!members.isEmpty())
        e.setTexts(QStringLiteral("mailForwardingAddress"), members);
    if (!aliases.isEmpty())
        e.setTexts(QStringLiteral("mailAlias"), aliases);
    return e;
}

} // namespace Isp::Core
