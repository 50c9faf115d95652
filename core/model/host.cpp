#include "core/model/host.h"

#include <QTimeZone>

namespace Isp::Core {

QDateTime fromGeneralizedTime(const QString &text)
{
    for (const char *format : {"yyyyMMddHHmmss.zzz'Z'", "yyyyMMddHHmmss'Z'", "yyyyMMddHHmmss.z'Z'"}) {
        QDateTime t = QDateTime::fromString(text, QLatin1String(format));
        if (t.isValid()) {
            t.setTimeZone(QTimeZone::utc());
            return t;
        }
    }
    return {};
}

QString toGeneralizedTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMddHHmmss.zzz'Z'"));
}

Host Host::fromEntry(const LdapEntry &e)
{
    Host h;
    h.name = e.text(QStringLiteral("ispmanHostName"));
    h.ip = e.text(QStringLiteral("ispmanHostIp"));
    h.aliases = e.texts(QStringLiteral("ispmanHostAlias"));
    h.info = e.text(QStringLiteral("ispmanHostInfo"));
    h.agentHeartbeat = fromGeneralizedTime(e.text(QStringLiteral("ispmanAgentHeartbeat")));
    h.agentVersion = e.text(QStringLiteral("ispmanAgentVersion"));
    h.agentState = e.text(QStringLiteral("ispmanAgentState"));
    h.agentQueueDepth = e.text(QStringLiteral("ispmanAgentQueueDepth")).toInt();
    h.agentFailures = e.text(QStringLiteral("ispmanAgentFailures")).toInt();
    h.agentLastError = e.text(QStringLiteral("ispmanAgentLastError"));
    return h;
}

LdapEntry Host::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.host(name));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanHost"), QStringLiteral("ispmanAgentStatus")});
    e.setText(QStringLiteral("ispmanHostName"), name);
    if (!ip.isEmpty())
        e.setText(QStringLiteral("ispmanHostIp"), ip);
    if (!aliases.isEmpty())
        e.setTexts(QStringLiteral("ispmanHostAlias"), aliases);
    if (!info.isEmpty())
        e.setText(QStringLiteral("ispmanHostInfo"), info);
    return e;
}

HostGroup HostGroup::fromEntry(const LdapEntry &e)
{
    HostGroup g;
    g.name = e.text(QStringLiteral("ispmanHostGroupName"));
    g.info = e.text(QStringLiteral("ispmanHostGroupInfo"));
    g.members = e.texts(QStringLiteral("ispmanHostGroupMember"));
    return g;
}

LdapEntry HostGroup::toEntry(const Dit &dit) const
{
    LdapEntry e(dit.hostGroup(name));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanHostGroup")});
    e.setText(QStringLiteral("ispmanHostGroupName"), name);
    if (!info.isEmpty())
        e.setText(QStringLiteral("ispmanHostGroupInfo"), info);
    if (!members.isEmpty())
        e.setTexts(QStringLiteral("ispmanHostGroupMember"), members);
    return e;
}

} // namespace Isp::Core
