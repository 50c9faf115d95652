// DirectorySession: one bound LdapConnection driven step by step, for code that performs an
// operation as a sequence (read, check, write, write...): the ispman CLI, tests, and worker
// threads that run operations for the console and the panel. Each call waits for its result
// on a local event loop, so it must never run on a GUI or HTTP thread.
//
// Thread affinity: create and use it on one thread.
#pragma once

#include "core/ldap/ldapconnection.h"
#include "core/acl/acl.h"
#include "core/model/dit.h"

#include <optional>

namespace Isp::Core {

class DirectorySession
{
public:
    DirectorySession(const LdapConnectionSettings &settings, Dit dit);
    ~DirectorySession();
    DirectorySession(const DirectorySession &) = delete;
    DirectorySession &operator=(const DirectorySession &) = delete;

    [[nodiscard]] const Dit &dit() const { return m_dit; }
    [[nodiscard]] LdapConnection &connection() { return *m_connection; }
    // The bound identity as the server sees it (its DN, or empty when anonymous).
    [[nodiscard]] QString bindDn() const { return m_connection->settings().bindDn; }

    Result<LdapSearchResult> search(const LdapSearchRequest &request);
    // Entries only, with the usual defaults (subtree, all user attributes).
    Result<QList<LdapEntry>> find(const LdapDn &base, const LdapFilter &filter, const QStringList &attributes = {},
                                  LdapScope scope = LdapScope::Subtree);
    // The entry, or nullopt when it does not exist.
    Result<std::optional<LdapEntry>> read(const LdapDn &dn, const QStringList &attributes = {});
    Result<LdapWriteResult> add(const LdapEntry &entry, const LdapWriteOptions &options = {});
    // Many adds pipelined on the connection (bulk operations); the results in the entries' order.
    // Parents must already exist: the adds may be applied in any order.
    QList<Result<LdapWriteResult>> addAll(const QList<LdapEntry> &entries, const LdapWriteOptions &options = {});
    Result<LdapWriteResult> modify(const LdapDn &dn, const QList<LdapModification> &mods,
                                   const LdapWriteOptions &options = {});
    Result<LdapWriteResult> remove(const LdapDn &dn, const LdapWriteOptions &options = {});
    Result<int> removeTree(const LdapDn &dn);
    // ModifyDN: gives the entry a new RDN and/or moves it (with its subtree) below `newParent`.
    // Yields the new DN.
    Result<LdapDn> rename(const LdapDn &dn, const LdapRdn &newRdn, const std::optional<LdapDn> &newParent,
                          bool deleteOldRdn = true);
    Result<QByteArray> passwordModify(const LdapDn &user, const std::optional<QByteArray> &oldPassword,
                                      const std::optional<QByteArray> &newPassword);
    Result<QString> whoAmI();

    // The identity permission checks use (core/ops/permissions.h): set by Permissions, cached
    // for the session's life.
    [[nodiscard]] const std::optional<Acl::Subject> &subject() const { return m_subject; }
    void setSubject(const Acl::Subject &subject) { m_subject = subject; }

    // Process ids reserved by this session and not used yet (core/ops/idallocator.h).
    struct IdReservation
    {
        qint64 next = 1;
        qint64 last = 0; // next > last: empty
        int blockSize = 0;
    };
    [[nodiscard]] IdReservation &processIds() { return m_processIds; }

private:
    std::unique_ptr<LdapConnection> m_connection;
    Dit m_dit;
    std::optional<Acl::Subject> m_subject;
    IdReservation m_processIds;
};

} // namespace Isp::Core
