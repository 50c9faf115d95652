// `ispman db ...` as a user runs it against a private directory with the sample data: JSON output
// parsed back, the stored hash (never the password) and its absence from the output, refusals
// with exit 1 and "ispman: <field>: ..." on stderr and nothing written, usage errors with exit 2,
// --help at every level.
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;

class TestDbCli : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QTemporaryDir m_tmp;
    QString m_dir;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        [[nodiscard]] QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
        [[nodiscard]] QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
    };

    Run exec(const QStringList &args, const QByteArray &stdinData = {})
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

    Run ispman(const QStringList &args, const QByteArray &stdinData = {})
    {
        return exec(QStringList{QStringLiteral("--directory"), m_dir, QStringLiteral("--json")} + args, stdinData);
    }

    // The ispmanDBPass of a database, read as the admin.
    QString storedHash(const QString &name)
    {
        QString error;
        auto instance = PrivateDirectory::open(m_dir, &error);
        if (!instance)
            return error;
        LdapConnection c(instance->adminSettings());
        LdapSearchRequest r;
        r.base = instance->base();
        r.filter = LdapFilter::equals(QStringLiteral("ispmanDBName"), name);
        r.attributes = QStringList{QStringLiteral("ispmanDBPass")};
        auto found = ldapWait<LdapSearchResult>([&](QObject *ctx, auto done) { c.search(r, ctx, done); });
        if (!found.ok() || found->entries.size() != 1)
            return QStringLiteral("(not found)");
        return found->entries.first().text(QStringLiteral("ispmanDBPass"));
    }

    // MariaDB's PASSWORD(): "*" and the upper-case hex SHA1 of the SHA1.
    static QString mariaDbHash(const QByteArray &password)
    {
        const QByteArray once = QCryptographicHash::hash(password, QCryptographicHash::Sha1);
        return QLatin1Char('*') + QString::fromLatin1(QCryptographicHash::hash(once, QCryptographicHash::Sha1).toHex().toUpper());
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_tmp.path() + QLatin1Char('/') + name);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return f.fileName();
    }

    int databaseCount()
    {
        Run r = ispman({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("example.com")});
        return r.exitCode == 0 ? int(r.array().size()) : -1;
    }

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
        Run started = exec({QStringLiteral("directory"), QStringLiteral("start"), QStringLiteral("--dir"), m_dir, QStringLiteral("--sample"),
                            QStringLiteral("--json")});
        QVERIFY2(started.exitCode == 0, started.err.constData());
    }

    void cleanupTestCase()
    {
        if (!m_dir.isEmpty())
            exec({QStringLiteral("directory"), QStringLiteral("stop"), QStringLiteral("--dir"), m_dir});
    }

    void addShowListEditPasswdDelete()
    {
        const QString pw = writeFile(QStringLiteral("db.pw"), "password\n");
        Run added = ispman({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("example.com"), QStringLiteral("shop"),
                            QStringLiteral("--password-file"), pw, QStringLiteral("--access-from"), QStringLiteral("localhost"),
                            QStringLiteral("--access-from"), QStringLiteral("10.0.0.0/24"), QStringLiteral("--privilege"), QStringLiteral("select"),
                            QStringLiteral("--privilege"), QStringLiteral("CREATE TEMPORARY TABLES")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject db = added.object();
        QCOMPARE(db.value(QStringLiteral("name")).toString(), QStringLiteral("example_com_shop"));
        QCOMPARE(db.value(QStringLiteral("user")).toString(), QStringLiteral("example_com_shop"));
        QCOMPARE(db.value(QStringLiteral("domain")).toString(), QStringLiteral("example.com"));
        QCOMPARE(db.value(QStringLiteral("host")).toString(), QStringLiteral("web1.example.net"));
        QCOMPARE(db.value(QStringLiteral("passwordSet")).toBool(), true);
        QCOMPARE(db.value(QStringLiteral("accessFrom")).toArray(),
                 (QJsonArray{QStringLiteral("localhost"), QStringLiteral("10.0.0.0/255.255.255.0")}));
        QCOMPARE(db.value(QStringLiteral("privileges")).toArray(), (QJsonArray{QStringLiteral("SELECT"), QStringLiteral("CREATE TEMPORARY TABLES")}));
        // Neither the password nor its hash is printed.
        QVERIFY(!added.out.contains("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"));
        QVERIFY(!added.out.contains("\"password\""));

        // The stored hash is MariaDB's PASSWORD('password').
        Run raw = ispman({QStringLiteral("directory"), QStringLiteral("status"), QStringLiteral("--dir"), m_dir});
        QVERIFY(raw.exitCode == 0);

        Run shown = ispman({QStringLiteral("db"), QStringLiteral("show"), QStringLiteral("example.com"), QStringLiteral("example_com_shop")});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QCOMPARE(shown.object(), db);

        Run listed = ispman({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("example.com")});
        QVERIFY(listed.exitCode == 0);
        QCOMPARE(listed.array().size(), 1);
        QCOMPARE(listed.array().first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("example_com_shop"));

        Run edited = ispman({QStringLiteral("db"), QStringLiteral("edit"), QStringLiteral("example.com"), QStringLiteral("shop"),
                             QStringLiteral("--privilege"), QStringLiteral("ALL")});
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        QCOMPARE(edited.object().value(QStringLiteral("privileges")).toArray(), QJsonArray{QStringLiteral("ALL")});
        QCOMPARE(edited.object().value(QStringLiteral("accessFrom")).toArray().size(), 2);

        const QString pw2 = writeFile(QStringLiteral("db2.pw"), "another-secret\n");
        Run passwd = ispman({QStringLiteral("db"), QStringLiteral("passwd"), QStringLiteral("example.com"), QStringLiteral("shop"),
                             QStringLiteral("--password-file"), pw2});
        QVERIFY2(passwd.exitCode == 0, passwd.err.constData());
        QCOMPARE(passwd.object().value(QStringLiteral("passwordSet")).toString(), QStringLiteral("shop"));

        Run work = ispman({QStringLiteral("process"), QStringLiteral("list"), QStringLiteral("--domain"), QStringLiteral("example.com")});
        QVERIFY(work.exitCode == 0);
        QStringList names;
        for (const QJsonValue &p : work.array())
            names << p.toObject().value(QStringLiteral("process")).toString();
        QCOMPARE(names.count(QStringLiteral("AddDatabase")), 1);
        QCOMPARE(names.count(QStringLiteral("UpdateDatabase")), 2);
        QCOMPARE(storedHash(QStringLiteral("example_com_shop")), mariaDbHash("another-secret"));

        // "-": the first line of stdin. An empty password is refused and changes nothing.
        Run fromStdin = ispman({QStringLiteral("db"), QStringLiteral("passwd"), QStringLiteral("example.com"), QStringLiteral("shop"),
                                QStringLiteral("--password-file"), QStringLiteral("-")},
                               "stdin-secret-3\n");
        QVERIFY2(fromStdin.exitCode == 0, fromStdin.err.constData());
        QCOMPARE(storedHash(QStringLiteral("example_com_shop")), mariaDbHash("stdin-secret-3"));
        Run empty = ispman({QStringLiteral("db"), QStringLiteral("passwd"), QStringLiteral("example.com"), QStringLiteral("shop"),
                            QStringLiteral("--password-file"), writeFile(QStringLiteral("empty.pw"), "\n")});
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.err.startsWith("ispman: password-file: the password is empty"), empty.err.constData());
        QCOMPARE(storedHash(QStringLiteral("example_com_shop")), mariaDbHash("stdin-secret-3"));

        Run deleted = ispman({QStringLiteral("db"), QStringLiteral("delete"), QStringLiteral("example.com"), QStringLiteral("shop")});
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QCOMPARE(deleted.object().value(QStringLiteral("deleted")).toString(), QStringLiteral("shop"));
        QCOMPARE(databaseCount(), 0);
        Run gone = ispman({QStringLiteral("db"), QStringLiteral("show"), QStringLiteral("example.com"), QStringLiteral("shop")});
        QCOMPARE(gone.exitCode, 1);
    }

    void refusalsExitOneAndWriteNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("field");
        QTest::newRow("sql in name") << QStringList{QStringLiteral("x'; DROP DATABASE mysql; --")} << QStringLiteral("database");
        QTest::newRow("backtick in user") << QStringList{QStringLiteral("ok"), QStringLiteral("--user"), QStringLiteral("a`b")} << QStringLiteral("user");
        QTest::newRow("quote in access") << QStringList{QStringLiteral("ok"), QStringLiteral("--access-from"), QStringLiteral("%' OR 1=1 --")}
                                         << QStringLiteral("access-from");
        QTest::newRow("grant option") << QStringList{QStringLiteral("ok"), QStringLiteral("--privilege"), QStringLiteral("GRANT OPTION")}
                                      << QStringLiteral("privilege");
        QTest::newRow("unknown host") << QStringList{QStringLiteral("ok"), QStringLiteral("--db-host"), QStringLiteral("nowhere.example.net")}
                                      << QStringLiteral("db-host");
    }

    void refusalsExitOneAndWriteNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, field);
        const QString pw = writeFile(QStringLiteral("ok.pw"), "good-password-1\n");
        const int before = databaseCount();
        Run r = ispman(QStringList{QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("example.com")} + args
                       + QStringList{QStringLiteral("--password-file"), pw});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith((QStringLiteral("ispman: ") + field + QLatin1Char(':')).toUtf8()), r.err.constData());
        QCOMPARE(databaseCount(), before);
    }

    void usageAndHelp()
    {
        // No password file: a usage error (the password is never an argument).
        QCOMPARE(ispman({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("example.com"), QStringLiteral("shop")}).exitCode, 2);
        QCOMPARE(ispman({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("example.com"), QStringLiteral("shop"), QStringLiteral("--password"),
                         QStringLiteral("x")})
                     .exitCode,
                 2);
        QCOMPARE(ispman({QStringLiteral("db"), QStringLiteral("edit"), QStringLiteral("example.com"), QStringLiteral("shop")}).exitCode, 2);
        QCOMPARE(ispman({QStringLiteral("db")}).exitCode, 2);
        for (const QStringList &cmd : {QStringList{QStringLiteral("db")}, QStringList{QStringLiteral("db"), QStringLiteral("add")},
                                       QStringList{QStringLiteral("db"), QStringLiteral("list")}, QStringList{QStringLiteral("db"), QStringLiteral("show")},
                                       QStringList{QStringLiteral("db"), QStringLiteral("edit")}, QStringList{QStringLiteral("db"), QStringLiteral("passwd")},
                                       QStringList{QStringLiteral("db"), QStringLiteral("delete")}}) {
            Run help = exec(cmd + QStringList{QStringLiteral("--help")});
            QVERIFY2(help.exitCode == 0, qPrintable(cmd.join(u' ')));
            QVERIFY(!help.out.isEmpty());
        }
        // A missing password file is a refusal naming the option.
        Run missing = ispman({QStringLiteral("db"), QStringLiteral("add"), QStringLiteral("example.com"), QStringLiteral("shop"),
                              QStringLiteral("--password-file"), m_tmp.path() + QStringLiteral("/none")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.startsWith("ispman: password-file"));
    }
};

QTEST_GUILESS_MAIN(TestDbCli)
#include "tst_dbcli.moc"
