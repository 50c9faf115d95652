// Mail users against a real slapd with the sample data: the entries and processes an add
// writes, server-side password hashing and a bind as the user, address and alias uniqueness
// (also between two concurrent sessions), catch-all, refusals that leave nothing behind, the
// domain's account limit, and deletion with its clean-up work.
#include "core/ops/processqueue.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/userops.h"
#include "tests/support/testdirectory.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestUserOps : public QObject
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
    static UserOps::UserSpec spec(const QString &local, const QString &domain = QStringLiteral("example.com"))
    {
        UserOps::UserSpec s;
        s.domain = domain;
        s.localPart = local;
        s.givenName = QStringLiteral("Test");
        s.surname = QStringLiteral("User");
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
    }

    void addWritesEntryProcessesAndHashedPassword()
    {
        UserOps::UserSpec s = spec(QStringLiteral("Mary.Major"));
        s.password = QStringLiteral("mary-secret-7");
        auto u = UserOps::add(*m_s, s);
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        QCOMPARE(u->uid, QStringLiteral("mary_major_example_com"));
        QCOMPARE(u->address, QStringLiteral("mary.major@example.com"));
        QCOMPARE(u->mailHost, QStringLiteral("mail1.example.net"));
        QVERIFY(u->uidNumber > 10007);
        const LdapDn dn = m_s->dit().user(QStringLiteral("example.com"), u->uid);
        auto e = m_s->read(dn, {QStringLiteral("*")});
        QVERIFY(e->has_value());
        QVERIFY((*e)->value(QStringLiteral("userPassword")).startsWith("{ARGON2}"));
        QVERIFY((*e)->texts(QStringLiteral("uid")).contains(QStringLiteral("mary.major@example.com")));
        auto group = m_s->read(m_s->dit().domain(QStringLiteral("example.com")).child(QStringLiteral("cn"), QStringLiteral("example.com")));
        QVERIFY((*group)->texts(QStringLiteral("memberUid")).contains(u->uid));
        QCOMPARE(processesFor(dn), (QStringList{QStringLiteral("createHomeDirectory@web1.example.net"),
                                                QStringLiteral("createMailbox@mail1.example.net")}));
        LdapConnectionSettings asUser = m_dir->rootSettings();
        asUser.bindDn = dn.toString();
        asUser.password = "mary-secret-7";
        DirectorySession userSession(asUser, m_s->dit());
        QVERIFY2(userSession.whoAmI().ok(), "the user cannot bind with its password");
    }

    void uniqueness()
    {
        const int before = entryCount();
        QCOMPARE(int(UserOps::add(*m_s, spec(QStringLiteral("mary.major"))).error().kind), int(OpError::Kind::Conflict));
        // john's alias info@example.com is taken: neither a user nor an alias may have it.
        QVERIFY(!UserOps::add(*m_s, spec(QStringLiteral("info"))).ok());
        QVERIFY(!UserOps::addAlias(*m_s, QStringLiteral("mary.major@example.com"), QStringLiteral("info@example.com")).ok());
        QCOMPARE(entryCount(), before);
        auto catchAll = UserOps::addAlias(*m_s, QStringLiteral("mary.major@example.com"), QStringLiteral("@example.com"));
        QVERIFY2(catchAll.ok(), qPrintable(catchAll.error().toString()));
        QVERIFY(catchAll->aliases.contains(QStringLiteral("@example.com")));
        QVERIFY(!UserOps::addAlias(*m_s, QStringLiteral("john@example.com"), QStringLiteral("@example.com")).ok());
    }

    void concurrentSameAddressOneWins()
    {
        for (int round = 0; round < 3; ++round) {
            std::atomic<int> won{0};
            QList<QThread *> threads;
            for (int t = 0; t < 2; ++t) {
                threads << QThread::create([&, round] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    if (UserOps::add(s, spec(QStringLiteral("race%1").arg(round))).ok())
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

    void refusedInputWritesNothing_data()
    {
        QTest::addColumn<QString>("local");
        QTest::addColumn<QString>("domain");
        QTest::newRow("filter injection") << QStringLiteral("*)(uid=*") << QStringLiteral("example.com");
        QTest::newRow("DN injection") << QStringLiteral("a,ou=admins") << QStringLiteral("example.com");
        QTest::newRow("path") << QStringLiteral("../etc") << QStringLiteral("example.com");
        QTest::newRow("space") << QStringLiteral("two words") << QStringLiteral("example.com");
        QTest::newRow("overlong") << QString(65, QLatin1Char('a')) << QStringLiteral("example.com");
        QTest::newRow("unknown domain") << QStringLiteral("bob") << QStringLiteral("nowhere.example");
        QTest::newRow("replica domain") << QStringLiteral("bob") << QStringLiteral("example.net");
    }

    void refusedInputWritesNothing()
    {
        QFETCH(QString, local);
        QFETCH(QString, domain);
        const int before = entryCount();
        auto r = UserOps::add(*m_s, spec(local, domain));
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.isEmpty());
        QCOMPARE(entryCount(), before);
    }

    void accountLimit()
    {
        auto users = UserOps::list(*m_s, QStringLiteral("example.org"));
        QVERIFY(users.ok());
        QVERIFY(m_s->modify(m_s->dit().domain(QStringLiteral("example.org")),
                            {LdapModification::replace(QStringLiteral("ispmanMaxAccounts"), QString::number(users->size() + 1))})
                    .ok());
        QVERIFY(UserOps::add(*m_s, spec(QStringLiteral("last"), QStringLiteral("example.org"))).ok());
        QCOMPARE(int(UserOps::add(*m_s, spec(QStringLiteral("tooMany"), QStringLiteral("example.org"))).error().kind),
                 int(OpError::Kind::LimitReached));
    }

    void mailGroups()
    {
        MailGroupOps::MailGroupSpec g{QStringLiteral("example.com"), QStringLiteral("team"),
                                      {QStringLiteral("a@example.org"), QStringLiteral("b@example.org")}, {QStringLiteral("crew@example.com")}};
        auto added = MailGroupOps::add(*m_s, g);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        auto shown = MailGroupOps::show(*m_s, QStringLiteral("team@example.com"));
        QVERIFY(shown.ok());
        // Its addresses are taken for users and other groups.
        QVERIFY(!UserOps::add(*m_s, spec(QStringLiteral("crew"))).ok());
        QVERIFY(!MailGroupOps::add(*m_s, g).ok());
        const int before = entryCount();
        MailGroupOps::MailGroupSpec bad{QStringLiteral("example.com"), QStringLiteral("bad"), {QStringLiteral("not an address")}, {}};
        QVERIFY(!MailGroupOps::add(*m_s, bad).ok());
        QVERIFY(!MailGroupOps::addMember(*m_s, QStringLiteral("team@example.com"), QStringLiteral("*)(x=*")).ok());
        QCOMPARE(entryCount(), before);
        QVERIFY(MailGroupOps::addMember(*m_s, QStringLiteral("team@example.com"), QStringLiteral("c@example.org")).ok());
        QVERIFY(MailGroupOps::removeMember(*m_s, QStringLiteral("team@example.com"), QStringLiteral("a@example.org")).ok());
        auto list = MailGroupOps::list(*m_s, QStringLiteral("example.com"));
        QVERIFY(list.ok() && !list->isEmpty());
        auto entry = m_s->find(m_s->dit().mailGroups(QStringLiteral("example.com")),
                               LdapFilter::equals(QStringLiteral("mailLocalAddress"), QStringLiteral("team@example.com")));
        QCOMPARE(entry->size(), 1);
        QStringList members = entry->first().texts(QStringLiteral("mailForwardingAddress"));
        members.sort();
        QCOMPARE(members, (QStringList{QStringLiteral("b@example.org"), QStringLiteral("c@example.org")}));
        QVERIFY(MailGroupOps::remove(*m_s, QStringLiteral("team@example.com")).ok());
        QVERIFY(UserOps::add(*m_s, spec(QStringLiteral("crew"))).ok()); // freed again
    }

    void deleteQueuesCleanUp()
    {
        const LdapDn dn = m_s->dit().user(QStringLiteral("example.com"), QStringLiteral("mary_major_example_com"));
        QVERIFY(UserOps::remove(*m_s, QStringLiteral("mary.major@example.com")).ok());
        QVERIFY(!m_s->read(dn)->has_value());
        const QStringList work = processesFor(dn);
        QVERIFY2(work.contains(QStringLiteral("deleteMailbox@mail1.example.net")), qPrintable(work.join(u',')));
        QVERIFY2(work.contains(QStringLiteral("deleteHomeDirectory@web1.example.net")), qPrintable(work.join(u',')));
        auto group = m_s->read(m_s->dit().domain(QStringLiteral("example.com")).child(QStringLiteral("cn"), QStringLiteral("example.com")));
        QVERIFY(!(*group)->texts(QStringLiteral("memberUid")).contains(QStringLiteral("mary_major_example_com")));
        // Its catch-all went with it: the address is free again.
        QVERIFY(UserOps::addAlias(*m_s, QStringLiteral("john@example.com"), QStringLiteral("@example.com")).ok());
    }
};

QTEST_GUILESS_MAIN(TestUserOps)
#include "tst_userops.moc"
