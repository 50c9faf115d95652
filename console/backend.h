// Backend: where the console's operations run. Core operations block on LDAP, so they run on
// a worker thread (a SessionPool of one session bound as the admin) and their result comes
// back on the GUI thread. After a write, the result is handed over only once the console's
// LiveDirectory shows that write (its sync cookie covers the suffix's contextCSN read after
// it), so the tree and the editors never show the state from before the admin's own change.
//
// Thread affinity: create and call on the GUI thread; callbacks run there, and only while the
// context object lives.
#pragma once

#include "console/livedirectory.h"
#include "core/ops/operror.h"
#include "core/ops/sessionpool.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

namespace Isp::Console {

class Backend : public QObject
{
    Q_OBJECT

public:
    Backend(const Core::LdapConnectionSettings &settings, const Core::Dit &dit, LiveDirectory *live,
            QObject *parent = nullptr);
    ~Backend() override;

    [[nodiscard]] const Core::Dit &dit() const { return m_pool.dit(); }
    [[nodiscard]] const Core::LdapConnectionSettings &settings() const { return m_pool.settings(); }
    [[nodiscard]] LiveDirectory *live() const { return m_live; }
    [[nodiscard]] int busy() const { return m_pool.busy(); }

    enum class Wait { ForLive, No };

    // Runs `op` on the worker; `done` gets its result on this thread. With Wait::ForLive (for
    // writes) the answer waits until the LiveDirectory has applied the write (3 s at most).
    template<typename T>
    void run(QObject *context, std::function<Core::OpResult<T>(Core::DirectorySession &)> op,
             std::function<void(Core::OpResult<T>)> done, Wait wait = Wait::ForLive)
    {
        QPointer<QObject> ctx(context);
        Q_EMIT busyChanged(true);
        m_pool.post([this, ctx, wait, op = std::move(op), done = std::move(done)](Core::DirectorySession &s) {
            auto result = std::make_shared<Core::OpResult<T>>(op(s));
            QList<QByteArray> csns;
            if (wait == Wait::ForLive && result->ok())
                csns = Core::SessionPool::contextCsns(s);
            QMetaObject::invokeMethod(this, [this, ctx, done, result, csns] {
                whenLive(csns, [this, ctx, done, result] {
                    Q_EMIT busyChanged(m_pool.busy() > 0);
                    if (ctx)
                        done(std::move(*result));
                });
            }, Qt::QueuedConnection);
        });
    }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void whenLive(const QList<QByteArray> &csns, std::function<void()> answer);
    void sweep();

    Core::SessionPool m_pool;
    QPointer<LiveDirectory> m_live;
    struct Waiter
    {
        QList<QByteArray> csns;
        std::function<void()> answer;
        qint64 deadlineMs;
    };
    std::vector<Waiter> m_waiters;
};

} // namespace Isp::Console
