// ldapWait(): runs one asynchronous LdapConnection operation to completion on a local event
// loop and returns its result. For command-line tools, tests and start-up code only: a GUI
// or HTTP thread must use the callbacks directly, never this.
#pragma once

#include "core/ldap/ldaperror.h"
#include "core/ldap/result.h"

#include <QEventLoop>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace Isp::Core {

// `start` receives a context object and the callback to pass to the operation, e.g.
//   ldapWait<LdapSearchResult>([&](QObject *ctx, auto done) { conn.search(req, ctx, done); });
template<typename T, typename Start>
Result<T> ldapWait(Start &&start, std::chrono::milliseconds timeout = std::chrono::seconds(60))
{
    std::optional<Result<T>> result;
    QEventLoop loop;
    QObject context;
    std::function<void(Result<T>)> done = [&](Result<T> r) {
        result.emplace(std::move(r));
        loop.quit();
    };
    start(&context, done);
    if (!result) {
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        timer.start(timeout);
        loop.exec();
    }
    if (!result)
        return LdapError::fromCode(LdapCode::Timeout, QStringLiteral("waiting for an LDAP operation"),
                                   QStringLiteral("no result within %1 ms").arg(timeout.count()));
    return std::move(*result);
}

} // namespace Isp::Core
