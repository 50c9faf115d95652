// WorkQueue on its own: the order processes start in, one at a time per object, a domain's more
// urgent work first, waiting for retry times, and what a finished or removed process leaves.
#include "agent/workqueue.h"

#include <QTest>

using namespace Isp::Agent;

namespace {

QueuedProcess item(qint64 pid, int priority, const QString &domain, const QString &object, const QDateTime &notBefore = {})
{
    QueuedProcess q;
    q.process.pid = pid;
    q.process.priority = priority;
    q.process.domain = domain;
    q.process.targetUuid = object;
    q.notBefore = notBefore;
    return q;
}

qint64 next(WorkQueue &q, const QDateTime &now)
{
    auto n = q.takeNext(now);
    return n ? n->process.pid : -1;
}

} // namespace

class TestWorkQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void priorityThenPid()
    {
        WorkQueue q;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        q.upsert(item(5, 50, QStringLiteral("a.test"), QStringLiteral("z1")));
        q.upsert(item(3, 100, QStringLiteral("b.test"), QStringLiteral("o1")));
        q.upsert(item(4, 100, QStringLiteral("c.test"), QStringLiteral("o2")));
        QCOMPARE(next(q, now), 5);
        QCOMPARE(next(q, now), 3);
        QCOMPARE(next(q, now), 4);
        QCOMPARE(next(q, now), -1);
        QCOMPARE(q.running(), 3);
    }

    void oneAtATimePerObject()
    {
        WorkQueue q;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        q.upsert(item(1, 12, QString(), QStringLiteral("site")));
        q.upsert(item(2, 12, QString(), QStringLiteral("site")));
        QCOMPARE(next(q, now), 1);
        QCOMPARE(next(q, now), -1); // the same object is running
        q.finished(1);
        QCOMPARE(next(q, now), 2);
    }

    void domainsMoreUrgentWorkFirst()
    {
        WorkQueue q;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        q.upsert(item(10, 12, QStringLiteral("shop.test"), QStringLiteral("vhost")));
        q.upsert(item(11, 10, QStringLiteral("shop.test"), QStringLiteral("domain")));
        q.upsert(item(12, 12, QStringLiteral("other.test"), QStringLiteral("vhost2")));
        QCOMPARE(next(q, now), 11); // directories first
        QCOMPARE(next(q, now), 12); // shop.test's vhost waits while its directories are made
        QCOMPARE(next(q, now), -1);
        q.finished(11);
        QCOMPARE(next(q, now), 10);
    }

    void waitingHoldsNothingBack()
    {
        WorkQueue q;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        q.upsert(item(20, 10, QStringLiteral("shop.test"), QStringLiteral("d"), now.addSecs(60)));
        q.upsert(item(21, 12, QStringLiteral("shop.test"), QStringLiteral("v")));
        QCOMPARE(q.waiting(now), 1);
        QCOMPARE(next(q, now), 21);
        QCOMPARE(next(q, now), -1);
        QCOMPARE(q.nextDue(now), now.addSecs(60));
        q.finished(21);
        QVERIFY(q.onlyWaiting(now));
        QCOMPARE(next(q, now.addSecs(61)), 20);
    }

    void upsertReplacesAndRemoveForgets()
    {
        WorkQueue q;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        q.upsert(item(30, 100, QStringLiteral("a.test"), QStringLiteral("x"), now.addSecs(60)));
        q.upsert(item(30, 100, QStringLiteral("a.test"), QStringLiteral("x"))); // due now after all
        QCOMPARE(q.queued(), 1);
        q.upsert(item(31, 5, QStringLiteral("a.test"), QStringLiteral("y")));
        q.remove(31);
        QCOMPARE(next(q, now), 30); // 31's priority no longer holds the domain back
        q.upsert(item(30, 1, QStringLiteral("a.test"), QStringLiteral("x"))); // running: ignored
        q.remove(30);                                                         // running: its run ends it
        QVERIFY(q.isRunning(30));
        q.finished(30);
        QVERIFY(q.isIdle());
    }
};

QTEST_APPLESS_MAIN(TestWorkQueue)
#include "tst_workqueue.moc"
