// DNS: the records of the domain's own zone (primary domains only). The list groups the records by
// owner name and shows the SOA read-only; records are added, edited (one record replaced by
// another in one change: one new serial, one process) and deleted through DnsOps acting for the
// domain owner, so core's rules (a CNAME stands alone, the apex keeps an NS record, one TTL per
// name) and its messages apply unchanged. Slave, replica and nodns domains get a page saying why
// there is nothing to edit here.
//
// A record is named in addresses by an id: a hash of zone, owner name, type and value (values can
// hold '/' and be 4000 bytes long, too long for a path). An id is looked up among the records of
// the session's zone only, so another domain's id is simply not found.
#include "core/model/dnsrecord.h"
#include "core/model/domain.h"
#include "core/ops/dnsops.h"
#include "core/validation/dnsrecordvalue.h"
#include "customer-web/controllers/controllers.h"

#include <QCryptographicHash>

namespace Isp::Panel {

using namespace Isp::Core;

namespace {

// What customers may add and change; other types (PTR) are shown read-only.
const QList<DnsRecordType> &editableTypes()
{
    static const QList<DnsRecordType> types { DnsRecordType::A, DnsRecordType::Aaaa, DnsRecordType::Cname,
        DnsRecordType::Mx, DnsRecordType::Ns, DnsRecordType::Txt, DnsRecordType::Srv, DnsRecordType::Caa };
    return types;
}

QString recordId(const QString &zone, const DnsRecord &r)
{
    const QByteArray text = (zone + QLatin1Char('\n') + r.name + QLatin1Char('\n') + dnsRecordTypeName(r.type)
        + QLatin1Char('\n') + r.value)
                                .toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256)
                                   .left(16)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString ownerName(const QString &name, const QString &zone)
{
    return name == u"@" ? zone : name + QLatin1Char('.') + zone;
}

// The session's domain and its zone, as the cache has them.
struct Loaded
{
    enum class State { Ok, NoDomain, NotPrimary, NoZone, Unreadable };
    State state = State::NoDomain;
    Domain domain;
    DnsZone zone;
    QString problem; // Unreadable: core's message
};

Loaded load(Panel &p, const QString &name)
{
    Loaded l;
    const auto entry = p.cache().entry(p.dit().domain(name));
    if (!entry)
        return l;
    l.domain = Domain::fromEntry(*entry);
    if (l.domain.type != Domain::Type::Primary) {
        l.state = Loaded::State::NotPrimary;
        return l;
    }
    const LdapDn zoneDn = p.dit().zone(name);
    const auto apex = p.cache().entry(zoneDn);
    if (!apex) {
        l.state = Loaded::State::NoZone;
        return l;
    }
    auto zone = DnsOps::zoneFromEntries(name, *apex, p.subtreeOf(zoneDn));
    if (!zone.ok()) {
        l.state = Loaded::State::Unreadable;
        l.problem = zone.error().message;
        return l;
    }
    l.state = Loaded::State::Ok;
    l.zone = *zone;
    return l;
}

std::optional<DnsRecord> findRecord(const Loaded &l, const QString &id)
{
    for (const DnsRecord &r : l.zone.records) {
        if (editableTypes().contains(r.type) && recordId(l.zone.name, r) == id)
            return r;
    }
    return std::nullopt;
}

// The page for domains without an editable zone (not an error: there is nothing to do here).
Response unavailable(Panel &p, const Request &r, const Loaded &l, int status)
{
    Mustache::data d = p.pageData(r, QObject::tr("DNS"), QStringLiteral("dns"));
    d.set("typeName", Domain::typeName(l.domain.type).toStdString());
    d.set("isSlave", flag(l.domain.type == Domain::Type::Slave));
    d.set("isReplica", flag(l.domain.type == Domain::Type::Replica));
    d.set("isNoDns", flag(l.domain.type == Domain::Type::NoDns));
    d.set("noZone", flag(l.state == Loaded::State::NoZone));
    d.set("unreadable", flag(l.state == Loaded::State::Unreadable));
    d.set("problem", l.problem.toStdString());
    d.set("replicaOf", l.domain.replicaMaster.toStdString());
    d.set("masters", l.domain.dnsMasters.join(QStringLiteral(", ")).toStdString());
    return p.page(r, QStringLiteral("dnsunavailable"), d, status);
}

// The type choices of a form, `selected` marked (A when nothing was chosen).
Mustache::data typeOptions(const QString &selected)
{
    Mustache::data options = list();
    const auto chosen = dnsRecordTypeFromName(selected).value_or(DnsRecordType::A);
    for (const DnsRecordType t : editableTypes()) {
        Mustache::data o;
        o.set("name", dnsRecordTypeName(t).toStdString());
        o.set("selected", flag(t == chosen));
        options << o;
    }
    return options;
}

// What the add and edit forms share: the zone, its TTL, the type choices and the help on values.
Mustache::data formData(Mustache::data d, const Loaded &l, const QString &selectedType)
{
    d.set("zone", l.zone.name.toStdString());
    d.set("zoneTtl", std::to_string(l.zone.ttl));
    d.set("types", typeOptions(selectedType));
    return d;
}

Response listPage(Panel &p, const Request &r, const Loaded &l, const std::optional<OpError> &error = std::nullopt)
{
    Mustache::data d = p.pageData(r, QObject::tr("DNS"), QStringLiteral("dns"));
    if (error)
        d = withErrors(d, r, *error);
    const QString zone = l.zone.name;
    const DnsSoa &soa = l.zone.soa;
    d.set("soaPrimary", soa.primary.toStdString());
    d.set("soaMailbox", soa.mailbox.toStdString());
    d.set("soaSerial", std::to_string(soa.serial));
    d.set("soaRefresh", std::to_string(soa.refresh));
    d.set("soaRetry", std::to_string(soa.retry));
    d.set("soaExpire", std::to_string(soa.expire));
    d.set("soaMinimum", std::to_string(soa.minimum));

    const auto apexNs = std::count_if(l.zone.records.begin(), l.zone.records.end(),
        [](const DnsRecord &x) { return x.name == u"@" && x.type == DnsRecordType::Ns; });
    Mustache::data groups = list();
    Mustache::data rows = list();
    QString current;
    const auto flush = [&] {
        if (current.isNull())
            return;
        Mustache::data g;
        g.set("owner", ownerName(current, zone).toStdString());
        g.set("isApex", flag(current == u"@"));
        g.set("records", rows);
        groups << g;
        rows = list();
    };
    for (const DnsRecord &rec : l.zone.records) {
        if (rec.name != current) {
            flush();
            current = rec.name;
        }
        Mustache::data row;
        row.set("type", dnsRecordTypeName(rec.type).toStdString());
        row.set("value", rec.value.toStdString());
        row.set("ttl", std::to_string(rec.ttl.value_or(l.zone.ttl)));
        row.set("zoneTtl", flag(!rec.ttl));
        const bool editable = editableTypes().contains(rec.type);
        // Core refuses to remove the apex's last NS record: no button that can only fail.
        const bool lastNs = rec.name == u"@" && rec.type == DnsRecordType::Ns && apexNs <= 1;
        row.set("id", recordId(zone, rec).toStdString());
        row.set("editable", flag(editable));
        row.set("deletable", flag(editable && !lastNs));
        row.set("readOnly", flag(!editable));
        rows << row;
    }
    flush();
    d.set("groups", groups);
    d.set("hasRecords", flag(!l.zone.records.isEmpty()));
    return p.page(
        r, QStringLiteral("dns"), formData(d, l, r.field(QStringLiteral("type"))), error ? statusFor(*error) : 200);
}

Response editPage(Panel &p, const Request &r, const Loaded &l, const DnsRecord &rec, const QString &id,
    const std::optional<OpError> &error = std::nullopt)
{
    Mustache::data d = p.pageData(r, QObject::tr("Edit a DNS record"), QStringLiteral("dns"));
    QString type = dnsRecordTypeName(rec.type);
    if (error) {
        d = withErrors(d, r, *error);
        type = r.field(QStringLiteral("type"));
    } else {
        d.set("form_name", rec.name.toStdString());
        d.set("form_value", rec.value.toStdString());
        d.set("form_ttl", rec.ttl ? std::to_string(*rec.ttl) : std::string());
    }
    d.set("id", id.toStdString());
    d.set("owner", ownerName(rec.name, l.zone.name).toStdString());
    d.set("oldType", dnsRecordTypeName(rec.type).toStdString());
    d.set("oldValue", rec.value.toStdString());
    d.set("oldTtl", std::to_string(rec.ttl.value_or(l.zone.ttl)));
    return p.page(r, QStringLiteral("dnsedit"), formData(d, l, type), error ? statusFor(*error) : 200);
}

// The record a form describes; the errors name the form's fields (as core's do).
OpResult<DnsRecord> recordFromForm(const Request &r)
{
    DnsRecord rec;
    rec.name = r.field(QStringLiteral("name")).trimmed();
    if (rec.name.isEmpty())
        rec.name = QStringLiteral("@");
    auto type = Validate::dnsRecordType(QStringLiteral("type"), r.field(QStringLiteral("type")).trimmed());
    if (!type.ok())
        return OpError::invalid(type.error().field, type.error().message);
    if (!editableTypes().contains(*type))
        return OpError::invalid(QStringLiteral("type"),
            QObject::tr("type: %1 records are kept by your provider; choose A, AAAA, CNAME, MX, NS, TXT, SRV or CAA")
                .arg(dnsRecordTypeName(*type)));
    rec.type = *type;
    rec.value = r.field(QStringLiteral("value")).trimmed();
    auto ttl = Validate::dnsTtl(QStringLiteral("ttl"), r.field(QStringLiteral("ttl")).trimmed());
    if (!ttl.ok())
        return OpError::invalid(ttl.error().field, ttl.error().message);
    rec.ttl = *ttl;
    return rec;
}


} // namespace

void addDnsRoutes(Panel &panel)
{
    Panel *p = &panel;
    using M = Request::Method;
    using A = Panel::Access;

    panel.route(M::Get, QStringLiteral("/dns"), A::Owner, [p](Request &r, Reply reply) {
        const Loaded l = load(*p, r.session->domain);
        switch (l.state) {
        case Loaded::State::NoDomain:
            reply(p->notFound(r));
            return;
        case Loaded::State::NotPrimary:
        case Loaded::State::NoZone:
        case Loaded::State::Unreadable:
            reply(unavailable(*p, r, l, 200));
            return;
        case Loaded::State::Ok:
            break;
        }
        reply(listPage(*p, r, l));
    });

    panel.route(M::Post, QStringLiteral("/dns/add"), A::Owner, [p](Request &r, Reply reply) {
        const Loaded l = load(*p, r.session->domain);
        if (l.state == Loaded::State::NoDomain) {
            reply(p->notFound(r));
            return;
        }
        if (l.state != Loaded::State::Ok) {
            reply(unavailable(*p, r, l, 403));
            return;
        }
        auto rec = recordFromForm(r);
        if (!rec.ok()) {
            reply(listPage(*p, r, l, rec.error()));
            return;
        }
        const QString zone = l.zone.name;
        const DnsRecord record = *rec;
        const Request copy = r;
        p->backend().runForDomain(
            zone, [zone, record](DirectorySession &s) { return done(DnsOps::addRecord(s, zone, record)); }, p,
            [p, copy, reply](OpResult<Done> result) {
                answer(reply, result, QStringLiteral("/dns"), QStringLiteral("added"),
                    [&](const OpError &e) { return listPage(*p, copy, load(*p, copy.session->domain), e); });
            });
    });

    panel.route(M::Get, QStringLiteral("/dns/<arg>/edit"), A::Owner, [p](Request &r, Reply reply) {
        const Loaded l = load(*p, r.session->domain);
        const auto rec = l.state == Loaded::State::Ok ? findRecord(l, r.arg(0)) : std::nullopt;
        if (!rec) {
            reply(p->notFound(r));
            return;
        }
        reply(editPage(*p, r, l, *rec, r.arg(0)));
    });

    panel.route(M::Post, QStringLiteral("/dns/<arg>/edit"), A::Owner, [p](Request &r, Reply reply) {
        const Loaded l = load(*p, r.session->domain);
        const auto from = l.state == Loaded::State::Ok ? findRecord(l, r.arg(0)) : std::nullopt;
        if (!from) {
            reply(p->notFound(r));
            return;
        }
        auto to = recordFromForm(r);
        if (!to.ok()) {
            reply(editPage(*p, r, l, *from, r.arg(0), to.error()));
            return;
        }
        const QString zone = l.zone.name;
        const DnsRecord old = *from;
        const DnsRecord record = *to;
        const Request copy = r;
        p->backend().runForDomain(
            zone,
            [zone, old, record](DirectorySession &s) { return done(DnsOps::replaceRecord(s, zone, old, record)); }, p,
            [p, copy, reply, old](OpResult<Done> result) {
                answer(reply, result, QStringLiteral("/dns"), QStringLiteral("saved"), [&](const OpError &e) {
                    const Loaded now = load(*p, copy.session->domain);
                    if (e.kind == OpError::Kind::NotFound || now.state != Loaded::State::Ok)
                        return p->notFound(copy); // the record went meanwhile
                    return editPage(*p, copy, now, old, copy.arg(0), e);
                });
            });
    });

    panel.route(M::Post, QStringLiteral("/dns/<arg>/delete"), A::Owner, [p](Request &r, Reply reply) {
        const Loaded l = load(*p, r.session->domain);
        const auto rec = l.state == Loaded::State::Ok ? findRecord(l, r.arg(0)) : std::nullopt;
        if (!rec) {
            reply(p->notFound(r));
            return;
        }
        const QString zone = l.zone.name;
        const DnsRecord record = *rec;
        const Request copy = r;
        p->backend().runForDomain(
            zone, [zone, record](DirectorySession &s) { return done(DnsOps::removeRecord(s, zone, record)); }, p,
            [p, copy, reply](OpResult<Done> result) {
                answer(reply, result, QStringLiteral("/dns"), QStringLiteral("deleted"), [&](const OpError &e) {
                    const Loaded now = load(*p, copy.session->domain);
                    if (now.state != Loaded::State::Ok)
                        return unavailable(*p, copy, now, statusFor(e));
                    // The message is about the record deleted, not about the add form's fields.
                    OpError shown = e;
                    shown.field.clear();
                    return listPage(*p, copy, now, shown);
                });
            });
    });
}

} // namespace Isp::Panel
