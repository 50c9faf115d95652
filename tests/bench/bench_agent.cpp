// bench_agent: how fast work reaches the host. One private slapd with the sample ISP, one agent
// (in this process, bound as its host entry, with a handler that only records when it ran, so
// the figures are the agent's and the directory's, not a service's), in one run:
//
//  1. single: a process is written (as core writes it), one at a time; latency = from the add's
//     acknowledgement to the end of the handler's run (claim, run, delete happen in between);
//  2. burst: 1,000 processes written at once (pipelined); latency per process as above, and
//     processes/s: the agent's pace (first run to last) and overall (first add to last run);
//  3. baseline: raw slapd modify rate (1,000 modifies pipelined on one connection) in the same
//     run; the agent's rate is compared with it (each process costs the agent a claim and a
//     delete, core an add).
//
// Prints a table; --json FILE adds the figures to FILE under "agent".
#include "benchjson.h"

#include "agent/agent.h"
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapwait.h"
#include "core/model/host.h"
#include "core/ops/hostops.h"
#include "core/ops/idallocator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <mutex>

using namespace Isp::Core;
using namespace Isp::Agent;
using Clock = std::chrono::steady_clock;

namespace {

QTextStream out(stdout);

[[noreturn]] void die(const QString &message)
{
    QTextStream(stderr) << "bench_agent: " << message << '\n';
    std::exit(1);
}

class TimingHandler : public Handler
{
public:
    QString service() const override { return QStringLiteral("bench"); }
    QStringList processes() const override { return {QStringLiteral("benchWork")}; }
    Outcome run(const Process &p, HandlerContext &) override
    {
        std::lock_guard lock(m_mutex);
        m_done.insert(p.pid, Clock::now());
        return Outcome::done(false);
    }
    ReconcileReport reconcile(HandlerContext &) override { return {}; }
    std::optional<Clock::time_point> doneAt(qint64 pid) const
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_done.constFind(pid);
        return it == m_done.constEnd() ? std::nullopt : std::optional(*it);
    }
    int count() const
    {
        std::lock_guard lock(m_mutex);
        return int(m_done.size());
    }

private:
    mutable std::mutex m_mutex;
    QHash<qint64, Clock::time_point> m_done;
};

LdapEntry processEntry(const Dit &dit, qint64 pid, const QString &host)
{
    LdapEntry e(dit.process(pid));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanProcesses"), QStringLiteral("ispmanProcessLease")});
    e.setText(QStringLiteral("ispmanPid"), QString::number(pid));
    e.setText(QStringLiteral("ispmanProcess"), QStringLiteral("benchWork"));
    e.setText(QStringLiteral("ispmanHostName"), host);
    e.setText(QStringLiteral("ispmanDomain"), QStringLiteral("example.com"));
    e.setText(QStringLiteral("ispmanStatus"), QStringLiteral("new"));
    e.setText(QStringLiteral("ispmanProcessCreated"), toGeneralizedTime(QDateTime::currentDateTimeUtc()));
    e.setText(QStringLiteral("ispmanProcessAttempts"), QStringLiteral("0"));
    e.setText(QStringLiteral("ispmanProcessPriority"), QStringLiteral("100"));
    e.setText(QStringLiteral("ispmanProcessTarget"), dit.domain(QStringLiteral("example.com")).toString());
    return e;
}

double ms(Clock::duration d)
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(d).count()) / 1000.0;
}

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p / 100.0 * double(v.size()))));
}

// Spins the event loop (the agent lives on this thread) until `done` or the deadline.
template<typename Pred> bool waitFor(Pred done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // One log line per process would drown the figures.
    QLoggingCategory::setFilterRules(QStringLiteral("isp.agent.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ISPMan agent benchmark"));
    parser.addHelpOption();
    QCommandLineOption singles(QStringLiteral("singles"), QStringLiteral("Processes written one at a time"), QStringLiteral("N"), QStringLiteral("200"));
    QCommandLineOption burstSize(QStringLiteral("burst"), QStringLiteral("Processes in the burst"), QStringLiteral("N"), QStringLiteral("1000"));
    QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Agent worker threads (default: the agent's)"), QStringLiteral("N"), QString::number(AgentConfig().workers));
    QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Add the results to FILE"), QStringLiteral("FILE"));
    parser.addOptions({singles, burstSize, workers, json});
    parser.process(app);
    const int nSingle = parser.value(singles).toInt();
    const int nBurst = parser.value(burstSize).toInt();
    const int nWorkers = parser.value(workers).toInt();
    if (nSingle < 1 || nBurst < 1 || nWorkers < 1)
        die(QStringLiteral("--singles, --burst and --workers take a positive number"));

    QString missing;
    if (!PrivateDirectory::toolsAvailable(&missing))
        die(missing + QStringLiteral(" is not installed (scripts/install-deps)"));
    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/ispman-bench-XXXXXX"));
    PrivateDirectoryOptions o;
    o.directory = tmp.path() + QStringLiteral("/directory");
    o.sampleData = true;
    PrivateDirectory dir(o);
    QString error;
    if (!dir.start(&error))
        die(error);
    const Dit dit(dir.base());
    const QString host = QStringLiteral("web1.example.net");
    {
        DirectorySession admin(dir.adminSettings(), dit);
        if (!HostOps::setPassword(admin, host, QStringLiteral("bench-agent-secret")).ok())
            die(QStringLiteral("cannot set the agent's password"));
    }
    QFile pw(tmp.path() + QStringLiteral("/agent.pw"));
    if (!pw.open(QIODevice::WriteOnly) || pw.write("bench-agent-secret") < 0)
        die(QStringLiteral("cannot write the password file"));
    pw.close();

    AgentConfig c;
    c.hostName = host;
    c.uris = {dir.uri()};
    c.base = dir.base().toString();
    c.passwordFile = pw.fileName();
    c.stateDir = tmp.path() + QStringLiteral("/state");
    c.root = tmp.path() + QStringLiteral("/root");
    c.metricsPort = -1;
    c.workers = nWorkers;
    c.reconcileInterval = std::chrono::seconds(0);
    if (const QString e = c.finish(); !e.isEmpty())
        die(e);
    auto handler = std::make_unique<TimingHandler>();
    TimingHandler *timing = handler.get();
    std::vector<std::unique_ptr<Handler>> handlers;
    handlers.push_back(std::move(handler));
    Agent agent(c, std::move(handlers));
    bool ready = false;
    QObject::connect(&agent, &Agent::ready, &agent, [&] { ready = true; });
    if (!agent.start(&error))
        die(error);
    if (!waitFor([&] { return ready; }, 15000))
        die(QStringLiteral("the agent did not get ready"));

    out << "ISPMan agent benchmark: " << nSingle << " single processes, a burst of " << nBurst << ", " << nWorkers << " workers\n";
    out << "machine: " << QSysInfo::prettyProductName() << ", " << QThread::idealThreadCount() << " cores\n\n";
    out.flush();

    LdapConnection writer(dir.adminSettings());
    DirectorySession ids(dir.adminSettings(), dit);

    // 1. single processes
    QList<double> single;
    {
        auto pids = allocateIds(ids, IdCounter::Pid, nSingle);
        if (!pids.ok())
            die(pids.error().message);
        for (qint64 pid : *pids) {
            std::optional<Clock::time_point> ack;
            QObject ctx;
            writer.add(processEntry(dit, pid, host), &ctx, [&](Result<LdapWriteResult> r) {
                if (!r.ok())
                    die(r.error().toString());
                ack = Clock::now();
            });
            if (!waitFor([&] { return ack && timing->doneAt(pid); }, 30000))
                die(QStringLiteral("process %1 was not done in 30 s").arg(pid));
            single << ms(*timing->doneAt(pid) - *ack);
        }
    }

    // 2. burst
    QList<double> burst;
    double burstRate = 0;
    double burstOverall = 0;
    {
        auto pids = allocateIds(ids, IdCounter::Pid, nBurst);
        if (!pids.ok())
            die(pids.error().message);
        QHash<qint64, Clock::time_point> acks;
        QObject ctx;
        const auto start = Clock::now();
        for (qint64 pid : *pids) {
            writer.add(processEntry(dit, pid, host), &ctx, [&acks, pid](Result<LdapWriteResult> r) {
                if (!r.ok())
                    die(r.error().toString());
                acks.insert(pid, Clock::now());
            });
        }
        const int before = timing->count() - 0;
        if (!waitFor([&] { return timing->count() >= nSingle + nBurst && acks.size() == nBurst; }, 300000))
            die(QStringLiteral("the burst was not done in 300 s (%1 of %2)").arg(timing->count() - before).arg(nBurst));
        Clock::time_point first = Clock::time_point::max(), last = start;
        for (qint64 pid : *pids) {
            const Clock::time_point done = *timing->doneAt(pid);
            first = std::min(first, done);
            last = std::max(last, done);
            burst << ms(done - acks.value(pid));
        }
        // The agent's own pace: from its first finished process to its last (core's adds of
        // the burst compete for the same server meanwhile).
        burstRate = (nBurst - 1) / std::max(ms(last - first) / 1000.0, 1e-6);
        burstOverall = nBurst / (ms(last - start) / 1000.0);
    }
    // Let the last deletes land before measuring the baseline.
    waitFor([&] { return agent.running() == 0 && agent.queued() == 0; }, 30000);

    // 3. baseline: raw modify rate.
    double modifyRate = 0;
    {
        const LdapDn target = dit.domain(QStringLiteral("example.com"));
        int acked = 0;
        QObject ctx;
        const auto start = Clock::now();
        for (int i = 0; i < nBurst; ++i) {
            writer.modify(target, {LdapModification::replace(QStringLiteral("ispmanDomainComment"), QStringLiteral("bench %1").arg(i))}, &ctx,
                          [&](Result<LdapWriteResult> r) {
                              if (!r.ok())
                                  die(r.error().toString());
                              ++acked;
                          });
        }
        if (!waitFor([&] { return acked == nBurst; }, 300000))
            die(QStringLiteral("the modifies did not finish"));
        modifyRate = nBurst / (ms(Clock::now() - start) / 1000.0);
    }
    agent.stop();
    waitFor([&] { return false; }, 200);
    dir.stop();

    const double s50 = percentile(single, 50), s99 = percentile(single, 99);
    const double b50 = percentile(burst, 50), b99 = percentile(burst, 99);
    auto line = [](const QString &what, const QString &value, const QString &note) {
        out << QStringLiteral("%1 %2  %3\n").arg(what, -44).arg(value, 14).arg(note);
    };
    auto verdict = [](bool met) { return met ? QStringLiteral("met") : QStringLiteral("MISSED"); };
    line(QStringLiteral("apply latency, single: p50"), QStringLiteral("%1 ms").arg(s50, 0, 'f', 2), QStringLiteral("(target <= 5 ms: %1)").arg(verdict(s50 <= 5)));
    line(QStringLiteral("apply latency, single: p99"), QStringLiteral("%1 ms").arg(s99, 0, 'f', 2), QStringLiteral("(target <= 25 ms: %1)").arg(verdict(s99 <= 25)));
    line(QStringLiteral("apply latency, burst: p50"), QStringLiteral("%1 ms").arg(b50, 0, 'f', 1), QStringLiteral("(queueing behind the burst included)"));
    line(QStringLiteral("apply latency, burst: p99"), QStringLiteral("%1 ms").arg(b99, 0, 'f', 1), QString());
    line(QStringLiteral("raw slapd modify rate (baseline)"), QStringLiteral("%1/s").arg(modifyRate, 0, 'f', 0), QString());
    line(QStringLiteral("burst: processes/s from the first add"), QStringLiteral("%1/s").arg(burstOverall, 0, 'f', 0), QStringLiteral("(core's adds and the agent's work together)"));
    line(QStringLiteral("agent: processes/s in the burst"), QStringLiteral("%1/s").arg(burstRate, 0, 'f', 0),
         QStringLiteral("ratio %1 (target >= 0.35: %2)").arg(burstRate / modifyRate, 0, 'f', 2).arg(verdict(burstRate / modifyRate >= 0.35)));
    out.flush();

    if (parser.isSet(json)) {
        const QJsonObject figures{{QStringLiteral("machine"), QStringLiteral("%1, %2 cores").arg(QSysInfo::prettyProductName()).arg(QThread::idealThreadCount())},
                                  {QStringLiteral("singles"), nSingle},
                                  {QStringLiteral("burst"), nBurst},
                                  {QStringLiteral("workers"), nWorkers},
                                  {QStringLiteral("single_apply_p50_ms"), s50},
                                  {QStringLiteral("single_apply_p99_ms"), s99},
                                  {QStringLiteral("burst_apply_p50_ms"), b50},
                                  {QStringLiteral("burst_apply_p99_ms"), b99},
                                  {QStringLiteral("baseline_modify_per_s"), modifyRate},
                                  {QStringLiteral("burst_processes_per_s"), burstRate},
                                  {QStringLiteral("burst_overall_processes_per_s"), burstOverall},
                                  {QStringLiteral("burst_vs_modify"), burstRate / modifyRate},
                                  {QStringLiteral("targets"), QJsonObject{{QStringLiteral("single_apply_p50_ms_max"), 5},
                                                                          {QStringLiteral("single_apply_p99_ms_max"), 25},
                                                                          {QStringLiteral("burst_vs_modify_min"), 0.35}}}};
        if (!Isp::Bench::writeSection(parser.value(json), QStringLiteral("agent"), figures))
            die(QStringLiteral("cannot write ") + parser.value(json));
    }
    return 0;
}
