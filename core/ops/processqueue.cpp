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

namespace {

LdapEntry processEntry(DirectorySession &session, const ProcessRequest &request, const QString &host, qint64 pid,
                       const QString &createdAt, const QString &user)
{
    LdapEntry e(session.dit().process(pid));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanProcesses"), QStringLiteral("ispmanProcessLease")});
    e.setText(QStringLiteral("ispmanPid"), QString::number(pid));
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
    e.setText(QStringLiteral("ispmanProcessCreated"), createdAt);
    e.setText(QStringLiteral("ispmanProcessAttempts"), QStringLiteral("0"));
    e.setText(QStringLiteral("ispmanProcessPriority"), QString::number(request.priority));
    if (!request.target.isEmpty())
        e.setText(QStringLiteral("ispmanProcessTarget"), request.target.toString());
    if (!request.targetUuid.isEmpty())
        e.setValue(QStringLiteral("ispmanProcessTargetUuid"), request.targetUuid);
    return e;
}

// Who queued it: the RDN value of the bound identity ("ispman" for uid=ispman,ou=admins,...).
QString requester(DirectorySession &session)
{
    QString user = session.bindDn();
    if (auto dn = LdapDn::parse(user); dn && !dn->isEmpty())
        user = dn->rdnValue();
    return user;
}

} // namespace

OpResult<QList<LdapDn>> enqueueProcess(Transaction &tx, const ProcessRequest &request, const QStringList &hosts)
{
    DirectorySession &session = tx.session();
    QList<LdapDn> created;
    const QString createdAt = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss.zzz'Z'"));
    const QString user = requester(session);
    for (const QString &host : hosts) {
        auto pid = nextProcessId(session);
        if (!pid.ok())
            return pid.error();
        const LdapEntry e = processEntry(session, request, host, *pid, createdAt, user);
        auto r = tx.add(e);
        if (!r.ok())
            return OpError::directory(r.error());
        created << e.dn();
    }
    return created;
}

OpResult<QList<LdapDn>> enqueueProcesses(Transaction &tx, const QList<std::pair<ProcessRequest, QStringList>> &work)
{
    DirectorySession &session = tx.session();
    const QString createdAt = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss.zzz'Z'"));
    const QString user = requester(session);
    QList<LdapEntry> entries;
    for (const auto &[request, hosts] : work) {
        for (const QString &host : hosts) {
            auto pid = nextProcessId(session);
            if (!pid.ok())
                return pid.error();
            entries << processEntry(session, request, host, *pid, createdAt, user);
        }
    }
    const auto results = tx.addAll(entries);
    QList<LdapDn> created;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (!results.at(i).ok())
            return OpError::directory(results.at(i).error());
        created << entries.at(i).dn();
    }
    return created;
}

} // namespace Isp::Core
