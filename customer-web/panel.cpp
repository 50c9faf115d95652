#include "customer-web/panel.h"

#include "core/acl/signedtoken.h"
#include "core/model/process.h"
#include "core/ops/operror.h"

#include <QAbstractHttpServer>
#include <QDateTime>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

Q_LOGGING_CATEGORY(lcPanel, "isp.panel")
Q_LOGGING_CATEGORY(lcAccess, "isp.panel.access")

namespace Isp::Panel {

using namespace Isp::Core;

namespace {

constexpr qsizetype MaxBody = 64 * 1024;
constexpr qsizetype MaxPath = 2048;
constexpr int MaxAppliedPerDomain = 20;
const QString SessionPurpose = QStringLiteral("session");
const QString PrePurpose = QStringLiteral("pre-session");
const QString CsrfPurpose = QStringLiteral("csrf");
const QString LoginPurpose = QStringLiteral("login");

QByteArray sessionCookieName(bool secure)
{
    // __Host-: the browser keeps it only when Secure, Path=/ and no Domain.
    return secure ? QByteArrayLiteral("__Host-ispman") : QByteArrayLiteral("ispman");
}
QByteArray preCookieName(bool secure)
{
    return secure ? QByteArrayLiteral("__Host-ispman-pre") : QByteArrayLiteral("ispman-pre");
}

QByteArray cookieAttributes(bool secure, qint64 maxAge)
{
    QByteArray a = "; Path=/; HttpOnly; SameSite=Strict";
    if (secure)
        a += "; Secure";
    if (maxAge >= 0)
        a += "; Max-Age=" + QByteArray::number(maxAge);
    return a;
}

Request::Method methodOf(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return Request::Method::Get;
    case QHttpServerRequest::Method::Post:
        return Request::Method::Post;
    case QHttpServerRequest::Method::Head:
        return Request::Method::Head;
    default:
        return Request::Method::Other;
    }
}

QByteArray methodName(Request::Method m)
{
    switch (m) {
    case Request::Method::Get:
        return "GET";
    case Request::Method::Post:
        return "POST";
    case Request::Method::Head:
        return "HEAD";
    case Request::Method::Other:
        break;
    }
    return "OTHER";
}

// Strict UTF-8: invalid sequences are an error, not replacement characters.
std::optional<QString> utf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return s;
}

// application/x-www-form-urlencoded: '+' is a space (QUrlQuery does not know), then %XX.
std::optional<QHash<QString, QString>> parseForm(const QByteArray &body)
{
    QHash<QString, QString> form;
    if (body.isEmpty())
        return form;
    for (const QByteArray &pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray k = eq < 0 ? pair : pair.left(eq);
        QByteArray v = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        k.replace('+', ' ');
        v.replace('+', ' ');
        auto key = utf8(QByteArray::fromPercentEncoding(k));
        auto value = utf8(QByteArray::fromPercentEncoding(v));
        if (!key || !value)
            return std::nullopt;
        if (form.size() > 200)
            return std::nullopt;
        form.insert(*key, *value);
    }
    return form;
}

QHash<QByteArray, QByteArray> parseCookies(const QByteArray &header)
{
    QHash<QByteArray, QByteArray> out;
    for (const QByteArray &part : header.split(';')) {
        const QByteArray p = part.trimmed();
        const qsizetype eq = p.indexOf('=');
        if (eq > 0)
            out.insert(p.left(eq), p.mid(eq + 1));
    }
    return out;
}

// A "next" target after login: a path on this site only.
bool isLocalPath(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) && !path.startsWith(QStringLiteral("//")) && !path.contains(QLatin1Char('\\'))
        && path.size() < 512 && !path.contains(QLatin1Char('\r')) && !path.contains(QLatin1Char('\n'));
}

} // namespace

QString statusText(int status)
{
    switch (status) {
    case 200: return QStringLiteral("OK");
    case 303: return QStringLiteral("See Other");
    case 400: return QStringLiteral("Bad Request");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 413: return QStringLiteral("Payload Too Large");
    case 414: return QStringLiteral("URI Too Long");
    case 415: return QStringLiteral("Unsupported Media Type");
    case 422: return QStringLiteral("Unprocessable Content");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 503: return QStringLiteral("Service Unavailable");
    default: return QStringLiteral("Status");
    }
}

// The HTTP server: copies each request into a Request, hands it to the Panel, and writes the
// answer only if the client is still connected (Qt 6.4 crashes otherwise, platform-notes §3).
class HttpServer : public QAbstractHttpServer
{
public:
    explicit HttpServer(Panel *panel) : m_panel(panel) {}

protected:
    bool handleRequest(const QHttpServerRequest &req, QTcpSocket *socket) override
    {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        Request r;
        r.method = methodOf(req.method());
        r.path = req.url().path();
        r.query = req.query();
        const auto headers = req.headers();
        for (const auto &[name, value] : headers)
            r.headers.insert(name.toLower(), value);
        r.cookies = parseCookies(r.headers.value("cookie"));
        r.peer = req.remoteAddress();
        r.secure = socket->inherits("QSslSocket");
        if (m_panel->isTrustedProxy(r.peer)) {
            const QByteArray forwarded = r.headers.value("x-forwarded-for");
            if (!forwarded.isEmpty()) {
                const QHostAddress client(QString::fromLatin1(forwarded.split(',').constLast().trimmed()));
                if (!client.isNull())
                    r.peer = client;
            }
            r.secure = r.secure || r.headers.value("x-forwarded-proto") == "https";
        }
        // Answers are written in several pieces (status, headers, body): without TCP_NODELAY,
        // Nagle's algorithm holds the last piece until the client's delayed ACK (up to 40 ms).
        if (socket->socketOption(QAbstractSocket::LowDelayOption).toInt() == 0)
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QPointer<QTcpSocket> guard(socket);
        const QHttpServerRequest *request = &req; // lives as long as the socket
        Panel *panel = m_panel;
        auto answered = std::make_shared<bool>(false);
        // For the headers and the access log (dispatch() fills in the session it finds).
        auto copy = std::make_shared<Request>(r);
        const bool head = r.method == Request::Method::Head;
        Reply reply = [guard, request, panel, answered, copy, timer, head](Response response) {
            if (*answered)
                return;
            *answered = true;
            panel->finishResponse(*copy, response);
            const qint64 us = timer->nsecsElapsed() / 1000;
            panel->logAccess(*copy, response.status, response.body.size(), us);
            if (!guard || guard->state() != QAbstractSocket::ConnectedState)
                return; // the client went away meanwhile
            QHttpServerResponder responder = makeResponder(*request, guard.data());
            responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
            responder.writeHeader("Content-Type", response.contentType);
            responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
            for (const auto &[name, value] : std::as_const(response.headers))
                responder.writeHeader(name, value);
            if (!head)
                responder.writeBody(response.body);
            else
                responder.writeBody(QByteArray());
        };
        if (req.body().size() > MaxBody) {
            reply(Response::text("The request is too large.\n", 413));
            return true;
        }
        if (r.path.size() > MaxPath) {
            reply(Response::text("The address is too long.\n", 414));
            return true;
        }
        if (r.method == Request::Method::Post) {
            const QByteArray type = r.headers.value("content-type").split(';').constFirst().trimmed().toLower();
            if (type != "application/x-www-form-urlencoded") {
                reply(Response::text("Forms must be sent as application/x-www-form-urlencoded.\n", 415));
                return true;
            }
            auto form = parseForm(req.body());
            if (!form) {
                reply(Response::text("The form is not valid UTF-8 (or has too many fields).\n", 400));
                return true;
            }
            r.form = *form;
        }
        m_panel->dispatch(std::move(r), reply, copy.get());
        return true;
    }

    void missingHandler(const QHttpServerRequest &req, QTcpSocket *socket) override
    {
        makeResponder(req, socket).write(QHttpServerResponder::StatusCode::NotFound);
    }

private:
    Panel *m_panel;
};

Panel::Panel(PanelConfig config, QObject *parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_dit(LdapDn::parse(m_config.base).value_or(LdapDn())),
      m_templates(m_config.templatesDir.isEmpty() ? QStringLiteral(":/panel/templates") : m_config.templatesDir),
      m_accountLimiter(m_config.loginFailuresPerAccount, m_config.loginWindow),
      m_addressLimiter(m_config.loginFailuresPerAddress, m_config.loginWindow)
{
}

Panel::~Panel()
{
    stop(2000);
}

bool Panel::start(QString *error)
{
    auto key = SignedToken::readKeyFile(m_config.secretFile, error);
    if (!key)
        return false;
    m_key = *key;
    QFile pw(m_config.passwordFile);
    if (!pw.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the password file %1: %2").arg(m_config.passwordFile, pw.errorString());
        return false;
    }
    LdapConnectionSettings ldap;
    ldap.uris = m_config.uris;
    ldap.bindDn = m_config.bindDn;
    ldap.password = pw.readAll().trimmed();
    ldap.startTls = m_config.startTls;
    ldap.caCertificateFile = m_config.caFile;
    if (!m_config.accessLog.isEmpty()) {
        m_accessLog.setFileName(m_config.accessLog);
        if (!m_accessLog.open(QIODevice::Append | QIODevice::Text)) {
            *error = QStringLiteral("cannot open the access log %1: %2").arg(m_config.accessLog, m_accessLog.errorString());
            return false;
        }
    }

    // The cache: the whole ISP subtree, kept live by sync; every page reads from it.
    m_connection = std::make_unique<LdapConnection>(ldap);
    LdapSearchRequest follow;
    follow.base = m_dit.base();
    follow.scope = LdapScope::Subtree;
    follow.filter = LdapFilter::present(QStringLiteral("objectClass"));
    follow.attributes = {QStringLiteral("*"), QStringLiteral("entryUUID")};
    m_cache = std::make_unique<DirectoryCache>(m_connection.get(), follow);
    connect(m_cache.get(), &DirectoryCache::errorOccurred, this, [](const LdapError &e) {
        qCWarning(lcPanel) << "directory:" << e.toString();
    });
    connect(m_cache.get(), &DirectoryCache::entryAdded, this, &Panel::noteProcess);
    connect(m_cache.get(), &DirectoryCache::entryChanged, this, &Panel::noteProcess);
    connect(m_cache.get(), &DirectoryCache::entryRemoved, this, &Panel::forgetProcess);
    auto bump = [this] { ++m_generation; };
    connect(m_cache.get(), &DirectoryCache::entryAdded, this, bump);
    connect(m_cache.get(), &DirectoryCache::entryChanged, this, bump);
    connect(m_cache.get(), &DirectoryCache::entryMoved, this, bump);
    connect(m_cache.get(), &DirectoryCache::entryRemoved, this, bump);
    m_tokenMark = "csrf-mark-" + SignedToken::randomId(24);
    m_cache->start();
    m_backend = std::make_unique<Backend>(ldap, m_dit, m_cache.get(), m_config.workers);

    m_server = std::make_unique<HttpServer>(this);
    if (!m_config.tlsCertificate.isEmpty()) {
        QFile cf(m_config.tlsCertificate), kf(m_config.tlsKey);
        if (!cf.open(QIODevice::ReadOnly) || !kf.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the TLS certificate or key (%1, %2)").arg(m_config.tlsCertificate, m_config.tlsKey);
            return false;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(cf.readAll(), QSsl::Pem);
        const QByteArray keyPem = kf.readAll();
        QSslKey sslKey(keyPem, QSsl::Rsa, QSsl::Pem);
        if (sslKey.isNull())
            sslKey = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || sslKey.isNull()) {
            *error = QStringLiteral("the TLS certificate or key is not valid PEM");
            return false;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(sslKey);
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        m_server->sslSetup(tls);
        m_tls = true;
    }
    const quint16 port = m_server->listen(QHostAddress(m_config.listen), quint16(m_config.port));
    if (port == 0) {
        *error = QStringLiteral("cannot listen on %1:%2").arg(m_config.listen).arg(m_config.port);
        return false;
    }
    return true;
}

void Panel::stop(int timeoutMs)
{
    if (m_server) {
        const QList<QTcpServer *> servers = m_server->servers();
        for (QTcpServer *s : servers)
            s->close();
    }
    if (m_backend)
        m_backend->drain(timeoutMs);
    if (m_cache)
        m_cache->stop();
}

quint16 Panel::port() const
{
    if (!m_server)
        return 0;
    const QList<QTcpServer *> servers = m_server->servers();
    return servers.isEmpty() ? 0 : servers.constFirst()->serverPort();
}

QString Panel::url() const
{
    QString host = m_config.listen;
    if (QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"), host).arg(port());
}

void Panel::route(Request::Method method, const QString &pattern, Access access, Handler handler)
{
    m_routes.append({method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), access, std::move(handler)});
}

QList<Panel::RouteInfo> Panel::routeList() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes)
        out.append({r.method, QLatin1Char('/') + r.segments.join(QLatin1Char('/')), r.access});
    return out;
}

bool Panel::isTrustedProxy(const QHostAddress &peer) const
{
    for (const QString &p : m_config.trustedProxies) {
        if (QHostAddress(p).isEqual(peer, QHostAddress::TolerantConversion))
            return true;
    }
    return false;
}

std::optional<Session> Panel::readSession(const Request &request) const
{
    const QByteArray token = request.cookies.value(sessionCookieName(request.secure));
    if (token.isEmpty())
        return std::nullopt;
    auto claims = SignedToken::verify(m_key, SessionPurpose, token);
    if (!claims)
        return std::nullopt;
    Session s;
    s.domain = claims->value(QStringLiteral("d")).toString();
    s.id = claims->value(QStringLiteral("id")).toString().toLatin1();
    s.issued = qint64(claims->value(QStringLiteral("iat")).toDouble());
    s.expires = qint64(claims->value(QStringLiteral("exp")).toDouble());
    s.openedBy = claims->value(QStringLiteral("by")).toString();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 maxAge = qint64(std::chrono::duration_cast<std::chrono::seconds>(m_config.sessionMax).count());
    if (s.domain.isEmpty() || s.id.isEmpty() || s.issued <= 0 || now - s.issued > maxAge)
        return std::nullopt;
    // The domain must still exist (a deleted domain's sessions end with it).
    if (m_cache && m_cache->isReady() && !m_cache->entry(m_dit.domain(s.domain)))
        return std::nullopt;
    return s;
}

Session Panel::newSession(const QString &domain, const QString &openedBy) const
{
    Session s;
    s.domain = domain;
    s.id = SignedToken::randomId();
    s.issued = QDateTime::currentSecsSinceEpoch();
    s.expires = s.issued + qint64(std::chrono::duration_cast<std::chrono::seconds>(m_config.sessionIdle).count());
    s.openedBy = openedBy;
    return s;
}

void Panel::setSessionCookie(Response &response, const Session &session, bool secure) const
{
    QJsonObject claims{{QStringLiteral("d"), session.domain},
                       {QStringLiteral("id"), QString::fromLatin1(session.id)},
                       {QStringLiteral("iat"), session.issued}};
    if (!session.openedBy.isEmpty())
        claims.insert(QStringLiteral("by"), session.openedBy);
    const QByteArray token = SignedToken::sign(m_key, SessionPurpose, claims, QDateTime::fromSecsSinceEpoch(session.expires));
    response.addHeader("Set-Cookie", sessionCookieName(secure) + '=' + token + cookieAttributes(secure, -1));
}

void Panel::clearSessionCookie(Response &response, bool secure) const
{
    response.addHeader("Set-Cookie", sessionCookieName(secure) + "=" + cookieAttributes(secure, 0));
}

std::optional<QJsonObject> Panel::verifyLoginLink(const QByteArray &token) const
{
    return SignedToken::verify(m_key, LoginPurpose, token);
}

QByteArray Panel::csrfFor(const Request &request) const
{
    if (request.session)
        return SignedToken::mac(m_key, CsrfPurpose, "s:" + request.session->id);
    const QByteArray pre = request.cookies.value(preCookieName(request.secure));
    auto claims = SignedToken::verify(m_key, PrePurpose, pre);
    if (!claims)
        return {};
    return SignedToken::mac(m_key, CsrfPurpose, "p:" + claims->value(QStringLiteral("id")).toString().toLatin1());
}

void Panel::dispatch(Request request, const Reply &reply, Request *logged)
{
    // Route: the first whose method and segments match; a path that matches another method's
    // route is 405.
    const QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Route *found = nullptr;
    bool otherMethod = false;
    for (const Route &r : std::as_const(m_routes)) {
        if (r.segments.size() != segments.size())
            continue;
        QStringList args;
        bool match = true;
        for (qsizetype i = 0; i < segments.size() && match; ++i) {
            if (r.segments.at(i) == u"<arg>")
                args << segments.at(i);
            else
                match = r.segments.at(i) == segments.at(i);
        }
        if (!match)
            continue;
        const bool methodOk = r.method == request.method || (r.method == Request::Method::Get && request.method == Request::Method::Head);
        if (!methodOk) {
            otherMethod = true;
            continue;
        }
        request.args = args;
        found = &r;
        break;
    }
    request.session = readSession(request);
    if (logged)
        logged->session = request.session;
    if (!found) {
        if (otherMethod) {
            Response r = errorPage(request, 405, tr("This address does not take that method."));
            r.addHeader("Allow", "GET, HEAD, POST");
            reply(r);
        } else {
            reply(notFound(request));
        }
        return;
    }
    if (found->access == Access::Owner && !request.session) {
        QString next = request.path;
        Response r = Response::redirect(request.method == Request::Method::Get && isLocalPath(next)
                                            ? QStringLiteral("/login?next=") + QString::fromLatin1(QUrl::toPercentEncoding(next))
                                            : QStringLiteral("/login"));
        reply(r);
        return;
    }
    // Anonymous visitors get a pre-session, so that the login form has a CSRF token too.
    QByteArray newPre;
    if (!request.session && request.method != Request::Method::Post
        && !SignedToken::verify(m_key, PrePurpose, request.cookies.value(preCookieName(request.secure)))) {
        newPre = SignedToken::sign(m_key, PrePurpose, {{QStringLiteral("id"), QString::fromLatin1(SignedToken::randomId())}},
                                   QDateTime::currentDateTimeUtc().addSecs(3600 * 4));
        request.cookies.insert(preCookieName(request.secure), newPre);
    }
    request.csrfToken = csrfFor(request);
    if (request.method == Request::Method::Post) {
        const QByteArray sent = request.form.value(QStringLiteral("_csrf")).toLatin1();
        const QByteArray origin = request.header("origin");
        const QByteArray host = request.header("host");
        const bool originOk = origin.isEmpty() || origin == "null" ? origin.isEmpty()
                                                                   : QUrl(QString::fromLatin1(origin)).authority() == QString::fromLatin1(host);
        if (request.csrfToken.isEmpty() || !SignedToken::equal(sent, request.csrfToken) || !originOk) {
            reply(errorPage(request, 403, tr("The form was not accepted: it is too old or did not come from this panel. "
                                             "Go back, reload the page and try again.")));
            return;
        }
    }
    Reply wrapped = reply;
    if (!newPre.isEmpty()) {
        const bool secure = request.secure;
        wrapped = [reply, newPre, secure](Response r) {
            r.addHeader("Set-Cookie", preCookieName(secure) + '=' + newPre + cookieAttributes(secure, 3600 * 4));
            reply(std::move(r));
        };
    } else if (request.session && found->access == Access::Owner) {
        // Sliding expiry: a session in use is renewed (never past its maximum age).
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const qint64 idle = qint64(std::chrono::duration_cast<std::chrono::seconds>(m_config.sessionIdle).count());
        const qint64 maxAge = qint64(std::chrono::duration_cast<std::chrono::seconds>(m_config.sessionMax).count());
        if (request.session->expires - now < idle - 60) {
            Session renewed = *request.session;
            renewed.expires = std::min(now + idle, renewed.issued + maxAge);
            const bool secure = request.secure;
            wrapped = [this, reply, renewed, secure](Response r) {
                bool setsCookie = false;
                for (const auto &[name, value] : std::as_const(r.headers))
                    setsCookie = setsCookie || name == "Set-Cookie";
                if (!setsCookie)
                    setSessionCookie(r, renewed, secure);
                reply(std::move(r));
            };
        }
    }
    // Logged-in GET pages come from the page store while the cache has not changed.
    if (request.session && found->access == Access::Owner
        && (request.method == Request::Method::Get || request.method == Request::Method::Head)) {
        const QString key = request.session->domain + QLatin1Char('\n') + request.path + QLatin1Char('?')
            + request.query.toString(QUrl::FullyEncoded) + QLatin1Char('\n') + request.session->openedBy;
        const QByteArray token = request.csrfToken;
        auto withToken = [token, mark = m_tokenMark](Response r) {
            r.body.replace(mark, token);
            return r;
        };
        const auto hit = m_pages.constFind(key);
        if (hit != m_pages.constEnd() && hit->generation == m_generation) {
            wrapped(withToken(hit->response));
            return;
        }
        request.csrfToken = m_tokenMark;
        const quint64 generation = m_generation;
        wrapped = [this, wrapped, key, generation, withToken](Response r) {
            if (r.status == 200 && generation == m_generation) {
                if (m_pages.size() > 5000)
                    m_pages.clear();
                m_pages.insert(key, {generation, r});
            }
            wrapped(withToken(std::move(r)));
        };
    }
    found->handler(request, wrapped);
}

void Panel::finishResponse(const Request &request, Response &response) const
{
    response.addHeader("Content-Security-Policy",
                       "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    response.addHeader("X-Content-Type-Options", "nosniff");
    response.addHeader("X-Frame-Options", "DENY");
    response.addHeader("Referrer-Policy", "same-origin");
    response.addHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (!request.path.startsWith(QStringLiteral("/static/")))
        response.addHeader("Cache-Control", "no-store");
    if (request.secure)
        response.addHeader("Strict-Transport-Security", "max-age=31536000");
}

void Panel::logAccess(const Request &request, int status, qsizetype bytes, qint64 elapsedUs)
{
    const QString line = QStringLiteral("%1 %2 %3 %4 %5 %6 %7us %8")
                             .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), request.peer.toString(),
                                  QString::fromLatin1(methodName(request.method)), request.path.left(200))
                             .arg(status)
                             .arg(bytes)
                             .arg(elapsedUs)
                             .arg(request.session ? request.session->domain : QStringLiteral("-"));
    if (m_accessLog.isOpen()) {
        m_accessLog.write(line.toUtf8() + '\n');
        m_accessLog.flush();
    } else {
        qCInfo(lcAccess).noquote() << line;
    }
}

QList<LdapEntry> Panel::childrenOf(const LdapDn &dn) const
{
    QList<std::pair<QString, LdapEntry>> keyed;
    const QList<QByteArray> uuids = m_cache->children(dn);
    keyed.reserve(uuids.size());
    for (const QByteArray &u : uuids) {
        if (auto e = m_cache->entry(u))
            keyed.append({e->dn().toString(), std::move(*e)});
    }
    std::sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<LdapEntry> out;
    out.reserve(keyed.size());
    for (auto &k : keyed)
        out.append(std::move(k.second));
    return out;
}

QList<LdapEntry> Panel::subtreeOf(const LdapDn &dn) const
{
    QList<LdapEntry> out;
    QList<LdapDn> todo{dn};
    while (!todo.isEmpty()) {
        const LdapDn next = todo.takeLast();
        const QList<LdapEntry> children = childrenOf(next);
        for (const LdapEntry &c : children) {
            out << c;
            todo << c.dn();
        }
    }
    return out;
}

void Panel::noteProcess(const QByteArray &uuid)
{
    auto e = m_cache->entry(uuid);
    if (!e || e->dn().parent() != m_dit.processes())
        return;
    const Process p = Process::fromEntry(*e);
    if (p.domain.isEmpty())
        return;
    Activity a;
    a.process = p.name;
    a.object = p.target;
    for (const auto &[k, v] : p.params) {
        if (k == u"user" || k == u"vhost" || k == u"zone" || k == u"name" || k == u"mailbox")
            a.object = v;
    }
    a.host = p.host;
    a.queued = p.created.isValid() ? p.created : QDateTime::currentDateTimeUtc();
    a.status = p.status;
    a.error = p.message;
    m_pending.insert(uuid, a);
    m_pendingDomain.insert(uuid, p.domain);
}

void Panel::forgetProcess(const QByteArray &uuid, const LdapEntry &)
{
    const auto it = m_pending.find(uuid);
    if (it == m_pending.end())
        return;
    Activity a = it.value();
    a.applied = QDateTime::currentDateTimeUtc();
    a.status = QStringLiteral("done");
    QList<Activity> &done = m_applied[m_pendingDomain.value(uuid)];
    done.append(a);
    while (done.size() > MaxAppliedPerDomain)
        done.removeFirst();
    m_pending.erase(it);
    m_pendingDomain.remove(uuid);
}

QList<Activity> Panel::activity(const QString &domain) const
{
    QList<Activity> out;
    for (auto it = m_pendingDomain.cbegin(); it != m_pendingDomain.cend(); ++it) {
        if (it.value() == domain)
            out << m_pending.value(it.key());
    }
    std::sort(out.begin(), out.end(), [](const Activity &a, const Activity &b) { return a.queued > b.queued; });
    QList<Activity> applied = m_applied.value(domain);
    std::reverse(applied.begin(), applied.end());
    out << applied;
    return out;
}

Mustache::data Panel::pageData(const Request &request, const QString &title, const QString &section) const
{
    Mustache::data d;
    d.set("title", title.toStdString());
    d.set("csrf", request.csrfToken.toStdString());
    if (request.session) {
        d.set("domain", request.session->domain.toStdString());
        d.set("loggedIn", Mustache::data::type::bool_true);
        if (!request.session->openedBy.isEmpty())
            d.set("openedBy", request.session->openedBy.toStdString());
    }
    if (!section.isEmpty())
        d.set("section_" + section.toStdString(), Mustache::data::type::bool_true);
    // Notices after a redirect come from a fixed list (never reflect text from the address).
    static const QHash<QString, QString> notices{
        {QStringLiteral("added"), tr("Added.")},       {QStringLiteral("saved"), tr("Saved.")},
        {QStringLiteral("deleted"), tr("Deleted.")},   {QStringLiteral("password"), tr("The password was changed.")},
        {QStringLiteral("suspended"), tr("Suspended.")}, {QStringLiteral("resumed"), tr("Resumed.")},
        {QStringLiteral("loggedout"), tr("You have logged out.")},
    };
    const QString notice = notices.value(request.query.queryItemValue(QStringLiteral("done")));
    if (!notice.isEmpty())
        d.set("notice", notice.toStdString());
    return d;
}

Response Panel::page(const Request &, const QString &name, const Mustache::data &data, int status)
{
    return Response::html(m_templates.page(name, data), status);
}

Response Panel::notFound(const Request &request)
{
    return errorPage(request, 404, tr("There is nothing here. It may have been deleted, or it belongs to another domain."));
}

Response Panel::errorPage(const Request &request, int status, const QString &message)
{
    Mustache::data d = pageData(request, statusText(status), {});
    d.set("status", std::to_string(status));
    d.set("message", message.toStdString());
    return Response::html(m_templates.page(QStringLiteral("error"), d), status);
}

} // namespace Isp::Panel
