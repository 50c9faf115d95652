// Worker: runs processes on a thread of its own, with a directory session of its own (bound as
// the agent): claims the process (a conditional modify: nobody else can have it), runs its
// handler, then deletes the process (done) or marks it failed with the handler's message, the
// attempt count and the time of the next attempt (exponential backoff, capped). Also runs the
// handlers' full reconciles. The Agent hands it work with QMetaObject::invokeMethod and gets the
// results back on its own thread the same way.
#pragma once

#include "agent/handler.h"
#include "agent/metrics.h"
#include "agent/workqueue.h"

#include "core/ops/directorysession.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace Isp::Agent {

struct RunResult
{
    enum class Kind {
        Done,   // handler succeeded; the process is deleted
        Failed, // handler failed; the process is marked error, retried at nextRetry
        Lost,   // not ours to run (claimed by another, changed or gone): nothing was done
    };
    Kind kind = Kind::Lost;
    QString service;
    QString message;
    bool changed = false;
    int attempts = 0;
    QDateTime nextRetry;
    QString csn; // Failed: the entryCSN of the process as marked (its retry claim asserts it)
    qint64 runMicroseconds = 0;
};

class Worker : public QObject
{
    Q_OBJECT

public:
    struct Shared
    {
        const AgentConfig *config = nullptr;
        const RootedPaths *paths = nullptr;
        const CommandRunner *commands = nullptr;
        ServiceReloader *reloader = nullptr;
        Metrics *metrics = nullptr;
        QHash<QString, Handler *> handlers; // by process name
        QList<Handler *> all;
        QString owner; // ispmanProcessOwner of this agent run: "<host>/<instance>"
    };

    Worker(const Core::LdapConnectionSettings &settings, const Core::Dit &dit, const Shared &shared);
    ~Worker() override;

    // On the worker's thread.
    RunResult execute(const QueuedProcess &item, const QStringList &hostNames);
    QList<std::pair<QString, ReconcileReport>> reconcile(const QStringList &hostNames);
    // Closes its directory session; call on the worker's thread before the thread ends (the
    // connection's timers belong to that thread).
    void shutdown();
    // The delay before attempt `attempts` + 1 of a failed process.
    static std::chrono::seconds backoff(int attempts, std::chrono::seconds initial, std::chrono::seconds max);

private:
    Core::DirectorySession &session();
    RunResult finish(const Core::Process &p, const Outcome &outcome, const QString &service, qint64 startedUs);

    Core::LdapConnectionSettings m_settings;
    Core::Dit m_dit;
    Shared m_shared;
    std::unique_ptr<Core::DirectorySession> m_session; // created on the worker's thread
};

} // namespace Isp::Agent
