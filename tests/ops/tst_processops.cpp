// Operator actions on queued work, against a real slapd: list with filters, show, retry of a
// failed process (and refusal for others), delete (refused while an agent's lease runs).
#include "core/model/host.h"
#include "core/ops/domainops.h"
#include "core/ops/processops.h"
#include "tests/support/testdirectory.h"

#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestProcessOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    void setState(qint64 pid, const QList<LdapModification> &mods)
    {
        auto r = m_s->modify(m_s->dit().process(pid), mods);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        DomainOps::DomainSpec spec;
        spec.name = QStringLiteral("queue.example");
        QVERIFY(DomainOps::add(*m_s, spec).ok());
    }

    void listAndFilter()
    {
        auto all = ProcessOps::list(*m_s);
        QVERIFY2(all.ok(), qPrintable(all.error().toString()));
        QCOMPARE(all->size(), 2);
        QVERIFY(all->at(0).pid < all->at(1).pid);
        auto dns = ProcessOps::list(*m_s, {QStringLiteral("ns1.example.net"), {}, {}});
        QCOMPARE(dns->size(), 1);
        QCOMPARE(dns->first().name, QStringLiteral("modifyDomain"));
        QCOMPARE(dns->first().domain, QStringLiteral("queue.example"));
        QCOMPARE(dns->first().status, QStringLiteral("new"));
        QVERIFY(dns->first().created.isValid());
        QCOMPARE(ProcessOps::list(*m_s, {{}, QStringLiteral("other.example"), {}})->size(), 0);
        QCOMPARE(ProcessOps::list(*m_s, {{}, {}, QStringLiteral("error")})->size(), 0);
        QCOMPARE(ProcessOps::list(*m_s, {{}, {}, QStringLiteral("done")}).error().field, QStringLiteral("status"));
        QCOMPARE(ProcessOps::list(*m_s, {QStringLiteral("*)(x=*"), {}, {}}).error().field, QStringLiteral("host"));
    }

    void retryOnlyFailed()
    {
        const qint64 pid = ProcessOps::list(*m_s, {QStringLiteral("ns1.example.net"), {}, {}})->first().pid;
        auto notFailed = ProcessOps::retry(*m_s, QString::number(pid));
        QCOMPARE(int(notFailed.error().kind), int(OpError::Kind::Conflict));
        setState(pid, {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("error")),
                       LdapModification::replace(QStringLiteral("ispmanMessage"), QStringLiteral("named-checkzone: bad zone")),
                       LdapModification::replace(QStringLiteral("ispmanProcessAttempts"), QStringLiteral("3")),
                       LdapModification::replace(QStringLiteral("ispmanProcessNextRetry"), toGeneralizedTime(QDateTime::currentDateTimeUtc().addSecs(600)))});
        auto failed = ProcessOps::show(*m_s, QString::number(pid));
        QCOMPARE(failed->message, QStringLiteral("named-checkzone: bad zone"));
        QCOMPARE(failed->attempts, 3);
        auto retried = ProcessOps::retry(*m_s, QString::number(pid));
        QVERIFY2(retried.ok(), qPrintable(retried.error().toString()));
        QCOMPARE(retried->status, QStringLiteral("new"));
        QCOMPARE(retried->attempts, 0);
        QVERIFY(retried->message.isEmpty());
        QVERIFY(!retried->nextRetry.isValid());
    }

    void deleteUnlessLeased()
    {
        const qint64 pid = ProcessOps::list(*m_s, {QStringLiteral("web1.example.net"), {}, {}})->first().pid;
        setState(pid, {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("running")),
                       LdapModification::replace(QStringLiteral("ispmanProcessOwner"), QStringLiteral("web1.example.net/4242")),
                       LdapModification::replace(QStringLiteral("ispmanProcessLeaseUntil"), toGeneralizedTime(QDateTime::currentDateTimeUtc().addSecs(300)))});
        auto refused = ProcessOps::remove(*m_s, QString::number(pid));
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(refused.error().message.contains(QLatin1String("web1.example.net/4242")));
        // The lease ran out (the agent died): now it may go.
        setState(pid, {LdapModification::replace(QStringLiteral("ispmanProcessLeaseUntil"), toGeneralizedTime(QDateTime::currentDateTimeUtc().addSecs(-5)))});
        QVERIFY(ProcessOps::remove(*m_s, QString::number(pid)).ok());
        QCOMPARE(int(ProcessOps::show(*m_s, QString::number(pid)).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(int(ProcessOps::remove(*m_s, QString::number(pid)).error().kind), int(OpError::Kind::NotFound));
    }

    void badPid_data()
    {
        QTest::addColumn<QString>("pid");
        QTest::newRow("empty") << QString();
        QTest::newRow("negative") << QStringLiteral("-1");
        QTest::newRow("injection") << QStringLiteral("1,ou=admins");
        QTest::newRow("hex") << QStringLiteral("0x10");
        QTest::newRow("overflow") << QStringLiteral("99999999999999999999");
    }

    void badPid()
    {
        QFETCH(QString, pid);
        auto r = ProcessOps::show(*m_s, pid);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, QStringLiteral("pid"));
    }
};

QTEST_GUILESS_MAIN(TestProcessOps)
#include "tst_processops.moc"
