#include "customer-web/ratelimiter.h"

namespace Isp::Panel {

qint64 RateLimiter::blockedFor(const QString &key, qint64 nowMs) const
{
    const auto it = m_failures.constFind(key);
    if (it == m_failures.constEnd())
        return 0;
    const qint64 windowMs = qint64(m_window.count()) * 1000;
    qsizetype recent = 0;
    for (qint64 t : *it)
        recent += (nowMs - t < windowMs) ? 1 : 0;
    if (recent < m_max)
        return 0;
    // Blocked until the oldest failure that still counts leaves the window.
    const qint64 oldestCounting = it->at(it->size() - m_max);
    return std::max<qint64>(1, (oldestCounting + windowMs - nowMs + 999) / 1000);
}

void RateLimiter::failed(const QString &key, qint64 nowMs)
{
    QList<qint64> &list = m_failures[key];
    list.append(nowMs);
    while (list.size() > m_max * 2)
        list.removeFirst();
    if (m_failures.size() > 100000)
        prune(nowMs);
}

void RateLimiter::prune(qint64 nowMs)
{
    const qint64 windowMs = qint64(m_window.count()) * 1000;
    for (auto it = m_failures.begin(); it != m_failures.end();) {
        if (it->isEmpty() || nowMs - it->constLast() >= windowMs)
            it = m_failures.erase(it);
        else
            ++it;
    }
}

} // namespace Isp::Panel
