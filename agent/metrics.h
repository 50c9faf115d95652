// Metrics: the agent's counters and gauges, rendered in the Prometheus text format for
// GET /metrics. Written from the agent's thread and its workers: thread-safe.
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <mutex>

namespace Isp::Agent {

class Metrics
{
public:
    Metrics();
    // A process finished: `applySeconds` from its creation in the directory to the end of its run.
    void processDone(const QString &service, double applySeconds, bool changed);
    void processFailed(const QString &service);
    void setQueue(int queued, int running, int waitingRetry);
    void setConnected(bool connected);
    void setRefreshed(bool refreshed);
    void reconciled(const QString &service, int checked, int repaired, int problems);
    void heartbeatWritten(qint64 secondsSinceEpoch);

    [[nodiscard]] QByteArray render() const;
    [[nodiscard]] bool healthy() const;
    [[nodiscard]] quint64 doneTotal() const;
    [[nodiscard]] quint64 failedTotal() const;

private:
    struct PerService
    {
        quint64 done = 0, failed = 0, changed = 0;
        quint64 reconcileRepaired = 0, reconcileProblems = 0, reconcileChecked = 0;
    };
    mutable std::mutex m_mutex;
    QMap<QString, PerService> m_services;
    QList<double> m_bucketBounds;
    QList<quint64> m_buckets; // cumulative counts are computed when rendering
    double m_applySum = 0;
    quint64 m_applyCount = 0;
    int m_queued = 0, m_running = 0, m_waiting = 0;
    bool m_connected = false, m_refreshed = false;
    qint64 m_started = 0, m_heartbeat = 0;
};

} // namespace Isp::Agent
