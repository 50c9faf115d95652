#include "core/ops/permissions.h"
#include "core/ops/tenantops.h"

#include "core/ops/idallocator.h"
#include "core/ops/transaction.h"
#include "core/validation/contact.h"
#include "core/validation/domainname.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"
#include "core/validation/password.h"
#include "core/validation/text.h"

#include <algorithm>

namespace Isp::Core::TenantOps {

namespace {

const QString kCsn = QStringLiteral("entryCSN");
const QString kStatus = QStringLiteral("ispmanStatus");
const QString kResellerId = QStringLiteral("ispmanResellerId");
const QString kResellerName = QStringLiteral("ispmanResellerName");
const QString kClientId = QStringLiteral("ispmanClientId");
const QString kClientName = QStringLiteral("ispmanClientName");
const QString kDomain = QStringLiteral("ispmanDomain");
const QString kUid = QStringLiteral("uid");
const QString kPassword = QStringLiteral("userPassword");
const QString kNoAttributes = QStringLiteral("1.1");

constexpr qsizetype kNameLength = 128;
constexpr qint64 kDefaultMax = 5;
// Conditional writes that lose against concurrent writers are retried this often before the
// operation gives up with a conflict; each retry means someone else's write succeeded.
constexpr int kMaxAttempts = 50;

template<typename T> OpResult<T> check(Validated<T> v)
{
    if (!v.ok())
        return OpError::invalid(v.error().field, v.error().message);
    return std::move(v).value();
}

OpError notFound(const QString &field, const QString &message)
{
    OpError e = OpError::notFound(message);
    e.field = field;
    return e;
}

OpResult<qint64> checkId(const QString &field, qint64 id)
{
    if (id <= 0)
        return OpError::invalid(
            field, QStringLiteral("%1: %2 is not a valid id: ids are whole numbers from 1").arg(field).arg(id));
    return id;
}

OpResult<QString> name(const QString &value)
{
    return check(Validate::freeText(QStringLiteral("name"), value, kNameLength, Validate::Presence::Required));
}

OpResult<qint64> maximum(const QString &field, const QString &value)
{
    if (value.isEmpty())
        return kDefaultMax;
    return check(Validate::limit(field, value, Validate::Unlimited::Allowed));
}

OpResult<QString> optionalLogin(const QString &value)
{
    if (value.isEmpty())
        return QString();
    return check(Validate::loginName(QStringLiteral("login"), value));
}

// One contact field, validated by its rule; empty stays empty.
OpResult<QString> contactField(const QString &field, const QString &value)
{
    using namespace Validate;
    if (field == QLatin1String("mail")) {
        if (value.trimmed().isEmpty())
            return QString();
        return check(emailAddress(field, value.trimmed(), MailLocalPart::Forward));
    }
    if (field == QLatin1String("phone"))
        return value.trimmed().isEmpty() ? OpResult<QString>(QString()) : check(telephoneNumber(field, value));
    if (field == QLatin1String("country"))
        return value.trimmed().isEmpty() ? OpResult<QString>(QString()) : check(countryCode(field, value.trimmed()));
    const qsizetype max = field == QLatin1String("postal-code") ? 40
        : field == QLatin1String("street")                      ? 256
                                                                : kNameLength;
    const Presence presence
        = field == QLatin1String("cn") || field == QLatin1String("sn") ? Presence::Required : Presence::Optional;
    return check(freeText(field, value, max, presence));
}

struct ContactField
{
    const char *field;
    const char *attribute;
    QString ContactSpec::*spec;
    std::optional<QString> ContactChange::*change;
    QString Contact::*value;
};

const ContactField kContactFields[] = {
    { "cn", "cn", &ContactSpec::cn, &ContactChange::cn, &Contact::cn },
    { "sn", "sn", &ContactSpec::sn, &ContactChange::sn, &Contact::sn },
    { "given-name", "givenName", &ContactSpec::givenName, &ContactChange::givenName, &Contact::givenName },
    { "mail", "mail", &ContactSpec::mail, &ContactChange::mail, &Contact::mail },
    { "phone", "telephoneNumber", &ContactSpec::telephone, &ContactChange::telephone, &Contact::telephone },
    { "street", "street", &ContactSpec::street, &ContactChange::street, &Contact::street },
    { "postal-code", "postalCode", &ContactSpec::postalCode, &ContactChange::postalCode, &Contact::postalCode },
    { "city", "l", &ContactSpec::locality, &ContactChange::locality, &Contact::locality },
    { "country", "c", &ContactSpec::country, &ContactChange::country, &Contact::country },
};

// cn defaults to the display name, sn to cn (inetOrgPerson requires both).
OpResult<Contact> contact(const ContactSpec &spec, const QString &displayName)
{
    ContactSpec filled = spec;
    if (filled.cn.trimmed().isEmpty())
        filled.cn = displayName;
    if (filled.sn.trimmed().isEmpty())
        filled.sn = filled.cn;
    Contact out;
    for (const ContactField &f : kContactFields) {
        auto v = contactField(QLatin1String(f.field), filled.*(f.spec));
        if (!v.ok())
            return v.error();
        out.*(f.value) = *v;
    }
    return out;
}

LdapModification replaceOrRemove(const QString &attribute, const QStringList &values)
{
    QList<QByteArray> bytes;
    for (const QString &v : values)
        bytes << v.toUtf8();
    // Replace with no values removes the attribute, and is no error when it is absent.
    return LdapModification { LdapModification::Op::Replace, attribute, bytes };
}

LdapModification replaceOrRemove(const QString &attribute, const QString &value)
{
    return replaceOrRemove(attribute, value.isEmpty() ? QStringList() : QStringList { value });
}

OpResult<QList<LdapModification>> contactMods(const ContactChange &change)
{
    QList<LdapModification> mods;
    for (const ContactField &f : kContactFields) {
        const std::optional<QString> &v = change.*(f.change);
        if (!v)
            continue;
        auto checked = contactField(QLatin1String(f.field), *v);
        if (!checked.ok())
            return checked.error();
        mods << replaceOrRemove(QLatin1String(f.attribute), *checked);
    }
    return mods;
}

// A managed host name (it must exist under ou=hosts: work for the client's domains goes there).
OpResult<QString> managedHost(DirectorySession &s, const QString &field, const QString &value)
{
    auto n = check(Validate::hostName(field, value));
    if (!n.ok())
        return n.error();
    auto e = s.read(s.dit().host(*n), { kNoAttributes });
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return notFound(
            field, QStringLiteral("%1: host %2 does not exist (add it with `ispman host add` first)").arg(field, *n));
    return *n;
}

OpResult<QString> optionalHost(DirectorySession &s, const QString &field, const QString &value)
{
    if (value.isEmpty())
        return QString();
    return managedHost(s, field, value);
}

OpResult<QStringList> hostList(DirectorySession &s, const QString &field, const QStringList &values)
{
    QStringList out;
    for (const QString &v : values) {
        auto n = managedHost(s, field, v);
        if (!n.ok())
            return n.error();
        if (!out.contains(*n))
            out << *n;
    }
    return out;
}

OpResult<DefaultHosts> defaultHosts(DirectorySession &s, const DefaultHosts &spec)
{
    DefaultHosts h;
    auto mailDrop = optionalHost(s, QStringLiteral("mail-host"), spec.mailDrop);
    if (!mailDrop.ok())
        return mailDrop.error();
    h.mailDrop = *mailDrop;
    auto web = hostList(s, QStringLiteral("web-host"), spec.web);
    if (!web.ok())
        return web.error();
    h.web = *web;
    auto file = optionalHost(s, QStringLiteral("file-server"), spec.fileServer);
    if (!file.ok())
        return file.error();
    h.fileServer = *file;
    auto dns = hostList(s, QStringLiteral("dns-host"), spec.dns);
    if (!dns.ok())
        return dns.error();
    h.dns = *dns;
    auto smtp = hostList(s, QStringLiteral("smtp-host"), spec.smtp);
    if (!smtp.ok())
        return smtp.error();
    h.smtp = *smtp;
    return h;
}

OpResult<QList<LdapModification>> hostMods(DirectorySession &s, const HostsChange &c)
{
    QList<LdapModification> mods;
    auto single = [&](const std::optional<QString> &v, const char *field, const char *attr) -> std::optional<OpError> {
        if (!v)
            return std::nullopt;
        auto n = optionalHost(s, QLatin1String(field), *v);
        if (!n.ok())
            return n.error();
        mods << replaceOrRemove(QLatin1String(attr), *n);
        return std::nullopt;
    };
    auto multi
        = [&](const std::optional<QStringList> &v, const char *field, const char *attr) -> std::optional<OpError> {
        if (!v)
            return std::nullopt;
        auto n = hostList(s, QLatin1String(field), *v);
        if (!n.ok())
            return n.error();
        mods << replaceOrRemove(QLatin1String(attr), *n);
        return std::nullopt;
    };
    for (auto e : { single(c.mailDrop, "mail-host", "ispmanDomainDefaultMailDropHost"),
             multi(c.web, "web-host", "ispmanDomainDefaultWebHost"),
             single(c.fileServer, "file-server", "ispmanDomainDefaultFileServer"), multi(c.dns, "dns-host", "dnsHost"),
             multi(c.smtp, "smtp-host", "smtpHost") }) {
        if (e)
            return *e;
    }
    return mods;
}

// Logins must be unique among resellers and clients (logins are looked up by uid).
OpResult<Done> loginFree(DirectorySession &s, const QString &login, const LdapDn &except)
{
    auto found = s.find(s.dit().tenants(), LdapFilter::equals(kUid, login), { kNoAttributes });
    if (!found.ok())
        return OpError::directory(found.error());
    for (const LdapEntry &e : std::as_const(*found)) {
        if (!(e.dn() == except))
            return OpError::conflict(QStringLiteral("login"),
                QStringLiteral("login: %1 is already used by %2").arg(login, e.dn().toString()));
    }
    return Done {};
}

OpResult<QString> newPassword(const QString &password, const QString &login)
{
    return check(Validate::password(QStringLiteral("password"), password, login));
}

OpResult<Done> setPassword(DirectorySession &s, const LdapDn &dn, const QString &password)
{
    auto r = s.passwordModify(dn, std::nullopt, password.toUtf8());
    if (!r.ok())
        return OpError::directory(r.error());
    return Done {};
}

// The reseller entry with its entryCSN (the version conditional writes compare against).
OpResult<LdapEntry> readResellerEntry(DirectorySession &s, qint64 id, const QString &field = QStringLiteral("reseller"))
{
    auto valid = checkId(field, id);
    if (!valid.ok())
        return valid.error();
    auto e = s.read(s.dit().reseller(id), Reseller::attributes() << kCsn);
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return notFound(field, QStringLiteral("reseller %1 does not exist").arg(id));
    return **e;
}

OpResult<QList<LdapEntry>> clientEntriesOf(DirectorySession &s, const LdapDn &reseller, const QStringList &attributes)
{
    auto found
        = s.find(reseller, LdapFilter::objectClass(QStringLiteral("ispmanClient")), attributes, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    return *found;
}

// Domains (ispmanDomain=<d>,<base>) that carry `attribute`=<id>.
OpResult<QList<LdapEntry>> domainsWith(DirectorySession &s, const QString &attribute, qint64 id)
{
    auto found = s.find(s.dit().base(),
        LdapFilter::allOf({ LdapFilter::objectClass(kDomain), LdapFilter::equals(attribute, QString::number(id)) }),
        { kDomain }, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    return *found;
}

QStringList domainNames(const QList<LdapEntry> &domains)
{
    QStringList out;
    for (const LdapEntry &e : domains)
        out << e.text(kDomain);
    out.sort();
    return out;
}

OpResult<LdapEntry> findClientEntry(DirectorySession &s, qint64 id, const QString &field = QStringLiteral("client"))
{
    auto valid = checkId(field, id);
    if (!valid.ok())
        return valid.error();
    auto found = s.find(s.dit().tenants(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanClient")),
            LdapFilter::equals(kClientId, QString::number(id)) }),
        Client::attributes());
    if (!found.ok())
        return OpError::directory(found.error());
    if (found->isEmpty())
        return notFound(field, QStringLiteral("client %1 does not exist").arg(id));
    if (found->size() > 1)
        return OpError::conflict(field,
            QStringLiteral("client id %1 is used by %2 entries; repair the directory").arg(id).arg(found->size()));
    return found->first();
}

// The final, conditional write of an operation guarded by the reseller's version: `mods` are
// applied only if the entry's entryCSN is still `csn`. False when someone changed it meanwhile.
OpResult<bool> writeIfUnchanged(
    DirectorySession &s, const LdapDn &dn, const QByteArray &csn, const QList<LdapModification> &mods)
{
    LdapWriteOptions o;
    o.assertion = LdapFilter::equals(kCsn, csn);
    auto r = s.modify(dn, mods, o);
    if (r.ok())
        return true;
    if (r.error().code() == LdapCode::AssertionFailed)
        return false;
    return OpError::directory(r.error());
}

OpError tooBusy(const QString &field, const QString &what)
{
    return OpError::conflict(
        field, QStringLiteral("%1 changed %2 times while this operation ran; try again").arg(what).arg(kMaxAttempts));
}

// Places left under a reseller whose entry is `reseller`, or the refusal.
OpResult<Done> roomForClient(DirectorySession &s, const LdapEntry &reseller, const QString &field)
{
    const Reseller r = Reseller::fromEntry(reseller);
    if (r.status != TenantStatus::Active)
        return OpError::notAllowed(
            QStringLiteral("%1: reseller %2 is suspended; it cannot get clients until it is resumed")
                .arg(field)
                .arg(r.id));
    if (r.maxClients < 0)
        return Done {};
    auto clients = clientEntriesOf(s, reseller.dn(), { kNoAttributes });
    if (!clients.ok())
        return clients.error();
    if (clients->size() >= r.maxClients)
        return OpError::limit(
            QStringLiteral("%1: reseller %2 has %3 of at most %4 clients; raise its max clients first")
                .arg(field)
                .arg(r.id)
                .arg(clients->size())
                .arg(r.maxClients));
    return Done {};
}

QList<LdapModification> touchActive()
{
    return { LdapModification::replace(kStatus, tenantStatusName(TenantStatus::Active)) };
}

} // namespace

namespace {

// Resellers themselves are administrators' business; a reseller manages its own clients.
OpResult<Done> mayManage(DirectorySession &s, qint64 resellerId, const QString &what)
{
    Acl::Scope scope;
    scope.resellerId = resellerId;
    return Permissions::require(s, Acl::Right::Tenants, scope, what);
}

// Reading a tenant: one the subject may not see is reported as not existing.
OpResult<Done> maySee(DirectorySession &s, qint64 resellerId, qint64 clientId, const QString &what)
{
    Acl::Scope scope;
    scope.resellerId = resellerId;
    scope.clientId = clientId;
    auto allowed = Permissions::require(s, Acl::Right::Read, scope, QStringLiteral("reading ") + what);
    if (!allowed.ok() && allowed.error().kind == OpError::Kind::NotAllowed)
        return OpError::notFound(QStringLiteral("%1 does not exist").arg(what));
    return allowed;
}

} // namespace

// ---- resellers ------------------------------------------------------------------------------

OpResult<Reseller> addReseller(DirectorySession &s, const ResellerSpec &spec)
{
    auto allowed = mayManage(s, -1, QStringLiteral("adding resellers"));
    if (!allowed.ok())
        return allowed.error();
    Reseller r;
    auto n = name(spec.name);
    if (!n.ok())
        return n.error();
    r.name = *n;
    auto c = contact(spec.contact, r.name);
    if (!c.ok())
        return c.error();
    r.contact = *c;
    auto max = maximum(QStringLiteral("max-clients"), spec.maxClients);
    if (!max.ok())
        return max.error();
    r.maxClients = *max;
    auto login = optionalLogin(spec.login);
    if (!login.ok())
        return login.error();
    r.login = *login;
    if (!spec.password.isEmpty()) {
        if (r.login.isEmpty())
            return OpError::invalid(QStringLiteral("password"),
                QStringLiteral("password: a password needs a login; give the reseller a login too"));
        auto pw = newPassword(spec.password, r.login);
        if (!pw.ok())
            return pw.error();
    }
    if (!r.login.isEmpty()) {
        auto free = loginFree(s, r.login, LdapDn());
        if (!free.ok())
            return free.error();
    }
    auto id = allocateId(s, IdCounter::Reseller);
    if (!id.ok())
        return id.error();
    r.id = *id;
    r.created = QDateTime::currentDateTimeUtc();
    Transaction tx(s);
    auto added = tx.add(r.toEntry(s.dit()));
    if (!added.ok())
        return OpError::directory(added.error());
    if (!spec.password.isEmpty()) {
        auto pw = setPassword(s, s.dit().reseller(r.id), spec.password);
        if (!pw.ok())
            return pw.error(); // the transaction takes the reseller out again
    }
    tx.commit();
    return showReseller(s, r.id);
}

OpResult<QList<Reseller>> listResellers(DirectorySession &s)
{
    auto me = Permissions::subject(s);
    if (!me.ok())
        return me.error();
    LdapFilter filter = LdapFilter::objectClass(QStringLiteral("ispmanReseller"));
    if (me->role == Acl::Role::Reseller) {
        filter = LdapFilter::allOf({filter, LdapFilter::equals(kResellerId, QString::number(me->resellerId))});
    } else {
        auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("listing resellers"));
        if (!allowed.ok())
            return allowed.error();
    }
    auto found = s.find(s.dit().tenants(), filter, Reseller::attributes(), LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    auto clients
        = s.find(s.dit().tenants(), LdapFilter::objectClass(QStringLiteral("ispmanClient")), { kNoAttributes });
    if (!clients.ok())
        return OpError::directory(clients.error());
    QHash<QString, int> counts; // by the parent's normalized DN
    for (const LdapEntry &e : std::as_const(*clients))
        ++counts[e.dn().parent().normalized()];
    QList<Reseller> out;
    for (const LdapEntry &e : std::as_const(*found)) {
        Reseller r = Reseller::fromEntry(e);
        r.clientCount = counts.value(e.dn().normalized());
        out << r;
    }
    std::sort(out.begin(), out.end(), [](const Reseller &a, const Reseller &b) { return a.id < b.id; });
    return out;
}

OpResult<Reseller> showReseller(DirectorySession &s, qint64 id)
{
    auto allowed = maySee(s, id, -1, QStringLiteral("reseller %1").arg(id));
    if (!allowed.ok())
        return allowed.error();
    auto e = readResellerEntry(s, id);
    if (!e.ok())
        return e.error();
    Reseller r = Reseller::fromEntry(*e);
    auto clients = clientEntriesOf(s, e->dn(), Client::attributes());
    if (!clients.ok())
        return clients.error();
    for (const LdapEntry &c : std::as_const(*clients))
        r.clients << Client::fromEntry(c);
    std::sort(r.clients.begin(), r.clients.end(), [](const Client &a, const Client &b) { return a.id < b.id; });
    r.clientCount = int(r.clients.size());
    return r;
}

OpResult<Reseller> editReseller(DirectorySession &s, qint64 id, const ResellerChange &change)
{
    auto allowed = mayManage(s, -1, QStringLiteral("changing resellers"));
    if (!allowed.ok())
        return allowed.error();
    auto current = readResellerEntry(s, id);
    if (!current.ok())
        return current.error();
    const LdapDn dn = current->dn();
    const Reseller before = Reseller::fromEntry(*current);
    QList<LdapModification> mods;
    std::optional<QString> newName;
    if (change.name) {
        auto n = name(*change.name);
        if (!n.ok())
            return n.error();
        if (*n != before.name) {
            newName = *n;
            mods << LdapModification::replace(kResellerName, *n);
        }
    }
    auto cm = contactMods(change.contact);
    if (!cm.ok())
        return cm.error();
    mods << *cm;
    std::optional<qint64> newMax;
    if (change.maxClients) {
        auto max = maximum(QStringLiteral("max-clients"), *change.maxClients);
        if (!max.ok())
            return max.error();
        newMax = *max;
        mods << LdapModification::replace(QStringLiteral("ispmanResellerMaxClients"), QString::number(*max));
    }
    if (change.login) {
        auto login = optionalLogin(*change.login);
        if (!login.ok())
            return login.error();
        if (login->isEmpty()) {
            // Without a login nobody should be able to bind as the reseller any more.
            mods << replaceOrRemove(kUid, QString()) << replaceOrRemove(kPassword, QString());
        } else {
            auto free = loginFree(s, *login, dn);
            if (!free.ok())
                return free.error();
            mods << LdapModification::replace(kUid, *login);
        }
    }
    if (mods.isEmpty())
        return showReseller(s, id);
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto version = readResellerEntry(s, id);
        if (!version.ok())
            return version.error();
        QList<LdapEntry> clients;
        if (newMax || newName) {
            auto c = clientEntriesOf(s, dn, { kNoAttributes });
            if (!c.ok())
                return c.error();
            clients = *c;
        }
        if (newMax && *newMax >= 0 && clients.size() > *newMax)
            return OpError::conflict(QStringLiteral("max-clients"),
                QStringLiteral("max-clients: reseller %1 already has %2 clients; %3 is too low")
                    .arg(id)
                    .arg(clients.size())
                    .arg(*newMax));
        Transaction tx(s);
        auto written = tx.modify(dn, mods, LdapFilter::equals(kCsn, version->value(kCsn)));
        if (!written.ok()) {
            if (written.error().code() == LdapCode::AssertionFailed)
                continue; // changed meanwhile (a client added?): check again
            return OpError::directory(written.error());
        }
        if (newName) {
            // Clients and domains carry a copy of the reseller's name for display.
            QList<LdapEntry> tagged = clients;
            auto domains = domainsWith(s, kResellerId, id);
            if (!domains.ok())
                return domains.error();
            tagged << *domains;
            for (const LdapEntry &e : std::as_const(tagged)) {
                auto r = tx.modify(e.dn(), { LdapModification::replace(kResellerName, *newName) });
                // A client whose add lost against this very write has gone again: nothing to tag.
                if (!r.ok() && r.error().code() != LdapCode::NoSuchObject)
                    return OpError::directory(r.error());
            }
        }
        tx.commit();
        return showReseller(s, id);
    }
    return tooBusy(QStringLiteral("reseller"), QStringLiteral("reseller %1").arg(id));
}

OpResult<Reseller> setResellerStatus(DirectorySession &s, qint64 id, TenantStatus status)
{
    auto allowed = mayManage(s, -1, QStringLiteral("suspending or resuming resellers"));
    if (!allowed.ok())
        return allowed.error();
    auto current = readResellerEntry(s, id);
    if (!current.ok())
        return current.error();
    if (current->text(kStatus) != tenantStatusName(status)) {
        auto r = s.modify(current->dn(), { LdapModification::replace(kStatus, tenantStatusName(status)) });
        if (!r.ok())
            return OpError::directory(r.error());
    }
    return showReseller(s, id);
}

OpResult<Done> removeReseller(DirectorySession &s, qint64 id)
{
    auto allowed = mayManage(s, -1, QStringLiteral("deleting resellers"));
    if (!allowed.ok())
        return allowed.error();
    auto current = readResellerEntry(s, id);
    if (!current.ok())
        return current.error();
    auto clients = clientEntriesOf(s, current->dn(), { kClientId });
    if (!clients.ok())
        return clients.error();
    if (!clients->isEmpty()) {
        QStringList ids;
        for (const LdapEntry &e : std::as_const(*clients))
            ids << e.text(kClientId);
        return OpError::conflict(QStringLiteral("reseller"),
            QStringLiteral("reseller %1 still has %2 client(s) (%3); delete or move them first")
                .arg(id)
                .arg(clients->size())
                .arg(ids.join(QStringLiteral(", "))));
    }
    auto domains = domainsWith(s, kResellerId, id);
    if (!domains.ok())
        return domains.error();
    if (!domains->isEmpty())
        return OpError::conflict(QStringLiteral("reseller"),
            QStringLiteral("reseller %1 still owns %2 domain(s) (%3)")
                .arg(id)
                .arg(domains->size())
                .arg(domainNames(*domains).join(QStringLiteral(", "))));
    auto r = s.remove(current->dn());
    if (!r.ok()) {
        if (r.error().code() == 66) // notAllowedOnNonLeaf: a client was added meanwhile
            return OpError::conflict(
                QStringLiteral("reseller"), QStringLiteral("reseller %1 got a client meanwhile").arg(id));
        return OpError::directory(r.error());
    }
    return Done {};
}

OpResult<Done> setResellerPassword(DirectorySession &s, qint64 id, const QString &password)
{
    auto allowed = mayManage(s, id, QStringLiteral("setting the password of reseller %1").arg(id));
    if (!allowed.ok())
        return allowed.error();
    auto current = readResellerEntry(s, id);
    if (!current.ok())
        return current.error();
    const QString login = current->text(kUid);
    if (login.isEmpty())
        return OpError::conflict(QStringLiteral("login"),
            QStringLiteral("login: reseller %1 has no login; give it one with edit --login first").arg(id));
    auto pw = newPassword(password, login);
    if (!pw.ok())
        return pw.error();
    return setPassword(s, current->dn(), password);
}

// ---- clients --------------------------------------------------------------------------------

OpResult<Client> addClient(DirectorySession &s, const ClientSpec &spec)
{
    auto allowed = mayManage(s, spec.resellerId, QStringLiteral("adding clients to reseller %1").arg(spec.resellerId));
    if (!allowed.ok())
        return allowed.error();
    auto resellerId = checkId(QStringLiteral("reseller"), spec.resellerId);
    if (!resellerId.ok())
        return resellerId.error();
    Client c;
    c.resellerId = spec.resellerId;
    auto n = name(spec.name);
    if (!n.ok())
        return n.error();
    c.name = *n;
    auto person = contact(spec.contact, c.name);
    if (!person.ok())
        return person.error();
    c.contact = *person;
    auto max = maximum(QStringLiteral("max-domains"), spec.maxDomains);
    if (!max.ok())
        return max.error();
    c.maxDomains = *max;
    auto login = optionalLogin(spec.login);
    if (!login.ok())
        return login.error();
    c.login = *login;
    if (!spec.password.isEmpty()) {
        if (c.login.isEmpty())
            return OpError::invalid(QStringLiteral("password"),
                QStringLiteral("password: a password needs a login; give the client a login too"));
        auto pw = newPassword(spec.password, c.login);
        if (!pw.ok())
            return pw.error();
    }
    auto hosts = defaultHosts(s, spec.hosts);
    if (!hosts.ok())
        return hosts.error();
    c.hosts = *hosts;
    if (!c.login.isEmpty()) {
        auto free = loginFree(s, c.login, LdapDn());
        if (!free.ok())
            return free.error();
    }
    // Count, add, then a conditional write to the reseller: if the reseller changed in between
    // (another client added, suspended, limit lowered), take the client out and count again.
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto reseller = readResellerEntry(s, c.resellerId);
        if (!reseller.ok())
            return reseller.error();
        auto room = roomForClient(s, *reseller, QStringLiteral("reseller"));
        if (!room.ok())
            return room.error();
        if (c.id == 0) {
            auto id = allocateId(s, IdCounter::Client);
            if (!id.ok())
                return id.error();
            c.id = *id;
            c.created = QDateTime::currentDateTimeUtc();
        }
        c.resellerName = reseller->text(kResellerName);
        Transaction tx(s);
        auto added = tx.add(c.toEntry(s.dit()));
        if (!added.ok())
            return OpError::directory(added.error());
        auto won = writeIfUnchanged(s, reseller->dn(), reseller->value(kCsn), touchActive());
        if (!won.ok())
            return won.error();
        if (!*won)
            continue; // the transaction takes the client out; count again
        if (!spec.password.isEmpty()) {
            auto pw = setPassword(s, s.dit().client(c.resellerId, c.id), spec.password);
            if (!pw.ok())
                return pw.error();
        }
        tx.commit();
        return showClient(s, c.id);
    }
    return tooBusy(QStringLiteral("reseller"), QStringLiteral("reseller %1").arg(c.resellerId));
}

OpResult<QList<Client>> listClients(DirectorySession &s, std::optional<qint64> resellerId)
{
    auto me = Permissions::subject(s);
    if (!me.ok())
        return me.error();
    if (me->role == Acl::Role::Reseller || me->role == Acl::Role::Client) {
        // Tenants see their own clients (a client: itself), whatever they asked for.
        if (resellerId && *resellerId != me->resellerId)
            return OpError::notFound(QStringLiteral("reseller: reseller %1 does not exist").arg(*resellerId));
        resellerId = me->resellerId;
    } else {
        auto allowed = Permissions::require(s, Acl::Right::Read, {}, QStringLiteral("listing clients"));
        if (!allowed.ok())
            return allowed.error();
    }
    QList<LdapEntry> entries;
    if (me->role == Acl::Role::Client) {
        auto self = findClientEntry(s, me->clientId);
        if (!self.ok())
            return self.error();
        entries << *self;
    } else if (resellerId) {
        auto reseller = readResellerEntry(s, *resellerId);
        if (!reseller.ok())
            return reseller.error();
        auto found = clientEntriesOf(s, reseller->dn(), Client::attributes());
        if (!found.ok())
            return found.error();
        entries = *found;
    } else {
        auto found
            = s.find(s.dit().tenants(), LdapFilter::objectClass(QStringLiteral("ispmanClient")), Client::attributes());
        if (!found.ok())
            return OpError::directory(found.error());
        entries = *found;
    }
    QList<Client> out;
    for (const LdapEntry &e : std::as_const(entries)) {
        Client c = Client::fromEntry(e);
        if (me->role != Acl::Role::Client || c.id == me->clientId)
            out << c;
    }
    std::sort(out.begin(), out.end(), [](const Client &a, const Client &b) { return a.id < b.id; });
    return out;
}

OpResult<Client> showClient(DirectorySession &s, qint64 id)
{
    auto e = findClientEntry(s, id);
    if (!e.ok())
        return e.error();
    auto allowed = maySee(s, e->text(kResellerId).toLongLong(), id, QStringLiteral("client %1").arg(id));
    if (!allowed.ok())
        return allowed.error();
    Client c = Client::fromEntry(*e);
    auto domains = domainsWith(s, kClientId, id);
    if (!domains.ok())
        return domains.error();
    c.domains = domainNames(*domains);
    return c;
}

OpResult<Client> editClient(DirectorySession &s, qint64 id, const ClientChange &change)
{
    auto current = findClientEntry(s, id);
    if (!current.ok())
        return current.error();
    auto allowed = mayManage(s, current->text(kResellerId).toLongLong(), QStringLiteral("changing client %1").arg(id));
    if (!allowed.ok())
        return allowed.error();
    const LdapDn dn = current->dn();
    const Client before = Client::fromEntry(*current);
    QList<LdapModification> mods;
    std::optional<QString> newName;
    if (change.name) {
        auto n = name(*change.name);
        if (!n.ok())
            return n.error();
        if (*n != before.name) {
            newName = *n;
            mods << LdapModification::replace(kClientName, *n);
        }
    }
    auto cm = contactMods(change.contact);
    if (!cm.ok())
        return cm.error();
    mods << *cm;
    std::optional<qint64> newMax;
    if (change.maxDomains) {
        auto max = maximum(QStringLiteral("max-domains"), *change.maxDomains);
        if (!max.ok())
            return max.error();
        newMax = *max;
        mods << LdapModification::replace(QStringLiteral("ispmanClientMaxDomains"), QString::number(*max));
    }
    auto hm = hostMods(s, change.hosts);
    if (!hm.ok())
        return hm.error();
    mods << *hm;
    if (change.login) {
        auto login = optionalLogin(*change.login);
        if (!login.ok())
            return login.error();
        if (login->isEmpty()) {
            mods << replaceOrRemove(kUid, QString()) << replaceOrRemove(kPassword, QString());
        } else {
            auto free = loginFree(s, *login, dn);
            if (!free.ok())
                return free.error();
            mods << LdapModification::replace(kUid, *login);
        }
    }
    if (mods.isEmpty())
        return showClient(s, id);
    auto domains = domainsWith(s, kClientId, id);
    if (!domains.ok())
        return domains.error();
    if (newMax && *newMax >= 0 && domains->size() > *newMax)
        return OpError::conflict(QStringLiteral("max-domains"),
            QStringLiteral("max-domains: client %1 already has %2 domains; %3 is too low")
                .arg(id)
                .arg(domains->size())
                .arg(*newMax));
    Transaction tx(s);
    auto written = tx.modify(dn, mods);
    if (!written.ok())
        return OpError::directory(written.error());
    if (newName) {
        for (const LdapEntry &e : std::as_const(*domains)) {
            auto r = tx.modify(e.dn(), { LdapModification::replace(kClientName, *newName) });
            if (!r.ok())
                return OpError::directory(r.error());
        }
    }
    tx.commit();
    return showClient(s, id);
}

OpResult<Client> moveClient(DirectorySession &s, qint64 id, qint64 newResellerId)
{
    auto current = findClientEntry(s, id);
    if (!current.ok())
        return current.error();
    auto allowed = mayManage(s, -1, QStringLiteral("moving clients between resellers"));
    if (!allowed.ok())
        return allowed.error();
    auto target = checkId(QStringLiteral("to"), newResellerId);
    if (!target.ok())
        return target.error();
    const LdapDn oldDn = current->dn();
    const LdapDn oldParent = oldDn.parent();
    const LdapDn newParent = s.dit().reseller(newResellerId);
    if (oldParent == newParent)
        return showClient(s, id);
    auto domains = domainsWith(s, kClientId, id);
    if (!domains.ok())
        return domains.error();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto reseller = readResellerEntry(s, newResellerId, QStringLiteral("to"));
        if (!reseller.ok())
            return reseller.error();
        auto room = roomForClient(s, *reseller, QStringLiteral("to"));
        if (!room.ok())
            return room.error();
        auto moved = s.rename(oldDn, oldDn.rdn(), newParent);
        if (!moved.ok())
            return OpError::directory(moved.error());
        const LdapDn newDn = *moved;
        // Undoes the move: attribute changes first (they are on the moved entry), then the rename.
        Transaction tx(s);
        auto undo = [&]() -> QStringList {
            QStringList problems = tx.rollback();
            auto back = s.rename(newDn, newDn.rdn(), oldParent);
            if (!back.ok())
                problems << back.error().toString();
            return problems;
        };
        const QList<LdapModification> retag { LdapModification::replace(kResellerId, QString::number(newResellerId)),
            replaceOrRemove(kResellerName, reseller->text(kResellerName)) };
        std::optional<OpError> failed;
        auto r = tx.modify(newDn, retag);
        if (!r.ok())
            failed = OpError::directory(r.error());
        for (qsizetype i = 0; !failed && i < domains->size(); ++i) {
            auto d = tx.modify(domains->at(i).dn(), retag);
            if (!d.ok())
                failed = OpError::directory(d.error());
        }
        bool won = false;
        if (!failed) {
            auto w = writeIfUnchanged(s, reseller->dn(), reseller->value(kCsn), touchActive());
            if (!w.ok())
                failed = w.error();
            else
                won = *w;
        }
        if (won) {
            tx.commit();
            return showClient(s, id);
        }
        const QStringList problems = undo();
        if (failed) {
            OpError e = *failed;
            if (!problems.isEmpty())
                e.message
                    += QStringLiteral(" (and undoing the move failed: %1)").arg(problems.join(QStringLiteral("; ")));
            return e;
        }
        if (!problems.isEmpty())
            return OpError::directory(
                LdapError::fromCode(LdapCode::LocalError, QStringLiteral("move client %1").arg(id),
                    QStringLiteral("undoing the move failed: %1").arg(problems.join(QStringLiteral("; ")))));
    }
    return tooBusy(QStringLiteral("to"), QStringLiteral("reseller %1").arg(newResellerId));
}

OpResult<Client> setClientStatus(DirectorySession &s, qint64 id, TenantStatus status)
{
    auto current = findClientEntry(s, id);
    if (!current.ok())
        return current.error();
    auto allowed = mayManage(s, current->text(kResellerId).toLongLong(), QStringLiteral("suspending or resuming client %1").arg(id));
    if (!allowed.ok())
        return allowed.error();
    if (current->text(kStatus) != tenantStatusName(status)) {
        auto r = s.modify(current->dn(), { LdapModification::replace(kStatus, tenantStatusName(status)) });
        if (!r.ok())
            return OpError::directory(r.error());
    }
    return showClient(s, id);
}

OpResult<Done> removeClient(DirectorySession &s, qint64 id)
{
    auto current = findClientEntry(s, id);
    if (!current.ok())
        return current.error();
    auto allowed = mayManage(s, current->text(kResellerId).toLongLong(), QStringLiteral("deleting client %1").arg(id));
    if (!allowed.ok())
        return allowed.error();
    auto domains = domainsWith(s, kClientId, id);
    if (!domains.ok())
        return domains.error();
    if (!domains->isEmpty())
        return OpError::conflict(QStringLiteral("client"),
            QStringLiteral("client %1 still owns %2 domain(s) (%3); delete or re-assign them first")
                .arg(id)
                .arg(domains->size())
                .arg(domainNames(*domains).join(QStringLiteral(", "))));
    auto r = s.remove(current->dn());
    if (!r.ok())
        return OpError::directory(r.error());
    return Done {};
}

OpResult<Done> setClientPassword(DirectorySession &s, qint64 id, const QString &password)
{
    auto current = findClientEntry(s, id);
    if (!current.ok())
        return current.error();
    auto me = Permissions::subject(s);
    if (!me.ok())
        return me.error();
    if (!(me->role == Acl::Role::Client && me->clientId == id)) { // a client may change its own
        auto allowed = mayManage(s, current->text(kResellerId).toLongLong(), QStringLiteral("setting the password of client %1").arg(id));
        if (!allowed.ok())
            return allowed.error();
    }
    const QString login = current->text(kUid);
    if (login.isEmpty())
        return OpError::conflict(QStringLiteral("login"),
            QStringLiteral("login: client %1 has no login; give it one with edit --login first").arg(id));
    auto pw = newPassword(password, login);
    if (!pw.ok())
        return pw.error();
    return setPassword(s, current->dn(), password);
}

} // namespace Isp::Core::TenantOps
