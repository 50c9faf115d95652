#include "core/ldap/ldapconnection.h"

#include "core/ldap/ldapinternal_p.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <map>

namespace Isp::Core {

using namespace LdapInternal;

// An operation: how to send it, how to read its replies, whom to tell when it fails.
struct LdapConnection::Pending
{
    OperationId id = 0;
    QString what;
    QPointer<QObject> context;
    bool hasContext = false;
    std::function<int(ldap *, int *)> send;
    std::function<Step(ldap *, ldapmsg *)> onMessage;
    std::function<void(const LdapError &)> onFailure;
    int msgid = -1;
    bool persistent = false; // long-running (sync): no inactivity timeout
    QDeadlineTimer deadline;
    [[nodiscard]] bool contextGone() const { return hasContext && !context; }
};

// A bound libldap handle travelling from the worker thread; unbound unless adopted.
struct LdapConnection::Handle
{
    LDAP *ld = nullptr;
    ~Handle()
    {
        if (ld)
            ldap_unbind_ext(ld, nullptr, nullptr);
    }
};

namespace {

void initLibraryOnce()
{
    // libldap initialises its global options on first use; do it here, on the caller's thread,
    // before any worker thread calls ldap_initialize concurrently.
    static const bool done = [] {
        int version = 0;
        ldap_get_option(nullptr, LDAP_OPT_PROTOCOL_VERSION, &version);
        return true;
    }();
    Q_UNUSED(done);
}

timeval toTimeval(std::chrono::milliseconds ms)
{
    timeval tv;
    tv.tv_sec = time_t(ms.count() / 1000);
    tv.tv_usec = suseconds_t((ms.count() % 1000) * 1000);
    return tv;
}

// Connect, StartTLS and bind to one URI. Runs on a worker thread; blocking by nature.
LDAP *handshake(const QString &uri, const LdapConnectionSettings &s, LdapError *error)
{
    LDAP *ld = nullptr;
    int rc = ldap_initialize(&ld, uri.toUtf8().constData());
    if (rc != LDAP_SUCCESS || !ld) {
        *error = LdapError::fromCode(rc == LDAP_SUCCESS ? LDAP_PARAM_ERROR : rc, QStringLiteral("connect %1").arg(uri),
                                     QStringLiteral("not a usable LDAP URI"));
        return nullptr;
    }
    const int version = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_option(ld, LDAP_OPT_RESTART, LDAP_OPT_ON);
    const timeval tv = toTimeval(s.connectTimeout);
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
    int keepIdle = 30, keepProbes = 3, keepInterval = 10;
    ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_IDLE, &keepIdle);
    ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_PROBES, &keepProbes);
    ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_INTERVAL, &keepInterval);
    const bool tls = s.startTls || uri.startsWith(QLatin1String("ldaps:"), Qt::CaseInsensitive);
    if (tls) {
        if (!s.caCertificateFile.isEmpty())
            ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, s.caCertificateFile.toUtf8().constData());
        const int require = s.requireCertificate ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
        ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require);
        const int newCtx = 0;
        ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &newCtx);
    }
    auto fail = [&](int code, const QString &what) {
        *error = handleError(ld, code, what);
        ldap_unbind_ext(ld, nullptr, nullptr);
        return nullptr;
    };
    if (s.startTls && !uri.startsWith(QLatin1String("ldaps:"), Qt::CaseInsensitive)) {
        // Connect first, so that an unreachable server (retryable) is told apart from a TLS
        // failure (certificate not trusted, no TLS on the server: terminal).
        rc = ldap_connect(ld);
        if (rc != LDAP_SUCCESS)
            return fail(rc, QStringLiteral("connect %1").arg(uri));
        rc = ldap_start_tls_s(ld, nullptr, nullptr);
        if (rc != LDAP_SUCCESS) {
            fail(rc, QStringLiteral("StartTLS %1").arg(uri));
            if (rc != LDAP_SERVER_DOWN)
                error->setRetryable(false);
            return nullptr;
        }
    }
    switch (s.bindMethod) {
    case LdapConnectionSettings::BindMethod::Anonymous:
        rc = ldap_connect(ld);
        if (rc != LDAP_SUCCESS)
            return fail(rc, QStringLiteral("connect %1").arg(uri));
        break;
    case LdapConnectionSettings::BindMethod::Simple: {
        QByteArray dn = s.bindDn.toUtf8();
        QByteArray pw = s.password;
        berval cred{ber_len_t(pw.size()), pw.data()};
        rc = ldap_sasl_bind_s(ld, dn.constData(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, nullptr);
        if (rc != LDAP_SUCCESS)
            return fail(rc, QStringLiteral("bind as %1 to %2").arg(s.bindDn, uri));
        break;
    }
    case LdapConnectionSettings::BindMethod::SaslExternal: {
        // An empty initial response (not an absent one), or the server asks for another round.
        char none[] = "";
        berval empty{0, none};
        rc = ldap_sasl_bind_s(ld, nullptr, "EXTERNAL", &empty, nullptr, nullptr, nullptr);
        if (rc != LDAP_SUCCESS)
            return fail(rc, QStringLiteral("SASL EXTERNAL bind to %1").arg(uri));
        break;
    }
    }
    return ld;
}

} // namespace

LdapConnection::LdapConnection(LdapConnectionSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings))
{
    initLibraryOnce();
    qRegisterMetaType<Isp::Core::LdapError>();
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &LdapConnection::beginConnect);
    m_sweepTimer = new QTimer(this);
    m_sweepTimer->setInterval(200);
    connect(m_sweepTimer, &QTimer::timeout, this, &LdapConnection::sweepTimeouts);
}

LdapConnection::~LdapConnection()
{
    m_wanted = false;
    ++m_attempt; // a handshake still running unbinds its own handle
    delete m_notifier;
    m_notifier = nullptr;
    if (m_ld)
        ldap_unbind_ext(m_ld, nullptr, nullptr);
    m_ld = nullptr;
    // Pending callbacks are dropped: their owner is going away with us.
}

void LdapConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void LdapConnection::open()
{
    m_wanted = true;
    if (m_state != State::Disconnected)
        return;
    m_backoff = std::chrono::milliseconds(0);
    beginConnect();
}

void LdapConnection::close()
{
    m_wanted = false;
    ++m_attempt;
    m_reconnectTimer->stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_ld)
        ldap_unbind_ext(m_ld, nullptr, nullptr);
    m_ld = nullptr;
    m_currentUri.clear();
    setState(State::Disconnected);
    failAll(LdapError::client(LDAP_USER_CANCELLED, QStringLiteral("connection closed")), true);
}

void LdapConnection::beginConnect()
{
    if (!m_wanted || m_state == State::Connected)
        return;
    if (m_settings.uris.isEmpty()) {
        const LdapError err = LdapError::client(LDAP_PARAM_ERROR, QStringLiteral("no LDAP URI configured"));
        setState(State::Disconnected);
        Q_EMIT connectFailed(err, false);
        failAll(err, true);
        return;
    }
    setState(State::Connecting);
    const quint64 attempt = ++m_attempt;
    const LdapConnectionSettings settings = m_settings;
    QPointer<LdapConnection> self(this);
    QThread *worker = QThread::create([self, settings, attempt] {
        LdapError lastError;
        QStringList failures;
        for (const QString &uri : settings.uris) {
            LdapError error;
            LDAP *ld = handshake(uri, settings, &error);
            if (ld) {
                auto handle = std::make_shared<Handle>();
                handle->ld = ld;
                QMetaObject::invokeMethod(
                    self.data(), [self, handle, uri, attempt] {
                        if (self)
                            self->adoptHandle(handle, uri, attempt);
                    },
                    Qt::QueuedConnection);
                return; // if `self` is gone, the queued call is dropped and the handle unbinds
            }
            failures << error.toString();
            lastError = error;
            if (!error.isRetryable())
                break; // bad credentials etc.: the next server would say the same
        }
        if (failures.size() > 1)
            lastError.setContext(failures.join(QStringLiteral("; ")));
        QMetaObject::invokeMethod(
            self.data(), [self, lastError, attempt] {
                if (self)
                    self->handshakeFailed(lastError, attempt);
            },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void LdapConnection::adoptHandle(std::shared_ptr<Handle> handle, const QString &uri, quint64 attempt)
{
    if (attempt != m_attempt || !m_wanted)
        return; // stale: closed or restarted meanwhile; the handle unbinds itself
    int fd = -1;
    if (ldap_get_option(handle->ld, LDAP_OPT_DESC, &fd) != LDAP_OPT_SUCCESS || fd < 0) {
        handshakeFailed(LdapError::fromCode(LDAP_SERVER_DOWN, QStringLiteral("connect %1").arg(uri),
                                            QStringLiteral("no socket after bind")),
                        attempt);
        return;
    }
    m_ld = handle->ld;
    handle->ld = nullptr;
    m_currentUri = uri;
    m_backoff = std::chrono::milliseconds(0);
    m_notifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &LdapConnection::drain);
    setState(State::Connected);
    qCDebug(lcLdap) << "connected to" << uri;
    Q_EMIT connected(uri);
    sendWaiting();
    // The bind reply may have pulled later data into libldap's buffer already.
    QTimer::singleShot(0, this, &LdapConnection::drain);
}

void LdapConnection::handshakeFailed(const LdapError &error, quint64 attempt)
{
    if (attempt != m_attempt)
        return;
    const bool retry = m_wanted && m_settings.autoReconnect && error.isRetryable();
    qCInfo(lcLdap).noquote() << "connect failed:" << error.toString() << (retry ? "(will retry)" : "");
    setState(State::Disconnected);
    Q_EMIT connectFailed(error, retry);
    if (retry) {
        scheduleReconnect();
    } else {
        failAll(error, true);
    }
}

void LdapConnection::scheduleReconnect()
{
    using namespace std::chrono;
    m_backoff = m_backoff.count() == 0 ? m_settings.initialBackoff : std::min(m_backoff * 2, m_settings.maxBackoff);
    m_reconnectTimer->start(m_backoff);
    updateSweepTimer();
}

void LdapConnection::dropConnection(const LdapError &error)
{
    qCInfo(lcLdap).noquote() << "connection to" << m_currentUri << "lost:" << error.toString();
    delete m_notifier; // before unbind: unbind closes the descriptor the notifier watches
    m_notifier = nullptr;
    if (m_ld)
        ldap_unbind_ext(m_ld, nullptr, nullptr);
    m_ld = nullptr;
    m_currentUri.clear();
    setState(State::Disconnected);
    failAll(error, false);
    Q_EMIT connectionLost(error);
    if (m_wanted && m_settings.autoReconnect) {
        m_backoff = std::chrono::milliseconds(0);
        scheduleReconnect();
    } else {
        failAll(error, true);
    }
}

LdapConnection::OperationId LdapConnection::start(const QString &what, QObject *context,
                                                  std::function<int(ldap *, int *)> send,
                                                  std::function<Step(ldap *, ldapmsg *)> onMessage,
                                                  std::function<void(const LdapError &)> onFailure, bool persistent)
{
    auto op = std::make_shared<Pending>();
    op->id = m_nextId++;
    op->what = what;
    op->context = context;
    op->hasContext = context != nullptr;
    op->send = std::move(send);
    op->onMessage = std::move(onMessage);
    op->onFailure = std::move(onFailure);
    op->persistent = persistent;
    op->deadline = QDeadlineTimer(m_settings.operationTimeout);
    m_waiting.append(op);
    if (m_state == State::Connected) {
        sendWaiting();
    } else if (m_state == State::Disconnected && !m_wanted) {
        open();
    }
    updateSweepTimer();
    return op->id;
}

void LdapConnection::sendWaiting()
{
    while (m_state == State::Connected && !m_waiting.isEmpty()
           && m_inflight.size() < std::max(1, m_settings.maxOutstanding)) {
        auto op = m_waiting.takeFirst();
        if (!sendOne(op))
            return;
    }
}

bool LdapConnection::sendOne(const std::shared_ptr<Pending> &op)
{
    if (op->contextGone())
        return true;
    int msgid = -1;
    const int rc = op->send(m_ld, &msgid);
    if (rc == LDAP_SUCCESS) {
        op->msgid = msgid;
        op->deadline = QDeadlineTimer(m_settings.operationTimeout);
        m_inflight.insert(msgid, op);
        return true;
    }
    if (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR) {
        // Never reached the server: keep it for the next connection.
        m_waiting.prepend(op);
        dropConnection(handleError(m_ld, rc, op->what));
        return false;
    }
    const LdapError error = handleError(m_ld, rc, op->what);
    op->onFailure(error);
    return true;
}

void LdapConnection::drain()
{
    QPointer<LdapConnection> self(this);
    timeval zero{0, 0};
    while (self && m_ld) {
        LDAPMessage *msg = nullptr;
        const int type = ldap_result(m_ld, LDAP_RES_ANY, LDAP_MSG_ONE, &zero, &msg);
        if (type == 0)
            return;
        if (type < 0) {
            int code = LDAP_SERVER_DOWN;
            ldap_get_option(m_ld, LDAP_OPT_RESULT_CODE, &code);
            if (msg)
                ldap_msgfree(msg);
            dropConnection(handleError(m_ld, code == LDAP_SUCCESS ? LDAP_SERVER_DOWN : code,
                                       QStringLiteral("read from %1").arg(m_currentUri)));
            return;
        }
        const int msgid = ldap_msgid(msg);
        if (msgid == 0) {
            // Unsolicited notification: in practice the server's notice of disconnection.
            ldap_msgfree(msg);
            dropConnection(LdapError::fromCode(LDAP_SERVER_DOWN, QStringLiteral("read from %1").arg(m_currentUri),
                                               QStringLiteral("the server ended the session")));
            return;
        }
        const auto it = m_inflight.constFind(msgid);
        if (it == m_inflight.cend()) {
            ldap_msgfree(msg); // abandoned or cancelled
            continue;
        }
        const std::shared_ptr<Pending> op = it.value();
        op->deadline = QDeadlineTimer(m_settings.operationTimeout);
        if (op->contextGone()) {
            m_inflight.remove(msgid);
            ldap_abandon_ext(m_ld, msgid, nullptr, nullptr);
            ldap_msgfree(msg);
            continue;
        }
        const Step step = op->onMessage(m_ld, msg);
        ldap_msgfree(msg);
        if (!self)
            return;
        if (step == Step::More)
            continue;
        m_inflight.remove(msgid);
        if (step == Step::Resend && m_ld)
            sendOne(op);
        else
            sendWaiting();
    }
    updateSweepTimer();
}

void LdapConnection::sweepTimeouts()
{
    QList<std::shared_ptr<Pending>> expired;
    for (auto it = m_inflight.begin(); it != m_inflight.end();) {
        if (!it.value()->persistent && it.value()->deadline.hasExpired()) {
            expired << it.value();
            if (m_ld)
                ldap_abandon_ext(m_ld, it.key(), nullptr, nullptr);
            it = m_inflight.erase(it);
        } else {
            ++it;
        }
    }
    // Waiting while connected is flow control, not a stall: only waiting for a connection expires.
    for (auto it = m_waiting.begin(); m_state != State::Connected && it != m_waiting.end();) {
        if (!(*it)->persistent && (*it)->deadline.hasExpired()) {
            expired << *it;
            it = m_waiting.erase(it);
        } else {
            ++it;
        }
    }
    QPointer<LdapConnection> self(this);
    for (const auto &op : std::as_const(expired)) {
        op->onFailure(LdapError::fromCode(LDAP_TIMEOUT, op->what,
                                          QStringLiteral("no answer within %1 ms").arg(m_settings.operationTimeout.count())));
        if (!self)
            return;
    }
    updateSweepTimer();
}

void LdapConnection::updateSweepTimer()
{
    // Only operations that can time out need the sweep: not a long-running sync search.
    const auto timed = [](const std::shared_ptr<Pending> &op) { return !op->persistent; };
    const bool needed = std::any_of(m_inflight.cbegin(), m_inflight.cend(), timed)
                        || std::any_of(m_waiting.cbegin(), m_waiting.cend(), timed);
    if (needed && !m_sweepTimer->isActive())
        m_sweepTimer->start();
    else if (!needed && m_sweepTimer->isActive())
        m_sweepTimer->stop();
}

void LdapConnection::failAll(const LdapError &error, bool includeWaiting)
{
    QList<std::shared_ptr<Pending>> victims = m_inflight.values();
    m_inflight.clear();
    if (includeWaiting) {
        victims << m_waiting;
        m_waiting.clear();
    }
    std::sort(victims.begin(), victims.end(), [](const auto &a, const auto &b) { return a->id < b->id; });
    QPointer<LdapConnection> self(this);
    for (const auto &op : std::as_const(victims)) {
        LdapError e = error;
        // "whoami (StartTLS ldap://...)": what was asked, and what failed underneath.
        e.setContext(error.context().isEmpty() || error.context() == op->what
                         ? op->what
                         : op->what + QStringLiteral(" (") + error.context() + QLatin1Char(')'));
        op->onFailure(e);
        if (!self)
            return;
    }
    updateSweepTimer();
}

void LdapConnection::cancel(OperationId id)
{
    for (auto it = m_inflight.begin(); it != m_inflight.end(); ++it) {
        if (it.value()->id == id) {
            if (m_ld)
                ldap_abandon_ext(m_ld, it.key(), nullptr, nullptr);
            m_inflight.erase(it);
            updateSweepTimer();
            return;
        }
    }
    m_waiting.removeIf([id](const auto &op) { return op->id == id; });
    updateSweepTimer();
}

int LdapConnection::pendingOperations() const
{
    return int(m_inflight.size() + m_waiting.size());
}

// ---- operations -------------------------------------------------------------------------

namespace {

template<typename T>
std::function<void(Result<T>)> guarded(QObject *context, std::function<void(Result<T>)> done)
{
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    return [ctx, hasContext, done = std::move(done)](Result<T> r) {
        if (hasContext && !ctx)
            return;
        if (done)
            done(std::move(r));
    };
}

int scopeOf(LdapScope s)
{
    switch (s) {
    case LdapScope::Base: return LDAP_SCOPE_BASE;
    case LdapScope::OneLevel: return LDAP_SCOPE_ONELEVEL;
    case LdapScope::Subtree: return LDAP_SCOPE_SUBTREE;
    }
    return LDAP_SCOPE_SUBTREE;
}

LdapError resultError(const ParsedResult &r, const QString &what)
{
    return LdapError::fromCode(r.code, what, r.diagnostic, r.matchedDn);
}

// The write result of an add/modify/delete/rename reply: error or pre/post-read entries.
Result<LdapWriteResult> writeResult(LDAP *ld, LDAPMessage *msg, const QString &what)
{
    ParsedResult r;
    if (!parseResult(ld, msg, r) || r.code != LDAP_SUCCESS)
        return resultError(r, what);
    LdapWriteResult out;
    if (r.controls) {
        if (LDAPControl *c = ldap_control_find(LDAP_CONTROL_PRE_READ, r.controls, nullptr))
            out.preRead = parseReadControl(c->ldctl_value);
        if (LDAPControl *c = ldap_control_find(LDAP_CONTROL_POST_READ, r.controls, nullptr))
            out.postRead = parseReadControl(c->ldctl_value);
    }
    return out;
}

} // namespace

LdapConnection::OperationId LdapConnection::search(const LdapSearchRequest &request, QObject *context,
                                                   Callback<LdapSearchResult> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("search %1 %2").arg(request.base.toString(), request.filter.toString());
    if (!request.filter.isValid()) {
        const LdapError err = LdapError::fromCode(LDAP_FILTER_ERROR, what, request.filter.problem());
        QTimer::singleShot(0, this, [finish, err] { finish(err); });
        return 0;
    }
    struct State
    {
        LdapSearchRequest request;
        LdapSearchResult result;
        QByteArray cookie;
        QList<LdapEntry> page;
    };
    auto st = std::make_shared<State>();
    st->request = request;
    auto send = [st](ldap *ld, int *msgid) {
        ControlList controls;
        if (st->request.pageSize > 0) {
            berval cookie{ber_len_t(st->cookie.size()), st->cookie.data()};
            berval value{0, nullptr};
            // The first page may be smaller, so that its entries are shown sooner.
            const int size = st->cookie.isEmpty() && st->request.firstPageSize > 0 ? st->request.firstPageSize : st->request.pageSize;
            const int rc = ldap_create_page_control_value(ld, ber_int_t(size), &cookie, &value);
            if (rc != LDAP_SUCCESS)
                return rc;
            controls.addAllocated(LDAP_CONTROL_PAGEDRESULTS, value, true);
        }
        const QByteArray base = st->request.base.toString().toUtf8();
        const QByteArray filter = st->request.filter.toByteArray();
        CStringArray attrs(st->request.attributes);
        timeval tl = toTimeval(std::chrono::duration_cast<std::chrono::milliseconds>(st->request.timeLimit));
        return ldap_search_ext(ld, base.constData(), scopeOf(st->request.scope), filter.constData(), attrs.data(),
                               st->request.typesOnly ? 1 : 0, controls.array(), nullptr,
                               st->request.timeLimit.count() > 0 ? &tl : nullptr, st->request.sizeLimit, msgid);
    };
    auto onMessage = [st, finish, what](ldap *ld, ldapmsg *msg) -> Step {
        switch (ldap_msgtype(msg)) {
        case LDAP_RES_SEARCH_ENTRY: {
            LdapError error;
            auto entry = parseEntry(ld, msg, &error);
            if (!entry) {
                qCWarning(lcLdap).noquote() << what << "skipped an undecodable entry:" << error.toString();
                return Step::More;
            }
            ++st->result.entryCount;
            if (st->request.onPage)
                st->page.append(std::move(*entry));
            else if (!st->request.discardEntries)
                st->result.entries.append(std::move(*entry));
            return Step::More;
        }
        case LDAP_RES_SEARCH_REFERENCE: {
            char **refs = nullptr;
            if (ldap_parse_reference(ld, msg, &refs, nullptr, 0) == LDAP_SUCCESS && refs) {
                for (int i = 0; refs[i]; ++i)
                    st->result.referrals << QString::fromUtf8(refs[i]);
                ldap_memvfree(reinterpret_cast<void **>(refs));
            }
            return Step::More;
        }
        case LDAP_RES_SEARCH_RESULT: {
            ParsedResult r;
            parseResult(ld, msg, r);
            ++st->result.pages;
            if (st->request.onPage) {
                const bool more = st->request.onPage(st->page);
                if (!st->request.discardEntries)
                    st->result.entries.append(st->page);
                st->page.clear();
                if (!more) {
                    st->result.complete = false;
                    if (r.code == LDAP_SUCCESS) {
                        finish(std::move(st->result));
                        return Step::Done;
                    }
                }
            }
            if (r.code != LDAP_SUCCESS) {
                finish(resultError(r, what));
                return Step::Done;
            }
            if (st->request.pageSize > 0 && st->result.complete) {
                LDAPControl *c = r.controls ? ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, r.controls, nullptr) : nullptr;
                berval cookie{0, nullptr};
                ber_int_t estimate = 0;
                if (c && ldap_parse_pageresponse_control(ld, c, &estimate, &cookie) == LDAP_SUCCESS) {
                    st->cookie = QByteArray(cookie.bv_val, qsizetype(cookie.bv_len));
                    ber_memfree(cookie.bv_val);
                    if (!st->cookie.isEmpty())
                        return Step::Resend;
                }
            }
            finish(std::move(st->result));
            return Step::Done;
        }
        default:
            return Step::More;
        }
    };
    return start(what, context, send, onMessage, [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::add(const LdapEntry &entry, const LdapWriteOptions &options,
                                                QObject *context, Callback<LdapWriteResult> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("add %1").arg(entry.dn().toString());
    auto send = [entry, options](ldap *ld, int *msgid) {
        ControlList controls;
        if (auto err = addWriteControls(ld, options, controls))
            return err->code();
        ModList mods(entry);
        const QByteArray dn = entry.dn().toString().toUtf8();
        return ldap_add_ext(ld, dn.constData(), mods.data(), controls.array(), nullptr, msgid);
    };
    return start(
        what, context, send,
        [finish, what](ldap *ld, ldapmsg *msg) {
            finish(writeResult(ld, msg, what));
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::modify(const LdapDn &dn, const QList<LdapModification> &mods,
                                                   const LdapWriteOptions &options, QObject *context,
                                                   Callback<LdapWriteResult> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("modify %1").arg(dn.toString());
    auto send = [dn, mods, options](ldap *ld, int *msgid) {
        ControlList controls;
        if (auto err = addWriteControls(ld, options, controls))
            return err->code();
        ModList list(mods);
        const QByteArray dnText = dn.toString().toUtf8();
        return ldap_modify_ext(ld, dnText.constData(), list.data(), controls.array(), nullptr, msgid);
    };
    return start(
        what, context, send,
        [finish, what](ldap *ld, ldapmsg *msg) {
            finish(writeResult(ld, msg, what));
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::remove(const LdapDn &dn, const LdapWriteOptions &options,
                                                   QObject *context, Callback<LdapWriteResult> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("delete %1").arg(dn.toString());
    auto send = [dn, options](ldap *ld, int *msgid) {
        ControlList controls;
        if (auto err = addWriteControls(ld, options, controls))
            return err->code();
        const QByteArray dnText = dn.toString().toUtf8();
        return ldap_delete_ext(ld, dnText.constData(), controls.array(), nullptr, msgid);
    };
    return start(
        what, context, send,
        [finish, what](ldap *ld, ldapmsg *msg) {
            finish(writeResult(ld, msg, what));
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::removeTree(const LdapDn &dn, QObject *context, Callback<int> done)
{
    auto finish = guarded(context, std::move(done));
    LdapSearchRequest request;
    request.base = dn;
    request.scope = LdapScope::Subtree;
    request.attributes = QStringList{QStringLiteral("1.1")};
    request.pageSize = 1000;
    QPointer<LdapConnection> self(this);
    QPointer<QObject> ctx(context);
    return search(request, context, [self, finish, dn](Result<LdapSearchResult> found) {
        if (!self)
            return;
        if (!found.ok()) {
            finish(found.error());
            return;
        }
        // Group by depth and delete the deepest level first; a level's deletes are pipelined.
        auto levels = std::make_shared<std::map<qsizetype, QList<LdapDn>, std::greater<>>>();
        for (const LdapEntry &e : found->entries)
            (*levels)[e.dn().depth()].append(e.dn());
        auto deleted = std::make_shared<int>(0);
        auto step = std::make_shared<std::function<void()>>();
        QPointer<LdapConnection> conn = self;
        *step = [conn, levels, deleted, finish, step]() {
            if (!conn)
                return;
            if (levels->empty()) {
                finish(*deleted);
                *step = nullptr; // break the self-reference
                return;
            }
            const QList<LdapDn> level = levels->begin()->second;
            levels->erase(levels->begin());
            auto outstanding = std::make_shared<qsizetype>(level.size());
            auto failed = std::make_shared<std::optional<LdapError>>();
            for (const LdapDn &d : level) {
                conn->remove(d, nullptr, [outstanding, failed, deleted, finish, step](Result<LdapWriteResult> r) {
                    if (r.ok())
                        ++*deleted;
                    else if (!*failed && r.error().code() != LDAP_NO_SUCH_OBJECT)
                        *failed = r.error();
                    if (--*outstanding > 0)
                        return;
                    if (*failed) {
                        LdapError e = **failed;
                        e.setContext(e.context() + QStringLiteral(" (subtree delete stopped after %1 entries)").arg(*deleted));
                        finish(e);
                        *step = nullptr;
                        return;
                    }
                    (*step)();
                });
            }
        };
        (*step)();
    });
}

LdapConnection::OperationId LdapConnection::rename(const LdapDn &dn, const LdapRdn &newRdn,
                                                   const std::optional<LdapDn> &newParent, bool deleteOldRdn,
                                                   QObject *context, Callback<LdapDn> done)
{
    auto finish = guarded(context, std::move(done));
    const LdapDn target = (newParent ? *newParent : dn.parent()).child(newRdn);
    const QString what = QStringLiteral("rename %1 to %2").arg(dn.toString(), target.toString());
    auto send = [dn, target, newParent, deleteOldRdn](ldap *ld, int *msgid) {
        const QByteArray dnText = dn.toString().toUtf8();
        // The new RDN as the first component of the target DN, escaped the same way.
        const QByteArray rdnText = LdapDn(QList<LdapRdn>{target.rdn()}).toString().toUtf8();
        const QByteArray parent = newParent ? newParent->toString().toUtf8() : QByteArray();
        return ldap_rename(ld, dnText.constData(), rdnText.constData(), newParent ? parent.constData() : nullptr,
                           deleteOldRdn ? 1 : 0, nullptr, nullptr, msgid);
    };
    return start(
        what, context, send,
        [finish, what, target](ldap *ld, ldapmsg *msg) {
            auto r = writeResult(ld, msg, what);
            if (r.ok())
                finish(target);
            else
                finish(r.error());
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::compare(const LdapDn &dn, const QString &attribute,
                                                    const QByteArray &value, QObject *context, Callback<bool> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("compare %1 %2").arg(dn.toString(), attribute);
    auto send = [dn, attribute, value](ldap *ld, int *msgid) {
        const QByteArray dnText = dn.toString().toUtf8();
        const QByteArray attr = attribute.toUtf8();
        QByteArray v = value;
        berval bv{ber_len_t(v.size()), v.data()};
        return ldap_compare_ext(ld, dnText.constData(), attr.constData(), &bv, nullptr, nullptr, msgid);
    };
    return start(
        what, context, send,
        [finish, what](ldap *ld, ldapmsg *msg) {
            ParsedResult r;
            parseResult(ld, msg, r);
            if (r.code == LDAP_COMPARE_TRUE)
                finish(true);
            else if (r.code == LDAP_COMPARE_FALSE)
                finish(false);
            else
                finish(resultError(r, what));
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::whoAmI(QObject *context, Callback<QString> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("whoami");
    auto send = [](ldap *ld, int *msgid) { return ldap_whoami(ld, nullptr, nullptr, msgid); };
    return start(
        what, context, send,
        [finish, what](ldap *ld, ldapmsg *msg) {
            berval *authzid = nullptr;
            const int rc = ldap_parse_whoami(ld, msg, &authzid);
            if (rc != LDAP_SUCCESS) {
                finish(handleError(ld, rc, what));
            } else {
                QString id;
                if (authzid) {
                    id = QString::fromUtf8(authzid->bv_val, qsizetype(authzid->bv_len));
                    ber_bvfree(authzid);
                }
                finish(id);
            }
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

LdapConnection::OperationId LdapConnection::passwordModify(const LdapDn &user,
                                                           const std::optional<QByteArray> &oldPassword,
                                                           const std::optional<QByteArray> &newPassword,
                                                           QObject *context, Callback<QByteArray> done)
{
    auto finish = guarded(context, std::move(done));
    const QString what = QStringLiteral("password modify %1").arg(user.isEmpty() ? QStringLiteral("(self)") : user.toString());
    auto send = [user, oldPassword, newPassword](ldap *ld, int *msgid) {
        QByteArray id = user.toString().toUtf8();
        QByteArray oldPw = oldPassword.value_or(QByteArray());
        QByteArray newPw = newPassword.value_or(QByteArray());
        berval idBv{ber_len_t(id.size()), id.data()};
        berval oldBv{ber_len_t(oldPw.size()), oldPw.data()};
        berval newBv{ber_len_t(newPw.size()), newPw.data()};
        return ldap_passwd(ld, user.isEmpty() ? nullptr : &idBv, oldPassword ? &oldBv : nullptr,
                           newPassword ? &newBv : nullptr, nullptr, nullptr, msgid);
    };
    return start(
        what, context, send,
        [finish, what](ldap *ld, ldapmsg *msg) {
            ParsedResult r;
            parseResult(ld, msg, r);
            if (r.code != LDAP_SUCCESS) {
                finish(resultError(r, what));
                return Step::Done;
            }
            berval generated{0, nullptr};
            QByteArray out;
            if (ldap_parse_passwd(ld, msg, &generated) == LDAP_SUCCESS && generated.bv_val) {
                out = QByteArray(generated.bv_val, qsizetype(generated.bv_len));
                ber_memfree(generated.bv_val);
            }
            finish(out);
            return Step::Done;
        },
        [finish](const LdapError &e) { finish(e); });
}

} // namespace Isp::Core
