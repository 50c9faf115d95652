// Agent: one host's ispman-agent. It follows the processes addressed to the host (its name and
// its ispmanHostAlias values, themselves followed live from its host entry) with an RFC 4533
// refreshAndPersist subscription, so new work arrives within milliseconds and nothing polls; it
// hands them to its workers in the WorkQueue's order, retries failed ones with backoff, takes
// over processes whose agent died (lease expired, or an earlier run of itself), reconciles the
// host fully at start and periodically, and reports: heartbeat and counts on its host entry,
// /metrics and /healthz, logs.
//
// The sync cookie and the known processes are saved only when no work is queued or running (at
// most failed processes waiting for their retry), so a restart resumes exactly after finished
// work; on every start it also looks up its unfinished processes (failed, claimed) once, since
// a resumed subscription only reports what changed.
//
// Thread affinity: the thread that created it (the main thread in ispman-agent); workers run on
// threads of their own.
#pragma once

#include "agent/agentconfig.h"
#include "agent/handler.h"
#include "agent/metrics.h"
#include "agent/statestore.h"
#include "agent/workqueue.h"

#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapsyncconsumer.h"
#include "core/model/dit.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QThread;
class QTimer;

namespace Isp::Agent {

class MetricsServer;
class Worker;
struct RunResult;

class Agent : public QObject
{
    Q_OBJECT

public:
    Agent(AgentConfig config, std::vector<std::unique_ptr<Handler>> handlers, QObject *parent = nullptr);
    ~Agent() override;

    // Reads its password and state, starts its workers, its metrics server and its subscriptions.
    // False with the reason when it cannot start (configuration, files); a directory that is
    // down is not a reason: it keeps trying and reports itself unhealthy meanwhile.
    bool start(QString *error);
    // Takes no new work, lets running processes finish, saves its state, writes its status
    // "stopped"; then stopped() is emitted.
    void stop();

    [[nodiscard]] const Metrics &metrics() const { return m_metrics; }
    [[nodiscard]] quint16 metricsPort() const;
    [[nodiscard]] QStringList hostNames() const { return m_hostNames; }
    [[nodiscard]] QString owner() const { return m_owner; }
    [[nodiscard]] int queued() const { return m_queue.queued(); }
    [[nodiscard]] int running() const { return m_queue.running(); }

Q_SIGNALS:
    // The first refresh of its processes is complete (systemd READY=1).
    void ready();
    // A process run ended: kind is RunResult::Kind as int (0 done, 1 failed, 2 lost).
    void processFinished(qint64 pid, const QString &name, int kind, const QString &message);
    void reconciled(int checked, int repaired, int problems);
    // Its host names changed (an alias added or removed in the directory).
    void hostNamesChanged(const QStringList &names);
    void stopped();

private:
    void startHostSync();
    void startProcessSync(bool resume);
    void onHostEvent(const Core::LdapSyncEvent &event);
    void onProcessEvent(const Core::LdapSyncEvent &event);
    void consider(const Core::LdapEntry &entry);
    void scanUnfinished();
    void dispatch();
    void onExecuted(int worker, qint64 pid, const QueuedProcess &item, const RunResult &result);
    void reconcileNow();
    void writeStatus(const QString &state);
    void saveStateIfQuiet();
    [[nodiscard]] QString subscription() const;
    [[nodiscard]] Core::LdapDn hostDn() const;
    void updateQueueMetrics();
    void checkStopped();

    AgentConfig m_config;
    std::vector<std::unique_ptr<Handler>> m_handlers;
    Core::Dit m_dit;
    RootedPaths m_paths;
    CommandRunner m_commands;
    std::unique_ptr<ServiceReloader> m_reloader;
    Metrics m_metrics;
    StateStore m_state;
    QString m_owner;
    QStringList m_hostNames;
    Core::LdapConnectionSettings m_settings;

    std::unique_ptr<Core::LdapConnection> m_connection;
    Core::LdapSyncConsumer *m_hostSync = nullptr;
    Core::LdapSyncConsumer *m_processSync = nullptr;
    bool m_hostRefreshed = false;
    bool m_ready = false;
    QByteArray m_savedCookie;
    QByteArray m_latestCookie;

    WorkQueue m_queue;
    QHash<qint64, Core::LdapEntry> m_seenWhileRunning; // newest state of running processes
    struct Slot
    {
        QThread *thread = nullptr;
        Worker *worker = nullptr;
        bool busy = false;
    };
    QList<Slot> m_slots;
    Slot m_reconcileSlot;
    bool m_reconciling = false;
    QTimer *m_dueTimer = nullptr;
    QTimer *m_reconcileTimer = nullptr;
    QTimer *m_heartbeatTimer = nullptr;
    MetricsServer *m_metricsServer = nullptr;
    QString m_lastError;
    bool m_stopping = false;
    bool m_stopped = false;
    QDateTime m_started;
};

} // namespace Isp::Agent
