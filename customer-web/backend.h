// Backend: where the panel's LDAP work runs, off the HTTP thread. A few worker threads, each
// with its own DirectorySession bound as the panel's service account (cn=panel,ou=services),
// run core operations acting for the domain owner of the request (Permissions::actAs), so every
// write gets core's validation, permission checks, limits and processes.
//
// Read your writes: after a write succeeded, the worker reads the directory's contextCSN and the
// answer is held until the panel's DirectoryCache has applied that change, so the page the
// browser loads next already shows it.
//
// Thread affinity: create and call on the server's thread; callbacks run there.
#pragma once

#include "core/ldap/directorycache.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"
#include "core/ops/sessionpool.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <vector>

namespace Isp::Panel {

class Backend : public QObject
{
    Q_OBJECT

public:
    using Op = std::function<Core::OpResult<Core::Done>(Core::DirectorySession &)>;
    using Callback = std::function<void(Core::OpResult<Core::Done>)>;

    // `service`: the panel's own bind (URIs, DN, password). `cache` must follow the suffix.
    Backend(const Core::LdapConnectionSettings &service, const Core::Dit &dit, Core::DirectoryCache *cache, int workers,
            QObject *parent = nullptr);
    ~Backend() override;

    // Runs `op` acting for the owner of `domain`; `done` gets its result once the cache shows it.
    void runForDomain(const QString &domain, Op op, QObject *context, Callback done);
    // Binds as the domain entry with `password`: NotAllowed when the password is wrong (or the
    // domain does not exist: the same answer, so existence does not leak), Directory when the
    // directory cannot be reached.
    void verifyLogin(const QString &domain, const QByteArray &password, QObject *context, Callback done);
    // Changes the domain's panel password as the domain owner itself (bound with `oldPassword`).
    void changePassword(const QString &domain, const QByteArray &oldPassword, const QString &newPassword,
                        QObject *context, Callback done);

    // Jobs queued or running.
    [[nodiscard]] int busy() const { return m_pool.busy(); }
    // Stops taking new jobs and waits up to `timeoutMs` for those queued to finish.
    bool drain(int timeoutMs) { return m_pool.drain(timeoutMs); }

private:
    // On the server thread: calls `done` when the cache has caught up with `csns` (or after a
    // deadline: the write is done either way).
    void whenCached(const QList<QByteArray> &csns, const QPointer<QObject> &context, const Callback &done,
                    Core::OpResult<Core::Done> result);
    Core::LdapConnectionSettings bindAs(const QString &domain, const QByteArray &password) const;

    Core::LdapConnectionSettings m_service;
    Core::Dit m_dit;
    QPointer<Core::DirectoryCache> m_cache;
    Core::SessionPool m_pool;
    struct Waiter
    {
        QList<QByteArray> csns;
        QPointer<QObject> context;
        Callback done;
        Core::OpResult<Core::Done> result;
        qint64 deadlineMs;
    };
    std::vector<Waiter> m_waiters;
};

} // namespace Isp::Panel
