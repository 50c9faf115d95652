// Host and host group operations against a real slapd: add/show/list/edit/delete, every input
// rule with hostile values, name conflicts (names and aliases), groups, refusal to delete what
// is in use, and nothing left behind by a refused operation.
#include "core/ops/hostops.h"
#include "tests/support/testdirectory.h"

#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestHostOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    int hostCount()
    {
        auto hosts = HostOps::list(*m_s);
        return hosts.ok() ? int(hosts->size()) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
    }

    void addShowList()
    {
        auto h = HostOps::add(*m_s, {QStringLiteral("Web1.Example.NET."), QStringLiteral("192.0.2.10"),
                                     {QStringLiteral("www-node1"), QStringLiteral("web1.example.net")},
                                     QStringLiteral("rack 4, Zürich"), {QStringLiteral("httpgroup"), QStringLiteral("fileservergroup")}});
        QVERIFY2(h.ok(), qPrintable(h.error().toString()));
        QCOMPARE(h->name, QStringLiteral("web1.example.net")); // normalised
        QCOMPARE(h->aliases, QStringList{QStringLiteral("www-node1")});
        QCOMPARE(h->groups, (QStringList{QStringLiteral("fileservergroup"), QStringLiteral("httpgroup")}));
        QCOMPARE(h->info, QStringLiteral("rack 4, Zürich"));

        auto shown = HostOps::show(*m_s, QStringLiteral("WEB1.example.net"));
        QVERIFY(shown.ok());
        QCOMPARE(shown->ip, QStringLiteral("192.0.2.10"));
        auto group = HostOps::showGroup(*m_s, QStringLiteral("httpgroup"));
        QCOMPARE(group->members, QStringList{QStringLiteral("web1.example.net")});

        QVERIFY(HostOps::add(*m_s, {QStringLiteral("mail1.example.net"), QStringLiteral("2001:DB8::0:1"), {}, {}, {}}).ok());
        auto list = HostOps::list(*m_s);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("mail1.example.net"));
        QCOMPARE(list->at(0).ip, QStringLiteral("2001:db8::1"));
    }

    void invalidInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("alias");
        QTest::addColumn<QString>("info");
        QTest::addColumn<QString>("field");
        QTest::newRow("filter injection in name") << QStringLiteral("*)(ispmanHostName=*") << QString() << QString() << QString() << QStringLiteral("name");
        QTest::newRow("DN injection in name") << QStringLiteral("x,ou=admins") << QString() << QString() << QString() << QStringLiteral("name");
        QTest::newRow("path in name") << QStringLiteral("../../etc") << QString() << QString() << QString() << QStringLiteral("name");
        QTest::newRow("space in name") << QStringLiteral("web 2") << QString() << QString() << QString() << QStringLiteral("name");
        QTest::newRow("empty name") << QString() << QString() << QString() << QString() << QStringLiteral("name");
        QTest::newRow("overlong label") << QString(64, QLatin1Char('a')) << QString() << QString() << QString() << QStringLiteral("name");
        QTest::newRow("octal-looking ip") << QStringLiteral("web2") << QStringLiteral("010.0.0.1") << QString() << QString() << QStringLiteral("ip");
        QTest::newRow("ip with shell") << QStringLiteral("web2") << QStringLiteral("1.2.3.4;reboot") << QString() << QString() << QStringLiteral("ip");
        QTest::newRow("bad alias") << QStringLiteral("web2") << QString() << QStringLiteral("a_b$") << QString() << QStringLiteral("alias");
        QTest::newRow("control char in info") << QStringLiteral("web2") << QString() << QString() << QStringLiteral("line\nbreak") << QStringLiteral("info");
        QTest::newRow("overlong info") << QStringLiteral("web2") << QString() << QString() << QString(300, QLatin1Char('x')) << QStringLiteral("info");
    }

    void invalidInput()
    {
        QFETCH(QString, name);
        QFETCH(QString, ip);
        QFETCH(QString, alias);
        QFETCH(QString, info);
        QFETCH(QString, field);
        const int before = hostCount();
        auto r = HostOps::add(*m_s, {name, ip, alias.isEmpty() ? QStringList() : QStringList{alias}, info, {}});
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        QCOMPARE(hostCount(), before);
    }

    void nameConflicts()
    {
        // Same name, and a new host whose alias is an existing host's name or alias.
        auto same = HostOps::add(*m_s, {QStringLiteral("web1.example.net"), {}, {}, {}, {}});
        QCOMPARE(int(same.error().kind), int(OpError::Kind::Conflict));
        auto aliasClash = HostOps::add(*m_s, {QStringLiteral("web2.example.net"), {}, {QStringLiteral("www-node1")}, {}, {}});
        QCOMPARE(int(aliasClash.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(aliasClash.error().field, QStringLiteral("alias"));
        QVERIFY(aliasClash.error().message.contains(QLatin1String("web1.example.net")));
        auto nameIsAlias = HostOps::add(*m_s, {QStringLiteral("www-node1"), {}, {}, {}, {}});
        QCOMPARE(int(nameIsAlias.error().kind), int(OpError::Kind::Conflict));
    }

    void unknownGroupLeavesNothingBehind()
    {
        const int before = hostCount();
        auto r = HostOps::add(*m_s, {QStringLiteral("web3.example.net"), {}, {}, {}, {QStringLiteral("httpgroup"), QStringLiteral("nosuchgroup")}});
        QCOMPARE(int(r.error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(hostCount(), before);
        QVERIFY(!HostOps::showGroup(*m_s, QStringLiteral("httpgroup"))->members.contains(QStringLiteral("web3.example.net")));
    }

    void edit()
    {
        HostOps::HostChange c;
        c.ip = QStringLiteral("192.0.2.11");
        c.aliases = QStringList{QStringLiteral("node-a"), QStringLiteral("node-b")};
        auto r = HostOps::edit(*m_s, QStringLiteral("web1.example.net"), c);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->ip, QStringLiteral("192.0.2.11"));
        QCOMPARE(r->aliases, (QStringList{QStringLiteral("node-a"), QStringLiteral("node-b")}));
        QCOMPARE(r->info, QStringLiteral("rack 4, Zürich")); // untouched
        HostOps::HostChange clear;
        clear.aliases = QStringList();
        clear.info = QString();
        r = HostOps::edit(*m_s, QStringLiteral("web1.example.net"), clear);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(r->aliases.isEmpty());
        QVERIFY(r->info.isEmpty());
        HostOps::HostChange bad;
        bad.ip = QStringLiteral("999.1.1.1");
        QCOMPARE(HostOps::edit(*m_s, QStringLiteral("web1.example.net"), bad).error().field, QStringLiteral("ip"));
        QCOMPARE(int(HostOps::edit(*m_s, QStringLiteral("ghost.example.net"), c).error().kind), int(OpError::Kind::NotFound));
    }

    void groups()
    {
        auto g = HostOps::addGroup(*m_s, QStringLiteral("monitoringgroup"), QStringLiteral("Prometheus exporters"));
        QVERIFY2(g.ok(), qPrintable(g.error().toString()));
        QCOMPARE(int(HostOps::addGroup(*m_s, QStringLiteral("monitoringgroup"), {}).error().kind), int(OpError::Kind::Conflict));
        auto joined = HostOps::addMember(*m_s, QStringLiteral("monitoringgroup"), QStringLiteral("mail1.example.net"));
        QCOMPARE(joined->members, QStringList{QStringLiteral("mail1.example.net")});
        QVERIFY(HostOps::addMember(*m_s, QStringLiteral("monitoringgroup"), QStringLiteral("mail1.example.net")).ok()); // idempotent
        QCOMPARE(int(HostOps::addMember(*m_s, QStringLiteral("monitoringgroup"), QStringLiteral("ghost")).error().kind),
                 int(OpError::Kind::NotFound));
        auto refused = HostOps::removeGroup(*m_s, QStringLiteral("monitoringgroup"));
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(refused.error().message.contains(QLatin1String("mail1.example.net")));
        QVERIFY(HostOps::removeMember(*m_s, QStringLiteral("monitoringgroup"), QStringLiteral("mail1.example.net")).ok());
        QVERIFY(HostOps::removeMember(*m_s, QStringLiteral("monitoringgroup"), QStringLiteral("mail1.example.net")).ok());
        QVERIFY(HostOps::removeGroup(*m_s, QStringLiteral("monitoringgroup")).ok());
        QCOMPARE(int(HostOps::showGroup(*m_s, QStringLiteral("monitoringgroup")).error().kind), int(OpError::Kind::NotFound));
        auto all = HostOps::listGroups(*m_s);
        QCOMPARE(all->size(), 7); // the bootstrap's
    }

    void deleteRefusedWhileInUse()
    {
        // A user entry whose mailbox lives on mail1 (written directly: users come with a later issue).
        LdapEntry user(m_s->dit().services().child(QStringLiteral("uid"), QStringLiteral("mailuser")));
        user.setTexts(QStringLiteral("objectClass"), {QStringLiteral("account"), QStringLiteral("inetLocalMailRecipient")});
        user.setText(QStringLiteral("uid"), QStringLiteral("mailuser"));
        user.setText(QStringLiteral("mailHost"), QStringLiteral("mail1.example.net"));
        QVERIFY2(m_s->add(user).ok(), "cannot add the referring entry");
        auto refused = HostOps::remove(*m_s, QStringLiteral("mail1.example.net"));
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::Conflict));
        QVERIFY2(refused.error().message.contains(QLatin1String("uid=mailuser")), qPrintable(refused.error().message));
        QVERIFY(HostOps::show(*m_s, QStringLiteral("mail1.example.net")).ok());
        QVERIFY(m_s->remove(user.dn()).ok());
        QVERIFY(HostOps::remove(*m_s, QStringLiteral("mail1.example.net")).ok());
        QCOMPARE(int(HostOps::show(*m_s, QStringLiteral("mail1.example.net")).error().kind), int(OpError::Kind::NotFound));
    }

    void deleteLeavesItsGroups()
    {
        QVERIFY(HostOps::remove(*m_s, QStringLiteral("web1.example.net")).ok());
        QVERIFY(HostOps::showGroup(*m_s, QStringLiteral("httpgroup"))->members.isEmpty());
        QVERIFY(HostOps::showGroup(*m_s, QStringLiteral("fileservergroup"))->members.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHostOps)
#include "tst_hostops.moc"
