#include "core/model/process.h"

#include "core/model/host.h"

#include <QUrl>

namespace Isp::Core {

QString Process::encodeParams(const QList<std::pair<QString, QString>> &params)
{
    QStringList parts;
    for (const auto &[k, v] : params)
        parts << QString::fromLatin1(QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v));
    return parts.join(QLatin1Char('&'));
}

QList<std::pair<QString, QString>> Process::decodeParams(const QString &text)
{
    QList<std::pair<QString, QString>> out;
    for (const QString &part : text.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        const QString k = eq < 0 ? part : part.left(eq);
        const QString v = eq < 0 ? QString() : part.mid(eq + 1);
        out.append({QUrl::fromPercentEncoding(k.toLatin1()), QUrl::fromPercentEncoding(v.toLatin1())});
    }
    return out;
}

Process Process::fromEntry(const LdapEntry &e)
{
    Process p;
    p.pid = e.text(QStringLiteral("ispmanPid")).toLongLong();
    p.name = e.text(QStringLiteral("ispmanProcess"));
    p.host = e.text(QStringLiteral("ispmanHostName"));
    p.domain = e.text(QStringLiteral("ispmanDomain"));
    p.user = e.text(QStringLiteral("ispmanUser"));
    p.status = e.text(QStringLiteral("ispmanStatus"));
    p.message = e.text(QStringLiteral("ispmanMessage"));
    p.params = decodeParams(e.text(QStringLiteral("ispmanParams")));
    p.target = e.text(QStringLiteral("ispmanProcessTarget"));
    p.targetUuid = e.text(QStringLiteral("ispmanProcessTargetUuid"));
    p.priority = e.hasAttribute(QStringLiteral("ispmanProcessPriority")) ? e.text(QStringLiteral("ispmanProcessPriority")).toInt() : 100;
    p.attempts = e.text(QStringLiteral("ispmanProcessAttempts")).toInt();
    p.owner = e.text(QStringLiteral("ispmanProcessOwner"));
    p.created = fromGeneralizedTime(e.text(QStringLiteral("ispmanProcessCreated")));
    p.leaseUntil = fromGeneralizedTime(e.text(QStringLiteral("ispmanProcessLeaseUntil")));
    p.nextRetry = fromGeneralizedTime(e.text(QStringLiteral("ispmanProcessNextRetry")));
    return p;
}

} // namespace Isp::Core
