// The panel over HTTPS with a configured certificate: it serves TLS only, its session cookie is
// Secure with the __Host- prefix, and it sends HSTS.
#include "panelfixture.h"

#include <QProcess>
#include <QSslCertificate>

using namespace Isp;
using namespace Isp::Test;

class TestPanelTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_cert = m_tmp.filePath(QStringLiteral("cert.pem"));
        m_key = m_tmp.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                                  QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                                                  QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                                                  QStringLiteral("-keyout"), m_key, QStringLiteral("-out"), m_cert});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        Panel::PanelConfig c;
        c.tlsCertificate = m_cert;
        c.tlsKey = m_key;
        QString missing;
        if (!Core::PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing));
        QString error;
        QVERIFY2(m_fixture.start(&error, c), qPrintable(error));
        QVERIFY(m_fixture.url().startsWith(QStringLiteral("https://127.0.0.1:")));
    }

    void servesTlsWithSecureCookies()
    {
        QFile f(m_cert);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromData(f.readAll(), QSsl::Pem));
        auto c = m_fixture.client();
        c->tls = tls;
        QVERIFY(c->login(QStringLiteral("example.com"), PanelFixture::ownerPassword(QStringLiteral("example.com"))));
        QVERIFY(c->cookies().contains("__Host-ispman"));
        QVERIFY(!c->cookies().contains("ispman"));
        const HttpResult r = c->get(QStringLiteral("/dashboard"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("strict-transport-security").startsWith("max-age="));
        // The cookie attributes say Secure.
        auto d = m_fixture.client();
        d->tls = tls;
        d->get(QStringLiteral("/login"));
        const HttpResult login = d->post(QStringLiteral("/login"), {{QStringLiteral("domain"), QStringLiteral("example.com")},
                                                                     {QStringLiteral("password"), PanelFixture::ownerPassword(QStringLiteral("example.com"))}});
        QVERIFY2(login.header("set-cookie").contains("; Secure"), login.header("set-cookie").constData());

        // Plain HTTP to the TLS port gets no page.
        auto plain = std::make_unique<PanelClient>(QString(m_fixture.url()).replace(QStringLiteral("https://"), QStringLiteral("http://")));
        QVERIFY(plain->get(QStringLiteral("/healthz")).status != 200);
    }

private:
    QTemporaryDir m_tmp;
    QString m_cert, m_key;
    PanelFixture m_fixture;
};

QTEST_MAIN(TestPanelTls)
#include "tst_paneltls.moc"
