// RateLimiter: refuses further login attempts for an account or from an address after too many
// failures in a sliding window (per panel instance: behind a load balancer each instance counts
// its own, so the effective limit is the sum; docs/panel.md).
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <chrono>

namespace Isp::Panel {

class RateLimiter
{
public:
    RateLimiter(int maxFailures, std::chrono::seconds window) : m_max(maxFailures), m_window(window) {}
    // Seconds until `key` may try again; 0: it may now.
    [[nodiscard]] qint64 blockedFor(const QString &key, qint64 nowMs) const;
    void failed(const QString &key, qint64 nowMs);
    void succeeded(const QString &key) { m_failures.remove(key); }
    // Forgets what lies outside the window (called now and then to bound memory).
    void prune(qint64 nowMs);
    [[nodiscard]] qsizetype tracked() const { return m_failures.size(); }

private:
    int m_max;
    std::chrono::seconds m_window;
    QHash<QString, QList<qint64>> m_failures; // key -> failure times (ms), oldest first
};

} // namespace Isp::Panel
