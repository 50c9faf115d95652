// LdapSyncConsumer: follows a part of the directory with the LDAP Content Synchronization
// operation (RFC 4533), refreshOnly or refreshAndPersist, on an LdapConnection it does not own.
//
// It turns the protocol's messages into three kinds of events on entries, keyed by entryUUID:
// added (new to this consumer), modified (known, with its full current state) and deleted.
// Deletes that the server reports only as UUID sets (refresh phase), and entries that vanish in
// a present phase, are resolved against the consumer's known set (entryUUID -> DN), which the
// caller may persist together with the cookie and hand back on the next start, so that a
// restarted consumer receives exactly the state it missed. Cookies are handed out through
// cookieChanged() after the events they cover; the caller saves them when its work is done.
//
// When the connection breaks it waits for LdapConnection to reconnect and resumes with the
// last cookie. When the server answers e-syncRefreshRequired, the cookie is dropped and a full
// refresh runs; entries not present in it are reported deleted.
//
// Thread affinity: that of its connection.
#pragma once

#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapdn.h"
#include "core/ldap/ldapentry.h"
#include "core/ldap/ldaprequest.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace Isp::Core {

struct LdapSyncEvent
{
    enum class Type { Added, Modified, Deleted };
    Type type = Type::Added;
    QByteArray uuid; // 16 raw bytes
    LdapDn dn;
    LdapEntry entry; // empty for Deleted
};

class LdapSyncConsumer : public QObject
{
    Q_OBJECT

public:
    enum class Mode { RefreshOnly, RefreshAndPersist };
    Q_ENUM(Mode)

    LdapSyncConsumer(LdapConnection *connection, QObject *parent = nullptr);
    ~LdapSyncConsumer() override;

    // What to follow: base, scope, filter, attributes (sizeLimit/paging are ignored).
    void setRequest(const LdapSearchRequest &request) { m_request = request; }
    void setMode(Mode mode) { m_mode = mode; }
    // State to resume from (both empty for a first start).
    void setCookie(const QByteArray &cookie) { m_cookie = cookie; }
    void setKnownEntries(const QHash<QByteArray, LdapDn> &known) { m_known = known; }
    // Adds one entry the caller learnt of by other means (a plain search) to the known set, so
    // that a later refresh that no longer lists it reports it deleted.
    void noteKnown(const QByteArray &uuid, const LdapDn &dn) { m_known.insert(uuid, dn); }

    void start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    // True between the end of the refresh phase and the next (re)start.
    [[nodiscard]] bool isRefreshDone() const { return m_refreshDone; }
    [[nodiscard]] QByteArray cookie() const { return m_cookie; }
    [[nodiscard]] const QHash<QByteArray, LdapDn> &knownEntries() const { return m_known; }

    // "xxxxxxxx-xxxx-..." form of a raw 16-byte UUID.
    static QString uuidToString(const QByteArray &uuid);
    // True when `cookie` ("rid=...,csn=<csn>[;<csn>...]") covers every CSN of `contextCsns` (the
    // contextCSN values read after a write), compared per server id.
    static bool cookieCovers(const QByteArray &cookie, const QList<QByteArray> &contextCsns);

Q_SIGNALS:
    void changed(const Isp::Core::LdapSyncEvent &event);
    // The refresh phase is over: what this consumer knows now matches the server.
    void refreshDone();
    void cookieChanged(const QByteArray &cookie);
    // The server could not resume from the cookie; a full refresh follows.
    void refreshRequired();
    // refreshOnly mode: the operation completed.
    void finished();
    void errorOccurred(const Isp::Core::LdapError &error);

private:
    enum class Phase { Idle, Refresh, Persist };
    void issue();
    void onConnected();
    LdapConnection::Step handle(ldap *ld, ldapmsg *msg);
    void handleEntry(ldap *ld, ldapmsg *msg);
    void handleIntermediate(ldap *ld, ldapmsg *msg);
    LdapConnection::Step handleDone(ldap *ld, ldapmsg *msg);
    void emitEntry(const QByteArray &uuid, int state, const LdapEntry &entry);
    void emitDeleted(const QByteArray &uuid, const LdapDn &dnHint);
    void markPresent(const QByteArray &uuid);
    void beginPresentPhase();
    void sweepAbsent();
    void finishRefresh();
    void updateCookie(const QByteArray &cookie);
    void onFailure(const LdapError &error);

    QPointer<LdapConnection> m_connection;
    LdapSearchRequest m_request;
    Mode m_mode = Mode::RefreshAndPersist;
    QByteArray m_cookie;
    QHash<QByteArray, LdapDn> m_known;
    QSet<QByteArray> m_present; // seen during the current present phase
    bool m_fullRefresh = false; // this refresh started without a cookie: it lists everything
    bool m_running = false;
    bool m_refreshDone = false;
    LdapConnection::OperationId m_op = 0;
    quint64 m_generation = 0;
};

} // namespace Isp::Core

Q_DECLARE_METATYPE(Isp::Core::LdapSyncEvent)
