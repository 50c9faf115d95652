#include "core/ops/vhostdns.h"

#include "core/ops/dnsops.h"

namespace Isp::Core::VhostDns {

namespace {

const QString kOwner = QStringLiteral("ispmanDnsOwner");
const QString kOwnership = QStringLiteral("ispmanDnsOwnership");

struct Claim
{
    DnsRecordType type;
    QString value;
    QString owner;
};

std::optional<Claim> parseClaim(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(' '));
    if (parts.size() != 3)
        return std::nullopt;
    for (const DnsRecordType t : dnsRecordTypes()) {
        if (dnsRecordTypeName(t).compare(parts.at(0), Qt::CaseInsensitive) == 0)
            return Claim{t, parts.at(1), parts.at(2)};
    }
    return std::nullopt;
}

QString claimText(DnsRecordType type, const QString &value, const QString &owner)
{
    return dnsRecordTypeName(type) + QLatin1Char(' ') + value + QLatin1Char(' ') + owner;
}

struct NameState
{
    LdapDn dn;
    bool exists = false;
    QString csn;
    bool hasOwnershipClass = false;
    QList<std::pair<DnsRecordType, QString>> records; // stored form
    QList<Claim> claims;
    QStringList rawClaims;
};

QStringList readAttributes()
{
    QStringList attrs{kOwner, QStringLiteral("objectClass"), QStringLiteral("entryCSN")};
    for (const DnsRecordType t : dnsRecordTypes())
        attrs << dnsRecordAttribute(t);
    return attrs;
}

NameState stateOf(const LdapEntry &e)
{
    NameState n;
    n.dn = e.dn();
    n.exists = true;
    n.csn = e.text(QStringLiteral("entryCSN"));
    n.hasOwnershipClass = e.hasObjectClass(kOwnership);
    for (const DnsRecordType t : dnsRecordTypes()) {
        for (const QByteArray &raw : e.values(dnsRecordAttribute(t)))
            n.records.append({t, dnsValueFromStorage(t, raw)});
    }
    n.rawClaims = e.texts(kOwner);
    for (const QString &c : std::as_const(n.rawClaims)) {
        if (auto parsed = parseClaim(c))
            n.claims << *parsed;
    }
    return n;
}

OpResult<NameState> readName(DirectorySession &s, const QString &zone, const QString &name)
{
    const LdapDn dn = s.dit().dnsName(zone, name);
    auto e = s.read(dn, readAttributes());
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value()) {
        NameState n;
        n.dn = dn;
        return n;
    }
    return stateOf(**e);
}

bool same(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool hasRecord(const NameState &n, DnsRecordType type, const QString &value)
{
    return std::any_of(n.records.begin(), n.records.end(), [&](const auto &r) { return r.first == type && same(r.second, value); });
}

bool claimedBy(const NameState &n, DnsRecordType type, const QString &value, const QString &owner)
{
    return std::any_of(n.claims.begin(), n.claims.end(), [&](const Claim &c) {
        return c.type == type && same(c.value, value) && (owner.isEmpty() || same(c.owner, owner));
    });
}

// Which of the name's records conflict with `wanted` (all records of `wanted` at one name).
OpResult<Done> conflicts(const QString &field, const QString &zone, const QString &name, const NameState &n,
                         const QList<ImpliedRecord> &wanted, const QString &owner)
{
    const bool wantsCname = std::any_of(wanted.begin(), wanted.end(), [](const ImpliedRecord &r) { return r.type == DnsRecordType::Cname; });
    for (const auto &[type, value] : n.records) {
        const bool isWanted = std::any_of(wanted.begin(), wanted.end(), [&](const ImpliedRecord &r) { return r.type == type && same(r.value, value); });
        if (isWanted)
            continue; // the same record: used as it is (claimed or not)
        const bool ours = !owner.isEmpty() && claimedBy(n, type, value, owner);
        if (ours)
            continue; // replaced by the new set
        bool conflicting = false;
        if (wantsCname)
            conflicting = true; // a CNAME stands alone (RFC 1034 3.6.2)
        else if (type == DnsRecordType::Cname || type == DnsRecordType::A || type == DnsRecordType::Aaaa)
            conflicting = true;
        if (conflicting)
            return OpError::conflict(field, QStringLiteral("%1: %2.%3 already has the %4 record %5, which this website does not own; "
                                                           "remove it (ispman dns delete) or choose another name")
                                                .arg(field, name, zone, dnsRecordTypeName(type), value));
    }
    return Done{};
}

QMap<QString, QList<ImpliedRecord>> byName(const QList<ImpliedRecord> &records)
{
    QMap<QString, QList<ImpliedRecord>> out;
    for (const ImpliedRecord &r : records)
        out[r.name.toLower()] << r;
    return out;
}

OpError raced(const QString &zone, const LdapError &e)
{
    if (e.code() == LdapCode::AssertionFailed || e.code() == LdapCode::AlreadyExists || e.code() == LdapCode::NoSuchObject)
        return OpError::conflict(QStringLiteral("zone"), QStringLiteral("zone: %1 changed meanwhile; try again").arg(zone));
    return OpError::directory(e);
}

} // namespace

OpResult<bool> zoneExists(DirectorySession &s, const QString &zone)
{
    auto e = s.read(s.dit().zone(zone), {QStringLiteral("1.1")});
    if (!e.ok())
        return OpError::directory(e.error());
    return e->has_value();
}

OpResult<Done> check(DirectorySession &s, const QString &field, const QString &zone, const QList<ImpliedRecord> &records,
                     const QString &ownerUuid)
{
    const auto names = byName(records);
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        auto n = readName(s, zone, it.key());
        if (!n.ok())
            return n.error();
        auto c = conflicts(field, zone, it.key(), *n, *it, ownerUuid);
        if (!c.ok())
            return c.error();
    }
    return Done{};
}

OpResult<bool> claim(Transaction &tx, const QString &field, const QString &zone, const QList<ImpliedRecord> &records,
                     const QString &ownerUuid)
{
    DirectorySession &s = tx.session();
    bool changed = false;
    const auto names = byName(records);
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        auto read = readName(s, zone, it.key());
        if (!read.ok())
            return read.error();
        const NameState &n = *read;
        auto c = conflicts(field, zone, it.key(), n, *it, ownerUuid);
        if (!c.ok())
            return c.error();
        if (!n.exists) {
            QList<DnsRecord> add;
            QStringList claims;
            for (const ImpliedRecord &r : *it) {
                add << DnsRecord{it.key(), r.type, r.value, std::nullopt};
                claims << claimText(r.type, r.value, ownerUuid);
            }
            LdapEntry e = dnsNameEntry(s.dit(), zone, it.key(), add, std::nullopt);
            e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("dNSZone"), kOwnership});
            e.setTexts(kOwner, claims);
            auto w = tx.add(e);
            if (!w.ok())
                return raced(zone, w.error());
            changed = true;
            continue;
        }
        QMap<DnsRecordType, QList<QByteArray>> adds;
        QStringList newClaims;
        for (const ImpliedRecord &r : *it) {
            const bool present = hasRecord(n, r.type, r.value);
            if (present && !claimedBy(n, r.type, r.value, QString()))
                continue; // there before, typed by someone: left alone, not claimed
            if (!present)
                adds[r.type] << dnsValueToStorage(r.type, r.value);
            if (!claimedBy(n, r.type, r.value, ownerUuid))
                newClaims << claimText(r.type, r.value, ownerUuid);
        }
        if (adds.isEmpty() && newClaims.isEmpty())
            continue;
        QList<LdapModification> mods;
        if (!n.hasOwnershipClass)
            mods << LdapModification::add(QStringLiteral("objectClass"), {kOwnership.toUtf8()});
        for (auto a = adds.cbegin(); a != adds.cend(); ++a)
            mods << LdapModification::add(dnsRecordAttribute(a.key()), a.value());
        if (!newClaims.isEmpty()) {
            QList<QByteArray> values;
            for (const QString &v : std::as_const(newClaims))
                values << v.toUtf8();
            mods << LdapModification::add(kOwner, values);
        }
        auto w = tx.modify(n.dn, mods, LdapFilter::equals(QStringLiteral("entryCSN"), n.csn));
        if (!w.ok())
            return raced(zone, w.error());
        changed = changed || !adds.isEmpty();
    }
    return changed;
}

OpResult<bool> release(Transaction &tx, const QString &zone, const QString &ownerUuid, const std::optional<QStringList> &names)
{
    DirectorySession &s = tx.session();
    if (ownerUuid.isEmpty())
        return false;
    auto found = s.find(s.dit().zone(zone), LdapFilter::allOf({LdapFilter::objectClass(kOwnership), LdapFilter::endsWith(kOwner, QLatin1Char(' ') + ownerUuid)}),
                        readAttributes(), LdapScope::Subtree);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return false;
        return OpError::directory(found.error());
    }
    bool changed = false;
    for (const LdapEntry &e : std::as_const(*found)) {
        const NameState n = stateOf(e);
        const QString name = e.dn().rdnValue().toLower();
        if (names && !names->contains(name, Qt::CaseInsensitive))
            continue;
        QList<Claim> remaining;
        for (const Claim &c : n.claims) {
            if (!same(c.owner, ownerUuid))
                remaining << c;
        }
        // Claims as stored (their spelling may differ from ours).
        QList<QByteArray> dropRaw;
        for (const QString &raw : n.rawClaims) {
            auto c = parseClaim(raw);
            if (c && same(c->owner, ownerUuid))
                dropRaw << raw.toUtf8();
        }
        if (dropRaw.isEmpty())
            continue;
        QMap<DnsRecordType, QList<QByteArray>> deletes;
        int recordsLeft = int(n.records.size());
        for (const Claim &c : n.claims) {
            if (!same(c.owner, ownerUuid))
                continue;
            const bool stillClaimed = std::any_of(remaining.begin(), remaining.end(), [&](const Claim &r) { return r.type == c.type && same(r.value, c.value); });
            if (stillClaimed || !hasRecord(n, c.type, c.value))
                continue;
            auto stored = std::find_if(n.records.begin(), n.records.end(), [&](const auto &r) { return r.first == c.type && same(r.second, c.value); });
            const QByteArray raw = dnsValueToStorage(c.type, stored->second);
            if (!deletes.value(c.type).contains(raw)) {
                deletes[c.type] << raw;
                --recordsLeft;
            }
        }
        const bool apex = e.dn() == s.dit().zone(zone);
        if (recordsLeft == 0 && !apex) {
            auto w = tx.remove(e.dn());
            if (!w.ok())
                return raced(zone, w.error());
            changed = true;
            continue;
        }
        QList<LdapModification> mods;
        for (auto d = deletes.cbegin(); d != deletes.cend(); ++d)
            mods << LdapModification::remove(dnsRecordAttribute(d.key()), d.value());
        mods << LdapModification::remove(kOwner, dropRaw);
        if (remaining.isEmpty() && dropRaw.size() == n.rawClaims.size())
            mods << LdapModification::remove(QStringLiteral("objectClass"), {kOwnership.toUtf8()});
        auto w = tx.modify(e.dn(), mods, LdapFilter::equals(QStringLiteral("entryCSN"), n.csn));
        if (!w.ok())
            return raced(zone, w.error());
        changed = changed || !deletes.isEmpty();
    }
    return changed;
}

OpResult<Done> finish(Transaction &tx, const QString &zone, const QStringList &dnsHosts)
{
    auto serial = DnsOps::bumpSerial(tx, zone);
    if (!serial.ok())
        return serial.error();
    return DnsOps::queueZoneUpdate(tx, zone, dnsHosts);
}

} // namespace Isp::Core::VhostDns
