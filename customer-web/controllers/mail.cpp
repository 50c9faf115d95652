// Mail of the domain: its mail users (add within the account limit, password, quota, name,
// aliases, forwards, suspend, delete). Its mail groups (members, aliases) and the signature of
// its outgoing mail are in mailgroups.cpp; shared helpers in mailsupport.h.
//
// Users are named in addresses by their local part (/mail/users/ann), groups by their name
// (/mail/groups/sales), both looked up only among the session's domain's entries. Aliases,
// forwards and members may hold characters that do not fit a path segment ('/', '%', '?': a
// forward is any RFC 5321 dot-atom), so their delete buttons name them by the base64url form of
// the value, which must be one of the object's values in the cache.
#include "customer-web/controllers/controllers.h"
#include "customer-web/controllers/mailsupport.h"

#include "core/model/domain.h"
#include "core/model/mailuser.h"
#include "core/ops/domainops.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/userops.h"

#include <QUrl>

#include <optional>

namespace Isp::Panel {

using namespace Isp::Core;

namespace MailSupport {



// The value among `values` that `id` names, if any.
std::optional<QString> valueOf(const QStringList &values, const QString &id)
{
    for (const QString &v : values) {
        if (idOf(v) == id)
            return v;
    }
    return std::nullopt;
}

QString localPart(const QString &address)
{
    return address.left(address.lastIndexOf(QLatin1Char('@')));
}


Mustache::data values(const QStringList &list)
{
    Mustache::data out = Isp::Panel::list();
    for (const QString &v : list) {
        Mustache::data row;
        row.set("value", v.toStdString());
        row.set("id", idOf(v).toStdString());
        out << row;
    }
    return out;
}

// The session's domain's entry (always there for a logged-in owner, unless it was deleted).
std::optional<Domain> sessionDomain(Panel &p, const Request &r)
{
    auto e = p.cache().entry(p.dit().domain(r.session->domain));
    if (!e)
        return std::nullopt;
    return Domain::fromEntry(*e);
}

QList<MailUser> users(Panel &p, const QString &domain)
{
    QList<MailUser> out;
    const QList<LdapEntry> entries = p.childrenOf(p.dit().users(domain));
    for (const LdapEntry &e : entries)
        out << MailUser::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const MailUser &a, const MailUser &b) { return a.address < b.address; });
    return out;
}

std::optional<MailUser> findUser(Panel &p, const QString &domain, const QString &local)
{
    if (local.isEmpty())
        return std::nullopt;
    const QString address = local + QLatin1Char('@') + domain;
    const QList<MailUser> all = users(p, domain);
    for (const MailUser &u : all) {
        if (u.address.compare(address, Qt::CaseInsensitive) == 0)
            return u;
    }
    return std::nullopt;
}

QList<MailGroup> groups(Panel &p, const QString &domain)
{
    QList<MailGroup> out;
    const QList<LdapEntry> entries = p.childrenOf(p.dit().mailGroups(domain));
    for (const LdapEntry &e : entries)
        out << MailGroup::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const MailGroup &a, const MailGroup &b) { return a.address < b.address; });
    return out;
}

std::optional<MailGroup> findGroup(Panel &p, const QString &domain, const QString &name)
{
    if (name.isEmpty())
        return std::nullopt;
    const QList<MailGroup> all = groups(p, domain);
    for (const MailGroup &g : all) {
        if (g.name.compare(name, Qt::CaseInsensitive) == 0)
            return g;
    }
    return std::nullopt;
}

// --- Users ----------------------------------------------------------------------------------

Response usersPage(Panel &p, const Request &r, const std::optional<OpError> &error)
{
    Mustache::data d = p.pageData(r, QObject::tr("Mail users"), QStringLiteral("mailusers"));
    const QString domain = r.session->domain;
    const std::optional<Domain> dom = sessionDomain(p, r);
    const QList<MailUser> all = users(p, domain);
    Mustache::data rows = list();
    for (const MailUser &u : all) {
        Mustache::data row;
        row.set("address", u.address.toStdString());
        row.set("href", pathSegment(localPart(u.address)).toStdString());
        row.set("name", u.commonName().toStdString());
        row.set("hasMailbox", flag(u.hasMailbox()));
        row.set("quota", std::to_string(u.mailQuotaKiB / 1024));
        row.set("aliases", values(u.aliases));
        row.set("forwards", values(u.forwards));
        row.set("suspended", flag(u.suspended));
        rows << row;
    }
    d.set("users", rows);
    d.set("hasUsers", flag(!all.isEmpty()));
    d.set("count", std::to_string(all.size()));
    const int limit = dom ? dom->maxAccounts : -1;
    d.set("limited", flag(limit >= 0));
    d.set("limit", std::to_string(limit));
    d.set("full", flag(limit >= 0 && all.size() >= limit));
    d.set("replica", flag(dom && dom->type == Domain::Type::Replica));
    if (error)
        d = withErrors(d, r, *error);
    return p.page(r, QStringLiteral("mailusers"), d, error ? statusFor(*error) : 200);
}

Response userPage(Panel &p, const Request &r, const MailUser &u, const std::optional<OpError> &error)
{
    Mustache::data d = p.pageData(r, u.address, QStringLiteral("mailusers"));
    d.set("address", u.address.toStdString());
    d.set("base", (QStringLiteral("/mail/users/") + pathSegment(localPart(u.address))).toStdString());
    d.set("givenName", u.givenName.toStdString());
    d.set("surname", u.surname.toStdString());
    d.set("hasMailbox", flag(u.hasMailbox()));
    d.set("mailHost", u.mailHost.toStdString());
    d.set("quota", std::to_string(u.mailQuotaKiB / 1024));
    d.set("aliases", values(u.aliases));
    d.set("hasAliases", flag(!u.aliases.isEmpty()));
    d.set("forwards", values(u.forwards));
    d.set("hasForwards", flag(!u.forwards.isEmpty()));
    d.set("canRemoveForward", flag(u.hasMailbox() || u.forwards.size() > 1));
    d.set("suspended", flag(u.suspended));
    d.set("domainName", u.domain.toStdString());
    if (error)
        d = withErrors(d, r, *error);
    // The forms show the stored values unless they were just submitted.
    d.set("quotaValue", (error && r.form.contains(QStringLiteral("mail-quota")) ? r.field(QStringLiteral("mail-quota"))
                                                                                  : QString::number(u.mailQuotaKiB / 1024))
                            .toStdString());
    const bool names = error && r.form.contains(QStringLiteral("given-name"));
    d.set("givenNameValue", (names ? r.field(QStringLiteral("given-name")) : u.givenName).toStdString());
    d.set("surnameValue", (names ? r.field(QStringLiteral("surname")) : u.surname).toStdString());
    return p.page(r, QStringLiteral("mailuser"), d, error ? statusFor(*error) : 200);
}

// A POST about one user: 404 unless the user is the session's domain's; the form is shown again
// with the error when the operation fails.
using UserOp = std::function<OpResult<Done>(DirectorySession &, const QString &address)>;
void userAction(Panel *p, Request &r, const Reply &reply, const QString &notice, const UserOp &op, bool toList = false)
{
    const std::optional<MailUser> u = findUser(*p, r.session->domain, r.arg(0));
    if (!u) {
        reply(p->notFound(r));
        return;
    }
    const QString address = u->address;
    const QString local = localPart(address);
    const QString to = toList ? QStringLiteral("/mail/users") : QStringLiteral("/mail/users/") + pathSegment(local);
    run(p, r, reply, [op, address](DirectorySession &s) { return op(s, address); }, to, notice, [p, local](const Request &copy, const OpError &e) {
        const std::optional<MailUser> now = findUser(*p, copy.session->domain, local);
        return now ? userPage(*p, copy, *now, e) : p->notFound(copy);
    });
}

void addUserRoutes(Panel &panel)
{
    Panel *p = &panel;

    panel.route(M::Get, QStringLiteral("/mail/users"), A::Owner, [p](Request &r, Reply reply) { reply(usersPage(*p, r, std::nullopt)); });

    panel.route(M::Post, QStringLiteral("/mail/users/add"), A::Owner, [p](Request &r, Reply reply) {
        if (r.field(QStringLiteral("password")) != r.field(QStringLiteral("password-confirm"))) {
            reply(usersPage(*p, r, OpError::invalid(QStringLiteral("password-confirm"), QObject::tr("password-confirm: the two passwords differ"))));
            return;
        }
        UserOps::UserSpec spec;
        spec.domain = r.session->domain;
        spec.localPart = r.field(QStringLiteral("user"));
        spec.givenName = r.field(QStringLiteral("given-name"));
        spec.surname = r.field(QStringLiteral("surname"));
        spec.password = r.field(QStringLiteral("password"));
        spec.mailbox = !r.form.contains(QStringLiteral("forward-only"));
        if (spec.mailbox)
            spec.mailQuota = r.field(QStringLiteral("mail-quota")).trimmed();
        if (const QString f = r.field(QStringLiteral("forward")).trimmed(); !f.isEmpty())
            spec.forwards = {f};
        run(p, r, reply, [spec](DirectorySession &s) { return done(UserOps::add(s, spec)); }, QStringLiteral("/mail/users"),
            QStringLiteral("added"), [p](const Request &copy, const OpError &e) { return usersPage(*p, copy, e); });
    });

    panel.route(M::Get, QStringLiteral("/mail/users/<arg>"), A::Owner, [p](Request &r, Reply reply) {
        const std::optional<MailUser> u = findUser(*p, r.session->domain, r.arg(0));
        reply(u ? userPage(*p, r, *u, std::nullopt) : p->notFound(r));
    });

    panel.route(M::Post, QStringLiteral("/mail/users/<arg>/password"), A::Owner, [p](Request &r, Reply reply) {
        const QString password = r.field(QStringLiteral("password"));
        if (password != r.field(QStringLiteral("password-confirm"))) {
            const std::optional<MailUser> u = findUser(*p, r.session->domain, r.arg(0));
            reply(u ? userPage(*p, r, *u, OpError::invalid(QStringLiteral("password-confirm"), QObject::tr("password-confirm: the two passwords differ")))
                    : p->notFound(r));
            return;
        }
        userAction(p, r, reply, QStringLiteral("password"),
                   [password](DirectorySession &s, const QString &a) { return UserOps::setPassword(s, a, password); });
    });

    panel.route(M::Post, QStringLiteral("/mail/users/<arg>/quota"), A::Owner, [p](Request &r, Reply reply) {
        UserOps::UserChange c;
        c.mailQuota = r.field(QStringLiteral("mail-quota")).trimmed();
        userAction(p, r, reply, QStringLiteral("saved"), [c](DirectorySession &s, const QString &a) { return done(UserOps::edit(s, a, c)); });
    });

    panel.route(M::Post, QStringLiteral("/mail/users/<arg>/name"), A::Owner, [p](Request &r, Reply reply) {
        UserOps::UserChange c;
        c.givenName = r.field(QStringLiteral("given-name"));
        c.surname = r.field(QStringLiteral("surname"));
        userAction(p, r, reply, QStringLiteral("saved"), [c](DirectorySession &s, const QString &a) { return done(UserOps::edit(s, a, c)); });
    });

    panel.route(M::Post, QStringLiteral("/mail/users/<arg>/aliases/add"), A::Owner, [p](Request &r, Reply reply) {
        const QString alias = r.field(QStringLiteral("alias")).trimmed();
        userAction(p, r, reply, QStringLiteral("added"), [alias](DirectorySession &s, const QString &a) { return done(UserOps::addAlias(s, a, alias)); });
    });

    panel.route(M::Post, QStringLiteral("/mail/users/<arg>/forwards/add"), A::Owner, [p](Request &r, Reply reply) {
        const QString forward = r.field(QStringLiteral("forward")).trimmed();
        userAction(p, r, reply, QStringLiteral("added"), [forward](DirectorySession &s, const QString &a) { return done(UserOps::addForward(s, a, forward)); });
    });

    // Removing one of the user's aliases or forwards: the id must name one of its values.
    for (const bool aliases : {true, false}) {
        const QString pattern = aliases ? QStringLiteral("/mail/users/<arg>/aliases/<arg>/delete") : QStringLiteral("/mail/users/<arg>/forwards/<arg>/delete");
        panel.route(M::Post, pattern, A::Owner, [p, aliases](Request &r, Reply reply) {
            const std::optional<MailUser> u = findUser(*p, r.session->domain, r.arg(0));
            const std::optional<QString> value = u ? valueOf(aliases ? u->aliases : u->forwards, r.arg(1)) : std::nullopt;
            if (!value) {
                reply(p->notFound(r));
                return;
            }
            const QString v = *value;
            userAction(p, r, reply, QStringLiteral("deleted"), [v, aliases](DirectorySession &s, const QString &a) {
                return done(aliases ? UserOps::removeAlias(s, a, v) : UserOps::removeForward(s, a, v));
            });
        });
    }

    for (const bool suspend : {true, false}) {
        panel.route(M::Post, suspend ? QStringLiteral("/mail/users/<arg>/suspend") : QStringLiteral("/mail/users/<arg>/resume"), A::Owner,
                    [p, suspend](Request &r, Reply reply) {
                        userAction(p, r, reply, suspend ? QStringLiteral("suspended") : QStringLiteral("resumed"),
                                   [suspend](DirectorySession &s, const QString &a) { return done(UserOps::setSuspended(s, a, suspend)); });
                    });
    }

    panel.route(M::Post, QStringLiteral("/mail/users/<arg>/delete"), A::Owner, [p](Request &r, Reply reply) {
        userAction(p, r, reply, QStringLiteral("deleted"), [](DirectorySession &s, const QString &a) { return UserOps::remove(s, a); }, true);
    });
}

} // namespace MailSupport

void addMailRoutes(Panel &panel)
{
    MailSupport::addUserRoutes(panel);
    MailSupport::addGroupRoutes(panel);
    MailSupport::addSignatureRoutes(panel);
}

} // namespace Isp::Panel
