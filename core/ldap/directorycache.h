// DirectoryCache: the one live copy of a part of the directory that a process reads from
// (console tree, panel pages, agent state). It is fed by an LdapSyncConsumer and keyed by
// entryUUID, and it tells what changed with fine-grained signals, so views update one row at a
// time and never reset. Renames keep the entry's UUID and are reported as moves.
//
// Indexes: by normalized DN, and parent DN -> children, so a tree can ask for one level.
// Pass the cache to whoever needs it (no singleton). Thread affinity: that of its connection.
#pragma once

#include "core/ldap/ldapsyncconsumer.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <optional>

namespace Isp::Core {

class DirectoryCache : public QObject
{
    Q_OBJECT

public:
    // Follows `request` (base, scope, filter, attributes) over `connection`.
    DirectoryCache(LdapConnection *connection, const LdapSearchRequest &request, QObject *parent = nullptr);

    // Starts following. After stop(), start() resumes from where the cache left off (the sync
    // cookie and the cache's content), reporting only what changed meanwhile.
    void start();
    void stop();
    // True once the first refresh is complete: until then lookups may miss entries.
    [[nodiscard]] bool isReady() const { return m_ready; }

    [[nodiscard]] qsizetype size() const { return m_entries.size(); }
    [[nodiscard]] std::optional<LdapEntry> entry(const QByteArray &uuid) const;
    [[nodiscard]] std::optional<LdapEntry> entry(const LdapDn &dn) const;
    [[nodiscard]] QByteArray uuidOf(const LdapDn &dn) const;
    // UUIDs of the entries directly below `dn`, in no particular order.
    [[nodiscard]] QList<QByteArray> children(const LdapDn &dn) const;
    [[nodiscard]] QList<QByteArray> uuids() const { return m_entries.keys(); }

    // The sync cookie of the last change applied ("rid=...,csn=<csn>[;<csn>...]").
    [[nodiscard]] QByteArray cookie() const { return m_consumer.cookie(); }
    // True when the cache has applied every change up to `contextCsns` (the contextCSN values
    // of the directory's suffix, read after a write): a client that wrote and then waits for this
    // reads its own write from the cache. One CSN per server id is compared.
    [[nodiscard]] bool hasCaughtUp(const QList<QByteArray> &contextCsns) const;

Q_SIGNALS:
    void entryAdded(const QByteArray &uuid);
    void entryChanged(const QByteArray &uuid);
    // Same entry, new DN (a rename or move); its attributes may have changed too.
    void entryMoved(const QByteArray &uuid, const Isp::Core::LdapDn &oldDn);
    // Emitted after the entry has left the cache; `entry` is its last known state.
    void entryRemoved(const QByteArray &uuid, const Isp::Core::LdapEntry &entry);
    void ready();
    void cookieChanged();
    void errorOccurred(const Isp::Core::LdapError &error);

private:
    void apply(const LdapSyncEvent &event);
    void index(const QByteArray &uuid, const LdapDn &dn);
    void unindex(const QByteArray &uuid, const LdapDn &dn);

    LdapSyncConsumer m_consumer;
    QHash<QByteArray, LdapEntry> m_entries;     // uuid -> entry
    QHash<QString, QByteArray> m_byDn;          // normalized DN -> uuid
    QHash<QString, QSet<QByteArray>> m_children; // normalized parent DN -> uuids
    bool m_ready = false;
};

} // namespace Isp::Core
