// Web (htaccess) users of a domain: the list with where each may enter, adding one, its
// password, deleting it (refused while it is the only user allowed into a protected location).
// Part of the websites section (websites.cpp); shared helpers in websitesupport.h.
#include "core/model/domain.h"
#include "core/model/vhost.h"
#include "core/ops/vhostops.h"
#include "customer-web/controllers/controllers.h"
#include "customer-web/controllers/websitesupport.h"

namespace Isp::Panel::WebsiteSupport {

using namespace Isp::Core;

namespace {

// `failedUser`: the web user whose password change failed (its row shows the error).
Response webUsersPage(Panel &p, const Request &r, const std::optional<OpError> &error, const QString &failedUser = {})
{
    const QString name = r.session->domain;
    Mustache::data d = p.pageData(r, QObject::tr("Web users"), QStringLiteral("websites"));
    setDomainState(d, domainOf(p, name));
    // Where each user is allowed in, from the websites' protected locations.
    QHash<QString, QStringList> allowedInto;
    const QList<Vhost> sites = websites(p, name);
    for (const Vhost &v : sites) {
        for (const VhostProtection &x : v.protections) {
            for (const QString &u : x.users)
                allowedInto[u] << shownName(v) + x.location;
        }
    }
    const QStringList ids = webUserIds(p, name);
    Mustache::data rows = list();
    for (const QString &id : ids) {
        Mustache::data row;
        row.set("id", id.toStdString());
        row.set("rowId", idOf(id).toStdString());
        const QString base = QStringLiteral("/webusers/") + segment(id);
        row.set("passwordAction", (base + QStringLiteral("/password")).toStdString());
        row.set("deleteAction", (base + QStringLiteral("/delete")).toStdString());
        if (allowedInto.contains(id)) // (an empty string would still open {{#allowedInto}})
            row.set("allowedInto", allowedInto.value(id).join(QStringLiteral(", ")).toStdString());
        if (error && id == failedUser)
            row.set("passwordError", error->message.toStdString());
        rows << row;
    }
    d.set("users", rows);
    d.set("hasUsers", flag(!ids.isEmpty()));
    if (error)
        d = withErrors(d, r, *error);
    return p.page(r, QStringLiteral("webusers"), d, error ? statusFor(*error) : 200);
}

} // namespace

void addWebUserRoutes(Panel &panel)
{
    Panel *p = &panel;
    using M = Request::Method;
    using A = Panel::Access;

    panel.route(M::Get, QStringLiteral("/webusers"), A::Owner,
        [p](Request &r, Reply reply) { reply(webUsersPage(*p, r, std::nullopt)); });

    panel.route(M::Post, QStringLiteral("/webusers/add"), A::Owner, [p](Request &r, Reply reply) {
        const QString domain = r.session->domain, user = r.field(QStringLiteral("user")).trimmed(),
                      password = r.field(QStringLiteral("password"));
        run(
            p, r, reply,
            [domain, user, password](
                DirectorySession &s) { return done(VhostOps::addWebUser(s, domain, user, password)); },
            QStringLiteral("/webusers"), QStringLiteral("added"),
            [p](const Request &copy, const OpError &e) {
                return webUsersPage(*p, copy,
                    forForm(e,
                        { { QStringLiteral("user"), QStringLiteral("user") },
                            { QStringLiteral("password"), QStringLiteral("password") } }));
            });
    });

    // The web user named in the address, among the session domain's only.
    const auto known = [p](const Request &r) {
        const QStringList ids = webUserIds(*p, r.session->domain);
        const QString wanted = r.arg(0).toLower();
        return ids.contains(wanted) ? std::optional<QString>(wanted) : std::nullopt;
    };

    panel.route(M::Post, QStringLiteral("/webusers/<arg>/password"), A::Owner, [p, known](Request &r, Reply reply) {
        const std::optional<QString> id = known(r);
        if (!id) {
            reply(p->notFound(r));
            return;
        }
        const QString domain = r.session->domain, user = *id, password = r.field(QStringLiteral("password"));
        run(
            p, r, reply,
            [domain, user, password](
                DirectorySession &s) { return VhostOps::setWebUserPassword(s, domain, user, password); },
            QStringLiteral("/webusers"), QStringLiteral("password"),
            [p, user](const Request &copy, const OpError &e) {
                // Each row has its own password field: the error goes to the row, not to the add form's.
                OpError shown = forForm(e, { { QStringLiteral("password"), QString() } });
                return webUsersPage(*p, copy, shown, user);
            });
    });

    panel.route(M::Post, QStringLiteral("/webusers/<arg>/delete"), A::Owner, [p, known](Request &r, Reply reply) {
        const std::optional<QString> id = known(r);
        if (!id) {
            reply(p->notFound(r));
            return;
        }
        const QString domain = r.session->domain, user = *id;
        run(
            p, r, reply, [domain, user](DirectorySession &s) { return VhostOps::removeWebUser(s, domain, user); },
            QStringLiteral("/webusers"), QStringLiteral("deleted"),
            [p](const Request &copy, const OpError &e) {
                return webUsersPage(*p, copy, forForm(e, { { QStringLiteral("user"), QString() } }));
            });
    });
}

} // namespace Isp::Panel::WebsiteSupport
