// Administrator and configuration-variable operations against a real slapd: admins with levels
// (what level 100 gates), hashed passwords that work for binds, self-service password changes,
// refusal to delete oneself or the last level-100 administrator (also against two concurrent
// deletes), and configuration values checked by their per-variable rules.
#include "core/ops/adminops.h"
#include "core/ops/confops.h"
#include "tests/support/testdirectory.h"

#include <QTest>
#include <QThread>

#include <latch>
#include <mutex>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestAdminConfOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s; // uid=ispman, level 100
    std::unique_ptr<DirectorySession> m_root; // the rootdn: not an administrator entry

    std::unique_ptr<DirectorySession> sessionAs(const QString &uid, const QByteArray &password)
    {
        LdapConnectionSettings st = m_dir->adminSettings();
        st.bindDn = m_s->dit().admin(uid).toString();
        st.password = password;
        st.autoReconnect = false;
        return std::make_unique<DirectorySession>(st, Dit(m_dir->base()));
    }

    bool canBind(const QString &uid, const QByteArray &password) { return sessionAs(uid, password)->whoAmI().ok(); }

    int adminCount()
    {
        auto l = AdminOps::list(*m_s);
        return l.ok() ? int(l->size()) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        m_root = std::make_unique<DirectorySession>(m_dir.rootSettings(), Dit(m_dir->base()));
    }

    void callerIsTheBoundAdmin()
    {
        auto me = AdminOps::caller(*m_s);
        QVERIFY(me.ok());
        QVERIFY(me->has_value());
        QCOMPARE((*me)->uid, QStringLiteral("ispman"));
        QCOMPARE((*me)->level, 100);
        auto root = AdminOps::caller(*m_root);
        QVERIFY(root.ok());
        QVERIFY(!root->has_value());
    }

    void addShowList()
    {
        auto a = AdminOps::add(*m_s,
            { QStringLiteral("Helpdesk"), QStringLiteral("Help Desk"), QStringLiteral("help@example.net"),
                QStringLiteral("30"), QStringLiteral("helpdesk password"), {} });
        QVERIFY2(a.ok(), qPrintable(a.error().message));
        QCOMPARE(a->uid, QStringLiteral("helpdesk"));
        QCOMPARE(a->level, 30);
        QCOMPARE(a->mail, QStringLiteral("help@example.net"));
        QVERIFY(a->passwordChanged.isValid());
        auto pw = m_s->read(m_s->dit().admin(QStringLiteral("helpdesk")), { QStringLiteral("userPassword") });
        QVERIFY((*pw)->value(QStringLiteral("userPassword")).startsWith("{ARGON2}"));
        QVERIFY(canBind(QStringLiteral("helpdesk"), "helpdesk password"));
        QVERIFY(!canBind(QStringLiteral("helpdesk"), "wrong password!"));

        auto dup = AdminOps::add(*m_s, { QStringLiteral("helpdesk"), {}, {}, QStringLiteral("10"), {}, {} });
        QCOMPARE(int(dup.error().kind), int(OpError::Kind::Conflict));
        auto list = AdminOps::list(*m_s);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).uid, QStringLiteral("helpdesk"));
        QCOMPARE(AdminOps::show(*m_s, QStringLiteral("ispman"))->level, 100);
        QCOMPARE(int(AdminOps::show(*m_s, QStringLiteral("nobody")).error().kind), int(OpError::Kind::NotFound));
    }

    void hostileAdminInputRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        const QString nul = QStringLiteral("a") + QChar(0);
        for (const char *f : { "uid", "mail", "level" }) {
            QTest::addRow("%s: filter injection", f) << QString(QLatin1String(f)) << QStringLiteral("*)(uid=*");
            QTest::addRow("%s: DN injection", f) << QString(QLatin1String(f)) << QStringLiteral("a,ou=x");
            QTest::addRow("%s: NUL", f) << QString(QLatin1String(f)) << nul;
            QTest::addRow("%s: newline", f) << QString(QLatin1String(f)) << QStringLiteral("a\nb");
            QTest::addRow("%s: bad UTF-8", f) << QString(QLatin1String(f)) << QString::fromUtf8("a\xff");
            QTest::addRow("%s: overlong", f) << QString(QLatin1String(f)) << QString(300, QLatin1Char('1'));
        }
        QTest::newRow("cn: NUL") << QStringLiteral("cn") << nul;
        QTest::newRow("cn: newline") << QStringLiteral("cn") << QStringLiteral("a\nb");
        QTest::newRow("cn: overlong") << QStringLiteral("cn") << QString(200, QLatin1Char('c'));
        QTest::newRow("level: 0") << QStringLiteral("level") << QStringLiteral("0");
        QTest::newRow("level: 101") << QStringLiteral("level") << QStringLiteral("101");
        QTest::newRow("level: empty") << QStringLiteral("level") << QString();
        QTest::newRow("uid: empty") << QStringLiteral("uid") << QString();
        QTest::newRow("password: short") << QStringLiteral("password") << QStringLiteral("2short");
        QTest::newRow("password: NUL") << QStringLiteral("password") << (QStringLiteral("long enough") + QChar(0));
    }

    void hostileAdminInputRefused()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        AdminOps::AdminSpec spec { QStringLiteral("newadmin"), QStringLiteral("New Admin"), {}, QStringLiteral("10"),
            {}, {} };
        if (field == QLatin1String("uid"))
            spec.uid = value;
        else if (field == QLatin1String("mail"))
            spec.mail = value;
        else if (field == QLatin1String("level"))
            spec.level = value;
        else if (field == QLatin1String("cn"))
            spec.cn = value;
        else
            spec.password = value;
        const int before = adminCount();
        auto r = AdminOps::add(*m_s, spec);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        QCOMPARE(adminCount(), before);
    }

    void levelsGateAdministration()
    {
        auto helpdesk = sessionAs(QStringLiteral("helpdesk"), "helpdesk password");
        auto add = AdminOps::add(*helpdesk, { QStringLiteral("sneaky"), {}, {}, QStringLiteral("100"), {}, {} });
        QCOMPARE(int(add.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY2(add.error().message.contains(QLatin1String("level 100")), qPrintable(add.error().message));
        AdminOps::AdminChange promote;
        promote.level = QStringLiteral("100");
        QCOMPARE(int(AdminOps::edit(*helpdesk, QStringLiteral("helpdesk"), promote).error().kind),
            int(OpError::Kind::NotAllowed));
        QCOMPARE(AdminOps::show(*m_s, QStringLiteral("helpdesk"))->level, 30);
        QCOMPARE(
            int(AdminOps::remove(*helpdesk, QStringLiteral("ispman")).error().kind), int(OpError::Kind::NotAllowed));
        QCOMPARE(
            int(AdminOps::setPassword(*helpdesk, QStringLiteral("ispman"), QStringLiteral("taken over!")).error().kind),
            int(OpError::Kind::NotAllowed));
        QCOMPARE(int(ConfOps::set(*helpdesk, QStringLiteral("menuMode"), QStringLiteral("search")).error().kind),
            int(OpError::Kind::NotAllowed));
        QCOMPARE(ConfOps::get(*m_s, QStringLiteral("menuMode"))->value, QStringLiteral("list"));
        // Reading is for every administrator.
        QVERIFY(AdminOps::list(*helpdesk).ok());
        QVERIFY(ConfOps::list(*helpdesk).ok());
        QCOMPARE(adminCount(), 2);
    }

    void selfServicePassword()
    {
        auto helpdesk = sessionAs(QStringLiteral("helpdesk"), "helpdesk password");
        auto noOld = AdminOps::setPassword(*helpdesk, QStringLiteral("helpdesk"), QStringLiteral("a new password"));
        QCOMPARE(noOld.error().field, QStringLiteral("old-password"));
        auto wrongOld = AdminOps::setPassword(
            *helpdesk, QStringLiteral("helpdesk"), QStringLiteral("a new password"), QStringLiteral("not my password"));
        QCOMPARE(wrongOld.error().field, QStringLiteral("old-password"));
        QVERIFY(canBind(QStringLiteral("helpdesk"), "helpdesk password"));
        auto ok = AdminOps::setPassword(*helpdesk, QStringLiteral("helpdesk"), QStringLiteral("a new password"),
            QStringLiteral("helpdesk password"));
        QVERIFY2(ok.ok(), qPrintable(ok.error().message));
        QVERIFY(canBind(QStringLiteral("helpdesk"), "a new password"));
        QVERIFY(!canBind(QStringLiteral("helpdesk"), "helpdesk password"));
        // A level-100 administrator sets it without the old one.
        QVERIFY(AdminOps::setPassword(*m_s, QStringLiteral("helpdesk"), QStringLiteral("reset by boss")).ok());
        QVERIFY(canBind(QStringLiteral("helpdesk"), "reset by boss"));
        auto weak = AdminOps::setPassword(*m_s, QStringLiteral("helpdesk"), QStringLiteral("helpdesk"));
        QCOMPARE(weak.error().field, QStringLiteral("password"));
    }

    void editLevelAndMail()
    {
        AdminOps::AdminChange c;
        c.level = QStringLiteral("70");
        c.mail = QStringLiteral("desk@example.net");
        auto a = AdminOps::edit(*m_s, QStringLiteral("helpdesk"), c);
        QVERIFY2(a.ok(), qPrintable(a.error().message));
        QCOMPARE(a->level, 70);
        QCOMPARE(a->mail, QStringLiteral("desk@example.net"));
        AdminOps::AdminChange clear;
        clear.mail = QString();
        QVERIFY(AdminOps::edit(*m_s, QStringLiteral("helpdesk"), clear)->mail.isEmpty());
        AdminOps::AdminChange bad;
        bad.level = QStringLiteral("1000");
        QCOMPARE(AdminOps::edit(*m_s, QStringLiteral("helpdesk"), bad).error().field, QStringLiteral("level"));
    }

    void noSelfDeletionAndNoLastFullAdmin()
    {
        auto self = AdminOps::remove(*m_s, QStringLiteral("ispman"));
        QCOMPARE(int(self.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(self.error().message.contains(QLatin1String("themselves")));
        // The rootdn is no administrator entry: only the last-level-100 rule stops it.
        auto last = AdminOps::remove(*m_root, QStringLiteral("ispman"));
        QCOMPARE(int(last.error().kind), int(OpError::Kind::Conflict));
        QVERIFY2(last.error().message.contains(QLatin1String("last administrator")), qPrintable(last.error().message));
        AdminOps::AdminChange demote;
        demote.level = QStringLiteral("99");
        QCOMPARE(
            int(AdminOps::edit(*m_root, QStringLiteral("ispman"), demote).error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(AdminOps::show(*m_s, QStringLiteral("ispman"))->level, 100);
        // With a second level-100 administrator both become possible.
        QVERIFY(AdminOps::add(*m_s, { QStringLiteral("boss2"), {}, {}, QStringLiteral("100"), {}, {} }).ok());
        QVERIFY(AdminOps::remove(*m_s, QStringLiteral("boss2")).ok());
        QVERIFY(AdminOps::remove(*m_s, QStringLiteral("helpdesk")).ok());
        QCOMPARE(adminCount(), 1);
    }

    void concurrentDeletesKeepAFullAdmin()
    {
        // Two level-100 administrators (x, y) besides a demoted ispman; two sessions delete one
        // each at the same moment: exactly one delete may succeed.
        for (int round = 0; round < 4; ++round) {
            QVERIFY(AdminOps::add(*m_root, { QStringLiteral("x"), {}, {}, QStringLiteral("100"), {}, {} }).ok());
            QVERIFY(AdminOps::add(*m_root, { QStringLiteral("y"), {}, {}, QStringLiteral("100"), {}, {} }).ok());
            AdminOps::AdminChange level;
            level.level = QStringLiteral("70");
            QVERIFY(AdminOps::edit(*m_root, QStringLiteral("ispman"), level).ok());

            std::mutex lock;
            std::vector<OpResult<Done>> results;
            std::latch ready(2);
            QList<QThread *> threads;
            for (const QString &victim : { QStringLiteral("x"), QStringLiteral("y") }) {
                threads << QThread::create([&, victim] {
                    DirectorySession s(m_dir.rootSettings(), Dit(m_dir->base()));
                    (void)s.whoAmI();
                    ready.arrive_and_wait();
                    auto r = AdminOps::remove(s, victim);
                    std::lock_guard guard(lock);
                    results.push_back(r);
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(120000));
                delete t;
            }
            QCOMPARE(int(results.size()), 2);
            const int succeeded = int(results.at(0).ok()) + int(results.at(1).ok());
            QCOMPARE(succeeded, 1);
            for (const auto &r : results) {
                if (!r.ok())
                    QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
            }
            auto list = AdminOps::list(*m_s);
            int full = 0;
            for (const Admin &a : std::as_const(*list))
                full += a.level == 100 ? 1 : 0;
            QCOMPARE(full, 1);
            // Back to the start: ispman alone at level 100.
            level.level = QStringLiteral("100");
            QVERIFY(AdminOps::edit(*m_root, QStringLiteral("ispman"), level).ok());
            for (const Admin &a : std::as_const(*list)) {
                if (a.uid != QLatin1String("ispman"))
                    QVERIFY(AdminOps::remove(*m_root, a.uid).ok());
            }
            QCOMPARE(adminCount(), 1);
        }
    }

    void confListAndGet()
    {
        auto all = ConfOps::list(*m_s);
        QVERIFY(all.ok());
        QVERIFY(all->size() > 80);
        auto dns = ConfOps::list(*m_s, QStringLiteral("dns_vars"));
        QVERIFY(dns.ok());
        QVERIFY(!dns->isEmpty());
        for (const ConfVariable &v : std::as_const(*dns))
            QCOMPARE(v.module, QStringLiteral("dns_vars"));
        QCOMPARE(int(ConfOps::list(*m_s, QStringLiteral("nosuch_vars")).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(ConfOps::list(*m_s, QStringLiteral("*)(x=*")).error().field, QStringLiteral("module"));

        auto v = ConfOps::get(*m_s, QStringLiteral("dnsSerialFormat"));
        QVERIFY(v.ok());
        QCOMPARE(v->value, QStringLiteral("date"));
        QCOMPARE(v->module, QStringLiteral("dns_vars"));
        QVERIFY(!v->question.isEmpty());
        QCOMPARE(int(ConfOps::get(*m_s, QStringLiteral("noSuchVariable")).error().kind), int(OpError::Kind::NotFound));
        for (const QString &hostile :
            { QStringLiteral("*)(ispmanVar=*"), QStringLiteral("a,ou=x"), QStringLiteral("a\nb"),
                QStringLiteral("a") + QChar(0), QString::fromUtf8("\xff"), QString(100, QLatin1Char('v')) })
            QCOMPARE(ConfOps::get(*m_s, hostile).error().field, QStringLiteral("variable"));
    }

    void confSetAccepted_data()
    {
        QTest::addColumn<QString>("var");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("stored");
        QTest::newRow("quota") << QStringLiteral("defaultUserMailQuota") << QStringLiteral("250")
                               << QStringLiteral("250");
        QTest::newRow("unlimited") << QStringLiteral("defaultMaxAccounts") << QStringLiteral("-1")
                                   << QStringLiteral("-1");
        QTest::newRow("limit") << QStringLiteral("defaultMaxVhosts") << QStringLiteral("20") << QStringLiteral("20");
        QTest::newRow("minutes") << QStringLiteral("agentReconcileMinutes") << QStringLiteral("15")
                                 << QStringLiteral("15");
        QTest::newRow("yes/no upper case")
            << QStringLiteral("allowCrossDomainAliases") << QStringLiteral("YES") << QStringLiteral("yes");
        QTest::newRow("serial format") << QStringLiteral("dnsSerialFormat") << QStringLiteral("timestamp")
                                       << QStringLiteral("timestamp");
        QTest::newRow("backend") << QStringLiteral("namedBackend") << QStringLiteral("bind9")
                                 << QStringLiteral("bind9");
        QTest::newRow("host pattern") << QStringLiteral("primaryDNS") << QStringLiteral("ns1.%%domain%%")
                                      << QStringLiteral("ns1.%%domain%%");
        QTest::newRow("host") << QStringLiteral("secondaryMX") << QStringLiteral("MX2.Example.NET")
                              << QStringLiteral("mx2.example.net");
        QTest::newRow("soa mail") << QStringLiteral("dnsMasterEmail") << QStringLiteral("hostmaster.%%domain%%")
                                  << QStringLiteral("hostmaster.%%domain%%");
        QTest::newRow("command") << QStringLiteral("namedReloadCommand")
                                 << QStringLiteral("/usr/sbin/rndc -c /etc/bind/rndc.conf reload")
                                 << QStringLiteral("/usr/sbin/rndc -c /etc/bind/rndc.conf reload");
        QTest::newRow("program only") << QStringLiteral("makeMapCommand") << QStringLiteral("/usr/local/sbin/postmap")
                                      << QStringLiteral("/usr/local/sbin/postmap");
        QTest::newRow("path") << QStringLiteral("namedConfFile") << QStringLiteral("/etc/bind/named.conf.local")
                              << QStringLiteral("/etc/bind/named.conf.local");
        QTest::newRow("relative folder") << QStringLiteral("namedPriDir") << QStringLiteral("primary/")
                                         << QStringLiteral("primary/");
        QTest::newRow("ip or star") << QStringLiteral("apacheVhostsIP") << QStringLiteral("192.0.2.80")
                                    << QStringLiteral("192.0.2.80");
        QTest::newRow("shells") << QStringLiteral("availableShells") << QStringLiteral("/bin/false /usr/bin/zsh")
                                << QStringLiteral("/bin/false /usr/bin/zsh");
        QTest::newRow("options") << QStringLiteral("apacheDocumentRootOptions")
                                 << QStringLiteral("*indexes,*FollowSymLinks")
                                 << QStringLiteral("*Indexes,*FollowSymLinks");
        QTest::newRow("root mail") << QStringLiteral("rootEmail") << QStringLiteral("noc@example.net")
                                   << QStringLiteral("noc@example.net");
        QTest::newRow("menu link") << QStringLiteral("customMenuLink")
                                   << QStringLiteral("https://status.example.net/|Status")
                                   << QStringLiteral("https://status.example.net/|Status");
        QTest::newRow("actions") << QStringLiteral("domainActions") << QStringLiteral("welcome.sh|Send a welcome mail")
                                 << QStringLiteral("welcome.sh|Send a welcome mail");
        QTest::newRow("free text") << QStringLiteral("webmailOrg") << QStringLiteral("Beispiel GmbH & Co. KG (Zürich)")
                                   << QStringLiteral("Beispiel GmbH & Co. KG (Zürich)");
        QTest::newRow("free text with LDAP syntax")
            << QStringLiteral("webmailFooter") << QStringLiteral("*)(ispmanVar=*") << QStringLiteral("*)(ispmanVar=*");
    }

    void confSetAccepted()
    {
        QFETCH(QString, var);
        QFETCH(QString, value);
        QFETCH(QString, stored);
        const QString before = ConfOps::get(*m_s, var)->value;
        auto c = ConfOps::set(*m_s, var, value);
        QVERIFY2(c.ok(), qPrintable(c.error().message));
        QCOMPARE(c->oldValue, before);
        QCOMPARE(c->newValue, stored);
        QCOMPARE(ConfOps::get(*m_s, var)->value, stored);
    }

    void confSetRefused_data()
    {
        QTest::addColumn<QString>("var");
        QTest::addColumn<QString>("value");
        const QString nul = QStringLiteral("a") + QChar(0);
        QTest::newRow("quota not a number") << QStringLiteral("defaultUserMailQuota") << QStringLiteral("50MB");
        QTest::newRow("quota negative") << QStringLiteral("defaultUserFtpQuota") << QStringLiteral("-1");
        QTest::newRow("minutes zero") << QStringLiteral("agentReconcileMinutes") << QStringLiteral("0");
        QTest::newRow("yes/no") << QStringLiteral("cyrusVirtDomainFeature") << QStringLiteral("maybe");
        QTest::newRow("serial format") << QStringLiteral("dnsSerialFormat") << QStringLiteral("epoch");
        QTest::newRow("backend") << QStringLiteral("namedBackend") << QStringLiteral("tinydns");
        QTest::newRow("host injection") << QStringLiteral("primaryMX") << QStringLiteral("*)(uid=*");
        QTest::newRow("host with DN syntax") << QStringLiteral("primaryDNS") << QStringLiteral("a,ou=x");
        QTest::newRow("host pattern typo") << QStringLiteral("primaryDNS") << QStringLiteral("ns1.%%domian%%");
        QTest::newRow("command relative") << QStringLiteral("namedReloadCommand") << QStringLiteral("rndc reload");
        QTest::newRow("command with ;") << QStringLiteral("namedReloadCommand")
                                        << QStringLiteral("/usr/sbin/rndc reload; rm -rf /");
        QTest::newRow("command with $()")
            << QStringLiteral("apacheReloadCommand") << QStringLiteral("/usr/sbin/apache2ctl $(id)");
        QTest::newRow("command with backticks")
            << QStringLiteral("apacheStopCommand") << QStringLiteral("/bin/sh -c `id`");
        QTest::newRow("command with pipe")
            << QStringLiteral("makeMapCommand") << QStringLiteral("/usr/sbin/postmap|/bin/sh");
        QTest::newRow("command with quotes")
            << QStringLiteral("smtpServerReloadCommand") << QStringLiteral("/usr/sbin/postfix 'reload'");
        QTest::newRow("command with redirect")
            << QStringLiteral("smtpServerReloadCommand") << QStringLiteral("/usr/sbin/postfix reload >/tmp/x");
        QTest::newRow("command with dotdot")
            << QStringLiteral("namedStartCommand") << QStringLiteral("/usr/sbin/../../tmp/evil");
        QTest::newRow("command with newline")
            << QStringLiteral("namedStopCommand") << QStringLiteral("/usr/sbin/rndc stop\n/bin/evil");
        QTest::newRow("command with NUL")
            << QStringLiteral("namedStopCommand") << (QStringLiteral("/usr/sbin/rndc") + QChar(0));
        QTest::newRow("command double space")
            << QStringLiteral("namedStopCommand") << QStringLiteral("/usr/sbin/rndc  stop");
        QTest::newRow("path relative") << QStringLiteral("namedDir") << QStringLiteral("etc/bind");
        QTest::newRow("path traversal") << QStringLiteral("defaultHomeDirectoryPath")
                                        << QStringLiteral("/var/www/../../etc");
        QTest::newRow("relative folder absolute") << QStringLiteral("namedSecDir") << QStringLiteral("/sec/");
        QTest::newRow("ip") << QStringLiteral("primaryDNSIP") << QStringLiteral("010.0.0.1");
        QTest::newRow("options All") << QStringLiteral("apacheScriptDirOptions") << QStringLiteral("All");
        QTest::newRow("features") << QStringLiteral("apacheVhostsFeatures") << QStringLiteral("*suexec,php");
        QTest::newRow("secret in config") << QStringLiteral("dbAdminPass") << QStringLiteral("s3cret-root-pw");
        QTest::newRow("base DN") << QStringLiteral("ldapBaseDN") << QStringLiteral("o=other");
        QTest::newRow("actions path") << QStringLiteral("vhostActions") << QStringLiteral("../../bin/sh|Shell");
        QTest::newRow("suspend directive")
            << QStringLiteral("apacheSuspendDirective") << QStringLiteral("Include /etc/shadow");
        QTest::newRow("url scheme") << QStringLiteral("webmailOrgURL") << QStringLiteral("javascript:alert(1)");
        QTest::newRow("user name") << QStringLiteral("namedUser") << QStringLiteral("root;id");
        QTest::newRow("free text NUL") << QStringLiteral("webmailOrg") << nul;
        QTest::newRow("free text newline") << QStringLiteral("webmailFooter") << QStringLiteral("line\nbreak");
        QTest::newRow("free text bad UTF-8") << QStringLiteral("webmailOrg") << QString::fromUtf8("Caf\xe9");
        QTest::newRow("free text overlong") << QStringLiteral("webmailOrg") << QString(2000, QLatin1Char('x'));
        QTest::newRow("empty") << QStringLiteral("menuMode") << QString();
    }

    void confSetRefused()
    {
        QFETCH(QString, var);
        QFETCH(QString, value);
        const QString before = ConfOps::get(*m_s, var)->value;
        auto c = ConfOps::set(*m_s, var, value);
        QVERIFY2(!c.ok(), "accepted");
        QCOMPARE(int(c.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(c.error().field, var);
        QVERIFY2(c.error().message.startsWith(var + QLatin1Char(':')), qPrintable(c.error().message));
        QVERIFY2(!c.error().message.contains(QLatin1Char('\n')) && !c.error().message.contains(QChar(0)),
            qPrintable(c.error().message));
        QCOMPARE(ConfOps::get(*m_s, var)->value, before);
    }

    void confSecretsAreNotEchoed()
    {
        auto r = ConfOps::checkValue(QStringLiteral("dbAdminPass"), QStringLiteral("hunter2hunter2"));
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.contains(QLatin1String("hunter2")));
        QVERIFY(ConfOps::checkValue(QStringLiteral("dbAdminPass"), QStringLiteral("none")).ok());
        QCOMPARE(ConfOps::ruleDescription(QStringLiteral("allowCrossDomainAliases")), QStringLiteral("yes or no"));
    }

    void confSetOnlyExisting()
    {
        auto r = ConfOps::set(*m_s, QStringLiteral("brandNewVariable"), QStringLiteral("x"));
        QCOMPARE(int(r.error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(r.error().field, QStringLiteral("variable"));
        auto found = m_s->find(
            m_s->dit().conf(), LdapFilter::equals(QStringLiteral("ispmanVar"), QStringLiteral("brandNewVariable")));
        QVERIFY(found->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAdminConfOps)
#include "tst_adminconfops.moc"
