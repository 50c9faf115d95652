// Websites: the domain's websites with their usage against its limit; adding and deleting one;
// a website's aliases, redirects and password-protected locations; suspending and resuming it.
// The domain's web (htaccess) users, who are allowed into protected locations, are in
// webusers.cpp; shared helpers in websitesupport.h.
// Pages read the panel's cache; every change is a VhostOps call run as the domain owner.
//
// Addresses: a website by its name ("www", "www:8080": ':' is fine in a path segment), an alias
// by itself (a host name), a web user by its id; redirects and protected locations by the
// base64url form of their path, which holds '/'.
#include "core/model/domain.h"
#include "core/model/mailuser.h"
#include "core/model/vhost.h"
#include "core/ops/vhostops.h"
#include "customer-web/controllers/controllers.h"
#include "customer-web/controllers/websitesupport.h"

#include <QRegularExpression>
#include <QUrl>

#include <optional>
#include <utility>

namespace Isp::Panel {

using namespace Isp::Core;

namespace WebsiteSupport {

// Core's field name -> the form's (empty: the error is shown above the form only).
using FieldMap = QList<std::pair<QString, QString>>;

constexpr qsizetype MaxListField = 2000; // aliases or users typed into one field
constexpr qsizetype MaxListItems = 20;

// A value as one segment of a link: percent-encoded, ':' kept.
QString segment(const QString &value)
{
    return pathSegment(value, ":");
}

// "www.example.com", or "www.example.com:8080" for a site on another port.
QString shownName(const Vhost &v)
{
    return v.port() ? v.serverName() + QLatin1Char(':') + QString::number(v.port()) : v.serverName();
}

QString sitePath(const QString &name)
{
    return QStringLiteral("/websites/") + segment(name);
}

// "a b, c" -> {"a", "b", "c"}; too long or too many is the field's error.
std::optional<OpError> splitList(const QString &field, const QString &value, QStringList *out)
{
    if (value.size() > MaxListField)
        return OpError::invalid(field, QObject::tr("%1: at most %2 characters").arg(field).arg(MaxListField));
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    *out = value.split(separators, Qt::SkipEmptyParts);
    if (out->size() > MaxListItems)
        return OpError::invalid(field, QObject::tr("%1: at most %2 names at once").arg(field).arg(MaxListItems));
    return std::nullopt;
}

// Core names fields as the CLI's options; a form may name them differently. A refusal about a
// typed value ("user: x is not a web user") is the form's 422 next to the field, not a missing
// page or a forbidden action.
OpError forForm(OpError e, const FieldMap &fields)
{
    if (e.kind == OpError::Kind::Directory)
        return e;
    for (const auto &[core, form] : fields) {
        if (e.field == core || (e.field.isEmpty() && e.message.startsWith(core + QStringLiteral(": ")))) {
            e.field = form;
            if (e.kind == OpError::Kind::NotFound || e.kind == OpError::Kind::NotAllowed)
                e.kind = OpError::Kind::Invalid;
            break;
        }
    }
    return e;
}


std::optional<Domain> domainOf(Panel &p, const QString &name)
{
    auto entry = p.cache().entry(p.dit().domain(name));
    if (!entry)
        return std::nullopt;
    return Domain::fromEntry(*entry);
}

Vhost assemble(Panel &p, const QString &domain, const LdapEntry &entry)
{
    Vhost v = Vhost::fromEntry(entry);
    if (v.domain.isEmpty())
        v.domain = domain;
    v.addSubEntries(p.subtreeOf(entry.dn()));
    return v;
}

QList<Vhost> websites(Panel &p, const QString &domain)
{
    QList<Vhost> out;
    const QList<LdapEntry> entries = p.childrenOf(p.dit().vhosts(domain));
    for (const LdapEntry &e : entries) {
        if (e.hasObjectClass(QStringLiteral("ispmanVirtualHost")))
            out << assemble(p, domain, e);
    }
    std::sort(out.begin(), out.end(), [](const Vhost &a, const Vhost &b) { return a.name < b.name; });
    return out;
}

// The website of the session's domain named in the address; never another domain's.
std::optional<Vhost> website(Panel &p, const QString &domain, const QString &name)
{
    const QList<LdapEntry> entries = p.childrenOf(p.dit().vhosts(domain));
    for (const LdapEntry &e : entries) {
        if (e.hasObjectClass(QStringLiteral("ispmanVirtualHost"))
            && Vhost::fromEntry(e).name.compare(name, Qt::CaseInsensitive) == 0)
            return assemble(p, domain, e);
    }
    return std::nullopt;
}

QStringList webUserIds(Panel &p, const QString &domain)
{
    QStringList ids;
    const QList<LdapEntry> entries = p.childrenOf(p.dit().webUsers(domain));
    for (const LdapEntry &e : entries) {
        if (e.hasObjectClass(QStringLiteral("ispmanVirtualHostUser")))
            ids << WebUser::fromEntry(e).userId;
    }
    ids.sort();
    return ids;
}

QStringList mailUserIds(Panel &p, const QString &domain)
{
    QStringList ids;
    const QList<LdapEntry> entries = p.childrenOf(p.dit().users(domain));
    for (const LdapEntry &e : entries) {
        const QString id = MailUser::fromEntry(e).userId;
        if (!id.isEmpty())
            ids << id;
    }
    ids.sort();
    return ids;
}

// What every websites page says about the domain: replica, suspended, locked.
void setDomainState(Mustache::data &d, const std::optional<Domain> &domain)
{
    const bool replica = domain && domain->type == Domain::Type::Replica;
    d.set("replica", flag(replica));
    if (replica)
        d.set("replicaOf", domain->replicaMaster.toStdString());
    d.set("domainSuspended", flag(domain && domain->suspended));
    d.set("locked", flag(domain && domain->locked));
    d.set("writable", flag(domain && !replica && !domain->locked));
}

Response listPage(Panel &p, const Request &r, const std::optional<OpError> &error)
{
    const QString name = r.session->domain;
    const std::optional<Domain> domain = domainOf(p, name);
    Mustache::data d = p.pageData(r, QObject::tr("Websites"), QStringLiteral("websites"));
    setDomainState(d, domain);
    const QList<Vhost> sites = websites(p, name);
    Mustache::data rows = list();
    for (const Vhost &v : sites) {
        Mustache::data row;
        row.set("name", v.name.toStdString());
        row.set("path", sitePath(v.name).toStdString());
        QStringList names { shownName(v) };
        for (const QString &a : v.aliases)
            names << v.aliasServerName(a);
        row.set("hostNames", list(names));
        row.set("suspended", flag(v.suspended));
        row.set("webHosts", v.webHosts.join(QStringLiteral(", ")).toStdString());
        rows << row;
    }
    d.set("sites", rows);
    d.set("hasSites", flag(!sites.isEmpty()));
    const int limit = domain ? domain->maxVhosts : -1;
    d.set("used", std::to_string(sites.size()));
    d.set("limit", limit < 0 ? std::string("unlimited") : std::to_string(limit));
    d.set("full", flag(limit >= 0 && sites.size() >= limit));
    if (error)
        d = withErrors(d, r, *error);
    return p.page(r, QStringLiteral("websites"), d, error ? statusFor(*error) : 200);
}

Response sitePage(Panel &p, const Request &r, const Vhost &v, const std::optional<OpError> &error)
{
    const QString name = r.session->domain;
    Mustache::data d = p.pageData(r, QObject::tr("Website %1").arg(shownName(v)), QStringLiteral("websites"));
    setDomainState(d, domainOf(p, name));
    const QString path = sitePath(v.name);
    d.set("name", v.name.toStdString());
    d.set("path", path.toStdString());
    d.set("serverName", shownName(v).toStdString());
    d.set("suspended", flag(v.suspended));
    d.set("webHosts", v.webHosts.join(QStringLiteral(", ")).toStdString());
    d.set("fileHost", v.fileHost.toStdString());
    d.set("documentRoot", v.documentRoot.toStdString());
    d.set("ftpLogin", v.uid.toStdString());
    d.set("ftpEnabled", flag(v.ftpEnabled));

    Mustache::data aliases = list();
    for (const QString &a : v.aliases) {
        Mustache::data row;
        row.set("alias", a.toStdString());
        row.set("fullName", v.aliasServerName(a).toStdString());
        row.set("action", (path + QStringLiteral("/aliases/") + segment(a) + QStringLiteral("/delete")).toStdString());
        aliases << row;
    }
    d.set("aliases", aliases);
    d.set("hasAliases", flag(!v.aliases.isEmpty()));

    Mustache::data redirects = list();
    for (const VhostRedirect &x : v.redirects) {
        Mustache::data row;
        row.set("from", x.path.toStdString());
        row.set("target", x.target.toStdString());
        row.set(
            "action", (path + QStringLiteral("/redirects/") + idOf(x.path) + QStringLiteral("/delete")).toStdString());
        redirects << row;
    }
    d.set("redirects", redirects);
    d.set("hasRedirects", flag(!v.redirects.isEmpty()));

    Mustache::data protections = list();
    for (const VhostProtection &x : v.protections) {
        Mustache::data row;
        row.set("location", x.location.toStdString());
        row.set("users", x.users.join(QStringLiteral(", ")).toStdString());
        row.set("action",
            (path + QStringLiteral("/protections/") + idOf(x.location) + QStringLiteral("/delete")).toStdString());
        protections << row;
    }
    d.set("protections", protections);
    d.set("hasProtections", flag(!v.protections.isEmpty()));

    const QStringList webUsers = webUserIds(p, name);
    const QStringList mailUsers = mailUserIds(p, name);
    d.set("webUsers", webUsers.join(QStringLiteral(", ")).toStdString());
    d.set("mailUsers", mailUsers.join(QStringLiteral(", ")).toStdString());
    d.set("hasWebUsers", flag(!webUsers.isEmpty()));
    d.set("hasMailUsers", flag(!mailUsers.isEmpty()));
    if (error)
        d = withErrors(d, r, *error);
    return p.page(r, QStringLiteral("website"), d, error ? statusFor(*error) : 200);
}

// For routes about one website: finds it in the session's domain (else 404) and hands it over.
using SiteHandler = std::function<void(Request &, const Reply &, const Vhost &)>;
Handler onSite(Panel *p, SiteHandler handler)
{
    return [p, handler = std::move(handler)](Request &r, Reply reply) {
        const std::optional<Vhost> v = website(*p, r.session->domain, r.arg(0));
        if (!v) {
            reply(p->notFound(r));
            return;
        }
        handler(r, reply, *v);
    };
}

// The site page again after a failed change of `name` (re-read: it may have gone meanwhile).
std::function<Response(const Request &, const OpError &)> siteFailed(
    Panel *p, const QString &name, const FieldMap &fields)
{
    return [p, name, fields](const Request &r, const OpError &e) {
        const std::optional<Vhost> v = website(*p, r.session->domain, name);
        return v ? sitePage(*p, r, *v, forForm(e, fields)) : p->notFound(r);
    };
}

void addSiteRoutes(Panel &panel)
{
    Panel *p = &panel;
    using M = Request::Method;
    using A = Panel::Access;

    panel.route(M::Get, QStringLiteral("/websites"), A::Owner,
        [p](Request &r, Reply reply) { reply(listPage(*p, r, std::nullopt)); });

    panel.route(M::Post, QStringLiteral("/websites/add"), A::Owner, [p](Request &r, Reply reply) {
        VhostOps::VhostSpec spec;
        spec.domain = r.session->domain;
        spec.name = r.field(QStringLiteral("name")).trimmed();
        if (auto e = splitList(QStringLiteral("aliases"), r.field(QStringLiteral("aliases")), &spec.aliases)) {
            reply(listPage(*p, r, *e));
            return;
        }
        run(
            p, r, reply, [spec](DirectorySession &s) { return done(VhostOps::add(s, spec)); },
            QStringLiteral("/websites"), QStringLiteral("added"),
            [p](const Request &copy, const OpError &e) {
                return listPage(*p, copy,
                    forForm(e,
                        { { QStringLiteral("name"), QStringLiteral("name") },
                            { QStringLiteral("alias"), QStringLiteral("aliases") } }));
            });
    });

    panel.route(M::Get, QStringLiteral("/websites/<arg>"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) { reply(sitePage(*p, r, v, std::nullopt)); }));

    panel.route(M::Post, QStringLiteral("/websites/<arg>/delete"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            const QString domain = v.domain, name = v.name;
            run(
                p, r, reply, [domain, name](DirectorySession &s) { return VhostOps::remove(s, domain, name); },
                QStringLiteral("/websites"), QStringLiteral("deleted"), siteFailed(p, name, {}));
        }));

    for (const bool suspend : { true, false }) {
        const QString action = suspend ? QStringLiteral("suspend") : QStringLiteral("resume");
        panel.route(M::Post, QStringLiteral("/websites/<arg>/") + action, A::Owner,
            onSite(p, [p, suspend](Request &r, const Reply &reply, const Vhost &v) {
                const QString domain = v.domain, name = v.name;
                run(
                    p, r, reply,
                    [domain, name, suspend](
                        DirectorySession &s) { return done(VhostOps::setSuspended(s, domain, name, suspend)); },
                    sitePath(name), suspend ? QStringLiteral("suspended") : QStringLiteral("resumed"),
                    siteFailed(p, name, {}));
            }));
    }

    panel.route(M::Post, QStringLiteral("/websites/<arg>/aliases/add"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            const QString domain = v.domain, name = v.name, alias = r.field(QStringLiteral("alias")).trimmed();
            run(
                p, r, reply,
                [domain, name, alias](
                    DirectorySession &s) { return done(VhostOps::addAlias(s, domain, name, alias)); },
                sitePath(name), QStringLiteral("added"),
                siteFailed(p, name, { { QStringLiteral("alias"), QStringLiteral("alias") } }));
        }));

    panel.route(M::Post, QStringLiteral("/websites/<arg>/aliases/<arg>/delete"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            const QString wanted = r.arg(1);
            const auto it = std::find_if(v.aliases.cbegin(), v.aliases.cend(),
                [&](const QString &a) { return a.compare(wanted, Qt::CaseInsensitive) == 0; });
            if (it == v.aliases.cend()) {
                reply(p->notFound(r));
                return;
            }
            const QString domain = v.domain, name = v.name, alias = *it;
            run(
                p, r, reply,
                [domain, name, alias](
                    DirectorySession &s) { return done(VhostOps::removeAlias(s, domain, name, alias)); },
                sitePath(name), QStringLiteral("deleted"), siteFailed(p, name, {}));
        }));

    panel.route(M::Post, QStringLiteral("/websites/<arg>/redirects/add"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            const QString domain = v.domain, name = v.name;
            const QString from = r.field(QStringLiteral("from")).trimmed(),
                          target = r.field(QStringLiteral("target")).trimmed();
            run(
                p, r, reply,
                [domain, name, from, target](
                    DirectorySession &s) { return done(VhostOps::addRedirect(s, domain, name, from, target)); },
                sitePath(name), QStringLiteral("added"),
                siteFailed(p, name,
                    { { QStringLiteral("path"), QStringLiteral("from") },
                        { QStringLiteral("target"), QStringLiteral("target") } }));
        }));

    panel.route(M::Post, QStringLiteral("/websites/<arg>/redirects/<arg>/delete"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            const std::optional<QString> from = fromId(r.arg(1));
            if (!from || std::none_of(v.redirects.cbegin(), v.redirects.cend(), [&](const VhostRedirect &x) {
                    return x.path == *from;
                })) {
                reply(p->notFound(r));
                return;
            }
            const QString domain = v.domain, name = v.name, path = *from;
            run(
                p, r, reply,
                [domain, name, path](
                    DirectorySession &s) { return done(VhostOps::removeRedirect(s, domain, name, path)); },
                sitePath(name), QStringLiteral("deleted"), siteFailed(p, name, {}));
        }));

    panel.route(M::Post, QStringLiteral("/websites/<arg>/protections/add"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            QStringList users;
            if (auto e = splitList(QStringLiteral("users"), r.field(QStringLiteral("users")), &users)) {
                reply(sitePage(*p, r, v, *e));
                return;
            }
            const QString domain = v.domain, name = v.name, location = r.field(QStringLiteral("location")).trimmed();
            run(
                p, r, reply,
                [domain, name, location, users](DirectorySession &s) {
                    return done(VhostOps::addProtection(s, domain, name, location, users));
                },
                sitePath(name), QStringLiteral("added"),
                siteFailed(p, name,
                    { { QStringLiteral("location"), QStringLiteral("location") },
                        { QStringLiteral("user"), QStringLiteral("users") } }));
        }));

    panel.route(M::Post, QStringLiteral("/websites/<arg>/protections/<arg>/delete"), A::Owner,
        onSite(p, [p](Request &r, const Reply &reply, const Vhost &v) {
            const std::optional<QString> location = fromId(r.arg(1));
            if (!location || std::none_of(v.protections.cbegin(), v.protections.cend(), [&](const VhostProtection &x) {
                    return x.location == *location;
                })) {
                reply(p->notFound(r));
                return;
            }
            const QString domain = v.domain, name = v.name, where = *location;
            run(
                p, r, reply,
                [domain, name, where](
                    DirectorySession &s) { return done(VhostOps::removeProtection(s, domain, name, where)); },
                sitePath(name), QStringLiteral("deleted"), siteFailed(p, name, {}));
        }));
}


} // namespace WebsiteSupport

void addWebsiteRoutes(Panel &panel)
{
    WebsiteSupport::addSiteRoutes(panel);
    WebsiteSupport::addWebUserRoutes(panel);
}

} // namespace Isp::Panel
