// Customer databases against a real slapd with the sample data: the entry and process an add
// writes (and that no plain password is stored: the mysql_native_password hash is MariaDB's),
// placement and host targeting (named server, domain default, databasegroup), every input rule
// with hostile values, refusals that leave nothing behind, uniqueness per server, the domain's
// database limit (also between two concurrent sessions), edit, password, delete and the domain
// delete's clean-up work.
#include "core/ops/databaseops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/processqueue.h"
#include "tests/support/testdirectory.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

namespace {
const QString Password = QStringLiteral("db-secret-42");
}

class TestDatabaseOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    int entryCount()
    {
        auto all = m_s->find(m_s->dit().base(), LdapFilter(), {QStringLiteral("1.1")});
        return all.ok() ? int(all->size()) : -1;
    }
    QStringList processesFor(const LdapDn &target)
    {
        QStringList out;
        auto found = m_s->find(m_s->dit().processes(), LdapFilter::equals(QStringLiteral("ispmanProcessTarget"), target.toString()));
        for (const LdapEntry &p : *found)
            out << p.text(QStringLiteral("ispmanProcess")) + QLatin1Char('@') + p.text(QStringLiteral("ispmanHostName"));
        out.sort();
        return out;
    }
    QList<LdapEntry> processEntries(const LdapDn &target, const QString &name)
    {
        auto found = m_s->find(m_s->dit().processes(), LdapFilter::allOf({LdapFilter::equals(QStringLiteral("ispmanProcessTarget"), target.toString()),
                                                                           LdapFilter::equals(QStringLiteral("ispmanProcess"), name)}));
        return found.ok() ? *found : QList<LdapEntry>();
    }
    static DatabaseOps::DatabaseSpec spec(const QString &name, const QString &domain = QStringLiteral("example.com"))
    {
        DatabaseOps::DatabaseSpec s;
        s.domain = domain;
        s.name = name;
        s.password = Password;
        return s;
    }
    void setDomainAttr(const QString &domain, const QString &attr, const QString &value)
    {
        const LdapDn dn = m_s->dit().domain(domain);
        auto r = value.isEmpty() ? m_s->modify(dn, {LdapModification::remove(attr)}) : m_s->modify(dn, {LdapModification::replace(attr, value)});
        QVERIFY2(r.ok() || r.error().code() == 16, qPrintable(r.error().toString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        // A second database server, in databasegroup with web1.example.net.
        HostOps::HostSpec h;
        h.name = QStringLiteral("db1.example.net");
        h.ip = QStringLiteral("192.0.2.40");
        h.groups = {QStringLiteral("databasegroup")};
        auto added = HostOps::add(*m_s, h);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
    }

    void nativePasswordHashIsMariaDbs()
    {
        // SELECT PASSWORD('password') on MariaDB / MySQL 5.x
        QCOMPARE(Database::nativePasswordHash(QStringLiteral("password")), QStringLiteral("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"));
        QCOMPARE(Database::namePrefix(QStringLiteral("my-shop.example.com")), QStringLiteral("my_shop_example_com_"));
    }

    void addWritesEntryAndProcessNoPlainPassword()
    {
        DatabaseOps::DatabaseSpec s = spec(QStringLiteral("Shop"));
        s.host = QStringLiteral("web1.example.net");
        auto db = DatabaseOps::add(*m_s, s);
        QVERIFY2(db.ok(), qPrintable(db.error().toString()));
        QCOMPARE(db->name, QStringLiteral("example_com_shop"));
        QCOMPARE(db->user, QStringLiteral("example_com_shop"));
        QCOMPARE(db->domain, QStringLiteral("example.com"));
        QCOMPARE(db->host, QStringLiteral("web1.example.net"));
        QCOMPARE(db->type, QStringLiteral("MySQL"));
        // Defaults from conf: dbAccessHostFilter and the starred dbAccessPermissions.
        QCOMPARE(db->accessFrom, QStringList{QStringLiteral("%.example.com")});
        QCOMPARE(db->privileges, (QStringList{QStringLiteral("SELECT"), QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE"),
                                              QStringLiteral("CREATE"), QStringLiteral("DROP"), QStringLiteral("INDEX"), QStringLiteral("ALTER"),
                                              QStringLiteral("REFERENCES")}));
        const LdapDn dn = m_s->dit().database(QStringLiteral("example.com"), QStringLiteral("example_com_shop"));
        auto e = m_s->read(dn, {QStringLiteral("*")});
        QVERIFY(e.ok() && e->has_value());
        QCOMPARE((*e)->text(QStringLiteral("ispmanDBPass")), Database::nativePasswordHash(Password));
        for (const QString &attr : (*e)->attributeNames()) {
            for (const QByteArray &v : (*e)->values(attr))
                QVERIFY2(!v.contains(Password.toUtf8()), qPrintable(attr));
        }
        QCOMPARE(processesFor(dn), QStringList{QStringLiteral("AddDatabase@web1.example.net")});
        const QList<LdapEntry> p = processEntries(dn, QStringLiteral("AddDatabase"));
        QCOMPARE(p.first().text(QStringLiteral("ispmanProcessPriority")), QStringLiteral("30"));
        QCOMPARE(p.first().text(QStringLiteral("ispmanDomain")), QStringLiteral("example.com"));
        // The full name finds the same database.
        QVERIFY(DatabaseOps::show(*m_s, QStringLiteral("example.com"), QStringLiteral("example_com_shop")).ok());
        QVERIFY(DatabaseOps::show(*m_s, QStringLiteral("Example.COM"), QStringLiteral("shop")).ok());
    }

    void placementAndTargeting()
    {
        // Named server.
        DatabaseOps::DatabaseSpec named = spec(QStringLiteral("named"));
        named.host = QStringLiteral("db1.example.net");
        auto a = DatabaseOps::add(*m_s, named);
        QVERIFY2(a.ok(), qPrintable(a.error().toString()));
        QCOMPARE(a->host, QStringLiteral("db1.example.net"));
        QCOMPARE(processesFor(m_s->dit().database(QStringLiteral("example.com"), a->name)), QStringList{QStringLiteral("AddDatabase@db1.example.net")});
        // No server named, no domain default: the least used member of databasegroup. web1 and
        // db1 hold one each (ties: group order, web1 first); after one more on web1, db1.
        auto b = DatabaseOps::add(*m_s, spec(QStringLiteral("grouped")));
        QVERIFY2(b.ok(), qPrintable(b.error().toString()));
        QCOMPARE(b->host, QStringLiteral("web1.example.net"));
        auto c = DatabaseOps::add(*m_s, spec(QStringLiteral("grouped2")));
        QVERIFY(c.ok());
        QCOMPARE(c->host, QStringLiteral("db1.example.net"));
        // The domain's default server.
        setDomainAttr(QStringLiteral("example.com"), QStringLiteral("ispmanDomainDefaultDBHost"), QStringLiteral("db1.example.net"));
        auto d = DatabaseOps::add(*m_s, spec(QStringLiteral("defaulted")));
        QVERIFY(d.ok());
        QCOMPARE(d->host, QStringLiteral("db1.example.net"));
        setDomainAttr(QStringLiteral("example.com"), QStringLiteral("ispmanDomainDefaultDBHost"), QString());
        // A named server that does not exist: refused, nothing written.
        const int before = entryCount();
        DatabaseOps::DatabaseSpec ghost = spec(QStringLiteral("ghost"));
        ghost.host = QStringLiteral("nowhere.example.net");
        QCOMPARE(int(DatabaseOps::add(*m_s, ghost).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(entryCount(), before);
    }

    void refusedInputWritesNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("access");
        QTest::addColumn<QStringList>("privileges");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("field");
        const QStringList none;
        const QString pw = Password;
        QTest::newRow("name: SQL injection") << QStringLiteral("x'; DROP DATABASE mysql; --") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: backticks") << QStringLiteral("`shop`") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: double quote") << QStringLiteral("sh\"op") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: single quote") << QStringLiteral("sh'op") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: wildcard") << QStringLiteral("shop%") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: filter injection") << QStringLiteral("*)(ispmanDBName=*") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: DN injection") << QStringLiteral("a,ou=admins") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: path") << QStringLiteral("../etc") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: space") << QStringLiteral("two words") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: newline") << QStringLiteral("shop\nx") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: NUL") << QStringLiteral("shop") + QChar(0) + QStringLiteral("x") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: bad UTF-8") << QString::fromUtf8("sh\xff\xfeop") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: non-ASCII") << QStringLiteral("sh\u00f6p") << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: overlong with prefix") << QString(53, QLatin1Char('a')) << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("name: empty") << QString() << QString() << none << none << pw << QStringLiteral("database");
        QTest::newRow("user: SQL injection") << QStringLiteral("ok1") << QStringLiteral("u'@'%' IDENTIFIED BY 'x") << none << none << pw << QStringLiteral("user");
        QTest::newRow("user: backtick") << QStringLiteral("ok2") << QStringLiteral("u`") << none << none << pw << QStringLiteral("user");
        QTest::newRow("user: overlong") << QStringLiteral("ok3") << QString(70, QLatin1Char('u')) << none << none << pw << QStringLiteral("user");
        QTest::newRow("access: quote") << QStringLiteral("ok4") << QString() << QStringList{QStringLiteral("%' OR '1'='1")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: backtick") << QStringLiteral("ok5") << QString() << QStringList{QStringLiteral("localhost`")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: underscore wildcard") << QStringLiteral("ok6") << QString() << QStringList{QStringLiteral("10.0.0._")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: inner percent") << QStringLiteral("ok7") << QString() << QStringList{QStringLiteral("10.%.0.1")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: %.%") << QStringLiteral("ok8") << QString() << QStringList{QStringLiteral("%.%")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: bad prefix length") << QStringLiteral("ok9") << QString() << QStringList{QStringLiteral("10.0.0.0/33")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: host bits set") << QStringLiteral("ok10") << QString() << QStringList{QStringLiteral("10.0.0.1/24")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: octet overflow") << QStringLiteral("ok11") << QString() << QStringList{QStringLiteral("300.0.%")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: space") << QStringLiteral("ok12") << QString() << QStringList{QStringLiteral("local host")} << none << pw << QStringLiteral("access-from");
        QTest::newRow("access: overlong") << QStringLiteral("ok13") << QString() << QStringList{QString(300, QLatin1Char('a'))} << none << pw << QStringLiteral("access-from");
        QTest::newRow("privilege: GRANT OPTION") << QStringLiteral("ok14") << QString() << none << QStringList{QStringLiteral("GRANT OPTION")} << pw << QStringLiteral("privilege");
        QTest::newRow("privilege: SUPER") << QStringLiteral("ok15") << QString() << none << QStringList{QStringLiteral("SUPER")} << pw << QStringLiteral("privilege");
        QTest::newRow("privilege: FILE") << QStringLiteral("ok16") << QString() << none << QStringList{QStringLiteral("FILE")} << pw << QStringLiteral("privilege");
        QTest::newRow("privilege: injection") << QStringLiteral("ok17") << QString() << none << QStringList{QStringLiteral("SELECT ON *.* TO x; --")} << pw << QStringLiteral("privilege");
        QTest::newRow("privilege: ALL with others") << QStringLiteral("ok18") << QString() << none << QStringList{QStringLiteral("ALL"), QStringLiteral("SELECT")} << pw << QStringLiteral("privilege");
        QTest::newRow("password: too short") << QStringLiteral("ok19") << QString() << none << none << QStringLiteral("short") << QStringLiteral("password");
        QTest::newRow("password: the user name") << QStringLiteral("ok20") << QString() << none << none << QStringLiteral("example_com_ok20") << QStringLiteral("password");
        QTest::newRow("password: none") << QStringLiteral("ok21") << QString() << none << none << QString() << QStringLiteral("password");
        QTest::newRow("password: newline") << QStringLiteral("ok22") << QString() << none << none << QStringLiteral("secret-1\nsecret") << QStringLiteral("password");
    }

    void refusedInputWritesNothing()
    {
        QFETCH(QString, name);
        QFETCH(QString, user);
        QFETCH(QStringList, access);
        QFETCH(QStringList, privileges);
        QFETCH(QString, password);
        QFETCH(QString, field);
        const int before = entryCount();
        DatabaseOps::DatabaseSpec s = spec(name);
        s.user = user;
        s.accessFrom = access;
        s.privileges = privileges;
        s.password = password;
        auto r = DatabaseOps::add(*m_s, s);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY(r.error().message.startsWith(field + QLatin1Char(':')));
        if (!password.isEmpty() && password.size() >= 8)
            QVERIFY(!r.error().message.contains(password));
        QCOMPARE(entryCount(), before);
    }

    void acceptedAccessPatterns()
    {
        DatabaseOps::DatabaseSpec s = spec(QStringLiteral("patterns"));
        s.accessFrom = {QStringLiteral("localhost"), QStringLiteral("%"), QStringLiteral("192.0.2.10"), QStringLiteral("10.0.0.%"),
                        QStringLiteral("10.1.0.0/16"), QStringLiteral("%.Example.ORG"), QStringLiteral("2001:DB8::5"), QStringLiteral("app1.example.com")};
        s.privileges = {QStringLiteral("select"), QStringLiteral("create_temporary_tables"), QStringLiteral("Lock Tables")};
        auto db = DatabaseOps::add(*m_s, s);
        QVERIFY2(db.ok(), qPrintable(db.error().toString()));
        QCOMPARE(db->accessFrom, (QStringList{QStringLiteral("localhost"), QStringLiteral("%"), QStringLiteral("192.0.2.10"), QStringLiteral("10.0.0.%"),
                                              QStringLiteral("10.1.0.0/255.255.0.0"), QStringLiteral("%.example.org"), QStringLiteral("2001:db8::5"),
                                              QStringLiteral("app1.example.com")}));
        QCOMPARE(db->privileges, (QStringList{QStringLiteral("SELECT"), QStringLiteral("CREATE TEMPORARY TABLES"), QStringLiteral("LOCK TABLES")}));
    }

    void uniquenessPerServer()
    {
        const int before = entryCount();
        // Same name again (short or full form).
        QCOMPARE(int(DatabaseOps::add(*m_s, spec(QStringLiteral("shop"))).error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(int(DatabaseOps::add(*m_s, spec(QStringLiteral("example_com_shop"))).error().kind), int(OpError::Kind::Conflict));
        // Another database whose user is taken on the same server.
        DatabaseOps::DatabaseSpec s = spec(QStringLiteral("shop2"));
        s.user = QStringLiteral("shop");
        s.host = QStringLiteral("web1.example.net");
        auto r = DatabaseOps::add(*m_s, s);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(r.error().field, QStringLiteral("user"));
        QCOMPARE(entryCount(), before);
        // The same user name on another server is another account.
        s.host = QStringLiteral("db1.example.net");
        auto other = DatabaseOps::add(*m_s, s);
        QVERIFY2(other.ok(), qPrintable(other.error().toString()));
        QCOMPARE(other->user, QStringLiteral("example_com_shop"));
    }

    void replicaAndLimit()
    {
        const int before = entryCount();
        QCOMPARE(int(DatabaseOps::add(*m_s, spec(QStringLiteral("mirror"), QStringLiteral("example.net"))).error().kind), int(OpError::Kind::NotAllowed));
        // example.org allows no databases (ispmanMaxDatabases 0).
        QCOMPARE(int(DatabaseOps::add(*m_s, spec(QStringLiteral("one"), QStringLiteral("example.org"))).error().kind), int(OpError::Kind::LimitReached));
        QCOMPARE(entryCount(), before);
        setDomainAttr(QStringLiteral("example.org"), QStringLiteral("ispmanMaxDatabases"), QStringLiteral("1"));
        auto one = DatabaseOps::add(*m_s, spec(QStringLiteral("one"), QStringLiteral("example.org")));
        QVERIFY2(one.ok(), qPrintable(one.error().toString()));
        QCOMPARE(one->name, QStringLiteral("example_org_one"));
        QCOMPARE(int(DatabaseOps::add(*m_s, spec(QStringLiteral("two"), QStringLiteral("example.org"))).error().kind), int(OpError::Kind::LimitReached));
    }

    void concurrentAddsKeepTheLimit()
    {
        for (int round = 0; round < 3; ++round) {
            auto current = DatabaseOps::list(*m_s, QStringLiteral("example.org"));
            QVERIFY(current.ok());
            setDomainAttr(QStringLiteral("example.org"), QStringLiteral("ispmanMaxDatabases"), QString::number(current->size() + 1));
            std::atomic<int> won{0};
            QList<QThread *> threads;
            for (int t = 0; t < 2; ++t) {
                threads << QThread::create([&, round, t] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    if (DatabaseOps::add(s, spec(QStringLiteral("race%1x%2").arg(round).arg(t), QStringLiteral("example.org"))).ok())
                        ++won;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(won.load(), 1);
            QCOMPARE(DatabaseOps::list(*m_s, QStringLiteral("example.org"))->size(), current->size() + 1);
        }
    }

    void concurrentSameNameOneWins()
    {
        for (int round = 0; round < 3; ++round) {
            std::atomic<int> won{0};
            QList<QThread *> threads;
            for (int t = 0; t < 2; ++t) {
                threads << QThread::create([&, round] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    DatabaseOps::DatabaseSpec sp = spec(QStringLiteral("same%1").arg(round));
                    sp.host = QStringLiteral("db1.example.net");
                    if (DatabaseOps::add(s, sp).ok())
                        ++won;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(won.load(), 1);
        }
    }

    void listEditPassword()
    {
        auto all = DatabaseOps::list(*m_s, QStringLiteral("example.com"));
        QVERIFY(all.ok());
        QStringList names;
        for (const Database &d : *all)
            names << d.name;
        QVERIFY(names.contains(QStringLiteral("example_com_shop")));
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(names, sorted);
        QVERIFY(DatabaseOps::list(*m_s, QStringLiteral("example.net"))->isEmpty());

        const LdapDn dn = m_s->dit().database(QStringLiteral("example.com"), QStringLiteral("example_com_shop"));
        DatabaseOps::DatabaseChange c;
        c.accessFrom = QStringList{QStringLiteral("localhost"), QStringLiteral("10.0.0.%")};
        c.privileges = QStringList{QStringLiteral("ALL")};
        auto edited = DatabaseOps::edit(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"), c);
        QVERIFY2(edited.ok(), qPrintable(edited.error().toString()));
        QCOMPARE(edited->accessFrom, (QStringList{QStringLiteral("localhost"), QStringLiteral("10.0.0.%")}));
        QCOMPARE(edited->privileges, QStringList{QStringLiteral("ALL")});
        QCOMPARE(processEntries(dn, QStringLiteral("UpdateDatabase")).size(), 1);

        // Hostile edits: refused, nothing changed, no work queued.
        const int before = entryCount();
        DatabaseOps::DatabaseChange bad;
        bad.accessFrom = QStringList{QStringLiteral("localhost'; DROP USER root; --")};
        QCOMPARE(int(DatabaseOps::edit(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"), bad).error().kind), int(OpError::Kind::Invalid));
        DatabaseOps::DatabaseChange badPriv;
        badPriv.privileges = QStringList{QStringLiteral("ALL PRIVILEGES WITH GRANT OPTION")};
        QCOMPARE(int(DatabaseOps::edit(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"), badPriv).error().kind), int(OpError::Kind::Invalid));
        DatabaseOps::DatabaseChange empty;
        empty.accessFrom = QStringList{};
        QVERIFY(!DatabaseOps::edit(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"), empty).ok());
        QCOMPARE(entryCount(), before);
        QCOMPARE(DatabaseOps::show(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"))->privileges, QStringList{QStringLiteral("ALL")});

        QVERIFY(!DatabaseOps::setPassword(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"), QStringLiteral("short")).ok());
        QCOMPARE(entryCount(), before);
        QVERIFY(DatabaseOps::setPassword(*m_s, QStringLiteral("example.com"), QStringLiteral("shop"), QStringLiteral("password")).ok());
        QCOMPARE(m_s->read(dn, {QStringLiteral("ispmanDBPass")})->value().text(QStringLiteral("ispmanDBPass")),
                 QStringLiteral("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"));
        QCOMPARE(processEntries(dn, QStringLiteral("UpdateDatabase")).size(), 2);
        QCOMPARE(int(DatabaseOps::show(*m_s, QStringLiteral("example.com"), QStringLiteral("nosuch")).error().kind), int(OpError::Kind::NotFound));
    }

    void deleteQueuesCleanUp()
    {
        const LdapDn dn = m_s->dit().database(QStringLiteral("example.com"), QStringLiteral("example_com_named"));
        QVERIFY(DatabaseOps::remove(*m_s, QStringLiteral("example.com"), QStringLiteral("named")).ok());
        QVERIFY(!m_s->read(dn)->has_value());
        const QList<LdapEntry> work = processEntries(dn, QStringLiteral("DeleteDatabase"));
        QCOMPARE(work.size(), 1);
        QCOMPARE(work.first().text(QStringLiteral("ispmanHostName")), QStringLiteral("db1.example.net"));
        QCOMPARE(work.first().text(QStringLiteral("ispmanProcessPriority")), QStringLiteral("31"));
        const auto params = decodeProcessParams(work.first().text(QStringLiteral("ispmanParams")));
        QVERIFY(params.contains({QStringLiteral("ispmanDBName"), QStringLiteral("example_com_named")}));
        QVERIFY(params.contains({QStringLiteral("ispmanDBUser"), QStringLiteral("example_com_named")}));
        QCOMPARE(int(DatabaseOps::remove(*m_s, QStringLiteral("example.com"), QStringLiteral("named")).error().kind), int(OpError::Kind::NotFound));
    }

    void domainDeleteQueuesEveryDatabasesCleanUp()
    {
        auto dbs = DatabaseOps::list(*m_s, QStringLiteral("example.org"));
        QVERIFY(dbs.ok() && dbs->size() >= 2);
        auto removed = DomainOps::remove(*m_s, QStringLiteral("example.org"));
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        for (const Database &d : *dbs) {
            const LdapDn dn = m_s->dit().database(QStringLiteral("example.org"), d.name);
            const QList<LdapEntry> work = processEntries(dn, QStringLiteral("DeleteDatabase"));
            QCOMPARE(work.size(), 1);
            QCOMPARE(work.first().text(QStringLiteral("ispmanHostName")), d.host);
            QVERIFY(decodeProcessParams(work.first().text(QStringLiteral("ispmanParams"))).contains({QStringLiteral("ispmanDBName"), d.name}));
        }
    }
};

QTEST_GUILESS_MAIN(TestDatabaseOps)
#include "tst_databaseops.moc"
