// The panel's controllers: each adds its routes to the Panel. Routes are registered once at
// start; every handler reads from panel.cache() and writes through panel.backend() (core).
//
// Conventions every controller follows (tests/panel checks them):
// - The domain comes only from request.session->domain; an object named in the address that is
//   not the session's domain's gets panel.notFound() (404), never its data.
// - GET renders; POST changes and answers 303 to the list page with ?done=<notice> (Panel's
//   fixed notices), or re-renders the form with status 422 and the error next to its field.
// - Values reach HTML only through templates ({{value}}: escaped).
#pragma once

#include "customer-web/panel.h"

#include "core/ops/operror.h"

namespace Isp::Panel {

void addAuthRoutes(Panel &panel);      // /, /login, /login/link, /logout, /password, /healthz, /static/...
void addDashboardRoutes(Panel &panel); // /dashboard
void addDnsRoutes(Panel &panel);       // /dns...
void addWebsiteRoutes(Panel &panel);   // /websites...
void addMailRoutes(Panel &panel);      // /mail... (users, aliases, forwards, groups), /signature

inline void addAllRoutes(Panel &panel)
{
    addAuthRoutes(panel);
    addDashboardRoutes(panel);
    addDnsRoutes(panel);
    addWebsiteRoutes(panel);
    addMailRoutes(panel);
}

// Template data for a failed operation: "errors" (list of {message}) and "error_<field>"
// (the message for that field), plus every submitted form value as "form_<name>" so the
// form shows what the user typed.
Mustache::data withErrors(Mustache::data data, const Request &request, const Core::OpError &error);
// The HTTP status for a failed operation: 404 NotFound, 403 NotAllowed, 503 Directory, else 422.
int statusFor(const Core::OpError &error);
// Answers a POST whose operation ran: 303 to `listPath?done=notice` on success; on failure the
// `failed` callback renders the form again (it gets the error).
void answer(const Reply &reply, const Core::OpResult<Core::Done> &result, const QString &listPath, const QString &notice,
            const std::function<Response(const Core::OpError &)> &failed);

// Runs `op` for the session's domain: 303 to `to?done=notice` when it worked, else the page
// `failed` renders (it gets a copy of the request and the error).
void run(Panel *p, const Request &r, const Reply &reply, Backend::Op op, const QString &to, const QString &notice,
         std::function<Response(const Request &, const Core::OpError &)> failed);

// An operation's result without its value (controllers redirect; they need no value).
template<typename T> Core::OpResult<Core::Done> done(const Core::OpResult<T> &result)
{
    if (!result.ok())
        return result.error();
    return Core::Done{};
}
// A stored value as one segment of an address: base64url, so '/', '%' and '?' survive; and the
// value back (nullopt when `id` is not base64url).
QString idOf(const QString &value);
std::optional<QString> fromId(const QString &id);
// A value as one path segment, percent-encoded (`keep`: characters left as they are).
QString pathSegment(const QString &value, const QByteArray &keep = {});

} // namespace Isp::Panel
