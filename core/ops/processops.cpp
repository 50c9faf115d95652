#include "core/ops/processops.h"

#include "core/ops/permissions.h"
#include "core/validation/domainname.h"
#include "core/validation/number.h"

#include <QDateTime>

#include <algorithm>
#include <limits>

namespace Isp::Core::ProcessOps {

namespace {

template<typename T>
OpError invalid(const Validated<T> &v)
{
    return OpError::invalid(v.error().field, v.error().message);
}

OpResult<std::pair<Process, QString>> read(DirectorySession &s, const QString &pidText)
{
    auto pid = Validate::integer(QStringLiteral("pid"), pidText, 1, std::numeric_limits<qint64>::max());
    if (!pid.ok())
        return invalid(pid);
    auto e = s.read(s.dit().process(*pid), {QStringLiteral("*"), QStringLiteral("entryCSN")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("process %1 does not exist (done, or deleted)").arg(*pid));
    return std::pair{Process::fromEntry(**e), (*e)->text(QStringLiteral("entryCSN"))};
}

// Reading a process needs Read on its domain (or, for host-level work, on everything); changing
// it, the Processes right for its host (administrators, the host's own agent).
OpResult<Done> mayTouch(DirectorySession &s, const Process &p, Acl::Right right, const QString &what)
{
    if (right == Acl::Right::Read && !p.domain.isEmpty())
        return Permissions::requireDomain(s, p.domain, right, what);
    Acl::Scope scope;
    scope.domain = p.domain;
    scope.host = p.host;
    return Permissions::require(s, right, scope, what);
}

} // namespace

OpResult<QList<Process>> list(DirectorySession &s, const Filter &f)
{
    QList<LdapFilter> parts{LdapFilter::objectClass(QStringLiteral("ispmanProcesses"))};
    if (!f.host.isEmpty()) {
        auto h = Validate::hostName(QStringLiteral("host"), f.host);
        if (!h.ok())
            return invalid(h);
        parts << LdapFilter::equals(QStringLiteral("ispmanHostName"), *h);
    }
    if (!f.domain.isEmpty()) {
        auto d = Validate::domainName(QStringLiteral("domain"), f.domain);
        if (!d.ok())
            return invalid(d);
        // A domain's owner and tenants see the work queued for it.
        if (auto allowed = Permissions::requireDomain(s, *d, Acl::Right::Read, QStringLiteral("reading the processes of %1").arg(*d)); !allowed.ok())
            return allowed.error();
        parts << LdapFilter::equals(QStringLiteral("ispmanDomain"), *d);
    } else if (auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("reading the processes")); !allowed.ok()) {
        return allowed.error();
    }
    if (!f.status.isEmpty()) {
        if (!QStringList{QStringLiteral("new"), QStringLiteral("running"), QStringLiteral("error")}.contains(f.status))
            return OpError::invalid(QStringLiteral("status"), QStringLiteral("status: \"%1\" is not a process status: new, running or error").arg(f.status.left(40)));
        parts << LdapFilter::equals(QStringLiteral("ispmanStatus"), f.status);
    }
    auto found = s.find(s.dit().processes(), LdapFilter::allOf(parts), {}, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QList<Process> out;
    for (const LdapEntry &e : std::as_const(*found))
        out << Process::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const Process &a, const Process &b) { return a.pid < b.pid; });
    return out;
}

OpResult<Process> show(DirectorySession &s, const QString &pid)
{
    auto p = read(s, pid);
    if (!p.ok())
        return p.error();
    if (auto allowed = mayTouch(s, p->first, Acl::Right::Read, QStringLiteral("reading process %1").arg(p->first.pid)); !allowed.ok())
        return allowed.error();
    return p->first;
}

OpResult<Process> retry(DirectorySession &s, const QString &pid)
{
    auto p = read(s, pid);
    if (!p.ok())
        return p.error();
    if (auto allowed = mayTouch(s, p->first, Acl::Right::Processes, QStringLiteral("retrying process %1").arg(p->first.pid)); !allowed.ok())
        return allowed.error();
    if (p->first.status != QLatin1String("error"))
        return OpError::conflict(QStringLiteral("pid"), QStringLiteral("pid: process %1 is %2, not failed; only failed processes are retried")
                                                            .arg(p->first.pid)
                                                            .arg(p->first.status));
    const LdapDn dn = s.dit().process(p->first.pid);
    const QList<LdapModification> mods = {
        LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("new")),
        LdapModification::replace(QStringLiteral("ispmanProcessAttempts"), QStringLiteral("0")),
        LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanProcessNextRetry"), {}},
        LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanProcessOwner"), {}},
        LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanProcessLeaseUntil"), {}},
        LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanMessage"), {}},
    };
    LdapWriteOptions o;
    o.assertion = LdapFilter::equals(QStringLiteral("ispmanStatus"), QStringLiteral("error"));
    auto r = s.modify(dn, mods, o);
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AssertionFailed)
            return OpError::conflict(QStringLiteral("pid"), QStringLiteral("pid: process %1 changed meanwhile; look again").arg(p->first.pid));
        return OpError::directory(r.error());
    }
    return show(s, pid);
}

OpResult<Done> remove(DirectorySession &s, const QString &pid)
{
    auto p = read(s, pid);
    if (!p.ok())
        return p.error();
    if (auto allowed = mayTouch(s, p->first, Acl::Right::Processes, QStringLiteral("deleting process %1").arg(p->first.pid)); !allowed.ok())
        return allowed.error();
    const Process &proc = p->first;
    if (proc.status == QLatin1String("running") && proc.leaseUntil.isValid() && proc.leaseUntil > QDateTime::currentDateTimeUtc())
        return OpError::conflict(QStringLiteral("pid"), QStringLiteral("pid: process %1 is being run by %2 until %3; wait or let its lease expire")
                                                            .arg(proc.pid)
                                                            .arg(proc.owner.isEmpty() ? proc.host : proc.owner, proc.leaseUntil.toString(Qt::ISODate)));
    LdapWriteOptions o;
    o.assertion = LdapFilter::equals(QStringLiteral("entryCSN"), p->second);
    auto r = s.remove(s.dit().process(proc.pid), o);
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AssertionFailed)
            return OpError::conflict(QStringLiteral("pid"), QStringLiteral("pid: process %1 changed meanwhile; look again").arg(proc.pid));
        if (r.error().code() == LdapCode::NoSuchObject)
            return OpError::notFound(QStringLiteral("process %1 does not exist (done, or deleted)").arg(proc.pid));
        return OpError::directory(r.error());
    }
    return Done{};
}

} // namespace Isp::Core::ProcessOps
