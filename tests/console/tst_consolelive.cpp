// LiveDirectory against a real slapd: levels load page by page, and changes made by another
// client reach loaded levels (add, modify, rename, delete) through the sync subscription that
// starts from "now".
#include "tests/console/consolefixture.h"

#include "core/ops/userops.h"

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

class TestConsoleLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ISP_START_CONSOLE(m_fx); }

    void loadsALevel()
    {
        const LdapDn users = m_fx.dit().users(QStringLiteral("example.com"));
        QSignalSpy loaded(&m_fx.live(), &LiveDirectory::levelLoaded);
        QVERIFY(m_fx.loadLevel(users));
        QCOMPARE(loaded.count(), 1);
        auto listed = UserOps::list(m_fx.otherSession(), QStringLiteral("example.com"));
        QVERIFY2(listed.ok(), qPrintable(listed.error().toString()));
        QCOMPARE(m_fx.live().children(users).size(), listed->size());
        QVERIFY(!listed->isEmpty());
        const QByteArray uuid = m_fx.live().uuidOf(m_fx.dit().user(QStringLiteral("example.com"), listed->first().uid));
        QVERIFY(!uuid.isEmpty());
        QVERIFY(m_fx.live().find(uuid)->hasObjectClass(QStringLiteral("ispmanDomainUser")));
    }

    void followsChangesOfOtherClients()
    {
        const LdapDn users = m_fx.dit().users(QStringLiteral("example.com"));
        QVERIFY(m_fx.loadLevel(users));
        QSignalSpy added(&m_fx.live(), &LiveDirectory::entriesAdded);
        QSignalSpy changed(&m_fx.live(), &LiveDirectory::entryChanged);
        QSignalSpy removed(&m_fx.live(), &LiveDirectory::entryRemoved);

        UserOps::UserSpec spec;
        spec.domain = QStringLiteral("example.com");
        spec.localPart = QStringLiteral("live1");
        spec.password = QStringLiteral("a-Long-pass-1234");
        spec.givenName = QStringLiteral("Live");
        spec.surname = QStringLiteral("One");
        auto made = UserOps::add(m_fx.otherSession(), spec);
        QVERIFY2(made.ok(), qPrintable(made.error().toString()));
        const LdapDn dn = m_fx.dit().user(QStringLiteral("example.com"), made->uid);
        QTRY_VERIFY_WITH_TIMEOUT(!m_fx.live().uuidOf(dn).isEmpty(), 5000);
        QVERIFY(added.count() >= 1);

        auto suspended = UserOps::setSuspended(m_fx.otherSession(), QStringLiteral("live1@example.com"), true);
        QVERIFY(suspended.ok());
        const QByteArray uuid = m_fx.live().uuidOf(dn);
        QTRY_VERIFY_WITH_TIMEOUT(m_fx.live().find(uuid)->text(QStringLiteral("ispmanStatus")) == u"suspended", 5000);
        QVERIFY(changed.count() >= 1);

        QVERIFY(UserOps::remove(m_fx.otherSession(), QStringLiteral("live1@example.com")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_fx.live().find(uuid) == nullptr, 5000);
        QCOMPARE(removed.count(), 1);
    }

    void ignoresLevelsNotLoaded()
    {
        // example.org's users are not loaded: a new user there is not kept.
        const LdapDn users = m_fx.dit().users(QStringLiteral("example.org"));
        QCOMPARE(m_fx.live().levelState(users), LiveDirectory::LevelState::NotLoaded);
        UserOps::UserSpec spec;
        spec.domain = QStringLiteral("example.org");
        spec.localPart = QStringLiteral("unseen");
        spec.password = QStringLiteral("a-Long-pass-1234");
        spec.surname = QStringLiteral("Unseen");
        auto made = UserOps::add(m_fx.otherSession(), spec);
        QVERIFY2(made.ok(), qPrintable(made.error().toString()));
        // Wait until the live view has caught up with that write, then look.
        const QList<QByteArray> csns = SessionPool::contextCsns(m_fx.otherSession());
        QTRY_VERIFY_WITH_TIMEOUT(m_fx.live().hasCaughtUp(csns), 5000);
        QVERIFY(m_fx.live().uuidOf(m_fx.dit().user(QStringLiteral("example.org"), made->uid)).isEmpty());
        // Loading it now brings it.
        QVERIFY(m_fx.loadLevel(users));
        QVERIFY(!m_fx.live().uuidOf(m_fx.dit().user(QStringLiteral("example.org"), made->uid)).isEmpty());
    }

    void backendWaitsForItsOwnWrite()
    {
        const LdapDn users = m_fx.dit().users(QStringLiteral("example.com"));
        QVERIFY(m_fx.loadLevel(users));
        auto command = Command::make(QStringLiteral("Add user own@example.com"), [](DirectorySession &s) -> OpResult<Done> {
            UserOps::UserSpec spec;
            spec.domain = QStringLiteral("example.com");
        spec.localPart = QStringLiteral("own");
            spec.password = QStringLiteral("a-Long-pass-1234");
            spec.surname = QStringLiteral("Own");
            auto r = UserOps::add(s, spec);
            if (!r.ok())
                return r.error();
            return Done{};
        });
        auto r = m_fx.execute(command);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        // Answered only once the live view shows it: no waiting here.
        bool found = false;
        for (const QByteArray &uuid : m_fx.live().children(users))
            found = found || m_fx.live().find(uuid)->text(QStringLiteral("mailLocalAddress")) == u"own@example.com";
        QVERIFY(found);
    }

    void survivesARestartOfTheDirectory()
    {
        const LdapDn users = m_fx.dit().users(QStringLiteral("example.com"));
        QVERIFY(m_fx.loadLevel(users));
        QVERIFY(m_fx.live().isLive());
        QString error;
        QVERIFY2(m_fx.directory()->stop(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!m_fx.live().isLive(), 10000);
        // A command while the directory is down fails with a directory error, nothing else.
        auto down = m_fx.execute(Command::make(QStringLiteral("Suspend jane"), [](DirectorySession &s) -> OpResult<Done> {
            auto r = UserOps::setSuspended(s, QStringLiteral("jane@example.com"), true);
            if (!r.ok())
                return r.error();
            return Done{};
        }), 30000);
        QVERIFY(!down.ok());
        QCOMPARE(down.error().kind, OpError::Kind::Directory);
        QVERIFY2(m_fx.directory()->start(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(m_fx.live().isLive(), 20000);
        // Live again: another client's change reaches the loaded level.
        QVERIFY(UserOps::setSuspended(m_fx.otherSession(), QStringLiteral("jane@example.com"), true).ok());
        const QByteArray jane = m_fx.live().uuidOf(m_fx.dit().user(QStringLiteral("example.com"), QStringLiteral("jane_example_com")));
        QVERIFY(!jane.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_fx.live().find(jane)->text(QStringLiteral("ispmanStatus")) == u"suspended", 10000);
        // And the same command now goes through.
        auto up = m_fx.execute(Command::make(QStringLiteral("Resume jane"), [](DirectorySession &s) -> OpResult<Done> {
            auto r = UserOps::setSuspended(s, QStringLiteral("jane@example.com"), false);
            if (!r.ok())
                return r.error();
            return Done{};
        }), 30000);
        QVERIFY2(up.ok(), qPrintable(up.error().toString()));
        QCOMPARE(m_fx.live().find(jane)->text(QStringLiteral("ispmanStatus")), QStringLiteral("active"));
    }

private:
    Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleLive)
#include "tst_consolelive.moc"
