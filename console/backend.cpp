#include "console/backend.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcConsoleBackend, "isp.console.backend")

namespace Isp::Console {

Backend::Backend(const Core::LdapConnectionSettings &settings, const Core::Dit &dit, LiveDirectory *live, QObject *parent)
    : QObject(parent), m_pool(settings, dit, 1, QStringLiteral("console-worker")), m_live(live)
{
    if (m_live)
        connect(m_live, &LiveDirectory::cookieChanged, this, &Backend::sweep);
    auto *timer = new QTimer(this);
    timer->setInterval(100);
    connect(timer, &QTimer::timeout, this, &Backend::sweep);
    timer->start();
}

Backend::~Backend()
{
    m_pool.drain(10000);
}

void Backend::whenLive(const QList<QByteArray> &csns, std::function<void()> answer)
{
    m_waiters.push_back({csns, std::move(answer), QDateTime::currentMSecsSinceEpoch() + 3000});
    sweep();
}

void Backend::sweep()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<Waiter> ready;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        const bool caught = it->csns.isEmpty() || !m_live || !m_live->isLive() || m_live->hasCaughtUp(it->csns);
        if (caught || now >= it->deadlineMs) {
            if (!caught)
                qCWarning(lcConsoleBackend) << "the live view has not shown a write after 3 s; answering anyway";
            ready.push_back(std::move(*it));
            it = m_waiters.erase(it);
        } else {
            ++it;
        }
    }
    for (Waiter &w : ready)
        w.answer();
}

} // namespace Isp::Console
