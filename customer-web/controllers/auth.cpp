// Login, logout, password, the login links of administrators, health and static files.
#include "customer-web/controllers/controllers.h"

#include "core/validation/domainname.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QUrl>

namespace Isp::Panel {

using namespace Isp::Core;

namespace {

QString safeNext(const QString &next)
{
    static const QRegularExpression local(QStringLiteral("^/[A-Za-z0-9/_.@%-]{0,200}$"));
    return local.match(next).hasMatch() && !next.startsWith(QStringLiteral("//")) && !next.contains(QStringLiteral(".."))
        ? next
        : QStringLiteral("/dashboard");
}

Response loginForm(Panel &panel, const Request &request, const QString &error, int status, const QString &next)
{
    Mustache::data d = panel.pageData(request, QObject::tr("Log in"), QStringLiteral("login"));
    d.set("next", safeNext(next).toStdString());
    d.set("form_domain", request.field(QStringLiteral("domain")).left(253).toStdString());
    if (!error.isEmpty()) {
        Mustache::data errors = list();
        errors << Mustache::data("message", error.toStdString());
        d.set("errors", errors);
        d.set("hasErrors", flag(true));
    }
    return panel.page(request, QStringLiteral("login"), d, status);
}

Response passwordForm(Panel &panel, const Request &request, const std::optional<OpError> &error)
{
    Mustache::data d = panel.pageData(request, QObject::tr("Password"), QStringLiteral("password"));
    if (error)
        d = withErrors(d, request, *error);
    return panel.page(request, QStringLiteral("password"), d, error ? statusFor(*error) : 200);
}

} // namespace

void addAuthRoutes(Panel &panel)
{
    Panel *p = &panel;
    using M = Request::Method;
    using A = Panel::Access;

    panel.route(M::Get, QStringLiteral("/"), A::Public, [](Request &r, Reply reply) {
        reply(Response::redirect(r.session ? QStringLiteral("/dashboard") : QStringLiteral("/login")));
    });

    panel.route(M::Get, QStringLiteral("/login"), A::Public, [p](Request &r, Reply reply) {
        if (r.session) {
            reply(Response::redirect(QStringLiteral("/dashboard")));
            return;
        }
        reply(loginForm(*p, r, {}, 200, r.query.queryItemValue(QStringLiteral("next"), QUrl::FullyDecoded)));
    });

    panel.route(M::Post, QStringLiteral("/login"), A::Public, [p](Request &r, Reply reply) {
        const QString next = r.field(QStringLiteral("next"));
        auto domain = Validate::domainName(QStringLiteral("domain"), r.field(QStringLiteral("domain")).trimmed());
        if (!domain.ok()) {
            reply(loginForm(*p, r, domain.error().message, 422, next));
            return;
        }
        const QByteArray password = r.field(QStringLiteral("password")).toUtf8();
        if (password.isEmpty() || password.size() > 1024) {
            reply(loginForm(*p, r, QObject::tr("password: enter the domain's password (1 to 1024 characters)"), 422, next));
            return;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString account = *domain;
        const QString address = r.peer.toString();
        const qint64 wait = std::max(p->accountLimiter().blockedFor(account, now), p->addressLimiter().blockedFor(address, now));
        if (wait > 0) {
            Response resp = loginForm(*p, r, QObject::tr("Too many failed logins. Try again in %1 minute(s).").arg((wait + 59) / 60), 429, next);
            resp.addHeader("Retry-After", QByteArray::number(wait));
            reply(resp);
            return;
        }
        const Request copy = r;
        p->backend().verifyLogin(account, password, p, [p, copy, reply, account, address, next](OpResult<Done> result) {
            const qint64 at = QDateTime::currentMSecsSinceEpoch();
            if (!result.ok()) {
                if (result.error().kind == OpError::Kind::Directory) {
                    reply(loginForm(*p, copy, QObject::tr("The directory cannot be reached right now. Try again in a moment."), 503, next));
                    return;
                }
                p->accountLimiter().failed(account, at);
                p->addressLimiter().failed(address, at);
                reply(loginForm(*p, copy, QObject::tr("The domain or its password is wrong."), 401, next));
                return;
            }
            p->accountLimiter().succeeded(account);
            Response resp = Response::redirect(safeNext(next));
            p->setSessionCookie(resp, p->newSession(account), copy.secure);
            reply(resp);
        });
    });

    // An administrator's login link (console, `ispman panel link`): short-lived, signed with the
    // panel's key.
    panel.route(M::Get, QStringLiteral("/login/link"), A::Public, [p](Request &r, Reply reply) {
        const QByteArray token = r.query.queryItemValue(QStringLiteral("t"), QUrl::FullyDecoded).toLatin1();
        auto claims = p->verifyLoginLink(token);
        const QString domain = claims ? claims->value(QStringLiteral("d")).toString() : QString();
        if (!claims || domain.isEmpty() || !p->cache().entry(p->dit().domain(domain))) {
            reply(loginForm(*p, r, QObject::tr("The login link is not valid or has expired. Ask for a new one."), 403, {}));
            return;
        }
        Response resp = Response::redirect(QStringLiteral("/dashboard"));
        p->setSessionCookie(resp, p->newSession(domain, claims->value(QStringLiteral("by")).toString()), r.secure);
        reply(resp);
    });

    panel.route(M::Post, QStringLiteral("/logout"), A::Owner, [p](Request &r, Reply reply) {
        Response resp = Response::redirect(QStringLiteral("/login?done=loggedout"));
        p->clearSessionCookie(resp, r.secure);
        reply(resp);
    });

    panel.route(M::Get, QStringLiteral("/password"), A::Owner, [p](Request &r, Reply reply) {
        reply(passwordForm(*p, r, std::nullopt));
    });

    panel.route(M::Post, QStringLiteral("/password"), A::Owner, [p](Request &r, Reply reply) {
        const QString current = r.field(QStringLiteral("current"));
        const QString next = r.field(QStringLiteral("password"));
        if (current.isEmpty()) {
            reply(passwordForm(*p, r, OpError::invalid(QStringLiteral("current"), QObject::tr("current: enter the current password"))));
            return;
        }
        if (next != r.field(QStringLiteral("confirm"))) {
            reply(passwordForm(*p, r, OpError::invalid(QStringLiteral("confirm"), QObject::tr("confirm: the two new passwords differ"))));
            return;
        }
        const Request copy = r;
        p->backend().changePassword(r.session->domain, current.toUtf8(), next, p, [p, copy, reply](OpResult<Done> result) {
            if (result.ok()) {
                reply(Response::redirect(QStringLiteral("/dashboard?done=password")));
                return;
            }
            OpError e = result.error();
            if (e.field == u"password" && e.kind == OpError::Kind::Invalid)
                e.field = QStringLiteral("password");
            reply(passwordForm(*p, copy, e));
        });
    });

    panel.route(M::Get, QStringLiteral("/healthz"), A::Public, [p](Request &, Reply reply) {
        reply(p->isReady() ? Response::text("ok\n") : Response::text("the directory cache is not ready\n", 503));
    });

    panel.route(M::Get, QStringLiteral("/static/<arg>"), A::Public, [p](Request &r, Reply reply) {
        static const QRegularExpression name(QStringLiteral("^[a-z0-9-]+\\.(css|svg|png)$"));
        QFile f(QStringLiteral(":/panel/static/") + r.arg(0));
        if (!name.match(r.arg(0)).hasMatch() || !f.open(QIODevice::ReadOnly)) {
            reply(p->notFound(r));
            return;
        }
        Response resp;
        resp.body = f.readAll();
        resp.contentType = r.arg(0).endsWith(QStringLiteral(".css")) ? "text/css; charset=utf-8"
            : r.arg(0).endsWith(QStringLiteral(".svg"))                ? "image/svg+xml"
                                                                         : "image/png";
        resp.addHeader("Cache-Control", "public, max-age=3600");
        reply(resp);
    });
}

} // namespace Isp::Panel
