#include "core/ops/domainops.h"

#include "core/ops/confops.h"
#include "core/ops/dnsops.h"
#include "core/ops/idallocator.h"
#include "core/ops/permissions.h"
#include "core/ops/processqueue.h"
#include "core/ops/transaction.h"
#include "core/ops/vhostops.h"
#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/number.h"
#include "core/validation/password.h"
#include "core/validation/text.h"

#include <QDateTime>

#include <algorithm>

namespace Isp::Core::DomainOps {

namespace {

const QString kDomain = QStringLiteral("ispmanDomain");

template<typename T>
OpError invalid(const Validated<T> &v)
{
    return OpError::invalid(v.error().field, v.error().message);
}

OpResult<QString> existingHost(DirectorySession &s, const QString &field, const QString &value)
{
    auto name = Validate::hostName(field, value);
    if (!name.ok())
        return invalid(name);
    auto host = s.read(s.dit().host(*name), {QStringLiteral("1.1")});
    if (!host.ok())
        return OpError::directory(host.error());
    if (!host->has_value())
        return OpError::notFound(QStringLiteral("%1: host %2 does not exist (ispman host add)").arg(field, *name));
    return *name;
}

OpResult<QStringList> existingHosts(DirectorySession &s, const QString &field, const QStringList &values)
{
    QStringList out;
    for (const QString &v : values) {
        auto h = existingHost(s, field, v);
        if (!h.ok())
            return h.error();
        if (!out.contains(*h))
            out << *h;
    }
    return out;
}

OpResult<QString> optionalHost(DirectorySession &s, const QString &field, const QString &value)
{
    if (value.isEmpty())
        return QString();
    return existingHost(s, field, value);
}

OpResult<int> limitOf(DirectorySession &s, const QString &field, const QString &value, const QString &confVar)
{
    QString text = value;
    if (text.isEmpty()) {
        if (confVar.isEmpty())
            return -1;
        auto c = ConfOps::value(s, confVar, QStringLiteral("-1"));
        if (!c.ok())
            return c.error();
        text = *c;
    }
    auto v = Validate::limit(field, text, Validate::Unlimited::Allowed);
    if (!v.ok())
        return invalid(v);
    return int(*v);
}

OpResult<QStringList> services(DirectorySession &s, const QStringList &wanted)
{
    auto catalogue = s.find(s.dit().domainServices(), LdapFilter::objectClass(QStringLiteral("ispmanDomainService")), {},
                            LdapScope::OneLevel);
    if (!catalogue.ok())
        return OpError::directory(catalogue.error());
    QStringList known, defaults;
    for (const LdapEntry &e : std::as_const(*catalogue)) {
        const QString n = e.text(QStringLiteral("ispmanDomainServiceName"));
        known << n;
        if (e.text(QStringLiteral("ispmanDomainServiceDefault")).compare(QLatin1String("YES"), Qt::CaseInsensitive) == 0)
            defaults << n;
    }
    if (wanted.isEmpty())
        return defaults;
    QStringList out;
    for (const QString &w : wanted) {
        const QString n = w.trimmed().toLower();
        if (!known.contains(n))
            return OpError::invalid(QStringLiteral("services"), QStringLiteral("services: \"%1\" is not a domain service (known: %2)")
                                                                   .arg(w.left(40), known.join(QStringLiteral(", "))));
        if (!out.contains(n))
            out << n;
    }
    return out;
}

OpResult<std::optional<Domain>> readDomain(DirectorySession &s, const QString &name)
{
    auto e = s.read(s.dit().domain(name));
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return std::optional<Domain>();
    return std::optional<Domain>(Domain::fromEntry(**e));
}

OpResult<QString> domainName(const QString &field, const QString &value)
{
    auto v = Validate::domainName(field, value);
    if (!v.ok())
        return invalid(v);
    return *v;
}

OpResult<Domain> mustExist(DirectorySession &s, const QString &name)
{
    auto n = domainName(QStringLiteral("domain"), name);
    if (!n.ok())
        return n.error();
    auto d = readDomain(s, *n);
    if (!d.ok())
        return d.error();
    if (!d->has_value())
        return OpError::notFound(QStringLiteral("domain %1 does not exist").arg(*n));
    return **d;
}

int countBelow(DirectorySession &s, const LdapDn &base, const LdapFilter &filter)
{
    LdapSearchRequest r;
    r.base = base;
    r.filter = filter;
    r.attributes = QStringList{QStringLiteral("1.1")};
    r.pageSize = 1000;
    r.discardEntries = true;
    auto res = s.search(r);
    return res.ok() ? int(res->entryCount) : 0;
}

OpResult<DomainInfo> info(DirectorySession &s, const QString &name)
{
    auto d = mustExist(s, name);
    if (!d.ok())
        return d.error();
    DomainInfo i;
    i.domain = *d;
    const LdapDn dn = s.dit().domain(d->name);
    i.users = countBelow(s, dn, LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")));
    i.websites = countBelow(s, dn, LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost")));
    i.databases = countBelow(s, dn, LdapFilter::objectClass(QStringLiteral("ispmanDatabaseData")));
    auto replicas = s.find(s.dit().base(), LdapFilter::equals(QStringLiteral("ispmanReplicaMaster"), d->name), {kDomain},
                           LdapScope::OneLevel);
    if (!replicas.ok())
        return OpError::directory(replicas.error());
    for (const LdapEntry &e : std::as_const(*replicas))
        i.replicas << e.text(kDomain);
    i.replicas.sort();
    return i;
}

QString entryUuid(const Result<LdapWriteResult> &added)
{
    return added.ok() && added->postRead ? added->postRead->text(QStringLiteral("entryUUID")) : QString();
}

// The DNS work for a domain entry: primary zones are updated through the zone; slave and
// replica domains only change the name server configuration, so their process names the domain.
OpResult<Done> queueDnsWork(Transaction &tx, const Domain &d, const QString &domainUuid)
{
    if (d.type == Domain::Type::Primary)
        return DnsOps::queueZoneUpdate(tx, d.name, d.dnsHosts);
    if (d.type == Domain::Type::NoDns)
        return Done{};
    auto hosts = targetHosts(tx.session(), d.dnsHosts, QStringLiteral("dnsgroup"));
    if (!hosts.ok())
        return hosts.error();
    ProcessRequest p{QStringLiteral("modifyDomain"), d.name, tx.session().dit().domain(d.name), domainUuid.toUtf8(),
                     {{QStringLiteral("zone"), d.name}}, 50};
    auto q = enqueueProcess(tx, p, *hosts);
    if (!q.ok())
        return q.error();
    return Done{};
}

OpResult<DomainInfo> addOnce(DirectorySession &s, const DomainSpec &spec, int attempt);

} // namespace

OpResult<DomainInfo> add(DirectorySession &s, const DomainSpec &spec)
{
    return addOnce(s, spec, 0);
}

namespace {

OpResult<DomainInfo> addOnce(DirectorySession &s, const DomainSpec &spec, int attempt)
{
    Domain d;
    LdapDn clientDn;
    QString clientCsn;
    auto name = domainName(QStringLiteral("domain"), spec.name);
    if (!name.ok())
        return name.error();
    d.name = *name;
    auto type = Domain::typeFromName(spec.type);
    if (!type)
        return OpError::invalid(QStringLiteral("type"), QStringLiteral("type: \"%1\" is not a domain type: primary, slave, replica or nodns").arg(spec.type.left(40)));
    d.type = *type;
    const bool replica = d.type == Domain::Type::Replica;

    for (const auto &[field, value, target, max] : {std::tuple{QStringLiteral("owner"), spec.owner, &d.owner, 256},
                                                    std::tuple{QStringLiteral("customer"), spec.customer, &d.customer, 256},
                                                    std::tuple{QStringLiteral("comment"), spec.comment, &d.comment, 1024}}) {
        auto v = Validate::freeText(field, value, max);
        if (!v.ok())
            return invalid(v);
        *target = *v;
    }
    auto existing = readDomain(s, d.name);
    if (!existing.ok())
        return existing.error();
    if (existing->has_value())
        return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: %1 already exists").arg(d.name));

    if (replica) {
        if (spec.replicaMaster.isEmpty())
            return OpError::invalid(QStringLiteral("master"), QStringLiteral("master: a replica domain needs the domain it mirrors"));
        auto master = mustExist(s, spec.replicaMaster);
        if (!master.ok())
            return OpError::notFound(QStringLiteral("master: ") + master.error().message);
        auto mirror = Permissions::requireDomain(s, master->name, Acl::Right::DomainContent, QStringLiteral("mirroring domain %1").arg(master->name));
        if (!mirror.ok())
            return mirror.error().kind == OpError::Kind::NotFound ? OpError::notFound(QStringLiteral("master: ") + mirror.error().message) : mirror.error();
        if (master->type == Domain::Type::Replica)
            return OpError::invalid(QStringLiteral("master"), QStringLiteral("master: %1 is itself a replica; name its master, %2").arg(master->name, master->replicaMaster));
        if (master->name == d.name)
            return OpError::invalid(QStringLiteral("master"), QStringLiteral("master: a domain cannot mirror itself"));
        d.replicaMaster = master->name;
    } else if (!spec.replicaMaster.isEmpty()) {
        return OpError::invalid(QStringLiteral("master"), QStringLiteral("master: only replica domains have a master"));
    }
    if (d.type == Domain::Type::Slave) {
        if (spec.dnsMasters.isEmpty())
            return OpError::invalid(QStringLiteral("masters"), QStringLiteral("masters: a slave domain needs the IP addresses of its master name servers"));
        for (const QString &m : spec.dnsMasters) {
            auto ip = Validate::ipAddress(QStringLiteral("masters"), m);
            if (!ip.ok())
                return invalid(ip);
            d.dnsMasters << *ip;
        }
    } else if (!spec.dnsMasters.isEmpty()) {
        return OpError::invalid(QStringLiteral("masters"), QStringLiteral("masters: only slave domains have master name servers"));
    }

    auto svc = services(s, spec.services);
    if (!svc.ok())
        return svc.error();
    d.services = *svc;
    auto mail = optionalHost(s, QStringLiteral("mail-host"), spec.mailDropHost);
    auto file = optionalHost(s, QStringLiteral("file-host"), spec.fileServer);
    auto db = optionalHost(s, QStringLiteral("db-host"), spec.dbHost);
    auto web = existingHosts(s, QStringLiteral("web-host"), spec.webHosts);
    auto dns = existingHosts(s, QStringLiteral("dns-host"), spec.dnsHosts);
    auto smtp = existingHosts(s, QStringLiteral("smtp-host"), spec.smtpHosts);
    for (const OpError *e : {mail.ok() ? nullptr : &mail.error(), file.ok() ? nullptr : &file.error(), db.ok() ? nullptr : &db.error(),
                             web.ok() ? nullptr : &web.error(), dns.ok() ? nullptr : &dns.error(), smtp.ok() ? nullptr : &smtp.error()}) {
        if (e)
            return *e;
    }
    d.mailDropHost = *mail;
    d.fileServer = *file;
    d.dbHost = *db;
    d.webHosts = *web;
    d.dnsHosts = *dns;
    d.smtpHosts = *smtp;

    auto maxAccounts = limitOf(s, QStringLiteral("max-accounts"), spec.maxAccounts, QStringLiteral("defaultMaxAccounts"));
    auto maxVhosts = limitOf(s, QStringLiteral("max-vhosts"), spec.maxVhosts, QStringLiteral("defaultMaxVhosts"));
    auto maxDatabases = limitOf(s, QStringLiteral("max-databases"), spec.maxDatabases, QString());
    for (const OpError *e : {maxAccounts.ok() ? nullptr : &maxAccounts.error(), maxVhosts.ok() ? nullptr : &maxVhosts.error(),
                             maxDatabases.ok() ? nullptr : &maxDatabases.error()}) {
        if (e)
            return *e;
    }
    d.maxAccounts = *maxAccounts;
    d.maxVhosts = *maxVhosts;
    d.maxDatabases = *maxDatabases;
    d.mailDelivery = spec.mailDelivery.isEmpty() ? QStringLiteral("local") : spec.mailDelivery.toLower();
    if (d.mailDelivery != QLatin1String("local") && d.mailDelivery != QLatin1String("smtp"))
        return OpError::invalid(QStringLiteral("delivery"), QStringLiteral("delivery: \"%1\" is not a mail delivery method: local or smtp").arg(spec.mailDelivery.left(40)));

    auto me = Permissions::subject(s);
    if (!me.ok())
        return me.error();
    // A client adds domains for itself without naming itself.
    QString clientId = spec.clientId;
    if (clientId.isEmpty() && me->role == Acl::Role::Client)
        clientId = QString::number(me->clientId);
    if (!clientId.isEmpty()) {
        auto id = Validate::integer(QStringLiteral("client"), clientId, 1, Validate::MaxLimit);
        if (!id.ok())
            return invalid(id);
        auto client = s.find(s.dit().tenants(),
                             LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanClient")),
                                                LdapFilter::equals(QStringLiteral("ispmanClientId"), QString::number(*id))}),
                             {QStringLiteral("*"), QStringLiteral("entryCSN")});
        if (!client.ok())
            return OpError::directory(client.error());
        if (client->isEmpty())
            return OpError::notFound(QStringLiteral("client: client %1 does not exist").arg(*id));
        const LdapEntry &c = client->first();
        clientDn = c.dn();
        clientCsn = c.text(QStringLiteral("entryCSN"));
        if (c.text(QStringLiteral("ispmanStatus")) == QLatin1String("suspended"))
            return OpError::notAllowed(QStringLiteral("client: client %1 is suspended").arg(*id));
        d.clientId = *id;
        d.clientName = c.text(QStringLiteral("ispmanClientName"));
        d.resellerId = c.text(QStringLiteral("ispmanResellerId")).toLongLong();
        d.resellerName = c.text(QStringLiteral("ispmanResellerName"));
        const QString maxDomains = c.text(QStringLiteral("ispmanClientMaxDomains"));
        if (!maxDomains.isEmpty() && maxDomains.toInt() >= 0
            && countBelow(s, s.dit().base(), LdapFilter::allOf({LdapFilter::objectClass(kDomain), LdapFilter::equals(QStringLiteral("ispmanClientId"), QString::number(*id))}))
                   >= maxDomains.toInt())
            return OpError::limit(QStringLiteral("client: client %1 already has its maximum of %2 domains").arg(*id).arg(maxDomains));
    }
    // Administrators add any domain; a client adds its own, a reseller its clients'. Limits and
    // hosts other than the defaults are for those who manage domains (not clients).
    const Acl::Scope scope{d.name, d.resellerId > 0 ? d.resellerId : -1, d.clientId > 0 ? d.clientId : -1, {}, {}};
    auto allowed = Permissions::require(s, Acl::Right::DomainCreate, scope, QStringLiteral("adding domain %1").arg(d.name));
    if (!allowed.ok())
        return allowed.error();
    const bool manages = !spec.maxAccounts.isEmpty() || !spec.maxVhosts.isEmpty() || !spec.maxDatabases.isEmpty()
        || !spec.mailDropHost.isEmpty() || !spec.fileServer.isEmpty() || !spec.dbHost.isEmpty() || !spec.webHosts.isEmpty()
        || !spec.dnsHosts.isEmpty() || !spec.smtpHosts.isEmpty();
    if (manages) {
        auto manage = Permissions::require(s, Acl::Right::DomainManage, scope, QStringLiteral("setting the limits or hosts of domain %1").arg(d.name));
        if (!manage.ok())
            return manage.error();
    }
    if (!spec.password.isEmpty()) {
        auto pw = Validate::password(QStringLiteral("password"), spec.password, d.name);
        if (!pw.ok())
            return invalid(pw);
    }
    if (d.type == Domain::Type::Primary) {
        auto zone = s.read(s.dit().zone(d.name), {QStringLiteral("1.1")});
        if (!zone.ok())
            return OpError::directory(zone.error());
        if (zone->has_value())
            return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: a DNS zone %1 already exists without its domain; delete it first (ispman dns)").arg(d.name));
    }
    // Who will do the work, known before anything is written.
    QStringList fileTargets;
    if (!replica) {
        auto t = targetHosts(s, d.fileServer.isEmpty() ? QStringList() : QStringList{d.fileServer}, QStringLiteral("fileservergroup"));
        if (!t.ok())
            return t.error();
        fileTargets = *t;
    }
    if (d.type != Domain::Type::NoDns) {
        auto t = targetHosts(s, d.dnsHosts, QStringLiteral("dnsgroup"));
        if (!t.ok())
            return t.error();
    }

    Transaction tx(s);
    d.created = QDateTime::currentSecsSinceEpoch();
    if (!replica) {
        auto uid = allocateId(s, IdCounter::Uid);
        if (!uid.ok())
            return uid.error();
        auto gid = allocateId(s, IdCounter::Gid);
        if (!gid.ok())
            return gid.error();
        d.uidNumber = *uid;
        d.gidNumber = *gid;
        auto home = ConfOps::value(s, QStringLiteral("defaultHomeDirectoryPath"), QStringLiteral("/var/www"));
        auto shell = ConfOps::value(s, QStringLiteral("domainShell"), QStringLiteral("/bin/false"));
        auto ftp = ConfOps::value(s, QStringLiteral("defaultDomainFtpQuota"), QStringLiteral("20"));
        if (!home.ok() || !shell.ok() || !ftp.ok())
            return !home.ok() ? home.error() : !shell.ok() ? shell.error() : ftp.error();
        d.homeDirectory = *home + QLatin1Char('/') + d.name;
        d.loginShell = *shell;
        d.ftpQuotaMBytes = ftp->toInt();
    }
    auto added = tx.add(d.toEntry(s.dit()));
    if (!added.ok())
        return OpError::directory(added.error());
    const QString uuid = entryUuid(added);
    if (!replica) {
        for (const char *branch : {"users", "httpdata", "httpusers", "ispmanMailGroup", "databases"}) {
            LdapEntry b(s.dit().domain(d.name).child(QStringLiteral("ou"), QLatin1String(branch)));
            b.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanBranch")});
            b.setText(QStringLiteral("ou"), QLatin1String(branch));
            auto r = tx.add(b);
            if (!r.ok())
                return OpError::directory(r.error());
        }
        LdapEntry group(s.dit().domain(d.name).child(QStringLiteral("cn"), d.name));
        group.setTexts(QStringLiteral("objectClass"), {QStringLiteral("posixGroup")});
        group.setText(QStringLiteral("cn"), d.name);
        group.setText(QStringLiteral("gidNumber"), QString::number(d.gidNumber));
        auto r = tx.add(group);
        if (!r.ok())
            return OpError::directory(r.error());
    }
    if (d.type == Domain::Type::Primary) {
        auto defaults = DnsOps::zoneDefaults(s, d.name);
        if (!defaults.ok())
            return defaults.error();
        auto zone = DnsOps::createZone(tx, d.name, *defaults);
        if (!zone.ok())
            return zone.error();
    }
    auto dnsWork = queueDnsWork(tx, d, uuid);
    if (!dnsWork.ok())
        return dnsWork.error();
    if (!replica) {
        ProcessRequest p{QStringLiteral("createDomainDirectories"), d.name, s.dit().domain(d.name), uuid.toUtf8(), {}, 10};
        auto q = enqueueProcess(tx, p, fileTargets);
        if (!q.ok())
            return q.error();
    } else {
        // Its master's websites answer to its names too.
        auto web = VhostOps::queueRefresh(tx, d.replicaMaster);
        if (!web.ok())
            return web.error();
    }
    if (!spec.password.isEmpty()) {
        auto pw = s.passwordModify(s.dit().domain(d.name), std::nullopt, spec.password.toUtf8());
        if (!pw.ok())
            return OpError::directory(pw.error());
    }
    if (!clientDn.isEmpty()) {
        // The client's domain limit was counted against the client as read above. Touch the client
        // on condition that nothing changed it since: a concurrent add for the same client touched
        // it first, so this one undoes itself and counts again (docs: race-free limits).
        auto guard = tx.modify(clientDn, {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("active"))},
                               LdapFilter::equals(QStringLiteral("entryCSN"), clientCsn));
        if (!guard.ok()) {
            if (guard.error().code() != LdapCode::AssertionFailed)
                return OpError::directory(guard.error());
            tx.rollback();
            if (attempt >= 50)
                return OpError::conflict(QStringLiteral("client"), QStringLiteral("client: too many concurrent changes to client %1; try again").arg(d.clientId));
            return addOnce(s, spec, attempt + 1);
        }
    }
    tx.commit();
    return info(s, d.name);
}

} // namespace

OpResult<DomainInfo> show(DirectorySession &s, const QString &name)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::Read, QStringLiteral("reading domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    return info(s, name);
}

OpResult<QList<Domain>> list(DirectorySession &s, const QString &type, const QString &clientId)
{
    auto visible = Permissions::visibleDomains(s);
    if (!visible.ok())
        return visible.error();
    QList<LdapFilter> parts{LdapFilter::objectClass(kDomain)};
    if (visible->has_value())
        parts << **visible;
    if (!type.isEmpty()) {
        if (!Domain::typeFromName(type))
            return OpError::invalid(QStringLiteral("type"), QStringLiteral("type: \"%1\" is not a domain type: primary, slave, replica or nodns").arg(type.left(40)));
        parts << LdapFilter::equals(QStringLiteral("ispmanDomainType"), type.toLower());
    }
    if (!clientId.isEmpty()) {
        auto id = Validate::integer(QStringLiteral("client"), clientId, 1, Validate::MaxLimit);
        if (!id.ok())
            return invalid(id);
        parts << LdapFilter::equals(QStringLiteral("ispmanClientId"), QString::number(*id));
    }
    auto found = s.find(s.dit().base(), LdapFilter::allOf(parts), {}, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QList<Domain> out;
    for (const LdapEntry &e : std::as_const(*found))
        out << Domain::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const Domain &a, const Domain &b) { return a.name < b.name; });
    return out;
}

OpResult<DomainInfo> edit(DirectorySession &s, const QString &name, const DomainChange &c)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::DomainManage, QStringLiteral("changing domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto current = mustExist(s, name);
    if (!current.ok())
        return current.error();
    const Domain &d = *current;
    if (d.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked by %2; unlock it first").arg(d.name, d.lockedBy.isEmpty() ? QStringLiteral("an admin") : d.lockedBy));
    QList<LdapModification> mods;
    auto text = [&](const std::optional<QString> &v, const char *field, const char *attr, int max) -> std::optional<OpError> {
        if (!v)
            return std::nullopt;
        auto t = Validate::freeText(QLatin1String(field), *v, max);
        if (!t.ok())
            return invalid(t);
        mods << LdapModification{LdapModification::Op::Replace, QLatin1String(attr), t->isEmpty() ? QList<QByteArray>() : QList<QByteArray>{t->toUtf8()}};
        return std::nullopt;
    };
    for (auto e : {text(c.owner, "owner", "ispmanDomainOwner", 256), text(c.customer, "customer", "ispmanDomainCustomer", 256),
                   text(c.comment, "comment", "ispmanDomainComment", 1024)}) {
        if (e)
            return *e;
    }
    auto hosts = [&](const std::optional<QStringList> &v, const char *field, const char *attr) -> std::optional<OpError> {
        if (!v)
            return std::nullopt;
        auto h = existingHosts(s, QLatin1String(field), *v);
        if (!h.ok())
            return h.error();
        QList<QByteArray> values;
        for (const QString &x : std::as_const(*h))
            values << x.toUtf8();
        mods << LdapModification{LdapModification::Op::Replace, QLatin1String(attr), values};
        return std::nullopt;
    };
    auto one = [&](const std::optional<QString> &v) { return v ? std::optional<QStringList>(v->isEmpty() ? QStringList() : QStringList{*v}) : std::nullopt; };
    for (auto e : {hosts(one(c.mailDropHost), "mail-host", "ispmanDomainDefaultMailDropHost"), hosts(c.webHosts, "web-host", "ispmanDomainDefaultWebHost"),
                   hosts(one(c.fileServer), "file-host", "ispmanDomainDefaultFileServer"), hosts(one(c.dbHost), "db-host", "ispmanDomainDefaultDBHost"),
                   hosts(c.dnsHosts, "dns-host", "dnsHost"), hosts(c.smtpHosts, "smtp-host", "smtpHost")}) {
        if (e)
            return *e;
    }
    if (c.services) {
        auto svc = services(s, *c.services);
        if (!svc.ok())
            return svc.error();
        QList<QByteArray> values;
        for (const QString &x : std::as_const(*svc))
            values << x.toUtf8();
        mods << LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanDomainService"), values};
    }
    for (const auto &[value, field, attr] : {std::tuple{c.maxAccounts, "max-accounts", "ispmanMaxAccounts"},
                                             std::tuple{c.maxVhosts, "max-vhosts", "ispmanMaxVhosts"},
                                             std::tuple{c.maxDatabases, "max-databases", "ispmanMaxDatabases"}}) {
        if (!value)
            continue;
        auto v = Validate::limit(QLatin1String(field), *value, Validate::Unlimited::Allowed);
        if (!v.ok())
            return invalid(v);
        mods << LdapModification::replace(QLatin1String(attr), QString::number(*v));
    }
    if (c.mailDelivery) {
        const QString m = c.mailDelivery->toLower();
        if (m != QLatin1String("local") && m != QLatin1String("smtp"))
            return OpError::invalid(QStringLiteral("delivery"), QStringLiteral("delivery: \"%1\" is not a mail delivery method: local or smtp").arg(c.mailDelivery->left(40)));
        mods << LdapModification::replace(QStringLiteral("ispmanDomainMailDeliveryMethod"), m);
    }
    if (c.dnsMasters) {
        if (d.type != Domain::Type::Slave)
            return OpError::invalid(QStringLiteral("masters"), QStringLiteral("masters: only slave domains have master name servers"));
        if (c.dnsMasters->isEmpty())
            return OpError::invalid(QStringLiteral("masters"), QStringLiteral("masters: a slave domain needs at least one master name server"));
        QList<QByteArray> values;
        for (const QString &m : *c.dnsMasters) {
            auto ip = Validate::ipAddress(QStringLiteral("masters"), m);
            if (!ip.ok())
                return invalid(ip);
            values << ip->toUtf8();
        }
        mods << LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanDnsMasters"), values};
    }
    if (mods.isEmpty())
        return info(s, d.name);
    Transaction tx(s);
    auto r = tx.modify(s.dit().domain(d.name), mods);
    if (!r.ok())
        return OpError::directory(r.error());
    // Name servers follow changes of DNS hosts and masters.
    if (c.dnsHosts || c.dnsMasters) {
        auto after = mustExist(s, d.name);
        if (!after.ok())
            return after.error();
        auto uuid = s.read(s.dit().domain(d.name), {QStringLiteral("entryUUID")});
        auto work = queueDnsWork(tx, *after, uuid.ok() && uuid->has_value() ? (*uuid)->text(QStringLiteral("entryUUID")) : QString());
        if (!work.ok())
            return work.error();
    }
    tx.commit();
    return info(s, d.name);
}

OpResult<DomainInfo> setSuspended(DirectorySession &s, const QString &name, bool suspended)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::DomainManage, suspended ? QStringLiteral("suspending domain %1").arg(name) : QStringLiteral("resuming domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto d = mustExist(s, name);
    if (!d.ok())
        return d.error();
    QList<LdapModification> mods{LdapModification::replace(QStringLiteral("ispmanStatus"), suspended ? QStringLiteral("suspended") : QStringLiteral("active"))};
    if (d->type != Domain::Type::Replica)
        mods << LdapModification::replace(QStringLiteral("FTPStatus"), suspended ? QStringLiteral("disabled") : QStringLiteral("enabled"));
    Transaction tx(s);
    auto r = tx.modify(s.dit().domain(d->name), mods);
    if (!r.ok())
        return OpError::directory(r.error());
    // The web servers serve a suspension notice instead (a replica: its master's sites stop
    // answering to its names).
    auto web = VhostOps::queueRefresh(tx, d->type == Domain::Type::Replica ? d->replicaMaster : d->name);
    if (!web.ok())
        return web.error();
    tx.commit();
    return info(s, d->name);
}

OpResult<DomainInfo> setLocked(DirectorySession &s, const QString &name, bool locked)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::DomainManage, locked ? QStringLiteral("locking domain %1").arg(name) : QStringLiteral("unlocking domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto d = mustExist(s, name);
    if (!d.ok())
        return d.error();
    QString by = s.bindDn();
    if (auto dn = LdapDn::parse(by); dn && !dn->isEmpty())
        by = dn->rdnValue();
    QList<LdapModification> mods{LdapModification::replace(QStringLiteral("ispmanDomainLocked"), locked ? QStringLiteral("true") : QStringLiteral("false"))};
    mods << (locked ? LdapModification::replace(QStringLiteral("ispmanDomainLockedBy"), by)
                    : LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanDomainLockedBy"), {}});
    auto r = s.modify(s.dit().domain(d->name), mods);
    if (!r.ok())
        return OpError::directory(r.error());
    return info(s, d->name);
}

OpResult<Done> setPassword(DirectorySession &s, const QString &name, const QString &password)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::DomainContent, QStringLiteral("setting the password of domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto d = mustExist(s, name);
    if (!d.ok())
        return d.error();
    auto pw = Validate::password(QStringLiteral("password"), password, d->name);
    if (!pw.ok())
        return invalid(pw);
    auto r = s.passwordModify(s.dit().domain(d->name), std::nullopt, password.toUtf8());
    if (!r.ok())
        return OpError::directory(r.error());
    return Done{};
}

OpResult<Done> setSignature(DirectorySession &s, const QString &name, const QString &text)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::DomainContent, QStringLiteral("changing the signature of domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto v = Validate::multilineText(QStringLiteral("signature"), text, MaxSignatureLength);
    if (!v.ok())
        return invalid(v);
    auto d = mustExist(s, name);
    if (!d.ok())
        return d.error();
    if (d->locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked by %2; unlock it first").arg(d->name, d->lockedBy.isEmpty() ? QStringLiteral("an admin") : d->lockedBy));
    const QList<QByteArray> values = v->isEmpty() ? QList<QByteArray>() : QList<QByteArray>{v->toUtf8()};
    auto r = s.modify(s.dit().domain(d->name), {LdapModification{LdapModification::Op::Replace, QStringLiteral("ispmanDomainSignature"), values}});
    if (!r.ok())
        return OpError::directory(r.error());
    return Done{};
}

OpResult<QString> signature(DirectorySession &s, const QString &name)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::Read, QStringLiteral("reading domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto n = domainName(QStringLiteral("domain"), name);
    if (!n.ok())
        return n.error();
    auto e = s.read(s.dit().domain(*n), {QStringLiteral("ispmanDomainSignature")});
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("domain %1 does not exist").arg(*n));
    return (*e)->text(QStringLiteral("ispmanDomainSignature"));
}

OpResult<Done> remove(DirectorySession &s, const QString &name)
{
    auto allowed = Permissions::requireDomain(s, name, Acl::Right::DomainCreate, QStringLiteral("deleting domain %1").arg(name));
    if (!allowed.ok())
        return allowed.error();
    auto current = info(s, name);
    if (!current.ok())
        return current.error();
    const Domain d = current->domain;
    if (!current->replicas.isEmpty())
        return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain %1 is the master of replica domain(s) %2; delete them first")
                                                               .arg(d.name, current->replicas.join(QStringLiteral(", "))));
    if (d.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked; unlock it first").arg(d.name));
    // Everything below the domain, deepest first; and the work its hosts must do to clean up.
    auto below = s.find(s.dit().domain(d.name), LdapFilter(), {QStringLiteral("*"), QStringLiteral("entryUUID")});
    if (!below.ok())
        return OpError::directory(below.error());
    QList<LdapEntry> entries = *below;
    std::sort(entries.begin(), entries.end(), [](const LdapEntry &a, const LdapEntry &b) { return a.dn().depth() > b.dn().depth(); });

    struct Work
    {
        ProcessRequest request;
        QStringList ownHosts;
        QString group;
    };
    QList<Work> work;
    for (const LdapEntry &e : std::as_const(entries)) {
        const QByteArray uuid = e.value(QStringLiteral("entryUUID"));
        const QString home = e.text(QStringLiteral("homeDirectory"));
        if (e.hasObjectClass(QStringLiteral("ispmanDomainUser"))) {
            if (!e.text(QStringLiteral("mailHost")).isEmpty())
                work << Work{{QStringLiteral("deleteMailbox"), d.name, e.dn(), uuid,
                              {{QStringLiteral("mailbox"), e.text(QStringLiteral("mailLocalAddress"))}, {QStringLiteral("homeDirectory"), home}}, 23},
                             {e.text(QStringLiteral("mailHost"))}, QStringLiteral("mailstoregroup")};
            if (!home.isEmpty())
                work << Work{{QStringLiteral("deleteHomeDirectory"), d.name, e.dn(), uuid, {{QStringLiteral("homeDirectory"), home}}, 20},
                             {e.text(QStringLiteral("fileHost")), d.fileServer}, QStringLiteral("fileservergroup")};
        } else if (e.hasObjectClass(QStringLiteral("ispmanVirtualHost"))) {
            const QString vhost = e.text(QStringLiteral("ispmanVhostName"));
            QStringList webHosts = e.texts(QStringLiteral("webHost"));
            if (webHosts.isEmpty())
                webHosts = d.webHosts;
            work << Work{{QStringLiteral("DeleteVirtualHost"), d.name, e.dn(), uuid,
                          {{QStringLiteral("ispmanVhostName"), vhost}, {QStringLiteral("serverName"), vhost.section(QLatin1Char(':'), 0, 0) + QLatin1Char('.') + d.name}}, 12},
                         webHosts, QStringLiteral("httpgroup")};
            if (!home.isEmpty())
                work << Work{{QStringLiteral("DeleteVirtualHostDirectories"), d.name, e.dn(), uuid, {{QStringLiteral("homeDirectory"), home}}, 21},
                             {e.text(QStringLiteral("fileHost")), d.fileServer}, QStringLiteral("fileservergroup")};
        } else if (e.hasObjectClass(QStringLiteral("ispmanDatabaseData"))) {
            work << Work{{QStringLiteral("DeleteDatabase"), d.name, e.dn(), uuid,
                          {{QStringLiteral("ispmanDBName"), e.text(QStringLiteral("ispmanDBName"))}, {QStringLiteral("ispmanDBUser"), e.text(QStringLiteral("ispmanDBUser"))}}, 31},
                         {e.text(QStringLiteral("ispmanDBHost")), d.dbHost}, QStringLiteral("databasegroup")};
        } else if (e.dn() == s.dit().domain(d.name) && d.type != Domain::Type::Replica && !home.isEmpty()) {
            work << Work{{QStringLiteral("deleteDomainDirectories"), d.name, e.dn(), uuid, {{QStringLiteral("homeDirectory"), home}}, 22},
                         {d.fileServer}, QStringLiteral("fileservergroup")};
        }
    }
    // Resolve every target first: refuse before writing when some work would go to nobody.
    QList<std::pair<ProcessRequest, QStringList>> queued;
    for (const Work &w : std::as_const(work)) {
        QStringList own;
        for (const QString &h : w.ownHosts) {
            if (!h.isEmpty()) {
                own << h;
                break; // the object's own host wins over the domain default
            }
        }
        auto hosts = targetHosts(s, w.ownHosts.size() > 1 ? own : w.ownHosts, w.group);
        if (!hosts.ok())
            return hosts.error();
        queued.append({w.request, *hosts});
    }
    Transaction tx(s);
    for (const auto &[request, hosts] : std::as_const(queued)) {
        auto q = enqueueProcess(tx, request, hosts);
        if (!q.ok())
            return q.error();
    }
    for (const LdapEntry &e : std::as_const(entries)) {
        auto r = tx.remove(e.dn());
        if (!r.ok())
            return OpError::directory(r.error());
    }
    if (d.type == Domain::Type::Primary) {
        auto zone = DnsOps::deleteZone(tx, d.name);
        if (!zone.ok())
            return zone.error();
    }
    auto dnsWork = queueDnsWork(tx, d, QString());
    if (!dnsWork.ok())
        return dnsWork.error();
    if (d.type == Domain::Type::Replica) {
        // Its master's websites stop answering to its names.
        auto web = VhostOps::queueRefresh(tx, d.replicaMaster);
        if (!web.ok())
            return web.error();
    }
    tx.commit();
    return Done{};
}

} // namespace Isp::Core::DomainOps
