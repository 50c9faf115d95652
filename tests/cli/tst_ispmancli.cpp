// The `ispman` binary as a user runs it: `directory start/status/stop` on a detached slapd,
// and wrong arguments answered with a message naming the option and a non-zero exit.
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

class TestIspmanCli : public QObject
{
    Q_OBJECT

private:
    QString m_bin;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Run ispman(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        p.start(m_bin, args);
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

    // uri, base and adminDn of a running private directory.
    QJsonObject directoryInfo(const QString &dir)
    {
        return QJsonDocument::fromJson(
                   ispman({QStringLiteral("directory"), QStringLiteral("status"), QStringLiteral("--dir"), dir, QStringLiteral("--json")}).out)
            .object();
    }

    static bool canBind(const QJsonObject &info, const QString &dn, const QByteArray &password)
    {
        LdapConnectionSettings s;
        s.uris = QStringList{info.value(QStringLiteral("uri")).toString()};
        s.bindDn = dn;
        s.password = password;
        s.autoReconnect = false;
        LdapConnection c(s);
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("ISPMAN_BIN");
        QVERIFY2(QFileInfo(m_bin).isExecutable(), "ISPMAN_BIN must name the built ispman binary");
    }

    void wrongArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no command") << QStringList{} << QStringLiteral("subcommand");
        QTest::newRow("start without --dir") << QStringList{QStringLiteral("directory"), QStringLiteral("start")} << QStringLiteral("--dir");
        QTest::newRow("port out of range")
            << QStringList{QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), QStringLiteral("/tmp/x"),
                           QStringLiteral("--port"), QStringLiteral("70000")}
            << QStringLiteral("--port");
        QTest::newRow("base not a DN")
            << QStringList{QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), QStringLiteral("/tmp/ispman-cli-never"),
                           QStringLiteral("--base"), QStringLiteral("not a dn")}
            << QStringLiteral("--base");
        QTest::newRow("status of a folder without instance")
            << QStringList{QStringLiteral("directory"), QStringLiteral("status"), QStringLiteral("--dir"), QStringLiteral("/tmp")}
            << QStringLiteral("instance.ini");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("frobnicate");
    }

    void wrongArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = ispman(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err + r.out).contains(mentions), (r.err + r.out).constData());
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/ispman-cli-never")));
    }

    void hostCommandsEndToEnd()
    {
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing));
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/directory");
        QCOMPARE(ispman({QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), dir}).exitCode, 0);
        const QStringList conn = {QStringLiteral("--directory"), dir, QStringLiteral("--json")};

        Run added = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("web1.example.net"),
                                              QStringLiteral("--ip"), QStringLiteral("192.0.2.10"), QStringLiteral("--group"),
                                              QStringLiteral("httpgroup")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject host = QJsonDocument::fromJson(added.out).object();
        QCOMPARE(host.value(QStringLiteral("name")).toString(), QStringLiteral("web1.example.net"));
        QCOMPARE(host.value(QStringLiteral("groups")).toArray().first().toString(), QStringLiteral("httpgroup"));

        Run listed = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 1);

        // Global options may also come after the subcommand.
        Run shown = ispman({QStringLiteral("host"), QStringLiteral("show"), QStringLiteral("web1.example.net"), QStringLiteral("--directory"), dir});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY(shown.out.contains("192.0.2.10"));

        // The agent's password ("-": the first line of stdin); the agent binds with it. An empty
        // password is refused.
        const QJsonObject info = directoryInfo(dir);
        const QString base = info.value(QStringLiteral("base")).toString();
        Run agent = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("passwd"), QStringLiteral("web1.example.net"),
                                              QStringLiteral("--password-file"), QStringLiteral("-")},
                           "agent-secret-1\n");
        QVERIFY2(agent.exitCode == 0, agent.err.constData());
        QVERIFY(!agent.out.contains("agent-secret"));
        const QString agentDn = QStringLiteral("ispmanHostName=web1.example.net,ou=hosts,") + base;
        QVERIFY(canBind(info, agentDn, "agent-secret-1"));
        QFile emptyPw(tmp.path() + QStringLiteral("/empty.pw"));
        QVERIFY(emptyPw.open(QIODevice::WriteOnly));
        emptyPw.close();
        Run emptyAgent = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("passwd"), QStringLiteral("web1.example.net"),
                                                   QStringLiteral("--password-file"), emptyPw.fileName()});
        QCOMPARE(emptyAgent.exitCode, 1);
        QVERIFY2(emptyAgent.err.startsWith("ispman: password-file: the password is empty"), emptyAgent.err.constData());
        QVERIFY(canBind(info, agentDn, "agent-secret-1"));

        // Service accounts: created by their first password, listed, deleted.
        Run service = ispman(conn + QStringList{QStringLiteral("service"), QStringLiteral("passwd"), QStringLiteral("postfix"),
                                                QStringLiteral("--password-file"), QStringLiteral("-")},
                             "postfix-secret-1\n");
        QVERIFY2(service.exitCode == 0, service.err.constData());
        const QString serviceDn = QJsonDocument::fromJson(service.out).object().value(QStringLiteral("dn")).toString();
        QCOMPARE(serviceDn, QStringLiteral("cn=postfix,ou=services,") + base);
        QVERIFY(canBind(info, serviceDn, "postfix-secret-1"));
        Run services = ispman(conn + QStringList{QStringLiteral("service"), QStringLiteral("list")});
        QCOMPARE(services.exitCode, 0);
        QStringList existing;
        for (const QJsonValue &v : QJsonDocument::fromJson(services.out).array()) {
            if (v.toObject().value(QStringLiteral("exists")).toBool())
                existing << v.toObject().value(QStringLiteral("name")).toString();
        }
        QCOMPARE(existing, QStringList{QStringLiteral("postfix")});
        Run emptyService = ispman(conn + QStringList{QStringLiteral("service"), QStringLiteral("passwd"), QStringLiteral("dovecot"),
                                                     QStringLiteral("--password-file"), QStringLiteral("-")});
        QCOMPARE(emptyService.exitCode, 1);
        QVERIFY2(emptyService.err.startsWith("ispman: password-file: the password is empty"), emptyService.err.constData());
        QCOMPARE(ispman(conn + QStringList{QStringLiteral("service"), QStringLiteral("delete"), QStringLiteral("postfix")}).exitCode, 0);
        QVERIFY(!canBind(info, serviceDn, "postfix-secret-1"));

        // Refused input: exit 1, the field and rule on stderr, nothing written.
        Run bad = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("*)(x=*")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.startsWith("ispman: name:"), bad.err.constData());
        Run missingHost = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("delete"), QStringLiteral("ghost")});
        QCOMPARE(missingHost.exitCode, 1);
        QVERIFY(missingHost.err.contains("does not exist"));
        Run groups = ispman(conn + QStringList{QStringLiteral("hostgroup"), QStringLiteral("delete"), QStringLiteral("httpgroup")});
        QCOMPARE(groups.exitCode, 1);
        QVERIFY(groups.err.contains("web1.example.net"));

        Run deleted = ispman(conn + QStringList{QStringLiteral("host"), QStringLiteral("delete"), QStringLiteral("web1.example.net")});
        QCOMPARE(deleted.exitCode, 0);

        // Wrong password: refused (1); directory down: unreachable (3).
        QFile pw(tmp.path() + QStringLiteral("/pw"));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("wrong\n");
        pw.close();
        const QStringList explicitConn = {QStringLiteral("--uri"), info.value(QStringLiteral("uri")).toString(), QStringLiteral("--base"),
                                          info.value(QStringLiteral("base")).toString(), QStringLiteral("--bind-dn"),
                                          info.value(QStringLiteral("adminDn")).toString(), QStringLiteral("--password-file"), pw.fileName()};
        Run denied = ispman(explicitConn + QStringList{QStringLiteral("host"), QStringLiteral("list")});
        QCOMPARE(denied.exitCode, 1);
        QVERIFY2(denied.err.contains("invalidCredentials"), denied.err.constData());
        QCOMPARE(ispman({QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), dir}).exitCode, 0);
        Run down = ispman(explicitConn + QStringList{QStringLiteral("host"), QStringLiteral("list")});
        QCOMPARE(down.exitCode, 3);
        Run noUri = ispman({QStringLiteral("host"), QStringLiteral("list"), QStringLiteral("--config"), QStringLiteral("/nonexistent.conf")});
        QCOMPARE(noUri.exitCode, 1);
        QVERIFY(noUri.err.contains("config:"));
    }

    void domainCommandsEndToEnd()
    {
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing));
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/directory");
        QCOMPARE(ispman({QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), dir, QStringLiteral("--sample")}).exitCode, 0);
        const QStringList conn = {QStringLiteral("--directory"), dir, QStringLiteral("--json")};
        QFile pw(tmp.path() + QStringLiteral("/owner.pw"));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("owner-secret-9\n");
        pw.close();

        Run added = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("shop.example"),
                                              QStringLiteral("--owner"), QStringLiteral("Ada"), QStringLiteral("--max-accounts"),
                                              QStringLiteral("20"), QStringLiteral("--password-file"), pw.fileName()});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject d = QJsonDocument::fromJson(added.out).object();
        QCOMPARE(d.value(QStringLiteral("type")).toString(), QStringLiteral("primary"));
        QCOMPARE(d.value(QStringLiteral("maxAccounts")).toInt(), 20);
        const QJsonObject info = directoryInfo(dir);
        const QString ownerDn = QStringLiteral("ispmanDomain=shop.example,") + info.value(QStringLiteral("base")).toString();
        QVERIFY(canBind(info, ownerDn, "owner-secret-9"));

        // The owner's password from stdin ("-": its first line); an empty one is refused.
        Run passwd = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("passwd"), QStringLiteral("shop.example"),
                                               QStringLiteral("--password-file"), QStringLiteral("-")},
                            "owner-secret-10\n");
        QVERIFY2(passwd.exitCode == 0, passwd.err.constData());
        QVERIFY(canBind(info, ownerDn, "owner-secret-10"));
        Run emptyPasswd = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("passwd"), QStringLiteral("shop.example"),
                                                    QStringLiteral("--password-file"), QStringLiteral("-")},
                                 "\n");
        QCOMPARE(emptyPasswd.exitCode, 1);
        QVERIFY2(emptyPasswd.err.startsWith("ispman: password-file: the password is empty"), emptyPasswd.err.constData());
        QVERIFY(canBind(info, ownerDn, "owner-secret-10"));

        Run replica = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("shop.test"),
                                                QStringLiteral("--type"), QStringLiteral("replica"), QStringLiteral("--master"), QStringLiteral("shop.example")});
        QVERIFY2(replica.exitCode == 0, replica.err.constData());
        Run shown = ispman({QStringLiteral("domain"), QStringLiteral("show"), QStringLiteral("shop.example"), QStringLiteral("--directory"), dir});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.contains("replicas:  shop.test"), shown.out.constData());
        Run listed = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("list"), QStringLiteral("--type"), QStringLiteral("replica")});
        QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 2); // the sample's example.net and shop.test

        // The work queued for the hosts, as an operator sees it.
        Run queued = ispman(conn + QStringList{QStringLiteral("process"), QStringLiteral("list"), QStringLiteral("--domain"), QStringLiteral("shop.example")});
        QCOMPARE(queued.exitCode, 0);
        QStringList names;
        for (const QJsonValue &p : QJsonDocument::fromJson(queued.out).array())
            names << p.toObject().value(QStringLiteral("process")).toString() + QLatin1Char('@') + p.toObject().value(QStringLiteral("host")).toString();
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("createDomainDirectories@web1.example.net"), QStringLiteral("modifyDomain@ns1.example.net")}));

        Run bad = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("add"), QStringLiteral("evil.example"),
                                            QStringLiteral("--max-vhosts"), QStringLiteral("many")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.startsWith("ispman: max-vhosts:"), bad.err.constData());
        Run blocked = ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("delete"), QStringLiteral("shop.example")});
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY(blocked.err.contains("shop.test"));
        QCOMPARE(ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("delete"), QStringLiteral("shop.test")}).exitCode, 0);
        QCOMPARE(ispman(conn + QStringList{QStringLiteral("domain"), QStringLiteral("delete"), QStringLiteral("shop.example")}).exitCode, 0);
        QCOMPARE(ispman({QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), dir}).exitCode, 0);
    }

    void startStatusStop()
    {
        QString missing;
        if (!PrivateDirectory::toolsAvailable(&missing))
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing));
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/directory");
        Run started = ispman({QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), dir, QStringLiteral("--sample"),
                              QStringLiteral("--json"), QStringLiteral("--admin-password"), QStringLiteral("demo-pass")});
        QVERIFY2(started.exitCode == 0, started.err.constData());
        const QJsonObject info = QJsonDocument::fromJson(started.out).object();
        QCOMPARE(info.value(QStringLiteral("running")).toBool(), true);
        const QString uri = info.value(QStringLiteral("uri")).toString();
        QVERIFY(uri.startsWith(QLatin1String("ldap://127.0.0.1:")));

        // The printed credentials work, and slapd outlives the command that started it.
        LdapConnectionSettings s;
        s.uris = QStringList{uri};
        s.bindDn = info.value(QStringLiteral("adminDn")).toString();
        s.password = "demo-pass";
        {
            LdapConnection c(s);
            auto me = ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
            QVERIFY2(me.ok(), qPrintable(me.error().toString()));
        }

        Run again = ispman({QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), dir});
        QVERIFY(again.exitCode != 0);
        QVERIFY(again.err.contains("already running"));

        Run status = ispman({QStringLiteral("directory"), QStringLiteral("status"), QStringLiteral("--dir"), dir});
        QCOMPARE(status.exitCode, 0);
        QVERIFY(status.out.contains(uri.toUtf8()));

        Run stopped = ispman({QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), dir});
        QCOMPARE(stopped.exitCode, 0);
        status = ispman({QStringLiteral("directory"), QStringLiteral("status"), QStringLiteral("--dir"), dir});
        QVERIFY2(status.exitCode == 3, (QByteArray::number(status.exitCode) + ' ' + status.out + status.err).constData());
        QVERIFY(status.out.contains("stopped"));

        // Started again: same port, same data.
        Run restarted = ispman({QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), dir, QStringLiteral("--json")});
        QVERIFY2(restarted.exitCode == 0, restarted.err.constData());
        QCOMPARE(QJsonDocument::fromJson(restarted.out).object().value(QStringLiteral("uri")).toString(), uri);
        QCOMPARE(ispman({QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), dir}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestIspmanCli)
#include "tst_ispmancli.moc"
