#include "customer-web/backend.h"

#include "core/ops/domainops.h"
#include "core/ops/permissions.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcBackend, "isp.panel.backend")

namespace Isp::Panel {

using namespace Isp::Core;

Backend::Backend(const LdapConnectionSettings &service, const Dit &dit, DirectoryCache *cache, int workers, QObject *parent)
    : QObject(parent), m_service(service), m_dit(dit), m_cache(cache),
      m_pool(service, dit, workers, QStringLiteral("panel-worker"))
{
    if (m_cache) {
        connect(m_cache, &DirectoryCache::cookieChanged, this, [this] { whenCached({}, {}, {}, Core::Done{}); });
    }
    auto *sweep = new QTimer(this);
    sweep->setInterval(100);
    connect(sweep, &QTimer::timeout, this, [this] { whenCached({}, {}, {}, Core::Done{}); });
    sweep->start();
}

Backend::~Backend()
{
    drain(10000);
}

void Backend::whenCached(const QList<QByteArray> &csns, const QPointer<QObject> &context, const Callback &done, OpResult<Core::Done> result)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (done)
        m_waiters.push_back({csns, context, done, std::move(result), now + 3000});
    // Answer every waiter whose change the cache holds, or whose deadline passed.
    std::vector<Waiter> ready;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        // Shutting down: the write is done, answer now rather than wait for the cache.
        const bool caught = it->csns.isEmpty() || !m_cache || m_pool.isStopping() || m_cache->hasCaughtUp(it->csns);
        if (caught || now >= it->deadlineMs) {
            if (!caught)
                qCWarning(lcBackend) << "the panel's cache has not shown a write after 3 s; answering anyway";
            ready.push_back(std::move(*it));
            it = m_waiters.erase(it);
        } else {
            ++it;
        }
    }
    for (Waiter &w : ready) {
        if (w.context)
            w.done(std::move(w.result));
    }
}

void Backend::runForDomain(const QString &domain, Op op, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_pool.post([this, domain, op = std::move(op), ctx, done = std::move(done)](DirectorySession &s) {
        OpResult<Core::Done> result = Core::Done{};
        QList<QByteArray> csns;
        // The worker's session is reused: it acts for this job's owner, then is the panel again,
        // or the next job's actAs() would be asked of the previous owner (and refused).
        auto service = Permissions::subject(s);
        auto acting = service.ok() ? Permissions::actAs(s, m_dit.domain(domain)) : OpResult<Acl::Subject>(service.error());
        if (!acting.ok()) {
            result = acting.error();
        } else {
            result = op(s);
            if (result.ok()) {
                csns = SessionPool::contextCsns(s);
            }
        }
        if (service.ok())
            s.setSubject(*service);
        QMetaObject::invokeMethod(this, [this, csns, ctx, done, result = std::move(result)]() mutable {
            whenCached(csns, ctx, done, std::move(result));
        }, Qt::QueuedConnection);
    });
}

LdapConnectionSettings Backend::bindAs(const QString &domain, const QByteArray &password) const
{
    LdapConnectionSettings s = m_service;
    s.bindMethod = LdapConnectionSettings::BindMethod::Simple;
    s.bindDn = m_dit.domain(domain).toString();
    s.password = password;
    s.autoReconnect = false;
    return s;
}

void Backend::verifyLogin(const QString &domain, const QByteArray &password, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_pool.post([this, domain, password, ctx, done = std::move(done)](DirectorySession &) {
        OpResult<Core::Done> result = Core::Done{};
        {
            DirectorySession owner(bindAs(domain, password), m_dit);
            auto me = owner.whoAmI();
            if (!me.ok()) {
                result = me.error().code() == LdapCode::InvalidCredentials
                    ? OpError::notAllowed(QStringLiteral("password: the domain or its password is wrong"))
                    : OpError::directory(me.error());
            }
        }
        QMetaObject::invokeMethod(this, [ctx, done, result = std::move(result)]() mutable {
            if (ctx)
                done(std::move(result));
        }, Qt::QueuedConnection);
    });
}

void Backend::changePassword(const QString &domain, const QByteArray &oldPassword, const QString &newPassword, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_pool.post([this, domain, oldPassword, newPassword, ctx, done = std::move(done)](DirectorySession &) {
        OpResult<Core::Done> result = Core::Done{};
        {
            DirectorySession owner(bindAs(domain, oldPassword), m_dit);
            auto me = owner.whoAmI();
            if (!me.ok()) {
                result = me.error().code() == LdapCode::InvalidCredentials
                    ? OpError::invalid(QStringLiteral("current"), QStringLiteral("current: the current password is wrong"))
                    : OpError::directory(me.error());
            } else {
                result = DomainOps::setPassword(owner, domain, newPassword);
            }
        }
        QMetaObject::invokeMethod(this, [ctx, done, result = std::move(result)]() mutable {
            if (ctx)
                done(std::move(result));
        }, Qt::QueuedConnection);
    });
}

} // namespace Isp::Panel
