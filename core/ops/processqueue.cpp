#include "core/ops/processqueue.h"

#include "core/model/process.h"
#include "core/ops/idallocator.h"

#include <QDateTime>

namespace Isp::Core {

QString encodeProcessParams(const QList<std::pair<QString, QString>> &params)
{
    return Process::encodeParams(params);
}

QList<std::pair<QString, QString>> decodeProcessParams(const QString &text)
{
    return Process::decodeParams(text);
}

OpResult<QStringList> targetHosts(DirectorySession &session, const QStringList &ownHosts, const QString &hostGroup)
{
    QStringList hosts;
    for (const QString &h : ownHosts) {
        if (!h.isEmpty() && !hosts.contains(h, Qt::CaseInsensitive))
            hosts << h;
    }
    if (!hosts.isEmpty())
        return hosts;
    auto group = session.read(session.dit().hostGroup(hostGroup), {QStringLiteral("ispmanHostGroupMember")});
    if (!group.ok())
        return OpError::directory(group.error());
    if (!group->has_value())
        return OpError::notFound(QStringLiteral("host group %1 does not exist").arg(hostGroup));
    for (const QString &h : (*group)->texts(QStringLiteral("ispmanHostGroupMember"))) {
        if (!hosts.contains(h, Qt::CaseInsensitive))
            hosts << h;
    }
    if (hosts.isEmpty())
        return OpError::invalid(QStringLiteral("host"), QStringLiteral("no host to do the work: the object names none and host group %1 has no members").arg(hostGroup));
    return hosts;
}

OpResult<QList<LdapDn>> enqueueProcess(Transaction &tx, const ProcessRequest &request, const QStringList &hosts)
{
    DirectorySession &session = tx.session();
    QList<LdapDn> created;
    const QString created_at = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss.zzz'Z'"));
    QString user = session.bindDn();
    if (auto dn = LdapDn::parse(user); dn && !dn->isEmpty())
        user = dn->rdnValue();
    for (const QString &host : hosts) {
        auto pid = allocateId(session, IdCounter::Pid);
        if (!pid.ok())
            return pid.error();
        LdapEntry e(session.dit().process(*pid));
        e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanProcesses"), QStringLiteral("ispmanProcessLease")});
        e.setText(QStringLiteral("ispmanPid"), QString::number(*pid));
        e.setText(QStringLiteral("ispmanProcess"), request.name);
        e.setText(QStringLiteral("ispmanHostName"), host);
        if (!request.domain.isEmpty())
            e.setText(QStringLiteral("ispmanDomain"), request.domain);
        if (!user.isEmpty())
            e.setText(QStringLiteral("ispmanUser"), user);
        e.setText(QStringLiteral("ispmanStatus"), QStringLiteral("new"));
        const QString params = encodeProcessParams(request.params);
        if (!params.isEmpty())
            e.setText(QStringLiteral("ispmanParams"), params);
        e.setText(QStringLiteral("ispmanProcessCreated"), created_at);
        e.setText(QStringLiteral("ispmanProcessAttempts"), QStringLiteral("0"));
        e.setText(QStringLiteral("ispmanProcessPriority"), QString::number(request.priority));
        if (!request.target.isEmpty())
            e.setText(QStringLiteral("ispmanProcessTarget"), request.target.toString());
        if (!request.targetUuid.isEmpty())
            e.setValue(QStringLiteral("ispmanProcessTargetUuid"), request.targetUuid);
        auto r = tx.add(e);
        if (!r.ok())
            return OpError::directory(r.error());
        created << e.dn();
    }
    return created;
}

} // namespace Isp::Core
