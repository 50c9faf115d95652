// PanelFixture: a private slapd with the sample ISP and one ispman-panel (the real Panel class,
// every route, listening on a free loopback port) in the test's process; and PanelClient, a
// browser-like HTTP client over a real socket that keeps cookies by hand (so tests can tamper
// with them) and fills in the CSRF token of the last page it loaded.
//
// Domain owners: example.com and example.org have panel passwords (ownerPassword()).
// Header-only, for the panel tests. Call ISP_START_PANEL(fixture) in initTestCase().
#pragma once

#include "customer-web/controllers/controllers.h"
#include "customer-web/panel.h"
#include "tests/support/testdirectory.h"

#include "core/acl/signedtoken.h"
#include "core/ops/domainops.h"
#include "core/ops/serviceops.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTest>
#include <QUrlQuery>

#include <memory>

namespace Isp::Test {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names; Set-Cookie values joined by '\n'
    [[nodiscard]] QString text() const { return QString::fromUtf8(body); }
    [[nodiscard]] QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    [[nodiscard]] QString location() const { return QString::fromUtf8(header("location")); }
};

class PanelClient
{
public:
    explicit PanelClient(QString base) : m_base(std::move(base)) {}

    HttpResult get(const QString &path) { return send("GET", path, {}, {}); }
    // POSTs `fields` (form-encoded) with the CSRF token of the last page loaded, unless
    // `fields` already carries "_csrf" (tests set it to "" or a wrong one).
    HttpResult post(const QString &path, QList<std::pair<QString, QString>> fields)
    {
        bool has = false;
        for (const auto &f : fields)
            has = has || f.first == u"_csrf";
        if (!has)
            fields.append({QStringLiteral("_csrf"), m_csrf});
        QByteArray body;
        for (const auto &[k, v] : fields) {
            if (!body.isEmpty())
                body += '&';
            body += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
        }
        return send("POST", path, body, "application/x-www-form-urlencoded");
    }
    HttpResult postRaw(const QString &path, const QByteArray &body, const QByteArray &contentType,
                       const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return send("POST", path, body, contentType, headers);
    }
    // GET /login, then POST the credentials; true when it ends logged in (303 to the dashboard).
    bool login(const QString &domain, const QString &password)
    {
        get(QStringLiteral("/login"));
        const HttpResult r = post(QStringLiteral("/login"), {{QStringLiteral("domain"), domain}, {QStringLiteral("password"), password}});
        return r.status == 303 && r.location() == u"/dashboard";
    }
    // GET `path` and follow one redirect if there is one.
    HttpResult follow(const HttpResult &r) { return r.status == 303 ? get(r.location()) : r; }

    QHash<QByteArray, QByteArray> &cookies() { return m_cookies; }
    [[nodiscard]] QString csrf() const { return m_csrf; }
    void setCsrf(const QString &token) { m_csrf = token; }
    QHash<QByteArray, QByteArray> extraHeaders;
    // HTTPS: the configuration to trust the panel's certificate.
    std::optional<QSslConfiguration> tls;

private:
    HttpResult send(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest req(QUrl(m_base + path));
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        if (tls)
            req.setSslConfiguration(*tls);
        if (!contentType.isEmpty())
            req.setRawHeader("Content-Type", contentType);
        QByteArray cookie;
        for (auto it = m_cookies.cbegin(); it != m_cookies.cend(); ++it)
            cookie += (cookie.isEmpty() ? "" : "; ") + it.key() + '=' + it.value();
        if (!cookie.isEmpty())
            req.setRawHeader("Cookie", cookie);
        for (auto it = extraHeaders.cbegin(); it != extraHeaders.cend(); ++it)
            req.setRawHeader(it.key(), it.value());
        for (const auto &[k, v] : headers)
            req.setRawHeader(k, v);
        QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
        (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000);
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        const auto pairs = reply->rawHeaderPairs();
        for (const auto &[k, v] : pairs) {
            const QByteArray key = k.toLower();
            r.headers[key] = r.headers.contains(key) ? r.headers[key] + '\n' + v : v;
            if (key == "set-cookie") {
                for (const QByteArray &line : v.split('\n')) {
                    const QList<QNetworkCookie> cs = QNetworkCookie::parseCookies(line);
                    for (const QNetworkCookie &c : cs) {
                        if (c.value().isEmpty() || (c.expirationDate().isValid() && c.expirationDate() <= QDateTime::currentDateTime()))
                            m_cookies.remove(c.name());
                        else
                            m_cookies.insert(c.name(), c.value());
                    }
                }
            }
        }
        reply->deleteLater();
        static const QRegularExpression token(QStringLiteral("name=\"_csrf\" value=\"([^\"]*)\""));
        const auto m = token.match(QString::fromUtf8(r.body));
        if (m.hasMatch())
            m_csrf = m.captured(1);
        return r;
    }

    QString m_base;
    QNetworkAccessManager m_nam;
    QHash<QByteArray, QByteArray> m_cookies;
    QString m_csrf;
};

class PanelFixture
{
public:
    static QString ownerPassword(const QString &domain) { return QStringLiteral("Owner-pass-") + domain; }

    bool start(QString *error, Panel::PanelConfig overrides = {})
    {
        if (!m_directory.start(error, /*sampleData=*/true))
            return false;
        Core::DirectorySession root(m_directory.rootSettings(), Core::Dit(m_directory->base()));
        for (const QString &d : {QStringLiteral("example.com"), QStringLiteral("example.org")}) {
            if (auto r = Core::DomainOps::setPassword(root, d, ownerPassword(d)); !r.ok()) {
                *error = r.error().toString();
                return false;
            }
        }
        if (auto r = Core::ServiceOps::setPassword(root, QStringLiteral("panel"), QStringLiteral("panel-service-secret")); !r.ok()) {
            *error = r.error().toString();
            return false;
        }
        const QString dir = m_directory.folder();
        QFile pw(dir + QStringLiteral("/panel.pw"));
        if (!pw.open(QIODevice::WriteOnly) || pw.write("panel-service-secret") < 0) {
            *error = QStringLiteral("cannot write the panel password file");
            return false;
        }
        pw.close();
        m_secretFile = dir + QStringLiteral("/panel.key");
        if (!Core::SignedToken::writeNewKeyFile(m_secretFile, error))
            return false;
        Panel::PanelConfig c = overrides;
        c.uris = {m_directory->uri()};
        c.base = m_directory->base().toString();
        c.passwordFile = pw.fileName();
        c.secretFile = m_secretFile;
        c.port = 0;
        c.workers = 2;
        if (const QString e = c.finish(); !e.isEmpty()) {
            *error = e;
            return false;
        }
        m_panel = std::make_unique<Panel::Panel>(c);
        Panel::addAllRoutes(*m_panel);
        if (!m_panel->start(error))
            return false;
        if (!QTest::qWaitFor([this] { return m_panel->isReady(); }, 15000)) {
            *error = QStringLiteral("the panel's cache did not get ready");
            return false;
        }
        return true;
    }

    Panel::Panel &panel() { return *m_panel; }
    TestDirectory &directory() { return m_directory; }
    [[nodiscard]] QString url() const { return m_panel->url(); }
    [[nodiscard]] QString secretFile() const { return m_secretFile; }
    std::unique_ptr<PanelClient> client() const { return std::make_unique<PanelClient>(url()); }
    // A logged-in client of `domain`'s owner.
    std::unique_ptr<PanelClient> owner(const QString &domain) const
    {
        auto c = client();
        if (!c->login(domain, ownerPassword(domain)))
            return nullptr;
        c->get(QStringLiteral("/dashboard"));
        return c;
    }
    // An administrator's root session (to check the directory behind the panel's back).
    std::unique_ptr<Core::DirectorySession> rootSession() const
    {
        return std::make_unique<Core::DirectorySession>(m_directory.rootSettings(), Core::Dit(m_directory.directory().base()));
    }

private:
    mutable TestDirectory m_directory;
    std::unique_ptr<Panel::Panel> m_panel;
    QString m_secretFile;
};

} // namespace Isp::Test

#define ISP_START_PANEL(fixture)                                                                                       \
    do {                                                                                                               \
        QString missing_;                                                                                              \
        if (!::Isp::Core::PrivateDirectory::toolsAvailable(&missing_))                                                 \
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing_));                                 \
        QString error_;                                                                                                \
        QVERIFY2((fixture).start(&error_), qPrintable(error_));                                                        \
    } while (false)
