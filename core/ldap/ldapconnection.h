// LdapConnection: one LDAP session, event-driven on the Qt event loop of the thread it lives
// in (thread affinity: create it, call it and delete it from one thread; callbacks run there).
//
// - Connecting (TCP connect, StartTLS, bind) is blocking in libldap, so it runs on a short-lived
//   worker thread; once bound, the handle comes back and every operation is asynchronous: the
//   request is written, and replies are read by a QSocketNotifier whose slot drains libldap's
//   buffer until it is empty (libldap may hold many messages after one read).
// - Several URIs may be given; they are tried in order (failover). When every URI fails with a
//   retryable error, it retries with capped exponential backoff; when an established connection
//   breaks, it reconnects the same way. Operations issued while not connected wait (up to their
//   timeout) and are sent once connected; operations in flight when the connection breaks fail
//   with serverDown (retryable): the caller decides whether a write may be repeated.
// - Callbacks take a context object: when it has been destroyed, the callback is not called.
// - The first operation opens the connection if open() was not called (also after close()).
#pragma once

#include "core/ldap/ldaperror.h"
#include "core/ldap/ldaprequest.h"
#include "core/ldap/result.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

struct ldap;
struct ldapmsg;
class QSocketNotifier;
class QTimer;

namespace Isp::Core {

struct LdapConnectionSettings
{
    enum class BindMethod { Anonymous, Simple, SaslExternal };

    // Tried in order: "ldap://127.0.0.1:389", "ldaps://...", "ldapi://%2Frun%2Fslapd%2Fldapi".
    QStringList uris;
    BindMethod bindMethod = BindMethod::Simple;
    QString bindDn;
    QByteArray password; // never logged
    bool startTls = false;
    QString caCertificateFile;
    bool requireCertificate = true;
    std::chrono::milliseconds connectTimeout{5000};
    // An operation fails with timeout when the server has sent nothing for it for this long
    // (or, when not connected, when it could not be sent for this long).
    std::chrono::milliseconds operationTimeout{60000};
    std::chrono::milliseconds initialBackoff{100};
    std::chrono::milliseconds maxBackoff{5000};
    bool autoReconnect = true;
    // Requests in flight at once; more wait in order. Keeps a burst from the caller below
    // slapd's per-connection limit (olcConnMaxPendingAuth, 1000), beyond which it stops reading.
    int maxOutstanding = 256;
};

class LdapConnection : public QObject
{
    Q_OBJECT

public:
    enum class State { Disconnected, Connecting, Connected };
    Q_ENUM(State)
    using OperationId = quint64;

    explicit LdapConnection(LdapConnectionSettings settings, QObject *parent = nullptr);
    ~LdapConnection() override;

    [[nodiscard]] const LdapConnectionSettings &settings() const { return m_settings; }
    // Takes effect at the next open().
    void setSettings(const LdapConnectionSettings &settings) { m_settings = settings; }

    // Starts connecting (no-op when connecting or connected). Progress comes as signals.
    void open();
    // Disconnects; pending operations fail with userCancelled. No reconnect until open().
    void close();
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isConnected() const { return m_state == State::Connected; }
    // The URI of the current connection (empty when not connected).
    [[nodiscard]] QString currentUri() const { return m_currentUri; }

    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    OperationId search(const LdapSearchRequest &request, QObject *context, Callback<LdapSearchResult> done);
    OperationId add(const LdapEntry &entry, const LdapWriteOptions &options, QObject *context,
                    Callback<LdapWriteResult> done);
    OperationId modify(const LdapDn &dn, const QList<LdapModification> &mods, const LdapWriteOptions &options,
                       QObject *context, Callback<LdapWriteResult> done);
    OperationId remove(const LdapDn &dn, const LdapWriteOptions &options, QObject *context,
                       Callback<LdapWriteResult> done);
    // Deletes `dn` and everything below it, deepest first. Yields the number of entries deleted.
    OperationId removeTree(const LdapDn &dn, QObject *context, Callback<int> done);
    // ModifyDN. Yields the new DN.
    OperationId rename(const LdapDn &dn, const LdapRdn &newRdn, const std::optional<LdapDn> &newParent,
                       bool deleteOldRdn, QObject *context, Callback<LdapDn> done);
    // Yields whether the entry has that value.
    OperationId compare(const LdapDn &dn, const QString &attribute, const QByteArray &value, QObject *context,
                        Callback<bool> done);
    // WhoAmI (RFC 4532): the authorization identity, "dn:..." or empty for anonymous.
    OperationId whoAmI(QObject *context, Callback<QString> done);
    // Password Modify (RFC 3062). Empty user = the bound identity; no new password = let the
    // server generate one, which is yielded (otherwise the yield is empty).
    OperationId passwordModify(const LdapDn &user, const std::optional<QByteArray> &oldPassword,
                               const std::optional<QByteArray> &newPassword, QObject *context,
                               Callback<QByteArray> done);

    // Convenience overloads without controls.
    OperationId add(const LdapEntry &entry, QObject *context, Callback<LdapWriteResult> done)
    {
        return add(entry, {}, context, std::move(done));
    }
    OperationId modify(const LdapDn &dn, const QList<LdapModification> &mods, QObject *context,
                       Callback<LdapWriteResult> done)
    {
        return modify(dn, mods, {}, context, std::move(done));
    }
    OperationId remove(const LdapDn &dn, QObject *context, Callback<LdapWriteResult> done)
    {
        return remove(dn, {}, context, std::move(done));
    }

    // Abandons an operation; its callback is not called.
    void cancel(OperationId id);
    // Operations sent or waiting to be sent.
    [[nodiscard]] int pendingOperations() const;

Q_SIGNALS:
    void stateChanged(Isp::Core::LdapConnection::State state);
    void connected(const QString &uri);
    // An established connection broke (a reconnect follows when autoReconnect is set).
    void connectionLost(const Isp::Core::LdapError &error);
    // One round over every URI failed; `willRetry` tells whether another round is scheduled.
    void connectFailed(const Isp::Core::LdapError &error, bool willRetry);

private:
    friend class LdapSyncConsumer;
    struct Pending;
    struct Handle;
    enum class Step { More, Done, Resend };

    // The primitive every operation is built on. `send` issues the request on the handle and
    // stores the message id; `onMessage` handles each reply (entries, intermediates, result);
    // `onFailure` is told when the operation cannot complete (connection lost, timeout...).
    OperationId start(const QString &what, QObject *context, std::function<int(ldap *ld, int *msgid)> send,
                      std::function<Step(ldap *ld, ldapmsg *msg)> onMessage,
                      std::function<void(const LdapError &)> onFailure, bool persistent = false);

    void beginConnect();
    void adoptHandle(std::shared_ptr<Handle> handle, const QString &uri, quint64 attempt);
    void handshakeFailed(const LdapError &error, quint64 attempt);
    void scheduleReconnect();
    void dropConnection(const LdapError &error);
    void sendWaiting();
    bool sendOne(const std::shared_ptr<Pending> &op);
    void drain();
    void sweepTimeouts();
    void failAll(const LdapError &error, bool includeWaiting);
    void setState(State state);
    void updateSweepTimer();

    LdapConnectionSettings m_settings;
    State m_state = State::Disconnected;
    QString m_currentUri;
    ldap *m_ld = nullptr;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_sweepTimer = nullptr;
    std::chrono::milliseconds m_backoff{0};
    quint64 m_attempt = 0;
    OperationId m_nextId = 1;
    bool m_wanted = false; // open() called and not closed since
    QList<std::shared_ptr<Pending>> m_waiting;
    QHash<int, std::shared_ptr<Pending>> m_inflight; // by message id
};

} // namespace Isp::Core
