#include "core/ops/dnsops.h"

#include "core/ops/permissions.h"
#include "core/ops/processqueue.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordvalue.h"
#include "core/validation/domainname.h"

#include <QDate>
#include <QMap>

#include <QSet>

#include <algorithm>
#include <iterator>

namespace Isp::Core::DnsOps {

namespace {

const QString kSoa = QStringLiteral("sOARecord");
const QString kTtl = QStringLiteral("dNSTTL");
const QString kApex = QStringLiteral("@");
constexpr int MaxAttempts = 5;

OpError invalid(const ValidationError &e)
{
    return OpError::invalid(e.field, e.message);
}

OpResult<QString> zoneName(const QString &zone)
{
    auto z = Validate::domainName(QStringLiteral("zone"), zone);
    if (!z.ok())
        return invalid(z.error());
    return *z;
}

QString absoluteName(const QString &name, const QString &zone)
{
    if (name == QLatin1String("."))
        return name; // the root: null MX, SRV "no such service"
    if (name == kApex)
        return zone + QLatin1Char('.');
    if (name.endsWith(QLatin1Char('.')))
        return name;
    return name + QLatin1Char('.') + zone + QLatin1Char('.');
}

bool sameValue(const QString &a, const QString &b)
{
    // The directory compares record values without regard to case (caseIgnoreIA5Match), so it
    // cannot hold two values that differ only in case; neither may we plan to.
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// --- Reading a zone -------------------------------------------------------------------------------

struct StoredRecord
{
    DnsRecordType type;
    QByteArray raw; // as in the directory (needed to delete exactly that value)
    QString value; // normalised
};

struct NameState
{
    QString name;
    LdapDn dn;
    bool exists = false;
    std::optional<int> ttl; // the entry's dNSTTL
    QList<StoredRecord> records;
};

struct ZoneState
{
    QString zone;
    QByteArray soaRaw;
    DnsSoa soa;
    int ttl = 0; // the apex's dNSTTL, else the SOA minimum
    QMap<QString, NameState> names; // by owner name; "@" is the apex
};

QStringList recordAttributes()
{
    QStringList out;
    for (const DnsRecordType t : dnsRecordTypes())
        out << dnsRecordAttribute(t);
    return out;
}

std::optional<int> entryTtl(const LdapEntry &e)
{
    bool ok = false;
    const int ttl = e.text(kTtl).toInt(&ok);
    return ok && ttl >= 0 ? std::optional<int>(ttl) : std::nullopt;
}

NameState nameState(const LdapEntry &e, const QString &zone, const QString &name)
{
    NameState n;
    n.name = name;
    n.dn = e.dn();
    n.exists = true;
    n.ttl = entryTtl(e);
    for (const DnsRecordType type : dnsRecordTypes()) {
        for (const QByteArray &raw : e.values(dnsRecordAttribute(type))) {
            const QString stored = dnsValueFromStorage(type, raw);
            // Values written by other tools (relative names, unquoted TXT) are shown and compared in
            // ISPMan's form; what does not validate is kept as it is.
            auto normalised = recordValue(QStringLiteral("value"), type, stored, zone);
            n.records.append({ type, raw, normalised.ok() ? *normalised : stored });
        }
    }
    return n;
}

OpResult<ZoneState> zoneState(const QString &zone, const LdapEntry &apex)
{
    ZoneState z;
    z.zone = zone;
    z.soaRaw = apex.value(kSoa);
    const auto soa = DnsSoa::fromString(QString::fromUtf8(z.soaRaw));
    if (!soa)
        return OpError::conflict(QStringLiteral("zone"),
            QStringLiteral("zone: the SOA record of %1 cannot be read (\"%2\"); repair it in the directory")
                .arg(zone, QString::fromUtf8(z.soaRaw.left(200))));
    z.soa = *soa;
    z.ttl = entryTtl(apex).value_or(z.soa.minimum);
    return z;
}

OpResult<LdapEntry> readApex(DirectorySession &s, const QString &zone)
{
    QStringList attrs = recordAttributes();
    attrs << kSoa << kTtl << QStringLiteral("objectClass");
    auto e = s.read(s.dit().zone(zone), attrs);
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("zone: the DNS zone %1 does not exist").arg(zone));
    return **e;
}

// The apex and the names in `names` (which need not exist).
OpResult<ZoneState> readNames(DirectorySession &s, const QString &zone, const QStringList &names)
{
    auto apex = readApex(s, zone);
    if (!apex.ok())
        return apex.error();
    auto z = zoneState(zone, *apex);
    if (!z.ok())
        return z.error();
    z->names.insert(kApex, nameState(*apex, zone, kApex));
    for (const QString &name : names) {
        if (z->names.contains(name))
            continue;
        const LdapDn dn = s.dit().dnsName(zone, name);
        QStringList attrs = recordAttributes();
        attrs << kTtl;
        auto e = s.read(dn, attrs);
        if (!e.ok())
            return OpError::directory(e.error());
        NameState n;
        if (e->has_value()) {
            n = nameState(**e, zone, name);
        } else {
            n.name = name;
            n.dn = dn;
        }
        z->names.insert(name, n);
    }
    return z;
}

// The whole zone.
OpResult<ZoneState> readZone(DirectorySession &s, const QString &zone)
{
    auto apex = readApex(s, zone);
    if (!apex.ok())
        return apex.error();
    auto z = zoneState(zone, *apex);
    if (!z.ok())
        return z.error();
    z->names.insert(kApex, nameState(*apex, zone, kApex));
    QStringList attrs = recordAttributes();
    attrs << kTtl;
    auto children
        = s.find(s.dit().zone(zone), LdapFilter::objectClass(QStringLiteral("dNSZone")), attrs, LdapScope::Subtree);
    if (!children.ok())
        return OpError::directory(children.error());
    const LdapDn apexDn = s.dit().zone(zone);
    for (const LdapEntry &e : std::as_const(*children)) {
        if (e.dn() == apexDn)
            continue;
        const QString name = e.dn().rdnValue().toLower();
        z->names.insert(name, nameState(e, zone, name));
    }
    return z;
}

DnsZone toZone(const ZoneState &state)
{
    DnsZone out;
    out.name = state.zone;
    out.soa = state.soa;
    out.ttl = state.ttl;
    for (const NameState &n : std::as_const(state.names)) {
        const std::optional<int> ttl = n.name != kApex && n.ttl && *n.ttl != out.ttl ? n.ttl : std::nullopt;
        for (const StoredRecord &r : n.records)
            out.records << DnsRecord { n.name, r.type, r.value, ttl };
    }
    sortDnsRecords(out.records);
    return out;
}

// --- Planning a change ----------------------------------------------------------------------------

struct NamePlan
{
    QList<std::pair<DnsRecordType, QString>> records;
    std::optional<int> ttl; // the entry's dNSTTL afterwards (children only)
};

struct Plan
{
    QList<std::pair<NameState, NamePlan>> names;
    std::optional<DnsSoa> soa; // new SOA fields (the serial is always the next one)
    std::optional<int> zoneTtl; // new zone TTL
};

NamePlan unchanged(const NameState &n)
{
    NamePlan p;
    for (const StoredRecord &r : n.records)
        p.records.append({ r.type, r.value });
    p.ttl = n.ttl;
    return p;
}

bool contains(const QList<std::pair<DnsRecordType, QString>> &records, DnsRecordType type, const QString &value)
{
    return std::any_of(
        records.begin(), records.end(), [&](const auto &r) { return r.first == type && sameValue(r.second, value); });
}

QString displayName(const QString &name, const QString &zone)
{
    return name == kApex ? QStringLiteral("the zone apex (@) of %1").arg(zone)
                         : QStringLiteral("%1.%2").arg(name, zone);
}

// The rules for the records of one name after the change.
OpResult<Done> checkPlan(const QString &zone, const QString &name, const NamePlan &plan)
{
    int cnames = 0;
    QStringList others;
    for (const auto &[type, value] : plan.records) {
        if (type == DnsRecordType::Cname)
            ++cnames;
        else if (!others.contains(dnsRecordTypeName(type)))
            others << dnsRecordTypeName(type);
    }
    if (cnames > 1)
        return OpError::conflict(QStringLiteral("value"),
            QStringLiteral("value: %1 would have %2 CNAME records; a name has at most one (RFC 1034 3.6.2)")
                .arg(displayName(name, zone))
                .arg(cnames));
    if (cnames == 1 && !others.isEmpty())
        return OpError::conflict(QStringLiteral("name"),
            QStringLiteral(
                "name: %1 would have a CNAME and %2 records; a name with a CNAME has no other records (RFC 1034 3.6.2)")
                .arg(displayName(name, zone), others.join(QStringLiteral(", "))));
    if (cnames == 1 && name == kApex)
        return OpError::invalid(QStringLiteral("name"),
            QStringLiteral("name: a CNAME cannot be at the zone apex (@), which holds the SOA and NS records"));
    const auto mx = std::count_if(
        plan.records.begin(), plan.records.end(), [](const auto &r) { return r.first == DnsRecordType::Mx; });
    if (mx > 1 && contains(plan.records, DnsRecordType::Mx, QStringLiteral("0 .")))
        return OpError::conflict(QStringLiteral("value"),
            QStringLiteral("value: %1 would have a null MX (0 .: no mail at all) and other MX records; a null MX "
                           "stands alone (RFC 7505)")
                .arg(displayName(name, zone)));
    if (name == kApex && std::none_of(plan.records.begin(), plan.records.end(), [](const auto &r) {
            return r.first == DnsRecordType::Ns;
        }))
        return OpError::conflict(QStringLiteral("name"),
            QStringLiteral("name: the zone apex (@) of %1 must keep at least one NS record").arg(zone));
    return Done {};
}

// --- Writing a change -----------------------------------------------------------------------------

bool isRace(const LdapError &e)
{
    // The entry changed between our read and our write: an assertion, a value or an entry that
    // appeared or went away meanwhile.
    switch (e.code()) {
    case LdapCode::AssertionFailed:
    case LdapCode::AlreadyExists:
    case LdapCode::NoSuchObject:
    case 16: // noSuchAttribute
    case 20: // attributeOrValueExists
        return true;
    default:
        return false;
    }
}

struct Writer
{
    Transaction &tx;
    const ZoneState &state;
    const QString &zone;
    int zoneTtlAfter;
    ZoneChange &change;
    bool raced = false;

    OpError failed(const LdapError &e)
    {
        raced = isRace(e);
        return OpError::directory(e);
    }

    OpResult<Done> write(const NameState &before, const NamePlan &after)
    {
        const bool apex = before.name == kApex;
        QMap<DnsRecordType, QList<QByteArray>> deletes;
        QMap<DnsRecordType, QList<QByteArray>> adds;
        for (const StoredRecord &r : before.records) {
            if (!contains(after.records, r.type, r.value)) {
                deletes[r.type] << r.raw;
                change.removed << DnsRecord { before.name, r.type, r.value, std::nullopt };
            }
        }
        QList<std::pair<DnsRecordType, QString>> kept;
        for (const StoredRecord &r : before.records)
            kept.append({ r.type, r.value });
        for (const auto &[type, value] : after.records) {
            if (!contains(kept, type, value)) {
                adds[type] << dnsValueToStorage(type, value);
                kept.append({ type, value });
                change.added << DnsRecord { before.name, type, value, std::nullopt };
            }
        }
        const int ttlBefore = before.ttl.value_or(state.ttl);
        const int ttlAfter = after.ttl.value_or(zoneTtlAfter);
        const bool ttlChanged = !apex && before.exists && ttlBefore != ttlAfter;
        if (deletes.isEmpty() && adds.isEmpty() && !ttlChanged)
            return Done {};

        DirectorySession &s = tx.session();
        if (!before.exists) {
            QList<DnsRecord> records;
            for (const auto &[type, value] : after.records)
                records << DnsRecord { before.name, type, value, std::nullopt };
            auto r = tx.add(dnsNameEntry(s.dit(), zone, before.name, records, after.ttl));
            if (!r.ok())
                return failed(r.error());
            change.changed = true;
            return Done {};
        }

        QList<LdapModification> mods;
        QList<LdapFilter> absent; // types the entry did not have must still be absent
        for (const DnsRecordType type : dnsRecordTypes()) {
            const QString attr = dnsRecordAttribute(type);
            if (deletes.contains(type))
                mods << LdapModification::remove(attr, deletes.value(type));
            if (adds.contains(type))
                mods << LdapModification::add(attr, adds.value(type));
            const bool had = std::any_of(
                before.records.begin(), before.records.end(), [&](const StoredRecord &r) { return r.type == type; });
            if (!had)
                absent << LdapFilter::negate(LdapFilter::present(attr));
        }
        const bool empty = !apex && after.records.isEmpty();
        if (ttlChanged && !empty) {
            if (after.ttl)
                mods << LdapModification::replace(kTtl, QString::number(*after.ttl));
            else if (before.ttl)
                mods << LdapModification::remove(kTtl);
        }
        if (!mods.isEmpty()) {
            auto r = tx.modify(
                before.dn, mods, absent.isEmpty() ? std::nullopt : std::optional(LdapFilter::allOf(absent)));
            if (!r.ok())
                return failed(r.error());
            change.changed = true;
        }
        if (empty) {
            // The last record went: the name goes (docs/directory.md: one entry per owner name).
            auto r = tx.remove(before.dn);
            if (!r.ok())
                return failed(r.error());
            change.changed = true;
        }
        return Done {};
    }
};

OpResult<SerialFormat> serialFormatFrom(const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v.isEmpty() || v == QLatin1String("date"))
        return SerialFormat::Date;
    if (v == QLatin1String("timestamp"))
        return SerialFormat::Timestamp;
    return OpError::invalid(QStringLiteral("dnsSerialFormat"),
        QStringLiteral("dnsSerialFormat: \"%1\" is not a serial format: date (YYYYMMDDnn) or timestamp (seconds since "
                       "1970); fix it in the configuration (dns_vars)")
            .arg(value.left(40)));
}

// A variable of the dns_vars module; nullopt when it is not configured.
OpResult<std::optional<QString>> confValue(DirectorySession &s, const QString &var)
{
    auto e = s.read(s.dit().confVar(QStringLiteral("dns_vars"), var), { QStringLiteral("ispmanVal") });
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value() || !(*e)->hasAttribute(QStringLiteral("ispmanVal")))
        return std::optional<QString>();
    return std::optional<QString>((*e)->text(QStringLiteral("ispmanVal")));
}

OpResult<SerialFormat> configuredSerialFormat(DirectorySession &s)
{
    auto v = confValue(s, QStringLiteral("dnsSerialFormat"));
    if (!v.ok())
        return v.error();
    return serialFormatFrom(v->value_or(QString()));
}

OpResult<quint32> writeSoa(Transaction &tx, const QString &zone, SerialFormat format,
    const std::optional<DnsSoa> &fields, const std::optional<int> &zoneTtl)
{
    DirectorySession &s = tx.session();
    const LdapDn dn = s.dit().zone(zone);
    for (int attempt = 0; attempt < 2 * MaxAttempts; ++attempt) {
        auto e = s.read(dn, { kSoa, kTtl, QStringLiteral("objectClass") });
        if (!e.ok())
            return OpError::directory(e.error());
        if (!e->has_value())
            return OpError::notFound(QStringLiteral("zone: the DNS zone %1 does not exist").arg(zone));
        const QByteArray old = (*e)->value(kSoa);
        const auto soa = DnsSoa::fromString(QString::fromUtf8(old));
        if (!soa)
            return OpError::conflict(QStringLiteral("zone"),
                QStringLiteral("zone: the SOA record of %1 cannot be read; repair it in the directory").arg(zone));
        DnsSoa next = fields.value_or(*soa);
        next.serial = nextSerial(soa->serial, format, QDateTime::currentDateTimeUtc());
        QList<LdapModification> mods { LdapModification::replace(kSoa, next.toString()) };
        if (zoneTtl && (*e)->text(kTtl) != QString::number(*zoneTtl))
            mods << LdapModification::replace(kTtl, QString::number(*zoneTtl));
        if ((*e)->hasObjectClass(QStringLiteral("ispmanApplyStatus")))
            mods << LdapModification::replace(QStringLiteral("ispmanApplyState"), QStringLiteral("pending"));
        auto r = tx.modify(dn, mods, LdapFilter::equals(kSoa, old));
        if (r.ok())
            return next.serial;
        if (r.error().code() != LdapCode::AssertionFailed)
            return OpError::directory(r.error());
        // Another change published a serial meanwhile: take the next one after it.
    }
    return OpError::conflict(QStringLiteral("zone"),
        QStringLiteral("zone: %1 changed too often meanwhile to give it a new serial; try again").arg(zone));
}

OpResult<QStringList> zoneHosts(DirectorySession &s, const QString &zone)
{
    auto domain = s.read(s.dit().domain(zone), { QStringLiteral("dnsHost") });
    if (!domain.ok())
        return OpError::directory(domain.error());
    const QStringList own = domain->has_value() ? (*domain)->texts(QStringLiteral("dnsHost")) : QStringList();
    return targetHosts(s, own, QStringLiteral("dnsgroup"));
}

OpResult<Done> enqueue(Transaction &tx, const QString &zone, const QStringList &hosts)
{
    DirectorySession &s = tx.session();
    const LdapDn dn = s.dit().zone(zone);
    auto e = s.read(dn, { QStringLiteral("entryUUID") });
    if (!e.ok())
        return OpError::directory(e.error());
    const QByteArray uuid = e->has_value() ? (*e)->value(QStringLiteral("entryUUID")) : QByteArray();
    ProcessRequest p { QStringLiteral("modifyDomain"), zone, dn, uuid, { { QStringLiteral("zone"), zone } }, 50 };
    auto q = enqueueProcess(tx, p, hosts);
    if (!q.ok())
        return q.error();
    return Done {};
}

// Runs a change: reads the names `names` (all of the zone when nullopt), plans with `plan`,
// writes, bumps the serial and queues the DNS hosts' work; plans again when the directory
// changed under it.
template<typename Planner>
OpResult<ZoneChange> run(
    DirectorySession &s, const QString &zone, const std::optional<QStringList> &names, Planner &&plan)
{
    // Every change of records goes through here: the permission check before anything is read.
    if (auto allowed = Permissions::requireZone(s, zone, Acl::Right::DomainContent, QStringLiteral("changing the records of %1").arg(zone)); !allowed.ok())
        return allowed.error();
    auto format = configuredSerialFormat(s);
    if (!format.ok())
        return format.error();
    std::optional<QStringList> hosts;
    for (int attempt = 0; attempt < MaxAttempts; ++attempt) {
        auto state = names ? readNames(s, zone, *names) : readZone(s, zone);
        if (!state.ok())
            return state.error();
        auto planned = plan(*state);
        if (!planned.ok())
            return planned.error();
        for (const auto &[before, after] : std::as_const(planned->names)) {
            auto ok = checkPlan(zone, before.name, after);
            if (!ok.ok())
                return ok.error();
        }
        if (!hosts) {
            // Refused before anything is written when the work would go to nobody.
            auto found = zoneHosts(s, zone);
            if (!found.ok())
                return found.error();
            hosts = *found;
        }
        ZoneChange change;
        Transaction tx(s);
        Writer writer { tx, *state, zone, planned->zoneTtl.value_or(state->ttl), change };
        bool raced = false;
        for (const auto &[before, after] : std::as_const(planned->names)) {
            auto w = writer.write(before, after);
            if (!w.ok()) {
                if (!writer.raced)
                    return w.error();
                raced = true;
                break;
            }
        }
        if (raced)
            continue; // the Transaction undoes what this attempt wrote
        const bool soaChanged = planned->soa
            && (planned->soa->primary != state->soa.primary || planned->soa->mailbox != state->soa.mailbox
                || planned->soa->refresh != state->soa.refresh || planned->soa->retry != state->soa.retry
                || planned->soa->expire != state->soa.expire || planned->soa->minimum != state->soa.minimum);
        const bool ttlChanged = planned->zoneTtl && *planned->zoneTtl != state->ttl;
        if (!change.changed && !soaChanged && !ttlChanged) {
            change.serial = state->soa.serial;
            return change;
        }
        change.changed = true;
        auto serial = writeSoa(tx, zone, *format, planned->soa, planned->zoneTtl);
        if (!serial.ok())
            return serial.error();
        change.serial = *serial;
        auto queued = enqueue(tx, zone, *hosts);
        if (!queued.ok())
            return queued.error();
        tx.commit();
        sortDnsRecords(change.added);
        sortDnsRecords(change.removed);
        return change;
    }
    return OpError::conflict(QStringLiteral("zone"),
        QStringLiteral("zone: %1 kept changing while this change was written; try again").arg(zone));
}

struct Checked
{
    QString zone;
    DnsRecord record;
};

OpResult<Checked> checkedRecord(const QString &zone, const DnsRecord &record)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto r = checkRecord(*z, record);
    if (!r.ok())
        return invalid(r.error());
    return Checked { *z, *r };
}

} // namespace

// --- Building blocks ------------------------------------------------------------------------------

Validated<QString> recordValue(const QString &field, DnsRecordType type, const QString &value, const QString &zone)
{
    auto v = Validate::dnsRecordValue(field, type, value, zone);
    if (!v.ok())
        return v;
    switch (type) {
    case DnsRecordType::Cname:
    case DnsRecordType::Ns:
    case DnsRecordType::Ptr:
        return absoluteName(*v, zone);
    case DnsRecordType::Mx:
    case DnsRecordType::Srv: {
        QStringList parts = v->split(QLatin1Char(' '));
        parts.last() = absoluteName(parts.last(), zone);
        return parts.join(QLatin1Char(' '));
    }
    case DnsRecordType::A:
    case DnsRecordType::Aaaa:
    case DnsRecordType::Txt:
    case DnsRecordType::Caa:
        break;
    }
    return v;
}

Validated<DnsRecord> checkRecord(const QString &zone, const DnsRecord &record)
{
    DnsRecord out;
    out.type = record.type;
    auto name = Validate::dnsOwnerName(QStringLiteral("name"), record.name, zone, record.type);
    if (!name.ok())
        return name.error();
    out.name = *name;
    auto value = recordValue(QStringLiteral("value"), record.type, record.value, zone);
    if (!value.ok())
        return value.error();
    out.value = *value;
    if (record.ttl) {
        auto ttl = Validate::dnsTtl(QStringLiteral("ttl"), QString::number(*record.ttl));
        if (!ttl.ok())
            return ttl.error();
        out.ttl = *ttl;
    }
    return out;
}

quint32 nextSerial(quint32 current, SerialFormat format, const QDateTime &now)
{
    quint64 floor = 0;
    if (format == SerialFormat::Date) {
        const QDate day = now.toUTC().date();
        floor = quint64(day.year() * 10000 + day.month() * 100 + day.day()) * 100 + 1;
    } else {
        floor = quint64(std::max<qint64>(now.toSecsSinceEpoch(), 0));
    }
    if (current < floor && floor <= 4294967295ULL)
        return quint32(floor);
    return current + 1; // wraps at 2^32 as serial arithmetic does (RFC 1982)
}

OpResult<quint32> bumpSerial(Transaction &tx, const QString &zone)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto format = configuredSerialFormat(tx.session());
    if (!format.ok())
        return format.error();
    return writeSoa(tx, *z, *format, std::nullopt, std::nullopt);
}

// --- For the domain operations ------------------------------------------------------------------

OpResult<ZoneDefaults> zoneDefaults(DirectorySession &s, const QString &zone)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    ZoneDefaults d;
    const std::pair<const char *, QString *> vars[]
        = { { "primaryDNS", &d.primaryDns }, { "secondaryDNS", &d.secondaryDns }, { "primaryMX", &d.primaryMx },
              { "secondaryMX", &d.secondaryMx }, { "dnsMasterEmail", &d.masterEmail } };
    const QString fallbacks[] = { QStringLiteral("ns1.%%domain%%"), QStringLiteral("ns2.%%domain%%"),
        QStringLiteral("mx1.%%domain%%"), QStringLiteral("mx2.%%domain%%"), QStringLiteral("dnsmaster.%%domain%%") };
    for (size_t i = 0; i < std::size(vars); ++i) {
        auto v = confValue(s, QLatin1String(vars[i].first));
        if (!v.ok())
            return v.error();
        *vars[i].second = v->value_or(fallbacks[i]).trimmed().replace(QStringLiteral("%%domain%%"), *z);
        // The directory refuses empty values: "none" says "no such record" (as catchAllCNAME does).
        if (vars[i].second->compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            vars[i].second->clear();
    }
    auto format = configuredSerialFormat(s);
    if (!format.ok())
        return format.error();
    d.serialFormat = *format;
    return d;
}

OpResult<Done> createZone(Transaction &tx, const QString &zone, const ZoneDefaults &defaults)
{
    DirectorySession &s = tx.session();
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    // The configuration names hosts without the trailing dot (ISPMan 1.x); they are absolute.
    const auto host = [](const QString &field, const QString &value) -> OpResult<QString> {
        auto v = Validate::domainName(field, value);
        if (!v.ok())
            return invalid(v.error());
        return *v + QLatin1Char('.');
    };
    auto primary = host(QStringLiteral("primaryDNS"), defaults.primaryDns);
    if (!primary.ok())
        return primary.error();
    QStringList ns { *primary };
    if (!defaults.secondaryDns.isEmpty()) {
        auto secondary = host(QStringLiteral("secondaryDNS"), defaults.secondaryDns);
        if (!secondary.ok())
            return secondary.error();
        if (!ns.contains(*secondary))
            ns << *secondary;
    }
    QStringList mx;
    const std::pair<QString, const QString *> mxs[] = { { QStringLiteral("primaryMX"), &defaults.primaryMx },
        { QStringLiteral("secondaryMX"), &defaults.secondaryMx } };
    int preference = 10;
    for (const auto &[field, value] : mxs) {
        if (!value->isEmpty()) {
            auto h = host(field, *value);
            if (!h.ok())
                return h.error();
            mx << QStringLiteral("%1 %2").arg(preference).arg(*h);
        }
        preference += 10;
    }
    auto mailbox = Validate::dnsSoaMailbox(QStringLiteral("dnsMasterEmail"), defaults.masterEmail);
    if (!mailbox.ok())
        return invalid(mailbox.error());
    const std::pair<QString, int> numbers[] = { { QStringLiteral("ttl"), defaults.ttl },
        { QStringLiteral("refresh"), defaults.refresh }, { QStringLiteral("retry"), defaults.retry },
        { QStringLiteral("expire"), defaults.expire }, { QStringLiteral("minimum"), defaults.minimum } };
    for (const auto &[field, value] : numbers) {
        auto v = Validate::dnsTtl(field, QString::number(value));
        if (!v.ok())
            return invalid(v.error());
    }
    auto existing = s.read(s.dit().zone(*z), { QStringLiteral("1.1") });
    if (!existing.ok())
        return OpError::directory(existing.error());
    if (existing->has_value())
        return OpError::conflict(
            QStringLiteral("zone"), QStringLiteral("zone: the DNS zone %1 already exists").arg(*z));

    DnsSoa soa { *primary, *mailbox, nextSerial(0, defaults.serialFormat, QDateTime::currentDateTimeUtc()),
        defaults.refresh, defaults.retry, defaults.expire, defaults.minimum };
    LdapEntry e(s.dit().zone(*z));
    e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("dNSZone"), QStringLiteral("ispmanApplyStatus") });
    e.setText(QStringLiteral("zoneName"), *z);
    e.setText(QStringLiteral("relativeDomainName"), kApex);
    e.setText(QStringLiteral("dNSClass"), QStringLiteral("IN"));
    e.setText(kTtl, QString::number(defaults.ttl));
    e.setText(kSoa, soa.toString());
    e.setTexts(dnsRecordAttribute(DnsRecordType::Ns), ns);
    if (!mx.isEmpty())
        e.setTexts(dnsRecordAttribute(DnsRecordType::Mx), mx);
    e.setText(QStringLiteral("ispmanApplyState"), QStringLiteral("pending"));
    auto r = tx.add(e);
    if (!r.ok())
        return OpError::directory(r.error());
    return Done {};
}

OpResult<Done> deleteZone(Transaction &tx, const QString &zone)
{
    DirectorySession &s = tx.session();
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto entries = s.find(s.dit().zone(*z), LdapFilter(), { QStringLiteral("1.1") }, LdapScope::Subtree);
    if (!entries.ok()) {
        if (entries.error().code() == LdapCode::NoSuchObject)
            return Done {};
        return OpError::directory(entries.error());
    }
    QList<LdapDn> dns;
    for (const LdapEntry &e : std::as_const(*entries))
        dns << e.dn();
    // Leaves first.
    std::sort(dns.begin(), dns.end(), [](const LdapDn &a, const LdapDn &b) { return a.depth() > b.depth(); });
    for (const LdapDn &dn : std::as_const(dns)) {
        auto r = tx.remove(dn);
        if (!r.ok())
            return OpError::directory(r.error());
    }
    return Done {};
}

OpResult<Done> queueZoneUpdate(Transaction &tx, const QString &zone, const QStringList &dnsHosts)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto hosts = targetHosts(tx.session(), dnsHosts, QStringLiteral("dnsgroup"));
    if (!hosts.ok())
        return hosts.error();
    return enqueue(tx, *z, *hosts);
}

// --- Zones and records ---------------------------------------------------------------------------

OpResult<QList<ZoneSummary>> listZones(DirectorySession &s)
{
    // Tenants and owners see the zones of the domains they see.
    auto visible = Permissions::visibleDomains(s);
    if (!visible.ok())
        return visible.error();
    std::optional<QSet<QString>> mine;
    if (visible->has_value()) {
        auto domains = s.find(s.dit().base(), LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanDomain")), **visible}),
                              {QStringLiteral("ispmanDomain")}, LdapScope::OneLevel);
        if (!domains.ok())
            return OpError::directory(domains.error());
        mine.emplace();
        for (const LdapEntry &d : std::as_const(*domains))
            mine->insert(d.text(QStringLiteral("ispmanDomain")).toLower());
    }
    auto found = s.find(s.dit().dns(), LdapFilter::objectClass(QStringLiteral("dNSZone")),
        { QStringLiteral("zoneName"), kSoa, kTtl }, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QList<ZoneSummary> out;
    for (const LdapEntry &e : std::as_const(*found)) {
        ZoneSummary z;
        z.name = e.dn().rdnValue().toLower();
        if (mine && !mine->contains(z.name))
            continue;
        z.soa = DnsSoa::fromString(e.text(kSoa)).value_or(DnsSoa {});
        z.ttl = entryTtl(e).value_or(z.soa.minimum);
        out << z;
    }
    std::sort(out.begin(), out.end(), [](const ZoneSummary &a, const ZoneSummary &b) { return a.name < b.name; });
    return out;
}

OpResult<DnsZone> showZone(DirectorySession &s, const QString &zone)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    if (auto allowed = Permissions::requireZone(s, *z, Acl::Right::Read, QStringLiteral("reading zone %1").arg(*z)); !allowed.ok())
        return allowed.error();
    auto state = readZone(s, *z);
    if (!state.ok())
        return state.error();
    return toZone(*state);
}

OpResult<DnsZone> zoneFromEntries(const QString &zone, const LdapEntry &apex, const QList<LdapEntry> &names)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto state = zoneState(*z, apex);
    if (!state.ok())
        return state.error();
    state->names.insert(kApex, nameState(apex, *z, kApex));
    for (const LdapEntry &e : names) {
        if (e.dn() == apex.dn() || !e.hasObjectClass(QStringLiteral("dNSZone")))
            continue;
        const QString name = e.dn().rdnValue().toLower();
        state->names.insert(name, nameState(e, *z, name));
    }
    return toZone(*state);
}

OpResult<ZoneChange> addRecord(DirectorySession &s, const QString &zone, const DnsRecord &record)
{
    auto c = checkedRecord(zone, record);
    if (!c.ok())
        return c.error();
    const QString z = c->zone;
    const DnsRecord r = c->record;
    return run(s, z, QStringList { r.name }, [&](const ZoneState &state) -> OpResult<Plan> {
        const NameState &n = state.names.value(r.name);
        NamePlan after = unchanged(n);
        if (contains(after.records, r.type, r.value))
            return OpError::conflict(QStringLiteral("value"),
                QStringLiteral("value: %1 already has the %2 record %3")
                    .arg(displayName(r.name, z), dnsRecordTypeName(r.type), r.value));
        if (r.ttl) {
            const int current = r.name == kApex ? state.ttl : n.ttl.value_or(state.ttl);
            if ((n.exists || r.name == kApex) && *r.ttl != current)
                return OpError::conflict(QStringLiteral("ttl"),
                    QStringLiteral("ttl: the records of %1 have the TTL %2; all records of a name share one TTL")
                        .arg(displayName(r.name, z))
                        .arg(current));
            if (!n.exists)
                after.ttl = r.ttl;
        }
        after.records.append({ r.type, r.value });
        return Plan { { { n, after } }, std::nullopt, std::nullopt };
    });
}

OpResult<ZoneChange> removeRecord(DirectorySession &s, const QString &zone, const DnsRecord &record)
{
    DnsRecord withoutTtl = record;
    withoutTtl.ttl.reset();
    auto c = checkedRecord(zone, withoutTtl);
    if (!c.ok())
        return c.error();
    const QString z = c->zone;
    const DnsRecord r = c->record;
    return run(s, z, QStringList { r.name }, [&](const ZoneState &state) -> OpResult<Plan> {
        const NameState &n = state.names.value(r.name);
        NamePlan after = unchanged(n);
        const auto it = std::find_if(after.records.begin(), after.records.end(),
            [&](const auto &x) { return x.first == r.type && sameValue(x.second, r.value); });
        if (it == after.records.end())
            return OpError::notFound(
                QStringLiteral("value: %1 has no %2 record %3").arg(displayName(r.name, z), dnsRecordTypeName(r.type), r.value));
        after.records.erase(it);
        return Plan { { { n, after } }, std::nullopt, std::nullopt };
    });
}

OpResult<ZoneChange> replaceRecord(DirectorySession &s, const QString &zone, const DnsRecord &from, const DnsRecord &to)
{
    DnsRecord fromWithoutTtl = from;
    fromWithoutTtl.ttl.reset();
    auto a = checkedRecord(zone, fromWithoutTtl);
    if (!a.ok())
        return a.error();
    auto b = checkedRecord(zone, to);
    if (!b.ok())
        return b.error();
    const QString z = a->zone;
    const DnsRecord old = a->record;
    const DnsRecord r = b->record;
    const bool sameName = old.name == r.name;
    QStringList names { old.name };
    if (!sameName)
        names << r.name;
    return run(s, z, names, [&](const ZoneState &state) -> OpResult<Plan> {
        const NameState &oldName = state.names.value(old.name);
        NamePlan oldAfter = unchanged(oldName);
        const auto it = std::find_if(oldAfter.records.begin(), oldAfter.records.end(),
            [&](const auto &x) { return x.first == old.type && sameValue(x.second, old.value); });
        if (it == oldAfter.records.end())
            return OpError::notFound(QStringLiteral("value: %1 has no %2 record %3")
                                         .arg(displayName(old.name, z), dnsRecordTypeName(old.type), old.value));
        oldAfter.records.erase(it);
        const NameState &newName = sameName ? oldName : state.names.value(r.name);
        NamePlan after = sameName ? oldAfter : unchanged(newName);
        if (contains(after.records, r.type, r.value))
            return OpError::conflict(QStringLiteral("value"),
                QStringLiteral("value: %1 already has the %2 record %3")
                    .arg(displayName(r.name, z), dnsRecordTypeName(r.type), r.value));
        if (r.ttl) {
            const bool apex = r.name == kApex;
            const int current = apex ? state.ttl : newName.ttl.value_or(state.ttl);
            // The name's TTL is shared by its records, unless this record was its only one.
            const bool shared = apex || (newName.exists && !after.records.isEmpty());
            if (shared && *r.ttl != current)
                return OpError::conflict(QStringLiteral("ttl"),
                    QStringLiteral("ttl: the records of %1 have the TTL %2; all records of a name share one TTL")
                        .arg(displayName(r.name, z))
                        .arg(current));
            if (!apex)
                after.ttl = r.ttl;
        }
        after.records.append({ r.type, r.value });
        if (sameName)
            return Plan { { { oldName, after } }, std::nullopt, std::nullopt };
        return Plan { { { oldName, oldAfter }, { newName, after } }, std::nullopt, std::nullopt };
    });
}

OpResult<ZoneChange> replaceRecords(
    DirectorySession &s, const QString &zone, const QString &name, DnsRecordType type, const QStringList &values)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto owner = Validate::dnsOwnerName(QStringLiteral("name"), name, *z, type);
    if (!owner.ok())
        return invalid(owner.error());
    QStringList normalised;
    for (const QString &v : values) {
        auto value = recordValue(QStringLiteral("value"), type, v, *z);
        if (!value.ok())
            return invalid(value.error());
        for (const QString &earlier : std::as_const(normalised)) {
            if (sameValue(earlier, *value))
                return OpError::invalid(QStringLiteral("value"),
                    QStringLiteral("value: the %1 record %2 is given twice").arg(dnsRecordTypeName(type), *value));
        }
        normalised << *value;
    }
    const QString n = *owner;
    return run(s, *z, QStringList { n }, [&](const ZoneState &state) -> OpResult<Plan> {
        const NameState &current = state.names.value(n);
        NamePlan after = unchanged(current);
        after.records.removeIf([&](const auto &x) { return x.first == type; });
        for (const QString &v : std::as_const(normalised))
            after.records.append({ type, v });
        return Plan { { { current, after } }, std::nullopt, std::nullopt };
    });
}

OpResult<ZoneChange> importZone(DirectorySession &s, const QString &zone, const QString &text, ImportMode mode)
{
    auto z = zoneName(zone);
    if (!z.ok())
        return z.error();
    auto parsed = parseZone(*z, text);
    if (!parsed.ok())
        return parsed.error();
    // The file's records by name, with the name's TTL.
    QMap<QString, NamePlan> file;
    for (const DnsRecord &r : std::as_const(parsed->records)) {
        NamePlan &p = file[r.name];
        p.records.append({ r.type, r.value });
        p.ttl = r.ttl;
    }
    file[kApex]; // the apex is always part of the plan (its SOA and NS)
    return run(s, *z, std::nullopt, [&](const ZoneState &state) -> OpResult<Plan> {
        Plan plan;
        if (mode == ImportMode::Replace) {
            plan.soa = parsed->soa;
            plan.zoneTtl = parsed->ttl;
            for (const NameState &n : std::as_const(state.names)) {
                if (!file.contains(n.name)) {
                    NamePlan gone;
                    plan.names.append({ n, gone });
                }
            }
            for (auto it = file.cbegin(); it != file.cend(); ++it) {
                NameState n = state.names.value(it.key());
                if (!n.exists && it.key() != kApex) {
                    n.name = it.key();
                    n.dn = s.dit().dnsName(*z, it.key());
                }
                plan.names.append({ n, *it });
            }
            return plan;
        }
        for (auto it = file.cbegin(); it != file.cend(); ++it) {
            NameState n = state.names.value(it.key());
            if (!n.exists) {
                n.name = it.key();
                n.dn = s.dit().dnsName(*z, it.key());
            }
            NamePlan after = unchanged(n);
            for (const auto &[type, value] : it->records) {
                if (!contains(after.records, type, value))
                    after.records.append({ type, value });
            }
            if (n.exists && it.key() != kApex && it->ttl && *it->ttl != n.ttl.value_or(state.ttl))
                return OpError::conflict(QStringLiteral("ttl"),
                    QStringLiteral(
                        "ttl: the file gives %1 the TTL %2, the zone has %3; all records of a name share one TTL")
                        .arg(displayName(it.key(), *z))
                        .arg(*it->ttl)
                        .arg(n.ttl.value_or(state.ttl)));
            if (!n.exists)
                after.ttl = it->ttl;
            plan.names.append({ n, after });
        }
        return plan;
    });
}

} // namespace Isp::Core::DnsOps
