#include "core/ops/idallocator.h"

#include <algorithm>

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

OpResult<QList<qint64>> allocateIds(DirectorySession &session, IdCounter counter, int count)
{
    QList<qint64> out;
    if (count <= 0)
        return out;
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
    for (int attempt = 0; attempt < 10000 && out.size() < count; ++attempt) {
        const qint64 wanted = count - out.size();
        auto r = session.modify(dn, {LdapModification::increment(current, wanted)}, o);
        if (!r.ok())
            return OpError::directory(r.error());
        if (!r->postRead)
            return OpError::directory(LdapError::fromCode(LdapCode::LocalError, QStringLiteral("allocate from %1").arg(dn.toString()),
                                                          QStringLiteral("the server returned no post-read value")));
        const qint64 last = r->postRead->text(current).toLongLong();
        const qint64 first = last - wanted + 1;
        if (ci.minimum) {
            const QString min = r->postRead->text(QLatin1String(ci.minimum));
            if (!min.isEmpty() && first < min.toLongLong()) {
                // Below the range (a fresh counter): jump to its start, atomically.
                auto jump = session.modify(dn, {LdapModification::remove(current, {QByteArray::number(last)}),
                                                LdapModification::add(current, {QByteArray::number(min.toLongLong() - 1)})});
                if (!jump.ok() && jump.error().code() != 16)
                    return OpError::directory(jump.error());
                continue;
            }
        }
        if (ci.maximum) {
            const QString max = r->postRead->text(QLatin1String(ci.maximum));
            if (!max.isEmpty() && last > max.toLongLong())
                return OpError::limit(QStringLiteral("%1 is exhausted: %2 is above its maximum %3").arg(dn.rdnValue()).arg(last).arg(max));
        }
        QList<qint64> block;
        for (qint64 v = first; v <= last; ++v)
            block << v;
        if (ci.usedBy) {
            // One search per 100 numbers for those already taken by some entry.
            for (qsizetype i = 0; i < block.size(); i += 100) {
                QList<LdapFilter> any;
                for (qsizetype j = i; j < std::min(block.size(), i + 100); ++j)
                    any << LdapFilter::equals(QLatin1String(ci.usedBy), QString::number(block.at(j)));
                auto used = session.find(session.dit().base(), LdapFilter::anyOf(any), {QLatin1String(ci.usedBy)});
                if (!used.ok())
                    return OpError::directory(used.error());
                for (const LdapEntry &e : std::as_const(*used)) {
                    for (const QString &v : e.texts(QLatin1String(ci.usedBy)))
                        block.removeAll(v.toLongLong());
                }
            }
        }
        out << block;
    }
    if (out.size() < count)
        return OpError::limit(QStringLiteral("%1: no free number found").arg(dn.rdnValue()));
    return out;
}

OpResult<qint64> allocateId(DirectorySession &session, IdCounter counter)
{
    auto ids = allocateIds(session, counter, 1);
    if (!ids.ok())
        return ids.error();
    return ids->first();
}

OpResult<qint64> nextProcessId(DirectorySession &session)
{
    DirectorySession::IdReservation &r = session.processIds();
    if (r.next > r.last) {
        r.blockSize = r.blockSize <= 0 ? 1 : std::min(r.blockSize * 2, 256);
        auto ids = allocateIds(session, IdCounter::Pid, r.blockSize);
        if (!ids.ok())
            return ids.error();
        r.next = ids->first();
        r.last = ids->last(); // the pid counter has no used-by check: the block is contiguous
    }
    return r.next++;
}

} // namespace Isp::Core
