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

void WorkQueue::count(const QueuedProcess &item, int delta)
{
    const qint64 pid = item.process.pid;
    if (item.process.domain.isEmpty())
        return;
    if (delta > 0) {
        if (item.notBefore.isValid() || m_counted.contains(pid))
            return;
        m_counted.insert(pid);
    } else if (!m_counted.remove(pid)) {
        return;
    }
    QMap<int, int> &priorities = m_domainPriorities[item.process.domain.toLower()];
    int &n = priorities[item.process.priority];
    n += delta;
    if (n <= 0)
        priorities.remove(item.process.priority);
    if (priorities.isEmpty())
        m_domainPriorities.remove(item.process.domain.toLower());
}

void WorkQueue::upsert(const QueuedProcess &item)
{
    const qint64 pid = item.process.pid;
    if (m_running.contains(pid))
        return;
    const auto old = m_items.constFind(pid);
    if (old != m_items.constEnd()) {
        count(*old, -1);
        m_order.erase({old->process.priority, pid});
    }
    m_items.insert(pid, item);
    m_order.insert({item.process.priority, pid});
    count(item, +1);
}

void WorkQueue::remove(qint64 pid)
{
    if (m_running.contains(pid))
        return; // its run finishes it
    const auto it = m_items.constFind(pid);
    if (it == m_items.constEnd())
        return;
    count(*it, -1);
    m_order.erase({it->process.priority, pid});
    m_items.erase(it);
}

bool WorkQueue::blocked(const QueuedProcess &item) const
{
    if (m_busyObjects.contains(objectKey(item.process)))
        return true;
    if (item.process.domain.isEmpty())
        return false;
    const auto it = m_domainPriorities.constFind(item.process.domain.toLower());
    return it != m_domainPriorities.constEnd() && !it->isEmpty() && it->firstKey() < item.process.priority;
}

std::optional<QueuedProcess> WorkQueue::takeNext(const QDateTime &now)
{
    for (auto o = m_order.begin(); o != m_order.end(); ++o) {
        const QueuedProcess &item = m_items[o->second];
        if (item.notBefore.isValid() && item.notBefore > now)
            continue;
        if (blocked(item))
            continue;
        QueuedProcess out = item;
        m_order.erase(o);
        m_running.insert(out.process.pid);
        m_busyObjects.insert(objectKey(out.process));
        return out;
    }
    return std::nullopt;
}

void WorkQueue::finished(qint64 pid)
{
    const auto it = m_items.constFind(pid);
    if (it != m_items.constEnd()) {
        m_busyObjects.remove(objectKey(it->process));
        count(*it, -1);
        m_order.erase({it->process.priority, pid});
        m_items.erase(it);
    }
    m_running.remove(pid);
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
