// Transaction: the writes of one operation, undone in reverse order unless committed, so an
// operation that fails part-way (validation passed, but the third write is refused) leaves no
// orphan entries or processes. LDAP has no multi-entry transactions; this keeps, for each
// write, what undoes it: an add is undone by a delete, a modify by restoring the previous
// values of the attributes it touched (read atomically with the write: pre-read control), a
// delete by adding the entry back as it was read just before.
//
// Rollback is best effort against concurrent writers; what could not be undone is returned and
// logged, never silently dropped.
#pragma once

#include "core/ops/directorysession.h"

#include <functional>

namespace Isp::Core {

class Transaction
{
public:
    explicit Transaction(DirectorySession &session);
    ~Transaction(); // rolls back unless committed
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    [[nodiscard]] DirectorySession &session() { return m_session; }

    // Adds the entry; the result's postRead carries its entryUUID.
    Result<LdapWriteResult> add(const LdapEntry &entry);
    // Many adds pipelined (DirectorySession::addAll), each with the entryUUID post-read; every
    // one that succeeded is undone by a rollback.
    QList<Result<LdapWriteResult>> addAll(const QList<LdapEntry> &entries);
    Result<LdapWriteResult> modify(const LdapDn &dn, const QList<LdapModification> &mods,
                                   const std::optional<LdapFilter> &assertion = std::nullopt);
    // Deletes one entry (a leaf).
    Result<LdapWriteResult> remove(const LdapDn &dn);

    void commit() { m_committed = true; m_undo.clear(); }
    // Undoes every write so far, newest first. Returns what could not be undone.
    QStringList rollback();

private:
    DirectorySession &m_session;
    QList<std::pair<QString, std::function<Result<LdapWriteResult>()>>> m_undo; // description, action
    bool m_committed = false;
};

} // namespace Isp::Core
