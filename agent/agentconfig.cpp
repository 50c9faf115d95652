#include "agent/agentconfig.h"

#include "core/ldap/ldapdn.h"

#include <QFile>
#include <QHostInfo>

#include <functional>

namespace Isp::Agent {

namespace {

using Setter = std::function<QString(AgentConfig &, const QString &)>;

QString toBool(const QString &v, bool *out)
{
    const QString l = v.trimmed().toLower();
    if (l == u"true" || l == u"yes" || l == u"on" || l == u"1")
        *out = true;
    else if (l == u"false" || l == u"no" || l == u"off" || l == u"0")
        *out = false;
    else
        return QStringLiteral("\"%1\" is not true or false").arg(v.left(40));
    return {};
}

QString toInt(const QString &v, int min, int max, int *out)
{
    bool ok = false;
    const int n = v.trimmed().toInt(&ok);
    if (!ok || n < min || n > max)
        return QStringLiteral("\"%1\" is not a number from %2 to %3").arg(v.left(40)).arg(min).arg(max);
    *out = n;
    return {};
}

QString toSeconds(const QString &v, std::chrono::seconds *out)
{
    int n = 0;
    if (QString e = toInt(v, 0, 365 * 24 * 3600, &n); !e.isEmpty())
        return e;
    *out = std::chrono::seconds(n);
    return {};
}

const QHash<QString, Setter> &setters()
{
    static const QHash<QString, Setter> all = [] {
        QHash<QString, Setter> m;
        auto text = [&](const char *key, QString AgentConfig::*member) {
            m.insert(QLatin1String(key), [member](AgentConfig &c, const QString &v) { c.*member = v.trimmed(); return QString(); });
        };
        text("agent.host", &AgentConfig::hostName);
        text("agent.state-dir", &AgentConfig::stateDir);
        text("agent.root", &AgentConfig::root);
        text("agent.metrics-address", &AgentConfig::metricsAddress);
        text("ldap.base", &AgentConfig::base);
        text("ldap.bind-dn", &AgentConfig::bindDn);
        text("ldap.password-file", &AgentConfig::passwordFile);
        text("ldap.ca-file", &AgentConfig::caFile);
        m.insert(QStringLiteral("ldap.uri"), [](AgentConfig &c, const QString &v) {
            c.uris = v.split(u' ', Qt::SkipEmptyParts);
            return c.uris.isEmpty() ? QStringLiteral("no URI given") : QString();
        });
        m.insert(QStringLiteral("ldap.sasl-external"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.saslExternal); });
        m.insert(QStringLiteral("ldap.start-tls"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.startTls); });
        m.insert(QStringLiteral("agent.workers"), [](AgentConfig &c, const QString &v) { return toInt(v, 1, 64, &c.workers); });
        m.insert(QStringLiteral("agent.metrics-port"), [](AgentConfig &c, const QString &v) { return toInt(v, -1, 65535, &c.metricsPort); });
        m.insert(QStringLiteral("agent.lease"), [](AgentConfig &c, const QString &v) { return toSeconds(v, &c.lease); });
        m.insert(QStringLiteral("agent.retry-initial"), [](AgentConfig &c, const QString &v) { return toSeconds(v, &c.retryInitial); });
        m.insert(QStringLiteral("agent.retry-max"), [](AgentConfig &c, const QString &v) { return toSeconds(v, &c.retryMax); });
        m.insert(QStringLiteral("agent.reconcile-interval"), [](AgentConfig &c, const QString &v) { return toSeconds(v, &c.reconcileInterval); });
        m.insert(QStringLiteral("agent.heartbeat-interval"), [](AgentConfig &c, const QString &v) { return toSeconds(v, &c.heartbeatInterval); });
        auto sub = [&](const char *key, auto section, QString std::remove_reference_t<decltype(std::declval<AgentConfig>().*section)>::*member) {
            m.insert(QLatin1String(key), [section, member](AgentConfig &c, const QString &v) {
                (c.*section).*member = v.trimmed();
                return QString();
            });
        };
        sub("dns.zones-dir", &AgentConfig::dns, &AgentConfig::Dns::zonesDir);
        sub("dns.include-file", &AgentConfig::dns, &AgentConfig::Dns::includeFile);
        sub("dns.check-zone", &AgentConfig::dns, &AgentConfig::Dns::checkZone);
        sub("dns.check-conf", &AgentConfig::dns, &AgentConfig::Dns::checkConf);
        sub("dns.reload-zone", &AgentConfig::dns, &AgentConfig::Dns::reloadZone);
        sub("dns.reconfig", &AgentConfig::dns, &AgentConfig::Dns::reconfig);
        sub("web.vhost-dir", &AgentConfig::web, &AgentConfig::Web::vhostDir);
        sub("web.test", &AgentConfig::web, &AgentConfig::Web::test);
        sub("web.reload", &AgentConfig::web, &AgentConfig::Web::reload);
        sub("web.listen", &AgentConfig::web, &AgentConfig::Web::listen);
        sub("web.ldap-url", &AgentConfig::web, &AgentConfig::Web::ldapUrl);
        sub("web.ldap-bind-dn", &AgentConfig::web, &AgentConfig::Web::ldapBindDn);
        sub("web.ldap-password-file", &AgentConfig::web, &AgentConfig::Web::ldapPasswordFile);
        sub("mail.root", &AgentConfig::mail, &AgentConfig::Mail::root);
        sub("mail.owner", &AgentConfig::mail, &AgentConfig::Mail::owner);
        sub("mariadb.socket", &AgentConfig::mariadb, &AgentConfig::Mariadb::socket);
        sub("mariadb.user", &AgentConfig::mariadb, &AgentConfig::Mariadb::user);
        sub("mariadb.password-file", &AgentConfig::mariadb, &AgentConfig::Mariadb::passwordFile);
        m.insert(QStringLiteral("dns.enabled"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.dns.enabled); });
        m.insert(QStringLiteral("web.enabled"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.web.enabled); });
        m.insert(QStringLiteral("mariadb.enabled"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.mariadb.enabled); });
        m.insert(QStringLiteral("files.enabled"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.files.enabled); });
        m.insert(QStringLiteral("mail.enabled"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.mail.enabled); });
        m.insert(QStringLiteral("files.chown"), [](AgentConfig &c, const QString &v) { return toBool(v, &c.files.chown); });
        m.insert(QStringLiteral("files.home-bases"), [](AgentConfig &c, const QString &v) {
            c.files.homeBases = v.split(u' ', Qt::SkipEmptyParts);
            for (const QString &b : std::as_const(c.files.homeBases)) {
                if (!b.startsWith(u'/') || b == u"/")
                    return QStringLiteral("\"%1\" is not an absolute folder below /").arg(b.left(80));
            }
            return QString();
        });
        return m;
    }();
    return all;
}

} // namespace

Core::Result<AgentConfig, QString> AgentConfig::load(const QString &file)
{
    AgentConfig c;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("%1: %2").arg(file, f.errorString());
    const QByteArray bytes = f.read(1024 * 1024 + 1);
    if (bytes.size() > 1024 * 1024)
        return QStringLiteral("%1: larger than 1 MiB").arg(file);
    QString section;
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines.at(i)).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']'))
                return QStringLiteral("%1: line %2: a section is written [name]").arg(file).arg(i + 1);
            section = line.mid(1, line.size() - 2).trimmed().toLower();
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0)
            return QStringLiteral("%1: line %2: expected key = value").arg(file).arg(i + 1);
        const QString key = section + u'.' + line.left(eq).trimmed().toLower();
        const QString problem = c.set(key, line.mid(eq + 1).trimmed());
        if (!problem.isEmpty())
            return QStringLiteral("%1: line %2: %3").arg(file).arg(i + 1).arg(problem);
    }
    return c;
}

QString AgentConfig::set(const QString &sectionKey, const QString &value)
{
    const auto it = setters().constFind(sectionKey.toLower());
    if (it == setters().constEnd())
        return QStringLiteral("%1: unknown setting (docs/agent.md lists them)").arg(sectionKey.left(60));
    const QString problem = (*it)(*this, value);
    return problem.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(sectionKey, problem);
}

QString AgentConfig::defaultBindDn() const
{
    auto b = Core::LdapDn::parse(base);
    if (!b)
        return {};
    return b->child(QStringLiteral("ou"), QStringLiteral("hosts")).child(QStringLiteral("ispmanHostName"), hostName).toString();
}

QString AgentConfig::finish()
{
    if (hostName.isEmpty())
        hostName = QHostInfo::localHostName().toLower();
    if (hostName.isEmpty())
        return QStringLiteral("agent.host: this machine has no name; set one");
    if (!Core::LdapDn::parse(base))
        return QStringLiteral("ldap.base: \"%1\" is not a DN").arg(base.left(200));
    if (uris.isEmpty())
        return QStringLiteral("ldap.uri: no directory URI given");
    if (bindDn.isEmpty() && !saslExternal)
        bindDn = defaultBindDn();
    if (!saslExternal && passwordFile.isEmpty())
        return QStringLiteral("ldap.password-file: the agent needs its password (ispman host passwd %1), or ldap.sasl-external").arg(hostName);
    if (stateDir.isEmpty())
        return QStringLiteral("agent.state-dir: empty");
    if (web.ldapUrl.isEmpty() && !uris.isEmpty())
        web.ldapUrl = uris.first();
    return {};
}

} // namespace Isp::Agent
