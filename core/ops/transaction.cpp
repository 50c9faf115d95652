#include "core/ops/transaction.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTransaction, "isp.core.ops", QtWarningMsg)

namespace Isp::Core {

Transaction::Transaction(DirectorySession &session) : m_session(session) {}

Transaction::~Transaction()
{
    if (!m_committed && !m_undo.isEmpty())
        rollback();
}

Result<LdapWriteResult> Transaction::add(const LdapEntry &entry)
{
    LdapWriteOptions o;
    o.postRead = QStringList{QStringLiteral("entryUUID")};
    auto r = m_session.add(entry, o);
    if (r.ok()) {
        const LdapDn dn = entry.dn();
        m_undo.append({QStringLiteral("delete %1").arg(dn.toString()), [this, dn] { return m_session.remove(dn); }});
    }
    return r;
}

QList<Result<LdapWriteResult>> Transaction::addAll(const QList<LdapEntry> &entries)
{
    LdapWriteOptions o;
    o.postRead = QStringList{QStringLiteral("entryUUID")};
    auto results = m_session.addAll(entries, o);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (results.at(i).ok()) {
            const LdapDn dn = entries.at(i).dn();
            m_undo.append({QStringLiteral("delete %1").arg(dn.toString()), [this, dn] { return m_session.remove(dn); }});
        }
    }
    return results;
}

Result<LdapWriteResult> Transaction::modify(const LdapDn &dn, const QList<LdapModification> &mods,
                                            const std::optional<LdapFilter> &assertion)
{
    LdapWriteOptions o;
    o.assertion = assertion;
    for (const LdapModification &m : mods) {
        if (!o.preRead.contains(m.attribute, Qt::CaseInsensitive))
            o.preRead << m.attribute;
    }
    auto r = m_session.modify(dn, mods, o);
    if (r.ok()) {
        QList<LdapModification> restore;
        for (const QString &attr : std::as_const(o.preRead)) {
            const QList<QByteArray> before = r->preRead ? r->preRead->values(attr) : QList<QByteArray>();
            restore << (before.isEmpty() ? LdapModification::remove(attr) : LdapModification::replace(attr, before));
        }
        m_undo.append({QStringLiteral("restore %1").arg(dn.toString()), [this, dn, restore]() -> Result<LdapWriteResult> {
                           auto res = m_session.modify(dn, restore);
                           // Removing an attribute that is already gone is fine for a restore.
                           if (!res.ok() && res.error().code() == 16)
                               return LdapWriteResult();
                           return res;
                       }});
    }
    return r;
}

Result<LdapWriteResult> Transaction::remove(const LdapDn &dn)
{
    auto before = m_session.read(dn);
    if (!before.ok())
        return before.error();
    auto r = m_session.remove(dn);
    if (r.ok() && before->has_value()) {
        const LdapEntry entry = **before;
        m_undo.append({QStringLiteral("re-add %1").arg(dn.toString()), [this, entry] { return m_session.add(entry); }});
    }
    return r;
}

QStringList Transaction::rollback()
{
    QStringList problems;
    while (!m_undo.isEmpty()) {
        auto [what, action] = m_undo.takeLast();
        auto r = action();
        if (!r.ok()) {
            problems << what + QStringLiteral(": ") + r.error().toString();
            qCWarning(lcTransaction).noquote() << "rollback could not" << what << ":" << r.error().toString();
        }
    }
    return problems;
}

} // namespace Isp::Core
