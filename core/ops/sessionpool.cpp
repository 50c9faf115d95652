#include "core/ops/sessionpool.h"

#include <QDeadlineTimer>

namespace Isp::Core {

class SessionPool::Worker : public QThread
{
public:
    Worker(SessionPool *pool, const QString &name) : m_pool(pool) { setObjectName(name); }

protected:
    void run() override
    {
        DirectorySession session(m_pool->m_settings, m_pool->m_dit);
        for (;;) {
            Job job;
            {
                QMutexLocker lock(&m_pool->m_mutex);
                while (m_pool->m_jobs.empty() && !m_pool->m_stopping)
                    m_pool->m_wake.wait(&m_pool->m_mutex);
                if (m_pool->m_jobs.empty())
                    return;
                job = std::move(m_pool->m_jobs.front());
                m_pool->m_jobs.pop_front();
            }
            job(session);
            --m_pool->m_busy;
        }
    }

private:
    SessionPool *m_pool;
};

SessionPool::SessionPool(const LdapConnectionSettings &settings, const Dit &dit, int workers, const QString &name)
    : m_settings(settings), m_dit(dit)
{
    for (int i = 0; i < std::max(1, workers); ++i) {
        m_workers.push_back(std::make_unique<Worker>(this, QStringLiteral("%1-%2").arg(name).arg(i)));
        m_workers.back()->start();
    }
}

SessionPool::~SessionPool()
{
    drain(10000);
}

bool SessionPool::post(Job job)
{
    QMutexLocker lock(&m_mutex);
    if (m_stopping)
        return false;
    ++m_busy;
    m_jobs.push_back(std::move(job));
    m_wake.wakeOne();
    return true;
}

bool SessionPool::isStopping() const
{
    QMutexLocker lock(&m_mutex);
    return m_stopping;
}

bool SessionPool::drain(int timeoutMs)
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    QDeadlineTimer deadline(timeoutMs);
    bool all = true;
    for (auto &w : m_workers)
        all = w->wait(deadline) && all;
    return all;
}

QList<QByteArray> SessionPool::contextCsns(DirectorySession &session)
{
    QList<QByteArray> csns;
    auto base = session.read(session.dit().base(), {QStringLiteral("contextCSN")});
    if (base.ok() && base->has_value()) {
        const QStringList values = (*base)->texts(QStringLiteral("contextCSN"));
        for (const QString &v : values)
            csns << v.toLatin1();
    }
    return csns;
}

} // namespace Isp::Core
