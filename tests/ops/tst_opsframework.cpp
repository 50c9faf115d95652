// The pieces every operation is built from, against a real slapd: DirectorySession, Transaction
// (rollback restores adds, modifies and deletes), id allocation (atomic, skips numbers in use,
// stops at the maximum, distinct across concurrent threads) and process queuing (targeting by
// own host or host group, entry contents, params encoding).
#include "core/ops/directorysession.h"
#include "core/ops/idallocator.h"
#include "core/ops/processqueue.h"
#include "core/ops/transaction.h"
#include "tests/support/testdirectory.h"

#include <QSet>
#include <QTest>
#include <QThread>

#include <mutex>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestOpsFramework : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    LdapEntry role(const LdapDn &parent, const QString &cn)
    {
        LdapEntry e(parent.child(QStringLiteral("cn"), cn));
        e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalRole")});
        e.setText(QStringLiteral("cn"), cn);
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        QVERIFY(m_s->whoAmI().ok());
    }

    void readMissingIsEmptyNotError()
    {
        auto r = m_s->read(m_s->dit().host(QStringLiteral("nowhere")));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(!r->has_value());
    }

    void transactionRollsBackEverything()
    {
        const LdapDn services = m_s->dit().services();
        // Something that exists before, to be modified and deleted inside the transaction.
        QVERIFY(m_s->add(role(services, QStringLiteral("keep"))).ok());
        QVERIFY(m_s->modify(services.child(QStringLiteral("cn"), QStringLiteral("keep")),
                            {LdapModification::replace(QStringLiteral("description"), QStringLiteral("before"))})
                    .ok());
        QVERIFY(m_s->add(role(services, QStringLiteral("doomed"))).ok());
        {
            Transaction tx(*m_s);
            auto added = tx.add(role(services, QStringLiteral("fresh")));
            QVERIFY(added.ok());
            QVERIFY(added->postRead && added->postRead->text(QStringLiteral("entryUUID")).size() == 36);
            QVERIFY(tx.modify(services.child(QStringLiteral("cn"), QStringLiteral("keep")),
                              {LdapModification::replace(QStringLiteral("description"), QStringLiteral("after")),
                               LdapModification::add(QStringLiteral("telephoneNumber"), {"+1 555 0199"})})
                        .ok());
            QVERIFY(tx.remove(services.child(QStringLiteral("cn"), QStringLiteral("doomed"))).ok());
            // A write that fails: the caller gives up; the destructor rolls back.
            auto clash = tx.add(role(services, QStringLiteral("keep")));
            QCOMPARE(clash.error().code(), LdapCode::AlreadyExists);
        }
        QVERIFY(!m_s->read(services.child(QStringLiteral("cn"), QStringLiteral("fresh")))->has_value());
        auto keep = m_s->read(services.child(QStringLiteral("cn"), QStringLiteral("keep")));
        QCOMPARE((*keep)->text(QStringLiteral("description")), QStringLiteral("before"));
        QVERIFY(!(*keep)->hasAttribute(QStringLiteral("telephoneNumber")));
        QVERIFY(m_s->read(services.child(QStringLiteral("cn"), QStringLiteral("doomed")))->has_value());
    }

    void committedTransactionStays()
    {
        {
            Transaction tx(*m_s);
            QVERIFY(tx.add(role(m_s->dit().services(), QStringLiteral("kept"))).ok());
            tx.commit();
        }
        QVERIFY(m_s->read(m_s->dit().services().child(QStringLiteral("cn"), QStringLiteral("kept")))->has_value());
    }

    void uidAllocationSkipsNumbersInUse()
    {
        auto first = allocateId(*m_s, IdCounter::Uid);
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QVERIFY(*first >= 10000);
        // Someone used the next two numbers outside ISPMan.
        for (qint64 n : {*first + 1, *first + 2}) {
            LdapEntry e(m_s->dit().services().child(QStringLiteral("uid"), QStringLiteral("taken%1").arg(n)));
            e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("account"), QStringLiteral("posixAccount")});
            e.setText(QStringLiteral("uid"), QStringLiteral("taken%1").arg(n));
            e.setText(QStringLiteral("cn"), QStringLiteral("taken"));
            e.setText(QStringLiteral("uidNumber"), QString::number(n));
            e.setText(QStringLiteral("gidNumber"), QStringLiteral("100"));
            e.setText(QStringLiteral("homeDirectory"), QStringLiteral("/nonexistent"));
            auto r = m_s->add(e);
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        }
        auto next = allocateId(*m_s, IdCounter::Uid);
        QVERIFY(next.ok());
        QCOMPARE(*next, *first + 3);
    }

    void allocationStopsAtTheMaximum()
    {
        const LdapDn gid = m_s->dit().counter(QStringLiteral("gidcounter"));
        auto current = m_s->read(gid);
        const qint64 cur = (*current)->text(QStringLiteral("ispmanCurrGid")).toLongLong();
        QVERIFY(m_s->modify(gid, {LdapModification::replace(QStringLiteral("ispmanMaxGid"), QString::number(cur + 1))}).ok());
        QVERIFY(allocateId(*m_s, IdCounter::Gid).ok());
        auto over = allocateId(*m_s, IdCounter::Gid);
        QVERIFY(!over.ok());
        QCOMPARE(int(over.error().kind), int(OpError::Kind::LimitReached));
        QVERIFY2(over.error().message.contains(QLatin1String("gidcounter")), qPrintable(over.error().message));
    }

    void concurrentAllocationsAreDistinct()
    {
        QList<qint64> all;
        std::mutex lock;
        QList<QThread *> threads;
        for (int t = 0; t < 3; ++t) {
            threads << QThread::create([&] {
                DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                for (int i = 0; i < 100; ++i) {
                    auto r = allocateId(s, IdCounter::Client);
                    std::lock_guard guard(lock);
                    all << (r.ok() ? *r : -1);
                }
            });
            threads.last()->start();
        }
        for (QThread *t : std::as_const(threads)) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QCOMPARE(all.size(), 300);
        QVERIFY(!all.contains(-1));
        QCOMPARE(QSet<qint64>(all.begin(), all.end()).size(), 300);
    }

    void processParamsRoundTrip()
    {
        const QList<std::pair<QString, QString>> params = {{QStringLiteral("mailbox"), QStringLiteral("john@example.com")},
                                                           {QStringLiteral("odd"), QStringLiteral("a&b=c%d ü")}};
        const QString text = encodeProcessParams(params);
        QVERIFY(!text.contains(QLatin1Char(' ')));
        QCOMPARE(text.count(QLatin1Char('&')), 1);
        QCOMPARE(decodeProcessParams(text), params);
    }

    void targetingOwnHostsElseGroup()
    {
        // Own hosts win.
        auto own = targetHosts(*m_s, {QStringLiteral("mail9.example.net"), QString()}, QStringLiteral("mailstoregroup"));
        QCOMPARE(*own, QStringList{QStringLiteral("mail9.example.net")});
        // An empty group: nobody would do the work, so it is an error naming the group.
        auto none = targetHosts(*m_s, {}, QStringLiteral("mailstoregroup"));
        QVERIFY(!none.ok());
        QVERIFY(none.error().message.contains(QLatin1String("mailstoregroup")));
        // Group members otherwise.
        QVERIFY(m_s->modify(m_s->dit().hostGroup(QStringLiteral("mailstoregroup")),
                            {LdapModification::add(QStringLiteral("ispmanHostGroupMember"), {"m1.example.net", "m2.example.net"})})
                    .ok());
        auto members = targetHosts(*m_s, {}, QStringLiteral("mailstoregroup"));
        QCOMPARE(*members, (QStringList{QStringLiteral("m1.example.net"), QStringLiteral("m2.example.net")}));
        auto missing = targetHosts(*m_s, {}, QStringLiteral("nosuchgroup"));
        QCOMPARE(int(missing.error().kind), int(OpError::Kind::NotFound));
    }

    void enqueueWritesOneProcessPerHost()
    {
        const LdapDn target = m_s->dit().services().child(QStringLiteral("cn"), QStringLiteral("kept"));
        ProcessRequest req;
        req.name = QStringLiteral("createMailbox");
        req.domain = QStringLiteral("example.com");
        req.target = target;
        req.targetUuid = "0b6b3c3e-6f55-103f-8b0b-5b9c2f0c7a11";
        req.params = {{QStringLiteral("mailbox"), QStringLiteral("john@example.com")}};
        req.priority = 14;
        QList<LdapDn> dns;
        {
            Transaction tx(*m_s);
            auto r = enqueueProcess(tx, req, {QStringLiteral("m1.example.net"), QStringLiteral("m2.example.net")});
            QVERIFY2(r.ok(), qPrintable(r.error().toString()));
            dns = *r;
            tx.commit();
        }
        QCOMPARE(dns.size(), 2);
        auto procs = m_s->find(m_s->dit().processes(), LdapFilter::equals(QStringLiteral("ispmanProcessTarget"), target.toString()));
        QVERIFY(procs.ok());
        QCOMPARE(procs->size(), 2);
        QSet<QString> hosts;
        for (const LdapEntry &p : std::as_const(*procs)) {
            hosts << p.text(QStringLiteral("ispmanHostName"));
            QCOMPARE(p.text(QStringLiteral("ispmanProcess")), QStringLiteral("createMailbox"));
            QCOMPARE(p.text(QStringLiteral("ispmanStatus")), QStringLiteral("new"));
            QCOMPARE(p.text(QStringLiteral("ispmanDomain")), QStringLiteral("example.com"));
            QCOMPARE(p.text(QStringLiteral("ispmanUser")), QStringLiteral("ispman"));
            QCOMPARE(p.text(QStringLiteral("ispmanProcessPriority")), QStringLiteral("14"));
            QCOMPARE(p.text(QStringLiteral("ispmanProcessTargetUuid")), QString::fromLatin1(req.targetUuid));
            QCOMPARE(decodeProcessParams(p.text(QStringLiteral("ispmanParams"))), req.params);
            QCOMPARE(p.dn().rdnValue(), p.text(QStringLiteral("ispmanPid")));
            QVERIFY(!p.text(QStringLiteral("ispmanProcessCreated")).isEmpty());
        }
        QCOMPARE(hosts, (QSet<QString>{QStringLiteral("m1.example.net"), QStringLiteral("m2.example.net")}));

        // Queued inside a transaction that is abandoned: gone again.
        {
            Transaction tx(*m_s);
            QVERIFY(enqueueProcess(tx, req, {QStringLiteral("m3.example.net")}).ok());
        }
        auto after = m_s->find(m_s->dit().processes(), LdapFilter::equals(QStringLiteral("ispmanHostName"), QStringLiteral("m3.example.net")));
        QCOMPARE(after->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOpsFramework)
#include "tst_opsframework.moc"
