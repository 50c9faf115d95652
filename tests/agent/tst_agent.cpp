// The agent itself against a real slapd, with a recording handler standing in for the services
// (the services' handlers have tests of their own): a process queued by core reaches the right
// agent and is deleted when done; two agents for two hosts take only their own; a failure is
// marked with its message and retried with backoff; a host alias added live brings its work;
// a restart resumes from the saved cookie (1,000 processes queued while it was down, each run
// once); an agent that dies mid-burst leaves claims that its next run takes over, and every
// process ends done exactly once; slapd restarting mid-burst is survived; status and metrics.
#include "agent/agent.h"
#include "core/ops/hostops.h"
#include "core/ops/processqueue.h"
#include "core/ops/transaction.h"
#include "core/ops/userops.h"
#include "tests/support/testdirectory.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>

using namespace Isp::Core;
using namespace Isp::Agent;
using Isp::Test::TestDirectory;

namespace {

// Records every run; fails a process name a given number of times first.
class RecordingHandler : public Handler
{
public:
    QString service() const override { return QStringLiteral("test"); }
    QStringList processes() const override
    {
        return {QStringLiteral("createHomeDirectory"), QStringLiteral("createMailbox"), QStringLiteral("testWork")};
    }
    Outcome run(const Process &p, HandlerContext &) override
    {
        std::lock_guard lock(m_mutex);
        m_runs << p.pid;
        if (m_failures.value(p.name) > 0) {
            --m_failures[p.name];
            return Outcome::failed(QStringLiteral("disk on fire for %1").arg(p.name));
        }
        ++m_done[p.pid];
        return Outcome::done(true);
    }
    ReconcileReport reconcile(HandlerContext &) override
    {
        std::lock_guard lock(m_mutex);
        ++m_reconciles;
        return {};
    }
    void failNext(const QString &name, int times)
    {
        std::lock_guard lock(m_mutex);
        m_failures[name] = times;
    }
    QHash<qint64, int> done() const
    {
        std::lock_guard lock(m_mutex);
        return m_done;
    }
    int reconciles() const
    {
        std::lock_guard lock(m_mutex);
        return m_reconciles;
    }

private:
    mutable std::mutex m_mutex;
    QList<qint64> m_runs;
    QHash<qint64, int> m_done;
    QHash<QString, int> m_failures;
    int m_reconciles = 0;
};

} // namespace

class TestAgent : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    QTemporaryDir m_tmp{QDir::tempPath() + QStringLiteral("/ispman-agent-XXXXXX")};
    std::unique_ptr<DirectorySession> m_admin;

    AgentConfig config(const QString &host, const QString &state)
    {
        AgentConfig c;
        c.hostName = host;
        c.uris = {m_dir->uri()};
        c.base = m_dir->base().toString();
        c.passwordFile = m_tmp.path() + QStringLiteral("/agent.pw");
        c.stateDir = m_tmp.path() + QLatin1Char('/') + state;
        c.root = m_tmp.path() + QStringLiteral("/root");
        c.metricsPort = 0;
        c.retryInitial = std::chrono::seconds(1);
        c.retryMax = std::chrono::seconds(2);
        c.reconcileInterval = std::chrono::seconds(0);
        c.heartbeatInterval = std::chrono::seconds(1);
        c.workers = 2;
        [[maybe_unused]] const QString e = c.finish();
        return c;
    }
    std::unique_ptr<Agent> agent(const AgentConfig &c, RecordingHandler **handler)
    {
        auto h = std::make_unique<RecordingHandler>();
        *handler = h.get();
        std::vector<std::unique_ptr<Handler>> hs;
        hs.push_back(std::move(h));
        return std::make_unique<Agent>(c, std::move(hs));
    }
    static bool startAgent(Agent &a)
    {
        QSignalSpy ready(&a, &Agent::ready);
        QString error;
        if (!a.start(&error)) {
            qWarning("agent: %s", qPrintable(error));
            return false;
        }
        return ready.wait(15000) || ready.size() > 0;
    }
    int processCount(const QString &host = {})
    {
        LdapFilter f = LdapFilter::objectClass(QStringLiteral("ispmanProcesses"));
        if (!host.isEmpty())
            f = LdapFilter::allOf({f, LdapFilter::equals(QStringLiteral("ispmanHostName"), host)});
        auto found = m_admin->find(m_admin->dit().processes(), f, {QStringLiteral("1.1")});
        return found.ok() ? int(found->size()) : -1;
    }
    QList<qint64> queue(const QString &host, int n, const QString &name = QStringLiteral("testWork"))
    {
        QList<std::pair<ProcessRequest, QStringList>> work;
        for (int i = 0; i < n; ++i)
            work.append({ProcessRequest{name, QStringLiteral("example.com"), m_admin->dit().domain(QStringLiteral("example.com")),
                                        QByteArray(), {{QStringLiteral("n"), QString::number(i)}}, 100},
                         {host}});
        Transaction tx(*m_admin);
        auto queued = enqueueProcesses(tx, work);
        if (!queued.ok())
            return {};
        tx.commit();
        QList<qint64> pids;
        for (const LdapDn &dn : *queued)
            pids << dn.rdnValue().toLongLong();
        return pids;
    }
    // The metrics server runs on this thread: keep the event loop turning while waiting.
    static QByteArray httpGet(quint16 port, const QByteArray &path)
    {
        QTcpSocket s;
        QByteArray out;
        bool finished = false;
        QObject::connect(&s, &QTcpSocket::connected, &s, [&] { s.write("GET " + path + " HTTP/1.0\r\n\r\n"); });
        QObject::connect(&s, &QTcpSocket::readyRead, &s, [&] { out += s.readAll(); });
        QObject::connect(&s, &QTcpSocket::disconnected, &s, [&] {
            out += s.readAll();
            finished = true;
        });
        s.connectToHost(QHostAddress::LocalHost, port);
        QDeadlineTimer deadline(5000);
        while (!finished && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_admin = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        for (const QString &host : {QStringLiteral("web1.example.net"), QStringLiteral("mail1.example.net")})
            QVERIFY(HostOps::setPassword(*m_admin, host, QStringLiteral("agent-secret-1")).ok());
        QFile pw(m_tmp.path() + QStringLiteral("/agent.pw"));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("agent-secret-1\n");
    }

    void workReachesItsAgentAndIsDeleted()
    {
        RecordingHandler *web = nullptr, *mail = nullptr;
        auto webAgent = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("web")), &web);
        auto mailAgent = agent(config(QStringLiteral("mail1.example.net"), QStringLiteral("mail")), &mail);
        QVERIFY(startAgent(*webAgent));
        QVERIFY(startAgent(*mailAgent));
        const auto ours = [this] { return processCount(QStringLiteral("web1.example.net")) + processCount(QStringLiteral("mail1.example.net")); };
        QTRY_COMPARE_WITH_TIMEOUT(ours(), 0, 10000); // whatever the sample data queued
        UserOps::UserSpec u;
        u.domain = QStringLiteral("example.com");
        u.localPart = QStringLiteral("agent.test");
        auto added = UserOps::add(*m_admin, u);
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(ours(), 0, 10000);
        // Each agent ran only its own: web1 the home, mail1 the mailbox.
        int webRuns = 0, mailRuns = 0;
        for (int n : web->done())
            webRuns += n;
        for (int n : mail->done())
            mailRuns += n;
        QVERIFY(webRuns >= 1);
        QVERIFY(mailRuns >= 1);
        QVERIFY(web->reconciles() >= 1); // a full reconcile at start
        // Status on the host entry, and /metrics.
        QTRY_VERIFY_WITH_TIMEOUT(!m_admin->read(m_admin->dit().host(QStringLiteral("web1.example.net")), {QStringLiteral("ispmanAgentHeartbeat")})
                                      ->value()
                                      .text(QStringLiteral("ispmanAgentHeartbeat"))
                                      .isEmpty(),
                                 5000);
        const QByteArray metrics = httpGet(webAgent->metricsPort(), "/metrics");
        QVERIFY2(metrics.contains("ispman_agent_processes_done_total{service=\"test\"}"), metrics.left(3000).constData());
        QVERIFY(metrics.contains("ispman_agent_up 1"));
        QVERIFY(httpGet(webAgent->metricsPort(), "/healthz").startsWith("HTTP/1.0 200"));
        QVERIFY(httpGet(webAgent->metricsPort(), "/nothing").startsWith("HTTP/1.0 404"));
        // Clean stop: state "stopped".
        QSignalSpy stopped(webAgent.get(), &Agent::stopped);
        webAgent->stop();
        QVERIFY(stopped.wait(10000));
        QCOMPARE(m_admin->read(m_admin->dit().host(QStringLiteral("web1.example.net")), {QStringLiteral("ispmanAgentState")})
                     ->value()
                     .text(QStringLiteral("ispmanAgentState")),
                 QStringLiteral("stopped"));
    }

    void failureIsMarkedAndRetried()
    {
        RecordingHandler *h = nullptr;
        auto a = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("retry")), &h);
        QVERIFY(startAgent(*a));
        h->failNext(QStringLiteral("testWork"), 1);
        const QList<qint64> pids = queue(QStringLiteral("web1.example.net"), 1);
        QCOMPARE(pids.size(), 1);
        const LdapDn dn = m_admin->dit().process(pids.first());
        // First the failure is recorded on the process...
        QTRY_COMPARE_WITH_TIMEOUT(m_admin->read(dn, {QStringLiteral("ispmanStatus")})->value_or(LdapEntry()).text(QStringLiteral("ispmanStatus")),
                                  QStringLiteral("error"), 10000);
        auto failed = m_admin->read(dn, {QStringLiteral("*")});
        QVERIFY(failed->has_value());
        QVERIFY((*failed)->text(QStringLiteral("ispmanMessage")).contains(QStringLiteral("disk on fire")));
        QCOMPARE((*failed)->text(QStringLiteral("ispmanProcessAttempts")), QStringLiteral("1"));
        QVERIFY(!(*failed)->text(QStringLiteral("ispmanProcessNextRetry")).isEmpty());
        // ...then the retry succeeds and the process goes.
        QTRY_VERIFY_WITH_TIMEOUT(!m_admin->read(dn)->has_value(), 10000);
        QCOMPARE(h->done().value(pids.first()), 1);
    }

    void hostAliasAddedLiveGetsWork()
    {
        RecordingHandler *h = nullptr;
        auto a = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("alias")), &h);
        QVERIFY(startAgent(*a));
        QSignalSpy names(a.get(), &Agent::hostNamesChanged);
        HostOps::HostChange c;
        c.aliases = QStringList{QStringLiteral("www-backend.example.net")};
        QVERIFY(HostOps::edit(*m_admin, QStringLiteral("web1.example.net"), c).ok());
        QTRY_VERIFY_WITH_TIMEOUT(a->hostNames().contains(QStringLiteral("www-backend.example.net")), 5000);
        const QList<qint64> pids = queue(QStringLiteral("www-backend.example.net"), 3);
        QCOMPARE(pids.size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(processCount(QStringLiteral("www-backend.example.net")), 0, 10000);
        for (qint64 pid : pids)
            QCOMPARE(h->done().value(pid), 1);
        c.aliases = QStringList{};
        QVERIFY(HostOps::edit(*m_admin, QStringLiteral("web1.example.net"), c).ok());
    }

    void resumesFromItsCookieAfterDowntime()
    {
        RecordingHandler *h = nullptr;
        {
            auto a = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("resume")), &h);
            QVERIFY(startAgent(*a));
            QTRY_COMPARE_WITH_TIMEOUT(processCount(QStringLiteral("web1.example.net")), 0, 10000);
            QSignalSpy stopped(a.get(), &Agent::stopped);
            a->stop();
            QVERIFY(stopped.wait(10000));
        }
        QVERIFY(QFile::exists(m_tmp.path() + QStringLiteral("/resume/sync-state.json")));
        // While it is down: 1,000 processes.
        const QList<qint64> pids = queue(QStringLiteral("web1.example.net"), 1000);
        QCOMPARE(pids.size(), 1000);
        auto a = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("resume")), &h);
        QVERIFY(startAgent(*a));
        QTRY_COMPARE_WITH_TIMEOUT(processCount(QStringLiteral("web1.example.net")), 0, 120000);
        for (qint64 pid : pids)
            QCOMPARE(h->done().value(pid), 1);
    }

    void takesOverTheClaimsOfADeadRun()
    {
        // A run that dies with work claimed: simulated by claiming processes as an earlier
        // run of this host's agent would have.
        const QList<qint64> pids = queue(QStringLiteral("web1.example.net"), 20);
        QCOMPARE(pids.size(), 20);
        for (qint64 pid : pids.mid(0, 10)) {
            QVERIFY(m_admin->modify(m_admin->dit().process(pid),
                                    {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("running")),
                                     LdapModification::replace(QStringLiteral("ispmanProcessOwner"), QStringLiteral("web1.example.net/dead")),
                                     LdapModification::replace(QStringLiteral("ispmanProcessLeaseUntil"), QStringLiteral("20991231000000Z"))})
                        .ok());
        }
        // One claimed by another agent with an expired lease is taken over too.
        QVERIFY(m_admin->modify(m_admin->dit().process(pids.at(10)),
                                {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("running")),
                                 LdapModification::replace(QStringLiteral("ispmanProcessOwner"), QStringLiteral("other.example.net/x")),
                                 LdapModification::replace(QStringLiteral("ispmanProcessLeaseUntil"), QStringLiteral("20000101000000Z"))})
                    .ok());
        RecordingHandler *h = nullptr;
        auto a = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("takeover")), &h);
        QVERIFY(startAgent(*a));
        QTRY_COMPARE_WITH_TIMEOUT(processCount(QStringLiteral("web1.example.net")), 0, 20000);
        for (qint64 pid : pids)
            QCOMPARE(h->done().value(pid), 1);
    }

    void survivesSlapdRestartMidBurst()
    {
        RecordingHandler *h = nullptr;
        auto a = agent(config(QStringLiteral("web1.example.net"), QStringLiteral("restart")), &h);
        QVERIFY(startAgent(*a));
        const QList<qint64> first = queue(QStringLiteral("web1.example.net"), 200);
        QCOMPARE(first.size(), 200);
        QString error;
        QVERIFY2(m_dir->stop(&error), qPrintable(error));
        QVERIFY2(m_dir->start(&error), qPrintable(error));
        m_admin = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        const QList<qint64> second = queue(QStringLiteral("web1.example.net"), 200);
        QCOMPARE(second.size(), 200);
        QTRY_COMPARE_WITH_TIMEOUT(processCount(QStringLiteral("web1.example.net")), 0, 60000);
        for (qint64 pid : first + second)
            QVERIFY2(h->done().value(pid) >= 1, qPrintable(QString::number(pid)));
    }
};

QTEST_GUILESS_MAIN(TestAgent)
#include "tst_agent.moc"
