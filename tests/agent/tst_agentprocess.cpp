// The ispman-agent program as an operator runs it (a separate process, --root in a temporary
// folder, its own state folder), killed with SIGKILL in the middle of bursts of work and started
// again: every process ends done, every home and maildir exists, nothing is left claimed. Also:
// SIGTERM lets it finish and exit cleanly with its state saved, and --check refuses a bad
// configuration naming the key.
#include "core/ops/hostops.h"
#include "core/ops/userops.h"
#include "tests/support/testdirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestAgentProcess : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    QTemporaryDir m_tmp{QDir::tempPath() + QStringLiteral("/ispman-agentproc-XXXXXX")};
    std::unique_ptr<DirectorySession> m_admin;
    QString m_bin;

    QStringList args(const QString &host)
    {
        const QString root = m_tmp.path() + QStringLiteral("/root");
        return {QStringLiteral("--host"), host,
                QStringLiteral("--uri"), m_dir->uri(),
                QStringLiteral("--base"), m_dir->base().toString(),
                QStringLiteral("--password-file"), m_tmp.path() + QStringLiteral("/agent.pw"),
                QStringLiteral("--state-dir"), m_tmp.path() + QStringLiteral("/state-") + host,
                QStringLiteral("--root"), root,
                QStringLiteral("--metrics-port"), QStringLiteral("-1"),
                QStringLiteral("--set"), QStringLiteral("files.chown=false"),
                QStringLiteral("--set"), QStringLiteral("mail.owner=%1:%2").arg(getuid()).arg(getgid()),
                QStringLiteral("--set"), QStringLiteral("dns.enabled=false"),
                QStringLiteral("--set"), QStringLiteral("web.enabled=false"),
                QStringLiteral("--set"), QStringLiteral("mariadb.enabled=false"),
                QStringLiteral("--set"), QStringLiteral("agent.retry-initial=1"),
                QStringLiteral("--set"), QStringLiteral("agent.retry-max=2"),
                QStringLiteral("--set"), QStringLiteral("agent.reconcile-interval=0")};
    }
    std::unique_ptr<QProcess> start(const QString &host)
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(m_bin, args(host));
        if (!p->waitForStarted(5000))
            return nullptr;
        return p;
    }
    int remaining(const QString &host)
    {
        auto found = m_admin->find(m_admin->dit().processes(),
                                   LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("ispmanProcesses")),
                                                      LdapFilter::equals(QStringLiteral("ispmanHostName"), host)}),
                                   {QStringLiteral("1.1")});
        return found.ok() ? int(found->size()) : -1;
    }
    QList<MailUser> burst(const QString &prefix, int n)
    {
        QList<UserOps::UserSpec> specs;
        for (int i = 0; i < n; ++i) {
            UserOps::UserSpec s;
            s.domain = QStringLiteral("example.com");
            s.localPart = QStringLiteral("%1%2").arg(prefix).arg(i);
            specs << s;
        }
        auto added = UserOps::addMany(*m_admin, specs);
        return added.ok() ? *added : QList<MailUser>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("ISPMAN_AGENT_BIN");
        QVERIFY2(QFileInfo(m_bin).isExecutable(), "ISPMAN_AGENT_BIN must name the built ispman-agent");
        ISP_START_DIRECTORY(m_dir, true);
        m_admin = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        for (const QString &host : {QStringLiteral("web1.example.net"), QStringLiteral("mail1.example.net")})
            QVERIFY(HostOps::setPassword(*m_admin, host, QStringLiteral("agent-secret-1")).ok());
        QFile pw(m_tmp.path() + QStringLiteral("/agent.pw"));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("agent-secret-1\n");
    }

    void checkRefusesABadConfiguration()
    {
        QProcess p;
        p.start(m_bin, {QStringLiteral("--uri"), QStringLiteral("ldap://127.0.0.1:1"), QStringLiteral("--sasl-external"),
                        QStringLiteral("--set"), QStringLiteral("agent.workers=zero"), QStringLiteral("--check")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(p.readAllStandardError().contains("agent.workers"), "the error names the key");
    }

    void killedMidBurstEveryProcessEndsDone()
    {
        auto web = start(QStringLiteral("web1.example.net"));
        auto mail = start(QStringLiteral("mail1.example.net"));
        QVERIFY(web && mail);
        QList<MailUser> users;
        // Ten bursts; each time one of the agents is killed at a random point and restarted.
        for (int round = 0; round < 10; ++round) {
            const QList<MailUser> batch = burst(QStringLiteral("k%1x").arg(round), 50);
            QCOMPARE(batch.size(), 50);
            users << batch;
            const bool killWeb = round % 2 == 0;
            std::unique_ptr<QProcess> &victim = killWeb ? web : mail;
            const QString host = killWeb ? QStringLiteral("web1.example.net") : QStringLiteral("mail1.example.net");
            // Kill it somewhere in the middle: after it did some of the burst, not all.
            const int left = 50 - int(QRandomGenerator::global()->bounded(10, 40));
            QTRY_VERIFY_WITH_TIMEOUT(remaining(host) <= left, 30000);
            ::kill(pid_t(victim->processId()), SIGKILL);
            QVERIFY(victim->waitForFinished(5000));
            victim = start(host);
            QVERIFY(victim);
        }
        QTRY_COMPARE_WITH_TIMEOUT(remaining(QStringLiteral("web1.example.net")), 0, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(remaining(QStringLiteral("mail1.example.net")), 0, 60000);
        const QString root = m_tmp.path() + QStringLiteral("/root");
        for (const MailUser &u : std::as_const(users)) {
            QVERIFY2(QFileInfo(root + u.homeDirectory).isDir(), qPrintable(u.homeDirectory));
            QVERIFY2(QFileInfo(root + QStringLiteral("/var/vmail/example.com/") + u.userId + QStringLiteral("/Maildir/new")).isDir(), qPrintable(u.address));
        }
        // SIGTERM: both finish and exit 0, leaving their state saved.
        for (auto *p : {web.get(), mail.get()}) {
            ::kill(pid_t(p->processId()), SIGTERM);
            QVERIFY(p->waitForFinished(15000));
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QCOMPARE(p->exitCode(), 0);
        }
        QVERIFY(QFile::exists(m_tmp.path() + QStringLiteral("/state-web1.example.net/sync-state.json")));
        auto host = m_admin->read(m_admin->dit().host(QStringLiteral("web1.example.net")), {QStringLiteral("ispmanAgentState")});
        QCOMPARE((*host)->text(QStringLiteral("ispmanAgentState")), QStringLiteral("stopped"));
    }
};

QTEST_GUILESS_MAIN(TestAgentProcess)
#include "tst_agentprocess.moc"
