#include "core/ops/directorysession.h"

#include "core/ldap/ldapwait.h"

#include <QEventLoop>
#include <QTimer>

namespace Isp::Core {

DirectorySession::DirectorySession(const LdapConnectionSettings &settings, Dit dit)
    : m_connection(std::make_unique<LdapConnection>(settings)), m_dit(std::move(dit))
{
}

DirectorySession::~DirectorySession() = default;

Result<LdapSearchResult> DirectorySession::search(const LdapSearchRequest &request)
{
    return ldapWait<LdapSearchResult>([&](QObject *ctx, auto done) { m_connection->search(request, ctx, done); });
}

Result<QList<LdapEntry>> DirectorySession::find(const LdapDn &base, const LdapFilter &filter, const QStringList &attributes,
                                                LdapScope scope)
{
    LdapSearchRequest r;
    r.base = base;
    r.filter = filter;
    r.attributes = attributes;
    r.scope = scope;
    r.pageSize = 1000;
    auto res = search(r);
    if (!res.ok())
        return res.error();
    return std::move(res->entries);
}

Result<std::optional<LdapEntry>> DirectorySession::read(const LdapDn &dn, const QStringList &attributes)
{
    LdapSearchRequest r;
    r.base = dn;
    r.scope = LdapScope::Base;
    r.attributes = attributes;
    auto res = search(r);
    if (!res.ok()) {
        if (res.error().code() == LdapCode::NoSuchObject)
            return std::optional<LdapEntry>();
        return res.error();
    }
    if (res->entries.isEmpty())
        return std::optional<LdapEntry>();
    return std::optional<LdapEntry>(res->entries.first());
}

Result<LdapWriteResult> DirectorySession::add(const LdapEntry &entry, const LdapWriteOptions &options)
{
    return ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_connection->add(entry, options, ctx, done); });
}

QList<Result<LdapWriteResult>> DirectorySession::addAll(const QList<LdapEntry> &entries, const LdapWriteOptions &options)
{
    QList<std::optional<Result<LdapWriteResult>>> results(entries.size());
    qsizetype pending = entries.size();
    QEventLoop loop;
    QObject context;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        m_connection->add(entries.at(i), options, &context, [&, i](Result<LdapWriteResult> r) {
            results[i].emplace(std::move(r));
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0) {
        // Each result arrives within the connection's operation timeout (it fails the request
        // otherwise); this deadline only guards against a callback that never comes.
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        deadline.start(m_connection->settings().operationTimeout * 2 + std::chrono::seconds(10));
        loop.exec();
    }
    QList<Result<LdapWriteResult>> out;
    out.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (results.at(i))
            out << std::move(*results[i]);
        else
            out << Result<LdapWriteResult>(LdapError::fromCode(LdapCode::Timeout, QStringLiteral("add %1").arg(entries.at(i).dn().toString()),
                                                               QStringLiteral("no result")));
    }
    return out;
}

Result<LdapWriteResult> DirectorySession::modify(const LdapDn &dn, const QList<LdapModification> &mods,
                                                 const LdapWriteOptions &options)
{
    return ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_connection->modify(dn, mods, options, ctx, done); });
}

Result<LdapWriteResult> DirectorySession::remove(const LdapDn &dn, const LdapWriteOptions &options)
{
    return ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_connection->remove(dn, options, ctx, done); });
}

Result<int> DirectorySession::removeTree(const LdapDn &dn)
{
    return ldapWait<int>([&](QObject *ctx, auto done) { m_connection->removeTree(dn, ctx, done); });
}

Result<LdapDn> DirectorySession::rename(const LdapDn &dn, const LdapRdn &newRdn, const std::optional<LdapDn> &newParent,
                                        bool deleteOldRdn)
{
    return ldapWait<LdapDn>(
        [&](QObject *ctx, auto done) { m_connection->rename(dn, newRdn, newParent, deleteOldRdn, ctx, done); });
}

Result<QByteArray> DirectorySession::passwordModify(const LdapDn &user, const std::optional<QByteArray> &oldPassword,
                                                    const std::optional<QByteArray> &newPassword)
{
    return ldapWait<QByteArray>(
        [&](QObject *ctx, auto done) { m_connection->passwordModify(user, oldPassword, newPassword, ctx, done); });
}

Result<QString> DirectorySession::whoAmI()
{
    return ldapWait<QString>([&](QObject *ctx, auto done) { m_connection->whoAmI(ctx, done); });
}

} // namespace Isp::Core
