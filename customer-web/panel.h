// Panel: one ispman-panel instance. It owns the HTTP server (a QAbstractHttpServer subclass
// that answers asynchronously only while the client is still connected, the Qt 6.4 workaround
// of platform-notes §3), the route table, the live DirectoryCache every page reads from, the
// Backend that runs writes through core, the templates and the login rate limits.
//
// Every request passes one wrapper before its handler: size limits, form parsing (UTF-8
// checked), the session from its signed cookie, login required for owner routes (anonymous →
// redirect to /login), the CSRF token and Origin check on every POST (→ 403, nothing done),
// and on the way out the security headers, the refreshed session cookie and the access log.
//
// Thread affinity: one thread (the HTTP thread); LDAP writes run on the Backend's workers.
#pragma once

#include "customer-web/backend.h"
#include "customer-web/http.h"
#include "customer-web/panelconfig.h"
#include "customer-web/ratelimiter.h"
#include "customer-web/templates.h"

#include "core/ldap/directorycache.h"
#include "core/ldap/ldapconnection.h"
#include "core/model/dit.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QFile>
#include <QObject>

#include <memory>

namespace Isp::Panel {

class HttpServer;

// Recent work of the domains: processes seen queued and seen done (deleted by their agent),
// kept from the sync stream, so the dashboard says what is pending and when it was applied.
struct Activity
{
    QString process;  // e.g. createMailbox
    QString object;   // what it is about (user, website, zone)
    QString host;
    QDateTime queued;
    QDateTime applied; // invalid while pending
    QString status;    // new, running, error
    QString error;     // the agent's message when it failed
};

class Panel : public QObject
{
    Q_OBJECT

public:
    enum class Access { Public, Owner };

    explicit Panel(PanelConfig config, QObject *parent = nullptr);
    ~Panel() override;

    // Reads the secret, connects to the directory, starts the cache, listens.
    bool start(QString *error);
    // Graceful shutdown: stops listening, waits up to `timeoutMs` for work in progress.
    void stop(int timeoutMs = 10000);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] bool isReady() const { return m_cache && m_cache->isReady(); }
    // "http(s)://listen:port"
    [[nodiscard]] QString url() const;

    void route(Request::Method method, const QString &pattern, Access access, Handler handler);
    struct RouteInfo
    {
        Request::Method method;
        QString pattern;
        Access access;
    };
    // Every route, in the order registered (the access-matrix test walks them all).
    [[nodiscard]] QList<RouteInfo> routeList() const;

    // For controllers.
    [[nodiscard]] const Core::Dit &dit() const { return m_dit; }
    [[nodiscard]] Core::DirectoryCache &cache() { return *m_cache; }
    [[nodiscard]] Backend &backend() { return *m_backend; }
    [[nodiscard]] Templates &templates() { return m_templates; }
    [[nodiscard]] const PanelConfig &config() const { return m_config; }
    // Entries directly below `dn` in the cache, sorted by DN.
    [[nodiscard]] QList<Core::LdapEntry> childrenOf(const Core::LdapDn &dn) const;
    // Entries of `dn`'s subtree (not `dn` itself), any depth.
    [[nodiscard]] QList<Core::LdapEntry> subtreeOf(const Core::LdapDn &dn) const;
    [[nodiscard]] QList<Activity> activity(const QString &domain) const;

    // Data every page's layout needs (title, domain, CSRF token, current section, notice).
    Mustache::data pageData(const Request &request, const QString &title, const QString &section) const;
    // A page inside the layout.
    Response page(const Request &request, const QString &name, const Mustache::data &data, int status = 200);
    Response notFound(const Request &request);
    Response errorPage(const Request &request, int status, const QString &message);

    // Login and logout: what the session cookie becomes on the response.
    void setSessionCookie(Response &response, const Session &session, bool secure) const;
    void clearSessionCookie(Response &response, bool secure) const;
    [[nodiscard]] Session newSession(const QString &domain, const QString &openedBy = {}) const;
    // Login links for administrators (SignedToken purpose "login").
    [[nodiscard]] std::optional<QJsonObject> verifyLoginLink(const QByteArray &token) const;
    [[nodiscard]] RateLimiter &accountLimiter() { return m_accountLimiter; }
    [[nodiscard]] RateLimiter &addressLimiter() { return m_addressLimiter; }

    // Used by HttpServer.
    // `logged`: the request as the access log and the response headers see it (gets the session).
    void dispatch(Request request, const Reply &reply, Request *logged = nullptr);
    [[nodiscard]] bool isTrustedProxy(const QHostAddress &peer) const;
    void logAccess(const Request &request, int status, qsizetype bytes, qint64 elapsedUs);
    void finishResponse(const Request &request, Response &response) const;

private:
    struct Route
    {
        Request::Method method;
        QStringList segments; // "<arg>" for a parameter
        Access access;
        Handler handler;
    };
    std::optional<Session> readSession(const Request &request) const;
    QByteArray csrfFor(const Request &request) const;
    void noteProcess(const QByteArray &uuid);
    void forgetProcess(const QByteArray &uuid, const Core::LdapEntry &last);

    PanelConfig m_config;
    Core::Dit m_dit;
    QByteArray m_key;
    std::unique_ptr<Core::LdapConnection> m_connection; // the cache's
    std::unique_ptr<Core::DirectoryCache> m_cache;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<HttpServer> m_server;
    Templates m_templates;
    RateLimiter m_accountLimiter;
    RateLimiter m_addressLimiter;
    QList<Route> m_routes;
    QFile m_accessLog;
    QHash<QString, QList<Activity>> m_applied;   // domain -> recently applied (newest last, bounded)
    QHash<QByteArray, Activity> m_pending;       // process uuid -> what it is
    QHash<QByteArray, QString> m_pendingDomain;  // process uuid -> domain
    bool m_tls = false;

    // Rendered pages: a logged-in GET page depends only on the domain's data in the cache, the
    // address and who opened the session, except for the CSRF token, which is rendered as
    // m_tokenMark and put in per answer. Any change in the cache (m_generation) makes every
    // stored page stale.
    struct RenderedPage
    {
        quint64 generation = 0;
        Response response;
    };
    QHash<QString, RenderedPage> m_pages;
    quint64 m_generation = 0;
    QByteArray m_tokenMark;
};

} // namespace Isp::Panel
