#include "agent/workqueue.h"

namespace Isp::Agent {

QString WorkQueue::objectKey(const Core::Process &p)
{
    if (!p.targetUuid.isEmpty())
        return p.targetUuid.toLower();
    if (!p.target.isEmpty())
        return p.target.toLower();
    return QStringLiteral("pid:") + QString::number(p.pid);
}

void WorkQueue::upsert(const QueuedProcess &item)
{
    if (m_running.contains(item.process.pid))
        return;
    m_items.insert(item.process.pid, item);
}

void WorkQueue::remove(qint64 pid)
{
    if (m_running.contains(pid))
        return; // its run finishes it
    m_items.remove(pid);
}

bool WorkQueue::blocked(const QueuedProcess &item, const QDateTime &now) const
{
    if (m_busyObjects.contains(objectKey(item.process)))
        return true;
    if (item.process.domain.isEmpty())
        return false;
    for (const QueuedProcess &other : m_items) {
        // Only what is due or running holds others back: a failed process waiting for its retry
        // does not stall the rest of its domain.
        const bool waiting = !m_running.contains(other.process.pid) && other.notBefore.isValid() && other.notBefore > now;
        if (other.process.pid != item.process.pid && !waiting && other.process.priority < item.process.priority
            && other.process.domain.compare(item.process.domain, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

std::optional<QueuedProcess> WorkQueue::takeNext(const QDateTime &now)
{
    const QueuedProcess *best = nullptr;
    for (const QueuedProcess &item : m_items) {
        if (m_running.contains(item.process.pid))
            continue;
        if (item.notBefore.isValid() && item.notBefore > now)
            continue;
        if (blocked(item, now))
            continue;
        if (!best || item.process.priority < best->process.priority
            || (item.process.priority == best->process.priority && item.process.pid < best->process.pid))
            best = &item;
    }
    if (!best)
        return std::nullopt;
    QueuedProcess out = *best;
    m_running.insert(out.process.pid);
    m_busyObjects.insert(objectKey(out.process));
    return out;
}

void WorkQueue::finished(qint64 pid)
{
    const auto it = m_items.constFind(pid);
    if (it != m_items.constEnd())
        m_busyObjects.remove(objectKey(it->process));
    m_running.remove(pid);
    m_items.remove(pid);
}

bool WorkQueue::onlyWaiting(const QDateTime &now) const
{
    if (!m_running.isEmpty())
        return false;
    for (const QueuedProcess &item : m_items) {
        if (!item.notBefore.isValid() || item.notBefore <= now)
            return false;
    }
    return true;
}

int WorkQueue::waiting(const QDateTime &now) const
{
    int n = 0;
    for (const QueuedProcess &item : m_items) {
        if (!m_running.contains(item.process.pid) && item.notBefore.isValid() && item.notBefore > now)
            ++n;
    }
    return n;
}

std::optional<QDateTime> WorkQueue::nextDue(const QDateTime &now) const
{
    std::optional<QDateTime> next;
    for (const QueuedProcess &item : m_items) {
        if (m_running.contains(item.process.pid) || !item.notBefore.isValid() || item.notBefore <= now)
            continue;
        if (!next || item.notBefore < *next)
            next = item.notBefore;
    }
    return next;
}

} // namespace Isp::Agent
