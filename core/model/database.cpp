#include "core/model/database.h"

#include <QCryptographicHash>

namespace Isp::Core {

Database Database::fromEntry(const LdapEntry &e)
{
    Database d;
    // ispmanDBName=<name>,ou=databases,ispmanDomain=<domain>,<base>
    if (e.dn().depth() >= 3)
        d.domain = e.dn().parent().parent().rdnValue();
    d.name = e.text(QStringLiteral("ispmanDBName"));
    d.type = e.text(QStringLiteral("ispmanDBType"));
    d.host = e.text(QStringLiteral("ispmanDBHost"));
    d.user = e.text(QStringLiteral("ispmanDBUser"));
    d.passwordHash = e.text(QStringLiteral("ispmanDBPass"));
    d.accessFrom = e.texts(QStringLiteral("ispmanDBAccessFilter"));
    d.privileges = e.texts(QStringLiteral("ispmanDBPrivilege"));
    return d;
}

LdapEntry Database::toEntry(const Dit &dit) const
{
    LdapEntry e(dn(dit, domain, name));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanDatabaseData")});
    e.setText(QStringLiteral("ispmanDBName"), name);
    e.setText(QStringLiteral("ispmanDBType"), type);
    e.setText(QStringLiteral("ispmanDBHost"), host);
    if (!user.isEmpty())
        e.setText(QStringLiteral("ispmanDBUser"), user);
    if (!passwordHash.isEmpty())
        e.setText(QStringLiteral("ispmanDBPass"), passwordHash);
    if (!accessFrom.isEmpty())
        e.setTexts(QStringLiteral("ispmanDBAccessFilter"), accessFrom);
    if (!privileges.isEmpty())
        e.setTexts(QStringLiteral("ispmanDBPrivilege"), privileges);
    return e;
}

QString Database::namePrefix(const QString &domain)
{
    QString prefix;
    for (const QChar c : domain)
        prefix += (c == QLatin1Char('.') || c == QLatin1Char('-')) ? QLatin1Char('_') : c.toLower();
    return prefix + QLatin1Char('_');
}

QString Database::nativePasswordHash(const QString &password)
{
    const QByteArray once = QCryptographicHash::hash(password.toUtf8(), QCryptographicHash::Sha1);
    const QByteArray twice = QCryptographicHash::hash(once, QCryptographicHash::Sha1);
    return QLatin1Char('*') + QString::fromLatin1(twice.toHex().toUpper());
}

} // namespace Isp::Core
