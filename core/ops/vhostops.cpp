#include "core/ops/vhostops.h"

#include "core/ops/permissions.h"
#include "core/ops/confops.h"
#include "core/ops/dnsops.h"
#include "core/ops/idallocator.h"
#include "core/ops/placement.h"
#include "core/ops/processqueue.h"
#include "core/ops/transaction.h"
#include "core/ops/userops.h"
#include "core/ops/vhostdns.h"
#include "core/validation/apacheextraconf.h"
#include "core/validation/apacheoptions.h"
#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"
#include "core/validation/password.h"
#include "core/validation/relativepath.h"
#include "core/validation/url.h"
#include "core/validation/vhostname.h"

#include <QDateTime>

#include <algorithm>

namespace Isp::Core::VhostOps {

namespace {

constexpr int MaxAttempts = 50;
constexpr int ModifyPriority = 12;

using UserOps::AddressClaim;
using UserOps::DomainState;

template<typename T>
OpError invalid(const Validated<T> &v)
{
    return OpError::invalid(v.error().field, v.error().message);
}

OpError directory(const LdapError &e)
{
    return OpError::directory(e);
}

struct Found
{
    Vhost vhost;
    LdapEntry entry;
    QByteArray uuid;
    DomainState domain;
};

// A domain that may have websites and may be changed now.
OpResult<DomainState> writableDomain(DirectorySession &s, const QString &name)
{
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), name);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (d.type == Domain::Type::Replica)
        return OpError::notAllowed(QStringLiteral("domain: %1 is a replica of %2; its websites are %2's (their names follow to %1)")
                                       .arg(d.name, d.replicaMaster));
    if (d.locked)
        return OpError::notAllowed(QStringLiteral("domain %1 is locked by %2; unlock it first")
                                       .arg(d.name, d.lockedBy.isEmpty() ? QStringLiteral("an admin") : d.lockedBy));
    return state;
}

OpResult<QList<LdapEntry>> children(DirectorySession &s, const LdapDn &branch, const QString &objectClass)
{
    auto found = s.find(branch, LdapFilter::objectClass(objectClass), {}, LdapScope::OneLevel);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<LdapEntry>();
        return directory(found.error());
    }
    return *found;
}

OpResult<Found> mustExist(DirectorySession &s, const QString &domain, const QString &name, bool writable = true)
{
    auto state = writable ? writableDomain(s, domain) : UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    const QString d = state->domain.name;
    auto n = Validate::vhostName(QStringLiteral("name"), name, d);
    if (!n.ok())
        return invalid(n);
    const LdapDn dn = s.dit().vhost(d, n->toString());
    auto e = s.read(dn, {QStringLiteral("*"), QStringLiteral("entryUUID")});
    if (!e.ok())
        return directory(e.error());
    if (!e->has_value() || !(*e)->hasObjectClass(QStringLiteral("ispmanVirtualHost")))
        return OpError::notFound(QStringLiteral("website %1.%2 does not exist").arg(n->toString(), d));
    Found f{Vhost::fromEntry(**e), **e, (*e)->value(QStringLiteral("entryUUID")), *state};
    if (f.vhost.domain.isEmpty())
        f.vhost.domain = d;
    QList<LdapEntry> below;
    for (const auto &[branch, objectClass] :
         {std::pair{Vhost::aliasesBranch(s.dit(), d, f.vhost.name), QStringLiteral("ispmanVirtualHostAlias")},
          std::pair{Vhost::redirectsBranch(s.dit(), d, f.vhost.name), QStringLiteral("ispmanVirtualHostRedirection")},
          std::pair{Vhost::protectionsBranch(s.dit(), d, f.vhost.name), QStringLiteral("ispmanVirtualHostAcl")}}) {
        auto found = children(s, branch, objectClass);
        if (!found.ok())
            return found.error();
        below += *found;
    }
    f.vhost.addSubEntries(below);
    return f;
}

// --- Server names ---------------------------------------------------------------------------

// The entries that answer to `fqdn`: aliases (foreign ones stored fully qualified, local ones
// relative to their domain) and, when `vhosts`, websites "<name>[:port]" of a hosted domain.
LdapFilter nameHolderFilter(const QString &fqdn, bool vhosts)
{
    const QString alias = QStringLiteral("ispmanVhostServerAlias");
    QList<LdapFilter> any{LdapFilter::equals(alias, fqdn)}; // foreign aliases, stored fully qualified
    const QStringList labels = fqdn.split(QLatin1Char('.'));
    for (qsizetype i = 1; i + 2 <= labels.size(); ++i) {
        const QString relative = labels.mid(0, i).join(QLatin1Char('.'));
        const QString domain = labels.mid(i).join(QLatin1Char('.'));
        QList<LdapFilter> holders{LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostAlias")), LdapFilter::equals(alias, relative)}),
                                  LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost")), LdapFilter::equals(alias, relative)})};
        if (vhosts) {
            holders << LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost")),
                                          LdapFilter::anyOf({LdapFilter::equals(QStringLiteral("ispmanVhostName"), relative),
                                                             LdapFilter::startsWith(QStringLiteral("ispmanVhostName"), relative + QLatin1Char(':'))})});
        }
        any << LdapFilter::allOf({LdapFilter::equals(QStringLiteral("ispmanDomain"), domain), LdapFilter::anyOf(holders)});
    }
    return LdapFilter::anyOf(any);
}

// The entry that already answers to `fqdn` (a vhost's "<name>.<domain>" when `vhosts`, or any
// alias), if any.
OpResult<std::optional<LdapDn>> nameHolder(DirectorySession &s, const QString &fqdn, bool vhosts)
{
    auto found = s.find(s.dit().base(), nameHolderFilter(fqdn, vhosts), {QStringLiteral("1.1")});
    if (!found.ok())
        return directory(found.error());
    if (found->isEmpty())
        return std::optional<LdapDn>();
    return std::optional<LdapDn>(found->first().dn());
}

// Two websites of different domains may take the same foreign name ("www.elsewhere.test", in no
// hosted domain) at the same moment: no domain entry guards both (nameClaims()). So after the
// writes, the alias entries holding the name are read again; of several, the one written first
// (lowest entryCSN; alias entries are never modified) keeps it and the others roll back.
OpResult<bool> firstToHoldAlias(DirectorySession &s, const QString &fqdn, const LdapDn &ours)
{
    auto found = s.find(s.dit().base(),
                        LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostAlias")), nameHolderFilter(fqdn, false)}),
                        {QStringLiteral("entryCSN")});
    if (!found.ok())
        return directory(found.error());
    QString mine;
    for (const LdapEntry &e : std::as_const(*found)) {
        if (e.dn() == ours)
            mine = e.text(QStringLiteral("entryCSN"));
    }
    return std::none_of(found->cbegin(), found->cend(), [&](const LdapEntry &e) {
        return e.dn() != ours && e.text(QStringLiteral("entryCSN")) < mine;
    });
}

// The domains whose state guards the name `fqdn`: the owner's, and the hosted domain the name
// lies in when that is another one.
OpResult<QList<AddressClaim>> nameClaims(DirectorySession &s, const QString &fqdn, const DomainState &owner)
{
    QList<AddressClaim> claims{AddressClaim{fqdn, owner.domain.name, owner.csn, owner.status}};
    const QStringList labels = fqdn.split(QLatin1Char('.'));
    for (qsizetype i = 1; i + 2 <= labels.size(); ++i) {
        const QString domain = labels.mid(i).join(QLatin1Char('.'));
        if (domain == owner.domain.name)
            break;
        auto state = UserOps::readDomain(s, QStringLiteral("alias"), domain);
        if (state.ok()) {
            claims << AddressClaim{fqdn, state->domain.name, state->csn, state->status};
            break;
        }
        if (state.error().kind != OpError::Kind::NotFound)
            return state.error();
    }
    return claims;
}

OpResult<QString> checkAlias(DirectorySession &s, const QString &alias, const Vhost &v)
{
    auto a = Validate::vhostAlias(QStringLiteral("alias"), alias, v.domain);
    if (!a.ok())
        return invalid(a);
    const QString fqdn = v.aliasServerName(*a);
    if (fqdn == v.serverName())
        return OpError::invalid(QStringLiteral("alias"), QStringLiteral("alias: %1 is the website's own name").arg(fqdn));
    if (v.aliases.contains(*a, Qt::CaseInsensitive))
        return OpError::conflict(QStringLiteral("alias"), QStringLiteral("alias: %1 is already an alias of %2").arg(*a, v.serverName()));
    auto holder = nameHolder(s, fqdn, true);
    if (!holder.ok())
        return holder.error();
    if (*holder)
        return OpError::conflict(QStringLiteral("alias"), QStringLiteral("alias: %1 is already served by %2").arg(fqdn, (*holder)->toString()));
    return *a;
}

// --- Hosts, DNS, processes ------------------------------------------------------------------

OpResult<QStringList> webTargets(DirectorySession &s, const QStringList &webHosts, const Domain &d)
{
    return targetHosts(s, !webHosts.isEmpty() ? webHosts : d.webHosts, QStringLiteral("httpgroup"));
}

OpResult<QStringList> fileTargets(DirectorySession &s, const QString &fileHost, const Domain &d)
{
    const QString own = !fileHost.isEmpty() ? fileHost : d.fileServer;
    return targetHosts(s, own.isEmpty() ? QStringList() : QStringList{own}, QStringLiteral("fileservergroup"));
}

struct DnsPlan
{
    bool active = false; // a primary domain whose zone exists
    QString zone;
    QStringList dnsHosts;
};

OpResult<DnsPlan> dnsPlan(DirectorySession &s, const Domain &d)
{
    DnsPlan p;
    if (d.type != Domain::Type::Primary)
        return p;
    auto exists = VhostDns::zoneExists(s, d.name);
    if (!exists.ok())
        return exists.error();
    p.active = *exists;
    p.zone = d.name;
    p.dnsHosts = d.dnsHosts;
    return p;
}

// The A/AAAA records of the website's name: its own address, else each web host's ispmanHostIp
// (hosts without one add none).
OpResult<QList<VhostDns::ImpliedRecord>> addressRecords(DirectorySession &s, const Vhost &v)
{
    QStringList ips;
    if (v.ipAddress != QLatin1String("*")) {
        ips << v.ipAddress;
    } else {
        for (const QString &h : v.webHosts) {
            auto host = s.read(s.dit().host(h), {QStringLiteral("ispmanHostIp")});
            if (!host.ok())
                return directory(host.error());
            const QString ip = host->has_value() ? (*host)->text(QStringLiteral("ispmanHostIp")) : QString();
            if (!ip.isEmpty() && !ips.contains(ip))
                ips << ip;
        }
    }
    QList<VhostDns::ImpliedRecord> out;
    for (const QString &ip : std::as_const(ips)) {
        const DnsRecordType type = ip.contains(QLatin1Char(':')) ? DnsRecordType::Aaaa : DnsRecordType::A;
        auto value = DnsOps::recordValue(QStringLiteral("ip"), type, ip, v.domain);
        if (!value.ok())
            return OpError::invalid(QStringLiteral("ip"), value.error().message);
        out << VhostDns::ImpliedRecord{v.hostName(), type, *value};
    }
    return out;
}

VhostDns::ImpliedRecord aliasRecord(const Vhost &v, const QString &alias)
{
    return {alias, DnsRecordType::Cname, v.serverName() + QLatin1Char('.')};
}

OpResult<Done> enqueueFor(Transaction &tx, const QString &process, const Found &f, const QStringList &hosts,
                          const QList<std::pair<QString, QString>> &params = {}, int priority = ModifyPriority)
{
    if (hosts.isEmpty())
        return Done{};
    auto q = enqueueProcess(tx, {process, f.vhost.domain, f.entry.dn(), f.uuid, params, priority}, hosts);
    if (!q.ok())
        return q.error();
    return Done{};
}

QList<std::pair<QString, QString>> deleteParams(const Vhost &v)
{
    return {{QStringLiteral("ispmanVhostName"), v.name}, {QStringLiteral("serverName"), v.serverName()}};
}

// ModifyVirtualHost for every web host of the website, written within `tx`.
OpResult<Done> queueModify(Transaction &tx, const Found &f)
{
    auto hosts = webTargets(tx.session(), f.vhost.webHosts, f.domain.domain);
    if (!hosts.ok())
        return hosts.error();
    return enqueueFor(tx, QStringLiteral("ModifyVirtualHost"), f, *hosts);
}

OpResult<Done> ensureBranch(Transaction &tx, const LdapDn &dn)
{
    auto e = tx.session().read(dn, {QStringLiteral("1.1")});
    if (!e.ok())
        return directory(e.error());
    if (e->has_value())
        return Done{};
    LdapEntry branch(dn);
    branch.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanBranch")});
    branch.setText(QStringLiteral("ou"), dn.rdnValue());
    auto r = tx.add(branch);
    if (!r.ok() && r.error().code() != LdapCode::AlreadyExists)
        return directory(r.error());
    return Done{};
}

// --- Input ------------------------------------------------------------------------------------

OpResult<QStringList> options(const QString &field, const QString &value, const QString &fallback)
{
    auto v = Validate::apacheOptions(field, value.trimmed().isEmpty() ? fallback : value);
    if (!v.ok())
        return invalid(v);
    return *v;
}

OpResult<QString> ipAddress(const QString &value)
{
    const QString t = value.trimmed();
    if (t == QLatin1String("*"))
        return t;
    auto ip = Validate::ipAddress(QStringLiteral("ip"), value);
    if (!ip.ok())
        return OpError::invalid(QStringLiteral("ip"), ip.error().message + QStringLiteral(" (or * for every address)"));
    return *ip;
}

OpResult<QStringList> features(const QStringList &values)
{
    QStringList out;
    for (const QString &f : values) {
        const QString v = f.trimmed().toLower();
        if (!knownFeatures().contains(v))
            return OpError::invalid(QStringLiteral("feature"), QStringLiteral("feature: \"%1\" is not a website feature (%2)")
                                                                   .arg(f.left(40), knownFeatures().join(QStringLiteral(", "))));
        if (!out.contains(v))
            out << v;
    }
    return out;
}

OpResult<QString> relative(const QString &field, const QString &value)
{
    auto v = Validate::relativePath(field, value);
    if (!v.ok())
        return invalid(v);
    return *v;
}

OpResult<int> ftpQuota(DirectorySession &s, const QString &value)
{
    QString text = value;
    if (text.isEmpty()) {
        auto c = ConfOps::value(s, QStringLiteral("defaultVhostFtpQuota"), QStringLiteral("10"));
        if (!c.ok())
            return c.error();
        text = *c;
    }
    auto q = Validate::quotaMegabytes(QStringLiteral("ftp-quota"), text, Validate::Unlimited::Rejected);
    if (!q.ok())
        return invalid(q);
    return int(*q);
}

// A directory from the configuration (apacheLogsDirectory ...), relative to the vhost's home.
OpResult<QString> confDirectory(DirectorySession &s, const QString &var, const QString &fallback)
{
    auto c = ConfOps::value(s, var, fallback);
    if (!c.ok())
        return c.error();
    auto v = Validate::relativePath(var, *c);
    if (!v.ok())
        return OpError::invalid(var, v.error().message + QStringLiteral(" (fix it in the configuration)"));
    return *v;
}

QString homeName(const QString &vhostName)
{
    QString n = vhostName;
    return n.replace(QLatin1Char(':'), QLatin1Char('_'));
}

OpResult<int> countVhosts(DirectorySession &s, const QString &domain)
{
    LdapSearchRequest r;
    r.base = s.dit().vhosts(domain);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost"));
    r.attributes = QStringList{QStringLiteral("1.1")};
    r.pageSize = 1000;
    r.discardEntries = true;
    auto res = s.search(r);
    if (!res.ok()) {
        if (res.error().code() == LdapCode::NoSuchObject) // no ou=httpdata yet: no websites
            return 0;
        return directory(res.error()); // not 0: that would let the limit pass
    }
    return int(res->entryCount);
}

OpResult<Vhost> addOnce(DirectorySession &s, const VhostSpec &spec, int attempt)
{
    auto state = writableDomain(s, spec.domain);
    if (!state.ok())
        return state.error();
    const Domain &d = state->domain;
    if (d.suspended)
        return OpError::notAllowed(QStringLiteral("domain %1 is suspended; resume it first").arg(d.name));

    Vhost v;
    v.domain = d.name;
    auto name = Validate::vhostName(QStringLiteral("name"), spec.name, d.name);
    if (!name.ok())
        return invalid(name);
    v.name = name->toString();
    v.uid = v.hostName() + QLatin1Char('.') + d.name + (name->port ? QLatin1Char(':') + QString::number(name->port) : QString());
    if (!spec.documentRoot.isEmpty()) {
        auto r = relative(QStringLiteral("document-root"), spec.documentRoot);
        if (!r.ok())
            return r.error();
        v.documentRoot = *r;
    }
    if (!spec.scriptDir.isEmpty()) {
        auto r = relative(QStringLiteral("script-dir"), spec.scriptDir);
        if (!r.ok())
            return r.error();
        v.scriptDir = *r;
    }
    auto docOptions = options(QStringLiteral("document-root-options"), spec.documentRootOptions, QStringLiteral("FollowSymLinks MultiViews"));
    if (!docOptions.ok())
        return docOptions.error();
    v.documentRootOptions = *docOptions;
    auto cgiOptions = options(QStringLiteral("script-dir-options"), spec.scriptDirOptions, QStringLiteral("ExecCGI FollowSymLinks"));
    if (!cgiOptions.ok())
        return cgiOptions.error();
    v.scriptDirOptions = *cgiOptions;
    QString ipText = spec.ipAddress;
    if (ipText.isEmpty()) {
        auto c = ConfOps::value(s, QStringLiteral("apacheVhostsIP"), QStringLiteral("*"));
        if (!c.ok())
            return c.error();
        ipText = *c;
    }
    auto ip = ipAddress(ipText);
    if (!ip.ok())
        return ip.error();
    v.ipAddress = *ip;
    auto extra = Validate::apacheExtraConfig(QStringLiteral("extra-config"), spec.extraConfig);
    if (!extra.ok())
        return invalid(extra);
    v.extraConfig = *extra;
    auto feats = features(spec.features.isEmpty() ? QStringList{QStringLiteral("suexec")} : spec.features);
    if (!feats.ok())
        return feats.error();
    v.features = *feats;
    if (!spec.password.isEmpty()) {
        auto pw = Validate::password(QStringLiteral("password"), spec.password, v.uid);
        if (!pw.ok())
            return invalid(pw);
    }
    auto quota = ftpQuota(s, spec.ftpQuota);
    if (!quota.ok())
        return quota.error();
    v.ftpQuotaMBytes = *quota;
    v.ftpEnabled = spec.ftpEnabled;
    QStringList aliases;
    for (const QString &a : spec.aliases) {
        auto checked = checkAlias(s, a, v);
        if (!checked.ok())
            return checked.error();
        if (aliases.contains(*checked))
            return OpError::invalid(QStringLiteral("alias"), QStringLiteral("alias: %1 is given twice").arg(*checked));
        aliases << *checked;
        v.aliases << *checked;
    }

    // Free: the entry, the FTP login, the server name (aliases of other websites).
    const LdapDn dn = s.dit().vhost(d.name, v.name);
    auto existing = s.read(dn, {QStringLiteral("1.1")});
    if (!existing.ok())
        return directory(existing.error());
    if (existing->has_value())
        return OpError::conflict(QStringLiteral("name"), QStringLiteral("name: the website %1 already exists in %2").arg(v.name, d.name));
    auto taken = s.find(s.dit().base(), LdapFilter::equals(QStringLiteral("uid"), v.uid), {QStringLiteral("1.1")});
    if (!taken.ok())
        return directory(taken.error());
    if (!taken->isEmpty())
        return OpError::conflict(QStringLiteral("name"), QStringLiteral("name: the login %1 is taken (%2)").arg(v.uid, taken->first().dn().toString()));
    auto holder = nameHolder(s, v.serverName(), false);
    if (!holder.ok())
        return holder.error();
    if (*holder)
        return OpError::conflict(QStringLiteral("name"), QStringLiteral("name: %1 is already an alias of another website (%2)").arg(v.serverName(), (*holder)->toString()));
    if (d.maxVhosts >= 0) {
        auto count = countVhosts(s, d.name);
        if (!count.ok())
            return count.error();
        if (*count >= d.maxVhosts)
            return OpError::limit(QStringLiteral("domain: %1 already has its maximum of %2 websites").arg(d.name).arg(d.maxVhosts));
    }

    // Where it lives.
    if (!spec.webHosts.isEmpty()) {
        for (const QString &h : spec.webHosts) {
            auto placed = placeObject(s, PlacementRole::Website, QStringLiteral("web-host"), h, {});
            if (!placed.ok())
                return placed.error();
            if (!v.webHosts.contains(*placed))
                v.webHosts << *placed;
        }
    } else if (!d.webHosts.isEmpty()) {
        v.webHosts = d.webHosts;
    } else {
        auto placed = placeObject(s, PlacementRole::Website, QStringLiteral("web-host"), {}, {});
        if (!placed.ok())
            return placed.error();
        v.webHosts << *placed;
    }
    auto fileHost = placeObject(s, PlacementRole::Home, QStringLiteral("file-host"), spec.fileHost, d.fileServer);
    if (!fileHost.ok())
        return fileHost.error();
    v.fileHost = *fileHost;
    if (d.homeDirectory.isEmpty())
        return OpError::notAllowed(QStringLiteral("domain: %1 has no home directory to hold its websites'").arg(d.name));
    v.homeDirectory = d.homeDirectory + QStringLiteral("/vhosts/") + homeName(v.name);
    auto shell = ConfOps::value(s, QStringLiteral("vhostShell"), QStringLiteral("/bin/false"));
    if (!shell.ok())
        return shell.error();
    v.loginShell = *shell;
    auto logs = confDirectory(s, QStringLiteral("apacheLogsDirectory"), QStringLiteral("logs"));
    if (!logs.ok())
        return logs.error();
    v.logDir = *logs;
    auto stats = confDirectory(s, QStringLiteral("apacheStatDirectory"), QStringLiteral("stats"));
    if (!stats.ok())
        return stats.error();
    v.statDir = *stats;
    v.stats = v.features.contains(QStringLiteral("statdir"));
    v.gidNumber = d.gidNumber;

    // Who does the work, and which DNS records it implies, known before anything is written.
    auto web = webTargets(s, v.webHosts, d);
    if (!web.ok())
        return web.error();
    auto files = fileTargets(s, v.fileHost, d);
    if (!files.ok())
        return files.error();
    auto dns = dnsPlan(s, d);
    if (!dns.ok())
        return dns.error();
    QList<VhostDns::ImpliedRecord> implied;
    if (dns->active) {
        auto a = addressRecords(s, v);
        if (!a.ok())
            return a.error();
        implied = *a;
        for (const QString &alias : std::as_const(aliases)) {
            if (!alias.contains(QLatin1Char('.')))
                implied << aliasRecord(v, alias);
        }
        auto ok = VhostDns::check(s, QStringLiteral("name"), dns->zone, implied, {});
        if (!ok.ok())
            return ok.error();
    }
    QList<AddressClaim> claims{AddressClaim{v.serverName(), d.name, state->csn, state->status}};
    for (const QString &alias : std::as_const(aliases)) {
        auto c = nameClaims(s, v.aliasServerName(alias), *state);
        if (!c.ok())
            return c.error();
        claims += *c;
    }
    auto id = allocateId(s, IdCounter::Uid);
    if (!id.ok())
        return id.error();
    v.uidNumber = *id;
    v.created = QDateTime::currentSecsSinceEpoch();

    Transaction tx(s);
    LdapEntry entry = v.toEntry(s.dit());
    if (!spec.password.isEmpty())
        entry.setValue(QStringLiteral("userPassword"), spec.password.toUtf8()); // hashed by the server (ppolicy)
    auto added = tx.add(entry);
    if (!added.ok()) {
        if (added.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("name"), QStringLiteral("name: the website %1 already exists in %2").arg(v.name, d.name));
        if (added.error().code() == LdapCode::NoSuchObject) {
            auto branch = ensureBranch(tx, s.dit().vhosts(d.name));
            if (!branch.ok())
                return branch.error();
            added = tx.add(entry);
        }
        if (!added.ok())
            return directory(added.error());
    }
    const QByteArray uuid = added->postRead ? added->postRead->value(QStringLiteral("entryUUID")) : QByteArray();
    Found f{v, entry, uuid, *state};
    // Its branches (docs/directory.md), there from the start as in ISPMan 1.x.
    for (const LdapDn &b : {Vhost::aliasesBranch(s.dit(), d.name, v.name), Vhost::redirectsBranch(s.dit(), d.name, v.name),
                            Vhost::protectionsBranch(s.dit(), d.name, v.name)}) {
        auto branch = ensureBranch(tx, b);
        if (!branch.ok())
            return branch.error();
    }
    for (const QString &alias : std::as_const(aliases)) {
        auto a = tx.add(v.aliasEntry(s.dit(), alias));
        if (!a.ok())
            return directory(a.error());
    }
    if (dns->active && !implied.isEmpty()) {
        auto changed = VhostDns::claim(tx, QStringLiteral("name"), dns->zone, implied, QString::fromUtf8(uuid));
        if (!changed.ok())
            return changed.error();
        if (*changed) {
            auto done = VhostDns::finish(tx, dns->zone, dns->dnsHosts);
            if (!done.ok())
                return done.error();
        }
    }
    auto dirs = enqueueFor(tx, QStringLiteral("AddVirtualHostDirectories"), f, *files, {}, 11);
    if (!dirs.ok())
        return dirs.error();
    auto conf = enqueueFor(tx, QStringLiteral("AddVirtualHost"), f, *web, {}, 12);
    if (!conf.ok())
        return conf.error();
    // Race-free limit and name uniqueness: see the header.
    auto won = UserOps::confirmClaims(tx, claims);
    if (!won.ok())
        return won.error();
    for (const QString &alias : std::as_const(aliases)) {
        if (!*won || !alias.contains(QLatin1Char('.')))
            continue;
        auto first = firstToHoldAlias(s, alias, Vhost::aliasDn(s.dit(), d.name, v.name, alias));
        if (!first.ok())
            return first.error();
        won = *first;
    }
    if (!*won) {
        tx.rollback();
        if (attempt >= MaxAttempts)
            return OpError::conflict(QStringLiteral("domain"), QStringLiteral("domain: too many concurrent changes to %1; try again").arg(d.name));
        return addOnce(s, spec, attempt + 1);
    }
    tx.commit();
    return show(s, d.name, v.name);
}

// Runs `change` (writes within a Transaction, then ModifyVirtualHost) and returns the website
// as it is afterwards.
template<typename Change>
OpResult<Vhost> modifyVhost(DirectorySession &s, const QString &domain, const QString &name, Change &&change)
{
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    Transaction tx(s);
    auto r = change(tx, *f);
    if (!r.ok())
        return r.error();
    auto q = queueModify(tx, *f);
    if (!q.ok())
        return q.error();
    tx.commit();
    return show(s, f->vhost.domain, f->vhost.name);
}

OpResult<bool> userExists(DirectorySession &s, const QString &domain, const QString &userId, bool webUsers, bool mailUsers)
{
    QList<LdapFilter> any;
    if (webUsers)
        any << LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostUser"));
    if (mailUsers)
        any << LdapFilter::objectClass(QStringLiteral("ispmanDomainUser"));
    auto found = s.find(s.dit().domain(domain),
                        LdapFilter::allOf({LdapFilter::anyOf(any), LdapFilter::equals(QStringLiteral("ispmanUserId"), userId)}),
                        {QStringLiteral("1.1")});
    if (!found.ok())
        return directory(found.error());
    return !found->isEmpty();
}

OpResult<QString> webUserId(const QString &value)
{
    auto id = Validate::mailboxLocalPart(QStringLiteral("user"), value);
    if (!id.ok())
        return invalid(id);
    return *id;
}

} // namespace

const QStringList &knownFeatures()
{
    static const QStringList f{QStringLiteral("suexec"), QStringLiteral("statdir"), QStringLiteral("userdirs")};
    return f;
}

OpResult<Done> queueRefresh(Transaction &tx, const QString &domain)
{
    DirectorySession &s = tx.session();
    auto d = UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!d.ok())
        return d.error();
    LdapSearchRequest r;
    r.base = s.dit().vhosts(d->domain.name);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost"));
    r.attributes = {QStringLiteral("*"), QStringLiteral("entryUUID")};
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return Done{};
        return OpError::directory(found.error());
    }
    for (const LdapEntry &e : std::as_const(found->entries)) {
        const Vhost v = Vhost::fromEntry(e);
        auto hosts = webTargets(s, v.webHosts, d->domain);
        if (!hosts.ok())
            return hosts.error();
        auto q = enqueueProcess(tx, {QStringLiteral("ModifyVirtualHost"), d->domain.name, e.dn(), e.value(QStringLiteral("entryUUID")), {}, ModifyPriority}, *hosts);
        if (!q.ok())
            return q.error();
    }
    return Done{};
}

OpResult<Vhost> add(DirectorySession &s, const VhostSpec &spec)
{
    if (auto allowed = Permissions::requireDomain(s, spec.domain, Acl::Right::DomainContent, QStringLiteral("adding websites to %1").arg(spec.domain)); !allowed.ok())
        return allowed.error();
    return addOnce(s, spec, 0);
}

OpResult<Vhost> show(DirectorySession &s, const QString &domain, const QString &name)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("reading the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name, false);
    if (!f.ok())
        return f.error();
    return f->vhost;
}

OpResult<QList<Vhost>> list(DirectorySession &s, const QString &domain)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("listing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    LdapSearchRequest r;
    r.base = s.dit().vhosts(state->domain.name);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost"));
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<Vhost>();
        return directory(found.error());
    }
    QList<Vhost> out;
    for (const LdapEntry &e : std::as_const(found->entries)) {
        Vhost v = Vhost::fromEntry(e);
        if (v.domain.isEmpty())
            v.domain = state->domain.name;
        out << v;
    }
    std::sort(out.begin(), out.end(), [](const Vhost &a, const Vhost &b) { return a.name < b.name; });
    return out;
}

OpResult<Vhost> edit(DirectorySession &s, const QString &domain, const QString &name, const VhostChange &c)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    const Vhost &v = f->vhost;
    const Domain &d = f->domain.domain;
    // A suspended site has no FTP login (setSuspended); resuming gives it back.
    if (c.ftpEnabled && *c.ftpEnabled && v.suspended)
        return OpError::notAllowed(QStringLiteral("ftp: website %1 is suspended; resume it first (resuming enables FTP)").arg(v.serverName()));
    Vhost next = v;
    QList<LdapModification> mods;
    for (const auto &[value, field, attr, target] :
         {std::tuple{c.documentRoot, QStringLiteral("document-root"), QStringLiteral("ispmanVhostDocumentRoot"), &next.documentRoot},
          std::tuple{c.scriptDir, QStringLiteral("script-dir"), QStringLiteral("ispmanVhostScriptDir"), &next.scriptDir}}) {
        if (!value)
            continue;
        auto r = relative(field, *value);
        if (!r.ok())
            return r.error();
        *target = *r;
        mods << LdapModification::replace(attr, *r);
    }
    for (const auto &[value, field, attr] :
         {std::tuple{c.documentRootOptions, QStringLiteral("document-root-options"), QStringLiteral("ispmanVhostDocumentRootOption")},
          std::tuple{c.scriptDirOptions, QStringLiteral("script-dir-options"), QStringLiteral("ispmanVhostScriptDirOption")}}) {
        if (!value)
            continue;
        auto o = options(field, *value, {});
        if (!o.ok())
            return o.error();
        QList<QByteArray> values;
        for (const QString &w : *o)
            values << w.toUtf8();
        mods << LdapModification::replace(attr, values);
    }
    if (c.ipAddress) {
        auto ip = ipAddress(*c.ipAddress);
        if (!ip.ok())
            return ip.error();
        next.ipAddress = *ip;
        mods << LdapModification::replace(QStringLiteral("ispmanVhostIpAddress"), *ip);
    }
    if (c.extraConfig) {
        auto extra = Validate::apacheExtraConfig(QStringLiteral("extra-config"), *c.extraConfig);
        if (!extra.ok())
            return invalid(extra);
        next.extraConfig = *extra;
        mods << (extra->isEmpty() ? LdapModification::remove(QStringLiteral("ispmanVhostExtraConf"))
                                  : LdapModification::replace(QStringLiteral("ispmanVhostExtraConf"), extra->join(QLatin1Char('\n'))));
        if (extra->isEmpty() && !f->entry.hasAttribute(QStringLiteral("ispmanVhostExtraConf")))
            mods.removeLast();
    }
    if (c.features) {
        auto fs = features(*c.features);
        if (!fs.ok())
            return fs.error();
        QList<QByteArray> values;
        for (const QString &w : *fs)
            values << w.toUtf8();
        mods << LdapModification::replace(QStringLiteral("ispmanVhostFeature"), values);
        // As add() does: the statdir feature is what turns the statistics on.
        mods << LdapModification::replace(QStringLiteral("ispmanVhostStats"),
                                          fs->contains(QStringLiteral("statdir")) ? QStringLiteral("enable") : QStringLiteral("disable"));
    }
    if (c.ftpQuota) {
        auto q = Validate::quotaMegabytes(QStringLiteral("ftp-quota"), *c.ftpQuota, Validate::Unlimited::Rejected);
        if (!q.ok())
            return invalid(q);
        mods << LdapModification::replace(QStringLiteral("FTPQuotaMBytes"), QString::number(*q));
    }
    if (c.ftpEnabled)
        mods << LdapModification::replace(QStringLiteral("FTPStatus"), *c.ftpEnabled ? QStringLiteral("enabled") : QStringLiteral("disabled"));
    if (c.webHosts) {
        if (c.webHosts->isEmpty())
            return OpError::invalid(QStringLiteral("web-host"), QStringLiteral("web-host: a website needs at least one web host"));
        QStringList hosts;
        for (const QString &h : *c.webHosts) {
            auto placed = placeObject(s, PlacementRole::Website, QStringLiteral("web-host"), h, {});
            if (!placed.ok())
                return placed.error();
            if (!hosts.contains(*placed))
                hosts << *placed;
        }
        next.webHosts = hosts;
        mods << LdapModification::replace(QStringLiteral("webHost"), [&] {
            QList<QByteArray> values;
            for (const QString &h : std::as_const(hosts))
                values << h.toUtf8();
            return values;
        }());
    }
    if (mods.isEmpty())
        return v;

    // The hosts before and after; new ones create the site, old ones drop it.
    auto before = webTargets(s, v.webHosts, d);
    if (!before.ok())
        return before.error();
    auto after = webTargets(s, next.webHosts, d);
    if (!after.ok())
        return after.error();
    QStringList added, removed, kept;
    for (const QString &h : std::as_const(*after))
        (before->contains(h, Qt::CaseInsensitive) ? kept : added) << h;
    for (const QString &h : std::as_const(*before)) {
        if (!after->contains(h, Qt::CaseInsensitive))
            removed << h;
    }
    // The address records follow the hosts and the IP address.
    auto dns = dnsPlan(s, d);
    if (!dns.ok())
        return dns.error();
    QList<VhostDns::ImpliedRecord> implied;
    const bool addressChanged = dns->active && (c.webHosts || c.ipAddress);
    if (addressChanged) {
        auto a = addressRecords(s, next);
        if (!a.ok())
            return a.error();
        implied = *a;
        auto ok = VhostDns::check(s, QStringLiteral("ip"), dns->zone, implied, QString::fromUtf8(f->uuid));
        if (!ok.ok())
            return ok.error();
    }
    Transaction tx(s);
    auto r = tx.modify(f->entry.dn(), mods);
    if (!r.ok())
        return directory(r.error());
    if (addressChanged) {
        const QString owner = QString::fromUtf8(f->uuid);
        auto released = VhostDns::release(tx, dns->zone, owner, QStringList{v.hostName()});
        if (!released.ok())
            return released.error();
        auto claimed = VhostDns::claim(tx, QStringLiteral("ip"), dns->zone, implied, owner);
        if (!claimed.ok())
            return claimed.error();
        if (*released || *claimed) {
            auto done = VhostDns::finish(tx, dns->zone, dns->dnsHosts);
            if (!done.ok())
                return done.error();
        }
    }
    for (const auto &[process, hosts, params] :
         {std::tuple{QStringLiteral("ModifyVirtualHost"), kept, QList<std::pair<QString, QString>>()},
          std::tuple{QStringLiteral("AddVirtualHost"), added, QList<std::pair<QString, QString>>()},
          std::tuple{QStringLiteral("DeleteVirtualHost"), removed, deleteParams(v)}}) {
        auto q = enqueueFor(tx, process, *f, hosts, params);
        if (!q.ok())
            return q.error();
    }
    tx.commit();
    return show(s, d.name, v.name);
}

OpResult<Done> setPassword(DirectorySession &s, const QString &domain, const QString &name, const QString &password)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    auto pw = Validate::password(QStringLiteral("password"), password, f->vhost.uid);
    if (!pw.ok())
        return invalid(pw);
    auto r = s.passwordModify(f->entry.dn(), std::nullopt, password.toUtf8());
    if (!r.ok())
        return directory(r.error());
    return Done{};
}

OpResult<Vhost> setSuspended(DirectorySession &s, const QString &domain, const QString &name, bool suspended)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("suspending or resuming the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    return modifyVhost(s, domain, name, [&](Transaction &tx, const Found &f) -> OpResult<Done> {
        auto r = tx.modify(f.entry.dn(), {LdapModification::replace(QStringLiteral("ispmanStatus"), suspended ? QStringLiteral("suspended") : QStringLiteral("active")),
                                          LdapModification::replace(QStringLiteral("FTPStatus"), suspended ? QStringLiteral("disabled") : QStringLiteral("enabled"))});
        if (!r.ok())
            return directory(r.error());
        return Done{};
    });
}

OpResult<Done> remove(DirectorySession &s, const QString &domain, const QString &name)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("deleting the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    const Vhost &v = f->vhost;
    const Domain &d = f->domain.domain;
    auto web = webTargets(s, v.webHosts, d);
    if (!web.ok())
        return web.error();
    QStringList files;
    if (!v.homeDirectory.isEmpty()) {
        auto t = fileTargets(s, v.fileHost, d);
        if (!t.ok())
            return t.error();
        files = *t;
    }
    auto dns = dnsPlan(s, d);
    if (!dns.ok())
        return dns.error();
    auto below = s.find(f->entry.dn(), LdapFilter(), {QStringLiteral("1.1")}, LdapScope::Subtree);
    if (!below.ok())
        return directory(below.error());
    QList<LdapDn> dns_;
    for (const LdapEntry &e : std::as_const(*below))
        dns_ << e.dn();
    std::sort(dns_.begin(), dns_.end(), [](const LdapDn &a, const LdapDn &b) { return a.depth() > b.depth(); });

    Transaction tx(s);
    auto del = enqueueFor(tx, QStringLiteral("DeleteVirtualHost"), *f, *web, deleteParams(v), 12);
    if (!del.ok())
        return del.error();
    auto dirs = enqueueFor(tx, QStringLiteral("DeleteVirtualHostDirectories"), *f, files, {{QStringLiteral("homeDirectory"), v.homeDirectory}}, 21);
    if (!dirs.ok())
        return dirs.error();
    if (dns->active) {
        auto released = VhostDns::release(tx, dns->zone, QString::fromUtf8(f->uuid));
        if (!released.ok())
            return released.error();
        if (*released) {
            auto done = VhostDns::finish(tx, dns->zone, dns->dnsHosts);
            if (!done.ok())
                return done.error();
        }
    }
    for (const LdapDn &dn : std::as_const(dns_)) {
        auto r = tx.remove(dn);
        if (!r.ok())
            return directory(r.error());
    }
    tx.commit();
    return Done{};
}

OpResult<Vhost> addAlias(DirectorySession &s, const QString &domain, const QString &name, const QString &alias)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    for (int attempt = 0; attempt <= MaxAttempts; ++attempt) {
        auto f = mustExist(s, domain, name);
        if (!f.ok())
            return f.error();
        const Vhost &v = f->vhost;
        auto a = checkAlias(s, alias, v);
        if (!a.ok())
            return a.error();
        auto claims = nameClaims(s, v.aliasServerName(*a), f->domain);
        if (!claims.ok())
            return claims.error();
        auto dns = dnsPlan(s, f->domain.domain);
        if (!dns.ok())
            return dns.error();
        const bool local = !a->contains(QLatin1Char('.'));
        const QList<VhostDns::ImpliedRecord> implied{aliasRecord(v, *a)};
        if (dns->active && local) {
            auto ok = VhostDns::check(s, QStringLiteral("alias"), dns->zone, implied, QString::fromUtf8(f->uuid));
            if (!ok.ok())
                return ok.error();
        }
        auto web = webTargets(s, v.webHosts, f->domain.domain);
        if (!web.ok())
            return web.error();
        Transaction tx(s);
        auto branch = ensureBranch(tx, Vhost::aliasesBranch(s.dit(), v.domain, v.name));
        if (!branch.ok())
            return branch.error();
        auto added = tx.add(v.aliasEntry(s.dit(), *a));
        if (!added.ok()) {
            if (added.error().code() == LdapCode::AlreadyExists) // the same alias, added meanwhile
                return OpError::conflict(QStringLiteral("alias"), QStringLiteral("alias: %1 is already an alias of %2").arg(*a, v.serverName()));
            return directory(added.error());
        }
        if (dns->active && local) {
            auto changed = VhostDns::claim(tx, QStringLiteral("alias"), dns->zone, implied, QString::fromUtf8(f->uuid));
            if (!changed.ok())
                return changed.error();
            if (*changed) {
                auto done = VhostDns::finish(tx, dns->zone, dns->dnsHosts);
                if (!done.ok())
                    return done.error();
            }
        }
        auto q = enqueueFor(tx, QStringLiteral("ModifyVirtualHost"), *f, *web);
        if (!q.ok())
            return q.error();
        auto won = UserOps::confirmClaims(tx, *claims);
        if (!won.ok())
            return won.error();
        if (*won && !local) {
            auto first = firstToHoldAlias(s, *a, Vhost::aliasDn(s.dit(), v.domain, v.name, *a));
            if (!first.ok())
                return first.error();
            won = *first;
        }
        if (!*won) {
            tx.rollback();
            continue;
        }
        tx.commit();
        return show(s, v.domain, v.name);
    }
    return OpError::conflict(QStringLiteral("alias"), QStringLiteral("alias: too many concurrent changes; try again"));
}

OpResult<Vhost> removeAlias(DirectorySession &s, const QString &domain, const QString &name, const QString &alias)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto f = mustExist(s, domain, name);
    if (!f.ok())
        return f.error();
    const Vhost &v = f->vhost;
    // As add stored it (lower case, A-labels); a value that does not validate may still be an
    // alias of imported data, so it is looked for as typed.
    auto normal = Validate::vhostAlias(QStringLiteral("alias"), alias, v.domain);
    const QString wanted = normal.ok() ? *normal : alias;
    const auto it = std::find_if(v.aliases.cbegin(), v.aliases.cend(), [&](const QString &a) { return a.compare(wanted, Qt::CaseInsensitive) == 0; });
    if (it == v.aliases.cend()) {
        if (!normal.ok())
            return invalid(normal);
        return OpError::notFound(QStringLiteral("alias: %1 is not an alias of %2").arg(wanted, v.serverName()));
    }
    const QString value = *it;
    auto dns = dnsPlan(s, f->domain.domain);
    if (!dns.ok())
        return dns.error();
    auto web = webTargets(s, v.webHosts, f->domain.domain);
    if (!web.ok())
        return web.error();
    Transaction tx(s);
    if (f->entry.texts(QStringLiteral("ispmanVhostServerAlias")).contains(value)) {
        auto r = tx.modify(f->entry.dn(), {LdapModification::remove(QStringLiteral("ispmanVhostServerAlias"), {value.toUtf8()})});
        if (!r.ok())
            return directory(r.error());
    } else {
        auto r = tx.remove(Vhost::aliasDn(s.dit(), v.domain, v.name, value));
        if (!r.ok())
            return directory(r.error());
    }
    if (dns->active && !value.contains(QLatin1Char('.'))) {
        auto released = VhostDns::release(tx, dns->zone, QString::fromUtf8(f->uuid), QStringList{value});
        if (!released.ok())
            return released.error();
        if (*released) {
            auto done = VhostDns::finish(tx, dns->zone, dns->dnsHosts);
            if (!done.ok())
                return done.error();
        }
    }
    auto q = enqueueFor(tx, QStringLiteral("ModifyVirtualHost"), *f, *web);
    if (!q.ok())
        return q.error();
    tx.commit();
    return show(s, v.domain, v.name);
}

OpResult<Vhost> addRedirect(DirectorySession &s, const QString &domain, const QString &name, const QString &path, const QString &target)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto p = Validate::urlPath(QStringLiteral("path"), path);
    if (!p.ok())
        return invalid(p);
    auto t = Validate::httpUrl(QStringLiteral("target"), target);
    if (!t.ok())
        return invalid(t);
    return modifyVhost(s, domain, name, [&](Transaction &tx, const Found &f) -> OpResult<Done> {
        for (const VhostRedirect &r : f.vhost.redirects) {
            if (r.path == *p)
                return OpError::conflict(QStringLiteral("path"), QStringLiteral("path: %1 is already redirected (to %2)").arg(*p, r.target));
        }
        auto branch = ensureBranch(tx, Vhost::redirectsBranch(tx.session().dit(), f.vhost.domain, f.vhost.name));
        if (!branch.ok())
            return branch.error();
        auto r = tx.add(f.vhost.redirectEntry(tx.session().dit(), {*p, *t}));
        if (!r.ok())
            return directory(r.error());
        return Done{};
    });
}

OpResult<Vhost> removeRedirect(DirectorySession &s, const QString &domain, const QString &name, const QString &path)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto p = Validate::urlPath(QStringLiteral("path"), path);
    if (!p.ok())
        return invalid(p);
    return modifyVhost(s, domain, name, [&](Transaction &tx, const Found &f) -> OpResult<Done> {
        if (std::none_of(f.vhost.redirects.begin(), f.vhost.redirects.end(), [&](const VhostRedirect &r) { return r.path == *p; }))
            return OpError::notFound(QStringLiteral("path: %1 is not redirected on %2").arg(*p, f.vhost.serverName()));
        auto r = tx.remove(Vhost::redirectDn(tx.session().dit(), f.vhost.domain, f.vhost.name, *p));
        if (!r.ok())
            return directory(r.error());
        return Done{};
    });
}

OpResult<Vhost> addProtection(DirectorySession &s, const QString &domain, const QString &name, const QString &location,
                              const QStringList &users)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto loc = Validate::urlPath(QStringLiteral("location"), location);
    if (!loc.ok())
        return invalid(loc);
    if (users.isEmpty())
        return OpError::invalid(QStringLiteral("user"), QStringLiteral("user: a protected location needs at least one allowed user"));
    QStringList ids;
    for (const QString &u : users) {
        auto id = webUserId(u);
        if (!id.ok())
            return id.error();
        if (!ids.contains(*id))
            ids << *id;
    }
    return modifyVhost(s, domain, name, [&](Transaction &tx, const Found &f) -> OpResult<Done> {
        for (const QString &id : std::as_const(ids)) {
            auto exists = userExists(tx.session(), f.vhost.domain, id, true, true);
            if (!exists.ok())
                return exists.error();
            if (!*exists)
                return OpError::notFound(QStringLiteral("user: %1 is neither a web user nor a mail user of %2 (ispman webuser add)").arg(id, f.vhost.domain));
        }
        for (const VhostProtection &p : f.vhost.protections) {
            if (p.location == *loc)
                return OpError::conflict(QStringLiteral("location"), QStringLiteral("location: %1 is already protected").arg(*loc));
        }
        auto branch = ensureBranch(tx, Vhost::protectionsBranch(tx.session().dit(), f.vhost.domain, f.vhost.name));
        if (!branch.ok())
            return branch.error();
        auto r = tx.add(f.vhost.protectionEntry(tx.session().dit(), {*loc, ids}));
        if (!r.ok())
            return directory(r.error());
        return Done{};
    });
}

OpResult<Vhost> removeProtection(DirectorySession &s, const QString &domain, const QString &name, const QString &location)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the websites of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto loc = Validate::urlPath(QStringLiteral("location"), location);
    if (!loc.ok())
        return invalid(loc);
    return modifyVhost(s, domain, name, [&](Transaction &tx, const Found &f) -> OpResult<Done> {
        if (std::none_of(f.vhost.protections.begin(), f.vhost.protections.end(), [&](const VhostProtection &p) { return p.location == *loc; }))
            return OpError::notFound(QStringLiteral("location: %1 is not protected on %2").arg(*loc, f.vhost.serverName()));
        auto r = tx.remove(Vhost::protectionDn(tx.session().dit(), f.vhost.domain, f.vhost.name, *loc));
        if (!r.ok())
            return directory(r.error());
        return Done{};
    });
}

// --- Web users ---------------------------------------------------------------------------------

OpResult<WebUser> addWebUser(DirectorySession &s, const QString &domain, const QString &userId, const QString &password)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("adding web users to %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto state = writableDomain(s, domain);
    if (!state.ok())
        return state.error();
    const QString d = state->domain.name;
    auto id = webUserId(userId);
    if (!id.ok())
        return id.error();
    auto pw = Validate::password(QStringLiteral("password"), password, *id);
    if (!pw.ok())
        return invalid(pw);
    auto taken = userExists(s, d, *id, true, true);
    if (!taken.ok())
        return taken.error();
    if (*taken)
        return OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 is already a web user or a mail user of %2").arg(*id, d));
    const WebUser u{d, *id};
    Transaction tx(s);
    auto branch = ensureBranch(tx, s.dit().webUsers(d));
    if (!branch.ok())
        return branch.error();
    // Cleartext in the add: slapd's ppolicy overlay hashes it before it is stored.
    auto r = tx.add(u.toEntry(s.dit(), password.toUtf8()));
    if (!r.ok()) {
        if (r.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(QStringLiteral("user"), QStringLiteral("user: %1 is already a web user of %2").arg(*id, d));
        return directory(r.error());
    }
    tx.commit();
    return u;
}

OpResult<QList<WebUser>> listWebUsers(DirectorySession &s, const QString &domain)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::Read, QStringLiteral("listing the web users of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    auto state = UserOps::readDomain(s, QStringLiteral("domain"), domain);
    if (!state.ok())
        return state.error();
    LdapSearchRequest r;
    r.base = s.dit().webUsers(state->domain.name);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostUser"));
    r.attributes = {QStringLiteral("ispmanDomain"), QStringLiteral("ispmanUserId")};
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<WebUser>();
        return directory(found.error());
    }
    QList<WebUser> out;
    for (const LdapEntry &e : std::as_const(found->entries))
        out << WebUser::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const WebUser &a, const WebUser &b) { return a.userId < b.userId; });
    return out;
}

namespace {

OpResult<LdapDn> webUserMustExist(DirectorySession &s, const QString &domain, const QString &userId, QString *id, QString *domainName)
{
    auto state = writableDomain(s, domain);
    if (!state.ok())
        return state.error();
    auto checked = webUserId(userId);
    if (!checked.ok())
        return checked.error();
    const LdapDn dn = WebUser::dn(s.dit(), state->domain.name, *checked);
    auto e = s.read(dn, {QStringLiteral("1.1")});
    if (!e.ok())
        return directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("user: %1 is not a web user of %2").arg(*checked, state->domain.name));
    *id = *checked;
    *domainName = state->domain.name;
    return dn;
}

} // namespace

OpResult<Done> setWebUserPassword(DirectorySession &s, const QString &domain, const QString &userId, const QString &password)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("changing the web users of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    QString id, d;
    auto dn = webUserMustExist(s, domain, userId, &id, &d);
    if (!dn.ok())
        return dn.error();
    auto pw = Validate::password(QStringLiteral("password"), password, id);
    if (!pw.ok())
        return invalid(pw);
    auto r = s.passwordModify(*dn, std::nullopt, password.toUtf8());
    if (!r.ok())
        return directory(r.error());
    return Done{};
}

OpResult<Done> removeWebUser(DirectorySession &s, const QString &domain, const QString &userId)
{
    if (auto allowed = Permissions::requireDomain(s, domain, Acl::Right::DomainContent, QStringLiteral("deleting the web users of %1").arg(domain)); !allowed.ok())
        return allowed.error();
    QString id, d;
    auto dn = webUserMustExist(s, domain, userId, &id, &d);
    if (!dn.ok())
        return dn.error();
    // A mail user of the same name cannot exist (add refuses it), so every allow entry naming
    // `id` means this web user.
    auto acls = s.find(s.dit().vhosts(d),
                       LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostAcl")),
                                          LdapFilter::equals(QStringLiteral("ispmanVhostAclAllowUser"), id)}),
                       {QStringLiteral("ispmanVhostAclAllowUser"), QStringLiteral("ispmanVhostAclLocation"), QStringLiteral("ispmanVhostName")});
    if (!acls.ok() && acls.error().code() != LdapCode::NoSuchObject)
        return directory(acls.error());
    const QList<LdapEntry> entries = acls.ok() ? *acls : QList<LdapEntry>();
    QStringList vhostNames;
    for (const LdapEntry &a : entries) {
        if (a.texts(QStringLiteral("ispmanVhostAclAllowUser")).size() <= 1)
            return OpError::notAllowed(QStringLiteral("user: %1 is the only user allowed into %2 of website %3; remove that protection first")
                                           .arg(id, a.text(QStringLiteral("ispmanVhostAclLocation")), a.text(QStringLiteral("ispmanVhostName"))));
        // The vhost is the entry two levels up (…,ou=httpAcls,ispmanVhostName=…).
        const QString vhost = a.dn().parent().parent().rdnValue();
        if (!vhostNames.contains(vhost))
            vhostNames << vhost;
    }
    QList<Found> affected;
    for (const QString &v : std::as_const(vhostNames)) {
        auto f = mustExist(s, d, v);
        if (!f.ok())
            return f.error();
        affected << *f;
    }
    Transaction tx(s);
    for (const LdapEntry &a : entries) {
        auto r = tx.modify(a.dn(), {LdapModification::remove(QStringLiteral("ispmanVhostAclAllowUser"), {id.toUtf8()})});
        if (!r.ok())
            return directory(r.error());
    }
    auto r = tx.remove(*dn);
    if (!r.ok())
        return directory(r.error());
    for (const Found &f : std::as_const(affected)) {
        auto q = queueModify(tx, f);
        if (!q.ok())
            return q.error();
    }
    tx.commit();
    return Done{};
}

} // namespace Isp::Core::VhostOps
