// `ispman panel link` as an administrator runs it: the printed link carries a token signed with
// the panel's key that names the domain and the administrator, expires when --minutes says, and
// opens the domain's dashboard in the real panel (over a real socket, against the same slapd);
// a domain owner of another domain is refused; a missing, readable-by-others or short key file
// and bad arguments give clear errors and no link.
#include "core/acl/signedtoken.h"
#include "tests/panel/panelfixture.h"
#include "tests/support/clirunner.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

using namespace Isp;
using Isp::Test::CliRunner;
using Isp::Test::HttpResult;
using Isp::Test::PanelFixture;
using namespace Qt::StringLiterals;

class TestPanelCli : public QObject
{
    Q_OBJECT

private:
    PanelFixture m_fixture;
    CliRunner m_cli;
    QTemporaryDir m_tmp;
    QByteArray m_key;
    const QString m_url = u"https://panel.example.net"_s;

    QString file(const QString &name, const QByteArray &content)
    {
        return CliRunner::writeFile(m_tmp.path() + u'/' + name, content);
    }
    // The token of a printed link, after checking the link's form.
    QByteArray tokenOf(const QString &link)
    {
        const QString prefix = m_url + u"/login/link?t="_s;
        if (!link.startsWith(prefix))
            return {};
        return QUrlQuery(QUrl(link).query()).queryItemValue(u"t"_s, QUrl::FullyDecoded).toLatin1();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cli.init(&error), qPrintable(error));
        ISP_START_PANEL(m_fixture);
        QVERIFY(m_tmp.isValid());
        // `ispman --directory` binds as the private directory's bootstrap administrator.
        m_cli.setDirectory(m_fixture.directory().folder());
        const auto key = Core::SignedToken::readKeyFile(m_fixture.secretFile(), &error);
        QVERIFY2(key, qPrintable(error));
        m_key = *key;
    }

    void linkOpensTheDomainsPanel()
    {
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const CliRunner::Run r = m_cli.json({ u"panel"_s, u"link"_s, u"EXAMPLE.com"_s, u"--secret-file"_s,
            m_fixture.secretFile(), u"--url"_s, m_url + u'/' });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = r.object();
        QCOMPARE(o.value(u"domain"_s).toString(), u"example.com"_s);
        const QByteArray token = tokenOf(o.value(u"url"_s).toString());
        QVERIFY2(!token.isEmpty(), qPrintable(o.value(u"url"_s).toString()));

        const auto claims = Core::SignedToken::verify(m_key, u"login"_s, token);
        QVERIFY(claims);
        QCOMPARE(claims->value(u"d"_s).toString(), u"example.com"_s);
        const auto by = Core::LdapDn::parse(claims->value(u"by"_s).toString());
        QVERIFY(by);
        QCOMPARE(by->normalized(), m_fixture.directory()->adminDn().normalized());
        QCOMPARE(o.value(u"by"_s).toString(), claims->value(u"by"_s).toString());
        const qint64 exp = qint64(claims->value(u"exp"_s).toDouble());
        QVERIFY2(exp >= before + 120 && exp <= QDateTime::currentSecsSinceEpoch() + 120,
            qPrintable(QString::number(exp - before)));
        // Not a session, and not valid under another key.
        QVERIFY(!Core::SignedToken::verify(m_key, u"session"_s, token));
        QVERIFY(!Core::SignedToken::verify(QByteArray(48, 'k'), u"login"_s, token));

        // The real panel accepts it: the browser lands on example.com's dashboard, which names
        // the administrator who opened it.
        auto browser = m_fixture.client();
        const HttpResult opened = browser->get(
            u"/login/link?t="_s + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(token))));
        QCOMPARE(opened.status, 303);
        QCOMPARE(opened.location(), u"/dashboard"_s);
        const HttpResult dashboard = browser->get(u"/dashboard"_s);
        QCOMPARE(dashboard.status, 200);
        QVERIFY(dashboard.text().contains(u"example.com"_s));
        QVERIFY(dashboard.text().contains(u"opened by "_s));
        // And a session of example.com only.
        QCOMPARE(m_fixture.client()->get(u"/dashboard"_s).status, 303);
    }

    void textOutputIsTheLinkAlone()
    {
        const CliRunner::Run r = m_cli.exec({ u"--directory"_s, m_cli.directory(), u"panel"_s, u"link"_s,
            u"example.org"_s, u"--secret-file"_s, m_fixture.secretFile(), u"--url"_s, m_url, u"--minutes"_s, u"10"_s });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.endsWith('\n'));
        QCOMPARE(r.out.count('\n'), 1);
        const QByteArray token = tokenOf(QString::fromUtf8(r.out.trimmed()));
        const auto claims = Core::SignedToken::verify(m_key, u"login"_s, token);
        QVERIFY(claims);
        QCOMPARE(claims->value(u"d"_s).toString(), u"example.org"_s);
        const qint64 left = qint64(claims->value(u"exp"_s).toDouble()) - QDateTime::currentSecsSinceEpoch();
        QVERIFY2(left > 540 && left <= 600, qPrintable(QString::number(left)));
    }

    void ownerOfAnotherDomainIsRefused()
    {
        const QString pw = file(u"org.pw"_s, PanelFixture::ownerPassword(u"example.org"_s).toUtf8());
        const QString base = m_fixture.directory()->base().toString();
        const QStringList asOrgOwner { u"--uri"_s, m_fixture.directory()->uri(), u"--base"_s, base, u"--bind-dn"_s,
            u"ispmanDomain=example.org,"_s + base, u"--password-file"_s, pw };
        const CliRunner::Run r = m_cli.exec(asOrgOwner
            + QStringList { u"panel"_s, u"link"_s, u"example.com"_s, u"--secret-file"_s, m_fixture.secretFile(),
                u"--url"_s, m_url });
        // Refused as core refuses a domain owner anything of another domain: as if it did not
        // exist, so that existence does not leak.
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, QByteArray("ispman: domain: example.com does not exist\n"));
        QVERIFY(r.out.isEmpty());
        // Its own domain's link it may have: the owner may manage its content anyway.
        const CliRunner::Run own = m_cli.exec(asOrgOwner
            + QStringList { u"--json"_s, u"panel"_s, u"link"_s, u"example.org"_s, u"--secret-file"_s,
                m_fixture.secretFile(), u"--url"_s, m_url });
        QVERIFY2(own.exitCode == 0, own.err.constData());
        const auto claims
            = Core::SignedToken::verify(m_key, u"login"_s, tokenOf(own.object().value(u"url"_s).toString()));
        QVERIFY(claims);
        QCOMPARE(claims->value(u"by"_s).toString().toLower(), (u"ispmanDomain=example.org,"_s + base).toLower());
    }

    void badKeyFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("mode"); // -1: the file does not exist
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("missing") << u"missing.key"_s << QByteArray() << -1 << QByteArray("does not exist");
        QTest::newRow("readable by others")
            << u"open.key"_s << QByteArray(48, 'x') << 0644 << QByteArray("may be read by others");
        QTest::newRow("too short") << u"short.key"_s << QByteArray("0123456789") << 0600 << QByteArray("at least 32");
    }

    void badKeyFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(int, mode);
        QFETCH(QByteArray, message);
        QString path = m_tmp.path() + u'/' + name;
        if (mode >= 0) {
            path = file(name, content);
            QVERIFY(!path.isEmpty());
            const QFile::Permissions owner = QFile::ReadOwner | QFile::WriteOwner;
            QVERIFY(QFile::setPermissions(path, mode == 0644 ? owner | QFile::ReadGroup | QFile::ReadOther : owner));
        }
        const CliRunner::Run r
            = m_cli.json({ u"panel"_s, u"link"_s, u"example.com"_s, u"--secret-file"_s, path, u"--url"_s, m_url });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith("ispman: secret-file: "), r.err.constData());
        QVERIFY2(r.err.contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("minutes above 10")
            << QStringList { u"example.com"_s, u"--minutes"_s, u"11"_s } << 2 << QByteArray("--minutes");
        QTest::newRow("minutes 0") << QStringList { u"example.com"_s, u"--minutes"_s, u"0"_s } << 2
                                   << QByteArray("--minutes");
        QTest::newRow("not http") << QStringList { u"example.com"_s, u"--url"_s, u"ftp://panel.example.net"_s } << 2
                                  << QByteArray("--url");
        QTest::newRow("url with a query")
            << QStringList { u"example.com"_s, u"--url"_s, u"https://p.example.net/?x=1"_s } << 2
            << QByteArray("--url");
        QTest::newRow("unknown domain") << QStringList { u"nosuch.example"_s } << 1 << QByteArray("does not exist");
        QTest::newRow("invalid domain") << QStringList { u"a,ou=x"_s } << 1 << QByteArray("ispman: domain:");
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const CliRunner::Run r
            = m_cli.json(QStringList { u"panel"_s, u"link"_s, u"--secret-file"_s, m_fixture.secretFile() } + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPanelCli)
#include "tst_panelcli.moc"
