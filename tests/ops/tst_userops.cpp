// Mail users against a real slapd with the sample data: the entries and processes an add
// writes, server-side password hashing and a bind as the user, address and alias uniqueness
// (also between two concurrent sessions), catch-all, refusals that leave nothing behind, the
// domain's account limit, and deletion with its clean-up work. Then every other operation:
// edit (names, quotas, FTP, moving the mailbox and the work for both hosts), passwords (the new
// one binds, the old one not), suspend/resume as the services' lookups see it, aliases (own
// domain or replicas, unique against users, groups and catch-alls, IDN forms), forwards and
// forward-only users, mail groups, locked domains, and hostile values refused by field and rule
// with nothing written (slapd's accesslog counts every write).
#include "core/ldap/ldapwait.h"
#include "core/ops/confops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/processqueue.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/userops.h"
#include "tests/support/testdirectory.h"

#include <QScopeGuard>
#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Isp::Core;
using namespace Qt::StringLiterals;
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

    // Successful writes so far: slapd's accesslog overlay records every one under cn=accesslog,
    // so "wrote nothing" is "this count did not move" (failed writes are not logged).
    int writeCount()
    {
        LdapSearchRequest r;
        r.base = LdapDn::fromTrusted(u"cn=accesslog");
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::objectClass(QStringLiteral("auditWriteObject"));
        r.attributes = QStringList{QStringLiteral("1.1")};
        r.pageSize = 1000;
        r.discardEntries = true;
        auto res = m_s->search(r);
        return res.ok() ? int(res->entryCount) : -1;
    }
    int processCount()
    {
        auto all = m_s->find(m_s->dit().processes(), LdapFilter::objectClass(QStringLiteral("ispmanProcesses")), {QStringLiteral("1.1")});
        return all.ok() ? int(all->size()) : -1;
    }
    // Everything that shows whether anything at all was written: writes, entries, processes.
    QList<int> counts() { return {writeCount(), entryCount(), processCount()}; }
    // The entry holding `address` as its own (user or group), with its entryCSN: any write to it
    // changes the CSN.
    LdapEntry holder(const QString &address)
    {
        auto found = m_s->find(m_s->dit().base(), LdapFilter::allOf({LdapFilter::equals(QStringLiteral("mailLocalAddress"), address),
                                                                     LdapFilter::negate(LdapFilter::objectClass(QStringLiteral("ispmanDomain")))}),
                               {QStringLiteral("*"), QStringLiteral("entryCSN")});
        return found.ok() && found->size() == 1 ? found->first() : LdapEntry();
    }
    bool canBind(const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings s = m_dir.rootSettings();
        s.bindDn = dn.toString();
        s.password = password;
        s.autoReconnect = false;
        LdapConnection c(s);
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok();
    }
    // How many entries a service's lookup finds (e.g. Dovecot's or pure-ftpd's filter).
    int lookup(const LdapFilter &filter)
    {
        auto found = m_s->find(m_s->dit().base(), filter, {QStringLiteral("1.1")});
        return found.ok() ? int(found->size()) : -1;
    }
    static UserOps::UserChange change(const QString &option, const QString &value)
    {
        UserOps::UserChange c;
        if (option == u"given-name")
            c.givenName = value;
        else if (option == u"surname")
            c.surname = value;
        else if (option == u"mail-quota")
            c.mailQuota = value;
        else if (option == u"mail-host")
            c.mailHost = value;
        else if (option == u"ftp-quota")
            c.ftpQuota = value;
        else if (option == u"ftp")
            c.ftpEnabled = value == u"enabled";
        else
            qFatal("unknown option in test data");
        return c;
    }
    // A user of example.com for the tests below, added on first use.
    OpResult<MailUser> ensureUser(const QString &local)
    {
        auto shown = UserOps::show(*m_s, local + u"@example.com"_s);
        return shown.ok() ? shown : UserOps::add(*m_s, spec(local));
    }
    // The mail group deck@example.com (alias deckhands@example.com), added on first use.
    OpResult<MailGroup> ensureGroup()
    {
        auto shown = MailGroupOps::show(*m_s, u"deck@example.com"_s);
        if (shown.ok())
            return shown;
        return MailGroupOps::add(*m_s, {u"example.com"_s, u"deck"_s, {u"john@example.com"_s}, {u"deckhands@example.com"_s}});
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
        QCOMPARE((*group)->text(QStringLiteral("gidNumber")), QString::number(u->gidNumber)); // the users' primary group
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

    void addManyIsAllOrNothing()
    {
        // Writes for three users with mailboxes: 3 entries, 6 processes, 1 uid block, the pid
        // counter at most twice, 1 claim on the domain: at most 3 per user plus 4.
        const int writesBefore = writeCount();
        QList<UserOps::UserSpec> rows;
        for (const QString &local : {u"bulk.one"_s, u"bulk.two"_s, u"bulk.three"_s}) {
            UserOps::UserSpec r = spec(local);
            r.password = u"bulk-secret-1"_s;
            rows << r;
        }
        auto added = UserOps::addMany(*m_s, rows);
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        QCOMPARE(added->size(), 3);
        QSet<qint64> uids;
        for (const MailUser &u : std::as_const(*added)) {
            uids.insert(u.uidNumber);
            const LdapDn dn = m_s->dit().user(u.domain, u.uid);
            QVERIFY(m_s->read(dn)->has_value());
            QCOMPARE(processesFor(dn), (QStringList{u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s}));
        }
        QCOMPARE(uids.size(), 3);
        QVERIFY2(writeCount() - writesBefore <= 3 * 3 + 4, qPrintable(QString::number(writeCount() - writesBefore)));
        LdapConnectionSettings asUser = m_dir->rootSettings();
        asUser.bindDn = m_s->dit().user(u"example.com"_s, u"bulk_two_example_com"_s).toString();
        asUser.password = "bulk-secret-1";
        QVERIFY(DirectorySession(asUser, m_s->dit()).whoAmI().ok());

        // A refusal in any row writes nothing, and names the row.
        const int entries = entryCount();
        const int writes = writeCount();
        QList<UserOps::UserSpec> bad{spec(u"bulk.four"_s), spec(u"bulk.five"_s), spec(u"bulk.four"_s)};
        auto dup = UserOps::addMany(*m_s, bad);
        QCOMPARE(dup.error().kind, OpError::Kind::Conflict);
        QVERIFY2(dup.error().message.startsWith(u"row 3: "_s), qPrintable(dup.error().message));
        QList<UserOps::UserSpec> taken{spec(u"bulk.six"_s), spec(u"bulk.one"_s)};
        auto inUse = UserOps::addMany(*m_s, taken);
        QCOMPARE(inUse.error().kind, OpError::Kind::Conflict);
        QVERIFY2(inUse.error().message.startsWith(u"row 2: "_s), qPrintable(inUse.error().message));
        QList<UserOps::UserSpec> invalid{spec(u"bulk.seven"_s), spec(u"bad/name"_s)};
        QCOMPARE(UserOps::addMany(*m_s, invalid).error().kind, OpError::Kind::Invalid);
        QCOMPARE(entryCount(), entries);
        QCOMPARE(writeCount(), writes);
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
        // Mary is a member of a group by her address and by an alias: both go with her, the
        // other member stays.
        QVERIFY(UserOps::addAlias(*m_s, QStringLiteral("mary.major@example.com"), QStringLiteral("mm@example.com")).ok());
        QVERIFY(MailGroupOps::add(*m_s, {QStringLiteral("example.com"), QStringLiteral("board"),
                                         {QStringLiteral("Mary.Major@example.com"), QStringLiteral("mm@example.com"), QStringLiteral("x@example.org")}, {}})
                    .ok());
        QVERIFY(UserOps::remove(*m_s, QStringLiteral("mary.major@example.com")).ok());
        auto board = MailGroupOps::show(*m_s, QStringLiteral("board@example.com"));
        QVERIFY(board.ok());
        QCOMPARE(board->members, QStringList{QStringLiteral("x@example.org")});
        QVERIFY(MailGroupOps::remove(*m_s, QStringLiteral("board@example.com")).ok());
        QVERIFY(!m_s->read(dn)->has_value());
        const QStringList work = processesFor(dn);
        QVERIFY2(work.contains(QStringLiteral("deleteMailbox@mail1.example.net")), qPrintable(work.join(u',')));
        QVERIFY2(work.contains(QStringLiteral("deleteHomeDirectory@web1.example.net")), qPrintable(work.join(u',')));
        auto group = m_s->read(m_s->dit().domain(QStringLiteral("example.com")).child(QStringLiteral("cn"), QStringLiteral("example.com")));
        QVERIFY(!(*group)->texts(QStringLiteral("memberUid")).contains(QStringLiteral("mary_major_example_com")));
        // Its catch-all went with it: the address is free again.
        QVERIFY(UserOps::addAlias(*m_s, QStringLiteral("john@example.com"), QStringLiteral("@example.com")).ok());
    }

    // --- edit ----------------------------------------------------------------------------------

    void editChangesWhatIsGiven_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("expected"); // attribute=value; "attribute=" when it must be absent
        // Rows run in order on the same user.
        QTest::newRow("given name") << u"given-name"_s << u"Edith"_s << QStringList{u"givenName=Edith"_s, u"sn=User"_s, u"cn=Edith User"_s};
        QTest::newRow("surname") << u"surname"_s << u"Piaf"_s << QStringList{u"sn=Piaf"_s, u"cn=Edith Piaf"_s, u"givenName=Edith"_s};
        QTest::newRow("non-ASCII given name") << u"given-name"_s << u"Édith Giovanna"_s
                                              << QStringList{u"givenName=Édith Giovanna"_s, u"cn=Édith Giovanna Piaf"_s};
        QTest::newRow("filter and DN syntax is only text") << u"surname"_s << u"O'Brien *)(uid=*),ou=admins"_s
                                                           << QStringList{u"sn=O'Brien *)(uid=*),ou=admins"_s};
        QTest::newRow("trimmed") << u"surname"_s << u"  Gassion "_s << QStringList{u"sn=Gassion"_s, u"cn=Édith Giovanna Gassion"_s};
        QTest::newRow("given name cleared") << u"given-name"_s << QString() << QStringList{u"givenName="_s, u"sn=Gassion"_s, u"cn=Gassion"_s};
        QTest::newRow("surname cleared: sn is the user id") << u"surname"_s << QString() << QStringList{u"givenName="_s, u"sn=edith"_s, u"cn=edith"_s};
        QTest::newRow("mail quota in KiB") << u"mail-quota"_s << u"200"_s << QStringList{u"mailQuota=204800"_s, u"mailHost=mail1.example.net"_s};
        QTest::newRow("mail quota zero") << u"mail-quota"_s << u"0"_s << QStringList{u"mailQuota=0"_s};
        QTest::newRow("ftp quota") << u"ftp-quota"_s << u"5"_s << QStringList{u"FTPQuotaMBytes=5"_s};
        QTest::newRow("ftp off") << u"ftp"_s << u"disabled"_s << QStringList{u"FTPStatus=disabled"_s, u"ispmanStatus=active"_s};
        QTest::newRow("ftp on") << u"ftp"_s << u"enabled"_s << QStringList{u"FTPStatus=enabled"_s};
    }

    void editChangesWhatIsGiven()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        QFETCH(QStringList, expected);
        auto u = ensureUser(u"edith"_s);
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        const LdapEntry before = holder(u"edith@example.com"_s);
        QVERIFY(!before.isEmpty());
        const QStringList work = processesFor(before.dn());
        const int writes = writeCount();
        auto edited = UserOps::edit(*m_s, u"Edith@Example.COM"_s, change(option, value));
        QVERIFY2(edited.ok(), qPrintable(edited.error().toString()));
        QVERIFY(writeCount() > writes); // the accesslog sees writes (the refusal tests rely on it)
        const LdapEntry after = holder(u"edith@example.com"_s);
        for (const QString &e : std::as_const(expected)) {
            const qsizetype eq = e.indexOf(u'=');
            const QString want = e.mid(eq + 1);
            QCOMPARE(after.texts(e.left(eq)), want.isEmpty() ? QStringList() : QStringList{want});
        }
        // What edit returns is what is stored.
        const MailUser stored = MailUser::fromEntry(after);
        QCOMPARE(edited->commonName(), stored.commonName());
        QCOMPARE(edited->mailQuotaKiB, stored.mailQuotaKiB);
        QCOMPARE(edited->ftpQuotaMBytes, stored.ftpQuotaMBytes);
        QCOMPARE(edited->ftpEnabled, stored.ftpEnabled);
        // Only this entry changed, and no work was queued: the services read these values.
        QCOMPARE(processesFor(before.dn()), work);
        for (const QString &attr : before.attributeNames()) {
            if (attr == u"entryCSN" || attr == u"givenName" || attr == u"sn" || attr == u"cn" || attr == u"mailQuota"
                || attr == u"FTPQuotaMBytes" || attr == u"FTPStatus")
                continue;
            QCOMPARE(after.values(attr), before.values(attr));
        }
    }

    void editMailHostMovesTheMailbox()
    {
        HostOps::HostSpec h;
        h.name = u"mail2.example.net"_s;
        h.ip = u"192.0.2.21"_s;
        auto host = HostOps::add(*m_s, h);
        QVERIFY2(host.ok(), qPrintable(host.error().toString()));
        auto u = UserOps::add(*m_s, spec(u"mover"_s));
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        const LdapDn dn = m_s->dit().user(u"example.com"_s, u->uid);
        QCOMPARE(processesFor(dn), (QStringList{u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s}));

        // Host names are normalised like everywhere else.
        auto moved = UserOps::edit(*m_s, u"mover@example.com"_s, change(u"mail-host"_s, u"MAIL2.Example.NET"_s));
        QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
        QCOMPARE(moved->mailHost, u"mail2.example.net"_s);
        QCOMPARE(holder(u"mover@example.com"_s).text(u"mailHost"_s), u"mail2.example.net"_s);
        // The new host creates the mailbox, the old one deletes its copy; home directories stay.
        QCOMPARE(processesFor(dn), (QStringList{u"createHomeDirectory@web1.example.net"_s, u"createMailbox@mail1.example.net"_s,
                                                u"createMailbox@mail2.example.net"_s, u"deleteMailbox@mail1.example.net"_s}));
        // The old host can no longer learn the mailbox from the entry: the process names it.
        auto del = m_s->find(m_s->dit().processes(), LdapFilter::allOf({LdapFilter::equals(u"ispmanProcessTarget"_s, dn.toString()),
                                                                         LdapFilter::equals(u"ispmanProcess"_s, u"deleteMailbox"_s)}));
        QVERIFY(del.ok());
        QCOMPARE(del->size(), 1);
        const auto params = decodeProcessParams(del->first().text(u"ispmanParams"_s));
        QVERIFY(params.contains({u"mailbox"_s, u"mover@example.com"_s}));
        QVERIFY(params.contains({u"homeDirectory"_s, u->homeDirectory}));

        // Naming the host it is on already moves nothing and writes nothing.
        QList<int> before = counts();
        auto same = UserOps::edit(*m_s, u"mover@example.com"_s, change(u"mail-host"_s, u"mail2.example.net"_s));
        QVERIFY2(same.ok(), qPrintable(same.error().toString()));
        QCOMPARE(counts(), before);

        // Moving back, together with a new quota, in one edit.
        UserOps::UserChange back = change(u"mail-host"_s, u"mail1.example.net"_s);
        back.mailQuota = u"75"_s;
        auto returned = UserOps::edit(*m_s, u"mover@example.com"_s, back);
        QVERIFY2(returned.ok(), qPrintable(returned.error().toString()));
        QCOMPARE(returned->mailHost, u"mail1.example.net"_s);
        QCOMPARE(returned->mailQuotaKiB, qint64(75 * 1024));
        const QStringList work = processesFor(dn);
        QCOMPARE(work.count(u"createMailbox@mail1.example.net"_s), 2);
        QCOMPARE(work.count(u"deleteMailbox@mail2.example.net"_s), 1);
        QCOMPARE(work.size(), 6);

        // A user without a mailbox has none to move.
        UserOps::UserSpec fs = spec(u"mover.fwd"_s);
        fs.mailbox = false;
        fs.forwards = {u"mover@elsewhere.example"_s};
        QVERIFY(UserOps::add(*m_s, fs).ok());
        before = counts();
        auto refused = UserOps::edit(*m_s, u"mover.fwd@example.com"_s, change(u"mail-host"_s, u"mail2.example.net"_s));
        QVERIFY(!refused.ok());
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(refused.error().message.contains(u"no mailbox"_s));
        QCOMPARE(counts(), before);
    }

    void editRefusedWritesNothing_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentions"); // words of the rule that was broken
        const int invalid = int(OpError::Kind::Invalid);
        QTest::newRow("given name: newline") << u"given-name"_s << u"Ed\nith"_s << invalid << u"given-name"_s << u"control character"_s;
        QTest::newRow("given name: NUL") << u"given-name"_s << u"Ed"_s + QChar(0) + u"ith"_s << invalid << u"given-name"_s << u"control character"_s;
        QTest::newRow("given name: bidi override") << u"given-name"_s << u"Edith\u202e"_s << invalid << u"given-name"_s << u"invisible formatting"_s;
        QTest::newRow("given name: bad UTF-8") << u"given-name"_s << QString::fromUtf8("Ed\xff\xfeith") << invalid << u"given-name"_s << u"not valid UTF-8"_s;
        QTest::newRow("surname: overlong") << u"surname"_s << QString(257, u'x') << invalid << u"surname"_s << u"at most 256"_s;
        QTest::newRow("mail quota: negative") << u"mail-quota"_s << u"-1"_s << invalid << u"mail-quota"_s << u"between 0 and"_s;
        QTest::newRow("mail quota: exponent") << u"mail-quota"_s << u"1e3"_s << invalid << u"mail-quota"_s << u"whole number"_s;
        QTest::newRow("mail quota: hex") << u"mail-quota"_s << u"0x10"_s << invalid << u"mail-quota"_s << u"whole number"_s;
        QTest::newRow("mail quota: huge") << u"mail-quota"_s << u"99999999999999999999"_s << invalid << u"mail-quota"_s << u"between 0 and"_s;
        QTest::newRow("mail quota: empty") << u"mail-quota"_s << QString() << invalid << u"mail-quota"_s << u"required"_s;
        QTest::newRow("ftp quota: shell") << u"ftp-quota"_s << u"5; rm -rf /"_s << invalid << u"ftp-quota"_s << u"whole number"_s;
        QTest::newRow("mail host: filter injection") << u"mail-host"_s << u"*)(ispmanHostName=*"_s << invalid << u"mail-host"_s << u"wildcards are not allowed"_s;
        QTest::newRow("mail host: DN injection") << u"mail-host"_s << u"mail1.example.net,ou=hosts"_s << invalid << u"mail-host"_s << u"letters, digits"_s;
        QTest::newRow("mail host: path") << u"mail-host"_s << u"../mail1.example.net"_s << invalid << u"mail-host"_s << u"empty label"_s;
        QTest::newRow("mail host: overlong label") << u"mail-host"_s << QString(64, u'm') + u".example.net"_s << invalid << u"mail-host"_s << u"at most 63"_s;
        QTest::newRow("mail host: unknown") << u"mail-host"_s << u"nowhere.example.net"_s << int(OpError::Kind::NotFound) << u"mail-host"_s << u"does not exist"_s;
        QTest::newRow("mail host: IDN, unknown") << u"mail-host"_s << u"mäil1.example.net"_s << int(OpError::Kind::NotFound) << u"mail-host"_s
                                                 << u"xn--mil1-loa.example.net does not exist"_s;
    }

    void editRefusedWritesNothing()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QString, mentions);
        QVERIFY(ensureUser(u"edith"_s).ok());
        const LdapEntry entry = holder(u"edith@example.com"_s);
        const QList<int> before = counts();
        QVERIFY(before.first() > 0);
        auto r = UserOps::edit(*m_s, u"edith@example.com"_s, change(option, value));
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), kind);
        if (kind == int(OpError::Kind::Invalid))
            QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + u':'), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().message));
        QCOMPARE(counts(), before);
        QCOMPARE(holder(u"edith@example.com"_s), entry);
    }

    // --- password --------------------------------------------------------------------------------

    void passwordHashedBySlapdNewBindsOldDoesNot()
    {
        UserOps::UserSpec s = spec(u"pat"_s);
        s.password = u"first-pass-1"_s;
        auto u = UserOps::add(*m_s, s);
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        const LdapDn dn = m_s->dit().user(u"example.com"_s, u->uid);
        QVERIFY(canBind(dn, "first-pass-1"));
        const QByteArray firstHash = holder(u"pat@example.com"_s).value(u"userPassword"_s);

        auto set = UserOps::setPassword(*m_s, u"PAT@example.com"_s, u"second pass ü 2"_s);
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
        const QByteArray hash = holder(u"pat@example.com"_s).value(u"userPassword"_s);
        QVERIFY2(hash.startsWith("{ARGON2}"), hash.constData());
        QVERIFY(hash != firstHash);
        QVERIFY(!hash.contains("second"));
        QVERIFY(canBind(dn, QStringLiteral("second pass ü 2").toUtf8()));
        QVERIFY(!canBind(dn, "first-pass-1"));
        QVERIFY(!canBind(dn, "second pass u 2"));

        // Refused passwords change nothing, and no message repeats them.
        const QStringList refused{u"short"_s, u"pat"_s, u"PAT@example.com"_s, u"line-one\nline-two"_s, QString(129, u'p'),
                                  QString::fromUtf8("bad-\xff-utf8-pass"), u"tab\tin-the-middle"_s, QString()};
        for (const QString &pw : refused) {
            const QList<int> before = counts();
            auto r = UserOps::setPassword(*m_s, u"pat@example.com"_s, pw);
            QVERIFY2(!r.ok(), qPrintable(pw));
            QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
            QCOMPARE(r.error().field, u"password"_s);
            QVERIFY2(r.error().message.startsWith(u"password:"_s), qPrintable(r.error().message));
            if (pw.size() >= 8)
                QVERIFY2(!r.error().message.contains(pw), qPrintable(r.error().message));
            QCOMPARE(counts(), before);
            QCOMPARE(holder(u"pat@example.com"_s).value(u"userPassword"_s), hash);
        }
        QVERIFY(canBind(dn, QStringLiteral("second pass ü 2").toUtf8()));
        QCOMPARE(int(UserOps::setPassword(*m_s, u"ghost@example.com"_s, u"whatever-1"_s).error().kind), int(OpError::Kind::NotFound));
    }

    // --- suspend / resume ------------------------------------------------------------------------

    void suspendResumeWhatLookupsSee()
    {
        auto u = UserOps::add(*m_s, spec(u"sam"_s));
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        const LdapDn dn = m_s->dit().user(u"example.com"_s, u->uid);
        // What Postfix/Dovecot ask (an active user with this address) and what pure-ftpd asks
        // (this login with FTPStatus enabled).
        const LdapFilter mail = LdapFilter::allOf({LdapFilter::equals(u"mailLocalAddress"_s, u"sam@example.com"_s),
                                                   LdapFilter::equals(u"ispmanStatus"_s, u"active"_s)});
        const LdapFilter ftp = LdapFilter::allOf({LdapFilter::equals(u"uid"_s, u"sam@example.com"_s),
                                                  LdapFilter::equals(u"FTPStatus"_s, u"enabled"_s)});
        QCOMPARE(lookup(mail), 1);
        QCOMPARE(lookup(ftp), 1);
        const QStringList work = processesFor(dn);

        auto suspended = UserOps::setSuspended(*m_s, u"sam@example.com"_s, true);
        QVERIFY2(suspended.ok(), qPrintable(suspended.error().toString()));
        QVERIFY(suspended->suspended);
        QVERIFY(!suspended->ftpEnabled);
        LdapEntry e = holder(u"sam@example.com"_s);
        QCOMPARE(e.text(u"ispmanStatus"_s), u"suspended"_s);
        QCOMPARE(e.text(u"FTPStatus"_s), u"disabled"_s);
        QCOMPARE(lookup(mail), 0);
        QCOMPARE(lookup(ftp), 0);
        // Suspending twice is no error and changes nothing more.
        QVERIFY(UserOps::setSuspended(*m_s, u"sam@example.com"_s, true)->suspended);
        QCOMPARE(lookup(ftp), 0);

        // FTP cannot be switched back on behind the suspension's back.
        const QList<int> before = counts();
        auto ftpOn = UserOps::edit(*m_s, u"sam@example.com"_s, change(u"ftp"_s, u"enabled"_s));
        QVERIFY(!ftpOn.ok());
        QCOMPARE(int(ftpOn.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY2(ftpOn.error().message.contains(u"suspended"_s), qPrintable(ftpOn.error().message));
        QCOMPARE(counts(), before);
        QCOMPARE(lookup(ftp), 0);
        // Other changes to a suspended user are fine and keep it suspended.
        auto renamed = UserOps::edit(*m_s, u"sam@example.com"_s, change(u"given-name"_s, u"Samuel"_s));
        QVERIFY2(renamed.ok(), qPrintable(renamed.error().toString()));
        QVERIFY(renamed->suspended);
        QCOMPARE(lookup(ftp), 0);

        auto resumed = UserOps::setSuspended(*m_s, u"sam@example.com"_s, false);
        QVERIFY2(resumed.ok(), qPrintable(resumed.error().toString()));
        QVERIFY(!resumed->suspended);
        QVERIFY(resumed->ftpEnabled);
        e = holder(u"sam@example.com"_s);
        QCOMPARE(e.text(u"ispmanStatus"_s), u"active"_s);
        QCOMPARE(e.text(u"FTPStatus"_s), u"enabled"_s);
        QCOMPARE(lookup(mail), 1);
        QCOMPARE(lookup(ftp), 1);
        // Nothing is queued: the services read the status from the directory.
        QCOMPARE(processesFor(dn), work);

        const QList<int> unchanged = counts();
        QCOMPARE(int(UserOps::setSuspended(*m_s, u"ghost@example.com"_s, true).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(int(UserOps::setSuspended(*m_s, u"*@example.com"_s, true).error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(counts(), unchanged);
    }

    // --- mail groups ---------------------------------------------------------------------------

    void mailGroupAliasesAndMembers()
    {
        auto g = ensureGroup();
        QVERIFY2(g.ok(), qPrintable(g.error().toString()));
        QCOMPARE(g->aliases, QStringList{u"deckhands@example.com"_s});
        // Its addresses are taken for users, other groups and aliases.
        QCOMPARE(int(UserOps::add(*m_s, spec(u"deckhands"_s)).error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(int(UserOps::add(*m_s, spec(u"deck"_s)).error().kind), int(OpError::Kind::Conflict));
        const QList<int> before = counts();
        for (const auto &[alias, kind] : {std::pair{u"john@example.com"_s, OpError::Kind::Conflict},
                                          std::pair{u"deckhands@example.com"_s, OpError::Kind::Conflict},
                                          std::pair{u"deck@example.com"_s, OpError::Kind::Conflict},
                                          std::pair{u"deck@example.org"_s, OpError::Kind::Invalid},
                                          std::pair{u"@example.com"_s, OpError::Kind::Conflict}}) {
            auto r = MailGroupOps::addAlias(*m_s, u"deck@example.com"_s, alias);
            QVERIFY2(!r.ok(), qPrintable(alias));
            QCOMPARE(int(r.error().kind), int(kind));
            QVERIFY2(r.error().message.startsWith(u"alias:"_s), qPrintable(r.error().message));
        }
        for (const auto &[member, kind] : {std::pair{u"JOHN@example.com"_s, OpError::Kind::Conflict},
                                           std::pair{u"Deck@Example.com"_s, OpError::Kind::Invalid}}) {
            auto r = MailGroupOps::addMember(*m_s, u"deck@example.com"_s, member);
            QVERIFY2(!r.ok(), qPrintable(member));
            QCOMPARE(int(r.error().kind), int(kind));
            QVERIFY2(r.error().message.startsWith(u"member:"_s), qPrintable(r.error().message));
        }
        QCOMPARE(int(MailGroupOps::removeMember(*m_s, u"deck@example.com"_s, u"nobody@example.com"_s).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(int(MailGroupOps::removeAlias(*m_s, u"deck@example.com"_s, u"info@example.com"_s).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(int(MailGroupOps::show(*m_s, u"nodeck@example.com"_s).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(counts(), before);

        auto replicaAlias = MailGroupOps::addAlias(*m_s, u"deck@example.com"_s, u"Deck@Example.NET"_s);
        QVERIFY2(replicaAlias.ok(), qPrintable(replicaAlias.error().toString()));
        QVERIFY(replicaAlias->aliases.contains(u"deck@example.net"_s));
        QCOMPARE(holder(u"deck@example.net"_s).dn(), MailGroup::dn(m_s->dit(), u"example.com"_s, u"deck"_s));
        auto unaliased = MailGroupOps::removeAlias(*m_s, u"deck@example.com"_s, u"DECK@example.net"_s);
        QVERIFY2(unaliased.ok(), qPrintable(unaliased.error().toString()));
        QVERIFY(!unaliased->aliases.contains(u"deck@example.net"_s));
        // Freed: a user may have it now.
        QVERIFY(UserOps::addAlias(*m_s, u"john@example.com"_s, u"deck@example.net"_s).ok());
        QVERIFY(UserOps::removeAlias(*m_s, u"john@example.com"_s, u"deck@example.net"_s).ok());

        auto listed = MailGroupOps::list(*m_s, u"example.com"_s);
        QVERIFY(listed.ok());
        QStringList addresses;
        for (const MailGroup &m : *listed)
            addresses << m.address;
        QCOMPARE(addresses, (QStringList{u"deck@example.com"_s, u"sales@example.com"_s}));
        QCOMPARE(int(MailGroupOps::list(*m_s, u"nowhere.example"_s).error().kind), int(OpError::Kind::NotFound));
        QVERIFY(MailGroupOps::list(*m_s, u"example.net"_s)->isEmpty()); // a replica has none
    }

    // --- aliases ---------------------------------------------------------------------------------

    void aliasRules_data()
    {
        QTest::addColumn<QString>("alias");
        QTest::addColumn<int>("kind");      // -1: accepted
        QTest::addColumn<QString>("result"); // accepted: the stored value; refused: words of the rule
        const int ok = -1;
        const int invalid = int(OpError::Kind::Invalid), conflict = int(OpError::Kind::Conflict), notFound = int(OpError::Kind::NotFound);
        QTest::newRow("own domain") << u"ali.alt@example.com"_s << ok << u"ali.alt@example.com"_s;
        QTest::newRow("normalised") << u"Ali.Upper@EXAMPLE.com"_s << ok << u"ali.upper@example.com"_s;
        QTest::newRow("replica of its domain") << u"ali@example.net"_s << ok << u"ali@example.net"_s;
        QTest::newRow("another hosted domain") << u"ali@example.org"_s << invalid << u"allowCrossDomainAliases is no"_s;
        QTest::newRow("a domain not hosted") << u"ali@nowhere.example"_s << notFound << u"does not exist"_s;
        QTest::newRow("another user's address") << u"jane@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("another user's alias") << u"info@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("a mail group's address") << u"sales@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("a mail group's alias") << u"deckhands@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("its own address") << u"ali@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("an alias it has") << u"ALI.ALT@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("an alias it has, in the replica") << u"ali@example.net"_s << conflict << u"already in use"_s;
        QTest::newRow("catch-all taken") << u"@example.com"_s << conflict << u"already in use"_s;
        QTest::newRow("catch-all of a replica (the replica's own)") << u"@example.net"_s << conflict << u"already in use"_s;
        QTest::newRow("catch-all of another domain") << u"@example.org"_s << invalid << u"allowCrossDomainAliases is no"_s;
        QTest::newRow("catch-all of a domain not hosted") << u"@nowhere.example"_s << notFound << u"does not exist"_s;
        QTest::newRow("catch-all without a domain") << u"@"_s << invalid << u"required"_s;
    }

    void aliasRules()
    {
        QFETCH(QString, alias);
        QFETCH(int, kind);
        QFETCH(QString, result);
        QVERIFY(ensureUser(u"ali"_s).ok());
        auto group = ensureGroup();
        QVERIFY2(group.ok(), qPrintable(group.error().toString()));
        // The sample's john holds info@example.com and, since deleteQueuesCleanUp, the catch-all.
        QVERIFY(UserOps::show(*m_s, u"john@example.com"_s)->aliases.contains(u"@example.com"_s));
        const LdapEntry entry = holder(u"ali@example.com"_s);
        const QList<int> before = counts();
        auto r = UserOps::addAlias(*m_s, u"ali@example.com"_s, alias);
        if (kind < 0) {
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
            QVERIFY(r->aliases.contains(result));
            QCOMPARE(holder(result).dn(), entry.dn()); // the address now leads to ali
            return;
        }
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), kind);
        QVERIFY2(r.error().message.startsWith(u"alias:"_s), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(result), qPrintable(r.error().message));
        QCOMPARE(counts(), before);
        QCOMPARE(holder(u"ali@example.com"_s), entry);
    }

    void aliasesAcrossDomainsWhenConfAllows()
    {
        QVERIFY(ensureUser(u"ali"_s).ok());
        auto on = ConfOps::set(*m_s, u"allowCrossDomainAliases"_s, u"yes"_s);
        QVERIFY2(on.ok(), qPrintable(on.error().toString()));
        auto off = qScopeGuard([this] { QVERIFY(ConfOps::set(*m_s, u"allowCrossDomainAliases"_s, u"no"_s).ok()); });
        auto r = UserOps::addAlias(*m_s, u"ali@example.com"_s, u"ali@example.org"_s);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(r->aliases.contains(u"ali@example.org"_s));
        // Still unique, and still only hosted domains.
        QCOMPARE(int(UserOps::addAlias(*m_s, u"ali@example.com"_s, u"alice@example.org"_s).error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(int(UserOps::addAlias(*m_s, u"ali@example.com"_s, u"ali@nowhere.example"_s).error().kind), int(OpError::Kind::NotFound));
        QVERIFY(UserOps::removeAlias(*m_s, u"ali@example.com"_s, u"ali@example.org"_s).ok());
    }

    void catchAllMovesAndAliasesRemove()
    {
        QVERIFY(ensureUser(u"ali"_s).ok());
        QVERIFY(ensureGroup().ok());
        // Removing frees the address at once (any case of it names the alias).
        auto freed = UserOps::removeAlias(*m_s, u"john@example.com"_s, u"@EXAMPLE.com"_s);
        QVERIFY2(freed.ok(), qPrintable(freed.error().toString()));
        QVERIFY(!freed->aliases.contains(u"@example.com"_s));
        QVERIFY(freed->aliases.contains(u"info@example.com"_s));
        auto taken = UserOps::addAlias(*m_s, u"ali@example.com"_s, u"@example.com"_s);
        QVERIFY2(taken.ok(), qPrintable(taken.error().toString()));
        QCOMPARE(holder(u"@example.com"_s).dn(), holder(u"ali@example.com"_s).dn());
        // One catch-all per domain, for users and groups alike.
        QCOMPARE(int(UserOps::addAlias(*m_s, u"john@example.com"_s, u"@example.com"_s).error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(int(MailGroupOps::addAlias(*m_s, u"deck@example.com"_s, u"@example.com"_s).error().kind), int(OpError::Kind::Conflict));

        // Removing what is not its alias: not found, nothing written.
        const QList<int> before = counts();
        for (const QString &notMine : {u"info@example.com"_s, u"ali@example.com"_s, u"nothing@example.com"_s, u"*"_s, u"@example.org"_s}) {
            auto r = UserOps::removeAlias(*m_s, u"ali@example.com"_s, notMine);
            QVERIFY2(!r.ok(), qPrintable(notMine));
            QCOMPARE(int(r.error().kind), int(OpError::Kind::NotFound));
            QVERIFY2(r.error().message.startsWith(u"alias:"_s), qPrintable(r.error().message));
        }
        QCOMPARE(counts(), before);

        QVERIFY(UserOps::removeAlias(*m_s, u"ali@example.com"_s, u"@example.com"_s).ok());
        QVERIFY(UserOps::addAlias(*m_s, u"john@example.com"_s, u"@example.com"_s).ok());
        QCOMPARE(holder(u"@example.com"_s).dn(), holder(u"john@example.com"_s).dn());
    }

    void idnAliasesAndForwards()
    {
        QVERIFY(ensureUser(u"ali"_s).ok());
        DomainOps::DomainSpec replica;
        replica.name = u"bücher.example"_s;
        replica.type = u"replica"_s;
        replica.replicaMaster = u"example.com"_s;
        auto added = DomainOps::add(*m_s, replica);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QCOMPARE(added->domain.name, u"xn--bcher-kva.example"_s);

        // U-labels are stored as A-labels; either form names the same address.
        auto a = UserOps::addAlias(*m_s, u"ali@example.com"_s, u"ali@Bücher.example"_s);
        QVERIFY2(a.ok(), qPrintable(a.error().toString()));
        QVERIFY(a->aliases.contains(u"ali@xn--bcher-kva.example"_s));
        QCOMPARE(int(UserOps::addAlias(*m_s, u"ali@example.com"_s, u"ali@xn--bcher-kva.example"_s).error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(int(UserOps::addAlias(*m_s, u"ali@example.com"_s, u"ALI@BÜCHER.example"_s).error().kind), int(OpError::Kind::Conflict));
        auto removed = UserOps::removeAlias(*m_s, u"ali@example.com"_s, u"ali@bücher.example"_s);
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QVERIFY(!removed->aliases.contains(u"ali@xn--bcher-kva.example"_s));

        auto f = UserOps::addForward(*m_s, u"ali@example.com"_s, u"Ali@Bücher.example"_s);
        QVERIFY2(f.ok(), qPrintable(f.error().toString()));
        QVERIFY(f->forwards.contains(u"Ali@xn--bcher-kva.example"_s));
        QCOMPARE(int(UserOps::addForward(*m_s, u"ali@example.com"_s, u"ali@xn--bcher-kva.example"_s).error().kind), int(OpError::Kind::Conflict));
        auto unf = UserOps::removeForward(*m_s, u"ali@example.com"_s, u"ali@bücher.example"_s);
        QVERIFY2(unf.ok(), qPrintable(unf.error().toString()));
        QVERIFY(unf->forwards.isEmpty());
        // A forward to one of its own aliases would loop.
        QVERIFY(UserOps::addAlias(*m_s, u"ali@example.com"_s, u"ally@example.com"_s).ok());
        auto loop = UserOps::addForward(*m_s, u"ali@example.com"_s, u"Ally@Example.com"_s);
        QVERIFY(!loop.ok());
        QCOMPARE(int(loop.error().kind), int(OpError::Kind::Invalid));
        QVERIFY2(loop.error().message.contains(u"loop"_s), qPrintable(loop.error().message));
        QVERIFY(UserOps::removeAlias(*m_s, u"ali@example.com"_s, u"ally@example.com"_s).ok());

        // Group members and aliases alike.
        QVERIFY(ensureGroup().ok());
        QVERIFY(MailGroupOps::addMember(*m_s, u"deck@example.com"_s, u"mate@bücher.example"_s)->members.contains(u"mate@xn--bcher-kva.example"_s));
        QVERIFY(MailGroupOps::removeMember(*m_s, u"deck@example.com"_s, u"mate@bücher.example"_s).ok());
        QVERIFY(MailGroupOps::addAlias(*m_s, u"deck@example.com"_s, u"deck@bücher.example"_s)->aliases.contains(u"deck@xn--bcher-kva.example"_s));
        QVERIFY(MailGroupOps::removeAlias(*m_s, u"deck@example.com"_s, u"deck@bücher.example"_s).ok());
        QVERIFY(!MailGroupOps::show(*m_s, u"deck@example.com"_s)->aliases.contains(u"deck@xn--bcher-kva.example"_s));
        QVERIFY(DomainOps::remove(*m_s, u"bücher.example"_s).ok());
    }

    // --- forwards --------------------------------------------------------------------------------

    void forwardsAndForwardOnlyUsers()
    {
        // A forward-only user: no mailbox, no mail host, no quota, no mailbox work.
        UserOps::UserSpec s = spec(u"fwd"_s);
        s.mailbox = false;
        s.forwards = {u"me@elsewhere.example"_s, u"Me@ELSEWHERE.example"_s}; // the same address twice
        auto u = UserOps::add(*m_s, s);
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        QVERIFY(!u->hasMailbox());
        QCOMPARE(u->forwards, QStringList{u"me@elsewhere.example"_s});
        const LdapDn dn = m_s->dit().user(u"example.com"_s, u->uid);
        LdapEntry e = holder(u"fwd@example.com"_s);
        for (const QString &attr : {u"mailHost"_s, u"mailQuota"_s, u"mailRoutingAddress"_s})
            QVERIFY2(!e.hasAttribute(attr), qPrintable(attr));
        QCOMPARE(e.texts(u"mailForwardingAddress"_s), QStringList{u"me@elsewhere.example"_s});
        QCOMPARE(processesFor(dn), QStringList{u"createHomeDirectory@web1.example.net"_s});

        // It needs a forward, and has no mail host or quota to give.
        for (const auto &[mailHost, quota, forwards, field] :
             {std::tuple{QString(), QString(), QStringList(), u"forward"_s},
              std::tuple{u"mail1.example.net"_s, QString(), QStringList{u"x@elsewhere.example"_s}, u"mail-host"_s},
              std::tuple{QString(), u"10"_s, QStringList{u"x@elsewhere.example"_s}, u"mail-host"_s}}) {
            UserOps::UserSpec bad = spec(u"fwd2"_s);
            bad.mailbox = false;
            bad.mailHost = mailHost;
            bad.mailQuota = quota;
            bad.forwards = forwards;
            const QList<int> before = counts();
            auto r = UserOps::add(*m_s, bad);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().field, field);
            QCOMPARE(counts(), before);
        }

        auto second = UserOps::addForward(*m_s, u"fwd@example.com"_s, u"second@elsewhere.example"_s);
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        QCOMPARE(second->forwards.size(), 2);
        QList<int> before = counts();
        for (const auto &[value, kind] : {std::pair{u"SECOND@elsewhere.example"_s, OpError::Kind::Conflict},
                                          std::pair{u"Fwd@Example.com"_s, OpError::Kind::Invalid},
                                          std::pair{u"@elsewhere.example"_s, OpError::Kind::Invalid}}) {
            auto r = UserOps::addForward(*m_s, u"fwd@example.com"_s, value);
            QVERIFY2(!r.ok(), qPrintable(value));
            QCOMPARE(int(r.error().kind), int(kind));
            QVERIFY2(r.error().message.startsWith(u"forward:"_s), qPrintable(r.error().message));
        }
        QCOMPARE(counts(), before);

        QVERIFY(UserOps::removeForward(*m_s, u"fwd@example.com"_s, u"ME@elsewhere.example"_s).ok());
        QCOMPARE(holder(u"fwd@example.com"_s).texts(u"mailForwardingAddress"_s), QStringList{u"second@elsewhere.example"_s});
        // The last forward of a forward-only user stays.
        before = counts();
        auto last = UserOps::removeForward(*m_s, u"fwd@example.com"_s, u"second@elsewhere.example"_s);
        QVERIFY(!last.ok());
        QCOMPARE(int(last.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY2(last.error().message.startsWith(u"forward:"_s), qPrintable(last.error().message));
        QCOMPARE(int(UserOps::removeForward(*m_s, u"fwd@example.com"_s, u"never@elsewhere.example"_s).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(counts(), before);
        QCOMPARE(holder(u"fwd@example.com"_s).texts(u"mailForwardingAddress"_s), QStringList{u"second@elsewhere.example"_s});
        // No quota on a user without a mailbox either.
        QCOMPARE(int(UserOps::edit(*m_s, u"fwd@example.com"_s, change(u"mail-quota"_s, u"10"_s)).error().kind), int(OpError::Kind::NotAllowed));
        QCOMPARE(counts(), before);

        // A user with a mailbox may drop every forward.
        auto boxed = ensureUser(u"boxed"_s);
        QVERIFY(boxed.ok());
        QVERIFY(UserOps::addForward(*m_s, u"boxed@example.com"_s, u"copy@elsewhere.example"_s).ok());
        auto dropped = UserOps::removeForward(*m_s, u"boxed@example.com"_s, u"copy@elsewhere.example"_s);
        QVERIFY2(dropped.ok(), qPrintable(dropped.error().toString()));
        QVERIFY(dropped->forwards.isEmpty());
        QVERIFY(!holder(u"boxed@example.com"_s).hasAttribute(u"mailForwardingAddress"_s));

        // Deleting it queues no mailbox work.
        QVERIFY(UserOps::remove(*m_s, u"fwd@example.com"_s).ok());
        QCOMPARE(processesFor(dn), (QStringList{u"createHomeDirectory@web1.example.net"_s, u"deleteHomeDirectory@web1.example.net"_s}));
    }

    void concurrentForwardRemovalsKeepOne()
    {
        // Two sessions each remove a different one of the last two forwards: one must be refused.
        for (int round = 0; round < 5; ++round) {
            UserOps::UserSpec s = spec(u"fwdrace%1"_s.arg(round));
            s.mailbox = false;
            s.forwards = {u"a@elsewhere.example"_s, u"b@elsewhere.example"_s};
            auto u = UserOps::add(*m_s, s);
            QVERIFY2(u.ok(), qPrintable(u.error().toString()));
            std::atomic<int> removed{0};
            QList<QThread *> threads;
            for (const QString &f : {u"a@elsewhere.example"_s, u"b@elsewhere.example"_s}) {
                threads << QThread::create([&, f] {
                    DirectorySession session(m_dir->adminSettings(), Dit(m_dir->base()));
                    if (UserOps::removeForward(session, u->address, f).ok())
                        ++removed;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(removed.load(), 1);
            QCOMPARE(holder(u->address).texts(u"mailForwardingAddress"_s).size(), 1);
        }
    }

    // --- hostile values ------------------------------------------------------------------------

    void hostileValuesRefusedWriteNothing_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentions");
        struct Value
        {
            const char *name;
            QString value;
            QString mailboxRule; // words of the rule broken under the mailbox rule (aliases)
            QString forwardRule; // ... under the forward rule (forwards, members)
        };
        const QString longLabel(61, u'd');
        const QList<Value> values{
            {"filter injection", u"*)(mailLocalAddress=*)@example.com"_s, u"may contain only"_s, u"may contain only"_s},
            {"filter without @", u"*)(uid=*"_s, u"name@example.com"_s, u"name@example.com"_s},
            {"DN injection", u"a,ou=admins@example.com"_s, u"may contain only"_s, u"may contain only"_s},
            {"two @", u"a@b@example.com"_s, u"name@example.com"_s, u"name@example.com"_s},
            {"domain injection", u"a@example.com)(objectClass=*"_s, u"letters, digits"_s, u"letters, digits"_s},
            {"dot dot", u"a..b@example.com"_s, u"two dots in a row"_s, u"two dots in a row"_s},
            {"path local part", u"../etc@example.com"_s, u"may contain only"_s, u"start or end with a dot"_s},
            {"path domain", u"a@../example.com"_s, u"empty label"_s, u"empty label"_s},
            {"space", u"a b@example.com"_s, u"may contain only"_s, u"may contain only"_s},
            {"NUL", u"a"_s + QChar(0) + u"b@example.com"_s, u"control character"_s, u"control character"_s},
            {"header injection", u"a@example.com\nBcc: x@evil.example"_s, u"control character"_s, u"control character"_s},
            {"bad UTF-8", QString::fromUtf8("a\xff\xfe@example.com"), u"not valid UTF-8"_s, u"not valid UTF-8"_s},
            {"bidi override", u"a\u202e@example.com"_s, u"invisible formatting"_s, u"invisible formatting"_s},
            {"overlong local part", QString(65, u'a') + u"@example.com"_s, u"at most 64"_s, u"at most 64"_s},
            {"overlong label", u"a@"_s + QString(64, u'b') + u".example"_s, u"at most 63"_s, u"at most 63"_s},
            {"overlong domain", u"a@"_s + QStringList(5, QString(50, u'c')).join(u'.') + u".com"_s, u"at most 253"_s, u"at most 253"_s},
            {"overlong address", u"aaaaaaaaaa@"_s + QStringList(4, longLabel).join(u'.') + u".com"_s, u"at most 254"_s, u"at most 254"_s},
            {"address literal", u"a@[192.0.2.1]"_s, u"address literals"_s, u"address literals"_s},
            {"IDN: non-ASCII local part", u"jöhn@example.com"_s, u"may contain only"_s, u"may contain only"_s},
            {"IDN: fullwidth local part", u"ｊohn@example.com"_s, u"may contain only"_s, u"may contain only"_s},
            {"IDN: invalid A-label", u"a@xn--zz.example"_s, u"internationalized"_s, u"internationalized"_s},
            {"IDN: disallowed code point", u"a@ex\u2665ample.com"_s, u"internationalized"_s, u"internationalized"_s},
            {"IDN: reserved hyphens", u"a@ab--cd.example"_s, u"third and fourth"_s, u"third and fourth"_s},
            {"IDN: zero-width joiner", u"a@ex\u200dample.com"_s, u"internationalized"_s, u"internationalized"_s},
        };
        // op, field, which rule applies
        const QList<std::tuple<const char *, QString, bool>> ops{
            {"user alias", u"alias"_s, true},          {"user forward", u"forward"_s, false}, {"group member", u"member"_s, false},
            {"group alias", u"alias"_s, true},         {"new user's forward", u"forward"_s, false},
            {"new group's member", u"member"_s, false}, {"new group's alias", u"alias"_s, true}};
        for (const auto &[op, field, mailboxRule] : ops) {
            for (const Value &v : values)
                QTest::addRow("%s: %s", op, v.name) << QString::fromLatin1(op) << v.value << field << (mailboxRule ? v.mailboxRule : v.forwardRule);
        }
    }

    void hostileValuesRefusedWriteNothing()
    {
        QFETCH(QString, op);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(QString, mentions);
        QVERIFY(ensureUser(u"ali"_s).ok());
        QVERIFY(ensureGroup().ok());
        const LdapEntry user = holder(u"ali@example.com"_s);
        const LdapEntry group = holder(u"deck@example.com"_s);
        const QList<int> before = counts();
        QVERIFY(before.first() > 0);
        OpError error;
        auto expectRefusal = [&](const auto &result) {
            if (!result.ok())
                error = result.error();
            return !result.ok();
        };
        bool refused = false;
        if (op == u"user alias") {
            refused = expectRefusal(UserOps::addAlias(*m_s, u"ali@example.com"_s, value));
        } else if (op == u"user forward") {
            refused = expectRefusal(UserOps::addForward(*m_s, u"ali@example.com"_s, value));
        } else if (op == u"group member") {
            refused = expectRefusal(MailGroupOps::addMember(*m_s, u"deck@example.com"_s, value));
        } else if (op == u"group alias") {
            refused = expectRefusal(MailGroupOps::addAlias(*m_s, u"deck@example.com"_s, value));
        } else if (op == u"new user's forward") {
            UserOps::UserSpec s = spec(u"newbie"_s);
            s.forwards = {u"fine@elsewhere.example"_s, value};
            refused = expectRefusal(UserOps::add(*m_s, s));
        } else if (op == u"new group's member") {
            refused = expectRefusal(MailGroupOps::add(*m_s, {u"example.com"_s, u"newgroup"_s, {u"fine@elsewhere.example"_s, value}, {}}));
        } else if (op == u"new group's alias") {
            refused = expectRefusal(MailGroupOps::add(*m_s, {u"example.com"_s, u"newgroup"_s, {}, {u"newgroup.alt@example.com"_s, value}}));
        } else {
            QFAIL("unknown op");
        }
        QVERIFY(refused);
        QCOMPARE(int(error.kind), int(OpError::Kind::Invalid));
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.startsWith(field + u':'), qPrintable(error.message));
        QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
        QCOMPARE(counts(), before);
        QCOMPARE(holder(u"ali@example.com"_s), user);
        QCOMPARE(holder(u"deck@example.com"_s), group);
    }

    // --- locked domains ----------------------------------------------------------------------------

    void lockedDomainRefusesEveryChange_data()
    {
        QTest::addColumn<QString>("op");
        for (const char *op : {"user add", "user edit", "user passwd", "user suspend", "user resume", "user delete", "user alias add",
                               "user alias remove", "user forward add", "user forward remove", "mailgroup add", "mailgroup delete",
                               "mailgroup member add", "mailgroup member remove", "mailgroup alias add", "mailgroup alias remove"})
            QTest::newRow(op) << QString::fromLatin1(op);
    }

    void lockedDomainRefusesEveryChange()
    {
        QFETCH(QString, op);
        auto u = ensureUser(u"locky"_s);
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        // Something to remove for the remove rows.
        if (u->aliases.isEmpty())
            QVERIFY(UserOps::addAlias(*m_s, u"locky@example.com"_s, u"locky.alt@example.com"_s).ok());
        if (u->forwards.isEmpty())
            QVERIFY(UserOps::addForward(*m_s, u"locky@example.com"_s, u"locky@elsewhere.example"_s).ok());
        QVERIFY(ensureGroup().ok());
        QVERIFY(DomainOps::setLocked(*m_s, u"example.com"_s, true).ok());
        auto unlock = qScopeGuard([this] { QVERIFY(DomainOps::setLocked(*m_s, u"example.com"_s, false).ok()); });
        const LdapEntry user = holder(u"locky@example.com"_s);
        const LdapEntry group = holder(u"deck@example.com"_s);
        const QList<int> before = counts();

        const QString a = u"locky@example.com"_s, g = u"deck@example.com"_s;
        OpError error;
        auto refused = [&](const auto &result) {
            if (!result.ok())
                error = result.error();
            return !result.ok();
        };
        bool ok = false;
        if (op == u"user add")
            ok = refused(UserOps::add(*m_s, spec(u"lockedout"_s)));
        else if (op == u"user edit")
            ok = refused(UserOps::edit(*m_s, a, change(u"given-name"_s, u"Locky"_s)));
        else if (op == u"user passwd")
            ok = refused(UserOps::setPassword(*m_s, a, u"locked-pass-1"_s));
        else if (op == u"user suspend")
            ok = refused(UserOps::setSuspended(*m_s, a, true));
        else if (op == u"user resume")
            ok = refused(UserOps::setSuspended(*m_s, a, false));
        else if (op == u"user delete")
            ok = refused(UserOps::remove(*m_s, a));
        else if (op == u"user alias add")
            ok = refused(UserOps::addAlias(*m_s, a, u"locky.more@example.com"_s));
        else if (op == u"user alias remove")
            ok = refused(UserOps::removeAlias(*m_s, a, u"locky.alt@example.com"_s));
        else if (op == u"user forward add")
            ok = refused(UserOps::addForward(*m_s, a, u"more@elsewhere.example"_s));
        else if (op == u"user forward remove")
            ok = refused(UserOps::removeForward(*m_s, a, u"locky@elsewhere.example"_s));
        else if (op == u"mailgroup add")
            ok = refused(MailGroupOps::add(*m_s, {u"example.com"_s, u"lockedgroup"_s, {}, {}}));
        else if (op == u"mailgroup delete")
            ok = refused(MailGroupOps::remove(*m_s, g));
        else if (op == u"mailgroup member add")
            ok = refused(MailGroupOps::addMember(*m_s, g, u"more@elsewhere.example"_s));
        else if (op == u"mailgroup member remove")
            ok = refused(MailGroupOps::removeMember(*m_s, g, u"john@example.com"_s));
        else if (op == u"mailgroup alias add")
            ok = refused(MailGroupOps::addAlias(*m_s, g, u"deck.more@example.com"_s));
        else if (op == u"mailgroup alias remove")
            ok = refused(MailGroupOps::removeAlias(*m_s, g, u"deckhands@example.com"_s));
        else
            QFAIL("unknown op");
        QVERIFY2(ok, "a change in a locked domain was made");
        QCOMPARE(int(error.kind), int(OpError::Kind::NotAllowed));
        QVERIFY2(error.message.contains(u"locked"_s), qPrintable(error.message));
        QCOMPARE(counts(), before);
        QCOMPARE(holder(a), user);
        QCOMPARE(holder(g), group);
    }
};

QTEST_GUILESS_MAIN(TestUserOps)
#include "tst_userops.moc"
