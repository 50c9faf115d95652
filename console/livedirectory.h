// LiveDirectory: the console's one view of the directory. It loads what the admin looks at,
// one level at a time in pages (simple paged results), and keeps every loaded entry live with
// one RFC 4533 refreshAndPersist subscription on the whole suffix that starts from "now" (a
// cookie made of the suffix's contextCSN), so opening the console costs one small search, not
// a copy of a directory with 200,000 users.
//
// Entries are keyed by entryUUID (raw 16 bytes) and indexed by normalized DN and by parent DN.
// A change to an entry below a level that is loaded (or loading) is applied and signalled one
// entry at a time; changes elsewhere are ignored until that level is loaded. Page results that
// arrive after a newer sync event for the same entry do not overwrite it, and entries deleted
// while a page was in flight do not come back.
//
// Models (tree, ops view) are given the LiveDirectory; they never reset for one change.
// Thread affinity: that of its connection (the GUI thread in the console).
#pragma once

#include "core/ldap/ldapsyncconsumer.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Isp::Console {

class LiveDirectory : public QObject
{
    Q_OBJECT

public:
    enum class LevelState { NotLoaded, Loading, Loaded };

    // Follows the subtree of `base` over `connection` (not owned; it must be bound with the
    // rights to read what the console shows).
    LiveDirectory(Core::LdapConnection *connection, const Core::LdapDn &base, QObject *parent = nullptr);
    ~LiveDirectory() override;

    // Starts the live subscription (reads the contextCSN first). Loads may be asked before.
    void start();
    [[nodiscard]] bool isLive() const { return m_live; }
    [[nodiscard]] const Core::LdapDn &base() const { return m_base; }

    // Loads the entries directly below `parent`, all pages, in the background (no-op when it is
    // loading or loaded). Entries appear with entriesAdded() page by page; levelLoaded() ends it.
    // `attributes`: what to keep of each entry (empty: all user attributes). Large levels are
    // read with only what the tree shows: slapd checks access for every attribute it returns,
    // so fewer attributes is what makes a 5,000-user folder open quickly.
    void load(const Core::LdapDn &parent, const QStringList &attributes = {});
    // Loads `parent` again from scratch (after an error, or to be sure).
    void reload(const Core::LdapDn &parent);
    [[nodiscard]] LevelState levelState(const Core::LdapDn &parent) const;
    // Loads one entry and keeps it live even though its level is not loaded (a zone's apex
    // shown among the domain's DNS names). It arrives with entriesAdded() like the others.
    void watch(const Core::LdapDn &dn);

    [[nodiscard]] qsizetype size() const { return m_entries.size(); }
    [[nodiscard]] std::optional<Core::LdapEntry> entry(const QByteArray &uuid) const;
    [[nodiscard]] std::optional<Core::LdapEntry> entry(const Core::LdapDn &dn) const;
    [[nodiscard]] const Core::LdapEntry *find(const QByteArray &uuid) const;
    [[nodiscard]] QByteArray uuidOf(const Core::LdapDn &dn) const;
    [[nodiscard]] QList<QByteArray> children(const Core::LdapDn &parent) const;

    // True when every change up to `contextCsns` (read after a write) has been applied here.
    [[nodiscard]] bool hasCaughtUp(const QList<QByteArray> &contextCsns) const;

    // entryUUID text ("xxxxxxxx-xxxx-...") to the raw 16 bytes used as keys, and back.
    static QByteArray uuidFromText(const QString &text);

Q_SIGNALS:
    // New entries below `parent` (a page of a load, or one entry created elsewhere).
    void entriesAdded(const Isp::Core::LdapDn &parent, const QList<QByteArray> &uuids);
    void entryChanged(const QByteArray &uuid);
    // Same entry, new DN. When the new parent is not loaded the entry is removed instead.
    void entryMoved(const QByteArray &uuid, const Isp::Core::LdapDn &oldDn);
    // After the entry left; `entry` is its last state.
    void entryRemoved(const QByteArray &uuid, const Isp::Core::LdapEntry &entry);
    void levelLoaded(const Isp::Core::LdapDn &parent);
    void levelFailed(const Isp::Core::LdapDn &parent, const Isp::Core::LdapError &error);
    void liveChanged(bool live);
    void cookieChanged();
    void errorOccurred(const Isp::Core::LdapError &error);

private:
    void startSubscription(const QByteArray &cookie);
    void onSync(const Core::LdapSyncEvent &event);
    void insert(const QByteArray &uuid, const Core::LdapEntry &entry);
    // The entry as its level keeps it (only the level's attributes, when it has a list).
    [[nodiscard]] Core::LdapEntry trimmed(const Core::LdapEntry &entry) const;
    void erase(const QByteArray &uuid);
    void onPage(const QString &parentKey, quint64 generation, const QList<Core::LdapEntry> &page);
    void runLoad(std::function<void(Core::LdapConnection *, std::function<void()>)> job);
    void finishLoad(const Core::LdapDn &parent, const QString &key, quint64 generation,
                    const Core::Result<Core::LdapSearchResult> &result);
    [[nodiscard]] bool isFollowed(const QString &parentKey) const;

    Core::LdapConnection *m_connection;
    Core::LdapDn m_base;
    Core::LdapSyncConsumer m_consumer;
    bool m_live = false;
    QHash<QByteArray, Core::LdapEntry> m_entries;  // uuid -> entry
    QHash<QString, QByteArray> m_byDn;              // normalized DN -> uuid
    QHash<QString, QList<QByteArray>> m_children;   // normalized parent DN -> uuids in arrival order
    QHash<QString, LevelState> m_levels;            // normalized parent DN -> state
    QHash<QString, quint64> m_loadGeneration;       // a reload makes older pages stale
    QHash<QString, QStringList> m_levelAttributes;  // levels read with a restricted attribute list
    QSet<QString> m_watched;                        // normalized DNs followed one by one
    QSet<QByteArray> m_deleted;                     // deleted by sync while pages may be in flight
    QSet<QByteArray> m_touchedBySync;               // newer than any page still in flight
    quint64 m_generation = 0;
    struct Loader
    {
        std::unique_ptr<Core::LdapConnection> connection;
        bool busy = false;
    };
    std::vector<std::unique_ptr<Loader>> m_loaders; // connections for paged level loads
    std::deque<std::function<void(Core::LdapConnection *, std::function<void()>)>> m_pendingLoads;
};

} // namespace Isp::Console
