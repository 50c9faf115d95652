#include "core/ops/idallocator.h"

namespace Isp::Core {

namespace {

struct CounterInfo
{
    const char *entry;
    const char *current;
    const char *minimum;    // nullptr: none
    const char *maximum;    // nullptr: none
    const char *usedBy;     // attribute whose values must not be reused; nullptr: none
};

CounterInfo info(IdCounter c)
{
    switch (c) {
    case IdCounter::Uid: return {"uidcounter", "ispmanCurrUid", "ispmanMinUid", "ispmanMaxUid", "uidNumber"};
    case IdCounter::Gid: return {"gidcounter", "ispmanCurrGid", "ispmanMinGid", "ispmanMaxGid", "gidNumber"};
    case IdCounter::Pid: return {"pidcounter", "ispmanCurrPid", nullptr, nullptr, nullptr};
    case IdCounter::Reseller: return {"resellercounter", "currid", nullptr, nullptr, "ispmanResellerId"};
    case IdCounter::Client: return {"clientcounter", "currid", nullptr, nullptr, "ispmanClientId"};
    }
    return {};
}

} // namespace

OpResult<qint64> allocateId(DirectorySession &session, IdCounter counter)
{
    const CounterInfo ci = info(counter);
    const LdapDn dn = session.dit().counter(QLatin1String(ci.entry));
    const QString current = QLatin1String(ci.current);
    LdapWriteOptions o;
    o.postRead = QStringList{current};
    if (ci.minimum)
        o.postRead << QLatin1String(ci.minimum);
    if (ci.maximum)
        o.postRead << QLatin1String(ci.maximum);
    // Numbers taken outside ISPMan are skipped; give up after a generous number of them.
    for (int attempt = 0; attempt < 10000; ++attempt) {
        auto r = session.modify(dn, {LdapModification::increment(current)}, o);
        if (!r.ok())
            return OpError::directory(r.error());
        if (!r->postRead)
            return OpError::directory(LdapError::fromCode(LdapCode::LocalError, QStringLiteral("allocate from %1").arg(dn.toString()),
                                                          QStringLiteral("the server returned no post-read value")));
        const qint64 value = r->postRead->text(current).toLongLong();
        if (ci.minimum) {
            const QString min = r->postRead->text(QLatin1String(ci.minimum));
            if (!min.isEmpty() && value < min.toLongLong()) {
                // Below the range (a fresh counter): jump to its start, atomically.
                auto jump = session.modify(dn, {LdapModification::remove(current, {QByteArray::number(value)}),
                                                LdapModification::add(current, {QByteArray::number(min.toLongLong() - 1)})});
                if (!jump.ok() && jump.error().code() != 16)
                    return OpError::directory(jump.error());
                continue;
            }
        }
        if (ci.maximum) {
            const QString max = r->postRead->text(QLatin1String(ci.maximum));
            if (!max.isEmpty() && value > max.toLongLong())
                return OpError::limit(QStringLiteral("%1 is exhausted: %2 is above its maximum %3").arg(dn.rdnValue()).arg(value).arg(max));
        }
        if (ci.usedBy) {
            auto used = session.find(session.dit().base(), LdapFilter::equals(QLatin1String(ci.usedBy), QString::number(value)),
                                     {QStringLiteral("1.1")});
            if (!used.ok())
                return OpError::directory(used.error());
            if (!used->isEmpty())
                continue;
        }
        return value;
    }
    return OpError::limit(QStringLiteral("%1: no free number found").arg(dn.rdnValue()));
}

} // namespace Isp::Core
