// The MariaDB handler against a real slapd with the sample ISP, as the agent of web1.example.net,
// and a real, private MariaDB server the test starts in its temporary folder (unix socket only,
// no network). Databases added through core get their database, one account per client host
// pattern with the stored hash (the customer logs in with the password), exactly the listed
// privileges (SHOW GRANTS; '_' in the name is no wildcard); running again changes nothing; edits
// of the hosts and privileges, password changes, renamed users and deletions reach the server;
// hostile values written straight into the directory fail the process with nothing changed in
// MariaDB; a database moved to another host is left alone; the agent may use a password file;
// reconcile recreates what was dropped by hand and reports strays without dropping them.
//
// Skipped (visibly) when mariadbd, mariadb-install-db or the mariadb client is not installed.
#include "agent/handlers/mariadbclient.h"
#include "agent/handlers/mariadbhandler.h"
#include "agent/handlers/mariadbsql.h"
#include "core/model/database.h"
#include "core/ops/databaseops.h"
#include "core/ops/domainops.h"
#include "tests/agent/handlerfixture.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <sys/prctl.h>

using namespace Isp;
using namespace Isp::Core;

namespace {

const QString ThisHost = QStringLiteral("web1.example.net");
const QString OtherHost = QStringLiteral("mail1.example.net");
const QString TestDomain = QStringLiteral("dbs.example");
const QString Shop = QStringLiteral("dbs_example_shop");
const QString ShopPassword = QStringLiteral("Shop-password-1");
const QString ShopPassword2 = QStringLiteral("Shop-password-2");

QString osUser()
{
    const struct passwd *pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QStringLiteral("root");
}

QString findProgram(const QString &name)
{
    QString p = QStandardPaths::findExecutable(name);
    if (p.isEmpty())
        p = QStandardPaths::findExecutable(name, { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin") });
    return p;
}

struct Reply
{
    bool ok = false;
    QStringList lines;
    QString error;
};

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestMariadbHandler : public QObject
{
    Q_OBJECT

private:
    Test::HandlerFixture m_fx;
    Agent::MariadbHandler m_handler;
    std::unique_ptr<DirectorySession> m_root; // the rootdn: writes values no operation would
    qint64 m_pid = 900000;
    QString m_client; // the mariadb client
    QString m_serverDir;
    QString m_socket;
    std::unique_ptr<QProcess> m_server;

    DirectorySession &admin() { return m_fx.admin(); }

    // `sql` as the server's administrator (unix_socket authentication as this OS user), raw
    // tab-separated rows without headers.
    Reply sql(const QString &statements) { return as(osUser(), QString(), statements); }

    // `sql` as `user` with `password` (none: unix_socket) over the socket.
    Reply as(const QString &user, const QString &password, const QString &statements)
    {
        QStringList args { QStringLiteral("--no-defaults"), QStringLiteral("--protocol=SOCKET"),
            QStringLiteral("--socket=") + m_socket, QStringLiteral("--user=") + user, QStringLiteral("-N"),
            QStringLiteral("-B"), QStringLiteral("-r"), QStringLiteral("-e"), statements };
        if (!password.isEmpty())
            args.insert(4, QStringLiteral("--password=") + password);
        QProcess p;
        p.start(m_client, args);
        Reply r;
        if (!p.waitForFinished(60000)) {
            r.error = QStringLiteral("mariadb did not finish");
            return r;
        }
        r.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        r.error = QString::fromUtf8(p.readAllStandardError()).trimmed();
        r.lines = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        return r;
    }

    bool schemaExists(const QString &name)
    {
        return !sql(QStringLiteral("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %1")
                        .arg(Agent::MariadbSql::literal(name)))
                    .lines.isEmpty();
    }

    // "host plugin hash" of every account of `user`, sorted by host.
    QStringList accounts(const QString &user)
    {
        return sql(
            QStringLiteral("SELECT Host, plugin, authentication_string FROM mysql.user WHERE User = %1 ORDER BY Host")
                .arg(Agent::MariadbSql::literal(user)))
            .lines;
    }

    QStringList accountHosts(const QString &user)
    {
        QStringList hosts;
        for (const QString &line : accounts(user))
            hosts << line.section(u'\t', 0, 0);
        return hosts;
    }

    QStringList grants(const QString &user, const QString &host)
    {
        return sql(QStringLiteral("SHOW GRANTS FOR %1").arg(Agent::MariadbSql::account(user, host))).lines;
    }

    // Everything the handler could touch: schemas, accounts, grants.
    QStringList snapshot()
    {
        QStringList out;
        for (const char *q : { "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1",
                 "SELECT * FROM mysql.user ORDER BY User, Host", "SELECT * FROM mysql.db ORDER BY User, Host, Db",
                 "SELECT User, Host, Db, Table_name FROM mysql.tables_priv ORDER BY 1, 2, 3, 4" })
            out << sql(QLatin1String(q)).lines;
        return out;
    }

    QString runQueued()
    {
        QStringList out;
        for (const auto &[pid, outcome] : m_fx.runAll(m_handler))
            out << QStringLiteral("process %1: %2").arg(pid).arg(outcome.message);
        return out.join(QLatin1Char('\n'));
    }

    Agent::Outcome run(const Process &p)
    {
        Agent::HandlerContext ctx = m_fx.context();
        return m_handler.run(p, ctx);
    }

    Agent::ReconcileReport reconcile()
    {
        Agent::HandlerContext ctx = m_fx.context();
        return m_handler.reconcile(ctx);
    }

    Process process(const QString &name, const LdapDn &target, const QList<std::pair<QString, QString>> &params = {})
    {
        Process p;
        p.pid = ++m_pid;
        p.name = name;
        p.host = ThisHost;
        p.domain = TestDomain;
        p.params = params;
        p.target = target.toString();
        auto e = admin().read(target, { QStringLiteral("entryUUID") });
        if (e.ok() && e->has_value())
            p.targetUuid = (*e)->text(QStringLiteral("entryUUID"));
        return p;
    }

    LdapDn dn(const QString &name) { return admin().dit().database(TestDomain, name); }

    Database addDatabase(
        const QString &name, const QStringList &accessFrom, const QStringList &privileges, const QString &password)
    {
        DatabaseOps::DatabaseSpec s;
        s.domain = TestDomain;
        s.name = name;
        s.password = password;
        s.accessFrom = accessFrom;
        s.privileges = privileges;
        auto d = DatabaseOps::add(admin(), s);
        if (!d.ok())
            qWarning("%s", qPrintable(d.error().toString()));
        return d.ok() ? *d : Database {};
    }

    bool startServer(QString *error)
    {
        const QString installDb = findProgram(QStringLiteral("mariadb-install-db"));
        const QString mariadbd = findProgram(QStringLiteral("mariadbd"));
        m_serverDir = m_fx.tempPath() + QStringLiteral("/mariadb");
        m_socket = m_serverDir + QStringLiteral("/mysqld.sock");
        const QString log = m_serverDir + QStringLiteral("/error.log");
        QDir().mkpath(m_serverDir);
        const bool root = ::geteuid() == 0;
        QStringList install { QStringLiteral("--no-defaults"),
            QStringLiteral("--datadir=") + m_serverDir + QStringLiteral("/data"),
            QStringLiteral("--auth-root-authentication-method=socket"),
            QStringLiteral("--auth-root-socket-user=") + osUser(), QStringLiteral("--skip-test-db"),
            // A machine whose own name does not resolve (no /etc/hosts, as in a minimal root)
            // must not stop a private test server: it only listens on its socket.
            QStringLiteral("--force"), QStringLiteral("--skip-name-resolve") };
        if (root)
            install << QStringLiteral("--user=root");
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(installDb, install);
        if (!p.waitForFinished(120000) || p.exitCode() != 0) {
            *error = QStringLiteral("mariadb-install-db failed: ") + QString::fromUtf8(p.readAll());
            return false;
        }
        QStringList args { QStringLiteral("--no-defaults"),
            QStringLiteral("--datadir=") + m_serverDir + QStringLiteral("/data"),
            QStringLiteral("--socket=") + m_socket, QStringLiteral("--skip-networking"), QStringLiteral("--skip-name-resolve"),
            QStringLiteral("--pid-file=") + m_serverDir + QStringLiteral("/mysqld.pid"),
            QStringLiteral("--log-error=") + log, QStringLiteral("--innodb-buffer-pool-size=32M") };
        if (root)
            args << QStringLiteral("--user=root");
        m_server = std::make_unique<QProcess>();
        m_server->setProcessChannelMode(QProcess::MergedChannels);
        m_server->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_server->start(mariadbd, args);
        if (!m_server->waitForStarted(10000)) {
            *error = QStringLiteral("mariadbd did not start: ") + m_server->errorString();
            return false;
        }
        // Ready when it answers on the socket; a server that exits is not waited for.
        QDeadlineTimer deadline(120000);
        while (!(QFile::exists(m_socket) && sql(QStringLiteral("SELECT 1")).ok)) {
            if (m_server->state() != QProcess::Running || deadline.hasExpired()) {
                *error = QStringLiteral("mariadbd is not ready: ") + readAll(log).right(3000);
                return false;
            }
            m_server->waitForFinished(50); // returns early if it exits
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = findProgram(QStringLiteral("mariadb"));
        for (const QString &program :
            { QStringLiteral("mariadbd"), QStringLiteral("mariadb-install-db"), QStringLiteral("mariadb") }) {
            if (findProgram(program).isEmpty())
                QSKIP(qPrintable(
                    program + QStringLiteral(" is not installed (packages mariadb-server-core, mariadb-client-core)")));
        }
        ISP_START_DIRECTORY(m_fx, ThisHost);
        m_root = std::make_unique<DirectorySession>(m_fx.directory().rootSettings(), Dit(m_fx.directory()->base()));
        QString error;
        QVERIFY2(startServer(&error), qPrintable(error));
        m_fx.config().mariadb.socket = m_socket;
        m_fx.config().mariadb.user = osUser();
        m_fx.config().mariadb.passwordFile.clear();

        DomainOps::DomainSpec d;
        d.name = TestDomain;
        d.type = QStringLiteral("nodns");
        d.dbHost = ThisHost;
        d.mailDropHost = OtherHost;
        d.fileServer = ThisHost;
        auto added = DomainOps::add(admin(), d);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
    }

    void cleanupTestCase()
    {
        if (!m_server)
            return;
        m_server->terminate(); // SIGTERM: a clean shutdown
        if (!m_server->waitForFinished(60000)) {
            m_server->kill();
            m_server->waitForFinished(10000);
        }
    }

    void quotingSurvivesTheServer_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << QStringLiteral("plain");
        QTest::newRow("single quote") << QStringLiteral("it's ' '' done");
        QTest::newRow("double quote") << QStringLiteral("say \"hi\"");
        QTest::newRow("backslashes") << QStringLiteral("a\\b\\\\c\\'d\\");
        QTest::newRow("backtick") << QStringLiteral("`tick` ``");
        QTest::newRow("statement") << QStringLiteral("x'; DROP DATABASE mysql; -- ");
        QTest::newRow("wildcards") << QStringLiteral("%_wild_%");
        QTest::newRow("control characters")
            << QStringLiteral("tab\there\nnew\rline") + QChar(0x1a) + QChar(0) + QStringLiteral("end");
        QTest::newRow("unicode") << QStringLiteral("Grüße € ✓");
    }

    void quotingSurvivesTheServer()
    {
        QFETCH(QString, value);
        const Agent::MariadbClient client(m_fx.config().mariadb, m_commands);
        auto rows = client.query(QStringLiteral("SELECT ") + Agent::MariadbSql::literal(value));
        QVERIFY2(rows.ok(), qPrintable(rows.error()));
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->first().value(0), value);

        // The grant pattern: each wildcard escaped.
        QCOMPARE(Agent::MariadbSql::grantPattern(QStringLiteral("a_b%c\\d")), QStringLiteral("a\\_b\\%c\\\\d"));
        // Identifiers: a database of that name is made and found under exactly that name (MariaDB
        // allows any character but NUL in a quoted name; no trailing space).
        if (value.contains(QChar(0)) || value.endsWith(u' ') || value.size() > 64)
            return;
        QVERIFY2(client.execute({ QStringLiteral("CREATE DATABASE ") + Agent::MariadbSql::identifier(value) }).ok(),
            qPrintable(value));
        QVERIFY(schemaExists(value));
        QVERIFY(client.execute({ QStringLiteral("DROP DATABASE ") + Agent::MariadbSql::identifier(value) }).ok());
        QVERIFY(!schemaExists(value));
    }

    void addMakesDatabaseAccountsAndGrants()
    {
        const Database db = addDatabase(QStringLiteral("shop"),
            { QStringLiteral("localhost"), QStringLiteral("10.0.0.%") },
            { QStringLiteral("select"), QStringLiteral("insert"), QStringLiteral("update"), QStringLiteral("delete") },
            ShopPassword);
        QCOMPARE(db.name, Shop);
        QCOMPARE(db.user, Shop);
        const QList<Process> queued = m_fx.processes(QStringLiteral("AddDatabase"));
        QCOMPARE(queued.size(), 1);
        QCOMPARE(runQueued(), QString());

        QVERIFY(schemaExists(Shop));
        QCOMPARE(accounts(Shop),
            QStringList({ QStringLiteral("10.0.0.%\tmysql_native_password\t") + db.passwordHash,
                QStringLiteral("localhost\tmysql_native_password\t") + db.passwordHash }));
        // The customer logs in with the password (the hash reached the server, not the password).
        const Reply me = as(Shop, ShopPassword, QStringLiteral("SELECT CURRENT_USER()"));
        QVERIFY2(me.ok, qPrintable(me.error));
        QCOMPARE(me.lines, QStringList { Shop + QStringLiteral("@localhost") });
        QVERIFY(!as(Shop, QStringLiteral("wrong-password"), QStringLiteral("SELECT 1")).ok);
        QCOMPARE(grants(Shop, QStringLiteral("localhost")),
            QStringList({ QStringLiteral("GRANT USAGE ON *.* TO `%1`@`localhost` IDENTIFIED BY PASSWORD '%2'")
                              .arg(Shop, db.passwordHash),
                QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON `dbs\\_example\\_shop`.* TO `%1`@`localhost`")
                    .arg(Shop) }));
        QCOMPARE(grants(Shop, QStringLiteral("10.0.0.%")).value(1),
            QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON `dbs\\_example\\_shop`.* TO `%1`@`10.0.0.%`")
                .arg(Shop));

        // The privileges at work: rows yes, schema changes no; '_' is no wildcard.
        QVERIFY(sql(QStringLiteral("CREATE TABLE dbs_example_shop.t (x INT); CREATE DATABASE dbsXexampleXshop; "
                                   "CREATE TABLE dbsXexampleXshop.t (x INT)"))
                    .ok);
        QVERIFY(as(Shop, ShopPassword, QStringLiteral("INSERT INTO dbs_example_shop.t VALUES (1)")).ok);
        QCOMPARE(as(Shop, ShopPassword, QStringLiteral("SELECT x FROM dbs_example_shop.t")).lines,
            QStringList { QStringLiteral("1") });
        const Reply drop = as(Shop, ShopPassword, QStringLiteral("DROP TABLE dbs_example_shop.t"));
        QVERIFY(!drop.ok);
        QVERIFY2(drop.error.contains(QStringLiteral("denied")), qPrintable(drop.error));
        QVERIFY(!as(Shop, ShopPassword, QStringLiteral("SELECT x FROM dbsXexampleXshop.t")).ok);
        QVERIFY(sql(QStringLiteral("DROP DATABASE dbsXexampleXshop")).ok);

        // Again: nothing to do, nothing touched.
        const QStringList before = snapshot();
        const Agent::Outcome again = run(queued.first());
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
        QCOMPARE(snapshot(), before);
    }

    void editChangesHostsAndPrivileges()
    {
        DatabaseOps::DatabaseChange change;
        change.accessFrom = QStringList { QStringLiteral("localhost"), QStringLiteral("192.0.2.0/24") };
        change.privileges = QStringList { QStringLiteral("all") };
        auto edited = DatabaseOps::edit(admin(), TestDomain, QStringLiteral("shop"), change);
        QVERIFY2(edited.ok(), qPrintable(edited.error().toString()));
        const QList<Process> queued = m_fx.processes(QStringLiteral("UpdateDatabase"));
        QCOMPARE(queued.size(), 1);
        QCOMPARE(runQueued(), QString());
        QCOMPARE(accountHosts(Shop),
            QStringList({ QStringLiteral("192.0.2.0/255.255.255.0"), QStringLiteral("localhost") }));
        QCOMPARE(grants(Shop, QStringLiteral("localhost")).value(1),
            QStringLiteral("GRANT ALL PRIVILEGES ON `dbs\\_example\\_shop`.* TO `%1`@`localhost`").arg(Shop));
        QVERIFY(as(Shop, ShopPassword,
            QStringLiteral("CREATE TABLE dbs_example_shop.u (y INT); DROP TABLE dbs_example_shop.u"))
                    .ok);
        const QStringList before = snapshot();
        const Agent::Outcome again = run(queued.first());
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
        QCOMPARE(snapshot(), before);

        // Fewer privileges: the others are revoked.
        change.accessFrom.reset();
        change.privileges = QStringList { QStringLiteral("SELECT") };
        QVERIFY(DatabaseOps::edit(admin(), TestDomain, QStringLiteral("shop"), change).ok());
        QCOMPARE(runQueued(), QString());
        QCOMPARE(grants(Shop, QStringLiteral("localhost")).value(1),
            QStringLiteral("GRANT SELECT ON `dbs\\_example\\_shop`.* TO `%1`@`localhost`").arg(Shop));
        QCOMPARE(grants(Shop, QStringLiteral("localhost")).size(), 2);
        QVERIFY(!as(Shop, ShopPassword, QStringLiteral("INSERT INTO dbs_example_shop.t VALUES (2)")).ok);
        QVERIFY(as(Shop, ShopPassword, QStringLiteral("SELECT x FROM dbs_example_shop.t")).ok);
    }

    void passwordChangeReachesTheServer()
    {
        QVERIFY(DatabaseOps::setPassword(admin(), TestDomain, QStringLiteral("shop"), ShopPassword2).ok());
        const QList<Process> queued = m_fx.processes(QStringLiteral("UpdateDatabase"));
        QCOMPARE(queued.size(), 1);
        QCOMPARE(runQueued(), QString());
        QVERIFY(as(Shop, ShopPassword2, QStringLiteral("SELECT 1")).ok);
        QVERIFY(!as(Shop, ShopPassword, QStringLiteral("SELECT 1")).ok);
        for (const QString &line : accounts(Shop))
            QVERIFY2(line.endsWith(Database::nativePasswordHash(ShopPassword2)), qPrintable(line));
        const QStringList before = snapshot();
        const Agent::Outcome again = run(queued.first());
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
        QCOMPARE(snapshot(), before);
    }

    void renamedUserIsDroppedRenamedDatabaseKept()
    {
        QVERIFY(sql(QStringLiteral("CREATE USER 'dbs_example_old'@'localhost' IDENTIFIED BY 'x-old-pass'; "
                                   "CREATE DATABASE dbs_example_oldname"))
                    .ok);
        const Agent::Outcome o = run(process(QStringLiteral("UpdateDatabase"), dn(Shop),
            { { QStringLiteral("oldName"), QStringLiteral("dbs_example_oldname") },
                { QStringLiteral("oldUser"), QStringLiteral("dbs_example_old") } }));
        QVERIFY2(o.ok && o.changed, qPrintable(o.message));
        QVERIFY(accounts(QStringLiteral("dbs_example_old")).isEmpty());
        QVERIFY(schemaExists(QStringLiteral("dbs_example_oldname")));
        QVERIFY2(
            o.message.contains(QStringLiteral("dbs_example_oldname, which is left in place")), qPrintable(o.message));
        QVERIFY(sql(QStringLiteral("DROP DATABASE dbs_example_oldname")).ok);

        const QStringList before = snapshot();
        const Agent::Outcome hostile = run(process(QStringLiteral("UpdateDatabase"), dn(Shop),
            { { QStringLiteral("oldUser"), QStringLiteral("x'@'%'; DROP USER root") } }));
        QVERIFY(!hostile.ok);
        QVERIFY2(hostile.message.contains(QStringLiteral("oldUser"))
                && hostile.message.contains(QStringLiteral("nothing was changed")),
            qPrintable(hostile.message));
        QCOMPARE(snapshot(), before);
        // Another customer's (or nobody's) account is no former user of this database.
        QVERIFY(sql(QStringLiteral("CREATE USER 'wp_admin'@'localhost'")).ok);
        const QStringList withForeign = snapshot();
        const Agent::Outcome foreign = run(process(
            QStringLiteral("UpdateDatabase"), dn(Shop), { { QStringLiteral("oldUser"), QStringLiteral("wp_admin") } }));
        QVERIFY(!foreign.ok);
        QVERIFY2(foreign.message.contains(QStringLiteral("the prefix of the domain")), qPrintable(foreign.message));
        QCOMPARE(snapshot(), withForeign);
        QVERIFY(sql(QStringLiteral("DROP USER 'wp_admin'@'localhost'")).ok);
    }

    void hostileValuesChangeNothing_data()
    {
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("why");
        QTest::newRow("name with a backtick")
            << QStringLiteral("ispmanDBName") << QStringLiteral("dbs_example_a`; DROP DATABASE mysql; --")
            << QStringLiteral("ispmanDBName");
        QTest::newRow("name with a quote")
            << QStringLiteral("ispmanDBName") << QStringLiteral("dbs_example_a'b") << QStringLiteral("ispmanDBName");
        QTest::newRow("name of another domain") << QStringLiteral("ispmanDBName") << QStringLiteral("example_com_shop")
                                                << QStringLiteral("the prefix of its domain");
        QTest::newRow("system database") << QStringLiteral("ispmanDBName") << QStringLiteral("mysql")
                                         << QStringLiteral("reserved");
        QTest::newRow("user with a quote")
            << QStringLiteral("ispmanDBUser") << QStringLiteral("dbs_example_x'@'%") << QStringLiteral("ispmanDBUser");
        QTest::newRow("root") << QStringLiteral("ispmanDBUser") << QStringLiteral("root") << QStringLiteral("reserved");
        QTest::newRow("host with a quote")
            << QStringLiteral("ispmanDBAccessFilter") << QStringLiteral("localhost' IDENTIFIED BY ''")
            << QStringLiteral("ispmanDBAccessFilter");
        QTest::newRow("host with a wildcard _") << QStringLiteral("ispmanDBAccessFilter")
                                                << QStringLiteral("app_1.example.com") << QStringLiteral("wildcard");
        QTest::newRow("privilege with a statement")
            << QStringLiteral("ispmanDBPrivilege") << QStringLiteral("ALL; DROP DATABASE mysql")
            << QStringLiteral("ispmanDBPrivilege");
        QTest::newRow("grant option") << QStringLiteral("ispmanDBPrivilege") << QStringLiteral("GRANT OPTION")
                                      << QStringLiteral("ispmanDBPrivilege");
        QTest::newRow("hash with a quote")
            << QStringLiteral("ispmanDBPass") << QStringLiteral("*ABC' OR '1'='1") << QStringLiteral("ispmanDBPass");
        QTest::newRow("plain password") << QStringLiteral("ispmanDBPass") << QStringLiteral("Shop-password-1")
                                        << QStringLiteral("ispmanDBPass");
    }

    void hostileValuesChangeNothing()
    {
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        QFETCH(QString, why);
        LdapDn target = dn(Shop);
        QList<QByteArray> restore;
        auto cleanup = qScopeGuard([&] {
            if (attribute == u"ispmanDBName")
                (void)m_root->remove(target);
            else
                (void)m_root->modify(target, { LdapModification::replace(attribute, restore) });
        });
        if (attribute == u"ispmanDBName") {
            // A second entry of that name beside the good one (the name is the entry's RDN).
            auto shop = admin().read(dn(Shop));
            QVERIFY(shop.ok() && shop->has_value());
            Database d = Database::fromEntry(**shop);
            d.name = value;
            d.user = QStringLiteral("dbs_example_other");
            target = d.dn(admin().dit(), TestDomain, value);
            auto added = m_root->add(d.toEntry(admin().dit()));
            QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        } else {
            auto shop = admin().read(target, { attribute });
            QVERIFY(shop.ok() && shop->has_value());
            restore = (*shop)->values(attribute);
            auto r = m_root->modify(target, { LdapModification::replace(attribute, value) });
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        }
        const QStringList before = snapshot();
        const Agent::Outcome o = run(process(
            attribute == u"ispmanDBName" ? QStringLiteral("AddDatabase") : QStringLiteral("UpdateDatabase"), target));
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(why) && o.message.contains(QStringLiteral("nothing was changed")),
            qPrintable(o.message));
        if (attribute == u"ispmanDBPass")
            QVERIFY2(!o.message.contains(value), qPrintable(o.message)); // hashes are not repeated
        QCOMPARE(snapshot(), before);
    }

    void userOfAnotherDatabaseIsRefused()
    {
        const Database other = addDatabase(QStringLiteral("blog"), { QStringLiteral("localhost") },
            { QStringLiteral("SELECT") }, QStringLiteral("Blog-password-1"));
        QCOMPARE(runQueued(), QString());
        auto restore = qScopeGuard([&] {
            (void)m_root->modify(
                dn(other.name), { LdapModification::replace(QStringLiteral("ispmanDBUser"), other.user) });
        });
        // Somebody points the blog at the shop's account: converging either would undo the other.
        QVERIFY(
            m_root->modify(dn(other.name), { LdapModification::replace(QStringLiteral("ispmanDBUser"), Shop) }).ok());
        const QStringList before = snapshot();
        const Agent::Outcome o = run(process(QStringLiteral("UpdateDatabase"), dn(other.name)));
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(QStringLiteral("is also the user of")), qPrintable(o.message));
        QCOMPARE(snapshot(), before);
    }

    void databaseOfAnotherHostIsLeftAlone()
    {
        const Database moved = addDatabase(QStringLiteral("moved"), { QStringLiteral("localhost") },
            { QStringLiteral("SELECT") }, QStringLiteral("Moved-password-1"));
        QCOMPARE(runQueued(), QString());
        QVERIFY(schemaExists(moved.name));
        // No operation moves a database (core queues nothing for it); by hand it can happen.
        QVERIFY(m_root->modify(dn(moved.name), { LdapModification::replace(QStringLiteral("ispmanDBHost"), OtherHost) })
                    .ok());
        auto restore = qScopeGuard([&] {
            (void)m_root->modify(
                dn(moved.name), { LdapModification::replace(QStringLiteral("ispmanDBHost"), ThisHost) });
        });
        const QStringList before = snapshot();
        const Agent::Outcome o = run(process(QStringLiteral("UpdateDatabase"), dn(moved.name)));
        QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
        QVERIFY2(o.message.contains(OtherHost), qPrintable(o.message));
        // Not gone from the directory: a delete drops nothing either.
        const Agent::Outcome d = run(process(QStringLiteral("DeleteDatabase"), dn(moved.name),
            { { QStringLiteral("ispmanDBName"), moved.name }, { QStringLiteral("ispmanDBUser"), moved.user } }));
        QVERIFY2(d.ok && !d.changed, qPrintable(d.message));
        const Agent::ReconcileReport r = reconcile();
        QCOMPARE(snapshot(), before);
        QVERIFY2(r.problems.join(u'\n').contains(
                     QStringLiteral("database %1 is no database of this host (the directory has it on %2)")
                         .arg(moved.name, OtherHost)),
            qPrintable(r.problems.join(u'\n')));
    }

    void passwordFileAccount()
    {
        // An administrator account of its own with a password full of option-file syntax.
        const QString password = QStringLiteral("p\"w#x\\y'z ;end ");
        QVERIFY(sql(QStringLiteral("CREATE USER 'ispman_agent'@'localhost' IDENTIFIED BY %1; "
                                   "GRANT ALL PRIVILEGES ON *.* TO 'ispman_agent'@'localhost' WITH GRANT OPTION")
                        .arg(Agent::MariadbSql::literal(password)))
                    .ok);
        const QString file = m_fx.tempPath() + QStringLiteral("/mariadb.pw");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(password.toUtf8() + "\n");
        f.close();
        Agent::AgentConfig::Mariadb &c = m_fx.config().mariadb;
        const Agent::AgentConfig::Mariadb saved = c;
        auto restore = qScopeGuard([&] { c = saved; });
        c.user = QStringLiteral("ispman_agent");
        c.passwordFile = file;

        const Database db = addDatabase(QStringLiteral("viafile"), { QStringLiteral("localhost") },
            { QStringLiteral("SELECT") }, QStringLiteral("Via-file-password-1"));
        QCOMPARE(runQueued(), QString());
        QVERIFY(schemaExists(db.name));
        QVERIFY(as(db.name, QStringLiteral("Via-file-password-1"), QStringLiteral("SELECT 1")).ok);

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("wrong password\n");
        f.close();
        QVERIFY(DatabaseOps::setPassword(
            admin(), TestDomain, QStringLiteral("viafile"), QStringLiteral("Via-file-password-2"))
                    .ok());
        const QString failed = runQueued();
        QVERIFY2(failed.contains(QStringLiteral("Access denied for user 'ispman_agent'")), qPrintable(failed));
        c = saved; // the failed process is retried with the right account
        QCOMPARE(runQueued(), QString());
        QVERIFY(as(db.name, QStringLiteral("Via-file-password-2"), QStringLiteral("SELECT 1")).ok);
    }

    void deleteDropsDatabaseAndAccounts()
    {
        const Database db = addDatabase(QStringLiteral("gone"), { QStringLiteral("localhost"), QStringLiteral("%") },
            { QStringLiteral("SELECT") }, QStringLiteral("Gone-password-1"));
        QCOMPARE(runQueued(), QString());
        QVERIFY(schemaExists(db.name));
        QCOMPARE(accountHosts(db.user).size(), 2);
        const QList<std::pair<QString, QString>> params { { QStringLiteral("ispmanDBName"), db.name },
            { QStringLiteral("ispmanDBUser"), db.user } };

        // While the entry exists, a DeleteDatabase drops nothing.
        const Agent::Outcome early = run(process(QStringLiteral("DeleteDatabase"), dn(db.name), params));
        QVERIFY2(early.ok && !early.changed && early.message.contains(QStringLiteral("still in the directory")),
            qPrintable(early.message));
        QVERIFY(schemaExists(db.name));

        QVERIFY(DatabaseOps::remove(admin(), TestDomain, QStringLiteral("gone")).ok());
        const QList<Process> queued = m_fx.processes(QStringLiteral("DeleteDatabase"));
        QCOMPARE(queued.size(), 1);
        QCOMPARE(runQueued(), QString());
        QVERIFY(!schemaExists(db.name));
        QVERIFY(accounts(db.user).isEmpty());
        QVERIFY(schemaExists(Shop)); // the others stay
        const Agent::Outcome again = run(queued.first());
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));

        // A DeleteDatabase naming a database that another entry of this host has: kept.
        const Agent::Outcome wrong = run(process(QStringLiteral("DeleteDatabase"), dn(db.name),
            { { QStringLiteral("ispmanDBName"), Shop }, { QStringLiteral("ispmanDBUser"), Shop } }));
        QVERIFY2(wrong.ok && !wrong.changed, qPrintable(wrong.message));
        QVERIFY(schemaExists(Shop));
        QVERIFY(!accounts(Shop).isEmpty());
    }

    void reconcileRepairsAndReportsStrays()
    {
        // Drift by hand: the shop's database and one account dropped, a privilege added; and
        // things named like ISPMan's that the directory does not know.
        QVERIFY(sql(QStringLiteral("DROP DATABASE dbs_example_shop; DROP USER 'dbs_example_shop'@'localhost'; "
                                   "GRANT DROP ON dbs_example_blog.* TO 'dbs_example_blog'@'localhost'; "
                                   "CREATE DATABASE dbs_example_stray; CREATE USER 'dbs_example_ghost'@'localhost'; "
                                   "CREATE DATABASE unrelated"))
                    .ok);
        const Agent::ReconcileReport r = reconcile();
        QVERIFY2(r.checked >= 4, qPrintable(QString::number(r.checked)));
        QCOMPARE(r.repaired, 2);
        QVERIFY(schemaExists(Shop));
        QCOMPARE(accountHosts(Shop),
            QStringList({ QStringLiteral("192.0.2.0/255.255.255.0"), QStringLiteral("localhost") }));
        QVERIFY(as(Shop, ShopPassword2, QStringLiteral("SELECT 1")).ok);
        QCOMPARE(grants(QStringLiteral("dbs_example_blog"), QStringLiteral("localhost")).value(1),
            QStringLiteral("GRANT SELECT ON `dbs\\_example\\_blog`.* TO `dbs_example_blog`@`localhost`"));
        const QString problems = r.problems.join(u'\n');
        QVERIFY2(problems.contains(QStringLiteral(
                     "database dbs_example_stray is no database of this host (not in the directory); left in place")),
            qPrintable(problems));
        QVERIFY2(
            problems.contains(QStringLiteral("'dbs_example_ghost'@'localhost' is no user of a database of this host")),
            qPrintable(problems));
        QVERIFY2(!problems.contains(QStringLiteral("unrelated")), qPrintable(problems));
        QCOMPARE(r.problems.size(), 2);
        QVERIFY(schemaExists(QStringLiteral("dbs_example_stray")));
        QCOMPARE(accounts(QStringLiteral("dbs_example_ghost")).size(), 1);

        const QStringList before = snapshot();
        const Agent::ReconcileReport again = reconcile();
        QCOMPARE(again.repaired, 0);
        QCOMPARE(again.problems, r.problems);
        QCOMPARE(snapshot(), before);
    }

private:
    Agent::CommandRunner m_commands;
};

QTEST_GUILESS_MAIN(TestMariadbHandler)
#include "tst_mariadbhandler.moc"
