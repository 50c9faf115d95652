#include "agent/metrics.h"

#include <QDateTime>

namespace Isp::Agent {

Metrics::Metrics()
    : m_bucketBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60},
      m_buckets(m_bucketBounds.size() + 1, 0),
      m_started(QDateTime::currentSecsSinceEpoch())
{
}

void Metrics::processDone(const QString &service, double applySeconds, bool changed)
{
    std::lock_guard lock(m_mutex);
    PerService &s = m_services[service];
    ++s.done;
    if (changed)
        ++s.changed;
    if (applySeconds >= 0) {
        qsizetype i = 0;
        while (i < m_bucketBounds.size() && applySeconds > m_bucketBounds.at(i))
            ++i;
        ++m_buckets[i];
        m_applySum += applySeconds;
        ++m_applyCount;
    }
}

void Metrics::processFailed(const QString &service)
{
    std::lock_guard lock(m_mutex);
    ++m_services[service].failed;
}

void Metrics::setQueue(int queued, int running, int waitingRetry)
{
    std::lock_guard lock(m_mutex);
    m_queued = queued;
    m_running = running;
    m_waiting = waitingRetry;
}

void Metrics::setConnected(bool connected)
{
    std::lock_guard lock(m_mutex);
    m_connected = connected;
}

void Metrics::setRefreshed(bool refreshed)
{
    std::lock_guard lock(m_mutex);
    m_refreshed = refreshed;
}

void Metrics::reconciled(const QString &service, int checked, int repaired, int problems)
{
    std::lock_guard lock(m_mutex);
    PerService &s = m_services[service];
    s.reconcileChecked += quint64(checked);
    s.reconcileRepaired += quint64(repaired);
    s.reconcileProblems += quint64(problems);
}

void Metrics::heartbeatWritten(qint64 secondsSinceEpoch)
{
    std::lock_guard lock(m_mutex);
    m_heartbeat = secondsSinceEpoch;
}

bool Metrics::healthy() const
{
    std::lock_guard lock(m_mutex);
    return m_connected && m_refreshed;
}

quint64 Metrics::doneTotal() const
{
    std::lock_guard lock(m_mutex);
    quint64 n = 0;
    for (const PerService &s : m_services)
        n += s.done;
    return n;
}

quint64 Metrics::failedTotal() const
{
    std::lock_guard lock(m_mutex);
    quint64 n = 0;
    for (const PerService &s : m_services)
        n += s.failed;
    return n;
}

QByteArray Metrics::render() const
{
    std::lock_guard lock(m_mutex);
    QByteArray out;
    auto family = [&](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    auto perService = [&](const char *name, const char *help, quint64 PerService::*field) {
        family(name, "counter", help);
        for (auto it = m_services.cbegin(); it != m_services.cend(); ++it)
            out += QByteArray(name) + "{service=\"" + it.key().toUtf8() + "\"} " + QByteArray::number(it.value().*field) + '\n';
    };
    family("ispman_agent_up", "gauge", "1 while connected to the directory with its processes in sync");
    out += "ispman_agent_up " + QByteArray(m_connected && m_refreshed ? "1" : "0") + '\n';
    family("ispman_agent_start_time_seconds", "gauge", "When the agent started (Unix time)");
    out += "ispman_agent_start_time_seconds " + QByteArray::number(m_started) + '\n';
    family("ispman_agent_heartbeat_time_seconds", "gauge", "When the agent last wrote its status to the directory");
    out += "ispman_agent_heartbeat_time_seconds " + QByteArray::number(m_heartbeat) + '\n';
    perService("ispman_agent_processes_done_total", "Processes carried out", &PerService::done);
    perService("ispman_agent_processes_changed_total", "Processes that changed something on the host", &PerService::changed);
    perService("ispman_agent_processes_failed_total", "Process runs that failed (each is retried)", &PerService::failed);
    perService("ispman_agent_reconcile_checked_total", "Objects checked by full reconciles", &PerService::reconcileChecked);
    perService("ispman_agent_reconcile_repaired_total", "Drift repaired by full reconciles", &PerService::reconcileRepaired);
    perService("ispman_agent_reconcile_problems_total", "Objects full reconciles could not converge", &PerService::reconcileProblems);
    family("ispman_agent_queue_depth", "gauge", "Processes waiting to run now");
    out += "ispman_agent_queue_depth " + QByteArray::number(m_queued - m_waiting) + '\n';
    family("ispman_agent_processes_running", "gauge", "Processes running");
    out += "ispman_agent_processes_running " + QByteArray::number(m_running) + '\n';
    family("ispman_agent_processes_waiting_retry", "gauge", "Failed processes waiting for their next attempt");
    out += "ispman_agent_processes_waiting_retry " + QByteArray::number(m_waiting) + '\n';
    family("ispman_agent_apply_seconds", "histogram", "From a process's creation in the directory to the end of its run");
    quint64 cumulative = 0;
    for (qsizetype i = 0; i < m_bucketBounds.size(); ++i) {
        cumulative += m_buckets.at(i);
        out += "ispman_agent_apply_seconds_bucket{le=\"" + QByteArray::number(m_bucketBounds.at(i)) + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    cumulative += m_buckets.last();
    out += "ispman_agent_apply_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(cumulative) + '\n';
    out += "ispman_agent_apply_seconds_sum " + QByteArray::number(m_applySum, 'f', 6) + '\n';
    out += "ispman_agent_apply_seconds_count " + QByteArray::number(m_applyCount) + '\n';
    return out;
}

} // namespace Isp::Agent
