#include "core/ldap/ldapsyncconsumer.h"

#include "core/ldap/ldapinternal_p.h"

#include <QPointer>
#include <QUuid>

namespace Isp::Core {

using namespace LdapInternal;

namespace {

// Reads an optional cookie at the current position of `ber`.
void readOptionalCookie(BerElement *ber, QByteArray *cookie)
{
    ber_len_t len = 0;
    if (ber_peek_tag(ber, &len) == LDAP_TAG_SYNC_COOKIE) {
        berval bv{0, nullptr};
        if (ber_scanf(ber, "m", &bv) != LBER_ERROR)
            *cookie = QByteArray(bv.bv_val, qsizetype(bv.bv_len));
    }
}

// Reads an optional BOOLEAN at the current position of `ber`.
bool readOptionalBool(BerElement *ber, bool defaultValue)
{
    ber_len_t len = 0;
    if (ber_peek_tag(ber, &len) == LBER_BOOLEAN) {
        ber_int_t b = 0;
        if (ber_scanf(ber, "b", &b) != LBER_ERROR)
            return b != 0;
    }
    return defaultValue;
}

} // namespace

LdapSyncConsumer::LdapSyncConsumer(LdapConnection *connection, QObject *parent)
    : QObject(parent), m_connection(connection)
{
    qRegisterMetaType<Isp::Core::LdapSyncEvent>();
    connect(m_connection, &LdapConnection::connected, this, &LdapSyncConsumer::onConnected);
}

LdapSyncConsumer::~LdapSyncConsumer()
{
    stop();
}

namespace {

// CSNs look like "20261203141500.123456Z#000000#000#000000": the third field is the server id.
QByteArray serverIdOf(const QByteArray &csn)
{
    const QList<QByteArray> parts = csn.split('#');
    return parts.size() == 4 ? parts.at(2) : QByteArray();
}

} // namespace

bool LdapSyncConsumer::cookieCovers(const QByteArray &cookie, const QList<QByteArray> &contextCsns)
{
    QHash<QByteArray, QByteArray> seen; // server id -> CSN
    const qsizetype at = cookie.indexOf("csn=");
    if (at >= 0) {
        QByteArray csns = cookie.mid(at + 4);
        const qsizetype end = csns.indexOf(',');
        if (end >= 0)
            csns.truncate(end);
        for (const QByteArray &csn : csns.split(';'))
            seen.insert(serverIdOf(csn), csn);
    }
    for (const QByteArray &target : contextCsns) {
        const QByteArray mine = seen.value(serverIdOf(target));
        if (mine.isEmpty() || mine < target)
            return false;
    }
    return true;
}

QString LdapSyncConsumer::uuidToString(const QByteArray &uuid)
{
    if (uuid.size() != 16)
        return QString::fromLatin1(uuid.toHex());
    return QUuid::fromRfc4122(uuid).toString(QUuid::WithoutBraces);
}

void LdapSyncConsumer::start()
{
    if (m_running)
        return;
    m_running = true;
    issue();
}

void LdapSyncConsumer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    if (m_op && m_connection)
        m_connection->cancel(m_op);
    m_op = 0;
}

void LdapSyncConsumer::onConnected()
{
    // A search that failed while the connection was down was re-issued at once and waits in the
    // connection's queue; nothing to do here unless we have no search at all.
    if (m_running && m_op == 0)
        issue();
}

void LdapSyncConsumer::issue()
{
    if (!m_running || !m_connection)
        return;
    const quint64 generation = ++m_generation;
    m_present.clear();
    m_refreshDone = false;
    QPointer<LdapSyncConsumer> self(this);
    auto send = [self](ldap *ld, int *msgid) -> int {
        if (!self)
            return LDAP_USER_CANCELLED;
        const LdapSearchRequest &req = self->m_request;
        if (!req.filter.isValid())
            return LDAP_FILTER_ERROR;
        // The cookie is read when the request is sent, not when it was queued, so a search
        // re-sent after a reconnect resumes from the latest state.
        BerElement *ber = ber_alloc_t(LBER_USE_DER);
        if (!ber)
            return LDAP_NO_MEMORY;
        const int mode = self->m_mode == Mode::RefreshOnly ? LDAP_SYNC_REFRESH_ONLY : LDAP_SYNC_REFRESH_AND_PERSIST;
        QByteArray cookie = self->m_cookie;
        self->m_fullRefresh = cookie.isEmpty();
        self->m_present.clear();
        int rc;
        if (cookie.isEmpty()) {
            rc = ber_printf(ber, "{eb}", ber_int_t(mode), ber_int_t(0));
        } else {
            berval cbv{ber_len_t(cookie.size()), cookie.data()};
            rc = ber_printf(ber, "{eOb}", ber_int_t(mode), &cbv, ber_int_t(0));
        }
        berval value{0, nullptr};
        if (rc == -1 || ber_flatten2(ber, &value, 0) == -1) {
            ber_free(ber, 1);
            return LDAP_ENCODING_ERROR;
        }
        ControlList controls;
        controls.add(LDAP_CONTROL_SYNC, QByteArray(value.bv_val, qsizetype(value.bv_len)), true);
        ber_free(ber, 1);
        const QByteArray base = req.base.toString().toUtf8();
        const QByteArray filter = req.filter.toByteArray();
        QStringList attrs = req.attributes;
        CStringArray attrArray(attrs);
        const int scope = req.scope == LdapScope::Base ? LDAP_SCOPE_BASE
                          : req.scope == LdapScope::OneLevel ? LDAP_SCOPE_ONELEVEL
                                                             : LDAP_SCOPE_SUBTREE;
        return ldap_search_ext(ld, base.constData(), scope, filter.constData(), attrArray.data(), 0, controls.array(),
                               nullptr, nullptr, 0, msgid);
    };
    auto onMessage = [self, generation](ldap *ld, ldapmsg *msg) {
        if (!self || generation != self->m_generation)
            return LdapConnection::Step::Done;
        return self->handle(ld, msg);
    };
    auto onFailure = [self, generation](const LdapError &error) {
        if (self && generation == self->m_generation)
            self->onFailure(error);
    };
    const QString what = QStringLiteral("sync %1 %2").arg(m_request.base.toString(), m_request.filter.toString());
    m_op = m_connection->start(what, this, send, onMessage, onFailure, m_mode == Mode::RefreshAndPersist);
}

LdapConnection::Step LdapSyncConsumer::handle(ldap *ld, ldapmsg *msg)
{
    switch (ldap_msgtype(msg)) {
    case LDAP_RES_SEARCH_ENTRY:
        handleEntry(ld, msg);
        return LdapConnection::Step::More;
    case LDAP_RES_INTERMEDIATE:
        handleIntermediate(ld, msg);
        return LdapConnection::Step::More;
    case LDAP_RES_SEARCH_RESULT:
        return handleDone(ld, msg);
    default:
        return LdapConnection::Step::More;
    }
}

void LdapSyncConsumer::handleEntry(ldap *ld, ldapmsg *msg)
{
    LDAPControl **ctrls = nullptr;
    if (ldap_get_entry_controls(ld, msg, &ctrls) != LDAP_SUCCESS || !ctrls) {
        qCWarning(lcLdap) << "sync entry without a sync state control: ignored";
        return;
    }
    LDAPControl *state = ldap_control_find(LDAP_CONTROL_SYNC_STATE, ctrls, nullptr);
    if (!state) {
        ldap_controls_free(ctrls);
        qCWarning(lcLdap) << "sync entry without a sync state control: ignored";
        return;
    }
    BerElement *ber = ber_init(&state->ldctl_value);
    ber_int_t st = -1;
    berval uuidBv{0, nullptr};
    QByteArray uuid;
    QByteArray cookie;
    if (ber && ber_scanf(ber, "{em", &st, &uuidBv) != LBER_ERROR) {
        uuid = QByteArray(uuidBv.bv_val, qsizetype(uuidBv.bv_len));
        readOptionalCookie(ber, &cookie);
    }
    if (ber)
        ber_free(ber, 1);
    ldap_controls_free(ctrls);
    if (uuid.isEmpty()) {
        qCWarning(lcLdap) << "undecodable sync state control: ignored";
        return;
    }
    LdapError error;
    auto entry = parseEntry(ld, msg, &error);
    switch (st) {
    case LDAP_SYNC_PRESENT:
        markPresent(uuid);
        if (entry && !m_known.contains(uuid))
            m_known.insert(uuid, entry->dn());
        break;
    case LDAP_SYNC_ADD:
    case LDAP_SYNC_MODIFY:
        markPresent(uuid);
        if (entry)
            emitEntry(uuid, st, *entry);
        break;
    case LDAP_SYNC_DELETE:
        emitDeleted(uuid, entry ? entry->dn() : LdapDn());
        break;
    default:
        break;
    }
    if (!cookie.isEmpty())
        updateCookie(cookie);
}

void LdapSyncConsumer::handleIntermediate(ldap *ld, ldapmsg *msg)
{
    char *oid = nullptr;
    berval *data = nullptr;
    if (ldap_parse_intermediate(ld, msg, &oid, &data, nullptr, 0) != LDAP_SUCCESS)
        return;
    const bool isSyncInfo = oid && qstrcmp(oid, LDAP_SYNC_INFO) == 0;
    if (oid)
        ldap_memfree(oid);
    if (!isSyncInfo || !data) {
        if (data)
            ber_bvfree(data);
        return;
    }
    BerElement *ber = ber_init(data);
    ber_len_t len = 0;
    const ber_tag_t tag = ber ? ber_peek_tag(ber, &len) : LBER_ERROR;
    QByteArray cookie;
    switch (tag) {
    case LDAP_TAG_SYNC_NEW_COOKIE: {
        berval bv{0, nullptr};
        if (ber_scanf(ber, "m", &bv) != LBER_ERROR)
            cookie = QByteArray(bv.bv_val, qsizetype(bv.bv_len));
        break;
    }
    case LDAP_TAG_SYNC_REFRESH_DELETE:
    case LDAP_TAG_SYNC_REFRESH_PRESENT: {
        if (ber_scanf(ber, "{" /*}*/) == LBER_ERROR)
            break;
        readOptionalCookie(ber, &cookie);
        const bool refreshDone = readOptionalBool(ber, true);
        qCDebug(lcLdap) << (tag == LDAP_TAG_SYNC_REFRESH_PRESENT ? "end of present phase" : "end of delete phase")
                        << "refreshDone" << refreshDone << "present" << m_present.size() << "known" << m_known.size();
        if (tag == LDAP_TAG_SYNC_REFRESH_PRESENT)
            sweepAbsent(); // end of a present phase: whatever was not present is gone
        if (!m_fullRefresh)
            m_present.clear();
        if (refreshDone) {
            if (!cookie.isEmpty())
                updateCookie(cookie);
            cookie.clear();
            finishRefresh();
        }
        break;
    }
    case LDAP_TAG_SYNC_ID_SET: {
        if (ber_scanf(ber, "{" /*}*/) == LBER_ERROR)
            break;
        readOptionalCookie(ber, &cookie);
        const bool refreshDeletes = readOptionalBool(ber, false);
        qCDebug(lcLdap) << "syncIdSet" << (refreshDeletes ? "deletes" : "presents");
        BerVarray uuids = nullptr;
        if (ber_scanf(ber, "[W]", &uuids) != LBER_ERROR && uuids) {
            for (int i = 0; uuids[i].bv_val; ++i) {
                const QByteArray uuid(uuids[i].bv_val, qsizetype(uuids[i].bv_len));
                if (refreshDeletes)
                    emitDeleted(uuid, LdapDn());
                else
                    markPresent(uuid);
            }
            ber_bvarray_free(uuids);
        }
        break;
    }
    default:
        qCWarning(lcLdap) << "unknown sync info message tag" << Qt::hex << tag;
        break;
    }
    if (ber)
        ber_free(ber, 1);
    ber_bvfree(data);
    if (!cookie.isEmpty())
        updateCookie(cookie);
}

LdapConnection::Step LdapSyncConsumer::handleDone(ldap *ld, ldapmsg *msg)
{
    ParsedResult r;
    parseResult(ld, msg, r);
    m_op = 0;
    if (r.code == LDAP_SYNC_REFRESH_REQUIRED) {
        qCInfo(lcLdap) << "server requires a full refresh";
        m_cookie.clear();
        Q_EMIT refreshRequired();
        if (m_running)
            QMetaObject::invokeMethod(this, &LdapSyncConsumer::issue, Qt::QueuedConnection);
        return LdapConnection::Step::Done;
    }
    if (r.code != LDAP_SUCCESS) {
        onFailure(LdapError::fromCode(r.code, QStringLiteral("sync %1").arg(m_request.base.toString()), r.diagnostic,
                                      r.matchedDn));
        return LdapConnection::Step::Done;
    }
    QByteArray cookie;
    bool refreshDeletes = false;
    if (LDAPControl *c = r.controls ? ldap_control_find(LDAP_CONTROL_SYNC_DONE, r.controls, nullptr) : nullptr) {
        BerElement *ber = ber_init(&c->ldctl_value);
        if (ber && ber_scanf(ber, "{" /*}*/) != LBER_ERROR) {
            readOptionalCookie(ber, &cookie);
            refreshDeletes = readOptionalBool(ber, false);
        }
        if (ber)
            ber_free(ber, 1);
    }
    if (!refreshDeletes)
        sweepAbsent();
    if (!cookie.isEmpty())
        updateCookie(cookie);
    if (!m_refreshDone)
        finishRefresh();
    if (m_mode == Mode::RefreshOnly) {
        m_running = false;
        Q_EMIT finished();
    } else if (m_running) {
        // The server ended a persistent search: follow on.
        QMetaObject::invokeMethod(this, &LdapSyncConsumer::issue, Qt::QueuedConnection);
    }
    return LdapConnection::Step::Done;
}

void LdapSyncConsumer::emitEntry(const QByteArray &uuid, int state, const LdapEntry &entry)
{
    const auto it = m_known.constFind(uuid);
    const bool known = it != m_known.cend();
    LdapSyncEvent event;
    event.type = known || state == LDAP_SYNC_MODIFY ? LdapSyncEvent::Type::Modified : LdapSyncEvent::Type::Added;
    event.uuid = uuid;
    event.dn = entry.dn();
    event.entry = entry;
    m_known.insert(uuid, entry.dn());
    Q_EMIT changed(event);
}

void LdapSyncConsumer::emitDeleted(const QByteArray &uuid, const LdapDn &dnHint)
{
    const auto it = m_known.constFind(uuid);
    if (it == m_known.cend() && dnHint.isEmpty())
        return; // never knew it: nothing to retract
    LdapSyncEvent event;
    event.type = LdapSyncEvent::Type::Deleted;
    event.uuid = uuid;
    event.dn = it != m_known.cend() ? it.value() : dnHint;
    m_known.remove(uuid);
    m_present.remove(uuid);
    Q_EMIT changed(event);
}

void LdapSyncConsumer::markPresent(const QByteArray &uuid)
{
    if (!m_refreshDone)
        m_present.insert(uuid);
}

void LdapSyncConsumer::sweepAbsent()
{
    if (m_refreshDone)
        return;
    QList<QByteArray> gone;
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        if (!m_present.contains(it.key()))
            gone << it.key();
    }
    for (const QByteArray &uuid : std::as_const(gone))
        emitDeleted(uuid, LdapDn());
    m_present.clear();
}

void LdapSyncConsumer::finishRefresh()
{
    if (m_refreshDone)
        return;
    // A refresh without a cookie sent the whole content: anything else we knew is gone,
    // whichever phase the server chose to end it with.
    if (m_fullRefresh)
        sweepAbsent();
    m_refreshDone = true;
    m_present.clear();
    Q_EMIT refreshDone();
}

void LdapSyncConsumer::updateCookie(const QByteArray &cookie)
{
    if (cookie == m_cookie)
        return;
    m_cookie = cookie;
    Q_EMIT cookieChanged(cookie);
}

void LdapSyncConsumer::onFailure(const LdapError &error)
{
    m_op = 0;
    Q_EMIT errorOccurred(error);
    if (!m_running)
        return;
    if (error.isRetryable()) {
        // Queued in the connection until it is back; sent with the newest cookie.
        issue();
    } else {
        m_running = false;
    }
}

} // namespace Isp::Core
