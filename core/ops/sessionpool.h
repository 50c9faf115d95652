// SessionPool: a few worker threads, each holding its own DirectorySession bound with the same
// settings, that run jobs off the caller's thread. The panel runs its owners' operations on one,
// the console its admin's: DirectorySession blocks, so it must never run on a GUI or HTTP thread.
//
// Jobs run in the order posted, on whichever worker is free. A job hands its result back to
// the caller's thread itself (QMetaObject::invokeMethod with a context object).
//
// Thread affinity: create, post and drain from one thread (the owner's).
#pragma once

#include "core/ops/directorysession.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace Isp::Core {

class SessionPool
{
public:
    using Job = std::function<void(DirectorySession &)>;

    SessionPool(const LdapConnectionSettings &settings, const Dit &dit, int workers, const QString &name);
    ~SessionPool(); // drains (waits up to 10 s)
    SessionPool(const SessionPool &) = delete;
    SessionPool &operator=(const SessionPool &) = delete;

    [[nodiscard]] const LdapConnectionSettings &settings() const { return m_settings; }
    [[nodiscard]] const Dit &dit() const { return m_dit; }

    // Queues `job`; ignored once draining. Returns false when it was ignored.
    bool post(Job job);
    // Jobs queued or running.
    [[nodiscard]] int busy() const { return m_busy.load(); }
    [[nodiscard]] bool isStopping() const;
    // Stops taking new jobs and waits up to `timeoutMs` for those queued to finish.
    bool drain(int timeoutMs);

    // The directory's contextCSN values as `session` reads them now: after a write, a cache
    // whose cookie covers them (LdapSyncConsumer::cookieCovers) holds that write.
    static QList<QByteArray> contextCsns(DirectorySession &session);

private:
    class Worker;

    LdapConnectionSettings m_settings;
    Dit m_dit;
    std::vector<std::unique_ptr<Worker>> m_workers;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::atomic<int> m_busy{0};
};

} // namespace Isp::Core
