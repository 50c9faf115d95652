#include "customer-web/panelconfig.h"

#include "core/ldap/ldapdn.h"

#include <QFile>
#include <QRegularExpression>
#include <QTextStream>

namespace Isp::Panel {

namespace {

bool toInt(const QString &value, int min, int max, int *out)
{
    bool ok = false;
    const int v = value.toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

} // namespace

bool PanelConfig::set(const QString &section, const QString &key, const QString &value, QString *error)
{
    const QString k = section + QLatin1Char('.') + key;
    auto bad = [&](const QString &rule) {
        *error = QStringLiteral("%1: %2").arg(k, rule);
        return false;
    };
    int n = 0;
    if (k == u"panel.listen") {
        if (QHostAddress(value).isNull())
            return bad(QStringLiteral("must be an IP address"));
        listen = value;
    } else if (k == u"panel.port") {
        if (!toInt(value, 0, 65535, &port))
            return bad(QStringLiteral("must be a port number (0-65535)"));
    } else if (k == u"panel.tls-certificate") {
        tlsCertificate = value;
    } else if (k == u"panel.tls-key") {
        tlsKey = value;
    } else if (k == u"panel.trusted-proxies") {
        trustedProxies = value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
        for (const QString &p : std::as_const(trustedProxies)) {
            if (QHostAddress(p).isNull())
                return bad(QStringLiteral("\"%1\" is not an IP address").arg(p.left(60)));
        }
    } else if (k == u"panel.secret-file") {
        secretFile = value;
    } else if (k == u"panel.session-idle-minutes") {
        if (!toInt(value, 1, 24 * 60, &n))
            return bad(QStringLiteral("must be 1-1440"));
        sessionIdle = std::chrono::minutes(n);
    } else if (k == u"panel.session-max-hours") {
        if (!toInt(value, 1, 24 * 7, &n))
            return bad(QStringLiteral("must be 1-168"));
        sessionMax = std::chrono::hours(n);
    } else if (k == u"panel.workers") {
        if (!toInt(value, 1, 64, &workers))
            return bad(QStringLiteral("must be 1-64"));
    } else if (k == u"panel.login-failures-per-account") {
        if (!toInt(value, 1, 1000, &loginFailuresPerAccount))
            return bad(QStringLiteral("must be 1-1000"));
    } else if (k == u"panel.login-failures-per-address") {
        if (!toInt(value, 1, 100000, &loginFailuresPerAddress))
            return bad(QStringLiteral("must be 1-100000"));
    } else if (k == u"panel.login-window-minutes") {
        if (!toInt(value, 1, 24 * 60, &n))
            return bad(QStringLiteral("must be 1-1440"));
        loginWindow = std::chrono::minutes(n);
    } else if (k == u"panel.access-log") {
        accessLog = value;
    } else if (k == u"panel.templates") {
        templatesDir = value;
    } else if (k == u"ldap.uri") {
        uris = value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    } else if (k == u"ldap.base") {
        base = value;
    } else if (k == u"ldap.bind-dn") {
        bindDn = value;
    } else if (k == u"ldap.password-file") {
        passwordFile = value;
    } else if (k == u"ldap.starttls") {
        startTls = value == u"true" || value == u"yes" || value == u"1";
    } else if (k == u"ldap.ca-file") {
        caFile = value;
    } else {
        *error = QStringLiteral("%1: unknown setting").arg(k);
        return false;
    }
    return true;
}

bool PanelConfig::load(const QString &file, QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file, f.errorString());
        return false;
    }
    QTextStream in(&f);
    QString section;
    int line = 0;
    while (!in.atEnd()) {
        ++line;
        const QString text = in.readLine().trimmed();
        if (text.isEmpty() || text.startsWith(QLatin1Char('#')) || text.startsWith(QLatin1Char(';')))
            continue;
        if (text.startsWith(QLatin1Char('[')) && text.endsWith(QLatin1Char(']'))) {
            section = text.mid(1, text.size() - 2).trimmed();
            continue;
        }
        const qsizetype eq = text.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QStringLiteral("%1:%2: expected key = value").arg(file).arg(line);
            return false;
        }
        QString e;
        if (!set(section, text.left(eq).trimmed(), text.mid(eq + 1).trimmed(), &e)) {
            *error = QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(e);
            return false;
        }
    }
    return true;
}

QString PanelConfig::finish()
{
    if (uris.isEmpty())
        return QStringLiteral("ldap.uri: at least one directory URI is needed");
    if (!Core::LdapDn::parse(base))
        return QStringLiteral("ldap.base: \"%1\" is not a DN").arg(base.left(100));
    if (bindDn.isEmpty())
        bindDn = QStringLiteral("cn=panel,ou=services,") + base;
    if (passwordFile.isEmpty())
        return QStringLiteral("ldap.password-file: the panel's service password is needed (ispman service passwd panel)");
    if (secretFile.isEmpty())
        return QStringLiteral("panel.secret-file: a secret key file is needed to sign sessions");
    if (tlsCertificate.isEmpty() != tlsKey.isEmpty())
        return QStringLiteral("panel.tls-certificate and panel.tls-key go together");
    return {};
}

} // namespace Isp::Panel
