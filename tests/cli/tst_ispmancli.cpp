// The `ispman` binary as a user runs it: `directory start/status/stop` on a detached slapd,
// and wrong arguments answered with a message naming the option and a non-zero exit.
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"

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

    Run ispman(const QStringList &args)
    {
        QProcess p;
        p.start(m_bin, args);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
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
        QCOMPARE(status.exitCode, 3);
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
