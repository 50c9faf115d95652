// StartTLS against a slapd with a self-signed certificate: trusted when the client is given
// the certificate, refused (terminally, no endless retry) when it is not.
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"
#include "tests/support/testdirectory.h"

#include <QSignalSpy>
#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestLdapTls : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;

    Result<QString> whoAmI(LdapConnection &c)
    {
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo(QStringLiteral("/usr/bin/openssl")).isExecutable())
            QSKIP("openssl is not installed (scripts/install-deps)");
        ISP_START_DIRECTORY(m_dir, false, true);
        QVERIFY(!m_dir->certificateFile().isEmpty());
    }

    void startTlsWithTrustedCertificate()
    {
        LdapConnectionSettings s = m_dir.rootSettings();
        s.startTls = true;
        s.caCertificateFile = m_dir->certificateFile();
        LdapConnection c(s);
        auto r = whoAmI(c);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(LdapDn::parse(r->mid(3)).value(), m_dir->rootDn());
    }

    void untrustedCertificateIsTerminal()
    {
        LdapConnectionSettings s = m_dir.rootSettings();
        s.startTls = true; // no CA given: the self-signed certificate is not trusted
        LdapConnection c(s);
        QSignalSpy failed(&c, &LdapConnection::connectFailed);
        auto r = whoAmI(c);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().toString().contains(QLatin1String("StartTLS")), qPrintable(r.error().toString()));
        QVERIFY(!r.error().isRetryable());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(1).toBool(), false);
    }

    void plainConnectionStillWorks()
    {
        LdapConnection c(m_dir.rootSettings());
        QVERIFY(whoAmI(c).ok());
    }
};

QTEST_GUILESS_MAIN(TestLdapTls)
#include "tst_ldaptls.moc"
