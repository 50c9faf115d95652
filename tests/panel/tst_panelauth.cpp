// Login, sessions, CSRF, rate limits, login links, password change, security headers: the
// wrapper every route goes through, against the real panel and a real slapd.
#include "panelfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

using namespace Isp;
using namespace Isp::Test;

class TestPanelAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ISP_START_PANEL(m_fixture); }

    void anonymousIsSentToLogin()
    {
        auto c = m_fixture.client();
        const HttpResult r = c->get(QStringLiteral("/dashboard"));
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/login?next=%2Fdashboard"));
        const HttpResult login = c->get(r.location());
        QCOMPARE(login.status, 200);
        QCOMPARE(login.header("content-type"), QByteArray("text/html; charset=utf-8"));
        QVERIFY(login.text().contains(QStringLiteral("name=\"password\"")));
        QVERIFY(!c->csrf().isEmpty()); // the login form has its token too
    }

    void loginAndLogout()
    {
        auto c = m_fixture.client();
        c->get(QStringLiteral("/login"));
        HttpResult wrong = c->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.com")},
                                                               {QStringLiteral("password"), QStringLiteral("not-it")}});
        QCOMPARE(wrong.status, 401);
        QVERIFY(wrong.text().contains(QStringLiteral("The domain or its password is wrong.")));
        QVERIFY(!c->cookies().contains("ispman"));

        const HttpResult ok = c->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("EXAMPLE.com ")},
                                                                  {QStringLiteral("password"), PanelFixture::ownerPassword(QStringLiteral("example.com"))}});
        QCOMPARE(ok.status, 303);
        QCOMPARE(ok.location(), QStringLiteral("/dashboard"));
        const QByteArray setCookie = ok.header("set-cookie");
        QVERIFY2(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie.constData());
        QVERIFY(c->cookies().contains("ispman"));

        const HttpResult dash = c->get(QStringLiteral("/dashboard"));
        QCOMPARE(dash.status, 200);
        QVERIFY(dash.text().contains(QStringLiteral("example.com")));
        QVERIFY(dash.text().contains(QStringLiteral("Limits and usage")));
        QVERIFY(!dash.text().contains(QStringLiteral("example.org")));

        const HttpResult out = c->post(QStringLiteral("/logout"), {});
        QCOMPARE(out.status, 303);
        QVERIFY(!c->cookies().contains("ispman"));
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 303);
    }

    void securityHeaders()
    {
        auto c = m_fixture.owner(QStringLiteral("example.com"));
        QVERIFY(c);
        const HttpResult r = c->get(QStringLiteral("/dashboard"));
        QVERIFY(r.header("content-security-policy").contains("frame-ancestors 'none'"));
        QVERIFY(r.header("content-security-policy").contains("default-src 'none'"));
        QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(r.header("referrer-policy"), QByteArray("same-origin"));
        QCOMPARE(r.header("cache-control"), QByteArray("no-store"));
        const HttpResult css = c->get(QStringLiteral("/static/panel.css"));
        QCOMPARE(css.status, 200);
        QCOMPARE(css.header("content-type"), QByteArray("text/css; charset=utf-8"));
        QCOMPARE(c->get(QStringLiteral("/static/..%2Fpanel.h")).status, 404);
        QCOMPARE(c->get(QStringLiteral("/static/nothing.css")).status, 404);
        QCOMPARE(c->get(QStringLiteral("/no/such/page")).status, 404);
        QCOMPARE(c->get(QStringLiteral("/logout")).status, 405);
        QCOMPARE(c->get(QStringLiteral("/healthz")).status, 200);
    }

    void csrfAndOrigin()
    {
        auto c = m_fixture.owner(QStringLiteral("example.com"));
        QVERIFY(c);
        // Missing, empty and wrong tokens: 403, still logged in.
        QCOMPARE(c->postRaw(QStringLiteral("/logout"), QByteArray(), "application/x-www-form-urlencoded").status, 403);
        QCOMPARE(c->post(QStringLiteral("/logout"), {{QStringLiteral("_csrf"), QString()}}).status, 403);
        QCOMPARE(c->post(QStringLiteral("/logout"), {{QStringLiteral("_csrf"), QStringLiteral("AAAA")}}).status, 403);
        // Another session's token does not fit this one.
        auto other = m_fixture.owner(QStringLiteral("example.org"));
        QVERIFY(other);
        QCOMPARE(c->post(QStringLiteral("/logout"), {{QStringLiteral("_csrf"), other->csrf()}}).status, 403);
        // A form posted from another site.
        const QString token = c->csrf();
        QCOMPARE(c->postRaw(QStringLiteral("/logout"), "_csrf=" + QUrl::toPercentEncoding(token), "application/x-www-form-urlencoded",
                            {{"Origin", "http://evil.example"}}).status,
                 403);
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 200);
        // Other body types are refused before anything runs.
        QCOMPARE(c->postRaw(QStringLiteral("/logout"), "{}", "application/json").status, 415);
        // The login form needs its token as well.
        auto anon = m_fixture.client();
        const HttpResult r = anon->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.com")},
                                                                    {QStringLiteral("password"), PanelFixture::ownerPassword(QStringLiteral("example.com"))}});
        QCOMPARE(r.status, 403);
    }

    void tamperedAndExpiredSessions()
    {
        auto c = m_fixture.owner(QStringLiteral("example.com"));
        QVERIFY(c);
        QByteArray token = c->cookies().value("ispman");
        const qsizetype dot = token.indexOf('.');
        QVERIFY(dot > 0);
        // Swap the claims for another domain's, keep the signature.
        QJsonObject claims{{QStringLiteral("d"), QStringLiteral("example.org")}, {QStringLiteral("id"), QStringLiteral("x")},
                           {QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch()}, {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 600}};
        const QByteArray forged = QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + token.mid(dot);
        c->cookies().insert("ispman", forged);
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 303);
        c->cookies().insert("ispman", token.left(token.size() - 2) + "xx");
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 303);

        // Signed with the right key but expired.
        QString error;
        const auto key = Core::SignedToken::readKeyFile(m_fixture.secretFile(), &error);
        QVERIFY2(key, qPrintable(error));
        const QJsonObject old{{QStringLiteral("d"), QStringLiteral("example.com")}, {QStringLiteral("id"), QStringLiteral("y")},
                              {QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch() - 7200}};
        c->cookies().insert("ispman", Core::SignedToken::sign(*key, QStringLiteral("session"), old, QDateTime::currentDateTimeUtc().addSecs(-5)));
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 303);
        // Past the maximum age even though "exp" was stretched.
        const QJsonObject ancient{{QStringLiteral("d"), QStringLiteral("example.com")}, {QStringLiteral("id"), QStringLiteral("z")},
                                  {QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch() - 13 * 3600}};
        c->cookies().insert("ispman", Core::SignedToken::sign(*key, QStringLiteral("session"), ancient, QDateTime::currentDateTimeUtc().addSecs(600)));
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 303);
        // A login link is not a session.
        c->cookies().insert("ispman", Core::SignedToken::sign(*key, QStringLiteral("login"), {{QStringLiteral("d"), QStringLiteral("example.com")}},
                                                                QDateTime::currentDateTimeUtc().addSecs(60)));
        QCOMPARE(c->get(QStringLiteral("/dashboard")).status, 303);
    }

    void loginLinks()
    {
        QString error;
        const auto key = Core::SignedToken::readKeyFile(m_fixture.secretFile(), &error);
        QVERIFY2(key, qPrintable(error));
        auto c = m_fixture.client();
        const QByteArray link = Core::SignedToken::sign(*key, QStringLiteral("login"),
                                                        {{QStringLiteral("d"), QStringLiteral("example.org")}, {QStringLiteral("by"), QStringLiteral("uid=ispman,ou=admins")}},
                                                        QDateTime::currentDateTimeUtc().addSecs(60));
        const HttpResult r = c->get(QStringLiteral("/login/link?t=") + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(link))));
        QCOMPARE(r.status, 303);
        const HttpResult dash = c->get(QStringLiteral("/dashboard"));
        QCOMPARE(dash.status, 200);
        QVERIFY(dash.text().contains(QStringLiteral("example.org")));
        QVERIFY(dash.text().contains(QStringLiteral("opened by uid=ispman,ou=admins")));

        auto d = m_fixture.client();
        const QByteArray expired = Core::SignedToken::sign(*key, QStringLiteral("login"), {{QStringLiteral("d"), QStringLiteral("example.org")}},
                                                           QDateTime::currentDateTimeUtc().addSecs(-1));
        QCOMPARE(d->get(QStringLiteral("/login/link?t=") + QString::fromLatin1(expired)).status, 403);
        const QByteArray session = Core::SignedToken::sign(*key, QStringLiteral("session"), {{QStringLiteral("d"), QStringLiteral("example.org")}},
                                                           QDateTime::currentDateTimeUtc().addSecs(60));
        QCOMPARE(d->get(QStringLiteral("/login/link?t=") + QString::fromLatin1(session)).status, 403);
        QCOMPARE(d->get(QStringLiteral("/dashboard")).status, 303);
    }

    void changePassword()
    {
        const QString domain = QStringLiteral("example.org");
        auto c = m_fixture.owner(domain);
        QVERIFY(c);
        QCOMPARE(c->get(QStringLiteral("/password")).status, 200);
        HttpResult r = c->post(QStringLiteral("/password"), {{QStringLiteral("current"), QStringLiteral("wrong")},
                                                              {QStringLiteral("password"), QStringLiteral("A-new-Pass-2026")},
                                                              {QStringLiteral("confirm"), QStringLiteral("A-new-Pass-2026")}});
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("current: the current password is wrong")));
        r = c->post(QStringLiteral("/password"), {{QStringLiteral("current"), PanelFixture::ownerPassword(domain)},
                                                   {QStringLiteral("password"), QStringLiteral("A-new-Pass-2026")},
                                                   {QStringLiteral("confirm"), QStringLiteral("Another-one-2026")}});
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("aria-invalid")));
        r = c->post(QStringLiteral("/password"), {{QStringLiteral("current"), PanelFixture::ownerPassword(domain)},
                                                   {QStringLiteral("password"), QStringLiteral("A-new-Pass-2026")},
                                                   {QStringLiteral("confirm"), QStringLiteral("A-new-Pass-2026")}});
        QCOMPARE(r.status, 303);
        auto fresh = m_fixture.client();
        QVERIFY(!fresh->login(domain, PanelFixture::ownerPassword(domain)));
        QVERIFY(fresh->login(domain, QStringLiteral("A-new-Pass-2026")));
        // Back as it was, for the other tests.
        fresh->get(QStringLiteral("/password"));
        r = fresh->post(QStringLiteral("/password"), {{QStringLiteral("current"), QStringLiteral("A-new-Pass-2026")},
                                                       {QStringLiteral("password"), PanelFixture::ownerPassword(domain)},
                                                       {QStringLiteral("confirm"), PanelFixture::ownerPassword(domain)}});
        QCOMPARE(r.status, 303);
    }

    void hostileInputToTheWrapper()
    {
        auto c = m_fixture.client();
        c->get(QStringLiteral("/login"));
        const QByteArray csrf = "_csrf=" + QUrl::toPercentEncoding(c->csrf());
        // Bad UTF-8 is refused as a whole, before any handler.
        QCOMPARE(c->postRaw(QStringLiteral("/login"), csrf + "&domain=ex%FFample.com&password=x", "application/x-www-form-urlencoded").status, 400);
        // Too large.
        QCOMPARE(c->postRaw(QStringLiteral("/login"), csrf + "&domain=" + QByteArray(70000, 'a'), "application/x-www-form-urlencoded").status, 413);
        // Script, injection strings and overlong names: refused by the domain rule, never echoed raw.
        const QStringList hostile{QStringLiteral("<script>alert(1)</script>"), QStringLiteral("*)(ispmanDomain=*"),
                                  QStringLiteral("example.com,ou=x"), QStringLiteral("../../etc/passwd"), QString(10000, QLatin1Char('a')),
                                  QStringLiteral("\"x\" onmouseover=\"alert(1)")};
        for (const QString &h : hostile) {
            const HttpResult r = c->post(QStringLiteral("/login"), {{QStringLiteral("domain"), h}, {QStringLiteral("password"), QStringLiteral("x")}});
            QCOMPARE(r.status, 422);
            QVERIFY2(!r.text().contains(QStringLiteral("<script>")), qPrintable(h.left(40)));
            QVERIFY(!r.text().contains(QStringLiteral("\" onmouseover")));
            QVERIFY(r.text().contains(QStringLiteral("domain")));
        }
        // After login, "next" only leads to a path of this site.
        for (const QString &next : {QStringLiteral("//evil.example/x"), QStringLiteral("https://evil.example/"), QStringLiteral("/a\r\nSet-Cookie: x=y"),
                                    QStringLiteral("/../../x")}) {
            auto d = m_fixture.client();
            d->get(QStringLiteral("/login"));
            const HttpResult r = d->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.org")},
                                                                     {QStringLiteral("password"), PanelFixture::ownerPassword(QStringLiteral("example.org"))},
                                                                     {QStringLiteral("next"), next}});
            QCOMPARE(r.status, 303);
            QCOMPARE(r.location(), QStringLiteral("/dashboard"));
        }
        auto e = m_fixture.client();
        e->get(QStringLiteral("/login?next=%2Fdns"));
        const HttpResult r = e->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.org")},
                                                                 {QStringLiteral("password"), PanelFixture::ownerPassword(QStringLiteral("example.org"))},
                                                                 {QStringLiteral("next"), QStringLiteral("/dns")}});
        QCOMPARE(r.location(), QStringLiteral("/dns"));
    }

    void clientsThatLeaveBeforeTheAnswer()
    {
        // Logins are answered after LDAP work on a worker thread; clients that hang up first
        // must not crash the server (Qt 6.4's QHttpServer did, platform-notes §3).
        auto c = m_fixture.client();
        c->get(QStringLiteral("/login"));
        QByteArray cookie;
        for (auto it = c->cookies().cbegin(); it != c->cookies().cend(); ++it)
            cookie += it.key() + '=' + it.value() + "; ";
        const QByteArray body = "_csrf=" + QUrl::toPercentEncoding(c->csrf()) + "&domain=example.org&password="
            + QUrl::toPercentEncoding(PanelFixture::ownerPassword(QStringLiteral("example.org")));
        const QUrl url(m_fixture.url());
        for (int i = 0; i < 20; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, quint16(url.port()));
            QVERIFY(s.waitForConnected(5000));
            s.write("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: " + cookie
                    + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(s.waitForBytesWritten(5000));
            QTest::qWait(1);
            s.abort();
        }
        QTest::qWait(1500); // the logins finish meanwhile, for nobody
        auto d = m_fixture.client();
        QCOMPARE(d->get(QStringLiteral("/healthz")).status, 200);
        QVERIFY(m_fixture.owner(QStringLiteral("example.org")));
    }

    void pagesFollowTheDirectoryAndCarryTheirOwnToken()
    {
        // Pages are kept rendered while the directory does not change: a change made elsewhere
        // (here core as root, as the CLI would) shows on the next view, and every session gets
        // its own CSRF token in the page.
        auto a = m_fixture.owner(QStringLiteral("example.com"));
        auto b = m_fixture.owner(QStringLiteral("example.com"));
        QVERIFY(a && b);
        const HttpResult first = a->get(QStringLiteral("/dashboard"));
        const QString tokenA = a->csrf();
        QCOMPARE(a->get(QStringLiteral("/dashboard")).body, first.body);
        const HttpResult other = b->get(QStringLiteral("/dashboard"));
        QVERIFY(!tokenA.isEmpty() && !b->csrf().isEmpty() && tokenA != b->csrf());
        QVERIFY(other.text().contains(b->csrf()) && !other.text().contains(tokenA));
        QVERIFY(!first.text().contains(QStringLiteral("csrf-mark-")));
        QVERIFY(first.text().contains(QStringLiteral("<td>2</td>")) || first.text().contains(QStringLiteral(">2<")));

        auto root = m_fixture.rootSession();
        Core::DomainOps::DomainChange change;
        change.maxAccounts = QStringLiteral("77");
        QVERIFY(Core::DomainOps::edit(*root, QStringLiteral("example.com"), change).ok());
        QVERIFY(QTest::qWaitFor([&] { return a->get(QStringLiteral("/dashboard")).text().contains(QStringLiteral("77")); }, 5000));
        change.maxAccounts = QStringLiteral("-1");
        QVERIFY(Core::DomainOps::edit(*root, QStringLiteral("example.com"), change).ok());
    }

    void rateLimit()
    {
        // Run last: example.net has no password, so every attempt fails.
        auto c = m_fixture.client();
        c->get(QStringLiteral("/login"));
        int limited = 0;
        for (int i = 0; i < 6; ++i) {
            const HttpResult r = c->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.com")},
                                                                     {QStringLiteral("password"), QStringLiteral("guess-%1").arg(i)}});
            if (r.status == 429) {
                ++limited;
                QVERIFY(!r.header("retry-after").isEmpty());
            }
        }
        QCOMPARE(limited, 1); // the sixth
        // Even the right password is refused now, for this account.
        const HttpResult r = c->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.com")},
                                                                 {QStringLiteral("password"), PanelFixture::ownerPassword(QStringLiteral("example.com"))}});
        QCOMPARE(r.status, 429);
        // Another account from the same address still may.
        QVERIFY(m_fixture.owner(QStringLiteral("example.org")));
    }

private:
    PanelFixture m_fixture;
};

QTEST_MAIN(TestPanelAuth)
#include "tst_panelauth.moc"
