// StateStore: what the agent keeps between runs in its state folder: the sync cookie of its
// process subscription and the entryUUID -> DN map of the processes it knew, so that a restart
// resumes exactly where the finished work ended (LdapSyncConsumer resolves deletes against the
// map). The file names the subscription it belongs to (the host names of the filter); a cookie
// of another subscription is not used. Written atomically (temporary file + rename).
#pragma once

#include "core/ldap/ldapdn.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace Isp::Agent {

struct SyncState
{
    QString subscription; // what the cookie belongs to
    QByteArray cookie;
    QHash<QByteArray, Core::LdapDn> known;
};

class StateStore
{
public:
    explicit StateStore(const QString &folder);
    // The saved state; an empty one when there is none. A damaged file is an error (named).
    [[nodiscard]] bool load(SyncState *state, QString *error) const;
    [[nodiscard]] bool save(const SyncState &state, QString *error) const;
    [[nodiscard]] QString file() const { return m_file; }

private:
    QString m_folder;
    QString m_file;
};

} // namespace Isp::Agent
