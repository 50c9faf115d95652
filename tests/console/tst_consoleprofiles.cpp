// Connection profiles and the connection dialog: profiles survive a restart in their INI file and
// the password never lands there (keyring or nothing); the dialog, against the fixture's slapd,
// tells a wrong password, an unreachable server and an account that is no administrator apart,
// and accepts the sample admin with the settings that bound.
#include "tests/console/consolefixture.h"

#include "console/consoleapp.h"
#include "console/dialogs/connectiondialog.h"
#include "console/dialogs/profilestore.h"
#include "core/ops/domainops.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>

#include <tuple>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A loopback port nobody listens on: bound once to find it, then released.
int unusedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    return server.serverPort();
}

} // namespace

class TestConsoleProfiles : public QObject
{
    Q_OBJECT

private:
    ConnectionProfile adminProfile(const QString &name = QStringLiteral("sample"))
    {
        const LdapConnectionSettings admin = m_fx.directory()->adminSettings();
        ConnectionProfile p;
        p.name = name;
        p.uris = admin.uris;
        p.baseDn = m_fx.directory()->base().toString();
        p.bindDn = admin.bindDn;
        return p;
    }
    QString adminPassword() { return QString::fromUtf8(m_fx.directory()->adminSettings().password); }

    // Presses Connect and waits for the attempt's answer.
    bool attempt(ConnectionDialog &dialog)
    {
        QSignalSpy finished(&dialog, &ConnectionDialog::attemptFinished);
        dialog.findChild<QPushButton *>(QStringLiteral("connect"))->click();
        return QTest::qWaitFor([&] { return finished.count() > 0; }, 20000);
    }

private Q_SLOTS:
    void panelOptionsAreChecked()
    {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("panel.key"));
        const QString open = dir.filePath(QStringLiteral("open.key"));
        const QString shortKey = dir.filePath(QStringLiteral("short.key"));
        for (const auto &[path, content, perms] :
             {std::tuple{good, QByteArray(48, 'k'), QFileDevice::ReadOwner | QFileDevice::WriteOwner},
              std::tuple{open, QByteArray(48, 'k'), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther},
              std::tuple{shortKey, QByteArray("x"), QFileDevice::ReadOwner | QFileDevice::WriteOwner}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
            f.close();
            QVERIFY(f.setPermissions(perms));
        }
        auto ok = Console::checkPanelOptions(QStringLiteral("https://panel.example.net"), good);
        QVERIFY2(ok.ok(), qPrintable(ok.error().message));
        QCOMPARE(*ok, QByteArray(48, 'k'));
        QVERIFY(Console::checkPanelOptions({}, {}).ok());
        for (const auto &[url, key, field, words] :
             {std::tuple{QStringLiteral("ftp://panel"), QString(), "panel-url", "http(s)"},
              std::tuple{QStringLiteral("https://panel/?a=b"), QString(), "panel-url", "query"},
              std::tuple{QString(), dir.filePath(QStringLiteral("missing.key")), "panel-key-file", "does not exist"},
              std::tuple{QString(), open, "panel-key-file", "chmod 600"},
              std::tuple{QString(), shortKey, "panel-key-file", "at least"}}) {
            auto r = Console::checkPanelOptions(url, key);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().field, QString::fromLatin1(field));
            QVERIFY2(r.error().message.contains(QLatin1String(words)), qPrintable(r.error().message));
        }
    }

    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        ISP_START_CONSOLE(m_fx);
    }

    void profilesRoundTripInIni()
    {
        const QString ini = m_tmp.filePath(QStringLiteral("roundtrip.ini"));
        ConnectionProfile a = adminProfile(QStringLiteral("production"));
        a.uris = {QStringLiteral("ldap://ldap1.example.net"), QStringLiteral("ldaps://ldap2.example.net:636")};
        a.startTls = true;
        a.caFile = QStringLiteral("/etc/ssl/ispman-ca.pem");
        a.rememberPassword = true;
        ConnectionProfile b = adminProfile(QStringLiteral("lab"));
        {
            QSettings settings(ini, QSettings::IniFormat);
            ProfileStore store(&settings);
            store.setKeyringEnabled(false);
            QVERIFY(store.save(a).isEmpty());
            QVERIFY(store.save(b).isEmpty());
            QVERIFY(!store.save(ConnectionProfile{}).isEmpty()); // no name
            ConnectionProfile slash = b;
            slash.name = QStringLiteral("a/b");
            QVERIFY(!store.save(slash).isEmpty());
        }
        QSettings settings(ini, QSettings::IniFormat);
        ProfileStore store(&settings);
        QCOMPARE(store.names(), (QStringList{QStringLiteral("lab"), QStringLiteral("production")}));
        QCOMPARE(*store.profile(QStringLiteral("production")), a);
        QCOMPARE(*store.profile(QStringLiteral("lab")), b);
        store.setKeyringEnabled(false);
        store.remove(QStringLiteral("lab"));
        QCOMPARE(store.names(), QStringList{QStringLiteral("production")});
        QVERIFY(!store.profile(QStringLiteral("lab")));
    }

    void withoutKeyringTheDialogAsksEachTime()
    {
        const QString ini = m_tmp.filePath(QStringLiteral("nokeyring.ini"));
        QSettings settings(ini, QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringEnabled(false);
        QVERIFY(store.save(adminProfile()).isEmpty());
        ConnectionDialog dialog(&store);
        auto *remember = dialog.findChild<QCheckBox *>(QStringLiteral("remember"));
        QVERIFY(!remember->isEnabled());
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("keyringNote"))->isHidden());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("keyringNote"))->text().contains(QStringLiteral("asks for it each time")));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("password"))->text(), QString());
    }

    // The real keyring (QtKeychain): on a desktop it stores the password, on a headless machine it
    // reports that it cannot; either way the INI file never holds the password.
    void passwordNeverInIni()
    {
        const QString ini = m_tmp.filePath(QStringLiteral("keyring.ini"));
        QSettings settings(ini, QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringTimeout(4000);
        const QString name = QStringLiteral("ispman-test-%1").arg(QCoreApplication::applicationPid());
        QVERIFY(store.save(adminProfile(name)).isEmpty());
        ConnectionDialog dialog(&store);
        dialog.selectProfile(name);
        dialog.setPassword(adminPassword());
        auto *remember = dialog.findChild<QCheckBox *>(QStringLiteral("remember"));
        if (remember->isEnabled())
            remember->setChecked(true);
        QVERIFY(attempt(dialog));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        settings.sync();
        const QByteArray written = fileBytes(ini);
        QVERIFY(written.contains(name.toUtf8()));
        QVERIFY(!written.contains(adminPassword().toUtf8()));
        QVERIFY(!written.contains(adminPassword().toUtf8().toBase64()));
        if (store.canRememberPasswords()) {
            std::optional<ProfileStore::PasswordResult> read;
            store.readPassword(name, this, [&](ProfileStore::PasswordResult r) { read = r; });
            QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 6000);
            if (read->password)
                QCOMPARE(*read->password, adminPassword());
            store.remove(name); // and from the keyring
        } else {
            qInfo("no keyring here: %s", qPrintable(store.keyringError()));
            QVERIFY(!store.keyringError().isEmpty());
        }
    }

    void wrongPassword()
    {
        QSettings settings(m_tmp.filePath(QStringLiteral("dialog.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringEnabled(false);
        ConnectionDialog dialog(&store);
        dialog.preset(adminProfile(), QStringLiteral("not-the-password"));
        QVERIFY(attempt(dialog));
        QVERIFY2(dialog.message().contains(QStringLiteral("password is wrong")), qPrintable(dialog.message()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isConnecting());
    }

    void unreachableServer()
    {
        QSettings settings(m_tmp.filePath(QStringLiteral("dialog.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringEnabled(false);
        ConnectionDialog dialog(&store);
        dialog.setConnectTimeout(std::chrono::milliseconds(2000));
        ConnectionProfile p = adminProfile();
        const QString uri = QStringLiteral("ldap://127.0.0.1:%1").arg(unusedPort());
        p.uris = {uri};
        dialog.preset(p, adminPassword());
        QVERIFY(attempt(dialog));
        QVERIFY2(dialog.message().contains(QStringLiteral("cannot be reached")), qPrintable(dialog.message()));
        QVERIFY2(dialog.message().contains(uri), qPrintable(dialog.message()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void startTlsFailure()
    {
        // The fixture's slapd offers no TLS: StartTLS is refused, and said so.
        QSettings settings(m_tmp.filePath(QStringLiteral("dialog.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringEnabled(false);
        ConnectionDialog dialog(&store);
        ConnectionProfile p = adminProfile();
        p.startTls = true;
        dialog.preset(p, adminPassword());
        QVERIFY(attempt(dialog));
        QVERIFY2(dialog.message().contains(QStringLiteral("StartTLS failed")), qPrintable(dialog.message()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void domainOwnerIsNoAdmin()
    {
        const QString password = QStringLiteral("Owner-pass-example.com");
        auto set = DomainOps::setPassword(m_fx.otherSession(), QStringLiteral("example.com"), password);
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
        QSettings settings(m_tmp.filePath(QStringLiteral("dialog.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringEnabled(false);
        ConnectionDialog dialog(&store);
        ConnectionProfile p = adminProfile();
        p.bindDn = m_fx.dit().domain(QStringLiteral("example.com")).toString();
        dialog.preset(p, password);
        QVERIFY(attempt(dialog));
        QVERIFY2(dialog.message().contains(QStringLiteral("is not an ISPMan administrator")), qPrintable(dialog.message()));
        QVERIFY2(dialog.message().contains(QStringLiteral("owner of example.com")), qPrintable(dialog.message()));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void adminIsAccepted()
    {
        QSettings settings(m_tmp.filePath(QStringLiteral("dialog.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        store.setKeyringEnabled(false);
        QVERIFY(store.save(adminProfile(QStringLiteral("sample"))).isEmpty());
        ConnectionDialog dialog(&store);
        dialog.selectProfile(QStringLiteral("sample"));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("bindDn"))->text(), adminProfile().bindDn);
        dialog.findChild<QLineEdit *>(QStringLiteral("password"))->setText(adminPassword());
        QVERIFY(attempt(dialog));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const LdapConnectionSettings admin = m_fx.directory()->adminSettings();
        QCOMPARE(dialog.settings().uris, admin.uris);
        QCOMPARE(dialog.settings().bindDn, admin.bindDn);
        QCOMPARE(dialog.settings().password, admin.password);
        QCOMPARE(dialog.baseDn(), m_fx.directory()->base());
        // The settings work for the console's own sessions.
        DirectorySession session(dialog.settings(), Dit(dialog.baseDn()));
        QVERIFY(session.whoAmI().ok());
    }

private:
    QTemporaryDir m_tmp;
    Isp::Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleProfiles)
#include "tst_consoleprofiles.moc"
