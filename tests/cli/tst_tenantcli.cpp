// `ispman reseller|client|admin|conf` as a user runs them against a private directory: JSON
// output parsed back, refusals with exit 1 and "ispman: <field>: ..." on stderr, passwords read
// from files (never argv) and usable for a bind, and argv that is not UTF-8.
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;

class TestTenantCli : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_tmp;
    QString m_dir;
    QJsonObject m_info; // ispman directory status --json

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        [[nodiscard]] QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
        [[nodiscard]] QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
    };

    Run exec(const QString &program, const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        p.start(program, args);
        p.write(stdinData);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // ispman with the private directory and --json.
    Run ispman(const QStringList &args, const QByteArray &stdinData = {})
    {
        return exec(
            m_bin, QStringList { QStringLiteral("--directory"), m_dir, QStringLiteral("--json") } + args, stdinData);
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_tmp.path() + QLatin1Char('/') + name);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return f.fileName();
    }

    bool canBind(const QString &dn, const QByteArray &password)
    {
        LdapConnectionSettings s;
        s.uris = QStringList { m_info.value(QStringLiteral("uri")).toString() };
        s.bindDn = dn;
        s.password = password;
        s.autoReconnect = false;
        LdapConnection c(s);
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok();
    }

    static QString n(qint64 v) { return QString::number(v); }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("ISPMAN_BIN");
        QVERIFY2(QFileInfo(m_bin).isExecutable(), "ISPMAN_BIN must name the built ispman binary");
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing));
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path() + QStringLiteral("/directory");
        Run started = exec(m_bin,
            { QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), m_dir,
                QStringLiteral("--json") });
        QVERIFY2(started.exitCode == 0, started.err.constData());
        m_info = started.object();
        QVERIFY(m_info.value(QStringLiteral("running")).toBool());
        QVERIFY(QFile::exists(m_bin));
        QVERIFY(ispman({ QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("mail1.example.net") }).exitCode
            == 0);
    }

    void cleanupTestCase()
    {
        if (!m_dir.isEmpty())
            exec(m_bin, { QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), m_dir });
    }

    void resellersAndClients()
    {
        const QString pw = writeFile(QStringLiteral("reseller.pw"), "reseller secret\n");
        Run added = ispman({ QStringLiteral("reseller"), QStringLiteral("add"), QStringLiteral("Example Reseller"),
            QStringLiteral("--mail"), QStringLiteral("rita@example.org"), QStringLiteral("--country"),
            QStringLiteral("ch"), QStringLiteral("--max-clients"), QStringLiteral("1"), QStringLiteral("--login"),
            QStringLiteral("rita"), QStringLiteral("--new-password-file"), pw });
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject reseller = added.object();
        const qint64 rid = reseller.value(QStringLiteral("id")).toInteger();
        QVERIFY(rid > 0);
        QCOMPARE(reseller.value(QStringLiteral("name")).toString(), QStringLiteral("Example Reseller"));
        QCOMPARE(reseller.value(QStringLiteral("contact")).toObject().value(QStringLiteral("country")).toString(),
            QStringLiteral("CH"));
        QCOMPARE(reseller.value(QStringLiteral("maxClients")).toInteger(), 1);
        QCOMPARE(reseller.value(QStringLiteral("passwordSet")).toBool(), true);
        const QString resellerDn = QStringLiteral("ispmanResellerId=%1,ou=ispman,%2")
                                       .arg(rid)
                                       .arg(m_info.value(QStringLiteral("base")).toString());
        QVERIFY(canBind(resellerDn, "reseller secret"));

        // --password-file is the option's name (--new-password-file above its older alias), "-"
        // the first line of stdin; an empty password is refused and changes nothing.
        Run passwd = ispman({ QStringLiteral("reseller"), QStringLiteral("passwd"), n(rid),
                                QStringLiteral("--password-file"), QStringLiteral("-") },
            "reseller secret 2\nnot this line\n");
        QVERIFY2(passwd.exitCode == 0, passwd.err.constData());
        QVERIFY(!passwd.out.contains("reseller secret"));
        QVERIFY(canBind(resellerDn, "reseller secret 2"));
        const QString emptyPw = writeFile(QStringLiteral("empty.pw"), "\n");
        Run empty = ispman({ QStringLiteral("reseller"), QStringLiteral("passwd"), n(rid),
            QStringLiteral("--password-file"), emptyPw });
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.err.startsWith("ispman: password-file: the password is empty"), empty.err.constData());
        QVERIFY(canBind(resellerDn, "reseller secret 2"));

        // The password comes from stdin too.
        Run client
            = ispman({ QStringLiteral("client"), QStringLiteral("add"), n(rid), QStringLiteral("Carl's Bakery"),
                         QStringLiteral("--login"), QStringLiteral("carl"), QStringLiteral("--new-password-file"),
                         QStringLiteral("-"), QStringLiteral("--mail-host"), QStringLiteral("mail1.example.net") },
                "bread and butter\n");
        QVERIFY2(client.exitCode == 0, client.err.constData());
        const qint64 cid = client.object().value(QStringLiteral("id")).toInteger();
        QCOMPARE(client.object().value(QStringLiteral("resellerId")).toInteger(), rid);
        QCOMPARE(client.object().value(QStringLiteral("hosts")).toObject().value(QStringLiteral("mail")).toString(),
            QStringLiteral("mail1.example.net"));
        QVERIFY(canBind(QStringLiteral("ispmanClientId=%1,%2").arg(cid).arg(resellerDn), "bread and butter"));

        // The limit: exit 1, nothing written.
        Run second = ispman({ QStringLiteral("client"), QStringLiteral("add"), n(rid), QStringLiteral("Second") });
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.startsWith("ispman: reseller: reseller ") && second.err.contains("at most 1"),
            second.err.constData());

        Run shown = ispman({ QStringLiteral("reseller"), QStringLiteral("show"), n(rid) });
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(shown.object().value(QStringLiteral("clientCount")).toInt(), 1);
        QCOMPARE(shown.object()
                     .value(QStringLiteral("clients"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Carl's Bakery"));
        Run listed = ispman({ QStringLiteral("reseller"), QStringLiteral("list") });
        QCOMPARE(listed.array().size(), 1);
        Run text
            = exec(m_bin, { QStringLiteral("--directory"), m_dir, QStringLiteral("reseller"), QStringLiteral("list") });
        QVERIFY2(text.out.contains("Example Reseller") && text.out.contains("1/1 clients"), text.out.constData());

        Run edited
            = ispman({ QStringLiteral("reseller"), QStringLiteral("edit"), n(rid), QStringLiteral("--max-clients"),
                QStringLiteral("3"), QStringLiteral("--phone"), QStringLiteral("+41 44 000 00 00") });
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        QCOMPARE(edited.object().value(QStringLiteral("maxClients")).toInteger(), 3);

        Run other = ispman({ QStringLiteral("reseller"), QStringLiteral("add"), QStringLiteral("Other Reseller") });
        const qint64 rid2 = other.object().value(QStringLiteral("id")).toInteger();
        Run moved
            = ispman({ QStringLiteral("client"), QStringLiteral("move"), n(cid), QStringLiteral("--to"), n(rid2) });
        QVERIFY2(moved.exitCode == 0, moved.err.constData());
        QCOMPARE(moved.object().value(QStringLiteral("resellerId")).toInteger(), rid2);
        Run perReseller
            = ispman({ QStringLiteral("client"), QStringLiteral("list"), QStringLiteral("--reseller"), n(rid2) });
        QCOMPARE(perReseller.array().size(), 1);

        Run suspended = ispman({ QStringLiteral("reseller"), QStringLiteral("suspend"), n(rid) });
        QCOMPARE(suspended.object().value(QStringLiteral("status")).toString(), QStringLiteral("suspended"));
        Run refused = ispman({ QStringLiteral("client"), QStringLiteral("add"), n(rid), QStringLiteral("Nope") });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("suspended"));
        QCOMPARE(ispman({ QStringLiteral("reseller"), QStringLiteral("resume"), n(rid) }).exitCode, 0);

        Run busy = ispman({ QStringLiteral("reseller"), QStringLiteral("delete"), n(rid2) });
        QCOMPARE(busy.exitCode, 1);
        QVERIFY(busy.err.contains("client"));
        QCOMPARE(ispman({ QStringLiteral("client"), QStringLiteral("delete"), n(cid) }).exitCode, 0);
        Run gone = ispman({ QStringLiteral("reseller"), QStringLiteral("delete"), n(rid2) });
        QCOMPARE(gone.exitCode, 0);
        QCOMPARE(gone.object().value(QStringLiteral("deleted")).toInteger(), rid2);
        Run missing = ispman({ QStringLiteral("client"), QStringLiteral("show"), n(cid) });
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("does not exist"));
    }

    void refusedInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("filter injection in login") << QStringList { QStringLiteral("reseller"), QStringLiteral("add"),
            QStringLiteral("X"), QStringLiteral("--login"), QStringLiteral("*)(uid=*") }
                                                   << QStringLiteral("ispman: login:");
        QTest::newRow("DN injection in mail") << QStringList { QStringLiteral("reseller"), QStringLiteral("add"),
            QStringLiteral("X"), QStringLiteral("--mail"), QStringLiteral("a,ou=x") }
                                              << QStringLiteral("ispman: mail:");
        QTest::newRow("newline in name") << QStringList { QStringLiteral("reseller"), QStringLiteral("add"),
            QStringLiteral("a\nb") } << QStringLiteral("ispman: name:");
        QTest::newRow("id not a number") << QStringList { QStringLiteral("reseller"), QStringLiteral("show"),
            QStringLiteral("1 OR 1") } << QStringLiteral("ispman: id:");
        QTest::newRow("id zero") << QStringList { QStringLiteral("client"), QStringLiteral("show"),
            QStringLiteral("0") } << QStringLiteral("ispman: id:");
        QTest::newRow("unknown host") << QStringList { QStringLiteral("client"), QStringLiteral("add"),
            QStringLiteral("1"), QStringLiteral("X"), QStringLiteral("--web-host"),
            QStringLiteral("ghost.example.net") }
                                      << QStringLiteral("ispman: web-host:");
        QTest::newRow("admin level") << QStringList { QStringLiteral("admin"), QStringLiteral("add"),
            QStringLiteral("bob"), QStringLiteral("--level"), QStringLiteral("500") }
                                     << QStringLiteral("ispman: level:");
        QTest::newRow("conf command") << QStringList { QStringLiteral("conf"), QStringLiteral("set"),
            QStringLiteral("namedReloadCommand"), QStringLiteral("rndc reload; reboot") }
                                      << QStringLiteral("ispman: namedReloadCommand:");
        QTest::newRow("conf unknown") << QStringList { QStringLiteral("conf"), QStringLiteral("get"),
            QStringLiteral("nothing") }
                                      << QStringLiteral("ispman: variable:");
        QTest::newRow("self delete") << QStringList { QStringLiteral("admin"), QStringLiteral("delete"),
            QStringLiteral("ispman") }
                                     << QStringLiteral("ispman: not allowed:");
        const QString emptyPw = writeFile(QStringLiteral("empty-row.pw"), QByteArray());
        QTest::newRow("admin add: empty password file") << QStringList { QStringLiteral("admin"), QStringLiteral("add"),
            QStringLiteral("bob"), QStringLiteral("--level"), QStringLiteral("10"), QStringLiteral("--password-file"),
            emptyPw } << QStringLiteral("ispman: password-file: the password is empty");
        QTest::newRow("admin add: empty stdin") << QStringList { QStringLiteral("admin"), QStringLiteral("add"),
            QStringLiteral("bob"), QStringLiteral("--level"), QStringLiteral("10"),
            QStringLiteral("--new-password-file"), QStringLiteral("-") }
                                                << QStringLiteral("ispman: password-file: the password is empty");
        QTest::newRow("admin passwd: no old password file") << QStringList { QStringLiteral("admin"),
            QStringLiteral("passwd"), QStringLiteral("ispman"), QStringLiteral("--password-file"),
            writeFile(QStringLiteral("new-row.pw"), "a new password\n"), QStringLiteral("--old-password-file"),
            m_tmp.path() + QStringLiteral("/none") } << QStringLiteral("ispman: old-password-file: cannot read");
    }

    void refusedInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, prefix);
        Run r = ispman(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).startsWith(prefix), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void argvThatIsNotUtf8()
    {
        // QProcess passes QStrings; a shell gets the raw bytes to ispman.
        Run r = exec(QStringLiteral("/bin/sh"),
            { QStringLiteral("-c"),
                QStringLiteral("exec \"$0\" --directory \"$1\" reseller add \"$(printf 'Caf\\351')\""), m_bin, m_dir });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith("ispman: name:") && r.err.contains("UTF-8"), r.err.constData());
        const QString badPw = writeFile(QStringLiteral("bad.pw"), "caf\xe9-password\n");
        Run pw = ispman({ QStringLiteral("reseller"), QStringLiteral("add"), QStringLiteral("Y"),
            QStringLiteral("--login"), QStringLiteral("yy"), QStringLiteral("--new-password-file"), badPw });
        QCOMPARE(pw.exitCode, 1);
        QVERIFY2(pw.err.startsWith("ispman: password:"), pw.err.constData());
        QVERIFY(!pw.err.contains("caf"));
        QCOMPARE(ispman({ QStringLiteral("reseller"), QStringLiteral("list") }).array().size(), 1);
    }

    void adminsAndPasswords()
    {
        const QString pw = writeFile(QStringLiteral("desk.pw"), "helpdesk password\n");
        Run added = ispman({ QStringLiteral("admin"), QStringLiteral("add"), QStringLiteral("desk"),
            QStringLiteral("--level"), QStringLiteral("30"), QStringLiteral("--mail"),
            QStringLiteral("desk@example.net"), QStringLiteral("--new-password-file"), pw });
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QCOMPARE(added.object().value(QStringLiteral("level")).toInt(), 30);
        Run list = ispman({ QStringLiteral("admin"), QStringLiteral("list") });
        QCOMPARE(list.array().size(), 2);

        // Bound as desk (level 30): no configuration changes; its own password with the old one.
        const QStringList asDesk { QStringLiteral("--uri"), m_info.value(QStringLiteral("uri")).toString(),
            QStringLiteral("--base"), m_info.value(QStringLiteral("base")).toString(), QStringLiteral("--bind-dn"),
            QStringLiteral("uid=desk,ou=admins,") + m_info.value(QStringLiteral("base")).toString(),
            QStringLiteral("--password-file"), pw, QStringLiteral("--json") };
        Run denied = exec(m_bin,
            asDesk
                + QStringList { QStringLiteral("conf"), QStringLiteral("set"), QStringLiteral("menuMode"),
                    QStringLiteral("search") });
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("level 100"), denied.err.constData());
        const QString newPw = writeFile(QStringLiteral("desk.new"), "another password\n");
        Run noOld = exec(m_bin,
            asDesk
                + QStringList { QStringLiteral("admin"), QStringLiteral("passwd"), QStringLiteral("desk"),
                    QStringLiteral("--new-password-file"), newPw });
        QCOMPARE(noOld.exitCode, 1);
        QVERIFY(noOld.err.startsWith("ispman: old-password:"));
        Run self = exec(m_bin,
            asDesk
                + QStringList { QStringLiteral("admin"), QStringLiteral("passwd"), QStringLiteral("desk"),
                    QStringLiteral("--new-password-file"), newPw, QStringLiteral("--old-password-file"), pw });
        QVERIFY2(self.exitCode == 0, self.err.constData());
        QVERIFY(canBind(QStringLiteral("uid=desk,ou=admins,") + m_info.value(QStringLiteral("base")).toString(),
            "another password"));

        Run edited = ispman({ QStringLiteral("admin"), QStringLiteral("edit"), QStringLiteral("desk"),
            QStringLiteral("--level"), QStringLiteral("70") });
        QCOMPARE(edited.object().value(QStringLiteral("level")).toInt(), 70);
        QCOMPARE(ispman({ QStringLiteral("admin"), QStringLiteral("delete"), QStringLiteral("desk") }).exitCode, 0);
    }

    void configuration()
    {
        Run get = ispman({ QStringLiteral("conf"), QStringLiteral("get"), QStringLiteral("dnsSerialFormat") });
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(get.object().value(QStringLiteral("value")).toString(), QStringLiteral("date"));
        QCOMPARE(get.object().value(QStringLiteral("rule")).toString(), QStringLiteral("date or timestamp"));
        Run set = ispman({ QStringLiteral("conf"), QStringLiteral("set"), QStringLiteral("dnsSerialFormat"),
            QStringLiteral("timestamp") });
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QCOMPARE(set.object().value(QStringLiteral("old")).toString(), QStringLiteral("date"));
        QCOMPARE(set.object().value(QStringLiteral("new")).toString(), QStringLiteral("timestamp"));
        Run text = exec(m_bin,
            { QStringLiteral("--directory"), m_dir, QStringLiteral("conf"), QStringLiteral("set"),
                QStringLiteral("namedReloadCommand"), QStringLiteral("/usr/sbin/rndc -c /etc/bind/rndc.conf reload") });
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QCOMPARE(text.out,
            QByteArray("namedReloadCommand: /usr/sbin/rndc reload -> /usr/sbin/rndc -c /etc/bind/rndc.conf reload\n"));
        // A value starting with '-' after "--".
        Run negative = ispman({ QStringLiteral("conf"), QStringLiteral("set"), QStringLiteral("defaultMaxVhosts"),
            QStringLiteral("--"), QStringLiteral("-1") });
        QVERIFY2(negative.exitCode == 0, negative.err.constData());
        QCOMPARE(negative.object().value(QStringLiteral("new")).toString(), QStringLiteral("-1"));
        Run module = ispman({ QStringLiteral("conf"), QStringLiteral("list"), QStringLiteral("dns_vars") });
        QCOMPARE(module.exitCode, 0);
        QVERIFY(module.array().size() > 10);
        for (const QJsonValue &v : module.array())
            QCOMPARE(v.toObject().value(QStringLiteral("module")).toString(), QStringLiteral("dns_vars"));
    }
};

QTEST_GUILESS_MAIN(TestTenantCli)
#include "tst_tenantcli.moc"
